//! The central office's projection of the accepted events, and the conflicts computed on it — the
//! things no desk can see alone:
//! - `duplicate_person`: two registrations with the same *identity*, the names normalised
//!   (accents, case, hyphens: `guichet_core::names`) and the same birth date, unless a supervisor
//!   declared them different people (homonyms, `person_distinct`);
//! - `double_issuance`: the same person (across such duplicates but for those declared different,
//!   and persons a supervisor merged) given the same scheme in the same year at two desks;
//! - `concurrent_edit`: a household edited by a desk that had not yet pulled another desk's edit
//!   of it (both edited it between their syncs).
//!
//! A conflict is open until an ordinary event resolves it: a `voucher_voided` that leaves one live
//! voucher, or a `conflict_resolved` naming it. An open conflict grows when another record joins
//! its subject. Payloads are read as JSON by their field names: they are the desks' journal events
//! (`guichet_store::Event`), the wire contract.

use std::collections::BTreeSet;

use guichet_core::names::normalize;
use guichet_sync::wire::{Conflict, WireEvent};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::error::Result;
use crate::store::now;

/// Events that edit an existing household.
const EDITS: &[&str] = &[
    "household_updated",
    "person_added",
    "person_updated",
    "person_removed",
    "document_added",
    "document_updated",
    "document_removed",
    "qf_saved",
];

fn text<'a>(value: &'a Value, field: &str) -> &'a str {
    value.get(field).and_then(Value::as_str).unwrap_or("")
}

fn desk_text(desk: u8) -> String {
    format!("{desk:02}")
}

/// The identity two registrations of one person share.
fn identity(last: &str, first: &str, birth: &str) -> String {
    format!("{}|{}|{birth}", normalize(last), normalize(first))
}

/// Projects one accepted event and raises or resolves the conflicts it causes, inside the push's
/// transaction.
pub(crate) fn project(
    tx: &Connection,
    e: &WireEvent,
    global_seq: i64,
    pulled_up_to: i64,
) -> Result<()> {
    let Ok(payload) = serde_json::from_str::<Value>(&e.payload) else {
        return Ok(());
    };
    let household = text(&payload, "household");
    match e.event.as_str() {
        "household_registered" => {
            let request = payload.get("request").unwrap_or(&Value::Null);
            for role in ["adults", "children"] {
                for p in request
                    .get(role)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    upsert_person(tx, e.desk, household, p, text(p, "id"))?;
                }
            }
        }
        "person_added" | "person_updated" => {
            let data = payload.get("data").unwrap_or(&Value::Null);
            upsert_person(tx, e.desk, household, data, text(&payload, "person"))?;
        }
        "person_removed" => {
            tx.prepare_cached("UPDATE persons SET removed = 1 WHERE number = ?1")?
                .execute([text(&payload, "person")])?;
        }
        "voucher_issued" => voucher_issued(tx, e.desk, &payload)?,
        "voucher_voided" => {
            let number = text(&payload, "number");
            let reason = text(&payload, "reason");
            void(tx, number, reason)?;
            let record = serde_json::json!({
                "action": "void_voucher",
                "voucher": number,
                "reason": reason,
                "by": e.agent,
                "desk": desk_text(e.desk),
                "at": e.recorded_at,
            });
            settle_double_issuance(tx, number, &record)?;
        }
        "conflict_resolved" => conflict_resolved(tx, e, &payload)?,
        _ => {}
    }
    if EDITS.contains(&e.event.as_str()) && !household.is_empty() {
        household_edited(tx, household, e.desk, global_seq, pulled_up_to)?;
    }
    Ok(())
}

