//! Eligibility to each scheme for a campaign year on a date: who is entitled to what, and for every
//! other person of the scheme's kind (children for PL, KS, LR; adults for CL, AM, MF), why not, in
//! one French sentence (rendered when shown).
//!
//! The tranche is the one of the household's saved QF of the year; a household without one pays the
//! highest tranche ("QF non calculé"). The simulators pass the tranche computed from what was typed.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::checklist::amethyste_ground;
use crate::dates::{age_on, french};
use crate::documents::Document;
use crate::household::{Adult, Child, Household, Minimum};
use crate::ids::PersonId;
use crate::money::Cents;
use crate::reference::{AmethysteScheme, ChildVoucherScheme, Reference, ReferenceVersion, Window};
use crate::schemes::Scheme;
use crate::text::french_text;

/// A right: one beneficiary, one scheme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entitlement<'a> {
    pub scheme: Scheme,
    pub beneficiary: &'a PersonId,
    /// `None` for a kit or a request file.
    pub amount_cents: Option<Cents>,
    /// Why, in French (`Léo, 11 ans, foyer en tranche 1.`).
    pub reason: EntitlementReason<'a>,
}

/// A person of the scheme's kind who is not entitled, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refusal<'a> {
    pub scheme: Scheme,
    pub beneficiary: &'a PersonId,
    pub reason: RefusalReason<'a>,
}

/// The household's rights for a campaign year on a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eligibility<'a> {
    pub year: i32,
    /// The tranche used.
    pub tranche: u8,
    /// False when no QF of the year was given: the highest tranche applies.
    pub qf_known: bool,
    pub entitlements: Vec<Entitlement<'a>>,
    pub refusals: Vec<Refusal<'a>>,
    pub reference: Cow<'a, ReferenceVersion>,
}

/// Why a person is entitled, written when displayed. Names are first names, borrowed from the
/// household.
#[derive(Clone, PartialEq, Eq)]
pub enum EntitlementReason<'a> {
    /// Pass'Loisirs, Lire à Rueil: `Léo, 11 ans, foyer en tranche 1.`
    ChildVoucher {
        name: &'a str,
        age: i32,
        tranche: u8,
    },
    /// `Léo, 11 ans, scolarisé(e), foyer en tranche 1.`
    SchoolKit {
        name: &'a str,
        age: i32,
        tranche: u8,
    },
    /// CAP Loisirs: the scheme's `minima` the adult receives.
    CapLoisirs {
        adult: &'a Adult,
        minima: &'a [Minimum],
    },
    /// Améthyste: on AAH, or under the income tax ceiling.
    Amethyste {
        name: &'a str,
        age: i32,
        ground: AmethysteIncome,
    },
    FamilyMedal {
        name: &'a str,
        children: usize,
        eldest_age: i32,
    },
}

/// Why the income tax does not bar the carte Améthyste.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmethysteIncome {
    /// Receives the AAH: no ceiling.
    Aah,
    /// The household's income tax of `income_year`, at most `limit`.
    UnderCeiling {
        income_year: i32,
        tax: Cents,
        limit: Cents,
    },
}

/// Why a person is not entitled, written when displayed.
#[derive(Clone, PartialEq)]
pub enum RefusalReason<'a> {
    ChildLeft {
        name: &'a str,
    },
    ChildAge {
        name: &'a str,
        age: i32,
        on: NaiveDate,
        min_age: u32,
        max_age: u32,
    },
    NotSchooled {
        name: &'a str,
    },
    OutOfWindow {
        name: &'a str,
        window: Window,
    },
    /// The household's tranche is above the scheme's `max`; `qf_year` is `None` when the QF is
    /// known, else the year whose QF was not computed.
    Tranche {
        name: &'a str,
        tranche: u8,
        max: u8,
        qf_year: Option<i32>,
    },
    /// CAP Loisirs: none of the scheme's `minima`.
    NoMinimum {
        name: &'a str,
        minima: &'a [Minimum],
    },
    AmethysteNoGround {
        name: &'a str,
        age: i32,
        rules: &'a AmethysteScheme,
    },
    AmethysteArrivalUnknown {
        name: &'a str,
        years: u32,
    },
    AmethysteTooRecent {
        name: &'a str,
        since: NaiveDate,
        years: u32,
    },
    AmethysteOverCeiling {
        name: &'a str,
        income_year: i32,
        tax: Cents,
        limit: Cents,
    },
    MedalTooFewChildren {
        name: &'a str,
        children: usize,
        min: u32,
    },
    MedalEldestTooYoung {
        name: &'a str,
        eldest_age: i32,
        min_age: u32,
    },
}

