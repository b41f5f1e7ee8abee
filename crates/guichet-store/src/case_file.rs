//! Creating and opening a case file: the desk row (number 01–99, default site), the first agents
//! and the reference data it starts with.

use std::path::{Path, PathBuf};

use guichet_core::DeskNumber;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::agents::{Role, agent_by_name, insert_agent, insert_agent_row};
use crate::connection::open_connection;
use crate::error::{Result, StoreError};
use crate::journal::{self, Event};
use crate::migrations::migrate;
use crate::references::store_reference;
use crate::rows;

/// An open case file. One per desk; use cases are its methods (see the crate's modules).
#[derive(Debug)]
pub struct CaseFile {
    pub(crate) conn: Connection,
    pub(crate) desk: DeskNumber,
    pub(crate) site: String,
    pub(crate) path: PathBuf,
}

impl CaseFile {
    /// Use case: creates the case file of desk `desk` at `path` (a new or empty file), with its
    /// first agent, an optional supervisor, the desk's default site and the reference files it
    /// starts with (`(year, TOML text)`). Refuses a file that is already a case file.
    pub fn init(
        path: &Path,
        desk: DeskNumber,
        agent: &str,
        supervisor: Option<&str>,
        site: &str,
        references: &[(i32, &str)],
    ) -> Result<CaseFile> {
        let site = site.trim();
        if site.is_empty() {
            return Err(StoreError::Refused(
                "Le site du guichet doit être renseigné (par exemple « CCAS »).".to_owned(),
            ));
        }
        let mut conn = open_connection(path, true)?;
        migrate(&mut conn)?;
        {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let existing: Option<i64> = tx
                .query_row("SELECT number FROM desk", [], |row| row.get(0))
                .optional()?;
            if existing.is_some() {
                return Err(StoreError::AlreadyInitialised(path.to_owned()));
            }
            let now = rows::now();
            tx.execute(
                "INSERT INTO desk (id, number, default_site, created_at) VALUES (1, ?1, ?2, ?3)",
                params![desk.get(), site, now],
            )?;
            let same_person = supervisor.is_some_and(|s| s.trim() == agent.trim());
            let first_role = if same_person {
                Role::Supervisor
            } else {
                Role::Agent
            };
            // The first agent creates the case file, then is recorded as its first agent.
            let agent_id = insert_agent_row(&tx, agent, first_role, None, &now)?;
            journal::append(
                &tx,
                &Event::CaseFileCreated {
                    desk,
                    site: site.to_owned(),
                },
                agent_id,
                None,
                &now,
            )?;
            journal::append(
                &tx,
                &Event::AgentAdded {
                    name: agent.trim().to_owned(),
                    role: first_role,
                },
                agent_id,
                None,
                &now,
            )?;
            if let Some(supervisor) = supervisor
                && !same_person
            {
                insert_agent(&tx, supervisor, Role::Supervisor, agent_id, &now)?;
            }
            for (year, text) in references {
                store_reference(&tx, *year, text, agent_id, &now)?;
            }
            tx.commit()?;
        }
        Ok(CaseFile {
            conn,
            desk,
            site: site.to_owned(),
            path: path.to_owned(),
        })
    }

    /// Opens an existing case file, bringing its schema up to date.
    pub fn open(path: &Path) -> Result<CaseFile> {
        if !path.is_file() {
            return Err(StoreError::NotInitialised(path.to_owned()));
        }
        let mut conn = open_connection(path, false)?;
        migrate(&mut conn)?;
        let desk: Option<(u8, String)> = conn
            .query_row("SELECT number, default_site FROM desk", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        let (number, site) = desk.ok_or_else(|| StoreError::NotInitialised(path.to_owned()))?;
        let desk = DeskNumber::new(number)
            .ok_or_else(|| StoreError::Corrupt(format!("desk number {number}")))?;
        Ok(CaseFile {
            conn,
            desk,
            site,
            path: path.to_owned(),
        })
    }

    /// The desk's number.
    pub fn desk(&self) -> DeskNumber {
        self.desk
    }

    /// The desk's default site (where QF are saved unless told otherwise).
    pub fn site(&self) -> &str {
        &self.site
    }

    /// Use case: supervisor `by` changes the desk's default site (a laptop lent to another town
    /// hall's permanence). Decisions already saved keep the site they were saved at. One
    /// transaction, journaled.
    pub fn change_site(&mut self, site: &str, by: &str) -> Result<()> {
        let site = site.trim();
        if site.is_empty() {
            return Err(StoreError::Refused(
                "Le site du guichet doit être renseigné (par exemple « CCAS »).".to_owned(),
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, by)?;
        if !agent.is_supervisor() {
            return Err(StoreError::SupervisorOnly {
                act: "changer le site du guichet",
                agent: agent.name,
            });
        }
        if site == self.site {
            return Ok(());
        }
        let now = rows::now();
        tx.execute("UPDATE desk SET default_site = ?1", [site])?;
        journal::append(
            &tx,
            &Event::SiteChanged {
                site: site.to_owned(),
            },
            agent.id,
            None,
            &now,
        )?;
        tx.commit()?;
        self.site = site.to_owned();
        Ok(())
    }

    /// Where the case file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of households in the case file.
    pub fn household_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM households", [], |row| row.get(0))?)
    }

    /// Writes the WAL back into the main file (before copying the file or measuring its size).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}
