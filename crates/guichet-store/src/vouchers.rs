//! Numbered vouchers (bons, chèques, kits) of the schemes PL, CL, KS and LR: issuing them to a
//! household or over a whole campaign, voiding, reissuing, and the budgets they spend.
//!
//! Words used here: a *voucher* is one numbered entitlement of one *beneficiary* for one scheme and
//! *campaign year*; its number (`PL-2025-07-000042-26`) is made from the desk's per-(scheme, year)
//! *sequence*, taken in the same transaction as the voucher's row and its journal event, so that a
//! failed, refused or killed issue consumes no number and a committed one is never reused. A *void*
//! (annulation) changes the status to `voided` and keeps the number; a *reissue* voids and issues a
//! new number for the same beneficiary, the two linked both ways. *Spent* is the sum of the amounts
//! of the vouchers that are not voided (for the kit: their count); issuing past the year's budget
//! needs a supervisor's *override* with a reason. Améthyste and the médaille are request files, not
//! vouchers.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use guichet_core::eligibility::{Eligibility, eligibility};
use guichet_core::money::Cents;
use guichet_core::schemes::Scheme;
use guichet_core::vouchers::VoucherNumber;
use guichet_core::{DeskNumber, HouseholdNumber, PersonNumber, Reference, ReferenceVersion};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::CaseFile;
use crate::agents::{Agent, agent_by_name};
use crate::error::{Result, StoreError};
use crate::households::{StoredHousehold, household_id, load_household};
use crate::journal::{self, Event};
use crate::references::current_reference;
use crate::rows::{self, date_text, parse_date};
use crate::today::campaign_year_on;

/// Whether a voucher is still valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VoucherStatus {
    Issued,
    Voided,
}

impl VoucherStatus {
    fn from_code(code: &str) -> Option<VoucherStatus> {
        match code {
            "issued" => Some(VoucherStatus::Issued),
            "voided" => Some(VoucherStatus::Voided),
            _ => None,
        }
    }

    /// French label (`émis`, `annulé`).
    pub fn label(self) -> &'static str {
        match self {
            VoucherStatus::Issued => "émis",
            VoucherStatus::Voided => "annulé",
        }
    }
}

/// A voucher as stored. The serialized fields are those of `guichet voucher show --json`; the
/// others are there to print it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoucherView {
    pub number: VoucherNumber,
    pub scheme: Scheme,
    pub year: i32,
    pub household: String,
    pub beneficiary: String,
    /// `None` for a kit.
    pub amount_cents: Option<Cents>,
    pub status: VoucherStatus,
    pub issued_on: NaiveDate,
    pub issued_by: String,
    pub void_reason: Option<String>,
    pub replaces: Option<String>,
    pub replaced_by: Option<String>,
    #[serde(skip)]
    pub beneficiary_first_name: String,
    #[serde(skip)]
    pub beneficiary_last_name: String,
    #[serde(skip)]
    pub beneficiary_birth_date: NaiveDate,
    #[serde(skip)]
    pub budget_override: Option<String>,
    #[serde(skip)]
    pub reference: ReferenceVersion,
}

/// What an issue use case made: the vouchers, in the order they were numbered.
pub type IssuedVoucher = VoucherView;

/// Which of a household's rights to issue. Empty lists mean "everything the household is entitled
/// to and has not received yet"; naming schemes or beneficiaries makes a refusal of any of them an
/// error (with its reason, or the number already issued).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub schemes: Vec<Scheme>,
    /// Person numbers (`P-07-000002`).
    pub beneficiaries: Vec<String>,
}

impl Selection {
    /// Every numbered voucher the household is entitled to.
    pub fn all() -> Selection {
        Selection::default()
    }

    fn is_explicit(&self) -> bool {
        !self.schemes.is_empty() || !self.beneficiaries.is_empty()
    }

    fn wants(&self, scheme: Scheme, person: &str) -> bool {
        scheme.is_numbered()
            && (self.schemes.is_empty() || self.schemes.contains(&scheme))
            && (self.beneficiaries.is_empty() || self.beneficiaries.iter().any(|b| b == person))
    }
}

