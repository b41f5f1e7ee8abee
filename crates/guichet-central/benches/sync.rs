//! Benchmarks of sync over loopback, against a real `guichet-central` process (targets from
//! issue 5, on a 2-core machine like CI's):
//! - one desk pushing 10,000 events (target: under 2 s);
//! - 20 desks pushing at once (no error; the p99 request time is reported);
//! - a new desk pulling 100,000 events (target: under 15 s, memory flat: its peak RSS is reported,
//!   next to a desk pulling about a fifth as many).
//!
//! Run with `cargo bench -p guichet-central --bench sync` (or `cargo xtask bench`). The pulling desks
//! run as child processes of this benchmark (`GUICHET_BENCH_ROLE=pull`) so that their peak RSS is
//! their own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use guichet_core::DeskNumber;
use guichet_core::reference::SHIPPED;
use guichet_store::CaseFile;
use guichet_sync::chain::{Hashed, event_hash};
use guichet_sync::wire::{PROTOCOL, PushBatch, WireEvent};
use guichet_sync::{Client, ClientOptions, SyncOptions};

const AGENT: &str = "Alice Martin";

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 20).unwrap()
}

fn uptime() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".to_owned())
}

/// Peak resident set size of this process, in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct Central {
    child: Child,
    url: String,
    db: PathBuf,
}

impl Central {
    fn start(dir: &Path) -> Central {
        let db = dir.join("central.sqlite");
        let mut child = Command::new(env!("CARGO_BIN_EXE_guichet-central"))
            .arg("--db")
            .arg(&db)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.split_whitespace().last().unwrap().to_owned();
        Central { child, url, db }
    }

    fn code(&self, desk: u8) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_guichet-central"))
            .arg("--db")
            .arg(&self.db)
            .args(["enrolment-code", "--desk", &desk.to_string()])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap()
            .to_owned()
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A case file of desk `desk` with `households` demo households (seed per desk), enrolled.
fn desk_with_demo(dir: &Path, central: &Central, desk: u8, households: usize) -> CaseFile {
    let refs: Vec<(i32, &str)> = SHIPPED.to_vec();
    let mut case = CaseFile::init(
        &dir.join(format!("desk{desk:02}.sqlite")),
        DeskNumber::new(desk).unwrap(),
        AGENT,
        None,
        "CCAS",
        &refs,
    )
    .unwrap();
    if households > 0 {
        case.generate_demo(households, 1_000 + u64::from(desk), on(), AGENT)
            .unwrap();
    }
    guichet_sync::enrol(
        &mut case,
        &central.url,
        &central.code(desk),
        None,
        &ClientOptions::default(),
    )
    .unwrap();
    case
}

/// The desk's events after `after`, chained from `prev`, as the client sends them.
fn wire_events(case: &CaseFile, after: i64, limit: usize, prev: &mut String) -> Vec<WireEvent> {
    let desk = case.desk().get();
    case.outgoing_after(after, limit)
        .unwrap()
        .into_iter()
        .map(|e| {
            let hash = event_hash(&Hashed {
                desk,
                seq: e.seq,
                prev_hash: prev,
                event: &e.event,
                household: e.household.as_deref(),
                agent: &e.agent,
                recorded_at: &e.recorded_at,
                payload: &e.payload,
            });
            WireEvent {
                desk,
                seq: e.seq,
                prev_hash: std::mem::replace(prev, hash.clone()),
                hash,
                event: e.event,
                household: e.household,
                agent: e.agent,
                recorded_at: e.recorded_at,
                payload: e.payload,
            }
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64)).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Child role: a new desk that enrols and pulls everything; prints one JSON line.
fn pull_child() {
    let url = std::env::var("GUICHET_BENCH_CENTRAL").unwrap();
    let code = std::env::var("GUICHET_BENCH_CODE").unwrap();
    let desk: u8 = std::env::var("GUICHET_BENCH_DESK")
        .unwrap()
        .parse()
        .unwrap();
    let dir = PathBuf::from(std::env::var("GUICHET_BENCH_DIR").unwrap());
    let refs: Vec<(i32, &str)> = SHIPPED.to_vec();
    let mut case = CaseFile::init(
        &dir.join(format!("new-desk{desk:02}.sqlite")),
        DeskNumber::new(desk).unwrap(),
        AGENT,
        None,
        "CCAS",
        &refs,
    )
    .unwrap();
    guichet_sync::enrol(&mut case, &url, &code, None, &ClientOptions::default()).unwrap();
    let started = Instant::now();
    let report = guichet_sync::sync(&mut case, &SyncOptions::new(AGENT)).unwrap();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "pulled": report.pulled,
            "conflicts": report.conflicts,
            "seconds": seconds,
            "peak_rss_kib": peak_rss_kib(),
        })
    );
}

