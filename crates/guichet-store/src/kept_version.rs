//! "Keep one version of a household": how a supervisor settles a concurrent edit. The *kept
//! version* is the household as the chosen desk last wrote it — its fields from that desk's latest
//! `household_updated` (or its registration), each person's data from that desk's latest
//! `person_updated` (or the registration) — read from this desk's journal when the chosen desk is
//! this one, from `remote_events` otherwise. Resolving writes that version here and journals it
//! again as ordinary edits, after every edit this desk has pulled: each desk that applies them
//! ends with the same household, whatever order it received the concurrent edits in.

use std::collections::BTreeMap;

use guichet_core::request::parse_request;
use guichet_core::{DeskNumber, PersonNumber};
use rusqlite::{Connection, OptionalExtension, params};

use crate::agents::Agent;
use crate::error::{Result, StoreError};
use crate::households::{HouseholdFields, household_id, write_fields};
use crate::journal::{self, Event};
use crate::persons::{PersonData, write_person};

/// The household `household` as desk `desk` last wrote it, written here and journaled by
/// `agent`; returns the household's row id.
pub(crate) fn reassert(
    conn: &Connection,
    own: DeskNumber,
    household: &str,
    desk: &str,
    agent: &Agent,
    now: &str,
) -> Result<i64> {
    let (id, number) = household_id(conn, household)?;
    let chosen = DeskNumber::parse(desk).ok_or_else(|| {
        StoreError::Refused(format!(
            "« {desk} » n'est pas un numéro de guichet (01 à 99)."
        ))
    })?;
    let payloads: Vec<String> = if chosen == own {
        conn.prepare_cached("SELECT payload FROM journal WHERE household_id = ?1 ORDER BY seq")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    } else {
        conn.prepare_cached(
            "SELECT payload FROM remote_events WHERE household = ?1 AND desk = ?2
             ORDER BY global_seq",
        )?
        .query_map(params![number.to_string(), chosen.get()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?
    };
    let mut fields: Option<HouseholdFields> = None;
    let mut people: BTreeMap<String, (PersonNumber, PersonData)> = BTreeMap::new();
    for payload in payloads {
        let Ok(event) = serde_json::from_str::<Event>(&payload) else {
            continue;
        };
        match event {
            Event::HouseholdRegistered { request, .. } => {
                let Ok(registered) = parse_request(&request.to_string()) else {
                    continue;
                };
                fields = Some(HouseholdFields::of(&registered));
                for a in &registered.adults {
                    if let Some(n) = PersonNumber::parse(a.id.as_str()) {
                        people.insert(n.to_string(), (n, PersonData::Adult(a.clone())));
                    }
                }
                for c in &registered.children {
                    if let Some(n) = PersonNumber::parse(c.id.as_str()) {
                        people.insert(n.to_string(), (n, PersonData::Child(c.clone())));
                    }
                }
            }
            Event::HouseholdUpdated { fields: f, .. } => fields = Some(f),
            Event::PersonAdded { person, data, .. } | Event::PersonUpdated { person, data, .. } => {
                people.insert(person.to_string(), (person, data));
            }
            _ => {}
        }
    }
    if fields.is_none() && people.is_empty() {
        return Err(StoreError::Refused(format!(
            "Ce guichet n'a reçu aucune version du foyer {number} écrite au guichet {chosen} : \
             synchronisez, puis réessayez."
        )));
    }
    if let Some(fields) = fields {
        write_fields(conn, id, &fields, agent.id, now)?;
        journal::append(
            conn,
            &Event::HouseholdUpdated {
                household: number,
                fields,
            },
            agent.id,
            Some(id),
            now,
        )?;
    }
    for (person, data) in people.into_values() {
        // A person removed since, or whose role changed, is left as it is.
        let row: Option<(i64, String)> = conn
            .prepare_cached("SELECT id, role FROM persons WHERE number = ?1 AND household_id = ?2")?
            .query_row(params![person.to_string(), id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((row, role)) = row else {
            continue;
        };
        if role != data.role() {
            continue;
        }
        write_person(conn, row, &data, agent.id, now)?;
        journal::append(
            conn,
            &Event::PersonUpdated {
                household: number,
                person,
                data,
            },
            agent.id,
            Some(id),
            now,
        )?;
    }
    conn.prepare_cached("UPDATE households SET updated_at = ?2, updated_by = ?3 WHERE id = ?1")?
        .execute(params![id, now, agent.id])?;
    crate::projection::reindex(conn, id)?;
    Ok(id)
}
