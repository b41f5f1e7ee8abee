//! A household's assessment for a year on a date — its QF checklist, its QF and its rights — and the
//! same for many households at once (a campaign over the whole case file), spread over the machine's
//! cores: the rules are pure functions, so households are assessed independently.

use std::num::NonZeroUsize;

use chrono::NaiveDate;

use crate::checklist::{Checklist, Procedure, checklist};
use crate::eligibility::{Eligibility, eligibility};
use crate::household::Household;
use crate::qf::{QfComputation, compute_qf};
use crate::reference::Reference;

/// What the rules say of one household for QF and campaign year `year` on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub checklist: Checklist,
    pub qf: QfComputation,
    pub eligibility: Eligibility,
}

/// Assesses one household. `saved_tranche` is the tranche of its saved QF of the year; `None` takes
/// the tranche of the QF computed from what was typed (as the simulators do).
pub fn assess(
    household: &Household,
    year: i32,
    on: NaiveDate,
    saved_tranche: Option<u8>,
    reference: &Reference,
) -> Assessment {
    let checklist = checklist(household, Procedure::Qf, year, on, reference);
    let qf = compute_qf(household, year, on, reference);
    let tranche = saved_tranche.unwrap_or(qf.tranche);
    let eligibility = eligibility(household, year, on, Some(tranche), reference);
    Assessment {
        checklist,
        qf,
        eligibility,
    }
}

/// Assesses many households, in their order, using every available core (at most `threads`).
pub fn assess_many(
    households: &[Household],
    year: i32,
    on: NaiveDate,
    reference: &Reference,
    threads: Option<NonZeroUsize>,
) -> Vec<Assessment> {
    crate::parallel::map_in_order(households, threads, |h| {
        assess(h, year, on, None, reference)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{d, reference};

    #[test]
    fn many_households_are_assessed_in_order_whatever_the_threads() {
        let on = d("2025-11-20");
        let reference = reference(2026);
        let households = crate::demo::generate(7, 301, 2026, on);
        let one = assess_many(&households, 2026, on, &reference, NonZeroUsize::new(1));
        let three = assess_many(&households, 2026, on, &reference, NonZeroUsize::new(3));
        assert_eq!(one.len(), 301);
        assert_eq!(one, three);
        for (household, assessment) in households.iter().zip(&one) {
            assert_eq!(assessment, &assess(household, 2026, on, None, &reference));
        }
    }
}
