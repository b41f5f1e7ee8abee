//! Accueil's recent files: the households this desk worked on lately, newest first, with the last
//! thing done, by whom and when (Paris time).

use chrono::{DateTime, Utc};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::DeskError;
use crate::session::Desk;

/// How many recent files Accueil lists.
const RECENT_LIMIT: usize = 8;

/// A household recently worked on.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecentFile {
    /// `F-07-000123`.
    pub household: String,
    pub adults: Vec<String>,
    pub address: String,
    /// The last thing done, in French.
    pub what: String,
    pub agent: String,
    /// `25/11/2026 à 09:12`, Paris time.
    pub when: String,
}

/// A UTC RFC 3339 timestamp as `25/11/2026 à 09:12` in Paris; the text itself if unreadable.
pub fn paris_time(timestamp: &str) -> String {
    match DateTime::parse_from_rfc3339(timestamp) {
        Ok(at) => at
            .with_timezone(&Utc)
            .with_timezone(&chrono_tz::Europe::Paris)
            .format("%d/%m/%Y à %H:%M")
            .to_string(),
        Err(_) => timestamp.to_owned(),
    }
}

#[tauri::command(async)]
pub fn recent_files(desk: State<'_, Desk>) -> Result<Vec<RecentFile>, DeskError> {
    desk.with(|session| {
        Ok(session
            .case_file
            .recent_households(RECENT_LIMIT)?
            .into_iter()
            .map(|r| RecentFile {
                when: paris_time(&r.at),
                household: r.household,
                adults: r.adults,
                address: r.address,
                what: r.what,
                agent: r.agent,
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_in_paris_time() {
        // Winter: UTC+1; summer: UTC+2.
        assert_eq!(paris_time("2026-11-25T08:12:03.120Z"), "25/11/2026 à 09:12");
        assert_eq!(paris_time("2026-07-01T22:30:00Z"), "02/07/2026 à 00:30");
        assert_eq!(paris_time("hier"), "hier");
    }
}
