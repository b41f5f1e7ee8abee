//! What the desk learns from the other desks: their events, pulled from the central office page
//! by page, kept as received (`remote_events`), and replayed into the state tables
//! ([`crate::projection`]): other desks' households, people, documents, QF decisions and vouchers
//! are found, opened and edited here like this desk's own. This desk's own events are never
//! applied again.
//!
//! A page is applied in one transaction together with the new cursor, so a killed desk pulls the
//! page again, and an event already held is skipped. An event whose projection fails is kept with
//! the reason (`remote_events.unprojected`) and the page goes on.

use guichet_core::DeskNumber;
use rusqlite::{Connection, TransactionBehavior, params};
use serde::Serialize;

use crate::CaseFile;
use crate::agents::agent_by_name;
use crate::conflicts::Resolution;
use crate::error::{Result, StoreError};
use crate::journal::Event;
use crate::projection;
use crate::references::store_reference;
use crate::rows;
use crate::search::DeferredIndex;

/// While pulling, SQLite writes the WAL back into the main file (a checkpoint, with two `fsync`s)
/// once it holds this many pages (64 MiB), instead of its default 1,000 (4 MiB): a pulled page
/// changes thousands of pages (the search terms' B-tree takes inserts all over), so with the default
/// every page's commit was followed by a checkpoint writing all of them again; checkpointing less
/// often writes a page changed by several commits once.
const PULL_CHECKPOINT_PAGES: i64 = 16_384;

/// SQLite's default (`wal_autocheckpoint`), restored after a pull.
const DEFAULT_CHECKPOINT_PAGES: i64 = 1_000;

/// Another desk's event, as the central office serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteEvent {
    /// The central office's global order.
    pub global_seq: i64,
    pub desk: u8,
    pub seq: i64,
    pub event: String,
    pub household: Option<String>,
    pub agent: String,
    pub recorded_at: String,
    /// The payload's JSON as the other desk journaled it.
    pub payload: String,
}

/// Projects one event of another desk into the state tables ([`crate::projection`]).
fn project(
    conn: &Connection,
    e: &RemoteEvent,
    event: &Event,
    index: &mut DeferredIndex,
) -> Result<()> {
    match event {
        // A supervisor voided a voucher to resolve a conflict — this desk's or another's: it shows
        // as voided here, attributed to them (`Sophie Bernard (guichet 02)`). The event itself
        // stays in `remote_events`.
        Event::ConflictResolved {
            conflict,
            resolution: Resolution::VoidVoucher { voucher, reason },
            ..
        } => {
            let agent = projection::origin_agent(conn, &e.agent, e.desk, &e.recorded_at)?;
            projection::void(
                conn,
                voucher,
                &format!("{reason} (conflit n° {conflict})"),
                agent,
                &e.recorded_at,
            )
        }
        // Another desk's supervisor merged two persons: the vouchers of either count for both.
        Event::ConflictResolved {
            resolution: Resolution::MergePersons { keep, merged },
            ..
        } => crate::conflicts::record_merge(conn, keep, merged),
        other => projection::project(conn, e, other, index),
    }
}

/// Keeps why a pulled event was not applied here (English, for the logs and the supervisor's
/// report to the central office).
fn mark_unprojected(conn: &Connection, global_seq: i64, reason: &str) -> Result<()> {
    conn.prepare_cached("UPDATE remote_events SET unprojected = ?2 WHERE global_seq = ?1")?
        .execute(params![global_seq, reason])?;
    Ok(())
}

/// Why a pulled event could not be read: a kind this version does not know (a later version's
/// event) is named as such, rather than with serde's list of every kind it knows.
fn unreadable_reason(kind: &str, error: &serde_json::Error) -> String {
    if error.to_string().starts_with("unknown variant") {
        format!("unreadable event: unknown kind `{kind}`")
    } else {
        format!("unreadable event: {error}")
    }
}

/// A pulled event this desk could not apply: what the Synchronisation screen and `guichet
/// sync-status` list, for a supervisor to report to the central office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnappliedEvent {
    /// The central office's global order.
    pub global_seq: i64,
    /// The desk that recorded it and its number there.
    pub desk: u8,
    pub seq: i64,
    /// The event's kind (`household_registered`).
    pub event: String,
    /// What it did at its desk, in one French sentence.
    pub description: String,
    pub household: Option<String>,
    pub agent: String,
    /// UTC, RFC 3339.
    pub recorded_at: String,
    /// Why it was not applied (English, technical).
    pub reason: String,
}

/// How many unapplied events [`CaseFile::unapplied_events`] lists at most.
pub const UNAPPLIED_LISTED: usize = 200;

