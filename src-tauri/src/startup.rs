//! Start-up commands: what the window shows first (the case file to create, the agent to choose, or
//! the home screen), choosing the acting agent, and creating the default case file on first start,
//! with the demo households when the agent wants them.

use guichet_core::DeskNumber;
use guichet_store::{Agent, CaseFile};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::DeskError;
use crate::session::{Desk, DeskState, Session};

/// How many demo households a new default case file may start with.
const DEMO_HOUSEHOLDS: usize = 500;
/// The seed of the demo households: the same demo as `guichet init --demo`.
const DEMO_SEED: u64 = 2026;

/// What the window shows first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Startup {
    /// The case file is open; `agent` is `None` until one is chosen among `agents`.
    Open {
        agent: Option<Agent>,
        agents: Vec<Agent>,
        /// Today at the desk (ISO), the date files are judged on.
        today: String,
    },
    /// The default case file does not exist yet: offer to create it here.
    ToCreate { path: String, agent: Option<String> },
    /// The case file could not be opened; the French reason.
    Failed { message: String },
}

fn today_text() -> Result<String, DeskError> {
    Ok(guichet_store::today()?.format("%Y-%m-%d").to_string())
}

#[tauri::command(async)]
pub fn startup(desk: State<'_, Desk>) -> Result<Startup, DeskError> {
    let state = desk.state()?;
    Ok(match &*state {
        DeskState::Open(session) => Startup::Open {
            agent: session.agent.clone(),
            agents: session.case_file.agents()?,
            today: today_text()?,
        },
        DeskState::ToCreate { path, agent } => Startup::ToCreate {
            path: path.display().to_string(),
            agent: agent.clone(),
        },
        DeskState::Failed(message) => Startup::Failed {
            message: message.clone(),
        },
    })
}

/// The agent picks who is acting (when `GUICHET_AGENT` did not say).
#[tauri::command(async)]
pub fn choose_agent(desk: State<'_, Desk>, name: String) -> Result<Agent, DeskError> {
    desk.with(|session| {
        let agent = session.case_file.agent(name.trim())?;
        session.agent = Some(agent.clone());
        Ok(agent)
    })
}

/// Creates the default case file (first start): desk number, site, first agent, an optional
/// supervisor, the shipped reference data, and the demo households when asked.
#[tauri::command(async)]
pub fn create_case_file(
    desk: State<'_, Desk>,
    desk_number: String,
    site: String,
    agent: String,
    supervisor: Option<String>,
    demo: bool,
) -> Result<Startup, DeskError> {
    let mut state = desk.state()?;
    let DeskState::ToCreate { path, .. } = &*state else {
        return Err(DeskError::Refused(
            "Un dossier est déjà ouvert : il n'y a rien à créer.".to_owned(),
        ));
    };
    let path = path.clone();
    let number = DeskNumber::parse(desk_number.trim()).ok_or_else(|| {
        DeskError::Refused(format!(
            "« {} » n'est pas un numéro de guichet : deux chiffres de 01 à 99 sont attendus.",
            desk_number.trim()
        ))
    })?;
    let agent = agent.trim().to_owned();
    let supervisor = supervisor
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|error| {
            DeskError::File(format!(
                "Le dossier {} n'a pas pu être créé ({error}).",
                folder.display()
            ))
        })?;
    }
    let made = (|| {
        let mut case_file = CaseFile::init(
            &path,
            number,
            &agent,
            supervisor.as_deref(),
            &site,
            guichet_core::reference::SHIPPED,
        )?;
        if demo {
            let today = guichet_store::today()?;
            case_file.generate_demo(DEMO_HOUSEHOLDS, DEMO_SEED, today, &agent)?;
        }
        Ok::<_, DeskError>(case_file)
    })();
    let case_file = match made {
        Ok(case_file) => case_file,
        Err(error) => {
            // A half-made file would be taken for a case file at the next start.
            for suffix in ["", "-wal", "-shm"] {
                let mut name = path.as_os_str().to_owned();
                name.push(suffix);
                let _ = std::fs::remove_file(std::path::PathBuf::from(name));
            }
            return Err(error);
        }
    };
    let acting = case_file.agent(&agent)?;
    *state = DeskState::Open(Session {
        case_file,
        agent: Some(acting.clone()),
    });
    let DeskState::Open(session) = &*state else {
        return Err(DeskError::Poisoned);
    };
    Ok(Startup::Open {
        agent: Some(acting),
        agents: session.case_file.agents()?,
        today: today_text()?,
    })
}
