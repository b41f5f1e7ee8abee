//! First start on a computer: no case file named, none in the user's data folder. The window offers
//! to create it there (desk number, site, agents) with the demo households, then opens it, acting as
//! the agent who created it.

use std::ffi::OsString;

use anyhow::{Context, Result, ensure};
use fantoccini::{Client, Locator};
use guichet_tests::{Driver, VirtualDisplay, desk_binary, screenshot, wait_for_text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_creates_the_default_case_file_with_the_demo_households() -> Result<()> {
    let data = tempfile::tempdir()?;
    let display = VirtualDisplay::start()?;
    // The user's data folder (`directories` reads XDG_DATA_HOME on Linux).
    let driver = Driver::start(
        &display,
        &[
            ("XDG_DATA_HOME", data.path().as_os_str().to_owned()),
            ("GUICHET_TODAY", OsString::from("2026-03-10")),
        ],
    )?;
    let client = driver.launch(&desk_binary()?, &[]).await?;
    let outcome = first_start(&client).await;
    if outcome.is_err() {
        let _ = screenshot(&client, "first-start-failure").await;
    }
    let closed = client.close().await;
    outcome?;
    closed.context("could not close the WebDriver session")?;

    let path = data.path().join("guichet").join("guichet.sqlite");
    let case_file = guichet_store::CaseFile::open(&path)
        .with_context(|| format!("no case file at {}", path.display()))?;
    ensure!(
        case_file.desk().to_string() == "07",
        "desk {}",
        case_file.desk()
    );
    ensure!(
        case_file.household_count()? == 500,
        "{} demo households",
        case_file.household_count()?
    );
    ensure!(case_file.agents()?.len() == 2, "{:?}", case_file.agents()?);
    Ok(())
}

async fn first_start(client: &Client) -> Result<()> {
    wait_for_text(client, "#titre-creation", "Créer le dossier de ce poste").await?;
    wait_for_text(client, ".status-bar", "Aucun dossier ouvert").await?;
    for (id, text) in [
        ("creation-guichet", "07"),
        ("creation-site", "CCAS"),
        ("creation-agent", "Camille Laurent"),
        ("creation-responsable", "Nadia Haddad"),
    ] {
        let field = client.find(Locator::Id(id)).await?;
        field.clear().await?;
        field.send_keys(text).await?;
    }
    screenshot(client, "first-start").await?;
    client
        .find(Locator::Css("#creation button[type=submit]"))
        .await?
        .click()
        .await?;
    // 500 demo households are generated: the window waits, then opens on Accueil.
    wait_for_text(client, "#etat-agent", "Camille Laurent").await?;
    wait_for_text(client, "#etat-guichet", "07").await?;
    let search = client.wait().for_element(Locator::Id("recherche")).await?;
    search.send_keys("F-07-000001").await?;
    wait_for_text(client, "#resultats", "F-07-000001").await?;
    Ok(())
}
