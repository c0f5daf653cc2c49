//! `newsbite-eval ingest`: end-to-end ingest speed, memory and search latency at several sizes.
//!
//! For each size N, a child process (`ingest-one`) generates N made-up articles and adds them
//! to a fresh library in a temporary folder through `newsbite_library::Library::add_batches`, in
//! batches of [`BATCH`] (or `--batch`), as `newsbite add` does: analysis (of the next batch,
//! while the current one is stored), storage with full-text indexing, copy detection, story
//! placement and story refresh. The child times the adds (generation excluded), then runs a fixed
//! set of searches ([`queries`]) 20 times each over the full library and reports p50 and
//! p99. The parent measures the child's peak memory (max RSS) and the size of the database it
//! left. Comparing sizes shows whether cost per article stays flat as the library grows.
//!
//! Beside the wall-clock time, the child reports the CPU time the adds took, in all its threads
//! and in the thread that stores (the one that calls `add_batches`, generation excluded), per
//! article. On a shared machine, wall time moves with whatever else runs; CPU time moves much
//! less, so it is the figure to compare two builds by, and the storing thread's share tells
//! whether storing or analysis is the bound.
//!
//! `--threads 1` analyses on one thread beside the one that stores; `--threads 2` (or more)
//! splits each batch's analysis over that many threads
//! ([`Library::set_analysis_threads`](newsbite_library::Library)). The two are reported as
//! separate rows, never mixed.
//!
//! The generated news ([`Generator`]) is meant to look like a day's feeds to the pipeline, not
//! to be easy for it: about 60 stories are running at any time, each of 1 to 60 reports (most
//! of a handful) spread over one to three days, told in varied words (a general vocabulary of
//! about 2,000 made-up words used with Zipf-like frequency, plus each story's own names, places
//! and subject words, and some words it shares with other stories), from 40 publishers; 1 report
//! in 15 is a syndicated copy of a recent one under another publisher, with a new headline and
//! its last paragraph sometimes trimmed.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::{DateTime, TimeZone, Utc};
use newsbite_library::store::Query;
use newsbite_library::BATCH;
use newsbite_model::{Article, Block, Precision, Provenance, Timestamp};

use crate::memory;
use crate::search::{self, ms};
use crate::table::{Align, Table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Library sizes to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [10_000usize, 50_000, 100_000])]
    sizes: Vec<usize>,
    /// Analysis threads to measure, comma-separated (each size is run once per count).
    #[arg(long, value_delimiter = ',', default_values_t = [1usize])]
    threads: Vec<usize>,
    /// Articles per batch (one transaction each).
    #[arg(long, default_value_t = BATCH)]
    batch: usize,
    /// Also measure each size and thread count without the pipeline (each batch analysed, then
    /// stored, one after the other: `Library::add`), to compare in the same run.
    #[arg(long)]
    serial_too: bool,
}

#[derive(Debug, clap::Args)]
pub struct OneArgs {
    /// How many articles.
    #[arg(long)]
    n: usize,
    /// The data folder to create.
    #[arg(long)]
    data: PathBuf,
    /// Threads analysing each batch.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Articles per batch (one transaction each).
    #[arg(long, default_value_t = BATCH)]
    batch: usize,
    /// Analyse each batch, then store it (`Library::add`), instead of analysing the next batch
    /// while the current one is stored.
    #[arg(long)]
    serial: bool,
}

/// Each search query is run this many times (after one warm-up run).
pub(crate) const SEARCH_RUNS: usize = 20;
/// The line the child writes to stderr with its figures, read back by the parent.
const RESULT: &str = "RESULT";

