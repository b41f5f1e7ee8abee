//! "Pas un doublon" in the window: a supervisor declares the two persons of a duplicate-person
//! conflict different people (homonyms) from the keyboard; the conflict shows resolved, and the
//! case file's journal holds the resolution that the next sync carries to the central office.

use anyhow::{Context, Result, ensure};
use fantoccini::key::Key;
use guichet_store::{ConflictView, Event, Resolution};
use guichet_tests::{screenshot, scroll_to, wait_for_text, workspace_root};

use super::desk_session::{AGENT, SUPERVISOR, Window, case_file_with_demo, click, press};

const TODAY: &str = "2026-03-10";
const CONFLICT: i64 = 7;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervisor_keeps_homonyms_apart_from_the_keyboard() -> Result<()> {
    let on = guichet_store::parse_today(TODAY)?;
    let dir = tempfile::tempdir()?;
    let mut case_file = case_file_with_demo(dir.path(), 0, on)?;
    // Two Le Goff families, each with a Maël born on 12/05/2017: the second one's parents and
    // elder child have other first names.
    let text = std::fs::read_to_string(
        workspace_root().join("fixtures/households/le-goff-newcomers-mael.json"),
    )?;
    let other = text
        .replace("Gwenaëlle", "Morgane")
        .replace("Yannick", "Erwan")
        .replace("Nolwenn", "Anaïs")
        .replace("8 avenue de Fouilleuse", "3 rue Jean Le Coz");
    case_file.import_request(&text, AGENT)?;
    case_file.import_request(&other, AGENT)?;
    let people = vec!["P-01-000004".to_owned(), "P-01-000008".to_owned()];
    // The central office raised their duplicate at the last sync.
    case_file.save_enrolment("http://127.0.0.1:9", &"ab".repeat(32), None)?;
    case_file.replace_conflicts(&[ConflictView {
        id: CONFLICT,
        kind: "duplicate_person".to_owned(),
        status: "open".to_owned(),
        desks: vec!["01".to_owned()],
        people: people.clone(),
        households: vec!["F-01-000001".to_owned(), "F-01-000002".to_owned()],
        vouchers: vec![],
        resolution: None,
    }])?;
    case_file.checkpoint()?;

    let window = Window::open_as(case_file.path(), TODAY, SUPERVISOR).await?;
    let client = &window.client;
    let outcome = async {
        wait_for_text(client, "#etat-conflits", "1 conflit ouvert").await?;
        click(client, "etat-conflits").await?;
        let conflict = format!("#conflit-{CONFLICT}");
        wait_for_text(client, &conflict, "Maël Le Goff").await?;
        click(client, &format!("resoudre-{CONFLICT}")).await?;
        // The first person has the focus; the last choice keeps them apart.
        press(client, Key::Down).await?;
        press(client, Key::Down).await?;
        wait_for_text(client, "#conflit-valider", "Garder les fiches séparées").await?;
        scroll_to(client, &conflict).await?;
        screenshot(client, "sync-homonyms").await?;
        press(client, Key::Enter).await?;
        wait_for_text(client, &conflict, "Résolu").await?;
        wait_for_text(
            client,
            &conflict,
            "P-01-000004 et P-01-000008 sont des personnes différentes (homonymes)",
        )
        .await?;
        wait_for_text(client, "#etat-conflits", "aucun conflit").await?;
        screenshot(client, "sync-homonyms-resolved").await?;
        Ok(())
    }
    .await;
    window.close(outcome).await?;

    // The resolution waits in the journal for the next sync.
    let case_file = guichet_store::CaseFile::open(case_file.path())?;
    let last = case_file
        .journal_after(0, 10_000)?
        .into_iter()
        .last()
        .context("empty journal")?;
    let event: Event = serde_json::from_value(last.payload.clone())?;
    ensure!(
        matches!(
            &event,
            Event::ConflictResolved {
                conflict: CONFLICT,
                resolution: Resolution::DistinctPersons { people: declared },
                ..
            } if *declared == people
        ),
        "the journal ends with {event:?}"
    );
    Ok(())
}
