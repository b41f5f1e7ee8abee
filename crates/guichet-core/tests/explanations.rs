//! The rules' French texts and decisions, pinned: every checklist, QF working and eligibility of the
//! hand-written households and of a spread of demo households, on dates across the years, serialized
//! as the CLI and the desk serialize them, must hash to the value recorded when the texts were still
//! built eagerly as strings. A change of wording, figure or decision shows here; when it is meant,
//! compare the dump this test writes (its path is in the failure message) and record the new digest.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use guichet_core::checklist::{Procedure, checklist};
use guichet_core::eligibility::eligibility;
use guichet_core::qf::compute_qf;
use guichet_core::{Household, demo, reference, request};
use sha2::{Digest, Sha256};

/// SHA-256 of the dump below, as produced by the eager `String` explanations (commit adc3384).
const EXPECTED_DIGEST: &str = "bacc53238963d283f5379a682e0fab836478d0eecd32c095796269a561cd025e";

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("an ISO date")
}

fn fixture_households() -> Vec<(String, Household)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/households");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the fixture households")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a readable fixture");
            let household = request::parse_request(&text).expect("a valid fixture");
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            (name, household)
        })
        .collect()
}

/// Everything the rules say of `household` for `year` on `on`, one JSON value a line.
fn dump_one(out: &mut String, label: &str, household: &Household, year: i32, on: NaiveDate) {
    let set = reference::shipped().expect("shipped reference data");
    let reference = set.get(year).expect("reference data of the year");
    writeln!(out, "== {label} {year} {on}").expect("writing to a string");
    for procedure in Procedure::ALL {
        let list = checklist(household, procedure, year, on, reference);
        let json = serde_json::to_string(&list).expect("a checklist serializes");
        writeln!(out, "{json}").expect("writing to a string");
    }
    let qf = compute_qf(household, year, on, reference);
    let json = serde_json::to_string(&qf).expect("a QF serializes");
    writeln!(out, "{json}").expect("writing to a string");
    for tranche in [None, Some(qf.tranche), Some(1)] {
        let rights = eligibility(household, year, on, tranche, reference);
        let json = serde_json::to_string(&rights).expect("an eligibility serializes");
        writeln!(out, "{json}").expect("writing to a string");
    }
}

fn dump() -> String {
    let mut out = String::new();
    let dates = [
        (2025, "2024-11-15"),
        (2025, "2025-03-10"),
        (2025, "2025-08-25"),
        (2026, "2025-11-20"),
        (2026, "2026-07-01"),
        (2027, "2027-02-01"),
    ];
    let fixtures = fixture_households();
    for (year, on) in dates {
        let on = date(on);
        for (name, household) in &fixtures {
            dump_one(&mut out, name, household, year, on);
        }
        for (index, household) in demo::generate(2026, 300, year, on).iter().enumerate() {
            dump_one(&mut out, &format!("demo {index}"), household, year, on);
        }
    }
    out
}

#[test]
fn texts_and_decisions_are_those_recorded() {
    let text = dump();
    let digest: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("explanations.txt");
    std::fs::write(&path, &text).expect("the dump is written");
    assert_eq!(
        digest,
        EXPECTED_DIGEST,
        "the rules' texts or decisions changed: see {} ({} lines)",
        path.display(),
        text.lines().count()
    );
}
