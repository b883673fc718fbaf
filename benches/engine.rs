//! Engine benchmarks on a generated 10,002-element, 12,001-flow map with
//! parallel branches and rework loops. Targets: analysis < 5 ms, JSON load and
//! validation < 20 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use takt::analysis::{analyze, report::map_report};
use takt::io;
use takt::model::{Document, generate::generated_map};

fn large_document() -> Document {
    let mut document = Document::new("Benchmark");
    let mut map = generated_map(1000);
    map.id = "current".into();
    document.maps[0] = map;
    document
}

fn engine(c: &mut Criterion) {
    let document = large_document();
    let map = &document.maps[0];
    let json = io::save(&document);
    c.bench_function("analyze 10k elements", |b| {
        b.iter(|| analyze(black_box(map)))
    });
    c.bench_function("analyze + report 10k elements", |b| {
        b.iter(|| map_report(map, &analyze(black_box(map))))
    });
    c.bench_function("load + validate 10k elements", |b| {
        b.iter(|| io::load(black_box(&json)).is_ok())
    });
    let example =
        io::load(io::examples::EXAMPLES[0].json).unwrap_or_else(|_| Document::new("empty"));
    c.bench_function("analyze incident example", |b| {
        b.iter(|| analyze(black_box(&example.maps[0])))
    });
}

criterion_group!(benches, engine);
criterion_main!(benches);
