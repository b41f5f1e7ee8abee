//! Helpers: fixtures, a fresh case file, counting rows.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use guichet_core::DeskNumber;
use guichet_store::CaseFile;
use tempfile::TempDir;

/// The agent and the supervisor of every test case file.
pub const AGENT: &str = "Alice Martin";
pub const SUPERVISOR: &str = "Sophie Bernard";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

pub fn request_text(name: &str) -> String {
    let path = fixtures().join("households").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn household_fixtures() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(fixtures().join("households"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

pub fn reference_texts() -> Vec<(i32, String)> {
    [2025, 2026, 2027]
        .into_iter()
        .map(|year| {
            let path = fixtures().join("reference").join(format!("{year}.toml"));
            (year, std::fs::read_to_string(path).unwrap())
        })
        .collect()
}

pub fn date(text: &str) -> NaiveDate {
    guichet_core::dates::parse_iso(text).unwrap()
}

/// A test case file: desk 07, site CCAS, an agent and a supervisor, references 2025–2027.
pub struct Fixture {
    pub dir: TempDir,
    pub case_file: CaseFile,
}

impl Fixture {
    /// The Traoré household with its QF 2025 saved (tranche 2): on 2025-08-27 its three children
    /// are entitled to PL, KS and LR.
    pub fn traore(&mut self) -> String {
        let number = self.import("traore-summer-kit-2025.json");
        self.case_file
            .save_qf(
                &number,
                2025,
                date("2024-10-15"),
                None,
                guichet_core::household::Channel::Desk,
                AGENT,
                None,
            )
            .unwrap();
        number
    }

    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let texts = reference_texts();
        let references: Vec<(i32, &str)> = texts.iter().map(|(y, t)| (*y, t.as_str())).collect();
        let case_file = CaseFile::init(
            &dir.path().join("case.sqlite"),
            DeskNumber::new(7).unwrap(),
            AGENT,
            Some(SUPERVISOR),
            "CCAS",
            &references,
        )
        .unwrap();
        Fixture { dir, case_file }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("case.sqlite")
    }

    /// A second, independent connection to count rows.
    pub fn count(&self, table: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.path()).unwrap();
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// Row counts of every state table and the journal, to check that a failure wrote nothing.
    pub fn snapshot(&self) -> Vec<(&'static str, i64)> {
        [
            "households",
            "persons",
            "documents",
            "document_holders",
            "qf_decisions",
            "journal",
            "search_docs",
            "search_terms",
            "agents",
            "reference_data",
        ]
        .into_iter()
        .map(|t| (t, self.count(t)))
        .collect()
    }

    /// Panics unless the trigram index matches the search documents (FTS5's integrity check).
    pub fn check_search_index(&self) {
        let conn = rusqlite::Connection::open(self.path()).unwrap();
        conn.execute(
            "INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
    }

    pub fn import(&mut self, name: &str) -> String {
        self.case_file
            .import_request(&request_text(name), AGENT)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .household
            .to_string()
    }
}