/// A scheme's budget for a year and what is spent: cents, or kits for KS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BudgetView {
    pub scheme: Scheme,
    pub year: i32,
    pub budget: i64,
    pub spent: i64,
    pub left: i64,
}

impl BudgetView {
    /// `12 500,00 €`, or `1 460 kits` (`1 kit`).
    pub fn format(&self, value: i64) -> String {
        if self.scheme == Scheme::SchoolKit {
            let count = guichet_core::money::format_count(value);
            if value.abs() == 1 {
                format!("{count} kit")
            } else {
                format!("{count} kits")
            }
        } else {
            Cents(value).to_french()
        }
    }
}

/// One voucher to make.
pub(crate) struct Candidate {
    pub(crate) household_id: i64,
    pub(crate) household: HouseholdNumber,
    pub(crate) beneficiary_id: i64,
    pub(crate) beneficiary: PersonNumber,
    pub(crate) scheme: Scheme,
    pub(crate) amount: Option<Cents>,
}

impl Candidate {
    /// What it spends of the budget: its amount, or one kit.
    pub(crate) fn cost(&self) -> i64 {
        match self.scheme {
            Scheme::SchoolKit => 1,
            _ => self.amount.map_or(0, |a| a.0),
        }
    }
}

const VIEW_COLUMNS: &str = "v.number, v.year, h.number, p.number, v.amount_cents, v.status,
        v.issued_on, a.name, v.void_reason, r.number, rb.number, p.first_name, p.last_name,
        p.birth_date, v.budget_override, v.reference_year, v.reference_digest
     FROM vouchers v
     JOIN households h ON h.id = v.household_id
     JOIN persons p ON p.id = v.beneficiary_id
     JOIN agents a ON a.id = v.issued_by
     LEFT JOIN vouchers r ON r.id = v.replaces_id
     LEFT JOIN vouchers rb ON rb.id = v.replaced_by_id";

fn view_from_row(row: &rusqlite::Row<'_>) -> Result<VoucherView> {
    let number: String = row.get(0)?;
    let parsed = VoucherNumber::parse(&number)
        .map_err(|e| StoreError::Corrupt(format!("voucher number {number:?}: {e}")))?;
    let status: String = row.get(5)?;
    let issued_on: String = row.get(6)?;
    let birth: String = row.get(13)?;
    Ok(VoucherView {
        number: parsed,
        scheme: parsed.scheme,
        year: row.get(1)?,
        household: row.get(2)?,
        beneficiary: row.get(3)?,
        amount_cents: row.get::<_, Option<i64>>(4)?.map(Cents),
        status: VoucherStatus::from_code(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("voucher status {status:?}")))?,
        issued_on: parse_date(&issued_on)?,
        issued_by: row.get(7)?,
        void_reason: row.get(8)?,
        replaces: row.get(9)?,
        replaced_by: row.get(10)?,
        beneficiary_first_name: row.get(11)?,
        beneficiary_last_name: row.get(12)?,
        beneficiary_birth_date: parse_date(&birth)?,
        budget_override: row.get(14)?,
        reference: ReferenceVersion {
            year: row.get(15)?,
            digest: row.get(16)?,
        },
    })
}

pub(crate) fn view_by_id(conn: &Connection, id: i64) -> Result<VoucherView> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {VIEW_COLUMNS} WHERE v.id = ?1"))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(row) => view_from_row(row),
        None => Err(StoreError::Corrupt(format!("voucher #{id} vanished"))),
    }
}

/// Parses a number typed by an agent or a provider.
fn parse_number(text: &str) -> Result<VoucherNumber> {
    VoucherNumber::parse(text).map_err(|e| StoreError::InvalidVoucherNumber {
        number: text.trim().to_owned(),
        reason: e.to_string(),
    })
}

