//! One poll of the feeds a library follows.
//!
//! [`poll_all`] fetches every feed (or every feed due) at once, within the fetcher's limits.
//! As each feed comes back, its entries not seen before are sorted out: an entry whose link is
//! already stored (a copy another feed brought) is only marked seen; the others have their
//! linked page fetched and read by `newsbite_extract`'s HTML reader, and when the page cannot be
//! fetched or read (refused, too large, not an article) the entry's own content is kept instead,
//! with a warning. When all the pages of a feed are in, its articles are added to the library in
//! one batch ([`Library::add`]: analysed, stored once, placed in stories), its entries are
//! marked seen, and its outcome is recorded on the feed: validators for the next conditional
//! request, or the error, the failure count and the backoff.
//!
//! **Invariant:** one feed's failure (network, HTTP status, malformed feed, even a store error
//! while adding its articles) is recorded on that feed and never stops the others. Only a store
//! that cannot record anything at all ends the poll with an error.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use newsbite_library::store::{Feed as FeedRow, PollRecord, StoreError, Validators as StoredValidators};
use newsbite_library::{Library, Summary};
use newsbite_model::Article;
use tokio::task::JoinSet;

use crate::backoff::{parse_retry_after, Schedule};
use crate::feed::{self, Entry, Feed};
use crate::http::{FetchError, Fetched, Fetcher, Validators};

/// A callback told of each feed as it is done.
pub type Progress = Arc<dyn Fn(&FeedOutcome) + Send + Sync>;

/// How a poll behaves.
#[derive(Clone)]
pub struct PollOptions {
    /// Poll only the feeds due (a scheduler); else all of them (`newsbite fetch`).
    pub only_due: bool,
    /// The polling interval and backoff.
    pub schedule: Schedule,
    /// Whether to fetch and read the page each new entry links to (else the entry's own
    /// content is kept).
    pub fetch_pages: bool,
    /// Pages fetched per feed and poll at most; further new entries keep their own content.
    pub max_pages_per_feed: usize,
    /// Called once per feed as it is done (a progress bar).
    pub progress: Option<Progress>,
}

impl Default for PollOptions {
    fn default() -> Self {
        PollOptions {
            only_due: false,
            schedule: Schedule::default(),
            fetch_pages: true,
            max_pages_per_feed: 50,
            progress: None,
        }
    }
}

impl std::fmt::Debug for PollOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PollOptions")
            .field("only_due", &self.only_due)
            .field("schedule", &self.schedule)
            .field("fetch_pages", &self.fetch_pages)
            .field("max_pages_per_feed", &self.max_pages_per_feed)
            .finish()
    }
}

/// How a feed's poll went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The feed answered `304 Not Modified`.
    NotModified,
    /// The feed was read.
    Read,
    /// The poll failed; see [`FeedOutcome::error`].
    Failed,
}

/// What one feed's poll did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOutcome {
    /// The feed's id in the store.
    pub id: i64,
    /// The feed's URL.
    pub url: String,
    /// Its title, when known.
    pub title: Option<String>,
    /// How it went.
    pub status: Status,
    /// Entries not seen before.
    pub new_entries: usize,
    /// Articles new to the library.
    pub added: usize,
    /// New entries whose article was already stored (another feed's copy, the same URL).
    pub already_stored: usize,
    /// New entries kept with the feed's own content, the page not being usable.
    pub from_feed_content: usize,
    /// The error, when the poll failed.
    pub error: Option<String>,
    /// What was worked around (pages refused or unreadable, encoding lies).
    pub warnings: Vec<String>,
    /// When the feed is next due.
    pub next_poll: DateTime<Utc>,
}

/// What a poll did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollReport {
    /// One outcome per feed polled, in the order they finished.
    pub feeds: Vec<FeedOutcome>,
    /// What the library did with the articles, summed over the feeds.
    pub library: Summary,
}

impl PollReport {
    /// The feeds whose poll failed.
    pub fn failed(&self) -> impl Iterator<Item = &FeedOutcome> {
        self.feeds.iter().filter(|f| f.status == Status::Failed)
    }
}

/// The result of one task.
enum Done {
    Feed(FeedRow, Result<Option<(Feed, Validators)>, FeedFailure>),
    Page { feed: i64, slot: usize, article: Option<Article>, warning: Option<String> },
}

