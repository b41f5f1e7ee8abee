//! Campagnes: a scheme's budget for a year (spent and left), the plan of its campaign (how many
//! beneficiaries, what it costs, what would be left), the run with its progress and its summary,
//! and the campaign's PDF saved where the agent chooses.
//!
//! The vouchers of the last run stay in [`LastCampaign`] until the next one, so the PDF can be
//! saved (again) after the summary without asking the case file which vouchers that run made.

use std::sync::Mutex;

use guichet_core::schemes::Scheme;
use guichet_store::{
    BudgetView, CampaignPhase, CampaignProgress, DayCount, VoucherView, campaign_year_on,
};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use crate::dialogs::{self, PDF};
use crate::error::DeskError;
use crate::field_error::FieldError;
use crate::session::Desk;
use crate::work::{Progress, off_ui_thread};

/// The progress event of a campaign's plan or run: [`CampaignProgressView`].
pub const CAMPAIGN_PROGRESS_EVENT: &str = "campaign-progress";

/// The vouchers of the last campaign run in this window, for its PDF.
#[derive(Debug, Default)]
pub struct LastCampaign(Mutex<Option<(Scheme, i32, Vec<VoucherView>)>>);

/// A numbered scheme the agent may run a campaign of.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SchemeChoice {
    /// `KS`.
    pub code: String,
    /// `Kit de rentrée scolaire`.
    pub label: String,
}

/// A scheme's budget for a year: cents, or kits for KS, with the French texts to show.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BudgetLine {
    pub scheme: String,
    pub label: String,
    pub year: i32,
    pub budget: i64,
    pub spent: i64,
    pub left: i64,
    /// `12 500,00 €` or `1 460 kits`.
    pub budget_text: String,
    pub spent_text: String,
    pub left_text: String,
}

/// What the Campagnes screen opens with.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CampaignScreen {
    /// The campaign year on the desk's date: the only year a campaign can be run for today.
    pub campaign_year: i32,
    /// `27/08/2025`.
    pub today: String,
    /// Years the case file has reference data for (budgets can be read for each).
    pub years: Vec<i32>,
    pub schemes: Vec<SchemeChoice>,
    /// The budgets of `year` (as asked, else the campaign year).
    pub year: i32,
    pub budgets: Vec<BudgetLine>,
    /// What this desk issued today, by scheme, with the budget left (the count at closing time).
    pub today_counts: Vec<DayCountLine>,
}

/// What this desk issued of one scheme today.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DayCountLine {
    pub scheme: String,
    pub label: String,
    /// Vouchers (or kits) numbered today and still valid.
    pub issued: i64,
    /// Numbered today and voided since.
    pub voided: i64,
    /// `240,00 €`, or `3 kits` for the school kit.
    pub amount_text: String,
    /// The budget of the year left after them, `12 500,00 €` or `1 460 kits`.
    pub left_text: String,
}

/// What a campaign would issue if run now.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CampaignPlanView {
    pub scheme: String,
    pub scheme_label: String,
    pub year: i32,
    pub on: String,
    pub households: usize,
    pub beneficiaries: usize,
    pub cost_text: String,
    pub budget: BudgetLine,
    /// What would be left after the run (negative past the budget).
    pub left_after_text: String,
    pub over_budget: bool,
}

/// How far a plan or a run got.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CampaignProgressView {
    /// `examining` or `issuing`.
    pub phase: String,
    /// `Examen des foyers` or `Numérotation des bons`.
    pub label: String,
    pub done: usize,
    pub total: usize,
}

/// What a run made.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CampaignSummary {
    pub scheme_label: String,
    pub year: i32,
    pub issued: usize,
    pub households: usize,
    pub first_number: Option<String>,
    pub last_number: Option<String>,
    /// The amount issued (`3 450,00 €`) or the kits (`120 kits`).
    pub amount_text: String,
    /// The budget after the run.
    pub budget: BudgetLine,
}

fn budget_line(budget: &BudgetView) -> BudgetLine {
    BudgetLine {
        scheme: budget.scheme.code().to_owned(),
        label: budget.scheme.label().to_owned(),
        year: budget.year,
        budget: budget.budget,
        spent: budget.spent,
        left: budget.left,
        budget_text: budget.format(budget.budget),
        spent_text: budget.format(budget.spent),
        left_text: budget.format(budget.left),
    }
}

