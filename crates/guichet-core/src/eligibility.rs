//! Eligibility to each scheme for a campaign year on a date: who is entitled to what, and for every
//! other person of the scheme's kind (children for PL, KS, LR; adults for CL, AM, MF), why not, in
//! one French sentence.
//!
//! The tranche is the one of the household's saved QF of the year; a household without one pays the
//! highest tranche ("QF non calculé"). The simulators pass the tranche computed from what was typed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::checklist::amethyste_ground;
use crate::dates::{age_on, french};
use crate::documents::Document;
use crate::household::{Adult, Child, Household, Minimum};
use crate::ids::PersonId;
use crate::money::Cents;
use crate::reference::{ChildVoucherScheme, Reference, ReferenceVersion};
use crate::schemes::Scheme;

/// A right: one beneficiary, one scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entitlement {
    pub scheme: Scheme,
    pub beneficiary: PersonId,
    /// `None` for a kit or a request file.
    pub amount_cents: Option<Cents>,
    /// Why, in French (`Léo, 11 ans, tranche 1`).
    pub reason: String,
}

/// A person of the scheme's kind who is not entitled, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub scheme: Scheme,
    pub beneficiary: PersonId,
    pub reason: String,
}

/// The household's rights for a campaign year on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    pub year: i32,
    /// The tranche used.
    pub tranche: u8,
    /// False when no QF of the year was given: the highest tranche applies.
    pub qf_known: bool,
    pub entitlements: Vec<Entitlement>,
    pub refusals: Vec<Refusal>,
    pub reference: ReferenceVersion,
}

/// Eligibility to every scheme for campaign year `year` on date `on`. `tranche` is the tranche of the
/// household's QF of `year`; `None` means no saved QF, and the highest tranche applies.
pub fn eligibility(
    household: &Household,
    year: i32,
    on: NaiveDate,
    tranche: Option<u8>,
    reference: &Reference,
) -> Eligibility {
    let qf_known = tranche.is_some();
    let tranche = tranche.unwrap_or_else(|| reference.max_tranche());
    let mut out = Eligibility {
        year,
        tranche,
        qf_known,
        entitlements: Vec::new(),
        refusals: Vec::new(),
        reference: reference.version(),
    };
    let ctx = Context {
        household,
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
    year: i32,
    on: NaiveDate,
    tranche: u8,
    qf_known: bool,
    reference: &'a Reference,
}

fn grant(
    out: &mut Eligibility,
    scheme: Scheme,
    who: &PersonId,
    amount: Option<Cents>,
    reason: String,
) {
    out.entitlements.push(Entitlement {
        scheme,
        beneficiary: who.clone(),
        amount_cents: amount,
        reason,
    });
}

fn refuse(out: &mut Eligibility, scheme: Scheme, who: &PersonId, reason: String) {
    out.refusals.push(Refusal {
        scheme,
        beneficiary: who.clone(),
        reason,
    });
}

/// An age in French: `1 an`, `11 ans`.
struct Years(i32);

impl std::fmt::Display for Years {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let age = self.0;
        if age.abs() <= 1 {
            write!(f, "{age} an")
        } else {
            write!(f, "{age} ans")
        }
    }
}

