//! The household's file as the desk app and `guichet show --json` present it ([`HouseholdView`]):
//! members, documents with what was read from them, the checklist of every procedure, saved QF with
//! their working, the aids the household is entitled to now, and its history.
//!
//! Years shown, for a view on date `on`:
//! - checklists: for the calendar year of `on` and the next one (the QF campaign of next year runs
//!   from October), for each year whose reference data the case file holds;
//! - QF: every year with a saved QF, plus the year of `on` and the QF year worked on at `on`
//!   ([`crate::qf_year_on`]: next year from 1 October, else this year), shown "QF non calculé"
//!   when none is saved;
//! - eligibility: the campaign year of `on` (its calendar year) with the tranche of that year's saved
//!   QF, or the highest tranche and "QF non calculé" without one.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use guichet_core::checklist::{Procedure, checklist};
use guichet_core::documents::Document;
use guichet_core::eligibility::eligibility;
use guichet_core::household::{Channel, Residence};
use guichet_core::money::Cents;
use guichet_core::{Household, PersonId};
use serde::Serialize;

use crate::CaseFile;
use crate::error::{Result, StoreError};
use crate::households::{household_id, load_household};
use crate::journal::{HistoryEntry, history_of};
use crate::persons::PersonData;
use crate::qf_decisions::{SavedQf, latest_decision, saved_years};
use crate::references::current_reference;
use crate::scans::{ScanInfo, scans_of_household};
use crate::today::{campaign_year_on, qf_year_on};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HouseholdView {
    /// File number, `F-07-000123`.
    pub number: String,
    /// The online portal's reference.
    pub reference: Option<String>,
    pub channel: Channel,
    pub site: String,
    pub received_on: NaiveDate,
    pub couple: bool,
    pub address: AddressView,
    pub members: Vec<MemberView>,
    pub documents: Vec<DocumentView>,
    /// The date the view was computed for.
    pub on: NaiveDate,
    /// The QF year worked on at `on`.
    pub qf_year: i32,
    pub checklists: Vec<ChecklistView>,
    pub qf: Vec<QfView>,
    /// `None` when the reference data of the campaign year is missing (see `notes`).
    pub eligibility: Option<EligibilityView>,
    /// What could not be shown, in French (missing reference data).
    pub notes: Vec<String>,
    pub history: Vec<HistoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddressView {
    pub line: String,
    pub postcode: String,
    pub city: String,
    pub department_since: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberView {
    /// Person number, `P-07-000456`.
    pub number: String,
    /// `adult` or `child`.
    pub role: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    /// Age on the view's date.
    pub age: i32,
    /// French labels: "RSA", "taux d'incapacité 80 %", "résidence alternée", "scolarisé(e)"…
    pub flags: Vec<String>,
    /// The person as stored (to correct it).
    pub data: PersonData,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentView {
    /// The document's id in the case file (for corrections).
    pub id: i64,
    /// Code, `tax_notice`.
    pub kind: String,
    /// French name.
    pub label: String,
    /// Person numbers.
    pub holders: Vec<String>,
    pub holder_names: Vec<String>,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    /// What was read from it, in French ("Revenu fiscal de référence : 18 456,00 €").
    pub figures: Vec<String>,
    /// The document as stored (request format, holders by person number).
    pub document: Document,
    /// Its scans, in the order attached.
    pub scans: Vec<ScanInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecklistView {
    pub year: i32,
    /// `qf` or a scheme code.
    pub procedure: String,
    pub label: String,
    pub complete: bool,
    pub items: Vec<ChecklistItemView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecklistItemView {
    pub kind: String,
    pub label: String,
    /// Person number, or `None` for the household.
    pub holder: Option<String>,
    pub holder_name: Option<String>,
    /// `valid`, `missing`, `expired`, `wrong_year`, `inconsistent`.
    pub status: String,
    /// French word for the status.
    pub status_label: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QfView {
    pub year: i32,
    /// "523,45 € — tranche 2", or "QF non calculé".
    pub label: String,
    /// The latest saved decision, with its explanation lines.
    pub saved: Option<SavedQf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EligibilityView {
    pub year: i32,
    pub tranche: u8,
    /// False without a saved QF of the year (highest tranche applied).
    pub qf_known: bool,
    /// "QF 2025 : 523,45 € (tranche 2)" or "QF non calculé : tranche 8 appliquée".
    pub qf_label: String,
    pub entitlements: Vec<EntitlementView>,
    pub refusals: Vec<RefusalView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntitlementView {
    pub scheme: String,
    pub scheme_label: String,
    pub beneficiary: String,
    pub beneficiary_name: String,
    pub amount_cents: Option<Cents>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RefusalView {
    pub scheme: String,
    pub scheme_label: String,
    pub beneficiary: String,
    pub beneficiary_name: String,
    pub reason: String,
}

/// The code of a procedure: `qf` or a scheme code.
pub fn procedure_code(procedure: Procedure) -> &'static str {
    procedure.code()
}

/// The French name of a procedure.
pub fn procedure_label(procedure: Procedure) -> &'static str {
    procedure.label()
}

fn name_of(household: &Household, id: &PersonId) -> String {
    household
        .person(id)
        .map(|p| p.full_name())
        .unwrap_or_else(|| id.to_string())
}

fn members(household: &Household, on: NaiveDate) -> Vec<MemberView> {
    let age = |birth| guichet_core::dates::age_on(birth, on);
    let mut out = Vec::new();
    for a in &household.adults {
        let mut flags: Vec<String> = a
            .minima_sociaux
            .iter()
            .map(|m| m.label().to_owned())
            .collect();
        if let Some(rate) = a.disability_rate {
            flags.push(format!("taux d'incapacité {rate} %"));
        }
        if a.retired_unfit {
            flags.push("retraité(e) pour inaptitude".to_owned());
        }
        out.push(MemberView {
            number: a.id.to_string(),
            role: "adult".to_owned(),
            last_name: a.last_name.clone(),
            first_name: a.first_name.clone(),
            birth_date: a.birth_date,
            age: age(a.birth_date),
            flags,
            data: PersonData::Adult(a.clone()),
        });
    }
    for c in &household.children {
        let mut flags = Vec::new();
        if c.residence == Residence::Shared {
            flags.push("résidence alternée".to_owned());
        }
        if c.disability {
            flags.push("handicap (AEEH/MDPH)".to_owned());
        }
        if c.schooled {
            flags.push("scolarisé(e)".to_owned());
        }
        if c.student {
            flags.push("étudiant(e)".to_owned());
        }
        if c.left {
            flags.push("a quitté le foyer".to_owned());
        }
        out.push(MemberView {
            number: c.id.to_string(),
            role: "child".to_owned(),
            last_name: c.last_name.clone(),
            first_name: c.first_name.clone(),
            birth_date: c.birth_date,
            age: age(c.birth_date),
            flags,
            data: PersonData::Child(c.clone()),
        });
    }
    out
}

fn figures(document: &Document) -> (Option<NaiveDate>, Vec<String>) {
    let french = guichet_core::dates::french;
    match document {
        Document::Identity { expires_on, .. } => (
            *expires_on,
            vec![match expires_on {
                Some(d) => format!("Valable jusqu'au {}", french(*d)),
                None => "Sans date d'expiration".to_owned(),
            }],
        ),
        Document::TaxNotice {
            income_year,
            reference_tax_income_cents,
            parts,
            income_tax_cents,
            ..
        } => {
            let mut lines = vec![
                format!("Revenus {income_year}"),
                format!(
                    "Revenu fiscal de référence : {}",
                    reference_tax_income_cents.to_french()
                ),
                format!("Impôt sur le revenu : {}", income_tax_cents.to_french()),
            ];
            if let Some(parts) = parts {
                lines.push(format!(
                    "Parts (avis) : {}",
                    parts.to_string().replace('.', ",")
                ));
            }
            (None, lines)
        }
        Document::ProofOfAddress { postcode, .. } => {
            (None, vec![format!("Code postal : {postcode}")])
        }
        Document::BenefitsCertificate {
            monthly_family_benefits_cents,
            minima_sociaux,
            ..
        } => {
            let mut lines = vec![format!(
                "Prestations familiales mensuelles : {}",
                monthly_family_benefits_cents.to_french()
            )];
            if !minima_sociaux.is_empty() {
                let labels: Vec<&str> = minima_sociaux.iter().map(|m| m.label()).collect();
                lines.push(format!("Minima sociaux : {}", labels.join(", ")));
            }
            (None, lines)
        }
        Document::UnemploymentCertificate { .. }
        | Document::FamilyRecord
        | Document::CustodyJudgment { .. } => (None, Vec::new()),
        Document::DisabilityNotice { expires_on, .. } => (
            *expires_on,
            expires_on
                .map(|d| vec![format!("Valable jusqu'au {}", french(d))])
                .unwrap_or_default(),
        ),
        Document::SchoolCertificate { school_year, .. } => {
            (None, vec![format!("Année scolaire {school_year}")])
        }
    }
}

fn qf_label(saved: &SavedQf) -> String {
    format!("{} — tranche {}", saved.qf_cents.to_french(), saved.tranche)
}

impl CaseFile {
    /// The household's file on date `on` (see the module's doc for the years shown).
    pub fn household_view(&self, number: &str, on: NaiveDate) -> Result<HouseholdView> {
        // One read transaction: every part of the view sees the same state.
        let tx = self.conn.unchecked_transaction()?;
        let (id, parsed) = household_id(&tx, number)?;
        let stored = load_household(&tx, id)?;
        let household = &stored.household;
        let mut notes = Vec::new();
        let mut scans = scans_of_household(&tx, id)?;

        let documents = household
            .documents
            .iter()
            .zip(&stored.document_ids)
            .map(|(document, &doc_id)| {
                let (expires_on, figures) = figures(document);
                let holders: Vec<&PersonId> = document.holders();
                DocumentView {
                    id: doc_id,
                    kind: document.kind().code().to_owned(),
                    label: document.kind().label().to_owned(),
                    holders: holders.iter().map(|h| h.to_string()).collect(),
                    holder_names: holders.iter().map(|h| name_of(household, h)).collect(),
                    issued_on: document.issued_on(),
                    expires_on,
                    figures,
                    document: document.clone(),
                    scans: scans.remove(&doc_id).unwrap_or_default(),
                }
            })
            .collect();

        let this_year = on.year();
        let mut checklists = Vec::new();
        for year in [this_year, this_year + 1] {
            let reference = match current_reference(&tx, year) {
                Ok(reference) => reference,
                Err(StoreError::MissingReference(_)) => continue,
                Err(e) => return Err(e),
            };
            for procedure in Procedure::ALL {
                let list = checklist(household, procedure, year, on, &reference);
                checklists.push(ChecklistView {
                    year,
                    procedure: procedure.code().to_owned(),
                    label: procedure.label().to_owned(),
                    complete: list.complete,
                    items: list
                        .items
                        .iter()
                        .map(|item| ChecklistItemView {
                            kind: item.kind.code().to_owned(),
                            label: item.kind.label().to_owned(),
                            holder: item.holder.map(ToString::to_string),
                            holder_name: item.holder.map(|h| name_of(household, h)),
                            status: serde_json::to_value(item.status)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_owned))
                                .unwrap_or_default(),
                            status_label: item.status.label().to_owned(),
                            reason: item.reason.to_string(),
                        })
                        .collect(),
                });
            }
        }

        let qf_year = qf_year_on(on);
        let campaign_year = campaign_year_on(on);
        let mut years: BTreeSet<i32> = saved_years(&tx, id)?.into_iter().collect();
        years.insert(campaign_year);
        years.insert(qf_year);
        let mut qf = Vec::new();
        for year in years {
            let saved = latest_decision(&tx, id, parsed, year)?;
            qf.push(QfView {
                year,
                label: saved
                    .as_ref()
                    .map(qf_label)
                    .unwrap_or_else(|| "QF non calculé".to_owned()),
                saved,
            });
        }

        let eligibility = match current_reference(&tx, campaign_year) {
            Ok(reference) => {
                let saved = latest_decision(&tx, id, parsed, campaign_year)?;
                let result = eligibility(
                    household,
                    campaign_year,
                    on,
                    saved.as_ref().map(|s| s.tranche),
                    &reference,
                );
                let qf_label = match &saved {
                    Some(s) => format!(
                        "QF {campaign_year} : {} (tranche {})",
                        s.qf_cents.to_french(),
                        s.tranche
                    ),
                    None => format!("QF non calculé : tranche {} appliquée", result.tranche),
                };
                Some(EligibilityView {
                    year: campaign_year,
                    tranche: result.tranche,
                    qf_known: result.qf_known,
                    qf_label,
                    entitlements: result
                        .entitlements
                        .iter()
                        .map(|e| EntitlementView {
                            scheme: e.scheme.code().to_owned(),
                            scheme_label: e.scheme.label().to_owned(),
                            beneficiary: e.beneficiary.to_string(),
                            beneficiary_name: name_of(household, e.beneficiary),
                            amount_cents: e.amount_cents,
                            reason: e.reason.to_string(),
                        })
                        .collect(),
                    refusals: result
                        .refusals
                        .iter()
                        .map(|r| RefusalView {
                            scheme: r.scheme.code().to_owned(),
                            scheme_label: r.scheme.label().to_owned(),
                            beneficiary: r.beneficiary.to_string(),
                            beneficiary_name: name_of(household, r.beneficiary),
                            reason: r.reason.to_string(),
                        })
                        .collect(),
                })
            }
            Err(StoreError::MissingReference(year)) => {
                notes.push(format!(
                    "Droits non calculés : les données de référence {year} ne sont pas dans ce dossier."
                ));
                None
            }
            Err(e) => return Err(e),
        };
        if !checklists.iter().any(|c| c.year == this_year) {
            notes.push(format!(
                "Pièces {this_year} non vérifiées : les données de référence {this_year} ne sont pas dans ce dossier."
            ));
        }

        let history = history_of(&tx, id)?;
        Ok(HouseholdView {
            number: stored.number.to_string(),
            reference: household.reference.clone(),
            channel: household.channel,
            site: household.site.clone().unwrap_or_default(),
            received_on: household.received_on,
            couple: household.couple,
            address: AddressView {
                line: household.address.line.clone(),
                postcode: household.address.postcode.clone(),
                city: household.address.city.clone(),
                department_since: household.address.department_since,
            },
            members: members(household, on),
            documents,
            on,
            qf_year,
            checklists,
            qf,
            eligibility,
            notes,
            history,
        })
    }
}
