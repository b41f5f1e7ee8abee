//! The document checklists (pièces justificatives): for a procedure — the QF or a scheme — the list of
//! items the household must provide, each judged on the instruction date with a status (*valide*,
//! *manquant*, *périmé*, *mauvaise année*, *incohérent*) and one French sentence that says why.
//! A procedure is complete when every item is valid (or a supervisor records a derogation elsewhere).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::{age_on, french, is_recent};
use crate::documents::{Document, DocumentKind, SchoolYear};
use crate::household::{Adult, Child, Household, Minimum, Residence};
use crate::ids::PersonId;
use crate::names::de;
use crate::qf::dependent_children;
use crate::reference::Reference;
use crate::schemes::Scheme;
use crate::text::{french_text, joined};

/// What a checklist is for: the QF, or a scheme's own list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Procedure {
    Qf,
    Scheme(Scheme),
}

impl Procedure {
    pub const ALL: [Procedure; 7] = [
        Procedure::Qf,
        Procedure::Scheme(Scheme::PassLoisirs),
        Procedure::Scheme(Scheme::CapLoisirs),
        Procedure::Scheme(Scheme::SchoolKit),
        Procedure::Scheme(Scheme::LireARueil),
        Procedure::Scheme(Scheme::Amethyste),
        Procedure::Scheme(Scheme::FamilyMedal),
    ];

    /// `qf` or the scheme code.
    pub fn code(self) -> &'static str {
        match self {
            Procedure::Qf => "qf",
            Procedure::Scheme(s) => s.code(),
        }
    }

    pub fn from_code(code: &str) -> Option<Procedure> {
        if code == "qf" {
            Some(Procedure::Qf)
        } else {
            Scheme::from_code(code).map(Procedure::Scheme)
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Procedure::Qf => "quotient familial",
            Procedure::Scheme(s) => s.label(),
        }
    }
}

impl Serialize for Procedure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Procedure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Procedure::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown procedure: {code}")))
    }
}

/// The status of one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    Valid,
    Missing,
    Expired,
    WrongYear,
    Inconsistent,
}

impl DocumentStatus {
    /// The French word shown beside the item.
    pub fn label(self) -> &'static str {
        match self {
            DocumentStatus::Valid => "valide",
            DocumentStatus::Missing => "manquant",
            DocumentStatus::Expired => "périmé",
            DocumentStatus::WrongYear => "mauvaise année",
            DocumentStatus::Inconsistent => "incohérent",
        }
    }
}

/// One item of a checklist: a kind of document, for a person or for the household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem<'a> {
    pub kind: DocumentKind,
    /// The person it is required for; `None` for the household.
    pub holder: Option<&'a PersonId>,
    pub status: DocumentStatus,
    /// One French sentence an agent can read out (displays as its text).
    pub reason: ItemReason<'a>,
}

/// A procedure's checklist on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checklist<'a> {
    pub procedure: Procedure,
    /// Every item is valid.
    pub complete: bool,
    pub items: Vec<ChecklistItem<'a>>,
}

impl<'a> Checklist<'a> {
    fn new(procedure: Procedure, items: Vec<ChecklistItem<'a>>) -> Self {
        let complete = items.iter().all(|i| i.status == DocumentStatus::Valid);
        Checklist {
            procedure,
            complete,
            items,
        }
    }

    /// The items that are not valid.
    pub fn blocking(&self) -> impl Iterator<Item = &ChecklistItem<'a>> {
        self.items
            .iter()
            .filter(|i| i.status != DocumentStatus::Valid)
    }
}

/// Why a checklist item has its status, written when displayed. Names are the people's first
/// names, borrowed from the household.
#[derive(Clone, PartialEq, Eq)]
pub enum ItemReason<'a> {
    /// A sentence that names nobody (livret de famille, jugement).
    Fixed(&'static str),
    IdentityMissing {
        name: &'a str,
    },
    /// Valid until the date, or with no expiry date.
    IdentityValid {
        name: &'a str,
        until: Option<NaiveDate>,
    },
    IdentityExpired {
        name: &'a str,
        since: NaiveDate,
    },
    TaxNoticeProvided {
        name: &'a str,
        income_year: i32,
    },
    TaxNoticeMissing {
        name: &'a str,
        income_year: i32,
    },
    /// Notices of other income years only (`given`, sorted, without repeats).
    TaxNoticeWrongYear {
        name: &'a str,
        income_year: i32,
        given: Vec<i32>,
    },
    AddressMissing {
        months: u32,
    },
    AddressExpired {
        issued_on: NaiveDate,
        months: u32,
    },
    /// A recent proof of an address in another postcode.
    AddressElsewhere {
        issued_on: NaiveDate,
        postcode: &'a str,
        expected: &'a str,
    },
    AddressValid {
        issued_on: NaiveDate,
        months: u32,
    },
    BenefitsMissing {
        months: u32,
    },
    BenefitsExpired {
        issued_on: NaiveDate,
        months: u32,
    },
    BenefitsValid {
        issued_on: NaiveDate,
        months: u32,
    },
    DisabilityNoticeMissing {
        name: &'a str,
    },
    /// Valid until the date, or with no expiry date.
    DisabilityNoticeValid {
        name: &'a str,
        until: Option<NaiveDate>,
    },
    DisabilityNoticeExpired {
        name: &'a str,
        since: NaiveDate,
    },
    /// CAP Loisirs with no adult declaring one of the scheme's `minima`.
    NoMinimumDeclared {
        minima: &'a [Minimum],
    },
    MinimumProofMissing {
        minimum: Minimum,
        name: &'a str,
        months: u32,
    },
    MinimumProofExpired {
        minimum: Minimum,
        name: &'a str,
        issued_on: NaiveDate,
        months: u32,
    },
    MinimumProofValid {
        minimum: Minimum,
        name: &'a str,
        issued_on: NaiveDate,
        months: u32,
    },
    /// None of the school years ending or starting in `year`.
    SchoolCertificateMissing {
        name: &'a str,
        year: i32,
    },
    SchoolCertificateWrongYear {
        name: &'a str,
        year: i32,
        given: Vec<SchoolYear>,
    },
    SchoolCertificateValid {
        name: &'a str,
        school_year: SchoolYear,
    },
}

