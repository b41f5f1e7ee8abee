//! The households this desk worked on lately, newest first: what Accueil lists as *dossiers
//! récents*. They are read from the journal (the last event about each household), so a file
//! imported, corrected, or given a QF or a voucher comes back to the top without any other table.

use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::CaseFile;
use crate::error::{Result, StoreError};
use crate::journal::Event;

/// How many journal entries are read at most to find the recent households: a campaign writes
/// thousands of events in a row, and Accueil must stay quick.
const SCAN_LIMIT: i64 = 5_000;

/// One household recently worked on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecentHousehold {
    /// File number, `F-07-000123`.
    pub household: String,
    /// The adults, "first last".
    pub adults: Vec<String>,
    /// "12 rue Jean Jaurès, 92500 Rueil-Malmaison".
    pub address: String,
    /// The last thing done, in French ("QF 2026 enregistré : …").
    pub what: String,
    /// Who did it.
    pub agent: String,
    /// When, UTC, RFC 3339.
    pub at: String,
}

impl CaseFile {
    /// The `limit` households with the most recent journal events, newest first.
    pub fn recent_households(&self, limit: usize) -> Result<Vec<RecentHousehold>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT j.household_id, j.payload, a.name, j.recorded_at
             FROM journal j JOIN agents a ON a.id = j.agent_id
             WHERE j.household_id IS NOT NULL
             ORDER BY j.seq DESC LIMIT ?1",
        )?;
        let mut rows = stmt.query([SCAN_LIMIT])?;
        let mut seen = std::collections::HashSet::new();
        let mut latest = Vec::new();
        while latest.len() < limit
            && let Some(row) = rows.next()?
        {
            let household_id: i64 = row.get(0)?;
            if !seen.insert(household_id) {
                continue;
            }
            let payload: String = row.get(1)?;
            let event: Event = serde_json::from_str(&payload)?;
            latest.push((household_id, event.describe(), row.get(2)?, row.get(3)?));
        }
        drop(rows);
        latest
            .into_iter()
            .map(|(id, what, agent, at)| {
                let (household, address) = self.household_heading(id)?;
                Ok(RecentHousehold {
                    household,
                    adults: self.adult_names(id)?,
                    address,
                    what,
                    agent,
                    at,
                })
            })
            .collect()
    }

    /// File number and address of a household row.
    fn household_heading(&self, household_id: i64) -> Result<(String, String)> {
        self.conn
            .prepare_cached(
                "SELECT number, address_line || ', ' || postcode || ' ' || city
                 FROM households WHERE id = ?1",
            )?
            .query_row([household_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::Corrupt(format!("household #{household_id} vanished")))
    }

    fn adult_names(&self, household_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT first_name || ' ' || last_name FROM persons
             WHERE household_id = ?1 AND role = 'adult' ORDER BY position",
        )?;
        let names = stmt
            .query_map([household_id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(names)
    }
}
