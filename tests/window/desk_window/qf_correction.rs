//! Quotient familial, a supervisor's correction: a saved QF is never overwritten; correcting it
//! needs a reason (refused beside the field without one, what was typed kept), and the correction
//! is a new decision that the screen and the store both show with its reason.

use anyhow::{Context, Result, ensure};
use fantoccini::{Locator, key::Key};
use guichet_tests::{screenshot, wait_for_text};

use super::desk_session::{
    SUPERVISOR, Window, case_file_with_demo, click, press, press_alt, type_into,
};

const TODAY: &str = "2026-03-10";
const YEAR: i32 = 2026;
const REASON: &str = "Avis d'imposition rectificatif reçu le 09/03/2026";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_corrects_a_saved_qf_with_a_reason() -> Result<()> {
    let on = guichet_store::parse_today(TODAY)?;
    let dir = tempfile::tempdir()?;
    let case_file = case_file_with_demo(dir.path(), 40, on)?;
    let (number, before) = (1..=40)
        .map(|sequence| format!("F-01-{sequence:06}"))
        .find_map(|number| {
            let saved = case_file.saved_qf(&number, YEAR).ok().flatten()?;
            Some((number, saved))
        })
        .context("no demo household has a saved QF 2026")?;
    ensure!(before.correction.is_none(), "a demo QF is not a correction");

    let window = Window::open_as(case_file.path(), TODAY, SUPERVISOR).await?;
    let client = &window.client;
    let outcome = async {
        wait_for_text(client, "#etat-agent", SUPERVISOR).await?;
        type_into(client, "recherche", &number).await?;
        wait_for_text(client, "#resultats", &number).await?;
        press(client, Key::Down).await?;
        press(client, Key::Enter).await?;
        wait_for_text(client, ".file-header", &number).await?;
        press_alt(client, '2').await?;
        wait_for_text(
            client,
            "#qf-enregistre",
            &format!("tranche {}", before.tranche),
        )
        .await?;
        wait_for_text(
            client,
            "#qf-enregistrer-bouton",
            "Enregistrer une correction",
        )
        .await?;

        // Without a reason: refused beside the field, nothing saved, what was typed kept.
        type_into(client, "qf-site", "Mairie annexe").await?;
        click(client, "qf-enregistrer-bouton").await?;
        wait_for_text(
            client,
            "#qf-correction-erreur",
            "indiquez le motif de la correction",
        )
        .await?;
        let site = client
            .find(Locator::Id("qf-site"))
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        ensure!(site == "Mairie annexe", "the site typed was lost: {site:?}");
        let unchanged = case_file.saved_qf(&number, YEAR)?.context("saved QF")?;
        ensure!(
            unchanged.created_at == before.created_at,
            "a refused correction saved something"
        );
        screenshot(client, "qf-correction-refused").await?;

        // With the reason, Enter in the field saves the correction.
        type_into(client, "qf-correction", REASON).await?;
        press(client, Key::Enter).await?;
        wait_for_text(client, "#qf-enregistre", &format!("Correction : {REASON}")).await?;
        wait_for_text(client, "#qf-enregistre", SUPERVISOR).await?;
        wait_for_text(client, "#qf-enregistre", "Mairie annexe").await?;
        screenshot(client, "qf-correction-saved").await?;
        anyhow::Ok(())
    }
    .await;
    window.close(outcome).await?;

    // The store holds a new decision with its reason; the first one is kept in the history.
    let after = case_file.saved_qf(&number, YEAR)?.context("saved QF")?;
    ensure!(after.correction.as_deref() == Some(REASON), "{after:?}");
    ensure!(after.agent == SUPERVISOR && after.site == "Mairie annexe");
    ensure!(after.qf_cents == before.qf_cents && after.tranche == before.tranche);
    let history = case_file.history(&number)?;
    ensure!(
        history.iter().filter(|h| h.event == "qf_saved").count() >= 2,
        "both decisions are in the history: {history:?}"
    );
    Ok(())
}
