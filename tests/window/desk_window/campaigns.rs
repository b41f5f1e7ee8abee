//! Campagnes in the window (scenario C's morning): the agent picks a scheme, reads what the
//! campaign would give (beneficiaries, cost, budget left), runs it with Enter, reads the summary
//! and saves the campaign's PDF where the save dialog says (`GUICHET_DIALOG_ANSWERS`: the folder
//! answering the dialogs, the PDF under the name the dialog suggests).
//!
//! The figures the window must show are asked from the store on the same case file first.

use std::ffi::OsString;
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Locator, key::Key};
use guichet_core::Scheme;
use guichet_store::CaseFile;
use guichet_tests::{screenshot, scroll_to, wait_for_text};

use super::desk_session::{AGENT, Window, case_file_with_demo, click, press, press_alt};

/// The kit distribution day: every numbered scheme is open.
const TODAY: &str = "2026-08-27";
const YEAR: i32 = 2026;

/// The first scheme whose campaign serves someone within its budget today.
fn scheme_to_run(case_file: &CaseFile) -> Result<(Scheme, guichet_store::CampaignPlan)> {
    let on = guichet_store::parse_today(TODAY)?;
    for scheme in [
        Scheme::SchoolKit,
        Scheme::PassLoisirs,
        Scheme::LireARueil,
        Scheme::CapLoisirs,
    ] {
        let plan = case_file.campaign_plan(scheme, YEAR, on, &mut |_| {})?;
        if plan.beneficiaries > 0 && !plan.over_budget {
            return Ok((scheme, plan));
        }
    }
    bail!("no scheme has beneficiaries in the demo case file on {TODAY}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_runs_a_campaign_and_saves_its_pdf() -> Result<()> {
    let on = guichet_store::parse_today(TODAY)?;
    let dir = tempfile::tempdir()?;
    let case_file = case_file_with_demo(dir.path(), 80, on)?;
    let (scheme, plan) = scheme_to_run(&case_file)?;
    // The save dialog answers `answers/<suggested name>`.
    let answers = dir.path().join("answers");
    std::fs::create_dir_all(&answers)?;
    let pdf_name = format!("campagne-{}-{YEAR}.pdf", scheme.code());
    let pdf = answers.join(&pdf_name);

    let window = Window::open(
        case_file.path(),
        &[
            ("GUICHET_TODAY", OsString::from(TODAY)),
            ("GUICHET_AGENT", OsString::from(AGENT)),
            ("GUICHET_DIALOG_ANSWERS", answers.clone().into()),
        ],
    )
    .await?;
    let client = &window.client;
    let beneficiaries = plan.beneficiaries.to_string();
    let outcome = async {
        wait_for_text(client, "#etat-agent", AGENT).await?;
        // Alt+2 opens Campagnes; the budgets of the year show at once.
        press_alt(client, '2').await?;
        wait_for_text(client, "#budgets", &format!("Budgets {YEAR}")).await?;
        wait_for_text(client, "#budgets", scheme.label()).await?;
        wait_for_text(client, "#compte-du-jour", "Aucun bon émis aujourd'hui").await?;
        client
            .find(Locator::Id("campagne-dispositif"))
            .await?
            .select_by_value(scheme.code())
            .await?;
        screenshot(client, "campaigns").await?;
        click(client, "campagne-apercu").await?;

        // The plan: the store's count and budget.
        wait_for_text(client, "#plan-beneficiaires", &beneficiaries).await?;
        wait_for_text(client, "#campagne-plan", &plan.budget.format(plan.cost)).await?;
        wait_for_text(
            client,
            "#campagne-plan",
            &plan.budget.format(plan.budget.left),
        )
        .await?;
        screenshot(client, "campaign-plan").await?;

        // Enter runs it (the focus is on the plan's title).
        press(client, Key::Enter).await?;
        wait_for_text(client, "#bilan-emis", &beneficiaries).await?;
        let left_after = plan.budget.format(plan.budget.left - plan.cost);
        wait_for_text(client, "#bilan-reste", &left_after).await?;
        screenshot(client, "campaign-summary").await?;
        // The day's count, as the store gives it once the campaign is committed.
        let count = case_file
            .day_count(on)?
            .into_iter()
            .find(|line| line.scheme == scheme)
            .context("the day's count lists every numbered scheme")?;
        ensure!(
            count.issued == plan.beneficiaries as i64,
            "the store counts {} issued today, the plan {}",
            count.issued,
            plan.beneficiaries
        );
        wait_for_text(client, "#compte-du-jour", scheme.label()).await?;
        wait_for_text(client, "#compte-du-jour", &left_after).await?;
        scroll_to(client, "#compte-du-jour").await?;
        screenshot(client, "campaign-day-count").await?;

        click(client, "campagne-pdf").await?;
        wait_for_text(client, "#campagne-pdf-chemin", &pdf_name).await?;
        screenshot(client, "campaign-pdf-saved").await?;
        anyhow::Ok(())
    }
    .await;
    window.close(outcome).await?;

    // The case file holds exactly the vouchers the plan announced, and the PDF prints them.
    let case_file = CaseFile::open(case_file.path())?;
    let after = case_file.campaign_plan(scheme, YEAR, on, &mut |_| {})?;
    ensure!(after.beneficiaries == 0, "everyone served: {after:?}");
    ensure!(
        after.budget.spent == plan.budget.spent + plan.cost,
        "spent {} after, {} before, cost {}",
        after.budget.spent,
        plan.budget.spent,
        plan.cost
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .context("pdftotext (poppler-utils) is needed: `cargo xtask test` installs it")?;
    ensure!(
        text.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8_lossy(&text.stdout);
    let first = format!("{}-{YEAR}-01-000001", scheme.code());
    ensure!(
        text.contains(&first),
        "the campaign PDF does not show the first voucher number {first}"
    );
    Ok(())
}
