//! The NewsBite library store: articles, their analyses, stories and claims, in one SQLite file,
//! with a full-text search index beside it.
//!
//! This is the only NewsBite crate that writes to disk (besides the binary). What it keeps lives
//! in one file, `newsbite.db`, in the data folder ([`default_data_dir`], or a folder the user
//! chooses), beside SQLite's `-wal` and `-shm` files; the search index, derived from the file and
//! rebuilt from it when lost, is the tantivy index in `newsbite.db-search/` (see [`index`]).
//!
//! ```no_run
//! # fn main() -> Result<(), newsbite_store::StoreError> {
//! use newsbite_store::{Query, Store};
//! let mut store = Store::open(&newsbite_store::default_data_dir()?)?;
//! # let (article, analysis) = (newsbite_model::Article::new("H"), Default::default());
//! let added = store.add(&article, &analysis, chrono::Utc::now())?;
//! for hit in store.search(&Query::new("troops border"))? {
//!     println!("{} {} {}", hit.id, hit.headline, hit.snippet);
//! }
//! # Ok(()) }
//! ```
//!
//! # Schema
//!
//! | table | holds | keys |
//! |---|---|---|
//! | `articles` | one row per report: `url`, `content_hash`, `publisher`, `headline`, `published`, `added_at`, `updated_at`, `language`, and the `article` and `analysis` as JSON (the model's versioned shapes) | `url` UNIQUE (nullable), `content_hash` UNIQUE (nullable) |
//! | `article_versions` | the previous `article` and `analysis` JSON each time a changed article replaced one, with `replaced_at` | → `articles` |
//! | `stories` | `title`, `bite` (JSON list of sentences), `first_seen`, `last_seen`, `updated_at`, `disputed` | |
//! | `story_articles` | which story an article is in (at most one), and `copy_of`: the report it is a syndicated copy of | `article_id` primary key; → `stories`, `articles` |
//! | `claims` | a story's claims as JSON (the model's [`Claim`]s) | `story_id` primary key |
//! | `search_pending` | the ids of articles written but not yet in the search index, in the order written (see [`index`]) | `seq` |
//!
//! Why this shape:
//!
//! - **JSON for what the model owns.** Articles, analyses, bites and claims are stored as the
//!   model's own JSON, whose shape is versioned by its `schema` number. The store only lifts into
//!   columns what it must find or filter by (URL, hash, publisher, times, language), so a new
//!   field in the model needs no migration here. `CHECK (json_valid(…))` keeps broken JSON out.
//! - **Idempotent adds.** The canonical URL and the content hash (see [`content_hash`]) are both
//!   unique: adding the same report twice, or the same text under a second URL, stores it once.
//!   A changed report under a known URL replaces the stored one, whose JSON moves to
//!   `article_versions`. An article with a URL but no text beyond its headline is not hashed
//!   (a headline alone does not prove two reports the same), and a changed article whose new
//!   content is already stored under another URL keeps no hash (it is still found by URL).
//! - **Times** are whole seconds since 1970, UTC, so SQL compares them; the exact published time
//!   with its offset stays in the article JSON. An article's *time* for filters is its published
//!   time, else the time it was added (`coalesce(published, added_at)`, which is indexed).
//! - **Full-text search** is a tantivy index beside the file, not SQLite's FTS5, because it
//!   measured better on the same library and queries: over 100,000 generated articles, FTS5
//!   answered the benchmark's queries in 7.8 ms at the median and 38.9 ms at p99 (ranking at most
//!   the newest 2,000 matches), tantivy in 4.0 and 13.8 ms (ranking every match). FTS5 counts
//!   every article that matches each phrase again on every scoring statement, for BM25's IDF;
//!   tantivy keeps the counts. As the store's index, at the end of an ingest of 100,000
//!   articles (`newsbite-eval ingest`), it answers in 3.0 ms at the median and 15.0 ms at p99,
//!   and takes 92 MB beside a 767 MB database (the database with FTS5 was 1,448 MB: the index
//!   keeps no copy of the text, and snippets are made from the database's). The index holds
//!   headline, body (standfirst and body text), speakers and entities (canonical names),
//!   derived from the JSON in Rust, with publisher and time for filters; ranking is BM25 with
//!   the headline weighted 8, speakers and entities 2, body 1. See [`index`] for what it holds
//!   and how it stays in step with the database, and [`search`] for how user text is read.
//! - **Indexes** serve the reads the other crates make: by URL and hash (adds), by time
//!   (`articles_since`, listings), by publisher then time (filtered listings), by story.
//! - **Stories** are owned by `newsbite-stories`; the store keeps what it decides: the
//!   membership of articles (an article is in at most one story), the copies, the title, bite and
//!   claims, and a `disputed` flag lifted from the claims for cheap listing.
//!
//! # Durability and concurrency
//!
//! The file is in WAL mode with `synchronous = NORMAL`: a commit survives the process being killed
//! at any point (`kill -9`), and the last commits before a power cut may be lost but the file
//! stays consistent. Every write runs in one `BEGIN IMMEDIATE` transaction, and
//! [`Store::add_batch`] and [`Store::transaction`] put many in one, so a batch is stored whole or
//! not at all. Readers in other processes (the web server) see committed data and do not block
//! writers; a second writer waits up to [`BUSY_TIMEOUT`] for the lock. The WAL is copied back
//! into the database every 8,192 pages (32 MB) rather than SQLite's default 1,000: bulk adds
//! rewrite the same index pages often, and copying them back once is markedly faster.
//!
//! The search index follows each commit: a transaction lists the articles it writes in
//! `search_pending`, and once it has committed the store indexes them and clears the list. A
//! process killed in between leaves them listed, and the next open indexes them (as does the next
//! write in any process, when another one held the index's writer for longer than
//! [`BUSY_TIMEOUT`]). A hit is always an article the database holds.
//!
//! # Migrations
//!
//! See [`schema`]: the version is `PRAGMA user_version`, migrations are an ordered list applied in
//! one transaction, and a database from a newer NewsBite is refused with [`Reason::TooNew`].
//!
//! [`Claim`]: newsbite_model::Claim

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use newsbite_model::{Analysis, Article, Claim};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use tantivy::TantivyDocument;

