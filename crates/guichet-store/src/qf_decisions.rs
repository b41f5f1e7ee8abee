//! Saved quotient familial decisions. Saving computes the QF with the core's rules on the household
//! as stored and the reference in force for the year, and keeps the figures, the explanation lines,
//! the site, channel, agent and the reference version (year and digest) it used. A QF is saved only
//! with a complete QF checklist, or with a derogation a supervisor records with a reason.
//! Several decisions may exist for one year (corrections): the latest one counts.

use chrono::NaiveDate;
use guichet_core::checklist::{DocumentStatus, Procedure, checklist};
use guichet_core::household::Channel;
use guichet_core::money::Cents;
use guichet_core::qf::compute_qf;
use guichet_core::{Household, HouseholdNumber, Reference, ReferenceVersion};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::CaseFile;
use crate::agents::{Agent, agent_by_name};
use crate::error::{Result, StoreError};
use crate::households::{household_id, load_household};
use crate::journal::{self, Event};
use crate::references::current_reference;
use crate::rows::{self, date_text, parse_date};

/// A saved QF decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedQf {
    pub household: HouseholdNumber,
    pub year: i32,
    pub qf_cents: Cents,
    pub tranche: u8,
    pub parts_quarters: u32,
    /// Parts as a number (`2.5`), for display.
    pub parts: f64,
    pub reference_tax_income_cents: Cents,
    pub monthly_benefits_cents: Cents,
    /// The instruction date the checklist and the QF were judged on.
    pub instructed_on: NaiveDate,
    pub site: String,
    pub channel: Channel,
    pub agent: String,
    pub reference: ReferenceVersion,
    pub derogation: Option<String>,
    /// A supervisor's reason for correcting the year's earlier decision.
    pub correction: Option<String>,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// The French explanation, line by line.
    pub lines: Vec<String>,
}

/// A QF computed from the household as stored, not saved: what the agent sees before saving.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QfWorking {
    pub household: String,
    pub year: i32,
    /// The instruction date it is judged on.
    pub on: NaiveDate,
    pub qf_cents: Cents,
    pub tranche: u8,
    /// Parts as a number (`2.5`).
    pub parts: f64,
    pub reference_tax_income_cents: Cents,
    pub monthly_benefits_cents: Cents,
    /// The French explanation, line by line.
    pub lines: Vec<String>,
    /// The QF checklist is complete: the QF can be saved without a derogation.
    pub complete: bool,
    /// Why not, one French sentence per document missing or not valid.
    pub blocking: Vec<String>,
    pub reference: ReferenceVersion,
}

pub(crate) fn latest_decision(
    conn: &Connection,
    household_id: i64,
    number: HouseholdNumber,
    year: i32,
) -> Result<Option<SavedQf>> {
    type Row = (
        i64,
        i64,
        u32,
        i64,
        i64,
        String,
        String,
        String,
        String,
        i32,
        String,
        Option<String>,
        String,
        String,
        Option<String>,
    );
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT q.qf_cents, q.tranche, q.parts_quarters, q.reference_tax_income_cents,
                    q.monthly_benefits_cents, q.instructed_on, q.site, q.channel, a.name,
                    q.reference_year, q.reference_digest, q.derogation, q.created_at, q.lines,
                    q.correction
             FROM qf_decisions q JOIN agents a ON a.id = q.agent_id
             WHERE q.household_id = ?1 AND q.year = ?2 ORDER BY q.id DESC LIMIT 1",
        )?
        .query_row(params![household_id, year], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
                r.get(13)?,
                r.get(14)?,
            ))
        })
        .optional()?;
    let Some((
        qf,
        tranche,
        parts_quarters,
        rfr,
        benefits,
        on,
        site,
        channel,
        agent,
        ref_year,
        digest,
        derogation,
        created_at,
        lines,
        correction,
    )) = row
    else {
        return Ok(None);
    };
    Ok(Some(SavedQf {
        household: number,
        year,
        qf_cents: Cents(qf),
        tranche: u8::try_from(tranche)
            .map_err(|_| StoreError::Corrupt(format!("tranche {tranche}")))?,
        parts_quarters,
        parts: f64::from(parts_quarters) / 4.0,
        reference_tax_income_cents: Cents(rfr),
        monthly_benefits_cents: Cents(benefits),
        instructed_on: parse_date(&on)?,
        site,
        channel: Channel::from_code(&channel)
            .ok_or_else(|| StoreError::Corrupt(format!("channel {channel:?}")))?,
        agent,
        reference: ReferenceVersion {
            year: ref_year,
            digest,
        },
        derogation,
        correction,
        created_at,
        lines: serde_json::from_str(&lines)?,
    }))
}

