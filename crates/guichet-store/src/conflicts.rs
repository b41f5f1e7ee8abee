//! Conflicts the central office raised that concern this desk, and their resolution by a
//! supervisor.
//!
//! Words used here: a *conflict* is something no single desk could see alone — the same person
//! registered twice (`duplicate_person`), the same aid given to the same person at two desks
//! (`double_issuance`), a household edited on two desks between their syncs (`concurrent_edit`). The
//! central office numbers and computes them; the desk keeps the list it last pulled. A *resolution*
//! is an ordinary journal event (`conflict_resolved`), written with the act it stands for (voiding
//! one voucher) in one transaction, and synced like any other event.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use crate::CaseFile;
use crate::agents::agent_by_name;
use crate::error::{Result, StoreError};
use crate::journal::{self, Event};
use crate::rows;
use crate::vouchers::void_row;

/// How a supervisor settles a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Resolution {
    /// Double issuance: void one of the vouchers (it keeps its number and shows as *annulé*).
    VoidVoucher { voucher: String, reason: String },
    /// Duplicate person: `merged` is the same person as `keep`; `keep` is the one to use.
    MergePersons { keep: String, merged: String },
    /// Duplicate person, "pas un doublon": `people` (every person the conflict names) are
    /// different people who share a name and a birth date (homonyms); they stay apart.
    DistinctPersons { people: Vec<String> },
    /// Concurrent edit: the version of the household made at desk `desk` is the one to keep.
    KeepHousehold { household: String, desk: String },
}

impl Resolution {
    /// What was decided, in one French sentence.
    pub fn describe(&self) -> String {
        match self {
            Resolution::VoidVoucher { voucher, reason } => {
                format!("bon n° {voucher} annulé ({reason})")
            }
            Resolution::MergePersons { keep, merged } => {
                format!("{merged} est la même personne que {keep}, qui est conservée")
            }
            Resolution::KeepHousehold { household, desk } => {
                format!("la version du foyer {household} du guichet {desk} est conservée")
            }
            Resolution::DistinctPersons { people } => {
                format!(
                    "{} sont des personnes différentes (homonymes)",
                    people.join(" et ")
                )
            }
        }
    }
}

/// Keeps that `merged` is the same person as `keep` (a supervisor's merge, here or pulled from
/// another desk), for the vouchers already given to either ([`crate::vouchers`]).
pub(crate) fn record_merge(conn: &Connection, keep: &str, merged: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO person_merges (merged, keep) VALUES (?1, ?2) ON CONFLICT (merged) DO NOTHING",
    )?
    .execute(params![merged, keep])?;
    Ok(())
}

/// A conflict as the desk last pulled it (also `guichet conflicts --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictView {
    pub id: i64,
    /// `duplicate_person`, `double_issuance` or `concurrent_edit`.
    pub kind: String,
    /// `open` or `resolved`.
    pub status: String,
    /// Desk numbers (`"07"`).
    pub desks: Vec<String>,
    /// Person numbers.
    pub people: Vec<String>,
    /// Household file numbers.
    pub households: Vec<String>,
    /// Voucher numbers.
    pub vouchers: Vec<String>,
    /// Who resolved it, where, and how; `None` while open.
    pub resolution: Option<serde_json::Value>,
}

/// The resolution as both sides show it: the action's fields with who (`by`), where (`desk`) and
/// when (`at`, the event's UTC time). The central office builds the same object from the event.
pub fn resolution_record(
    resolution: &Resolution,
    by: &str,
    desk: &str,
    at: &str,
) -> Result<serde_json::Value> {
    let mut value = serde_json::to_value(resolution)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("by".to_owned(), by.into());
        object.insert("desk".to_owned(), desk.into());
        object.insert("at".to_owned(), at.into());
    }
    Ok(value)
}

fn parse_list(text: &str) -> Result<Vec<String>> {
    Ok(serde_json::from_str(text)?)
}

