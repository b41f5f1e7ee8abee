//! Scenario E in the window: the agent chooses the night's requests, reads the preview (what each
//! would create, or why it is refused, naming the field and the person), imports them with Enter,
//! and finds the new files among the recent ones on Accueil.
//!
//! The open dialog is answered by `GUICHET_DIALOG_ANSWERS` (see src-tauri's `dialogs`: a dialog
//! choosing several files answers every file of `answers/open/`); what the window must show is asked
//! from the store on a copy of the same case file.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{Context, Result, ensure};
use fantoccini::key::Key;
use guichet_tests::{screenshot, wait_for_text, workspace_root};

use super::desk_session::{AGENT, Window, case_file_with_demo, click, focused_id, press};

const TODAY: &str = "2025-12-05";

fn fixture(path: &str) -> PathBuf {
    workspace_root().join("fixtures").join(path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_previews_and_imports_online_requests() -> Result<()> {
    let on = guichet_store::parse_today(TODAY)?;
    let dir = tempfile::tempdir()?;
    let case_file = case_file_with_demo(dir.path(), 5, on)?;
    let files = [
        fixture("households/rousseau-rsa.json"),
        fixture("households/benali-shared-residence.json"),
        fixture("requests/invalid/child-without-birth-date.json"),
    ];
    // What the store says of each file before anything is imported.
    let refusal = case_file
        .preview_request(&std::fs::read_to_string(&files[2])?)
        .err()
        .context("the invalid request must be refused")?
        .user_message();
    let rousseau = case_file.preview_request(&std::fs::read_to_string(&files[0])?)?;
    let child = rousseau.children.first().context("Rousseau has children")?;

    // The files "chosen" in the open dialog.
    let answers = dir.path().join("answers");
    let chosen = answers.join("open");
    std::fs::create_dir_all(&chosen)?;
    for file in &files {
        let name = file.file_name().context("a fixture has a file name")?;
        std::fs::copy(file, chosen.join(name))?;
    }
    let window = Window::open(
        case_file.path(),
        &[
            ("GUICHET_TODAY", OsString::from(TODAY)),
            ("GUICHET_AGENT", OsString::from(AGENT)),
            ("GUICHET_DIALOG_ANSWERS", answers.into_os_string()),
        ],
    )
    .await?;
    let client = &window.client;
    let outcome = async {
        wait_for_text(client, "#titre-import", "Demandes en ligne").await?;
        click(client, "importer-choisir").await?;

        // The preview: two ready, one refused with the store's own French message.
        wait_for_text(client, "#apercu-titre", "2 demandes prêtes, 1 refusée").await?;
        wait_for_text(client, "#apercu", &refusal).await?;
        wait_for_text(client, "#apercu", &child.full_name()).await?;
        wait_for_text(client, "#apercu", "Benali").await?;
        wait_for_text(client, "#apercu", "avis d'imposition").await?;
        screenshot(client, "import-preview").await?;

        // Enter imports (the focus is on the preview's title).
        press(client, Key::Enter).await?;
        wait_for_text(client, "#import-bilan", "2 demandes importées, 1 refusée").await?;
        wait_for_text(client, "#import-resultats", &refusal).await?;
        screenshot(client, "import-done").await?;

        // The new files are the most recent ones on Accueil.
        wait_for_text(client, "#recents", "Rousseau").await?;
        wait_for_text(client, "#recents", "importée").await?;
        screenshot(client, "home-recent").await?;

        // The same files again: Rousseau's request is now refused, naming its file; Escape
        // cancels the preview and gives the focus back to the button.
        click(client, "importer-termine").await?;
        click(client, "importer-choisir").await?;
        wait_for_text(
            client,
            "#apercu",
            "a déjà été importé (référence WEB-2025-004812)",
        )
        .await?;
        wait_for_text(client, "#apercu-titre", "refusée").await?;
        press(client, Key::Escape).await?;
        wait_for_text(client, "#importer-choisir", "Importer des demandes").await?;
        ensure!(
            focused_id(client).await? == "importer-choisir",
            "Escape did not give the focus back to the import button"
        );
        anyhow::Ok(())
    }
    .await;
    window.close(outcome).await?;

    // The case file holds them: two new households, found by their portal references.
    let case_file = guichet_store::CaseFile::open(case_file.path())?;
    let reference = rousseau.reference.context("Rousseau has a reference")?;
    let number = case_file
        .household_by_reference(&reference)?
        .context("Rousseau imported")?;
    ensure!(case_file.household_count()? == 7, "5 demo + 2 imported");
    let recent = case_file.recent_households(2)?;
    ensure!(
        recent.iter().any(|r| r.household == number),
        "{number} is not among the recent files: {recent:?}"
    );
    Ok(())
}
