//! The subcommands of sync with the central office: `enrol`, `sync`, `sync-status`, `conflicts`
//! and `resolve`.
//! Each opens the case file, calls `guichet-sync` or one use case of `guichet-store`, and prints
//! the answer as French text or `--json`. A central office that cannot be reached exits with
//! status 4 (the work stays in the case file); a refusal with status 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use guichet_core::DeskNumber;
use guichet_store::{ConflictView, Resolution};
use guichet_sync::{ClientOptions, SyncError, SyncOptions};
use serde_json::json;

use crate::casefile::{acting_agent, open};
use crate::cli::{Failure, Outcome};

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Self {
        let code = if matches!(e, SyncError::Unreachable { .. }) {
            4
        } else {
            1
        };
        let mut failure = Failure::with_code(e.user_message(), code);
        if matches!(
            e,
            SyncError::Unreachable { .. }
                | SyncError::Certificate { .. }
                | SyncError::Tls { .. }
                | SyncError::NotHttp { .. }
                | SyncError::Authority(_)
                | SyncError::Protocol(_)
        ) {
            failure.detail = Some(e.to_string());
        }
        failure
    }
}

/// A desk number as the conflicts write it (`"07"`).
pub fn desk_text(text: &str) -> Result<String, Failure> {
    DeskNumber::parse(text.trim())
        .map(|d| d.to_string())
        .ok_or_else(|| {
            Failure::new(format!(
                "« {text} » n'est pas un numéro de guichet (01 à 99)"
            ))
        })
}

pub fn enrol(
    case_file: Option<&PathBuf>,
    central: &str,
    code: &str,
    ca_cert: Option<&Path>,
) -> Outcome {
    let ca_pem = match ca_cert {
        None => None,
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            Failure::new(format!(
                "impossible de lire le certificat d'autorité {} : {e}",
                path.display()
            ))
        })?),
    };
    let mut case = open(case_file)?;
    let enrolled = guichet_sync::enrol(
        &mut case,
        central,
        code,
        ca_pem.as_deref(),
        &ClientOptions::default(),
    )?;
    println!(
        "Guichet {} inscrit auprès du service central {}.",
        enrolled.desk, enrolled.central
    );
    Ok(ExitCode::SUCCESS)
}

pub fn sync(
    case_file: Option<&PathBuf>,
    agent: Option<&str>,
    batch_size: usize,
    page_size: usize,
    json: bool,
) -> Outcome {
    let mut case = open(case_file)?;
    let agent = acting_agent(&case, agent)?;
    let mut options = SyncOptions::new(&agent);
    options.batch_size = batch_size;
    options.page_size = page_size;
    let report = guichet_sync::sync(&mut case, &options)?;
    if json {
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    } else {
        println!(
            "Synchronisé : {} événement(s) envoyé(s), {} reçu(s) des autres guichets, {} en \
             attente, {} conflit(s) ouvert(s).",
            report.pushed, report.pulled, report.pending, report.conflicts
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn status(case_file: Option<&PathBuf>, json: bool) -> Outcome {
    let case = open(case_file)?;
    let status = case.sync_status()?;
    if json {
        println!("{}", serde_json::to_string(&status).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    match &status.central {
        None => println!("Ce guichet n'est pas inscrit auprès du service central."),
        Some(central) => {
            let state = if status.last_error.is_some() {
                "hors ligne à la dernière tentative"
            } else if status.last_sync_at.is_some() {
                "en ligne à la dernière synchronisation"
            } else {
                "jamais synchronisé"
            };
            println!("Service central {central} : {state}.");
            if let Some(at) = &status.last_sync_at {
                println!("Dernière synchronisation réussie : {at} (UTC).");
            }
        }
    }
    println!(
        "{} événement(s) en attente d'envoi, {} conflit(s) ouvert(s).",
        status.pending, status.open_conflicts
    );
    if status.unapplied > 0 {
        println!(
            "{} événement(s) reçu(s) d'autres guichets non appliqué(s) ici (à signaler au service \
             central) :",
            status.unapplied
        );
        for e in case.unapplied_events()? {
            println!(
                "  guichet {:02}, n° {} ({}, {}) : {} Raison : {}",
                e.desk, e.seq, e.recorded_at, e.agent, e.description, e.reason
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_conflict(c: &ConflictView) {
    println!(
        "Conflit n° {} — {} ({}) : guichets {} ; personnes {} ; foyers {} ; bons {}",
        c.id,
        guichet_store::conflict_kind_label(&c.kind),
        if c.status == "open" {
            "ouvert"
        } else {
            "résolu"
        },
        c.desks.join(", "),
        c.people.join(", "),
        c.households.join(", "),
        if c.vouchers.is_empty() {
            "aucun".to_owned()
        } else {
            c.vouchers.join(", ")
        }
    );
}

pub fn conflicts(case_file: Option<&PathBuf>, json: bool) -> Outcome {
    let case = open(case_file)?;
    let conflicts = case.conflicts()?;
    if json {
        println!("{}", json!({ "conflicts": conflicts }));
    } else if conflicts.is_empty() {
        println!("Aucun conflit (à la dernière synchronisation).");
    } else {
        for c in &conflicts {
            print_conflict(c);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn resolve(
    case_file: Option<&PathBuf>,
    agent: Option<&str>,
    conflict: i64,
    resolution: &Resolution,
    json: bool,
) -> Outcome {
    let mut case = open(case_file)?;
    let agent = acting_agent(&case, agent)?;
    let view = case.resolve_conflict(conflict, resolution, &agent)?;
    if json {
        println!("{}", serde_json::to_string(&view).unwrap_or_default());
    } else {
        println!(
            "Conflit n° {conflict} résolu : {}. La résolution partira à la prochaine \
             synchronisation.",
            resolution.describe()
        );
    }
    Ok(ExitCode::SUCCESS)
}
