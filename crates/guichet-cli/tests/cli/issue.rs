//! `guichet issue | void | reissue | reprint | campaign | attestation | voucher show`, checked on
//! real case files, and the PDFs read back with poppler (`pdftotext`, `pdfinfo`) and `qpdf --check`.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::support::{Run, guichet_in};

const SUPERVISOR: &str = "Sophie Bernard";

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/households")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A case file (desk 07) with the Traoré household and its QF 2025 saved: on 2025-08-27 its three
/// children are entitled to PL, KS and LR.
struct Desk {
    dir: TempDir,
    case_file: PathBuf,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let case_file = dir.path().join("case.sqlite");
        let desk = Desk { dir, case_file };
        desk.ok(&[
            "init",
            "--desk",
            "07",
            "--agent",
            "Alice Martin",
            "--supervisor",
            SUPERVISOR,
        ]);
        desk.ok(&["import", &fixture("traore-summer-kit-2025.json")]);
        desk.ok(&[
            "qf",
            "--household",
            "F-07-000001",
            "--year",
            "2025",
            "--on",
            "2024-10-15",
            "--save",
        ]);
        desk
    }

    fn run(&self, args: &[&str]) -> Run {
        guichet_in(Some(&self.case_file), args)
    }

    fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}\n{}", run.stderr, run.stdout);
        run
    }

    fn pdf(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }
}

