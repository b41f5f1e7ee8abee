//! The subcommands that work on a case file: `init`, `agent add`, `import`, `search`, `show`, and
//! `qf --household`. Each opens the case file, calls one use case of `guichet-store`, and prints the
//! answer as French text or `--json`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use guichet_core::DeskNumber;
use guichet_core::checklist::{Procedure, checklist};
use guichet_core::household::Channel;
use guichet_core::qf::compute_qf;
use guichet_core::reference::SHIPPED;
use guichet_store::{CaseFile, Role, StoreError};
use serde_json::json;

use crate::cli::{Failure, Outcome, QfArgs};
use crate::simulate::{household_names, print_qf, qf_json};

/// The seed of the demo households: the same demo everywhere.
const DEMO_SEED: u64 = 2026;

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::IncompleteChecklist { .. } => Failure::with_code(e.user_message(), 2),
            _ => Failure::new(e.user_message()),
        }
    }
}

/// The case file named by `--case-file` or `GUICHET_CASE_FILE`.
pub fn path_of(case_file: Option<&PathBuf>) -> Result<&Path, Failure> {
    case_file.map(PathBuf::as_path).ok_or_else(|| {
        Failure::new("aucun dossier indiqué : --case-file CHEMIN ou GUICHET_CASE_FILE")
    })
}

pub fn open(case_file: Option<&PathBuf>) -> Result<CaseFile, Failure> {
    let path = path_of(case_file)?;
    if !path.exists() {
        return Err(Failure::new(format!(
            "le dossier {} n'existe pas : créez-le avec « guichet init »",
            path.display()
        )));
    }
    Ok(CaseFile::open(path)?)
}

/// The acting agent: `--agent`/`GUICHET_AGENT`, else the first agent of the case file.
pub fn acting_agent(case: &CaseFile, agent: Option<&str>) -> Result<String, Failure> {
    if let Some(name) = agent {
        return Ok(case.agent(name)?.name);
    }
    case.agents()?
        .into_iter()
        .next()
        .map(|a| a.name)
        .ok_or_else(|| Failure::new("ce dossier n'a aucun agent : ajoutez-en un (agent add)"))
}

pub fn on_or_today(on: Option<NaiveDate>) -> Result<NaiveDate, Failure> {
    match on {
        Some(on) => Ok(on),
        None => Ok(guichet_store::today()?),
    }
}

pub struct InitArgs<'a> {
    pub desk: &'a str,
    pub agent: Option<&'a str>,
    pub supervisor: Option<&'a str>,
    pub site: &'a str,
    pub demo: Option<usize>,
}