/// The proof of a minimum, as the reasons name it.
struct MinimumProof(Minimum);

impl fmt::Display for MinimumProof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == Minimum::Ass {
            f.write_str("Attestation France Travail (ASS)")
        } else {
            write!(
                f,
                "Attestation CAF/MSA mentionnant {}",
                self.0.with_article()
            )
        }
    }
}

/// The minima's short names: `RSA, ASS, AAH`.
struct Labels<'a>(&'a [Minimum]);

impl fmt::Display for Labels<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, minimum) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            f.write_str(minimum.label())?;
        }
        Ok(())
    }
}

impl fmt::Display for ItemReason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemReason::Fixed(text) => f.write_str(text),
            ItemReason::IdentityMissing { name } => {
                write!(f, "Pièce d'identité {} manquante.", de(name))
            }
            ItemReason::IdentityValid {
                name,
                until: Some(until),
            } => write!(
                f,
                "Pièce d'identité {} valide jusqu'au {}.",
                de(name),
                french(*until)
            ),
            ItemReason::IdentityValid { name, until: None } => write!(
                f,
                "Pièce d'identité {} fournie, sans date d'expiration.",
                de(name)
            ),
            ItemReason::IdentityExpired { name, since } => write!(
                f,
                "Pièce d'identité {} périmée depuis le {}.",
                de(name),
                french(*since)
            ),
            ItemReason::TaxNoticeProvided { name, income_year } => write!(
                f,
                "Avis d'imposition {} sur les revenus {income_year} fourni (émis en {}).",
                de(name),
                income_year + 1
            ),
            ItemReason::TaxNoticeMissing { name, income_year } => write!(
                f,
                "Avis d'imposition {} manquant : celui émis en {} sur les revenus {income_year} est attendu.",
                de(name),
                income_year + 1
            ),
            ItemReason::TaxNoticeWrongYear {
                name,
                income_year,
                given,
            } => write!(
                f,
                "Avis d'imposition {} : revenus {income_year} attendus, revenus {} fournis.",
                de(name),
                joined(given, ", ")
            ),
            ItemReason::AddressMissing { months } => write!(
                f,
                "Justificatif de domicile de moins de {months} mois manquant."
            ),
            ItemReason::AddressExpired { issued_on, months } => write!(
                f,
                "Justificatif de domicile du {} : plus de {months} mois.",
                french(*issued_on)
            ),
            ItemReason::AddressElsewhere {
                issued_on,
                postcode,
                expected,
            } => write!(
                f,
                "Justificatif de domicile du {} : code postal {postcode} au lieu de {expected}.",
                french(*issued_on)
            ),
            ItemReason::AddressValid { issued_on, months } => write!(
                f,
                "Justificatif de domicile du {}, de moins de {months} mois.",
                french(*issued_on)
            ),
            ItemReason::BenefitsMissing { months } => write!(
                f,
                "Attestation CAF/MSA de moins de {months} mois manquante."
            ),
            ItemReason::BenefitsExpired { issued_on, months } => write!(
                f,
                "Attestation CAF/MSA du {} : plus de {months} mois.",
                french(*issued_on)
            ),
            ItemReason::BenefitsValid { issued_on, months } => write!(
                f,
                "Attestation CAF/MSA du {}, de moins de {months} mois.",
                french(*issued_on)
            ),
            ItemReason::DisabilityNoticeMissing { name } => {
                write!(f, "Notification MDPH/AEEH {} manquante.", de(name))
            }
            ItemReason::DisabilityNoticeValid {
                name,
                until: Some(until),
            } => write!(
                f,
                "Notification MDPH/AEEH {} valide jusqu'au {}.",
                de(name),
                french(*until)
            ),
            ItemReason::DisabilityNoticeValid { name, until: None } => {
                write!(f, "Notification MDPH/AEEH {} fournie.", de(name))
            }
            ItemReason::DisabilityNoticeExpired { name, since } => write!(
                f,
                "Notification MDPH/AEEH {} périmée depuis le {}.",
                de(name),
                french(*since)
            ),
            ItemReason::NoMinimumDeclared { minima } => write!(
                f,
                "Aucun adulte du foyer ne déclare de minimum social ouvrant droit ({}) : un justificatif est attendu.",
                Labels(minima)
            ),
            ItemReason::MinimumProofMissing {
                minimum,
                name,
                months,
            } => write!(
                f,
                "{} {}, de moins de {months} mois, manquante.",
                MinimumProof(*minimum),
                de(name)
            ),
            ItemReason::MinimumProofExpired {
                minimum,
                name,
                issued_on,
                months,
            } => write!(
                f,
                "{} {} du {} : plus de {months} mois.",
                MinimumProof(*minimum),
                de(name),
                french(*issued_on)
            ),
            ItemReason::MinimumProofValid {
                minimum,
                name,
                issued_on,
                months,
            } => write!(
                f,
                "{} {} du {}, de moins de {months} mois.",
                MinimumProof(*minimum),
                de(name),
                french(*issued_on)
            ),
            ItemReason::SchoolCertificateMissing { name, year } => write!(
                f,
                "Certificat de scolarité {} manquant ({}-{year} ou {year}-{} attendu).",
                de(name),
                year - 1,
                year + 1
            ),
            ItemReason::SchoolCertificateWrongYear { name, year, given } => write!(
                f,
                "Certificat de scolarité {} : année {} fournie, {}-{year} ou {year}-{} attendue.",
                de(name),
                joined(given, ", "),
                year - 1,
                year + 1
            ),
            ItemReason::SchoolCertificateValid { name, school_year } => write!(
                f,
                "Certificat de scolarité {school_year} {} fourni.",
                de(name)
            ),
        }
    }
}

