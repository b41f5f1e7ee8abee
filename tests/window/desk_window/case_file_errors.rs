//! A case file that cannot be opened: the window still starts and says why, in French, instead of
//! crashing or showing an empty screen.

use std::ffi::OsString;

use anyhow::{Context, Result};
use guichet_tests::{Driver, VirtualDisplay, desk_binary, screenshot, wait_for_text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn window_explains_a_case_file_that_does_not_exist() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let missing = dir.path().join("absent.sqlite");
    // The message the store gives for this file, whatever its exact words.
    let expected = guichet_store::CaseFile::open(&missing)
        .err()
        .context("a missing case file must not open")?
        .user_message();

    let binary = desk_binary()?;
    let display = VirtualDisplay::start()?;
    let driver = Driver::start(&display, &[])?;
    let client = driver
        .launch(&binary, &[OsString::from("--case-file"), missing.into()])
        .await?;
    let outcome = async {
        wait_for_text(&client, "[role=alert]", &expected).await?;
        wait_for_text(&client, ".status-bar", "Aucun dossier ouvert").await?;
        screenshot(&client, "case-file-missing").await?;
        anyhow::Ok(())
    }
    .await;
    let closed = client.close().await;
    outcome?;
    closed.context("could not close the WebDriver session")?;
    Ok(())
}
