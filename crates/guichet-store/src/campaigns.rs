//! Campaigns: a scheme's vouchers for every eligible beneficiary of the case file at once (the kits
//! prepared in the morning of the distribution, the Pass'Loisirs of the year).
//!
//! Words used here: the *plan* is what a campaign would issue if run now (beneficiaries, cost, the
//! budget before and after), read without writing; *progress* reports how far a plan or a run got
//! (households examined, then vouchers numbered), so that a window can show it while the work runs
//! on another thread. A run is one transaction: all the vouchers or none.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use guichet_core::Reference;
use guichet_core::eligibility::eligibility;
use guichet_core::parallel::map_in_order;
use guichet_core::schemes::Scheme;
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;

use crate::CaseFile;
use crate::agents::agent_by_name;
use crate::error::{Result, StoreError};
use crate::households::load_household;
use crate::references::current_reference;
use crate::rows;
use crate::today::campaign_year_on;
use crate::vouchers::{
    BudgetView, Candidate, Issue, IssuedVoucher, budget_of, check_budgets, insert_voucher,
    live_voucher, not_numbered, parse_person, person_row_id, saved_tranche, view_by_id,
};

/// What a campaign is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignPhase {
    /// Judging each household's rights (`done` of `total` households).
    Examining,
    /// Numbering and recording the vouchers (`done` of `total` vouchers).
    Issuing,
}

/// How far a campaign's plan or run got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CampaignProgress {
    pub phase: CampaignPhase,
    pub done: usize,
    pub total: usize,
}

/// What a campaign would issue if run now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignPlan {
    pub scheme: Scheme,
    pub year: i32,
    pub on: NaiveDate,
    /// Households with at least one beneficiary to serve.
    pub households: usize,
    /// Vouchers to issue: one per beneficiary without a live voucher of the scheme and year.
    pub beneficiaries: usize,
    /// What they would spend: cents, or kits for KS.
    pub cost: i64,
    /// The budget as it stands before the campaign.
    pub budget: BudgetView,
    /// The campaign would spend more than what is left (a supervisor's reason is then needed).
    pub over_budget: bool,
}

/// Refuses what no campaign can be: a scheme that is not numbered, a date outside the year.
fn check_campaign(scheme: Scheme, year: i32, on: NaiveDate) -> Result<()> {
    if !scheme.is_numbered() {
        return Err(not_numbered(scheme));
    }
    if campaign_year_on(on) != year {
        return Err(StoreError::Refused(format!(
            "La campagne {year} ne peut pas être faite le {} : choisissez une date de {year}.",
            guichet_core::dates::french(on)
        )));
    }
    Ok(())
}

