//! The chain of hashes that links each event of a desk to the previous one. Both the desk (when it
//! sends) and the central office (when it accepts) compute it with [`event_hash`], over the exact
//! text the desk journaled, so a changed byte anywhere breaks it.

use sha2::{Digest, Sha256};

/// The previous hash of a desk's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of an event that the hash covers.
#[derive(Debug, Clone, Copy)]
pub struct Hashed<'a> {
    pub desk: u8,
    pub seq: i64,
    pub prev_hash: &'a str,
    pub event: &'a str,
    pub household: Option<&'a str>,
    pub agent: &'a str,
    pub recorded_at: &'a str,
    pub payload: &'a str,
}

/// SHA-256, lowercase hex, of the event's fields, each prefixed by its length so that no two
/// different events give the same input.
pub fn event_hash(e: &Hashed<'_>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"guichet.event/1\n");
    let desk = e.desk.to_string();
    let seq = e.seq.to_string();
    let fields: [&str; 8] = [
        &desk,
        &seq,
        e.prev_hash,
        e.event,
        e.household.unwrap_or("\u{0}"),
        e.agent,
        e.recorded_at,
        e.payload,
    ];
    for field in fields {
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
        hasher.update(b"\n");
    }
    hex(&hasher.finalize())
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample<'a>(payload: &'a str, prev: &'a str) -> Hashed<'a> {
        Hashed {
            desk: 7,
            seq: 1,
            prev_hash: prev,
            event: "agent_added",
            household: None,
            agent: "Alice Martin",
            recorded_at: "2025-11-20T09:00:00.000Z",
            payload,
        }
    }

    #[test]
    fn any_changed_byte_changes_the_hash() {
        let a = event_hash(&sample("{\"a\":1}", GENESIS));
        assert_eq!(a.len(), 64);
        assert_ne!(a, event_hash(&sample("{\"a\":2}", GENESIS)));
        assert_ne!(a, event_hash(&sample("{\"a\":1}", &a)));
        let mut moved = sample("{\"a\":1}", GENESIS);
        moved.household = Some("");
        assert_ne!(a, event_hash(&moved));
    }
}
