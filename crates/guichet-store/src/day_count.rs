//! The day's count at this desk: the vouchers and kits it issued on a date, by scheme, beside each
//! scheme's budget left for the year — what a supervisor looks at when the hall closes (scenario C).

use chrono::NaiveDate;
use guichet_core::money::Cents;
use guichet_core::schemes::Scheme;
use rusqlite::params;
use serde::Serialize;

use crate::CaseFile;
use crate::error::Result;
use crate::rows::date_text;
use crate::today::campaign_year_on;
use crate::vouchers::BudgetView;

/// What this desk issued of one scheme on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub scheme: Scheme,
    /// Vouchers (or kits) numbered that day and still valid.
    pub issued: i64,
    /// Vouchers numbered that day and voided since (a reissue counts its new number as issued).
    pub voided: i64,
    /// The amount of the valid ones (zero for kits).
    pub amount: Cents,
    /// The scheme's budget for the year of that day, all desks' vouchers known here counted.
    pub budget: BudgetView,
}

impl CaseFile {
    /// The count of `on` for every numbered scheme, in the order of [`Scheme::ALL`].
    pub fn day_count(&self, on: NaiveDate) -> Result<Vec<DayCount>> {
        let year = campaign_year_on(on);
        let mut statement = self.conn.prepare_cached(
            "SELECT COALESCE(SUM(status = 'issued'), 0), COALESCE(SUM(status = 'voided'), 0),
                    COALESCE(SUM(CASE WHEN status = 'issued' THEN amount_cents END), 0)
             FROM vouchers WHERE scheme = ?1 AND issued_on = ?2 AND desk = ?3",
        )?;
        Scheme::ALL
            .into_iter()
            .filter(|scheme| scheme.is_numbered())
            .map(|scheme| {
                let (issued, voided, amount) = statement.query_row(
                    params![scheme.code(), date_text(on), self.desk.get()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?;
                Ok(DayCount {
                    scheme,
                    issued,
                    voided,
                    amount: Cents(amount),
                    budget: self.budget(scheme, year)?,
                })
            })
            .collect()
    }
}
