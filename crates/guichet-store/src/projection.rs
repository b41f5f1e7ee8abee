//! Other desks' events replayed into the state tables: their households with their people and
//! documents, QF decisions and vouchers land in the same tables as this desk's own, so search finds
//! them and every use case (open, edit, QF, vouchers, rights) works on them. Called by
//! `remote.rs` for each new event of a pulled page, inside the page's transaction.
//!
//! Words used here: the *origin* desk is the one that journaled the event; its agent acts here as
//! `Name (guichet NN)`, an agent row with the agent role. An event is *projected* when its state is
//! written; an event whose subject is unknown here (its household was never received, a person
//! already gone) or that the journal does not carry enough to rebuild is skipped, and stays in
//! `remote_events` as received. What events cannot carry:
//! - documents are numbered per desk, and `household_registered` does not give the numbers of the
//!   documents registered with the household: those cannot be found again by a later
//!   `document_updated`/`document_removed` of their desk (documents added later can, through
//!   `remote_documents`), nor can any desk's correction of a document another desk recorded;
//! - scans stay on the desk that received them (the event names their SHA-256, not their bytes);
//! - a QF decision does not carry its working: the desk shows the figures and says where the
//!   working is;
//! - a QF decision or voucher citing a reference version this desk never received is skipped.

use std::collections::HashMap;

use guichet_core::household::{Adult, Child};
use guichet_core::request::parse_value;
use guichet_core::vouchers::VoucherNumber;
use guichet_core::{Household, HouseholdNumber, PersonNumber};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Result, StoreError};
use crate::households::{
    HouseholdFields, insert_document_row, insert_person_row, link_holders, load_household,
    write_fields,
};
use crate::journal::Event;
use crate::persons::{PersonData, person_ids_by_number, write_person};
use crate::remote::RemoteEvent;
use crate::rows::date_text;
use crate::search::{self, DeferredIndex, Fts};

/// The agent row standing for `agent` of desk `desk` (`Sophie Bernard (guichet 02)`).
pub(crate) fn origin_agent(conn: &Connection, agent: &str, desk: u8, at: &str) -> Result<i64> {
    let name = format!("{agent} (guichet {desk:02})");
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM agents WHERE name = ?1")?
        .query_row([&name], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    Ok(conn
        .prepare_cached(
            "INSERT INTO agents (name, role, created_at) VALUES (?1, 'agent', ?2) RETURNING id",
        )?
        .query_row(params![name, at], |r| r.get(0))?)
}

fn household_row(conn: &Connection, number: &HouseholdNumber) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM households WHERE number = ?1")?
        .query_row([number.to_string()], |r| r.get(0))
        .optional()?)
}

fn person_row(conn: &Connection, number: &PersonNumber) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached("SELECT id, household_id FROM persons WHERE number = ?1")?
        .query_row([number.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn has_reference(conn: &Connection, year: i32, digest: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM reference_data WHERE year = ?1 AND digest = ?2)",
        )?
        .query_row(params![year, digest], |r| r.get(0))?)
}

/// Refreshes a household's search entry after a change.
pub(crate) fn reindex(conn: &Connection, household_id: i64) -> Result<()> {
    let stored = load_household(conn, household_id)?;
    search::index_household(
        conn,
        household_id,
        &stored.number,
        &stored.household,
        &stored.person_ids,
        Fts::Now,
    )
}

fn touch(conn: &Connection, household_id: i64, agent_id: i64, at: &str) -> Result<()> {
    conn.prepare_cached("UPDATE households SET updated_at = ?2, updated_by = ?3 WHERE id = ?1")?
        .execute(params![household_id, at, agent_id])?;
    Ok(())
}

/// Whether projecting `event` rewrites a household's search entry at once: the page's deferred
/// search entries must be written before it ([`DeferredIndex::finish`]).
pub(crate) fn reindexes(event: &Event) -> bool {
    matches!(
        event,
        Event::HouseholdUpdated { .. }
            | Event::PersonAdded { .. }
            | Event::PersonUpdated { .. }
            | Event::PersonRemoved { .. }
            | Event::DocumentAdded { .. }
            | Event::DocumentUpdated { .. }
            | Event::DocumentRemoved { .. }
    )
}