/// The row id and status of a voucher.
fn voucher_row(conn: &Connection, number: &VoucherNumber) -> Result<(i64, String)> {
    conn.prepare_cached("SELECT id, status FROM vouchers WHERE number = ?1")?
        .query_row([number.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StoreError::UnknownVoucher(number.to_string()))
}

fn require_supervisor(agent: &Agent, act: &'static str) -> Result<()> {
    if agent.is_supervisor() {
        Ok(())
    } else {
        Err(StoreError::SupervisorOnly {
            act,
            agent: agent.name.clone(),
        })
    }
}

fn require_reason(reason: &str, act: &'static str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::Refused(format!(
            "Un motif est obligatoire pour {act} : indiquez-le."
        )));
    }
    Ok(reason.to_owned())
}

/// The number of the live voucher of a beneficiary for a scheme and year, if any: given to that
/// person, or to a person a supervisor merged with them (`person_merges`: the kept person and
/// every person merged into it are one).
pub(crate) fn live_voucher(
    conn: &Connection,
    beneficiary_id: i64,
    scheme: Scheme,
    year: i32,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "WITH me (number) AS (SELECT number FROM persons WHERE id = ?1),
                  root (number) AS (
                      SELECT COALESCE(
                          (SELECT keep FROM person_merges WHERE merged = (SELECT number FROM me)),
                          (SELECT number FROM me))),
                  one (number) AS (
                      SELECT number FROM root
                      UNION SELECT merged FROM person_merges
                            WHERE keep = (SELECT number FROM root))
             SELECT v.number FROM one
             JOIN persons p ON p.number = one.number
             JOIN vouchers v ON v.beneficiary_id = p.id
             WHERE v.scheme = ?2 AND v.year = ?3 AND v.status = 'issued'
             ORDER BY v.id LIMIT 1",
        )?
        .query_row(params![beneficiary_id, scheme.code(), year], |r| r.get(0))
        .optional()?)
}

pub(crate) fn person_row_id(
    conn: &Connection,
    household_id: i64,
    number: &str,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM persons WHERE number = ?1 AND household_id = ?2")?
        .query_row(params![number, household_id], |r| r.get(0))
        .optional()?)
}

/// What is spent of a scheme's budget for a year: amounts of the vouchers not voided, or their
/// count for the kit.
fn spent(conn: &Connection, scheme: Scheme, year: i32) -> Result<i64> {
    let sql = if scheme == Scheme::SchoolKit {
        "SELECT COUNT(*) FROM vouchers WHERE scheme = ?1 AND year = ?2 AND status = 'issued'"
    } else {
        "SELECT COALESCE(SUM(amount_cents), 0) FROM vouchers
         WHERE scheme = ?1 AND year = ?2 AND status = 'issued'"
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![scheme.code(), year], |r| r.get(0))?)
}

pub(crate) fn budget_of(
    conn: &Connection,
    reference: &Reference,
    scheme: Scheme,
    year: i32,
) -> Result<BudgetView> {
    let budget = reference
        .budget(scheme)
        .ok_or_else(|| not_numbered(scheme))?;
    let spent = spent(conn, scheme, year)?;
    Ok(BudgetView {
        scheme,
        year,
        budget,
        spent,
        left: budget - spent,
    })
}

pub(crate) fn not_numbered(scheme: Scheme) -> StoreError {
    StoreError::Refused(format!(
        "La {} ({}) n'est pas un bon numéroté mais un dossier de demande : préparez-la depuis la \
         fiche du foyer. Les bons numérotés sont PL, CL, KS et LR.",
        scheme.label(),
        scheme.code()
    ))
}