impl Context<'_> {
    fn age(&self, birth: NaiveDate) -> i32 {
        age_on(birth, self.on)
    }

    /// Why the tranche bars a scheme capped at `max`, or `None` when it does not. `who` starts the
    /// sentence (`Léo : `), so that each reason is formatted once.
    fn tranche_refusal(&self, who: &str, max: u8) -> Option<String> {
        if self.tranche <= max {
            return None;
        }
        Some(if self.qf_known {
            format!(
                "{who}le foyer est en tranche {} : réservé aux tranches 1 à {max}.",
                self.tranche
            )
        } else {
            format!(
                "{who}QF {} non calculé, le foyer est compté en tranche {} (réservé aux tranches 1 à {max}).",
                self.year, self.tranche
            )
        })
    }

    /// The reason a child cannot be a beneficiary of a per-child scheme, or `None`.
    fn child_refusal(
        &self,
        child: &Child,
        min_age: u32,
        max_age: u32,
        max_tranche: u8,
        window: Option<crate::reference::Window>,
        needs_school: bool,
    ) -> Option<String> {
        let name = &child.first_name;
        if child.left {
            return Some(format!("{name} a quitté le foyer."));
        }
        let age = self.age(child.birth_date);
        if i64::from(age) < i64::from(min_age) || i64::from(age) > i64::from(max_age) {
            return Some(format!(
                "{name} a {} le {} : réservé aux enfants de {min_age} à {max_age} ans.",
                Years(age),
                french(self.on)
            ));
        }
        if needs_school && !child.schooled {
            return Some(format!("{name} n'est pas scolarisé(e)."));
        }
        if let Some(w) = window.filter(|w| !w.contains(self.on)) {
            return Some(format!(
                "{name} : hors campagne (du {} au {}).",
                french(w.start),
                french(w.end)
            ));
        }
        if self.tranche > max_tranche {
            return self.tranche_refusal(&format!("{name} : "), max_tranche);
        }
        None
    }

    /// Pass'Loisirs and Lire à Rueil: a voucher per child in the age range, tranche ceiling.
    fn child_vouchers(&self, scheme: Scheme, rules: &ChildVoucherScheme, out: &mut Eligibility) {
        for child in self.household.children_by_age() {
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
                    format!(
                        "{}, {}, foyer en tranche {}.",
                        child.first_name,
                        Years(self.age(child.birth_date)),
                        self.tranche
                    ),
                ),
            }
        }
    }

    fn school_kit(&self, out: &mut Eligibility) {
        let rules = &self.reference.schemes.school_kit;
        for child in self.household.children_by_age() {
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
                    format!(
                        "{}, {}, scolarisé(e), foyer en tranche {}.",
                        child.first_name,
                        Years(self.age(child.birth_date)),
                        self.tranche
                    ),
                ),
            }
        }
    }

    /// CAP Loisirs: each adult receiving one of the scheme's minima; no tranche condition.
    fn cap_loisirs(&self, out: &mut Eligibility) {
        let rules = &self.reference.schemes.cap_loisirs;
        for adult in &self.household.adults {
            let claimed: Vec<&str> = rules
                .minima
                .iter()
                .filter(|m| adult.claims(**m))
                .map(|m| m.with_article())
                .collect();
            if claimed.is_empty() {
                let listed: Vec<String> = rules
                    .minima
                    .iter()
                    .map(|m| format!("ni {}", m.with_article()))
                    .collect();
                refuse(
                    out,
                    Scheme::CapLoisirs,
                    &adult.id,
                    format!(
                        "{} ne perçoit {} : réservé aux bénéficiaires de ces minima sociaux.",
                        adult.first_name,
                        listed.join(", ")
                    ),
                );
            } else {
                grant(
                    out,
                    Scheme::CapLoisirs,
                    &adult.id,
                    Some(rules.amount_cents),
                    format!("{} perçoit {}.", adult.first_name, claimed.join(" et ")),
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

    fn amethyste(&self, out: &mut Eligibility) {
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
                    let why = if adult.claims(Minimum::Aah) {
                        "perçoit l'AAH".to_owned()
                    } else {
                        format!(
                            "impôt sur le revenu {} de {tax} (plafond {limit})",
                            self.year - 2
                        )
                    };
                    grant(
                        out,
                        Scheme::Amethyste,
                        &adult.id,
                        None,
                        format!(
                            "{}, {}, {why} : dossier de demande à transmettre au département.",
                            adult.first_name,
                            Years(self.age(adult.birth_date))
                        ),
                    );
                }
            }
        }
    }

    fn amethyste_refusal(&self, adult: &Adult, tax: Cents, limit: Cents) -> Option<String> {
        let rules = &self.reference.schemes.amethyste;
        let name = &adult.first_name;
        let age = self.age(adult.birth_date);
        if amethyste_ground(adult, self.on, rules).is_none() {
            return Some(format!(
                "{name} a {} : réservé aux personnes de {} ans et plus, de {} ans et plus retraitées pour inaptitude, ou handicapées à {} % et plus dès {} ans.",
                Years(age),
                rules.senior_age,
                rules.retired_unfit_age,
                rules.disability_min_rate,
                rules.disability_age
            ));
        }
        let since_limit = self
            .on
            .checked_sub_months(chrono::Months::new(12 * rules.residence_years))
            .unwrap_or(NaiveDate::MIN);
        match self.household.address.department_since {
            None => {
                return Some(format!(
                    "{name} : la date d'arrivée dans les Hauts-de-Seine n'est pas connue ({} an de résidence exigé).",
                    rules.residence_years
                ));
            }
            Some(since) if since > since_limit => {
                return Some(format!(
                    "{name} : dans les Hauts-de-Seine depuis le {}, moins de {} an de résidence.",
                    french(since),
                    rules.residence_years
                ));
            }
            Some(_) => {}
        }
        if !adult.claims(Minimum::Aah) && tax > limit {
            return Some(format!(
                "{name} : impôt sur le revenu {} de {tax}, au-dessus du plafond de {limit}.",
                self.year - 2
            ));
        }
        None
    }

    /// Médaille de la famille: at least `min_children` children listed (grown-up ones included) and
    /// the eldest aged `eldest_min_age` or more: each adult may apply.
    fn family_medal(&self, out: &mut Eligibility) {
        let rules = &self.reference.schemes.family_medal;
        let count = self.household.children.len();
        let eldest = self
            .household
            .children_by_age()
            .first()
            .map(|c| self.age(c.birth_date));
        let refusal = if u32::try_from(count).unwrap_or(u32::MAX) < rules.min_children {
            Some(format!(
                "le foyer compte {count} enfant{} : il en faut au moins {}.",
                if count > 1 { "s" } else { "" },
                rules.min_children
            ))
        } else if eldest.is_none_or(|a| i64::from(a) < i64::from(rules.eldest_min_age)) {
            Some(format!(
                "l'aîné a {} : il doit avoir au moins {} ans.",
                Years(eldest.unwrap_or(0)),
                rules.eldest_min_age
            ))
        } else {
            None
        };
        for adult in &self.household.adults {
            match &refusal {
                Some(reason) => refuse(
                    out,
                    Scheme::FamilyMedal,
                    &adult.id,
                    format!("{} : {reason}", adult.first_name),
                ),
                None => grant(
                    out,
                    Scheme::FamilyMedal,
                    &adult.id,
                    None,
                    format!(
                        "{} a élevé {count} enfants, l'aîné a {} : dossier à transmettre au préfet.",
                        adult.first_name,
                        Years(eldest.unwrap_or(0))
                    ),
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
        let e = eligibility(&household, 2025, d(on), tranche, &reference(2025));
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
        let e = eligibility(&household, 2025, d(on), None, &reference(2025));
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
        let e = eligibility(&household, 2025, d(on), Some(2), &reference(2025));
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
        let e = eligibility(
            &household().build(),
            2025,
            d("2025-08-25"),
            Some(1),
            &reference(2025),
        );
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
        let e = eligibility(
            &family("2000-01-01", 3).build(),
            2025,
            d(on),
            None,
            &reference(2025),
        );
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
        let e = eligibility(&household, 2025, d("2025-07-01"), Some(1), &reference(2025));
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
        let e = eligibility(&household, 2025, d("2025-03-10"), None, &reference(2025));
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
