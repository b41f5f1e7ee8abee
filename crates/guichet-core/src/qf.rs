//! The quotient familial (QF) and its tranche:
//!
//! ```text
//! QF = ( sum of the adults' revenu fiscal de référence / 12 + monthly family benefits ) / parts
//! ```
//!
//! computed exactly in integer cents and quarter-parts, rounded down to the cent, with its working as
//! French lines an agent can read out to the family (rendered when shown).

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::{age_on, french, is_recent, january_first};
use crate::documents::Document;
use crate::household::{Child, Household, Residence};
use crate::ids::PersonId;
use crate::money::Cents;
use crate::names::starts_with_vowel;
use crate::reference::{Reference, ReferenceVersion};
use crate::text::french_text;

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
        self.to_string()
    }
}

impl fmt::Display for Quarters {
    /// French display: `2`, `2,5`, `3,25`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 4;
        match self.0 % 4 {
            0 => write!(f, "{whole}"),
            1 => write!(f, "{whole},25"),
            2 => write!(f, "{whole},5"),
            _ => write!(f, "{whole},75"),
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
    let mut children = household.children_by_age();
    children.retain(|c| is_dependent(c, year, reference));
    children
}

/// One child's share of the parts, with the explanation of how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildShare<'a> {
    pub child: &'a PersonId,
    /// 1 for the eldest dependent child.
    pub rank: usize,
    pub quarters: Quarters,
    /// `Léo, 1er enfant à charge`, `Inès, 3e enfant à charge, handicap +0,5, résidence alternée :
    /// moitié de 1,5`.
    pub explanation: ShareExplanation<'a>,
}

/// How a child's share was reached, written when displayed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ShareExplanation<'a> {
    pub first_name: &'a str,
    pub rank: usize,
    /// The disability bonus, when the child has one.
    pub disability_bonus: Option<Quarters>,
    /// The share before it was halved, when the child is in résidence alternée.
    pub shared_half_of: Option<Quarters>,
}

impl fmt::Display for ShareExplanation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, {} enfant à charge",
            self.first_name,
            Ordinal(self.rank)
        )?;
        if let Some(bonus) = self.disability_bonus {
            write!(f, ", handicap +{bonus}")?;
        }
        if let Some(whole) = self.shared_half_of {
            write!(f, ", résidence alternée : moitié de {whole}")?;
        }
        Ok(())
    }
}

/// The parts of a household: the parents' share plus each dependent child's.
pub fn parts<'a>(
    household: &'a Household,
    year: i32,
    reference: &Reference,
) -> (Quarters, Vec<ChildShare<'a>>) {
    let rules = &reference.parts;
    let mut total = rules.parents_quarters;
    let dependents = dependent_children(household, year, reference);
    let mut shares = Vec::with_capacity(dependents.len());
    for (index, child) in dependents.into_iter().enumerate() {
        let rank = index + 1;
        let mut quarters = rules
            .child_quarters_by_rank
            .get(index)
            .copied()
            .unwrap_or(rules.further_child_quarters);
        let mut explanation = ShareExplanation {
            first_name: &child.first_name,
            rank,
            disability_bonus: None,
            shared_half_of: None,
        };
        if child.disability {
            quarters += rules.disability_bonus_quarters;
            explanation.disability_bonus = Some(Quarters(rules.disability_bonus_quarters));
        }
        if child.residence == Residence::Shared {
            explanation.shared_half_of = Some(Quarters(quarters));
            quarters /= 2;
        }
        total += quarters;
        shares.push(ChildShare {
            child: &child.id,
            rank,
            quarters: Quarters(quarters),
            explanation,
        });
    }
    (Quarters(total), shares)
}

/// `1er`, `2e`, `3e`…
struct Ordinal(usize);

impl fmt::Display for Ordinal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 1 {
            f.write_str("1er")
        } else {
            write!(f, "{}e", self.0)
        }
    }
}

/// The tranche of a monthly QF: the first whose upper bound is at least the QF, else the last.
pub fn tranche_of(qf: Cents, reference: &Reference) -> u8 {
    let bounds = &reference.quotient_familial.tranche_upper_bounds_cents;
    let index = bounds.iter().position(|b| qf <= *b).unwrap_or(bounds.len());
    u8::try_from(index + 1).unwrap_or(u8::MAX)
}