impl CaseFile {
    /// How many pulled events were not applied here (through migration 0009's partial index).
    pub fn unapplied_count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM remote_events WHERE unprojected IS NOT NULL",
            [],
            |row| row.get(0),
        )?)
    }

    /// The pulled events not applied here, oldest first, at most [`UNAPPLIED_LISTED`].
    pub fn unapplied_events(&self) -> Result<Vec<UnappliedEvent>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT global_seq, desk, seq, event, household, agent, recorded_at, unprojected,
                    payload
             FROM remote_events WHERE unprojected IS NOT NULL
             ORDER BY global_seq LIMIT ?1",
        )?;
        let limit = i64::try_from(UNAPPLIED_LISTED).unwrap_or(i64::MAX);
        let rows = statement.query_map([limit], |r| {
            let event: String = r.get(3)?;
            let payload: String = r.get(8)?;
            let description = match serde_json::from_str::<Event>(&payload) {
                Ok(parsed) => parsed.describe(),
                Err(_) => {
                    format!("Événement « {event} » que cette version de Guichet ne sait pas lire.")
                }
            };
            Ok(UnappliedEvent {
                global_seq: r.get(0)?,
                desk: r.get(1)?,
                seq: r.get(2)?,
                event,
                description,
                household: r.get(4)?,
                agent: r.get(5)?,
                recorded_at: r.get(6)?,
                reason: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Before applying pulled pages: the WAL is checkpointed less often while pulling
    /// ([`PULL_CHECKPOINT_PAGES`]). Each page's commit is as durable as before
    /// (`synchronous=NORMAL`: safe at once, durable at the next checkpoint); call
    /// [`CaseFile::end_pull`] after the last page, whatever happened.
    pub fn begin_pull(&mut self) -> Result<()> {
        self.conn
            .pragma_update(None, "wal_autocheckpoint", PULL_CHECKPOINT_PAGES)?;
        Ok(())
    }

    /// After the last pulled page (or a failed pull): back to the usual checkpoints, and the WAL
    /// (up to [`PULL_CHECKPOINT_PAGES`] pages) written back into the main file now. A passive
    /// checkpoint: it never waits for another connection of the desk reading the case file (what
    /// it cannot copy yet, the next checkpoint does).
    pub fn end_pull(&mut self) -> Result<()> {
        self.conn
            .pragma_update(None, "wal_autocheckpoint", DEFAULT_CHECKPOINT_PAGES)?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Applies a page of other desks' events and moves the pull cursor to `cursor`, in one
    /// transaction. Events already held, and this desk's own, are skipped. Returns how many were
    /// new.
    ///
    /// An event that cannot be projected here (a rule of this case file refuses it) must not stop
    /// the sync for ever: its changes are undone, the event is kept with the reason, and the page
    /// goes on. That takes a savepoint per event, which costs (SQLite copies each page it changes
    /// to a sub-journal, FTS5 flushes at each one): the page is first applied without, and applied
    /// again with them only when an event failed.
    pub fn apply_pulled(&mut self, events: &[RemoteEvent], cursor: i64) -> Result<usize> {
        match self.apply_page(events, cursor, false)? {
            Some(new) => Ok(new),
            None => self.apply_page(events, cursor, true)?.ok_or_else(|| {
                StoreError::Corrupt("a pulled page failed with savepoints too".to_owned())
            }),
        }
    }

    /// [`CaseFile::apply_pulled`], with a savepoint per event when `careful`; without, `None` when
    /// an event could not be projected (nothing is written).
    fn apply_page(
        &mut self,
        events: &[RemoteEvent],
        cursor: i64,
        careful: bool,
    ) -> Result<Option<usize>> {
        let own = self.desk.get();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut new = 0;
        let mut index = DeferredIndex::default();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO remote_events (global_seq, desk, seq, event, household, agent,
                     recorded_at, payload)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT DO NOTHING",
            )?;
            for e in events {
                if e.desk == own || DeskNumber::new(e.desk).is_none() {
                    continue;
                }
                let inserted = insert.execute(params![
                    e.global_seq,
                    e.desk,
                    e.seq,
                    e.event,
                    e.household,
                    e.agent,
                    e.recorded_at,
                    e.payload
                ])?;
                if inserted != 1 {
                    continue;
                }
                new += 1;
                // An event this version cannot read is kept, marked with the reason.
                let event = match serde_json::from_str::<Event>(&e.payload) {
                    Ok(event) => event,
                    Err(error) => {
                        mark_unprojected(&tx, e.global_seq, &unreadable_reason(&e.event, &error))?;
                        continue;
                    }
                };
                if projection::reindexes(&event) {
                    std::mem::take(&mut index).finish(&tx)?;
                }
                if !careful {
                    if project(&tx, e, &event, &mut index).is_err() {
                        return Ok(None);
                    }
                    continue;
                }
                let mark = index.mark();
                tx.execute_batch("SAVEPOINT projection")?;
                match project(&tx, e, &event, &mut index) {
                    Ok(()) => tx.execute_batch("RELEASE projection")?,
                    Err(error) => {
                        tx.execute_batch("ROLLBACK TO projection; RELEASE projection")?;
                        index.rollback_to(mark);
                        mark_unprojected(&tx, e.global_seq, &error.to_string())?;
                    }
                }
            }
        }
        index.finish(&tx)?;
        tx.execute(
            "UPDATE sync_settings SET pull_cursor = MAX(pull_cursor, ?1)",
            [cursor],
        )?;
        tx.commit()?;
        Ok(Some(new))
    }

    /// Adds the reference data versions the central office published (a no-op for a version
    /// already here) and moves the reference cursor, in one transaction; `agent` is recorded as
    /// having added them.
    pub fn apply_references(
        &mut self,
        references: &[(i32, String)],
        cursor: i64,
        agent: &str,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let now = rows::now();
        for (year, text) in references {
            store_reference(&tx, *year, text, agent.id, &now)?;
        }
        tx.execute(
            "UPDATE sync_settings SET reference_cursor = MAX(reference_cursor, ?1)",
            [cursor],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// How many events of other desks the case file holds.
    pub fn remote_event_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM remote_events", [], |r| r.get(0))?)
    }
}
