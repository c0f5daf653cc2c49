//! The feeds a library follows, and what the fetcher remembers about each.
//!
//! | table | holds | keys |
//! |---|---|---|
//! | `feeds` | `url`, `title`, `site_url`, `category`; the validators for the next conditional request (`etag`, `last_modified`); `added_at`, `last_polled`, `last_ok`, `last_error`, `failures` in a row, `next_poll` | `url` UNIQUE |
//! | `feed_entries` | the entries already seen in a feed (`entry_key`: its id or link), with the article stored for it, if any | (`feed_id`, `entry_key`); → `feeds` (cascade), `articles` (set null) |
//!
//! The store keeps the schedule's state but decides nothing: the fetcher computes the next poll
//! and the backoff and writes them here. Seen entries are what make a poll cheap: an entry seen
//! once is not fetched again, even when its article was a copy stored under another feed's
//! entry.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::error::Reason;
use crate::time::{from_secs, from_secs_opt};
use crate::{Result, Store};

/// A feed the library follows, with its polling state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feed {
    /// Its id.
    pub id: i64,
    /// The feed's URL.
    pub url: String,
    /// Its title.
    pub title: Option<String>,
    /// The site it belongs to.
    pub site_url: Option<String>,
    /// The folder it is filed under.
    pub category: Option<String>,
    /// The `ETag` of the last response with a body.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last response with a body, as sent.
    pub last_modified: Option<String>,
    /// When it was subscribed to.
    pub added_at: DateTime<Utc>,
    /// When it was last polled.
    pub last_polled: Option<DateTime<Utc>>,
    /// When a poll last succeeded.
    pub last_ok: Option<DateTime<Utc>>,
    /// The error of the last poll, if it failed.
    pub last_error: Option<String>,
    /// Failed polls in a row.
    pub failures: u32,
    /// When it is next due (`None`: now).
    pub next_poll: Option<DateTime<Utc>>,
    /// Entries seen in it.
    pub entries: u64,
}

/// A feed to subscribe to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewFeed {
    /// The feed's URL.
    pub url: String,
    /// Its title.
    pub title: Option<String>,
    /// The site it belongs to.
    pub site_url: Option<String>,
    /// The folder to file it under.
    pub category: Option<String>,
}

/// What a poll of one feed found, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollRecord {
    /// When it was polled.
    pub polled_at: DateTime<Utc>,
    /// `Ok` with the new validators (`None` keeps the stored ones: a 304) and the title the
    /// feed gives itself, or `Err` with the message.
    pub result: std::result::Result<Option<Validators>, String>,
    /// The feed's own title, to fill in one not yet known.
    pub title: Option<String>,
    /// The site URL the feed gives, to fill in one not yet known.
    pub site_url: Option<String>,
    /// Failed polls in a row, this one included (0 on success).
    pub failures: u32,
    /// When it is next due.
    pub next_poll: DateTime<Utc>,
}

/// The validators of a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// `ETag`.
    pub etag: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<String>,
}

const COLUMNS: &str = "id, url, title, site_url, category, etag, last_modified, added_at, last_polled,
    last_ok, last_error, failures, next_poll,
    (SELECT count(*) FROM feed_entries e WHERE e.feed_id = feeds.id)";

fn row(r: &Row<'_>) -> rusqlite::Result<(Feed, [Option<i64>; 4], i64)> {
    let id: i64 = r.get(0)?;
    let feed = Feed {
        id,
        url: r.get(1)?,
        title: r.get(2)?,
        site_url: r.get(3)?,
        category: r.get(4)?,
        etag: r.get(5)?,
        last_modified: r.get(6)?,
        added_at: DateTime::UNIX_EPOCH,
        last_polled: None,
        last_ok: None,
        last_error: r.get(10)?,
        failures: u32::try_from(r.get::<_, i64>(11)?).unwrap_or(u32::MAX),
        next_poll: None,
        entries: u64::try_from(r.get::<_, i64>(13)?).unwrap_or(0),
    };
    Ok((feed, [r.get(8)?, r.get(9)?, r.get(12)?, None], r.get(7)?))
}

fn finish((mut feed, [polled, ok, next, _], added): (Feed, [Option<i64>; 4], i64)) -> Result<Feed, Reason> {
    feed.added_at = from_secs("feed", feed.id, added)?;
    feed.last_polled = from_secs_opt("feed", feed.id, polled)?;
    feed.last_ok = from_secs_opt("feed", feed.id, ok)?;
    feed.next_poll = from_secs_opt("feed", feed.id, next)?;
    Ok(feed)
}

