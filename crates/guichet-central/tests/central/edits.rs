//! Concurrent edits: a household edited at a desk that had not pulled another desk's edit of it
//! becomes a conflict; an edit made after pulling does not; a supervisor keeps one version.

use guichet_store::{CaseFile, HouseholdFields};
use guichet_sync::wire::{PROTOCOL, PushBatch, WireEvent};
use guichet_sync::{Client, ClientOptions};

use crate::support::{Central, Desk, SUPERVISOR, fixture};

fn client_of(desk: &Desk) -> Client {
    let settings = CaseFile::open(&desk.case_file)
        .unwrap()
        .sync_settings()
        .unwrap()
        .unwrap();
    Client::new(
        &settings.central,
        Some(&settings.token),
        ClientOptions::default(),
    )
}

/// Desk `desk` sends, as its next event, an edit of `household` made when it had pulled up to
/// `pulled_up_to`: the central office's detection alone, whatever the desk's cursor. (Real desks
/// editing each other's households: `remote_households.rs`.)
fn edit_from(desk: &Desk, household: &str, pulled_up_to: i64) {
    let client = client_of(desk);
    let status = client.status().unwrap();
    let number: u8 = desk.number.parse().unwrap();
    let mut event = WireEvent {
        desk: number,
        seq: status.highest_seq + 1,
        prev_hash: status.last_hash,
        hash: String::new(),
        event: "household_updated".to_owned(),
        household: Some(household.to_owned()),
        agent: format!("Agent {}", desk.number),
        recorded_at: "2025-11-20T10:00:00.000Z".to_owned(),
        payload: serde_json::json!({"type": "household_updated", "household": household})
            .to_string(),
    };
    event.hash = event.computed_hash();
    client
        .push(&PushBatch {
            protocol: PROTOCOL,
            desk: number,
            pulled_up_to,
            events: vec![event],
        })
        .unwrap();
}

fn concurrent_edits(central: &Central) -> Vec<serde_json::Value> {
    central
        .conflicts()
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "concurrent_edit")
        .cloned()
        .collect()
}

#[test]
fn a_household_edited_on_two_desks_between_syncs_is_a_conflict_until_one_version_is_kept() {
    let central = Central::start();
    let home = Desk::new("10");
    home.ok(&["import", fixture("rousseau-rsa.json").to_str().unwrap()]);
    home.enrol(&central, &central.url);
    let other = Desk::new("11");
    other.enrol(&central, &central.url);
    home.sync();
    // Desk 11 pulls the registration: its cursor now covers it.
    other.sync();
    let seen: i64 = other
        .sql()
        .query_row("SELECT pull_cursor FROM sync_settings", [], |r| r.get(0))
        .unwrap();
    assert!(seen > 0);
    // An edit made after pulling everything: no conflict.
    edit_from(&other, "F-10-000001", seen);
    assert!(concurrent_edits(&central).is_empty());

    // The home desk edits the household; desk 11 edits it too before pulling that edit.
    {
        let mut case = CaseFile::open(&home.case_file).unwrap();
        let mut fields = HouseholdFields::of(&case.household("F-10-000001").unwrap());
        fields.address.line = "12 rue des Bons Enfants".to_owned();
        case.update_household("F-10-000001", &fields, "Agent 10")
            .unwrap();
    }
    home.sync();
    edit_from(&other, "F-10-000001", seen);
    let raised = concurrent_edits(&central);
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0]["desks"], serde_json::json!(["10", "11"]));
    assert_eq!(raised[0]["households"], serde_json::json!(["F-10-000001"]));
    assert_eq!(raised[0]["status"], "open");

    // A supervisor at the home desk keeps its version.
    assert_eq!(home.sync()["conflicts"], 1);
    let id = raised[0]["id"].as_i64().unwrap().to_string();
    let wrong = home.run(&[
        "--agent",
        SUPERVISOR,
        "resolve",
        &id,
        "--void",
        "PL-2025-10-000001-07",
        "--reason",
        "x",
    ]);
    assert_eq!(wrong.code, 1, "{}", wrong.stdout);
    home.ok(&[
        "--agent",
        SUPERVISOR,
        "resolve",
        &id,
        "--keep-desk",
        "10",
        "--household",
        "F-10-000001",
    ]);
    assert_eq!(home.sync()["conflicts"], 0);
    let resolved = &concurrent_edits(&central)[0];
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["resolution"]["action"], "keep_household");
    assert_eq!(resolved["resolution"]["desk"], "10");
    // Desk 11 (whose edits were written by hand here, so its case file cannot sync them) is
    // served the same resolved conflict.
    let at_other = client_of(&other).conflicts().unwrap().conflicts;
    assert_eq!(serde_json::to_value(&at_other[0]).unwrap(), *resolved);
}
