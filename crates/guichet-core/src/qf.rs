//! The quotient familial (QF) and its tranche:
//!
//! ```text
//! QF = ( sum of the adults' revenu fiscal de référence / 12 + monthly family benefits ) / parts
//! ```
//!
//! computed exactly in integer cents and quarter-parts, rounded down to the cent, with its working as
//! French lines an agent can read out to the family.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::{age_on, french, is_recent, january_first};
use crate::documents::Document;
use crate::household::{Child, Household, Residence};
use crate::money::Cents;
use crate::reference::{Reference, ReferenceVersion};

/// Parts of the quotient familial, counted in quarter-parts (2,5 parts = 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Quarters(pub u32);

impl Quarters {
    /// As a number of parts (2.5).
    pub fn as_parts(self) -> f64 {
        f64::from(self.0) / 4.0
    }

    /// French display: `2`, `2,5`, `3,25`.
    pub fn to_french(self) -> String {
        let whole = self.0 / 4;
        match self.0 % 4 {
            0 => whole.to_string(),
            1 => format!("{whole},25"),
            2 => format!("{whole},5"),
            _ => format!("{whole},75"),
        }
    }
}

/// Is this child dependent (enfant à charge) for QF year `year`? Under 21 on 1 January of the year,
/// or under 25 and a student; a child who left the household never is.
pub fn is_dependent(child: &Child, year: i32, reference: &Reference) -> bool {
    if child.left {
        return false;
    }
    let age = age_on(child.birth_date, january_first(year));
    let rules = &reference.dependent_child;
    i64::from(age) < i64::from(rules.under_age)
        || (child.student && i64::from(age) < i64::from(rules.student_under_age))
}

/// The dependent children, ranked by birth date (eldest first; same-day births keep their order).
pub fn dependent_children<'a>(
    household: &'a Household,
    year: i32,
    reference: &Reference,
) -> Vec<&'a Child> {
    household
        .children_by_age()
        .into_iter()
        .filter(|c| is_dependent(c, year, reference))
        .collect()
}

/// One child's share of the parts, with the explanation of how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildShare {
    pub child: crate::ids::PersonId,
    /// 1 for the eldest dependent child.
    pub rank: usize,
    pub quarters: Quarters,
    /// `Léo, 1er enfant à charge`, `Inès, 3e enfant à charge, handicap, résidence alternée`.
    pub explanation: String,
}

/// The parts of a household: the parents' share plus each dependent child's.
pub fn parts(
    household: &Household,
    year: i32,
    reference: &Reference,
) -> (Quarters, Vec<ChildShare>) {
    let rules = &reference.parts;
    let mut total = rules.parents_quarters;
    let mut shares = Vec::new();
    for (index, child) in dependent_children(household, year, reference)
        .into_iter()
        .enumerate()
    {
        let rank = index + 1;
        let mut quarters = rules
            .child_quarters_by_rank
            .get(index)
            .copied()
            .unwrap_or(rules.further_child_quarters);
        let mut notes = vec![format!("{} enfant à charge", ordinal(rank))];
        if child.disability {
            quarters += rules.disability_bonus_quarters;
            notes.push(format!(
                "handicap +{}",
                Quarters(rules.disability_bonus_quarters).to_french()
            ));
        }
        if child.residence == Residence::Shared {
            notes.push(format!(
                "résidence alternée : moitié de {}",
                Quarters(quarters).to_french()
            ));
            quarters /= 2;
        }
        total += quarters;
        shares.push(ChildShare {
            child: child.id.clone(),
            rank,
            quarters: Quarters(quarters),
            explanation: format!("{}, {}", child.first_name, notes.join(", ")),
        });
    }
    (Quarters(total), shares)
}

/// `1er`, `2e`, `3e`…
fn ordinal(rank: usize) -> String {
    if rank == 1 {
        "1er".to_owned()
    } else {
        format!("{rank}e")
    }
}

