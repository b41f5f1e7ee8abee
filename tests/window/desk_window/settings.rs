//! Paramètres in the window: the desk's number (fixed), its site, the case file's path and size;
//! a supervisor adds an agent with the keyboard; a refused name is explained beside the field and
//! stays as typed; a supervisor changes the desk's default site, and the status bar follows.

use anyhow::{Result, ensure};
use fantoccini::{Locator, key::Key};
use guichet_store::{CaseFile, StoreError};
use guichet_tests::{screenshot, wait_for_text};

use super::desk_session::{
    AGENT, SUPERVISOR, Window, case_file_with_demo, click, focused_id, press, press_alt, type_into,
};

const TODAY: &str = "2026-03-10";
const NEW_SITE: &str = "Mairie de Buzenval";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervisor_reads_the_settings_and_adds_an_agent() -> Result<()> {
    let on = guichet_store::parse_today(TODAY)?;
    let dir = tempfile::tempdir()?;
    let case_file = case_file_with_demo(dir.path(), 3, on)?;
    let exists = StoreError::AgentExists(AGENT.to_owned()).user_message();

    let window = Window::open_as(case_file.path(), TODAY, SUPERVISOR).await?;
    let client = &window.client;
    let outcome = async {
        wait_for_text(client, "#etat-agent", "responsable").await?;
        press_alt(client, '3').await?;
        wait_for_text(client, "#parametres-numero", "01").await?;
        wait_for_text(client, "#parametres-guichet", "ne change plus").await?;
        wait_for_text(client, "#parametres-site", "CCAS").await?;
        wait_for_text(client, "#apropos-fichier", "guichet-e2e.sqlite").await?;
        wait_for_text(client, "#apropos-taille", "Ko").await?;
        wait_for_text(client, "#agents", AGENT).await?;
        screenshot(client, "settings").await?;

        // An agent who exists already: refused beside the field, the name kept as typed.
        type_into(client, "agent-nom", AGENT).await?;
        press(client, Key::Enter).await?;
        wait_for_text(client, "#erreur-name", &exists).await?;
        let kept = client
            .find(Locator::Id("agent-nom"))
            .await?
            .prop("value")
            .await?;
        ensure!(
            kept.as_deref() == Some(AGENT),
            "the name typed was lost: {kept:?}"
        );
        ensure!(
            focused_id(client).await? == "agent-nom",
            "focus left the field"
        );
        screenshot(client, "settings-error").await?;

        // A new one, with Enter.
        type_into(client, "agent-nom", "Léa Petit").await?;
        press(client, Key::Enter).await?;
        wait_for_text(client, "#agent-ajoute", "Léa Petit").await?;
        wait_for_text(client, "#agents", "Léa Petit").await?;

        // The default site: an empty one refused beside the field, then the new one with Enter.
        click(client, "site-changer").await?;
        ensure!(
            focused_id(client).await? == "site-nouveau",
            "the site field does not take the focus"
        );
        type_into(client, "site-nouveau", " ").await?;
        press(client, Key::Enter).await?;
        wait_for_text(client, "#erreur-site", "doit être renseigné").await?;
        type_into(client, "site-nouveau", NEW_SITE).await?;
        press(client, Key::Enter).await?;
        wait_for_text(client, "#parametres-site", NEW_SITE).await?;
        wait_for_text(client, "#etat-guichet", NEW_SITE).await?;
        screenshot(client, "settings-site-changed").await?;
        anyhow::Ok(())
    }
    .await;
    window.close(outcome).await?;

    let names: Vec<String> = CaseFile::open(case_file.path())?
        .agents()?
        .into_iter()
        .map(|a| a.name)
        .collect();
    ensure!(names.contains(&"Léa Petit".to_owned()), "{names:?}");
    let reopened = CaseFile::open(case_file.path())?;
    ensure!(reopened.site() == NEW_SITE, "site {:?}", reopened.site());
    Ok(())
}
