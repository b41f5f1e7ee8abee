//! The desk's side of sync: enrolment, then each sync run — push the journal's unacknowledged
//! events in batches, pull the other desks' events page by page, take the conflicts that concern
//! this desk. Every step is resumable: the central office is asked what it holds before pushing, a
//! batch is marked acknowledged only from the central office's answer, and a page is applied with
//! its cursor in one transaction, so a cut connection or a killed process costs at most a resend.

use guichet_store::{CaseFile, ConflictView, RemoteEvent};
use serde::Serialize;

use crate::chain::{GENESIS, Hashed, event_hash};
use crate::client::{Client, ClientOptions};
use crate::error::{Result, SyncError};
use crate::wire::{self, PushBatch, WireEvent};

/// Sizes and the network's patience.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Events per pushed batch.
    pub batch_size: usize,
    /// Events per pulled page (memory stays flat: one page at a time). Each page is one
    /// transaction: fewer, larger pages write the pages of the case file's B-trees that take
    /// inserts all over (search terms) fewer times; 2,000 is the central office's limit.
    pub page_size: usize,
    pub client: ClientOptions,
    /// The agent recorded as adding the reference data versions received.
    pub agent: String,
}

impl SyncOptions {
    pub fn new(agent: &str) -> SyncOptions {
        SyncOptions {
            batch_size: 500,
            page_size: 2_000,
            client: ClientOptions::default(),
            agent: agent.to_owned(),
        }
    }
}

/// What a sync run did, and where the desk stands after it (`guichet sync --json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Events of this desk the central office acknowledged during this run.
    pub pushed: i64,
    /// Other desks' events received during this run.
    pub pulled: i64,
    /// Events still waiting for acknowledgement.
    pub pending: i64,
    /// Open conflicts that concern this desk.
    pub conflicts: i64,
}

/// An enrolled desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolled {
    pub desk: String,
    pub central: String,
}

/// Enrols the case file's desk with the central office at `central` (`https://…`, or `http://`),
/// using the one-time `code` printed for its number; keeps the credentials in the case file.
/// `ca_pem` is the PEM of the central office's own certificate authority, when its certificate is
/// not signed by a public one: the enrolment already trusts it, and so does every later sync.
pub fn enrol(
    case: &mut CaseFile,
    central: &str,
    code: &str,
    ca_pem: Option<&str>,
    options: &ClientOptions,
) -> Result<Enrolled> {
    if case.is_enrolled()? {
        return Err(guichet_store::StoreError::Refused(
            "Ce dossier est déjà inscrit auprès du service central.".to_owned(),
        )
        .into());
    }
    let central = central.trim();
    let https = match central.split_once("://") {
        Some((scheme, rest)) if !rest.is_empty() => match scheme.to_ascii_lowercase().as_str() {
            "https" => true,
            "http" => false,
            _ => return Err(SyncError::Address(central.to_owned())),
        },
        _ => return Err(SyncError::Address(central.to_owned())),
    };
    if ca_pem.is_some() && !https {
        return Err(guichet_store::StoreError::Refused(
            "Un certificat d'autorité ne sert qu'avec une adresse https:// : donnez l'adresse \
             https:// du service central."
                .to_owned(),
        )
        .into());
    }
    let client = Client::with_ca(central, None, ca_pem, options.clone())?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|e| SyncError::Protocol(format!("no random source for credentials: {e}")))?;
    let token = crate::chain::hex(&secret);
    client.enrol(case.desk().get(), code, &token)?;
    case.save_enrolment(client.base(), &token, ca_pem)?;
    Ok(Enrolled {
        desk: case.desk().to_string(),
        central: client.base().to_owned(),
    })
}

/// One sync run: push, pull, conflicts. The outcome (success, or the error an agent reads) is
/// recorded in the case file for the status bar.
pub fn sync(case: &mut CaseFile, options: &SyncOptions) -> Result<SyncReport> {
    let settings = case.sync_settings()?.ok_or(SyncError::NotEnrolled)?;
    let result = Client::with_ca(
        &settings.central,
        Some(&settings.token),
        settings.ca_pem.as_deref(),
        options.client.clone(),
    )
    .and_then(|client| run(case, &client, options));
    let error = result.as_ref().err().map(SyncError::user_message);
    case.record_sync_attempt(error.as_deref())?;
    result
}

/// Asks the central office, once and quickly, whether it answers this desk (its credentials
/// included): what a desk shows as online or offline between two syncs. Nothing is sent or
/// recorded.
pub fn probe(case: &CaseFile, options: &ClientOptions) -> Result<()> {
    let settings = case.sync_settings()?.ok_or(SyncError::NotEnrolled)?;
    let client = Client::new(&settings.central, Some(&settings.token), options.clone());
    client.status().map(|_| ())
}

fn run(case: &mut CaseFile, client: &Client, options: &SyncOptions) -> Result<SyncReport> {
    let acked_before = case.acked_up_to()?;
    push(case, client, options)?;
    let pulled = pull(case, client, options)?;
    let conflicts = client.conflicts()?;
    let views: Vec<ConflictView> = conflicts
        .conflicts
        .into_iter()
        .map(|c| ConflictView {
            id: c.id,
            kind: c.kind,
            status: c.status,
            desks: c.desks,
            people: c.people,
            households: c.households,
            vouchers: c.vouchers,
            resolution: c.resolution,
        })
        .collect();
    case.replace_conflicts(&views)?;
    Ok(SyncReport {
        pushed: case.acked_up_to()? - acked_before,
        pulled,
        pending: case.unacked_count()?,
        conflicts: case.open_conflict_count()?,
    })
}

