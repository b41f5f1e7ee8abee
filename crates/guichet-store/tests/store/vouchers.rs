//! Numbered vouchers: numbers contiguous from 1 per scheme, year and desk, never reused; one voucher
//! per beneficiary, scheme and year; voids and reissues by a supervisor; budgets and overrides;
//! campaigns all or nothing, even when the process is killed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use guichet_core::{Cents, Scheme};
use guichet_store::{CaseFile, Selection, StoreError, VoucherStatus};

use crate::support::{AGENT, Fixture, SUPERVISOR, date};

fn children(fixture: &Fixture, household: &str) -> Vec<String> {
    let household = fixture.case_file.household(household).unwrap();
    household
        .children_by_age()
        .iter()
        .map(|c| c.id.to_string())
        .collect()
}

fn only(scheme: Scheme) -> Selection {
    Selection {
        schemes: vec![scheme],
        beneficiaries: vec![],
    }
}

/// Every voucher row as (scheme, year, sequence, number), and the journal's voucher events.
fn voucher_rows(path: &Path) -> Vec<(String, i32, i64, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT scheme, year, sequence, number FROM vouchers ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Panics unless, per scheme and year, sequences run 1..=n with no gap and no duplicate, the
/// counter says n + 1, and every voucher has exactly one `voucher_issued` event.
fn assert_numbering_is_whole(path: &Path) -> usize {
    let rows = voucher_rows(path);
    let mut by_key: BTreeMap<(String, i32), Vec<i64>> = BTreeMap::new();
    for (scheme, year, sequence, _) in &rows {
        by_key
            .entry((scheme.clone(), *year))
            .or_default()
            .push(*sequence);
    }
    let conn = rusqlite::Connection::open(path).unwrap();
    for ((scheme, year), mut sequences) in by_key {
        sequences.sort_unstable();
        let expected: Vec<i64> = (1..=i64::try_from(sequences.len()).unwrap()).collect();
        assert_eq!(sequences, expected, "{scheme} {year}: gap or duplicate");
        let next: i64 = conn
            .query_row(
                "SELECT next FROM voucher_sequences WHERE scheme = ?1 AND year = ?2",
                rusqlite::params![scheme, year],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(next, expected.len() as i64 + 1, "{scheme} {year}: counter");
    }
    let events: Vec<String> = conn
        .prepare(
            "SELECT json_extract(payload, '$.number') FROM journal WHERE event = 'voucher_issued'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut numbers: Vec<String> = rows.iter().map(|r| r.3.clone()).collect();
    let mut journaled = events.clone();
    numbers.sort();
    journaled.sort();
    assert_eq!(numbers, journaled, "each voucher has its journal event");
    rows.len()
}

#[test]
fn numbers_run_from_one_per_scheme_year_and_desk() {
    let mut fixture = Fixture::new();
    let household = fixture.traore();
    let issued = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-27"),
            &Selection::all(),
            AGENT,
            None,
        )
        .unwrap();
    let numbers: Vec<String> = issued.iter().map(|v| v.number.to_string()).collect();
    // Three children, each PL, KS and LR.
    assert_eq!(issued.len(), 9, "{numbers:?}");
    for scheme in ["PL", "KS", "LR"] {
        let mine: Vec<&String> = numbers.iter().filter(|n| n.starts_with(scheme)).collect();
        assert_eq!(mine.len(), 3);
        for (i, n) in mine.iter().enumerate() {
            assert!(
                n.starts_with(&format!("{scheme}-2025-07-00000{}-", i + 1)),
                "{n}"
            );
        }
    }
    let pl = issued
        .iter()
        .find(|v| v.scheme == Scheme::PassLoisirs)
        .unwrap();
    assert_eq!(pl.amount_cents, Some(Cents(8_000)));
    assert_eq!(pl.issued_by, AGENT);
    assert_eq!(pl.status, VoucherStatus::Issued);
    let ks = issued
        .iter()
        .find(|v| v.scheme == Scheme::SchoolKit)
        .unwrap();
    assert_eq!(ks.amount_cents, None);
    assert_eq!(
        issued
            .iter()
            .find(|v| v.scheme == Scheme::LireARueil)
            .unwrap()
            .amount_cents,
        Some(Cents(1_500))
    );
    assert_eq!(assert_numbering_is_whole(&fixture.path()), 9);
    // Read back.
    let shown = fixture.case_file.voucher(&numbers[0]).unwrap();
    assert_eq!(shown, issued[0]);
    assert_eq!(
        fixture.case_file.household_vouchers(&household).unwrap(),
        issued
    );
    let json = serde_json::to_value(&shown).unwrap();
    for key in [
        "number",
        "scheme",
        "year",
        "household",
        "beneficiary",
        "amount_cents",
        "status",
        "issued_on",
        "issued_by",
        "void_reason",
        "replaces",
        "replaced_by",
    ] {
        assert!(json.get(key).is_some(), "{key} missing in {json}");
    }
    assert_eq!(json["status"], "issued");
    assert_eq!(json["issued_on"], "2025-08-27");
}

#[test]
fn a_second_voucher_is_refused_naming_the_first() {
    let mut fixture = Fixture::new();
    let household = fixture.traore();
    let kids = children(&fixture, &household);
    let selection = Selection {
        schemes: vec![Scheme::PassLoisirs],
        beneficiaries: vec![kids[1].clone()],
    };
    let first = fixture
        .case_file
        .issue_vouchers(&household, date("2025-08-27"), &selection, AGENT, None)
        .unwrap();
    assert_eq!(first.len(), 1);
    let before = fixture.snapshot();
    let err = fixture
        .case_file
        .issue_vouchers(&household, date("2025-08-28"), &selection, AGENT, None)
        .unwrap_err();
    assert!(matches!(err, StoreError::AlreadyIssued { .. }), "{err:?}");
    assert!(
        err.user_message().contains(&first[0].number.to_string()),
        "{}",
        err.user_message()
    );
    assert_eq!(fixture.snapshot(), before);
    // "All" skips what was received and issues the rest; the next PL number follows.
    let rest = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-28"),
            &only(Scheme::PassLoisirs),
            AGENT,
            None,
        )
        .unwrap_err();
    assert!(matches!(rest, StoreError::AlreadyIssued { .. }));
    let all = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-28"),
            &Selection::all(),
            AGENT,
            None,
        )
        .unwrap();
    assert_eq!(all.len(), 8);
    assert_eq!(assert_numbering_is_whole(&fixture.path()), 9);
}

