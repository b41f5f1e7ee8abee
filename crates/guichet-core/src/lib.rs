//! Guichet's domain, with no I/O and no SQL: households and their supporting documents, the document
//! checklists, the quotient familial and its tranche, eligibility to each scheme, voucher numbers and
//! the yearly reference data. Every rule is a pure function of data and a date.
//!
//! Words used throughout: *household* (foyer), *scheme* (dispositif), *tranche* (QF band),
//! *reference* (the figures voted each year), *procedure* (`qf` or a scheme code: what a checklist
//! is for).

pub mod assessment;
pub mod checklist;
pub mod dates;
pub mod demo;
pub mod documents;
pub mod eligibility;
pub mod household;
pub mod ids;
pub mod money;
pub mod names;
pub mod parallel;
pub mod qf;
pub mod reference;
pub mod request;
pub mod schemes;
pub mod vouchers;

#[cfg(test)]
mod testkit;

pub use household::Household;
pub use ids::{DeskNumber, HouseholdNumber, PersonId, PersonNumber};
pub use money::Cents;
pub use reference::{Reference, ReferenceSet, ReferenceVersion};
pub use schemes::Scheme;
