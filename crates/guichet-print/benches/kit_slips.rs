//! Benchmark (issue 3, "Performance"): a summer campaign of 1,500 kit slips printed as one PDF.
//! Target: under 0.75 s on a 2-core machine like CI's (≥ 2,000 pages/s), compressed streams, the
//! fonts embedded once, under 3 KB per page beyond them, and memory that grows with the pages only
//! as much as the PDF being written.
//!
//! Prints, before criterion's own figures: pages per second (best and median of several runs: the
//! machine is shared), the file size, the bytes each page adds beyond the fonts (measured against a
//! one-page PDF), and the peak memory of a batch of 1 to 1,500 slips (`VmHWM`, each size in a
//! fresh process), so its growth per page can be read against the file's.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group};
use guichet_core::vouchers::VoucherNumber;
use guichet_core::{DeskNumber, Scheme};
use guichet_print::{KitSlipPrint, Letterhead, kit_slips_pdf};

const SLIPS: usize = 1_500;

const FIRST: [&str; 8] = [
    "Éléonore",
    "Maël",
    "Inès",
    "Noé",
    "Chloé",
    "Aïcha",
    "Léo",
    "Zoé",
];
const LAST: [&str; 8] = [
    "N'Diaye-Lefèvre",
    "Le Goff",
    "Benali",
    "Traoré",
    "Moreau-Château",
    "Haddad",
    "Saint-Aubin",
    "d'Almeida",
];

fn slips(count: usize) -> Vec<KitSlipPrint> {
    let desk = DeskNumber::new(3).expect("desk 03");
    let handed_on = NaiveDate::from_ymd_opt(2025, 8, 25).expect("a real date");
    (0..count)
        .map(|i| KitSlipPrint {
            number: VoucherNumber::new(Scheme::SchoolKit, 2025, desk, i as u32 + 1)
                .expect("a kit number"),
            child_name: format!("{} {}", FIRST[i % 8], LAST[(i / 8) % 8]),
            child_birth_date: NaiveDate::from_ymd_opt(
                2012 + (i % 7) as i32,
                1 + (i % 12) as u32,
                1 + (i % 28) as u32,
            )
            .expect("a real date"),
            household: format!("F-03-{:06}", 1 + i / 2),
            guardian: Some(format!("Parent {}", LAST[(i / 8) % 8])),
            handed_on,
            issued_by: "Karim Haddad".to_owned(),
            duplicate: false,
            replaces: None,
        })
        .collect()
}

fn items() -> Vec<String> {
    let set = guichet_core::reference::shipped().expect("shipped reference data");
    set.get(2025)
        .expect("2025 reference")
        .schemes
        .school_kit
        .items
        .clone()
}

/// A field of `/proc/self/status` in KiB (`VmHWM:` is the peak resident memory).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// CPU time used by this process so far (user + system), in seconds (clock ticks of 10 ms).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) as f64 / 100.0
}

/// Run in a child process (`GUICHET_PRINT_BENCH_SLIPS=N`): prints the resident memory before
/// the batch, the peak after it, and the PDF's size, then exits. A fresh process per size keeps
/// the allocator's reuse of earlier runs out of the figures.
fn child(count: usize) {
    let letterhead = Letterhead::default();
    let items = items();
    let all = slips(count);
    // Parse the fonts first, so that the figure is the batch's own.
    kit_slips_pdf(&all[..1], &items, &letterhead).unwrap();
    let before = status_kib("VmRSS:");
    let pdf = kit_slips_pdf(&all, &items, &letterhead).unwrap();
    let peak = status_kib("VmHWM:");
    println!("{before} {peak} {}", pdf.len());
}

/// Peak memory of one batch of `count` slips, in a child process: (KB above the start, PDF bytes).
fn measure_in_child(count: usize) -> Option<(f64, usize)> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .env("GUICHET_PRINT_BENCH_SLIPS", count.to_string())
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let numbers: Vec<u64> = text
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [before, peak, size] = numbers[..] else {
        return None;
    };
    Some((peak.saturating_sub(before) as f64 * 1.024, size as usize))
}

fn report() {
    let letterhead = Letterhead::default();
    let items = items();
    let all = slips(SLIPS);

    // The fonts are parsed on the first call of the process; time it apart.
    let start = Instant::now();
    let one = kit_slips_pdf(&all[..1], &items, &letterhead).unwrap();
    println!(
        "first document of the process (fonts parsed): {:.1} ms, {} bytes for one page",
        start.elapsed().as_secs_f64() * 1e3,
        one.len()
    );

    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut size = 0;
    for _ in 0..7 {
        let (start, start_cpu) = (Instant::now(), cpu_seconds());
        let pdf = kit_slips_pdf(black_box(&all), &items, &letterhead).unwrap();
        times.push(start.elapsed());
        cpu.push(cpu_seconds() - start_cpu);
        size = pdf.len();
    }
    cpu.sort_by(f64::total_cmp);
    times.sort();
    let best = times[0].as_secs_f64();
    let median = times[times.len() / 2].as_secs_f64();
    let per_page = (size - one.len()) as f64 / (SLIPS - 1) as f64;
    println!(
        "{SLIPS} kit slips in one PDF: best {best:.3} s ({:.0} pages/s), median {median:.3} s ({:.0} pages/s), worst {:.3} s",
        SLIPS as f64 / best,
        SLIPS as f64 / median,
        times[times.len() - 1].as_secs_f64()
    );
    println!(
        "CPU time per batch (all threads): median {:.2} s, load average {}",
        cpu[cpu.len() / 2],
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .unwrap_or("?")
    );
    println!(
        "file: {size} bytes ({:.1} MB); fonts and first page {} bytes; {per_page:.0} bytes per further page",
        size as f64 / 1e6,
        one.len()
    );

    println!(
        "peak resident memory of one batch, above the process before it (fresh process each):"
    );
    let mut previous: Option<(usize, f64)> = None;
    for count in [1, 250, 500, 1_000, 1_500] {
        let Some((extra_kb, size)) = measure_in_child(count) else {
            println!("  {count} slips: not measured (no /proc/self/status?)");
            continue;
        };
        let growth = previous
            .map(|(n, e)| {
                format!(
                    ", {:.1} KB more per added page",
                    (extra_kb - e) / (count - n) as f64
                )
            })
            .unwrap_or_default();
        println!(
            "  {count:>5} slips: +{:.1} MB peak for a PDF of {:.2} MB{growth}",
            extra_kb / 1e3,
            size as f64 / 1e6,
        );
        previous = Some((count, extra_kb));
    }
}

fn kit_slips(c: &mut Criterion) {
    report();
    let letterhead = Letterhead::default();
    let items = items();
    let all = slips(SLIPS);
    let mut group = c.benchmark_group("print");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("1500 kit slips, one PDF", |b| {
        b.iter(|| kit_slips_pdf(black_box(&all), &items, &letterhead).unwrap())
    });
    group.finish();
}

criterion_group!(benches, kit_slips);

fn main() {
    if let Some(count) = std::env::var("GUICHET_PRINT_BENCH_SLIPS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        child(count);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
