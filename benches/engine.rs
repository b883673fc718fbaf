//! Engine benchmarks. Targets (issue 8):
//! - analysis of the generated 10,002-element, 12,001-flow map (parallel
//!   branches and rework loops) under 5 ms; JSON load and validation under 20 ms;
//! - 10,000 steps in series, each reworking to the previous at p = 0.1, under 20 ms;
//! - against a baseline (petgraph toposort plus longest path over the same
//!   graph, the least any analysis must do) the analysis stays under 10x; the
//!   ratio of medians is printed at the end.
//! - issue 27: the reworked chain stays under 10 ms, the 10,002-element map
//!   under twice its time before the exact expectation (3.8 ms), and 100
//!   parallel branches, each with its own rework loop, under 50 ms;
//! - issue 27: `takt analyze` (analysis and report of every map) takes at most
//!   1 s on any file of the corpus (tests/corpus); the slowest is printed;
//! - the forecast (issue 11): 10,000 runs of the incident example under 50 ms,
//!   10,000 runs of the 502-element generated map under 2 s.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use petgraph::algo::toposort;
use petgraph::graph::DiGraph;
use rustc_hash::FxHashMap;
use takt::analysis::analyze;
use takt::analysis::report::{document_report, map_report};
use takt::analysis::simulate::simulate;
use takt::io;
use takt::model::generate::{generated_map, parallel_reworked_branches, reworked_chain};
use takt::model::{Document, ElementKind, Map};

fn large_document() -> Document {
    let mut document = Document::new("Benchmark");
    let mut map = generated_map(1000);
    map.id = "current".into();
    document.maps[0] = map;
    document
}

/// The least work any lead-time analysis does: the graph from the ids, a
/// topological order (petgraph's), and the longest path over it.
fn baseline(map: &Map) -> f64 {
    let mut graph = DiGraph::<f64, ()>::with_capacity(map.elements.len(), map.flows.len());
    let mut by_id = FxHashMap::with_capacity_and_hasher(map.elements.len(), Default::default());
    for element in &map.elements {
        let time = match &element.kind {
            ElementKind::Process(step) => step.touch_seconds(&map.calendar).unwrap_or(0.0),
            _ => 0.0,
        };
        by_id.insert(element.id.as_str(), graph.add_node(time));
    }
    for flow in map.flows.iter().filter(|f| f.kind.is_forward_material()) {
        if let (Some(&a), Some(&b)) = (by_id.get(flow.from.as_str()), by_id.get(flow.to.as_str())) {
            graph.add_edge(a, b, ());
        }
    }
    let order = toposort(&graph, None).unwrap_or_default();
    let mut distance = vec![0.0f64; graph.node_count()];
    let mut longest = 0.0f64;
    for v in order {
        let reach = graph
            .neighbors_directed(v, petgraph::Direction::Incoming)
            .map(|u| distance[u.index()])
            .fold(0.0, f64::max);
        distance[v.index()] = reach + graph[v];
        longest = longest.max(distance[v.index()]);
    }
    longest
}

fn median_time(mut run: impl FnMut(), rounds: usize) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[rounds / 2]
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
    let chain = reworked_chain(10_000, 0.1);
    c.bench_function(
        "analyze 10k steps in series, each reworking at p = 0.1",
        |b| b.iter(|| analyze(black_box(&chain))),
    );
    let branches = parallel_reworked_branches(100);
    c.bench_function(
        "analyze 100 parallel branches, each with a rework loop",
        |b| b.iter(|| analyze(black_box(&branches))),
    );
    c.bench_function("baseline: toposort + longest path, 10k elements", |b| {
        b.iter(|| baseline(black_box(map)))
    });
    let example =
        io::load(io::examples::EXAMPLES[0].json).unwrap_or_else(|_| Document::new("empty"));
    c.bench_function("analyze incident example", |b| {
        b.iter(|| analyze(black_box(&example.maps[0])))
    });
    c.bench_function("forecast 10,000 runs, incident example", |b| {
        b.iter(|| simulate(black_box(&example.maps[0]), 10_000, 1))
    });
    let mid_size = generated_map(50);
    let mut slow = c.benchmark_group("forecast large");
    slow.sample_size(10);
    slow.bench_function("forecast 10,000 runs, 502 elements", |b| {
        b.iter(|| simulate(black_box(&mid_size), 10_000, 1))
    });
    slow.finish();

    corpus(c);

    let analysis = median_time(|| drop(black_box(analyze(map))), 101);
    let least = median_time(|| _ = black_box(baseline(map)), 101);
    println!(
        "ratio analysis / baseline on 10k elements (medians of 101): {:.1} ms / {:.1} ms = {:.1}x (aim: under 10x)",
        analysis.as_secs_f64() * 1e3,
        least.as_secs_f64() * 1e3,
        analysis.as_secs_f64() / least.as_secs_f64()
    );
}

/// What `takt analyze` does with a file, less reading and printing.
fn analyze_file(document: &Document) {
    black_box(document_report(black_box(document)));
}

/// Each corpus file timed (medians of 5), the slowest printed against the 1 s
/// budget and measured by Criterion.
fn corpus(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<(String, Document)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| {
                    let path = entry.ok()?.path();
                    let document = io::load(&std::fs::read_to_string(&path).ok()?).ok()?;
                    Some((path.file_name()?.to_string_lossy().into_owned(), document))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let Some((slowest, took)) = files
        .iter()
        .map(|(name, document)| (name, median_time(|| analyze_file(document), 5)))
        .max_by_key(|(_, took)| *took)
    else {
        println!("corpus: no files in tests/corpus");
        return;
    };
    println!(
        "corpus: {} files, the slowest {slowest} in {:.1} ms (medians of 5; budget 1,000 ms)",
        files.len(),
        took.as_secs_f64() * 1e3
    );
    if let Some((_, document)) = files.iter().find(|(name, _)| name == slowest) {
        let mut group = c.benchmark_group("corpus");
        group.sample_size(10);
        group.bench_function("analyze + report, slowest corpus file", |b| {
            b.iter(|| analyze_file(document))
        });
        group.finish();
    }
}

criterion_group!(benches, engine);
criterion_main!(benches);
