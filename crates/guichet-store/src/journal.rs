//! The desk's journal: an append-only log of domain events, numbered per desk from 1 with no gap
//! (`seq`). Every use case appends its event(s) in the same transaction as its state change, so the
//! state tables are a projection of the journal. *Acked* events are those the central office has
//! acknowledged (sync marks them; nothing else does).
//!
//! An event's payload is its JSON (`{"type": "household_registered", ...}`); people and households
//! are named by their numbers (`P-07-000012`, `F-07-000123`), which are unique across desks.

use chrono::NaiveDate;
use guichet_core::documents::Document;
use guichet_core::household::Channel;
use guichet_core::money::Cents;
use guichet_core::schemes::Scheme;
use guichet_core::vouchers::VoucherNumber;
use guichet_core::{DeskNumber, HouseholdNumber, PersonNumber, ReferenceVersion};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::agents::Role;
use crate::conflicts::Resolution;
use crate::error::Result;
use crate::households::HouseholdFields;
use crate::persons::PersonData;
use crate::{CaseFile, StoreError};

/// How a household came into the case file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Imported from an online request (`guichet import`).
    Import,
    /// Created by an agent at the desk.
    Desk,
    /// Generated for a demonstration case file.
    Demo,
}

/// A domain event, as the journal stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    CaseFileCreated {
        desk: DeskNumber,
        site: String,
    },
    AgentAdded {
        name: String,
        role: Role,
    },
    ReferenceAdded {
        year: i32,
        digest: String,
    },
    /// A household with all its people and documents, in the request format (`guichet.household/1`)
    /// with person numbers as ids.
    HouseholdRegistered {
        household: HouseholdNumber,
        origin: Origin,
        reference: Option<String>,
        request: serde_json::Value,
    },
    HouseholdUpdated {
        household: HouseholdNumber,
        fields: HouseholdFields,
    },
    PersonAdded {
        household: HouseholdNumber,
        person: PersonNumber,
        data: PersonData,
    },
    PersonUpdated {
        household: HouseholdNumber,
        person: PersonNumber,
        data: PersonData,
    },
    PersonRemoved {
        household: HouseholdNumber,
        person: PersonNumber,
        name: String,
    },
    DocumentAdded {
        household: HouseholdNumber,
        document: i64,
        data: Document,
    },
    DocumentUpdated {
        household: HouseholdNumber,
        document: i64,
        data: Document,
    },
    DocumentRemoved {
        household: HouseholdNumber,
        document: i64,
        data: Document,
    },
    /// A scan of a document kept in the case file: its bytes stay on the desk, the event names them
    /// by their SHA-256.
    ScanAttached {
        household: HouseholdNumber,
        document: i64,
        scan: i64,
        file_name: String,
        media_type: String,
        size: i64,
        sha256: String,
    },
    ScanRemoved {
        household: HouseholdNumber,
        document: i64,
        scan: i64,
        file_name: String,
    },
    QfSaved {
        household: HouseholdNumber,
        year: i32,
        qf_cents: Cents,
        tranche: u8,
        parts_quarters: u32,
        reference_tax_income_cents: Cents,
        monthly_benefits_cents: Cents,
        instructed_on: NaiveDate,
        site: String,
        channel: Channel,
        reference: ReferenceVersion,
        derogation: Option<String>,
        /// A supervisor's reason for correcting the year's earlier decision.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        correction: Option<String>,
    },
    /// A numbered voucher given to a beneficiary (`replaces`: the voided voucher it reissues).
    VoucherIssued {
        number: VoucherNumber,
        household: HouseholdNumber,
        beneficiary: PersonNumber,
        scheme: Scheme,
        year: i32,
        amount_cents: Option<Cents>,
        issued_on: NaiveDate,
        reference: ReferenceVersion,
        budget_override: Option<String>,
        replaces: Option<VoucherNumber>,
    },
    /// A voucher voided by a supervisor: it keeps its number and shows as *annulé*.
    VoucherVoided {
        number: VoucherNumber,
        household: HouseholdNumber,
        reason: String,
    },
    /// A copy of a live voucher printed again, marked *DUPLICATA* (lost sheet, jammed printer):
    /// the same number, recorded so that every paper in circulation can be accounted for.
    VoucherReprinted {
        number: VoucherNumber,
        household: HouseholdNumber,
    },
    /// A supervisor changed the desk's default site (where QF are saved unless told otherwise).
    SiteChanged {
        site: String,
    },
    /// A supervisor settled a conflict the central office raised (see `conflicts.rs`).
    ConflictResolved {
        conflict: i64,
        kind: String,
        resolution: Resolution,
    },
}

