//! Reference data: the figures the CCAS board votes each year (QF grid, parts, scheme amounts, ages,
//! campaign windows, budgets). They are read from `fixtures/reference/<year>.toml` (later pushed by the
//! central office), never written in code. Each file is identified by its year and the SHA-256 digest
//! of its bytes (the *reference version*), which every decision stores so it can be re-run exactly.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::household::Minimum;
use crate::money::Cents;
use crate::schemes::Scheme;

/// Identifies one reference file: its year and the digest of its exact bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferenceVersion {
    pub year: i32,
    /// Lowercase hex SHA-256 of the TOML file as published.
    pub digest: String,
}

impl std::fmt::Display for ReferenceVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}@{}",
            self.year,
            &self.digest[..12.min(self.digest.len())]
        )
    }
}

/// Errors met while reading a reference file.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("reference file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("reference file is inconsistent: {0}")]
    Inconsistent(String),
    #[error("no reference data for year {0}")]
    MissingYear(i32),
}

/// The reference data of one year, as voted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// QF year and campaign year these figures apply to.
    pub year: i32,
    /// Free text: when and by whom the figures were voted.
    #[serde(default)]
    pub voted: Option<String>,
    pub quotient_familial: QfGrid,
    pub parts: PartsRules,
    pub dependent_child: DependentChildRules,
    pub documents: DocumentRules,
    pub schemes: SchemeRules,
    /// Set when the file is loaded; not part of the file.
    #[serde(skip)]
    pub version: Option<ReferenceVersion>,
}

/// The tranche grid: upper bound of the monthly QF, inclusive, for tranches 1 to n−1; the last
/// tranche has no bound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QfGrid {
    pub tranche_upper_bounds_cents: Vec<Cents>,
}

/// Parts of the quotient familial, in quarter-parts (1 part = 4 quarters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartsRules {
    /// The parent or parents together, whatever their number.
    pub parents_quarters: u32,
    /// Share of the 1st, 2nd, 3rd… dependent child by rank; children past the list get
    /// `further_child_quarters`.
    pub child_quarters_by_rank: Vec<u32>,
    pub further_child_quarters: u32,
    /// Bonus for a child with a disability (AEEH or MDPH notification).
    pub disability_bonus_quarters: u32,
}

/// Who is a dependent child (enfant à charge).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DependentChildRules {
    /// A child is dependent when younger than this on 1 January of the QF year…
    pub under_age: u32,
    /// …or younger than this on that day and a student.
    pub student_under_age: u32,
}

/// Validity rules of supporting documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRules {
    /// "Under N months old" for proofs of address, CAF attestations, unemployment certificates.
    pub max_age_months: u32,
    /// The town's postcode: a proof of address elsewhere is inconsistent.
    pub postcode: String,
}

/// The rules of each scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeRules {
    #[serde(rename = "PL")]
    pub pass_loisirs: ChildVoucherScheme,
    #[serde(rename = "CL")]
    pub cap_loisirs: CapLoisirsScheme,
    #[serde(rename = "KS")]
    pub school_kit: SchoolKitScheme,
    #[serde(rename = "LR")]
    pub lire_a_rueil: ChildVoucherScheme,
    #[serde(rename = "AM")]
    pub amethyste: AmethysteScheme,
    #[serde(rename = "MF")]
    pub family_medal: FamilyMedalScheme,
}

/// A campaign window, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Window {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// A per-child voucher with an age range and a tranche ceiling (Pass'Loisirs, Lire à Rueil).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChildVoucherScheme {
    pub label: String,
    pub amount_cents: Cents,
    pub min_age: u32,
    pub max_age: u32,
    pub max_tranche: u8,
    /// The campaign window, when the scheme only exists inside one.
    #[serde(default)]
    pub window: Option<Window>,
    pub budget_cents: Cents,
}

/// CAP Loisirs: a voucher per adult receiving one of the listed minima sociaux.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapLoisirsScheme {
    pub label: String,
    pub amount_cents: Cents,
    pub minima: Vec<Minimum>,
    pub budget_cents: Cents,
}

/// The summer school kit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolKitScheme {
    pub label: String,
    pub min_age: u32,
    pub max_age: u32,
    pub max_tranche: u8,
    pub window: Window,
    pub budget_kits: u32,
    /// Children aged this or more on the day bring a school certificate.
    pub certificate_from_age: u32,
    /// The supplies of one kit, as printed on the slip.
    pub items: Vec<String>,
}

/// Carte Améthyste (request file sent to the département).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmethysteScheme {
    pub label: String,
    pub senior_age: u32,
    pub retired_unfit_age: u32,
    pub disability_age: u32,
    pub disability_min_rate: u8,
    pub residence_years: u32,
    pub income_tax_limit_cents: Cents,
    pub income_tax_limit_couple_cents: Cents,
}

