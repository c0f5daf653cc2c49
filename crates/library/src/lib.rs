//! The library a person keeps: reports read, analysed, stored and grouped into stories.
//!
//! [`Library`] ties the pipeline together over a [`Store`]: each article added is analysed
//! (`newsbite-analyze`), stored idempotently, checked against the reports already seen for a
//! syndicated copy (MinHash, `newsbite_stories::dedup`), and otherwise placed in the story it
//! belongs to or a new one (`newsbite_stories::cluster`). The stories an add touched get a fresh
//! title, bite and claims (`newsbite_stories::{summary, claims}`), in the same transaction as
//! the articles, so that a crash never leaves an article outside its story.
//!
//! The in-memory story index covers a time window (three days by default): on open it is rebuilt
//! from the stored articles of that window and the stories already decided, so reopening a
//! library does not regroup anything. Its cost per added article does not grow with the library.
//!
//! The binary (`newsbite add`, `demo`), the feed fetcher and the web server all add through here.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use newsbite_analyze::{Analyzer, ANALYZER_VERSION};
use newsbite_model::{Analysis, Article};
use newsbite_store::{Added, Outcome, Prepared, Store, StoreError, StoredArticle, Tx};
use newsbite_stories::claims::{claims, Report};
use newsbite_stories::cluster::{Clusterer, Config};
use newsbite_stories::dedup::{DedupIndex, Signature};
use newsbite_stories::summary::story_bite;
use newsbite_text::terms::Terms;

pub use newsbite_store as store;

mod feeds;

pub mod view;

/// Estimated shingle overlap at which a report is a syndicated copy of another.
pub const COPY_THRESHOLD: f64 = 0.7;

/// How many terms of a report the story clusterer sees: the headline's (counted twice), then
/// the standfirst's and the body's, in order, up to this many.
pub const CLUSTER_TERMS: usize = 60;

/// How many of a report's most mentioned entities the clusterer sees.
const ENTITY_TERMS: usize = 6;

/// Reports with fewer body words than this are not checked for copies (a headline-only item
/// would match every other one).
const MIN_COPY_WORDS: usize = 25;

/// Articles per batch (one transaction each) for a bulk add. Larger batches refresh each
/// touched story once for more articles and write fewer, larger full-text segments; 2,000 was
/// 19% faster than 500 on 30,000 generated articles (`newsbite-eval ingest --batch`), for about
/// 30 MB more memory.
pub const BATCH: usize = 2_000;

/// The library: a store and the story index over it.
pub struct Library {
    store: Store,
    window: Duration,
    index: StoryIndex,
    /// Analysis threads as set by [`Library::set_analysis_threads`]; `None`: as the machine
    /// allows (see there).
    analysis_threads: Option<usize>,
    /// One analyzer per analysis thread, kept from batch to batch so that each word is stemmed
    /// once in the library's life (the results do not depend on them).
    analyzers: Vec<Analyzer>,
}

/// Where reports go: the story clusterer and the copy index, over the stories of the window.
struct StoryIndex {
    clusterer: Clusterer,
    /// Clusterer story number → stored story id, and back.
    stories: Vec<i64>,
    story_of: HashMap<i64, usize>,
    /// The reports that copies are looked for among: (article id, its time in Unix seconds).
    copies: DedupIndex<(i64, i64)>,
    /// How many reports the copy index held after it last forgot old ones.
    copies_kept: usize,
    /// The time of the latest report placed, in Unix seconds.
    latest: i64,
    terms: Terms,
    cluster_terms: usize,
}

/// How long a story stays open to new reports, in seconds (the clusterer's window).
fn window_secs() -> i64 {
    Config::default().window_secs.unwrap_or(3 * 24 * 3600)
}

/// The copy index forgets reports older than this many windows before the latest report: a
/// copy is looked for among recent reports, as after a reopen ([`StoryIndex::rebuild`]).
const COPY_WINDOWS: i64 = 2;

/// The copy index forgets old reports when it has grown to twice what it kept last time, and
/// at least this large (so the cost of forgetting is spread thin).
const COPY_PRUNE_MIN: usize = 5_000;

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library")
            .field("store", &self.store.path())
            .field("stories", &self.index.stories.len())
            .finish()
    }
}

/// What an add did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Articles new to the library.
    pub inserted: usize,
    /// Articles that replaced a stored version of themselves.
    pub updated: usize,
    /// Articles already stored as they are.
    pub unchanged: usize,
    /// Of the inserted, how many were syndicated copies of a report already stored.
    pub copies: usize,
    /// Stories started.
    pub new_stories: usize,
    /// Stories whose title, bite or claims were refreshed.
    pub touched_stories: usize,
}

/// What a [`Library::reanalyse`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reanalysed {
    /// Articles analysed again.
    pub articles: usize,
    /// Stories whose title, bite and claims were made again from the new analyses.
    pub stories: usize,
    /// The articles left as they were because they could not be read back (their stored JSON or
    /// times): each id with the reason.
    pub unreadable: Vec<(i64, String)>,
}

impl std::ops::AddAssign<&Summary> for Summary {
    fn add_assign(&mut self, s: &Summary) {
        self.inserted += s.inserted;
        self.updated += s.updated;
        self.unchanged += s.unchanged;
        self.copies += s.copies;
        self.new_stories += s.new_stories;
        self.touched_stories += s.touched_stories;
    }
}

