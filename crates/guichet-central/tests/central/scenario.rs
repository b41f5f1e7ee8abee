//! Scenario D: two desks, offline, give Pass'Loisirs to the same child (registered as "Maël" at
//! one desk and "Mael" at the other); both sync; the conflict shows on both; a supervisor voids
//! one voucher; after sync, both desks and the central office agree.

use serde_json::Value;

use crate::support::{Central, Desk, SUPERVISOR, fixture};

/// Registers the Le Goff family on `desk` (with `maël` as the child's first name), saves its QF
/// 2025 and issues Pass'Loisirs 2025 to Maël; returns the voucher's number.
fn offline_pass_loisirs(desk: &Desk, mael: &str) -> String {
    let text = std::fs::read_to_string(fixture("le-goff-newcomers-mael.json"))
        .unwrap()
        .replace("\"Maël\"", &format!("\"{mael}\""));
    let file = desk.dir.path().join("le-goff.json");
    std::fs::write(&file, text).unwrap();
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
    // Maël is the second child, the fourth person registered.
    let mael_number = format!("P-{}-000004", desk.number);
    let issued = desk
        .ok(&[
            "issue",
            "--household",
            &household,
            "--scheme",
            "PL",
            "--beneficiary",
            &mael_number,
            "--pdf",
            &desk.pdf("pl.pdf"),
            "--json",
        ])
        .json();
    issued["issued"][0]["number"].as_str().unwrap().to_owned()
}

fn double_issuance(conflicts: &Value) -> Value {
    conflicts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "double_issuance")
        .cloned()
        .unwrap_or_else(|| panic!("no double issuance in {conflicts:#}"))
}

#[test]
fn same_child_given_pass_loisirs_at_two_offline_desks_is_one_conflict_resolved_everywhere() {
    let central = Central::start();
    let ccas = Desk::new("01");
    let outreach = Desk::new("02");
    // Both work offline: nothing is enrolled yet.
    let first = offline_pass_loisirs(&ccas, "Mael");
    let second = offline_pass_loisirs(&outreach, "Maël");
    ccas.enrol(&central, &central.url);
    outreach.enrol(&central, &central.url);

    let synced = ccas.sync();
    assert_eq!(synced["pending"], 0, "{synced}");
    assert_eq!(synced["conflicts"], 0, "{synced}");
    let synced = outreach.sync();
    assert_eq!(synced["pending"], 0);
    // The four members are duplicates (Maël/Mael included), and Maël got PL twice.
    assert_eq!(synced["conflicts"], 5, "{synced}");
    let synced = ccas.sync();
    assert_eq!(synced["conflicts"], 5, "{synced}");
    assert!(synced["pulled"].as_i64().unwrap() > 0);

    let at_central = double_issuance(&central.conflicts());
    assert_eq!(at_central["status"], "open");
    assert_eq!(at_central["desks"], serde_json::json!(["01", "02"]));
    let mut vouchers = vec![first.clone(), second.clone()];
    vouchers.sort();
    assert_eq!(at_central["vouchers"], serde_json::json!(vouchers));
    assert_eq!(
        at_central["people"],
        serde_json::json!(["P-01-000004", "P-02-000004"])
    );
    let mael = central
        .conflicts()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "duplicate_person" && c["people"][0] == "P-01-000004")
        .cloned();
    assert!(mael.is_some(), "Maël and Mael are one person");
    for desk in [&ccas, &outreach] {
        assert_eq!(double_issuance(&desk.conflicts()), at_central);
    }

    // A supervisor at the outreach desk voids the second voucher; an agent may not.
    let id = at_central["id"].as_i64().unwrap().to_string();
    let refused = outreach.run(&["resolve", &id, "--void", &second, "--reason", "doublon"]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert!(refused.stderr.contains("responsable"), "{}", refused.stderr);
    outreach.ok(&[
        "--agent",
        SUPERVISOR,
        "resolve",
        &id,
        "--void",
        &second,
        "--reason",
        "doublon : déjà servi au CCAS",
    ]);
    let shown = outreach.ok(&["voucher", "show", &second, "--json"]).json();
    assert_eq!(shown["status"], "voided");
    assert_eq!(outreach.sync()["conflicts"], 4);
    assert_eq!(ccas.sync()["conflicts"], 4);

    let at_central = double_issuance(&central.conflicts());
    assert_eq!(at_central["status"], "resolved");
    assert_eq!(at_central["resolution"]["action"], "void_voucher");
    assert_eq!(at_central["resolution"]["voucher"], second.as_str());
    assert_eq!(at_central["resolution"]["desk"], "02");
    assert_eq!(at_central["resolution"]["by"], SUPERVISOR);
    for desk in [&ccas, &outreach] {
        assert_eq!(double_issuance(&desk.conflicts()), at_central);
    }
    // The CCAS desk knows the outreach voucher is voided, and its own one stands.
    let (status, reason): (String, String) = ccas
        .sql()
        .query_row(
            "SELECT status, void_reason FROM vouchers WHERE number = ?1",
            [&second],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "voided");
    assert_eq!(reason, "doublon : déjà servi au CCAS");
    let own = ccas.ok(&["voucher", "show", &first, "--json"]).json();
    assert_eq!(own["status"], "issued");

    // Maël and Mael are merged by the CCAS supervisor: that conflict closes on both sides too.
    let mael = central
        .conflicts()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "duplicate_person" && c["people"][0] == "P-01-000004")
        .cloned()
        .unwrap();
    let mael_id = mael["id"].as_i64().unwrap().to_string();
    ccas.ok(&[
        "--agent",
        SUPERVISOR,
        "resolve",
        &mael_id,
        "--keep",
        "P-01-000004",
        "--merged",
        "P-02-000004",
    ]);
    assert_eq!(ccas.sync()["conflicts"], 3);
    assert_eq!(outreach.sync()["conflicts"], 3);
    let merged = central.conflict(&mael["id"]);
    assert_eq!(merged["status"], "resolved");
    assert_eq!(merged["resolution"]["action"], "merge_persons");
    assert_eq!(merged["resolution"]["merged"], "P-02-000004");
    assert!(outreach.conflicts().as_array().unwrap().contains(&merged));

    // The central office lists both desks, all their events, and the conflicts left open.
    let desks = central.ok(&["desks", "--json"]).json();
    for d in desks["desks"].as_array().unwrap() {
        assert_eq!(d["events"], d["last_seq"]);
        assert_eq!(d["open_conflicts"], 3);
        assert!(d["last_contact"].is_string());
    }
    // Resolving it again is refused, and nothing is journaled twice.
    let again = outreach.run(&[
        "--agent", SUPERVISOR, "resolve", &id, "--void", &second, "--reason", "x",
    ]);
    assert_eq!(again.code, 1);
    assert_eq!(outreach.sync()["pending"], 0);
}