/// Writes the state of another desk's event `event` (parsed from `e`). A registered household's
/// search entry goes to `index`, written once for the page (FTS5 is much faster so).
pub(crate) fn project(
    conn: &Connection,
    e: &RemoteEvent,
    event: &Event,
    index: &mut DeferredIndex,
) -> Result<()> {
    let at = e.recorded_at.as_str();
    match event {
        Event::HouseholdRegistered {
            household, request, ..
        } => {
            if household_row(conn, household)?.is_some() {
                return Ok(());
            }
            let Ok(parsed) = parse_value(request) else {
                return Ok(());
            };
            let agent = origin_agent(conn, &e.agent, e.desk, at)?;
            register(conn, household, &parsed, agent, at, index)?;
        }
        Event::HouseholdUpdated { household, fields } => {
            let Some(id) = household_row(conn, household)? else {
                return Ok(());
            };
            let agent = origin_agent(conn, &e.agent, e.desk, at)?;
            let mut fields = fields.clone();
            // The portal's reference is unique here: another household holding it keeps it.
            if let Some(reference) = &fields.reference {
                let holder: Option<i64> = conn
                    .prepare_cached("SELECT id FROM households WHERE reference = ?1")?
                    .query_row([reference], |r| r.get(0))
                    .optional()?;
                if holder.is_some_and(|h| h != id) {
                    fields.reference = conn
                        .prepare_cached("SELECT reference FROM households WHERE id = ?1")?
                        .query_row([id], |r| r.get(0))?;
                }
            }
            write_fields(conn, id, &fields, agent, at)?;
            reindex(conn, id)?;
        }
        Event::PersonAdded {
            household,
            person,
            data,
        } => {
            let Some(id) = household_row(conn, household)? else {
                return Ok(());
            };
            if person_row(conn, person)?.is_some() {
                return Ok(());
            }
            let agent = origin_agent(conn, &e.agent, e.desk, at)?;
            let position: i64 = conn
                .prepare_cached(
                    "SELECT COALESCE(MAX(position) + 1, 0) FROM persons
                     WHERE household_id = ?1 AND role = ?2",
                )?
                .query_row(params![id, data.role()], |r| r.get(0))?;
            let (adult, child) = match data {
                PersonData::Adult(a) => (Some(a), None),
                PersonData::Child(c) => (None, Some(c)),
            };
            insert_person_row(conn, id, person, position, adult, child, agent, at)?;
            touch(conn, id, agent, at)?;
            reindex(conn, id)?;
        }
        Event::PersonUpdated { person, data, .. } => {
            let Some((row, household_id)) = person_row(conn, person)? else {
                return Ok(());
            };
            let role: String = conn
                .prepare_cached("SELECT role FROM persons WHERE id = ?1")?
                .query_row([row], |r| r.get(0))?;
            if role != data.role() {
                return Ok(());
            }
            let agent = origin_agent(conn, &e.agent, e.desk, at)?;
            write_person(conn, row, data, agent, at)?;
            touch(conn, household_id, agent, at)?;
            reindex(conn, household_id)?;
        }
        Event::PersonRemoved { person, .. } => {
            let Some((row, household_id)) = person_row(conn, person)? else {
                return Ok(());
            };
            // A person still named by a document or a voucher here stays: the central office
            // sees both desks' records.
            let named: bool = conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM document_holders WHERE person_id = ?1)
                         OR EXISTS (SELECT 1 FROM vouchers WHERE beneficiary_id = ?1)",
                )?
                .query_row([row], |r| r.get(0))?;
            if named {
                return Ok(());
            }
            let agent = origin_agent(conn, &e.agent, e.desk, at)?;
            conn.execute("DELETE FROM persons WHERE id = ?1", [row])?;
            touch(conn, household_id, agent, at)?;
            reindex(conn, household_id)?;
        }
        Event::DocumentAdded {
            household,
            document,
            data,
        } => {
            let Some(id) = household_row(conn, household)? else {
                return Ok(());
            };
            let agent = origin_agent(conn, &e.agent, e.desk, at)?;
            let holders = person_ids_by_number(conn, id)?;
            if data
                .holders()
                .iter()
                .any(|h| !holders.contains_key(h.as_str()))
            {
                return Ok(());
            }
            let local = insert_document_row(conn, id, data, &holders, agent, at)?;
            conn.prepare_cached(
                "INSERT OR IGNORE INTO remote_documents (desk, origin_id, document_id)
                 VALUES (?1, ?2, ?3)",
            )?
            .execute(params![e.desk, document, local])?;
            touch(conn, id, agent, at)?;
            reindex(conn, id)?;
        }
        Event::DocumentUpdated { document, data, .. } => {
            let Some((local, household_id)) = remote_document(conn, e.desk, *document)? else {
                return Ok(());
            };
            let holders = person_ids_by_number(conn, household_id)?;
            if data
                .holders()
                .iter()
                .any(|h| !holders.contains_key(h.as_str()))
            {
                return Ok(());
            }
            let agent = origin_agent(conn, &e.agent, e.desk, at)?;
            conn.execute(
                "UPDATE documents SET kind = ?2, body = ?3, updated_at = ?4, updated_by = ?5
                 WHERE id = ?1",
                params![
                    local,
                    data.kind().code(),
                    serde_json::to_string(data)?,
                    at,
                    agent
                ],
            )?;
            conn.execute(
                "DELETE FROM document_holders WHERE document_id = ?1",
                [local],
            )?;
            link_holders(conn, local, data, &holders)?;
            touch(conn, household_id, agent, at)?;
            reindex(conn, household_id)?;
        }
        Event::DocumentRemoved { document, .. } => {
            let Some((local, household_id)) = remote_document(conn, e.desk, *document)? else {
                return Ok(());
            };
            let agent = origin_agent(conn, &e.agent, e.desk, at)?;
            conn.execute("DELETE FROM scans WHERE document_id = ?1", [local])?;
            conn.execute(
                "DELETE FROM document_holders WHERE document_id = ?1",
                [local],
            )?;
            conn.execute("DELETE FROM documents WHERE id = ?1", [local])?;
            touch(conn, household_id, agent, at)?;
            reindex(conn, household_id)?;
        }
        Event::QfSaved {
            household,
            year,
            qf_cents,
            tranche,
            parts_quarters,
            reference_tax_income_cents,
            monthly_benefits_cents,
            instructed_on,
            site,
            channel,
            reference,
            derogation,
            correction,
        } => {
            let Some(id) = household_row(conn, household)? else {
                return Ok(());
            };
            if !has_reference(conn, reference.year, &reference.digest)? {
                return Ok(());
            }
            let agent = origin_agent(conn, &e.agent, e.desk, at)?;
            let lines = vec![format!(
                "QF enregistré au guichet {:02} par {} : le détail du calcul est dans le dossier \
                 de ce guichet.",
                e.desk, e.agent
            )];
            conn.prepare_cached(
                "INSERT INTO qf_decisions (household_id, year, qf_cents, tranche, parts_quarters,
                     reference_tax_income_cents, monthly_benefits_cents, instructed_on, site,
                     channel, agent_id, reference_year, reference_digest, derogation, created_at,
                     lines, correction)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17)",
            )?
            .execute(params![
                id,
                year,
                qf_cents.0,
                tranche,
                parts_quarters,
                reference_tax_income_cents.0,
                monthly_benefits_cents.0,
                date_text(*instructed_on),
                site,
                channel.code(),
                agent,
                reference.year,
                reference.digest,
                derogation,
                at,
                serde_json::to_string(&lines)?,
                correction
            ])?;
        }
        Event::VoucherIssued {
            number,
            household,
            beneficiary,
            scheme,
            year,
            amount_cents,
            issued_on,
            reference,
            budget_override,
            replaces,
        } => {
            issue(
                conn,
                e,
                &Issued {
                    number,
                    household,
                    beneficiary,
                    scheme_code: scheme.code(),
                    year: *year,
                    amount_cents: amount_cents.map(|a| a.0),
                    issued_on: date_text(*issued_on),
                    reference_year: reference.year,
                    reference_digest: &reference.digest,
                    budget_override: budget_override.as_deref(),
                    replaces: replaces.as_ref(),
                },
            )?;
        }
        Event::VoucherVoided { number, reason, .. } => {
            let agent = origin_agent(conn, &e.agent, e.desk, at)?;
            void(conn, &number.to_string(), reason, agent, at)?;
        }
        _ => {}
    }
    Ok(())
}

