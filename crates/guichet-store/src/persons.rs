//! The people of a household: adding, correcting and removing an adult or a child. A person keeps
//! the person number (`P-07-000456`) given when registered; the `id` inside [`PersonData`] is
//! ignored on input and set to that number on output.

use std::collections::HashMap;

use guichet_core::household::{Adult, Child};
use guichet_core::{PersonId, PersonNumber};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use crate::CaseFile;
use crate::agents::agent_by_name;
use crate::error::{Result, StoreError};
use crate::households::{
    household_id, insert_person_row, revalidate_and_reindex, take_sequence, touch,
};
use crate::journal::{self, Event};
use crate::rows::{self, date_text};

/// A person's data: an adult or a child of the household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PersonData {
    Adult(Adult),
    Child(Child),
}

impl PersonData {
    pub fn full_name(&self) -> String {
        match self {
            PersonData::Adult(a) => a.full_name(),
            PersonData::Child(c) => c.full_name(),
        }
    }

    pub(crate) fn role(&self) -> &'static str {
        match self {
            PersonData::Adult(_) => "adult",
            PersonData::Child(_) => "child",
        }
    }

    fn with_id(mut self, id: &PersonNumber) -> PersonData {
        let id = PersonId(id.to_string());
        match &mut self {
            PersonData::Adult(a) => a.id = id,
            PersonData::Child(c) => c.id = id,
        }
        self
    }
}

/// A person's row: its id, household, number and role.
struct PersonRow {
    id: i64,
    household_id: i64,
    number: PersonNumber,
    role: String,
    name: String,
}

