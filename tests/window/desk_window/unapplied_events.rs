//! Events pulled from other desks that this desk could not apply: the status bar says how many, and
//! the Synchronisation screen lists them (desk, number, what it did there, why it was not applied),
//! for a supervisor to report to the central office.

use anyhow::{Result, ensure};
use guichet_store::RemoteEvent;
use guichet_tests::{screenshot, scroll_to, wait_for_text};

use super::desk_session::{SUPERVISOR, Window, case_file_with_demo, click};

const TODAY: &str = "2026-03-10";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pulled_event_not_applied_shows_in_the_status_bar_and_is_listed() -> Result<()> {
    let on = guichet_store::parse_today(TODAY)?;
    let dir = tempfile::tempdir()?;
    let mut case_file = case_file_with_demo(dir.path(), 3, on)?;
    // Enrolled with a central office that does not answer (nothing listens on port 9), so the
    // background sync finds it offline and leaves the case file alone.
    case_file.save_enrolment("http://127.0.0.1:9", &"ab".repeat(32), None)?;
    // Desk 07 runs a later version: one of its events is of a kind this version cannot read.
    let page = [RemoteEvent {
        global_seq: 1,
        desk: 7,
        seq: 41,
        event: "household_archived".to_owned(),
        household: Some("F-07-000012".to_owned()),
        agent: "Sophie Bernard".to_owned(),
        recorded_at: "2026-03-09T15:20:00Z".to_owned(),
        payload: r#"{"type":"household_archived","household":"F-07-000012"}"#.to_owned(),
    }];
    ensure!(
        case_file.apply_pulled(&page, 1)? == 1,
        "the page was not kept"
    );
    case_file.checkpoint()?;

    let window = Window::open_as(case_file.path(), TODAY, SUPERVISOR).await?;
    let client = &window.client;
    let outcome = async {
        wait_for_text(client, "#etat-non-appliques", "1 reçu non appliqué").await?;
        click(client, "etat-non-appliques").await?;
        wait_for_text(client, "#synchro-non-appliques", "1 reçu non appliqué").await?;
        let listed =
            wait_for_text(client, "#non-appliques", "Événement n° 41 du guichet 07").await?;
        for expected in [
            "Sophie Bernard",
            "dossier F-07-000012",
            "household_archived",
            "ne sait pas lire",
            "Signalez-les au service central",
        ] {
            ensure!(
                listed.contains(expected),
                "the list does not say {expected:?}:\n{listed}"
            );
        }
        scroll_to(client, "#non-appliques").await?;
        screenshot(client, "sync-unapplied").await?;
        Ok(())
    }
    .await;
    window.close(outcome).await
}