/// Voids a voucher (of any desk) that is still live here, as `agent` did at `at`.
pub(crate) fn void(
    conn: &Connection,
    number: &str,
    reason: &str,
    agent: i64,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE vouchers SET status = 'voided', void_reason = ?2, voided_by = ?3, voided_at = ?4
         WHERE number = ?1 AND status = 'issued'",
    )?
    .execute(params![number, reason, agent, at])?;
    Ok(())
}

fn remote_document(conn: &Connection, desk: u8, origin: i64) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached(
            "SELECT d.id, d.household_id FROM remote_documents r
             JOIN documents d ON d.id = r.document_id WHERE r.desk = ?1 AND r.origin_id = ?2",
        )?
        .query_row(params![desk, origin], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A household registered at another desk, with the numbers it gave its people there.
fn register(
    conn: &Connection,
    number: &HouseholdNumber,
    household: &Household,
    agent: i64,
    at: &str,
    index: &mut DeferredIndex,
) -> Result<()> {
    // The portal's reference is unique here: the same request imported at two desks is a
    // duplicate the central office shows; the second copy keeps no reference.
    let reference = match &household.reference {
        Some(r)
            if conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM households WHERE reference = ?1)")?
                .query_row([r], |row| row.get::<_, bool>(0))? =>
        {
            None
        }
        other => other.clone(),
    };
    let fields = HouseholdFields::of(household);
    conn.prepare_cached(
        "INSERT INTO households (number, reference, address_line, postcode, city,
             department_since, channel, site, received_on, couple,
             created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)",
    )?
    .execute(params![
        number.to_string(),
        reference,
        fields.address.line,
        fields.address.postcode,
        fields.address.city,
        fields.address.department_since.map(date_text),
        fields.channel.code(),
        fields.site.unwrap_or_default(),
        date_text(fields.received_on),
        fields.couple,
        at,
        agent
    ])?;
    let household_id = conn.last_insert_rowid();
    let mut by_number: HashMap<String, i64> = HashMap::new();
    let mut person_ids = Vec::new();
    let people = household
        .adults
        .iter()
        .map(|a| (a.id.as_str(), Some(a), None::<&Child>))
        .chain(
            household
                .children
                .iter()
                .map(|c| (c.id.as_str(), None::<&Adult>, Some(c))),
        );
    let mut positions = (0_i64, 0_i64);
    for (id, adult, child) in people {
        let person = PersonNumber::parse(id).ok_or_else(|| {
            StoreError::Corrupt(format!("person number {id:?} in a registration"))
        })?;
        let position = if adult.is_some() {
            &mut positions.0
        } else {
            &mut positions.1
        };
        let row = insert_person_row(
            conn,
            household_id,
            &person,
            *position,
            adult,
            child,
            agent,
            at,
        )?;
        *position += 1;
        by_number.insert(person.to_string(), row);
        person_ids.push(row);
    }
    for document in &household.documents {
        if document
            .holders()
            .iter()
            .all(|h| by_number.contains_key(h.as_str()))
        {
            insert_document_row(conn, household_id, document, &by_number, agent, at)?;
        }
    }
    let mut indexed = household.clone();
    indexed.reference = reference;
    search::index_household(
        conn,
        household_id,
        number,
        &indexed,
        &person_ids,
        Fts::Deferred(index),
    )
}

