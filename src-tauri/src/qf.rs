//! Commands of the Quotient familial screen: the QF computed from the file with its working (not
//! saved), saving it (site, channel; a supervisor may record a derogation, or correct a saved QF
//! with a reason), and the QF attestation as
//! a PDF saved where the agent chooses or shown in the system's viewer.

use guichet_core::household::Channel;
use guichet_store::{QfWorking, SavedQf};
use tauri::{AppHandle, State};

use crate::dialogs;
use crate::error::DeskError;
use crate::printed::{self, Output, Printed};
use crate::session::Desk;

#[tauri::command(async)]
pub fn qf_working(
    desk: State<'_, Desk>,
    number: String,
    year: i32,
) -> Result<QfWorking, DeskError> {
    desk.with(|session| {
        let today = guichet_store::today()?;
        Ok(session.case_file.qf_working(number.trim(), year, today)?)
    })
}

/// Saves the QF of `year`, judged today. `derogation`: a supervisor's reason to save it with an
/// incomplete checklist.
#[tauri::command(async)]
pub fn save_qf(
    desk: State<'_, Desk>,
    number: String,
    year: i32,
    site: Option<String>,
    channel: Channel,
    derogation: Option<String>,
) -> Result<SavedQf, DeskError> {
    desk.as_agent(|case_file, agent| {
        let today = guichet_store::today()?;
        Ok(case_file.save_qf(
            number.trim(),
            year,
            today,
            site.as_deref(),
            channel,
            &agent.name,
            derogation.as_deref().filter(|d| !d.trim().is_empty()),
        )?)
    })
}

/// A supervisor corrects the saved QF of `year` with a reason (recomputed from the file as it is).
#[tauri::command(async)]
pub fn correct_qf(
    desk: State<'_, Desk>,
    number: String,
    year: i32,
    site: Option<String>,
    channel: Channel,
    derogation: Option<String>,
    reason: String,
) -> Result<SavedQf, DeskError> {
    desk.as_agent(|case_file, agent| {
        let today = guichet_store::today()?;
        Ok(case_file.correct_qf(
            number.trim(),
            year,
            today,
            site.as_deref(),
            channel,
            &agent.name,
            derogation.as_deref().filter(|d| !d.trim().is_empty()),
            &reason,
        )?)
    })
}

/// The QF attestation of `year`; `None` when the agent cancelled the save dialog.
#[tauri::command(async)]
pub fn print_attestation(
    app: AppHandle,
    desk: State<'_, Desk>,
    number: String,
    year: i32,
    output: Output,
) -> Result<Option<Printed>, DeskError> {
    let bytes =
        desk.with(|session| Ok(session.case_file.attestation_pdf(number.trim(), year)?))?;
    let name = dialogs::file_name(&format!("attestation-QF-{year}-{}", number.trim()), "pdf");
    printed::deliver(
        &app,
        &bytes,
        "Enregistrer l'attestation de QF",
        &name,
        output,
    )
}
