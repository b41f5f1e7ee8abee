//! Households (foyers) in the case file: registering one with its people and documents (import,
//! desk, demo all go through [`insert_household`]), editing its own fields, and loading it back as the
//! core's [`Household`] with person numbers as ids.

use std::collections::HashMap;

use chrono::NaiveDate;
use guichet_core::documents::Document;
use guichet_core::household::{Address, Adult, Channel, Child, Minimum, Residence};
use guichet_core::request::{parse_request, to_request_value};
use guichet_core::{DeskNumber, Household, HouseholdNumber, PersonId, PersonNumber};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use crate::CaseFile;
use crate::agents::agent_by_name;
use crate::error::{Result, StoreError};
use crate::journal::{self, Event, Origin};
use crate::rows::{self, date_text, parse_date};
use crate::search::{self, Fts};

/// The household's own fields (what `update_household` changes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HouseholdFields {
    /// The online portal's reference (unique in the case file).
    pub reference: Option<String>,
    pub channel: Channel,
    /// Where the request is handled; `None`: the desk's default site.
    pub site: Option<String>,
    pub received_on: NaiveDate,
    pub address: Address,
    pub couple: bool,
}

impl HouseholdFields {
    pub fn of(household: &Household) -> HouseholdFields {
        HouseholdFields {
            reference: household.reference.clone(),
            channel: household.channel,
            site: household.site.clone(),
            received_on: household.received_on,
            address: household.address.clone(),
            couple: household.couple,
        }
    }
}

/// A household as stored: its row, its number, the core model (person numbers as ids) and the
/// row ids of its people (adults then children, as in `household`) and documents.
#[derive(Debug, Clone)]
pub(crate) struct StoredHousehold {
    pub number: HouseholdNumber,
    pub household: Household,
    pub person_ids: Vec<i64>,
    pub document_ids: Vec<i64>,
}

/// What [`insert_household`] made.
#[derive(Debug, Clone)]
pub(crate) struct Registered {
    pub id: i64,
    pub number: HouseholdNumber,
    /// The household with person numbers as ids.
    pub household: Household,
    /// The request's ids and the person numbers given to them, in member order.
    pub persons: Vec<(PersonId, PersonNumber)>,
}

/// Takes `count` numbers from a desk sequence; returns the first.
pub(crate) fn take_sequence(conn: &Connection, name: &str, count: u32) -> Result<u32> {
    let first: i64 = conn
        .prepare_cached(
            "UPDATE sequences SET next = next + ?2 WHERE name = ?1 RETURNING next - ?2",
        )?
        .query_row(params![name, count], |row| row.get(0))?;
    let last = first + i64::from(count) - 1;
    if last > 999_999 {
        return Err(StoreError::Refused(format!(
            "La numérotation ({name}) de ce guichet est épuisée : prévenez le service central."
        )));
    }
    u32::try_from(first).map_err(|_| StoreError::Corrupt(format!("sequence {name} = {first}")))
}

/// The file number of the household holding that reference, if any.
pub(crate) fn household_with_reference(
    conn: &Connection,
    reference: &str,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT number FROM households WHERE reference = ?1")?
        .query_row([reference], |row| row.get(0))
        .optional()?)
}

/// The row id and number of a household, from its file number.
pub(crate) fn household_id(conn: &Connection, number: &str) -> Result<(i64, HouseholdNumber)> {
    let number = number.trim();
    let parsed = HouseholdNumber::parse(number)
        .ok_or_else(|| StoreError::UnknownHousehold(number.to_owned()))?;
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM households WHERE number = ?1")?
        .query_row([number], |row| row.get(0))
        .optional()?;
    let id = id.ok_or_else(|| StoreError::UnknownHousehold(number.to_owned()))?;
    Ok((id, parsed))
}

/// Checks a household against the request format's rules (amounts, dates, holders, ids) by writing
/// it as a request and reading it back: the same rules as an import, in one place.
pub(crate) fn validate(household: &Household) -> Result<()> {
    let value = to_request_value(household);
    parse_request(&value.to_string())?;
    Ok(())
}

fn minima_text(minima: &std::collections::BTreeSet<Minimum>) -> String {
    minima
        .iter()
        .map(|m| m.code())
        .collect::<Vec<_>>()
        .join(",")
}

fn residence_code(residence: Residence) -> &'static str {
    match residence {
        Residence::Full => "full",
        Residence::Shared => "shared",
    }
}

