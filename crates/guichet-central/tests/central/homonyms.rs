//! "Pas un doublon": two desks register people with the same names and birth dates; a supervisor
//! declares two of them different people (homonyms). Their duplicate conflict closes everywhere,
//! and Pass'Loisirs given to each at their own desk is no double issuance, while the persons not
//! declared different still count as one.

use serde_json::Value;

use crate::support::{Central, Desk, SUPERVISOR, fixture};

/// Registers the Le Goff family on `desk` and saves its QF 2025; returns the household's number.
fn register_le_goff(desk: &Desk) -> String {
    let file = desk.dir.path().join("le-goff.json");
    std::fs::copy(fixture("le-goff-newcomers-mael.json"), &file).unwrap();
    desk.ok(&["import", file.to_str().unwrap()]);
    let household = format!("F-{}-000001", desk.number);
    desk.ok(&[
        "qf",
        "--household",
        &household,
        "--year",
        "2025",
        "--on",
        "2025-10-14",
        "--save",
    ]);
    household
}

fn issue_pass_loisirs(desk: &Desk, household: &str, person: &str) {
    desk.ok(&[
        "issue",
        "--household",
        household,
        "--scheme",
        "PL",
        "--beneficiary",
        person,
        "--pdf",
        &desk.pdf(&format!("pl-{person}.pdf")),
    ]);
}

fn of_kind<'a>(conflicts: &'a Value, kind: &str) -> Vec<&'a Value> {
    conflicts
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .collect()
}

#[test]
fn homonyms_declared_different_people_stay_apart_everywhere() {
    let central = Central::start();
    let ccas = Desk::new("01");
    let outreach = Desk::new("02");
    ccas.enrol(&central, &central.url);
    outreach.enrol(&central, &central.url);
    let at_ccas = register_le_goff(&ccas);
    let at_outreach = register_le_goff(&outreach);
    ccas.sync();
    outreach.sync();
    // The four members are registered twice: four duplicate persons.
    assert_eq!(ccas.sync()["conflicts"], 4);
    let all = central.conflicts();
    let mael = of_kind(&all, "duplicate_person")
        .into_iter()
        .find(|c| c["people"] == serde_json::json!(["P-01-000004", "P-02-000004"]))
        .cloned()
        .unwrap_or_else(|| panic!("no duplicate for Maël in {all:#}"));
    let id = mael["id"].as_i64().unwrap().to_string();

    // All the persons the conflict names, or nothing; and only a supervisor.
    let partial = outreach.run(&[
        "--agent",
        SUPERVISOR,
        "resolve",
        &id,
        "--distinct",
        "P-01-000004",
    ]);
    assert_eq!(partial.code, 1, "{}", partial.stderr);
    assert!(
        partial.stderr.contains("toutes les personnes en cause"),
        "{}",
        partial.stderr
    );
    let by_agent = outreach.run(&["resolve", &id, "--distinct", "P-01-000004,P-02-000004"]);
    assert_eq!(by_agent.code, 1, "{}", by_agent.stdout);
    assert!(
        by_agent.stderr.contains("responsable"),
        "{}",
        by_agent.stderr
    );
    outreach.ok(&[
        "--agent",
        SUPERVISOR,
        "resolve",
        &id,
        "--distinct",
        "P-01-000004,P-02-000004",
    ]);
    assert_eq!(outreach.sync()["conflicts"], 3);
    assert_eq!(ccas.sync()["conflicts"], 3);
    let resolved = central.conflict(&mael["id"]);
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["resolution"]["action"], "distinct_persons");
    assert_eq!(
        resolved["resolution"]["people"],
        serde_json::json!(["P-01-000004", "P-02-000004"])
    );
    assert_eq!(resolved["resolution"]["by"], SUPERVISOR);
    assert!(ccas.conflicts().as_array().unwrap().contains(&resolved));

    // Each desk gives Pass'Loisirs to its own Maël: two children, no double issuance.
    issue_pass_loisirs(&ccas, &at_ccas, "P-01-000004");
    issue_pass_loisirs(&outreach, &at_outreach, "P-02-000004");
    ccas.sync();
    outreach.sync();
    let all = central.conflicts();
    assert!(
        of_kind(&all, "double_issuance").is_empty(),
        "homonyms counted as one: {all:#}"
    );
    // Maël's conflict stays closed although his registration came again with the vouchers' sync,
    // and no new one was raised for him.
    let for_mael = of_kind(&all, "duplicate_person")
        .into_iter()
        .filter(|c| c["people"][0] == "P-01-000004")
        .count();
    assert_eq!(for_mael, 1, "{all:#}");

    // His sister was not declared different: given Pass'Loisirs at both desks, she is one child.
    issue_pass_loisirs(&ccas, &at_ccas, "P-01-000003");
    issue_pass_loisirs(&outreach, &at_outreach, "P-02-000003");
    ccas.sync();
    outreach.sync();
    let all = central.conflicts();
    let double = of_kind(&all, "double_issuance");
    assert_eq!(double.len(), 1, "{all:#}");
    assert_eq!(
        double[0]["people"],
        serde_json::json!(["P-01-000003", "P-02-000003"])
    );
}
