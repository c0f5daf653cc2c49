//! `newsbite-eval`: measures NewsBite on the shared evaluation data, side by side with its peers.
//!
//! Each subcommand is one benchmark in a module of its own; shared helpers: [`metric`] (the
//! extraction benchmark's metric), [`table`] (output), [`memory`] (child processes and their
//! peak memory), [`peers`] (the Python and Node peers of `bench/peers`), [`paths`] (where data and
//! outputs live).

mod align;
mod entities;
mod extraction;
mod fetch;
mod ingest;
mod memory;
mod metric;
mod paths;
mod peers;
mod quotes;
mod search;
mod stories;
mod summaries;
mod table;
mod web;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "newsbite-eval", about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Main-text extraction on the ScrapingHub article-extraction set (F1, speed, memory).
    Extraction(extraction::Args),
    /// Runs one Rust extraction tool over the set in this process (used by `extraction`).
    #[command(hide = true)]
    RunOne(extraction::RunOneArgs),
    /// The bite on BBC News Summary, with Lead-3, LexRank and TextRank, scored by ROUGE.
    Summaries(summaries::Args),
    /// Who said what on PolNeAR: content, source and speaker scores.
    Quotes(quotes::Args),
    /// People, organisations and places in PolNeAR's news, side by side with spaCy's NER.
    Entities(entities::Args),
    /// Story clustering on Google News (T, S, TS), one item at a time: NMI, ARI, B-cubed.
    Stories(stories::Args),
    /// End-to-end ingest (analyse, store, place in stories) of generated articles at several sizes.
    Ingest(ingest::Args),
    /// Ingests N generated articles into a fresh library (used by `ingest`).
    #[command(hide = true)]
    IngestOne(ingest::OneArgs),
    /// Search latency over one generated library kept in --data (built once when missing).
    Search(search::Args),
    /// The web server under load (wrk, 100 connections) on 10,000 generated articles.
    Web(web::Args),
    /// Following feeds end to end: 50 feeds x 20 entries from local servers; a second poll of 304s.
    Fetch(fetch::Args),
}

/// The allocator of the `newsbite` binary, so that the ingest and search figures are its own.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extraction(args) => extraction::run(args),
        Command::RunOne(args) => extraction::run_one(args),
        Command::Summaries(args) => summaries::run(args),
        Command::Quotes(args) => quotes::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Stories(args) => stories::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::IngestOne(args) => ingest::run_one(args),
        Command::Search(args) => search::run(args),
        Command::Web(args) => web::run(args),
        Command::Fetch(args) => fetch::run(args),
    }
}
