//! Dates as the rules read them: age in whole years, "under N months old", French display.

use chrono::{Datelike, Months, NaiveDate};

/// Age in whole years on `on`, the birthday itself counting. Someone born on 29 February is a
/// year older on 1 March in common years. Negative before birth.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// The first day on which a document issued is still "under `months` months old" on `on`:
/// the same day `months` months before, clamped to the end of a shorter month.
pub fn months_before(on: NaiveDate, months: u32) -> NaiveDate {
    on.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// True when a document issued on `issued_on` is under `months` months old on `on`.
pub fn is_recent(issued_on: NaiveDate, on: NaiveDate, months: u32) -> bool {
    issued_on >= months_before(on, months)
}

/// The first of January of a year.
pub fn january_first(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// French display: `25/11/2026`. (Written by hand: chrono's `format` parses its pattern on each
/// call, which showed in the rules benchmark.)
pub fn french(date: NaiveDate) -> FrenchDate {
    FrenchDate(date)
}

/// A date displayed the French way (`25/11/2026`), written straight into the text being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrenchDate(pub NaiveDate);

impl std::fmt::Display for FrenchDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        write!(f, "{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
    }
}

/// Parses an ISO date (`2025-06-15`) strictly: a real calendar date, four-digit year.
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Parses a French date (`15/06/2025`) strictly.
pub fn parse_french(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[2] != b'/' || bytes[5] != b'/' {
        return None;
    }
    NaiveDate::parse_from_str(text, "%d/%m/%Y").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap()
    }

    #[test]
    fn age_counts_the_birthday_itself() {
        let cases = [
            ("2014-09-10", "2025-09-09", 10),
            ("2014-09-10", "2025-09-10", 11),
            ("2008-02-29", "2025-02-28", 16),
            ("2008-02-29", "2025-03-01", 17),
            ("2008-02-29", "2024-02-29", 16),
            ("2020-01-01", "2019-12-31", -1),
        ];
        for (birth, on, age) in cases {
            assert_eq!(age_on(d(birth), d(on)), age, "{birth} on {on}");
        }
    }

    #[test]
    fn three_months_clamps_to_the_end_of_a_shorter_month() {
        assert_eq!(months_before(d("2025-05-31"), 3), d("2025-02-28"));
        assert_eq!(months_before(d("2024-05-31"), 3), d("2024-02-29"));
        assert_eq!(months_before(d("2025-11-25"), 3), d("2025-08-25"));
        assert!(is_recent(d("2025-08-25"), d("2025-11-25"), 3));
        assert!(!is_recent(d("2025-08-24"), d("2025-11-25"), 3));
    }

    #[test]
    fn dates_parse_strictly() {
        assert!(parse_iso("2019-02-30").is_none());
        assert!(parse_iso("2019-2-3").is_none());
        assert!(parse_iso("2024-02-29").is_some());
        assert_eq!(parse_french("15/06/2025"), Some(d("2025-06-15")));
        assert!(parse_french("31/06/2025").is_none());
        assert_eq!(french(d("2026-11-25")).to_string(), "25/11/2026");
    }
}