/// Eligibility to every scheme for campaign year `year` on date `on`. `tranche` is the tranche of the
/// household's QF of `year`; `None` means no saved QF, and the highest tranche applies.
pub fn eligibility<'a>(
    household: &'a Household,
    year: i32,
    on: NaiveDate,
    tranche: Option<u8>,
    reference: &'a Reference,
) -> Eligibility<'a> {
    let qf_known = tranche.is_some();
    let tranche = tranche.unwrap_or_else(|| reference.max_tranche());
    let children = household.children_by_age();
    let mut out = Eligibility {
        year,
        tranche,
        qf_known,
        // Each person of a scheme's kind is either entitled or refused, and most are refused.
        entitlements: Vec::new(),
        refusals: Vec::with_capacity(3 * (children.len() + household.adults.len())),
        reference: reference.version_borrowed(),
    };
    let ctx = Context {
        household,
        children,
        year,
        on,
        tranche,
        qf_known,
        reference,
    };
    let schemes = &reference.schemes;
    ctx.child_vouchers(Scheme::PassLoisirs, &schemes.pass_loisirs, &mut out);
    ctx.cap_loisirs(&mut out);
    ctx.school_kit(&mut out);
    ctx.child_vouchers(Scheme::LireARueil, &schemes.lire_a_rueil, &mut out);
    ctx.amethyste(&mut out);
    ctx.family_medal(&mut out);
    out
}

struct Context<'a> {
    household: &'a Household,
    /// The children ranked by birth date, eldest first.
    children: Vec<&'a Child>,
    year: i32,
    on: NaiveDate,
    tranche: u8,
    qf_known: bool,
    reference: &'a Reference,
}

fn grant<'a>(
    out: &mut Eligibility<'a>,
    scheme: Scheme,
    who: &'a PersonId,
    amount: Option<Cents>,
    reason: EntitlementReason<'a>,
) {
    out.entitlements.push(Entitlement {
        scheme,
        beneficiary: who,
        amount_cents: amount,
        reason,
    });
}

fn refuse<'a>(
    out: &mut Eligibility<'a>,
    scheme: Scheme,
    who: &'a PersonId,
    reason: RefusalReason<'a>,
) {
    out.refusals.push(Refusal {
        scheme,
        beneficiary: who,
        reason,
    });
}

/// An age in French: `1 an`, `11 ans`.
struct Years(i32);

impl fmt::Display for Years {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let age = self.0;
        if age.abs() <= 1 {
            write!(f, "{age} an")
        } else {
            write!(f, "{age} ans")
        }
    }
}

/// The minima an adult receives among the scheme's `minima`, in the scheme's order.
fn claimed<'m>(adult: &'m Adult, minima: &'m [Minimum]) -> impl Iterator<Item = Minimum> + 'm {
    minima.iter().copied().filter(|m| adult.claims(*m))
}