fn list(conn: &Connection, due: Option<i64>) -> Result<Vec<Feed>, Reason> {
    let sql = format!(
        "SELECT {COLUMNS} FROM feeds WHERE ?1 IS NULL OR next_poll IS NULL OR next_poll <= ?1
         ORDER BY category IS NOT NULL, category COLLATE NOCASE, coalesce(title, url) COLLATE NOCASE"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([due], row)?;
    rows.map(|r| finish(r?)).collect()
}

fn by_url(conn: &Connection, url: &str) -> Result<Option<Feed>, Reason> {
    let sql = format!("SELECT {COLUMNS} FROM feeds WHERE url = ?1");
    conn.prepare_cached(&sql)?.query_row([url], row).optional()?.map(finish).transpose()
}

impl Store {
    /// Subscribes to a feed. Idempotent on the URL: a feed already followed keeps its state,
    /// and gets the title, site and category given here where it had none (a category given
    /// replaces the old one). Returns the feed and whether it is new.
    pub fn add_feed(&mut self, feed: &NewFeed, now: DateTime<Utc>) -> Result<(Feed, bool)> {
        let url = feed.url.trim();
        if url.is_empty() {
            return Err(self.fail(Reason::Invalid("a feed needs a URL".into())));
        }
        self.transaction(|tx| {
            let conn = &tx.tx;
            let inserted = conn
                .prepare_cached(
                    "INSERT INTO feeds (url, title, site_url, category, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (url) DO NOTHING",
                )
                .and_then(|mut s| {
                    s.execute(params![url, feed.title, feed.site_url, feed.category, now.timestamp()])
                })
                .map_err(|e| tx.fail(e.into()))?;
            if inserted == 0 {
                conn.prepare_cached(
                    "UPDATE feeds SET title = coalesce(title, ?2), site_url = coalesce(site_url, ?3),
                        category = coalesce(?4, category) WHERE url = ?1",
                )
                .and_then(|mut s| s.execute(params![url, feed.title, feed.site_url, feed.category]))
                .map_err(|e| tx.fail(e.into()))?;
            }
            let stored = by_url(conn, url)
                .and_then(|f| f.ok_or(Reason::NotFound { what: "feed", id: 0 }))
                .map_err(|r| tx.fail(r))?;
            Ok((stored, inserted > 0))
        })
    }

    /// The feeds followed, by category then title.
    pub fn feeds(&self) -> Result<Vec<Feed>> {
        list(&self.conn, None).map_err(|r| self.fail(r))
    }

    /// The feeds due for a poll at `now` (never polled, or `next_poll` passed).
    pub fn feeds_due(&self, now: DateTime<Utc>) -> Result<Vec<Feed>> {
        list(&self.conn, Some(now.timestamp())).map_err(|r| self.fail(r))
    }

    /// The feed with this URL.
    pub fn feed_by_url(&self, url: &str) -> Result<Option<Feed>> {
        by_url(&self.conn, url.trim()).map_err(|r| self.fail(r))
    }

    /// Unsubscribes from a feed (by URL, or by id written as a number). Its articles stay in
    /// the library; its seen entries go. Returns whether there was such a feed.
    pub fn remove_feed(&mut self, url_or_id: &str) -> Result<bool> {
        let key = url_or_id.trim().to_string();
        self.transaction(|tx| {
            let id: Option<i64> = key.parse().ok();
            tx.tx
                .execute("DELETE FROM feeds WHERE url = ?1 OR id = ?2", params![key, id])
                .map(|n| n > 0)
                .map_err(|e| tx.fail(e.into()))
        })
    }

    /// Records a poll of feed `id`.
    pub fn record_poll(&mut self, id: i64, poll: &PollRecord) -> Result<()> {
        self.transaction(|tx| {
            let at = poll.polled_at.timestamp();
            let next = poll.next_poll.timestamp();
            let failures = i64::from(poll.failures);
            let result = match &poll.result {
                Ok(validators) => {
                    let (etag, modified, replace) = match validators {
                        Some(v) => (v.etag.as_deref(), v.last_modified.as_deref(), true),
                        None => (None, None, false),
                    };
                    tx.tx.execute(
                        "UPDATE feeds SET last_polled = ?2, last_ok = ?2, last_error = NULL, failures = ?3,
                            next_poll = ?4,
                            etag = CASE WHEN ?7 THEN ?5 ELSE etag END,
                            last_modified = CASE WHEN ?7 THEN ?6 ELSE last_modified END,
                            title = coalesce(title, ?8), site_url = coalesce(site_url, ?9)
                         WHERE id = ?1",
                        params![id, at, failures, next, etag, modified, replace, poll.title, poll.site_url],
                    )
                }
                Err(message) => tx.tx.execute(
                    "UPDATE feeds SET last_polled = ?2, last_error = ?3, failures = ?4, next_poll = ?5 WHERE id = ?1",
                    params![id, at, message, failures, next],
                ),
            };
            match result.map_err(|e| tx.fail(e.into()))? {
                0 => Err(tx.fail(Reason::NotFound { what: "feed", id })),
                _ => Ok(()),
            }
        })
    }

    /// Of the entry keys given, those not yet seen in feed `id`, in order.
    pub fn unseen_entries<'k>(&self, id: i64, keys: &'k [String]) -> Result<Vec<&'k str>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM feed_entries WHERE feed_id = ?1 AND entry_key = ?2")
            .map_err(|e| self.fail(e.into()))?;
        let mut out = Vec::new();
        for key in keys {
            if !stmt.exists(params![id, key]).map_err(|e| self.fail(e.into()))? {
                out.push(key.as_str());
            }
        }
        Ok(out)
    }

    /// Marks entries of feed `id` seen, each with the article stored for it, if any.
    pub fn mark_seen(
        &mut self,
        id: i64,
        entries: &[(String, Option<i64>)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.transaction(|tx| {
            let mut stmt = tx
                .tx
                .prepare_cached(
                    "INSERT INTO feed_entries (feed_id, entry_key, article_id, seen_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (feed_id, entry_key) DO UPDATE SET article_id = coalesce(excluded.article_id, article_id)",
                )
                .map_err(|e| tx.fail(e.into()))?;
            for (key, article) in entries {
                stmt.execute(params![id, key, article, now.timestamp()]).map_err(|e| tx.fail(e.into()))?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000 + secs, 0).unwrap_or_default()
    }

    fn new(url: &str, category: Option<&str>) -> NewFeed {
        NewFeed { url: url.into(), category: category.map(Into::into), ..NewFeed::default() }
    }

    #[test]
    fn subscribe_poll_and_remove() -> Result<()> {
        let mut store = Store::open_in_memory()?;
        let (feed, fresh) = store.add_feed(&new("https://a.example/feed", Some("News")), t(0))?;
        assert!(fresh);
        let (again, fresh) = store.add_feed(&new(" https://a.example/feed ", None), t(5))?;
        assert!(!fresh);
        assert_eq!(again.id, feed.id);
        assert_eq!(again.category.as_deref(), Some("News"));
        store.add_feed(&new("https://b.example/feed", None), t(0))?;
        assert!(store.add_feed(&new("  ", None), t(0)).is_err());
        assert_eq!(store.feeds_due(t(10))?.len(), 2);

        let ok = PollRecord {
            polled_at: t(10),
            result: Ok(Some(Validators { etag: Some("\"v1\"".into()), last_modified: None })),
            title: Some("A".into()),
            site_url: None,
            failures: 0,
            next_poll: t(100),
        };
        store.record_poll(feed.id, &ok)?;
        // A 304 keeps the validators.
        store.record_poll(feed.id, &PollRecord { result: Ok(None), ..ok.clone() })?;
        let a = store.feed_by_url("https://a.example/feed")?.expect("feed");
        assert_eq!(a.etag.as_deref(), Some("\"v1\""));
        assert_eq!(a.title.as_deref(), Some("A"));
        assert_eq!(store.feeds_due(t(10))?.len(), 1);

        let failed = PollRecord { result: Err("timed out".into()), failures: 1, next_poll: t(50), ..ok };
        store.record_poll(feed.id, &failed)?;
        let a = store.feed_by_url("https://a.example/feed")?.expect("feed");
        assert_eq!((a.last_error.as_deref(), a.failures, a.last_ok), (Some("timed out"), 1, Some(t(10))));
        assert!(store.record_poll(999, &failed).is_err());

        let keys = vec!["x".to_string(), "y".to_string()];
        assert_eq!(store.unseen_entries(feed.id, &keys)?, ["x", "y"]);
        store.mark_seen(feed.id, &[("x".into(), None)], t(10))?;
        assert_eq!(store.unseen_entries(feed.id, &keys)?, ["y"]);
        assert_eq!(store.feed_by_url("https://a.example/feed")?.map(|f| f.entries), Some(1));

        assert!(store.remove_feed(&feed.id.to_string())?);
        assert!(!store.remove_feed("https://a.example/feed")?);
        assert!(store.remove_feed("https://b.example/feed")?);
        assert!(store.feeds()?.is_empty());
        Ok(())
    }
}
