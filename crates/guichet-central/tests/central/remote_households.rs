//! Other desks' households on this desk: a household registered at one desk is found, opened and
//! edited at another after a sync; edits on both desks between syncs are a concurrent edit that a
//! supervisor settles by keeping one desk's version, after which every desk holds that version; a
//! QF and a voucher of one desk count at the other.

use guichet_store::{CaseFile, HouseholdFields};
use serde_json::Value;

use crate::support::{Central, Desk, SUPERVISOR, fixture};

fn set_address(desk: &Desk, household: &str, line: &str) {
    let mut case = CaseFile::open(&desk.case_file).unwrap();
    let mut fields = HouseholdFields::of(&case.household(household).unwrap());
    fields.address.line = line.to_owned();
    case.update_household(household, &fields, &format!("Agent {}", desk.number))
        .unwrap();
}

fn address(desk: &Desk, household: &str) -> String {
    CaseFile::open(&desk.case_file)
        .unwrap()
        .household(household)
        .unwrap()
        .address
        .line
}

fn concurrent_edits(conflicts: &Value) -> Vec<Value> {
    conflicts
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "concurrent_edit")
        .cloned()
        .collect()
}

#[test]
fn household_of_another_desk_is_found_edited_and_a_kept_version_settles_both_desks() {
    let central = Central::start();
    let ccas = Desk::new("01");
    let town_hall = Desk::new("02");
    ccas.ok(&["import", fixture("rousseau-rsa.json").to_str().unwrap()]);
    ccas.enrol(&central, &central.url);
    town_hall.enrol(&central, &central.url);
    ccas.sync();
    town_hall.sync();

    // The town hall finds the CCAS's household by name and opens it.
    let found = town_hall.ok(&["search", "Rousseau", "--json"]).json();
    assert!(
        found.to_string().contains("F-01-000001"),
        "search at desk 02: {found}"
    );
    let shown = town_hall.ok(&["show", "F-01-000001", "--json"]).json();
    assert_eq!(shown["number"], "F-01-000001", "{shown}");
    // Its history says who registered it, where.
    let first = &shown["history"][0];
    assert_eq!(first["event"], "household_registered", "{shown}");
    assert_eq!(first["agent"], "Agent 01 (guichet 01)", "{shown}");

    let original = address(&ccas, "F-01-000001");
    assert_eq!(address(&town_hall, "F-01-000001"), original);

    // Both edit it before seeing the other's edit.
    set_address(&town_hall, "F-01-000001", "3 place de la Mairie");
    set_address(&ccas, "F-01-000001", "12 rue des Bons Enfants");
    ccas.sync();
    town_hall.sync();
    ccas.sync();
    let at_central = concurrent_edits(&central.conflicts());
    assert_eq!(at_central.len(), 1, "{at_central:?}");
    assert_eq!(at_central[0]["status"], "open");
    assert_eq!(at_central[0]["desks"], serde_json::json!(["01", "02"]));
    assert_eq!(
        at_central[0]["households"],
        serde_json::json!(["F-01-000001"])
    );
    for desk in [&ccas, &town_hall] {
        assert_eq!(concurrent_edits(&desk.conflicts()), at_central);
    }
    // Each desk applied the other's edit last: they disagree until the conflict is settled.
    assert_eq!(address(&ccas, "F-01-000001"), "3 place de la Mairie");
    assert_eq!(
        address(&town_hall, "F-01-000001"),
        "12 rue des Bons Enfants"
    );

    // A supervisor at the town hall keeps the CCAS's version.
    let id = at_central[0]["id"].as_i64().unwrap().to_string();
    town_hall.ok(&[
        "--agent",
        SUPERVISOR,
        "resolve",
        &id,
        "--keep-desk",
        "01",
        "--household",
        "F-01-000001",
    ]);
    assert_eq!(
        address(&town_hall, "F-01-000001"),
        "12 rue des Bons Enfants"
    );
    town_hall.sync();
    ccas.sync();
    town_hall.sync();

    let at_central = concurrent_edits(&central.conflicts());
    assert_eq!(at_central.len(), 1, "no new conflict: {at_central:?}");
    assert_eq!(at_central[0]["status"], "resolved");
    assert_eq!(at_central[0]["resolution"]["action"], "keep_household");
    assert_eq!(at_central[0]["resolution"]["desk"], "02");
    for desk in [&ccas, &town_hall] {
        assert_eq!(concurrent_edits(&desk.conflicts()), at_central);
        assert_eq!(address(desk, "F-01-000001"), "12 rue des Bons Enfants");
        assert_eq!(desk.sync()["pending"], 0);
    }
    // The household reads the same on both desks, its people included.
    let household = |desk: &Desk| {
        let case = CaseFile::open(&desk.case_file).unwrap();
        serde_json::to_value(case.household("F-01-000001").unwrap()).unwrap()
    };
    assert_eq!(household(&ccas), household(&town_hall));

    // Each desk's history shows both desks' edits, and lines pulled from the other desk never
    // share a number with this desk's own (the window keys the lines by it).
    for desk in [&ccas, &town_hall] {
        let shown = desk.ok(&["show", "F-01-000001", "--json"]).json();
        let history = shown["history"].as_array().unwrap();
        let agents: Vec<&str> = history.iter().filter_map(|h| h["agent"].as_str()).collect();
        assert!(
            agents.iter().any(|a| a.starts_with("Agent 01")),
            "{agents:?}"
        );
        assert!(
            agents.iter().any(|a| a.starts_with("Agent 02")),
            "{agents:?}"
        );
        let mut seqs: Vec<i64> = history.iter().map(|h| h["seq"].as_i64().unwrap()).collect();
        seqs.sort_unstable();
        seqs.dedup();
        assert_eq!(seqs.len(), history.len(), "{shown}");
    }
}