fn upsert_person(
    tx: &Connection,
    desk: u8,
    household: &str,
    person: &Value,
    number: &str,
) -> Result<()> {
    if number.is_empty() || household.is_empty() {
        return Ok(());
    }
    let (last, first, birth) = (
        text(person, "last_name"),
        text(person, "first_name"),
        text(person, "birth_date"),
    );
    let identity = identity(last, first, birth);
    tx.prepare_cached(
        "INSERT INTO persons (number, desk, household, last_name, first_name, birth_date, identity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (number) DO UPDATE SET household = excluded.household,
             last_name = excluded.last_name, first_name = excluded.first_name,
             birth_date = excluded.birth_date, identity = excluded.identity, removed = 0",
    )?
    .execute(params![
        number, desk, household, last, first, birth, identity
    ])?;
    // The persons of that identity still to tell apart (not removed, not merged into another).
    let mut stmt = tx.prepare_cached(
        "SELECT p.number, p.desk, p.household FROM persons p
         WHERE p.identity = ?1 AND p.removed = 0
           AND NOT EXISTS (SELECT 1 FROM person_merges m WHERE m.merged = p.number)
         ORDER BY p.number",
    )?;
    let same: Vec<(String, u8, String)> = stmt
        .query_map([&identity], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if same.len() < 2 || all_declared_distinct(tx, same.iter().map(|(n, _, _)| n.as_str()))? {
        return Ok(());
    }
    let mut found = Found::default();
    for (number, desk, household) in same {
        found.people.insert(number);
        found.desks.insert(desk_text(desk));
        found.households.insert(household);
    }
    raise(tx, "duplicate_person", &identity, &found)
}

/// The pair as `person_distinct` keeps it: the smaller number first.
fn ordered<'a>(one: &'a str, other: &'a str) -> (&'a str, &'a str) {
    if one < other {
        (one, other)
    } else {
        (other, one)
    }
}

