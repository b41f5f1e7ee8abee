//! The simulators (`qf`, `documents`, `eligibility` with `--file`): check a request before it is
//! imported, with no case file. They compute from the figures as given, name people by the request's
//! own ids (`a1`, `c1`), and say whether the checklist is complete.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use guichet_core::checklist::{Checklist, Procedure, checklist};
use guichet_core::eligibility::Eligibility;
use guichet_core::qf::{QfComputation, compute_qf};
use guichet_core::{Household, Reference, reference, request};
use serde_json::{Value, json};

use crate::casefile::on_or_today;
use crate::cli::{Failure, Outcome, SimulateArgs};

/// Reads and parses a request file; every problem is a French message naming the file.
pub fn read_request(file: &Path) -> Result<Household, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::new(format!("{} : lecture impossible ({e})", file.display())))?;
    request::parse_request(&text)
        .map_err(|e| Failure::new(format!("{} : {}", file.display(), e.message())))
}

/// The shipped reference data of a year.
pub fn reference_of(year: i32) -> Result<Reference, Failure> {
    let set = reference::shipped()
        .map_err(|e| Failure::new(format!("données de référence illisibles : {e}")))?;
    set.get(year).cloned().map_err(|_| {
        let years: Vec<String> = set.years().map(|y| y.to_string()).collect();
        Failure::new(format!(
            "pas de données de référence pour {year} (années connues : {})",
            years.join(", ")
        ))
    })
}

pub fn qf(file: &Path, year: i32, on: Option<NaiveDate>, json: bool) -> Outcome {
    let household = read_request(file)?;
    let on = on_or_today(on)?;
    let reference = reference_of(year)?;
    let computation = compute_qf(&household, year, on, &reference);
    let list = checklist(&household, Procedure::Qf, year, on, &reference);
    print_qf(&computation, &list, json);
    Ok(ExitCode::SUCCESS)
}

/// The `qf` JSON shape: `{"year", "parts", "reference_tax_income_cents", "monthly_benefits_cents",
/// "qf_cents", "tranche", "complete", "lines", "reference"}`.
pub fn qf_json(computation: &QfComputation, list: &Checklist) -> Value {
    json!({
        "year": computation.year,
        "parts": computation.parts_quarters.as_parts(),
        "reference_tax_income_cents": computation.reference_tax_income_cents,
        "monthly_benefits_cents": computation.monthly_benefits_cents,
        "qf_cents": computation.qf_cents,
        "tranche": computation.tranche,
        "complete": list.complete,
        "lines": computation.lines,
        "reference": computation.reference,
    })
}

pub fn print_qf(computation: &QfComputation, list: &Checklist, json: bool) {
    if json {
        println!("{}", qf_json(computation, list));
        return;
    }
    println!("Quotient familial {}", computation.year);
    for line in &computation.lines {
        println!("  {line}");
    }
    print_completeness(list);
}

fn print_completeness(list: &Checklist) {
    if list.complete {
        println!("Pièces justificatives : complètes.");
    } else {
        println!("Pièces justificatives : incomplètes.");
        for item in list.blocking() {
            println!("  - {} ({})", item.reason, item.status.label());
        }
    }
}

pub fn documents(args: &SimulateArgs) -> Outcome {
    let household = read_request(&args.file)?;
    let on = on_or_today(args.on)?;
    let reference = reference_of(args.year)?;
    let list = checklist(&household, args.procedure, args.year, on, &reference);
    if args.json {
        println!("{}", checklist_json(&list));
    } else {
        println!(
            "Pièces pour {} ({}) au {} :",
            args.procedure.label(),
            args.year,
            guichet_core::dates::french(on)
        );
        for item in &list.items {
            println!("  [{}] {}", item.status.label(), item.reason);
        }
        if list.items.is_empty() {
            println!("  aucune pièce propre à cette démarche.");
        }
        print_completeness(&list);
    }
    Ok(ExitCode::SUCCESS)
}

/// The `documents` JSON shape: `{"procedure", "complete", "items": [{"kind", "holder", "status",
/// "reason"}]}`.
pub fn checklist_json(list: &Checklist) -> Value {
    json!({
        "procedure": list.procedure,
        "complete": list.complete,
        "items": list.items,
    })
}

pub fn eligibility(args: &SimulateArgs) -> Outcome {
    let household = read_request(&args.file)?;
    let on = on_or_today(args.on)?;
    let reference = reference_of(args.year)?;
    // The simulator takes the tranche of the QF computed from what was typed.
    let computation = compute_qf(&household, args.year, on, &reference);
    let result = guichet_core::eligibility::eligibility(
        &household,
        args.year,
        on,
        Some(computation.tranche),
        &reference,
    );
    if args.json {
        println!("{}", eligibility_json(&result));
    } else {
        print_eligibility(&household_names(&household), &result);
    }
    Ok(ExitCode::SUCCESS)
}

/// The `eligibility` JSON shape: `{"year", "tranche", "entitlements": [{"scheme", "beneficiary",
/// "amount_cents"}], "refusals": [{"scheme", "beneficiary", "reason"}]}`.
pub fn eligibility_json(result: &Eligibility) -> Value {
    json!({
        "year": result.year,
        "tranche": result.tranche,
        "qf_known": result.qf_known,
        "entitlements": result.entitlements,
        "refusals": result.refusals,
        "reference": result.reference,
    })
}

/// Person id → full name, for text output.
pub fn household_names(household: &Household) -> Vec<(String, String)> {
    household
        .adults
        .iter()
        .map(|a| (a.id.0.clone(), a.full_name()))
        .chain(
            household
                .children
                .iter()
                .map(|c| (c.id.0.clone(), c.full_name())),
        )
        .collect()
}

pub fn print_eligibility(names: &[(String, String)], result: &Eligibility) {
    let name = |id: &str| {
        names
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    println!(
        "Droits {} (tranche {}{}) :",
        result.year,
        result.tranche,
        if result.qf_known {
            ""
        } else {
            ", QF non calculé"
        }
    );
    if result.entitlements.is_empty() {
        println!("  aucun droit ouvert.");
    }
    for e in &result.entitlements {
        let amount = e
            .amount_cents
            .map(|a| format!(" : {a}"))
            .unwrap_or_default();
        println!(
            "  + {} pour {}{amount} — {}",
            e.scheme.label(),
            name(&e.beneficiary.0),
            e.reason
        );
    }
    for r in &result.refusals {
        println!(
            "  - {} pour {} : {}",
            r.scheme.label(),
            name(&r.beneficiary.0),
            r.reason
        );
    }
}