/// Checks each scheme's budget against what the candidates would spend; returns, per scheme, the
/// override reason to record (only for the schemes that go past their budget).
pub(crate) fn check_budgets(
    conn: &Connection,
    reference: &Reference,
    year: i32,
    candidates: &[Candidate],
    agent: &Agent,
    override_reason: Option<&str>,
) -> Result<BTreeMap<Scheme, Option<String>>> {
    let mut asked: BTreeMap<Scheme, i64> = BTreeMap::new();
    for c in candidates {
        *asked.entry(c.scheme).or_default() += c.cost();
    }
    let mut overrides = BTreeMap::new();
    for (scheme, cost) in asked {
        let budget = budget_of(conn, reference, scheme, year)?;
        if budget.spent + cost <= budget.budget {
            overrides.insert(scheme, None);
            continue;
        }
        match override_reason.map(str::trim) {
            None | Some("") => {
                return Err(StoreError::OverBudget {
                    scheme,
                    year,
                    budget: budget.format(budget.budget),
                    left: budget.format(budget.left.max(0)),
                    asked: budget.format(cost),
                });
            }
            Some(_) if !agent.is_supervisor() => {
                return Err(StoreError::SupervisorOnly {
                    act: "autoriser un dépassement de budget",
                    agent: agent.name.clone(),
                });
            }
            Some(reason) => {
                overrides.insert(scheme, Some(reason.to_owned()));
            }
        }
    }
    Ok(overrides)
}

/// Takes the next sequence of a scheme and year on this desk.
fn take_voucher_sequence(conn: &Connection, scheme: Scheme, year: i32) -> Result<u32> {
    let taken: i64 = conn
        .prepare_cached(
            "INSERT INTO voucher_sequences (scheme, year, next) VALUES (?1, ?2, 2)
             ON CONFLICT (scheme, year) DO UPDATE SET next = next + 1
             RETURNING next - 1",
        )?
        .query_row(params![scheme.code(), year], |r| r.get(0))?;
    u32::try_from(taken).map_err(|_| StoreError::Corrupt(format!("voucher sequence {taken}")))
}

pub(crate) struct Issue<'a> {
    pub(crate) desk: DeskNumber,
    pub(crate) year: i32,
    pub(crate) on: NaiveDate,
    pub(crate) agent: &'a Agent,
    pub(crate) reference: &'a ReferenceVersion,
    pub(crate) now: &'a str,
}

/// Numbers, inserts and journals one voucher; returns its row id.
pub(crate) fn insert_voucher(
    conn: &Connection,
    issue: &Issue<'_>,
    c: &Candidate,
    budget_override: Option<&str>,
    replaces: Option<(i64, VoucherNumber)>,
) -> Result<i64> {
    let sequence = take_voucher_sequence(conn, c.scheme, issue.year)?;
    let number = VoucherNumber::new(c.scheme, issue.year, issue.desk, sequence).ok_or_else(|| {
        StoreError::Refused(format!(
            "La numérotation des bons {} {} de ce guichet est épuisée : prévenez le service central.",
            c.scheme.code(),
            issue.year
        ))
    })?;
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO vouchers (number, scheme, year, desk, sequence, household_id,
                 beneficiary_id, amount_cents, status, issued_on, issued_by, replaces_id,
                 reference_year, reference_digest, budget_override, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'issued', ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             RETURNING id",
        )?
        .query_row(
            params![
                number.to_string(),
                c.scheme.code(),
                issue.year,
                issue.desk.get(),
                sequence,
                c.household_id,
                c.beneficiary_id,
                c.amount.map(|a| a.0),
                date_text(issue.on),
                issue.agent.id,
                replaces.map(|(id, _)| id),
                issue.reference.year,
                issue.reference.digest,
                budget_override,
                issue.now,
            ],
            |r| r.get(0),
        )?;
    journal::append(
        conn,
        &Event::VoucherIssued {
            number,
            household: c.household,
            beneficiary: c.beneficiary,
            scheme: c.scheme,
            year: issue.year,
            amount_cents: c.amount,
            issued_on: issue.on,
            reference: issue.reference.clone(),
            budget_override: budget_override.map(str::to_owned),
            replaces: replaces.map(|(_, n)| n),
        },
        issue.agent.id,
        Some(c.household_id),
        issue.now,
    )?;
    Ok(id)
}

