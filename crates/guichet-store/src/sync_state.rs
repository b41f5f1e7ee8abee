//! What the desk keeps about its sync with the central office (migrations 0005 and 0006): the
//! credentials received at enrolment, the central office's own certificate authority, the cursors, the last sync, and the per-record state of its own journal.
//!
//! Words used here: an *outgoing* event is a journal entry as it is sent (its exact stored text,
//! hashed by `guichet-sync`); its *chain hash* links it to the previous event of this desk and is
//! recorded once in `sync_chain`; an event is *acked* (`journal.acked`) only when the central office
//! answered that it holds it. The hashing itself is `guichet-sync`'s: this module only stores it.

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::CaseFile;
use crate::error::{Result, StoreError};
use crate::rows;

/// The desk's enrolment and cursors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSettings {
    /// The central office's base URL (`http://central.ccas.local:8080`).
    pub central: String,
    /// The credentials received at enrolment.
    pub token: String,
    /// The PEM of the central office's own certificate authority, trusted instead of the public
    /// roots; `None`: the public roots.
    pub ca_pem: Option<String>,
    /// The central office's global order of accepted events, pulled up to here.
    pub pull_cursor: i64,
    /// The central office's reference data versions, received up to here.
    pub reference_cursor: i64,
    /// UTC, RFC 3339.
    pub last_sync_at: Option<String>,
}

/// What the status bar shows: last sync, events waiting, open conflicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    pub enrolled: bool,
    pub central: Option<String>,
    /// UTC, RFC 3339; `None` before the first successful sync.
    pub last_sync_at: Option<String>,
    pub last_error: Option<String>,
    /// Journal events the central office has not acknowledged.
    pub pending: i64,
    /// Open conflicts that concern this desk (as of the last sync).
    pub open_conflicts: i64,
    /// Events pulled from other desks that could not be applied here.
    pub unapplied: i64,
}

/// A journal entry as it leaves the desk: its exact stored text, and its chain hash when it was
/// already computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEvent {
    pub seq: i64,
    pub event: String,
    pub household: Option<String>,
    pub agent: String,
    pub recorded_at: String,
    /// The payload's JSON exactly as stored in the journal.
    pub payload: String,
    pub hash: Option<String>,
}

impl CaseFile {
    /// The enrolment and cursors, or `None` when the desk is not enrolled.
    pub fn sync_settings(&self) -> Result<Option<SyncSettings>> {
        Ok(self
            .conn
            .query_row(
                "SELECT central, token, pull_cursor, reference_cursor, last_sync_at, ca_pem
                 FROM sync_settings",
                [],
                |r| {
                    Ok(SyncSettings {
                        central: r.get(0)?,
                        token: r.get(1)?,
                        ca_pem: r.get(5)?,
                        pull_cursor: r.get(2)?,
                        reference_cursor: r.get(3)?,
                        last_sync_at: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records the credentials received at enrolment and the central office's own certificate
    /// authority (PEM) when it has one (refused when the desk is already enrolled).
    pub fn save_enrolment(
        &mut self,
        central: &str,
        token: &str,
        ca_pem: Option<&str>,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let enrolled: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM sync_settings)", [], |r| {
                r.get(0)
            })?;
        if enrolled {
            return Err(StoreError::Refused(
                "Ce dossier est déjà inscrit auprès du service central.".to_owned(),
            ));
        }
        tx.execute(
            "INSERT INTO sync_settings (id, central, token, enrolled_at, ca_pem)
             VALUES (1, ?1, ?2, ?3, ?4)",
            params![central, token, rows::now(), ca_pem],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Whether the desk is enrolled.
    pub fn is_enrolled(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM sync_settings)", [], |r| {
                r.get(0)
            })?)
    }

    /// Up to `limit` journal entries after `after_seq`, as they are sent, in order.
    pub fn outgoing_after(&self, after_seq: i64, limit: usize) -> Result<Vec<OutgoingEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT j.seq, j.event, h.number, a.name, j.recorded_at, j.payload, c.hash
             FROM journal j JOIN agents a ON a.id = j.agent_id
             LEFT JOIN households h ON h.id = j.household_id
             LEFT JOIN sync_chain c ON c.seq = j.seq
             WHERE j.seq > ?1 ORDER BY j.seq LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![after_seq, limit], |r| {
            Ok(OutgoingEvent {
                seq: r.get(0)?,
                event: r.get(1)?,
                household: r.get(2)?,
                agent: r.get(3)?,
                recorded_at: r.get(4)?,
                payload: r.get(5)?,
                hash: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The chain hash recorded for the desk's event `seq`, if computed.
    pub fn chain_hash(&self, seq: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT hash FROM sync_chain WHERE seq = ?1")?
            .query_row([seq], |r| r.get(0))
            .optional()?)
    }

    /// Records chain hashes (`(seq, hash)`) and that these events are being sent now; a hash
    /// already recorded is kept (the journal never changes, so neither does its hash).
    pub fn record_chain(&mut self, hashes: &[(i64, String)]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let now = rows::now();
            let mut insert = tx.prepare_cached(
                "INSERT INTO sync_chain (seq, hash, pushed_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (seq) DO UPDATE SET pushed_at = COALESCE(pushed_at, excluded.pushed_at)",
            )?;
            for (seq, hash) in hashes {
                insert.execute(params![seq, hash, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The highest acknowledged seq (0 when none).
    pub fn acked_up_to(&self) -> Result<i64> {
        // Acknowledgements are a prefix of the journal (`mark_acked`): it ends just before the
        // first waiting event, found through the partial index `journal_unacked`.
        Ok(self.conn.query_row(
            "SELECT COALESCE((SELECT MIN(seq) FROM journal WHERE acked = 0) - 1,
                             (SELECT MAX(seq) FROM journal), 0)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Records the end of a sync attempt: a success moves `last_sync_at`, a failure keeps the
    /// error to show.
    pub fn record_sync_attempt(&mut self, error: Option<&str>) -> Result<()> {
        let now = rows::now();
        match error {
            None => self.conn.execute(
                "UPDATE sync_settings SET last_sync_at = ?1, last_attempt_at = ?1, last_error = NULL",
                [&now],
            )?,
            Some(e) => self.conn.execute(
                "UPDATE sync_settings SET last_attempt_at = ?1, last_error = ?2",
                params![now, e],
            )?,
        };
        Ok(())
    }

    /// Last sync, events waiting, open conflicts and pulled events not applied.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let settings: Option<(String, Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT central, last_sync_at, last_error FROM sync_settings",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let open_conflicts = self.open_conflict_count()?;
        let (enrolled, central, last_sync_at, last_error) = match settings {
            Some((c, s, e)) => (true, Some(c), s, e),
            None => (false, None, None, None),
        };
        Ok(SyncStatus {
            enrolled,
            central,
            last_sync_at,
            last_error,
            pending: self.unacked_count()?,
            open_conflicts,
            unapplied: self.unapplied_count()?,
        })
    }
}