pub fn init(case_file: Option<&PathBuf>, args: InitArgs<'_>) -> Outcome {
    let path = path_of(case_file)?;
    let desk = DeskNumber::parse(args.desk).ok_or_else(|| {
        Failure::new(format!(
            "numéro de guichet « {} » invalide : de 01 à 99",
            args.desk
        ))
    })?;
    let agent = args
        .agent
        .ok_or_else(|| Failure::new("le premier agent est à nommer : --agent NOM"))?;
    let mut case = CaseFile::init(path, desk, agent, args.supervisor, args.site, SHIPPED)?;
    println!(
        "Dossier {} créé : guichet {desk}, site {}, agent {agent}{}.",
        path.display(),
        args.site,
        args.supervisor
            .map(|s| format!(", superviseur {s}"))
            .unwrap_or_default()
    );
    if let Some(count) = args.demo {
        let on = on_or_today(None)?;
        let summary = case.generate_demo(count, DEMO_SEED, on, agent)?;
        println!(
            "{} foyers de démonstration ajoutés ({} personnes, {} pièces, {} QF {} enregistrés).",
            summary.households,
            summary.persons,
            summary.documents,
            summary.qf_saved,
            summary.qf_year
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn add_agent(
    case_file: Option<&PathBuf>,
    by: Option<&str>,
    name: &str,
    supervisor: bool,
) -> Outcome {
    let mut case = open(case_file)?;
    let by = acting_agent(&case, by)?;
    let role = if supervisor {
        Role::Supervisor
    } else {
        Role::Agent
    };
    let agent = case.add_agent(name, role, &by)?;
    println!("Agent {} ajouté ({}).", agent.name, agent.role.label());
    Ok(ExitCode::SUCCESS)
}

/// `import FILE...`: each file is all-or-nothing; the good ones are imported even when another
/// fails; the exit status is 1 when any failed.
pub fn import(
    case_file: Option<&PathBuf>,
    agent: Option<&str>,
    files: &[PathBuf],
    as_json: bool,
) -> Outcome {
    let mut case = open(case_file)?;
    let agent = acting_agent(&case, agent)?;
    // Files are read first; the readable ones are imported in one transaction with a savepoint
    // each (`import_requests`): each file is all-or-nothing, and the batch costs one commit.
    let mut texts = Vec::with_capacity(files.len());
    let mut outcomes: Vec<Option<Result<guichet_store::Imported, String>>> = Vec::new();
    for file in files {
        match std::fs::read_to_string(file) {
            Ok(text) => {
                texts.push(text);
                outcomes.push(None);
            }
            Err(e) => outcomes.push(Some(Err(format!("lecture impossible ({e})")))),
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut results = case.import_requests(&refs, &agent)?.into_iter();
    let mut imported = Vec::new();
    let mut failed = Vec::new();
    for (file, outcome) in files.iter().zip(outcomes) {
        let shown = file.display().to_string();
        let outcome = match outcome {
            Some(failure) => failure,
            None => match results.next() {
                Some(result) => result.map_err(|e| e.user_message()),
                None => Err("fichier non traité".to_owned()),
            },
        };
        match outcome {
            Ok(done) => imported.push(json!({
                "file": shown,
                "reference": done.reference,
                "household": done.household.to_string(),
            })),
            Err(error) => failed.push(json!({"file": shown, "error": error})),
        }
    }
    if as_json {
        println!("{}", json!({"imported": imported, "failed": failed}));
    } else {
        for i in &imported {
            println!(
                "{} : importé, dossier {}{}",
                i["file"].as_str().unwrap_or_default(),
                i["household"].as_str().unwrap_or_default(),
                i["reference"]
                    .as_str()
                    .map(|r| format!(" (référence {r})"))
                    .unwrap_or_default()
            );
        }
        for f in &failed {
            eprintln!(
                "{} : refusé — {}",
                f["file"].as_str().unwrap_or_default(),
                f["error"].as_str().unwrap_or_default()
            );
        }
        println!("{} importé(s), {} refusé(s).", imported.len(), failed.len());
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn search(case_file: Option<&PathBuf>, text: &str, limit: usize, as_json: bool) -> Outcome {
    let case = open(case_file)?;
    let results = case.search(text, limit)?;
    if as_json {
        println!("{}", json!({"query": text, "results": results}));
    } else if results.is_empty() {
        println!("Aucun foyer ne correspond à « {text} ».");
    } else {
        for r in &results {
            println!(
                "{}  {}  —  {}  ({})",
                r.household,
                r.adults.join(", "),
                r.address,
                r.hint
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(
    case_file: Option<&PathBuf>,
    number: &str,
    on: Option<NaiveDate>,
    as_json: bool,
) -> Outcome {
    let case = open(case_file)?;
    let on = on_or_today(on)?;
    let view = case.household_view(number, on)?;
    if as_json {
        let text = serde_json::to_string(&view)
            .map_err(|e| Failure::new(format!("affichage impossible : {e}")))?;
        println!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    crate::show::print(&view);
    Ok(ExitCode::SUCCESS)
}

/// `qf --household`: computes the QF from the case file; with `--save`, records it (refused with
/// exit status 2 when the checklist is incomplete, unless a supervisor gives a derogation).
pub fn qf(
    case_file: Option<&PathBuf>,
    agent: Option<&str>,
    number: &str,
    args: &QfArgs,
) -> Outcome {
    let mut case = open(case_file)?;
    let on = on_or_today(args.on)?;
    if args.save {
        let agent = acting_agent(&case, agent)?;
        let channel = match args.channel.as_deref() {
            Some("online") => Channel::Online,
            _ => Channel::Desk,
        };
        let saved = case.save_qf(
            number,
            args.year,
            on,
            args.site.as_deref(),
            channel,
            &agent,
            args.derogation.as_deref(),
        )?;
        if args.json {
            let household = case.household(number)?;
            let reference = case.reference(args.year)?;
            let computation = compute_qf(&household, args.year, on, &reference);
            let list = checklist(&household, Procedure::Qf, args.year, on, &reference);
            let mut value = qf_json(&computation, &list);
            value["saved"] = json!(saved);
            println!("{value}");
        } else {
            println!(
                "QF {} du foyer {} enregistré : {} (tranche {}), site {}, canal {}, par {}{}.",
                saved.year,
                number,
                saved.qf_cents,
                saved.tranche,
                saved.site,
                saved.channel.label(),
                saved.agent,
                if saved.derogation.is_some() {
                    ", sur dérogation"
                } else {
                    ""
                }
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let household = case.household(number)?;
    let reference = case.reference(args.year)?;
    let computation = compute_qf(&household, args.year, on, &reference);
    let list = checklist(&household, Procedure::Qf, args.year, on, &reference);
    if !args.json {
        let names = household_names(&household);
        println!(
            "Foyer {number} : {}",
            names
                .iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    print_qf(&computation, &list, args.json);
    Ok(ExitCode::SUCCESS)
}