impl Library {
    /// Opens (or creates) the library in a data folder, rebuilding the story index from the
    /// articles of the last three days before `now`.
    pub fn open(dir: &Path, now: DateTime<Utc>) -> Result<Self, StoreError> {
        Self::with_store(Store::open(dir)?, now)
    }

    /// A library in memory, for tests and one-off runs.
    pub fn in_memory(now: DateTime<Utc>) -> Result<Self, StoreError> {
        Self::with_store(Store::open_in_memory()?, now)
    }

    /// A library in memory with other clustering settings, for tuning.
    pub fn in_memory_with(
        now: DateTime<Utc>,
        config: Config,
        cluster_terms: usize,
    ) -> Result<Self, StoreError> {
        let mut lib = Self::with_store(Store::open_in_memory()?, now)?;
        lib.index.clusterer = Clusterer::new(config);
        lib.index.cluster_terms = cluster_terms;
        Ok(lib)
    }

    fn with_store(store: Store, now: DateTime<Utc>) -> Result<Self, StoreError> {
        let window = Duration::seconds(window_secs());
        let mut index = StoryIndex::new();
        index.rebuild(&store, now - window)?;
        Ok(Library { store, window, index, analysis_threads: None, analyzers: Vec::new() })
    }

    /// The store underneath, for reading.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Analyses and adds articles in one transaction, placing the new ones in stories. `now` is
    /// the time they were added (and the time of those with no published time).
    ///
    /// If anything fails, nothing of the batch is stored, and the in-memory index is rebuilt
    /// from the store so that it matches what is stored.
    pub fn add(&mut self, articles: &[Article], now: DateTime<Utc>) -> Result<Summary, StoreError> {
        let threads = self.analysis_threads.unwrap_or_else(cores);
        let (analyses, made) = analyse_batch(&mut self.analyzers, threads, articles);
        self.store_analysed(articles, &analyses, &made, now)
    }

    /// Adds batch after batch, each in its own transaction as [`Library::add`] would, but
    /// analysing the next batch while the current one is stored: storing and placing in stories
    /// run on the calling thread, in order, and analysis (the other half of the work) runs beside
    /// it instead of before it. `each` hears of every batch stored, with its summary.
    ///
    /// Stops at the first batch that cannot be stored and returns its error: the batches before
    /// it stay stored, nothing of it is, and nothing after it is stored (the next two batches at
    /// most have been taken from `batches` for analysis by then; the rest are not read).
    pub fn add_batches(
        &mut self,
        batches: impl Iterator<Item = Vec<Article>>,
        now: DateTime<Utc>,
        mut each: impl FnMut(&Summary),
    ) -> Result<Summary, StoreError> {
        type Analysed = (Vec<Article>, Vec<Analysis>, Vec<Made>);
        let mut batches = batches.filter(|b| !b.is_empty());
        // The calling thread stores all along: by default, the analysis has the other cores.
        let threads = self.analysis_threads.unwrap_or_else(|| cores().saturating_sub(1).max(1));
        // The analyzers go to the analysing thread for the run, and come back after it.
        let mut analyzers = std::mem::take(&mut self.analyzers);
        let mut total = Summary::default();
        let result = std::thread::scope(|scope| {
            let analyzers = &mut analyzers;
            // At most one batch waits to be analysed and one analysed batch waits to be stored,
            // so memory holds about four batches.
            let (to_analyse, analyse) = std::sync::mpsc::sync_channel::<Vec<Article>>(1);
            let (to_store, store) = std::sync::mpsc::sync_channel::<Analysed>(1);
            scope.spawn(move || {
                for batch in analyse {
                    let (analyses, made) = analyse_batch(analyzers, threads, &batch);
                    if to_store.send((batch, analyses, made)).is_err() {
                        return; // the caller stopped on an error
                    }
                }
            });
            // Two batches are given out before one is stored, so that the analyser always has
            // the next one in hand while this thread stores.
            let mut pending = 0usize;
            loop {
                while pending < 2 {
                    let Some(batch) = batches.next() else { break };
                    // The analyser only stops when this side drops its end, which it has not.
                    if to_analyse.send(batch).is_ok() {
                        pending += 1;
                    }
                }
                if pending == 0 {
                    return Ok(total);
                }
                // The analyser hangs up early only if it panicked: the scope passes the panic on.
                let Ok((batch, analyses, made)) = store.recv() else { return Ok(total) };
                pending -= 1;
                let summary = self.store_analysed(&batch, &analyses, &made, now)?;
                total += &summary;
                each(&summary);
            }
        });
        self.analyzers = analyzers;
        result
    }

    /// The ids of the stored articles an older analyzer read ([`Analysis::analyzer`] below
    /// [`ANALYZER_VERSION`]): what [`Library::reanalyse`] would bring up to date.
    pub fn outdated(&self) -> Result<Vec<i64>, StoreError> {
        self.store.analysed_before(ANALYZER_VERSION)
    }

