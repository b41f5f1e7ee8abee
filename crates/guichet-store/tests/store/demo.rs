//! Demo case files.

use crate::support::{AGENT, Fixture, date};

#[test]
fn demo_households_are_inserted_journaled_searchable_and_deterministic() {
    let mut fixture = Fixture::new();
    let before = fixture.case_file.last_seq().unwrap();
    let summary = fixture
        .case_file
        .generate_demo(300, 42, date("2025-11-20"), AGENT)
        .unwrap();
    assert_eq!(summary.households, 300);
    assert_eq!(summary.qf_year, 2026);
    assert_eq!(summary.first.as_deref(), Some("F-07-000001"));
    assert_eq!(summary.last.as_deref(), Some("F-07-000300"));
    assert!(
        summary.qf_saved > 200 && summary.qf_saved < 300,
        "{summary:?}"
    );
    assert_eq!(fixture.count("households"), 300);
    assert_eq!(fixture.count("persons") as usize, summary.persons);
    assert_eq!(fixture.count("documents") as usize, summary.documents);
    assert_eq!(
        fixture.case_file.last_seq().unwrap(),
        before + 300 + summary.qf_saved as i64,
        "one event per household and per saved QF"
    );
    // Every demo household is found by its first adult's last name.
    let household = fixture.case_file.household("F-07-000150").unwrap();
    let name = &household.adults[0].last_name;
    let results = fixture.case_file.search(name, 50).unwrap();
    assert!(
        results.iter().any(|r| r.household == "F-07-000150"),
        "{name}: {results:?}"
    );

    fixture.check_search_index();

    let mut other = Fixture::new();
    other
        .case_file
        .generate_demo(300, 42, date("2025-11-20"), AGENT)
        .unwrap();
    assert_eq!(other.case_file.household("F-07-000150").unwrap(), household);
}