#[test]
fn qf_and_pass_loisirs_of_one_desk_count_at_the_other() {
    let central = Central::start();
    let ccas = Desk::new("01");
    let town_hall = Desk::new("02");
    ccas.enrol(&central, &central.url);
    town_hall.enrol(&central, &central.url);
    ccas.ok(&[
        "import",
        fixture("le-goff-newcomers-mael.json").to_str().unwrap(),
    ]);
    ccas.ok(&[
        "qf",
        "--household",
        "F-01-000001",
        "--year",
        "2025",
        "--on",
        "2025-10-14",
        "--save",
    ]);
    let issued = ccas
        .ok(&[
            "issue",
            "--household",
            "F-01-000001",
            "--scheme",
            "PL",
            "--beneficiary",
            "P-01-000004",
            "--pdf",
            &ccas.pdf("pl.pdf"),
            "--json",
        ])
        .json();
    let number = issued["issued"][0]["number"].as_str().unwrap().to_owned();
    ccas.sync();
    assert!(town_hall.sync()["pulled"].as_i64().unwrap() > 0);

    // The QF saved at the CCAS is the household's QF at the town hall.
    let at_ccas = CaseFile::open(&ccas.case_file)
        .unwrap()
        .saved_qf("F-01-000001", 2025)
        .unwrap()
        .unwrap();
    let at_town_hall = CaseFile::open(&town_hall.case_file)
        .unwrap()
        .saved_qf("F-01-000001", 2025)
        .unwrap()
        .expect("the QF saved at desk 01 is seen at desk 02");
    assert_eq!(at_town_hall.qf_cents, at_ccas.qf_cents);
    assert_eq!(at_town_hall.tranche, at_ccas.tranche);

    // The voucher is there, and a second Pass'Loisirs 2025 for Maël is refused.
    let shown = town_hall.ok(&["voucher", "show", &number, "--json"]).json();
    assert_eq!(shown["status"], "issued", "{shown}");
    let second = town_hall.run(&[
        "issue",
        "--household",
        "F-01-000001",
        "--scheme",
        "PL",
        "--beneficiary",
        "P-01-000004",
        "--pdf",
        &town_hall.pdf("pl.pdf"),
        "--json",
    ]);
    assert_ne!(second.code, 0, "{}", second.stdout);
    assert!(second.stderr.contains(&number), "{}", second.stderr);
    let vouchers: i64 = town_hall
        .sql()
        .query_row("SELECT COUNT(*) FROM vouchers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(vouchers, 1);
}