impl Event {
    /// The event's type code, as stored in `journal.event`.
    pub fn code(&self) -> &'static str {
        match self {
            Event::CaseFileCreated { .. } => "case_file_created",
            Event::AgentAdded { .. } => "agent_added",
            Event::ReferenceAdded { .. } => "reference_added",
            Event::HouseholdRegistered { .. } => "household_registered",
            Event::HouseholdUpdated { .. } => "household_updated",
            Event::PersonAdded { .. } => "person_added",
            Event::PersonUpdated { .. } => "person_updated",
            Event::PersonRemoved { .. } => "person_removed",
            Event::DocumentAdded { .. } => "document_added",
            Event::DocumentUpdated { .. } => "document_updated",
            Event::DocumentRemoved { .. } => "document_removed",
            Event::ScanAttached { .. } => "scan_attached",
            Event::ScanRemoved { .. } => "scan_removed",
            Event::QfSaved { .. } => "qf_saved",
            Event::VoucherIssued { .. } => "voucher_issued",
            Event::VoucherVoided { .. } => "voucher_voided",
            Event::VoucherReprinted { .. } => "voucher_reprinted",
            Event::ConflictResolved { .. } => "conflict_resolved",
            Event::SiteChanged { .. } => "site_changed",
        }
    }

    /// What happened, in one French sentence for the household's history.
    pub fn describe(&self) -> String {
        match self {
            Event::SiteChanged { site } => format!("Site du guichet : {site}."),
            Event::CaseFileCreated { desk, site } => {
                format!("Dossier du guichet {desk} créé (site : {site}).")
            }
            Event::AgentAdded { name, role } => {
                format!("Agent ajouté : {name} ({}).", role.label())
            }
            Event::ReferenceAdded { year, digest } => format!(
                "Données de référence {year} ajoutées (version {}).",
                &digest[..12.min(digest.len())]
            ),
            Event::HouseholdRegistered {
                household,
                origin,
                reference,
                ..
            } => match (origin, reference) {
                (Origin::Import, Some(r)) => {
                    format!("Demande {r} importée : dossier {household} créé.")
                }
                (Origin::Import, None) => format!("Demande importée : dossier {household} créé."),
                (Origin::Desk, _) => format!("Dossier {household} créé au guichet."),
                (Origin::Demo, _) => format!("Dossier de démonstration {household} créé."),
            },
            Event::HouseholdUpdated { .. } => "Coordonnées du foyer modifiées.".to_owned(),
            Event::PersonAdded { person, data, .. } => {
                format!("{} ajouté(e) au foyer ({person}).", data.full_name())
            }
            Event::PersonUpdated { person, data, .. } => {
                format!("Fiche de {} modifiée ({person}).", data.full_name())
            }
            Event::PersonRemoved { person, name, .. } => {
                format!("{name} retiré(e) du foyer ({person}).")
            }
            Event::DocumentAdded { data, .. } => {
                format!("Pièce ajoutée : {}.", data.kind().label())
            }
            Event::DocumentUpdated { data, .. } => {
                format!("Pièce modifiée : {}.", data.kind().label())
            }
            Event::DocumentRemoved { data, .. } => {
                format!("Pièce retirée : {}.", data.kind().label())
            }
            Event::ScanAttached { file_name, .. } => {
                format!("Scan joint à une pièce : {file_name}.")
            }
            Event::ScanRemoved { file_name, .. } => {
                format!("Scan retiré d'une pièce : {file_name}.")
            }
            Event::QfSaved {
                year,
                qf_cents,
                tranche,
                site,
                channel,
                derogation,
                correction,
                ..
            } => {
                let mut text = format!(
                    "QF {year} enregistré : {} (tranche {tranche}), {} à {site}.",
                    qf_cents.to_french(),
                    channel.label()
                );
                if let Some(reason) = correction {
                    text.push_str(&format!(" Correction : {reason}."));
                }
                if let Some(reason) = derogation {
                    text.push_str(&format!(" Dérogation : {reason}."));
                }
                text
            }
            Event::VoucherIssued {
                number,
                beneficiary,
                scheme,
                budget_override,
                replaces,
                ..
            } => {
                let mut text = format!("{} émis : n° {number} ({beneficiary}).", scheme.label());
                if let Some(old) = replaces {
                    text.push_str(&format!(" Remplace le n° {old}."));
                }
                if let Some(reason) = budget_override {
                    text.push_str(&format!(" Dépassement de budget autorisé : {reason}."));
                }
                text
            }
            Event::VoucherVoided { number, reason, .. } => {
                format!("Bon n° {number} annulé : {reason}.")
            }
            Event::VoucherReprinted { number, .. } => {
                format!("Duplicata du bon n° {number} imprimé.")
            }
            Event::ConflictResolved {
                conflict,
                resolution,
                ..
            } => format!("Conflit n° {conflict} résolu : {}.", resolution.describe()),
        }
    }
}

/// One entry of the journal as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JournalEntry {
    pub seq: i64,
    pub event: String,
    pub household: Option<String>,
    pub payload: serde_json::Value,
    pub agent: String,
    /// UTC, RFC 3339.
    pub recorded_at: String,
    pub acked: bool,
}