/// The QF bounds of a tranche, displayed in French: `QF de 450,01 € à 650,00 €`.
pub fn tranche_range(tranche: u8, reference: &Reference) -> TrancheRange {
    let bounds = &reference.quotient_familial.tranche_upper_bounds_cents;
    let index = usize::from(tranche.saturating_sub(1));
    TrancheRange {
        lower: index.checked_sub(1).and_then(|i| bounds.get(i)).copied(),
        upper: bounds.get(index).copied(),
    }
}

/// The QF bounds of a tranche (see [`tranche_range`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TrancheRange {
    /// The upper bound of the tranche below, if any.
    lower: Option<Cents>,
    upper: Option<Cents>,
}

impl fmt::Display for TrancheRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.lower, self.upper) {
            (None, Some(upper)) => write!(f, "QF jusqu'à {upper}"),
            (Some(lower), Some(upper)) => write!(f, "QF de {} à {upper}", Cents(lower.0 + 1)),
            (Some(lower), None) => write!(f, "QF au-delà de {lower}"),
            (None, None) => f.write_str("toute valeur de QF"),
        }
    }
}

/// A QF computed from what was typed, with its working.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QfComputation<'a> {
    pub year: i32,
    pub parts_quarters: Quarters,
    pub reference_tax_income_cents: Cents,
    pub monthly_benefits_cents: Cents,
    pub qf_cents: Cents,
    pub tranche: u8,
    /// The explanation, line by line, in French (each line displays as its text).
    pub lines: Vec<QfLine<'a>>,
    /// The reference data used.
    pub reference: Cow<'a, ReferenceVersion>,
}

/// One line of the QF's working, written when displayed.
#[derive(Clone, PartialEq)]
pub enum QfLine<'a> {
    /// `Revenu fiscal de référence 2023 : 18 456,00 € (avis d'Éléonore Martin)`: the household's
    /// notices of `income_year` (summed when there are several; said when there is none).
    Income {
        household: &'a Household,
        income_year: i32,
        total: Cents,
    },
    /// `Revenu fiscal de référence mensuel : 27 000,00 € / 12 = 2 250,00 €`.
    MonthlyIncome {
        total: Cents,
        monthly: Cents,
        rounded: bool,
    },
    /// `Prestations familiales mensuelles (attestation CAF/MSA du 15/10/2024) : 300,00 €`.
    Benefits { issued_on: NaiveDate, amount: Cents },
    /// No attestation under `months` months: benefits counted 0.
    NoBenefits { months: u32 },
    /// `Ressources mensuelles : 2 250,00 € + 300,00 € = 2 550,00 €`.
    Resources {
        monthly_income: Cents,
        benefits: Cents,
        monthly: Cents,
        rounded: bool,
    },
    /// `Nombre de parts : 2 (parents) + 0,5 (Yanis, 1er enfant à charge) = 2,5`.
    Parts {
        parents: Quarters,
        several_parents: bool,
        shares: Vec<ChildShare<'a>>,
        total: Quarters,
    },
    /// `Quotient familial : 2 550,00 € / 3,5 = 728,57 € (arrondi au centime inférieur)`.
    Qf {
        monthly: Cents,
        parts: Quarters,
        qf: Cents,
        rounded_down: bool,
    },
    /// `Tranche 3 (QF de 650,01 € à 850,00 €)`.
    Tranche { tranche: u8, range: TrancheRange },
}

/// The household's tax notices of income year `income_year`: each one's revenu fiscal de
/// référence and holders.
fn tax_notices(
    household: &Household,
    income_year: i32,
) -> impl Iterator<Item = (Cents, &[PersonId])> {
    household.documents.iter().filter_map(move |d| match d {
        Document::TaxNotice {
            holders,
            income_year: y,
            reference_tax_income_cents,
            ..
        } if *y == income_year => Some((*reference_tax_income_cents, holders.as_slice())),
        _ => None,
    })
}

/// The holders of a notice, with `de`: `d'Éléonore Martin`, `de Karim Benali et Sophie Leroy`.
struct Holders<'a> {
    household: &'a Household,
    holders: &'a [PersonId],
}

