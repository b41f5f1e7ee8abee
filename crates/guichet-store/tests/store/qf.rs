//! Saving a QF: computed by the core on the stored household, refused on an incomplete checklist
//! unless a supervisor records a derogation, stored with the reference version it used.

use guichet_core::Cents;
use guichet_core::household::Channel;
use guichet_store::StoreError;

use crate::support::{AGENT, Fixture, SUPERVISOR, date};

#[test]
fn a_saved_qf_keeps_its_figures_site_channel_agent_and_reference_version() {
    let mut fixture = Fixture::new();
    let benali = fixture.import("benali-shared-residence.json");
    let site = "Mairie de village de Buzenval";
    let saved = fixture
        .case_file
        .save_qf(
            &benali,
            2026,
            date("2025-11-18"),
            Some(site),
            Channel::Desk,
            AGENT,
            None,
        )
        .unwrap();
    assert_eq!(saved.qf_cents, Cents(121_868));
    assert_eq!(saved.tranche, 5);
    assert_eq!(saved.parts_quarters, 14);
    assert_eq!(saved.parts, 3.5);
    assert_eq!(saved.site, site);
    assert_eq!(saved.agent, AGENT);
    assert_eq!(saved.derogation, None);
    assert!(!saved.lines.is_empty());
    assert_eq!(
        saved.reference,
        fixture.case_file.reference(2026).unwrap().version()
    );
    // It reads back the same, and the cited reference version is in the case file.
    assert_eq!(
        fixture.case_file.saved_qf(&benali, 2026).unwrap(),
        Some(saved.clone())
    );
    assert!(
        fixture
            .case_file
            .reference_version(&saved.reference)
            .is_ok()
    );
    assert_eq!(fixture.case_file.saved_qf(&benali, 2025).unwrap(), None);
    let last = fixture
        .case_file
        .journal_after(0, 100)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.event, "qf_saved");
    assert_eq!(last.payload["qf_cents"], 121_868);
    assert_eq!(last.payload["reference"]["digest"], saved.reference.digest);
}

#[test]
fn the_site_defaults_to_the_desk_and_the_latest_decision_counts() {
    let mut fixture = Fixture::new();
    let rousseau = fixture.import("rousseau-rsa.json");
    let first = fixture
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
    assert_eq!(first.site, "CCAS");
    assert_eq!(first.channel, Channel::Online);
    assert_eq!(first.qf_cents, Cents(29_744));
    assert_eq!(first.tranche, 1);
    let second = fixture
        .case_file
        .save_qf(
            &rousseau,
            2026,
            date("2025-12-04"),
            Some("Hôtel de Ville"),
            Channel::Desk,
            AGENT,
            None,
        )
        .unwrap();
    let latest = fixture
        .case_file
        .saved_qf(&rousseau, 2026)
        .unwrap()
        .unwrap();
    assert_eq!(latest, second);
    assert_eq!(latest.site, "Hôtel de Ville");
    assert_eq!(fixture.count("qf_decisions"), 2);
}

#[test]
fn an_incomplete_checklist_is_refused_naming_what_is_wrong_and_nothing_is_written() {
    let mut fixture = Fixture::new();
    let garnier = fixture.import("garnier-expired-identity.json");
    let before = fixture.snapshot();
    let err = fixture
        .case_file
        .save_qf(
            &garnier,
            2026,
            date("2025-10-15"),
            None,
            Channel::Desk,
            AGENT,
            None,
        )
        .unwrap_err();
    let StoreError::IncompleteChecklist {
        household,
        year,
        items,
    } = &err
    else {
        panic!("unexpected {err}");
    };
    assert_eq!((household.as_str(), *year), (garnier.as_str(), 2026));
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(items[0].contains("identité"), "{items:?}");
    let message = err.user_message();
    assert!(message.contains(&items[0]), "{message}");
    assert!(message.contains("dérogation"), "{message}");
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn only_a_supervisor_records_a_derogation_and_it_needs_a_reason() {
    let mut fixture = Fixture::new();
    let haddad = fixture.import("haddad-proof-other-postcode.json");
    let on = date("2025-11-06");
    let before = fixture.snapshot();
    let err = fixture
        .case_file
        .save_qf(
            &haddad,
            2026,
            on,
            None,
            Channel::Desk,
            AGENT,
            Some("déménagement récent"),
        )
        .unwrap_err();
    assert!(
        matches!(err, StoreError::DerogationNeedsSupervisor { .. }),
        "{err}"
    );
    assert!(err.user_message().contains("responsable"));
    let err = fixture
        .case_file
        .save_qf(
            &haddad,
            2026,
            on,
            None,
            Channel::Desk,
            SUPERVISOR,
            Some("   "),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::EmptyDerogation), "{err}");
    assert_eq!(fixture.snapshot(), before);

    let saved = fixture
        .case_file
        .save_qf(
            &haddad,
            2026,
            on,
            None,
            Channel::Desk,
            SUPERVISOR,
            Some(" déménagement récent "),
        )
        .unwrap();
    assert_eq!(saved.derogation.as_deref(), Some("déménagement récent"));
    assert_eq!(saved.qf_cents, Cents(58_066));
    assert_eq!(saved.tranche, 2);
    assert_eq!(saved.agent, SUPERVISOR);
}

