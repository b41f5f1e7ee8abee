//! The journal: numbered from 1 with no gap, written in the same transaction as the state,
//! append-only, each entry naming its agent.

use guichet_core::PersonId;
use guichet_core::documents::Document;
use guichet_core::household::Channel;
use guichet_store::StoreError;

use crate::support::{AGENT, Fixture, SUPERVISOR, date, request_text};

fn seqs(fixture: &Fixture) -> Vec<i64> {
    fixture
        .case_file
        .journal_after(0, 10_000)
        .unwrap()
        .into_iter()
        .map(|e| e.seq)
        .collect()
}

#[test]
fn the_journal_is_numbered_from_one_without_gaps_across_use_cases_and_failures() {
    let mut fixture = Fixture::new();
    let benali = fixture.import("benali-shared-residence.json");
    let _ = fixture
        .case_file
        .import_request(&request_text("benali-shared-residence.json"), AGENT);
    fixture.import("rousseau-rsa.json");
    let _ = fixture.case_file.save_qf(
        &benali,
        2026,
        date("2025-11-18"),
        None,
        Channel::Desk,
        AGENT,
        Some("x"),
    );
    fixture
        .case_file
        .save_qf(
            &benali,
            2026,
            date("2025-11-18"),
            Some("Mairie de village de Buzenval"),
            Channel::Desk,
            AGENT,
            None,
        )
        .unwrap();
    fixture
        .case_file
        .add_document(&benali, &Document::FamilyRecord, AGENT)
        .unwrap();
    let seqs = seqs(&fixture);
    let expected: Vec<i64> = (1..=seqs.len() as i64).collect();
    assert_eq!(seqs, expected);
    assert_eq!(fixture.case_file.last_seq().unwrap(), seqs.len() as i64);
}

#[test]
fn a_use_case_that_fails_after_writing_leaves_neither_state_nor_journal() {
    let mut fixture = Fixture::new();
    let rousseau = fixture.import("rousseau-rsa.json");
    fixture.import("garnier-expired-identity.json");
    let before = fixture.snapshot();
    // The document row is written before its holder is found to belong to another household.
    let err = fixture
        .case_file
        .add_document(
            &rousseau,
            &Document::Identity {
                holder: PersonId::new("P-07-000004"),
                issued_on: date("2020-01-01"),
                expires_on: None,
            },
            AGENT,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err}");
    assert!(
        err.user_message().contains("n'est pas du foyer"),
        "{}",
        err.user_message()
    );
    assert_eq!(fixture.snapshot(), before);
    // Same for a document the request rules refuse once written (an amount over the limit).
    let err = fixture
        .case_file
        .add_document(
            &rousseau,
            &Document::TaxNotice {
                holders: vec![PersonId::new("P-07-000001")],
                issued_on: date("2025-08-06"),
                income_year: 2024,
                reference_tax_income_cents: guichet_core::Cents(2_000_000_000),
                parts: None,
                income_tax_cents: guichet_core::Cents(0),
            },
            AGENT,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Request(_)), "{err}");
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn the_journal_refuses_deletes_edits_and_gaps() {
    let mut fixture = Fixture::new();
    fixture.import("rousseau-rsa.json");
    let conn = rusqlite::Connection::open(fixture.path()).unwrap();
    assert!(
        conn.execute("DELETE FROM journal WHERE seq = 1", [])
            .is_err()
    );
    assert!(
        conn.execute("UPDATE journal SET payload = '{}' WHERE seq = 1", [])
            .is_err()
    );
    let last: i64 = conn
        .query_row("SELECT MAX(seq) FROM journal", [], |r| r.get(0))
        .unwrap();
    let gap = conn.execute(
        "INSERT INTO journal (seq, event, payload, agent_id, recorded_at) VALUES (?1, 'x', '{}', 1, 'now')",
        [last + 2],
    );
    assert!(gap.is_err());
    assert_eq!(fixture.case_file.last_seq().unwrap(), last);
}

#[test]
fn events_are_acknowledged_up_to_a_sequence_number() {
    let mut fixture = Fixture::new();
    fixture.import("rousseau-rsa.json");
    fixture.import("lemaire-twins.json");
    let total = fixture.case_file.last_seq().unwrap();
    assert_eq!(fixture.case_file.unacked_count().unwrap(), total);
    fixture.case_file.mark_acked(total - 1).unwrap();
    assert_eq!(fixture.case_file.unacked_count().unwrap(), 1);
    let entries = fixture.case_file.journal_after(total - 2, 10).unwrap();
    assert_eq!(
        entries.iter().map(|e| e.acked).collect::<Vec<_>>(),
        [true, false]
    );
}

#[test]
fn every_change_names_its_agent() {
    let mut fixture = Fixture::new();
    let number = fixture.import("garnier-expired-identity.json");
    fixture
        .case_file
        .save_qf(
            &number,
            2026,
            date("2025-10-15"),
            None,
            Channel::Desk,
            SUPERVISOR,
            Some("carte d'identité en cours de renouvellement"),
        )
        .unwrap();
    let history = fixture.case_file.history(&number).unwrap();
    let who: Vec<(&str, &str)> = history
        .iter()
        .map(|h| (h.event.as_str(), h.agent.as_str()))
        .collect();
    assert_eq!(
        who,
        [("household_registered", AGENT), ("qf_saved", SUPERVISOR)]
    );
    assert!(
        history[1]
            .what
            .contains("Dérogation : carte d'identité en cours de renouvellement"),
        "{}",
        history[1].what
    );
    assert!(history[1].at.ends_with('Z'));
}
