//! The use cases the desk app adds for its screens: a campaign's plan and progress, the recent
//! households of Accueil, an import's preview, agents added by a supervisor.

use guichet_core::Scheme;
use guichet_core::household::Channel;
use guichet_store::{CampaignPhase, CampaignProgress, Role, StoreError};

use crate::support::{AGENT, Fixture, SUPERVISOR, date, request_text};

#[test]
fn a_campaign_plan_counts_what_the_run_then_issues_and_writes_nothing() {
    let mut fixture = Fixture::new();
    fixture.traore();
    fixture.import("rousseau-rsa.json");
    let before = fixture.snapshot();
    let mut heard = Vec::new();
    let plan = fixture
        .case_file
        .campaign_plan(Scheme::SchoolKit, 2025, date("2025-08-27"), &mut |p| {
            heard.push(p)
        })
        .unwrap();
    assert_eq!(fixture.snapshot(), before, "a plan writes nothing");
    assert_eq!((plan.households, plan.beneficiaries), (1, 3));
    assert_eq!(plan.cost, 3, "three kits");
    assert_eq!(plan.budget.spent, 0);
    assert!(!plan.over_budget);
    assert_eq!(
        heard.last(),
        Some(&CampaignProgress {
            phase: CampaignPhase::Examining,
            done: 2,
            total: 2
        })
    );

    let mut heard = Vec::new();
    let issued = fixture
        .case_file
        .run_campaign_with_progress(
            Scheme::SchoolKit,
            2025,
            date("2025-08-27"),
            AGENT,
            None,
            &mut |p| heard.push(p),
        )
        .unwrap();
    assert_eq!(issued.len(), plan.beneficiaries);
    let issuing: Vec<usize> = heard
        .iter()
        .filter(|p| p.phase == CampaignPhase::Issuing)
        .map(|p| p.done)
        .collect();
    assert_eq!(issuing, vec![0, 1, 2, 3]);

    // Once run, the plan has nobody left and the budget shows what was spent.
    let after = fixture
        .case_file
        .campaign_plan(Scheme::SchoolKit, 2025, date("2025-08-28"), &mut |_| {})
        .unwrap();
    assert_eq!(after.beneficiaries, 0);
    assert_eq!(after.budget.spent, 3);
    assert_eq!(after.budget.left, after.budget.budget - 3);
}

#[test]
fn a_campaign_plan_refuses_a_date_outside_the_campaign_year() {
    let fixture = Fixture::new();
    let refused =
        fixture
            .case_file
            .campaign_plan(Scheme::LireARueil, 2026, date("2025-08-28"), &mut |_| {});
    assert!(
        matches!(&refused, Err(StoreError::Refused(m)) if m.contains("2026")),
        "{refused:?}"
    );
}

#[test]
fn recent_households_are_the_last_worked_on_newest_first() {
    let mut fixture = Fixture::new();
    let traore = fixture.traore();
    let rousseau = fixture.import("rousseau-rsa.json");
    let recent = fixture.case_file.recent_households(10).unwrap();
    let numbers: Vec<&str> = recent.iter().map(|r| r.household.as_str()).collect();
    assert_eq!(numbers, vec![rousseau.as_str(), traore.as_str()]);
    assert!(recent[0].what.contains("importée"), "{:?}", recent[0]);
    assert_eq!(recent[0].agent, AGENT);
    assert!(!recent[0].adults.is_empty());

    // A QF saved on the older one brings it back to the top; the limit is kept.
    fixture
        .case_file
        .save_qf(
            &traore,
            2025,
            date("2024-10-16"),
            None,
            Channel::Desk,
            AGENT,
            None,
        )
        .unwrap();
    let recent = fixture.case_file.recent_households(1).unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].household, traore);
    assert!(recent[0].what.starts_with("QF 2025"), "{:?}", recent[0]);
}

#[test]
fn an_import_preview_reads_the_household_and_refuses_a_known_reference() {
    let mut fixture = Fixture::new();
    let text = request_text("rousseau-rsa.json");
    let before = fixture.snapshot();
    let household = fixture.case_file.preview_request(&text).unwrap();
    assert_eq!(fixture.snapshot(), before, "a preview writes nothing");
    assert_eq!(household.name(), "Rousseau");
    assert!(!household.documents.is_empty());

    let number = fixture.import("rousseau-rsa.json");
    let again = fixture.case_file.preview_request(&text);
    match again {
        Err(error @ StoreError::DuplicateReference { .. }) => {
            assert!(error.user_message().contains(&number), "{error}")
        }
        other => panic!("expected a duplicate reference, got {other:?}"),
    }
    let broken = fixture.case_file.preview_request("{\"format\": 1}");
    assert!(matches!(broken, Err(StoreError::Request(_))), "{broken:?}");
}

#[test]
fn only_a_supervisor_adds_an_agent_at_the_desk() {
    let mut fixture = Fixture::new();
    let refused = fixture
        .case_file
        .add_agent_as_supervisor("Léa Petit", Role::Agent, AGENT);
    match refused {
        Err(error @ StoreError::SupervisorOnly { .. }) => {
            assert!(error.user_message().contains("responsable"), "{error}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let added = fixture
        .case_file
        .add_agent_as_supervisor(" Léa Petit ", Role::Agent, SUPERVISOR)
        .unwrap();
    assert_eq!(added.name, "Léa Petit");
    let names: Vec<String> = fixture
        .case_file
        .agents()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, vec![AGENT, SUPERVISOR, "Léa Petit"]);
}

#[test]
fn a_supervisor_changes_the_desks_default_site_and_saved_decisions_keep_theirs() {
    let mut fixture = Fixture::new();
    let household = fixture.traore();
    let before = fixture.case_file.site().to_owned();
    let saved_site = fixture
        .case_file
        .saved_qf(&household, 2025)
        .unwrap()
        .unwrap()
        .site;

    let refused = fixture
        .case_file
        .change_site("Mairie de Buzenval", AGENT)
        .unwrap_err();
    assert!(
        matches!(refused, StoreError::SupervisorOnly { .. }),
        "{refused:?}"
    );
    let empty = fixture
        .case_file
        .change_site("   ", SUPERVISOR)
        .unwrap_err();
    assert!(
        empty.user_message().contains("doit être renseigné"),
        "{empty:?}"
    );
    assert_eq!(fixture.case_file.site(), before);

    let last_seq = |fixture: &Fixture| {
        fixture
            .case_file
            .journal_after(0, 10_000)
            .unwrap()
            .last()
            .map(|e| e.seq)
            .unwrap()
    };
    let seq_before = last_seq(&fixture);
    fixture
        .case_file
        .change_site("  Mairie de Buzenval ", SUPERVISOR)
        .unwrap();
    assert_eq!(fixture.case_file.site(), "Mairie de Buzenval");
    let entry = fixture
        .case_file
        .journal_after(seq_before, 10)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(entry.event, "site_changed");
    assert_eq!(entry.payload["site"], "Mairie de Buzenval");
    assert_eq!(entry.agent, SUPERVISOR);
    // The same site again records nothing.
    fixture
        .case_file
        .change_site("Mairie de Buzenval", SUPERVISOR)
        .unwrap();
    assert_eq!(last_seq(&fixture), seq_before + 1);

    // Kept when the case file is opened again; the QF saved before keeps its site.
    let reopened = guichet_store::CaseFile::open(fixture.case_file.path()).unwrap();
    assert_eq!(reopened.site(), "Mairie de Buzenval");
    let qf = reopened.saved_qf(&household, 2025).unwrap().unwrap();
    assert_eq!(qf.site, saved_site);
}
