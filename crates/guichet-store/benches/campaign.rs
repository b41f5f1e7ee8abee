//! Benchmark (issue 3, "Performance"): the summer campaign of school kits end to end, as the agent
//! runs it — issue every kit in one transaction on a real case file, then draw the one PDF of kit
//! slips and write it to disk. Target: 1,500 kit slips under 0.75 s on a 2-core machine like CI's.
//!
//! The case file is a demo one sized so that the campaign gives about 1,500 kits; each run starts
//! from a fresh copy of it (a campaign can only run once per case file). Prints the time of each
//! step (best and median of the runs: the machine is shared), the pages per second and the size.
//! Run with `cargo bench -p guichet-store --bench campaign`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use guichet_core::{DeskNumber, Scheme};
use guichet_store::CaseFile;

const AGENT: &str = "Alice Martin";
const SUPERVISOR: &str = "Sophie Bernard";
/// Demo households that give about 1,500 school kits on the campaign's day.
const HOUSEHOLDS: usize = 12_000;
const RUNS: usize = 7;

fn references() -> Vec<(i32, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/reference");
    [2025, 2026, 2027]
        .into_iter()
        .map(|y| {
            let text = std::fs::read_to_string(dir.join(format!("{y}.toml"))).unwrap();
            (y, text)
        })
        .collect()
}

fn template(path: &Path, on: NaiveDate) {
    let texts = references();
    let refs: Vec<(i32, &str)> = texts.iter().map(|(y, t)| (*y, t.as_str())).collect();
    let mut case = CaseFile::init(
        path,
        DeskNumber::new(7).unwrap(),
        AGENT,
        Some(SUPERVISOR),
        "CCAS",
        &refs,
    )
    .unwrap();
    case.generate_demo(HOUSEHOLDS, 2026, on, AGENT).unwrap();
}

fn stats(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[0], times[times.len() / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    // `cargo test --benches` runs this with `--bench`-less arguments: only run when benchmarking.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let on = NaiveDate::from_ymd_opt(2025, 8, 27).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.sqlite");
    template(&model, on);

    let (mut issue, mut print, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let (mut kits, mut size) = (0, 0);
    for run in 0..RUNS {
        let path = dir.path().join(format!("run-{run}.sqlite"));
        std::fs::copy(&model, &path).unwrap();
        let pdf = dir.path().join(format!("kits-{run}.pdf"));
        let mut case = CaseFile::open(&path).unwrap();
        let start = Instant::now();
        let issued = case
            .run_campaign(Scheme::SchoolKit, 2025, on, AGENT, None)
            .unwrap();
        let issued_at = start.elapsed();
        let bytes = case.vouchers_pdf(&issued, false).unwrap();
        guichet_print::save_pdf(&pdf, &bytes).unwrap();
        let done = start.elapsed();
        issue.push(issued_at);
        print.push(done - issued_at);
        total.push(done);
        kits = issued.len();
        size = bytes.len();
    }
    let (issue_best, issue_median) = stats(issue);
    let (print_best, print_median) = stats(print);
    let (total_best, total_median) = stats(total);
    println!("campaign of {kits} school kits over {HOUSEHOLDS} demo households ({RUNS} runs):");
    println!(
        "  issue (one transaction):  best {} median {}",
        ms(issue_best),
        ms(issue_median)
    );
    println!(
        "  PDF drawn and written:    best {} median {}",
        ms(print_best),
        ms(print_median)
    );
    println!(
        "  total:                    best {} median {} ({:.0} pages/s at the median; target 0.75 s)",
        ms(total_best),
        ms(total_median),
        kits as f64 / total_median.as_secs_f64()
    );
    println!(
        "  PDF: {size} bytes, {:.0} bytes per page",
        size as f64 / kits.max(1) as f64
    );
}