fn day_count_line(count: &DayCount) -> DayCountLine {
    DayCountLine {
        scheme: count.scheme.code().to_owned(),
        label: count.scheme.label().to_owned(),
        issued: count.issued,
        voided: count.voided,
        amount_text: if count.scheme == Scheme::SchoolKit {
            count.budget.format(count.issued)
        } else {
            count.budget.format(count.amount.0)
        },
        left_text: count.budget.format(count.budget.left),
    }
}

fn numbered_schemes() -> impl Iterator<Item = Scheme> {
    Scheme::ALL.into_iter().filter(|s| s.is_numbered())
}

fn parse_scheme(code: &str) -> Result<Scheme, FieldError> {
    Scheme::from_code(code.trim())
        .filter(|s| s.is_numbered())
        .ok_or_else(|| FieldError {
            field: Some("scheme".to_owned()),
            message: format!(
                "Le dispositif « {code} » n'a pas de campagne : choisissez PL, CL, KS ou LR."
            ),
        })
}

fn progress_view(progress: CampaignProgress) -> CampaignProgressView {
    let (phase, label) = match progress.phase {
        CampaignPhase::Examining => ("examining", "Examen des foyers"),
        CampaignPhase::Issuing => ("issuing", "Numérotation des bons"),
    };
    CampaignProgressView {
        phase: phase.to_owned(),
        label: label.to_owned(),
        done: progress.done,
        total: progress.total,
    }
}

/// The field a refused plan or run belongs beside: the year when it is not today's campaign
/// year or has no reference data; the override reason for a budget refusal; else the form.
fn field_of(error: &DeskError, year: i32, campaign_year: i32) -> Option<&'static str> {
    use guichet_store::StoreError;
    match error {
        DeskError::Store(StoreError::MissingReference(_)) => Some("year"),
        DeskError::Store(StoreError::Refused(_)) if year != campaign_year => Some("year"),
        DeskError::Store(StoreError::OverBudget { .. } | StoreError::SupervisorOnly { .. }) => {
            Some("override")
        }
        _ => None,
    }
}

#[tauri::command(async)]
pub fn campaign_screen(
    desk: State<'_, Desk>,
    year: Option<i32>,
) -> Result<CampaignScreen, FieldError> {
    let today = guichet_store::today().map_err(|e| FieldError::at(None, &e.into()))?;
    let campaign_year = campaign_year_on(today);
    let year = year.unwrap_or(campaign_year);
    desk.with(|session| {
        let years = session.case_file.reference_years()?;
        let budgets = numbered_schemes()
            .map(|scheme| Ok(budget_line(&session.case_file.budget(scheme, year)?)))
            .collect::<Result<Vec<_>, DeskError>>()?;
        let today_counts = session
            .case_file
            .day_count(today)?
            .iter()
            .map(day_count_line)
            .collect();
        Ok(CampaignScreen {
            campaign_year,
            today: guichet_core::dates::french(today).to_string(),
            years,
            schemes: numbered_schemes()
                .map(|s| SchemeChoice {
                    code: s.code().to_owned(),
                    label: s.label().to_owned(),
                })
                .collect(),
            year,
            budgets,
            today_counts,
        })
    })
    .map_err(|error| FieldError::at(Some("year"), &error))
}

/// What the campaign of `scheme` for `year` would issue today; progress as events.
#[tauri::command]
pub async fn campaign_plan(
    app: AppHandle,
    scheme: String,
    year: i32,
) -> Result<CampaignPlanView, FieldError> {
    let scheme = parse_scheme(&scheme)?;
    let today = guichet_store::today().map_err(|e| FieldError::at(None, &e.into()))?;
    let campaign_year = campaign_year_on(today);
    off_ui_thread(&app, move |app| {
        let desk = app.state::<Desk>();
        let mut progress = Progress::new(app, CAMPAIGN_PROGRESS_EVENT);
        desk.with(|session| {
            let plan = session
                .case_file
                .campaign_plan(scheme, year, today, &mut |p| {
                    progress.report(progress_view(p), p.done == p.total)
                })?;
            let budget = &plan.budget;
            Ok(CampaignPlanView {
                scheme: scheme.code().to_owned(),
                scheme_label: scheme.label().to_owned(),
                year,
                on: guichet_core::dates::french(plan.on).to_string(),
                households: plan.households,
                beneficiaries: plan.beneficiaries,
                cost_text: budget.format(plan.cost),
                budget: budget_line(budget),
                left_after_text: budget.format(budget.left - plan.cost),
                over_budget: plan.over_budget,
            })
        })
    })
    .await
    .map_err(|error| FieldError::at(field_of(&error, year, campaign_year), &error))
}

