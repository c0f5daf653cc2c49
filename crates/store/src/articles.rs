//! Adding and reading articles.

use chrono::{DateTime, Utc};
use newsbite_model::{Analysis, Article};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::error::Reason;
use crate::hash::{content_hash, has_body};
use crate::index::SearchText;
use crate::time::{from_secs, from_secs_opt};

/// What [`Store::add`](crate::Store::add) did with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The article was new and is now stored.
    Inserted,
    /// An article with the same URL was stored and differed; it was replaced, and its previous
    /// version kept in the history. When only the analysis differed (the same article read by
    /// newer rules), the analysis was replaced and the history kept nothing.
    Updated,
    /// The same article (same URL and the same JSON, or the same content under any URL) was
    /// already stored; nothing was written.
    Unchanged,
}

/// The result of adding one article: its id in the store and what was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Added {
    /// The stored article's id (for [`Outcome::Unchanged`], the id of the article already
    /// stored, which may have another URL).
    pub id: i64,
    /// What was done.
    pub outcome: Outcome,
}

/// An article as stored, with its analysis and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredArticle {
    /// Its id.
    pub id: i64,
    /// The article.
    pub article: Article,
    /// Its analysis.
    pub analysis: Analysis,
    /// When it was first added.
    pub added_at: DateTime<Utc>,
    /// When it was last replaced by a changed version, if ever.
    pub updated_at: Option<DateTime<Utc>>,
    /// The story it belongs to, once assigned.
    pub story: Option<i64>,
    /// The report it is a syndicated copy of, if it is one.
    pub copy_of: Option<i64>,
}

/// An earlier version of an article, kept when a changed one replaced it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Version {
    /// The article as it was.
    pub article: Article,
    /// Its analysis as it was.
    pub analysis: Analysis,
    /// When it was replaced.
    pub replaced_at: DateTime<Utc>,
}

/// What storing an article needs that does not need the database: its JSON, its analysis's
/// JSON, its content hash and the text it gives the search index. Made by [`Prepared::new`],
/// which is pure, so that a caller can make it on another thread while the one that writes is
/// busy ([`Tx::add_prepared`](crate::Tx::add_prepared)).
#[derive(Debug)]
pub struct Prepared {
    /// The two JSON documents, or what could not be written and why (`serde_json`'s errors
    /// cannot be cloned: the message is kept, to be reported when the article is added).
    json: std::result::Result<(String, String), (&'static str, String)>,
    hash: Option<[u8; 16]>,
    /// The version of the rules that made the analysis (`Analysis::analyzer`).
    analyzer: u32,
    pub(crate) text: SearchText,
}

impl Prepared {
    /// Prepares an article and its analysis for storing. A failure to serialise is kept and
    /// reported when the article is added.
    pub fn new(article: &Article, analysis: &Analysis) -> Self {
        let json = serde_json::to_string(article).map_err(|e| ("an article", e.to_string())).and_then(|a| {
            let b = serde_json::to_string(analysis).map_err(|e| ("an analysis", e.to_string()))?;
            Ok((a, b))
        });
        // A headline alone does not make two reports with URLs of their own the same content.
        let hash = (url(article).is_none() || has_body(article)).then(|| content_hash(article));
        Prepared { json, hash, analyzer: analysis.analyzer, text: SearchText::new(article, analysis) }
    }
}

/// An article's URL, trimmed, if it has one.
fn url(article: &Article) -> Option<&str> {
    article.url.as_deref().map(str::trim).filter(|u| !u.is_empty())
}

/// Adds one article (see [`Store::add`](crate::Store::add)); the caller holds the transaction.
/// `prepared` is [`Prepared::new`] of the article and its analysis. When the article was written,
/// also returns its time for the filters: published, else when it was first added.
pub(crate) fn add(
    conn: &Connection,
    article: &Article,
    prepared: &Prepared,
    added_at: DateTime<Utc>,
) -> Result<(Added, Option<i64>), Reason> {
    let (article_json, analysis_json) = match &prepared.json {
        Ok((a, b)) => (a.as_str(), b.as_str()),
        Err((what, message)) => {
            let error = <serde_json::Error as serde::ser::Error>::custom(message);
            return Err(Reason::Serialize { what, error });
        }
    };
    let url = url(article);
    let hash = prepared.hash;
    let now = added_at.timestamp();
    let published = article.published.as_ref().map(|t| t.at.timestamp());

    if let Some(url) = url {
        let found = conn
            .prepare_cached("SELECT id, article, analysis, added_at FROM articles WHERE url = ?1")?
            .query_row([url], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
            })
            .optional()?;
        if let Some((id, old_article, old_analysis, first_added)) = found {
            if old_article == article_json {
                if old_analysis == analysis_json {
                    return Ok((Added { id, outcome: Outcome::Unchanged }, None));
                }
                // The same article read by other rules: its analysis is replaced, and the history
                // (of the article) gains nothing.
                set_analysis(conn, id, analysis_json, prepared.analyzer)?;
                let time = published.unwrap_or(first_added);
                return Ok((Added { id, outcome: Outcome::Updated }, Some(time)));
            }
            conn.prepare_cached(
                "INSERT INTO article_versions (article_id, replaced_at, article, analysis)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, now, old_article, old_analysis])?;
            // The new content may already be stored under another URL: the hash is unique, so
            // this row then keeps none (it is still found by its URL).
            let hash = match hash {
                Some(h) => {
                    let taken = conn
                        .prepare_cached("SELECT 1 FROM articles WHERE content_hash = ?1 AND id <> ?2")?
                        .exists(params![&h[..], id])?;
                    (!taken).then_some(h)
                }
                None => None,
            };
            conn.prepare_cached(
                "UPDATE articles SET content_hash = ?2, publisher = ?3, headline = ?4,
                    published = ?5, updated_at = ?6, language = ?7, article = ?8, analysis = ?9,
                    analyzer = ?10
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                hash.as_ref().map(|h| &h[..]),
                article.publisher,
                article.headline,
                published,
                now,
                article.language,
                article_json,
                analysis_json,
                prepared.analyzer,
            ])?;
            pending(conn, id)?;
            let time = published.unwrap_or(first_added);
            return Ok((Added { id, outcome: Outcome::Updated }, Some(time)));
        }
    }