french_text!(ItemReason<'_>);

/// The checklist of `procedure` for QF (or campaign) year `year`, judged on the instruction date `on`.
pub fn checklist<'a>(
    household: &'a Household,
    procedure: Procedure,
    year: i32,
    on: NaiveDate,
    reference: &'a Reference,
) -> Checklist<'a> {
    let judge = Judge {
        household,
        year,
        on,
        reference,
    };
    let items = match procedure {
        Procedure::Qf => judge.qf_items(),
        Procedure::Scheme(Scheme::CapLoisirs) => judge.cap_loisirs_items(),
        Procedure::Scheme(Scheme::SchoolKit) => judge.school_kit_items(),
        Procedure::Scheme(Scheme::Amethyste) => judge.amethyste_items(),
        Procedure::Scheme(Scheme::FamilyMedal) => judge.family_medal_items(),
        Procedure::Scheme(Scheme::PassLoisirs | Scheme::LireARueil) => Vec::new(),
    };
    Checklist::new(procedure, items)
}

struct Judge<'a> {
    household: &'a Household,
    year: i32,
    on: NaiveDate,
    reference: &'a Reference,
}

fn item<'a>(
    kind: DocumentKind,
    holder: Option<&'a PersonId>,
    status: DocumentStatus,
    reason: ItemReason<'a>,
) -> ChecklistItem<'a> {
    ChecklistItem {
        kind,
        holder,
        status,
        reason,
    }
}

/// The status of a document that expires, from the expiry dates of the copies held (`None`: no
/// expiry date): missing without any; valid when one is valid on `on` (the first listed); else
/// expired since the latest date.
enum Expiry {
    Missing,
    Valid(Option<NaiveDate>),
    Expired(NaiveDate),
}

fn expiry(held: impl Iterator<Item = Option<NaiveDate>> + Clone, on: NaiveDate) -> Expiry {
    if held.clone().next().is_none() {
        Expiry::Missing
    } else if let Some(valid) = held.clone().find(|e| e.is_none_or(|e| e >= on)) {
        Expiry::Valid(valid)
    } else {
        Expiry::Expired(held.flatten().max().unwrap_or(on))
    }
}

impl<'a> Judge<'a> {
    fn months(&self) -> u32 {
        self.reference.documents.max_age_months
    }

    fn income_year(&self) -> i32 {
        self.year - 2
    }

    fn documents(&self) -> impl Iterator<Item = &'a Document> + Clone + 'a {
        self.household.documents.iter()
    }