#[test]
fn a_refused_issue_consumes_no_number() {
    let mut fixture = Fixture::new();
    let household = fixture.traore();
    let before = fixture.snapshot();
    // Out of the kit window: refused with the reason, nothing written.
    let err = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-10-01"),
            &only(Scheme::SchoolKit),
            AGENT,
            None,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::NotEntitled { .. }), "{err:?}");
    assert!(
        err.user_message().contains("hors campagne"),
        "{}",
        err.user_message()
    );
    // Not a numbered voucher.
    let err = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-27"),
            &only(Scheme::Amethyste),
            AGENT,
            None,
        )
        .unwrap_err();
    assert!(
        err.user_message().contains("pas un bon numéroté"),
        "{}",
        err.user_message()
    );
    // No saved QF of 2026: PL refused.
    let err = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2026-02-02"),
            &only(Scheme::PassLoisirs),
            AGENT,
            None,
        )
        .unwrap_err();
    assert!(
        err.user_message().contains("non calculé"),
        "{}",
        err.user_message()
    );
    assert_eq!(fixture.snapshot(), before);
    let issued = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-27"),
            &only(Scheme::SchoolKit),
            AGENT,
            None,
        )
        .unwrap();
    assert!(
        issued[0]
            .number
            .to_string()
            .starts_with("KS-2025-07-000001-")
    );
}

