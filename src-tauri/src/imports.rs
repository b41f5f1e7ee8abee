//! Importing online requests from Accueil: the agent picks JSON files, reads a preview of what each
//! would create (household, members, documents) or the French reason it would be refused, then
//! imports them, each file all-or-nothing, with progress for a big batch.

use std::path::{Path, PathBuf};

use guichet_core::Household;
use guichet_core::dates::french;
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use ts_rs::TS;

use crate::dialogs::{self, REQUESTS};
use crate::error::DeskError;
use crate::session::Desk;
use crate::work::{Progress, off_ui_thread};

/// The progress event of an import: [`ImportProgress`].
pub const IMPORT_PROGRESS_EVENT: &str = "import-progress";

/// How many requests go in one transaction: small enough to report progress often, big enough
/// that a batch of thousands does not pay a commit per file.
const CHUNK: usize = 25;

/// A person the request would create.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewMember {
    /// `adulte` or `enfant`.
    pub role: String,
    pub name: String,
    /// `15/06/2016`.
    pub birth_date: String,
}

/// A document the request would create.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewDocument {
    /// `Avis d'imposition`.
    pub label: String,
    /// Its holders' names.
    pub holders: Vec<String>,
}

/// The household a request would create.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewHousehold {
    /// The portal's reference, if any.
    pub reference: Option<String>,
    /// The first adult's last name.
    pub name: String,
    pub address: String,
    /// `19/11/2025`.
    pub received_on: String,
    pub members: Vec<PreviewMember>,
    pub documents: Vec<PreviewDocument>,
}

/// One chosen file: what it would create, or why it would be refused (French, naming the field and
/// the person).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RequestPreview {
    pub path: String,
    pub file_name: String,
    pub household: Option<PreviewHousehold>,
    pub error: Option<String>,
}

/// One file after the import: its new file number, or why it was refused.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportOutcome {
    pub file_name: String,
    pub household: Option<String>,
    pub error: Option<String>,
}

/// How far an import got, in files.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A file's text, or the French reason it cannot be read.
fn read_request(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| {
        format!(
            "Le fichier {} n'a pas pu être lu ({error}) : vérifiez qu'il existe et qu'il s'agit \
             bien d'une demande exportée du portail.",
            path.display()
        )
    })
}

fn preview_household(household: &Household) -> PreviewHousehold {
    let members = household
        .adults
        .iter()
        .map(|a| PreviewMember {
            role: "adulte".to_owned(),
            name: a.full_name(),
            birth_date: french(a.birth_date).to_string(),
        })
        .chain(household.children.iter().map(|c| PreviewMember {
            role: "enfant".to_owned(),
            name: c.full_name(),
            birth_date: french(c.birth_date).to_string(),
        }))
        .collect();
    let documents = household
        .documents
        .iter()
        .map(|d| PreviewDocument {
            label: d.kind().label().to_owned(),
            holders: d
                .holders()
                .into_iter()
                .filter_map(|id| household.person(id).map(|p| p.full_name()))
                .collect(),
        })
        .collect();
    let address = &household.address;
    PreviewHousehold {
        reference: household.reference.clone(),
        name: household.name(),
        address: format!("{}, {} {}", address.line, address.postcode, address.city),
        received_on: french(household.received_on).to_string(),
        members,
        documents,
    }
}

fn preview(desk: &Desk, path: &Path) -> Result<RequestPreview, DeskError> {
    let mut out = RequestPreview {
        path: path.display().to_string(),
        file_name: file_name(path),
        household: None,
        error: None,
    };
    match read_request(path) {
        Err(message) => out.error = Some(message),
        Ok(text) => {
            match desk.with(|session| Ok(session.case_file.preview_request(&text)?)) {
                Ok(household) => out.household = Some(preview_household(&household)),
                // A refused request is an answer to show; only a failing case file is an error.
                Err(DeskError::Store(error)) if is_request_refusal(&error) => {
                    out.error = Some(error.user_message());
                }
                Err(error) => return Err(error),
            }
        }
    }
    Ok(out)
}

fn is_request_refusal(error: &guichet_store::StoreError) -> bool {
    matches!(
        error,
        guichet_store::StoreError::Request(_)
            | guichet_store::StoreError::DuplicateReference { .. }
    )
}

/// Opens the file dialog and previews each chosen request; an empty list when cancelled.
#[tauri::command]
pub async fn pick_requests(app: AppHandle) -> Result<Vec<RequestPreview>, DeskError> {
    off_ui_thread(&app, |app| {
        let desk = tauri::Manager::state::<Desk>(app);
        dialogs::open_paths("Importer des demandes en ligne", &[REQUESTS])
            .iter()
            .map(|path| preview(&desk, path))
            .collect()
    })
    .await
}

/// The files to import, as the preview listed them.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ImportRequest {
    pub paths: Vec<String>,
}

/// Imports the files, each all-or-nothing, telling the window how far it got.
#[tauri::command]
pub async fn import_requests(
    app: AppHandle,
    request: ImportRequest,
) -> Result<Vec<ImportOutcome>, DeskError> {
    off_ui_thread(&app, move |app| {
        let desk = tauri::Manager::state::<Desk>(app);
        let mut progress = Progress::new(app, IMPORT_PROGRESS_EVENT);
        let paths: Vec<PathBuf> = request.paths.iter().map(PathBuf::from).collect();
        let total = paths.len();
        let mut outcomes = Vec::with_capacity(total);
        progress.report(ImportProgress { done: 0, total }, false);
        for chunk in paths.chunks(CHUNK) {
            let texts: Vec<Result<String, String>> =
                chunk.iter().map(|path| read_request(path)).collect();
            let readable: Vec<&str> = texts
                .iter()
                .filter_map(|text| text.as_ref().ok().map(String::as_str))
                .collect();
            let mut imported = desk
                .with(|session| {
                    let agent = session.agent()?.name.clone();
                    Ok(session.case_file.import_requests(&readable, &agent)?)
                })?
                .into_iter();
            for (path, text) in chunk.iter().zip(&texts) {
                let mut outcome = ImportOutcome {
                    file_name: file_name(path),
                    household: None,
                    error: None,
                };
                match text {
                    Err(message) => outcome.error = Some(message.clone()),
                    Ok(_) => match imported.next() {
                        Some(Ok(done)) => outcome.household = Some(done.household.to_string()),
                        Some(Err(error)) => outcome.error = Some(error.user_message()),
                        None => {
                            return Err(DeskError::Worker(
                                "the import returned fewer results than files".to_owned(),
                            ));
                        }
                    },
                }
                outcomes.push(outcome);
            }
            let done = outcomes.len();
            progress.report(ImportProgress { done, total }, done == total);
        }
        Ok(outcomes)
    })
    .await
}
