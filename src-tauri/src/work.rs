//! Long work off the UI thread, and its progress sent to the window as Tauri events.
//!
//! A command that may take seconds (an import, a campaign, a PDF) is an `async` command that hands
//! its work to a blocking thread, so the window keeps painting and answering. Progress reaches the
//! window as events, at most every [`PROGRESS_EVERY`], plus the last one.

use std::time::{Duration, Instant};

use serde::Serialize;
use tauri::{AppHandle, Emitter};

use crate::error::DeskError;

/// How often a progress event is sent at most: often enough to move a bar smoothly, rarely enough
/// that 100,000 households do not flood the window.
pub const PROGRESS_EVERY: Duration = Duration::from_millis(80);

/// Runs `job` on a blocking thread and waits for it without holding the UI thread.
pub async fn off_ui_thread<T: Send + 'static>(
    app: &AppHandle,
    job: impl FnOnce(&AppHandle) -> Result<T, DeskError> + Send + 'static,
) -> Result<T, DeskError> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || job(&app))
        .await
        .map_err(|error| DeskError::Worker(error.to_string()))?
}

/// Sends progress events named `event`, no more often than [`PROGRESS_EVERY`].
#[derive(Debug)]
pub struct Progress {
    app: AppHandle,
    event: &'static str,
    last: Option<Instant>,
}

impl Progress {
    pub fn new(app: &AppHandle, event: &'static str) -> Self {
        Self {
            app: app.clone(),
            event,
            last: None,
        }
    }

    /// Sends `payload` unless one was sent very recently; `last` forces it (the 100 %).
    pub fn report<P: Serialize + Clone>(&mut self, payload: P, last: bool) {
        let due = self.last.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY);
        if due || last {
            self.last = Some(Instant::now());
            if let Err(error) = self.app.emit(self.event, payload) {
                eprintln!(
                    "guichet-desk: progress event {} not sent: {error}",
                    self.event
                );
            }
        }
    }
}