/// The fields of a `voucher_issued` event.
struct Issued<'a> {
    number: &'a VoucherNumber,
    household: &'a HouseholdNumber,
    beneficiary: &'a PersonNumber,
    scheme_code: &'a str,
    year: i32,
    amount_cents: Option<i64>,
    issued_on: String,
    reference_year: i32,
    reference_digest: &'a str,
    budget_override: Option<&'a str>,
    replaces: Option<&'a VoucherNumber>,
}

/// A voucher another desk issued. Its number follows that desk's previous one of the scheme and
/// year (the table's rule); one that does not (an earlier one was skipped) is skipped too.
fn issue(conn: &Connection, e: &RemoteEvent, v: &Issued<'_>) -> Result<()> {
    let Some(household_id) = household_row(conn, v.household)? else {
        return Ok(());
    };
    let Some((beneficiary_id, _)) = person_row(conn, v.beneficiary)? else {
        return Ok(());
    };
    if !has_reference(conn, v.reference_year, v.reference_digest)? {
        return Ok(());
    }
    let next: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(MAX(sequence), 0) + 1 FROM vouchers
             WHERE scheme = ?1 AND year = ?2 AND desk = ?3",
        )?
        .query_row(params![v.scheme_code, v.year, v.number.desk.get()], |r| {
            r.get(0)
        })?;
    if next != i64::from(v.number.sequence) {
        return Ok(());
    }
    let agent = origin_agent(conn, &e.agent, e.desk, &e.recorded_at)?;
    let replaces_id: Option<i64> = match v.replaces {
        None => None,
        Some(old) => conn
            .prepare_cached("SELECT id FROM vouchers WHERE number = ?1")?
            .query_row([old.to_string()], |r| r.get(0))
            .optional()?,
    };
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO vouchers (number, scheme, year, desk, sequence, household_id,
                 beneficiary_id, amount_cents, status, issued_on, issued_by, replaces_id,
                 reference_year, reference_digest, budget_override, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'issued', ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             RETURNING id",
        )?
        .query_row(
            params![
                v.number.to_string(),
                v.scheme_code,
                v.year,
                v.number.desk.get(),
                v.number.sequence,
                household_id,
                beneficiary_id,
                v.amount_cents,
                v.issued_on,
                agent,
                replaces_id,
                v.reference_year,
                v.reference_digest,
                v.budget_override,
                e.recorded_at,
            ],
            |r| r.get(0),
        )?;
    if let Some(old) = replaces_id {
        conn.prepare_cached("UPDATE vouchers SET replaced_by_id = ?2 WHERE id = ?1")?
            .execute(params![old, id])?;
    }
    Ok(())
}
