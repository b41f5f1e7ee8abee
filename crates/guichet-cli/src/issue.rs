//! `guichet issue | void | reissue | reprint | campaign | attestation | voucher show`: numbered
//! vouchers and the printed documents that go with them.
//!
//! The use case commits first; the PDF is written afterwards, to a temporary file in the same folder
//! renamed into place, so that an unwritable path or a full disk never loses a voucher: the
//! vouchers are issued and journaled, and the message says how to reprint them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use guichet_core::Scheme;
use guichet_print::save_pdf;
use guichet_store::{CaseFile, Selection, VoucherView};
use serde_json::json;

use crate::casefile::{acting_agent, on_or_today, open};
use crate::cli::{Failure, Outcome};

/// The exit status when the vouchers are issued but their PDF could not be written.
const PDF_NOT_WRITTEN: u8 = 3;

/// What `issue` and `campaign` were asked.
pub struct IssueArgs<'a> {
    pub household: &'a str,
    pub schemes: Vec<Scheme>,
    pub beneficiaries: Vec<String>,
    pub on: Option<NaiveDate>,
    pub pdf: &'a Path,
    pub override_reason: Option<&'a str>,
    pub json: bool,
}

/// A scheme code on the command line.
pub fn parse_scheme(text: &str) -> Result<Scheme, String> {
    Scheme::from_code(&text.trim().to_uppercase()).ok_or_else(|| {
        format!("dispositif « {text} » inconnu : PL, CL, KS ou LR pour un bon numéroté")
    })
}

/// Prints the vouchers into `pdf`; on failure, says they are issued and how to reprint them.
fn print_vouchers(
    case: &CaseFile,
    vouchers: &[VoucherView],
    duplicate: bool,
    pdf: &Path,
) -> Result<(), Failure> {
    let numbers: Vec<String> = vouchers.iter().map(|v| v.number.to_string()).collect();
    let failed = |why: String| {
        let what = if duplicate {
            "Rien n'a été modifié dans le dossier".to_owned()
        } else {
            format!(
                "Les bons {} sont bien émis et enregistrés",
                numbers.join(", ")
            )
        };
        Failure::with_code(
            format!(
                "{what}, mais le PDF n'a pas pu être écrit dans {} ({why}). Choisissez un autre \
                 emplacement et réimprimez-les avec « guichet reprint NUMÉRO --pdf FICHIER.pdf ».",
                pdf.display()
            ),
            PDF_NOT_WRITTEN,
        )
    };
    let bytes = case
        .vouchers_pdf(vouchers, duplicate)
        .map_err(|e| failed(e.user_message()))?;
    save_pdf(pdf, &bytes).map_err(|e| failed(e.to_string()))
}

fn issued_json(vouchers: &[VoucherView]) -> serde_json::Value {
    json!({
        "issued": vouchers.iter().map(|v| json!({
            "number": v.number,
            "scheme": v.scheme,
            "beneficiary": v.beneficiary,
            "amount_cents": v.amount_cents,
        })).collect::<Vec<_>>()
    })
}

fn print_issued(vouchers: &[VoucherView], as_json: bool) {
    if as_json {
        println!("{}", issued_json(vouchers));
        return;
    }
    for v in vouchers {
        let amount = v
            .amount_cents
            .map(|a| format!(", {}", a.to_french()))
            .unwrap_or_default();
        println!(
            "{} : {} pour {} {} ({}){amount}",
            v.number,
            v.scheme.label(),
            v.beneficiary_first_name,
            v.beneficiary_last_name,
            v.beneficiary
        );
    }
    println!("{} bon(s) émis.", vouchers.len());
}