use crate::index::SearchIndex;

mod articles;
mod error;
mod feeds;
mod hash;
pub mod index;
pub mod schema;
pub mod search;
mod stories;
mod time;

pub use articles::{Added, Outcome, Prepared, StoredArticle, Version};
pub use error::{skip_unreadable, Reason, Result, StoreError};
pub use feeds::{Feed, NewFeed, PollRecord, Validators};
pub use hash::content_hash;
pub use schema::SCHEMA_VERSION;
pub use search::{Hit, Query};
pub use stories::{StoryDetail, StorySummary};

/// The database file's name in the data folder.
pub const DB_FILE: &str = "newsbite.db";

/// How many pages the WAL may hold before SQLite copies them back into the database (32 MB at
/// the default 4 KiB page; SQLite's default is 1000 pages).
const WAL_CHECKPOINT_PAGES: i64 = 8192;

/// The most memory a connection's page cache may take, in KiB (64 MiB).
const CACHE_KIB: i64 = 64 * 1024;

/// How long a write waits for another process's write lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The default data folder: `$XDG_DATA_HOME/newsbite`, else `$HOME/.local/share/newsbite`.
///
/// The XDG layout is used on every platform; a relative `XDG_DATA_HOME` is ignored, as the XDG
/// specification says. The folder is not created here: [`Store::open`] does that.
pub fn default_data_dir() -> Result<PathBuf> {
    data_dir_from(std::env::var_os("XDG_DATA_HOME"), std::env::var_os("HOME"))
}

fn data_dir_from(
    xdg_data_home: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> Result<PathBuf> {
    if let Some(xdg) = xdg_data_home.map(PathBuf::from).filter(|p| p.is_absolute()) {
        return Ok(xdg.join("newsbite"));
    }
    match home.filter(|h| !h.is_empty()) {
        Some(home) => Ok(PathBuf::from(home).join(".local/share/newsbite")),
        None => Err(StoreError::NoDataDir),
    }
}

/// The library: an open NewsBite database.
///
/// Reads take `&self`; writes take `&mut self` and each runs in its own transaction, or in the
/// caller's through [`Store::transaction`].
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    index: SearchIndex,
}