impl fmt::Display for Holders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut people = self.holders.iter().filter_map(|h| self.household.person(h));
        let Some(first) = people.next() else {
            return f.write_str("de ");
        };
        let de = if starts_with_vowel(first.first_name()) {
            "d'"
        } else {
            "de "
        };
        write!(f, "{de}{} {}", first.first_name(), first.last_name())?;
        for person in people {
            write!(f, " et {} {}", person.first_name(), person.last_name())?;
        }
        Ok(())
    }
}

/// ` (arrondi)` when a division was rounded.
fn rounded(yes: bool) -> &'static str {
    if yes { " (arrondi)" } else { "" }
}

impl fmt::Display for QfLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QfLine::Income {
                household,
                income_year,
                total,
            } => {
                let mut notices = tax_notices(household, *income_year);
                match (notices.next(), notices.next()) {
                    (None, _) => write!(
                        f,
                        "Aucun avis d'imposition sur les revenus {income_year} : revenu fiscal de référence compté {}",
                        Cents::ZERO
                    ),
                    (Some((amount, holders)), None) => write!(
                        f,
                        "Revenu fiscal de référence {income_year} : {amount} (avis {})",
                        Holders { household, holders }
                    ),
                    (Some(first), Some(second)) => {
                        write!(f, "Revenu fiscal de référence {income_year} : ")?;
                        let all = [first, second].into_iter().chain(notices);
                        for (index, (amount, holders)) in all.enumerate() {
                            if index > 0 {
                                f.write_str(" + ")?;
                            }
                            write!(f, "{amount} (avis {})", Holders { household, holders })?;
                        }
                        write!(f, " = {total}")
                    }
                }
            }
            QfLine::MonthlyIncome {
                total,
                monthly,
                rounded: r,
            } => write!(
                f,
                "Revenu fiscal de référence mensuel : {total} / 12 = {monthly}{}",
                rounded(*r)
            ),
            QfLine::Benefits { issued_on, amount } => write!(
                f,
                "Prestations familiales mensuelles (attestation CAF/MSA du {}) : {amount}",
                french(*issued_on)
            ),
            QfLine::NoBenefits { months } => write!(
                f,
                "Aucune attestation CAF/MSA de moins de {months} mois : prestations familiales comptées {}",
                Cents::ZERO
            ),
            QfLine::Resources {
                monthly_income,
                benefits,
                monthly,
                rounded: r,
            } => write!(
                f,
                "Ressources mensuelles : {monthly_income} + {benefits} = {monthly}{}",
                rounded(*r)
            ),
            QfLine::Parts {
                parents,
                several_parents,
                shares,
                total,
            } => {
                let s = if *several_parents { "s" } else { "" };
                write!(f, "Nombre de parts : {parents} (parent{s})")?;
                for share in shares {
                    write!(f, " + {} ({})", share.quarters, share.explanation)?;
                }
                if shares.is_empty() {
                    f.write_str(" (aucun enfant à charge)")
                } else {
                    write!(f, " = {total}")
                }
            }
            QfLine::Qf {
                monthly,
                parts,
                qf,
                rounded_down,
            } => write!(
                f,
                "Quotient familial : {monthly} / {parts} = {qf}{}",
                if *rounded_down {
                    " (arrondi au centime inférieur)"
                } else {
                    ""
                }
            ),
            QfLine::Tranche { tranche, range } => write!(f, "Tranche {tranche} ({range})"),
        }
    }
}

french_text!(ShareExplanation<'_>, TrancheRange, QfLine<'_>);

