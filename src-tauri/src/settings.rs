//! Paramètres: the desk's number (fixed once anything is recorded), its default site, its agents
//! and their roles (a supervisor adds one), and what the agent may be asked on the phone: the
//! version, the case file's path and size.

use guichet_store::Role;
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use crate::error::DeskError;
use crate::field_error::FieldError;
use crate::session::{Desk, Session};

/// An agent of the case file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AgentLine {
    pub name: String,
    /// `agent` or `responsable`.
    pub role: String,
    /// The agent acting in this window.
    pub is_me: bool,
}

/// What the Paramètres screen shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SettingsView {
    /// `07`.
    pub desk: String,
    /// Why the number cannot be changed here, in French.
    pub desk_note: String,
    pub site: String,
    pub agents: Vec<AgentLine>,
    /// Only a supervisor adds agents.
    pub can_add_agents: bool,
    pub version: String,
    pub case_file: String,
    /// `12,4 Mo`.
    pub case_file_size: String,
    pub households: i64,
}

/// An agent to add.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewAgent {
    pub name: String,
    pub supervisor: bool,
}

/// A size in bytes as a French reader expects it: `850 o`, `12,4 Ko`, `3,2 Mo`, `1,1 Go`.
pub fn french_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["Ko", "Mo", "Go", "To"];
    if bytes < 1024 {
        return format!("{bytes} o");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
}

/// The case file with its WAL: what the desk's folder holds for it.
fn case_file_size(session: &Session) -> u64 {
    let path = session.case_file.path();
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            std::fs::metadata(std::path::PathBuf::from(name)).ok()
        })
        .map(|meta| meta.len())
        .sum()
}

fn settings_of(session: &Session) -> Result<SettingsView, DeskError> {
    let me = session.agent()?;
    let agents = session
        .case_file
        .agents()?
        .into_iter()
        .map(|a| AgentLine {
            is_me: a.name == me.name,
            name: a.name,
            role: a.role.label().to_owned(),
        })
        .collect();
    Ok(SettingsView {
        desk: session.case_file.desk().to_string(),
        desk_note: "Le numéro du guichet entre dans les numéros de dossier et de bon : il ne \
                    change plus une fois le dossier commencé."
            .to_owned(),
        site: session.case_file.site().to_owned(),
        agents,
        can_add_agents: me.is_supervisor(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        case_file: crate::commands::display_path(session.case_file.path()),
        case_file_size: french_size(case_file_size(session)),
        households: session.case_file.household_count()?,
    })
}

#[tauri::command(async)]
pub fn settings(desk: State<'_, Desk>) -> Result<SettingsView, DeskError> {
    desk.with(|session| settings_of(session))
}

/// A supervisor adds an agent; the answer is the screen as it now stands.
#[tauri::command(async)]
pub fn add_agent(desk: State<'_, Desk>, agent: NewAgent) -> Result<SettingsView, FieldError> {
    let role = if agent.supervisor {
        Role::Supervisor
    } else {
        Role::Agent
    };
    desk.with(|session| {
        let by = session.agent()?.name.clone();
        session
            .case_file
            .add_agent_as_supervisor(&agent.name, role, &by)?;
        settings_of(session)
    })
    .map_err(|error| FieldError::at(Some("name"), &error))
}

/// A supervisor changes the desk's default site; the answer is the screen as it now stands.
#[tauri::command(async)]
pub fn change_site(desk: State<'_, Desk>, site: String) -> Result<SettingsView, FieldError> {
    desk.with(|session| {
        let by = session.agent()?.name.clone();
        session.case_file.change_site(&site, &by)?;
        settings_of(session)
    })
    .map_err(|error| FieldError::at(Some("site"), &error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_in_french() {
        assert_eq!(french_size(850), "850 o");
        assert_eq!(french_size(12_700), "12,4 Ko");
        assert_eq!(french_size(3_355_443), "3,2 Mo");
        assert_eq!(french_size(1_181_116_006), "1,1 Go");
    }
}