fn person_row(conn: &Connection, number: &str) -> Result<PersonRow> {
    let number = number.trim();
    let parsed =
        PersonNumber::parse(number).ok_or_else(|| StoreError::UnknownPerson(number.to_owned()))?;
    let row = conn
        .prepare_cached(
            "SELECT id, household_id, role, first_name || ' ' || last_name
             FROM persons WHERE number = ?1",
        )?
        .query_row([number], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let (id, household_id, role, name) =
        row.ok_or_else(|| StoreError::UnknownPerson(number.to_owned()))?;
    Ok(PersonRow {
        id,
        household_id,
        number: parsed,
        role,
        name,
    })
}

fn household_number_of(
    conn: &Connection,
    household_id: i64,
) -> Result<guichet_core::HouseholdNumber> {
    let number: String = conn
        .prepare_cached("SELECT number FROM households WHERE id = ?1")?
        .query_row([household_id], |r| r.get(0))?;
    guichet_core::HouseholdNumber::parse(&number)
        .ok_or_else(|| StoreError::Corrupt(format!("household number {number:?}")))
}

/// Writes a person's data (names, birth date, flags) over its row; the role does not change.
pub(crate) fn write_person(
    conn: &Connection,
    id: i64,
    data: &PersonData,
    agent_id: i64,
    now: &str,
) -> Result<()> {
    match data {
        PersonData::Adult(a) => conn.execute(
            "UPDATE persons SET last_name = ?2, first_name = ?3, birth_date = ?4,
                 minima_sociaux = ?5, disability_rate = ?6, retired_unfit = ?7,
                 updated_at = ?8, updated_by = ?9
             WHERE id = ?1",
            params![
                id,
                a.last_name,
                a.first_name,
                date_text(a.birth_date),
                a.minima_sociaux
                    .iter()
                    .map(|m| m.code())
                    .collect::<Vec<_>>()
                    .join(","),
                a.disability_rate,
                a.retired_unfit,
                now,
                agent_id
            ],
        )?,
        PersonData::Child(c) => conn.execute(
            "UPDATE persons SET last_name = ?2, first_name = ?3, birth_date = ?4,
                 residence = ?5, disability = ?6, schooled = ?7, student = ?8,
                 left_household = ?9, updated_at = ?10, updated_by = ?11
             WHERE id = ?1",
            params![
                id,
                c.last_name,
                c.first_name,
                date_text(c.birth_date),
                match c.residence {
                    guichet_core::household::Residence::Full => "full",
                    guichet_core::household::Residence::Shared => "shared",
                },
                c.disability,
                c.schooled,
                c.student,
                c.left,
                now,
                agent_id
            ],
        )?,
    };
    Ok(())
}

impl CaseFile {
    /// Use case: adds a person to household `number`; returns the new person number.
    pub fn add_person(
        &mut self,
        number: &str,
        data: &PersonData,
        agent: &str,
    ) -> Result<PersonNumber> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let (household, parsed) = household_id(&tx, number)?;
        let now = rows::now();
        let person = PersonNumber::new(self.desk, take_sequence(&tx, "person", 1)?);
        let position: i64 = tx.query_row(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM persons WHERE household_id = ?1 AND role = ?2",
            params![household, data.role()],
            |r| r.get(0),
        )?;
        let (adult, child) = match data {
            PersonData::Adult(a) => (Some(a), None),
            PersonData::Child(c) => (None, Some(c)),
        };
        insert_person_row(
            &tx, household, &person, position, adult, child, agent.id, &now,
        )?;
        touch(&tx, household, agent.id, &now)?;
        revalidate_and_reindex(&tx, household)?;
        journal::append(
            &tx,
            &Event::PersonAdded {
                household: parsed,
                person,
                data: data.clone().with_id(&person),
            },
            agent.id,
            Some(household),
            &now,
        )?;
        tx.commit()?;
        Ok(person)
    }

    /// Use case: corrects a person's data (names, birth date, flags). The role does not change.
    pub fn update_person(&mut self, person: &str, data: &PersonData, agent: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let row = person_row(&tx, person)?;
        if row.role != data.role() {
            return Err(StoreError::Refused(format!(
                "{} ne peut pas changer de rôle (adulte ou enfant) : retirez la personne et \
                 ajoutez-la à nouveau.",
                row.name
            )));
        }
        let now = rows::now();
        write_person(&tx, row.id, data, agent.id, &now)?;
        touch(&tx, row.household_id, agent.id, &now)?;
        revalidate_and_reindex(&tx, row.household_id)?;
        journal::append(
            &tx,
            &Event::PersonUpdated {
                household: household_number_of(&tx, row.household_id)?,
                person: row.number,
                data: data.clone().with_id(&row.number),
            },
            agent.id,
            Some(row.household_id),
            &now,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Use case: removes a person from its household (registered by mistake, or twice). Refused
    /// while documents name the person, once the person has received a voucher, and for the
    /// household's last adult.
    pub fn remove_person(&mut self, person: &str, agent: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let row = person_row(&tx, person)?;
        let held: Vec<String> = tx
            .prepare_cached(
                "SELECT d.kind FROM document_holders h JOIN documents d ON d.id = h.document_id
                 WHERE h.person_id = ?1 ORDER BY d.id",
            )?
            .query_map([row.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !held.is_empty() {
            let labels: Vec<&str> = held
                .iter()
                .map(|k| {
                    guichet_core::documents::DocumentKind::from_code(k)
                        .map_or(k.as_str(), |k| k.label())
                })
                .collect();
            return Err(StoreError::Refused(format!(
                "{} ne peut pas être retiré(e) du foyer : des pièces lui sont rattachées ({}). \
                 Retirez-les ou corrigez-les d'abord.",
                row.name,
                labels.join(", ")
            )));
        }
        // Vouchers name their beneficiary for ever (providers return them to be reimbursed): a
        // person who received one stays in the household, even once the voucher is voided.
        let vouchers: Vec<String> = tx
            .prepare_cached("SELECT number FROM vouchers WHERE beneficiary_id = ?1 ORDER BY id")?
            .query_map([row.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !vouchers.is_empty() {
            return Err(StoreError::Refused(format!(
                "{} ne peut pas être retiré(e) du foyer : des bons lui ont été émis ({}). Un bon \
                 reste attaché à son bénéficiaire, même annulé : corrigez plutôt sa fiche.",
                row.name,
                vouchers.join(", ")
            )));
        }
        if row.role == "adult" {
            let adults: i64 = tx.query_row(
                "SELECT COUNT(*) FROM persons WHERE household_id = ?1 AND role = 'adult'",
                [row.household_id],
                |r| r.get(0),
            )?;
            if adults <= 1 {
                return Err(StoreError::Refused(format!(
                    "{} est le seul adulte du foyer : un foyer compte au moins un adulte.",
                    row.name
                )));
            }
        }
        let now = rows::now();
        tx.execute("DELETE FROM persons WHERE id = ?1", [row.id])?;
        touch(&tx, row.household_id, agent.id, &now)?;
        revalidate_and_reindex(&tx, row.household_id)?;
        journal::append(
            &tx,
            &Event::PersonRemoved {
                household: household_number_of(&tx, row.household_id)?,
                person: row.number,
                name: row.name,
            },
            agent.id,
            Some(row.household_id),
            &now,
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// Person numbers of a household mapped to their row ids (to link document holders).
pub(crate) fn person_ids_by_number(
    conn: &Connection,
    household_id: i64,
) -> Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare_cached("SELECT number, id FROM persons WHERE household_id = ?1")?;
    let rows = stmt.query_map([household_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