#[test]
fn voids_and_reissues_are_a_supervisors_acts_and_numbers_are_never_reused() {
    let mut fixture = Fixture::new();
    let household = fixture.traore();
    let issued = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-27"),
            &only(Scheme::PassLoisirs),
            AGENT,
            None,
        )
        .unwrap();
    let first = issued[0].number.to_string();
    let err = fixture
        .case_file
        .void_voucher(&first, "perdu", AGENT)
        .unwrap_err();
    assert!(matches!(err, StoreError::SupervisorOnly { .. }), "{err:?}");
    let err = fixture
        .case_file
        .reissue_voucher(&first, "perdu", date("2025-08-28"), AGENT)
        .unwrap_err();
    assert!(matches!(err, StoreError::SupervisorOnly { .. }), "{err:?}");
    let unknown = fixture
        .case_file
        .void_voucher("PL-2025-07-000099-00", "x", SUPERVISOR);
    assert!(unknown.is_err());
    let voided = fixture
        .case_file
        .void_voucher(&first, "Bon déchiré à l'accueil", SUPERVISOR)
        .unwrap();
    assert_eq!(voided.status, VoucherStatus::Voided);
    assert_eq!(
        voided.void_reason.as_deref(),
        Some("Bon déchiré à l'accueil")
    );
    assert_eq!(voided.number.to_string(), first);
    let again = fixture
        .case_file
        .void_voucher(&first, "encore", SUPERVISOR)
        .unwrap_err();
    assert!(
        matches!(again, StoreError::AlreadyVoided { .. }),
        "{again:?}"
    );
    assert!(again.user_message().contains("déjà annulé"));
    // The voided child can be issued again: a new number, the next one.
    let beneficiary = voided.beneficiary.clone();
    let renewed = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-28"),
            &Selection {
                schemes: vec![Scheme::PassLoisirs],
                beneficiaries: vec![beneficiary],
            },
            AGENT,
            None,
        )
        .unwrap();
    assert!(
        renewed[0]
            .number
            .to_string()
            .starts_with("PL-2025-07-000004-")
    );
    // Reissue: the old one voided, linked both ways.
    let second = issued[1].number.to_string();
    let new = fixture
        .case_file
        .reissue_voucher(
            &second,
            "Perdu par la famille",
            date("2025-08-29"),
            SUPERVISOR,
        )
        .unwrap();
    assert!(new.number.to_string().starts_with("PL-2025-07-000005-"));
    assert_eq!(new.replaces.as_deref(), Some(second.as_str()));
    assert_eq!(new.beneficiary, issued[1].beneficiary);
    let old = fixture.case_file.voucher(&second).unwrap();
    assert_eq!(old.status, VoucherStatus::Voided);
    assert_eq!(old.replaced_by, Some(new.number.to_string()));
    assert_eq!(assert_numbering_is_whole(&fixture.path()), 5);
    let budget = fixture.case_file.budget(Scheme::PassLoisirs, 2025).unwrap();
    assert_eq!(budget.spent, 3 * 8_000, "voided vouchers do not count");
    assert_eq!(budget.left, budget.budget - budget.spent);
    let events: Vec<String> = fixture
        .case_file
        .history(&household)
        .unwrap()
        .into_iter()
        .map(|h| h.event)
        .collect();
    assert_eq!(events.iter().filter(|e| *e == "voucher_voided").count(), 2);
}

#[test]
fn a_reprint_is_journaled_and_a_voided_voucher_is_not_reprinted() {
    let mut fixture = Fixture::new();
    let household = fixture.traore();
    let issued = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-27"),
            &Selection::all(),
            AGENT,
            None,
        )
        .unwrap();
    let first = issued[0].number.to_string();
    let copy = fixture.case_file.reprint_voucher(&first, AGENT).unwrap();
    assert_eq!(copy.number, issued[0].number, "a reprint keeps its number");
    let history = fixture.case_file.history(&household).unwrap();
    let reprinted: Vec<_> = history
        .iter()
        .filter(|h| h.event == "voucher_reprinted")
        .collect();
    assert_eq!(reprinted.len(), 1);
    assert_eq!(reprinted[0].agent, AGENT);
    assert!(reprinted[0].what.contains(&first), "{}", reprinted[0].what);

    // The duplicate prints (voucher, kit slip and chèque alike) and says so.
    let pdf = fixture.case_file.vouchers_pdf(&issued, true).unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    fixture
        .case_file
        .void_voucher(&first, "Bon perdu", SUPERVISOR)
        .unwrap();
    let before = fixture.case_file.history(&household).unwrap().len();
    let err = fixture
        .case_file
        .reprint_voucher(&first, AGENT)
        .unwrap_err();
    assert!(
        err.user_message().contains("annulé"),
        "{}",
        err.user_message()
    );
    assert_eq!(
        fixture.case_file.history(&household).unwrap().len(),
        before,
        "a refused reprint records nothing"
    );
    let unknown = fixture
        .case_file
        .reprint_voucher("PL-2025-07-000099-00", AGENT)
        .unwrap_err();
    assert!(!unknown.user_message().is_empty());
}

