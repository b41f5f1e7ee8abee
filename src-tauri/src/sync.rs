//! Synchronisation with the central office, in the window: what the status bar shows (online or
//! offline, last successful sync, events waiting, open conflicts), a sync run asked by the agent
//! (Synchroniser) or by the background thread, and the desk's enrolment.
//!
//! Words used here: a *run* is one `guichet_sync::sync` (push, pull, conflicts); a *probe* asks the
//! central office once, quickly, whether it answers, which is what *online* means between runs.
//!
//! Locking: a run never holds the session's lock (the agent's own use cases take it). It works on
//! its own connection to the case file: SQLite in WAL mode lets the agent read meanwhile, each of
//! the run's writes is a short transaction (a batch acknowledged, a page applied) that the agent's
//! writes wait for at most the store's busy timeout, and the network is never asked inside a
//! transaction. [`SyncState`] holds a mutex for the whole of a run, so the button and the
//! background thread never run two at once: the button waits for a background run to end, the
//! background thread skips its turn while a run is going on.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::Duration;

use guichet_store::CaseFile;
use guichet_sync::{ClientOptions, SyncError, SyncOptions};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, State};
use ts_rs::TS;

use crate::dialogs;
use crate::error::DeskError;
use crate::field_error::FieldError;
use crate::session::{Desk, DeskState};
use crate::work::off_ui_thread;

/// The event that tells the window the sync status changed (a run began or ended, a probe).
pub const SYNC_STATUS_EVENT: &str = "sync-status";

/// The environment variable that sets the background thread's period, in seconds (tests set a
/// few seconds).
pub const EVERY_VARIABLE: &str = "GUICHET_SYNC_EVERY_SECONDS";

/// The background thread's period when [`EVERY_VARIABLE`] is not set: often enough that the
/// desk's work leaves soon after the network comes back, rarely enough to stay unnoticed.
pub const DEFAULT_EVERY: Duration = Duration::from_secs(180);

/// What the status bar and the Synchronisation screen show.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncStatusView {
    pub enrolled: bool,
    /// The central office's address, once enrolled.
    pub central: Option<String>,
    /// Whether the central office answered the last probe or run; `None` before the first one.
    pub online: Option<bool>,
    /// A run is going on.
    pub running: bool,
    /// The last successful sync, UTC (RFC 3339).
    pub last_sync_at: Option<String>,
    /// Why the last attempt failed, in French (`None` when it succeeded).
    pub last_error: Option<String>,
    /// Events of this desk the central office has not acknowledged.
    pub pending: i64,
    /// Open conflicts that concern this desk, as of the last sync.
    pub open_conflicts: i64,
    /// Events pulled from other desks that could not be applied here.
    pub unapplied: i64,
}

/// What a run did: the counts after it (`guichet sync --json`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncDone {
    pub pushed: i64,
    pub pulled: i64,
    pub pending: i64,
    pub conflicts: i64,
}

/// The enrolment form.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct Enrolment {
    /// The central office's address (`http://central.ccas.local:8443`).
    pub central: String,
    /// The one-time code the central office printed for this desk's number.
    pub code: String,
    /// The PEM file of the CCAS's own certificate authority, when the central office's HTTPS
    /// certificate comes from it; `None`: the public authorities.
    pub authority_file: Option<String>,
}

const ONLINE: u8 = 1;
const OFFLINE: u8 = 2;

/// The sync state shared by the window's commands and the background thread.
#[derive(Debug, Default)]
pub struct SyncState {
    /// Held for the whole of a run.
    run: Mutex<()>,
    /// [`ONLINE`], [`OFFLINE`], or 0 before the first probe or run.
    online: AtomicU8,
    running: AtomicBool,
}

impl SyncState {
    fn online(&self) -> Option<bool> {
        match self.online.load(Ordering::Relaxed) {
            ONLINE => Some(true),
            OFFLINE => Some(false),
            _ => None,
        }
    }

