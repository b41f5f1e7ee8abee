//! Importing online requests: numbers given, all-or-nothing, duplicate references refused.

use guichet_core::PersonId;
use guichet_core::request::parse_request;
use guichet_store::StoreError;

use crate::support::{AGENT, Fixture, fixtures, household_fixtures, request_text};

#[test]
fn an_import_gives_a_file_number_and_person_numbers() {
    let mut fixture = Fixture::new();
    let imported = fixture
        .case_file
        .import_request(&crate::support::request_text("rousseau-rsa.json"), AGENT)
        .unwrap();
    assert_eq!(imported.household.to_string(), "F-07-000001");
    assert_eq!(imported.reference.as_deref(), Some("WEB-2025-004812"));
    let persons: Vec<(String, String)> = imported
        .persons
        .iter()
        .map(|(id, n)| (id.to_string(), n.to_string()))
        .collect();
    assert_eq!(
        persons,
        [
            ("a1".to_owned(), "P-07-000001".to_owned()),
            ("c1".to_owned(), "P-07-000002".to_owned()),
            ("c2".to_owned(), "P-07-000003".to_owned()),
        ]
    );
    let household = fixture.case_file.household("F-07-000001").unwrap();
    assert_eq!(household.adults[0].id, PersonId::new("P-07-000001"));
    assert_eq!(household.children[1].first_name, "Natan");
    // Documents name their holders by person number, in the JSON and in the link table.
    assert!(household.documents[0].is_held_by(&PersonId::new("P-07-000001")));
    assert_eq!(fixture.count("document_holders"), 3);
    // The next household continues both sequences.
    let next = fixture
        .case_file
        .import_request(&request_text("garnier-expired-identity.json"), AGENT)
        .unwrap();
    assert_eq!(next.household.to_string(), "F-07-000002");
    assert_eq!(next.persons[0].1.to_string(), "P-07-000004");
}

#[test]
fn every_fixture_imports_and_reads_back_as_it_was_written() {
    let mut fixture = Fixture::new();
    for (name, json) in household_fixtures() {
        let imported = fixture
            .case_file
            .import_request(&json, AGENT)
            .unwrap_or_else(|e| panic!("{name}: {}", e.user_message()));
        let mut expected = parse_request(&json).unwrap();
        let rename = |id: &PersonId| {
            imported
                .persons
                .iter()
                .find(|(request_id, _)| request_id == id)
                .map(|(_, n)| PersonId(n.to_string()))
                .unwrap()
        };
        for adult in &mut expected.adults {
            adult.id = rename(&adult.id);
        }
        for child in &mut expected.children {
            child.id = rename(&child.id);
        }
        for document in &mut expected.documents {
            document.map_holders(rename);
        }
        if expected.site.is_none() {
            expected.site = Some("CCAS".to_owned());
        }
        let stored = fixture
            .case_file
            .household(&imported.household.to_string())
            .unwrap();
        assert_eq!(stored, expected, "{name}");
    }
}

#[test]
fn an_invalid_request_writes_nothing() {
    let mut fixture = Fixture::new();
    fixture.import("lemaire-twins.json");
    let before = fixture.snapshot();
    let dir = fixtures().join("requests").join("invalid");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let err = fixture.case_file.import_request(&text, AGENT).unwrap_err();
        assert!(
            matches!(err, StoreError::Request(_)),
            "{}: {err}",
            path.display()
        );
        assert!(
            err.user_message().starts_with("Demande refusée : "),
            "{}",
            err.user_message()
        );
        assert_eq!(fixture.snapshot(), before, "{}", path.display());
    }
    assert!(seen >= 10, "only {seen} invalid fixtures");
    // No number was used up.
    let next = fixture.import("rousseau-rsa.json");
    assert_eq!(next, "F-07-000002");
}

