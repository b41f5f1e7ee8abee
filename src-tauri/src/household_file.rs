//! Commands of the Dossier du foyer: registering a household ("Nouveau foyer"), correcting its
//! address, its people and its documents, and the scans of its documents (picked with the file
//! dialog, kept in the case file, shown in the window or in the system's viewer). Each is a thin
//! adapter over one `guichet-store` use case, acting as the chosen agent.

use base64::prelude::{BASE64_STANDARD, Engine as _};
use guichet_core::Household;
use guichet_core::documents::Document;
use guichet_store::{HouseholdFields, PersonData, ScanInfo};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use crate::dialogs::{self, Filter};
use crate::error::DeskError;
use crate::session::Desk;

/// What the scan picker offers.
const SCAN_FILTERS: &[Filter] = &[Filter {
    name: "Scan (PDF, PNG, JPEG)",
    extensions: &["pdf", "png", "jpg", "jpeg"],
}];

#[tauri::command(async)]
pub fn create_household(desk: State<'_, Desk>, household: Household) -> Result<String, DeskError> {
    desk.as_agent(|case_file, agent| {
        Ok(case_file
            .create_household(&household, &agent.name)?
            .to_string())
    })
}

#[tauri::command(async)]
pub fn update_household(
    desk: State<'_, Desk>,
    number: String,
    fields: HouseholdFields,
) -> Result<(), DeskError> {
    desk.as_agent(|case_file, agent| {
        Ok(case_file.update_household(&number, &fields, &agent.name)?)
    })
}

#[tauri::command(async)]
pub fn add_person(
    desk: State<'_, Desk>,
    number: String,
    person: PersonData,
) -> Result<String, DeskError> {
    desk.as_agent(|case_file, agent| {
        Ok(case_file
            .add_person(&number, &person, &agent.name)?
            .to_string())
    })
}

#[tauri::command(async)]
pub fn update_person(
    desk: State<'_, Desk>,
    person: String,
    data: PersonData,
) -> Result<(), DeskError> {
    desk.as_agent(|case_file, agent| Ok(case_file.update_person(&person, &data, &agent.name)?))
}

#[tauri::command(async)]
pub fn remove_person(desk: State<'_, Desk>, person: String) -> Result<(), DeskError> {
    desk.as_agent(|case_file, agent| Ok(case_file.remove_person(&person, &agent.name)?))
}

#[tauri::command(async)]
pub fn add_document(
    desk: State<'_, Desk>,
    number: String,
    document: Document,
) -> Result<i64, DeskError> {
    desk.as_agent(|case_file, agent| Ok(case_file.add_document(&number, &document, &agent.name)?))
}

#[tauri::command(async)]
pub fn update_document(
    desk: State<'_, Desk>,
    id: i64,
    document: Document,
) -> Result<(), DeskError> {
    desk.as_agent(|case_file, agent| Ok(case_file.update_document(id, &document, &agent.name)?))
}

#[tauri::command(async)]
pub fn remove_document(desk: State<'_, Desk>, id: i64) -> Result<(), DeskError> {
    desk.as_agent(|case_file, agent| Ok(case_file.remove_document(id, &agent.name)?))
}

/// Asks for the scan of document `document` and keeps it in the case file; `None` when the agent
/// cancels the dialog.
#[tauri::command(async)]
pub fn attach_scan(desk: State<'_, Desk>, document: i64) -> Result<Option<ScanInfo>, DeskError> {
    // The dialog is answered before the case file is locked.
    let Some(path) = dialogs::open_path("Joindre le scan de la pièce", SCAN_FILTERS) else {
        return Ok(None);
    };
    let metadata = std::fs::metadata(&path).map_err(|error| {
        DeskError::File(format!(
            "Le fichier {} est illisible ({error}).",
            path.display()
        ))
    })?;
    if metadata.len() > guichet_store::MAX_SCAN_BYTES as u64 {
        // Refused before reading the whole file; the store gives the same message.
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Err(DeskError::Refused(format!(
            "Le fichier « {name} » pèse {:.1} Mo : un scan ne peut pas dépasser {} Mo. \
             Numérisez la pièce en résolution plus basse ou en noir et blanc.",
            metadata.len() as f64 / (1024.0 * 1024.0),
            guichet_store::MAX_SCAN_BYTES / (1024 * 1024)
        )));
    }
    let content = std::fs::read(&path).map_err(|error| {
        DeskError::File(format!(
            "Le fichier {} est illisible ({error}).",
            path.display()
        ))
    })?;
    let name = path.to_string_lossy().into_owned();
    desk.as_agent(|case_file, agent| {
        Ok(Some(case_file.attach_scan(
            document,
            &name,
            &content,
            &agent.name,
        )?))
    })
}

#[tauri::command(async)]
pub fn remove_scan(desk: State<'_, Desk>, id: i64) -> Result<(), DeskError> {
    desk.as_agent(|case_file, agent| Ok(case_file.remove_scan(id, &agent.name)?))
}

/// An image scan to show in the window (`data:` URL, which the window's policy allows for images).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScanImage {
    pub file_name: String,
    pub data_url: String,
}

#[tauri::command(async)]
pub fn scan_image(desk: State<'_, Desk>, id: i64) -> Result<ScanImage, DeskError> {
    desk.with(|session| {
        let scan = session.case_file.scan(id)?;
        if !scan.info.media_type.starts_with("image/") {
            return Err(DeskError::Refused(
                "Ce scan est un PDF : ouvrez-le dans la visionneuse.".to_owned(),
            ));
        }
        Ok(ScanImage {
            data_url: format!(
                "data:{};base64,{}",
                scan.info.media_type,
                BASE64_STANDARD.encode(&scan.content)
            ),
            file_name: scan.info.file_name,
        })
    })
}

/// Opens a scan in the system's viewer (a copy in the temporary folder).
#[tauri::command(async)]
pub fn open_scan(app: AppHandle, desk: State<'_, Desk>, id: i64) -> Result<String, DeskError> {
    let scan = desk.with(|session| Ok(session.case_file.scan(id)?))?;
    let extension = match scan.info.media_type.as_str() {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    };
    let path = dialogs::viewer_path(&dialogs::file_name(&format!("scan-{id}"), extension))?;
    std::fs::write(&path, &scan.content).map_err(|error| {
        DeskError::File(format!(
            "Le scan n'a pas pu être écrit dans {} ({error}).",
            path.display()
        ))
    })?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|error| {
            DeskError::File(format!(
                "La visionneuse n'a pas pu ouvrir le scan ({error})."
            ))
        })?;
    Ok(path.display().to_string())
}