/// Judges the QF checklist, computes the QF and records the decision with its journal event, inside
/// the caller's transaction. Refuses an incomplete checklist unless a supervisor gives a reason.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_decision(
    conn: &Connection,
    household_id: i64,
    number: HouseholdNumber,
    household: &Household,
    year: i32,
    on: NaiveDate,
    site: &str,
    channel: Channel,
    agent: &Agent,
    derogation: Option<&str>,
    correction: Option<&str>,
    reference: &Reference,
    now: &str,
) -> Result<SavedQf> {
    let list = checklist(household, Procedure::Qf, year, on, reference);
    let derogation = if list.complete {
        None
    } else {
        let missing: Vec<String> = list
            .items
            .iter()
            .filter(|item| item.status != DocumentStatus::Valid)
            .map(|item| item.reason.to_string())
            .collect();
        match derogation.map(str::trim) {
            None => {
                return Err(StoreError::IncompleteChecklist {
                    household: number.to_string(),
                    year,
                    items: missing,
                });
            }
            Some("") => return Err(StoreError::EmptyDerogation),
            Some(_) if !agent.is_supervisor() => {
                return Err(StoreError::DerogationNeedsSupervisor {
                    agent: agent.name.clone(),
                });
            }
            Some(reason) => Some(reason.to_owned()),
        }
    };
    let qf = compute_qf(household, year, on, reference);
    let version = reference.version();
    conn.prepare_cached(
        "INSERT INTO qf_decisions (household_id, year, qf_cents, tranche, parts_quarters,
             reference_tax_income_cents, monthly_benefits_cents, instructed_on, site, channel,
             agent_id, reference_year, reference_digest, derogation, created_at, lines, correction)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        household_id,
        year,
        qf.qf_cents.0,
        qf.tranche,
        qf.parts_quarters.0,
        qf.reference_tax_income_cents.0,
        qf.monthly_benefits_cents.0,
        date_text(on),
        site,
        channel.code(),
        agent.id,
        version.year,
        version.digest,
        derogation,
        now,
        serde_json::to_string(&qf.lines)?,
        correction
    ])?;
    journal::append(
        conn,
        &Event::QfSaved {
            household: number,
            year,
            qf_cents: qf.qf_cents,
            tranche: qf.tranche,
            parts_quarters: qf.parts_quarters.0,
            reference_tax_income_cents: qf.reference_tax_income_cents,
            monthly_benefits_cents: qf.monthly_benefits_cents,
            instructed_on: on,
            site: site.to_owned(),
            channel,
            reference: version.clone(),
            derogation: derogation.clone(),
            correction: correction.map(str::to_owned),
        },
        agent.id,
        Some(household_id),
        now,
    )?;
    Ok(SavedQf {
        household: number,
        year,
        qf_cents: qf.qf_cents,
        tranche: qf.tranche,
        parts_quarters: qf.parts_quarters.0,
        parts: f64::from(qf.parts_quarters.0) / 4.0,
        reference_tax_income_cents: qf.reference_tax_income_cents,
        monthly_benefits_cents: qf.monthly_benefits_cents,
        instructed_on: on,
        site: site.to_owned(),
        channel,
        agent: agent.name.clone(),
        reference: version,
        derogation,
        correction: correction.map(str::to_owned),
        created_at: now.to_owned(),
        lines: qf.lines.iter().map(ToString::to_string).collect(),
    })
}

