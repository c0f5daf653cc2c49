//! The cost of a copy signature: `cargo bench -p newsbite-stories --bench dedup`.
//!
//! Every report added gets a MinHash [`Signature`] of its body, so its cost is paid once per
//! article on ingest. Beside it, as the floor measured in the same run: cutting the same text into
//! words (which the signature must do anyway). The text is made here: 600 words of varied prose.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use newsbite_stories::dedup::Signature;

fn body() -> String {
    let words = [
        "the",
        "minister",
        "said",
        "on",
        "Monday",
        "that",
        "troops",
        "had",
        "crossed",
        "river",
        "near",
        "border",
        "officials",
        "denied",
        "any",
        "fighting",
        "in",
        "valley",
        "where",
        "3,500",
        "people",
        "live",
        "reports",
        "of",
        "shelling",
        "could",
        "not",
        "be",
        "verified",
        "alliance",
        "spokesman",
        "told",
        "reporters",
    ];
    let mut x: u64 = 7;
    (0..600)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            words[(x >> 33) as usize % words.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn bench(c: &mut Criterion) {
    let text = body();
    let mut group = c.benchmark_group("dedup");
    group.throughput(Throughput::Elements(1));
    group.bench_function("signature/600 words", |b| b.iter(|| Signature::of(black_box(&text))));
    group.bench_function("words only/600 words", |b| {
        b.iter(|| newsbite_text::words(black_box(&text)).map(|w| w.text.len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