/// The vouchers a campaign would make, household after household in file order. Every household
/// and its saved tranche are read first (progress counts them), then judged over the cores: the
/// rules are pure, the reading is SQLite's.
fn campaign_candidates(
    conn: &Connection,
    scheme: Scheme,
    year: i32,
    on: NaiveDate,
    reference: &Reference,
    progress: &mut dyn FnMut(CampaignProgress),
) -> Result<Vec<Candidate>> {
    let household_ids: Vec<i64> = conn
        .prepare("SELECT id FROM households ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let total = household_ids.len();
    let mut households = Vec::with_capacity(total);
    for (done, hid) in household_ids.into_iter().enumerate() {
        progress(CampaignProgress {
            phase: CampaignPhase::Examining,
            done,
            total,
        });
        let stored = load_household(conn, hid)?;
        let tranche = saved_tranche(conn, hid, year)?;
        households.push((hid, stored, tranche));
    }
    let judged = map_in_order(&households, None, |(_, stored, tranche)| {
        eligibility(&stored.household, year, on, *tranche, reference)
    });
    let mut candidates = Vec::new();
    for ((hid, stored, _), judged) in households.iter().zip(judged) {
        let hid = *hid;
        for e in judged.entitlements.iter().filter(|e| e.scheme == scheme) {
            let beneficiary_id = person_row_id(conn, hid, e.beneficiary.as_str())?
                .ok_or_else(|| StoreError::UnknownPerson(e.beneficiary.to_string()))?;
            if live_voucher(conn, beneficiary_id, scheme, year)?.is_some() {
                continue;
            }
            candidates.push(Candidate {
                household_id: hid,
                household: stored.number,
                beneficiary_id,
                beneficiary: parse_person(e.beneficiary.as_str())?,
                scheme,
                amount: e.amount_cents,
            });
        }
    }
    progress(CampaignProgress {
        phase: CampaignPhase::Examining,
        done: total,
        total,
    });
    Ok(candidates)
}

impl CaseFile {
    /// What the campaign of `scheme` for `year` on date `on` would issue, read in one snapshot and
    /// without writing anything; `progress` hears of each household examined.
    pub fn campaign_plan(
        &self,
        scheme: Scheme,
        year: i32,
        on: NaiveDate,
        progress: &mut dyn FnMut(CampaignProgress),
    ) -> Result<CampaignPlan> {
        check_campaign(scheme, year, on)?;
        // A read transaction: one consistent snapshot, rolled back when dropped.
        let tx = self.conn.unchecked_transaction()?;
        let reference = current_reference(&tx, year)?;
        let candidates = campaign_candidates(&tx, scheme, year, on, &reference, progress)?;
        let budget = budget_of(&tx, &reference, scheme, year)?;
        let cost: i64 = candidates.iter().map(Candidate::cost).sum();
        let households: BTreeSet<i64> = candidates.iter().map(|c| c.household_id).collect();
        Ok(CampaignPlan {
            scheme,
            year,
            on,
            households: households.len(),
            beneficiaries: candidates.len(),
            cost,
            over_budget: cost > budget.left,
            budget,
        })
    }

    /// Use case: the campaign of `scheme` for `year` on date `on` (see [`CaseFile::run_campaign`]),
    /// telling `progress` of each household examined, then of each voucher numbered. One
    /// transaction: a failure or a refusal leaves no voucher and takes no number.
    pub fn run_campaign_with_progress(
        &mut self,
        scheme: Scheme,
        year: i32,
        on: NaiveDate,
        agent: &str,
        override_reason: Option<&str>,
        progress: &mut dyn FnMut(CampaignProgress),
    ) -> Result<Vec<IssuedVoucher>> {
        check_campaign(scheme, year, on)?;
        let desk = self.desk;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let reference = current_reference(&tx, year)?;
        let candidates = campaign_candidates(&tx, scheme, year, on, &reference, progress)?;
        if candidates.is_empty() {
            return Err(StoreError::Refused(format!(
                "Aucun bénéficiaire à servir pour la campagne {} {year} le {} : tous les ayants \
                 droit ont déjà leur bon, ou aucun foyer n'y a droit ce jour-là.",
                scheme.label(),
                guichet_core::dates::french(on)
            )));
        }
        let overrides = check_budgets(&tx, &reference, year, &candidates, &agent, override_reason)?;
        let version = reference.version();
        let now = rows::now();
        let issue = Issue {
            desk,
            year,
            on,
            agent: &agent,
            reference: &version,
            now: &now,
        };
        let total = candidates.len();
        let mut ids = Vec::with_capacity(total);
        for (done, c) in candidates.iter().enumerate() {
            progress(CampaignProgress {
                phase: CampaignPhase::Issuing,
                done,
                total,
            });
            let reason = overrides.get(&c.scheme).cloned().flatten();
            ids.push(insert_voucher(&tx, &issue, c, reason.as_deref(), None)?);
        }
        progress(CampaignProgress {
            phase: CampaignPhase::Issuing,
            done: total,
            total,
        });
        let issued = ids
            .into_iter()
            .map(|id| view_by_id(&tx, id))
            .collect::<Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(issued)
    }
}