    /// The most recent document among `docs` (by issue date; the last listed wins a tie).
    fn most_recent<'d>(docs: impl Iterator<Item = &'d Document>) -> Option<&'d Document> {
        docs.fold(None, |best: Option<&Document>, d| match best {
            Some(b) if b.issued_on() > d.issued_on() => Some(b),
            _ => Some(d),
        })
    }

    fn qf_items(&self) -> Vec<ChecklistItem<'a>> {
        let mut items = Vec::with_capacity(2 * self.household.adults.len() + 5);
        for adult in &self.household.adults {
            items.push(self.identity(adult));
        }
        for adult in &self.household.adults {
            items.push(self.tax_notice(adult));
        }
        items.push(self.proof_of_address());
        let dependents = dependent_children(self.household, self.year, self.reference);
        let claims_rsa_or_aah = self
            .household
            .adults
            .iter()
            .any(|a| a.claims(Minimum::Rsa) || a.claims(Minimum::Aah));
        if !dependents.is_empty() || claims_rsa_or_aah {
            items.push(self.benefits_certificate());
        }
        if !dependents.is_empty() {
            items.push(self.present(
                DocumentKind::FamilyRecord,
                "Le livret de famille (ou les actes de naissance) est fourni.",
                "Le livret de famille ou les actes de naissance des enfants à charge manquent.",
            ));
        }
        if dependents.iter().any(|c| c.residence == Residence::Shared) {
            items.push(self.present(
                DocumentKind::CustodyJudgment,
                "Le jugement fixant la résidence alternée est fourni.",
                "Un enfant est en résidence alternée : le jugement qui la fixe manque.",
            ));
        }
        for child in dependents.iter().filter(|c| c.disability) {
            items.push(self.disability_notice(&child.id, &child.first_name));
        }
        items
    }

    fn identity(&self, adult: &'a Adult) -> ChecklistItem<'a> {
        let held = self.documents().filter_map(|d| match d {
            Document::Identity {
                holder, expires_on, ..
            } if holder == &adult.id => Some(*expires_on),
            _ => None,
        });
        let name = adult.first_name.as_str();
        let (status, reason) = match expiry(held, self.on) {
            Expiry::Missing => (
                DocumentStatus::Missing,
                ItemReason::IdentityMissing { name },
            ),
            Expiry::Valid(until) => (
                DocumentStatus::Valid,
                ItemReason::IdentityValid { name, until },
            ),
            Expiry::Expired(since) => (
                DocumentStatus::Expired,
                ItemReason::IdentityExpired { name, since },
            ),
        };
        item(DocumentKind::Identity, Some(&adult.id), status, reason)
    }

    fn tax_notice(&self, adult: &'a Adult) -> ChecklistItem<'a> {
        let income_year = self.income_year();
        let years = self.documents().filter_map(|d| match d {
            Document::TaxNotice {
                holders,
                income_year,
                ..
            } if holders.contains(&adult.id) => Some(*income_year),
            _ => None,
        });
        let name = adult.first_name.as_str();
        let (status, reason) = if years.clone().any(|y| y == income_year) {
            (
                DocumentStatus::Valid,
                ItemReason::TaxNoticeProvided { name, income_year },
            )
        } else if years.clone().next().is_none() {
            (
                DocumentStatus::Missing,
                ItemReason::TaxNoticeMissing { name, income_year },
            )
        } else {
            let mut given: Vec<i32> = years.collect();
            given.sort_unstable();
            given.dedup();
            (
                DocumentStatus::WrongYear,
                ItemReason::TaxNoticeWrongYear {
                    name,
                    income_year,
                    given,
                },
            )
        };
        item(DocumentKind::TaxNotice, Some(&adult.id), status, reason)
    }

    fn proof_of_address(&self) -> ChecklistItem<'a> {
        let latest = Self::most_recent(
            self.documents()
                .filter(|d| d.kind() == DocumentKind::ProofOfAddress),
        );
        let months = self.months();
        let (status, reason) = match latest {
            Some(Document::ProofOfAddress {
                issued_on,
                postcode,
            }) => {
                let issued_on = *issued_on;
                let expected = self.reference.documents.postcode.as_str();
                if !is_recent(issued_on, self.on, months) {
                    (
                        DocumentStatus::Expired,
                        ItemReason::AddressExpired { issued_on, months },
                    )
                } else if postcode.trim() != expected {
                    (
                        DocumentStatus::Inconsistent,
                        ItemReason::AddressElsewhere {
                            issued_on,
                            postcode: postcode.trim(),
                            expected,
                        },
                    )
                } else {
                    (
                        DocumentStatus::Valid,
                        ItemReason::AddressValid { issued_on, months },
                    )
                }
            }
            _ => (
                DocumentStatus::Missing,
                ItemReason::AddressMissing { months },
            ),
        };
        item(DocumentKind::ProofOfAddress, None, status, reason)
    }

    fn benefits_certificate(&self) -> ChecklistItem<'a> {
        let latest = Self::most_recent(
            self.documents()
                .filter(|d| d.kind() == DocumentKind::BenefitsCertificate),
        );
        let months = self.months();
        let (status, reason) = match latest.and_then(Document::issued_on) {
            Some(issued_on) if is_recent(issued_on, self.on, months) => (
                DocumentStatus::Valid,
                ItemReason::BenefitsValid { issued_on, months },
            ),
            Some(issued_on) => (
                DocumentStatus::Expired,
                ItemReason::BenefitsExpired { issued_on, months },
            ),
            None => (
                DocumentStatus::Missing,
                ItemReason::BenefitsMissing { months },
            ),
        };
        item(DocumentKind::BenefitsCertificate, None, status, reason)
    }

    fn present(
        &self,
        kind: DocumentKind,
        valid: &'static str,
        missing: &'static str,
    ) -> ChecklistItem<'a> {
        if self.documents().any(|d| d.kind() == kind) {
            item(kind, None, DocumentStatus::Valid, ItemReason::Fixed(valid))
        } else {
            item(
                kind,
                None,
                DocumentStatus::Missing,
                ItemReason::Fixed(missing),
            )
        }
    }

    fn disability_notice(&self, holder: &'a PersonId, name: &'a str) -> ChecklistItem<'a> {
        let held = self.documents().filter_map(|d| match d {
            Document::DisabilityNotice {
                holder: h,
                expires_on,
                ..
            } if h == holder => Some(*expires_on),
            _ => None,
        });
        let (status, reason) = match expiry(held, self.on) {
            Expiry::Missing => (
                DocumentStatus::Missing,
                ItemReason::DisabilityNoticeMissing { name },
            ),
            Expiry::Valid(until) => (
                DocumentStatus::Valid,
                ItemReason::DisabilityNoticeValid { name, until },
            ),
            Expiry::Expired(since) => (
                DocumentStatus::Expired,
                ItemReason::DisabilityNoticeExpired { name, since },
            ),
        };
        item(DocumentKind::DisabilityNotice, Some(holder), status, reason)
    }

    /// CAP Loisirs: for each adult claiming a minimum of the scheme, the identity and the proof of
    /// that minimum; the household's proof of address.
    fn cap_loisirs_items(&self) -> Vec<ChecklistItem<'a>> {
        let minima = self.reference.schemes.cap_loisirs.minima.as_slice();
        let applicants = || {
            self.household
                .adults
                .iter()
                .filter(|a| minima.iter().any(|m| a.claims(*m)))
        };
        let mut items = Vec::new();
        for adult in applicants() {
            items.push(self.identity(adult));
        }
        items.push(self.proof_of_address());
        if applicants().next().is_none() {
            items.push(item(
                DocumentKind::BenefitsCertificate,
                None,
                DocumentStatus::Missing,
                ItemReason::NoMinimumDeclared { minima },
            ));
        }
        for adult in applicants() {
            for minimum in minima.iter().filter(|m| adult.claims(**m)) {
                items.push(self.minimum_proof(adult, *minimum));
            }
        }
        items
    }

    /// The proof of an adult's minimum: a CAF/MSA attestation listing it (RSA, AAH), or an
    /// unemployment certificate (ASS), under the maximum age.
    fn minimum_proof(&self, adult: &'a Adult, minimum: Minimum) -> ChecklistItem<'a> {
        let months = self.months();
        let name = adult.first_name.as_str();
        let (kind, latest) = if minimum == Minimum::Ass {
            (
                DocumentKind::UnemploymentCertificate,
                self.documents()
                    .filter_map(|d| match d {
                        Document::UnemploymentCertificate { holder, issued_on }
                            if holder == &adult.id =>
                        {
                            Some(*issued_on)
                        }
                        _ => None,
                    })
                    .max(),
            )
        } else {
            (
                DocumentKind::BenefitsCertificate,
                self.documents()
                    .filter_map(|d| match d {
                        Document::BenefitsCertificate {
                            holder,
                            issued_on,
                            minima_sociaux,
                            ..
                        } if minima_sociaux.contains(&minimum)
                            && holder.as_ref().is_none_or(|h| h == &adult.id) =>
                        {
                            Some(*issued_on)
                        }
                        _ => None,
                    })
                    .max(),
            )
        };
        let (status, reason) = match latest {
            Some(issued_on) if is_recent(issued_on, self.on, months) => (
                DocumentStatus::Valid,
                ItemReason::MinimumProofValid {
                    minimum,
                    name,
                    issued_on,
                    months,
                },
            ),
            Some(issued_on) => (
                DocumentStatus::Expired,
                ItemReason::MinimumProofExpired {
                    minimum,
                    name,
                    issued_on,
                    months,
                },
            ),
            None => (
                DocumentStatus::Missing,
                ItemReason::MinimumProofMissing {
                    minimum,
                    name,
                    months,
                },
            ),
        };
        item(kind, Some(&adult.id), status, reason)
    }

    /// School kit: a school certificate for each child (still in the household) aged 16 or more on
    /// the day, of the school year ending or starting in the campaign year.
    fn school_kit_items(&self) -> Vec<ChecklistItem<'a>> {
        let from_age = i32::try_from(self.reference.schemes.school_kit.certificate_from_age)
            .unwrap_or(i32::MAX);
        self.household
            .children_by_age()
            .into_iter()
            .filter(|c| !c.left && age_on(c.birth_date, self.on) >= from_age)
            .map(|c| self.school_certificate(c))
            .collect()
    }

    fn school_certificate(&self, child: &'a Child) -> ChecklistItem<'a> {
        let years = self.documents().filter_map(|d| match d {
            Document::SchoolCertificate {
                holder,
                school_year,
                ..
            } if holder == &child.id => Some(*school_year),
            _ => None,
        });
        let name = child.first_name.as_str();
        let year = self.year;
        let fits = |y: &SchoolYear| y.start == year || y.end() == year;
        let (status, reason) = if let Some(school_year) = years.clone().find(fits) {
            (
                DocumentStatus::Valid,
                ItemReason::SchoolCertificateValid { name, school_year },
            )
        } else if years.clone().next().is_none() {
            (
                DocumentStatus::Missing,
                ItemReason::SchoolCertificateMissing { name, year },
            )
        } else {
            (
                DocumentStatus::WrongYear,
                ItemReason::SchoolCertificateWrongYear {
                    name,
                    year,
                    given: years.collect(),
                },
            )
        };
        item(
            DocumentKind::SchoolCertificate,
            Some(&child.id),
            status,
            reason,
        )
    }

    /// Carte Améthyste: for each applicant (an adult meeting the age or disability ground; every
    /// adult when none does), identity, tax notice of year Y−2 unless AAH, and the disability notice
    /// when disability is the ground; the household's proof of address.
    fn amethyste_items(&self) -> Vec<ChecklistItem<'a>> {
        let rules = &self.reference.schemes.amethyste;
        let grounds: Vec<(&Adult, Option<AmethysteGround>)> = self
            .household
            .adults
            .iter()
            .map(|a| (a, amethyste_ground(a, self.on, rules)))
            .collect();
        let any_ground = grounds.iter().any(|(_, g)| g.is_some());
        let applicants: Vec<&(&Adult, Option<AmethysteGround>)> = grounds
            .iter()
            .filter(|(_, g)| g.is_some() || !any_ground)
            .collect();
        let mut items = Vec::new();
        for (adult, _) in &applicants {
            items.push(self.identity(adult));
        }
        items.push(self.proof_of_address());
        for (adult, _) in &applicants {
            if !adult.claims(Minimum::Aah) {
                items.push(self.tax_notice(adult));
            }
        }
        for (adult, ground) in &applicants {
            if *ground == Some(AmethysteGround::Disability) {
                items.push(self.disability_notice(&adult.id, &adult.first_name));
            }
        }
        items
    }

    /// Médaille de la famille: identity of each adult, and the livret de famille.
    fn family_medal_items(&self) -> Vec<ChecklistItem<'a>> {
        let mut items: Vec<ChecklistItem<'a>> = self
            .household
            .adults
            .iter()
            .map(|a| self.identity(a))
            .collect();
        items.push(self.present(
            DocumentKind::FamilyRecord,
            "Le livret de famille (ou les actes de naissance) est fourni.",
            "Le livret de famille ou les actes de naissance des enfants manquent.",
        ));
        items
    }
}

