//! Other desks' events applied to this case file: their households land in the state tables (found,
//! opened), a page applied twice changes nothing, and this desk's own events are never applied.

use guichet_core::DeskNumber;
use guichet_store::{CaseFile, HouseholdFields, RemoteEvent};

use crate::support::{AGENT, Fixture, SUPERVISOR, reference_texts, request_text};

/// Desk 07's journal as the central office would serve it, global order = seq.
fn served(case: &CaseFile) -> Vec<RemoteEvent> {
    case.journal_after(0, 10_000)
        .unwrap()
        .into_iter()
        .map(|e| RemoteEvent {
            global_seq: e.seq,
            desk: case.desk().get(),
            seq: e.seq,
            event: e.event,
            household: e.household,
            agent: e.agent,
            recorded_at: e.recorded_at,
            payload: e.payload.to_string(),
        })
        .collect()
}

fn other_desk(dir: &tempfile::TempDir) -> CaseFile {
    let texts = reference_texts();
    let references: Vec<(i32, &str)> = texts.iter().map(|(y, t)| (*y, t.as_str())).collect();
    let mut case = CaseFile::init(
        &dir.path().join("desk08.sqlite"),
        DeskNumber::new(8).unwrap(),
        AGENT,
        Some(SUPERVISOR),
        "Mairie",
        &references,
    )
    .unwrap();
    case.save_enrolment("http://127.0.0.1:9", &"ab".repeat(32), None)
        .unwrap();
    case
}

fn count(path: &std::path::Path, table: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn another_desks_household_is_rebuilt_once_even_when_its_page_comes_twice() {
    let mut home = Fixture::new();
    let imported = home
        .case_file
        .import_request(&request_text("rousseau-rsa.json"), AGENT)
        .unwrap();
    let number = imported.household.to_string();
    // In the same page: an edit of that household, then another registration (the page's search
    // entries are written before the edit rewrites one, and after the page).
    let mut fields = HouseholdFields::of(&home.case_file.household(&number).unwrap());
    fields.address.line = "7 impasse des Glycines".to_owned();
    home.case_file
        .update_household(&number, &fields, AGENT)
        .unwrap();
    home.case_file
        .import_request(&request_text("lemaire-twins.json"), AGENT)
        .unwrap();
    let page = served(&home.case_file);
    let dir = tempfile::tempdir().unwrap();
    let mut other = other_desk(&dir);
    let own_work = other.last_seq().unwrap();

    assert_eq!(other.apply_pulled(&page, 10).unwrap(), page.len());
    let rebuilt = other.household(&number).unwrap();
    assert_eq!(rebuilt, home.case_file.household(&number).unwrap());
    let found = other.search("Rousseau", 10).unwrap();
    assert!(found.iter().any(|r| r.household == number), "{found:?}");
    let found = other.search("Glycines", 10).unwrap();
    assert!(found.iter().any(|r| r.household == number), "{found:?}");
    let found = other.search("Lemaire", 10).unwrap();
    assert!(
        found.iter().any(|r| r.household == "F-07-000002"),
        "{found:?}"
    );
    let path = dir.path().join("desk08.sqlite");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO search_fts (search_fts) VALUES ('integrity-check')",
            [],
        )
        .unwrap();
    let state = [
        "households",
        "persons",
        "documents",
        "search_docs",
        "remote_events",
    ]
    .map(|t| count(&path, t));

    // The same page again (the desk was killed before it knew the page was applied): nothing new.
    assert_eq!(other.apply_pulled(&page, 10).unwrap(), 0);
    assert_eq!(
        [
            "households",
            "persons",
            "documents",
            "search_docs",
            "remote_events"
        ]
        .map(|t| count(&path, t)),
        state
    );
    assert_eq!(other.sync_settings().unwrap().unwrap().pull_cursor, 10);
    // Nothing of it went into this desk's journal: it is desk 07's work.
    assert_eq!(other.last_seq().unwrap(), own_work);
}

