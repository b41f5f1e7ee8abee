//! Writing a finished PDF to disk so that the path holds either the whole document or what it held
//! before: a temporary file in the same folder, synced, then renamed into place.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically (temporary file beside it, `fsync`, rename). On failure the
/// temporary file is removed and `path` is untouched.
pub fn save_pdf(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "guichet.pdf".to_owned());
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_pdf_replaces_the_file_whole_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("guichet-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("bons.pdf");
        std::fs::write(&path, b"old").expect("write");
        save_pdf(&path, b"%PDF-1.7 new").expect("saved");
        assert_eq!(std::fs::read(&path).expect("read"), b"%PDF-1.7 new");
        let left: Vec<_> = std::fs::read_dir(&dir)
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("bons.pdf")]);
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn an_unwritable_folder_is_an_error_and_writes_nothing() {
        let missing = std::env::temp_dir()
            .join(format!("guichet-missing-{}", std::process::id()))
            .join("bons.pdf");
        assert!(save_pdf(&missing, b"%PDF").is_err());
        assert!(!missing.exists());
    }
}