impl fmt::Display for EntitlementReason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntitlementReason::ChildVoucher { name, age, tranche } => {
                write!(f, "{name}, {}, foyer en tranche {tranche}.", Years(*age))
            }
            EntitlementReason::SchoolKit { name, age, tranche } => write!(
                f,
                "{name}, {}, scolarisé(e), foyer en tranche {tranche}.",
                Years(*age)
            ),
            EntitlementReason::CapLoisirs { adult, minima } => {
                write!(f, "{} perçoit ", adult.first_name)?;
                for (index, minimum) in claimed(adult, minima).enumerate() {
                    if index > 0 {
                        f.write_str(" et ")?;
                    }
                    f.write_str(minimum.with_article())?;
                }
                f.write_str(".")
            }
            EntitlementReason::Amethyste { name, age, ground } => {
                write!(f, "{name}, {}, ", Years(*age))?;
                match ground {
                    AmethysteIncome::Aah => f.write_str("perçoit l'AAH")?,
                    AmethysteIncome::UnderCeiling {
                        income_year,
                        tax,
                        limit,
                    } => write!(
                        f,
                        "impôt sur le revenu {income_year} de {tax} (plafond {limit})"
                    )?,
                }
                f.write_str(" : dossier de demande à transmettre au département.")
            }
            EntitlementReason::FamilyMedal {
                name,
                children,
                eldest_age,
            } => write!(
                f,
                "{name} a élevé {children} enfants, l'aîné a {} : dossier à transmettre au préfet.",
                Years(*eldest_age)
            ),
        }
    }
}

impl fmt::Display for RefusalReason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefusalReason::ChildLeft { name } => write!(f, "{name} a quitté le foyer."),
            RefusalReason::ChildAge {
                name,
                age,
                on,
                min_age,
                max_age,
            } => write!(
                f,
                "{name} a {} le {} : réservé aux enfants de {min_age} à {max_age} ans.",
                Years(*age),
                french(*on)
            ),
            RefusalReason::NotSchooled { name } => write!(f, "{name} n'est pas scolarisé(e)."),
            RefusalReason::OutOfWindow { name, window } => write!(
                f,
                "{name} : hors campagne (du {} au {}).",
                french(window.start),
                french(window.end)
            ),
            RefusalReason::Tranche {
                name,
                tranche,
                max,
                qf_year: None,
            } => write!(
                f,
                "{name} : le foyer est en tranche {tranche} : réservé aux tranches 1 à {max}."
            ),
            RefusalReason::Tranche {
                name,
                tranche,
                max,
                qf_year: Some(year),
            } => write!(
                f,
                "{name} : QF {year} non calculé, le foyer est compté en tranche {tranche} (réservé aux tranches 1 à {max})."
            ),
            RefusalReason::NoMinimum { name, minima } => {
                write!(f, "{name} ne perçoit ")?;
                for (index, minimum) in minima.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "ni {}", minimum.with_article())?;
                }
                f.write_str(" : réservé aux bénéficiaires de ces minima sociaux.")
            }
            RefusalReason::AmethysteNoGround { name, age, rules } => write!(
                f,
                "{name} a {} : réservé aux personnes de {} ans et plus, de {} ans et plus retraitées pour inaptitude, ou handicapées à {} % et plus dès {} ans.",
                Years(*age),
                rules.senior_age,
                rules.retired_unfit_age,
                rules.disability_min_rate,
                rules.disability_age
            ),
            RefusalReason::AmethysteArrivalUnknown { name, years } => write!(
                f,
                "{name} : la date d'arrivée dans les Hauts-de-Seine n'est pas connue ({years} an de résidence exigé)."
            ),
            RefusalReason::AmethysteTooRecent { name, since, years } => write!(
                f,
                "{name} : dans les Hauts-de-Seine depuis le {}, moins de {years} an de résidence.",
                french(*since)
            ),
            RefusalReason::AmethysteOverCeiling {
                name,
                income_year,
                tax,
                limit,
            } => write!(
                f,
                "{name} : impôt sur le revenu {income_year} de {tax}, au-dessus du plafond de {limit}."
            ),
            RefusalReason::MedalTooFewChildren {
                name,
                children,
                min,
            } => write!(
                f,
                "{name} : le foyer compte {children} enfant{} : il en faut au moins {min}.",
                if *children > 1 { "s" } else { "" }
            ),
            RefusalReason::MedalEldestTooYoung {
                name,
                eldest_age,
                min_age,
            } => write!(
                f,
                "{name} : l'aîné a {} : il doit avoir au moins {min_age} ans.",
                Years(*eldest_age)
            ),
        }
    }
}

french_text!(EntitlementReason<'_>, RefusalReason<'_>);