    /// Analyses the stored articles `ids` again with this NewsBite's rules: each one's analysis
    /// and search entry are replaced, and the stories they are in get a fresh title, bite and
    /// claims. Every report stays in the story it is in and copies stay copies: how reports were
    /// grouped is a decision already shown to the reader, not redone. Ids no article has are
    /// skipped.
    ///
    /// Runs in batches of [`BATCH`] articles, each in one transaction; `each` hears how many
    /// articles each stored batch held. An article that cannot be read back (its stored JSON or
    /// times) is left as it is and listed in [`Reanalysed::unreadable`] with the reason. A batch that cannot be
    /// stored stops the run with its error: the batches before it stay re-analysed, and nothing
    /// else is changed.
    pub fn reanalyse(
        &mut self,
        ids: &[i64],
        now: DateTime<Utc>,
        mut each: impl FnMut(usize),
    ) -> Result<Reanalysed, StoreError> {
        let threads = self.analysis_threads.unwrap_or_else(cores);
        let mut done = Reanalysed::default();
        let mut stories: BTreeSet<i64> = BTreeSet::new();
        let result = ids.chunks(BATCH).try_for_each(|chunk| {
            let mut stored: Vec<StoredArticle> = Vec::with_capacity(chunk.len());
            for &id in chunk {
                match self.store.article(id) {
                    Ok(a) => stored.extend(a),
                    Err(e) if e.is_unreadable() => done.unreadable.push((id, e.to_string())),
                    Err(e) => return Err(e),
                }
            }
            let analyses = analyse_each(&mut self.analyzers, threads, &stored, |analyzer, a| {
                analyzer.analyze(&a.article)
            });
            let touched = self.store.transaction(|tx| {
                let mut touched: BTreeSet<i64> = BTreeSet::new();
                for (a, analysis) in stored.iter().zip(&analyses) {
                    tx.set_analysis(a.id, analysis)?;
                    touched.extend(a.story);
                }
                let fresh = Fresh { reports: HashMap::new(), added_at: stored_time(now) };
                for &story in &touched {
                    refresh(tx, story, &fresh)?;
                }
                Ok(touched)
            })?;
            done.articles += stored.len();
            stories.extend(touched);
            each(stored.len());
            Ok(())
        });
        done.stories = stories.len();
        // The story index's terms come from the analyses (entities, keywords): made again from
        // what is stored now, whether the run ended well or not.
        self.index = StoryIndex::new();
        self.index.rebuild(&self.store, now - self.window)?;
        result.map(|()| done)
    }

    /// How many threads analyse a batch (at least 1). Analysis is pure, so the result does not
    /// depend on this; storing and placing in stories stay on the calling thread, in order.
    ///
    /// By default, [`Library::add`] analyses on as many threads as the machine runs at once
    /// (the calling thread waits meanwhile), and [`Library::add_batches`] on one fewer, at least
    /// one: the calling thread stores all along, and an analysis thread more than the cores left
    /// takes time from it, the pipeline's slower half. On 2 cores, 30,000 generated articles
    /// went in at 1,270-1,314 articles/s with one analysis thread and 983-1,160 with two
    /// (`newsbite-eval ingest --sizes 30000 --threads 1,2`, twice).
    pub fn set_analysis_threads(&mut self, threads: usize) {
        self.analysis_threads = Some(threads.max(1));
    }

    /// [`Library::add`] for articles already analysed (one analysis per article, in order).
    pub fn add_analysed(
        &mut self,
        articles: &[Article],
        analyses: &[Analysis],
        now: DateTime<Utc>,
    ) -> Result<Summary, StoreError> {
        // Copy signatures and the stored forms are pure too: made beside the analyses, before the
        // transaction.
        let threads = self.analysis_threads.unwrap_or_else(cores).clamp(1, articles.len().max(1));
        let pairs: Vec<(&Article, &Analysis)> = articles.iter().zip(analyses).collect();
        let made = map_parallel(&pairs, &mut vec![(); threads], |_, (a, x)| Made::new(a, x));
        self.store_analysed(articles, analyses, &made, now)
    }

    /// Stores analysed articles with what was made of them in one transaction.
    fn store_analysed(
        &mut self,
        articles: &[Article],
        analyses: &[Analysis],
        made: &[Made],
        now: DateTime<Utc>,
    ) -> Result<Summary, StoreError> {
        let index = &mut self.index;
        let result = self.store.transaction(|tx| index.add_in(tx, articles, analyses, made, now));
        if result.is_err() {
            // The transaction rolled back: forget what the index learned from it.
            self.index = StoryIndex::new();
            self.index.rebuild(&self.store, now - self.window)?;
        }
        result
    }
}

impl StoryIndex {
    fn new() -> Self {
        StoryIndex {
            clusterer: Clusterer::new(Config::default()),
            stories: Vec::new(),
            story_of: HashMap::new(),
            copies: DedupIndex::new(COPY_THRESHOLD),
            copies_kept: 0,
            latest: i64::MIN,
            terms: Terms::new(),
            cluster_terms: CLUSTER_TERMS,
        }
    }