#[test]
fn an_attestation_needs_a_saved_qf() {
    let mut fixture = Fixture::new();
    let number = fixture.import("traore-summer-kit-2025.json");
    let err = fixture
        .case_file
        .attestation_pdf(&number, 2025)
        .unwrap_err();
    assert!(
        err.user_message().contains("Aucun QF 2025 enregistré"),
        "{}",
        err.user_message()
    );
    let mut saved = Fixture::new();
    let household = saved.traore();
    let pdf = saved.case_file.attestation_pdf(&household, 2025).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn issuing_past_the_budget_needs_a_supervisors_override() {
    let mut fixture = Fixture::new();
    let household = fixture.traore();
    // A version of 2025 with 2 kits: the three children cannot all have one.
    let text = crate::support::reference_texts()
        .into_iter()
        .find(|(y, _)| *y == 2025)
        .unwrap()
        .1
        .replace("budget_kits = 1500", "budget_kits = 2");
    fixture
        .case_file
        .add_reference(2025, &text, SUPERVISOR)
        .unwrap();
    let before = fixture.snapshot();
    let err = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-27"),
            &only(Scheme::SchoolKit),
            AGENT,
            None,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::OverBudget { .. }), "{err:?}");
    assert!(
        err.user_message().contains("--override"),
        "{}",
        err.user_message()
    );
    let err = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-27"),
            &only(Scheme::SchoolKit),
            AGENT,
            Some("rentrée"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::SupervisorOnly { .. }), "{err:?}");
    assert_eq!(fixture.snapshot(), before);
    let issued = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-27"),
            &only(Scheme::SchoolKit),
            SUPERVISOR,
            Some("Fratrie : les trois enfants ensemble"),
        )
        .unwrap();
    assert_eq!(issued.len(), 3);
    assert_eq!(
        issued[0].budget_override.as_deref(),
        Some("Fratrie : les trois enfants ensemble")
    );
    let budget = fixture.case_file.budget(Scheme::SchoolKit, 2025).unwrap();
    assert_eq!((budget.budget, budget.spent, budget.left), (2, 3, -1));
    let last = fixture
        .case_file
        .journal_after(0, 1000)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.event, "voucher_issued");
    assert_eq!(
        last.payload["budget_override"],
        "Fratrie : les trois enfants ensemble"
    );
}

#[test]
fn a_campaign_issues_to_every_eligible_beneficiary_in_one_go() {
    let mut fixture = Fixture::new();
    let household = fixture.traore();
    fixture.import("rousseau-rsa.json");
    let issued = fixture
        .case_file
        .run_campaign(Scheme::SchoolKit, 2025, date("2025-08-27"), AGENT, None)
        .unwrap();
    assert_eq!(issued.len(), 3);
    assert!(issued.iter().all(|v| v.household == household));
    // Run again: nobody left to serve.
    assert!(
        fixture
            .case_file
            .run_campaign(Scheme::SchoolKit, 2025, date("2025-08-28"), AGENT, None)
            .is_err()
    );
    // A date outside the year is refused.
    assert!(
        fixture
            .case_file
            .run_campaign(Scheme::LireARueil, 2026, date("2025-08-28"), AGENT, None)
            .is_err()
    );
    assert_eq!(assert_numbering_is_whole(&fixture.path()), 3);
}

/// The environment variable that makes [`campaign_child`] run (the kill test re-runs this test
/// binary as its child process).
const CHILD_CASE_FILE: &str = "GUICHET_TEST_CAMPAIGN_CASE_FILE";

/// Not a test by itself: the child process of the kill test. It runs the Pass'Loisirs campaign on
/// the case file it is given, then says so.
#[test]
#[ignore = "child process of a_killed_campaign_loses_and_reuses_no_number"]
fn campaign_child() {
    let Ok(path) = std::env::var(CHILD_CASE_FILE) else {
        return;
    };
    let mut case_file = CaseFile::open(Path::new(&path)).unwrap();
    let issued = case_file
        .run_campaign(Scheme::PassLoisirs, 2025, date("2025-03-15"), AGENT, None)
        .unwrap();
    println!("campaign done: {}", issued.len());
}

