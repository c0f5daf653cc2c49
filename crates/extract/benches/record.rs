//! Records read per second on one core: `cargo bench -p newsbite-extract --bench record`.
//!
//! Reads the seed record from the shared folder when it is there (`../shared` beside the repo,
//! or `NEWSBITE_SHARED`), else a hand-made fixture. Criterion prints the rate as elements/s.

use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn inputs() -> Vec<(String, Vec<u8>)> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let shared = newsbite_testdata::shared_dir("the seed benchmark");
    if let Some(bytes) = shared.and_then(|s| std::fs::read(s.join(newsbite_testdata::SEED)).ok()) {
        out.push(("seed".to_string(), bytes));
    }
    let fixture = manifest.join("tests/fixtures/records/credits.txt");
    out.push(("fixture-credits".to_string(), std::fs::read(fixture).expect("fixture present")));
    out
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("record");
    for (name, bytes) in inputs() {
        group.throughput(Throughput::Elements(1));
        group.bench_function(&name, |b| b.iter(|| newsbite_extract::record::read(black_box(&bytes))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
