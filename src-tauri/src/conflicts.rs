//! Conflits: the conflicts the central office raised that concern this desk, as of the last sync,
//! each with who and what it names (persons with their birth dates, desks, vouchers), open ones
//! first; a supervisor resolves one with an ordinary event (void a voucher, merge two persons,
//! keep one version of a household), which leaves at the next sync. Agents read them only. Beside
//! them, the events pulled from other desks that could not be applied here, for a supervisor to
//! report to the central office.

use guichet_store::{
    CaseFile, ConflictPerson, ConflictView, ConflictVoucher, Resolution, UnappliedEvent,
    conflict_kind_label,
};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::DeskError;
use crate::field_error::FieldError;
use crate::session::{Desk, Session};

/// One conflict as the screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConflictLine {
    pub id: i64,
    /// `duplicate_person`, `double_issuance` or `concurrent_edit`.
    pub kind: String,
    /// The kind in French (`aide donnée deux fois`).
    pub kind_label: String,
    pub open: bool,
    /// Desk numbers (`07`).
    pub desks: Vec<String>,
    /// Household file numbers.
    pub households: Vec<String>,
    /// Every person number the conflict names.
    pub person_numbers: Vec<String>,
    /// Those of them this desk knows, with their names and birth dates.
    pub people: Vec<ConflictPerson>,
    /// Every voucher number the conflict names.
    pub voucher_numbers: Vec<String>,
    /// Those of them this desk knows.
    pub vouchers: Vec<ConflictVoucher>,
    /// What was decided, in French; `None` while open.
    pub resolution: Option<String>,
    /// Who decided it and where (`Nadia Haddad, guichet 01`).
    pub resolved_by: Option<String>,
    /// When, UTC (RFC 3339).
    pub resolved_at: Option<String>,
}

/// What the Conflits section shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConflictsScreen {
    pub conflicts: Vec<ConflictLine>,
    /// Only a supervisor resolves.
    pub can_resolve: bool,
    /// Events pulled from other desks that could not be applied here, oldest first (the first
    /// `guichet_store::UNAPPLIED_LISTED` of them)…
    pub unapplied: Vec<UnappliedEvent>,
    /// …and how many there are in all.
    pub unapplied_total: i64,
}

fn text_field(value: &serde_json::Value, key: &str) -> Option<String> {
    value.get(key).and_then(|v| v.as_str()).map(str::to_owned)
}

fn line_of(case: &CaseFile, conflict: ConflictView) -> Result<ConflictLine, DeskError> {
    let resolution = conflict.resolution.as_ref();
    let decided = resolution
        .and_then(|value| serde_json::from_value::<Resolution>(value.clone()).ok())
        .map(|r| r.describe());
    let resolved_by = resolution.and_then(|value| {
        let by = text_field(value, "by")?;
        Some(match text_field(value, "desk") {
            Some(desk) => format!("{by}, guichet {desk}"),
            None => by,
        })
    });
    Ok(ConflictLine {
        id: conflict.id,
        kind_label: conflict_kind_label(&conflict.kind).to_owned(),
        open: conflict.status == "open",
        people: case.conflict_people(&conflict.people)?,
        vouchers: case.conflict_vouchers(&conflict.vouchers)?,
        resolved_at: resolution.and_then(|value| text_field(value, "at")),
        resolution: decided,
        resolved_by,
        kind: conflict.kind,
        desks: conflict.desks,
        households: conflict.households,
        person_numbers: conflict.people,
        voucher_numbers: conflict.vouchers,
    })
}

fn screen_of(session: &Session) -> Result<ConflictsScreen, DeskError> {
    let case = &session.case_file;
    let conflicts = case
        .conflicts()?
        .into_iter()
        .map(|c| line_of(case, c))
        .collect::<Result<_, _>>()?;
    Ok(ConflictsScreen {
        conflicts,
        can_resolve: session.agent()?.is_supervisor(),
        unapplied: case.unapplied_events()?,
        unapplied_total: case.unapplied_count()?,
    })
}

#[tauri::command(async)]
pub fn conflicts(desk: State<'_, Desk>) -> Result<ConflictsScreen, DeskError> {
    desk.with(|session| screen_of(session))
}

/// A supervisor resolves conflict `id`; the answer is the list as it now stands. A refusal about
/// a voucher goes beside the reason typed for it.
#[tauri::command(async)]
pub fn resolve_conflict(
    desk: State<'_, Desk>,
    id: i64,
    resolution: Resolution,
) -> Result<ConflictsScreen, FieldError> {
    let field = match resolution {
        Resolution::VoidVoucher { .. } => Some("reason"),
        Resolution::MergePersons { .. }
        | Resolution::DistinctPersons { .. }
        | Resolution::KeepHousehold { .. } => None,
    };
    desk.with(|session| {
        let agent = session.agent()?.name.clone();
        session
            .case_file
            .resolve_conflict(id, &resolution, &agent)?;
        screen_of(session)
    })
    .map_err(|error| FieldError::at(field, &error))
}