/// One line of a household's history: what, who, when.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    pub seq: i64,
    pub event: String,
    /// French sentence.
    pub what: String,
    pub agent: String,
    /// UTC, RFC 3339.
    pub at: String,
}

/// Appends `event` with the desk's next sequence number, inside the caller's transaction.
pub(crate) fn append(
    conn: &Connection,
    event: &Event,
    agent_id: i64,
    household_id: Option<i64>,
    at: &str,
) -> Result<i64> {
    let payload = serde_json::to_string(event)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO journal (seq, event, household_id, payload, agent_id, recorded_at)
         VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM journal), ?1, ?2, ?3, ?4, ?5)
         RETURNING seq",
    )?;
    let seq = stmt.query_row(
        params![event.code(), household_id, payload, agent_id, at],
        |row| row.get(0),
    )?;
    Ok(seq)
}

fn entry_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(JournalEntry, String)> {
    let payload: String = row.get(3)?;
    Ok((
        JournalEntry {
            seq: row.get(0)?,
            event: row.get(1)?,
            household: row.get(2)?,
            payload: serde_json::Value::Null,
            agent: row.get(4)?,
            recorded_at: row.get(5)?,
            acked: row.get(6)?,
        },
        payload,
    ))
}

const ENTRY_COLUMNS: &str = "j.seq, j.event, h.number, j.payload, a.name, j.recorded_at, j.acked
     FROM journal j JOIN agents a ON a.id = j.agent_id
     LEFT JOIN households h ON h.id = j.household_id";

impl CaseFile {
    /// The highest sequence number in the journal (0 when empty).
    pub fn last_seq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM journal", [], |row| {
                row.get(0)
            })?)
    }

    /// Up to `limit` entries after `after_seq`, in order.
    pub fn journal_after(&self, after_seq: i64, limit: usize) -> Result<Vec<JournalEntry>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} WHERE j.seq > ?1 ORDER BY j.seq LIMIT ?2"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![after_seq, limit], entry_from_row)?;
        let mut entries = Vec::new();
        for row in rows {
            let (mut entry, payload) = row?;
            entry.payload = serde_json::from_str(&payload)?;
            entries.push(entry);
        }
        Ok(entries)
    }

    /// The number of events the central office has not acknowledged yet.
    pub fn unacked_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM journal WHERE acked = 0", [], |row| {
                row.get(0)
            })?)
    }

    /// Marks every event up to `seq` as acknowledged by the central office.
    pub fn mark_acked(&mut self, up_to_seq: i64) -> Result<usize> {
        Ok(self.conn.execute(
            "UPDATE journal SET acked = 1 WHERE seq <= ?1 AND acked = 0",
            [up_to_seq],
        )?)
    }

    /// The history of a household: every journal entry about it, oldest first.
    pub fn history(&self, number: &str) -> Result<Vec<HistoryEntry>> {
        let household_id: i64 = self
            .conn
            .query_row(
                "SELECT id FROM households WHERE number = ?1",
                [number],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::UnknownHousehold(number.to_owned()))?;
        history_of(&self.conn, household_id)
    }
}

pub(crate) fn history_of(conn: &Connection, household_id: i64) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} WHERE j.household_id = ?1 ORDER BY j.seq"
    ))?;
    let rows = stmt.query_map([household_id], entry_from_row)?;
    let mut history = Vec::new();
    for row in rows {
        let (entry, payload) = row?;
        let event: Event = serde_json::from_str(&payload)?;
        history.push(HistoryEntry {
            seq: entry.seq,
            event: entry.event,
            what: event.describe(),
            agent: entry.agent,
            at: entry.recorded_at,
        });
    }
    // What other desks did to it, as pulled, in time order with this desk's own entries. Their
    // `seq` is minus the central office's global number: unique beside this desk's journal numbers
    // (the window keys the history's lines by it), and in the order the desks applied them.
    let mut remote = conn.prepare_cached(
        "SELECT -r.global_seq, r.event, r.payload, r.agent, r.desk, r.recorded_at
         FROM remote_events r JOIN households h ON h.number = r.household
         WHERE h.id = ?1 ORDER BY r.global_seq",
    )?;
    let rows = remote.query_map([household_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, u8>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut merged = false;
    for row in rows {
        let (seq, code, payload, agent, desk, at) = row?;
        let Ok(event) = serde_json::from_str::<Event>(&payload) else {
            continue;
        };
        history.push(HistoryEntry {
            seq,
            event: code,
            what: event.describe(),
            agent: format!("{agent} (guichet {desk:02})"),
            at,
        });
        merged = true;
    }
    if merged {
        history.sort_by(|a, b| a.at.cmp(&b.at));
    }
    Ok(history)
}
