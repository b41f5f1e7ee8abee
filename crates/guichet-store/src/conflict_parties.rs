//! Who and what a conflict names, as this desk knows them: the *parties* of a conflict are its
//! persons (name, birth date, desk, household) and its vouchers (scheme, year, beneficiary,
//! status), read from the state tables, where other desks' households are rebuilt on pull
//! (`projection.rs`). A number this desk has not seen (pulled later, or removed) is simply absent
//! from the answer: the window then shows the bare number.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use guichet_core::PersonNumber;

use crate::CaseFile;
use crate::error::Result;

/// A person named in a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictPerson {
    /// `P-07-000123`.
    pub number: String,
    pub first_name: String,
    pub last_name: String,
    /// ISO date, `2017-05-12`.
    pub birth_date: String,
    /// The desk that registered them, `07`.
    pub desk: String,
    /// Their household's file number.
    pub household: String,
}

/// A voucher named in a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictVoucher {
    pub number: String,
    /// The desk that issued it, `07`.
    pub desk: String,
    /// The scheme's French name (`Pass'Loisirs`).
    pub scheme: String,
    pub year: i32,
    /// The beneficiary's person number.
    pub beneficiary: String,
    /// `issued` or `voided`.
    pub status: String,
    pub void_reason: Option<String>,
}

/// A conflict's kind in French, as agents say it (`aide donnée deux fois`); an unknown kind is
/// shown as it came.
pub fn conflict_kind_label(kind: &str) -> &str {
    match kind {
        "duplicate_person" => "personne enregistrée deux fois",
        "double_issuance" => "aide donnée deux fois",
        "concurrent_edit" => "foyer modifié sur deux guichets",
        other => other,
    }
}

fn scheme_label(code: &str) -> String {
    guichet_core::Scheme::from_code(code).map_or_else(|| code.to_owned(), |s| s.label().to_owned())
}

impl CaseFile {
    /// The persons of `numbers` this desk knows, in the order asked.
    pub fn conflict_people(&self, numbers: &[String]) -> Result<Vec<ConflictPerson>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT p.first_name, p.last_name, p.birth_date, h.number
             FROM persons p JOIN households h ON h.id = p.household_id WHERE p.number = ?1",
        )?;
        let mut out = Vec::with_capacity(numbers.len());
        for number in numbers {
            // The desk that registered a person is part of its number.
            let desk = PersonNumber::parse(number).map_or_else(String::new, |p| p.desk.to_string());
            let found = statement
                .query_row([number], |r| {
                    Ok(ConflictPerson {
                        number: number.clone(),
                        first_name: r.get(0)?,
                        last_name: r.get(1)?,
                        birth_date: r.get(2)?,
                        household: r.get(3)?,
                        desk,
                    })
                })
                .optional()?;
            out.extend(found);
        }
        Ok(out)
    }

    /// The vouchers of `numbers` this desk knows, in the order asked.
    pub fn conflict_vouchers(&self, numbers: &[String]) -> Result<Vec<ConflictVoucher>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT v.scheme, v.year, p.number, v.status, v.void_reason, v.desk
             FROM vouchers v JOIN persons p ON p.id = v.beneficiary_id WHERE v.number = ?1",
        )?;
        let mut out = Vec::with_capacity(numbers.len());
        for number in numbers {
            let found = statement
                .query_row(params![number], |r| {
                    Ok(ConflictVoucher {
                        number: number.clone(),
                        scheme: scheme_label(&r.get::<_, String>(0)?),
                        year: r.get(1)?,
                        beneficiary: r.get(2)?,
                        status: r.get(3)?,
                        void_reason: r.get(4)?,
                        desk: format!("{:02}", r.get::<_, u8>(5)?),
                    })
                })
                .optional()?;
            out.extend(found);
        }
        Ok(out)
    }
}