    fn add_in(
        &mut self,
        tx: &mut Tx<'_>,
        articles: &[Article],
        analyses: &[Analysis],
        made: &[Made],
        now: DateTime<Utc>,
    ) -> Result<Summary, StoreError> {
        let mut summary = Summary::default();
        let mut touched: BTreeSet<i64> = BTreeSet::new();
        let mut added: Vec<Added> = Vec::with_capacity(articles.len());
        for (article, m) in articles.iter().zip(made) {
            added.push(tx.add_prepared(article, &m.prepared, now)?);
        }
        // The reports inserted here, as stored: refreshing a story reads them from memory.
        let mut fresh = Fresh { reports: HashMap::new(), added_at: stored_time(now) };
        for (((article, analysis), m), Added { id, outcome }) in
            articles.iter().zip(analyses).zip(made).zip(added)
        {
            match outcome {
                Outcome::Unchanged => summary.unchanged += 1,
                Outcome::Updated => {
                    summary.updated += 1;
                    if let Some(story) = tx.article(id)?.and_then(|a| a.story) {
                        touched.insert(story);
                    }
                }
                Outcome::Inserted => {
                    summary.inserted += 1;
                    let time = time_of(article, now);
                    let placed = self.place(tx, id, article, analysis, m.signature.as_ref(), time)?;
                    summary.copies += usize::from(placed.copy_of.is_some());
                    summary.new_stories += usize::from(placed.new_story);
                    tx.assign(id, placed.story, placed.copy_of)?;
                    touched.insert(placed.story);
                    fresh.reports.insert(id, (article, analysis));
                }
            }
        }
        for &story in &touched {
            refresh(tx, story, &fresh)?;
        }
        summary.touched_stories = touched.len();
        self.forget_old_copies();
        Ok(summary)
    }

    /// Forgets the reports too old to be copied (see [`COPY_WINDOWS`]), once the copy index has
    /// doubled since it last did, so that it stays as large as the window, not the history.
    fn forget_old_copies(&mut self) {
        if self.copies.len() < (2 * self.copies_kept).max(COPY_PRUNE_MIN) {
            return;
        }
        let horizon = self.latest.saturating_sub(COPY_WINDOWS * window_secs());
        self.copies.retain(|&(_, time)| time >= horizon);
        self.copies_kept = self.copies.len();
    }

    /// Decides where a new article goes: under the report it copies, or in a story.
    fn place(
        &mut self,
        tx: &mut Tx<'_>,
        id: i64,
        article: &Article,
        analysis: &Analysis,
        signature: Option<&Signature>,
        time: DateTime<Utc>,
    ) -> Result<Placed, StoreError> {
        self.latest = self.latest.max(time.timestamp());
        if let Some(sig) = signature {
            if let Some(((original, _), _)) = self.copies.find(sig) {
                if let Some((story, copy_of)) = tx.placement(original)? {
                    let root = copy_of.unwrap_or(original);
                    return Ok(Placed { story, copy_of: Some(root), new_story: false });
                }
            }
        }
        let terms = self.cluster_terms(article, analysis);
        let assignment = self.clusterer.add(&terms, time.timestamp());
        let (story, new_story) = match self.stories.get(assignment.story) {
            Some(&story) => (story, false),
            None => {
                let story = tx.create_story(&article.headline, time)?;
                self.stories.push(story);
                self.story_of.insert(story, assignment.story);
                (story, true)
            }
        };
        if let Some(sig) = signature {
            self.copies.insert((id, time.timestamp()), sig.clone());
        }
        Ok(Placed { story, copy_of: None, new_story })
    }

    /// The terms the clusterer sees for an article: the headline's stems (twice: a headline says
    /// what the report is about), the names of the people, organisations and places it mentions
    /// most (twice each), and its top keywords, up to the configured number of terms.
    fn cluster_terms(&self, article: &Article, analysis: &Analysis) -> Vec<String> {
        let headline: Vec<String> = self.terms.terms(&article.headline).map(|t| t.stem).collect();
        let mut out = headline.clone();
        out.extend(headline);
        let mut entities: Vec<&newsbite_model::Entity> = analysis.entities.iter().collect();
        entities.sort_by_key(|e| std::cmp::Reverse(e.mentions));
        for e in entities.into_iter().take(ENTITY_TERMS) {
            let name = format!("entity:{}", e.name.to_lowercase());
            out.push(name.clone());
            out.push(name);
        }
        for k in &analysis.keywords {
            if out.len() >= self.cluster_terms {
                break;
            }
            out.push(k.term.clone());
        }
        out
    }

    /// Rebuilds the index from the stored articles since `since`, in their stories.
    fn rebuild(&mut self, store: &Store, since: DateTime<Utc>) -> Result<(), StoreError> {
        let mut stored: Vec<StoredArticle> = Vec::new();
        // An article that cannot be read back places nothing; the library opens without it.
        store.each_article_since(since, |a| {
            stored.extend(newsbite_store::skip_unreadable(a.map(Some))?);
            Ok(())
        })?;
        for a in stored {
            let Some(story) = a.story else { continue };
            if a.copy_of.is_some() {
                continue;
            }
            let z = match self.story_of.get(&story) {
                Some(&z) => z,
                None => {
                    let z = self.clusterer.new_story();
                    self.stories.push(story);
                    self.story_of.insert(story, z);
                    z
                }
            };
            let terms = self.cluster_terms(&a.article, &a.analysis);
            let time = time_of(&a.article, a.added_at).timestamp();
            self.latest = self.latest.max(time);
            self.clusterer.add_to(z, &terms, time);
            if let Some(sig) = copy_signature(&a.article) {
                self.copies.insert((a.id, time), sig);
            }
        }
        Ok(())
    }
}

