//! Benchmarks of the case file, on real SQLite files (targets from the issue):
//! - importing 10,000 online requests as one batch, each request all-or-nothing in its savepoint
//!   (target: under 3 s);
//! - generating a 100,000-household demo case file (one transaction; "within seconds"), and its size;
//! - searching it as an agent types (target: p95 under 5 ms per query), over a set of realistic
//!   queries: name prefixes of 1 to 4 characters, whole names typed without accents, first names,
//!   birth dates in both spellings, file numbers, references and address fragments.
//!
//! Run with `cargo bench -p guichet-store`. The p50/p95 figures are printed by the benchmark itself,
//! besides criterion's means.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion};
use guichet_core::request::to_request_value;
use guichet_core::{DeskNumber, Household};
use guichet_store::CaseFile;

const AGENT: &str = "Alice Martin";

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 20).unwrap()
}

fn references() -> Vec<(i32, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/reference");
    [2025, 2026, 2027]
        .into_iter()
        .map(|y| {
            (
                y,
                std::fs::read_to_string(dir.join(format!("{y}.toml"))).unwrap(),
            )
        })
        .collect()
}

fn new_case_file(path: &Path) -> CaseFile {
    let texts = references();
    let refs: Vec<(i32, &str)> = texts.iter().map(|(y, t)| (*y, t.as_str())).collect();
    CaseFile::init(
        path,
        DeskNumber::new(7).unwrap(),
        AGENT,
        Some("Sophie Bernard"),
        "CCAS",
        &refs,
    )
    .unwrap()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// Importing 10,000 requests in one batch (as `guichet import FILE...` does).
fn import(c: &mut Criterion) {
    let requests: Vec<String> = guichet_core::demo::generate(7, 10_000, 2026, on())
        .iter()
        .map(|h| to_request_value(h).to_string())
        .collect();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("10000_requests", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let case_file = new_case_file(&dir.path().join("import.sqlite"));
                (dir, case_file)
            },
            |(dir, mut case_file)| {
                let texts: Vec<&str> = requests.iter().map(String::as_str).collect();
                let results = case_file.import_requests(&texts, AGENT).unwrap();
                assert!(results.iter().all(Result::is_ok));
                (dir, case_file)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

/// Realistic queries drawn from the households of the case file.
fn queries(households: &[Household]) -> Vec<String> {
    let mut queries = Vec::new();
    let strip = |s: &str| guichet_core::names::normalize(s);
    for (i, h) in households.iter().enumerate().step_by(997).take(60) {
        let adult = &h.adults[0];
        let last = strip(&adult.last_name);
        let chars: Vec<char> = last.chars().collect();
        for n in 1..=4.min(chars.len()) {
            queries.push(chars[..n].iter().collect());
        }
        queries.push(last.clone());
        queries.push(adult.last_name.to_uppercase());
        queries.push(strip(&adult.first_name));
        queries.push(format!("{last} {}", strip(&adult.first_name)));
        queries.push(adult.birth_date.format("%d/%m/%Y").to_string());
        if i % 2 == 0 {
            queries.push(adult.birth_date.format("%Y-%m-%d").to_string());
        }
        queries.push(format!("F-07-{:06}", i + 1));
        if let Some(r) = &h.reference {
            queries.push(r.clone());
        }
        let street: Vec<&str> = h.address.line.split_whitespace().skip(1).take(3).collect();
        queries.push(street.join(" "));
    }
    queries.push("rue".to_owned());
    queries.push("zzzzz".to_owned());
    queries
}

/// Builds a 100,000-household case file, reports its size, and measures search.
fn search(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite");
    let mut case_file = new_case_file(&path);
    let start = Instant::now();
    let summary = case_file.generate_demo(100_000, 42, on(), AGENT).unwrap();
    let generated = start.elapsed();
    case_file.checkpoint().unwrap();
    if let Ok(keep) = std::env::var("GUICHET_BENCH_KEEP") {
        std::fs::copy(&path, &keep).unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "generate_demo: {} households, {} persons, {} documents, {} QF saved in {:.2} s",
        summary.households,
        summary.persons,
        summary.documents,
        summary.qf_saved,
        generated.as_secs_f64()
    );
    println!(
        "case file of 100,000 households: {:.1} MB ({} bytes)",
        size as f64 / 1_048_576.0,
        size
    );

    let start = Instant::now();
    let households = guichet_core::demo::generate(42, 100_000, 2026, on());
    println!(
        "  of which guichet_core::demo::generate alone: {:.2} s",
        start.elapsed().as_secs_f64()
    );
    let queries = queries(&households);
    // Warm the page cache, then time every query 20 times.
    for q in &queries {
        case_file.search(q, 20).unwrap();
    }
    let mut times = Vec::new();
    let mut by_length: Vec<(usize, Duration)> = Vec::new();
    let mut slowest: Vec<(Duration, &str)> = Vec::new();
    for _ in 0..20 {
        for q in &queries {
            let start = Instant::now();
            let results = case_file.search(q, 20).unwrap();
            let elapsed = start.elapsed();
            std::hint::black_box(results);
            times.push(elapsed);
            by_length.push((q.chars().count(), elapsed));
            slowest.push((elapsed, q));
        }
    }
    times.sort();
    slowest.sort();
    slowest.dedup_by_key(|(_, q)| *q);
    let worst: Vec<String> = slowest
        .iter()
        .rev()
        .take(8)
        .map(|(d, q)| format!("{q:?} {}", ms(*d)))
        .collect();
    println!("slowest queries: {}", worst.join(", "));
    println!(
        "search over 100,000 households, {} queries × 20: p50 {}, p95 {}, p99 {}, max {}",
        queries.len(),
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap())
    );
    for (label, range) in [
        ("1–2 characters", 1..=2),
        ("3–4 characters", 3..=4),
        ("5+ characters", 5..=usize::MAX),
    ] {
        let mut t: Vec<Duration> = by_length
            .iter()
            .filter(|(n, _)| range.contains(n))
            .map(|(_, d)| *d)
            .collect();
        t.sort();
        if !t.is_empty() {
            println!(
                "  {label}: p50 {}, p95 {}",
                ms(percentile(&t, 0.5)),
                ms(percentile(&t, 0.95))
            );
        }
    }

    let mut group = c.benchmark_group("search_100k");
    for q in [
        "l",
        "le",
        "lef",
        "martin",
        "15/06/2015",
        "F-07-054321",
        "rue de",
    ] {
        group.bench_function(q, |b| b.iter(|| case_file.search(q, 20).unwrap()));
    }
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    import(&mut c);
    search(&mut c);
    c.final_summary();
}
