//! The feed commands: `feeds add|list|remove|import|export` and `fetch`.
//!
//! The work is done by `newsbite-fetch`; this module parses arguments, runs its async calls on a
//! small single-threaded runtime, shows progress on a terminal and prints. Private addresses
//! (this machine, the local network) are refused unless `--allow-private` or
//! `NEWSBITE_ALLOW_PRIVATE=1` is given.

use std::io::{self, IsTerminal, Write};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};
use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use newsbite_fetch::poll::{FeedOutcome, PollOptions, Status};
use newsbite_fetch::{subscribe, AddressPolicy, FetchConfig, Fetcher};
use newsbite_library::store::Feed;
use newsbite_library::Library;

use crate::library::ListFormat;

/// Options every network command shares.
#[derive(Debug, Clone, clap::Args)]
pub struct NetArgs {
    /// Allow fetching from private addresses (this machine, the local network); for local use.
    /// Link-local and cloud metadata addresses stay refused.
    #[arg(long, env = "NEWSBITE_ALLOW_PRIVATE", value_parser = clap::builder::BoolishValueParser::new())]
    allow_private: bool,
    /// Requests per second to one host, at most (a burst of twice as many may go at once).
    #[arg(long, value_name = "N", default_value_t = 2)]
    per_host_rate: u32,
}

impl NetArgs {
    fn fetcher(&self) -> anyhow::Result<Fetcher> {
        let policy = if self.allow_private || newsbite_fetch::allow_private_from_env() {
            AddressPolicy::allow_private()
        } else {
            AddressPolicy::public_only()
        };
        let rate = NonZeroU32::new(self.per_host_rate).context("--per-host-rate must be at least 1")?;
        let config = FetchConfig {
            policy,
            per_host_per_second: rate,
            per_host_burst: rate.saturating_mul(NonZeroU32::MIN.saturating_add(1)),
            ..FetchConfig::default()
        };
        Ok(Fetcher::new(config)?)
    }
}

#[derive(Debug, clap::Args)]
pub struct FeedsArgs {
    #[command(subcommand)]
    command: FeedsCommand,
}

