//! "Today" at the desk: the calendar date in Europe/Paris, which `GUICHET_TODAY=YYYY-MM-DD`
//! overrides (tests, demos, training sessions). Also which QF year a campaign date belongs to.

use chrono::{Datelike, NaiveDate, Utc};

use crate::error::{Result, StoreError};

/// The environment variable that fixes "today".
pub const TODAY_VARIABLE: &str = "GUICHET_TODAY";

/// Today's date in Europe/Paris, or the date `GUICHET_TODAY` gives. An ill-formed override is an
/// error rather than silently ignored: a demo on the wrong date would mislead.
pub fn today() -> Result<NaiveDate> {
    match std::env::var(TODAY_VARIABLE) {
        Ok(value) => parse_today(&value),
        Err(_) => Ok(Utc::now()
            .with_timezone(&chrono_tz::Europe::Paris)
            .date_naive()),
    }
}

/// Parses the override strictly (`2025-06-15`).
pub fn parse_today(value: &str) -> Result<NaiveDate> {
    guichet_core::dates::parse_iso(value.trim())
        .ok_or_else(|| StoreError::InvalidToday(value.to_owned()))
}

/// The QF year an agent works on at date `on`: the yearly campaign for QF year Y runs from October
/// to December of Y−1, so from 1 October on it is next year's QF; before, this year's.
pub fn qf_year_on(on: NaiveDate) -> i32 {
    if on.month() >= 10 {
        on.year() + 1
    } else {
        on.year()
    }
}

/// The campaign year of the aid schemes on date `on`: the calendar year (vouchers of year Y are
/// issued during Y, on the QF of year Y).
pub fn campaign_year_on(on: NaiveDate) -> i32 {
    on.year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qf_campaign_switches_year_on_the_first_of_october() {
        let d = |s| guichet_core::dates::parse_iso(s).unwrap();
        assert_eq!(qf_year_on(d("2025-09-30")), 2025);
        assert_eq!(qf_year_on(d("2025-10-01")), 2026);
        assert_eq!(qf_year_on(d("2025-12-31")), 2026);
        assert_eq!(qf_year_on(d("2026-01-01")), 2026);
    }

    #[test]
    fn an_ill_formed_override_is_refused() {
        assert!(parse_today("2025-02-30").is_err());
        assert!(parse_today("15/06/2025").is_err());
        assert_eq!(
            parse_today(" 2025-06-15 ").unwrap(),
            NaiveDate::from_ymd_opt(2025, 6, 15).unwrap()
        );
    }
}
