//! What the desk learns from the other desks: their events, pulled from the central office page
//! by page, kept as received (`remote_events`), and projected just far enough to show a conflict
//! and what the others issued — their people (`remote_persons`) and vouchers (`remote_vouchers`).
//! Other desks' households are not rebuilt here (ARCHITECTURE.md, "Sync").
//!
//! A page is applied in one transaction together with the new cursor, so a killed desk pulls the
//! page again, and an event already held is skipped.

use guichet_core::DeskNumber;
use guichet_core::household::{Adult, Child};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::CaseFile;
use crate::agents::agent_by_name;
use crate::conflicts::Resolution;
use crate::error::{Result, StoreError};
use crate::journal::Event;
use crate::persons::PersonData;
use crate::references::store_reference;
use crate::rows;

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

/// A voucher another desk issued, as projected here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RemoteVoucher {
    pub number: String,
    pub desk: String,
    pub household: String,
    pub beneficiary: String,
    pub scheme: String,
    pub year: i32,
    pub status: String,
    pub void_reason: Option<String>,
}

fn upsert_person(
    conn: &Connection,
    desk: u8,
    household: &str,
    number: &str,
    last: &str,
    first: &str,
    birth: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO remote_persons (number, desk, household, last_name, first_name, birth_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (number) DO UPDATE SET household = excluded.household,
             last_name = excluded.last_name, first_name = excluded.first_name,
             birth_date = excluded.birth_date, removed = 0",
    )?
    .execute(params![number, desk, household, last, first, birth])?;
    Ok(())
}

fn person_names(data: &PersonData) -> (&str, &str, String) {
    match data {
        PersonData::Adult(Adult {
            last_name,
            first_name,
            birth_date,
            ..
        })
        | PersonData::Child(Child {
            last_name,
            first_name,
            birth_date,
            ..
        }) => (last_name, first_name, rows::date_text(*birth_date)),
    }
}

/// Projects one event of another desk. An event this version does not know is kept unprojected.
fn project(conn: &Connection, own: u8, e: &RemoteEvent) -> Result<()> {
    let Ok(event) = serde_json::from_str::<Event>(&e.payload) else {
        return Ok(());
    };
    match event {
        Event::HouseholdRegistered {
            household, request, ..
        } => {
            let household = household.to_string();
            for role in ["adults", "children"] {
                let Some(people) = request.get(role).and_then(|v| v.as_array()) else {
                    continue;
                };
                for p in people {
                    let field = |name: &str| p.get(name).and_then(|v| v.as_str()).unwrap_or("");
                    if field("id").is_empty() {
                        continue;
                    }
                    upsert_person(
                        conn,
                        e.desk,
                        &household,
                        field("id"),
                        field("last_name"),
                        field("first_name"),
                        field("birth_date"),
                    )?;
                }
            }
        }
        Event::PersonAdded {
            household,
            person,
            data,
        }
        | Event::PersonUpdated {
            household,
            person,
            data,
        } => {
            let (last, first, birth) = person_names(&data);
            upsert_person(
                conn,
                e.desk,
                &household.to_string(),
                &person.to_string(),
                last,
                first,
                &birth,
            )?;
        }
        Event::PersonRemoved { person, .. } => {
            conn.prepare_cached("UPDATE remote_persons SET removed = 1 WHERE number = ?1")?
                .execute([person.to_string()])?;
        }
        Event::VoucherIssued {
            number,
            household,
            beneficiary,
            scheme,
            year,
            ..
        } => {
            conn.prepare_cached(
                "INSERT INTO remote_vouchers (number, desk, household, beneficiary, scheme, year,
                     status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'issued')
                 ON CONFLICT (number) DO NOTHING",
            )?
            .execute(params![
                number.to_string(),
                e.desk,
                household.to_string(),
                beneficiary.to_string(),
                scheme.code(),
                year
            ])?;
        }
        Event::VoucherVoided { number, reason, .. } => {
            void_remote(conn, &number.to_string(), &reason)?;
        }
        Event::ConflictResolved {
            conflict,
            resolution: Resolution::VoidVoucher { voucher, reason },
            ..
        } => {
            let ours = guichet_core::vouchers::VoucherNumber::parse(&voucher)
                .is_ok_and(|n| n.desk.get() == own);
            if ours {
                void_own(conn, e, conflict, &voucher, &reason)?;
            } else {
                void_remote(conn, &voucher, &reason)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A supervisor at another desk voided one of this desk's vouchers to resolve a conflict: the
/// voucher shows as voided here, attributed to them (`Sophie Bernard (guichet 02)`, recorded as an
/// agent of this case file with the agent role: they act here only through this void). The event
/// itself stays in `remote_events`.
fn void_own(
    conn: &Connection,
    e: &RemoteEvent,
    conflict: i64,
    number: &str,
    reason: &str,
) -> Result<()> {
    let name = format!("{} (guichet {:02})", e.agent, e.desk);
    let agent_id: i64 = match conn
        .prepare_cached("SELECT id FROM agents WHERE name = ?1")?
        .query_row([&name], |r| r.get(0))
        .optional()?
    {
        Some(id) => id,
        None => conn
            .prepare_cached(
                "INSERT INTO agents (name, role, created_at) VALUES (?1, 'agent', ?2) RETURNING id",
            )?
            .query_row(params![name, e.recorded_at], |r| r.get(0))?,
    };
    conn.prepare_cached(
        "UPDATE vouchers SET status = 'voided', void_reason = ?2, voided_by = ?3, voided_at = ?4
         WHERE number = ?1 AND status = 'issued'",
    )?
    .execute(params![
        number,
        format!("{reason} (conflit n° {conflict})"),
        agent_id,
        e.recorded_at
    ])?;
    Ok(())
}

fn void_remote(conn: &Connection, number: &str, reason: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE remote_vouchers SET status = 'voided', void_reason = ?2
         WHERE number = ?1 AND status = 'issued'",
    )?
    .execute(params![number, reason])?;
    Ok(())
}

impl CaseFile {
    /// Applies a page of other desks' events and moves the pull cursor to `cursor`, in one
    /// transaction. Events already held, and this desk's own, are skipped. Returns how many were
    /// new.
    pub fn apply_pulled(&mut self, events: &[RemoteEvent], cursor: i64) -> Result<usize> {
        let own = self.desk.get();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut new = 0;
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
                if inserted == 1 {
                    project(&tx, own, e)?;
                    new += 1;
                }
            }
        }
        tx.execute(
            "UPDATE sync_settings SET pull_cursor = MAX(pull_cursor, ?1)",
            [cursor],
        )?;
        tx.commit()?;
        Ok(new)
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

    /// A voucher another desk issued, as last pulled.
    pub fn remote_voucher(&self, number: &str) -> Result<RemoteVoucher> {
        self.conn
            .prepare_cached(
                "SELECT number, desk, household, beneficiary, scheme, year, status, void_reason
                 FROM remote_vouchers WHERE number = ?1",
            )?
            .query_row([number], |r| {
                Ok(RemoteVoucher {
                    number: r.get(0)?,
                    desk: format!("{:02}", r.get::<_, u8>(1)?),
                    household: r.get(2)?,
                    beneficiary: r.get(3)?,
                    scheme: r.get(4)?,
                    year: r.get(5)?,
                    status: r.get(6)?,
                    void_reason: r.get(7)?,
                })
            })
            .optional()?
            .ok_or_else(|| StoreError::UnknownVoucher(number.to_owned()))
    }
}