struct Placed {
    story: i64,
    copy_of: Option<i64>,
    new_story: bool,
}

/// What is made of each article before its transaction, away from the thread that writes: its
/// copy signature and its stored forms ([`Prepared`]).
struct Made {
    signature: Option<Signature>,
    prepared: Prepared,
}

impl Made {
    fn new(article: &Article, analysis: &Analysis) -> Self {
        Made { signature: copy_signature(article), prepared: Prepared::new(article, analysis) }
    }
}

/// The analyses of a batch and what is made of each article (see [`analyse_each`]).
fn analyse_batch(
    analyzers: &mut Vec<Analyzer>,
    threads: usize,
    batch: &[Article],
) -> (Vec<Analysis>, Vec<Made>) {
    analyse_each(analyzers, threads, batch, |analyzer, article| {
        let analysis = analyzer.analyze(article);
        let made = Made::new(article, &analysis);
        (analysis, made)
    })
    .into_iter()
    .unzip()
}

/// `f` of each item with an analyzer, in order, over up to `threads` threads with one analyzer
/// each (`analyzers` grows to that many the first time).
fn analyse_each<I: Sync, T: Send>(
    analyzers: &mut Vec<Analyzer>,
    threads: usize,
    items: &[I],
    f: impl Fn(&mut Analyzer, &I) -> T + Sync,
) -> Vec<T> {
    let threads = threads.clamp(1, items.len().max(1));
    if analyzers.len() < threads {
        analyzers.resize_with(threads, Analyzer::new);
    }
    map_parallel(items, &mut analyzers[..threads], f)
}

/// How many threads the machine runs at once.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `f` of each item, in order, one thread per state (each thread takes a contiguous slice of
/// the items and its own state, such as an [`Analyzer`]). For the pure, costly steps of an add:
/// analysis, copy signatures, the stored forms.
fn map_parallel<I: Sync, S: Send, T: Send>(
    items: &[I],
    states: &mut [S],
    f: impl Fn(&mut S, &I) -> T + Sync,
) -> Vec<T> {
    if let [state] = states {
        return items.iter().map(|a| f(state, a)).collect();
    }
    let chunk = items.len().div_ceil(states.len().max(1)).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .zip(states.iter_mut())
            .map(|(part, state)| scope.spawn(move || part.iter().map(|a| f(state, a)).collect::<Vec<T>>()))
            .collect();
        // A panic in a worker is a bug in the step: pass it on as the single-threaded path would.
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

/// The copy signature of an article's standfirst and body, when it has words enough.
fn copy_signature(article: &Article) -> Option<Signature> {
    let body = copy_text(article);
    (body.split_whitespace().count() >= MIN_COPY_WORDS).then(|| Signature::of(&body))
}

/// When an article happened for the story index: its published time, unless missing or later
/// than `now` (a wrong clock on the publisher's side), else `now`.
fn time_of(article: &Article, now: DateTime<Utc>) -> DateTime<Utc> {
    article.published.as_ref().map(|t| t.at.with_timezone(&Utc)).filter(|t| *t <= now).unwrap_or(now)
}

/// The text compared for copies: standfirst and body.
fn copy_text(article: &Article) -> String {
    let mut text = article.standfirst.clone().unwrap_or_default();
    text.push('\n');
    text.push_str(&article.body_text());
    text
}

/// How many reports a story refresh reads at most: the first few (which set the story) and the
/// latest ones. Bounds the cost of adding to a story that has grown large.
const REFRESH_FIRST: usize = 5;
const REFRESH_LATEST: usize = 35;

/// The reports an add has just inserted, by id, with the time they were stored at: a refresh
/// takes them from here rather than reading back and parsing what was just written (most of
/// the latest reports of a story touched by a bulk add are in the batch that touched it).
struct Fresh<'a> {
    reports: HashMap<i64, (&'a Article, &'a Analysis)>,
    added_at: DateTime<Utc>,
}

