//! The library commands: `add`, `reanalyse`, `search`, `stories`, `story`, `digest` and `demo`.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::{DateTime, Duration, Utc};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use newsbite_library::store::{Query, StoryDetail, StorySummary};
use newsbite_library::{Library, BATCH};
use newsbite_model::Article;
use serde::Serialize;

use crate::{digest, files};

/// The demo library: fictional articles written for NewsBite, shipped in the binary.
const DEMO: &str = include_str!("../../../demo/articles.jsonl");

/// Output format of the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Markdown for reading (the default on a terminal).
    Md,
    /// JSON (the default when piped).
    Json,
}

fn list_format(f: Option<ListFormat>) -> ListFormat {
    f.unwrap_or(if io::stdout().is_terminal() { ListFormat::Md } else { ListFormat::Json })
}

/// The data folder: `--data`, else the default (XDG data dir).
pub fn data_dir(data: Option<&Path>) -> anyhow::Result<PathBuf> {
    match data {
        Some(d) => Ok(d.to_path_buf()),
        None => newsbite_library::store::default_data_dir().context("no data folder: pass --data DIR"),
    }
}

fn open(data: &Path) -> anyhow::Result<Library> {
    Library::open(data, Utc::now()).with_context(|| format!("cannot open the library in {}", data.display()))
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Files and folders to add: NewsBite records, plain-text articles, HTML pages, and JSON
    /// Lines files (`.jsonl`, one `{"url","title","text","published","publisher"}` per line).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// `newsbite add`: read, analyse, store and group everything given.
pub fn add(data: &Path, args: AddArgs) -> anyhow::Result<ExitCode> {
    let mut library = open(data)?;
    let mut failed = 0usize;
    let mut inputs = Vec::new();
    for path in &args.paths {
        if let Err(e) = files::collect(path, &mut inputs, files::ADDABLE) {
            eprintln!("newsbite: {}: {e}", path.display());
            failed += 1;
        }
    }
    let progress = progress_bar(inputs.len() as u64, "files");
    // Articles are read into batches here, on this thread; the library analyses the next batch
    // while it stores the current one.
    let mut pending = inputs.iter();
    let mut read: std::vec::IntoIter<Result<Article, String>> = Vec::new().into_iter();
    let batches = std::iter::from_fn(|| {
        let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            match read.next() {
                Some(Ok(article)) => batch.push(article),
                Some(Err(message)) => {
                    failed += 1;
                    progress.suspend(|| eprintln!("newsbite: {message}"));
                }
                None => {
                    let Some(input) = pending.next() else { break };
                    progress.inc(1);
                    match files::read_articles(input) {
                        Ok(articles) => read = articles.into_iter(),
                        Err(reason) => {
                            failed += 1;
                            progress.suspend(|| {
                                eprintln!("newsbite: {}: cannot read: {reason}", input.display())
                            });
                        }
                    }
                }
            }
        }
        (!batch.is_empty()).then_some(batch)
    });
    let total = library.add_batches(batches, Utc::now(), |_| {}).context(
        "cannot store the articles (the batches before the failing one were stored, nothing of it)",
    )?;
    progress.finish_and_clear();
    eprintln!(
        "newsbite: {} new ({} syndicated copies), {} updated, {} already stored; {} new stories, {} stories updated; library: {}",
        total.inserted,
        total.copies,
        total.updated,
        total.unchanged,
        total.new_stories,
        total.touched_stories,
        library.store().path().display()
    );
    if failed > 0 {
        eprintln!("newsbite: {failed} input(s) failed and were skipped; everything else was stored");
        return Ok(ExitCode::from(crate::EXIT_SOME_FAILED));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct ReanalyseArgs {
    /// Analyse every article again, not only those an older NewsBite read.
    #[arg(long)]
    all: bool,
}

/// `newsbite reanalyse`: reads the stored articles again with this NewsBite's rules (those an
/// older version analysed, or all of them), and refreshes their stories' bites and claims.
pub fn reanalyse(data: &Path, args: ReanalyseArgs) -> anyhow::Result<ExitCode> {
    let mut library = open(data)?;
    let ids = if args.all { library.store().analysed_before(u32::MAX)? } else { library.outdated()? };
    if ids.is_empty() {
        eprintln!(
            "newsbite: every article in {} was analysed by this version's rules; nothing to do (--all analyses every article again)",
            library.store().path().display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let progress = progress_bar(ids.len() as u64, "articles");
    let done = library.reanalyse(&ids, Utc::now(), |n| progress.inc(n as u64)).context(
        "cannot store the new analyses (the batches before the failing one were stored, nothing of it)",
    )?;
    progress.finish_and_clear();
    eprintln!(
        "newsbite: {} articles analysed again, {} stories refreshed (their reports stay as they were grouped); library: {}",
        done.articles,
        done.stories,
        library.store().path().display()
    );
    if !done.unreadable.is_empty() {
        for (_, reason) in &done.unreadable {
            eprintln!("newsbite: left as it was: {reason}");
        }
        eprintln!(
            "newsbite: {} article(s) could not be read and were left as they were",
            done.unreadable.len()
        );
        return Ok(ExitCode::from(crate::EXIT_SOME_FAILED));
    }
    Ok(ExitCode::SUCCESS)
}

fn progress_bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let template =
        format!("{{spinner}} {{pos}}/{{len}} {what} [{{elapsed_precise}}] {{wide_bar}} {{per_sec}}");
    bar.set_style(ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// What to look for: words (all must match), "a phrase", -excluded, prefix*.
    #[arg(value_name = "QUERY", default_value = "")]
    query: String,
    /// Only articles from this publisher (e.g. news.com.au).
    #[arg(long)]
    publisher: Option<String>,
    /// Only articles from this time on: a duration back from now (24h, 7d, 2w) or a date.
    #[arg(long)]
    since: Option<String>,
    /// Only articles before this time: a duration back from now or a date.
    #[arg(long)]
    until: Option<String>,
    /// Only articles quoting this speaker (part of a name is enough).
    #[arg(long)]
    speaker: Option<String>,
    /// Only articles naming this person, organisation or place.
    #[arg(long)]
    entity: Option<String>,
    /// Only articles of this story.
    #[arg(long)]
    story: Option<i64>,
    /// How many results.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format [default: md on a terminal, json otherwise].
    #[arg(long, short, value_enum)]
    format: Option<ListFormat>,
}

/// `newsbite search`.
pub fn search(data: &Path, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let library = open(data)?;
    let now = Utc::now();
    let query = Query {
        text: args.query,
        publisher: args.publisher,
        since: args.since.as_deref().map(|s| parse_time(s, now)).transpose()?,
        until: args.until.as_deref().map(|s| parse_time(s, now)).transpose()?,
        speaker: args.speaker,
        entity: args.entity,
        story: args.story,
        limit: args.limit,
        offset: 0,
    };
    let hits = library.store().search(&query)?;
    let mut out = io::stdout().lock();
    match list_format(args.format) {
        ListFormat::Json => {
            for hit in &hits {
                serde_json::to_writer(&mut out, hit)?;
                writeln!(out)?;
            }
        }
        ListFormat::Md => {
            if hits.is_empty() {
                writeln!(out, "No articles found.")?;
            }
            for hit in &hits {
                let from = hit.publisher.as_deref().unwrap_or("unknown source");
                let when = hit.published.map(|t| t.format(" · %Y-%m-%d").to_string()).unwrap_or_default();
                writeln!(out, "- **{}** ({from}{when}) [#{}]\n  {}", hit.headline, hit.id, hit.snippet)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct StoriesArgs {
    /// Stories seen from this time on: a duration back from now (24h, 7d) or a date.
    #[arg(long, default_value = "24h", conflicts_with = "all")]
    since: String,
    /// Every story, however old.
    #[arg(long)]
    all: bool,
    /// Output format [default: md on a terminal, json otherwise].
    #[arg(long, short, value_enum)]
    format: Option<ListFormat>,
}

/// One story as `stories --format json` lists it: the summary and its articles' URLs.
#[derive(Serialize)]
struct ListedStory<'a> {
    #[serde(flatten)]
    summary: &'a StorySummary,
    urls: Vec<String>,
}

/// `newsbite stories`.
pub fn stories(data: &Path, args: StoriesArgs) -> anyhow::Result<ExitCode> {
    let library = open(data)?;
    let since = if args.all { None } else { Some(parse_time(&args.since, Utc::now())?) };
    let stories = digest::ranked(library.store().stories(since)?);
    let mut out = io::stdout().lock();
    match list_format(args.format) {
        ListFormat::Json => {
            for s in &stories {
                let urls = match library.store().story(s.id)? {
                    Some(detail) => digest::urls(&detail),
                    None => Vec::new(),
                };
                serde_json::to_writer(&mut out, &ListedStory { summary: s, urls })?;
                writeln!(out)?;
            }
        }
        ListFormat::Md => {
            if stories.is_empty() {
                writeln!(out, "No stories in this period. Try --all, or add articles with `newsbite add`.")?;
            }
            for s in &stories {
                let badge = if s.disputed { " · **disputed**" } else { "" };
                writeln!(
                    out,
                    "- [#{}] **{}** — {} source(s), {} article(s){badge}",
                    s.id, s.title, s.sources, s.articles
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct StoryArgs {
    /// The story's number, as `newsbite stories` lists it.
    id: i64,
    /// Output format [default: md on a terminal, json otherwise].
    #[arg(long, short, value_enum)]
    format: Option<ListFormat>,
}

/// `newsbite story ID`.
pub fn story(data: &Path, args: StoryArgs) -> anyhow::Result<ExitCode> {
    let library = open(data)?;
    let Some(detail): Option<StoryDetail> = library.store().story(args.id)? else {
        bail!("there is no story #{} in {}", args.id, library.store().path().display());
    };
    let mut out = io::stdout().lock();
    match list_format(args.format) {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &detail)?;
            writeln!(out)?;
        }
        ListFormat::Md => out.write_all(digest::story_markdown(&detail, library.store()).as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Output format of the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigestFormat {
    /// Markdown.
    Md,
    /// A self-contained HTML page.
    Html,
    /// JSON.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct DigestArgs {
    /// Stories seen from this time on: a duration back from now (24h, 7d) or a date.
    #[arg(long, default_value = "24h")]
    since: String,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "md")]
    format: DigestFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// `newsbite digest`.
pub fn digest(data: &Path, args: DigestArgs) -> anyhow::Result<ExitCode> {
    let library = open(data)?;
    let now = Utc::now();
    let since = parse_time(&args.since, now)?;
    let stories = digest::ranked(library.store().stories(Some(since))?);
    let mut details = Vec::with_capacity(stories.len());
    for s in &stories {
        if let Some(d) = library.store().story(s.id)? {
            details.push(d);
        }
    }
    let body = match args.format {
        DigestFormat::Md => digest::markdown(&details, library.store(), since, now),
        DigestFormat::Html => digest::html(&details, library.store(), since, now),
        DigestFormat::Json => serde_json::to_string_pretty(&details)? + "\n",
    };
    match args.output {
        Some(path) => {
            std::fs::write(&path, body).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => io::stdout().lock().write_all(body.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Only load the library; do not print its digest.
    #[arg(long)]
    quiet: bool,
}

/// `newsbite demo`: loads the demo library (fictional articles shipped with NewsBite), with their
/// times moved so that the newest is half an hour old, and prints its digest.
pub fn demo(data: &Path, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    let articles = demo_articles(now)?;
    let mut library = open(data)?;
    let s = library.add(&articles, now)?;
    let stories = library.store().stories(None)?;
    eprintln!(
        "newsbite: the demo library is in {}: {} articles added ({} syndicated copies, {} already there), {} stories.",
        data.display(),
        s.inserted,
        s.copies,
        s.unchanged,
        stories.len()
    );
    if !args.quiet {
        let mut details = Vec::new();
        for s in digest::ranked(stories.clone()) {
            if let Some(d) = library.store().story(s.id)? {
                details.push(d);
            }
        }
        let since = now - Duration::hours(48);
        io::stdout().lock().write_all(digest::markdown(&details, library.store(), since, now).as_bytes())?;
    }
    let data_arg = data.display();
    eprintln!("Try:\n  newsbite --data {data_arg} stories\n  newsbite --data {data_arg} digest --format html -o digest.html");
    if let Some(disputed) = stories.iter().find(|s| s.disputed) {
        eprintln!("  newsbite --data {data_arg} story {}    # a disputed story", disputed.id);
    }
    Ok(ExitCode::SUCCESS)
}

/// The demo articles, their published times shifted so the newest is 30 minutes before `now`.
pub fn demo_articles(now: DateTime<Utc>) -> anyhow::Result<Vec<Article>> {
    let mut articles = Vec::new();
    for (i, line) in DEMO.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let reading =
            newsbite_extract::jsonl::read_line(line).with_context(|| format!("demo line {}", i + 1))?;
        articles.push(reading.article);
    }
    let newest = articles.iter().filter_map(|a| a.published.as_ref().map(|t| t.at)).max();
    if let Some(newest) = newest {
        let shift = now - Duration::minutes(30) - newest.with_timezone(&Utc);
        for a in &mut articles {
            if let Some(t) = &mut a.published {
                t.at += shift;
            }
        }
    }
    Ok(articles)
}

/// Reads a time given on the command line: a duration back from `now` (`90m`, `24h`, `7d`,
/// `2w`), an RFC 3339 time, or a date (`2026-11-24`, midnight UTC). See
/// [`newsbite_library::view::parse_time`].
pub fn parse_time(text: &str, now: DateTime<Utc>) -> anyhow::Result<DateTime<Utc>> {
    newsbite_library::view::parse_time(text, now).map_err(anyhow::Error::msg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_on_the_command_line() {
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
        assert_eq!(parse_time("24h", now).unwrap(), now - Duration::hours(24));
        assert_eq!(parse_time("7d", now).unwrap(), now - Duration::days(7));
        assert_eq!(parse_time("90m", now).unwrap(), now - Duration::minutes(90));
        assert_eq!(
            parse_time("2026-11-24", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap()
        );
        assert!(parse_time("yesterday", now).is_err());
        assert!(parse_time("9999999999999999w", now).is_err());
    }

    #[test]
    fn the_demo_library_reads_and_ends_half_an_hour_ago() {
        let now = Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap();
        let articles = demo_articles(now).unwrap();
        assert!((15..=30).contains(&articles.len()), "{}", articles.len());
        let newest = articles.iter().filter_map(|a| a.published.as_ref().map(|t| t.at)).max().unwrap();
        assert_eq!(newest.with_timezone(&Utc), now - Duration::minutes(30));
    }
}