/// Checks the budgets, then numbers and inserts every candidate in order.
fn issue_all(
    conn: &Connection,
    issue: &Issue<'_>,
    reference: &Reference,
    candidates: &[Candidate],
    override_reason: Option<&str>,
) -> Result<Vec<VoucherView>> {
    let overrides = check_budgets(
        conn,
        reference,
        issue.year,
        candidates,
        issue.agent,
        override_reason,
    )?;
    let mut ids = Vec::with_capacity(candidates.len());
    for c in candidates {
        let reason = overrides.get(&c.scheme).cloned().flatten();
        ids.push(insert_voucher(conn, issue, c, reason.as_deref(), None)?);
    }
    ids.into_iter().map(|id| view_by_id(conn, id)).collect()
}

/// The household's eligibility on `on` for the campaign year `year`, with the tranche of its saved
/// QF of that year (none: the highest tranche, which bars PL, KS and LR).
pub(crate) fn judge<'a>(
    conn: &Connection,
    household_id: i64,
    stored: &'a StoredHousehold,
    year: i32,
    on: NaiveDate,
    reference: &'a Reference,
) -> Result<Eligibility<'a>> {
    let tranche = saved_tranche(conn, household_id, year)?;
    Ok(eligibility(&stored.household, year, on, tranche, reference))
}

/// The tranche of the household's latest saved QF of `year` (the decision that counts), if any.
pub(crate) fn saved_tranche(conn: &Connection, household_id: i64, year: i32) -> Result<Option<u8>> {
    Ok(conn
        .prepare_cached(
            "SELECT tranche FROM qf_decisions WHERE household_id = ?1 AND year = ?2
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![household_id, year], |r| r.get(0))
        .optional()?)
}

pub(crate) fn parse_person(number: &str) -> Result<PersonNumber> {
    PersonNumber::parse(number).ok_or_else(|| StoreError::UnknownPerson(number.to_owned()))
}

impl CaseFile {
    /// Use case: issues the numbered vouchers of household `number` on date `on`, re-checking its
    /// eligibility with the reference data of the campaign year and its saved QF of that year. With
    /// [`Selection::all`], what it has already received is skipped; a named scheme or beneficiary
    /// that cannot be issued is refused with the reason (or the number already issued). Past a
    /// scheme's budget a supervisor's `override_reason` is needed. One transaction.
    pub fn issue_vouchers(
        &mut self,
        number: &str,
        on: NaiveDate,
        selection: &Selection,
        agent: &str,
        override_reason: Option<&str>,
    ) -> Result<Vec<IssuedVoucher>> {
        if let Some(scheme) = selection.schemes.iter().find(|s| !s.is_numbered()) {
            return Err(not_numbered(*scheme));
        }
        let desk = self.desk;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let (hid, household) = household_id(&tx, number)?;
        let stored = load_household(&tx, hid)?;
        for b in &selection.beneficiaries {
            if person_row_id(&tx, hid, b)?.is_none() {
                parse_person(b)?;
                return Err(StoreError::Refused(format!(
                    "{b} n'est pas membre du foyer {household} : vérifiez le numéro de la personne."
                )));
            }
        }
        let year = campaign_year_on(on);
        let reference = current_reference(&tx, year)?;
        let judged = judge(&tx, hid, &stored, year, on, &reference)?;
        let explicit = selection.is_explicit();

        // A named scheme and beneficiary that the rules refuse is an error with the reason.
        let refusals: Vec<String> = judged
            .refusals
            .iter()
            .filter(|r| selection.wants(r.scheme, r.beneficiary.as_str()))
            .map(|r| format!("{} ({}) : {}", r.scheme.label(), r.beneficiary, r.reason))
            .collect();
        if !selection.schemes.is_empty()
            && !selection.beneficiaries.is_empty()
            && !refusals.is_empty()
        {
            return Err(StoreError::NotEntitled {
                household: household.to_string(),
                reasons: refusals,
            });
        }

        let mut candidates = Vec::new();
        let mut already = Vec::new();
        for e in &judged.entitlements {
            if !selection.wants(e.scheme, e.beneficiary.as_str()) {
                continue;
            }
            let beneficiary_id = person_row_id(&tx, hid, e.beneficiary.as_str())?
                .ok_or_else(|| StoreError::UnknownPerson(e.beneficiary.to_string()))?;
            if let Some(first) = live_voucher(&tx, beneficiary_id, e.scheme, year)? {
                if explicit {
                    return Err(StoreError::AlreadyIssued {
                        scheme: e.scheme,
                        year,
                        beneficiary: e.beneficiary.to_string(),
                        number: first,
                    });
                }
                already.push(first);
                continue;
            }
            candidates.push(Candidate {
                household_id: hid,
                household,
                beneficiary_id,
                beneficiary: parse_person(e.beneficiary.as_str())?,
                scheme: e.scheme,
                amount: e.amount_cents,
            });
        }
        if candidates.is_empty() {
            if !already.is_empty() {
                return Err(StoreError::Refused(format!(
                    "Le foyer {household} a déjà reçu tout ce à quoi il a droit ({}) : pour un bon \
                     perdu ou abîmé, faites-le réémettre par un responsable.",
                    already.join(", ")
                )));
            }
            return Err(StoreError::NotEntitled {
                household: household.to_string(),
                reasons: refusals,
            });
        }
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
        let issued = issue_all(&tx, &issue, &reference, &candidates, override_reason)?;
        tx.commit()?;
        Ok(issued)
    }