/// `now` as the store keeps it: whole seconds.
fn stored_time(now: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

/// Gives a story a fresh title, bite and claims from its reports (copies left out).
fn refresh(tx: &mut Tx<'_>, story: i64, fresh: &Fresh<'_>) -> Result<(), StoreError> {
    let ids = tx.story_reports(story)?;
    let n = ids.len();
    let chosen: Vec<i64> = ids
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i < REFRESH_FIRST || *i + REFRESH_LATEST >= n)
        .map(|(_, id)| id)
        .collect();
    let mut read: HashMap<i64, StoredArticle> = HashMap::new();
    for &id in &chosen {
        if !fresh.reports.contains_key(&id) {
            // A report that cannot be read back is left out of the story's summary.
            if let Some(a) = newsbite_store::skip_unreadable(tx.article(id))? {
                read.insert(id, a);
            }
        }
    }
    // The chosen reports in order, each from the batch or as read, with its time.
    let mut reports: Vec<Report<'_>> = Vec::with_capacity(chosen.len());
    let mut times: Vec<DateTime<Utc>> = Vec::with_capacity(chosen.len());
    for &id in &chosen {
        let (article, analysis, added_at) = match (fresh.reports.get(&id), read.get(&id)) {
            (Some(&(article, analysis)), _) => (article, analysis, fresh.added_at),
            (None, Some(a)) => (&a.article, &a.analysis, a.added_at),
            (None, None) => continue,
        };
        reports.push(Report { id, article, analysis });
        times.push(time_of(article, added_at));
    }
    let Some(last_seen) = times.into_iter().max() else {
        return Ok(());
    };
    // The title is the headline of the report that shares most terms with the others: the one
    // most about what the story is about. Ties go to the earliest.
    let title = central_headline(&reports);
    let bites: Vec<Vec<String>> =
        reports.iter().map(|r| r.analysis.bite.iter().map(|s| s.text.clone()).collect()).collect();
    let bite =
        story_bite(bites.iter().zip(&reports).map(|(b, r)| (b.as_slice(), r.analysis.entities.as_slice())));
    let claims = claims(&reports);
    tx.update_story(story, &title, &bite, &claims, last_seen)
}

