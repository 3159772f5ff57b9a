//! The holiday layers of a whole country for a year (issue 17: under 50 ms): the national
//! holidays, the state holidays of every UF and the municipal layer of every one of IBGE's
//! municipalities, each joined into that municipality's days off — what a server serving many
//! municipalities, or an import checking every address, computes.

use std::collections::BTreeMap;

use campo_domain::calendar::national_holidays;
use campo_domain::holidays::{UFS, municipal_holidays_by_code, state_holidays};
use campo_domain::municipality;
use criterion::{Criterion, criterion_group, criterion_main};

/// Days off per municipality in `year`.
fn country(year: i32) -> usize {
    let national = national_holidays(year);
    let states: BTreeMap<&str, _> = UFS
        .iter()
        .map(|&uf| (uf, state_holidays(uf, year)))
        .collect();
    let mut days = 0;
    for m in municipality::all() {
        let mut layers: Vec<_> = national.iter().map(|h| h.date).collect();
        layers.extend(states[m.uf.as_str()].iter().map(|h| h.date));
        layers.extend(
            municipal_holidays_by_code(m.ibge, year)
                .iter()
                .map(|h| h.date),
        );
        layers.sort_unstable();
        layers.dedup();
        days += layers.len();
    }
    days
}

fn benches(c: &mut Criterion) {
    // The table is parsed on first use; that load is measured apart.
    let started = std::time::Instant::now();
    let count = municipality::all().len();
    eprintln!(
        "municipality table: {count} loaded in {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    eprintln!(
        "days off in 2027, summed over municipalities: {}",
        country(2027)
    );
    c.bench_function("holidays: every UF and every municipality, one year", |b| {
        b.iter(|| country(std::hint::black_box(2027)))
    });
}

criterion_group!(holidays, benches);
criterion_main!(holidays);
