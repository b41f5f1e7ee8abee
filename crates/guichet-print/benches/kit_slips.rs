//! Benchmark (issue 3, "Performance"): a summer campaign of 1,500 kit slips printed as one PDF.
//! Target: under 0.75 s on a 2-core machine like CI's (≥ 2,000 pages/s), compressed streams, the
//! fonts embedded once, under 3 KB per page beyond them, and memory that grows with the pages only
//! as much as the PDF being written.
//!
//! Prints, before criterion's own figures: pages per second (best and median of several runs: the
//! machine is shared), the file size, the bytes each page adds beyond the fonts (measured against a
//! one-page PDF), and the peak memory of a run (`VmHWM`, reset through `/proc/self/clear_refs`)
//! for batches of 250 to 1,500 slips, so its growth per page can be read against the file's.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
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

/// `VmHWM` (peak resident memory) and `VmRSS` of this process, in KiB.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Resets the peak to the current resident memory (Linux: `echo 5 > /proc/self/clear_refs`).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
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
    let mut size = 0;
    for _ in 0..7 {
        let start = Instant::now();
        let pdf = kit_slips_pdf(black_box(&all), &items, &letterhead).unwrap();
        times.push(start.elapsed());
        size = pdf.len();
    }
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
        "file: {size} bytes ({:.1} MB); fonts and first page {} bytes; {per_page:.0} bytes per further page",
        size as f64 / 1e6,
        one.len()
    );

    if !reset_peak() {
        println!("peak memory: /proc/self/clear_refs not writable, not measured");
        return;
    }
    println!("peak memory of one run, above the resident memory before it:");
    let mut previous: Option<(usize, f64)> = None;
    for count in [250, 500, 1_000, 1_500] {
        let batch = &all[..count];
        let (_, before) = memory();
        reset_peak();
        let pdf = kit_slips_pdf(batch, &items, &letterhead).unwrap();
        let (peak, _) = memory();
        let extra = peak.saturating_sub(before) as f64 * 1024.0;
        let growth = previous
            .map(|(n, e)| {
                format!(
                    ", {:.1} KB per added page",
                    (extra - e) / (count - n) as f64 / 1e3
                )
            })
            .unwrap_or_default();
        println!(
            "  {count:>5} slips: +{:.1} MB peak, PDF {:.2} MB ({:.1} KB per page in memory{growth})",
            extra / 1e6,
            pdf.len() as f64 / 1e6,
            extra / count as f64 / 1e3,
        );
        previous = Some((count, extra));
        drop(pdf);
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
criterion_main!(benches);