/// Why the household's children cannot receive the médaille (the same for each adult).
enum MedalBar {
    TooFewChildren { children: usize, min: u32 },
    EldestTooYoung { eldest_age: i32, min_age: u32 },
}

impl<'a> Context<'a> {
    fn age(&self, birth: NaiveDate) -> i32 {
        age_on(birth, self.on)
    }

    /// The reason a child cannot be a beneficiary of a per-child scheme, or `None`.
    fn child_refusal(
        &self,
        child: &'a Child,
        min_age: u32,
        max_age: u32,
        max_tranche: u8,
        window: Option<Window>,
        needs_school: bool,
    ) -> Option<RefusalReason<'a>> {
        let name = child.first_name.as_str();
        if child.left {
            return Some(RefusalReason::ChildLeft { name });
        }
        let age = self.age(child.birth_date);
        if i64::from(age) < i64::from(min_age) || i64::from(age) > i64::from(max_age) {
            return Some(RefusalReason::ChildAge {
                name,
                age,
                on: self.on,
                min_age,
                max_age,
            });
        }
        if needs_school && !child.schooled {
            return Some(RefusalReason::NotSchooled { name });
        }
        if let Some(window) = window.filter(|w| !w.contains(self.on)) {
            return Some(RefusalReason::OutOfWindow { name, window });
        }
        if self.tranche > max_tranche {
            return Some(RefusalReason::Tranche {
                name,
                tranche: self.tranche,
                max: max_tranche,
                qf_year: (!self.qf_known).then_some(self.year),
            });
        }
        None
    }

    /// Pass'Loisirs and Lire à Rueil: a voucher per child in the age range, tranche ceiling.
    fn child_vouchers(
        &self,
        scheme: Scheme,
        rules: &ChildVoucherScheme,
        out: &mut Eligibility<'a>,
    ) {
        for child in &self.children {
            match self.child_refusal(
                child,
                rules.min_age,
                rules.max_age,
                rules.max_tranche,
                rules.window,
                false,
            ) {
                Some(reason) => refuse(out, scheme, &child.id, reason),
                None => grant(
                    out,
                    scheme,
                    &child.id,
                    Some(rules.amount_cents),
                    EntitlementReason::ChildVoucher {
                        name: &child.first_name,
                        age: self.age(child.birth_date),
                        tranche: self.tranche,
                    },
                ),
            }
        }
    }

    fn school_kit(&self, out: &mut Eligibility<'a>) {
        let rules = &self.reference.schemes.school_kit;
        for child in &self.children {
            match self.child_refusal(
                child,
                rules.min_age,
                rules.max_age,
                rules.max_tranche,
                Some(rules.window),
                true,
            ) {
                Some(reason) => refuse(out, Scheme::SchoolKit, &child.id, reason),
                None => grant(
                    out,
                    Scheme::SchoolKit,
                    &child.id,
                    None,
                    EntitlementReason::SchoolKit {
                        name: &child.first_name,
                        age: self.age(child.birth_date),
                        tranche: self.tranche,
                    },
                ),
            }
        }
    }

    /// CAP Loisirs: each adult receiving one of the scheme's minima; no tranche condition.
    fn cap_loisirs(&self, out: &mut Eligibility<'a>) {
        let rules = &self.reference.schemes.cap_loisirs;
        let minima = rules.minima.as_slice();
        for adult in &self.household.adults {
            if claimed(adult, minima).next().is_none() {
                refuse(
                    out,
                    Scheme::CapLoisirs,
                    &adult.id,
                    RefusalReason::NoMinimum {
                        name: &adult.first_name,
                        minima,
                    },
                );
            } else {
                grant(
                    out,
                    Scheme::CapLoisirs,
                    &adult.id,
                    Some(rules.amount_cents),
                    EntitlementReason::CapLoisirs { adult, minima },
                );
            }
        }
    }

    /// Total income tax (impôt sur le revenu) of the household's notices of income year Y−2; 0
    /// without any.
    fn income_tax(&self) -> Cents {
        let income_year = self.year - 2;
        self.household
            .documents
            .iter()
            .filter_map(|d| match d {
                Document::TaxNotice {
                    income_year: y,
                    income_tax_cents,
                    ..
                } if *y == income_year => Some(*income_tax_cents),
                _ => None,
            })
            .sum()
    }

    fn amethyste(&self, out: &mut Eligibility<'a>) {
        let rules = &self.reference.schemes.amethyste;
        let tax = self.income_tax();
        let limit = if self.household.couple {
            rules.income_tax_limit_couple_cents
        } else {
            rules.income_tax_limit_cents
        };
        for adult in &self.household.adults {
            match self.amethyste_refusal(adult, tax, limit) {
                Some(reason) => refuse(out, Scheme::Amethyste, &adult.id, reason),
                None => {
                    let ground = if adult.claims(Minimum::Aah) {
                        AmethysteIncome::Aah
                    } else {
                        AmethysteIncome::UnderCeiling {
                            income_year: self.year - 2,
                            tax,
                            limit,
                        }
                    };
                    grant(
                        out,
                        Scheme::Amethyste,
                        &adult.id,
                        None,
                        EntitlementReason::Amethyste {
                            name: &adult.first_name,
                            age: self.age(adult.birth_date),
                            ground,
                        },
                    );
                }
            }
        }
    }

    fn amethyste_refusal(
        &self,
        adult: &'a Adult,
        tax: Cents,
        limit: Cents,
    ) -> Option<RefusalReason<'a>> {
        let rules = &self.reference.schemes.amethyste;
        let name = adult.first_name.as_str();
        if amethyste_ground(adult, self.on, rules).is_none() {
            return Some(RefusalReason::AmethysteNoGround {
                name,
                age: self.age(adult.birth_date),
                rules,
            });
        }
        let since_limit = self
            .on
            .checked_sub_months(chrono::Months::new(12 * rules.residence_years))
            .unwrap_or(NaiveDate::MIN);
        match self.household.address.department_since {
            None => {
                return Some(RefusalReason::AmethysteArrivalUnknown {
                    name,
                    years: rules.residence_years,
                });
            }
            Some(since) if since > since_limit => {
                return Some(RefusalReason::AmethysteTooRecent {
                    name,
                    since,
                    years: rules.residence_years,
                });
            }
            Some(_) => {}
        }
        if !adult.claims(Minimum::Aah) && tax > limit {
            return Some(RefusalReason::AmethysteOverCeiling {
                name,
                income_year: self.year - 2,
                tax,
                limit,
            });
        }
        None
    }

    /// Médaille de la famille: at least `min_children` children listed (grown-up ones included) and
    /// the eldest aged `eldest_min_age` or more: each adult may apply.
    fn family_medal(&self, out: &mut Eligibility<'a>) {
        let rules = &self.reference.schemes.family_medal;
        let count = self.household.children.len();
        let eldest = self.children.first().map(|c| self.age(c.birth_date));
        let bar = if u32::try_from(count).unwrap_or(u32::MAX) < rules.min_children {
            Some(MedalBar::TooFewChildren {
                children: count,
                min: rules.min_children,
            })
        } else if eldest.is_none_or(|a| i64::from(a) < i64::from(rules.eldest_min_age)) {
            Some(MedalBar::EldestTooYoung {
                eldest_age: eldest.unwrap_or(0),
                min_age: rules.eldest_min_age,
            })
        } else {
            None
        };
        for adult in &self.household.adults {
            let name = adult.first_name.as_str();
            match bar {
                Some(MedalBar::TooFewChildren { children, min }) => refuse(
                    out,
                    Scheme::FamilyMedal,
                    &adult.id,
                    RefusalReason::MedalTooFewChildren {
                        name,
                        children,
                        min,
                    },
                ),
                Some(MedalBar::EldestTooYoung {
                    eldest_age,
                    min_age,
                }) => refuse(
                    out,
                    Scheme::FamilyMedal,
                    &adult.id,
                    RefusalReason::MedalEldestTooYoung {
                        name,
                        eldest_age,
                        min_age,
                    },
                ),
                None => grant(
                    out,
                    Scheme::FamilyMedal,
                    &adult.id,
                    None,
                    EntitlementReason::FamilyMedal {
                        name,
                        children: count,
                        eldest_age: eldest.unwrap_or(0),
                    },
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{H, d, h, reference};
    use serde_json::json;

    /// The beneficiaries of `scheme` (entitled) and the refused ones.
    fn who(
        household: H,
        scheme: Scheme,
        on: &str,
        tranche: Option<u8>,
    ) -> (Vec<String>, Vec<String>) {
        let household = household.build();
        let reference = reference(2025);
        let e = eligibility(&household, 2025, d(on), tranche, &reference);
        let granted = e
            .entitlements
            .iter()
            .filter(|x| x.scheme == scheme)
            .map(|x| x.beneficiary.0.clone())
            .collect();
        let refused = e
            .refusals
            .iter()
            .filter(|x| x.scheme == scheme)
            .map(|x| x.beneficiary.0.clone())
            .collect();
        (granted, refused)
    }

    fn granted(household: H, scheme: Scheme, on: &str, tranche: Option<u8>) -> bool {
        let (g, r) = who(household, scheme, on, tranche);
        assert_eq!(
            g.len() + r.len(),
            1,
            "one person of the scheme's kind expected"
        );
        g.len() == 1
    }

    fn one_child(birth: &str) -> H {
        h().adult("a1", "1980-01-01").child("c1", birth)
    }

    #[test]
    fn pass_loisirs_ages_3_to_17_tranches_1_to_3() {
        let on = "2025-03-10";
        let cases = [
            ("3 today", "2022-03-10", Some(1), true),
            ("3 tomorrow", "2022-03-11", Some(1), false),
            ("17", "2007-03-11", Some(3), true),
            ("18 today", "2007-03-10", Some(1), false),
            ("tranche 3", "2015-01-01", Some(3), true),
            ("tranche 4", "2015-01-01", Some(4), false),
            ("QF non calculé", "2015-01-01", None, false),
        ];
        for (name, birth, tranche, expected) in cases {
            assert_eq!(
                granted(one_child(birth), Scheme::PassLoisirs, on, tranche),
                expected,
                "{name}"
            );
        }
        let household = one_child("2015-01-01").build();
        let reference = reference(2025);
        let e = eligibility(&household, 2025, d(on), None, &reference);
        assert_eq!(e.tranche, 8);
        let refusal = e
            .refusals
            .iter()
            .find(|r| r.scheme == Scheme::PassLoisirs)
            .unwrap();
        assert_eq!(
            refusal.reason,
            "Enfant c1 : QF 2025 non calculé, le foyer est compté en tranche 8 (réservé aux tranches 1 à 3)."
        );
        let e = eligibility(&household, 2025, d(on), Some(2), &reference);
        let right = e
            .entitlements
            .iter()
            .find(|r| r.scheme == Scheme::PassLoisirs)
            .unwrap();
        assert_eq!(right.amount_cents, Some(Cents(8000)));
    }

    #[test]
    fn a_child_who_left_is_never_a_beneficiary() {
        let household =
            h().adult("a1", "1980-01-01")
                .child_with("c1", "2015-01-01", json!({"left": true}));
        let (g, r) = who(household, Scheme::PassLoisirs, "2025-03-10", Some(1));
        assert!(g.is_empty());
        assert_eq!(r, ["c1"]);
    }

    #[test]
    fn cap_loisirs_for_rsa_ass_aah_without_tranche() {
        let adult = |minima: serde_json::Value| {
            h().adult_with("a1", "1980-01-01", json!({"minima_sociaux": minima}))
        };
        let cases = [
            ("rsa", json!(["rsa"]), true),
            ("ass", json!(["ass"]), true),
            ("aah", json!(["aah"]), true),
            ("aspa only", json!(["aspa"]), false),
            ("none", json!([]), false),
        ];
        for (name, minima, expected) in cases {
            assert_eq!(
                granted(adult(minima), Scheme::CapLoisirs, "2025-03-10", None),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn school_kit_in_its_window_for_schooled_children_of_tranches_1_and_2() {
        let cases = [
            ("first day", "2015-01-01", true, "2025-06-01", Some(2), true),
            (
                "the day before",
                "2015-01-01",
                true,
                "2025-05-31",
                Some(2),
                false,
            ),
            ("last day", "2015-01-01", true, "2025-09-15", Some(2), true),
            (
                "the day after",
                "2015-01-01",
                true,
                "2025-09-16",
                Some(2),
                false,
            ),
            (
                "tranche 3",
                "2015-01-01",
                true,
                "2025-08-25",
                Some(3),
                false,
            ),
            (
                "not schooled",
                "2015-01-01",
                false,
                "2025-08-25",
                Some(1),
                false,
            ),
            ("6 today", "2019-08-25", true, "2025-08-25", Some(1), true),
            ("5", "2019-08-26", true, "2025-08-25", Some(1), false),
            ("18", "2006-08-26", true, "2025-08-25", Some(1), true),
            ("19 today", "2006-08-25", true, "2025-08-25", Some(1), false),
        ];
        for (name, birth, schooled, on, tranche, expected) in cases {
            let household = h().adult("a1", "1980-01-01").child_with(
                "c1",
                birth,
                json!({"schooled": schooled}),
            );
            assert_eq!(
                granted(household, Scheme::SchoolKit, on, tranche),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn lire_a_rueil_does_not_need_school_but_needs_its_window() {
        let household = || {
            h().adult("a1", "1980-01-01")
                .child_with("c1", "2015-01-01", json!({"schooled": false}))
        };
        assert!(granted(
            household(),
            Scheme::LireARueil,
            "2025-08-25",
            Some(1)
        ));
        assert!(!granted(
            household(),
            Scheme::LireARueil,
            "2025-10-01",
            Some(1)
        ));
        let household = household().build();
        let reference = reference(2025);
        let e = eligibility(&household, 2025, d("2025-08-25"), Some(1), &reference);
        let chèque = e
            .entitlements
            .iter()
            .find(|x| x.scheme == Scheme::LireARueil)
            .unwrap();
        assert_eq!(chèque.amount_cents, Some(Cents(1500)));
        let kit = e
            .refusals
            .iter()
            .find(|x| x.scheme == Scheme::SchoolKit)
            .unwrap();
        assert_eq!(kit.reason, "Enfant c1 n'est pas scolarisé(e).");
    }

    #[test]
    fn amethyste_grounds_residence_and_income_tax() {
        let on = "2025-03-10";
        let senior = |birth: &str, extra: serde_json::Value| h().adult_with("a1", birth, extra);
        let cases: Vec<(&str, H, bool)> = vec![
            ("65 today", senior("1960-03-10", json!({})), true),
            ("64", senior("1960-03-11", json!({})), false),
            ("60, retired unfit", senior("1965-03-10", json!({"retired_unfit": true})), true),
            ("59, retired unfit", senior("1965-03-11", json!({"retired_unfit": true})), false),
            ("20, 80 %", senior("2005-03-10", json!({"disability_rate": 80})), true),
            ("20, 79 %", senior("2005-03-10", json!({"disability_rate": 79})), false),
            ("19, 90 %", senior("2005-03-11", json!({"disability_rate": 90})), false),
            ("tax at the ceiling", senior("1950-01-01", json!({})).notice(&["a1"], 2023, 2_000_000, 65_000), true),
            ("tax above the ceiling", senior("1950-01-01", json!({})).notice(&["a1"], 2023, 2_000_000, 65_001), false),
            ("tax of another year ignored", senior("1950-01-01", json!({})).notice(&["a1"], 2022, 2_000_000, 99_000), true),
            ("AAH whatever the tax", senior("1990-01-01", json!({"disability_rate": 80, "minima_sociaux": ["aah"]})).notice(&["a1"], 2023, 2_000_000, 99_000), true),
            ("one year in the département", senior("1950-01-01", json!({})).set("address", json!({"line": "x", "postcode": "92500", "city": "R", "department_since": "2024-03-10"})), true),
            ("a day short of a year", senior("1950-01-01", json!({})).set("address", json!({"line": "x", "postcode": "92500", "city": "R", "department_since": "2024-03-11"})), false),
            ("arrival unknown", senior("1950-01-01", json!({})).set("address", json!({"line": "x", "postcode": "92500", "city": "R"})), false),
        ];
        for (name, household, expected) in cases {
            assert_eq!(
                granted(household, Scheme::Amethyste, on, None),
                expected,
                "{name}"
            );
        }
        // A couple's ceiling is 800 €.
        let couple = |tax: i64| {
            h().adult("a1", "1950-01-01")
                .adult("a2", "1952-01-01")
                .set("couple", json!(true))
                .notice(&["a1", "a2"], 2023, 3_000_000, tax)
        };
        assert_eq!(
            who(couple(80_000), Scheme::Amethyste, on, None).0,
            ["a1", "a2"]
        );
        assert_eq!(
            who(couple(80_001), Scheme::Amethyste, on, None).1,
            ["a1", "a2"]
        );
    }

    #[test]
    fn medal_needs_four_children_and_the_eldest_at_16() {
        let on = "2025-03-10";
        let family = |eldest: &str, n: usize| {
            let mut b = h()
                .adult("a1", "1970-01-01")
                .adult("a2", "1971-01-01")
                .child_with("c0", eldest, json!({"left": true}));
            for i in 1..n {
                b = b.child(&format!("c{i}"), &format!("{}-01-01", 2012 + i));
            }
            b
        };
        assert_eq!(
            who(family("2009-03-10", 4), Scheme::FamilyMedal, on, None).0,
            ["a1", "a2"]
        );
        assert_eq!(
            who(family("2009-03-11", 4), Scheme::FamilyMedal, on, None).1,
            ["a1", "a2"]
        );
        assert_eq!(
            who(family("2000-01-01", 3), Scheme::FamilyMedal, on, None).1,
            ["a1", "a2"]
        );
        let household = family("2000-01-01", 3).build();
        let reference = reference(2025);
        let e = eligibility(&household, 2025, d(on), None, &reference);
        let refusal = e
            .refusals
            .iter()
            .find(|r| r.scheme == Scheme::FamilyMedal)
            .unwrap();
        assert_eq!(
            refusal.reason,
            "Adulte a1 : le foyer compte 3 enfants : il en faut au moins 4."
        );
    }

    #[test]
    fn every_person_of_the_schemes_kind_is_either_entitled_or_refused() {
        let household = h()
            .adult_with("a1", "1980-01-01", json!({"minima_sociaux": ["rsa"]}))
            .adult("a2", "1982-01-01")
            .child("c1", "2010-01-01")
            .child("c2", "2015-01-01")
            .child("c3", "2023-01-01")
            .build();
        let reference = reference(2025);
        let e = eligibility(&household, 2025, d("2025-07-01"), Some(1), &reference);
        for scheme in Scheme::ALL {
            let expected = if scheme.for_children() { 3 } else { 2 };
            let count = e.entitlements.iter().filter(|x| x.scheme == scheme).count()
                + e.refusals.iter().filter(|x| x.scheme == scheme).count();
            assert_eq!(count, expected, "{scheme}");
        }
    }

    #[test]
    fn amethyste_says_when_the_arrival_date_is_unknown() {
        let household = h()
            .adult("a1", "1950-01-01")
            .set(
                "address",
                json!({"line": "x", "postcode": "92500", "city": "R"}),
            )
            .build();
        let reference = reference(2025);
        let e = eligibility(&household, 2025, d("2025-03-10"), None, &reference);
        let refusal = e
            .refusals
            .iter()
            .find(|r| r.scheme == Scheme::Amethyste)
            .unwrap();
        assert_eq!(
            refusal.reason.to_string(),
            "Adulte a1 : la date d'arrivée dans les Hauts-de-Seine n'est pas connue (1 an de résidence exigé)."
        );
    }
}
