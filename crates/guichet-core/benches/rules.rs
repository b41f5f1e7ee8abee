//! Benchmark: the rules (QF checklist, QF, eligibility) over 100,000 demo households.
//! Target (issue 2): under 0.5 s for the whole set on a 2-core machine like CI's.

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use guichet_core::checklist::{Procedure, checklist};
use guichet_core::eligibility::eligibility;
use guichet_core::qf::compute_qf;
use guichet_core::{Household, Reference, demo, reference};

const HOUSEHOLDS: usize = 100_000;

fn run_rules(households: &[Household], on: NaiveDate, reference: &Reference) -> usize {
    let mut entitled = 0;
    for household in households {
        let list = checklist(household, Procedure::Qf, 2026, on, reference);
        let qf = compute_qf(household, 2026, on, reference);
        let rights = eligibility(household, 2026, on, Some(qf.tranche), reference);
        entitled += rights.entitlements.len() + usize::from(list.complete);
    }
    entitled
}

fn rules(c: &mut Criterion) {
    let on = NaiveDate::from_ymd_opt(2025, 11, 20).expect("a real date");
    let set = reference::shipped().expect("shipped reference data");
    let reference = set.get(2026).expect("2026 reference").clone();
    let households = demo::generate(2026, HOUSEHOLDS, 2026, on);

    // One plain timing, printed as the figure the issue asks for.
    let start = Instant::now();
    let entitled = run_rules(&households, on, &reference);
    println!(
        "rules (checklist + QF + eligibility) for {HOUSEHOLDS} households: {:.3} s ({entitled} rights or complete files)",
        start.elapsed().as_secs_f64()
    );

    let mut group = c.benchmark_group("rules");
    group.sample_size(10);
    group.bench_function("checklist+qf+eligibility/100k households", |b| {
        b.iter(|| run_rules(black_box(&households), on, &reference))
    });
    group.finish();
}

criterion_group!(benches, rules);
criterion_main!(benches);