    /// Use case: the campaign of `scheme` for `year` on date `on`: a voucher for every eligible
    /// beneficiary of the case file who has none yet, in one transaction (all or nothing).
    /// [`CaseFile::run_campaign_with_progress`] does the same and says how far it got.
    pub fn run_campaign(
        &mut self,
        scheme: Scheme,
        year: i32,
        on: NaiveDate,
        agent: &str,
        override_reason: Option<&str>,
    ) -> Result<Vec<IssuedVoucher>> {
        self.run_campaign_with_progress(scheme, year, on, agent, override_reason, &mut |_| {})
    }

    /// Use case: a supervisor voids voucher `number` with a reason. It keeps its number and shows
    /// as voided; its amount no longer counts against the budget.
    pub fn void_voucher(&mut self, number: &str, reason: &str, agent: &str) -> Result<VoucherView> {
        let parsed = parse_number(number)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        require_supervisor(&agent, "annuler un bon")?;
        let reason = require_reason(reason, "annuler un bon")?;
        let id = void_row(&tx, &parsed, &reason, &agent)?;
        let view = view_by_id(&tx, id)?;
        tx.commit()?;
        Ok(view)
    }

    /// Use case: a supervisor reissues voucher `number` (lost, damaged): it is voided with the
    /// reason and a new number is issued on `on` for the same beneficiary, scheme, year and
    /// amount, the two linked both ways. Returns the new voucher.
    pub fn reissue_voucher(
        &mut self,
        number: &str,
        reason: &str,
        on: NaiveDate,
        agent: &str,
    ) -> Result<VoucherView> {
        let parsed = parse_number(number)?;
        let desk = self.desk;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        require_supervisor(&agent, "réémettre un bon")?;
        let reason = require_reason(reason, "réémettre un bon")?;
        let old_id = void_row(&tx, &parsed, &reason, &agent)?;
        let old = view_by_id(&tx, old_id)?;
        let (household_id, beneficiary_id): (i64, i64) = tx.query_row(
            "SELECT household_id, beneficiary_id FROM vouchers WHERE id = ?1",
            [old_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let candidate = Candidate {
            household_id,
            household: HouseholdNumber::parse(&old.household)
                .ok_or_else(|| StoreError::Corrupt(format!("household {:?}", old.household)))?,
            beneficiary_id,
            beneficiary: parse_person(&old.beneficiary)?,
            scheme: old.scheme,
            amount: old.amount_cents,
        };
        let now = rows::now();
        let issue = Issue {
            desk,
            year: old.year,
            on,
            agent: &agent,
            reference: &old.reference,
            now: &now,
        };
        let new_id = insert_voucher(
            &tx,
            &issue,
            &candidate,
            old.budget_override.as_deref(),
            Some((old_id, parsed)),
        )?;
        tx.execute(
            "UPDATE vouchers SET replaced_by_id = ?1 WHERE id = ?2",
            params![new_id, old_id],
        )?;
        let view = view_by_id(&tx, new_id)?;
        tx.commit()?;
        Ok(view)
    }

    /// Use case: a copy of live voucher `number` is printed again (marked *DUPLICATA*); the reprint
    /// is journaled. A voided voucher is refused, naming its replacement when it has one.
    pub fn reprint_voucher(&mut self, number: &str, agent: &str) -> Result<VoucherView> {
        let parsed = parse_number(number)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let agent = agent_by_name(&tx, agent)?;
        let (id, _) = voucher_row(&tx, &parsed)?;
        let view = view_by_id(&tx, id)?;
        if view.status == VoucherStatus::Voided {
            let replaced = view
                .replaced_by
                .as_deref()
                .map(|n| format!(" Réimprimez plutôt son remplaçant, le n° {n}."))
                .unwrap_or_default();
            return Err(StoreError::Refused(format!(
                "Le bon n° {} est annulé ({}) : il ne peut pas être réimprimé.{replaced}",
                view.number,
                view.void_reason.as_deref().unwrap_or("sans motif")
            )));
        }
        let household_id: i64 = tx.query_row(
            "SELECT household_id FROM vouchers WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        journal::append(
            &tx,
            &Event::VoucherReprinted {
                number: parsed,
                household: HouseholdNumber::parse(&view.household).ok_or_else(|| {
                    StoreError::Corrupt(format!("household {:?}", view.household))
                })?,
            },
            agent.id,
            Some(household_id),
            &rows::now(),
        )?;
        tx.commit()?;
        Ok(view)
    }

    /// A voucher by its number (for `voucher show`, a reprint, a provider's return).
    pub fn voucher(&self, number: &str) -> Result<VoucherView> {
        let parsed = parse_number(number)?;
        let (id, _) = voucher_row(&self.conn, &parsed)?;
        view_by_id(&self.conn, id)
    }

    /// Every voucher of household `number`, in the order they were issued.
    pub fn household_vouchers(&self, number: &str) -> Result<Vec<VoucherView>> {
        let (hid, _) = household_id(&self.conn, number)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {VIEW_COLUMNS} WHERE v.household_id = ?1 ORDER BY v.id"
        ))?;
        let mut rows = stmt.query([hid])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(view_from_row(row)?);
        }
        Ok(out)
    }

    /// The budget of `scheme` for `year` (reference data in force), what is spent and what is left.
    pub fn budget(&self, scheme: Scheme, year: i32) -> Result<BudgetView> {
        let reference = current_reference(&self.conn, year)?;
        budget_of(&self.conn, &reference, scheme, year)
    }
}

