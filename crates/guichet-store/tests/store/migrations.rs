//! The schema: migrations apply to an empty file, the connection's settings, init and open.

use guichet_core::DeskNumber;
use guichet_store::{
    CaseFile, StoreError, latest_version, migrate, migrations, open_connection, schema_version,
};

use crate::support::{AGENT, Fixture};

#[test]
fn migrations_pass_rusqlite_migration_validation() {
    migrations().validate().unwrap();
}

#[test]
fn an_empty_file_migrates_to_the_latest_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.sqlite");
    std::fs::File::create(&path).unwrap();
    let mut conn = open_connection(&path, false).unwrap();
    assert_eq!(schema_version(&conn).unwrap(), 0);
    migrate(&mut conn).unwrap();
    assert_eq!(schema_version(&conn).unwrap(), latest_version());
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in [
        "agents",
        "desk",
        "document_holders",
        "documents",
        "households",
        "journal",
        "persons",
        "qf_decisions",
        "reference_data",
        "search_docs",
        "search_fts",
        "search_terms",
        "sequences",
    ] {
        assert!(
            tables.iter().any(|t| t == table),
            "missing table {table}: {tables:?}"
        );
    }
    // Migrating again is a no-op.
    migrate(&mut conn).unwrap();
    assert_eq!(schema_version(&conn).unwrap(), latest_version());
    drop(conn);
    // A migrated file without a desk is not a case file yet.
    assert!(matches!(
        CaseFile::open(&path),
        Err(StoreError::NotInitialised(_))
    ));
}

#[test]
fn the_connection_uses_wal_foreign_keys_and_normal_sync() {
    let fixture = Fixture::new();
    let conn = open_connection(&fixture.path(), false).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 1, "NORMAL");
}

#[test]
fn init_refuses_a_file_that_is_already_a_case_file() {
    let fixture = Fixture::new();
    let err = CaseFile::init(
        &fixture.path(),
        DeskNumber::new(8).unwrap(),
        AGENT,
        None,
        "CCAS",
        &[],
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::AlreadyInitialised(_)), "{err}");
    assert!(err.user_message().contains("déjà un dossier Guichet"));
    // The desk keeps its number.
    let reopened = CaseFile::open(&fixture.path()).unwrap();
    assert_eq!(reopened.desk().get(), 7);
    assert_eq!(reopened.site(), "CCAS");
}

#[test]
fn opening_a_missing_file_is_refused_without_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nothing.sqlite");
    let err = CaseFile::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotInitialised(_)));
    assert!(!path.exists());
}

#[test]
fn init_records_agents_references_and_their_events() {
    let fixture = Fixture::new();
    let agents = fixture.case_file.agents().unwrap();
    let roles: Vec<(&str, &str)> = agents
        .iter()
        .map(|a| (a.name.as_str(), a.role.code()))
        .collect();
    assert_eq!(
        roles,
        [(AGENT, "agent"), (crate::support::SUPERVISOR, "supervisor")]
    );
    assert_eq!(
        fixture.case_file.reference_years().unwrap(),
        [2025, 2026, 2027]
    );
    let events: Vec<String> = fixture
        .case_file
        .journal_after(0, 100)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        events,
        [
            "case_file_created",
            "agent_added",
            "agent_added",
            "reference_added",
            "reference_added",
            "reference_added"
        ]
    );
}

#[test]
fn the_desk_number_is_fixed_once_anything_is_recorded() {
    let fixture = Fixture::new();
    let conn = rusqlite::Connection::open(fixture.path()).unwrap();
    let err = conn.execute("UPDATE desk SET number = 8", []).unwrap_err();
    assert!(err.to_string().contains("fixed"), "{err}");
}

#[test]
fn a_reference_whose_year_differs_from_the_one_announced_is_refused() {
    let mut fixture = Fixture::new();
    let texts = crate::support::reference_texts();
    let err = fixture
        .case_file
        .add_reference(2030, &texts[0].1, AGENT)
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::ReferenceYearMismatch {
                given: 2030,
                found: 2025
            }
        ),
        "{err}"
    );
    // Adding an exact version again changes nothing.
    let before = fixture.snapshot();
    let version = fixture
        .case_file
        .add_reference(2025, &texts[0].1, AGENT)
        .unwrap();
    assert_eq!(
        version,
        fixture.case_file.reference(2025).unwrap().version()
    );
    assert_eq!(fixture.snapshot(), before);
}