#[test]
fn a_reference_already_imported_is_refused_naming_its_file() {
    let mut fixture = Fixture::new();
    fixture.import("garnier-expired-identity.json");
    let first = fixture.import("rousseau-rsa.json");
    let before = fixture.snapshot();
    let err = fixture
        .case_file
        .import_request(&request_text("rousseau-rsa.json"), AGENT)
        .unwrap_err();
    match &err {
        StoreError::DuplicateReference {
            reference,
            household,
        } => {
            assert_eq!(reference, "WEB-2025-004812");
            assert_eq!(household, &first);
        }
        other => panic!("unexpected {other}"),
    }
    assert_eq!(
        err.user_message(),
        "Le dossier F-07-000002 a déjà été importé (référence WEB-2025-004812)."
    );
    assert_eq!(fixture.snapshot(), before);
    assert_eq!(
        fixture
            .case_file
            .household_by_reference("WEB-2025-004812")
            .unwrap()
            .as_deref(),
        Some("F-07-000002")
    );
}

#[test]
fn an_unknown_agent_cannot_import() {
    let mut fixture = Fixture::new();
    let before = fixture.snapshot();
    let err = fixture
        .case_file
        .import_request(&request_text("rousseau-rsa.json"), "Inconnu")
        .unwrap_err();
    assert!(matches!(err, StoreError::UnknownAgent(_)));
    assert!(err.user_message().contains("« Inconnu »"));
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn an_import_records_who_did_it() {
    let mut fixture = Fixture::new();
    fixture
        .case_file
        .import_request(
            &request_text("rousseau-rsa.json"),
            crate::support::SUPERVISOR,
        )
        .unwrap();
    let conn = rusqlite::Connection::open(fixture.path()).unwrap();
    let (created_by, person_by): (String, String) = conn
        .query_row(
            "SELECT a.name, (SELECT b.name FROM persons p JOIN agents b ON b.id = p.created_by LIMIT 1)
             FROM households h JOIN agents a ON a.id = h.created_by",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(created_by, crate::support::SUPERVISOR);
    assert_eq!(person_by, crate::support::SUPERVISOR);
    let last = fixture
        .case_file
        .journal_after(0, 100)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.event, "household_registered");
    assert_eq!(last.agent, crate::support::SUPERVISOR);
    assert_eq!(last.household.as_deref(), Some("F-07-000001"));
    assert_eq!(last.payload["request"]["adults"][0]["id"], "P-07-000001");
}

#[test]
fn a_batch_imports_the_good_files_and_leaves_no_trace_of_the_bad_ones() {
    let mut fixture = Fixture::new();
    let invalid = std::fs::read_to_string(
        fixtures()
            .join("requests")
            .join("invalid")
            .join("child-without-birth-date.json"),
    )
    .unwrap();
    let rousseau = request_text("rousseau-rsa.json");
    let lemaire = request_text("lemaire-twins.json");
    let seq_before = fixture.case_file.last_seq().unwrap();
    let results = fixture
        .case_file
        .import_requests(&[&rousseau, &invalid, &rousseau, &lemaire], AGENT)
        .unwrap();
    let outcome: Vec<Result<String, String>> = results
        .into_iter()
        .map(|r| {
            r.map(|i| i.household.to_string())
                .map_err(|e| e.user_message())
        })
        .collect();
    assert_eq!(outcome[0], Ok("F-07-000001".to_owned()));
    assert!(
        outcome[1].as_ref().is_err_and(|e| e.contains("enfant c2")),
        "{:?}",
        outcome[1]
    );
    assert_eq!(
        outcome[2],
        Err("Le dossier F-07-000001 a déjà été importé (référence WEB-2025-004812).".to_owned())
    );
    assert_eq!(
        outcome[3],
        Ok("F-07-000002".to_owned()),
        "no number used up by the failures"
    );
    assert_eq!(fixture.count("households"), 2);
    // One event per imported file, numbered without a gap.
    let entries = fixture.case_file.journal_after(seq_before, 100).unwrap();
    let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [seq_before + 1, seq_before + 2]);
    fixture.check_search_index();
    // An unknown agent fails the whole batch before anything is written.
    let before = fixture.snapshot();
    assert!(matches!(
        fixture.case_file.import_requests(&[&lemaire], "personne"),
        Err(StoreError::UnknownAgent(_))
    ));
    assert_eq!(fixture.snapshot(), before);
}
