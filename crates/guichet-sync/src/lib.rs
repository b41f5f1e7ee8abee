//! Sync between a desk and the central office: the wire protocol both sides speak, and the
//! desk-side client.
//!
//! Words used here (and in `guichet-central`):
//! - an *event* is one entry of a desk's journal, named by `(desk, seq)`: `seq` runs from 1 with no
//!   gap on each desk; its *chain hash* covers its content and the hash of the same desk's previous
//!   event ([`chain`]), so the central office can prove that nothing is missing or altered whatever
//!   the batch boundaries;
//! - a *batch* is a run of consecutive events a desk *pushes*; the central office stores each event
//!   once and answers with the *highest seq* it holds for that desk, and only that answer makes the
//!   desk mark its events as acknowledged: a batch cut off is simply sent again;
//! - the central office keeps a *global order* (`global_seq`) of the events it accepted; a desk
//!   *pulls* the other desks' events after its *cursor*, one *page* at a time, and applies each page
//!   in one transaction with the new cursor;
//! - *reference versions* (QF grid, schemes, budgets of a year) are published by the central office
//!   and pulled with their own cursor;
//! - a *conflict* is raised by the central office (the same person registered twice, the same aid
//!   given twice, a household edited on two desks) and settled by an ordinary event.
//!
//! Every request but enrolment carries the desk's credentials (`Authorization: Bearer …`); request
//! and answer bodies are JSON, gzipped ([`wire`]). The central office may be reached over HTTPS,
//! trusting its own certificate authority kept in the case file at enrolment ([`tls`]).

pub mod chain;
pub mod client;
pub mod desk;
mod error;
pub mod tls;
pub mod wire;

pub use client::{Client, ClientOptions};
pub use desk::{Enrolled, SyncOptions, SyncReport, enrol, probe, sync};
pub use error::{Result, SyncError};
pub use tls::CertificateProblem;
