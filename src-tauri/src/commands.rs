//! Tauri commands: each one takes its arguments, calls one `guichet-store` function and returns its
//! answer; errors reach the window as French messages (see [`DeskError`]).

use std::path::Path;

use guichet_store::{HouseholdView, SearchResult};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::DeskError;
use crate::session::Desk;

/// How many households the search box lists at most.
const SEARCH_LIMIT: usize = 30;

/// What the status bar shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DeskStatus {
    /// The acting agent, empty until one is chosen.
    pub agent: String,
    /// The agent's role, in French (`agent`, `responsable`).
    pub role: String,
    /// Desk number, `07`.
    pub desk: String,
    pub site: String,
    pub case_file: String,
}

#[tauri::command(async)]
pub fn search(desk: State<'_, Desk>, text: String) -> Result<Vec<SearchResult>, DeskError> {
    desk.with(|session| Ok(session.case_file.search(&text, SEARCH_LIMIT)?))
}

#[tauri::command(async)]
pub fn household(desk: State<'_, Desk>, number: String) -> Result<HouseholdView, DeskError> {
    desk.with(|session| {
        let today = guichet_store::today()?;
        Ok(session.case_file.household_view(number.trim(), today)?)
    })
}

#[tauri::command(async)]
pub fn status(desk: State<'_, Desk>) -> Result<DeskStatus, DeskError> {
    desk.with(|session| {
        Ok(DeskStatus {
            agent: session
                .agent
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            role: session
                .agent
                .as_ref()
                .map(|a| a.role.label().to_owned())
                .unwrap_or_default(),
            desk: session.case_file.desk().to_string(),
            site: session.case_file.site().to_owned(),
            case_file: display_path(session.case_file.path()),
        })
    })
}

/// The case file's absolute path, as the agent would look for it.
pub(crate) fn display_path(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string()
}