impl CaseFile {
    /// The conflicts that concern this desk, as of the last sync (open ones first, then by id).
    pub fn conflicts(&self) -> Result<Vec<ConflictView>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, status, desks, people, households, resolution, vouchers
             FROM conflicts ORDER BY status = 'resolved', id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                [r.get::<_, String>(3)?, r.get(4)?, r.get(5)?, r.get(7)?],
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, status, [desks, people, households, vouchers], resolution) = row?;
            out.push(ConflictView {
                id,
                kind,
                status,
                desks: parse_list(&desks)?,
                people: parse_list(&people)?,
                households: parse_list(&households)?,
                vouchers: parse_list(&vouchers)?,
                resolution: resolution
                    .map(|text| serde_json::from_str(&text))
                    .transpose()?,
            });
        }
        Ok(out)
    }

    /// The number of open conflicts that concern this desk.
    pub fn open_conflict_count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM conflicts WHERE status = 'open'",
            [],
            |r| r.get(0),
        )?)
    }

    /// Replaces the desk's list of conflicts with the central office's (one transaction).
    pub fn replace_conflicts(&mut self, conflicts: &[ConflictView]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM conflicts", [])?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO conflicts (id, kind, status, desks, people, households, vouchers,
                     resolution)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for c in conflicts {
                let resolution = c.resolution.as_ref().map(|r| r.to_string());
                insert.execute(params![
                    c.id,
                    c.kind,
                    c.status,
                    serde_json::to_string(&c.desks)?,
                    serde_json::to_string(&c.people)?,
                    serde_json::to_string(&c.households)?,
                    serde_json::to_string(&c.vouchers)?,
                    resolution,
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Use case: a supervisor resolves conflict `id` with `resolution`. Voiding a voucher of this
    /// desk voids it here (event `voucher_voided`); a voucher of another desk is voided here at
    /// once and there when that desk pulls the resolution. Keeping one desk's version of a
    /// household journals that version again (`household_updated`, `person_updated`), so every
    /// desk that applies it ends with the same household (`kept_version.rs`). The resolution
    /// itself is the journal event `conflict_resolved`, all in one transaction, and syncs like any
    /// other event. The conflict shows as resolved here at once; the central office confirms it at
    /// the next sync.
    pub fn resolve_conflict(
        &mut self,
        id: i64,
        resolution: &Resolution,
        agent: &str,
    ) -> Result<ConflictView> {
        let conflict = self
            .conflicts()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| {
                StoreError::Refused(format!(
                    "Aucun conflit n° {id} ne concerne ce guichet : synchronisez d'abord."
                ))
            })?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        if !agent.is_supervisor() {
            return Err(StoreError::SupervisorOnly {
                act: "résoudre un conflit",
                agent: agent.name.clone(),
            });
        }
        if conflict.status != "open" {
            return Err(StoreError::Refused(format!(
                "Le conflit n° {id} est déjà résolu. Rien n'a été modifié."
            )));
        }
        let refuse = |what: String| Err(StoreError::Refused(what));
        let mut household_id = None;
        match (conflict.kind.as_str(), resolution) {
            ("double_issuance", Resolution::VoidVoucher { voucher, reason }) => {
                if !conflict.vouchers.contains(voucher) {
                    return refuse(format!(
                        "Le bon n° {voucher} n'est pas en cause dans le conflit n° {id} ({}).",
                        conflict.vouchers.join(", ")
                    ));
                }
                let reason = reason.trim();
                if reason.is_empty() {
                    return refuse(
                        "Un motif est obligatoire pour annuler un bon : indiquez-le.".to_owned(),
                    );
                }
                let number =
                    guichet_core::vouchers::VoucherNumber::parse(voucher).map_err(|e| {
                        StoreError::InvalidVoucherNumber {
                            number: voucher.clone(),
                            reason: e.to_string(),
                        }
                    })?;
                if number.desk != self.desk {
                    // Another desk's voucher: the resolution voids it there when that desk pulls
                    // it (see `remote.rs`); here its copy shows it voided at once.
                    let now = rows::now();
                    let changed = tx.execute(
                        "UPDATE vouchers SET status = 'voided', void_reason = ?2, voided_by = ?3,
                             voided_at = ?4
                         WHERE number = ?1 AND status = 'issued'",
                        params![
                            voucher,
                            format!("{reason} (conflit n° {id})"),
                            agent.id,
                            now
                        ],
                    )?;
                    if changed == 0 {
                        return refuse(format!(
                            "Le bon n° {voucher} du guichet {} n'est pas (ou plus) émis d'après la                              dernière synchronisation : synchronisez, puis réessayez.",
                            number.desk
                        ));
                    }
                } else {
                    let row = void_row(&tx, &number, reason, &agent)?;
                    household_id = tx
                        .query_row(
                            "SELECT household_id FROM vouchers WHERE id = ?1",
                            [row],
                            |r| r.get(0),
                        )
                        .optional()?;
                }
            }
            ("duplicate_person", Resolution::MergePersons { keep, merged }) => {
                if keep == merged
                    || !conflict.people.contains(keep)
                    || !conflict.people.contains(merged)
                {
                    return refuse(format!(
                        "Pour le conflit n° {id}, choisissez deux personnes différentes parmi {}.",
                        conflict.people.join(", ")
                    ));
                }
                record_merge(&tx, keep, merged)?;
            }
            ("duplicate_person", Resolution::DistinctPersons { people }) => {
                let mut declared = people.clone();
                declared.sort();
                declared.dedup();
                let mut named = conflict.people.clone();
                named.sort();
                if declared != named {
                    return refuse(format!(
                        "Pour le conflit n° {id}, « pas un doublon » vaut pour toutes les personnes \
                         en cause : {}.",
                        conflict.people.join(", ")
                    ));
                }
            }
            ("concurrent_edit", Resolution::KeepHousehold { household, desk }) => {
                if !conflict.households.contains(household) || !conflict.desks.contains(desk) {
                    return refuse(format!(
                        "Pour le conflit n° {id}, choisissez le foyer parmi {} et le guichet parmi {}.",
                        conflict.households.join(", "),
                        conflict.desks.join(", ")
                    ));
                }
                let now = rows::now();
                household_id = Some(crate::kept_version::reassert(
                    &tx, self.desk, household, desk, &agent, &now,
                )?);
            }
            (kind, _) => {
                return refuse(format!(
                    "Cette résolution ne convient pas au conflit n° {id} ({kind}) : un doublon de \
                     bon se résout en annulant un bon, un doublon de personne en fusionnant ou en \
                     déclarant des personnes différentes, une modification concurrente en gardant \
                     une version du foyer."
                ));
            }
        }
        let now = rows::now();
        let event = Event::ConflictResolved {
            conflict: id,
            kind: conflict.kind.clone(),
            resolution: resolution.clone(),
        };
        journal::append(&tx, &event, agent.id, household_id, &now)?;
        let recorded = resolution_record(resolution, &agent.name, &self.desk.to_string(), &now)?;
        tx.execute(
            "UPDATE conflicts SET status = 'resolved', resolution = ?1 WHERE id = ?2",
            params![recorded.to_string(), id],
        )?;
        tx.commit()?;
        self.conflicts()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| StoreError::Corrupt(format!("conflict {id} vanished")))
    }
}
