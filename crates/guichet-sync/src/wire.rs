//! The wire protocol, version [`PROTOCOL`]: the JSON bodies of each request and answer. A request
//! names the protocol version it speaks (`protocol`); the central office refuses one it does not
//! know, with the reason, rather than guess.
//!
//! Routes (all `POST` or `GET` under `/v1`, bodies gzipped with `Content-Encoding: gzip`):
//! - `POST /v1/enrol` [`EnrolRequest`] → [`EnrolAnswer`] (no credentials: the code is the proof);
//! - `GET /v1/status` → [`StatusAnswer`];
//! - `POST /v1/push` [`PushBatch`] → [`PushAnswer`];
//! - `GET /v1/pull?after=N&limit=M&references_after=R` → [`PullPage`];
//! - `GET /v1/conflicts` → [`ConflictList`] (those that concern the asking desk).
//!
//! A refusal is an HTTP error status with a [`Refusal`] body: a stable `error` code for programs and
//! a French `reason` for the agent.

use serde::{Deserialize, Serialize};

/// The protocol version this build speaks.
pub const PROTOCOL: u32 = 1;

/// The most events the central office accepts in one batch.
pub const MAX_BATCH_EVENTS: usize = 2_000;

/// The most events in one pull page.
pub const MAX_PAGE_EVENTS: usize = 2_000;

/// The largest body accepted once decompressed (bytes).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// An event of a desk's journal as it travels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireEvent {
    pub desk: u8,
    pub seq: i64,
    /// The chain hash of the same desk's event `seq - 1` ([`crate::chain::GENESIS`] for seq 1).
    pub prev_hash: String,
    /// This event's chain hash.
    pub hash: String,
    /// The event's type code (`voucher_issued`).
    pub event: String,
    /// The household file number it concerns, if any.
    pub household: Option<String>,
    pub agent: String,
    /// UTC, RFC 3339.
    pub recorded_at: String,
    /// The payload's JSON text exactly as journaled (hashed byte for byte).
    pub payload: String,
}

impl WireEvent {
    /// The hash this event's content gives.
    pub fn computed_hash(&self) -> String {
        crate::chain::event_hash(&crate::chain::Hashed {
            desk: self.desk,
            seq: self.seq,
            prev_hash: &self.prev_hash,
            event: &self.event,
            household: self.household.as_deref(),
            agent: &self.agent,
            recorded_at: &self.recorded_at,
            payload: &self.payload,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolRequest {
    pub protocol: u32,
    /// The desk number its case file was created with.
    pub desk: u8,
    /// The one-time code the central office printed for that number.
    pub code: String,
    /// The credentials the desk made for itself (64 hex digits from the OS's random source), to
    /// send as `Authorization: Bearer {token}` once enrolled. Made by the desk so that an answer
    /// lost on the way costs nothing: the same request sent again is recognised.
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolAnswer {
    pub desk: u8,
    /// When the desk was bound to its number (UTC, RFC 3339).
    pub enrolled_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusAnswer {
    pub protocol: u32,
    pub desk: u8,
    /// The highest seq of this desk the central office holds (0: none).
    pub highest_seq: i64,
    /// The chain hash of that event ([`crate::chain::GENESIS`] when none).
    pub last_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushBatch {
    pub protocol: u32,
    pub desk: u8,
    /// The desk's pull cursor when it sends: what it has seen of the others (for concurrent edits).
    pub pulled_up_to: i64,
    /// Consecutive events of this desk, in order.
    pub events: Vec<WireEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAnswer {
    /// The highest seq of this desk now held: the desk marks events up to it as acknowledged.
    pub highest_seq: i64,
    /// Events stored by this batch.
    pub stored: usize,
    /// Events of the batch that were already held (a replay), ignored.
    pub already_held: usize,
}

/// Another desk's accepted event, in the central office's global order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledEvent {
    pub global_seq: i64,
    #[serde(flatten)]
    pub event: WireEvent,
}

/// A version of the reference data of a year, published by the central office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceVersion {
    /// The central office's order of publication (the desk's reference cursor).
    pub id: i64,
    pub year: i32,
    /// SHA-256 of `toml`.
    pub digest: String,
    pub toml: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullPage {
    /// Other desks' events after the cursor, in global order.
    pub events: Vec<PulledEvent>,
    /// The cursor to send next time.
    pub next_after: i64,
    /// Whether more events wait after this page.
    pub more: bool,
    /// Reference versions published after `references_after` (sent on the first page only).
    pub references: Vec<ReferenceVersion>,
}

/// A conflict as the central office lists it (`guichet-central conflicts --json` and the desks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: i64,
    /// `duplicate_person`, `double_issuance` or `concurrent_edit`.
    pub kind: String,
    /// `open` or `resolved`.
    pub status: String,
    /// Desk numbers, two digits (`"07"`).
    pub desks: Vec<String>,
    pub people: Vec<String>,
    pub households: Vec<String>,
    pub vouchers: Vec<String>,
    /// The resolving event's action with `by`, `desk` and `at`; `null` while open.
    pub resolution: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictList {
    pub conflicts: Vec<Conflict>,
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalCode {
    /// The protocol version is not spoken here.
    Protocol,
    /// The body could not be read.
    BadRequest,
    /// No or unknown credentials.
    Unauthenticated,
    /// The desk was revoked.
    Revoked,
    /// An enrolment code that does not exist.
    UnknownCode,
    /// An enrolment code already used.
    CodeUsed,
    /// An enrolment code printed for another desk number.
    WrongDesk,
    /// A desk number already bound to another desk.
    DeskTaken,
    /// A batch whose first event does not follow the last one held.
    Gap,
    /// An event whose previous hash is not the hash of the event before it.
    BrokenChain,
    /// An event whose content does not give its hash, or differs from the one held.
    Tampered,
    /// The central office failed; try again later.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub error: RefusalCode,
    /// A French sentence for the agent.
    pub reason: String,
    /// For push refusals: the highest seq held for the desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highest_seq: Option<i64>,
}

/// Gzips a body.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4 + 64),
        flate2::Compression::fast(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Gunzips a body, refusing one larger than `limit` once decompressed.
pub fn gunzip(bytes: &[u8], limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(bytes.len() * 4);
    let decoder = flate2::read::GzDecoder::new(bytes);
    let read = decoder
        .take(u64::try_from(limit).unwrap_or(u64::MAX) + 1)
        .read_to_end(&mut out)?;
    if read > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "body too large once decompressed",
        ));
    }
    Ok(out)
}
