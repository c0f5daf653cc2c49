//! `newsbite`: the command-line face of NewsBite.
//!
//! The binary is thin: it parses arguments, finds files, calls the library crates and prints.
//! Exit codes: 0 all went well, 1 some inputs failed (each named on stderr), 2 usage error.

mod digest;
mod feeds;
mod files;
mod library;
mod read;
mod render;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// NewsBite: a self-hosted news digest engine.
#[derive(Debug, Parser)]
#[command(name = "newsbite", version, about, long_about = None)]
struct Cli {
    /// The library's data folder [default: $XDG_DATA_HOME/newsbite, i.e. ~/.local/share/newsbite].
    #[arg(long, global = true, value_name = "DIR", env = "NEWSBITE_DATA")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read articles (NewsBite records, plain-text articles, HTML pages) and print their reading
    /// and analysis, without storing anything.
    Read(read::Args),
    /// Add articles to the library: read, analyse, store, and group them into stories.
    Add(library::AddArgs),
    /// Analyse the stored articles again with this version's rules (those an older version
    /// read, or --all), refreshing their stories' bites and claims.
    #[command(alias = "reanalyze")]
    Reanalyse(library::ReanalyseArgs),
    /// Search the library.
    Search(library::SearchArgs),
    /// List the stories of the last day (or --since, or --all).
    Stories(library::StoriesArgs),
    /// Show one story: its bite, disputes side by side, who said what, figures, reports.
    Story(library::StoryArgs),
    /// Write the digest: the stories of the last day, for reading in the morning.
    Digest(library::DigestArgs),
    /// Load the demo library (fictional articles shipped with NewsBite) into the data folder
    /// [default: the demo folder beside the default data folder].
    Demo(library::DemoArgs),
    /// Follow feeds: add, list, remove, import and export (OPML).
    Feeds(feeds::FeedsArgs),
    /// Poll the feeds followed once: new entries fetched, read, analysed and stored.
    Fetch(feeds::FetchArgs),
    /// Serve the web pages and the JSON API at http://127.0.0.1:8080/ (`--demo` for the demo
    /// library).
    Serve(serve::ServeArgs),
}

/// Exit code when some inputs could not be read.
pub const EXIT_SOME_FAILED: u8 = 1;

/// mimalloc rather than glibc's malloc: analysis allocates many small strings and vectors, and
/// one article's analysis takes about an eighth less time with it (`cargo bench -p
/// newsbite-analyze --bench analyze`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = run(cli);
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newsbite: error: {err:#}");
            ExitCode::from(EXIT_SOME_FAILED)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let data = || library::data_dir(cli.data.as_deref());
    match cli.command {
        Command::Read(args) => read::run(args),
        Command::Add(args) => library::add(&data()?, args),
        Command::Reanalyse(args) => library::reanalyse(&data()?, args),
        Command::Search(args) => library::search(&data()?, args),
        Command::Stories(args) => library::stories(&data()?, args),
        Command::Story(args) => library::story(&data()?, args),
        Command::Digest(args) => library::digest(&data()?, args),
        Command::Feeds(args) => feeds::feeds(&data()?, args),
        Command::Fetch(args) => feeds::fetch(&data()?, args),
        Command::Demo(args) => {
            let dir = match cli.data.as_deref() {
                Some(d) => d.to_path_buf(),
                None => data()?.with_file_name("newsbite-demo"),
            };
            library::demo(&dir, args)
        }
        Command::Serve(args) => serve::run(cli.data.as_deref(), args),
    }
}