fn pdf_text(path: &str) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", path, "-"])
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext {path}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdf_pages(path: &str) -> usize {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

fn assert_qpdf_ok(path: &str) {
    let out = Command::new("qpdf")
        .args(["--check", path])
        .output()
        .expect("qpdf runs");
    assert!(
        out.status.success(),
        "qpdf --check {path}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn numbers(run: &Run) -> Vec<String> {
    run.json()["issued"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["number"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn issue_prints_the_numbers_and_writes_them_in_a_valid_pdf() {
    let desk = Desk::new();
    let pdf = desk.pdf("traore.pdf");
    let run = desk.ok(&[
        "issue",
        "--household",
        "F-07-000001",
        "--on",
        "2025-08-27",
        "--pdf",
        &pdf,
        "--json",
    ]);
    let issued = run.json()["issued"].as_array().unwrap().clone();
    assert_eq!(issued.len(), 9, "{}", run.stdout);
    let first = &issued[0];
    assert_eq!(first["number"], "PL-2025-07-000001-19");
    assert_eq!(first["scheme"], "PL");
    assert_eq!(first["beneficiary"], "P-07-000003");
    assert_eq!(first["amount_cents"], 8000);
    let kit = issued.iter().find(|v| v["scheme"] == "KS").unwrap();
    assert!(kit["amount_cents"].is_null());
    let text = pdf_text(&pdf);
    for n in numbers(&run) {
        assert!(text.contains(&n), "{n} not in the PDF");
    }
    assert!(text.contains("Mariam"));
    assert_eq!(pdf_pages(&pdf), 9);
    assert_qpdf_ok(&pdf);

    // A second voucher for the same child and scheme is refused, naming the first.
    let again = desk.run(&[
        "issue",
        "--household",
        "F-07-000001",
        "--scheme",
        "PL",
        "--beneficiary",
        "P-07-000003",
        "--on",
        "2025-08-28",
        "--pdf",
        &desk.pdf("again.pdf"),
    ]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("PL-2025-07-000001-19"),
        "{}",
        again.stderr
    );
    assert!(!Path::new(&desk.pdf("again.pdf")).exists());
    // Améthyste is not a voucher.
    let am = desk.run(&[
        "issue",
        "--household",
        "F-07-000001",
        "--scheme",
        "AM",
        "--pdf",
        &desk.pdf("am.pdf"),
    ]);
    assert_eq!(am.code, 1);
    assert!(am.stderr.contains("pas un bon numéroté"), "{}", am.stderr);
}

#[test]
fn void_reissue_and_reprint() {
    let desk = Desk::new();
    let run = desk.ok(&[
        "issue",
        "--household",
        "F-07-000001",
        "--scheme",
        "PL",
        "--on",
        "2025-08-27",
        "--pdf",
        &desk.pdf("pl.pdf"),
        "--json",
    ]);
    let issued = numbers(&run);
    assert_eq!(issued.len(), 3);

    // An agent cannot void; a supervisor can, once.
    let refused = desk.run(&["void", &issued[0], "--reason", "perdu"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("responsable"), "{}", refused.stderr);
    desk.ok(&[
        "--agent",
        SUPERVISOR,
        "void",
        &issued[0],
        "--reason",
        "Bon perdu",
    ]);
    let twice = desk.run(&["--agent", SUPERVISOR, "void", &issued[0], "--reason", "x"]);
    assert_eq!(twice.code, 1);
    assert!(twice.stderr.contains("déjà annulé"), "{}", twice.stderr);
    let unknown = desk.run(&[
        "--agent",
        SUPERVISOR,
        "void",
        "PL-2025-07-000099-77",
        "--reason",
        "x",
    ]);
    assert_eq!(unknown.code, 1);
    let shown = desk.ok(&["voucher", "show", &issued[0], "--json"]).json();
    assert_eq!(shown["status"], "voided");
    assert_eq!(shown["void_reason"], "Bon perdu");
    assert_eq!(shown["number"], issued[0].as_str());
    assert!(shown["replaced_by"].is_null());

    // Reissue: a new number, linked both ways, printed.
    let pdf = desk.pdf("reissued.pdf");
    desk.ok(&[
        "--agent",
        SUPERVISOR,
        "reissue",
        &issued[1],
        "--reason",
        "Déchiré",
        "--pdf",
        &pdf,
    ]);
    let old = desk.ok(&["voucher", "show", &issued[1], "--json"]).json();
    let new = old["replaced_by"].as_str().unwrap().to_owned();
    assert!(new.starts_with("PL-2025-07-000004-"), "{new}");
    let new_view = desk.ok(&["voucher", "show", &new, "--json"]).json();
    assert_eq!(new_view["replaces"], issued[1].as_str());
    assert_eq!(new_view["beneficiary"], old["beneficiary"]);
    assert_eq!(new_view["status"], "issued");
    assert!(pdf_text(&pdf).contains(&new));
    assert_qpdf_ok(&pdf);

    // Reprint: marked DUPLICATA; a voided voucher is not reprinted.
    let dup = desk.pdf("dup.pdf");
    desk.ok(&["reprint", &issued[2], "--pdf", &dup]);
    let text = pdf_text(&dup);
    assert!(text.contains("DUPLICATA"));
    assert!(text.contains(&issued[2]));
    assert_qpdf_ok(&dup);
    let voided = desk.run(&["reprint", &issued[1], "--pdf", &desk.pdf("no.pdf")]);
    assert_eq!(voided.code, 1);
    assert!(voided.stderr.contains(&new), "{}", voided.stderr);
}

#[test]
fn an_unwritable_pdf_path_loses_no_voucher() {
    let desk = Desk::new();
    let nowhere = desk.dir.path().join("missing-folder").join("kits.pdf");
    let run = desk.run(&[
        "issue",
        "--household",
        "F-07-000001",
        "--scheme",
        "KS",
        "--on",
        "2025-08-27",
        "--pdf",
        &nowhere.to_string_lossy(),
        "--json",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("émis"), "{}", run.stderr);
    assert!(run.stderr.contains("guichet reprint"), "{}", run.stderr);
    let issued = numbers(&run);
    assert_eq!(issued.len(), 3);
    // At the kit distribution, the Lire à Rueil chèques go with the kits: both schemes at once.
    let both = desk.ok(&[
        "issue",
        "--household",
        "F-07-000001",
        "--scheme",
        "LR",
        "--scheme",
        "PL",
        "--on",
        "2025-08-27",
        "--pdf",
        &desk.pdf("lr-pl.pdf"),
        "--json",
    ]);
    assert_eq!(numbers(&both).len(), 6);
    assert_eq!(pdf_pages(&desk.pdf("lr-pl.pdf")), 6);
    for n in &issued {
        let shown = desk.ok(&["voucher", "show", n, "--json"]).json();
        assert_eq!(shown["status"], "issued");
    }
    let pdf = desk.pdf("kit.pdf");
    desk.ok(&["reprint", &issued[0], "--pdf", &pdf]);
    let text = pdf_text(&pdf);
    assert!(text.contains(&issued[0]) && text.contains("DUPLICATA"));
    // No temporary file left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(desk.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_campaign_issues_for_the_whole_case_file_in_one_pdf() {
    let desk = Desk::new();
    desk.ok(&["import", &fixture("rousseau-rsa.json")]);
    let pdf = desk.pdf("campaign.pdf");
    let run = desk.ok(&[
        "campaign",
        "--scheme",
        "KS",
        "--year",
        "2025",
        "--on",
        "2025-08-27",
        "--pdf",
        &pdf,
        "--json",
    ]);
    let issued = numbers(&run);
    assert_eq!(
        issued,
        [
            "KS-2025-07-000001-19",
            "KS-2025-07-000002-16",
            "KS-2025-07-000003-13"
        ]
    );
    assert_eq!(pdf_pages(&pdf), 3);
    let text = pdf_text(&pdf);
    for n in &issued {
        assert!(text.contains(n), "{n}");
    }
    assert_qpdf_ok(&pdf);
    // Nobody left: refused, and the PDF is not rewritten.
    let again = desk.run(&[
        "campaign",
        "--scheme",
        "KS",
        "--year",
        "2025",
        "--on",
        "2025-08-28",
        "--pdf",
        &desk.pdf("again.pdf"),
    ]);
    assert_eq!(again.code, 1);
    assert!(!Path::new(&desk.pdf("again.pdf")).exists());
}

#[test]
fn the_qf_attestation_of_a_saved_qf() {
    let desk = Desk::new();
    let pdf = desk.pdf("attestation.pdf");
    desk.ok(&[
        "attestation",
        "--household",
        "F-07-000001",
        "--year",
        "2025",
        "--pdf",
        &pdf,
    ]);
    let text = pdf_text(&pdf);
    assert!(text.contains("503,12"), "{text}");
    assert!(text.contains("F-07-000001"));
    assert_qpdf_ok(&pdf);
    let none = desk.run(&[
        "attestation",
        "--household",
        "F-07-000001",
        "--year",
        "2026",
        "--pdf",
        &desk.pdf("none.pdf"),
    ]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("--save"), "{}", none.stderr);
}