/// Prints the answer, then writes the PDF.
fn finish(case: &CaseFile, issued: &[VoucherView], pdf: &Path, as_json: bool) -> Outcome {
    print_issued(issued, as_json);
    print_vouchers(case, issued, false, pdf)?;
    if !as_json {
        println!("PDF écrit : {}", pdf.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `issue --household ID [--scheme S] [--beneficiary P] --on DATE --pdf OUT.pdf`.
pub fn issue(case_file: Option<&PathBuf>, agent: Option<&str>, args: &IssueArgs<'_>) -> Outcome {
    let mut case = open(case_file)?;
    let agent = acting_agent(&case, agent)?;
    let on = on_or_today(args.on)?;
    let selection = Selection {
        schemes: args.schemes.clone(),
        beneficiaries: args.beneficiaries.clone(),
    };
    let issued =
        case.issue_vouchers(args.household, on, &selection, &agent, args.override_reason)?;
    finish(&case, &issued, args.pdf, args.json)
}

/// What `campaign` was asked.
pub struct CampaignArgs<'a> {
    pub scheme: Scheme,
    pub year: i32,
    pub on: Option<NaiveDate>,
    pub pdf: &'a Path,
    pub override_reason: Option<&'a str>,
    pub json: bool,
}

/// `campaign --scheme KS --year Y --on DATE --pdf OUT.pdf`.
pub fn campaign(
    case_file: Option<&PathBuf>,
    agent: Option<&str>,
    args: &CampaignArgs<'_>,
) -> Outcome {
    let mut case = open(case_file)?;
    let agent = acting_agent(&case, agent)?;
    let on = on_or_today(args.on)?;
    let issued = case.run_campaign(args.scheme, args.year, on, &agent, args.override_reason)?;
    finish(&case, &issued, args.pdf, args.json)
}

/// `void NUMBER --reason TEXT` (a supervisor).
pub fn void(
    case_file: Option<&PathBuf>,
    agent: Option<&str>,
    number: &str,
    reason: &str,
) -> Outcome {
    let mut case = open(case_file)?;
    let agent = acting_agent(&case, agent)?;
    let voided = case.void_voucher(number, reason, &agent)?;
    println!(
        "Bon n° {} annulé (motif : {}). Il garde son numéro, qui ne sera jamais redonné.",
        voided.number,
        voided.void_reason.as_deref().unwrap_or(reason)
    );
    Ok(ExitCode::SUCCESS)
}

/// `reissue NUMBER --reason TEXT --pdf OUT.pdf` (a supervisor).
pub fn reissue(
    case_file: Option<&PathBuf>,
    agent: Option<&str>,
    number: &str,
    reason: &str,
    pdf: &Path,
) -> Outcome {
    let mut case = open(case_file)?;
    let agent = acting_agent(&case, agent)?;
    let on = on_or_today(None)?;
    let new = case.reissue_voucher(number, reason, on, &agent)?;
    println!(
        "Bon n° {} annulé et remplacé par le n° {}.",
        number.trim(),
        new.number
    );
    print_vouchers(&case, std::slice::from_ref(&new), false, pdf)?;
    println!("PDF écrit : {}", pdf.display());
    Ok(ExitCode::SUCCESS)
}

/// `reprint NUMBER --pdf OUT.pdf`: a copy marked DUPLICATA, journaled; a voided voucher is not
/// reprinted.
pub fn reprint(
    case_file: Option<&PathBuf>,
    agent: Option<&str>,
    number: &str,
    pdf: &Path,
) -> Outcome {
    let mut case = open(case_file)?;
    let agent = acting_agent(&case, agent)?;
    let voucher = case.reprint_voucher(number, &agent)?;
    print_vouchers(&case, std::slice::from_ref(&voucher), true, pdf)?;
    println!(
        "Duplicata du bon n° {} écrit : {}",
        voucher.number,
        pdf.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `voucher show NUMBER [--json]`.
pub fn show(case_file: Option<&PathBuf>, number: &str, as_json: bool) -> Outcome {
    let case = open(case_file)?;
    let v = case.voucher(number)?;
    if as_json {
        println!(
            "{}",
            serde_json::to_value(&v).map_err(|e| Failure::new(e.to_string()))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("Bon n° {} — {} {}", v.number, v.scheme.label(), v.year);
    println!(
        "Bénéficiaire : {} {} ({}), foyer {}",
        v.beneficiary_first_name, v.beneficiary_last_name, v.beneficiary, v.household
    );
    if let Some(amount) = v.amount_cents {
        println!("Montant : {}", amount.to_french());
    }
    println!(
        "Émis le {} par {}",
        guichet_core::dates::french(v.issued_on),
        v.issued_by
    );
    println!("État : {}", v.status.label());
    if let Some(reason) = &v.void_reason {
        println!("Motif d'annulation : {reason}");
    }
    if let Some(old) = &v.replaces {
        println!("Remplace le n° {old}");
    }
    if let Some(new) = &v.replaced_by {
        println!("Remplacé par le n° {new}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `attestation --household ID --year Y --pdf OUT.pdf`: the saved QF of the year.
pub fn attestation(case_file: Option<&PathBuf>, household: &str, year: i32, pdf: &Path) -> Outcome {
    let case = open(case_file)?;
    if case.saved_qf(household, year)?.is_none() {
        return Err(Failure::new(format!(
            "Aucun QF {year} enregistré pour le foyer {household} : enregistrez-le d'abord \
             (guichet qf --household {household} --year {year} --save)."
        )));
    }
    let bytes = case.attestation_pdf(household, year)?;
    save_pdf(pdf, &bytes).map_err(|e| {
        Failure::with_code(
            format!(
                "L'attestation n'a pas pu être écrite dans {} ({e}) : choisissez un autre \
                 emplacement et relancez la commande.",
                pdf.display()
            ),
            PDF_NOT_WRITTEN,
        )
    })?;
    println!(
        "Attestation de QF {year} du foyer {household} écrite : {} (valable du 01/01/{year} au 31/12/{}).",
        pdf.display(),
        NaiveDate::from_ymd_opt(year, 12, 31).map_or(year, |d| d.year())
    );
    Ok(ExitCode::SUCCESS)
}
