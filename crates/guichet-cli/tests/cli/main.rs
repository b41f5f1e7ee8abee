//! End-to-end tests of the `guichet` binary: real processes, real case files in temp folders.

// Helpers outside `#[test]` functions panic on purpose when the test setup itself fails.
#![allow(clippy::unwrap_used)]

mod support;

mod case_file;
mod issue;
mod simulators;
mod vouchers;
