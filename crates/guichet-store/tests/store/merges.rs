//! Persons a supervisor merged are one person for the aids: after "Maël" and "Mael" (the same
//! child registered twice) are merged, here or at another desk, the Pass'Loisirs given to one is
//! named when the other is asked for.

use guichet_core::household::Channel;
use guichet_core::schemes::Scheme;
use guichet_store::{ConflictView, Event, RemoteEvent, Resolution, Selection, StoreError};

use crate::support::{AGENT, Fixture, SUPERVISOR, date, request_text};

/// The Le Goff family registered twice at this desk (desk 07), the second time with the child's
/// name typed "Mael"; both QF 2025 saved. Returns the two households' numbers.
fn registered_twice(fixture: &mut Fixture) -> (String, String) {
    let text = request_text("le-goff-newcomers-mael.json");
    let mut numbers = Vec::new();
    for text in [text.clone(), text.replace("\"Maël\"", "\"Mael\"")] {
        let number = fixture
            .case_file
            .import_request(&text, AGENT)
            .unwrap()
            .household
            .to_string();
        fixture
            .case_file
            .save_qf(
                &number,
                2025,
                date("2025-10-14"),
                None,
                Channel::Desk,
                AGENT,
                None,
            )
            .unwrap();
        numbers.push(number);
    }
    (numbers[0].clone(), numbers[1].clone())
}

fn pass_loisirs(fixture: &mut Fixture, household: &str, child: &str) -> Result<String, StoreError> {
    let selection = Selection {
        schemes: vec![Scheme::PassLoisirs],
        beneficiaries: vec![child.to_owned()],
    };
    fixture
        .case_file
        .issue_vouchers(household, date("2025-10-14"), &selection, AGENT, None)
        .map(|issued| issued[0].number.to_string())
}

#[test]
fn a_child_merged_here_is_not_given_the_same_aid_twice() {
    let mut fixture = Fixture::new();
    let (first, second) = registered_twice(&mut fixture);
    let given = pass_loisirs(&mut fixture, &first, "P-07-000004").unwrap();
    // The central office raised their duplicate; the supervisor merges Mael into Maël.
    fixture
        .case_file
        .replace_conflicts(&[ConflictView {
            id: 3,
            kind: "duplicate_person".to_owned(),
            status: "open".to_owned(),
            desks: vec!["07".to_owned()],
            people: vec!["P-07-000004".to_owned(), "P-07-000008".to_owned()],
            households: vec![first.clone(), second.clone()],
            vouchers: vec![],
            resolution: None,
        }])
        .unwrap();
    fixture
        .case_file
        .resolve_conflict(
            3,
            &Resolution::MergePersons {
                keep: "P-07-000004".to_owned(),
                merged: "P-07-000008".to_owned(),
            },
            SUPERVISOR,
        )
        .unwrap();

    let refused = pass_loisirs(&mut fixture, &second, "P-07-000008").unwrap_err();
    assert!(
        matches!(refused, StoreError::AlreadyIssued { .. }),
        "{refused:?}"
    );
    assert!(refused.user_message().contains(&given), "{refused:?}");
    // His sister, not merged, is still entitled in the second file.
    pass_loisirs(&mut fixture, &second, "P-07-000007").unwrap();
}

#[test]
fn a_merge_pulled_from_another_desk_counts_here_too() {
    let mut fixture = Fixture::new();
    let (first, second) = registered_twice(&mut fixture);
    let given = pass_loisirs(&mut fixture, &second, "P-07-000008").unwrap();
    fixture
        .case_file
        .save_enrolment("http://127.0.0.1:9", &"ab".repeat(32), None)
        .unwrap();
    // Desk 02's supervisor merged them (kept Maël) and the event comes with a pull.
    let event = Event::ConflictResolved {
        conflict: 3,
        kind: "duplicate_person".to_owned(),
        resolution: Resolution::MergePersons {
            keep: "P-07-000004".to_owned(),
            merged: "P-07-000008".to_owned(),
        },
    };
    let page = [RemoteEvent {
        global_seq: 1,
        desk: 2,
        seq: 5,
        event: "conflict_resolved".to_owned(),
        household: None,
        agent: SUPERVISOR.to_owned(),
        recorded_at: "2025-10-14T09:00:00Z".to_owned(),
        payload: serde_json::to_string(&event).unwrap(),
    }];
    assert_eq!(fixture.case_file.apply_pulled(&page, 1).unwrap(), 1);
    assert_eq!(fixture.case_file.sync_status().unwrap().unapplied, 0);

    let refused = pass_loisirs(&mut fixture, &first, "P-07-000004").unwrap_err();
    assert!(
        matches!(refused, StoreError::AlreadyIssued { .. }),
        "{refused:?}"
    );
    assert!(refused.user_message().contains(&given), "{refused:?}");
}