/// The tranche of a monthly QF: the first whose upper bound is at least the QF, else the last.
pub fn tranche_of(qf: Cents, reference: &Reference) -> u8 {
    let bounds = &reference.quotient_familial.tranche_upper_bounds_cents;
    let index = bounds.iter().position(|b| qf <= *b).unwrap_or(bounds.len());
    u8::try_from(index + 1).unwrap_or(u8::MAX)
}

/// The QF bounds of a tranche in French: `QF de 450,01 € à 650,00 €`.
pub fn tranche_range(tranche: u8, reference: &Reference) -> String {
    let bounds = &reference.quotient_familial.tranche_upper_bounds_cents;
    let index = usize::from(tranche.saturating_sub(1));
    let lower = index.checked_sub(1).and_then(|i| bounds.get(i));
    match (lower, bounds.get(index)) {
        (None, Some(upper)) => format!("QF jusqu'à {upper}"),
        (Some(lower), Some(upper)) => format!("QF de {} à {upper}", Cents(lower.0 + 1)),
        (Some(lower), None) => format!("QF au-delà de {lower}"),
        (None, None) => "toute valeur de QF".to_owned(),
    }
}

/// A QF computed from what was typed, with its working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QfComputation {
    pub year: i32,
    pub parts_quarters: Quarters,
    pub reference_tax_income_cents: Cents,
    pub monthly_benefits_cents: Cents,
    pub qf_cents: Cents,
    pub tranche: u8,
    /// The explanation, line by line, in French.
    pub lines: Vec<String>,
    /// The reference data used.
    pub reference: ReferenceVersion,
}

