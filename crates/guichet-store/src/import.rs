//! Importing an online request (`guichet.household/1`): each file is all-or-nothing. A file with any
//! error writes nothing; a reference already in the case file is refused, naming its file number.

use guichet_core::request::{parse_request, to_request_value};
use guichet_core::{HouseholdNumber, PersonId, PersonNumber};
use rusqlite::TransactionBehavior;
use serde::Serialize;

use crate::agents::agent_by_name;
use crate::error::Result;
use crate::households::insert_household;
use crate::journal::{self, Event, Origin};
use crate::search::Fts;
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

impl CaseFile {
    /// Use case: imports one request (its JSON text) as a new household, in one transaction.
    pub fn import_request(&mut self, json_text: &str, agent: &str) -> Result<Imported> {
        let household = parse_request(json_text)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let now = rows::now();
        let registered = insert_household(
            &tx,
            self.desk,
            &self.site,
            &household,
            agent.id,
            &now,
            Fts::Now,
        )?;
        journal::append(
            &tx,
            &Event::HouseholdRegistered {
                household: registered.number,
                origin: Origin::Import,
                reference: registered.household.reference.clone(),
                request: to_request_value(&registered.household),
            },
            agent.id,
            Some(registered.id),
            &now,
        )?;
        tx.commit()?;
        Ok(Imported {
            household: registered.number,
            reference: registered.household.reference,
            persons: registered.persons,
        })
    }
}
