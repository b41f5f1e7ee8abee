//! The central office (`guichet-central`): an HTTP service that receives every desk's journal
//! exactly once, serves each desk the others' events and the reference data versions, and raises
//! the conflicts no desk can see alone. Words and wire protocol: `guichet_sync` (its crate doc).
//!
//! - [`store`]: the SQLite store (own migrations), enrolment, push, pull, desks;
//! - [`conflicts`]: the projection of the events and the conflicts computed on it;
//! - [`server`]: the axum handlers, thin over the store, served over HTTP or HTTPS;
//! - [`tls`]: the service's certificate and key (HTTPS with rustls).

pub mod conflicts;
mod error;
pub mod server;
pub mod store;
pub mod tls;

pub use error::{CentralError, Result};
pub use server::{serve, serve_tls};
pub use store::{CentralStore, DeskSummary};
