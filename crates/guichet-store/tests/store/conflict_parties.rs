//! The persons a conflict names, read from this desk's own state or from another desk's events as
//! pulled; a number not known here is left out.

use guichet_core::DeskNumber;
use guichet_store::{CaseFile, RemoteEvent};

use crate::support::{AGENT, Fixture, request_text};

#[test]
fn conflict_people_are_found_here_and_among_the_pulled_ones() {
    let mut here = Fixture::new();
    let own = here.import("le-goff-newcomers-mael.json");
    assert_eq!(own, "F-07-000001");

    // Desk 08 registers the same family with "Mael"; desk 07 pulls its events.
    let dir = tempfile::tempdir().unwrap();
    let mut other = CaseFile::init(
        &dir.path().join("other.sqlite"),
        DeskNumber::new(8).unwrap(),
        AGENT,
        None,
        "Mairie",
        &[],
    )
    .unwrap();
    let text = request_text("le-goff-newcomers-mael.json").replace("\"Maël\"", "\"Mael\"");
    other.import_request(&text, AGENT).unwrap();
    let pulled: Vec<RemoteEvent> = other
        .outgoing_after(0, 1_000)
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(i, e)| RemoteEvent {
            global_seq: i64::try_from(i).unwrap() + 1,
            desk: 8,
            seq: e.seq,
            event: e.event,
            household: e.household,
            agent: e.agent,
            recorded_at: e.recorded_at,
            payload: e.payload,
        })
        .collect();
    let last = i64::try_from(pulled.len()).unwrap();
    here.case_file.apply_pulled(&pulled, last).unwrap();

    let numbers = ["P-08-000004", "P-99-000001", "P-07-000004"].map(str::to_owned);
    let people = here.case_file.conflict_people(&numbers).unwrap();
    let seen: Vec<(&str, &str, &str, &str, &str)> = people
        .iter()
        .map(|p| {
            (
                p.number.as_str(),
                p.first_name.as_str(),
                p.birth_date.as_str(),
                p.desk.as_str(),
                p.household.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("P-08-000004", "Mael", "2017-05-12", "08", "F-08-000001"),
            ("P-07-000004", "Maël", "2017-05-12", "07", "F-07-000001"),
        ]
    );
    assert!(
        here.case_file
            .conflict_vouchers(&["PL-2025-07-000001".to_owned()])
            .unwrap()
            .is_empty()
    );
}
