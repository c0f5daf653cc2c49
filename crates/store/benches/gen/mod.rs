//! Made-up articles for the store's benchmarks: deterministic, about 450 words each, from a
//! vocabulary of 20,000 invented words, with quotes and entities in their analyses.

use chrono::{TimeZone, Utc};
use newsbite_model::{
    Analysis, Article, Block, Entity, EntityKind, Part, Precision, Provenance, Quote, QuoteKind, Span,
    Speaker, Timestamp,
};
use newsbite_store::Store;

/// Articles are added in batches of this many.
pub const BATCH: usize = 500;

/// A small deterministic generator (SplitMix64), so every run adds the same articles.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "ri", "ven", "tor", "mi", "sa", "dun", "el", "bra", "qui", "no", "sta", "ler", "po", "ga",
    "th", "ur", "me", "ix", "an", "do", "ve", "ly", "ros", "ta", "ne", "ci", "mar", "ob", "es", "hu",
];

/// A vocabulary of made-up words, frequent ones first (so word use is roughly Zipfian).
pub fn vocabulary(rng: &mut Rng, size: usize) -> Vec<String> {
    (0..size)
        .map(|_| {
            let syllables = 1 + rng.below(3);
            (0..syllables).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect()
        })
        .collect()
}

pub fn word<'a>(rng: &mut Rng, vocab: &'a [String]) -> &'a str {
    // Squaring skews the choice towards the front of the list.
    let r = rng.below(vocab.len());
    &vocab[r * r / vocab.len()]
}

fn sentence(rng: &mut Rng, vocab: &[String]) -> String {
    let n = 8 + rng.below(13);
    let mut s = String::new();
    for i in 0..n {
        let w = word(rng, vocab);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn name(rng: &mut Rng, vocab: &[String]) -> String {
    let cap = |w: &str| {
        let mut c = w.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
    };
    format!("{} {}", cap(word(rng, vocab)), cap(&vocab[rng.below(vocab.len())]))
}

/// Article `i`: a headline, a standfirst, eight paragraphs, and an analysis with three quotes
/// and five entities.
pub fn generate(n: usize) -> Vec<(Article, Analysis)> {
    let mut rng = Rng(42);
    let vocab = vocabulary(&mut rng, 20_000);
    let base = Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).single().unwrap_or_default();
    (0..n)
        .map(|i| {
            let mut a = Article::new(sentence(&mut rng, &vocab).trim_end_matches('.'));
            a.url = Some(format!("https://news{}.test/{}/{i}", i % 40, rng.next()));
            a.publisher = Some(format!("news{}.test", i % 40));
            a.language = Some("en".into());
            a.standfirst = Some(sentence(&mut rng, &vocab));
            a.published = Some(Timestamp {
                at: (base + chrono::Duration::minutes(i as i64)).fixed_offset(),
                precision: Precision::Time,
                provenance: Provenance::Found,
                source: Some("json-ld".into()),
            });
            a.blocks = (0..8)
                .map(|_| {
                    let k = 3 + rng.below(3);
                    let text = (0..k).map(|_| sentence(&mut rng, &vocab)).collect::<Vec<_>>();
                    Block::Paragraph { text: text.join(" ") }
                })
                .collect();
            let span = Span { part: Part::Block(1), start: 0, end: 10 };
            let analysis = Analysis {
                quotes: (0..3)
                    .map(|_| Quote {
                        kind: QuoteKind::Direct,
                        text: sentence(&mut rng, &vocab),
                        span,
                        cue: Some("said".into()),
                        speaker: Some(Speaker {
                            mention: "she".into(),
                            name: name(&mut rng, &vocab),
                            span: None,
                        }),
                    })
                    .collect(),
                entities: (0..5)
                    .map(|_| Entity {
                        name: name(&mut rng, &vocab),
                        kind: EntityKind::Person,
                        mentions: 1 + rng.below(4),
                        forms: Vec::new(),
                    })
                    .collect(),
                ..Analysis::default()
            };
            (a, analysis)
        })
        .collect()
}

pub fn add_all(store: &mut Store, items: &[(Article, Analysis)]) {
    let now = Utc::now();
    for batch in items.chunks(BATCH) {
        if let Err(e) = store.add_batch(batch, now) {
            panic!("bench add failed: {e}");
        }
    }
}

pub fn fresh() -> (tempfile::TempDir, Store) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temporary folder: {e}"),
    };
    match Store::open(dir.path()) {
        Ok(s) => (dir, s),
        Err(e) => panic!("{e}"),
    }
}

/// The sizes to run: `NEWSBITE_BENCH_N` (comma-separated), else 10,000.
pub fn sizes() -> Vec<usize> {
    std::env::var("NEWSBITE_BENCH_N")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![10_000])
}
