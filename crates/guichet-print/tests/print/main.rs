//! Integration tests of guichet-print: every document is written to a temporary folder and read
//! back with poppler (`pdftotext`, `pdfinfo`, `pdftoppm`) and `qpdf --check`, as a viewer or a
//! printer would. A missing tool fails the test with the package to install; nothing is skipped.

// Helpers outside #[test] functions unwrap too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used)]

mod attestation;
mod batches;
mod kit_slips;
mod requests;
mod support;
mod vouchers;