/// Inserts one person row; returns its row id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_person_row(
    conn: &Connection,
    household_id: i64,
    number: &PersonNumber,
    position: i64,
    adult: Option<&Adult>,
    child: Option<&Child>,
    agent_id: i64,
    now: &str,
) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO persons (number, household_id, role, position, last_name, first_name,
             birth_date, minima_sociaux, disability_rate, retired_unfit, residence, disability,
             schooled, student, left_household, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?16, ?17)",
    )?;
    let number = number.to_string();
    match (adult, child) {
        (Some(a), _) => stmt.execute(params![
            number,
            household_id,
            "adult",
            position,
            a.last_name,
            a.first_name,
            date_text(a.birth_date),
            minima_text(&a.minima_sociaux),
            a.disability_rate,
            a.retired_unfit,
            Option::<&str>::None,
            false,
            false,
            false,
            false,
            now,
            agent_id
        ])?,
        (None, Some(c)) => stmt.execute(params![
            number,
            household_id,
            "child",
            position,
            c.last_name,
            c.first_name,
            date_text(c.birth_date),
            "",
            Option::<u8>::None,
            false,
            residence_code(c.residence),
            c.disability,
            c.schooled,
            c.student,
            c.left,
            now,
            agent_id
        ])?,
        (None, None) => return Err(StoreError::Corrupt("a person with no role".to_owned())),
    };
    Ok(conn.last_insert_rowid())
}

/// Inserts a document and its holder links. `holders` maps person numbers to row ids.
pub(crate) fn insert_document_row(
    conn: &Connection,
    household_id: i64,
    document: &Document,
    holders: &HashMap<String, i64>,
    agent_id: i64,
    now: &str,
) -> Result<i64> {
    let body = serde_json::to_string(document)?;
    conn.prepare_cached(
        "INSERT INTO documents (household_id, kind, body, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)",
    )?
    .execute(params![household_id, document.kind().code(), body, now, agent_id])?;
    let document_id = conn.last_insert_rowid();
    link_holders(conn, document_id, document, holders)?;
    Ok(document_id)
}

/// Writes the holder links of a document (after clearing the old ones on update).
pub(crate) fn link_holders(
    conn: &Connection,
    document_id: i64,
    document: &Document,
    holders: &HashMap<String, i64>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO document_holders (document_id, person_id) VALUES (?1, ?2)",
    )?;
    for holder in document.holders() {
        let person_id = holders.get(holder.as_str()).ok_or_else(|| {
            StoreError::Refused(format!(
                "La pièce « {} » nomme une personne qui n'est pas du foyer ({holder}).",
                document.kind().label()
            ))
        })?;
        stmt.execute(params![document_id, person_id])?;
    }
    Ok(())
}

/// Registers a household with its people and documents: gives it a file number and its people
/// person numbers, renames the documents' holders, and indexes it for search. The caller journals
/// the event (with [`Registered::household`]) in the same transaction.
pub(crate) fn insert_household(
    conn: &Connection,
    desk: DeskNumber,
    default_site: &str,
    household: &Household,
    agent_id: i64,
    now: &str,
    fts: Fts<'_>,
) -> Result<Registered> {
    if let Some(reference) = &household.reference
        && let Some(existing) = household_with_reference(conn, reference)?
    {
        return Err(StoreError::DuplicateReference {
            reference: reference.clone(),
            household: existing,
        });
    }
    let number = HouseholdNumber::new(desk, take_sequence(conn, "household", 1)?);
    let site = household
        .site
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(default_site)
        .to_owned();
    conn.prepare_cached(
        "INSERT INTO households (number, reference, address_line, postcode, city,
             department_since, channel, site, received_on, couple,
             created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)",
    )?
    .execute(params![
        number.to_string(),
        household.reference,
        household.address.line,
        household.address.postcode,
        household.address.city,
        household.address.department_since.map(date_text),
        household.channel.code(),
        site,
        date_text(household.received_on),
        household.couple,
        now,
        agent_id
    ])?;
    let household_id = conn.last_insert_rowid();

    let count = u32::try_from(household.adults.len() + household.children.len())
        .map_err(|_| StoreError::Refused("Ce foyer compte trop de personnes.".to_owned()))?;
    let first = take_sequence(conn, "person", count.max(1))?;
    let mut renamed = household.clone();
    renamed.site = Some(site);
    let mut persons = Vec::with_capacity(count as usize);
    let mut person_ids = Vec::with_capacity(count as usize);
    let mut by_number: HashMap<String, i64> = HashMap::with_capacity(count as usize);
    let mut by_request_id: HashMap<&str, PersonId> = HashMap::with_capacity(count as usize);
    let mut sequence = first;
    for (position, adult) in household.adults.iter().enumerate() {
        let pn = PersonNumber::new(desk, sequence);
        sequence += 1;
        let row = insert_person_row(
            conn,
            household_id,
            &pn,
            position as i64,
            Some(adult),
            None,
            agent_id,
            now,
        )?;
        by_number.insert(pn.to_string(), row);
        by_request_id.insert(adult.id.as_str(), PersonId(pn.to_string()));
        renamed.adults[position].id = PersonId(pn.to_string());
        persons.push((adult.id.clone(), pn));
        person_ids.push(row);
    }
    for (position, child) in household.children.iter().enumerate() {
        let pn = PersonNumber::new(desk, sequence);
        sequence += 1;
        let row = insert_person_row(
            conn,
            household_id,
            &pn,
            position as i64,
            None,
            Some(child),
            agent_id,
            now,
        )?;
        by_number.insert(pn.to_string(), row);
        by_request_id.insert(child.id.as_str(), PersonId(pn.to_string()));
        renamed.children[position].id = PersonId(pn.to_string());
        persons.push((child.id.clone(), pn));
        person_ids.push(row);
    }
    for document in renamed.documents.iter_mut() {
        if let Some(unknown) = document
            .holders()
            .into_iter()
            .find(|h| !by_request_id.contains_key(h.as_str()))
        {
            return Err(StoreError::Refused(format!(
                "La pièce « {} » nomme une personne inconnue ({unknown}).",
                document.kind().label()
            )));
        }
        document.map_holders(|h| {
            by_request_id
                .get(h.as_str())
                .cloned()
                .unwrap_or_else(|| h.clone())
        });
        insert_document_row(conn, household_id, document, &by_number, agent_id, now)?;
    }
    search::index_household(conn, household_id, &number, &renamed, &person_ids, fts)?;
    Ok(Registered {
        id: household_id,
        number,
        household: renamed,
        persons,
    })
}