impl Store {
    /// Opens the library in the data folder `dir`, creating the folder and the database if they
    /// are missing and bringing an older database up to date.
    ///
    /// Fails, naming the file, if it cannot be opened or is not a NewsBite database, or if a
    /// newer NewsBite wrote it ([`Reason::TooNew`]).
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)
            .map_err(|error| StoreError::CreateDir { path: dir.to_path_buf(), error })?;
        Store::open_file(&dir.join(DB_FILE))
    }

    /// Opens (or creates) the database file at `path` itself.
    pub fn open_file(path: &Path) -> Result<Store> {
        let fail = |reason| StoreError::Db { path: path.to_path_buf(), reason };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| fail(Reason::Open(e)))?;
        let mut folder = path.as_os_str().to_owned();
        folder.push(index::FOLDER_SUFFIX);
        Store::setup(conn, path.to_path_buf(), Some(PathBuf::from(folder)))
    }

    /// A store in memory, gone when dropped: for tests.
    pub fn open_in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory()
            .map_err(|e| StoreError::Db { path: path.clone(), reason: Reason::Open(e) })?;
        Store::setup(conn, path, None)
    }

    /// Configures the connection, migrates the database, opens the search index in `index_dir`
    /// (in memory when `None`) and indexes what is pending (all the articles, when the index
    /// had to be made).
    fn setup(mut conn: Connection, path: PathBuf, index_dir: Option<PathBuf>) -> Result<Store> {
        let fail = |reason| StoreError::Db { path: path.clone(), reason };
        let configure = |conn: &Connection| -> rusqlite::Result<()> {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            // Reading the mode back also checks that the file is a database at all.
            let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", true)?;
            // A larger WAL between checkpoints: pages that a batch rewrites many times (the
            // full-text index's) are copied back to the database once, not at every 4 MB.
            conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)?;
            // Bulk adds reread index pages; a bigger page cache than SQLite's 2 MB saves the
            // system calls (a third less system time at 50,000 articles).
            conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
            Ok(())
        };
        configure(&conn).map_err(|e| fail(Reason::Open(e)))?;
        schema::migrate(&mut conn).map_err(fail)?;
        conn.set_prepared_statement_cache_capacity(64);
        let (index, fresh) = SearchIndex::open(index_dir.as_deref()).map_err(fail)?;
        if fresh {
            conn.execute_batch(
                "BEGIN IMMEDIATE;
                 DELETE FROM search_pending;
                 INSERT INTO search_pending (article_id) SELECT id FROM articles ORDER BY id;
                 COMMIT;",
            )
            .map_err(|e| fail(e.into()))?;
        }
        index.sync(&conn, HashMap::new()).map_err(fail)?;
        Ok(Store { conn, path, index })
    }

    /// The database file (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn fail(&self, reason: Reason) -> StoreError {
        StoreError::Db { path: self.path.clone(), reason }
    }

    /// Runs `f` in one write transaction: committed if it returns `Ok`, rolled back (nothing of
    /// it stored) if it returns `Err` or panics.
    pub fn transaction<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let fail = |reason| StoreError::Db { path: path.clone(), reason };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| fail(e.into()))?;
        // The search documents of the articles the transaction writes, by id.
        let mut ready = HashMap::new();
        let value = {
            let mut handle = Tx { tx, path: &path, ready: &mut ready, fields: &self.index.fields };
            let value = f(&mut handle)?;
            handle.tx.commit().map_err(|e| fail(e.into()))?;
            value
        };
        // The articles are stored; their search documents follow (see `index`).
        self.index.sync(&self.conn, ready).map_err(fail)?;
        Ok(value)
    }

    /// Adds an article with its analysis, idempotently.
    ///
    /// - An article whose URL is stored: [`Outcome::Unchanged`] if its JSON and its analysis
    ///   are the same, else [`Outcome::Updated`], the previous version kept in its history.
    /// - Else, one whose content (see [`content_hash`]) is stored under another URL or none:
    ///   [`Outcome::Unchanged`], with the id of the one stored.
    /// - Else [`Outcome::Inserted`].
    ///
    /// `added_at` is the time it was added (or, for an update, replaced); the store does not read
    /// the clock for it.
    pub fn add(&mut self, article: &Article, analysis: &Analysis, added_at: DateTime<Utc>) -> Result<Added> {
        self.transaction(|tx| tx.add(article, analysis, added_at))
    }

    /// Adds many articles in one transaction, which is much faster than one by one. The result
    /// has one [`Added`] per item, in order. If any fails, none of the batch is stored and what
    /// was stored before is untouched.
    pub fn add_batch(
        &mut self,
        items: &[(Article, Analysis)],
        added_at: DateTime<Utc>,
    ) -> Result<Vec<Added>> {
        self.transaction(|tx| items.iter().map(|(a, n)| tx.add(a, n, added_at)).collect())
    }

    /// An article by id.
    pub fn article(&self, id: i64) -> Result<Option<StoredArticle>> {
        articles::article(&self.conn, id).map_err(|r| self.fail(r))
    }

    /// The ids of the articles whose analysis an analyzer older than `version` made
    /// ([`Analysis::analyzer`]), in id order: the articles to analyse again after an upgrade.
    pub fn analysed_before(&self, version: u32) -> Result<Vec<i64>> {
        articles::analysed_before(&self.conn, version).map_err(|r| self.fail(r))
    }

    /// The id of the article stored under `url`, if any: lets a caller skip reading and
    /// analysing what is already stored.
    pub fn article_id_by_url(&self, url: &str) -> Result<Option<i64>> {
        articles::id_by_url(&self.conn, url).map_err(|r| self.fail(r))
    }

    /// The articles whose time (published, else added) is at or after `since`, oldest first:
    /// what the story index needs to rebuild its window on start.
    pub fn articles_since(&self, since: DateTime<Utc>) -> Result<Vec<StoredArticle>> {
        let mut out = Vec::new();
        self.each_article_since(since, |a| {
            out.push(a?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Like [`Store::articles_since`], one article at a time, without holding them all, and
    /// without stopping at an article that cannot be read: `each` gets the error that names it
    /// ([`Reason::BadJson`], [`Reason::BadTime`]) and decides. An error from `each`, or from the
    /// database, stops the walk and is returned.
    pub fn each_article_since(
        &self,
        since: DateTime<Utc>,
        each: impl FnMut(Result<StoredArticle>) -> Result<()>,
    ) -> Result<()> {
        articles::each_since(&self.conn, since, |r| self.fail(r), each)
    }

    /// The earlier versions of an article, oldest first (empty if it never changed).
    pub fn history(&self, id: i64) -> Result<Vec<Version>> {
        articles::history(&self.conn, id).map_err(|r| self.fail(r))
    }

    /// Searches the library: full text ranked by BM25, with filters. See [`search`]
    /// for how the text is read; no text can make it fail.
    pub fn search(&self, query: &Query) -> Result<Vec<Hit>> {
        search::search(&self.conn, &self.index, query).map_err(|r| self.fail(r))
    }

    /// Starts a story, returning its id.
    pub fn create_story(&mut self, title: &str, first_seen: DateTime<Utc>) -> Result<i64> {
        self.transaction(|tx| tx.create_story(title, first_seen))
    }

    /// Puts an article in a story, as a copy of another report of it (`copy_of`, which must be in
    /// the story already) or as a report of its own. An article is in at most one story: this
    /// moves it if it was in another.
    pub fn assign(&mut self, article: i64, story: i64, copy_of: Option<i64>) -> Result<()> {
        self.transaction(|tx| tx.assign(article, story, copy_of))
    }

    /// Replaces a story's title, bite and claims, and sets when it was last seen.
    pub fn update_story(
        &mut self,
        id: i64,
        title: &str,
        bite: &[String],
        claims: &[Claim],
        last_seen: DateTime<Utc>,
    ) -> Result<()> {
        self.transaction(|tx| tx.update_story(id, title, bite, claims, last_seen))
    }

    /// The stories last seen at or after `since` (all when `None`), most recently seen first.
    pub fn stories(&self, since: Option<DateTime<Utc>>) -> Result<Vec<StorySummary>> {
        stories::list(&self.conn, since).map_err(|r| self.fail(r))
    }

    /// A story in full, with its reports (copies folded under their originals) and claims.
    pub fn story(&self, id: i64) -> Result<Option<StoryDetail>> {
        stories::detail(&self.conn, id).map_err(|r| self.fail(r))
    }

    /// The ids of a story's reports, oldest first: those of [`Store::story`]'s `reports`, read
    /// without the articles (empty for a story that does not exist).
    pub fn story_reports(&self, id: i64) -> Result<Vec<i64>> {
        stories::report_ids(&self.conn, id).map_err(|r| self.fail(r))
    }

    /// How much the library holds.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<usize> {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0)).map_err(|e| self.fail(e.into()))?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        Ok(Stats {
            articles: count("SELECT count(*) FROM articles")?,
            versions: count("SELECT count(*) FROM article_versions")?,
            stories: count("SELECT count(*) FROM stories")?,
        })
    }

    /// The database's schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn).map_err(|r| self.fail(r))
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Lets SQLite refresh its query planner statistics where they are stale; cheap, and a
        // failure here changes nothing stored, so it is ignored.
        let _ = self.conn.execute_batch("PRAGMA optimize");
    }
}

