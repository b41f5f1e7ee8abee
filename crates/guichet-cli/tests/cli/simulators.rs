//! The simulators: `qf`, `documents`, `eligibility` with `--file`, no case file.

use crate::support::{guichet, write};

const MARTIN: &str = r#"{
  "format": "guichet.household/1", "reference": "WEB-2025-000123", "channel": "online", "site": "CCAS",
  "received_on": "2024-11-04",
  "address": { "line": "12 rue Jean Jaurès", "postcode": "92500", "city": "Rueil-Malmaison", "department_since": "2019-05-01" },
  "adults": [ { "id": "a1", "last_name": "Martin", "first_name": "Éléonore", "birth_date": "1986-03-02", "minima_sociaux": ["rsa"] } ],
  "children": [ { "id": "c1", "last_name": "Martin", "first_name": "Léo", "birth_date": "2014-09-10", "residence": "full", "schooled": true } ],
  "documents": [
    { "kind": "identity", "holder": "a1", "issued_on": "2020-01-06", "expires_on": "2030-01-05" },
    { "kind": "tax_notice", "holders": ["a1"], "issued_on": "2024-07-25", "income_year": 2023, "reference_tax_income_cents": 1845600, "parts": 2.0, "income_tax_cents": 0 },
    { "kind": "proof_of_address", "issued_on": "2024-10-02", "postcode": "92500" },
    { "kind": "benefits_certificate", "issued_on": "2024-10-15", "monthly_family_benefits_cents": 14500, "minima_sociaux": ["rsa"] },
    { "kind": "family_record" }
  ]
}"#;

#[test]
fn qf_simulator_prints_the_documented_keys() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "martin.json", MARTIN);
    let run = guichet(&[
        "qf",
        "--file",
        &file,
        "--year",
        "2025",
        "--on",
        "2024-11-15",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = run.json();
    assert_eq!(v["year"], 2025);
    assert_eq!(v["parts"], 2.5);
    assert_eq!(v["reference_tax_income_cents"], 1_845_600);
    assert_eq!(v["monthly_benefits_cents"], 14_500);
    assert_eq!(v["qf_cents"], 67_320);
    assert_eq!(v["tranche"], 3);
    assert_eq!(v["complete"], true);
    assert_eq!(
        v["lines"][0],
        "Revenu fiscal de référence 2023 : 18 456,00 € (avis d'Éléonore Martin)"
    );
}

#[test]
fn documents_simulator_names_people_by_request_ids() {
    let dir = tempfile::tempdir().unwrap();
    // Three months later the proof of address and the CAF attestation have expired.
    let file = write(dir.path(), "martin.json", MARTIN);
    let run = guichet(&[
        "documents",
        "--file",
        &file,
        "--year",
        "2025",
        "--on",
        "2025-02-15",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = run.json();
    assert_eq!(v["procedure"], "qf");
    assert_eq!(v["complete"], false);
    let items = v["items"].as_array().unwrap();
    let find = |kind: &str| items.iter().find(|i| i["kind"] == kind).unwrap();
    assert_eq!(find("identity")["holder"], "a1");
    assert_eq!(find("identity")["status"], "valid");
    assert_eq!(find("proof_of_address")["holder"], serde_json::Value::Null);
    assert_eq!(find("proof_of_address")["status"], "expired");
    assert_eq!(find("benefits_certificate")["status"], "expired");
    assert!(
        find("proof_of_address")["reason"]
            .as_str()
            .unwrap()
            .contains("02/10/2024")
    );

    let cl = guichet(&[
        "documents",
        "--file",
        &file,
        "--year",
        "2025",
        "--on",
        "2024-11-15",
        "--procedure",
        "CL",
        "--json",
    ])
    .json();
    assert_eq!(cl["procedure"], "CL");
    assert_eq!(cl["complete"], true, "{cl}");
}

#[test]
fn eligibility_simulator_lists_rights_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "martin.json", MARTIN);
    let v = guichet(&[
        "eligibility",
        "--file",
        &file,
        "--year",
        "2025",
        "--on",
        "2025-03-10",
        "--json",
    ])
    .json();
    assert_eq!(v["year"], 2025);
    // In March the October CAF attestation is over 3 months old: benefits count 0, and the QF is
    // 18 456,00 € / 12 / 2,5 = 615,20 €, tranche 2.
    assert_eq!(v["tranche"], 2);
    let rights: Vec<(String, String, serde_json::Value)> = v["entitlements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["scheme"].as_str().unwrap().to_owned(),
                e["beneficiary"].as_str().unwrap().to_owned(),
                e["amount_cents"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rights,
        vec![
            ("PL".to_owned(), "c1".to_owned(), serde_json::json!(8000)),
            ("CL".to_owned(), "a1".to_owned(), serde_json::json!(8000)),
        ]
    );
    let refusals = v["refusals"].as_array().unwrap();
    assert!(
        refusals
            .iter()
            .any(|r| r["scheme"] == "KS" && r["beneficiary"] == "c1")
    );
    assert!(
        refusals
            .iter()
            .all(|r| !r["reason"].as_str().unwrap().is_empty())
    );
}

#[test]
fn bad_requests_exit_non_zero_naming_field_and_person_and_print_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("malformed.json", "{ \"format\": ", "JSON valide"),
        (
            "date.json",
            &MARTIN.replace("2014-09-10", "2019-02-30"),
            "enfant c1 (Léo Martin) : champ « birth_date »",
        ),
        (
            "amount.json",
            &MARTIN.replace("14500", "\"145,00\""),
            "monthly_family_benefits_cents",
        ),
        (
            "negative.json",
            &MARTIN.replace("1845600", "-1"),
            "reference_tax_income_cents",
        ),
        (
            "unknown.json",
            &MARTIN
                .replace("\"couple\"", "\"coupel\"")
                .replace("\"children\"", "\"enfants\""),
            "« enfants »",
        ),
        (
            "holder.json",
            &MARTIN.replace("\"holder\": \"a1\"", "\"holder\": \"a7\""),
            "« a7 » n'existe pas",
        ),
    ];
    for (name, text, expected) in cases {
        let file = write(dir.path(), name, text);
        for command in ["qf", "documents", "eligibility"] {
            let run = guichet(&[
                command,
                "--file",
                &file,
                "--year",
                "2025",
                "--on",
                "2024-11-15",
                "--json",
            ]);
            assert_eq!(run.code, 1, "{command} {name}: {}", run.stderr);
            assert!(
                run.stdout.is_empty(),
                "{command} {name} printed {}",
                run.stdout
            );
            assert!(
                run.stderr.contains(expected),
                "{command} {name}: {}",
                run.stderr
            );
            assert!(
                !run.stderr.contains("panicked"),
                "{command} {name}: {}",
                run.stderr
            );
        }
    }
    let missing = guichet(&[
        "qf",
        "--file",
        "/nonexistent/x.json",
        "--year",
        "2025",
        "--on",
        "2024-11-15",
    ]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("lecture impossible"));
    let no_year = guichet(&[
        "qf",
        "--file",
        &write(dir.path(), "ok.json", MARTIN),
        "--year",
        "1990",
        "--on",
        "2024-11-15",
    ]);
    assert_eq!(no_year.code, 1);
    assert!(
        no_year
            .stderr
            .contains("pas de données de référence pour 1990"),
        "{}",
        no_year.stderr
    );
}