fn flag(value: i64) -> bool {
    value != 0
}

/// Loads a household from its row id.
pub(crate) fn load_household(conn: &Connection, household_id: i64) -> Result<StoredHousehold> {
    type HouseholdRow = (
        String,
        Option<String>,
        String,
        String,
        String,
        Option<String>,
        String,
        String,
        String,
        bool,
    );
    let row: HouseholdRow = conn
        .prepare_cached(
            "SELECT number, reference, address_line, postcode, city, department_since, channel,
                    site, received_on, couple
             FROM households WHERE id = ?1",
        )?
        .query_row([household_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })
        .optional()?
        .ok_or_else(|| StoreError::UnknownHousehold(format!("#{household_id}")))?;
    let (number, reference, line, postcode, city, since, channel, site, received_on, couple) = row;
    let number = HouseholdNumber::parse(&number)
        .ok_or_else(|| StoreError::Corrupt(format!("household number {number:?}")))?;
    let channel = Channel::from_code(&channel)
        .ok_or_else(|| StoreError::Corrupt(format!("channel {channel:?}")))?;
    let mut household = Household {
        reference,
        channel,
        site: Some(site),
        received_on: parse_date(&received_on)?,
        address: Address {
            line,
            postcode,
            city,
            department_since: since.as_deref().map(parse_date).transpose()?,
        },
        adults: Vec::new(),
        couple,
        children: Vec::new(),
        documents: Vec::new(),
    };

    let mut person_ids = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT id, number, role, last_name, first_name, birth_date, minima_sociaux,
                    disability_rate, retired_unfit, residence, disability, schooled, student,
                    left_household
             FROM persons WHERE household_id = ?1 ORDER BY role, position",
        )?;
        let mut rows = stmt.query([household_id])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let number: String = r.get(1)?;
            let role: String = r.get(2)?;
            let birth: String = r.get(5)?;
            let birth_date = parse_date(&birth)?;
            match role.as_str() {
                "adult" => {
                    let minima: String = r.get(6)?;
                    let mut minima_sociaux = std::collections::BTreeSet::new();
                    for code in minima.split(',').filter(|c| !c.is_empty()) {
                        minima_sociaux.insert(
                            Minimum::from_code(code)
                                .ok_or_else(|| StoreError::Corrupt(format!("minimum {code:?}")))?,
                        );
                    }
                    household.adults.push(Adult {
                        id: PersonId(number),
                        last_name: r.get(3)?,
                        first_name: r.get(4)?,
                        birth_date,
                        minima_sociaux,
                        disability_rate: r.get(7)?,
                        retired_unfit: flag(r.get(8)?),
                    });
                }
                "child" => {
                    let residence: Option<String> = r.get(9)?;
                    let residence = match residence.as_deref() {
                        Some("shared") => Residence::Shared,
                        Some("full") => Residence::Full,
                        other => {
                            return Err(StoreError::Corrupt(format!("residence {other:?}")));
                        }
                    };
                    household.children.push(Child {
                        id: PersonId(number),
                        last_name: r.get(3)?,
                        first_name: r.get(4)?,
                        birth_date,
                        residence,
                        disability: flag(r.get(10)?),
                        schooled: flag(r.get(11)?),
                        student: flag(r.get(12)?),
                        left: flag(r.get(13)?),
                    });
                }
                other => return Err(StoreError::Corrupt(format!("person role {other:?}"))),
            }
            person_ids.push(id);
        }
    }

    let mut document_ids = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached("SELECT id, body FROM documents WHERE household_id = ?1 ORDER BY id")?;
        let mut rows = stmt.query([household_id])?;
        while let Some(r) = rows.next()? {
            let body: String = r.get(1)?;
            household.documents.push(serde_json::from_str(&body)?);
            document_ids.push(r.get(0)?);
        }
    }
    Ok(StoredHousehold {
        number,
        household,
        person_ids,
        document_ids,
    })
}