/// Whether a supervisor declared `one` and `other` different people.
fn declared_distinct(tx: &Connection, one: &str, other: &str) -> Result<bool> {
    let (a, b) = ordered(one, other);
    Ok(tx
        .prepare_cached("SELECT 1 FROM person_distinct WHERE a = ?1 AND b = ?2")?
        .query_row(params![a, b], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Keeps that a supervisor declared `one` and `other` different people.
fn declare_distinct(tx: &Connection, one: &str, other: &str) -> Result<()> {
    if one != other {
        let (a, b) = ordered(one, other);
        tx.prepare_cached(
            "INSERT INTO person_distinct (a, b) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?
        .execute(params![a, b])?;
    }
    Ok(())
}

/// Whether every two of `people` were declared different people.
fn all_declared_distinct<'a>(
    tx: &Connection,
    people: impl Iterator<Item = &'a str> + Clone,
) -> Result<bool> {
    for (index, one) in people.clone().enumerate() {
        for other in people.clone().skip(index + 1) {
            if !declared_distinct(tx, one, other)? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// The person numbers that are the same person as `beneficiary`: the same identity (but for
/// those declared different people), or merged.
fn same_person(tx: &Connection, beneficiary: &str) -> Result<(String, BTreeSet<String>)> {
    let identity: Option<String> = tx
        .prepare_cached("SELECT identity FROM persons WHERE number = ?1")?
        .query_row([beneficiary], |r| r.get(0))
        .optional()?;
    let mut cluster = BTreeSet::from([beneficiary.to_owned()]);
    if let Some(identity) = &identity {
        let mut stmt =
            tx.prepare_cached("SELECT number FROM persons WHERE identity = ?1 AND removed = 0")?;
        for number in stmt.query_map([identity], |r| r.get::<_, String>(0))? {
            let number = number?;
            if !declared_distinct(tx, beneficiary, &number)? {
                cluster.insert(number);
            }
        }
    }
    let mut merges =
        tx.prepare_cached("SELECT merged, keep FROM person_merges WHERE merged = ?1 OR keep = ?1")?;
    for member in cluster.clone() {
        for pair in merges.query_map([&member], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })? {
            let (merged, keep) = pair?;
            cluster.insert(merged);
            cluster.insert(keep);
        }
    }
    Ok((identity.unwrap_or_else(|| beneficiary.to_owned()), cluster))
}

fn voucher_issued(tx: &Connection, desk: u8, payload: &Value) -> Result<()> {
    let number = text(payload, "number");
    let beneficiary = text(payload, "beneficiary");
    let scheme = text(payload, "scheme");
    let year = payload.get("year").and_then(Value::as_i64).unwrap_or(0);
    tx.prepare_cached(
        "INSERT INTO vouchers (number, desk, household, beneficiary, scheme, year, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'issued') ON CONFLICT (number) DO NOTHING",
    )?
    .execute(params![
        number,
        desk,
        text(payload, "household"),
        beneficiary,
        scheme,
        year
    ])?;
    let (identity, cluster) = same_person(tx, beneficiary)?;
    let mut found = Found::default();
    let mut stmt = tx.prepare_cached(
        "SELECT number, desk, household FROM vouchers
         WHERE beneficiary = ?1 AND scheme = ?2 AND year = ?3 AND status = 'issued'",
    )?;
    for person in &cluster {
        for row in stmt.query_map(params![person, scheme, year], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (voucher, desk, household) = row?;
            found.vouchers.insert(voucher);
            found.desks.insert(desk_text(desk));
            found.households.insert(household);
            found.people.insert(person.clone());
        }
    }
    if found.desks.len() < 2 {
        return Ok(());
    }
    raise(
        tx,
        "double_issuance",
        &format!("{scheme}|{year}|{identity}"),
        &found,
    )
}

fn void(tx: &Connection, number: &str, reason: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE vouchers SET status = 'voided', void_reason = ?2
         WHERE number = ?1 AND status = 'issued'",
    )?
    .execute(params![number, reason])?;
    Ok(())
}

/// Resolves the open double issuances of voucher `number` that now hold at most one live voucher.
fn settle_double_issuance(tx: &Connection, number: &str, record: &Value) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT c.id, c.vouchers FROM conflicts c
         WHERE c.kind = 'double_issuance' AND c.status = 'open'
           AND EXISTS (SELECT 1 FROM json_each(c.vouchers) WHERE value = ?1)",
    )?;
    let open: Vec<(i64, String)> = stmt
        .query_map([number], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, vouchers) in open {
        let vouchers: Vec<String> = serde_json::from_str(&vouchers)?;
        let mut live = 0;
        for v in &vouchers {
            let status: Option<String> = tx
                .prepare_cached("SELECT status FROM vouchers WHERE number = ?1")?
                .query_row([v], |r| r.get(0))
                .optional()?;
            if status.as_deref() == Some("issued") {
                live += 1;
            }
        }
        if live <= 1 {
            resolve(tx, id, record)?;
        }
    }
    Ok(())
}

fn conflict_resolved(tx: &Connection, e: &WireEvent, payload: &Value) -> Result<()> {
    let Some(id) = payload.get("conflict").and_then(Value::as_i64) else {
        return Ok(());
    };
    let Some(Value::Object(action)) = payload.get("resolution") else {
        return Ok(());
    };
    let status: Option<(String, String)> = tx
        .query_row(
            "SELECT status, kind FROM conflicts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((status, kind)) = status else {
        return Ok(());
    };
    if status != "open" {
        return Ok(());
    }
    let field = |name: &str| action.get(name).and_then(Value::as_str).unwrap_or("");
    match (kind.as_str(), field("action")) {
        ("double_issuance", "void_voucher") => void(tx, field("voucher"), field("reason"))?,
        ("duplicate_person", "merge_persons") => {
            tx.execute(
                "INSERT INTO person_merges (merged, keep) VALUES (?1, ?2)
                 ON CONFLICT (merged) DO NOTHING",
                params![field("merged"), field("keep")],
            )?;
        }
        ("duplicate_person", "distinct_persons") => {
            let people: Vec<&str> = action
                .get("people")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            for (index, one) in people.iter().enumerate() {
                for other in people.iter().skip(index + 1) {
                    declare_distinct(tx, one, other)?;
                }
            }
        }
        ("concurrent_edit", "keep_household") => {}
        _ => return Ok(()),
    }
    let mut record = Value::Object(action.clone());
    if let Some(object) = record.as_object_mut() {
        object.insert("by".to_owned(), e.agent.clone().into());
        object.insert("desk".to_owned(), desk_text(e.desk).into());
        object.insert("at".to_owned(), e.recorded_at.clone().into());
    }
    resolve(tx, id, &record)
}

fn household_edited(
    tx: &Connection,
    household: &str,
    desk: u8,
    global_seq: i64,
    pulled_up_to: i64,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT desk FROM household_edits
         WHERE household = ?1 AND desk <> ?2 AND global_seq > ?3",
    )?;
    let others: Vec<u8> = stmt
        .query_map(params![household, desk, pulled_up_to], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tx.prepare_cached(
        "INSERT INTO household_edits (household, desk, global_seq) VALUES (?1, ?2, ?3)
         ON CONFLICT (household, desk) DO UPDATE SET global_seq = excluded.global_seq",
    )?
    .execute(params![household, desk, global_seq])?;
    if others.is_empty() {
        return Ok(());
    }
    let mut found = Found::default();
    found.households.insert(household.to_owned());
    found.desks.insert(desk_text(desk));
    for other in others {
        found.desks.insert(desk_text(other));
    }
    raise(tx, "concurrent_edit", household, &found)
}

/// What a conflict is about.
#[derive(Debug, Default)]
struct Found {
    desks: BTreeSet<String>,
    people: BTreeSet<String>,
    households: BTreeSet<String>,
    vouchers: BTreeSet<String>,
}

fn merge_into(stored: &str, new: &BTreeSet<String>) -> Result<String> {
    let mut all: BTreeSet<String> = serde_json::from_str(stored)?;
    all.extend(new.iter().cloned());
    Ok(serde_json::to_string(&all)?)
}

/// Opens a conflict about `subject`, or adds what was found to the open one.
fn raise(tx: &Connection, kind: &str, subject: &str, found: &Found) -> Result<()> {
    let open: Option<(i64, [String; 4])> = tx
        .prepare_cached(
            "SELECT id, desks, people, households, vouchers FROM conflicts
             WHERE kind = ?1 AND subject = ?2 AND status = 'open'",
        )?
        .query_row(params![kind, subject], |r| {
            Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]))
        })
        .optional()?;
    match open {
        Some((id, [desks, people, households, vouchers])) => {
            tx.prepare_cached(
                "UPDATE conflicts SET desks = ?1, people = ?2, households = ?3, vouchers = ?4
                 WHERE id = ?5",
            )?
            .execute(params![
                merge_into(&desks, &found.desks)?,
                merge_into(&people, &found.people)?,
                merge_into(&households, &found.households)?,
                merge_into(&vouchers, &found.vouchers)?,
                id
            ])?;
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO conflicts (kind, subject, status, desks, people, households,
                     vouchers, created_at)
                 VALUES (?1, ?2, 'open', ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                kind,
                subject,
                serde_json::to_string(&found.desks)?,
                serde_json::to_string(&found.people)?,
                serde_json::to_string(&found.households)?,
                serde_json::to_string(&found.vouchers)?,
                now()
            ])?;
        }
    }
    Ok(())
}

fn resolve(tx: &Connection, id: i64, record: &Value) -> Result<()> {
    tx.prepare_cached(
        "UPDATE conflicts SET status = 'resolved', resolution = ?1, resolved_at = ?2
         WHERE id = ?3 AND status = 'open'",
    )?
    .execute(params![record.to_string(), now(), id])?;
    Ok(())
}

/// Every conflict, or those that concern desk `desk`, by id.
pub(crate) fn list(conn: &Connection, desk: Option<u8>) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, status, desks, people, households, vouchers, resolution
         FROM conflicts c
         WHERE ?1 IS NULL
            OR EXISTS (SELECT 1 FROM json_each(c.desks) WHERE value = printf('%02d', ?1))
         ORDER BY id",
    )?;
    let rows = stmt.query_map([desk], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            [r.get::<_, String>(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, status, [desks, people, households, vouchers], resolution) = row?;
        out.push(Conflict {
            id,
            kind,
            status,
            desks: serde_json::from_str(&desks)?,
            people: serde_json::from_str(&people)?,
            households: serde_json::from_str(&households)?,
            vouchers: serde_json::from_str(&vouchers)?,
            resolution: resolution.map(|t| serde_json::from_str(&t)).transpose()?,
        });
    }
    Ok(out)
}