#[test]
fn this_desks_own_events_are_never_applied_again() {
    let mut home = Fixture::new();
    home.case_file
        .save_enrolment("http://127.0.0.1:9", &"ab".repeat(32), None)
        .unwrap();
    home.case_file
        .import_request(&request_text("rousseau-rsa.json"), AGENT)
        .unwrap();
    let page = served(&home.case_file);
    let households = home.count("households");
    assert_eq!(home.case_file.apply_pulled(&page, 5).unwrap(), 0);
    assert_eq!(home.count("households"), households);
    assert_eq!(home.count("remote_events"), 0);
}

#[test]
fn an_event_that_cannot_be_projected_is_kept_with_its_reason_and_the_page_goes_on() {
    let mut home = Fixture::new();
    home.case_file
        .import_request(&request_text("rousseau-rsa.json"), AGENT)
        .unwrap();
    home.case_file
        .import_request(&request_text("le-goff-newcomers-mael.json"), AGENT)
        .unwrap();
    let mut page = served(&home.case_file);
    // The first registration names its first person by something that is no person number.
    let first = page
        .iter_mut()
        .find(|e| e.event == "household_registered")
        .unwrap();
    first.payload = first.payload.replace("P-07-000001", "adulte-1");
    let broken = first.global_seq;
    let dir = tempfile::tempdir().unwrap();
    let mut other = other_desk(&dir);

    assert_eq!(other.apply_pulled(&page, 20).unwrap(), page.len());
    assert!(other.household("F-07-000001").is_err());
    assert!(other.household("F-07-000002").is_ok());
    let path = dir.path().join("desk08.sqlite");
    let reason: Option<String> = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT unprojected FROM remote_events WHERE global_seq = ?1",
            [broken],
            |r| r.get(0),
        )
        .unwrap();
    assert!(reason.is_some_and(|r| r.contains("adulte-1")));
    assert_eq!(count(&path, "households"), 1);
    assert_eq!(other.sync_settings().unwrap().unwrap().pull_cursor, 20);

    // The supervisor sees it: counted in the sync status, listed with what it did at desk 07.
    assert_eq!(other.sync_status().unwrap().unapplied, 1);
    let unapplied = other.unapplied_events().unwrap();
    assert_eq!(unapplied.len(), 1, "{unapplied:?}");
    let line = &unapplied[0];
    assert_eq!((line.global_seq, line.desk), (broken, 7));
    assert_eq!(line.event, "household_registered");
    assert_eq!(line.household.as_deref(), Some("F-07-000001"));
    assert!(line.description.contains("F-07-000001"), "{line:?}");
    assert!(line.reason.contains("adulte-1"), "{line:?}");
}

#[test]
fn an_event_this_version_cannot_read_is_listed_as_not_applied() {
    let mut home = Fixture::new();
    home.case_file
        .import_request(&request_text("rousseau-rsa.json"), AGENT)
        .unwrap();
    let mut page = served(&home.case_file);
    let last = page.last().unwrap().global_seq;
    // A later version's event: a kind this one does not know.
    page.push(RemoteEvent {
        global_seq: last + 1,
        desk: 7,
        seq: last + 1,
        event: "household_archived".to_owned(),
        household: Some("F-07-000001".to_owned()),
        agent: AGENT.to_owned(),
        recorded_at: "2026-11-25T13:02:00Z".to_owned(),
        payload: r#"{"type":"household_archived","household":"F-07-000001"}"#.to_owned(),
    });
    let dir = tempfile::tempdir().unwrap();
    let mut other = other_desk(&dir);
    assert_eq!(other.sync_status().unwrap().unapplied, 0);

    assert_eq!(other.apply_pulled(&page, last + 1).unwrap(), page.len());
    assert!(other.household("F-07-000001").is_ok());
    assert_eq!(other.sync_status().unwrap().unapplied, 1);
    let unapplied = other.unapplied_events().unwrap();
    assert_eq!(unapplied.len(), 1, "{unapplied:?}");
    assert_eq!(unapplied[0].global_seq, last + 1);
    assert!(
        unapplied[0].reason.starts_with("unreadable event"),
        "{:?}",
        unapplied[0]
    );
    assert!(
        unapplied[0].description.contains("household_archived"),
        "{:?}",
        unapplied[0]
    );
}
