//! The central office's store (SQLite, its own migrations in `migrations/`): the desks and their
//! credentials, the one-time enrolment codes, every accepted event once by `(desk, seq)` in a global
//! order, the projection the conflicts are computed on ([`crate::conflicts`]), and the reference data
//! versions published to the desks.
//!
//! Each request is one transaction: a pushed batch is accepted whole or refused whole, so a batch
//! cut off or refused leaves nothing half-applied.

use std::path::Path;
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use guichet_core::DeskNumber;
use guichet_sync::chain::{GENESIS, hex};
use guichet_sync::wire::{
    self, Conflict, PullPage, PulledEvent, PushAnswer, PushBatch, ReferenceVersion, Refusal,
    RefusalCode, StatusAnswer, WireEvent,
};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::conflicts;
use crate::error::{CentralError, Result};

const MIGRATION_LIST: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_central.sql")),
    M::up(include_str!("../migrations/0002_person_distinct.sql")),
];

/// The letters of enrolment codes: no 0/O, 1/I/L to misread.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// The central office's database.
#[derive(Debug)]
pub struct CentralStore {
    conn: Connection,
}

/// One line of `guichet-central desks --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeskSummary {
    pub desk: String,
    /// The highest seq held (the desk's events are held from 1 with no gap).
    pub last_seq: i64,
    /// Events held for the desk.
    pub events: i64,
    /// UTC, RFC 3339.
    pub last_contact: Option<String>,
    pub open_conflicts: i64,
    pub enrolled_at: String,
    pub revoked: bool,
}

pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| CentralError::Random(e.to_string()))?;
    Ok(bytes)
}

/// A code as typed: upper case, without dashes or spaces.
fn normalised_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn desk_text(desk: u8) -> String {
    format!("{desk:02}")
}

fn check_desk(desk: u8) -> Result<DeskNumber> {
    DeskNumber::new(desk).ok_or_else(|| {
        CentralError::refused(
            RefusalCode::BadRequest,
            format!("« {desk} » n'est pas un numéro de guichet : 01 à 99 attendu."),
        )
    })
}

fn check_protocol(protocol: u32) -> Result<()> {
    if protocol == wire::PROTOCOL {
        Ok(())
    } else {
        Err(CentralError::refused(
            RefusalCode::Protocol,
            format!(
                "ce guichet parle la version {protocol} du protocole, le service central la \
                 version {} : mettez le guichet à jour.",
                wire::PROTOCOL
            ),
        ))
    }
}

