//! The file dialogs the window opens (save a PDF where the agent chooses, pick a scan), and where a
//! PDF goes to be shown in the system's viewer.
//!
//! The dialogs are rfd's native ones. They are asked for from a worker thread (every caller is an
//! async command or runs off the UI thread) and rfd shows them on the main (GTK) thread, the worker
//! waiting for the answer: on Linux rfd queues the dialog on the GTK main loop, so asking from the
//! main thread itself would wait for ever.
//!
//! An automated test that does not drive the dialogs themselves sets one environment variable, and
//! it stands in for the agent's answer, and only for that: `GUICHET_DIALOG_ANSWERS=DIR` makes a save
//! dialog answer `DIR/<suggested file name>`, an open dialog answer the newest file of `DIR/open/`
//! whose extension the dialog accepts, and a dialog choosing several files answer all those files
//! (by name; none: the agent cancelled). Everything after the answer (reading, writing, the use
//! cases) is the same code as with the real dialog. The real GTK dialogs and the system's viewer
//! (`xdg-open`) are driven by the window test `desk_window::native_dialogs`.

use std::path::{Path, PathBuf};

use crate::error::DeskError;

/// The variable naming the folder that answers the dialogs in end-to-end tests.
pub const ANSWERS_VARIABLE: &str = "GUICHET_DIALOG_ANSWERS";

/// A kind of file a dialog offers: its French name and extensions (`pdf`).
#[derive(Debug, Clone, Copy)]
pub struct Filter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const PDF: Filter = Filter {
    name: "Document PDF",
    extensions: &["pdf"],
};

/// The online requests (`formats/household-request.md`).
pub const REQUESTS: Filter = Filter {
    name: "Demandes en ligne (JSON)",
    extensions: &["json"],
};

/// The folder answering the dialogs, when a test set one.
fn answers_folder() -> Option<PathBuf> {
    std::env::var_os(ANSWERS_VARIABLE)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}

/// Asks where to save a file; `None` when the agent cancels.
pub fn save_path(title: &str, suggested_name: &str, filter: Filter) -> Option<PathBuf> {
    if let Some(folder) = answers_folder() {
        return Some(folder.join(suggested_name));
    }
    let mut dialog = with_filters(title, &[filter]).set_file_name(suggested_name);
    // The agent's Documents folder to start with, when the system has one.
    if let Some(documents) =
        directories::UserDirs::new().and_then(|dirs| dirs.document_dir().map(Path::to_path_buf))
    {
        dialog = dialog.set_directory(documents);
    }
    dialog.save_file()
}

/// Asks for a file to open among `filters`; `None` when the agent cancels.
pub fn open_path(title: &str, filters: &[Filter]) -> Option<PathBuf> {
    if let Some(folder) = answers_folder() {
        return newest_accepted(&folder.join("open"), filters);
    }
    with_filters(title, filters).pick_file()
}

/// Asks for several files to open among `filters`; empty when the agent cancels.
pub fn open_paths(title: &str, filters: &[Filter]) -> Vec<PathBuf> {
    if let Some(folder) = answers_folder() {
        return all_accepted(&folder.join("open"), filters);
    }
    with_filters(title, filters)
        .pick_files()
        .unwrap_or_default()
}

/// rfd's dialog with its title and the kinds of file it offers.
fn with_filters(title: &str, filters: &[Filter]) -> rfd::FileDialog {
    let mut dialog = rfd::FileDialog::new().set_title(title);
    for filter in filters {
        dialog = dialog.add_filter(filter.name, filter.extensions);
    }
    dialog
}

fn accepted(path: &Path, filters: &[Filter]) -> bool {
    let Some(extension) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    filters.iter().any(|filter| {
        filter
            .extensions
            .iter()
            .any(|accepted| accepted.eq_ignore_ascii_case(extension))
    })
}

/// The most recently modified file of `folder` that a dialog with `filters` would offer.
fn newest_accepted(folder: &Path, filters: &[Filter]) -> Option<PathBuf> {
    let entries = std::fs::read_dir(folder).ok()?;
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter(|entry| accepted(&entry.path(), filters))
        .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
        .max()
        .map(|(_, path)| path)
}

/// Every file of `folder` that a dialog with `filters` would offer, by name.
fn all_accepted(folder: &Path, filters: &[Filter]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| entry.path())
        .filter(|path| accepted(path, filters))
        .collect();
    paths.sort();
    paths
}

/// A file name safe on every system, from a title (`bons F-01-000123` → `bons-F-01-000123.pdf`).
pub fn file_name(stem: &str, extension: &str) -> String {
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{}.{extension}", cleaned.trim_matches('-'))
}

/// Where a document to show in the system's viewer is written: the system's temporary folder,
/// under `guichet/`.
pub fn viewer_path(name: &str) -> Result<PathBuf, DeskError> {
    let folder = std::env::temp_dir().join("guichet");
    std::fs::create_dir_all(&folder).map_err(|error| {
        DeskError::File(format!(
            "Le dossier temporaire {} n'a pas pu être créé ({error}).",
            folder.display()
        ))
    })?;
    Ok(folder.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCANS: &[Filter] = &[Filter {
        name: "Image",
        extensions: &["png", "jpg"],
    }];

    #[test]
    fn file_names_keep_letters_digits_and_dashes() {
        assert_eq!(file_name("bons F-01-000123", "pdf"), "bons-F-01-000123.pdf");
        assert_eq!(
            file_name("attestation QF 2026 / F-01", "pdf"),
            "attestation-QF-2026---F-01.pdf"
        );
    }

    #[test]
    fn an_open_dialog_answer_is_a_file_the_dialog_accepts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        assert_eq!(newest_accepted(dir.path(), SCANS), None);
        std::fs::write(dir.path().join("avis.PNG"), "x").unwrap();
        assert_eq!(
            newest_accepted(dir.path(), SCANS),
            Some(dir.path().join("avis.PNG"))
        );
    }

    #[test]
    fn a_several_files_answer_is_every_accepted_file_by_name() {
        let dir = tempfile::tempdir().unwrap();
        assert!(all_accepted(&dir.path().join("absent"), SCANS).is_empty());
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        std::fs::write(dir.path().join("b.jpg"), "x").unwrap();
        std::fs::write(dir.path().join("a.png"), "x").unwrap();
        assert_eq!(
            all_accepted(dir.path(), SCANS),
            vec![dir.path().join("a.png"), dir.path().join("b.jpg")]
        );
    }
}
