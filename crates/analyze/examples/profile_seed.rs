//! Runs the full analysis of the seed record many times, for a profiler that counts
//! instructions (stable on a busy machine, unlike timings):
//!
//! ```text
//! cargo build --release -p newsbite-analyze --example profile_seed
//! valgrind --tool=callgrind target/release/examples/profile_seed 50
//! ```
//!
//! The argument is the number of analyses (default 50). Reads the seed from the shared folder
//! (`../shared` beside the repo, or `NEWSBITE_SHARED`).

fn main() {
    let Some(shared) = newsbite_testdata::shared_dir("profiling the seed") else {
        eprintln!("the shared folder is not there: nothing to profile");
        std::process::exit(2);
    };
    let path = shared.join(newsbite_testdata::SEED);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        }
    };
    let article = match newsbite_extract::record::read(&bytes) {
        Ok(r) => r.article,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        }
    };
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    // One analyzer for all the runs, as the library keeps one per thread.
    let mut analyzer = newsbite_analyze::Analyzer::new();
    let mut quotes = 0;
    for _ in 0..runs {
        quotes += std::hint::black_box(analyzer.analyze(&article)).quotes.len();
    }
    println!("{runs} analyses, {} quotes each", quotes / runs.max(1));
}