    /// Records what the central office's answer (or silence) says of the connection.
    fn answered<T>(&self, result: &Result<T, SyncError>) {
        let state = match result {
            Ok(_) => ONLINE,
            Err(SyncError::Unreachable { .. }) => OFFLINE,
            // A refusal or an unreadable answer: the central office is there.
            Err(SyncError::Refused { .. } | SyncError::Protocol(_)) => ONLINE,
            Err(_) => return,
        };
        self.online.store(state, Ordering::Relaxed);
    }

    /// Waits for any run to end and takes the right to run.
    fn lock(&self) -> Result<MutexGuard<'_, ()>, DeskError> {
        self.run.lock().map_err(|_| DeskError::Poisoned)
    }
}

/// The status as the case file and the last probe tell it.
fn status_of(case: &CaseFile, state: &SyncState) -> Result<SyncStatusView, DeskError> {
    let status = case.sync_status()?;
    Ok(SyncStatusView {
        enrolled: status.enrolled,
        online: if status.enrolled {
            state.online()
        } else {
            None
        },
        central: status.central,
        running: state.running.load(Ordering::Relaxed),
        last_sync_at: status.last_sync_at,
        last_error: status.last_error,
        pending: status.pending,
        open_conflicts: status.open_conflicts,
        unapplied: status.unapplied,
    })
}

/// The client's patience for a run asked from the window: three attempts, so that an absent
/// central office is reported in a few seconds.
fn run_options() -> ClientOptions {
    ClientOptions {
        attempts: 3,
        ..ClientOptions::default()
    }
}

/// The client's patience for a probe: one short attempt.
fn probe_options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(3),
        request_timeout: Duration::from_secs(5),
        attempts: 1,
        ..ClientOptions::default()
    }
}

/// The case file's path and the acting agent, read under the session's lock and released at once.
/// `None` while no case file is open.
fn session_facts(desk: &Desk) -> Result<Option<(PathBuf, Option<String>)>, DeskError> {
    Ok(match &*desk.state()? {
        DeskState::Open(session) => Some((
            session.case_file.path().to_owned(),
            session.agent.as_ref().map(|a| a.name.clone()),
        )),
        DeskState::ToCreate { .. } | DeskState::Failed(_) => None,
    })
}

/// Tells the window the status read from `case`; a failure to read it is only logged (the next
/// event or the window's own reading will tell).
fn announce(app: &AppHandle, case: &CaseFile, state: &SyncState) {
    match status_of(case, state) {
        Ok(view) => {
            if let Err(error) = app.emit(SYNC_STATUS_EVENT, view) {
                eprintln!("guichet-desk: sync status event not sent: {error}");
            }
        }
        Err(error) => eprintln!("guichet-desk: sync status not read: {error}"),
    }
}

/// One run on its own connection, with `state.running` set meanwhile and the window told when it
/// begins and ends. The caller holds the run lock.
fn run(
    app: &AppHandle,
    state: &SyncState,
    path: &std::path::Path,
    agent: &str,
) -> Result<SyncDone, DeskError> {
    let mut case = CaseFile::open(path)?;
    state.running.store(true, Ordering::Relaxed);
    announce(app, &case, state);
    let mut options = SyncOptions::new(agent);
    options.client = run_options();
    let result = guichet_sync::sync(&mut case, &options);
    state.answered(&result);
    state.running.store(false, Ordering::Relaxed);
    announce(app, &case, state);
    let report = result?;
    Ok(SyncDone {
        pushed: report.pushed,
        pulled: report.pulled,
        pending: report.pending,
        conflicts: report.conflicts,
    })
}

#[tauri::command(async)]
pub fn sync_status(
    desk: State<'_, Desk>,
    sync: State<'_, SyncState>,
) -> Result<SyncStatusView, DeskError> {
    desk.with(|session| status_of(&session.case_file, &sync))
}

