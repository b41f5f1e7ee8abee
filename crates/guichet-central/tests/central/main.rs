//! The central office and the desks together: real `guichet-central` processes on 127.0.0.1
//! (random ports), real `guichet` processes on real case files in temporary folders.

// Helpers outside `#[test]` functions panic on purpose when the test setup itself fails.
#![allow(clippy::unwrap_used)]

mod edits;
mod homonyms;
mod kill;
mod proxy;
mod references;
mod refusals;
mod remote_households;
mod scenario;
mod support;
mod tls;