/// A feed whose pages are being fetched.
struct InFlight {
    row: FeedRow,
    outcome: FeedOutcome,
    validators: Validators,
    site_url: Option<String>,
    /// Per new entry: its key, and the article once known.
    slots: Vec<(String, Option<Article>)>,
    /// Entries already stored: key and article id.
    stored: Vec<(String, Option<i64>)>,
    pending: usize,
}

/// Polls the feeds of `library` once (see the module docs). `now` is the time of the poll.
///
/// Errs only when the store cannot be read or a feed's outcome cannot be recorded; every
/// feed's own failure is in the report instead.
pub async fn poll_all(
    library: &mut Library,
    fetcher: &Fetcher,
    options: &PollOptions,
    now: DateTime<Utc>,
) -> Result<PollReport, StoreError> {
    let feeds = if options.only_due { library.feeds().feeds_due(now)? } else { library.feeds().feeds()? };
    let mut tasks: JoinSet<Done> = JoinSet::new();
    for row in feeds {
        let fetcher = fetcher.clone();
        tasks.spawn(async move {
            let validators = Validators { etag: row.etag.clone(), last_modified: row.last_modified.clone() };
            let result = fetch_feed(&fetcher, &row.url, &validators).await;
            Done::Feed(row, result)
        });
    }
    let mut report = PollReport::default();
    let mut in_flight: HashMap<i64, InFlight> = HashMap::new();
    // Page URLs asked for in this poll: a story two feeds link to is fetched once.
    let mut asked: HashSet<String> = HashSet::new();
    while let Some(done) = tasks.join_next().await {
        let Ok(done) = done else { continue };
        match done {
            Done::Feed(row, Err(error)) => {
                let retry_after = match &error {
                    FeedFailure::Fetch(e) => e.retry_after().and_then(|v| parse_retry_after(v, now)),
                    FeedFailure::NotAFeed { .. } => None,
                };
                let outcome = failed(library, options, &row, error.to_string(), retry_after, now)?;
                finish_outcome(&mut report, options, outcome);
            }
            Done::Feed(row, Ok(None)) => {
                let next = options.schedule.next(now, 0, None, jitter(row.id, now));
                let record = PollRecord {
                    polled_at: now,
                    result: Ok(None),
                    title: None,
                    site_url: None,
                    failures: 0,
                    next_poll: next,
                };
                library.feeds().record_poll(row.id, &record)?;
                let outcome = blank_outcome(&row, Status::NotModified, next);
                finish_outcome(&mut report, options, outcome);
            }
            Done::Feed(row, Ok(Some((parsed, validators)))) => {
                let flight = start_feed(
                    library, fetcher, options, &mut tasks, &mut asked, row, parsed, validators, now,
                )?;
                if flight.pending == 0 {
                    let outcome = complete(library, options, flight, now, &mut report.library)?;
                    finish_outcome(&mut report, options, outcome);
                } else {
                    in_flight.insert(flight.row.id, flight);
                }
            }
            Done::Page { feed, slot, article, warning } => {
                let Some(flight) = in_flight.get_mut(&feed) else { continue };
                if let Some(w) = warning {
                    flight.outcome.from_feed_content += 1;
                    flight.outcome.warnings.push(w);
                }
                if let Some(s) = flight.slots.get_mut(slot) {
                    s.1 = article;
                }
                flight.pending -= 1;
                if flight.pending == 0 {
                    if let Some(flight) = in_flight.remove(&feed) {
                        let outcome = complete(library, options, flight, now, &mut report.library)?;
                        finish_outcome(&mut report, options, outcome);
                    }
                }
            }
        }
    }
    Ok(report)
}

fn finish_outcome(report: &mut PollReport, options: &PollOptions, outcome: FeedOutcome) {
    if let Some(progress) = &options.progress {
        progress(&outcome);
    }
    report.feeds.push(outcome);
}

/// Why a feed could not be polled: the fetch failed, or what came back is not a feed.
#[derive(Debug)]
enum FeedFailure {
    Fetch(FetchError),
    NotAFeed { url: String, reason: String },
}

impl std::fmt::Display for FeedFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedFailure::Fetch(e) => e.fmt(f),
            FeedFailure::NotAFeed { url, reason } => write!(f, "{url}: {reason}"),
        }
    }
}

