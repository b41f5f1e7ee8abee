//! Benchmark: the rules (QF checklist, QF, eligibility) over 100,000 demo households.
//! Target (issue 2): under 0.5 s for the whole set on a 2-core machine like CI's.

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::time::Instant;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use guichet_core::assessment::assess_many;
use guichet_core::{Household, Reference, demo, reference};

const HOUSEHOLDS: usize = 100_000;

fn run_rules(
    households: &[Household],
    on: NaiveDate,
    reference: &Reference,
    threads: usize,
) -> usize {
    assess_many(households, 2026, on, reference, NonZeroUsize::new(threads))
        .iter()
        .map(|a| a.eligibility.entitlements.len() + usize::from(a.checklist.complete))
        .sum()
}

fn rules(c: &mut Criterion) {
    let on = NaiveDate::from_ymd_opt(2025, 11, 20).expect("a real date");
    let set = reference::shipped().expect("shipped reference data");
    let reference = set.get(2026).expect("2026 reference").clone();
    let households = demo::generate(2026, HOUSEHOLDS, 2026, on);

    // Plain timings, printed as the figures the issue asks for: one core, then every core.
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    for threads in [1, cores] {
        let start = Instant::now();
        let entitled = run_rules(&households, on, &reference, threads);
        println!(
            "rules (checklist + QF + eligibility) for {HOUSEHOLDS} households on {threads} thread(s): {:.3} s ({entitled} rights or complete files)",
            start.elapsed().as_secs_f64()
        );
    }

    let mut group = c.benchmark_group("rules");
    group.sample_size(10);
    for threads in [1, cores] {
        group.bench_function(format!("100k households/{threads} thread(s)"), |b| {
            b.iter(|| run_rules(black_box(&households), on, &reference, threads))
        });
    }
    group.finish();
}

criterion_group!(benches, rules);
criterion_main!(benches);