/// Synchroniser: a run now, off the UI thread; it waits for a background run to end first.
#[tauri::command]
pub async fn sync_now(app: AppHandle) -> Result<SyncDone, DeskError> {
    off_ui_thread(&app, |app| {
        let desk = app.state::<Desk>();
        let state = app.state::<SyncState>();
        let (path, agent) = desk.with(|session| {
            Ok((
                session.case_file.path().to_owned(),
                session.agent()?.name.clone(),
            ))
        })?;
        let _running = state.lock()?;
        let done = run(app, &state, &path, &agent);
        if let Err(error) = &done {
            eprintln!("guichet-desk: sync: {error}");
        }
        done
    })
    .await
}

/// A supervisor enrols the desk with the central office's one-time code; the answer is the new
/// status. The network is asked off the UI thread and outside the session's lock.
#[tauri::command]
pub async fn enrol(app: AppHandle, enrolment: Enrolment) -> Result<SyncStatusView, FieldError> {
    let central = enrolment.central.trim().to_owned();
    let code = enrolment.code.trim().to_owned();
    if central.is_empty() {
        return Err(FieldError::at(
            Some("central"),
            &DeskError::Refused(
                "Indiquez l'adresse du service central (par exemple \
                 http://central.ccas.local:8443)."
                    .to_owned(),
            ),
        ));
    }
    if code.is_empty() {
        return Err(FieldError::at(
            Some("code"),
            &DeskError::Refused(
                "Indiquez le code d'inscription donné par le service central.".to_owned(),
            ),
        ));
    }
    let authority = match enrolment.authority_file.as_deref().map(str::trim) {
        Some(file) if !file.is_empty() => Some(std::fs::read_to_string(file).map_err(|error| {
            eprintln!("guichet-desk: enrolment: authority file {file}: {error}");
            FieldError::at(
                Some("authority"),
                &DeskError::File(format!(
                    "Le fichier du certificat d'autorité {file} est illisible ({error})."
                )),
            )
        })?),
        _ => None,
    };
    off_ui_thread(&app, move |app| {
        let desk = app.state::<Desk>();
        let state = app.state::<SyncState>();
        let path = desk.with(|session| {
            let agent = session.agent()?;
            if !agent.is_supervisor() {
                return Err(DeskError::Refused(format!(
                    "Seul un responsable peut inscrire ce guichet auprès du service central \
                     ({} est agent).",
                    agent.name
                )));
            }
            Ok(session.case_file.path().to_owned())
        })?;
        let _running = state.lock()?;
        let mut case = CaseFile::open(&path)?;
        let options = ClientOptions {
            attempts: 2,
            ..probe_options()
        };
        let result =
            guichet_sync::enrol(&mut case, &central, &code, authority.as_deref(), &options);
        state.answered(&result);
        if let Err(error) = &result {
            eprintln!("guichet-desk: enrolment: {error}");
        }
        result?;
        let view = status_of(&case, &state)?;
        announce(app, &case, &state);
        Ok(view)
    })
    .await
    .map_err(|error| match &error {
        // Nothing is waiting to be sent yet: the sync's "offline" sentence does not fit here.
        DeskError::Sync(SyncError::Unreachable { url, .. }) => FieldError {
            field: Some("central".to_owned()),
            message: format!(
                "Le service central ({url}) ne répond pas : vérifiez son adresse et la connexion \
                 du poste, puis réessayez. Le guichet continue de fonctionner sans lui."
            ),
        },
        _ => FieldError::at(enrolment_field(&error), &error),
    })
}

/// The PEM file of the CCAS's certificate authority, chosen in a file dialog; `None` when the
/// agent cancels.
#[tauri::command]
pub async fn choose_authority_file(app: AppHandle) -> Result<Option<String>, DeskError> {
    off_ui_thread(&app, |_| {
        Ok(
            dialogs::open_path("Certificat d'autorité du service central", AUTHORITY)
                .map(|path| path.display().to_string()),
        )
    })
    .await
}