#[derive(Debug, clap::Subcommand)]
enum FeedsCommand {
    /// Follow a feed: its URL, a web page that announces one, or a file (OPML, or one URL a line).
    Add {
        /// The feed or page URL, or a file.
        #[arg(value_name = "URL|FILE")]
        source: String,
        /// The folder to file it under.
        #[arg(long)]
        category: Option<String>,
        #[command(flatten)]
        net: NetArgs,
    },
    /// List the feeds followed, with their last poll and error.
    List {
        /// Output format [default: md on a terminal, json when piped].
        #[arg(long, value_enum)]
        format: Option<ListFormat>,
    },
    /// Stop following a feed (by URL or id); its articles stay.
    Remove {
        /// The feed's URL or id.
        #[arg(value_name = "URL|ID")]
        feed: String,
    },
    /// Follow every feed of an OPML file, categories kept.
    Import {
        /// The OPML file.
        file: PathBuf,
        #[command(flatten)]
        net: NetArgs,
    },
    /// Write the feeds followed as OPML.
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct FetchArgs {
    /// Poll only the feeds due by their schedule (backoff and Retry-After kept); by default
    /// every feed is polled now.
    #[arg(long)]
    due: bool,
    /// Keep each entry's own content instead of fetching the page it links to.
    #[arg(long)]
    no_pages: bool,
    #[command(flatten)]
    net: NetArgs,
}

fn open(data: &Path) -> anyhow::Result<Library> {
    Library::open(data, Utc::now()).with_context(|| format!("cannot open the library in {}", data.display()))
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// `newsbite feeds …`.
pub fn feeds(data: &Path, args: FeedsArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        FeedsCommand::Add { source, category, net } => add(data, &source, category.as_deref(), &net),
        FeedsCommand::List { format } => list(data, format),
        FeedsCommand::Remove { feed } => {
            let mut library = open(data)?;
            if !subscribe::remove(&mut library, &feed)? {
                bail!("no feed {feed} is followed (see `newsbite feeds list`)");
            }
            println!("no longer following {feed}");
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::Import { file, net } => {
            let text =
                std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            import(data, &file, &text, &net)
        }
        FeedsCommand::Export { output } => {
            let mut library = open(data)?;
            let opml = subscribe::export(&mut library, "NewsBite subscriptions")?;
            match output {
                Some(path) => {
                    std::fs::write(&path, opml).with_context(|| format!("cannot write {}", path.display()))?
                }
                None => io::stdout().write_all(opml.as_bytes())?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn import(data: &Path, file: &Path, text: &str, net: &NetArgs) -> anyhow::Result<ExitCode> {
    let mut library = open(data)?;
    let policy = net.fetcher()?.config().policy.clone();
    let report = subscribe::import(&mut library, text, &policy, Utc::now())
        .with_context(|| format!("{}: cannot import", file.display()))?;
    for (url, why) in &report.refused {
        eprintln!("newsbite: {}: {url}: {why}", file.display());
    }
    println!(
        "{} feeds added, {} already followed, {} refused",
        report.added,
        report.already,
        report.refused.len()
    );
    Ok(if report.refused.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(crate::EXIT_SOME_FAILED) })
}

fn add(data: &Path, source: &str, category: Option<&str>, net: &NetArgs) -> anyhow::Result<ExitCode> {
    let path = Path::new(source);
    let is_url = source.contains("://");
    let urls: Vec<String> = if !is_url && path.is_file() {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {source}"))?;
        if text.contains("<opml") {
            return import(data, path, &text, net);
        }
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    } else {
        vec![source.to_string()]
    };
    let fetcher = net.fetcher()?;
    let mut library = open(data)?;
    let mut failed = 0usize;
    let rt = runtime()?;
    for url in &urls {
        match rt.block_on(subscribe::add(&mut library, &fetcher, url, category, Utc::now())) {
            Ok(sub) => {
                let name = sub.feed.title.as_deref().unwrap_or(&sub.feed.url);
                let verb = if sub.new { "following" } else { "already following" };
                match &sub.discovered_from {
                    Some(page) => println!("{verb} {name} ({}), announced by {page}", sub.feed.url),
                    None => println!("{verb} {name} ({})", sub.feed.url),
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("newsbite: {e}");
            }
        }
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(crate::EXIT_SOME_FAILED) })
}

fn list(data: &Path, format: Option<ListFormat>) -> anyhow::Result<ExitCode> {
    let mut library = open(data)?;
    let feeds = subscribe::list(&mut library)?;
    let format = format.unwrap_or(if io::stdout().is_terminal() { ListFormat::Md } else { ListFormat::Json });
    let mut out = io::stdout().lock();
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &feeds)?;
            writeln!(out)?;
        }
        ListFormat::Md => {
            if feeds.is_empty() {
                writeln!(
                    out,
                    "No feeds followed yet: `newsbite feeds add URL` or `newsbite feeds import FILE.opml`."
                )?;
            }
            for feed in &feeds {
                writeln!(out, "{}", feed_line(feed))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn feed_line(feed: &Feed) -> String {
    let title = feed.title.as_deref().unwrap_or("(untitled)");
    let category = feed.category.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
    let polled =
        feed.last_polled.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "never".into());
    let mut line = format!(
        "- {id}. **{title}**{category} <{url}>: {n} entries, polled {polled}",
        id = feed.id,
        url = feed.url,
        n = feed.entries
    );
    if let Some(error) = &feed.last_error {
        line.push_str(&format!("\n  - failing ({} in a row): {error}", feed.failures));
    }
    if let Some(next) = feed.next_poll {
        line.push_str(&format!("; next {}", next.format("%Y-%m-%d %H:%M")));
    }
    line
}

/// `newsbite fetch`: polls the feeds once.
pub fn fetch(data: &Path, args: FetchArgs) -> anyhow::Result<ExitCode> {
    let fetcher = args.net.fetcher()?;
    let mut library = open(data)?;
    let count = library.feeds().feeds()?.len();
    if count == 0 {
        println!("No feeds followed yet: `newsbite feeds add URL` or `newsbite feeds import FILE.opml`.");
        return Ok(ExitCode::SUCCESS);
    }
    let bar = ProgressBar::new(count as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} feeds [{elapsed_precise}] {wide_bar} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress_bar = bar.clone();
    let options = PollOptions {
        only_due: args.due,
        fetch_pages: !args.no_pages,
        progress: Some(Arc::new(move |outcome: &FeedOutcome| {
            progress_bar.inc(1);
            progress_bar.set_message(outcome.title.clone().unwrap_or_else(|| outcome.url.clone()));
        })),
        ..PollOptions::default()
    };
    let report =
        runtime()?.block_on(newsbite_fetch::poll::poll_all(&mut library, &fetcher, &options, Utc::now()))?;
    bar.finish_and_clear();
    for feed in report.failed() {
        // The error names the feed's URL.
        eprintln!("newsbite: {}", feed.error.as_deref().unwrap_or(&feed.url));
    }
    let count = |s| report.feeds.iter().filter(|f| f.status == s).count();
    let fallbacks: usize = report.feeds.iter().map(|f| f.from_feed_content).sum();
    let new: usize = report.feeds.iter().map(|f| f.new_entries).sum();
    println!(
        "{} feeds polled: {} read, {} unchanged (304), {} failed; {new} new entries, {} articles added ({} copies), \
         {fallbacks} kept from the feed's own content; {} new stories",
        report.feeds.len(),
        count(Status::Read),
        count(Status::NotModified),
        count(Status::Failed),
        report.library.inserted,
        report.library.copies,
        report.library.new_stories,
    );
    Ok(if count(Status::Failed) == 0 { ExitCode::SUCCESS } else { ExitCode::from(crate::EXIT_SOME_FAILED) })
}
