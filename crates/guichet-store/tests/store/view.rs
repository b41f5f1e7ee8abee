//! The household's file as the app shows it.

use guichet_core::household::Channel;
use guichet_store::HouseholdView;

use crate::support::{AGENT, Fixture, date};

fn rousseau_with_qf() -> (Fixture, String) {
    let mut fixture = Fixture::new();
    let rousseau = fixture.import("rousseau-rsa.json");
    fixture
        .case_file
        .save_qf(
            &rousseau,
            2026,
            date("2025-12-03"),
            None,
            Channel::Online,
            AGENT,
            None,
        )
        .unwrap();
    (fixture, rousseau)
}

#[test]
fn the_file_shows_members_documents_and_the_aids_of_the_saved_tranche() {
    let (fixture, rousseau) = rousseau_with_qf();
    let view: HouseholdView = fixture
        .case_file
        .household_view(&rousseau, date("2026-03-10"))
        .unwrap();
    assert_eq!(view.number, rousseau);
    assert_eq!(view.reference.as_deref(), Some("WEB-2025-004812"));
    assert_eq!(view.qf_year, 2026);
    let members: Vec<(&str, &str, i32)> = view
        .members
        .iter()
        .map(|m| (m.number.as_str(), m.first_name.as_str(), m.age))
        .collect();
    assert_eq!(
        members,
        [
            ("P-07-000001", "Élodie", 34),
            ("P-07-000002", "Lucas", 9),
            ("P-07-000003", "Natan", 4)
        ]
    );
    assert_eq!(view.members[0].flags, ["RSA"]);
    assert_eq!(view.documents.len(), 5);
    let notice = view
        .documents
        .iter()
        .find(|d| d.kind == "tax_notice")
        .unwrap();
    assert_eq!(notice.holders, ["P-07-000001"]);
    assert_eq!(notice.holder_names, ["Élodie Rousseau"]);
    assert!(
        notice
            .figures
            .iter()
            .any(|f| f.starts_with("Revenu fiscal de référence : 4")),
        "{:?}",
        notice.figures
    );

    // Checklists of every procedure for this year and the next.
    assert_eq!(view.checklists.len(), 14);
    assert!(
        view.checklists
            .iter()
            .any(|c| c.year == 2027 && c.procedure == "qf")
    );
    let qf_2026 = view
        .checklists
        .iter()
        .find(|c| c.year == 2026 && c.procedure == "qf")
        .unwrap();
    assert!(
        qf_2026
            .items
            .iter()
            .all(|i| !i.status.is_empty() && !i.reason.is_empty())
    );

    // QF 2026 saved, with its working.
    assert_eq!(view.qf.len(), 1);
    assert_eq!(view.qf[0].year, 2026);
    assert!(
        view.qf[0].label.ends_with("tranche 1"),
        "{}",
        view.qf[0].label
    );
    assert!(!view.qf[0].saved.as_ref().unwrap().lines.is_empty());

    // Aids of 2026 in tranche 1: Pass'Loisirs for both children, CAP Loisirs for their mother.
    let eligibility = view.eligibility.as_ref().unwrap();
    assert_eq!(
        (eligibility.year, eligibility.tranche, eligibility.qf_known),
        (2026, 1, true)
    );
    let mut rights: Vec<(&str, &str)> = eligibility
        .entitlements
        .iter()
        .map(|e| (e.scheme.as_str(), e.beneficiary_name.as_str()))
        .collect();
    rights.sort();
    assert_eq!(
        rights,
        [
            ("CL", "Élodie Rousseau"),
            ("PL", "Lucas Rousseau"),
            ("PL", "Natan Rousseau")
        ]
    );

    // History: import then QF, with agents.
    let events: Vec<&str> = view.history.iter().map(|h| h.event.as_str()).collect();
    assert_eq!(events, ["household_registered", "qf_saved"]);
    assert!(view.history[0].what.contains("WEB-2025-004812"));
    assert!(view.notes.is_empty(), "{:?}", view.notes);

    // It serializes for the UI and `guichet show --json`.
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["members"][1]["number"], "P-07-000002");
    assert_eq!(json["channel"], "online");
}

#[test]
fn without_a_saved_qf_of_the_year_the_highest_tranche_applies() {
    let (fixture, rousseau) = rousseau_with_qf();
    // December 2025: the campaign year is 2025, whose QF was never saved.
    let view = fixture
        .case_file
        .household_view(&rousseau, date("2025-12-10"))
        .unwrap();
    let years: Vec<(i32, &str)> = view.qf.iter().map(|q| (q.year, q.label.as_str())).collect();
    assert_eq!(years[0], (2025, "QF non calculé"));
    assert_eq!(years[1].0, 2026);
    let eligibility = view.eligibility.unwrap();
    assert_eq!(
        (eligibility.year, eligibility.tranche, eligibility.qf_known),
        (2025, 8, false)
    );
    assert_eq!(eligibility.qf_label, "QF non calculé : tranche 8 appliquée");
    assert!(eligibility.entitlements.iter().all(|e| e.scheme != "PL"));
    assert!(eligibility.refusals.iter().any(|r| r.scheme == "PL"));
}

#[test]
fn a_year_without_reference_data_is_said_not_guessed() {
    let (fixture, rousseau) = rousseau_with_qf();
    let view = fixture
        .case_file
        .household_view(&rousseau, date("2029-03-01"))
        .unwrap();
    assert!(view.checklists.is_empty());
    assert!(view.eligibility.is_none());
    assert_eq!(view.notes.len(), 2, "{:?}", view.notes);
    assert!(view.notes[0].contains("2029"));
}
