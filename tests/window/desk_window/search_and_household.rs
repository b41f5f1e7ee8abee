//! Accueil then Dossier du foyer: the agent types a name, picks the household with the arrows and
//! Enter, and reads its file (QF with its working, checklists, aids); Escape goes back, and a file
//! number finds a household whose QF is not computed yet.
//!
//! What the window must show is asked from the store itself (the same case file, the same date), so
//! the test checks the chain Rust → command → UI rather than figures copied here.

use std::ffi::OsString;

use anyhow::{Context, Result, bail, ensure};
use chrono::NaiveDate;
use fantoccini::{Client, Locator, key::Key};
use guichet_store::{CaseFile, HouseholdView};
use guichet_tests::{screenshot, scroll_to, wait_for_text};

use super::desk_session::{AGENT, Window, case_file_with_demo, press, type_into};

/// Scenario B's month: March, QF year 2026 worked on, before the summer kit window.
const TODAY: &str = "2026-03-10";
const DEMO_HOUSEHOLDS: usize = 60;

/// The first household (in file order) whose view satisfies `wanted`.
fn find_household(
    case_file: &CaseFile,
    on: NaiveDate,
    wanted: impl Fn(&HouseholdView) -> bool,
) -> Result<HouseholdView> {
    for sequence in 1..=DEMO_HOUSEHOLDS {
        let number = format!("F-01-{sequence:06}");
        let view = case_file.household_view(&number, on)?;
        if wanted(&view) {
            return Ok(view);
        }
    }
    bail!("no demo household fits this test among the first {DEMO_HOUSEHOLDS}")
}

fn has_saved_qf(view: &HouseholdView) -> bool {
    view.qf
        .iter()
        .any(|qf| qf.year == view.qf_year && qf.saved.is_some())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_finds_a_household_and_reads_its_file() -> Result<()> {
    let on = guichet_store::parse_today(TODAY)?;
    let dir = tempfile::tempdir()?;
    let case_file = case_file_with_demo(dir.path(), DEMO_HOUSEHOLDS, on)?;

    // A household with a saved QF, found by its first adult's last name.
    let with_qf = find_household(&case_file, on, has_saved_qf)?;
    let last_name = with_qf
        .members
        .iter()
        .find(|member| member.role == "adult")
        .map(|adult| adult.last_name.clone())
        .context("household without adult")?;
    let expected = case_file.search(&last_name, 30)?;
    let position = expected
        .iter()
        .position(|result| result.household == with_qf.number)
        .with_context(|| format!("the store does not find {} by {last_name}", with_qf.number))?;
    // A household whose QF of the year worked on is not computed, found by its file number.
    let without_qf = find_household(&case_file, on, |view| !has_saved_qf(view))?;

    let window = Window::open(
        case_file.path(),
        &[
            ("GUICHET_TODAY", OsString::from(TODAY)),
            ("GUICHET_AGENT", OsString::from(AGENT)),
        ],
    )
    .await?;
    let outcome = walk_through(&window.client, &with_qf, &last_name, position, &without_qf).await;
    // Closing the session closes the app, whatever happened.
    window.close(outcome).await
}

async fn walk_through(
    client: &Client,
    with_qf: &HouseholdView,
    last_name: &str,
    position: usize,
    without_qf: &HouseholdView,
) -> Result<()> {
    // Accueil: the status bar says who acts where.
    wait_for_text(client, ".status-bar", AGENT).await?;
    wait_for_text(client, "#etat-guichet", "01").await?;
    wait_for_text(client, "#etat-dossier", "guichet-e2e.sqlite").await?;

    type_into(client, "recherche", last_name).await?;
    wait_for_text(client, "#resultats", &with_qf.number).await?;
    screenshot(client, "home").await?;

    // Arrows down to the household, Enter opens it.
    for _ in 0..=position {
        press(client, Key::Down).await?;
    }
    let highlighted = client
        .find(Locator::Css(".result.highlighted"))
        .await?
        .text()
        .await?;
    ensure!(
        highlighted.contains(&with_qf.number),
        "the highlighted result is not {}:\n{highlighted}",
        with_qf.number
    );
    press(client, Key::Enter).await?;

    // Dossier du foyer: what Rust computed, as Rust wrote it.
    wait_for_text(client, ".file-header", &with_qf.number).await?;
    // The app judged the file on the test's date (GUICHET_TODAY reached it through the driver).
    wait_for_text(client, ".file-header", "situation au 10/03/2026").await?;
    let qf = with_qf
        .qf
        .iter()
        .find(|qf| qf.year == with_qf.qf_year)
        .and_then(|qf| qf.saved.as_ref())
        .context("saved QF")?;
    ensure!(!qf.lines.is_empty(), "a saved QF explains itself");
    for line in &qf.lines {
        wait_for_text(client, "#qf", line).await?;
    }
    wait_for_text(client, "#qf", &format!("tranche {}", qf.tranche)).await?;
    let checklist = with_qf.checklists.first().context("no checklist")?;
    wait_for_text(client, "#listes", &checklist.label).await?;
    for item in &checklist.items {
        wait_for_text(client, "#listes", &item.reason).await?;
    }
    if let Some(eligibility) = &with_qf.eligibility {
        wait_for_text(client, "#aides", &eligibility.qf_label).await?;
        for refusal in &eligibility.refusals {
            wait_for_text(client, "#aides", &refusal.reason).await?;
        }
    }
    let first_member = with_qf.members.first().context("no member")?;
    let birth = first_member.birth_date.format("%d/%m/%Y").to_string();
    wait_for_text(client, "#membres", &birth).await?;
    screenshot(client, "household").await?;
    scroll_to(client, "#listes").await?;
    screenshot(client, "household-checklists").await?;
    scroll_to(client, "#aides").await?;
    screenshot(client, "household-aids").await?;

    // Escape: back to Accueil with the search as it was; then a file number finds the other one.
    press(client, Key::Escape).await?;
    wait_for_text(client, "#resultats", &with_qf.number).await?;
    type_into(client, "recherche", &without_qf.number).await?;
    wait_for_text(client, "#resultats", &without_qf.number).await?;
    press(client, Key::Enter).await?;
    wait_for_text(client, ".file-header", &without_qf.number).await?;
    wait_for_text(client, "#qf", "QF non calculé").await?;
    screenshot(client, "household-without-qf").await?;
    Ok(())
}
