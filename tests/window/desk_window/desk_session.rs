//! What the tests of Accueil's import, Campagnes and Paramètres share: a case file made through the
//! store, the app launched on it with the environment a test gives, keys pressed where the focus is.

use std::ffi::OsString;
use std::path::Path;

use anyhow::{Context, Result, ensure};
use chrono::NaiveDate;
use fantoccini::{Client, Locator, key::Key};
use guichet_core::DeskNumber;
use guichet_store::CaseFile;
use guichet_tests::{Driver, VirtualDisplay, desk_binary};

pub const AGENT: &str = "Camille Laurent";
pub const SUPERVISOR: &str = "Nadia Haddad";

/// A case file of desk 01 with `households` demo households generated on `on`.
pub fn case_file_with_demo(dir: &Path, households: usize, on: NaiveDate) -> Result<CaseFile> {
    let path = dir.join("guichet-e2e.sqlite");
    let desk = DeskNumber::new(1).context("desk 01")?;
    let mut case_file = CaseFile::init(
        &path,
        desk,
        AGENT,
        Some(SUPERVISOR),
        "CCAS",
        guichet_core::reference::SHIPPED,
    )?;
    if households > 0 {
        let summary = case_file.generate_demo(households, 2026, on, AGENT)?;
        ensure!(summary.households == households, "demo made {summary:?}");
    }
    case_file.checkpoint()?;
    Ok(case_file)
}

/// The app running on a case file, with its display and driver; `close` ends the session.
pub struct Window {
    pub client: Client,
    _driver: Driver,
    display: VirtualDisplay,
}

impl Window {
    /// Launches the debug app on `case_file` with `env` (GUICHET_TODAY, GUICHET_AGENT, dialogs…).
    pub async fn open(case_file: &Path, env: &[(&str, OsString)]) -> Result<Window> {
        let binary = desk_binary()?;
        let display = VirtualDisplay::start()?;
        let driver = Driver::start(&display, env)?;
        let client = driver
            .launch(&binary, &[OsString::from("--case-file"), case_file.into()])
            .await?;
        Ok(Window {
            client,
            _driver: driver,
            display,
        })
    }

    /// The virtual display the window is drawn on (for xdotool and pictures of the display).
    pub fn display(&self) -> &VirtualDisplay {
        &self.display
    }

    /// Launches the debug app on `case_file` on day `today` (ISO), acting as `agent`.
    pub async fn open_as(case_file: &Path, today: &str, agent: &str) -> Result<Window> {
        Window::open(
            case_file,
            &[
                ("GUICHET_TODAY", OsString::from(today)),
                ("GUICHET_AGENT", OsString::from(agent)),
            ],
        )
        .await
    }

    /// Closes the app, then returns what the test found.
    pub async fn close(self, outcome: Result<()>) -> Result<()> {
        let closed = self.client.close().await;
        outcome?;
        closed.context("could not close the WebDriver session")?;
        Ok(())
    }
}

/// Presses `key` in the element that has the focus.
pub async fn press(client: &Client, key: Key) -> Result<()> {
    let focused = client.active_element().await?;
    focused.send_keys(&char::from(key).to_string()).await?;
    Ok(())
}

/// Presses Alt with `key` (the screens' shortcuts: Alt+1, Alt+2, Alt+3).
pub async fn press_alt(client: &Client, key: char) -> Result<()> {
    let focused = client.active_element().await?;
    let alt = char::from(Key::Alt);
    // The WebDriver releases the modifier with a second Alt (or at the end of the keys).
    focused.send_keys(&format!("{alt}{key}{alt}")).await?;
    Ok(())
}

/// Clicks the element with this id (once it exists).
pub async fn click(client: &Client, id: &str) -> Result<()> {
    client
        .wait()
        .for_element(Locator::Id(id))
        .await
        .with_context(|| format!("#{id} never appeared"))?
        .click()
        .await
        .with_context(|| format!("could not click #{id}"))?;
    Ok(())
}

/// Types `text` into the field with this id, after clearing it.
pub async fn type_into(client: &Client, id: &str, text: &str) -> Result<()> {
    let field = client.wait().for_element(Locator::Id(id)).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

/// The id of the element that has the focus.
pub async fn focused_id(client: &Client) -> Result<String> {
    Ok(client
        .active_element()
        .await?
        .attr("id")
        .await?
        .unwrap_or_default())
}