#[test]
fn a_complete_checklist_needs_no_derogation_and_records_none() {
    let mut fixture = Fixture::new();
    let lefevre = fixture.import("lefevre-amethyste-senior.json");
    let saved = fixture
        .case_file
        .save_qf(
            &lefevre,
            2026,
            date("2025-11-25"),
            None,
            Channel::Desk,
            AGENT,
            Some("inutile"),
        )
        .unwrap();
    assert_eq!(saved.derogation, None);
    assert_eq!(saved.qf_cents, Cents(68_750));
}

#[test]
fn a_year_without_reference_data_or_an_unknown_file_is_refused() {
    let mut fixture = Fixture::new();
    let lefevre = fixture.import("lefevre-amethyste-senior.json");
    let err = fixture
        .case_file
        .save_qf(
            &lefevre,
            2031,
            date("2030-11-25"),
            None,
            Channel::Desk,
            AGENT,
            None,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::MissingReference(2031)), "{err}");
    assert!(err.user_message().contains("2031"));
    let err = fixture
        .case_file
        .save_qf(
            "F-07-000999",
            2026,
            date("2025-11-25"),
            None,
            Channel::Desk,
            AGENT,
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.user_message(),
        "Aucun dossier F-07-000999 dans ce fichier."
    );
}

#[test]
fn a_correction_is_a_supervisors_act_with_a_reason_and_the_latest_decision() {
    let mut fixture = Fixture::new();
    let benali = fixture.import("benali-shared-residence.json");
    let on = date("2025-11-18");
    let correct = |fixture: &mut Fixture, agent: &str, reason: &str| {
        fixture
            .case_file
            .correct_qf(&benali, 2026, on, None, Channel::Desk, agent, None, reason)
    };
    // Nothing to correct before a first decision.
    let err = correct(&mut fixture, SUPERVISOR, "erreur de saisie").unwrap_err();
    assert!(
        err.user_message().contains("rien à corriger"),
        "{}",
        err.user_message()
    );
    let first = fixture
        .case_file
        .save_qf(&benali, 2026, on, None, Channel::Desk, AGENT, None)
        .unwrap();
    assert_eq!(first.correction, None);
    let before = fixture.snapshot();
    let err = correct(&mut fixture, AGENT, "erreur de saisie").unwrap_err();
    assert!(matches!(err, StoreError::SupervisorOnly { .. }), "{err:?}");
    let err = correct(&mut fixture, SUPERVISOR, "  ").unwrap_err();
    assert!(
        err.user_message().contains("motivée"),
        "{}",
        err.user_message()
    );
    assert_eq!(fixture.snapshot(), before);

    let corrected = correct(&mut fixture, SUPERVISOR, "revenus de Nadia mal saisis").unwrap();
    assert_eq!(
        corrected.correction.as_deref(),
        Some("revenus de Nadia mal saisis")
    );
    let latest = fixture.case_file.saved_qf(&benali, 2026).unwrap().unwrap();
    assert_eq!(latest.correction, corrected.correction);
    assert_eq!(latest.agent, SUPERVISOR);
    let history = fixture.case_file.history(&benali).unwrap();
    assert!(
        history
            .last()
            .unwrap()
            .what
            .contains("Correction : revenus de Nadia mal saisis."),
        "{history:?}"
    );
}