/// Fetches and reads a feed: `None` when it has not changed.
async fn fetch_feed(
    fetcher: &Fetcher,
    url: &str,
    validators: &Validators,
) -> Result<Option<(Feed, Validators)>, FeedFailure> {
    match fetcher.get(url, validators).await.map_err(FeedFailure::Fetch)? {
        Fetched::NotModified { .. } => Ok(None),
        Fetched::Body(body) => {
            let bytes = body.bytes;
            let charset = body.charset;
            let final_url = body.url;
            let parsed = tokio::task::spawn_blocking({
                let final_url = final_url.clone();
                move || feed::parse(&bytes, charset.as_deref(), Some(&final_url)).map_err(|e| e.to_string())
            })
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r)
            .map_err(|reason| FeedFailure::NotAFeed { url: final_url, reason })?;
            Ok(Some((parsed, body.validators)))
        }
    }
}

/// Sorts out a read feed's entries and starts fetching the pages of the new ones.
#[allow(clippy::too_many_arguments)]
fn start_feed(
    library: &mut Library,
    fetcher: &Fetcher,
    options: &PollOptions,
    tasks: &mut JoinSet<Done>,
    asked: &mut HashSet<String>,
    row: FeedRow,
    parsed: Feed,
    validators: Validators,
    now: DateTime<Utc>,
) -> Result<InFlight, StoreError> {
    let keys: Vec<String> = parsed.entries.iter().map(|e| e.key.clone()).collect();
    let unseen: HashSet<&str> = library.feeds().unseen_entries(row.id, &keys)?.into_iter().collect();
    let mut outcome = blank_outcome(&row, Status::Read, now);
    outcome.title = row.title.clone().or_else(|| parsed.title.clone());
    outcome.warnings = parsed.warnings.clone();
    let feed_title: Option<Arc<str>> = outcome.title.as_deref().map(Arc::from);
    let mut flight = InFlight {
        row,
        outcome,
        validators,
        site_url: parsed.site_url.clone(),
        slots: Vec::new(),
        stored: Vec::new(),
        pending: 0,
    };
    // A feed repeating an entry (same id twice) gets it once.
    let mut taken: HashSet<&str> = HashSet::new();
    for entry in parsed.entries.iter().filter(|e| unseen.contains(e.key.as_str())) {
        if !taken.insert(entry.key.as_str()) {
            continue;
        }
        flight.outcome.new_entries += 1;
        if let Some(url) = &entry.url {
            if let Some(id) = library.store().article_id_by_url(url)? {
                flight.outcome.already_stored += 1;
                flight.stored.push((entry.key.clone(), Some(id)));
                continue;
            }
            if !asked.insert(url.clone()) {
                // Another feed of this poll brought the same page: stored once, by that one.
                flight.outcome.already_stored += 1;
                flight.stored.push((entry.key.clone(), None));
                continue;
            }
        }
        let slot = flight.slots.len();
        let fetch_page = options.fetch_pages && slot < options.max_pages_per_feed && entry.url.is_some();
        if !fetch_page {
            flight.slots.push((entry.key.clone(), entry.to_article(feed_title.as_deref())));
            continue;
        }
        flight.slots.push((entry.key.clone(), None));
        flight.pending += 1;
        let fetcher = fetcher.clone();
        let entry = entry.clone();
        let feed_id = flight.row.id;
        let feed_title = feed_title.clone();
        tasks.spawn(async move {
            let (article, warning) = read_page(&fetcher, &entry, feed_title.as_deref()).await;
            Done::Page { feed: feed_id, slot, article, warning }
        });
    }
    Ok(flight)
}

/// Fetches and reads an entry's page; on failure, the entry's own content with a warning.
async fn read_page(
    fetcher: &Fetcher,
    entry: &Entry,
    feed_title: Option<&str>,
) -> (Option<Article>, Option<String>) {
    let Some(url) = entry.url.as_deref() else {
        return (entry.to_article(feed_title), None);
    };
    let why = match fetcher.get(url, &Validators::default()).await {
        Ok(Fetched::Body(body)) => {
            let entry_for_read = entry.clone();
            let read = tokio::task::spawn_blocking(move || {
                newsbite_extract::html::read(&body.bytes, Some(&body.url)).map(|reading| {
                    let mut article = reading.article;
                    entry_for_read.fill_in(&mut article);
                    article
                })
            })
            .await;
            match read {
                Ok(Ok(article)) => return (Some(article), None),
                Ok(Err(e)) => format!("{url}: cannot read the page: {e}"),
                Err(e) => format!("{url}: cannot read the page: {e}"),
            }
        }
        Ok(Fetched::NotModified { .. }) => {
            format!("{url}: the page answered 304 to an unconditional request")
        }
        Err(e) => e.to_string(),
    };
    (entry.to_article(feed_title), Some(format!("{why}; kept the feed's own content")))
}

