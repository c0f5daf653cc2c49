//! How fast the store adds articles: N made-up articles (about 450 words each, with quotes and
//! entities in their analyses) into a fresh database in a temporary folder, in batches of 500.
//!
//! `cargo bench -p newsbite-store --bench add` runs N = 10,000 and prints, besides criterion's
//! throughput, the articles per second of one plain run and the sizes of the database file and
//! of the search index.
//! `NEWSBITE_BENCH_N=50000,100000` sets other sizes (comma-separated), to show how cost grows;
//! `NEWSBITE_BENCH_KEEP=DIR` keeps the plain run's database in `DIR/N/`.

mod gen;

use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use gen::{add_all, fresh, generate, sizes, BATCH};
use newsbite_model::{Analysis, Article};

/// One plain run: articles per second and the database's size on disk.
/// With `NEWSBITE_BENCH_KEEP=DIR`, the database is made in `DIR` and kept, to look inside.
fn report(n: usize, items: &[(Article, Analysis)]) {
    let (dir, store) = fresh();
    let (_kept, dir_path, mut store) = match std::env::var_os("NEWSBITE_BENCH_KEEP") {
        Some(keep) => {
            drop(store);
            let path = std::path::PathBuf::from(keep).join(n.to_string());
            match newsbite_store::Store::open(&path) {
                Ok(s) => (Some(dir), path, s),
                Err(e) => panic!("{e}"),
            }
        }
        None => (None, dir.path().to_path_buf(), store),
    };
    let start = Instant::now();
    add_all(&mut store, items);
    let secs = start.elapsed().as_secs_f64();
    drop(store); // checkpoints the WAL into the file
    let files = |dir: &std::path::Path| -> u64 {
        std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok()?.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum())
            .unwrap_or(0)
    };
    let index_dir =
        dir_path.join(format!("{}{}", newsbite_store::DB_FILE, newsbite_store::index::FOLDER_SUFFIX));
    let (size, index) = (files(&dir_path), files(&index_dir));
    let text: usize = items.iter().map(|(a, _)| a.body_text().len() + a.headline.len()).sum();
    eprintln!(
        "store add: {n} articles in {secs:.2} s = {:.0} articles/s; database {:.1} MB, search index \
         {:.1} MB ({:.1} MB of article text, batches of {BATCH})",
        n as f64 / secs,
        size as f64 / 1e6,
        index as f64 / 1e6,
        text as f64 / 1e6,
    );
}

fn bench_add(c: &mut Criterion) {
    for n in sizes() {
        let items = generate(n);
        report(n, &items);
        let mut group = c.benchmark_group("store_add");
        group.sample_size(10);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("{n}_articles_batches_of_{BATCH}"), |b| {
            b.iter_batched(fresh, |(_dir, mut store)| add_all(&mut store, &items), BatchSize::PerIteration)
        });
        // Re-adding what is stored: every article is looked up and found unchanged.
        let (_dir, mut store) = fresh();
        add_all(&mut store, &items);
        group.bench_function(format!("{n}_articles_again_unchanged"), |b| {
            b.iter(|| add_all(&mut store, &items))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_add);
criterion_main!(benches);