#[test]
fn a_supervisor_voids_another_desks_voucher_and_that_desk_applies_it_at_its_sync() {
    let central = Central::start();
    let ccas = Desk::new("01");
    let outreach = Desk::new("02");
    ccas.enrol(&central, &central.url);
    outreach.enrol(&central, &central.url);
    let first = offline_pass_loisirs(&ccas, "Maël");
    let second = offline_pass_loisirs(&outreach, "Maël");
    ccas.sync();
    outreach.sync();
    ccas.sync();
    let conflict = double_issuance(&ccas.conflicts());
    let id = conflict["id"].as_i64().unwrap().to_string();
    // At the CCAS, the supervisor voids the outreach desk's voucher.
    ccas.ok(&[
        "--agent", SUPERVISOR, "resolve", &id, "--void", &second, "--reason", "doublon",
    ]);
    assert_eq!(
        double_issuance(&ccas.conflicts())["status"],
        "resolved",
        "resolved at once on the resolving desk"
    );
    ccas.sync();
    assert_eq!(double_issuance(&central.conflicts())["status"], "resolved");
    // Before its sync the outreach desk still shows its voucher issued; after, voided.
    let before = outreach.ok(&["voucher", "show", &second, "--json"]).json();
    assert_eq!(before["status"], "issued");
    outreach.sync();
    let after = outreach.ok(&["voucher", "show", &second, "--json"]).json();
    assert_eq!(after["status"], "voided");
    assert_eq!(
        after["void_reason"],
        format!("doublon (conflit n° {id})").as_str()
    );
    let own = ccas.ok(&["voucher", "show", &first, "--json"]).json();
    assert_eq!(own["status"], "issued");
    let agreed = double_issuance(&central.conflicts());
    assert_eq!(agreed["resolution"]["desk"], "01");
    for desk in [&ccas, &outreach] {
        assert_eq!(double_issuance(&desk.conflicts()), agreed);
    }
    // Voiding it again from the CCAS is refused: it is no longer issued.
    let again = ccas.run(&[
        "--agent", SUPERVISOR, "resolve", &id, "--void", &second, "--reason", "x",
    ]);
    assert_eq!(again.code, 1);
}
