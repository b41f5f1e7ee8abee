//! The case-file commands: init, agent add, import, search, show, qf --household [--save].

use std::path::{Path, PathBuf};

use crate::support::{guichet_in, write};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn household_file(name: &str) -> String {
    fixtures()
        .join("households")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A new case file for desk 07 with an agent and a supervisor.
fn new_case_file(dir: &Path) -> PathBuf {
    let path = dir.join("guichet.sqlite");
    let run = guichet_in(
        Some(&path),
        &[
            "init",
            "--desk",
            "07",
            "--agent",
            "Claire Dubois",
            "--supervisor",
            "Marc Petit",
            "--site",
            "CCAS",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    path
}

#[test]
fn import_is_all_or_nothing_per_file_and_reports_json() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case_file(dir.path());
    let bad = write(
        dir.path(),
        "bad.json",
        &std::fs::read_to_string(household_file("rousseau-rsa.json"))
            .unwrap()
            .replace("\"2016-10-05\"", "\"2016-02-30\""),
    );
    let good = household_file("rousseau-rsa.json");
    let other = household_file("benali-shared-residence.json");
    let run = guichet_in(Some(&case), &["import", &good, &bad, &other, "--json"]);
    assert_eq!(run.code, 1, "a failed file makes the exit status non-zero");
    let v = run.json();
    let imported = v["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 2);
    assert_eq!(imported[0]["file"], good);
    assert_eq!(imported[0]["reference"], "WEB-2025-004812");
    assert_eq!(imported[0]["household"], "F-07-000001");
    assert_eq!(imported[1]["household"], "F-07-000002");
    let failed = v["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["file"], bad);
    assert!(
        failed[0]["error"].as_str().unwrap().contains("2016-02-30"),
        "{}",
        failed[0]["error"]
    );

    // The bad file wrote nothing: the next number is 3, and Rousseau's twin file was not made.
    let again = guichet_in(Some(&case), &["import", &good, "--json"]);
    assert_eq!(again.code, 1);
    let v = again.json();
    assert!(
        v["failed"][0]["error"]
            .as_str()
            .unwrap()
            .contains("F-07-000001"),
        "names the existing file: {v}"
    );
    let next = guichet_in(
        Some(&case),
        &["import", &household_file("lemaire-twins.json"), "--json"],
    )
    .json();
    assert_eq!(next["imported"][0]["household"], "F-07-000003");
}

#[test]
fn search_finds_households_whatever_the_accents() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case_file(dir.path());
    let files: Vec<String> = [
        "le-goff-newcomers-mael.json",
        "lefevre-amethyste-senior.json",
        "rousseau-rsa.json",
    ]
    .iter()
    .map(|f| household_file(f))
    .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    assert_eq!(guichet_in(Some(&case), &args).code, 0);
    for (query, expected) in [
        ("lefevre", "F-07-000002"),
        ("LEFÈVRE", "F-07-000002"),
        ("mael", "F-07-000001"),
        ("rousseau", "F-07-000003"),
        ("F-07-000003", "F-07-000003"),
    ] {
        let v = guichet_in(Some(&case), &["search", query, "--json"]).json();
        let found: Vec<&str> = v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["household"].as_str().unwrap())
            .collect();
        assert!(found.contains(&expected), "{query}: {found:?}");
    }
    let none = guichet_in(Some(&case), &["search", "benali"]);
    assert_eq!(none.code, 0);
    assert!(none.stdout.contains("Aucun foyer"), "{}", none.stdout);
}

#[test]
fn saving_a_qf_needs_a_complete_checklist_or_a_supervisors_derogation() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case_file(dir.path());
    let imported = guichet_in(
        Some(&case),
        &[
            "import",
            &household_file("garnier-expired-identity.json"),
            &household_file("benali-shared-residence.json"),
            "--json",
        ],
    )
    .json();
    let garnier = imported["imported"][0]["household"]
        .as_str()
        .unwrap()
        .to_owned();
    let benali = imported["imported"][1]["household"]
        .as_str()
        .unwrap()
        .to_owned();

    // Complete: saved, with the documented QF.
    let saved = guichet_in(
        Some(&case),
        &[
            "qf",
            "--household",
            &benali,
            "--year",
            "2026",
            "--on",
            "2025-11-18",
            "--save",
            "--site",
            "Mairie de Buzenval",
            "--json",
        ],
    );
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    let v = saved.json();
    assert_eq!(v["qf_cents"], 121_868);
    assert_eq!(v["tranche"], 5);
    assert_eq!(v["saved"]["site"], "Mairie de Buzenval");
    assert_eq!(v["saved"]["agent"], "Claire Dubois");

    // Incomplete: exit 2, naming what is missing.
    let refused = guichet_in(
        Some(&case),
        &[
            "qf",
            "--household",
            &garnier,
            "--year",
            "2026",
            "--on",
            "2025-10-15",
            "--save",
        ],
    );
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("Pièce d'identité"),
        "{}",
        refused.stderr
    );
    // A derogation by an agent is refused; by a supervisor, recorded.
    let by_agent = guichet_in(
        Some(&case),
        &[
            "qf",
            "--household",
            &garnier,
            "--year",
            "2026",
            "--on",
            "2025-10-15",
            "--save",
            "--derogation",
            "CNI en renouvellement",
        ],
    );
    assert_eq!(by_agent.code, 1);
    assert!(
        by_agent.stderr.contains("responsable"),
        "{}",
        by_agent.stderr
    );
    let by_supervisor = guichet_in(
        Some(&case),
        &[
            "--agent",
            "Marc Petit",
            "qf",
            "--household",
            &garnier,
            "--year",
            "2026",
            "--on",
            "2025-10-15",
            "--save",
            "--derogation",
            "CNI en renouvellement",
            "--json",
        ],
    );
    assert_eq!(by_supervisor.code, 0, "{}", by_supervisor.stderr);
    assert_eq!(
        by_supervisor.json()["saved"]["derogation"],
        "CNI en renouvellement"
    );

    // The file shows the saved QF and who saved it.
    let view = guichet_in(
        Some(&case),
        &["show", &benali, "--on", "2025-11-20", "--json"],
    )
    .json();
    assert_eq!(view["number"], benali);
    let qf_2026 = view["qf"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["year"] == 2026)
        .unwrap();
    assert_eq!(qf_2026["saved"]["qf_cents"], 121_868);
    let text = guichet_in(Some(&case), &["show", &benali, "--on", "2025-11-20"]);
    assert!(
        text.stdout.contains("Quotient familial 2026 : 1 218,68 €"),
        "{}",
        text.stdout
    );
}

#[test]
fn agents_are_added_and_an_unknown_agent_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case_file(dir.path());
    let added = guichet_in(
        Some(&case),
        &["agent", "add", "Sophie Martin", "--supervisor"],
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let unknown = guichet_in(
        Some(&case),
        &[
            "--agent",
            "Personne",
            "import",
            &household_file("rousseau-rsa.json"),
        ],
    );
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("Personne"), "{}", unknown.stderr);
    let twice = guichet_in(Some(&case), &["init", "--desk", "07", "--agent", "X"]);
    assert_eq!(twice.code, 1, "a case file is never initialised twice");
}

#[test]
fn init_refuses_a_bad_desk_number_and_demo_fills_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = guichet_in(
        Some(&dir.path().join("x.sqlite")),
        &["init", "--desk", "100", "--agent", "A"],
    );
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("01 à 99"), "{}", bad.stderr);
    let demo = dir.path().join("demo.sqlite");
    let run = guichet_in(
        Some(&demo),
        &["init", "--desk", "03", "--agent", "A", "--demo", "50"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = guichet_in(Some(&demo), &["search", "F-03-000050", "--json"]).json();
    assert_eq!(v["results"][0]["household"], "F-03-000050");
}
