//! Handing a finished PDF to the agent: saved where the agent chooses (save dialog, then an atomic
//! write) or opened in the system's viewer (from the temporary folder). Called after the use case has
//! committed and outside the case file's lock: a cancelled dialog or an unwritable folder loses
//! nothing, and the message says how to print again.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use crate::dialogs;
use crate::error::DeskError;

/// What to do with a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Output {
    /// Ask where to save it.
    Save,
    /// Show it in the system's viewer (to print it from there).
    Open,
}

/// Where a PDF went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Printed {
    /// The file written.
    pub path: String,
    /// True when it was also opened in the system's viewer.
    pub opened: bool,
}

/// Delivers `bytes` as `file_name`; `Ok(None)` when the agent cancelled the save dialog.
pub fn deliver<R: Runtime>(
    app: &AppHandle<R>,
    bytes: &[u8],
    title: &str,
    file_name: &str,
    output: Output,
) -> Result<Option<Printed>, DeskError> {
    let path = match output {
        Output::Save => match dialogs::save_path(title, file_name, dialogs::PDF) {
            Some(path) => path,
            None => return Ok(None),
        },
        Output::Open => dialogs::viewer_path(file_name)?,
    };
    guichet_print::save_pdf(&path, bytes).map_err(|error| {
        DeskError::File(format!(
            "Le PDF n'a pas pu être écrit dans {} ({error}). Choisissez un autre dossier.",
            path.display()
        ))
    })?;
    let opened = match output {
        Output::Save => false,
        Output::Open => {
            app.opener()
                .open_path(path.to_string_lossy(), None::<&str>)
                .map_err(|error| {
                    DeskError::File(format!(
                        "Le PDF est écrit dans {} mais la visionneuse n'a pas pu l'ouvrir ({error}).",
                        path.display()
                    ))
                })?;
            true
        }
    };
    Ok(Some(Printed {
        path: path.display().to_string(),
        opened,
    }))
}
