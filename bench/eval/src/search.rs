//! `newsbite-eval search`: search latency over one generated library, kept between runs.
//!
//! `ingest` measures search at the end of a fresh ingest, which takes minutes at 100,000
//! articles. This subcommand keeps the library in `--data DIR` (built once, by an `ingest-one`
//! child with the same generator, when `DIR` holds none) and times [`ingest`'s query
//! set](crate::ingest::queries) over it: each query once to warm up, then
//! [`SEARCH_RUNS`](crate::ingest::SEARCH_RUNS) times. It prints each query's median and slowest
//! run, and p50 and p99 over all runs, the figures `ingest` reports, so a change to the search
//! can be measured in seconds on the same library before and after.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use newsbite_library::store::{Query, Store, DB_FILE};

use crate::ingest::{queries, SEARCH_RUNS, SPACING};
use crate::table::{Align, Table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The library to search; built with `--n` generated articles when it holds none.
    #[arg(long)]
    data: PathBuf,
    /// How many articles to generate when the library has to be built.
    #[arg(long, default_value_t = 100_000)]
    n: usize,
    /// Analysis threads when the library has to be built.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Also write each query's hits (id, score, snippet), one JSON line per query, to this file:
    /// two runs' files compare the results of two versions of the search.
    #[arg(long)]
    dump: Option<PathBuf>,
    /// Only the queries whose label contains this text (to profile one kind).
    #[arg(long)]
    only: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if !args.data.join(DB_FILE).exists() {
        eprintln!("no library in {}: ingesting {} articles first", args.data.display(), args.n);
        let exe = std::env::current_exe().context("cannot find the eval binary")?;
        let status = Command::new(exe)
            .args([
                "ingest-one",
                "--n",
                &args.n.to_string(),
                "--threads",
                &args.threads.to_string(),
                "--data",
            ])
            .arg(&args.data)
            .status()
            .context("cannot start ingest-one")?;
        if !status.success() {
            bail!("building the library in {} failed ({status})", args.data.display());
        }
    }
    let store = Store::open(&args.data)?;
    let articles = store.stats()?.articles;
    // The query set's dates count back from the generator's end: one spacing after the newest.
    let Some(newest) = store.search(&Query { limit: 1, ..Query::default() })?.pop().and_then(|h| h.published)
    else {
        bail!("the library in {} holds no dated article", args.data.display());
    };
    let end = newest.with_timezone(&chrono::Utc) + chrono::Duration::seconds(SPACING);
    let mut table = Table::new(&[
        ("query", Align::Left),
        ("hits", Align::Right),
        ("p50 ms", Align::Right),
        ("slowest ms", Align::Right),
    ]);
    let mut all: Vec<Duration> = Vec::new();
    let mut dump = String::new();
    let mut queries = queries(end);
    if let Some(only) = &args.only {
        queries.retain(|(label, _)| label.contains(only.as_str()));
    }
    for (label, query) in &queries {
        let found = store.search(query)?;
        let hits: Vec<_> = found.iter().map(|h| (h.id, h.score, &h.snippet)).collect();
        dump.push_str(&serde_json::to_string(&(label, hits))?);
        dump.push('\n');
        let (hits, times) = time_query(&store, query)?;
        table.row(vec![
            label.clone(),
            hits.to_string(),
            format!("{:.2}", ms(percentile(&times, 0.5))),
            format!("{:.2}", ms(times.last().copied().unwrap_or_default())),
        ]);
        all.extend(times);
    }
    all.sort();
    if let Some(path) = &args.dump {
        std::fs::write(path, dump).with_context(|| format!("cannot write {}", path.display()))?;
    }
    print!("{}", table.render());
    println!(
        "search over {articles} articles: p50 {:.2} ms, p99 {:.2} ms ({} queries x {SEARCH_RUNS} runs)",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        queries.len()
    );
    Ok(())
}

/// Runs a search once to warm up, then [`SEARCH_RUNS`] times: its hits and the runs' times,
/// sorted.
pub(crate) fn time_query(store: &Store, query: &Query) -> anyhow::Result<(usize, Vec<Duration>)> {
    let mut hits = store.search(query)?.len();
    let mut times = Vec::with_capacity(SEARCH_RUNS);
    for _ in 0..SEARCH_RUNS {
        let t = Instant::now();
        hits = store.search(query)?.len();
        times.push(t.elapsed());
    }
    times.sort();
    Ok((hits, times))
}

/// The run at fraction `p` of sorted times (`sorted[round((n - 1) p)]`).
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len().saturating_sub(1)) as f64 * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
