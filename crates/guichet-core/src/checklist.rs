//! The document checklists (pièces justificatives): for a procedure — the QF or a scheme — the list of
//! items the household must provide, each judged on the instruction date with a status (*valide*,
//! *manquant*, *périmé*, *mauvaise année*, *incohérent*) and one French sentence that says why.
//! A procedure is complete when every item is valid (or a supervisor records a derogation elsewhere).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::{age_on, french, is_recent};
use crate::documents::{Document, DocumentKind};
use crate::household::{Adult, Child, Household, Minimum, Residence};
use crate::ids::PersonId;
use crate::qf::dependent_children;
use crate::reference::Reference;
use crate::schemes::Scheme;

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub kind: DocumentKind,
    /// The person it is required for; `None` for the household.
    pub holder: Option<PersonId>,
    pub status: DocumentStatus,
    /// One French sentence an agent can read out.
    pub reason: String,
}

/// A procedure's checklist on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub procedure: Procedure,
    /// Every item is valid.
    pub complete: bool,
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    fn new(procedure: Procedure, items: Vec<ChecklistItem>) -> Self {
        let complete = items.iter().all(|i| i.status == DocumentStatus::Valid);
        Checklist {
            procedure,
            complete,
            items,
        }
    }

    /// The items that are not valid.
    pub fn blocking(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.items
            .iter()
            .filter(|i| i.status != DocumentStatus::Valid)
    }
}