    if let Some(h) = &hash {
        let found = conn
            .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
            .query_row([&h[..]], |r| r.get::<_, i64>(0))
            .optional()?;
        if let Some(id) = found {
            return Ok((Added { id, outcome: Outcome::Unchanged }, None));
        }
    }

    conn.prepare_cached(
        "INSERT INTO articles (url, content_hash, publisher, headline, published, added_at,
            language, article, analysis, analyzer)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        url,
        hash.as_ref().map(|h| &h[..]),
        article.publisher,
        article.headline,
        published,
        now,
        article.language,
        article_json,
        analysis_json,
        prepared.analyzer,
    ])?;
    let id = conn.last_insert_rowid();
    pending(conn, id)?;
    Ok((Added { id, outcome: Outcome::Inserted }, Some(published.unwrap_or(now))))
}

/// Replaces the analysis of article `id` with `analysis_json`, which version `analyzer` of the
/// rules made, and lists the article for the search index (its speakers and entities are
/// indexed). Returns whether an article has that id.
pub(crate) fn set_analysis(
    conn: &Connection,
    id: i64,
    analysis_json: &str,
    analyzer: u32,
) -> Result<bool, Reason> {
    let changed = conn
        .prepare_cached("UPDATE articles SET analysis = ?2, analyzer = ?3 WHERE id = ?1")?
        .execute(params![id, analysis_json, analyzer])?;
    if changed > 0 {
        pending(conn, id)?;
    }
    Ok(changed > 0)
}

