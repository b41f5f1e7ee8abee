//! The desk-side client without a central office: the wire helpers, the errors an agent reads
//! when the central office cannot be reached, and what a sync keeps in the case file. (The desk
//! and the central office together are tested in `guichet-central`'s tests.)

// Helpers outside `#[test]` functions panic on purpose when the test setup itself fails.
#![allow(clippy::unwrap_used)]

use std::net::TcpListener;
use std::time::{Duration, Instant};

use guichet_core::DeskNumber;
use guichet_store::CaseFile;
use guichet_sync::wire::{MAX_BODY_BYTES, gunzip, gzip};
use guichet_sync::{Client, ClientOptions, SyncError, SyncOptions};

fn case_file(dir: &tempfile::TempDir) -> CaseFile {
    CaseFile::init(
        &dir.path().join("case.sqlite"),
        DeskNumber::new(7).unwrap(),
        "Alice Martin",
        Some("Sophie Bernard"),
        "CCAS",
        &[],
    )
    .unwrap()
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn impatient() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_millis(300),
        request_timeout: Duration::from_secs(1),
        attempts: 3,
        first_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(50),
    }
}

#[test]
fn gzip_round_trips_and_refuses_a_bomb() {
    let text = "{\"type\":\"agent_added\"}".repeat(1000);
    let packed = gzip(text.as_bytes());
    assert!(packed.len() < text.len() / 10);
    assert_eq!(gunzip(&packed, MAX_BODY_BYTES).unwrap(), text.as_bytes());
    assert!(gunzip(&packed, 100).is_err());
    assert!(gunzip(&packed[..packed.len() / 2], MAX_BODY_BYTES).is_err());
}

#[test]
fn unreachable_central_is_retried_then_reported_as_offline() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let client = Client::new(&url, Some("token"), impatient());
    let started = Instant::now();
    let error = client.status().unwrap_err();
    assert!(matches!(error, SyncError::Unreachable { .. }), "{error:?}");
    assert!(error.is_transient());
    // Three attempts, two waits of backoff.
    assert!(started.elapsed() >= Duration::from_millis(60));
    assert!(error.user_message().contains("hors ligne"));
}

#[test]
fn a_desk_that_is_not_enrolled_is_told_to_enrol() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_file(&dir);
    let error = guichet_sync::sync(&mut case, &SyncOptions::new("Alice Martin")).unwrap_err();
    assert!(matches!(error, SyncError::NotEnrolled));
    assert!(error.user_message().contains("guichet enrol"));
}

#[test]
fn a_failed_sync_is_recorded_and_keeps_the_work_pending() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_file(&dir);
    let url = format!("http://127.0.0.1:{}", closed_port());
    case.save_enrolment(&url, &"ab".repeat(32), None).unwrap();
    let mut options = SyncOptions::new("Alice Martin");
    options.client = impatient();
    let error = guichet_sync::sync(&mut case, &options).unwrap_err();
    assert!(error.is_transient());
    let status = case.sync_status().unwrap();
    assert!(status.enrolled);
    assert_eq!(status.last_sync_at, None);
    assert!(status.last_error.unwrap().contains("ne répond pas"));
    assert_eq!(status.pending, case.last_seq().unwrap());
    assert!(status.pending > 0);
    // Enrolling twice is refused.
    assert!(case.save_enrolment(&url, "x", None).is_err());
}

#[test]
fn enrolment_refuses_an_unusable_authority_or_address_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_file(&dir);
    let https = format!("https://127.0.0.1:{}", closed_port());
    let key_only =
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n";
    let junk_cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    for ca in ["not a certificate", key_only, junk_cert] {
        let error =
            guichet_sync::enrol(&mut case, &https, "CODE", Some(ca), &impatient()).unwrap_err();
        assert!(matches!(error, SyncError::Authority(_)), "{ca}: {error:?}");
        assert!(error.user_message().contains("PEM"), "{ca}");
    }
    for address in ["127.0.0.1:8080", "ftp://central", "https://"] {
        let error =
            guichet_sync::enrol(&mut case, address, "CODE", None, &impatient()).unwrap_err();
        assert!(
            matches!(error, SyncError::Address(_)),
            "{address}: {error:?}"
        );
    }
    assert!(!case.is_enrolled().unwrap());
}

#[test]
fn a_probe_says_offline_quickly_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_file(&dir);
    let error = guichet_sync::probe(&case, &impatient()).unwrap_err();
    assert!(matches!(error, SyncError::NotEnrolled), "{error:?}");
    let url = format!("http://127.0.0.1:{}", closed_port());
    case.save_enrolment(&url, &"ab".repeat(32), None).unwrap();
    let mut once = impatient();
    once.attempts = 1;
    let started = Instant::now();
    let error = guichet_sync::probe(&case, &once).unwrap_err();
    assert!(matches!(error, SyncError::Unreachable { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
    // A probe is not a sync attempt: nothing is recorded for the status bar.
    assert_eq!(case.sync_status().unwrap().last_error, None);
}
