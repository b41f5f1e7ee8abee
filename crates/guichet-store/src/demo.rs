//! Demo case files: households from `guichet_core::demo::generate` inserted in one transaction with
//! prepared statements, each with its journal event, and its QF saved when its checklist is complete
//! (as an agent would have done), so that every screen has something to show.

use chrono::NaiveDate;
use guichet_core::request::to_request_value;
use rusqlite::TransactionBehavior;
use serde::Serialize;

use crate::agents::agent_by_name;
use crate::connection::CACHE_KIB;
use crate::error::{Result, StoreError};
use crate::households::insert_household;
use crate::journal::{self, Event, Origin};
use crate::qf_decisions::record_decision;
use crate::references::current_reference;
use crate::search::{DeferredIndex, Fts};
use crate::today::qf_year_on;
use crate::{CaseFile, rows};

/// The page cache while generating, in KiB (negative: SQLite's unit for a size).
const BULK_CACHE_KIB: i64 = -262_144;

/// What a demo generation made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub households: usize,
    pub persons: usize,
    pub documents: usize,
    /// Households whose QF was saved (complete checklist).
    pub qf_saved: usize,
    /// The QF year the households were generated for.
    pub qf_year: i32,
    pub first: Option<String>,
    pub last: Option<String>,
}

impl CaseFile {
    /// Use case: adds `count` demo households generated from `seed` for the QF year worked on at
    /// `on`, recorded by `agent`. All or nothing.
    pub fn generate_demo(
        &mut self,
        count: usize,
        seed: u64,
        on: NaiveDate,
        agent: &str,
    ) -> Result<DemoSummary> {
        let qf_year = qf_year_on(on);
        let households = guichet_core::demo::generate(seed, count, qf_year, on);
        // A large page cache while inserting: the indexes of a big case file would not fit the
        // usual one, and SQLite would spill pages to the WAL in the middle of the transaction.
        self.conn
            .pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        let result = self.insert_demo(&households, qf_year, on, agent);
        self.conn.pragma_update(None, "cache_size", CACHE_KIB)?;
        result
    }

    fn insert_demo(
        &mut self,
        households: &[guichet_core::Household],
        qf_year: i32,
        on: NaiveDate,
        agent: &str,
    ) -> Result<DemoSummary> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let reference = match current_reference(&tx, qf_year) {
            Ok(reference) => Some(reference),
            Err(StoreError::MissingReference(_)) => None,
            Err(e) => return Err(e),
        };
        let now = rows::now();
        let mut summary = DemoSummary {
            households: 0,
            persons: 0,
            documents: 0,
            qf_saved: 0,
            qf_year,
            first: None,
            last: None,
        };
        let mut index = DeferredIndex::default();
        for household in households {
            let registered = insert_household(
                &tx,
                self.desk,
                &self.site,
                household,
                agent.id,
                &now,
                Fts::Deferred(&mut index),
            )?;
            journal::append(
                &tx,
                &Event::HouseholdRegistered {
                    household: registered.number,
                    origin: Origin::Demo,
                    reference: registered.household.reference.clone(),
                    request: to_request_value(&registered.household),
                },
                agent.id,
                Some(registered.id),
                &now,
            )?;
            if let Some(reference) = &reference {
                let site = registered
                    .household
                    .site
                    .clone()
                    .unwrap_or_else(|| self.site.clone());
                match record_decision(
                    &tx,
                    registered.id,
                    registered.number,
                    &registered.household,
                    qf_year,
                    on,
                    &site,
                    registered.household.channel,
                    &agent,
                    None,
                    None,
                    reference,
                    &now,
                ) {
                    Ok(_) => summary.qf_saved += 1,
                    Err(StoreError::IncompleteChecklist { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
            summary.households += 1;
            summary.persons += registered.persons.len();
            summary.documents += registered.household.documents.len();
            let number = registered.number.to_string();
            if summary.first.is_none() {
                summary.first = Some(number.clone());
            }
            summary.last = Some(number);
        }
        index.finish(&tx)?;
        tx.commit()?;
        Ok(summary)
    }
}