/// The ids of the articles whose analysis an analyzer older than `version` made (see
/// `Analysis::analyzer`; an analysis without the field is from version 0), in id order.
pub(crate) fn analysed_before(conn: &Connection, version: u32) -> Result<Vec<i64>, Reason> {
    // Sorted here: with `ORDER BY id`, SQLite walks the table in id order instead of the index,
    // reading past each row's JSON to its last column.
    let mut stmt = conn.prepare_cached("SELECT id FROM articles WHERE analyzer < ?1")?;
    let mut ids = stmt.query_map([version], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    ids.sort_unstable();
    Ok(ids)
}

/// Lists article `id` for the search index (see [`crate::index`]).
fn pending(conn: &Connection, id: i64) -> Result<(), Reason> {
    conn.prepare_cached("INSERT INTO search_pending (article_id) VALUES (?1)")?.execute([id])?;
    Ok(())
}

/// The columns [`read_row`] reads, from `articles a LEFT JOIN story_articles s`.
pub(crate) const ROW_COLUMNS: &str =
    "a.id, a.article, a.analysis, a.added_at, a.updated_at, s.story_id, s.copy_of";

/// Reads a [`StoredArticle`] from a row of [`ROW_COLUMNS`]; JSON and times are checked.
pub(crate) fn read_row(row: &Row<'_>) -> rusqlite::Result<Result<StoredArticle, Reason>> {
    let id: i64 = row.get(0)?;
    let article: String = row.get(1)?;
    let analysis: String = row.get(2)?;
    let added_at: i64 = row.get(3)?;
    let updated_at: Option<i64> = row.get(4)?;
    let story: Option<i64> = row.get(5)?;
    let copy_of: Option<i64> = row.get(6)?;
    Ok((|| {
        Ok(StoredArticle {
            id,
            article: serde_json::from_str(&article).map_err(|error| Reason::BadJson {
                what: "article",
                id,
                error,
            })?,
            analysis: serde_json::from_str(&analysis).map_err(|error| Reason::BadJson {
                what: "article analysis",
                id,
                error,
            })?,
            added_at: from_secs("article", id, added_at)?,
            updated_at: from_secs_opt("article", id, updated_at)?,
            story,
            copy_of,
        })
    })())
}

/// One stored article by id.
pub(crate) fn article(conn: &Connection, id: i64) -> Result<Option<StoredArticle>, Reason> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id
         WHERE a.id = ?1"
    );
    match conn.prepare_cached(&sql)?.query_row([id], read_row).optional()? {
        Some(read) => read.map(Some),
        None => Ok(None),
    }
}

/// Calls `each` with every article whose time (published, else added) is at or after `since`,
/// oldest first, or with why its row cannot be read (its JSON or its times). Errors of the
/// database become `E` through `fail` and stop the walk, as does an error of `each`.
pub(crate) fn each_since<E>(
    conn: &Connection,
    since: DateTime<Utc>,
    fail: impl Fn(Reason) -> E,
    mut each: impl FnMut(Result<StoredArticle, E>) -> Result<(), E>,
) -> Result<(), E> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id
         WHERE coalesce(a.published, a.added_at) >= ?1
         ORDER BY coalesce(a.published, a.added_at), a.id"
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(|e| fail(e.into()))?;
    let mut rows = stmt.query([since.timestamp()]).map_err(|e| fail(e.into()))?;
    while let Some(row) = rows.next().map_err(|e| fail(e.into()))? {
        let article = read_row(row).map_err(|e| fail(e.into()))?.map_err(&fail);
        each(article)?;
    }
    Ok(())
}

/// The id of the article stored under `url`.
pub(crate) fn id_by_url(conn: &Connection, url: &str) -> Result<Option<i64>, Reason> {
    Ok(conn
        .prepare_cached("SELECT id FROM articles WHERE url = ?1")?
        .query_row([url.trim()], |r| r.get(0))
        .optional()?)
}

/// The earlier versions of an article, oldest first.
pub(crate) fn history(conn: &Connection, id: i64) -> Result<Vec<Version>, Reason> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, article, analysis, replaced_at FROM article_versions
         WHERE article_id = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let vid: i64 = row.get(0)?;
        let article: String = row.get(1)?;
        let analysis: String = row.get(2)?;
        out.push(Version {
            article: serde_json::from_str(&article).map_err(|error| Reason::BadJson {
                what: "article version",
                id: vid,
                error,
            })?,
            analysis: serde_json::from_str(&analysis).map_err(|error| Reason::BadJson {
                what: "article version",
                id: vid,
                error,
            })?,
            replaced_at: from_secs("article version", vid, row.get(3)?)?,
        });
    }
    Ok(out)
}