/// Computes the QF of year `year` on the instruction date `on`, from the figures as given (the
/// checklist may be incomplete: that is said elsewhere).
pub fn compute_qf<'a>(
    household: &'a Household,
    year: i32,
    on: NaiveDate,
    reference: &'a Reference,
) -> QfComputation<'a> {
    let income_year = year - 2;
    let mut lines = Vec::with_capacity(7);

    // Revenu fiscal de référence: every notice of income year Y−2 once (a joint notice counts once).
    let rfr: Cents = tax_notices(household, income_year)
        .map(|(amount, _)| amount)
        .sum();
    lines.push(QfLine::Income {
        household,
        income_year,
        total: rfr,
    });
    let monthly_income = Cents(rfr.0 / 12);
    lines.push(QfLine::MonthlyIncome {
        total: rfr,
        monthly: monthly_income,
        rounded: rfr.0 % 12 != 0,
    });

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
    lines.push(match certificate {
        Some((issued_on, amount)) => QfLine::Benefits { issued_on, amount },
        None => QfLine::NoBenefits { months },
    });

    // Monthly resources, exact in twelfths of a cent.
    let twelfths = i128::from(rfr.0) + 12 * i128::from(benefits.0);
    let monthly = Cents(i64::try_from(twelfths / 12).unwrap_or(i64::MAX));
    lines.push(QfLine::Resources {
        monthly_income,
        benefits,
        monthly,
        rounded: twelfths % 12 != 0,
    });

    // Parts.
    let (quarters, shares) = parts(household, year, reference);
    lines.push(QfLine::Parts {
        parents: Quarters(reference.parts.parents_quarters),
        several_parents: household.adults.len() > 1,
        shares,
        total: quarters,
    });

    // QF = (rfr + 12 × benefits) / (12 × parts) = (rfr + 12 × benefits) / (3 × quarters), rounded down.
    let divisor = 3 * i128::from(quarters.0.max(1));
    let qf = Cents(i64::try_from(twelfths.div_euclid(divisor)).unwrap_or(i64::MAX));
    lines.push(QfLine::Qf {
        monthly,
        parts: quarters,
        qf,
        rounded_down: twelfths.rem_euclid(divisor) != 0,
    });
    let tranche = tranche_of(qf, reference);
    lines.push(QfLine::Tranche {
        tranche,
        range: tranche_range(tranche, reference),
    });

    QfComputation {
        year,
        parts_quarters: quarters,
        reference_tax_income_cents: rfr,
        monthly_benefits_cents: benefits,
        qf_cents: qf,
        tranche,
        lines,
        reference: reference.version_borrowed(),
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
        let reference = reference(2025);
        let qf = compute_qf(&household, 2025, d(ON), &reference);
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
            let household = household.build();
            let got = compute_qf(&household, 2025, d(ON), &reference);
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
        let reference = reference(2025);
        let qf = compute_qf(&household, 2025, d(ON), &reference);
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
            let (fewer, more) = (household_with(rfr, benefits, children), household_with(rfr, benefits, children + 1));
            let fewer = compute_qf(&fewer, 2025, d(ON), &reference);
            let more = compute_qf(&more, 2025, d(ON), &reference);
            prop_assert!(more.parts_quarters > fewer.parts_quarters);
            prop_assert!(more.qf_cents <= fewer.qf_cents);
            prop_assert!(more.tranche <= fewer.tranche);
        }

        /// More income never lowers the QF.
        #[test]
        fn qf_never_decreases_when_income_increases(rfr in 0i64..999_000_000, extra in 0i64..1_000_000, benefits in 0i64..1_000_000, children in 0usize..6) {
            let reference = reference(2025);
            let less = household_with(rfr, benefits, children);
            let more = household_with(rfr + extra, benefits, children);
            let more_benefits = household_with(rfr, benefits + extra, children);
            let less = compute_qf(&less, 2025, d(ON), &reference);
            let more = compute_qf(&more, 2025, d(ON), &reference);
            let more_benefits = compute_qf(&more_benefits, 2025, d(ON), &reference);
            prop_assert!(more.qf_cents >= less.qf_cents);
            prop_assert!(more_benefits.qf_cents >= less.qf_cents);
            prop_assert!(more.tranche >= less.tranche);
        }

        /// The QF is the exact floor of the formula.
        #[test]
        fn qf_is_the_floor_of_the_formula(rfr in 0i64..1_000_000_000, benefits in 0i64..1_000_000_000, children in 0usize..6) {
            let reference = reference(2025);
            let household = household_with(rfr, benefits, children);
            let qf = compute_qf(&household, 2025, d(ON), &reference);
            let parts = i128::from(qf.parts_quarters.0);
            let numerator = (i128::from(rfr) + 12 * i128::from(benefits)) * 4;
            let denominator = 12 * parts;
            let q = i128::from(qf.qf_cents.0);
            prop_assert!(q * denominator <= numerator && numerator < (q + 1) * denominator);
        }
    }
}
