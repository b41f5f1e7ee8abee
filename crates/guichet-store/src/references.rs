//! The reference data the case file used, by year and digest. A new version of a year is added
//! beside the old ones, never over them: each QF decision cites the (year, digest) it was computed
//! with, and that exact text stays here so the decision can be re-run.

use guichet_core::{Reference, ReferenceVersion};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::agents::agent_by_name;
use crate::error::{Result, StoreError};
use crate::journal::{self, Event};
use crate::{CaseFile, rows};

/// Stores a reference file (if this exact version is not there yet) and journals it.
pub(crate) fn store_reference(
    conn: &Connection,
    year: i32,
    text: &str,
    agent_id: i64,
    now: &str,
) -> Result<ReferenceVersion> {
    let reference = Reference::from_toml_str(text)?;
    if reference.year != year {
        return Err(StoreError::ReferenceYearMismatch {
            given: year,
            found: reference.year,
        });
    }
    let version = reference.version();
    let known: Option<i64> = conn
        .query_row(
            "SELECT id FROM reference_data WHERE year = ?1 AND digest = ?2",
            params![version.year, version.digest],
            |row| row.get(0),
        )
        .optional()?;
    if known.is_none() {
        conn.execute(
            "INSERT INTO reference_data (year, digest, toml, added_at, added_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![version.year, version.digest, text, now, agent_id],
        )?;
        journal::append(
            conn,
            &Event::ReferenceAdded {
                year: version.year,
                digest: version.digest.clone(),
            },
            agent_id,
            None,
            now,
        )?;
    }
    Ok(version)
}

/// The reference in force for `year`: the version added last.
pub(crate) fn current_reference(conn: &Connection, year: i32) -> Result<Reference> {
    let text: Option<String> = conn
        .prepare_cached("SELECT toml FROM reference_data WHERE year = ?1 ORDER BY id DESC LIMIT 1")?
        .query_row([year], |row| row.get(0))
        .optional()?;
    let text = text.ok_or(StoreError::MissingReference(year))?;
    Ok(Reference::from_toml_str(&text)?)
}

impl CaseFile {
    /// Use case: adds a version of the reference data of `year` (a no-op when this exact text is
    /// already there). Later decisions of that year use it; earlier ones keep citing theirs.
    pub fn add_reference(
        &mut self,
        year: i32,
        text: &str,
        agent: &str,
    ) -> Result<ReferenceVersion> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let version = store_reference(&tx, year, text, agent.id, &rows::now())?;
        tx.commit()?;
        Ok(version)
    }

    /// The reference in force for `year` (the version added last).
    pub fn reference(&self, year: i32) -> Result<Reference> {
        current_reference(&self.conn, year)
    }

    /// The exact reference version a decision cites.
    pub fn reference_version(&self, version: &ReferenceVersion) -> Result<Reference> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT toml FROM reference_data WHERE year = ?1 AND digest = ?2",
                params![version.year, version.digest],
                |row| row.get(0),
            )
            .optional()?;
        let text = text.ok_or(StoreError::MissingReference(version.year))?;
        Ok(Reference::from_toml_str(&text)?)
    }

    /// The years with reference data, ascending.
    pub fn reference_years(&self) -> Result<Vec<i32>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT year FROM reference_data ORDER BY year")?;
        let years = stmt
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<i32>>>()?;
        Ok(years)
    }
}
