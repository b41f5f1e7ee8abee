//! The open case file and the agent acting on it, for the life of the window. A use case takes the
//! lock for its one transaction; the window never holds it.

use std::sync::{Mutex, MutexGuard};

use guichet_store::{Agent, CaseFile};

use crate::error::DeskError;
use crate::launch::Launch;

#[derive(Debug)]
pub struct Session {
    pub case_file: CaseFile,
    pub agent: Agent,
}

impl Session {
    /// Opens the case file named at launch, acting as the named agent or else its first agent.
    pub fn open(launch: &Launch) -> Result<Session, DeskError> {
        let path = launch.case_file.as_deref().ok_or(DeskError::NoDataFolder)?;
        let case_file = CaseFile::open(path)?;
        let agent = match &launch.agent {
            Some(name) => case_file.agent(name)?,
            None => case_file
                .agents()?
                .into_iter()
                .next()
                .ok_or(DeskError::NoAgent)?,
        };
        Ok(Session { case_file, agent })
    }
}

/// What Tauri manages: the session, or the French reason it could not be opened (shown by every
/// command, so the window explains itself instead of failing to start).
#[derive(Debug)]
pub struct Desk(Result<Mutex<Session>, String>);

impl Desk {
    pub fn new(session: Result<Session, DeskError>) -> Self {
        Desk(session.map(Mutex::new).map_err(|error| {
            eprintln!("guichet-desk: {error}");
            error.user_message()
        }))
    }

    /// Runs one use case on the session, under the lock; a failure is logged (in English) before
    /// the window shows its French message.
    pub fn with<T>(
        &self,
        use_case: impl FnOnce(&mut Session) -> Result<T, DeskError>,
    ) -> Result<T, DeskError> {
        let result = self
            .session()
            .and_then(|mut session| use_case(&mut session));
        if let Err(error) = &result {
            eprintln!("guichet-desk: {error}");
        }
        result
    }

    fn session(&self) -> Result<MutexGuard<'_, Session>, DeskError> {
        match &self.0 {
            Ok(session) => session.lock().map_err(|_| DeskError::Poisoned),
            Err(message) => Err(DeskError::NotOpened(message.clone())),
        }
    }
}
