//! Conversions between SQLite columns and domain values: ISO dates, UTC timestamps, codes.

use chrono::{NaiveDate, SecondsFormat, Utc};

use crate::error::{Result, StoreError};

/// Now, UTC, RFC 3339 with milliseconds (`2025-11-04T09:12:03.120Z`).
pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// ISO text of a date, as stored.
pub(crate) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Reads a stored ISO date.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate> {
    guichet_core::dates::parse_iso(text)
        .ok_or_else(|| StoreError::Corrupt(format!("date {text:?}")))
}