/// Certificate files as IT departments hand them out.
const AUTHORITY: &[dialogs::Filter] = &[dialogs::Filter {
    name: "Certificat (PEM)",
    extensions: &["pem", "crt", "cer"],
}];

/// The field of the enrolment form an error goes beside.
fn enrolment_field(error: &DeskError) -> Option<&'static str> {
    match error {
        DeskError::Sync(SyncError::Unreachable { .. } | SyncError::Protocol(_)) => Some("central"),
        DeskError::Sync(SyncError::Refused { .. }) => Some("code"),
        DeskError::Sync(SyncError::Authority(_)) => Some("authority"),
        _ => None,
    }
}

/// The background thread's period: [`EVERY_VARIABLE`] when it holds a whole number of seconds
/// (at least 1), else [`DEFAULT_EVERY`].
pub fn background_period(value: Option<&str>) -> Duration {
    value
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|seconds| *seconds >= 1)
        .map_or(DEFAULT_EVERY, Duration::from_secs)
}

/// Starts the background thread: at start, then every period, when the desk is enrolled and the
/// central office answers a probe, a run pushes and pulls; the window is told what happened.
pub fn start_background(app: AppHandle) {
    let every = background_period(std::env::var(EVERY_VARIABLE).ok().as_deref());
    let spawned = std::thread::Builder::new()
        .name("guichet-sync".to_owned())
        .spawn(move || {
            loop {
                if let Err(error) = background_turn(&app) {
                    eprintln!("guichet-desk: background sync: {error}");
                }
                std::thread::sleep(every);
            }
        });
    if let Err(error) = spawned {
        eprintln!("guichet-desk: the background sync thread did not start: {error}");
    }
}

/// One turn of the background thread.
fn background_turn(app: &AppHandle) -> Result<(), DeskError> {
    let desk = app.state::<Desk>();
    let state = app.state::<SyncState>();
    let Some((path, agent)) = session_facts(&desk)? else {
        return Ok(());
    };
    // A run from the button is going on: it tells the window itself.
    let _running = match state.run.try_lock() {
        Ok(guard) => guard,
        Err(TryLockError::WouldBlock) => return Ok(()),
        Err(TryLockError::Poisoned(_)) => return Err(DeskError::Poisoned),
    };
    let case = CaseFile::open(&path)?;
    if !case.is_enrolled()? {
        return Ok(());
    }
    let probed = guichet_sync::probe(&case, &probe_options());
    state.answered(&probed);
    // A run records the acting agent as receiving reference data: none before one is chosen.
    let (Ok(()), Some(agent)) = (probed, agent) else {
        announce(app, &case, &state);
        return Ok(());
    };
    drop(case);
    run(app, &state, &path, &agent).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_background_period_comes_from_the_environment_when_it_makes_sense() {
        assert_eq!(background_period(None), DEFAULT_EVERY);
        assert_eq!(background_period(Some("2")), Duration::from_secs(2));
        assert_eq!(background_period(Some(" 30 ")), Duration::from_secs(30));
        assert_eq!(background_period(Some("0")), DEFAULT_EVERY);
        assert_eq!(background_period(Some("deux")), DEFAULT_EVERY);
    }

    #[test]
    fn an_unreachable_central_office_goes_beside_the_address_and_a_bad_code_beside_the_code() {
        let unreachable = DeskError::Sync(SyncError::Unreachable {
            url: "http://127.0.0.1:9".to_owned(),
            detail: "refused".to_owned(),
        });
        assert_eq!(enrolment_field(&unreachable), Some("central"));
        let refused = DeskError::Sync(SyncError::Refused {
            refusal: guichet_sync::wire::Refusal {
                error: guichet_sync::wire::RefusalCode::UnknownCode,
                reason: "code inconnu".to_owned(),
                highest_seq: None,
            },
        });
        assert_eq!(enrolment_field(&refused), Some("code"));
        assert_eq!(enrolment_field(&DeskError::NoAgentChosen), None);
    }
}