/// Médaille de l'enfance et des familles (file sent to the préfet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyMedalScheme {
    pub label: String,
    pub min_children: u32,
    pub eldest_min_age: u32,
}

impl Reference {
    /// Parses a reference file and records its version (year and digest of `text`).
    pub fn from_toml_str(text: &str) -> Result<Self, ReferenceError> {
        let mut reference: Reference = toml::from_str(text)?;
        reference.check()?;
        let digest = Sha256::digest(text.as_bytes());
        let digest = digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        reference.version = Some(ReferenceVersion {
            year: reference.year,
            digest,
        });
        Ok(reference)
    }

    /// The version of this file (year and digest). A reference built by hand has digest `unsaved`.
    pub fn version(&self) -> ReferenceVersion {
        self.version_borrowed().into_owned()
    }

    /// The version, borrowed when the file was loaded (what each decision keeps, without a copy).
    pub fn version_borrowed(&self) -> Cow<'_, ReferenceVersion> {
        match &self.version {
            Some(version) => Cow::Borrowed(version),
            None => Cow::Owned(ReferenceVersion {
                year: self.year,
                digest: "unsaved".to_owned(),
            }),
        }
    }

    fn check(&self) -> Result<(), ReferenceError> {
        let bounds = &self.quotient_familial.tranche_upper_bounds_cents;
        if bounds.is_empty() {
            return Err(ReferenceError::Inconsistent(
                "the tranche grid has no bound".into(),
            ));
        }
        if bounds.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ReferenceError::Inconsistent(
                "tranche bounds must increase strictly".into(),
            ));
        }
        if self.parts.parents_quarters == 0 {
            return Err(ReferenceError::Inconsistent(
                "the parents' parts cannot be zero".into(),
            ));
        }
        let kit = &self.schemes.school_kit;
        if kit.window.start > kit.window.end {
            return Err(ReferenceError::Inconsistent(
                "the kit window ends before it starts".into(),
            ));
        }
        for (code, window) in [
            ("PL", self.schemes.pass_loisirs.window),
            ("LR", self.schemes.lire_a_rueil.window),
        ] {
            if let Some(w) = window
                && w.start > w.end
            {
                return Err(ReferenceError::Inconsistent(format!(
                    "the {code} window ends before it starts"
                )));
            }
        }
        Ok(())
    }

    /// Number of tranches (bounds + 1).
    pub fn tranche_count(&self) -> u8 {
        u8::try_from(self.quotient_familial.tranche_upper_bounds_cents.len() + 1).unwrap_or(u8::MAX)
    }

    /// The highest tranche, applied to a household with no saved QF.
    pub fn max_tranche(&self) -> u8 {
        self.tranche_count()
    }

    /// The budget of a scheme for the year, in cents (or kits for KS); `None` for request files.
    pub fn budget(&self, scheme: Scheme) -> Option<i64> {
        match scheme {
            Scheme::PassLoisirs => Some(self.schemes.pass_loisirs.budget_cents.0),
            Scheme::CapLoisirs => Some(self.schemes.cap_loisirs.budget_cents.0),
            Scheme::LireARueil => Some(self.schemes.lire_a_rueil.budget_cents.0),
            Scheme::SchoolKit => Some(i64::from(self.schemes.school_kit.budget_kits)),
            Scheme::Amethyste | Scheme::FamilyMedal => None,
        }
    }
}

/// The reference files shipped with this build (`fixtures/reference/<year>.toml`), embedded at
/// compile time so that a new case file and the simulators have them without any file around. The
/// bytes are the files' own, so their digests are the published versions.
pub const SHIPPED: &[(i32, &str)] = &[
    (2025, include_str!("../../../fixtures/reference/2025.toml")),
    (2026, include_str!("../../../fixtures/reference/2026.toml")),
    (2027, include_str!("../../../fixtures/reference/2027.toml")),
];

/// The shipped reference files, parsed.
pub fn shipped() -> Result<ReferenceSet, ReferenceError> {
    let mut set = ReferenceSet::new();
    for (year, text) in SHIPPED {
        let reference = Reference::from_toml_str(text)?;
        if reference.year != *year {
            return Err(ReferenceError::Inconsistent(format!(
                "fixtures/reference/{year}.toml says year {}",
                reference.year
            )));
        }
        set.insert(reference);
    }
    Ok(set)
}

/// The reference files known to a desk, by year.
#[derive(Debug, Clone, Default)]
pub struct ReferenceSet {
    by_year: BTreeMap<i32, Reference>,
}

impl ReferenceSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the reference of its year.
    pub fn insert(&mut self, reference: Reference) {
        self.by_year.insert(reference.year, reference);
    }

    pub fn get(&self, year: i32) -> Result<&Reference, ReferenceError> {
        self.by_year
            .get(&year)
            .ok_or(ReferenceError::MissingYear(year))
    }

    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.by_year.keys().copied()
    }
}