/// The checklist of `procedure` for QF (or campaign) year `year`, judged on the instruction date `on`.
pub fn checklist(
    household: &Household,
    procedure: Procedure,
    year: i32,
    on: NaiveDate,
    reference: &Reference,
) -> Checklist {
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

fn item(
    kind: DocumentKind,
    holder: Option<&PersonId>,
    status: DocumentStatus,
    reason: String,
) -> ChecklistItem {
    ChecklistItem {
        kind,
        holder: holder.cloned(),
        status,
        reason,
    }
}

impl<'a> Judge<'a> {
    fn months(&self) -> u32 {
        self.reference.documents.max_age_months
    }

    fn income_year(&self) -> i32 {
        self.year - 2
    }

    fn documents(&self) -> impl Iterator<Item = &'a Document> + 'a {
        self.household.documents.iter()
    }

    /// The most recent document among `docs` (by issue date; the last listed wins a tie).
    fn most_recent<'d>(docs: impl Iterator<Item = &'d Document>) -> Option<&'d Document> {
        docs.fold(None, |best: Option<&Document>, d| match best {
            Some(b) if b.issued_on() > d.issued_on() => Some(b),
            _ => Some(d),
        })
    }

    fn qf_items(&self) -> Vec<ChecklistItem> {
        let mut items = Vec::new();
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

    fn identity(&self, adult: &Adult) -> ChecklistItem {
        let held: Vec<Option<NaiveDate>> = self
            .documents()
            .filter_map(|d| match d {
                Document::Identity {
                    holder, expires_on, ..
                } if holder == &adult.id => Some(*expires_on),
                _ => None,
            })
            .collect();
        let name = &adult.first_name;
        let of = crate::names::de(name);
        let (status, reason) = if held.is_empty() {
            (
                DocumentStatus::Missing,
                format!("Pièce d'identité {of} manquante."),
            )
        } else if let Some(valid) = held.iter().find(|e| e.is_none_or(|e| e >= self.on)) {
            let reason = match valid {
                Some(e) => format!("Pièce d'identité {of} valide jusqu'au {}.", french(*e)),
                None => format!("Pièce d'identité {of} fournie, sans date d'expiration."),
            };
            (DocumentStatus::Valid, reason)
        } else {
            let last = held.iter().flatten().max().copied().unwrap_or(self.on);
            (
                DocumentStatus::Expired,
                format!("Pièce d'identité {of} périmée depuis le {}.", french(last)),
            )
        };
        item(DocumentKind::Identity, Some(&adult.id), status, reason)
    }

    fn tax_notice(&self, adult: &Adult) -> ChecklistItem {
        let wanted = self.income_year();
        let years: Vec<i32> = self
            .documents()
            .filter_map(|d| match d {
                Document::TaxNotice {
                    holders,
                    income_year,
                    ..
                } if holders.contains(&adult.id) => Some(*income_year),
                _ => None,
            })
            .collect();
        let name = &adult.first_name;
        let of = crate::names::de(name);
        let (status, reason) = if years.contains(&wanted) {
            (
                DocumentStatus::Valid,
                format!(
                    "Avis d'imposition {of} sur les revenus {wanted} fourni (émis en {}).",
                    wanted + 1
                ),
            )
        } else if years.is_empty() {
            (
                DocumentStatus::Missing,
                format!(
                    "Avis d'imposition {of} manquant : celui émis en {} sur les revenus {wanted} est attendu.",
                    wanted + 1
                ),
            )
        } else {
            let mut given = years.clone();
            given.sort_unstable();
            given.dedup();
            let given: Vec<String> = given.iter().map(i32::to_string).collect();
            (
                DocumentStatus::WrongYear,
                format!(
                    "Avis d'imposition {of} : revenus {wanted} attendus, revenus {} fournis.",
                    given.join(", ")
                ),
            )
        };
        item(DocumentKind::TaxNotice, Some(&adult.id), status, reason)
    }

    fn proof_of_address(&self) -> ChecklistItem {
        let latest = Self::most_recent(
            self.documents()
                .filter(|d| d.kind() == DocumentKind::ProofOfAddress),
        );
        let (status, reason) = match latest {
            Some(Document::ProofOfAddress {
                issued_on,
                postcode,
            }) => {
                if !is_recent(*issued_on, self.on, self.months()) {
                    (
                        DocumentStatus::Expired,
                        format!(
                            "Justificatif de domicile du {} : plus de {} mois.",
                            french(*issued_on),
                            self.months()
                        ),
                    )
                } else if postcode.trim() != self.reference.documents.postcode {
                    (
                        DocumentStatus::Inconsistent,
                        format!(
                            "Justificatif de domicile du {} : code postal {} au lieu de {}.",
                            french(*issued_on),
                            postcode.trim(),
                            self.reference.documents.postcode
                        ),
                    )
                } else {
                    (
                        DocumentStatus::Valid,
                        format!(
                            "Justificatif de domicile du {}, de moins de {} mois.",
                            french(*issued_on),
                            self.months()
                        ),
                    )
                }
            }
            _ => (
                DocumentStatus::Missing,
                format!(
                    "Justificatif de domicile de moins de {} mois manquant.",
                    self.months()
                ),
            ),
        };
        item(DocumentKind::ProofOfAddress, None, status, reason)
    }

    fn benefits_certificate(&self) -> ChecklistItem {
        let latest = Self::most_recent(
            self.documents()
                .filter(|d| d.kind() == DocumentKind::BenefitsCertificate),
        );
        let months = self.months();
        let (status, reason) = match latest.and_then(Document::issued_on) {
            Some(issued) if is_recent(issued, self.on, months) => (
                DocumentStatus::Valid,
                format!(
                    "Attestation CAF/MSA du {}, de moins de {months} mois.",
                    french(issued)
                ),
            ),
            Some(issued) => (
                DocumentStatus::Expired,
                format!(
                    "Attestation CAF/MSA du {} : plus de {months} mois.",
                    french(issued)
                ),
            ),
            None => (
                DocumentStatus::Missing,
                format!("Attestation CAF/MSA de moins de {months} mois manquante."),
            ),
        };
        item(DocumentKind::BenefitsCertificate, None, status, reason)
    }

    fn present(&self, kind: DocumentKind, valid: &str, missing: &str) -> ChecklistItem {
        if self.documents().any(|d| d.kind() == kind) {
            item(kind, None, DocumentStatus::Valid, valid.to_owned())
        } else {
            item(kind, None, DocumentStatus::Missing, missing.to_owned())
        }
    }

    fn disability_notice(&self, holder: &PersonId, name: &str) -> ChecklistItem {
        let of = crate::names::de(name);
        let held: Vec<Option<NaiveDate>> = self
            .documents()
            .filter_map(|d| match d {
                Document::DisabilityNotice {
                    holder: h,
                    expires_on,
                    ..
                } if h == holder => Some(*expires_on),
                _ => None,
            })
            .collect();
        let (status, reason) = if held.is_empty() {
            (
                DocumentStatus::Missing,
                format!("Notification MDPH/AEEH {of} manquante."),
            )
        } else if let Some(valid) = held.iter().find(|e| e.is_none_or(|e| e >= self.on)) {
            let reason = match valid {
                Some(e) => format!(
                    "Notification MDPH/AEEH {of} valide jusqu'au {}.",
                    french(*e)
                ),
                None => format!("Notification MDPH/AEEH {of} fournie."),
            };
            (DocumentStatus::Valid, reason)
        } else {
            let last = held.iter().flatten().max().copied().unwrap_or(self.on);
            (
                DocumentStatus::Expired,
                format!(
                    "Notification MDPH/AEEH {of} périmée depuis le {}.",
                    french(last)
                ),
            )
        };
        item(DocumentKind::DisabilityNotice, Some(holder), status, reason)
    }

    /// CAP Loisirs: for each adult claiming a minimum of the scheme, the identity and the proof of
    /// that minimum; the household's proof of address.
    fn cap_loisirs_items(&self) -> Vec<ChecklistItem> {
        let minima = &self.reference.schemes.cap_loisirs.minima;
        let applicants: Vec<&Adult> = self
            .household
            .adults
            .iter()
            .filter(|a| minima.iter().any(|m| a.claims(*m)))
            .collect();
        let mut items = Vec::new();
        for adult in &applicants {
            items.push(self.identity(adult));
        }
        items.push(self.proof_of_address());
        if applicants.is_empty() {
            let minima: Vec<&str> = minima.iter().map(|m| m.label()).collect();
            items.push(item(
                DocumentKind::BenefitsCertificate,
                None,
                DocumentStatus::Missing,
                format!(
                    "Aucun adulte du foyer ne déclare de minimum social ouvrant droit ({}) : un justificatif est attendu.",
                    minima.join(", ")
                ),
            ));
        }
        for adult in &applicants {
            for minimum in minima.iter().filter(|m| adult.claims(**m)) {
                items.push(self.minimum_proof(adult, *minimum));
            }
        }
        items
    }

    /// The proof of an adult's minimum: a CAF/MSA attestation listing it (RSA, AAH), or an
    /// unemployment certificate (ASS), under the maximum age.
    fn minimum_proof(&self, adult: &Adult, minimum: Minimum) -> ChecklistItem {
        let months = self.months();
        let name = &adult.first_name;
        let of = crate::names::de(name);
        let (kind, dates): (DocumentKind, Vec<NaiveDate>) = if minimum == Minimum::Ass {
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
                    .collect(),
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
                    .collect(),
            )
        };
        let what = if minimum == Minimum::Ass {
            "Attestation France Travail (ASS)".to_owned()
        } else {
            format!("Attestation CAF/MSA mentionnant {}", minimum.with_article())
        };
        let (status, reason) = match dates.iter().max() {
            Some(d) if is_recent(*d, self.on, months) => (
                DocumentStatus::Valid,
                format!("{what} {of} du {}, de moins de {months} mois.", french(*d)),
            ),
            Some(d) => (
                DocumentStatus::Expired,
                format!("{what} {of} du {} : plus de {months} mois.", french(*d)),
            ),
            None => (
                DocumentStatus::Missing,
                format!("{what} {of}, de moins de {months} mois, manquante."),
            ),
        };
        item(kind, Some(&adult.id), status, reason)
    }

    /// School kit: a school certificate for each child (still in the household) aged 16 or more on
    /// the day, of the school year ending or starting in the campaign year.
    fn school_kit_items(&self) -> Vec<ChecklistItem> {
        let from_age = i32::try_from(self.reference.schemes.school_kit.certificate_from_age)
            .unwrap_or(i32::MAX);
        self.household
            .children_by_age()
            .into_iter()
            .filter(|c| !c.left && age_on(c.birth_date, self.on) >= from_age)
            .map(|c| self.school_certificate(c))
            .collect()
    }

    fn school_certificate(&self, child: &Child) -> ChecklistItem {
        let years: Vec<_> = self
            .documents()
            .filter_map(|d| match d {
                Document::SchoolCertificate {
                    holder,
                    school_year,
                    ..
                } if holder == &child.id => Some(*school_year),
                _ => None,
            })
            .collect();
        let name = &child.first_name;
        let of = crate::names::de(name);
        let fits = |y: &crate::documents::SchoolYear| y.start == self.year || y.end() == self.year;
        let (status, reason) = if let Some(y) = years.iter().find(|y| fits(y)) {
            (
                DocumentStatus::Valid,
                format!("Certificat de scolarité {y} {of} fourni."),
            )
        } else if years.is_empty() {
            (
                DocumentStatus::Missing,
                format!(
                    "Certificat de scolarité {of} manquant ({}-{} ou {}-{} attendu).",
                    self.year - 1,
                    self.year,
                    self.year,
                    self.year + 1
                ),
            )
        } else {
            let given: Vec<String> = years.iter().map(ToString::to_string).collect();
            (
                DocumentStatus::WrongYear,
                format!(
                    "Certificat de scolarité {of} : année {} fournie, {}-{} ou {}-{} attendue.",
                    given.join(", "),
                    self.year - 1,
                    self.year,
                    self.year,
                    self.year + 1
                ),
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
    fn amethyste_items(&self) -> Vec<ChecklistItem> {
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
    fn family_medal_items(&self) -> Vec<ChecklistItem> {
        let mut items: Vec<ChecklistItem> = self
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
            .map(|i| (i.kind.code().to_owned(), i.holder.map(|h| h.0), i.status))
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
            let list = checklist(&household, Procedure::Qf, 2025, d(ON), &reference(2025));
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
        let list = checklist(&household, Procedure::Qf, 2025, d(ON), &reference(2025));
        assert!(list.complete, "{list:#?}");
        assert_eq!(
            list.items[0].reason,
            "Pièce d'identité d'Éléonore valide jusqu'au 05/01/2030."
        );
        let without_record = Household {
            documents: household.documents[..4].to_vec(),
            ..household.clone()
        };
        let list = checklist(
            &without_record,
            Procedure::Qf,
            2025,
            d(ON),
            &reference(2025),
        );
        assert!(!list.complete);
        let blocking: Vec<_> = list.blocking().map(|i| i.reason.as_str()).collect();
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