/// Marks a household as changed by `agent_id`.
pub(crate) fn touch(conn: &Connection, household_id: i64, agent_id: i64, now: &str) -> Result<()> {
    conn.prepare_cached("UPDATE households SET updated_at = ?2, updated_by = ?3 WHERE id = ?1")?
        .execute(params![household_id, now, agent_id])?;
    Ok(())
}

/// After an edit: checks the whole household against the request rules and refreshes its search
/// entry. Called inside the edit's transaction, so a refused edit writes nothing.
pub(crate) fn revalidate_and_reindex(
    conn: &Connection,
    household_id: i64,
) -> Result<StoredHousehold> {
    let stored = load_household(conn, household_id)?;
    validate(&stored.household)?;
    search::index_household(
        conn,
        household_id,
        &stored.number,
        &stored.household,
        &stored.person_ids,
        Fts::Now,
    )?;
    Ok(stored)
}

/// Writes the household's own fields over its row (`fields.site` already resolved to a site).
pub(crate) fn write_fields(
    conn: &Connection,
    id: i64,
    fields: &HouseholdFields,
    agent_id: i64,
    now: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE households SET reference = ?2, address_line = ?3, postcode = ?4, city = ?5,
             department_since = ?6, channel = ?7, site = COALESCE(?8, site), received_on = ?9,
             couple = ?10, updated_at = ?11, updated_by = ?12
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        fields.reference,
        fields.address.line,
        fields.address.postcode,
        fields.address.city,
        fields.address.department_since.map(date_text),
        fields.channel.code(),
        fields.site,
        date_text(fields.received_on),
        fields.couple,
        now,
        agent_id
    ])?;
    Ok(())
}

impl CaseFile {
    /// Use case: an agent registers a household at the desk, with its people and documents (named by
    /// any ids unique within it, as in a request). Returns the new file number.
    pub fn create_household(
        &mut self,
        household: &Household,
        agent: &str,
    ) -> Result<HouseholdNumber> {
        validate(household)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let now = rows::now();
        let registered = insert_household(
            &tx,
            self.desk,
            &self.site,
            household,
            agent.id,
            &now,
            Fts::Now,
        )?;
        journal::append(
            &tx,
            &Event::HouseholdRegistered {
                household: registered.number,
                origin: Origin::Desk,
                reference: registered.household.reference.clone(),
                request: to_request_value(&registered.household),
            },
            agent.id,
            Some(registered.id),
            &now,
        )?;
        tx.commit()?;
        Ok(registered.number)
    }

    /// Use case: an agent corrects the household's own fields (address, reference, channel, site,
    /// date received, couple).
    pub fn update_household(
        &mut self,
        number: &str,
        fields: &HouseholdFields,
        agent: &str,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let (id, parsed) = household_id(&tx, number)?;
        if let Some(reference) = &fields.reference
            && let Some(existing) = household_with_reference(&tx, reference)?
            && existing != parsed.to_string()
        {
            return Err(StoreError::DuplicateReference {
                reference: reference.clone(),
                household: existing,
            });
        }
        let site = fields
            .site
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(&self.site)
            .to_owned();
        let now = rows::now();
        let mut fields = fields.clone();
        fields.site = Some(site);
        write_fields(&tx, id, &fields, agent.id, &now)?;
        revalidate_and_reindex(&tx, id)?;
        journal::append(
            &tx,
            &Event::HouseholdUpdated {
                household: parsed,
                fields,
            },
            agent.id,
            Some(id),
            &now,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The household of file number `number`, people named by their person numbers.
    pub fn household(&self, number: &str) -> Result<Household> {
        let (id, _) = household_id(&self.conn, number)?;
        Ok(load_household(&self.conn, id)?.household)
    }

    /// The file number of the household imported with that external reference, if any.
    pub fn household_by_reference(&self, reference: &str) -> Result<Option<String>> {
        household_with_reference(&self.conn, reference)
    }
}