/// Pushes every event the central office does not hold, batch after batch.
fn push(case: &mut CaseFile, client: &Client, options: &SyncOptions) -> Result<()> {
    let desk = case.desk();
    let status = client.status()?;
    let local = case.last_seq()?;
    if status.highest_seq > local {
        return Err(SyncError::AheadOfCaseFile {
            desk: desk.to_string(),
            held: status.highest_seq,
            local,
        });
    }
    let mut held = status.highest_seq;
    let mut prev_hash = if held == 0 {
        GENESIS.to_owned()
    } else {
        match case.chain_hash(held)? {
            Some(hash) if hash != status.last_hash => {
                return Err(SyncError::Protocol(format!(
                    "the central office's hash of seq {held} is not this desk's"
                )));
            }
            Some(hash) => hash,
            None => status.last_hash.clone(),
        }
    };
    case.mark_acked(held)?;
    let pulled_up_to = case.sync_settings()?.map_or(0, |s| s.pull_cursor);
    let batch_size = options.batch_size.clamp(1, wire::MAX_BATCH_EVENTS);
    loop {
        let outgoing = case.outgoing_after(held, batch_size)?;
        let Some(last) = outgoing.last() else {
            return Ok(());
        };
        let last_seq = last.seq;
        let mut events = Vec::with_capacity(outgoing.len());
        let mut new_hashes = Vec::new();
        for e in outgoing {
            let hash = event_hash(&Hashed {
                desk: desk.get(),
                seq: e.seq,
                prev_hash: &prev_hash,
                event: &e.event,
                household: e.household.as_deref(),
                agent: &e.agent,
                recorded_at: &e.recorded_at,
                payload: &e.payload,
            });
            match &e.hash {
                Some(recorded) if *recorded != hash => {
                    return Err(guichet_store::StoreError::Corrupt(format!(
                        "journal event {} no longer gives its recorded hash",
                        e.seq
                    ))
                    .into());
                }
                Some(_) => {}
                None => new_hashes.push((e.seq, hash.clone())),
            }
            events.push(WireEvent {
                desk: desk.get(),
                seq: e.seq,
                prev_hash: std::mem::replace(&mut prev_hash, hash.clone()),
                hash,
                event: e.event,
                household: e.household,
                agent: e.agent,
                recorded_at: e.recorded_at,
                payload: e.payload,
            });
        }
        if !new_hashes.is_empty() {
            case.record_chain(&new_hashes)?;
        }
        let answer = client.push(&PushBatch {
            protocol: wire::PROTOCOL,
            desk: desk.get(),
            pulled_up_to,
            events,
        })?;
        case.mark_acked(answer.highest_seq)?;
        if answer.highest_seq < last_seq {
            return Err(SyncError::Protocol(format!(
                "pushed up to seq {last_seq}, the central office holds {}",
                answer.highest_seq
            )));
        }
        held = answer.highest_seq;
    }
}

/// Pulls the other desks' events and the reference versions, page after page, with the WAL
/// checkpointed less often meanwhile (`CaseFile::begin_pull`).
fn pull(case: &mut CaseFile, client: &Client, options: &SyncOptions) -> Result<i64> {
    case.begin_pull()?;
    let pulled = pull_pages(case, client, options);
    let ended = case.end_pull();
    let pulled = pulled?;
    ended?;
    Ok(pulled)
}

/// [`pull`]'s pages, between [`CaseFile::begin_pull`] and [`CaseFile::end_pull`].
fn pull_pages(case: &mut CaseFile, client: &Client, options: &SyncOptions) -> Result<i64> {
    let settings = case.sync_settings()?.ok_or(SyncError::NotEnrolled)?;
    let mut cursor = settings.pull_cursor;
    let mut references_after = settings.reference_cursor;
    let page_size = options.page_size.clamp(1, wire::MAX_PAGE_EVENTS);
    let mut pulled = 0;
    loop {
        let page = client.pull(cursor, page_size, references_after)?;
        if let Some(last) = page.references.iter().map(|r| r.id).max() {
            let texts: Vec<(i32, String)> = page
                .references
                .into_iter()
                .map(|r| (r.year, r.toml))
                .collect();
            case.apply_references(&texts, last, &options.agent)?;
            references_after = last;
        }
        let events: Vec<RemoteEvent> = page
            .events
            .into_iter()
            .map(|p| RemoteEvent {
                global_seq: p.global_seq,
                desk: p.event.desk,
                seq: p.event.seq,
                event: p.event.event,
                household: p.event.household,
                agent: p.event.agent,
                recorded_at: p.event.recorded_at,
                payload: p.event.payload,
            })
            .collect();
        let new = case.apply_pulled(&events, page.next_after)?;
        pulled += i64::try_from(new).unwrap_or(i64::MAX);
        if page.next_after <= cursor && page.more {
            return Err(SyncError::Protocol(
                "the pull cursor did not move forward".to_owned(),
            ));
        }
        cursor = page.next_after;
        if !page.more {
            return Ok(pulled);
        }
    }
}