/// Adds a feed's articles, marks its entries seen and records the poll.
fn complete(
    library: &mut Library,
    options: &PollOptions,
    mut flight: InFlight,
    now: DateTime<Utc>,
    total: &mut Summary,
) -> Result<FeedOutcome, StoreError> {
    let articles: Vec<Article> = flight.slots.iter().filter_map(|(_, a)| a.clone()).collect();
    let added = if articles.is_empty() { Ok(Summary::default()) } else { library.add(&articles, now) };
    let id = flight.row.id;
    let summary = match added {
        Ok(summary) => summary,
        Err(e) => {
            // The batch was rolled back: nothing is marked seen, so the next poll tries again.
            let error = format!("{}: cannot store its articles: {e}", flight.row.url);
            return failed(library, options, &flight.row, error, None, now);
        }
    };
    flight.outcome.added = summary.inserted;
    flight.outcome.already_stored += summary.unchanged;
    *total += &summary;
    let mut seen = std::mem::take(&mut flight.stored);
    for (key, article) in flight.slots {
        let article_id = match article.as_ref().and_then(|a| a.url.as_deref()) {
            Some(url) => library.store().article_id_by_url(url)?,
            None => None,
        };
        seen.push((key, article_id));
    }
    library.feeds().mark_seen(id, &seen, now)?;
    let next = options.schedule.next(now, 0, None, jitter(id, now));
    let v = flight.validators;
    let record = PollRecord {
        polled_at: now,
        result: Ok(Some(StoredValidators { etag: v.etag, last_modified: v.last_modified })),
        title: flight.outcome.title.clone(),
        site_url: flight.site_url,
        failures: 0,
        next_poll: next,
    };
    library.feeds().record_poll(id, &record)?;
    flight.outcome.next_poll = next;
    Ok(flight.outcome)
}

/// Records a failed poll, with its backoff.
fn failed(
    library: &mut Library,
    options: &PollOptions,
    row: &FeedRow,
    message: String,
    retry_after: Option<chrono::Duration>,
    now: DateTime<Utc>,
) -> Result<FeedOutcome, StoreError> {
    let failures = row.failures.saturating_add(1);
    let next = options.schedule.next(now, failures, retry_after, jitter(row.id, now));
    let record = PollRecord {
        polled_at: now,
        result: Err(message.clone()),
        title: None,
        site_url: None,
        failures,
        next_poll: next,
    };
    library.feeds().record_poll(row.id, &record)?;
    let mut outcome = blank_outcome(row, Status::Failed, next);
    outcome.error = Some(message);
    Ok(outcome)
}

fn blank_outcome(row: &FeedRow, status: Status, next_poll: DateTime<Utc>) -> FeedOutcome {
    FeedOutcome {
        id: row.id,
        url: row.url.clone(),
        title: row.title.clone(),
        status,
        new_entries: 0,
        added: 0,
        already_stored: 0,
        from_feed_content: 0,
        error: None,
        warnings: Vec::new(),
        next_poll,
    }
}

/// A number in `[0, 1)` that differs between feeds and polls: the jitter of the schedule.
fn jitter(feed: i64, now: DateTime<Utc>) -> f64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_i64(feed);
    h.write_i64(now.timestamp_nanos_opt().unwrap_or_default());
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A poll can run on a multi-threaded runtime (`tokio::spawn` needs a `Send` future): the web
    /// server's scheduler depends on it. Checked at compile time.
    #[allow(dead_code)]
    fn poll_future_is_send(library: &mut Library, fetcher: &Fetcher) {
        fn send<T: Send>(_: T) {}
        send(poll_all(library, fetcher, &PollOptions::default(), Utc::now()));
    }

    #[test]
    fn jitter_is_in_range() {
        let now = Utc::now();
        for feed in 0..100 {
            let j = jitter(feed, now);
            assert!((0.0..1.0).contains(&j), "{j}");
        }
    }
}
