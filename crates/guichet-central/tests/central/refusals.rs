//! What the central office refuses or ignores: a wrong or used code, a number already bound, a
//! revoked or unknown desk, a tampered event, a gap, a broken chain, a replayed batch — and that
//! nothing is ever stored twice.

use guichet_store::CaseFile;
use guichet_sync::chain::{GENESIS, Hashed, event_hash};
use guichet_sync::wire::{PROTOCOL, PushBatch, RefusalCode, WireEvent};
use guichet_sync::{Client, ClientOptions, SyncError};

use crate::support::{Central, Desk};

/// The desk's events after `after` as the desk would send them, chained from `prev`.
fn wire_events(desk: &Desk, after: i64, prev: &str) -> Vec<WireEvent> {
    let case = CaseFile::open(&desk.case_file).unwrap();
    let number = case.desk().get();
    let mut prev = prev.to_owned();
    case.outgoing_after(after, 10_000)
        .unwrap()
        .into_iter()
        .map(|e| {
            let hash = event_hash(&Hashed {
                desk: number,
                seq: e.seq,
                prev_hash: &prev,
                event: &e.event,
                household: e.household.as_deref(),
                agent: &e.agent,
                recorded_at: &e.recorded_at,
                payload: &e.payload,
            });
            WireEvent {
                desk: number,
                seq: e.seq,
                prev_hash: std::mem::replace(&mut prev, hash.clone()),
                hash,
                event: e.event,
                household: e.household,
                agent: e.agent,
                recorded_at: e.recorded_at,
                payload: e.payload,
            }
        })
        .collect()
}

/// A client with the desk's own credentials.
fn client_of(desk: &Desk) -> Client {
    let settings = CaseFile::open(&desk.case_file)
        .unwrap()
        .sync_settings()
        .unwrap()
        .expect("enrolled");
    Client::new(&settings.central, Some(&settings.token), quick())
}

fn quick() -> ClientOptions {
    ClientOptions {
        attempts: 1,
        ..ClientOptions::default()
    }
}

fn batch(desk: u8, events: Vec<WireEvent>) -> PushBatch {
    PushBatch {
        protocol: PROTOCOL,
        desk,
        pulled_up_to: 0,
        events,
    }
}

