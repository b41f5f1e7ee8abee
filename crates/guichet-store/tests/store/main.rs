//! Integration tests of the case file, on real SQLite files in temporary folders. One binary, one
//! module per feature.

// Helpers outside #[test] functions unwrap too: a broken fixture is a failed test.
#![allow(clippy::unwrap_used)]

mod support;

mod conflict_parties;
mod demo;
mod desk;
mod edits;
mod import;
mod journal;
mod merges;
mod migrations;
mod qf;
mod remote;
mod scans;
mod search;
mod view;
mod vouchers;