impl CaseFile {
    /// Use case: computes and saves the QF of `year` for household `number`, judged on date `on`.
    /// `site` defaults to the desk's site. Refuses an incomplete checklist (naming each missing or
    /// invalid document) unless `derogation` gives a reason and `agent` is a supervisor; with a
    /// complete checklist no derogation is needed and none is recorded.
    #[allow(clippy::too_many_arguments)]
    pub fn save_qf(
        &mut self,
        number: &str,
        year: i32,
        on: NaiveDate,
        site: Option<&str>,
        channel: Channel,
        agent: &str,
        derogation: Option<&str>,
    ) -> Result<SavedQf> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let (id, parsed) = household_id(&tx, number)?;
        let saved = decide_now(
            &tx, &self.site, id, parsed, year, on, site, channel, &agent, derogation, None,
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// Use case: a supervisor corrects the saved QF of `year` (a change of situation, an input
    /// error): a new decision is computed from the file as it is now and recorded with the reason;
    /// the earlier one stays in the case file. Refused when nothing is saved for the year yet.
    #[allow(clippy::too_many_arguments)]
    pub fn correct_qf(
        &mut self,
        number: &str,
        year: i32,
        on: NaiveDate,
        site: Option<&str>,
        channel: Channel,
        agent: &str,
        derogation: Option<&str>,
        reason: &str,
    ) -> Result<SavedQf> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        if !agent.is_supervisor() {
            return Err(StoreError::SupervisorOnly {
                act: "corriger un QF enregistré",
                agent: agent.name.clone(),
            });
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Refused(
                "Une correction doit être motivée : indiquez-en la raison.".to_owned(),
            ));
        }
        let (id, parsed) = household_id(&tx, number)?;
        if latest_decision(&tx, id, parsed, year)?.is_none() {
            return Err(StoreError::Refused(format!(
                "Aucun QF {year} n'est enregistré pour le dossier {parsed} : enregistrez-le \
                 d'abord, il n'y a rien à corriger."
            )));
        }
        let saved = decide_now(
            &tx,
            &self.site,
            id,
            parsed,
            year,
            on,
            site,
            channel,
            &agent,
            derogation,
            Some(reason),
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// The QF of `year` for household `number` judged on `on`, computed but not saved, with its
    /// working and whether its checklist allows saving it.
    pub fn qf_working(&self, number: &str, year: i32, on: NaiveDate) -> Result<QfWorking> {
        let tx = self.conn.unchecked_transaction()?;
        let (id, parsed) = household_id(&tx, number)?;
        let stored = load_household(&tx, id)?;
        let reference = current_reference(&tx, year)?;
        let list = checklist(&stored.household, Procedure::Qf, year, on, &reference);
        let qf = compute_qf(&stored.household, year, on, &reference);
        Ok(QfWorking {
            household: parsed.to_string(),
            year,
            on,
            qf_cents: qf.qf_cents,
            tranche: qf.tranche,
            parts: f64::from(qf.parts_quarters.0) / 4.0,
            reference_tax_income_cents: qf.reference_tax_income_cents,
            monthly_benefits_cents: qf.monthly_benefits_cents,
            lines: qf.lines.iter().map(ToString::to_string).collect(),
            complete: list.complete,
            blocking: list
                .items
                .iter()
                .filter(|item| item.status != DocumentStatus::Valid)
                .map(|item| item.reason.to_string())
                .collect(),
            reference: reference.version(),
        })
    }

    /// The saved QF of `year` for household `number` (the latest decision), if any.
    pub fn saved_qf(&self, number: &str, year: i32) -> Result<Option<SavedQf>> {
        let (id, parsed) = household_id(&self.conn, number)?;
        latest_decision(&self.conn, id, parsed, year)
    }

    /// Every year with a saved QF for household `number`, ascending.
    pub fn saved_qf_years(&self, number: &str) -> Result<Vec<i32>> {
        let (id, _) = household_id(&self.conn, number)?;
        saved_years(&self.conn, id)
    }
}

pub(crate) fn saved_years(conn: &Connection, household_id: i64) -> Result<Vec<i32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT year FROM qf_decisions WHERE household_id = ?1 ORDER BY year",
    )?;
    let years = stmt
        .query_map([household_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i32>>>()?;
    Ok(years)
}

/// Computes and records a decision of `year` from the household as it is now, at `site` (the desk's
/// default site when none is given): the common part of saving and correcting a QF.
#[allow(clippy::too_many_arguments)]
fn decide_now(
    conn: &Connection,
    default_site: &str,
    id: i64,
    parsed: HouseholdNumber,
    year: i32,
    on: NaiveDate,
    site: Option<&str>,
    channel: Channel,
    agent: &Agent,
    derogation: Option<&str>,
    correction: Option<&str>,
) -> Result<SavedQf> {
    let stored = load_household(conn, id)?;
    let reference = current_reference(conn, year)?;
    let site = site
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(default_site)
        .to_owned();
    record_decision(
        conn,
        id,
        parsed,
        &stored.household,
        year,
        on,
        &site,
        channel,
        agent,
        derogation,
        correction,
        &reference,
        &rows::now(),
    )
}
