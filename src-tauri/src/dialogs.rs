//! The native open and save dialogs (rfd), and the one way a test answers them instead.
//!
//! Under Xvfb no person can click in a GTK dialog, so the window tests name the files the dialog
//! would return in environment variables, read only when they are set:
//! - `GUICHET_DIALOG_OPEN_FILES`: the files "chosen" in the open dialog, separated like `PATH`
//!   (`:` on Linux, `;` on Windows); empty means the agent cancelled;
//! - `GUICHET_DIALOG_SAVE_FILE`: the path "chosen" in the save dialog; empty means cancelled.
//!
//! Otherwise the real dialog opens. It is called from a worker thread, never the UI thread: rfd
//! runs its own GTK loop there, and the window keeps painting meanwhile.

use std::path::PathBuf;

pub const OPEN_FILES_VARIABLE: &str = "GUICHET_DIALOG_OPEN_FILES";
pub const SAVE_FILE_VARIABLE: &str = "GUICHET_DIALOG_SAVE_FILE";

/// The online requests (JSON files) the agent chooses; empty when cancelled.
pub fn pick_request_files() -> Vec<PathBuf> {
    if let Some(value) = std::env::var_os(OPEN_FILES_VARIABLE) {
        return std::env::split_paths(&value)
            .filter(|path| !path.as_os_str().is_empty())
            .collect();
    }
    rfd::FileDialog::new()
        .set_title("Importer des demandes en ligne")
        .add_filter("Demandes en ligne (JSON)", &["json"])
        .pick_files()
        .unwrap_or_default()
}

/// Where the agent saves a PDF, suggesting `file_name`; `None` when cancelled.
pub fn pick_pdf_destination(file_name: &str) -> Option<PathBuf> {
    if let Some(value) = std::env::var_os(SAVE_FILE_VARIABLE) {
        return Some(PathBuf::from(value)).filter(|path| !path.as_os_str().is_empty());
    }
    let mut dialog = rfd::FileDialog::new()
        .set_title("Enregistrer le PDF")
        .add_filter("Document PDF", &["pdf"])
        .set_file_name(file_name);
    if let Some(documents) = directories::UserDirs::new()
        .and_then(|dirs| dirs.document_dir().map(std::path::Path::to_path_buf))
    {
        dialog = dialog.set_directory(documents);
    }
    dialog.save_file()
}
