//! `newsbite-eval ingest`: end-to-end ingest speed and memory at several library sizes.
//!
//! For each size N, a child process (`ingest-one`) generates N made-up articles and adds them
//! to a fresh library in a temporary folder through `newsbite_library::Library::add`, in batches
//! of 500, as `newsbite add` does: analysis, storage with full-text indexing, copy detection,
//! story placement and story refresh. The parent measures the child's wall time and peak memory
//! (max RSS) and the size of the database it left. Comparing sizes shows whether cost per
//! article stays flat as the library grows.
//!
//! The articles are generated from a small vocabulary and templates of our own: 1 in 20 is a
//! syndicated copy of an earlier one, and reports fall into stories of a few dozen articles
//! spread over simulated days, so that the story index and its time window are exercised.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::{TimeZone, Utc};
use newsbite_model::{Article, Block, Precision, Provenance, Timestamp};

use crate::memory;
use crate::table::{Align, Table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Library sizes to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [10_000usize, 50_000, 100_000])]
    sizes: Vec<usize>,
}

#[derive(Debug, clap::Args)]
pub struct OneArgs {
    /// How many articles.
    #[arg(long)]
    n: usize,
    /// The data folder to create.
    #[arg(long)]
    data: PathBuf,
}

const BATCH: usize = 500;

pub fn run(args: Args) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("cannot find the eval binary")?;
    let mut table = Table::new(&[
        ("articles", Align::Right),
        ("seconds", Align::Right),
        ("articles/s", Align::Right),
        ("µs/article", Align::Right),
        ("peak MB", Align::Right),
        ("db MB", Align::Right),
    ]);
    for n in args.sizes {
        let dir = std::env::temp_dir().join(format!("newsbite-ingest-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let start = Instant::now();
        let run = memory::run_measured(
            Command::new(&exe).args(["ingest-one", "--n", &n.to_string(), "--data"]).arg(&dir),
            true,
            Duration::from_secs(3600),
        )?;
        let seconds = start.elapsed().as_secs_f64();
        if !run.status.success() {
            bail!("ingest of {n} articles failed: {}", run.failure());
        }
        let db_bytes: u64 = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum())
            .unwrap_or(0);
        table.row(vec![
            n.to_string(),
            format!("{seconds:.1}"),
            format!("{:.0}", n as f64 / seconds),
            format!("{:.0}", seconds * 1e6 / n as f64),
            run.peak_rss.map_or("?".into(), |b| format!("{:.0}", b as f64 / 1e6)),
            format!("{:.1}", db_bytes as f64 / 1e6),
        ]);
        let _ = std::fs::remove_dir_all(&dir);
    }
    print!("{}", table.render());
    println!("(one process per size, single-threaded; seconds include generating the articles)");
    Ok(())
}

pub fn run_one(args: OneArgs) -> anyhow::Result<()> {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().context("start time")?;
    let end = start + chrono::Duration::seconds((args.n as i64) * 60);
    let mut library = newsbite_library::Library::open(&args.data, end)?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut generator = Generator::new(start);
    for i in 0..args.n {
        batch.push(generator.article(i));
        if batch.len() == BATCH {
            library.add(&batch, end)?;
            batch.clear();
        }
    }
    library.add(&batch, end)?;
    let stats = library.store().stats()?;
    eprintln!("{} articles, {} stories", stats.articles, stats.stories);
    Ok(())
}

/// Made-up words for generated articles.
const NAMES: &[&str] = &[
    "Valdoria",
    "Kardovia",
    "Morvessa",
    "Port Wendle",
    "Ashwarden",
    "Quillfire",
    "Dunmarrow",
    "Carrowmere",
    "Sorrel",
    "Ambry",
    "Tallon",
    "Brask",
    "Lindqvist",
    "Marak",
    "Danek",
    "Renner",
    "Oduya",
    "Varga",
];
const NOUNS: &[&str] = &[
    "minister", "council", "river", "dam", "election", "vote", "budget", "strike", "court", "bridge",
    "school", "hospital", "harbour", "factory", "festival", "border", "treaty", "storm", "market", "railway",
    "airport", "museum", "union", "company", "report", "inquiry", "plan", "tax", "price", "wage",
];
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
];

/// A made-up word of a story, from syllables chosen by the story's number.
fn story_word(story: usize, k: usize) -> String {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "ver", "dun", "mi", "sor", "tal", "bre", "qui", "ash", "wen", "mar", "dek", "rel", "vo",
        "nis",
    ];
    let mut x =
        (story as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (k as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let mut word = String::new();
    for _ in 0..3 {
        word.push_str(SYLLABLES[(x % SYLLABLES.len() as u64) as usize]);
        x /= SYLLABLES.len() as u64;
    }
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A deterministic generator of articles (a linear congruential sequence; no randomness crate).
struct Generator {
    state: u64,
    start: chrono::DateTime<Utc>,
    made: Vec<Article>,
}

impl Generator {
    fn new(start: chrono::DateTime<Utc>) -> Self {
        Generator { state: 0x2545_F491_4F6C_DD1D, start, made: Vec::new() }
    }

    fn next(&mut self, n: usize) -> usize {
        self.state =
            self.state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.state >> 33) % n as u64) as usize
    }

    fn pick(&mut self, words: &[&'static str]) -> &'static str {
        words[self.next(words.len())]
    }

    fn article(&mut self, i: usize) -> Article {
        let published = self.start + chrono::Duration::seconds(i as i64 * 60);
        if i % 20 == 19 && !self.made.is_empty() {
            let k = self.made.len() - 1 - self.next(self.made.len().min(50));
            let mut copy = self.made[k].clone();
            copy.url = Some(format!("https://copy{}.example/{i}", i % 7));
            copy.publisher = Some(format!("copy{}.example", i % 7));
            return copy;
        }
        // Stories of about 40 reports: the story's key words recur in each of its reports.
        let story = i / 40;
        let (place, person, topic) =
            (NAMES[story % NAMES.len()], NAMES[(story * 7 + 3) % NAMES.len()], NOUNS[story % NOUNS.len()]);
        let headline = format!("{place} {topic} {} as {person} speaks out", self.pick(VERBS));
        let mut article = Article::new(headline);
        article.url = Some(format!("https://site{}.example/news/{i}", i % 11));
        article.publisher = Some(format!("site{}.example", i % 11));
        article.published = Some(Timestamp {
            at: published.fixed_offset(),
            precision: Precision::Time,
            provenance: Provenance::Found,
            source: None,
        });
        let own: Vec<String> = (3..12).map(|k| story_word(story, k).to_lowercase()).collect();
        for p in 0..6 {
            let mut text = String::new();
            for s in 0..3 {
                let n1 = &own[self.next(own.len())];
                let (v, n2) = (self.pick(VERBS), self.pick(NOUNS));
                let number = self.next(9000) + 100;
                text.push_str(&format!(
                    "The {place} {n1} {v} the {topic} {n2} on day {p}{s}, {person} said, citing {number} residents. "
                ));
            }
            if p == 2 {
                text.push_str(&format!(
                    "“We will not accept this {topic},” {person} told reporters in {place}."
                ));
            }
            article.blocks.push(Block::Paragraph { text: text.trim_end().to_string() });
        }
        if self.made.len() == 50 {
            self.made.remove(0);
        }
        self.made.push(article.clone());
        article
    }
}