fn run_child(path: &Path) -> std::process::Child {
    let exe = std::env::current_exe().unwrap();
    Command::new(exe)
        .args([
            "vouchers::campaign_child",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_CASE_FILE, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_campaign_loses_and_reuses_no_number() {
    // A template case file: 400 demo households with their QF 2025.
    let mut fixture = Fixture::new();
    fixture
        .case_file
        .generate_demo(400, 7, date("2025-03-01"), AGENT)
        .unwrap();
    fixture.case_file.checkpoint().unwrap();
    let template = fixture.path();

    // How long a whole run takes in a child, to spread the kills over it.
    let full = fixture.dir.path().join("full.sqlite");
    std::fs::copy(&template, &full).unwrap();
    let started = Instant::now();
    let output = run_child(&full).wait_with_output().unwrap();
    let duration = started.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = assert_numbering_is_whole(&full);
    assert!(
        expected > 50,
        "the demo campaign issues {expected} vouchers"
    );

    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.subsec_nanos())
        | 1;
    let mut state = u64::from(seed);
    let mut outcomes = Vec::new();
    for attempt in 0..8 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        let fraction = (state >> 33) % 1000;
        let delay = duration.mul_f64(fraction as f64 / 1000.0);
        let path = fixture.dir.path().join(format!("attempt-{attempt}.sqlite"));
        std::fs::copy(&template, &path).unwrap();
        let mut child = run_child(&path);
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        // Reopen: either the whole campaign committed or none of it.
        let count = assert_numbering_is_whole(&path);
        assert!(
            count == 0 || count == expected,
            "attempt {attempt} after {delay:?}: {count} of {expected} vouchers"
        );
        outcomes.push((delay, count));
        // And the campaign runs to completion afterwards, numbered from 1 with no gap.
        let mut case_file = CaseFile::open(&path).unwrap();
        if count == 0 {
            let issued = case_file
                .run_campaign(Scheme::PassLoisirs, 2025, date("2025-03-15"), AGENT, None)
                .unwrap();
            assert_eq!(issued.len(), expected);
        }
        drop(case_file);
        assert_eq!(assert_numbering_is_whole(&path), expected);
    }
    eprintln!("kills (delay, vouchers committed) over a {duration:?} run: {outcomes:?}");
}

#[test]
fn the_days_count_gives_what_this_desk_issued_that_day_by_scheme_beside_the_budget_left() {
    let mut fixture = Fixture::new();
    let household = fixture.traore();
    let on = date("2025-08-27");
    let before = fixture.case_file.day_count(on).unwrap();
    let schemes: Vec<Scheme> = before.iter().map(|c| c.scheme).collect();
    assert_eq!(
        schemes,
        [
            Scheme::PassLoisirs,
            Scheme::CapLoisirs,
            Scheme::SchoolKit,
            Scheme::LireARueil
        ]
    );
    assert!(before.iter().all(|c| c.issued == 0 && c.voided == 0));

    let issued = fixture
        .case_file
        .issue_vouchers(&household, on, &only(Scheme::PassLoisirs), AGENT, None)
        .unwrap();
    fixture
        .case_file
        .issue_vouchers(&household, on, &only(Scheme::SchoolKit), AGENT, None)
        .unwrap();
    fixture
        .case_file
        .void_voucher(&issued[0].number.to_string(), "Bon déchiré", SUPERVISOR)
        .unwrap();
    // Another day's vouchers are not counted.
    let count = fixture.case_file.day_count(on).unwrap();
    let pl = count
        .iter()
        .find(|c| c.scheme == Scheme::PassLoisirs)
        .unwrap();
    assert_eq!((pl.issued, pl.voided), (issued.len() as i64 - 1, 1));
    let pl_amount: i64 = issued[1..]
        .iter()
        .map(|v| v.amount_cents.map_or(0, |a| a.0))
        .sum();
    assert_eq!(pl.amount, Cents(pl_amount));
    assert_eq!(
        pl.budget,
        fixture.case_file.budget(Scheme::PassLoisirs, 2025).unwrap()
    );
    let ks = count
        .iter()
        .find(|c| c.scheme == Scheme::SchoolKit)
        .unwrap();
    assert!(ks.issued > 0 && ks.voided == 0 && ks.amount == Cents(0));
    assert_eq!(ks.budget.spent, ks.issued);
    let next_day = fixture.case_file.day_count(date("2025-08-28")).unwrap();
    assert!(next_day.iter().all(|c| c.issued == 0 && c.voided == 0));
}