fn central_headline(reports: &[Report<'_>]) -> String {
    let terms = Terms::new();
    let sets: Vec<BTreeSet<String>> =
        reports.iter().map(|r| terms.terms(&r.article.headline).map(|t| t.stem).collect()).collect();
    let mut best = (0usize, 0usize);
    for (i, set) in sets.iter().enumerate() {
        let shared: usize =
            sets.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, o)| set.intersection(o).count()).sum();
        if shared > best.1 {
            best = (i, shared);
        }
    }
    reports[best.0].article.headline.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use newsbite_model::Block;

    fn article(url: &str, headline: &str, paragraphs: &[&str]) -> Article {
        let mut a = Article::new(headline);
        a.url = Some(url.into());
        a.publisher = newsbite_extract::site::publisher(url);
        a.blocks = paragraphs.iter().map(|p| Block::Paragraph { text: p.to_string() }).collect();
        a
    }

    const DAM: &[&str] = &[
        "The water minister of Valdoria, Petra Lindqvist, said on Monday that the Kessel dam was safe and had passed every inspection since it opened twelve years ago.",
        "Engineers who worked on the dam said cracks had been found in the spillway in March and had not been repaired.",
        "The river commission said it had seen no evidence that the spillway had been repaired.",
    ];

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap()
    }

    #[test]
    fn copies_fold_and_stories_form() {
        let mut lib = Library::in_memory(now()).unwrap();
        let original = article("https://herald.example/dam", "Kessel dam is safe, minister says", DAM);
        let copy = article("https://gazette.example/dam-copy", "Minister: Kessel dam safe", DAM);
        let other = article(
            "https://herald.example/bread",
            "Village bakery wins national bread prize",
            &["A bakery in Lower Amble has won the national bread prize for its rye loaf, the judges said on Sunday after tasting 214 loaves."],
        );
        let s = lib.add(&[original, copy, other], now()).unwrap();
        assert_eq!((s.inserted, s.copies, s.new_stories), (3, 1, 2), "{s:?}");
        let stories = lib.store().stories(None).unwrap();
        assert_eq!(stories.len(), 2);
        let dam = stories.iter().find(|st| st.title.contains("Kessel")).unwrap();
        assert_eq!(dam.articles, 2);
        let detail = lib.store().story(dam.id).unwrap().unwrap();
        assert_eq!(detail.reports.len(), 1, "the copy is folded under its original");
        assert_eq!(detail.reports[0].copies.len(), 1);

        // Adding the same again changes nothing.
        let again = lib
            .add(&[article("https://herald.example/dam", "Kessel dam is safe, minister says", DAM)], now())
            .unwrap();
        assert_eq!((again.inserted, again.unchanged), (0, 1));
    }

    #[test]
    fn a_reopened_library_keeps_placing_reports_in_their_stories() {
        let dir = std::env::temp_dir().join(format!("newsbite-library-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        {
            let mut lib = Library::open(&dir, now()).unwrap();
            lib.add(
                &[article("https://herald.example/dam", "Kessel dam is safe, minister says", DAM)],
                now(),
            )
            .unwrap();
        }
        let mut lib = Library::open(&dir, now()).unwrap();
        let follow_up = article(
            "https://tribune.example/dam-inspection",
            "Kessel dam spillway cracks: commission wants inspection",
            &["The river commission asked for an independent inspection of the Kessel dam spillway, where engineers found cracks in March; the minister says the dam is safe."],
        );
        let s = lib.add(&[follow_up], now()).unwrap();
        assert_eq!((s.inserted, s.new_stories), (1, 0), "{s:?}");
        assert_eq!(lib.store().stories(None).unwrap().len(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The demo library's articles, written for the project and shipped in the repo.
    fn demo() -> Vec<Article> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/articles.jsonl");
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| newsbite_extract::jsonl::read_line(l).unwrap().article)
            .collect()
    }

    /// What a library holds, to compare two: each story's title, article count and claims.
    fn holdings(lib: &Library) -> Vec<(String, usize, usize)> {
        let mut out: Vec<_> = lib
            .store()
            .stories(None)
            .unwrap()
            .into_iter()
            .map(|st| {
                let detail = lib.store().story(st.id).unwrap().unwrap();
                (st.title, st.articles, detail.claims.len())
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn batches_added_in_a_pipeline_end_as_batches_added_one_by_one() {
        let articles = demo();
        assert!(articles.len() >= 15);
        let mut one_by_one = Library::in_memory(now()).unwrap();
        one_by_one.set_analysis_threads(1);
        let mut want = Summary::default();
        for batch in articles.chunks(5) {
            want += &one_by_one.add(batch, now()).unwrap();
        }
        let mut pipelined = Library::in_memory(now()).unwrap();
        pipelined.set_analysis_threads(2);
        let mut heard = Vec::new();
        let got = pipelined
            .add_batches(articles.chunks(5).map(<[Article]>::to_vec), now(), |s| heard.push(s.inserted))
            .unwrap();
        assert_eq!(got, want);
        assert_eq!(heard.len(), articles.len().div_ceil(5), "one call per batch");
        assert_eq!(heard.iter().sum::<usize>(), want.inserted);
        assert!(want.copies > 0 && want.new_stories >= 4, "{want:?}");
        assert_eq!(holdings(&pipelined), holdings(&one_by_one));
        // The analyzers came back: the next add reuses them.
        assert_eq!(pipelined.analyzers.len(), 2);
        let again = pipelined.add_batches(std::iter::once(articles.clone()), now(), |_| {}).unwrap();
        assert_eq!((again.inserted, again.unchanged), (0, articles.len()));
    }

    #[test]
    fn stories_refreshed_from_the_batch_in_memory_read_as_if_read_back_from_the_store() {
        // Off the whole second: the store keeps whole seconds, the batch in memory has more.
        let now = now() + Duration::milliseconds(750);
        let mut lib = Library::in_memory(now).unwrap();
        let mut undated = demo();
        // Reports with no published time are timed by when they were added.
        for a in undated.iter_mut().step_by(3) {
            a.published = None;
        }
        lib.add(&undated, now).unwrap();
        let shown = |lib: &Library| -> Vec<_> {
            let stories = lib.store.stories(None).unwrap();
            stories
                .iter()
                .map(|s| {
                    let d = lib.store.story(s.id).unwrap().unwrap();
                    (d.summary.title, d.summary.bite, d.summary.last_seen, d.summary.disputed, d.claims)
                })
                .collect()
        };
        let from_batch = shown(&lib);
        assert!(from_batch.len() >= 4 && from_batch.iter().any(|s| s.3), "{from_batch:?}");
        let ids: Vec<i64> = lib.store.stories(None).unwrap().iter().map(|s| s.id).collect();
        let nothing_fresh = Fresh { reports: HashMap::new(), added_at: now };
        lib.store.transaction(|tx| ids.iter().try_for_each(|&id| refresh(tx, id, &nothing_fresh))).unwrap();
        assert_eq!(shown(&lib), from_batch);
    }

    #[test]
    fn the_copy_index_forgets_reports_older_than_two_windows() {
        let mut index = StoryIndex::new();
        let day = 24 * 3600;
        let sig = Signature::of(&DAM.join(" "));
        // One report an hour over 300 days: far more than the windows hold.
        let hours = 300 * 24;
        for h in 0..hours {
            index.latest = h * 3600;
            index.copies.insert((h, h * 3600), sig.clone());
            index.forget_old_copies();
        }
        let kept_hours = COPY_WINDOWS * window_secs() / 3600;
        assert!(window_secs() >= day);
        // Never more than the threshold of a prune; never fewer than the windows hold.
        assert!(index.copies.len() < COPY_PRUNE_MIN, "{} kept", index.copies.len());
        assert!(index.copies.len() as i64 > kept_hours, "{} kept", index.copies.len());
        // Every report finds the same copy; the one found is the oldest kept, which is recent:
        // nothing older than a threshold's worth of reports before the windows.
        let oldest = index.copies.find(&sig).map(|((_, time), _)| time).unwrap();
        let bound = (hours - 1 - COPY_PRUNE_MIN as i64 - kept_hours) * 3600;
        assert!(oldest > bound && oldest > 0, "oldest kept at hour {}", oldest / 3600);
    }

    /// Every story of a library in full, without the time the store last wrote it.
    fn stories_in_full(lib: &Library) -> Vec<newsbite_store::StoryDetail> {
        let mut out = Vec::new();
        for st in lib.store().stories(None).unwrap() {
            let mut detail = lib.store().story(st.id).unwrap().unwrap();
            detail.summary.updated_at = DateTime::UNIX_EPOCH;
            out.push(detail);
        }
        out
    }

    #[test]
    fn reanalysing_brings_what_older_rules_stored_up_to_date_and_keeps_the_stories() {
        let articles = demo();
        let mut lib = Library::in_memory(now()).unwrap();
        lib.add(&articles, now()).unwrap();
        assert_eq!(lib.outdated().unwrap(), Vec::<i64>::new(), "all read by these rules");
        let want = stories_in_full(&lib);
        assert!(want.iter().any(|st| st.summary.disputed), "the demo has a dispute to lose");

        // As an older NewsBite would have left them: every other article with an analysis that
        // found nothing and names no analyzer, and the stories made from those analyses.
        let all: Vec<StoredArticle> = lib.store().articles_since(DateTime::UNIX_EPOCH).unwrap();
        let old: Vec<i64> = all.iter().map(|a| a.id).filter(|id| id % 2 == 0).collect();
        lib.store
            .transaction(|tx| {
                for &id in &old {
                    assert!(tx.set_analysis(id, &Analysis::default())?);
                }
                let fresh = Fresh { reports: HashMap::new(), added_at: now() };
                for st in &want {
                    refresh(tx, st.summary.id, &fresh)?;
                }
                Ok(())
            })
            .unwrap();
        assert_ne!(stories_in_full(&lib), want, "the old analyses changed the stories");
        let (quoted, speaker) = all
            .iter()
            .filter(|a| old.contains(&a.id))
            .find_map(|a| {
                a.analysis.quotes.iter().find_map(|q| Some((a.id, q.speaker.as_ref()?.name.clone())))
            })
            .expect("a quote in the half made old");
        let mut by_speaker = newsbite_store::Query::new("");
        by_speaker.speaker = Some(speaker.clone());
        let hits = |lib: &Library| -> Vec<i64> {
            lib.store().search(&by_speaker).unwrap().into_iter().map(|h| h.id).collect()
        };
        assert!(!hits(&lib).contains(&quoted), "the old analysis of {quoted} quotes nobody");
        assert_eq!(lib.outdated().unwrap(), old);

        let mut batches = Vec::new();
        let done = lib.reanalyse(&old, now(), |n| batches.push(n)).unwrap();
        assert_eq!(done.articles, old.len());
        assert_eq!(batches, [old.len()]);
        assert!(done.stories >= 1 && done.stories <= want.len(), "{done:?}");
        assert_eq!(lib.outdated().unwrap(), Vec::<i64>::new());
        for a in lib.store().articles_since(DateTime::UNIX_EPOCH).unwrap() {
            assert_eq!(a.analysis, newsbite_analyze::analyze(&a.article), "article {}", a.id);
        }
        assert_eq!(stories_in_full(&lib), want, "the same stories, bites and claims as first made");
        // The search index follows: an article is found by its speaker again.
        assert!(hits(&lib).contains(&quoted), "{speaker} quoted in article {quoted}");

        // An id no article has is skipped; the same rules again change nothing.
        let again = lib.reanalyse(&[old[0], 99_999], now(), |_| {}).unwrap();
        assert_eq!(again.articles, 1);
        assert_eq!(stories_in_full(&lib), want);
    }

    #[test]
    fn an_article_that_cannot_be_read_back_is_named_and_blocks_nothing_else() {
        let dir = std::env::temp_dir().join(format!("newsbite-library-reanalyse-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut lib = Library::open(&dir, now()).unwrap();
        lib.add(&demo()[..6], now()).unwrap();
        // JSON, but no article: as a bad disk or a hand edit would leave it.
        rusqlite::Connection::open(lib.store().path())
            .unwrap()
            .execute_batch("UPDATE articles SET article = '{}' WHERE id = 2;")
            .unwrap();
        let done = lib.reanalyse(&[1, 2, 3], now(), |_| {}).unwrap();
        assert_eq!(done.articles, 2);
        assert_eq!(done.unreadable.len(), 1, "{done:?}");
        assert_eq!(done.unreadable[0].0, 2);
        assert!(done.unreadable[0].1.contains("article 2"), "{}", done.unreadable[0].1);
        drop(lib);
        // The library still opens, and goes on taking reports.
        let mut lib = Library::open(&dir, now()).unwrap();
        assert_eq!(lib.add(&demo()[6..8], now()).unwrap().inserted, 2);
        drop(lib);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_batch_that_cannot_be_stored_stops_the_run_and_loses_nothing_stored_before() {
        let dir = std::env::temp_dir().join(format!("newsbite-library-batches-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut lib = Library::open(&dir, now()).unwrap();
        // Another connection makes the database refuse one headline, as a full disk or a
        // broken file would refuse a write.
        let poison = "Poisoned headline the database refuses";
        rusqlite::Connection::open(lib.store().path())
            .unwrap()
            .execute_batch(&format!(
                "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.headline = '{poison}'
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;"
            ))
            .unwrap();
        let articles = demo();
        let mut bad = articles[5..10].to_vec();
        bad[2].headline = poison.into();
        let batches = vec![articles[..5].to_vec(), bad, articles[10..15].to_vec()];
        let mut stored = Vec::new();
        let err = lib.add_batches(batches.into_iter(), now(), |s| stored.push(s.inserted)).unwrap_err();
        assert!(err.to_string().contains("refused"), "{err}");
        assert_eq!(stored, [5], "the first batch was stored, nothing after it");
        let count = |lib: &Library| lib.store().stats().unwrap().articles;
        assert_eq!(count(&lib), 5);
        // The library goes on: the batches not stored can be added again.
        let s = lib.add(&articles[10..15], now()).unwrap();
        assert_eq!(s.inserted, 5);
        assert_eq!(count(&lib), 10);
        drop(lib);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
