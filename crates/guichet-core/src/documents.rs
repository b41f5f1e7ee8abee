//! Supporting documents (pièces justificatives): what the agent read from each one. The checklist
//! that judges them lives in `checklist.rs`.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::household::Minimum;
use crate::ids::PersonId;
use crate::money::Cents;

/// The kind of a document, with its code in the request format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DocumentKind {
    Identity,
    TaxNotice,
    ProofOfAddress,
    BenefitsCertificate,
    UnemploymentCertificate,
    FamilyRecord,
    CustodyJudgment,
    DisabilityNotice,
    SchoolCertificate,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 9] = [
        DocumentKind::Identity,
        DocumentKind::TaxNotice,
        DocumentKind::ProofOfAddress,
        DocumentKind::BenefitsCertificate,
        DocumentKind::UnemploymentCertificate,
        DocumentKind::FamilyRecord,
        DocumentKind::CustodyJudgment,
        DocumentKind::DisabilityNotice,
        DocumentKind::SchoolCertificate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Identity => "identity",
            DocumentKind::TaxNotice => "tax_notice",
            DocumentKind::ProofOfAddress => "proof_of_address",
            DocumentKind::BenefitsCertificate => "benefits_certificate",
            DocumentKind::UnemploymentCertificate => "unemployment_certificate",
            DocumentKind::FamilyRecord => "family_record",
            DocumentKind::CustodyJudgment => "custody_judgment",
            DocumentKind::DisabilityNotice => "disability_notice",
            DocumentKind::SchoolCertificate => "school_certificate",
        }
    }

    pub fn from_code(code: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The French name, with its article, as a sentence uses it.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Identity => "pièce d'identité",
            DocumentKind::TaxNotice => "avis d'imposition",
            DocumentKind::ProofOfAddress => "justificatif de domicile",
            DocumentKind::BenefitsCertificate => "attestation CAF/MSA",
            DocumentKind::UnemploymentCertificate => "attestation France Travail (ASS)",
            DocumentKind::FamilyRecord => "livret de famille ou actes de naissance",
            DocumentKind::CustodyJudgment => "jugement fixant la résidence alternée",
            DocumentKind::DisabilityNotice => "notification MDPH/AEEH",
            DocumentKind::SchoolCertificate => "certificat de scolarité",
        }
    }
}

/// A school year, `2024-2025`, identified by the year it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct SchoolYear {
    pub start: i32,
}

impl SchoolYear {
    pub fn end(self) -> i32 {
        self.start + 1
    }

    /// Parses `2024-2025` (the second year must follow the first).
    pub fn parse(text: &str) -> Option<SchoolYear> {
        let (a, b) = text.split_once('-')?;
        if a.len() != 4 || b.len() != 4 {
            return None;
        }
        let start: i32 = a.parse().ok()?;
        let end: i32 = b.parse().ok()?;
        (end == start + 1).then_some(SchoolYear { start })
    }
}

impl std::fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.start, self.end())
    }
}

impl Serialize for SchoolYear {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SchoolYear {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        SchoolYear::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a school year: {text}")))
    }
}

/// A supporting document and what the agent read from it. Serialized in the request format's shape
/// (`kind` tag, `holder` or `holders`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Document {
    Identity {
        holder: PersonId,
        issued_on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires_on: Option<NaiveDate>,
    },
    TaxNotice {
        holders: Vec<PersonId>,
        issued_on: NaiveDate,
        income_year: i32,
        reference_tax_income_cents: Cents,
        /// The notice's own parts: informative only.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parts: Option<f64>,
        #[serde(default)]
        income_tax_cents: Cents,
    },
    ProofOfAddress {
        issued_on: NaiveDate,
        postcode: String,
    },
    BenefitsCertificate {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        holder: Option<PersonId>,
        issued_on: NaiveDate,
        #[serde(default)]
        monthly_family_benefits_cents: Cents,
        #[serde(default)]
        minima_sociaux: BTreeSet<Minimum>,
    },
    UnemploymentCertificate {
        holder: PersonId,
        issued_on: NaiveDate,
    },
    FamilyRecord,
    CustodyJudgment {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        issued_on: Option<NaiveDate>,
    },
    DisabilityNotice {
        holder: PersonId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        issued_on: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires_on: Option<NaiveDate>,
    },
    SchoolCertificate {
        holder: PersonId,
        issued_on: NaiveDate,
        school_year: SchoolYear,
    },
}

impl Document {
    pub fn kind(&self) -> DocumentKind {
        match self {
            Document::Identity { .. } => DocumentKind::Identity,
            Document::TaxNotice { .. } => DocumentKind::TaxNotice,
            Document::ProofOfAddress { .. } => DocumentKind::ProofOfAddress,
            Document::BenefitsCertificate { .. } => DocumentKind::BenefitsCertificate,
            Document::UnemploymentCertificate { .. } => DocumentKind::UnemploymentCertificate,
            Document::FamilyRecord => DocumentKind::FamilyRecord,
            Document::CustodyJudgment { .. } => DocumentKind::CustodyJudgment,
            Document::DisabilityNotice { .. } => DocumentKind::DisabilityNotice,
            Document::SchoolCertificate { .. } => DocumentKind::SchoolCertificate,
        }
    }

    /// The people this document belongs to (empty for household documents).
    pub fn holders(&self) -> Vec<&PersonId> {
        match self {
            Document::Identity { holder, .. }
            | Document::UnemploymentCertificate { holder, .. }
            | Document::DisabilityNotice { holder, .. }
            | Document::SchoolCertificate { holder, .. } => vec![holder],
            Document::TaxNotice { holders, .. } => holders.iter().collect(),
            Document::BenefitsCertificate { holder, .. } => holder.iter().collect(),
            Document::ProofOfAddress { .. }
            | Document::FamilyRecord
            | Document::CustodyJudgment { .. } => Vec::new(),
        }
    }

    pub fn is_held_by(&self, person: &PersonId) -> bool {
        self.holders().contains(&person)
    }

    /// The issue date, when the document has one.
    pub fn issued_on(&self) -> Option<NaiveDate> {
        match self {
            Document::Identity { issued_on, .. }
            | Document::TaxNotice { issued_on, .. }
            | Document::ProofOfAddress { issued_on, .. }
            | Document::BenefitsCertificate { issued_on, .. }
            | Document::UnemploymentCertificate { issued_on, .. }
            | Document::SchoolCertificate { issued_on, .. } => Some(*issued_on),
            Document::CustodyJudgment { issued_on }
            | Document::DisabilityNotice { issued_on, .. } => *issued_on,
            Document::FamilyRecord => None,
        }
    }

    /// Renames the people this document names (request ids to person numbers).
    pub fn map_holders(&mut self, mut rename: impl FnMut(&PersonId) -> PersonId) {
        match self {
            Document::Identity { holder, .. }
            | Document::UnemploymentCertificate { holder, .. }
            | Document::DisabilityNotice { holder, .. }
            | Document::SchoolCertificate { holder, .. } => *holder = rename(holder),
            Document::TaxNotice { holders, .. } => {
                for h in holders.iter_mut() {
                    *h = rename(h);
                }
            }
            Document::BenefitsCertificate { holder, .. } => {
                if let Some(h) = holder {
                    *h = rename(h);
                }
            }
            Document::ProofOfAddress { .. }
            | Document::FamilyRecord
            | Document::CustodyJudgment { .. } => {}
        }
    }
}