/// How much the library holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Articles stored.
    pub articles: usize,
    /// Earlier versions of articles kept.
    pub versions: usize,
    /// Stories.
    pub stories: usize,
}

/// A write transaction in progress (see [`Store::transaction`]): the store's writes, and the
/// reads they may need, all committed together.
pub struct Tx<'s> {
    tx: rusqlite::Transaction<'s>,
    path: &'s Path,
    ready: &'s mut HashMap<i64, TantivyDocument>,
    fields: &'s index::Fields,
}

impl Tx<'_> {
    fn fail(&self, reason: Reason) -> StoreError {
        StoreError::Db { path: self.path.to_path_buf(), reason }
    }

    /// [`Store::add`] inside this transaction.
    pub fn add(&mut self, article: &Article, analysis: &Analysis, added_at: DateTime<Utc>) -> Result<Added> {
        self.add_prepared(article, &Prepared::new(article, analysis), added_at)
    }

    /// [`Tx::add`] with the article's [`Prepared`] parts made beforehand (on another thread, say).
    pub fn add_prepared(
        &mut self,
        article: &Article,
        prepared: &Prepared,
        added_at: DateTime<Utc>,
    ) -> Result<Added> {
        let (added, time) = articles::add(&self.tx, article, prepared, added_at).map_err(|r| self.fail(r))?;
        if let Some(time) = time {
            let doc = prepared.text.document(self.fields, added.id, article.publisher.as_deref(), time);
            self.ready.insert(added.id, doc);
        }
        Ok(added)
    }

    /// [`Store::article`] inside this transaction.
    pub fn article(&self, id: i64) -> Result<Option<StoredArticle>> {
        articles::article(&self.tx, id).map_err(|r| self.fail(r))
    }

    /// Replaces the analysis of the stored article `id` (the article itself is kept as it is,
    /// with no history entry: an analysis is derived from it) and re-indexes the article for
    /// search. Returns whether an article has that id. The stories it is in keep their title,
    /// bite and claims until [`Tx::update_story`].
    pub fn set_analysis(&mut self, id: i64, analysis: &Analysis) -> Result<bool> {
        let json = serde_json::to_string(analysis)
            .map_err(|error| self.fail(Reason::Serialize { what: "an analysis", error }))?;
        articles::set_analysis(&self.tx, id, &json, analysis.analyzer).map_err(|r| self.fail(r))
    }

    /// [`Store::create_story`] inside this transaction.
    pub fn create_story(&mut self, title: &str, first_seen: DateTime<Utc>) -> Result<i64> {
        stories::create(&self.tx, title, first_seen).map_err(|r| self.fail(r))
    }

    /// [`Store::assign`] inside this transaction.
    pub fn assign(&mut self, article: i64, story: i64, copy_of: Option<i64>) -> Result<()> {
        stories::assign(&self.tx, article, story, copy_of).map_err(|r| self.fail(r))
    }

    /// [`Store::update_story`] inside this transaction.
    pub fn update_story(
        &mut self,
        id: i64,
        title: &str,
        bite: &[String],
        claims: &[Claim],
        last_seen: DateTime<Utc>,
    ) -> Result<()> {
        stories::update(&self.tx, id, title, bite, claims, last_seen).map_err(|r| self.fail(r))
    }

    /// [`Store::story`] inside this transaction.
    pub fn story(&self, id: i64) -> Result<Option<StoryDetail>> {
        stories::detail(&self.tx, id).map_err(|r| self.fail(r))
    }

    /// Where an article stands, without reading it: its story and the report it is a copy of
    /// (the `story` and `copy_of` of [`Tx::article`]), or `None` while it is in no story.
    pub fn placement(&self, article: i64) -> Result<Option<(i64, Option<i64>)>> {
        stories::placement(&self.tx, article).map_err(|r| self.fail(r))
    }

    /// [`Store::story_reports`] inside this transaction.
    pub fn story_reports(&self, id: i64) -> Result<Vec<i64>> {
        stories::report_ids(&self.tx, id).map_err(|r| self.fail(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_follows_xdg() {
        let d = data_dir_from(Some("/x/data".into()), Some("/home/u".into())).ok();
        assert_eq!(d, Some(PathBuf::from("/x/data/newsbite")));
        let d = data_dir_from(Some("relative".into()), Some("/home/u".into())).ok();
        assert_eq!(d, Some(PathBuf::from("/home/u/.local/share/newsbite")));
        assert!(matches!(data_dir_from(None, None), Err(StoreError::NoDataDir)));
    }
}
