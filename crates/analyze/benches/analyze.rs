//! Articles analysed per second on one core: `cargo bench -p newsbite-analyze --bench analyze`.
//!
//! Runs the full [`newsbite_analyze::analyze`] (bite, quotes, figures, entities, keywords) on the
//! seed record from the shared folder when it is there (`../shared` beside the repo, or
//! `NEWSBITE_SHARED`), else on a small hand-made article; each part on its own too, to show
//! where the time goes. Criterion prints the rate as elements/s: the target is ≥ 2,000 articles/s.
//!
//! `full` is one [`Analyzer`] analysing article after article, as the library does, which stems
//! each word once in its life; `fresh` is [`analyze`] alone, which starts with no word known (a
//! one-off `newsbite read`).
//!
//! The bench allocates with mimalloc, as the `newsbite` binary does: with glibc's malloc, `full`
//! on the seed took 13% longer (839 and 850 µs against 737 and 741 µs, runs in turns).

/// The allocator the `newsbite` binary uses, so that the rate is the binary's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use newsbite_analyze::{analyze, bite, figures, keywords, Analyzer, Doc};
use newsbite_model::{Article, Block};

fn article() -> (&'static str, Article) {
    let shared = newsbite_testdata::shared_dir("benchmarking the seed");
    if let Some(bytes) = shared.and_then(|s| std::fs::read(s.join(newsbite_testdata::SEED)).ok()) {
        if let Ok(reading) = newsbite_extract::record::read(&bytes) {
            return ("seed", reading.article);
        }
    }
    eprintln!("notice: the seed record is not there; benchmarking a hand-made article");
    let mut a = Article::new("Storm floods valley town as river bursts its banks");
    a.standfirst = Some("Hundreds of people left their homes overnight, officials said.".into());
    let paragraphs = [
        "A storm flooded the valley town on Sunday, forcing some 400 people from their homes.",
        "The river rose two metres in an hour, the mayor, Anna Berg, told reporters.",
        "“We have never seen water like this,” she said. “The bridge is closed until further notice.”",
        "Rescue teams worked through the night to reach 35 families trapped by the flood water.",
        "The regional government said repairs would cost more than £12m and take three months.",
        "Forecasters expect the storm to move east on Monday, with up to 80mm of rain.",
    ];
    a.blocks = paragraphs.iter().map(|p| Block::Paragraph { text: (*p).to_string() }).collect();
    ("hand-made", a)
}

fn bench(c: &mut Criterion) {
    let (name, a) = article();
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Elements(1));
    let mut analyzer = Analyzer::new();
    group.bench_function(format!("full/{name}"), |b| b.iter(|| analyzer.analyze(black_box(&a))));
    group.bench_function(format!("fresh/{name}"), |b| b.iter(|| analyze(black_box(&a))));
    group.bench_function(format!("doc/{name}"), |b| b.iter(|| Doc::new(black_box(&a))));
    let doc = Doc::new(&a);
    group.bench_function(format!("bite/{name}"), |b| b.iter(|| bite::bite(black_box(&doc))));
    group.bench_function(format!("figures/{name}"), |b| b.iter(|| figures::figures(black_box(&doc))));
    group.bench_function(format!("keywords/{name}"), |b| b.iter(|| keywords::keywords(black_box(&doc))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