fn refusal(result: Result<impl std::fmt::Debug, SyncError>) -> (RefusalCode, String) {
    match result {
        Err(SyncError::Refused { refusal }) => (refusal.error, refusal.reason),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn held(central: &Central, desk: &str) -> (i64, i64) {
    let desks = central.ok(&["desks", "--json"]).json();
    let d = desks["desks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["desk"] == desk)
        .unwrap()
        .clone();
    (
        d["last_seq"].as_i64().unwrap(),
        d["events"].as_i64().unwrap(),
    )
}

#[test]
fn wrong_used_and_taken_codes_are_refused_with_the_reason() {
    let central = Central::start();
    let desk = Desk::new("03");
    let wrong = desk.run(&[
        "enrol",
        "--central",
        &central.url,
        "--code",
        "AAAA-BBBB-CCCC",
    ]);
    assert_eq!(wrong.code, 1);
    assert!(wrong.stderr.contains("inconnu"), "{}", wrong.stderr);

    let for_four = central.code("04");
    let other = desk.run(&["enrol", "--central", &central.url, "--code", &for_four]);
    assert_eq!(other.code, 1);
    assert!(other.stderr.contains("guichet 04"), "{}", other.stderr);

    // Two codes printed for 03 before anyone enrolled: the first binds the number.
    let first = central.code("03");
    let second = central.code("03");
    desk.ok(&["enrol", "--central", &central.url, "--code", &first]);
    let twin = Desk::new("03");
    let used = twin.run(&["enrol", "--central", &central.url, "--code", &first]);
    assert_eq!(used.code, 1);
    assert!(used.stderr.contains("déjà servi"), "{}", used.stderr);
    let taken = twin.run(&["enrol", "--central", &central.url, "--code", &second]);
    assert_eq!(taken.code, 1);
    assert!(taken.stderr.contains("déjà lié"), "{}", taken.stderr);
    let no_code = central.cli(&["enrolment-code", "--desk", "03"]);
    assert_ne!(no_code.code, 0);
    assert!(no_code.stderr.contains("déjà lié"), "{}", no_code.stderr);
    // The code printed for 04 still works for desk 04, and the desk enrolled once.
    Desk::new("04").enrol_with(&central, &for_four);
    assert_eq!(desk.sync()["pending"], 0);
    let again = desk.run(&["enrol", "--central", &central.url, "--code", &second]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("déjà inscrit"), "{}", again.stderr);
}

impl Desk {
    fn enrol_with(&self, central: &Central, code: &str) {
        self.ok(&["enrol", "--central", &central.url, "--code", code]);
    }
}

#[test]
fn revoked_and_unknown_desks_are_refused_and_store_nothing() {
    let central = Central::start();
    let desk = Desk::new("05");
    desk.enrol(&central, &central.url);
    assert_eq!(desk.sync()["pending"], 0);
    let before = held(&central, "05");
    central.ok(&["revoke", "--desk", "05"]);
    desk.ok(&["agent", "add", "Nouvel Agent"]);
    let refused = desk.run(&["sync", "--json"]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert!(refused.stderr.contains("révoqué"), "{}", refused.stderr);
    // The status bar says so, and what waits.
    let status = desk.ok(&["sync-status", "--json"]).json();
    assert_eq!(status["enrolled"], true);
    assert_eq!(status["pending"], 1);
    assert!(status["last_sync_at"].is_string());
    assert!(
        status["last_error"].as_str().unwrap().contains("révoqué"),
        "{status}"
    );
    assert_eq!(held(&central, "05"), before);
    let listed = central.ok(&["desks", "--json"]).json();
    assert_eq!(listed["desks"][0]["revoked"], true);
    let again = central.cli(&["revoke", "--desk", "05"]);
    assert_ne!(again.code, 0);

    let stranger = Client::new(&central.url, Some(&"ab".repeat(32)), quick());
    assert_eq!(refusal(stranger.status()).0, RefusalCode::Unauthenticated);
    let anonymous = Client::new(&central.url, None, quick());
    assert_eq!(
        refusal(anonymous.pull(0, 10, 0)).0,
        RefusalCode::Unauthenticated
    );
}

#[test]
fn replayed_batches_are_ignored_and_tampered_ones_refused_whole() {
    let central = Central::start();
    let desk = Desk::new("06");
    desk.ok(&[
        "import",
        crate::support::fixture("rousseau-rsa.json")
            .to_str()
            .unwrap(),
    ]);
    desk.enrol(&central, &central.url);
    assert_eq!(desk.sync()["pending"], 0);
    let (last, events) = held(&central, "06");
    assert_eq!(last, events);
    let client = client_of(&desk);

    // A replay of everything already held: ignored, nothing stored twice.
    let all = wire_events(&desk, 0, GENESIS);
    let answer = client.push(&batch(6, all.clone())).unwrap();
    assert_eq!(
        (answer.highest_seq, answer.stored, answer.already_held),
        (last, 0, all.len())
    );
    assert_eq!(held(&central, "06"), (last, events));

    // A replayed event whose content changed: refused.
    let mut altered = all.clone();
    altered[1].payload = altered[1].payload.replace("Agent 06", "Quelqu'un d'autre");
    let (code, reason) = refusal(client.push(&batch(6, altered)));
    assert_eq!(code, RefusalCode::Tampered);
    assert!(reason.contains("n° 2"), "{reason}");

    // New work at the desk, sent by hand.
    desk.ok(&["agent", "add", "Camille Laurent"]);
    desk.ok(&["agent", "add", "Lucas Petit"]);
    desk.ok(&["agent", "add", "Inès Moreau"]);
    let new = wire_events(&desk, last, &all.last().unwrap().hash);
    assert_eq!(new.len(), 3);

    // A changed byte that keeps the old hash: tampered.
    let mut tampered = new.clone();
    tampered[1].payload = tampered[1].payload.replace("Lucas", "Lucien");
    let (code, reason) = refusal(client.push(&batch(6, tampered.clone())));
    assert_eq!(code, RefusalCode::Tampered, "{reason}");
    assert!(reason.contains("altéré"), "{reason}");
    // Its hash recomputed too: the next event no longer follows it.
    tampered[1].hash = tampered[1].computed_hash();
    let (code, reason) = refusal(client.push(&batch(6, tampered)));
    assert_eq!(code, RefusalCode::BrokenChain, "{reason}");
    // A batch that skips an event: a gap.
    let (code, reason) = refusal(client.push(&batch(6, new[1..].to_vec())));
    assert_eq!(code, RefusalCode::Gap, "{reason}");
    assert!(reason.contains(&format!("n° {last}")), "{reason}");
    // Another desk's number in the batch: refused.
    let (code, _) = refusal(client.push(&batch(7, new.clone())));
    assert_eq!(code, RefusalCode::BadRequest);
    // Nothing of the refused batches was stored, not even their first, valid event.
    assert_eq!(held(&central, "06"), (last, events));

    // The desk's own sync sends the three, once; a replay overlapping the end is harmless.
    let synced = desk.sync();
    assert_eq!(
        (synced["pushed"].as_i64(), synced["pending"].as_i64()),
        (Some(3), Some(0))
    );
    let overlap: Vec<WireEvent> =
        wire_events(&desk, 0, GENESIS)[usize::try_from(last).unwrap() - 2..].to_vec();
    let answer = client.push(&batch(6, overlap)).unwrap();
    assert_eq!((answer.stored, answer.highest_seq), (0, last + 3));
    assert_eq!(held(&central, "06"), (last + 3, events + 3));
}