/// Computes the QF of year `year` on the instruction date `on`, from the figures as given (the
/// checklist may be incomplete: that is said elsewhere).
pub fn compute_qf(
    household: &Household,
    year: i32,
    on: NaiveDate,
    reference: &Reference,
) -> QfComputation {
    let income_year = year - 2;
    let mut lines = Vec::new();

    // Revenu fiscal de référence: every notice of income year Y−2 once (a joint notice counts once).
    let notices: Vec<(Cents, String)> = household
        .documents
        .iter()
        .filter_map(|d| match d {
            Document::TaxNotice {
                holders,
                income_year: y,
                reference_tax_income_cents,
                ..
            } if *y == income_year => {
                let names: Vec<String> = holders
                    .iter()
                    .filter_map(|h| household.person(h).map(|p| p.full_name()))
                    .collect();
                Some((
                    *reference_tax_income_cents,
                    crate::names::de(&names.join(" et ")),
                ))
            }
            _ => None,
        })
        .collect();
    let rfr: Cents = notices.iter().map(|(c, _)| *c).sum();
    match notices.as_slice() {
        [] => lines.push(format!(
            "Aucun avis d'imposition sur les revenus {income_year} : revenu fiscal de référence compté {}",
            Cents::ZERO
        )),
        [(amount, names)] => lines.push(format!(
            "Revenu fiscal de référence {income_year} : {amount} (avis {names})"
        )),
        several => {
            let parts: Vec<String> = several
                .iter()
                .map(|(amount, names)| format!("{amount} (avis {names})"))
                .collect();
            lines.push(format!(
                "Revenu fiscal de référence {income_year} : {} = {rfr}",
                parts.join(" + ")
            ));
        }
    }
    lines.push(format!(
        "Revenu fiscal de référence mensuel : {rfr} / 12 = {}{}",
        Cents(rfr.0 / 12),
        if rfr.0 % 12 == 0 { "" } else { " (arrondi)" }
    ));

    // Monthly family benefits: the most recent CAF/MSA attestation under the maximum age.
    let months = reference.documents.max_age_months;
    let certificate = household
        .documents
        .iter()
        .filter_map(|d| match d {
            Document::BenefitsCertificate {
                issued_on,
                monthly_family_benefits_cents,
                ..
            } if is_recent(*issued_on, on, months) => {
                Some((*issued_on, *monthly_family_benefits_cents))
            }
            _ => None,
        })
        .fold(None, |best: Option<(NaiveDate, Cents)>, c| match best {
            Some(b) if b.0 > c.0 => Some(b),
            _ => Some(c),
        });
    let benefits = certificate.map(|(_, c)| c).unwrap_or(Cents::ZERO);
    match certificate {
        Some((issued, amount)) => lines.push(format!(
            "Prestations familiales mensuelles (attestation CAF/MSA du {}) : {amount}",
            french(issued)
        )),
        None => lines.push(format!(
            "Aucune attestation CAF/MSA de moins de {months} mois : prestations familiales comptées {}",
            Cents::ZERO
        )),
    }

    // Monthly resources, exact in twelfths of a cent.
    let twelfths = i128::from(rfr.0) + 12 * i128::from(benefits.0);
    let monthly = Cents(i64::try_from(twelfths / 12).unwrap_or(i64::MAX));
    lines.push(format!(
        "Ressources mensuelles : {} + {benefits} = {monthly}{}",
        Cents(rfr.0 / 12),
        if twelfths % 12 == 0 { "" } else { " (arrondi)" }
    ));

    // Parts.
    let (quarters, shares) = parts(household, year, reference);
    let mut terms = vec![format!(
        "{} (parent{})",
        Quarters(reference.parts.parents_quarters).to_french(),
        if household.adults.len() > 1 { "s" } else { "" }
    )];
    for share in &shares {
        terms.push(format!(
            "{} ({})",
            share.quarters.to_french(),
            share.explanation
        ));
    }
    if shares.is_empty() {
        lines.push(format!(
            "Nombre de parts : {} (aucun enfant à charge)",
            terms.join(" + ")
        ));
    } else {
        lines.push(format!(
            "Nombre de parts : {} = {}",
            terms.join(" + "),
            quarters.to_french()
        ));
    }

    // QF = (rfr + 12 × benefits) / (12 × parts) = (rfr + 12 × benefits) / (3 × quarters), rounded down.
    let divisor = 3 * i128::from(quarters.0.max(1));
    let qf = Cents(i64::try_from(twelfths.div_euclid(divisor)).unwrap_or(i64::MAX));
    let exact = twelfths.rem_euclid(divisor) == 0;
    lines.push(format!(
        "Quotient familial : {monthly} / {} = {qf}{}",
        quarters.to_french(),
        if exact {
            ""
        } else {
            " (arrondi au centime inférieur)"
        }
    ));
    let tranche = tranche_of(qf, reference);
    lines.push(format!(
        "Tranche {tranche} ({})",
        tranche_range(tranche, reference)
    ));

    QfComputation {
        year,
        parts_quarters: quarters,
        reference_tax_income_cents: rfr,
        monthly_benefits_cents: benefits,
        qf_cents: qf,
        tranche,
        lines,
        reference: reference.version(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{d, h, reference};
    use proptest::prelude::*;
    use serde_json::json;

    /// QF year 2025, instruction date 15/11/2024 unless said otherwise.
    const ON: &str = "2024-11-15";

    #[test]
    fn the_documented_example_gives_673_20() {
        let household = h()
            .adult_with("a1", "1986-03-02", json!({"first_name": "Éléonore"}))
            .child("c1", "2014-09-10")
            .notice(&["a1"], 2023, 1_845_600, 0)
            .caf("2024-10-15", 14_500)
            .build();
        let qf = compute_qf(&household, 2025, d(ON), &reference(2025));
        assert_eq!(qf.parts_quarters, Quarters(10));
        assert_eq!(qf.reference_tax_income_cents, Cents(1_845_600));
        assert_eq!(qf.monthly_benefits_cents, Cents(14_500));
        // (1 845 600 + 12 × 14 500) / (12 × 2,5) = 2 019 600 / 30 = 67 320
        assert_eq!(qf.qf_cents, Cents(67_320));
        assert_eq!(qf.tranche, 3);
        assert_eq!(
            qf.lines[0],
            "Revenu fiscal de référence 2023 : 18 456,00 € (avis d'Éléonore Martin)"
        );
        assert!(
            qf.lines
                .iter()
                .any(|l| l == "Quotient familial : 1 683,00 € / 2,5 = 673,20 €"),
            "{:#?}",
            qf.lines
        );
        assert_eq!(
            qf.lines.last().unwrap(),
            "Tranche 3 (QF de 650,01 € à 850,00 €)"
        );
    }

    /// Parts, from DOMAIN.md: parents 2; 1st and 2nd child 0,5; 3rd 1; further 0,5; disability +0,5;
    /// shared residence halves the child's share, bonus included; only dependent children count.
    #[test]
    fn parts_follow_the_rank_disability_and_residence_rules() {
        let shared = json!({"residence": "shared"});
        let disabled = json!({"disability": true});
        let cases: Vec<(&str, crate::testkit::H, u32)> = vec![
            ("alone", h().adult("a1", "1980-01-01"), 8),
            (
                "couple, no child",
                h().adult("a1", "1980-01-01").adult("a2", "1981-01-01"),
                8,
            ),
            (
                "one child",
                h().adult("a1", "1980-01-01").child("c1", "2015-01-01"),
                10,
            ),
            (
                "two children",
                h().adult("a1", "1980-01-01")
                    .child("c1", "2015-01-01")
                    .child("c2", "2017-01-01"),
                12,
            ),
            (
                "three children",
                h().adult("a1", "1980-01-01")
                    .child("c1", "2012-01-01")
                    .child("c2", "2015-01-01")
                    .child("c3", "2017-01-01"),
                16,
            ),
            (
                "four children",
                h().adult("a1", "1980-01-01")
                    .child("c1", "2010-01-01")
                    .child("c2", "2012-01-01")
                    .child("c3", "2015-01-01")
                    .child("c4", "2017-01-01"),
                18,
            ),
            (
                "five children",
                h().adult("a1", "1980-01-01")
                    .child("c1", "2008-01-01")
                    .child("c2", "2010-01-01")
                    .child("c3", "2012-01-01")
                    .child("c4", "2015-01-01")
                    .child("c5", "2017-01-01"),
                20,
            ),
            (
                "disabled child",
                h().adult("a1", "1980-01-01")
                    .child_with("c1", "2015-01-01", disabled.clone()),
                12,
            ),
            (
                "shared child",
                h().adult("a1", "1980-01-01")
                    .child_with("c1", "2015-01-01", shared.clone()),
                9,
            ),
            (
                "shared disabled child",
                h().adult("a1", "1980-01-01").child_with(
                    "c1",
                    "2015-01-01",
                    json!({"residence": "shared", "disability": true}),
                ),
                10,
            ),
            // The youngest of three, shared: half of the 3rd child's 1 part.
            (
                "third child shared",
                h().adult("a1", "1980-01-01")
                    .child("c1", "2012-01-01")
                    .child("c2", "2015-01-01")
                    .child_with("c3", "2020-01-01", shared.clone()),
                14,
            ),
            // Rank is by birth date, not by order in the request.
            (
                "ranked by birth date",
                h().adult("a1", "1980-01-01")
                    .child_with("c3", "2020-01-01", shared.clone())
                    .child("c1", "2012-01-01")
                    .child("c2", "2015-01-01"),
                14,
            ),
            // A child who left never counts, whatever its age.
            (
                "left child",
                h().adult("a1", "1980-01-01")
                    .child_with("c1", "2015-01-01", json!({"left": true})),
                8,
            ),
            // 21 on 1 January 2025: no longer dependent; 20 that day: dependent.
            (
                "21 on 1 January",
                h().adult("a1", "1970-01-01").child("c1", "2004-01-01"),
                8,
            ),
            (
                "20 on 1 January",
                h().adult("a1", "1970-01-01").child("c1", "2004-01-02"),
                10,
            ),
            // A student is dependent until 25.
            (
                "student of 24",
                h().adult("a1", "1970-01-01").child_with(
                    "c1",
                    "2000-01-02",
                    json!({"student": true}),
                ),
                10,
            ),
            (
                "student of 25",
                h().adult("a1", "1970-01-01").child_with(
                    "c1",
                    "2000-01-01",
                    json!({"student": true}),
                ),
                8,
            ),
            (
                "non-student of 22",
                h().adult("a1", "1970-01-01").child("c1", "2002-06-01"),
                8,
            ),
        ];
        let reference = reference(2025);
        for (name, household, quarters) in cases {
            let (got, _) = parts(&household.build(), 2025, &reference);
            assert_eq!(got, Quarters(quarters), "{name}");
        }
    }

    #[test]
    fn tranche_bounds_are_inclusive() {
        let reference = reference(2025);
        let cases = [
            (0, 1),
            (45_000, 1),
            (45_001, 2),
            (65_000, 2),
            (65_001, 3),
            (85_000, 3),
            (85_001, 4),
            (110_000, 4),
            (110_001, 5),
            (145_000, 5),
            (145_001, 6),
            (190_000, 6),
            (190_001, 7),
            (250_000, 7),
            (250_001, 8),
            (10_000_000, 8),
        ];
        for (qf, tranche) in cases {
            assert_eq!(tranche_of(Cents(qf), &reference), tranche, "QF {qf}");
        }
        assert_eq!(tranche_range(1, &reference), "QF jusqu'à 450,00 €");
        assert_eq!(tranche_range(8, &reference), "QF au-delà de 2 500,00 €");
    }

    #[test]
    fn income_and_benefits_are_taken_as_domain_md_says() {
        let base = || {
            h().adult("a1", "1980-01-01")
                .adult("a2", "1982-01-01")
                .child("c1", "2015-01-01")
        };
        let reference = reference(2025);
        // (rfr, benefits, qf) for QF year 2025 on 15/11/2024, 2,5 parts.
        let cases: Vec<(&str, crate::testkit::H, i64, i64, i64)> = vec![
            (
                "separate notices are summed",
                base()
                    .notice(&["a1"], 2023, 1_200_000, 0)
                    .notice(&["a2"], 2023, 1_500_000, 0),
                2_700_000,
                0,
                90_000,
            ),
            (
                "a joint notice counts once",
                base().notice(&["a1", "a2"], 2023, 2_700_000, 0),
                2_700_000,
                0,
                90_000,
            ),
            (
                "notices of other years are ignored",
                base().notice(&["a1"], 2022, 2_000_000, 0),
                0,
                0,
                0,
            ),
            (
                "no notice: income 0, benefits still count",
                base().caf("2024-10-01", 30_000),
                0,
                30_000,
                12_000,
            ),
            // 15/11/2024 minus 3 months is 15/08/2024: issued that day, still under 3 months.
            (
                "attestation of exactly 3 months counts",
                base().caf("2024-08-15", 30_000),
                0,
                30_000,
                12_000,
            ),
            (
                "attestation older than 3 months is ignored",
                base().caf("2024-08-14", 30_000),
                0,
                0,
                0,
            ),
            (
                "the most recent attestation wins",
                base().caf("2024-09-01", 30_000).caf("2024-10-01", 20_000),
                0,
                20_000,
                8_000,
            ),
            // (1 000 001 + 0) / 30 = 33 333,37 → rounded down to 33 333.
            (
                "rounded down to the cent",
                base().notice(&["a1"], 2023, 1_000_001, 0),
                1_000_001,
                0,
                33_333,
            ),
        ];
        for (name, household, rfr, benefits, qf) in cases {
            let got = compute_qf(&household.build(), 2025, d(ON), &reference);
            assert_eq!(got.reference_tax_income_cents, Cents(rfr), "{name}: rfr");
            assert_eq!(
                got.monthly_benefits_cents,
                Cents(benefits),
                "{name}: benefits"
            );
            assert_eq!(got.qf_cents, Cents(qf), "{name}: qf");
        }
    }

    #[test]
    fn the_explanation_shows_each_step() {
        let household = h()
            .adult_with(
                "a1",
                "1980-01-01",
                json!({"first_name": "Karim", "last_name": "Benali"}),
            )
            .adult_with(
                "a2",
                "1982-01-01",
                json!({"first_name": "Sophie", "last_name": "Leroy"}),
            )
            .child_with("c1", "2012-03-01", json!({"first_name": "Yanis"}))
            .child_with("c2", "2015-03-01", json!({"first_name": "Lina"}))
            .child_with(
                "c3",
                "2020-03-01",
                json!({"first_name": "Inès", "residence": "shared"}),
            )
            .notice(&["a1"], 2023, 1_200_000, 0)
            .notice(&["a2"], 2023, 1_500_000, 0)
            .caf("2024-10-15", 30_000)
            .build();
        let qf = compute_qf(&household, 2025, d(ON), &reference(2025));
        assert_eq!(
            qf.lines,
            vec![
                "Revenu fiscal de référence 2023 : 12 000,00 € (avis de Karim Benali) + 15 000,00 € (avis de Sophie Leroy) = 27 000,00 €",
                "Revenu fiscal de référence mensuel : 27 000,00 € / 12 = 2 250,00 €",
                "Prestations familiales mensuelles (attestation CAF/MSA du 15/10/2024) : 300,00 €",
                "Ressources mensuelles : 2 250,00 € + 300,00 € = 2 550,00 €",
                "Nombre de parts : 2 (parents) + 0,5 (Yanis, 1er enfant à charge) + 0,5 (Lina, 2e enfant à charge) + 0,5 (Inès, 3e enfant à charge, résidence alternée : moitié de 1) = 3,5",
                "Quotient familial : 2 550,00 € / 3,5 = 728,57 € (arrondi au centime inférieur)",
                "Tranche 3 (QF de 650,01 € à 850,00 €)",
            ]
        );
    }

    fn household_with(rfr: i64, benefits: i64, children: usize) -> Household {
        let mut b = h()
            .adult("a1", "1980-01-01")
            .notice(&["a1"], 2023, rfr, 0)
            .caf("2024-10-15", benefits);
        for i in 0..children {
            b = b.child(&format!("c{i}"), &format!("{}-05-05", 2006 + i));
        }
        b.build()
    }

    proptest! {
        /// More parts never raise the QF.
        #[test]
        fn qf_never_increases_when_parts_increase(rfr in 0i64..1_000_000_000, benefits in 0i64..1_000_000, children in 0usize..6) {
            let reference = reference(2025);
            let fewer = compute_qf(&household_with(rfr, benefits, children), 2025, d(ON), &reference);
            let more = compute_qf(&household_with(rfr, benefits, children + 1), 2025, d(ON), &reference);
            prop_assert!(more.parts_quarters > fewer.parts_quarters);
            prop_assert!(more.qf_cents <= fewer.qf_cents);
            prop_assert!(more.tranche <= fewer.tranche);
        }

        /// More income never lowers the QF.
        #[test]
        fn qf_never_decreases_when_income_increases(rfr in 0i64..999_000_000, extra in 0i64..1_000_000, benefits in 0i64..1_000_000, children in 0usize..6) {
            let reference = reference(2025);
            let less = compute_qf(&household_with(rfr, benefits, children), 2025, d(ON), &reference);
            let more = compute_qf(&household_with(rfr + extra, benefits, children), 2025, d(ON), &reference);
            let more_benefits = compute_qf(&household_with(rfr, benefits + extra, children), 2025, d(ON), &reference);
            prop_assert!(more.qf_cents >= less.qf_cents);
            prop_assert!(more_benefits.qf_cents >= less.qf_cents);
            prop_assert!(more.tranche >= less.tranche);
        }

        /// The QF is the exact floor of the formula.
        #[test]
        fn qf_is_the_floor_of_the_formula(rfr in 0i64..1_000_000_000, benefits in 0i64..1_000_000_000, children in 0usize..6) {
            let reference = reference(2025);
            let qf = compute_qf(&household_with(rfr, benefits, children), 2025, d(ON), &reference);
            let parts = i128::from(qf.parts_quarters.0);
            let numerator = (i128::from(rfr) + 12 * i128::from(benefits)) * 4;
            let denominator = 12 * parts;
            let q = i128::from(qf.qf_cents.0);
            prop_assert!(q * denominator <= numerator && numerator < (q + 1) * denominator);
        }
    }
}