impl CentralStore {
    /// Opens (creating it if needed) the central office's database at `path`, with WAL (so the
    /// commands work while the server runs), and brings its schema up to date.
    pub fn open(path: &Path) -> Result<CentralStore> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.set_prepared_statement_cache_capacity(64);
        Migrations::from_slice(MIGRATION_LIST).to_latest(&mut conn)?;
        let mut store = CentralStore { conn };
        store.publish_shipped_references()?;
        Ok(store)
    }

    /// Publishes the reference files shipped with this build (a no-op for those already there).
    fn publish_shipped_references(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = now();
        for (year, text) in guichet_core::reference::SHIPPED {
            let reference = guichet_core::Reference::from_toml_str(text)
                .map_err(|e| CentralError::Corrupt(format!("shipped reference {year}: {e}")))?;
            tx.execute(
                "INSERT INTO reference_versions (year, digest, toml, published_at)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (year, digest) DO NOTHING",
                params![year, reference.version().digest, text, now],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Publishes a version of the reference data of `year` (a no-op for a version already
    /// published); desks receive it at their next sync. Returns its digest.
    pub fn publish_reference(&mut self, year: i32, text: &str) -> Result<String> {
        let reference = guichet_core::Reference::from_toml_str(text).map_err(|e| {
            CentralError::refused(
                RefusalCode::BadRequest,
                format!("données de référence illisibles : {e}."),
            )
        })?;
        if reference.year != year {
            return Err(CentralError::refused(
                RefusalCode::BadRequest,
                format!(
                    "le fichier annoncé pour {year} est celui de l'année {}.",
                    reference.year
                ),
            ));
        }
        let digest = reference.version().digest;
        self.conn.execute(
            "INSERT INTO reference_versions (year, digest, toml, published_at)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (year, digest) DO NOTHING",
            params![year, digest, text, now()],
        )?;
        Ok(digest)
    }

    /// Makes a one-time enrolment code for desk `desk` (refused for a number already bound).
    pub fn enrolment_code(&mut self, desk: u8) -> Result<String> {
        check_desk(desk)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(since) = bound_since(&tx, desk)? {
            return Err(CentralError::refused(
                RefusalCode::DeskTaken,
                format!(
                    "le numéro de guichet {} est déjà lié à un guichet (inscrit le {since}) : un \
                     numéro ne sert qu'à un guichet.",
                    desk_text(desk)
                ),
            ));
        }
        let bytes: [u8; 24] = random_bytes()?;
        let letters: String = bytes
            .iter()
            .filter(|b| usize::from(**b) < CODE_ALPHABET.len() * 8)
            .take(12)
            .map(|b| char::from(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()]))
            .collect();
        if letters.len() < 12 {
            return Err(CentralError::Random(
                "not enough usable random bytes".into(),
            ));
        }
        let code = format!("{}-{}-{}", &letters[0..4], &letters[4..8], &letters[8..12]);
        tx.execute(
            "INSERT INTO enrolment_codes (code_hash, desk, created_at) VALUES (?1, ?2, ?3)",
            params![sha256_hex(&normalised_code(&code)), desk, now()],
        )?;
        tx.commit()?;
        Ok(code)
    }

    /// Enrols desk `desk` with `code` and the credentials `token` it made; returns when it was
    /// bound. The same request sent again (an answer lost on the way) is answered the same.
    pub fn enrol(&mut self, protocol: u32, desk: u8, code: &str, token: &str) -> Result<String> {
        check_protocol(protocol)?;
        check_desk(desk)?;
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(CentralError::refused(
                RefusalCode::BadRequest,
                "les identifiants proposés par le guichet sont mal formés.",
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let hash = sha256_hex(&normalised_code(code));
        let row: Option<(u8, Option<String>)> = tx
            .query_row(
                "SELECT desk, used_at FROM enrolment_codes WHERE code_hash = ?1",
                [&hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let refuse = |code, reason: String| Err(CentralError::refused(code, reason));
        match row {
            None => {
                return refuse(
                    RefusalCode::UnknownCode,
                    "ce code d'inscription est inconnu : vérifiez-le, ou demandez-en un au \
                     service central."
                        .to_owned(),
                );
            }
            Some((for_desk, Some(used))) => {
                let replay: Option<String> = tx
                    .query_row(
                        "SELECT enrolled_at FROM desks WHERE number = ?1 AND token_hash = ?2",
                        params![for_desk, sha256_hex(token)],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let (true, Some(enrolled_at)) = (for_desk == desk, replay) {
                    return Ok(enrolled_at);
                }
                return refuse(
                    RefusalCode::CodeUsed,
                    format!(
                        "ce code d'inscription a déjà servi (le {used}) : demandez-en un nouveau \
                         au service central."
                    ),
                );
            }
            Some((for_desk, None)) if for_desk != desk => {
                return refuse(
                    RefusalCode::WrongDesk,
                    format!(
                        "ce code a été donné pour le guichet {}, ce dossier est celui du guichet \
                         {} : utilisez le code imprimé pour ce numéro.",
                        desk_text(for_desk),
                        desk_text(desk)
                    ),
                );
            }
            Some(_) => {}
        }
        if let Some(since) = bound_since(&tx, desk)? {
            return refuse(
                RefusalCode::DeskTaken,
                format!(
                    "le numéro de guichet {} est déjà lié à un autre guichet (inscrit le {since}).",
                    desk_text(desk)
                ),
            );
        }
        let now = now();
        tx.execute(
            "INSERT INTO desks (number, token_hash, enrolled_at, last_contact, last_hash)
             VALUES (?1, ?2, ?3, ?3, ?4)",
            params![desk, sha256_hex(token), now, GENESIS],
        )?;
        tx.execute(
            "UPDATE enrolment_codes SET used_at = ?1 WHERE code_hash = ?2",
            params![now, hash],
        )?;
        tx.commit()?;
        Ok(now)
    }

    /// The desk whose credentials these are; an unknown or revoked desk is refused.
    pub fn authenticate(&self, token: &str) -> Result<u8> {
        let row: Option<(u8, Option<String>)> = self
            .conn
            .prepare_cached("SELECT number, revoked_at FROM desks WHERE token_hash = ?1")?
            .query_row([sha256_hex(token)], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match row {
            None => Err(CentralError::refused(
                RefusalCode::Unauthenticated,
                "ce guichet n'est pas reconnu par le service central : inscrivez-le avec un code \
                 d'inscription (guichet enrol).",
            )),
            Some((desk, Some(at))) => Err(CentralError::refused(
                RefusalCode::Revoked,
                format!(
                    "le guichet {} a été révoqué par le service central (le {at}) : il ne peut \
                     plus se synchroniser. Prévenez le service central.",
                    desk_text(desk)
                ),
            )),
            Some((desk, None)) => Ok(desk),
        }
    }

    /// Records that the desk was in contact now.
    pub fn touch(&self, desk: u8) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE desks SET last_contact = ?1 WHERE number = ?2")?
            .execute(params![now(), desk])?;
        Ok(())
    }

    /// What the central office holds of desk `desk`.
    pub fn status(&self, desk: u8) -> Result<StatusAnswer> {
        let (highest_seq, last_hash) = self.conn.query_row(
            "SELECT highest_seq, last_hash FROM desks WHERE number = ?1",
            [desk],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(StatusAnswer {
            protocol: wire::PROTOCOL,
            desk,
            highest_seq,
            last_hash,
        })
    }

    /// Accepts a batch of desk `desk`'s events, whole or not at all: each event stored once by
    /// `(desk, seq)`, a replayed one ignored if identical, the chain checked from the last event
    /// held; a gap, a broken chain or an altered event refuses the batch with the reason.
    pub fn push(&mut self, desk: u8, batch: &PushBatch) -> Result<PushAnswer> {
        check_protocol(batch.protocol)?;
        if batch.desk != desk {
            return Err(CentralError::refused(
                RefusalCode::BadRequest,
                format!(
                    "le lot annonce le guichet {}, les identifiants sont ceux du guichet {}.",
                    desk_text(batch.desk),
                    desk_text(desk)
                ),
            ));
        }
        if batch.events.len() > wire::MAX_BATCH_EVENTS {
            return Err(CentralError::refused(
                RefusalCode::BadRequest,
                format!(
                    "un lot de {} événements dépasse le maximum de {}.",
                    batch.events.len(),
                    wire::MAX_BATCH_EVENTS
                ),
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (mut held, mut last_hash): (i64, String) = tx.query_row(
            "SELECT highest_seq, last_hash FROM desks WHERE number = ?1",
            [desk],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let held_before = held;
        let refuse = |code, reason: String| {
            Err(CentralError::Refused(Refusal {
                error: code,
                reason,
                highest_seq: Some(held_before),
            }))
        };
        let d = desk_text(desk);
        let received_at = now();
        let mut stored = 0;
        let mut already_held = 0;
        for e in &batch.events {
            if e.desk != desk {
                return refuse(
                    RefusalCode::BadRequest,
                    format!(
                        "l'événement n° {} est annoncé du guichet {} dans un lot du guichet {d}.",
                        e.seq,
                        desk_text(e.desk)
                    ),
                );
            }
            if e.seq <= held {
                let existing: Option<String> = tx
                    .prepare_cached("SELECT hash FROM events WHERE desk = ?1 AND seq = ?2")?
                    .query_row(params![desk, e.seq], |r| r.get(0))
                    .optional()?;
                if existing.as_deref() != Some(e.hash.as_str()) || e.computed_hash() != e.hash {
                    return refuse(
                        RefusalCode::Tampered,
                        format!(
                            "l'événement n° {} du guichet {d} diffère de celui déjà reçu : rien \
                             n'a été enregistré de ce lot.",
                            e.seq
                        ),
                    );
                }
                already_held += 1;
                continue;
            }
            if e.seq != held + 1 {
                return refuse(
                    RefusalCode::Gap,
                    format!(
                        "il manque des événements du guichet {d} : le service central les a \
                         jusqu'au n° {held}, le lot continue au n° {}. Rien n'a été enregistré \
                         de ce lot.",
                        e.seq
                    ),
                );
            }
            if e.prev_hash != last_hash {
                return refuse(
                    RefusalCode::BrokenChain,
                    format!(
                        "l'événement n° {} du guichet {d} ne suit pas le n° {held} reçu (chaîne \
                         d'empreintes rompue). Rien n'a été enregistré de ce lot.",
                        e.seq
                    ),
                );
            }
            if e.computed_hash() != e.hash {
                return refuse(
                    RefusalCode::Tampered,
                    format!(
                        "l'événement n° {} du guichet {d} a été altéré (son contenu ne donne pas \
                         son empreinte). Rien n'a été enregistré de ce lot.",
                        e.seq
                    ),
                );
            }
            let global_seq: i64 = tx
                .prepare_cached(
                    "INSERT INTO events (desk, seq, prev_hash, hash, event, household, agent,
                         recorded_at, payload, received_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     RETURNING global_seq",
                )?
                .query_row(
                    params![
                        desk,
                        e.seq,
                        e.prev_hash,
                        e.hash,
                        e.event,
                        e.household,
                        e.agent,
                        e.recorded_at,
                        e.payload,
                        received_at
                    ],
                    |r| r.get(0),
                )?;
            conflicts::project(&tx, e, global_seq, batch.pulled_up_to)?;
            held = e.seq;
            last_hash.clone_from(&e.hash);
            stored += 1;
        }
        tx.execute(
            "UPDATE desks SET highest_seq = ?1, last_hash = ?2, last_contact = ?3,
                 pulled_up_to = MAX(pulled_up_to, ?4)
             WHERE number = ?5",
            params![held, last_hash, received_at, batch.pulled_up_to, desk],
        )?;
        tx.commit()?;
        Ok(PushAnswer {
            highest_seq: held,
            stored,
            already_held,
        })
    }

    /// A page of other desks' events after `after` (global order), and the reference versions
    /// published after `references_after`.
    pub fn pull(
        &mut self,
        desk: u8,
        after: i64,
        limit: usize,
        references_after: i64,
    ) -> Result<PullPage> {
        let limit = limit.clamp(1, wire::MAX_PAGE_EVENTS);
        let tx = self.conn.transaction()?;
        let mut events = Vec::with_capacity(limit);
        {
            let mut stmt = tx.prepare_cached(
                "SELECT global_seq, desk, seq, prev_hash, hash, event, household, agent,
                     recorded_at, payload
                 FROM events WHERE global_seq > ?1 AND desk <> ?2 ORDER BY global_seq LIMIT ?3",
            )?;
            let rows = stmt.query_map(
                params![after, desk, i64::try_from(limit).unwrap_or(i64::MAX)],
                |r| {
                    Ok(PulledEvent {
                        global_seq: r.get(0)?,
                        event: WireEvent {
                            desk: r.get(1)?,
                            seq: r.get(2)?,
                            prev_hash: r.get(3)?,
                            hash: r.get(4)?,
                            event: r.get(5)?,
                            household: r.get(6)?,
                            agent: r.get(7)?,
                            recorded_at: r.get(8)?,
                            payload: r.get(9)?,
                        },
                    })
                },
            )?;
            for row in rows {
                events.push(row?);
            }
        }
        let (next_after, more) = match events.last() {
            Some(last) if events.len() == limit => {
                let more: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM events WHERE global_seq > ?1 AND desk <> ?2)",
                    params![last.global_seq, desk],
                    |r| r.get(0),
                )?;
                (last.global_seq, more)
            }
            // The last page: the cursor moves past this desk's own events too.
            _ => {
                let max: i64 =
                    tx.query_row("SELECT COALESCE(MAX(global_seq), 0) FROM events", [], |r| {
                        r.get(0)
                    })?;
                (max.max(after), false)
            }
        };
        let mut references = Vec::new();
        {
            let mut stmt = tx.prepare_cached(
                "SELECT id, year, digest, toml FROM reference_versions WHERE id > ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([references_after], |r| {
                Ok(ReferenceVersion {
                    id: r.get(0)?,
                    year: r.get(1)?,
                    digest: r.get(2)?,
                    toml: r.get(3)?,
                })
            })?;
            for row in rows {
                references.push(row?);
            }
        }
        tx.commit()?;
        Ok(PullPage {
            events,
            next_after,
            more,
            references,
        })
    }

    /// Every conflict, or those that concern desk `desk`, by id.
    pub fn conflicts(&self, desk: Option<u8>) -> Result<Vec<Conflict>> {
        conflicts::list(&self.conn, desk)
    }

    /// Every enrolled desk, by number.
    pub fn desks(&self) -> Result<Vec<DeskSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.number, d.highest_seq,
                 (SELECT COUNT(*) FROM events e WHERE e.desk = d.number),
                 d.last_contact,
                 (SELECT COUNT(*) FROM conflicts c WHERE c.status = 'open' AND EXISTS
                     (SELECT 1 FROM json_each(c.desks) WHERE value = printf('%02d', d.number))),
                 d.enrolled_at, d.revoked_at IS NOT NULL
             FROM desks d ORDER BY d.number",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DeskSummary {
                desk: desk_text(r.get(0)?),
                last_seq: r.get(1)?,
                events: r.get(2)?,
                last_contact: r.get(3)?,
                open_conflicts: r.get(4)?,
                enrolled_at: r.get(5)?,
                revoked: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Revokes desk `desk`: its credentials are refused from now on; what it sent stays.
    pub fn revoke(&mut self, desk: u8) -> Result<()> {
        check_desk(desk)?;
        let changed = self.conn.execute(
            "UPDATE desks SET revoked_at = ?1 WHERE number = ?2 AND revoked_at IS NULL",
            params![now(), desk],
        )?;
        if changed == 0 {
            let known = bound_since(&self.conn, desk)?.is_some();
            return Err(CentralError::refused(
                RefusalCode::BadRequest,
                if known {
                    format!("le guichet {} est déjà révoqué.", desk_text(desk))
                } else {
                    format!("aucun guichet {} n'est inscrit.", desk_text(desk))
                },
            ));
        }
        Ok(())
    }

    /// The number of events held, all desks together.
    pub fn event_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?)
    }

    /// Numbers of every voucher held (for checks: each must appear once).
    pub fn voucher_numbers(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT number FROM vouchers ORDER BY number")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// When desk `desk` was bound to its number, if it is.
fn bound_since(conn: &Connection, desk: u8) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT enrolled_at FROM desks WHERE number = ?1",
            [desk],
            |r| r.get(0),
        )
        .optional()?)
}
