//! Importing online requests (`guichet.household/1`): each file is all-or-nothing. A file with any
//! error writes nothing; a reference already in the case file is refused, naming its file number.
//! A batch ([`CaseFile::import_requests`]) imports the good files even when others fail.

use guichet_core::request::{parse_request, to_request_value};
use guichet_core::{DeskNumber, Household, HouseholdNumber, PersonId, PersonNumber};
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;

use crate::agents::agent_by_name;
use crate::error::{Result, StoreError};
use crate::households::{household_with_reference, insert_household};
use crate::journal::{self, Event, Origin};
use crate::search::{DeferredIndex, Fts};
use crate::{CaseFile, rows};

/// What an import made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// The new file number.
    pub household: HouseholdNumber,
    /// The portal's reference.
    pub reference: Option<String>,
    /// The request's ids (`a1`, `c1`) and the person numbers given to them.
    pub persons: Vec<(PersonId, PersonNumber)>,
}

/// Registers one parsed request and journals it, inside the caller's transaction or savepoint.
fn import_one(
    conn: &Connection,
    case_file: (DeskNumber, &str),
    household: &Household,
    agent_id: i64,
    now: &str,
    fts: Fts<'_>,
) -> Result<Imported> {
    let (desk, site) = case_file;
    let registered = insert_household(conn, desk, site, household, agent_id, now, fts)?;
    journal::append(
        conn,
        &Event::HouseholdRegistered {
            household: registered.number,
            origin: Origin::Import,
            reference: registered.household.reference.clone(),
            request: to_request_value(&registered.household),
        },
        agent_id,
        Some(registered.id),
        now,
    )?;
    Ok(Imported {
        household: registered.number,
        reference: registered.household.reference,
        persons: registered.persons,
    })
}

impl CaseFile {
    /// Use case: imports one request (its JSON text) as a new household, in one transaction.
    pub fn import_request(&mut self, json_text: &str, agent: &str) -> Result<Imported> {
        let household = parse_request(json_text)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let imported = import_one(
            &tx,
            (self.desk, &self.site),
            &household,
            agent.id,
            &rows::now(),
            Fts::Now,
        )?;
        tx.commit()?;
        Ok(imported)
    }

    /// Use case: imports a batch of requests (the night's export), each all-or-nothing: one
    /// transaction for the batch and a savepoint per request, so a refused request leaves no trace
    /// (not even a journal number) while the others are imported. Returns one result per request,
    /// in order. Fails as a whole only when the case file itself fails (or the agent is unknown).
    ///
    /// Why not one transaction per request: each commit would add its pages to the WAL, and the
    /// checkpoints that follow (each with an fsync) made 10,000 imports take 15 s instead of 2.
    /// The batch's search entries are written at its end, like a demo's.
    pub fn import_requests(
        &mut self,
        json_texts: &[&str],
        agent: &str,
    ) -> Result<Vec<Result<Imported>>> {
        let mut tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let now = rows::now();
        let mut index = DeferredIndex::default();
        let mut results = Vec::with_capacity(json_texts.len());
        for json_text in json_texts {
            let household = match parse_request(json_text) {
                Ok(household) => household,
                Err(e) => {
                    results.push(Err(e.into()));
                    continue;
                }
            };
            let savepoint = tx.savepoint()?;
            let mark = index.mark();
            let site = (self.desk, self.site.as_str());
            match import_one(
                &savepoint,
                site,
                &household,
                agent.id,
                &now,
                Fts::Deferred(&mut index),
            ) {
                Ok(imported) => {
                    savepoint.commit()?;
                    results.push(Ok(imported));
                }
                Err(e) => {
                    // Dropping the savepoint rolls it back; the search entries go with it.
                    drop(savepoint);
                    index.rollback_to(mark);
                    results.push(Err(e));
                }
            }
        }
        index.finish(&tx)?;
        tx.commit()?;
        Ok(results)
    }

    /// What importing one request (its JSON text) would create, without writing anything: the
    /// household as read, or the error the import would give (a format error naming the field and
    /// the person, or a reference already in the case file, naming its file number).
    pub fn preview_request(&self, json_text: &str) -> Result<Household> {
        let household = parse_request(json_text)?;
        if let Some(reference) = &household.reference
            && let Some(existing) = household_with_reference(&self.conn, reference)?
        {
            return Err(StoreError::DuplicateReference {
                reference: reference.clone(),
                household: existing,
            });
        }
        Ok(household)
    }
}
