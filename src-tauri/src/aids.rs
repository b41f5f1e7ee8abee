//! Commands of the Aides screen: the household's vouchers, issuing (all its rights or the chosen
//! ones), voiding and reissuing (a supervisor's acts, with a reason) and reprinting (marked
//! DUPLICATA). The PDF is made once the use case has committed, then saved where the agent chooses
//! or opened in the system's viewer; when that fails the vouchers stay issued and the message says
//! to reprint them.

use guichet_core::Scheme;
use guichet_store::{Selection, VoucherStatus, VoucherView};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::dialogs;
use crate::error::DeskError;
use crate::printed::{self, Output, Printed};
use crate::session::Desk;

/// A voucher as the Aides screen lists it, its labels in French.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct VoucherRow {
    /// `PL-2026-01-000001-63`.
    pub number: String,
    /// `PL`.
    pub scheme: String,
    /// `Pass'Loisirs`.
    pub scheme_label: String,
    pub year: i32,
    /// Person number.
    pub beneficiary: String,
    pub beneficiary_name: String,
    /// `None` for a kit.
    pub amount_cents: Option<i64>,
    /// `issued` or `voided`.
    pub status: String,
    /// `émis`, `annulé`.
    pub status_label: String,
    /// ISO date.
    pub issued_on: String,
    pub issued_by: String,
    pub void_reason: Option<String>,
    pub replaces: Option<String>,
    pub replaced_by: Option<String>,
}

impl From<&VoucherView> for VoucherRow {
    fn from(v: &VoucherView) -> Self {
        VoucherRow {
            number: v.number.to_string(),
            scheme: v.scheme.code().to_owned(),
            scheme_label: v.scheme.label().to_owned(),
            year: v.year,
            beneficiary: v.beneficiary.clone(),
            beneficiary_name: format!("{} {}", v.beneficiary_first_name, v.beneficiary_last_name),
            amount_cents: v.amount_cents.map(|a| a.0),
            status: match v.status {
                VoucherStatus::Issued => "issued",
                VoucherStatus::Voided => "voided",
            }
            .to_owned(),
            status_label: v.status.label().to_owned(),
            issued_on: v.issued_on.format("%Y-%m-%d").to_string(),
            issued_by: v.issued_by.clone(),
            void_reason: v.void_reason.clone(),
            replaces: v.replaces.clone(),
            replaced_by: v.replaced_by.clone(),
        }
    }
}

/// What an issue, reissue or reprint gave: the vouchers, and where their PDF went.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct IssueOutcome {
    pub vouchers: Vec<VoucherRow>,
    /// `None` when the PDF was not written (see `print_error`).
    pub printed: Option<Printed>,
    /// Why the PDF was not written, in French, with what to do (the vouchers are issued).
    pub print_error: Option<String>,
}

#[tauri::command(async)]
pub fn household_vouchers(
    desk: State<'_, Desk>,
    number: String,
) -> Result<Vec<VoucherRow>, DeskError> {
    desk.with(|session| {
        Ok(session
            .case_file
            .household_vouchers(number.trim())?
            .iter()
            .map(VoucherRow::from)
            .collect())
    })
}

/// Makes the PDF of `vouchers` and hands it over; a failure after the commit is reported in the
/// outcome, not as an error (the vouchers exist and can be reprinted).
fn print(
    app: &AppHandle,
    desk: &Desk,
    vouchers: &[VoucherView],
    duplicate: bool,
    title: &str,
    output: Output,
) -> IssueOutcome {
    let rows = vouchers.iter().map(VoucherRow::from).collect();
    let stem = match vouchers {
        [one] => format!("bon-{}", one.number),
        [first, ..] => format!("bons-{}", first.household),
        [] => "bons".to_owned(),
    };
    let stem = if duplicate {
        format!("{stem}-duplicata")
    } else {
        stem
    };
    let name = dialogs::file_name(&stem, "pdf");
    let result = desk
        .with(|session| Ok(session.case_file.vouchers_pdf(vouchers, duplicate)?))
        .and_then(|bytes| printed::deliver(app, &bytes, title, &name, output));
    let reprint = "Les bons sont bien enregistrés : imprimez-les avec « Réimprimer » (duplicata).";
    match result {
        Ok(Some(printed)) => IssueOutcome {
            vouchers: rows,
            printed: Some(printed),
            print_error: None,
        },
        Ok(None) => IssueOutcome {
            vouchers: rows,
            printed: None,
            print_error: Some(format!(
                "Le PDF n'a pas été enregistré (enregistrement annulé). {reprint}"
            )),
        },
        Err(error) => IssueOutcome {
            vouchers: rows,
            printed: None,
            print_error: Some(format!("{} {reprint}", error.user_message())),
        },
    }
}

/// Issues the household's vouchers today: every right not yet served, or only the chosen schemes
/// and beneficiaries.
#[tauri::command(async)]
pub fn issue_vouchers(
    app: AppHandle,
    desk: State<'_, Desk>,
    number: String,
    schemes: Vec<Scheme>,
    beneficiaries: Vec<String>,
    override_reason: Option<String>,
    output: Output,
) -> Result<IssueOutcome, DeskError> {
    let selection = Selection {
        schemes,
        beneficiaries,
    };
    let issued = desk.as_agent(|case_file, agent| {
        let today = guichet_store::today()?;
        Ok(case_file.issue_vouchers(
            number.trim(),
            today,
            &selection,
            &agent.name,
            override_reason.as_deref().filter(|r| !r.trim().is_empty()),
        )?)
    })?;
    Ok(print(
        &app,
        &desk,
        &issued,
        false,
        "Enregistrer les bons",
        output,
    ))
}

/// A supervisor voids a voucher with a reason.
#[tauri::command(async)]
pub fn void_voucher(
    desk: State<'_, Desk>,
    number: String,
    reason: String,
) -> Result<VoucherRow, DeskError> {
    desk.as_agent(|case_file, agent| {
        Ok(VoucherRow::from(&case_file.void_voucher(
            number.trim(),
            &reason,
            &agent.name,
        )?))
    })
}

/// A supervisor reissues a voucher (voided with the reason, a new number issued today).
#[tauri::command(async)]
pub fn reissue_voucher(
    app: AppHandle,
    desk: State<'_, Desk>,
    number: String,
    reason: String,
    output: Output,
) -> Result<IssueOutcome, DeskError> {
    let new = desk.as_agent(|case_file, agent| {
        let today = guichet_store::today()?;
        Ok(case_file.reissue_voucher(number.trim(), &reason, today, &agent.name)?)
    })?;
    Ok(print(
        &app,
        &desk,
        &[new],
        false,
        "Enregistrer le bon réémis",
        output,
    ))
}

/// Prints a live voucher again, marked DUPLICATA (journaled).
#[tauri::command(async)]
pub fn reprint_voucher(
    app: AppHandle,
    desk: State<'_, Desk>,
    number: String,
    output: Output,
) -> Result<IssueOutcome, DeskError> {
    let view = desk
        .as_agent(|case_file, agent| Ok(case_file.reprint_voucher(number.trim(), &agent.name)?))?;
    Ok(print(
        &app,
        &desk,
        &[view],
        true,
        "Enregistrer le duplicata",
        output,
    ))
}
