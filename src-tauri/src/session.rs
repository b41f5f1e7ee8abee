//! The open case file and the agent acting on it, for the life of the window. A use case takes the
//! lock for its one transaction; the window never holds it (file dialogs are shown outside it).
//!
//! At start the desk is in one of three states: *open* (a case file, with the agent named at
//! launch, or none yet: the window then asks who is acting), *to create* (the default case file in
//! the user's data folder does not exist yet: the window offers to create it, with the demo
//! households), or *failed* (the French reason, shown by every command).

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use guichet_store::{Agent, CaseFile};

use crate::error::DeskError;
use crate::launch::Launch;

#[derive(Debug)]
pub struct Session {
    pub case_file: CaseFile,
    /// The agent acting; `None` until chosen in the window (no `GUICHET_AGENT`).
    pub agent: Option<Agent>,
}

impl Session {
    /// Opens the case file named at launch, acting as the named agent (when there is one).
    pub fn open(path: &std::path::Path, agent: Option<&str>) -> Result<Session, DeskError> {
        let case_file = CaseFile::open(path)?;
        if case_file.agents()?.is_empty() {
            return Err(DeskError::NoAgent);
        }
        let agent = agent.map(|name| case_file.agent(name)).transpose()?;
        Ok(Session { case_file, agent })
    }

    /// The agent acting, or the French request to choose one first.
    pub fn agent(&self) -> Result<&Agent, DeskError> {
        self.agent.as_ref().ok_or(DeskError::NoAgentChosen)
    }
}

/// The desk's state (see the module's doc).
#[derive(Debug)]
pub enum DeskState {
    Open(Session),
    /// The default case file, not created yet.
    ToCreate {
        path: PathBuf,
        agent: Option<String>,
    },
    Failed(String),
}

impl DeskState {
    /// What the launch options lead to: the named or default case file, opened; a default one that
    /// does not exist yet is offered for creation; anything else that fails is explained.
    pub fn at_launch(launch: &Launch) -> DeskState {
        let Some(path) = launch.case_file.as_deref() else {
            return DeskState::failed(DeskError::NoDataFolder);
        };
        if launch.is_default_case_file && !path.exists() {
            return DeskState::ToCreate {
                path: path.to_owned(),
                agent: launch.agent.clone(),
            };
        }
        match Session::open(path, launch.agent.as_deref()) {
            Ok(session) => DeskState::Open(session),
            Err(error) => DeskState::failed(error),
        }
    }

    fn failed(error: DeskError) -> DeskState {
        eprintln!("guichet-desk: {error}");
        DeskState::Failed(error.user_message())
    }
}

/// What Tauri manages: the desk's state behind a lock.
#[derive(Debug)]
pub struct Desk(Mutex<DeskState>);

impl Desk {
    pub fn new(state: DeskState) -> Self {
        Desk(Mutex::new(state))
    }

    /// Runs one use case on the open session, under the lock; a failure is logged (in English)
    /// before the window shows its French message.
    pub fn with<T>(
        &self,
        use_case: impl FnOnce(&mut Session) -> Result<T, DeskError>,
    ) -> Result<T, DeskError> {
        let result = self.state().and_then(|mut state| match &mut *state {
            DeskState::Open(session) => use_case(session),
            DeskState::ToCreate { .. } => Err(DeskError::NotCreated),
            DeskState::Failed(message) => Err(DeskError::NotOpened(message.clone())),
        });
        if let Err(error) = &result {
            eprintln!("guichet-desk: {error}");
        }
        result
    }

    /// Runs a use case that needs the acting agent.
    pub fn as_agent<T>(
        &self,
        use_case: impl FnOnce(&mut CaseFile, &Agent) -> Result<T, DeskError>,
    ) -> Result<T, DeskError> {
        self.with(|session| {
            let agent = session.agent()?.clone();
            use_case(&mut session.case_file, &agent)
        })
    }

    /// The whole state, for the start-up commands.
    pub fn state(&self) -> Result<MutexGuard<'_, DeskState>, DeskError> {
        self.0.lock().map_err(|_| DeskError::Poisoned)
    }
}
