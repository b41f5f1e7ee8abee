//! The supporting documents (pièces justificatives) of a household: adding, correcting and removing
//! what the agent read from a document. Holders are named by person number and must belong to the
//! household; a document is identified in the case file by its row id.

use guichet_core::HouseholdNumber;
use guichet_core::documents::Document;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::agents::agent_by_name;
use crate::error::{Result, StoreError};
use crate::households::{
    household_id, insert_document_row, link_holders, revalidate_and_reindex, touch,
};
use crate::journal::{self, Event};
use crate::persons::person_ids_by_number;
use crate::{CaseFile, rows};

/// The household (row id and number) and current content of a document.
fn document_row(conn: &Connection, document: i64) -> Result<(i64, HouseholdNumber, Document)> {
    let row: Option<(i64, String, String)> = conn
        .prepare_cached(
            "SELECT d.household_id, h.number, d.body FROM documents d
             JOIN households h ON h.id = d.household_id WHERE d.id = ?1",
        )?
        .query_row([document], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (household, number, body) = row.ok_or(StoreError::UnknownDocument(document))?;
    let number = HouseholdNumber::parse(&number)
        .ok_or_else(|| StoreError::Corrupt(format!("household number {number:?}")))?;
    Ok((household, number, serde_json::from_str(&body)?))
}

impl CaseFile {
    /// Use case: records a document of household `number`; returns its id.
    pub fn add_document(&mut self, number: &str, document: &Document, agent: &str) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let (household, parsed) = household_id(&tx, number)?;
        let now = rows::now();
        let holders = person_ids_by_number(&tx, household)?;
        let id = insert_document_row(&tx, household, document, &holders, agent.id, &now)?;
        touch(&tx, household, agent.id, &now)?;
        revalidate_and_reindex(&tx, household)?;
        journal::append(
            &tx,
            &Event::DocumentAdded {
                household: parsed,
                document: id,
                data: document.clone(),
            },
            agent.id,
            Some(household),
            &now,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Use case: corrects what was read from a document (any field, its kind included).
    pub fn update_document(&mut self, document: i64, data: &Document, agent: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let (household, number, _) = document_row(&tx, document)?;
        let now = rows::now();
        tx.execute(
            "UPDATE documents SET kind = ?2, body = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1",
            params![document, data.kind().code(), serde_json::to_string(data)?, now, agent.id],
        )?;
        tx.execute(
            "DELETE FROM document_holders WHERE document_id = ?1",
            [document],
        )?;
        link_holders(&tx, document, data, &person_ids_by_number(&tx, household)?)?;
        touch(&tx, household, agent.id, &now)?;
        revalidate_and_reindex(&tx, household)?;
        journal::append(
            &tx,
            &Event::DocumentUpdated {
                household: number,
                document,
                data: data.clone(),
            },
            agent.id,
            Some(household),
            &now,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Use case: removes a document recorded by mistake.
    pub fn remove_document(&mut self, document: i64, agent: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let (household, number, data) = document_row(&tx, document)?;
        let now = rows::now();
        tx.execute(
            "DELETE FROM document_holders WHERE document_id = ?1",
            [document],
        )?;
        tx.execute("DELETE FROM documents WHERE id = ?1", [document])?;
        touch(&tx, household, agent.id, &now)?;
        journal::append(
            &tx,
            &Event::DocumentRemoved {
                household: number,
                document,
                data,
            },
            agent.id,
            Some(household),
            &now,
        )?;
        tx.commit()?;
        Ok(())
    }
}