/// Voids a voucher inside the caller's transaction and journals it; returns its row id.
pub(crate) fn void_row(
    conn: &Connection,
    number: &VoucherNumber,
    reason: &str,
    agent: &Agent,
) -> Result<i64> {
    let (id, status) = voucher_row(conn, number)?;
    if status == "voided" {
        let (why, replaced_by): (Option<String>, Option<String>) = conn.query_row(
            "SELECT v.void_reason, rb.number FROM vouchers v
             LEFT JOIN vouchers rb ON rb.id = v.replaced_by_id WHERE v.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        return Err(StoreError::AlreadyVoided {
            number: number.to_string(),
            reason: why.unwrap_or_default(),
            replaced_by,
        });
    }
    let now = rows::now();
    conn.execute(
        "UPDATE vouchers SET status = 'voided', void_reason = ?1, voided_by = ?2, voided_at = ?3
         WHERE id = ?4",
        params![reason, agent.id, now, id],
    )?;
    let (household_id, household): (i64, String) = conn.query_row(
        "SELECT h.id, h.number FROM vouchers v JOIN households h ON h.id = v.household_id
         WHERE v.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    journal::append(
        conn,
        &Event::VoucherVoided {
            number: *number,
            household: HouseholdNumber::parse(&household)
                .ok_or_else(|| StoreError::Corrupt(format!("household {household:?}")))?,
            reason: reason.to_owned(),
        },
        agent.id,
        Some(household_id),
        &now,
    )?;
    Ok(id)
}