/// The bytes of the files in `dir` (not in its folders).
fn files_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()?.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum())
        .unwrap_or(0)
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("cannot find the eval binary")?;
    let mut table = Table::new(&[
        ("articles", Align::Right),
        ("threads", Align::Right),
        ("seconds", Align::Right),
        ("articles/s", Align::Right),
        ("µs/article", Align::Right),
        ("peak MB", Align::Right),
        ("db MB", Align::Right),
        ("index MB", Align::Right),
        ("stories", Align::Right),
        ("CPU µs/article", Align::Right),
        ("storing µs/article", Align::Right),
        ("search p50 ms", Align::Right),
        ("search p99 ms", Align::Right),
    ]);
    for &n in &args.sizes {
        let modes: &[bool] = if args.serial_too { &[false, true] } else { &[false] };
        for (&threads, &serial) in args.threads.iter().flat_map(|t| modes.iter().map(move |m| (t, m))) {
            let dir =
                std::env::temp_dir().join(format!("newsbite-ingest-{}-{n}-{threads}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let mut child = Command::new(&exe);
            child
                .args(["ingest-one", "--n", &n.to_string(), "--threads", &threads.to_string()])
                .args(["--batch", &args.batch.to_string(), "--data"])
                .arg(&dir);
            if serial {
                child.arg("--serial");
            }
            let run = memory::run_measured(&mut child, true, Duration::from_secs(4 * 3600))?;
            if !run.status.success() {
                bail!("ingest of {n} articles failed: {}", run.failure());
            }
            let Some(result) = run.stderr_tail.iter().find_map(|l| l.strip_prefix(RESULT)) else {
                bail!("ingest of {n} articles printed no {RESULT} line");
            };
            let figures: Vec<f64> = result.split_whitespace().filter_map(|f| f.parse().ok()).collect();
            let [seconds, stories, p50, p99, cpu, storing] = figures[..] else {
                bail!("ingest of {n} articles: cannot read {result:?}");
            };
            // The database with its WAL, and the search index's folder beside it.
            let (mut db_bytes, mut index_bytes) = (0, 0);
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    index_bytes += files_bytes(&entry.path());
                } else {
                    db_bytes += entry.metadata().map_or(0, |m| m.len());
                }
            }
            let row = vec![
                n.to_string(),
                if serial { format!("{threads} serial") } else { threads.to_string() },
                format!("{seconds:.1}"),
                format!("{:.0}", n as f64 / seconds),
                format!("{:.0}", seconds * 1e6 / n as f64),
                run.peak_rss.map_or("?".into(), |b| format!("{:.0}", b as f64 / 1e6)),
                format!("{:.1}", db_bytes as f64 / 1e6),
                format!("{:.1}", index_bytes as f64 / 1e6),
                format!("{stories:.0}"),
                format!("{:.0}", cpu * 1e6 / n as f64),
                format!("{:.0}", storing * 1e6 / n as f64),
                format!("{p50:.2}"),
                format!("{p99:.2}"),
            ];
            // Each row as soon as it is measured: the largest sizes take a while.
            eprintln!("row: {}", row.join(" | "));
            table.row(row);
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    print!("{}", table.render());
    println!(
        "(one process per row; seconds are the adds only: analysis, storage, copies, stories, refresh; \
         search: {} queries x {SEARCH_RUNS} runs over the whole library)",
        queries(Utc::now()).len()
    );
    Ok(())
}

pub fn run_one(args: OneArgs) -> anyhow::Result<()> {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().context("start time")?;
    let end = start + chrono::Duration::seconds((args.n as i64) * SPACING);
    let mut library = newsbite_library::Library::open(&args.data, end)?;
    library.set_analysis_threads(args.threads);
    let mut generator = Generator::new(start);
    // Batches are made as they are asked for; the time spent making them is not the library's.
    let mut generating = Duration::ZERO;
    let mut made = 0usize;
    let batches = std::iter::from_fn(|| {
        let t = Instant::now();
        let batch: Vec<Article> =
            (made..args.n.min(made + args.batch.max(1))).map(|i| generator.article(i)).collect();
        made += batch.len();
        generating += t.elapsed();
        (!batch.is_empty()).then_some(batch)
    });
    let mut stored = 0usize;
    let cpu_before = (cpu_seconds("/proc/self/stat"), cpu_seconds("/proc/thread-self/stat"));
    let started = Instant::now();
    let mut each = |s: &newsbite_library::Summary| {
        stored += s.inserted + s.updated + s.unchanged;
        if stored % 10_000 == 0 {
            eprintln!("{stored} articles in {:.1} s", started.elapsed().as_secs_f64());
        }
    };
    if args.serial {
        for batch in batches {
            each(&library.add(&batch, end)?);
        }
    } else {
        library.add_batches(batches, end, each)?;
    }
    let adding = started.elapsed().saturating_sub(generating);
    let cpu = cpu_seconds("/proc/self/stat") - cpu_before.0;
    // Generation runs on this thread too, and is not the library's.
    let storing = cpu_seconds("/proc/thread-self/stat") - cpu_before.1 - generating.as_secs_f64();
    let stats = library.store().stats()?;
    eprintln!("{} articles, {} stories", stats.articles, stats.stories);

    let mut times: Vec<Duration> = Vec::new();
    for (label, query) in queries(end) {
        let (hits, runs) = search::time_query(library.store(), &query)?;
        let slowest = ms(runs.last().copied().unwrap_or_default());
        eprintln!("  search {label:<40} {hits:>3} hits, slowest {slowest:.2} ms");
        times.extend(runs);
    }
    times.sort();
    let p = |f: f64| ms(search::percentile(&times, f));
    eprintln!(
        "{RESULT} {:.3} {} {:.3} {:.3} {cpu:.3} {storing:.3}",
        adding.as_secs_f64(),
        stats.stories,
        p(0.5),
        p(0.99)
    );
    Ok(())
}

/// The CPU time (user and system) in seconds that a `/proc/.../stat` file reports: the whole
/// process for `/proc/self/stat`, the calling thread for `/proc/thread-self/stat`. NaN where
/// there is no such file (not Linux), so that the figure reads as unknown rather than as zero.
fn cpu_seconds(path: &str) -> f64 {
    // The fields after the command name (in parentheses, which may hold spaces): state is field
    // 3, utime and stime are fields 14 and 15, in clock ticks of 1/100 s (USER_HZ on Linux).
    let ticks = std::fs::read_to_string(path).ok().and_then(|stat| {
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let field = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
        Some(field(14)? + field(15)?)
    });
    ticks.map_or(f64::NAN, |t| t as f64 / 100.0)
}

/// The fixed search set: frequent, middling and rare words, two words, a phrase, prefixes, and
/// words with a publisher or date filter. `end` is the time of the last article.
pub(crate) fn queries(end: DateTime<Utc>) -> Vec<(String, Query)> {
    let vocab = general_vocabulary();
    let mut out: Vec<(String, Query)> = Vec::new();
    let mut text = |q: String| out.push((q.clone(), Query::new(q)));
    for rank in [0, 3, 10] {
        text(vocab[rank].clone());
    }
    for rank in [150, 600, 1500] {
        text(vocab[rank].clone());
    }
    // Story words: each is found in one story's reports (and some in a neighbour's).
    for story in [3, 77, 500] {
        text(story_word(story, 1));
    }
    text(format!("{} {}", vocab[1], vocab[40]));
    text(format!("{} {}", vocab[2], story_word(12, 2)));
    text(format!("\"{} {}\"", vocab[0], vocab[5]));
    text(format!("{}*", &vocab[4][..2]));
    text(format!("{}*", &vocab[300][..3]));
    for (rank, publisher) in [(7, 3), (200, 11)] {
        let mut q = Query::new(vocab[rank].clone());
        q.publisher = Some(publisher_name(publisher));
        out.push((format!("{} publisher:{}", vocab[rank], publisher_name(publisher)), q));
    }
    for rank in [8, 250] {
        let mut q = Query::new(vocab[rank].clone());
        q.since = Some(end - chrono::Duration::days(2));
        out.push((format!("{} since 2 days", vocab[rank]), q));
    }
    let q = Query { publisher: Some(publisher_name(5)), ..Query::default() };
    out.push(("listing publisher".into(), q));
    out
}

/// Seconds between two generated articles (100,000 articles span about 70 days).
pub(crate) const SPACING: i64 = 60;
/// How many stories run at once.
const ACTIVE: usize = 60;
/// How many publishers there are.
const PUBLISHERS: usize = 40;
/// One report in this many is a syndicated copy.
const COPY_EVERY: usize = 15;

const SYLLABLES: &[&str] = &[
    "ka", "lo", "ver", "dun", "mi", "sor", "tal", "bre", "qui", "ash", "wen", "mar", "dek", "rel", "vo",
    "nis", "pa", "tre", "gol", "fen", "ru", "sil", "bo", "ham", "ce", "lin", "dra", "os", "mun", "te", "gar",
    "wi",
];

/// A made-up word from a seed: two or three syllables (SplitMix64 of the seed picks them).
fn made_up(seed: u64) -> String {
    let mut x = mix(seed);
    let syllables = 2 + (x % 2) as usize;
    let mut word = String::new();
    for _ in 0..syllables {
        x = mix(x);
        word.push_str(SYLLABLES[(x % SYLLABLES.len() as u64) as usize]);
    }
    word
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The general vocabulary, most frequent first: 2,000 made-up words (English joining words and
/// verbs are mixed in by [`Generator::sentence`], so that sentences read as sentences).
fn general_vocabulary() -> Vec<String> {
    (0..2000u64).map(|i| made_up(i.wrapping_mul(7919) ^ 0x5eed)).collect()
}

/// Word `k` of a story's own vocabulary.
fn story_word(story: usize, k: usize) -> String {
    made_up((story as u64) << 20 ^ k as u64 ^ 0xa11ce)
}

fn publisher_name(p: usize) -> String {
    format!("{}.example", made_up(p as u64 ^ 0x9b))
}

const VERBS: &[&str] = &[
    "approved",
    "rejected",
    "delayed",
    "announced",
    "opened",
    "closed",
    "cut",
    "raised",
    "blocked",
    "backed",
    "criticised",
    "reviewed",
    "expanded",
    "suspended",
    "welcomed",
    "questioned",
    "defended",
    "ordered",
];
const JOINERS: &[&str] = &["the", "a", "of", "in", "on", "after", "with", "for", "and", "to", "by", "over"];
const SPEECH: &[&str] = &["said", "told reporters", "said in a statement", "wrote", "added", "warned"];

/// One running story: its words, its people and how many reports it still has.
struct Story {
    number: usize,
    place: String,
    people: [String; 2],
    /// The story's own subject words.
    own: Vec<String>,
    /// Words borrowed from another story (related events share words).
    borrowed: Vec<String>,
    left: usize,
}

/// A deterministic generator of articles (SplitMix64; no randomness crate).
struct Generator {
    state: u64,
    start: DateTime<Utc>,
    vocab: Vec<String>,
    active: Vec<Story>,
    stories: usize,
    /// Recent original reports, for copies.
    recent: Vec<Article>,
}

impl Generator {
    fn new(start: DateTime<Utc>) -> Self {
        Generator {
            state: 0x2545_F491_4F6C_DD1D,
            start,
            vocab: general_vocabulary(),
            active: Vec::new(),
            stories: 0,
            recent: Vec::new(),
        }
    }

    fn below(&mut self, n: usize) -> usize {
        self.state = mix(self.state);
        (self.state % n.max(1) as u64) as usize
    }

    /// A general word, Zipf-like: squaring a uniform draw favours the front of the list.
    fn word(&mut self) -> String {
        let n = self.vocab.len();
        let r = self.below(n);
        self.vocab[r * r / n].clone()
    }

    fn pick(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }

    fn new_story(&mut self) -> Story {
        let number = self.stories;
        self.stories += 1;
        // Sizes 1 to 60, most of a handful: the smaller of two uniform draws, cubed-ish.
        let u = self.below(1000).min(self.below(1000)) as f64 / 1000.0;
        let left = 1 + (u * u * 59.0).round() as usize;
        let own = (0..12).map(|k| story_word(number, k)).collect();
        let other = self.below(number.max(1));
        let borrowed = (0..3).map(|k| story_word(other, k)).collect();
        let name = |g: &mut Generator| capitalised(&made_up(g.below(5000) as u64 ^ 0xface));
        Story {
            number,
            place: name(self),
            people: [format!("{} {}", name(self), name(self)), format!("{} {}", name(self), name(self))],
            own,
            borrowed,
            left,
        }
    }

    /// A sentence of the story: general words with the story's words mixed in.
    fn sentence(&mut self, story: &Story) -> String {
        let n = 10 + self.below(14);
        let mut words: Vec<String> = Vec::with_capacity(n + 2);
        for i in 0..n {
            let w = match self.below(10) {
                0 | 1 => story.own[self.below(story.own.len())].clone(),
                2 if i % 3 == 0 => story.borrowed[self.below(story.borrowed.len())].clone(),
                3 | 4 => self.pick(JOINERS).to_string(),
                5 if i > 2 => self.pick(VERBS).to_string(),
                _ => self.word(),
            };
            words.push(w);
        }
        match self.below(6) {
            0 => words.insert(n / 2, story.place.clone()),
            1 => words.insert(n / 3, story.people[self.below(2)].clone()),
            _ => {}
        }
        let number = self.below(3) == 0;
        if number {
            words.push(format!("{}", 2 + self.below(9000)));
        }
        let mut s = capitalised(&words.join(" "));
        s.push('.');
        s
    }

    fn article(&mut self, i: usize) -> Article {
        let published = self.start + chrono::Duration::seconds(i as i64 * SPACING);
        let timestamp = Timestamp {
            at: published.fixed_offset(),
            precision: Precision::Time,
            provenance: Provenance::Found,
            source: None,
        };
        if i % COPY_EVERY == COPY_EVERY - 1 && !self.recent.is_empty() {
            let k = self.below(self.recent.len());
            let mut copy = self.recent[k].clone();
            let publisher = publisher_name(self.below(PUBLISHERS));
            copy.url = Some(format!("https://{publisher}/wire/{i}"));
            copy.publisher = Some(publisher);
            copy.headline = format!("{} {}", copy.headline, self.pick(VERBS));
            copy.published = Some(timestamp);
            if self.below(2) == 0 && copy.blocks.len() > 3 {
                copy.blocks.pop();
            }
            return copy;
        }
        // A new story now and then keeps about ACTIVE running; each report goes to one of them.
        while self.active.len() < ACTIVE {
            let story = self.new_story();
            self.active.push(story);
        }
        let s = self.below(self.active.len());
        let mut story = self.active.swap_remove(s);
        story.left -= 1;

        let mut headline: Vec<String> = vec![story.own[self.below(4)].clone()];
        if self.below(2) == 0 {
            headline.insert(0, story.place.clone());
        }
        headline.push(self.pick(VERBS).into());
        headline.push(self.pick(JOINERS).into());
        headline.push(story.own[self.below(6)].clone());
        headline.push(self.word());
        if self.below(3) == 0 {
            headline.push(format!("as {} speaks out", story.people[0]));
        }
        let mut article = Article::new(capitalised(&headline.join(" ")));
        let publisher = publisher_name(self.below(PUBLISHERS));
        article.url = Some(format!("https://{publisher}/news/{}/{i}", story.number));
        article.publisher = Some(publisher);
        article.published = Some(timestamp);
        let paragraphs = 4 + self.below(5);
        for p in 0..paragraphs {
            let sentences = 2 + self.below(3);
            let mut text: Vec<String> = (0..sentences).map(|_| self.sentence(&story)).collect();
            if p == 1 || self.below(4) == 0 {
                let said = self.sentence(&story);
                let speaker = story.people[self.below(2)].clone();
                let verb = self.pick(SPEECH);
                text.push(format!("“{},” {speaker} {verb}.", said.trim_end_matches('.')));
            }
            article.blocks.push(Block::Paragraph { text: text.join(" ") });
        }
        if story.left > 0 {
            self.active.push(story);
        }
        if self.recent.len() == 200 {
            let gone = self.below(200);
            self.recent.swap_remove(gone);
        }
        self.recent.push(article.clone());
        article
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_news_has_many_stories_and_copies() {
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().unwrap();
        let mut g = Generator::new(start);
        let articles: Vec<Article> = (0..3000).map(|i| g.article(i)).collect();
        // Story numbers are in the URLs of originals; copies are under /wire/.
        let mut stories = std::collections::HashSet::new();
        let mut copies = 0;
        for a in &articles {
            let url = a.url.as_deref().unwrap();
            match url.split('/').nth(4) {
                Some(n) if url.contains("/news/") => {
                    stories.insert(n.to_string());
                }
                _ => copies += 1,
            }
        }
        assert_eq!(copies, 3000 / COPY_EVERY);
        // Mean story size of about 10: hundreds of stories, not a few giant ones.
        assert!(stories.len() > 150 && stories.len() < 600, "{} stories", stories.len());
        let words: usize = articles.iter().map(|a| a.body_text().split_whitespace().count()).sum();
        assert!(words / articles.len() > 150, "{} words per article", words / articles.len());
    }
}