/// Runs the campaign of `scheme` for `year` today (one transaction); progress as events.
#[tauri::command]
pub async fn campaign_run(
    app: AppHandle,
    scheme: String,
    year: i32,
    override_reason: Option<String>,
) -> Result<CampaignSummary, FieldError> {
    let scheme = parse_scheme(&scheme)?;
    let today = guichet_store::today().map_err(|e| FieldError::at(None, &e.into()))?;
    let campaign_year = campaign_year_on(today);
    let override_reason = override_reason.filter(|r| !r.trim().is_empty());
    off_ui_thread(&app, move |app| {
        let desk = app.state::<Desk>();
        let mut progress = Progress::new(app, CAMPAIGN_PROGRESS_EVENT);
        let (issued, budget) = desk.with(|session| {
            let agent = session.agent()?.name.clone();
            let issued = session.case_file.run_campaign_with_progress(
                scheme,
                year,
                today,
                &agent,
                override_reason.as_deref(),
                &mut |p| progress.report(progress_view(p), false),
            )?;
            let budget = session.case_file.budget(scheme, year)?;
            Ok((issued, budget))
        })?;
        let households: std::collections::BTreeSet<&str> =
            issued.iter().map(|v| v.household.as_str()).collect();
        let cost = if scheme == Scheme::SchoolKit {
            i64::try_from(issued.len()).unwrap_or(i64::MAX)
        } else {
            issued
                .iter()
                .filter_map(|v| v.amount_cents)
                .map(|c| c.0)
                .sum()
        };
        let summary = CampaignSummary {
            scheme_label: scheme.label().to_owned(),
            year,
            issued: issued.len(),
            households: households.len(),
            first_number: issued.first().map(|v| v.number.to_string()),
            last_number: issued.last().map(|v| v.number.to_string()),
            amount_text: budget.format(cost),
            budget: budget_line(&budget),
        };
        let last = app.state::<LastCampaign>();
        if let Ok(mut slot) = last.0.lock() {
            *slot = Some((scheme, year, issued));
        }
        Ok(summary)
    })
    .await
    .map_err(|error| FieldError::at(field_of(&error, year, campaign_year), &error))
}

/// Opens the save dialog and writes the PDF of the last campaign run in this window there: the
/// path written, or `None` when the agent cancelled. The vouchers are issued already; a PDF that
/// cannot be written loses none of them and can be saved again elsewhere.
#[tauri::command]
pub async fn campaign_save_pdf(app: AppHandle) -> Result<Option<String>, FieldError> {
    off_ui_thread(&app, |app| {
        let last = app
            .state::<LastCampaign>()
            .0
            .lock()
            .map_err(|_| DeskError::Poisoned)?
            .clone();
        let (scheme, year, vouchers) = last.ok_or(DeskError::NoCampaign)?;
        let suggested = format!("campagne-{}-{year}.pdf", scheme.code());
        let Some(path) = dialogs::save_path("Enregistrer le PDF", &suggested, PDF) else {
            return Ok(None);
        };
        let desk = app.state::<Desk>();
        let bytes = desk.with(|session| Ok(session.case_file.vouchers_pdf(&vouchers, false)?))?;
        guichet_print::save_pdf(&path, &bytes).map_err(|source| DeskError::PdfNotSaved {
            path: path.clone(),
            source,
        })?;
        Ok(Some(crate::commands::display_path(&path)))
    })
    .await
    .map_err(|error| FieldError::at(Some("pdf"), &error))
}
