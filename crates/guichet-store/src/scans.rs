//! Scans of supporting documents (a photograph or a PDF of the paper the family brought), kept in
//! the case file beside the document they show. A scan is attached, viewed, or removed; it goes with
//! its document when the document is removed.
//!
//! Words used here: the *media type* is judged from the file's first bytes (PDF, PNG or JPEG), not
//! from its name; the *size limit* keeps the case file small enough to copy and sync. The journal
//! records each attachment with the SHA-256 of the bytes; the bytes themselves stay in this case
//! file (they are not part of what the journal replays).

use std::collections::HashMap;

use guichet_core::HouseholdNumber;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::agents::agent_by_name;
use crate::error::{Result, StoreError};
use crate::households::touch;
use crate::journal::{self, Event};
use crate::{CaseFile, rows};

/// The largest scan kept, in bytes (10 Mio: a few pages photographed by a phone).
pub const MAX_SCAN_BYTES: usize = 10 * 1024 * 1024;

/// A scan as listed with its document (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScanInfo {
    pub id: i64,
    pub document: i64,
    pub file_name: String,
    /// `application/pdf`, `image/png` or `image/jpeg`.
    pub media_type: String,
    pub size: i64,
}

/// A scan with its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    pub info: ScanInfo,
    pub content: Vec<u8>,
}

/// The media type of a file from its first bytes, if it is one a scan may be.
pub fn media_type_of(content: &[u8]) -> Option<&'static str> {
    if content.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// Keeps the last part of a path and drops control characters (a name, not a path).
fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        "scan".to_owned()
    } else {
        cleaned.to_owned()
    }
}

/// The household (row id and number) of a document.
fn household_of_document(conn: &Connection, document: i64) -> Result<(i64, HouseholdNumber)> {
    let row: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT d.household_id, h.number FROM documents d
             JOIN households h ON h.id = d.household_id WHERE d.id = ?1",
        )?
        .query_row([document], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, number) = row.ok_or(StoreError::UnknownDocument(document))?;
    let number = HouseholdNumber::parse(&number)
        .ok_or_else(|| StoreError::Corrupt(format!("household number {number:?}")))?;
    Ok((id, number))
}

fn info_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ScanInfo> {
    Ok(ScanInfo {
        id: r.get(0)?,
        document: r.get(1)?,
        file_name: r.get(2)?,
        media_type: r.get(3)?,
        size: r.get(4)?,
    })
}

/// The scans of every document of a household, by document id, in the order attached.
pub(crate) fn scans_of_household(
    conn: &Connection,
    household_id: i64,
) -> Result<HashMap<i64, Vec<ScanInfo>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.document_id, s.file_name, s.media_type, s.size
         FROM scans s JOIN documents d ON d.id = s.document_id
         WHERE d.household_id = ?1 ORDER BY s.id",
    )?;
    let mut out: HashMap<i64, Vec<ScanInfo>> = HashMap::new();
    for info in stmt.query_map([household_id], info_from_row)? {
        let info = info?;
        out.entry(info.document).or_default().push(info);
    }
    Ok(out)
}

impl CaseFile {
    /// Use case: attaches the scan `content` (a file named `file_name`) to document `document`.
    /// Refused past [`MAX_SCAN_BYTES`], for an empty file and for anything but a PDF, PNG or JPEG.
    pub fn attach_scan(
        &mut self,
        document: i64,
        file_name: &str,
        content: &[u8],
        agent: &str,
    ) -> Result<ScanInfo> {
        let file_name = clean_file_name(file_name);
        if content.is_empty() {
            return Err(StoreError::Refused(format!(
                "Le fichier « {file_name} » est vide : choisissez le scan de la pièce."
            )));
        }
        if content.len() > MAX_SCAN_BYTES {
            return Err(StoreError::Refused(format!(
                "Le fichier « {file_name} » pèse {:.1} Mo : un scan ne peut pas dépasser {} Mo. \
                 Numérisez la pièce en résolution plus basse ou en noir et blanc.",
                content.len() as f64 / (1024.0 * 1024.0),
                MAX_SCAN_BYTES / (1024 * 1024)
            )));
        }
        let media_type = media_type_of(content).ok_or_else(|| {
            StoreError::Refused(format!(
                "Le fichier « {file_name} » n'est ni un PDF, ni une image PNG ou JPEG : \
                 enregistrez le scan dans l'un de ces formats."
            ))
        })?;
        let size = i64::try_from(content.len())
            .map_err(|_| StoreError::Corrupt("scan size".to_owned()))?;
        let sha256: String = Sha256::digest(content)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let (household_id, household) = household_of_document(&tx, document)?;
        let now = rows::now();
        let id: i64 = tx
            .prepare_cached(
                "INSERT INTO scans (document_id, file_name, media_type, size, sha256, content,
                     created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            )?
            .query_row(
                params![
                    document, file_name, media_type, size, sha256, content, now, agent.id
                ],
                |r| r.get(0),
            )?;
        touch(&tx, household_id, agent.id, &now)?;
        journal::append(
            &tx,
            &Event::ScanAttached {
                household,
                document,
                scan: id,
                file_name: file_name.clone(),
                media_type: media_type.to_owned(),
                size,
                sha256,
            },
            agent.id,
            Some(household_id),
            &now,
        )?;
        tx.commit()?;
        Ok(ScanInfo {
            id,
            document,
            file_name,
            media_type: media_type.to_owned(),
            size,
        })
    }

    /// A scan with its bytes.
    pub fn scan(&self, id: i64) -> Result<Scan> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, document_id, file_name, media_type, size, content FROM scans WHERE id = ?1",
            )?
            .query_row([id], |r| Ok((info_from_row(r)?, r.get::<_, Vec<u8>>(5)?)))
            .optional()?;
        let (info, content) =
            row.ok_or_else(|| StoreError::Refused(format!("Aucun scan n° {id} dans ce dossier.")))?;
        Ok(Scan { info, content })
    }

    /// Use case: removes a scan attached by mistake.
    pub fn remove_scan(&mut self, id: i64, agent: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let row: Option<(i64, String)> = tx
            .prepare_cached("SELECT document_id, file_name FROM scans WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (document, file_name) =
            row.ok_or_else(|| StoreError::Refused(format!("Aucun scan n° {id} dans ce dossier.")))?;
        let (household_id, household) = household_of_document(&tx, document)?;
        let now = rows::now();
        tx.execute("DELETE FROM scans WHERE id = ?1", [id])?;
        touch(&tx, household_id, agent.id, &now)?;
        journal::append(
            &tx,
            &Event::ScanRemoved {
                household,
                document,
                scan: id,
                file_name,
            },
            agent.id,
            Some(household_id),
            &now,
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_type_is_judged_from_the_first_bytes() {
        assert_eq!(media_type_of(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(media_type_of(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(media_type_of(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(media_type_of(b"GIF89a"), None);
        assert_eq!(media_type_of(b""), None);
    }

    #[test]
    fn a_file_name_is_only_its_last_part() {
        assert_eq!(clean_file_name("C:\\Scans\\avis 2024.pdf"), "avis 2024.pdf");
        assert_eq!(clean_file_name("/home/a/edf.png"), "edf.png");
        assert_eq!(clean_file_name("  "), "scan");
    }
}