fn pull_in_child(central: &Central, dir: &Path, desk: u8) -> serde_json::Value {
    let out = Command::new(std::env::current_exe().unwrap())
        .env("GUICHET_BENCH_ROLE", "pull")
        .env("GUICHET_BENCH_CENTRAL", &central.url)
        .env("GUICHET_BENCH_CODE", central.code(desk))
        .env("GUICHET_BENCH_DESK", desk.to_string())
        .env("GUICHET_BENCH_DIR", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn report_pull(label: &str, r: &serde_json::Value) {
    println!(
        "{label}: {} events in {:.2} s ({:.0} events/s), peak RSS {} MiB, {} open conflicts",
        r["pulled"],
        r["seconds"].as_f64().unwrap_or(0.0),
        r["pulled"].as_f64().unwrap_or(0.0) / r["seconds"].as_f64().unwrap_or(1.0),
        r["peak_rss_kib"]
            .as_u64()
            .map_or("n/a".to_owned(), |k| format!("{:.1}", k as f64 / 1024.0)),
        r["conflicts"],
    );
}

fn main() {
    if std::env::var("GUICHET_BENCH_ROLE").as_deref() == Ok("pull") {
        pull_child();
        return;
    }
    // `cargo bench -- --list` and the like: nothing to list.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    println!("sync benchmarks — load average before: {}", uptime());
    let dir = tempfile::tempdir().unwrap();
    let central = Central::start(dir.path());

    // 1. One desk pushes 10,000 events.
    let mut desk = desk_with_demo(dir.path(), &central, 1, 5_700);
    let events = desk.last_seq().unwrap();
    assert!(events >= 10_000, "{events} events");
    let started = Instant::now();
    let report = guichet_sync::sync(&mut desk, &SyncOptions::new(AGENT)).unwrap();
    let took = started.elapsed();
    assert_eq!(report.pending, 0);
    println!(
        "push: {} events in {:.2} s ({:.0} events/s) [target: 10,000 under 2 s]",
        report.pushed,
        took.as_secs_f64(),
        report.pushed as f64 / took.as_secs_f64()
    );

    // 2. Twenty desks push at once (batches of 100 events), each request timed.
    let desks: Vec<CaseFile> = (2..=21)
        .map(|d| desk_with_demo(dir.path(), &central, d, 250))
        .collect();
    let started = Instant::now();
    let threads: Vec<_> = desks
        .into_iter()
        .map(|mut case| {
            let url = central.url.clone();
            std::thread::spawn(move || {
                let token = case.sync_settings().unwrap().unwrap().token;
                let client = Client::new(&url, Some(&token), ClientOptions::default());
                let mut times = Vec::new();
                let mut errors = 0;
                let mut held = 0;
                let mut prev = guichet_sync::chain::GENESIS.to_owned();
                loop {
                    let events = wire_events(&case, held, 100, &mut prev);
                    let Some(last) = events.last().map(|e| e.seq) else {
                        break;
                    };
                    let batch = PushBatch {
                        protocol: PROTOCOL,
                        desk: case.desk().get(),
                        pulled_up_to: 0,
                        events,
                    };
                    let t = Instant::now();
                    match client.push(&batch) {
                        Ok(answer) => {
                            times.push(t.elapsed());
                            assert_eq!(answer.highest_seq, last);
                            case.mark_acked(last).unwrap();
                            held = last;
                        }
                        Err(e) => {
                            eprintln!("desk {}: {e}", case.desk());
                            errors += 1;
                            break;
                        }
                    }
                }
                (times, errors, held)
            })
        })
        .collect();
    let mut times = Vec::new();
    let mut errors = 0;
    let mut pushed = 0;
    for t in threads {
        let (mut t, e, held) = t.join().unwrap();
        times.append(&mut t);
        errors += e;
        pushed += held;
    }
    let wall = started.elapsed();
    times.sort();
    println!(
        "20 desks at once: {pushed} events in {} requests, {errors} error(s), {:.2} s wall; \
         request time p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        times.len(),
        wall.as_secs_f64(),
        percentile(&times, 50.0).as_secs_f64() * 1000.0,
        percentile(&times, 99.0).as_secs_f64() * 1000.0,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
    assert_eq!(errors, 0);

    // 3. A new desk pulls what is there (about 20,000 events): the reference for "flat".
    let small = pull_in_child(&central, dir.path(), 98);
    report_pull("new desk pulling (smaller central)", &small);

    // 4. Fill the central office to 100,000 events (five more desks, pushing in parallel), then a
    //    new desk pulls them all.
    let per_household = events as f64 / 5_700.0;
    let held = report.pushed + pushed;
    let households = ((100_500 - held) as f64 / 5.0 / per_household).ceil() as usize;
    let fillers: Vec<CaseFile> = (22..=26)
        .map(|d| desk_with_demo(dir.path(), &central, d, households))
        .collect();
    let started = Instant::now();
    let threads: Vec<_> = fillers
        .into_iter()
        .map(|mut case| {
            std::thread::spawn(move || {
                let report = guichet_sync::sync(&mut case, &SyncOptions::new(AGENT)).unwrap();
                (report.pushed, report.pulled)
            })
        })
        .collect();
    let (mut filled, mut received) = (0, 0);
    for t in threads {
        let (pushed, pulled) = t.join().unwrap();
        filled += pushed;
        received += pulled;
    }
    println!(
        "5 desks syncing at once: {filled} events pushed and {received} pulled (each desk pulls the \
         others') in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let big = pull_in_child(&central, dir.path(), 99);
    report_pull("new desk pulling [target: 100,000 under 15 s]", &big);
    assert!(big["pulled"].as_i64().unwrap() >= 100_000, "{big}");
    let conflicts = guichet_central::CentralStore::open(&central.db)
        .unwrap()
        .conflicts(None)
        .unwrap();
    println!(
        "conflicts raised among the demo desks: {} (names and birth dates drawn at random can meet)",
        conflicts.len()
    );
    println!("load average after: {}", uptime());
}