/// Why an adult may ask for the carte Améthyste.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmethysteGround {
    /// 65 or older.
    Age,
    /// 60 or older and retired for unfitness for work.
    RetiredUnfit,
    /// 20 or older with a disability rate of at least 80 %.
    Disability,
}

/// The first ground on which `adult` may ask for the card on `on`, if any.
pub fn amethyste_ground(
    adult: &Adult,
    on: NaiveDate,
    rules: &crate::reference::AmethysteScheme,
) -> Option<AmethysteGround> {
    let age = age_on(adult.birth_date, on);
    let at_least = |limit: u32| i64::from(age) >= i64::from(limit);
    if at_least(rules.senior_age) {
        Some(AmethysteGround::Age)
    } else if at_least(rules.retired_unfit_age) && adult.retired_unfit {
        Some(AmethysteGround::RetiredUnfit)
    } else if at_least(rules.disability_age)
        && adult
            .disability_rate
            .is_some_and(|r| r >= rules.disability_min_rate)
    {
        Some(AmethysteGround::Disability)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{H, d, h, reference};
    use serde_json::json;

    use DocumentStatus::*;

    const ON: &str = "2024-11-15";

    /// The (kind, holder, status) of each item, for compact expectations.
    type Summary = Vec<(String, Option<String>, DocumentStatus)>;

    fn summary(household: H, procedure: Procedure, year: i32, on: &str) -> Summary {
        let household = household.build();
        checklist(&household, procedure, year, d(on), &reference(year))
            .items
            .into_iter()
            .map(|i| {
                (
                    i.kind.code().to_owned(),
                    i.holder.map(|h| h.0.clone()),
                    i.status,
                )
            })
            .collect()
    }

    fn status_of(household: H, kind: DocumentKind, holder: Option<&str>) -> Option<DocumentStatus> {
        let household = household.build();
        checklist(&household, Procedure::Qf, 2025, d(ON), &reference(2025))
            .items
            .into_iter()
            .find(|i| i.kind == kind && i.holder.as_ref().map(|h| h.as_str()) == holder)
            .map(|i| i.status)
    }

    fn id(expires_on: Option<&str>) -> serde_json::Value {
        match expires_on {
            Some(e) => {
                json!({"kind": "identity", "holder": "a1", "issued_on": "2015-01-01", "expires_on": e})
            }
            None => json!({"kind": "identity", "holder": "a1", "issued_on": "2015-01-01"}),
        }
    }

    #[test]
    fn identity_is_judged_on_the_instruction_date() {
        let a = || h().adult("a1", "1980-01-01");
        let cases: Vec<(&str, H, DocumentStatus)> = vec![
            ("none", a(), Missing),
            ("expires later", a().doc(id(Some("2030-01-01"))), Valid),
            ("expires on the day itself", a().doc(id(Some(ON))), Valid),
            (
                "expired the day before",
                a().doc(id(Some("2024-11-14"))),
                Expired,
            ),
            ("no expiry date", a().doc(id(None)), Valid),
            (
                "one expired, one valid",
                a().doc(id(Some("2020-01-01"))).doc(id(Some("2031-01-01"))),
                Valid,
            ),
        ];
        for (name, household, expected) in cases {
            assert_eq!(
                status_of(household, DocumentKind::Identity, Some("a1")),
                Some(expected),
                "{name}"
            );
        }
    }

    #[test]
    fn tax_notice_must_be_of_income_year_y_minus_2() {
        let a = || h().adult("a1", "1980-01-01").adult("a2", "1981-01-01");
        let cases: Vec<(&str, H, DocumentStatus, DocumentStatus)> = vec![
            ("none", a(), Missing, Missing),
            (
                "one each",
                a().notice(&["a1"], 2023, 1, 0).notice(&["a2"], 2023, 1, 0),
                Valid,
                Valid,
            ),
            (
                "joint notice",
                a().notice(&["a1", "a2"], 2023, 1, 0),
                Valid,
                Valid,
            ),
            (
                "wrong year for one",
                a().notice(&["a1"], 2022, 1, 0).notice(&["a2"], 2023, 1, 0),
                WrongYear,
                Valid,
            ),
            (
                "old and right",
                a().notice(&["a1"], 2022, 1, 0)
                    .notice(&["a1", "a2"], 2023, 1, 0),
                Valid,
                Valid,
            ),
            (
                "only one holder",
                a().notice(&["a1"], 2023, 1, 0),
                Valid,
                Missing,
            ),
        ];
        for (name, household, first, second) in cases {
            let household = household.build();
            let reference = reference(2025);
            let list = checklist(&household, Procedure::Qf, 2025, d(ON), &reference);
            let of = |who: &str| {
                list.items
                    .iter()
                    .find(|i| {
                        i.kind == DocumentKind::TaxNotice
                            && i.holder.as_ref().is_some_and(|h| h.as_str() == who)
                    })
                    .unwrap()
                    .status
            };
            assert_eq!((of("a1"), of("a2")), (first, second), "{name}");
        }
    }

    #[test]
    fn proof_of_address_expired_is_judged_before_inconsistent() {
        let proof = |issued: &str, postcode: &str| {
            h().adult("a1", "1980-01-01")
                .doc(json!({"kind": "proof_of_address", "issued_on": issued, "postcode": postcode}))
        };
        let cases: Vec<(&str, H, DocumentStatus)> = vec![
            ("none", h().adult("a1", "1980-01-01"), Missing),
            ("recent, in town", proof("2024-10-02", "92500"), Valid),
            ("exactly 3 months", proof("2024-08-15", "92500"), Valid),
            ("3 months and a day", proof("2024-08-14", "92500"), Expired),
            ("recent, elsewhere", proof("2024-10-02", "75011"), Inconsistent),
            ("old and elsewhere", proof("2024-01-02", "75011"), Expired),
            (
                "the most recent is judged",
                proof("2024-01-02", "92500").doc(json!({"kind": "proof_of_address", "issued_on": "2024-10-20", "postcode": "92500"})),
                Valid,
            ),
        ];
        for (name, household, expected) in cases {
            assert_eq!(
                status_of(household, DocumentKind::ProofOfAddress, None),
                Some(expected),
                "{name}"
            );
        }
    }

    #[test]
    fn the_qf_list_depends_on_the_household() {
        // A lone adult with no child and no RSA/AAH: identity, notice, address only.
        assert_eq!(
            summary(h().adult("a1", "1980-01-01"), Procedure::Qf, 2025, ON),
            vec![
                ("identity".into(), Some("a1".into()), Missing),
                ("tax_notice".into(), Some("a1".into()), Missing),
                ("proof_of_address".into(), None, Missing),
            ]
        );
        // On AAH: the CAF attestation is asked.
        assert_eq!(
            status_of(
                h().adult_with("a1", "1980-01-01", json!({"minima_sociaux": ["aah"]})),
                DocumentKind::BenefitsCertificate,
                None
            ),
            Some(Missing)
        );
        // ASS alone does not ask for it.
        assert_eq!(
            status_of(
                h().adult_with("a1", "1980-01-01", json!({"minima_sociaux": ["ass"]})),
                DocumentKind::BenefitsCertificate,
                None
            ),
            None
        );
        // A dependent child in shared residence with a disability: attestation, family record,
        // custody judgment, disability notice.
        let household = h()
            .adult("a1", "1980-01-01")
            .child_with(
                "c1",
                "2015-01-01",
                json!({"residence": "shared", "disability": true}),
            )
            .child("c2", "2000-01-01"); // 24, not a student: not dependent, asks nothing
        assert_eq!(
            summary(household, Procedure::Qf, 2025, ON),
            vec![
                ("identity".into(), Some("a1".into()), Missing),
                ("tax_notice".into(), Some("a1".into()), Missing),
                ("proof_of_address".into(), None, Missing),
                ("benefits_certificate".into(), None, Missing),
                ("family_record".into(), None, Missing),
                ("custody_judgment".into(), None, Missing),
                ("disability_notice".into(), Some("c1".into()), Missing),
            ]
        );
    }

    #[test]
    fn benefits_certificate_and_disability_notice_expire() {
        let child = || {
            h().adult("a1", "1980-01-01").child_with(
                "c1",
                "2015-01-01",
                json!({"disability": true}),
            )
        };
        assert_eq!(
            status_of(
                child().caf("2024-08-15", 0),
                DocumentKind::BenefitsCertificate,
                None
            ),
            Some(Valid)
        );
        assert_eq!(
            status_of(
                child().caf("2024-08-14", 0),
                DocumentKind::BenefitsCertificate,
                None
            ),
            Some(Expired)
        );
        let notice = |expires: &str| {
            child().doc(json!({"kind": "disability_notice", "holder": "c1", "expires_on": expires}))
        };
        assert_eq!(
            status_of(notice(ON), DocumentKind::DisabilityNotice, Some("c1")),
            Some(Valid)
        );
        assert_eq!(
            status_of(
                notice("2024-11-14"),
                DocumentKind::DisabilityNotice,
                Some("c1")
            ),
            Some(Expired)
        );
    }

    #[test]
    fn a_complete_file_is_complete_and_reasons_are_french() {
        let household = h()
            .adult_with(
                "a1",
                "1986-03-02",
                json!({"first_name": "Éléonore", "minima_sociaux": ["rsa"]}),
            )
            .child("c1", "2014-09-10")
            .doc(id(Some("2030-01-05")))
            .notice(&["a1"], 2023, 1_845_600, 0)
            .doc(
                json!({"kind": "proof_of_address", "issued_on": "2024-10-02", "postcode": "92500"}),
            )
            .caf("2024-10-15", 14_500)
            .doc(json!({"kind": "family_record"}))
            .build();
        let reference = reference(2025);
        let list = checklist(&household, Procedure::Qf, 2025, d(ON), &reference);
        assert!(list.complete, "{list:#?}");
        assert_eq!(
            list.items[0].reason,
            "Pièce d'identité d'Éléonore valide jusqu'au 05/01/2030."
        );
        let without_record = Household {
            documents: household.documents[..4].to_vec(),
            ..household.clone()
        };
        let list = checklist(&without_record, Procedure::Qf, 2025, d(ON), &reference);
        assert!(!list.complete);
        let blocking: Vec<_> = list.blocking().map(|i| i.reason.to_string()).collect();
        assert_eq!(
            blocking,
            ["Le livret de famille ou les actes de naissance des enfants à charge manquent."]
        );
    }

    #[test]
    fn cap_loisirs_asks_for_the_proof_of_each_minimum() {
        let household = h()
            .adult_with("a1", "1980-01-01", json!({"minima_sociaux": ["rsa"]}))
            .adult_with("a2", "1981-01-01", json!({"minima_sociaux": ["ass"]}))
            .doc(json!({"kind": "benefits_certificate", "issued_on": "2024-10-01", "minima_sociaux": ["rsa"]}))
            .doc(json!({"kind": "unemployment_certificate", "holder": "a2", "issued_on": "2024-06-01"}));
        assert_eq!(
            summary(household, Procedure::Scheme(Scheme::CapLoisirs), 2025, ON),
            vec![
                ("identity".into(), Some("a1".into()), Missing),
                ("identity".into(), Some("a2".into()), Missing),
                ("proof_of_address".into(), None, Missing),
                ("benefits_certificate".into(), Some("a1".into()), Valid),
                (
                    "unemployment_certificate".into(),
                    Some("a2".into()),
                    Expired
                ),
            ]
        );
        // An attestation that does not list the minimum is no proof of it.
        let household = h()
            .adult_with("a1", "1980-01-01", json!({"minima_sociaux": ["aah"]}))
            .doc(json!({"kind": "benefits_certificate", "issued_on": "2024-10-01", "minima_sociaux": ["rsa"]}));
        assert_eq!(
            summary(household, Procedure::Scheme(Scheme::CapLoisirs), 2025, ON)[2].2,
            Missing
        );
    }

    #[test]
    fn school_kit_asks_a_certificate_from_16_of_the_right_school_year() {
        let cert = |year: &str| json!({"kind": "school_certificate", "holder": "c1", "issued_on": "2025-06-01", "school_year": year});
        let base = || {
            h().adult("a1", "1980-01-01")
                .child("c1", "2009-07-01")
                .child("c2", "2012-01-01")
        };
        let on = "2025-08-25";
        let kit = Procedure::Scheme(Scheme::SchoolKit);
        let cases: Vec<(&str, H, Summary)> = vec![
            (
                "none",
                base(),
                vec![("school_certificate".into(), Some("c1".into()), Missing)],
            ),
            (
                "ending in Y",
                base().doc(cert("2024-2025")),
                vec![("school_certificate".into(), Some("c1".into()), Valid)],
            ),
            (
                "starting in Y",
                base().doc(cert("2025-2026")),
                vec![("school_certificate".into(), Some("c1".into()), Valid)],
            ),
            (
                "older",
                base().doc(cert("2023-2024")),
                vec![("school_certificate".into(), Some("c1".into()), WrongYear)],
            ),
        ];
        for (name, household, expected) in cases {
            assert_eq!(summary(household, kit, 2025, on), expected, "{name}");
        }
        // Under 16 on the day: nothing asked.
        assert!(
            summary(
                h().adult("a1", "1980-01-01").child("c1", "2009-08-26"),
                kit,
                2025,
                on
            )
            .is_empty()
        );
    }

    #[test]
    fn amethyste_and_medal_lists() {
        let senior = h().adult("a1", "1958-01-01").adult_with(
            "a2",
            "1990-01-01",
            json!({"disability_rate": 80}),
        );
        // Both are applicants: a1 for age, a2 for disability (with its notice).
        assert_eq!(
            summary(senior, Procedure::Scheme(Scheme::Amethyste), 2025, ON),
            vec![
                ("identity".into(), Some("a1".into()), Missing),
                ("identity".into(), Some("a2".into()), Missing),
                ("proof_of_address".into(), None, Missing),
                ("tax_notice".into(), Some("a1".into()), Missing),
                ("tax_notice".into(), Some("a2".into()), Missing),
                ("disability_notice".into(), Some("a2".into()), Missing),
            ]
        );
        let on_aah = h().adult_with(
            "a1",
            "1990-01-01",
            json!({"disability_rate": 85, "minima_sociaux": ["aah"]}),
        );
        assert_eq!(
            summary(on_aah, Procedure::Scheme(Scheme::Amethyste), 2025, ON),
            vec![
                ("identity".into(), Some("a1".into()), Missing),
                ("proof_of_address".into(), None, Missing),
                ("disability_notice".into(), Some("a1".into()), Missing),
            ]
        );
        assert_eq!(
            summary(
                h().adult("a1", "1970-01-01").adult("a2", "1972-01-01"),
                Procedure::Scheme(Scheme::FamilyMedal),
                2025,
                ON
            ),
            vec![
                ("identity".into(), Some("a1".into()), Missing),
                ("identity".into(), Some("a2".into()), Missing),
                ("family_record".into(), None, Missing),
            ]
        );
        assert!(
            summary(
                h().adult("a1", "1970-01-01"),
                Procedure::Scheme(Scheme::PassLoisirs),
                2025,
                ON
            )
            .is_empty()
        );
        assert!(
            summary(
                h().adult("a1", "1970-01-01"),
                Procedure::Scheme(Scheme::LireARueil),
                2025,
                ON
            )
            .is_empty()
        );
    }

    #[test]
    fn disability_notice_reasons_say_until_when() {
        let notice = |expires: Option<&str>| {
            let mut doc = json!({"kind": "disability_notice", "holder": "c1"});
            if let Some(e) = expires {
                doc["expires_on"] = json!(e);
            }
            h().adult("a1", "1980-01-01")
                .child_with("c1", "2015-01-01", json!({"disability": true}))
                .doc(doc)
                .build()
        };
        let reason = |household: &Household| {
            checklist(household, Procedure::Qf, 2025, d(ON), &reference(2025))
                .items
                .iter()
                .find(|i| i.kind == DocumentKind::DisabilityNotice)
                .map(|i| i.reason.to_string())
        };
        assert_eq!(
            reason(&notice(None)).as_deref(),
            Some("Notification MDPH/AEEH d'Enfant c1 fournie.")
        );
        assert_eq!(
            reason(&notice(Some("2024-11-14"))).as_deref(),
            Some("Notification MDPH/AEEH d'Enfant c1 périmée depuis le 14/11/2024.")
        );
        assert_eq!(
            reason(&notice(Some("2026-01-31"))).as_deref(),
            Some("Notification MDPH/AEEH d'Enfant c1 valide jusqu'au 31/01/2026.")
        );
    }
}
