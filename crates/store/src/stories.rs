//! Stories: their articles, copies, bites and claims.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};
use newsbite_model::{Claim, ReportRef};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::error::Reason;
use crate::time::from_secs;

/// A story as listed: what it is, how big, how fresh, whether it is disputed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StorySummary {
    /// Its id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its bite: a few sentences drawn from its reports.
    pub bite: Vec<String>,
    /// How many articles it holds, copies included.
    pub articles: usize,
    /// How many independent sources report it: distinct publishers of its reports, copies left
    /// out (a report without a known publisher counts as a source of its own).
    pub sources: usize,
    /// When it was first seen.
    pub first_seen: DateTime<Utc>,
    /// When it was last seen (the latest report).
    pub last_seen: DateTime<Utc>,
    /// When the store last updated it.
    pub updated_at: DateTime<Utc>,
    /// Whether any of its claims is disputed.
    pub disputed: bool,
}

/// A story in full: its summary, its reports with their copies folded, and its claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryDetail {
    /// The summary.
    #[serde(flatten)]
    pub summary: StorySummary,
    /// Its reports, oldest first, each with its syndicated copies under it.
    pub reports: Vec<ReportRef>,
    /// Its claims, as last stored.
    pub claims: Vec<Claim>,
}

fn exists(conn: &Connection, table: &str, id: i64) -> Result<bool, Reason> {
    let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.exists([id])?)
}

/// Starts a story.
pub(crate) fn create(conn: &Connection, title: &str, first_seen: DateTime<Utc>) -> Result<i64, Reason> {
    conn.prepare_cached(
        "INSERT INTO stories (title, first_seen, last_seen, updated_at) VALUES (?1, ?2, ?2, ?3)",
    )?
    .execute(params![title, first_seen.timestamp(), Utc::now().timestamp()])?;
    Ok(conn.last_insert_rowid())
}

/// Puts an article in a story (moving it if it was in another).
pub(crate) fn assign(
    conn: &Connection,
    article: i64,
    story: i64,
    copy_of: Option<i64>,
) -> Result<(), Reason> {
    if !exists(conn, "articles", article)? {
        return Err(Reason::NotFound { what: "article", id: article });
    }
    if !exists(conn, "stories", story)? {
        return Err(Reason::NotFound { what: "story", id: story });
    }
    if let Some(original) = copy_of {
        if original == article {
            return Err(Reason::Invalid(format!("article {article} cannot be a copy of itself")));
        }
        if placement(conn, original)?.map(|(s, _)| s) != Some(story) {
            return Err(Reason::Invalid(format!(
                "article {article} cannot be a copy of article {original}: that one is not in \
                 story {story}"
            )));
        }
    }
    // Copies of this article left behind in another story are copies of nothing there. Copies
    // are always in their original's story, so an article that was in no story, or already in
    // this one, has none to release (and the scan, over a column with no index, is skipped).
    let was_in = placement(conn, article)?.map(|(s, _)| s);
    if was_in.is_some_and(|s| s != story) {
        conn.prepare_cached(
            "UPDATE story_articles SET copy_of = NULL WHERE copy_of = ?1 AND story_id <> ?2",
        )?
        .execute(params![article, story])?;
    }
    conn.prepare_cached(
        "INSERT INTO story_articles (article_id, story_id, copy_of) VALUES (?1, ?2, ?3)
         ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id,
                                                 copy_of = excluded.copy_of",
    )?
    .execute(params![article, story, copy_of])?;
    Ok(())
}

/// Replaces a story's title, bite and claims, and moves its last-seen time.
pub(crate) fn update(
    conn: &Connection,
    id: i64,
    title: &str,
    bite: &[String],
    claims: &[Claim],
    last_seen: DateTime<Utc>,
) -> Result<(), Reason> {
    let bite_json =
        serde_json::to_string(bite).map_err(|error| Reason::Serialize { what: "a bite", error })?;
    let claims_json =
        serde_json::to_string(claims).map_err(|error| Reason::Serialize { what: "claims", error })?;
    let disputed = claims.iter().any(|c| c.disputed);
    let changed = conn
        .prepare_cached(
            "UPDATE stories SET title = ?2, bite = ?3, last_seen = ?4, updated_at = ?5,
                disputed = ?6
             WHERE id = ?1",
        )?
        .execute(params![id, title, bite_json, last_seen.timestamp(), Utc::now().timestamp(), disputed])?;
    if changed == 0 {
        return Err(Reason::NotFound { what: "story", id });
    }
    conn.prepare_cached(
        "INSERT INTO claims (story_id, claims) VALUES (?1, ?2)
         ON CONFLICT (story_id) DO UPDATE SET claims = excluded.claims",
    )?
    .execute(params![id, claims_json])?;
    Ok(())
}

const SUMMARY_SQL: &str = "
SELECT st.id, st.title, st.bite, st.first_seen, st.last_seen, st.updated_at, st.disputed,
    (SELECT count(*) FROM story_articles sa WHERE sa.story_id = st.id),
    (SELECT count(DISTINCT coalesce(lower(a.publisher), '#' || a.id))
       FROM story_articles sa JOIN articles a ON a.id = sa.article_id
      WHERE sa.story_id = st.id AND sa.copy_of IS NULL)
FROM stories st";

fn read_summary(row: &Row<'_>) -> rusqlite::Result<Result<StorySummary, Reason>> {
    let id: i64 = row.get(0)?;
    let title: String = row.get(1)?;
    let bite: String = row.get(2)?;
    let times: [i64; 3] = [row.get(3)?, row.get(4)?, row.get(5)?];
    let disputed: bool = row.get(6)?;
    let articles: i64 = row.get(7)?;
    let sources: i64 = row.get(8)?;
    Ok((|| {
        Ok(StorySummary {
            id,
            title,
            bite: serde_json::from_str(&bite).map_err(|error| Reason::BadJson {
                what: "story",
                id,
                error,
            })?,
            articles: usize::try_from(articles).unwrap_or(0),
            sources: usize::try_from(sources).unwrap_or(0),
            first_seen: from_secs("story", id, times[0])?,
            last_seen: from_secs("story", id, times[1])?,
            updated_at: from_secs("story", id, times[2])?,
            disputed,
        })
    })())
}

/// The stories last seen at or after `since` (all when `None`), most recently seen first.
pub(crate) fn list(conn: &Connection, since: Option<DateTime<Utc>>) -> Result<Vec<StorySummary>, Reason> {
    let sql = format!("{SUMMARY_SQL} WHERE st.last_seen >= ?1 ORDER BY st.last_seen DESC, st.id DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([since.map_or(i64::MIN, |t| t.timestamp())])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(read_summary(row)??);
    }
    Ok(out)
}

/// One story in full.
pub(crate) fn detail(conn: &Connection, id: i64) -> Result<Option<StoryDetail>, Reason> {
    let sql = format!("{SUMMARY_SQL} WHERE st.id = ?1");
    let Some(summary) = conn.prepare_cached(&sql)?.query_row([id], read_summary).optional()? else {
        return Ok(None);
    };
    let summary = summary?;

    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.url, a.publisher, a.headline, json_extract(a.article, '$.published.at'),
                sa.copy_of
           FROM story_articles sa JOIN articles a ON a.id = sa.article_id
          WHERE sa.story_id = ?1
          ORDER BY coalesce(a.published, a.added_at), a.id",
    )?;
    let mut rows = stmt.query([id])?;
    let mut all: Vec<(ReportRef, Option<i64>)> = Vec::new();
    while let Some(row) = rows.next()? {
        let published: Option<String> = row.get(4)?;
        all.push((
            ReportRef {
                article: row.get(0)?,
                url: row.get(1)?,
                publisher: row.get(2)?,
                headline: row.get(3)?,
                published: published.and_then(|p| DateTime::<FixedOffset>::parse_from_rfc3339(&p).ok()),
                copies: Vec::new(),
            },
            row.get(5)?,
        ));
    }
    let reports = fold_copies(all);

    let claims = match conn
        .prepare_cached("SELECT claims FROM claims WHERE story_id = ?1")?
        .query_row([id], |r| r.get::<_, String>(0))
        .optional()?
    {
        Some(json) => serde_json::from_str(&json).map_err(|error| Reason::BadJson {
            what: "story claims of story",
            id,
            error,
        })?,
        None => Vec::new(),
    };
    Ok(Some(StoryDetail { summary, reports, claims }))
}

/// Where an article stands: its story and the report it copies, if it is in a story.
pub(crate) fn placement(conn: &Connection, article: i64) -> Result<Option<(i64, Option<i64>)>, Reason> {
    let found = conn
        .prepare_cached("SELECT story_id, copy_of FROM story_articles WHERE article_id = ?1")?
        .query_row([article], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(found)
}

/// The ids of a story's reports, oldest first: the reports [`detail`] lists (copies left out,
/// a copy whose original is not in the story standing on its own), without reading the
/// articles themselves. For work that reads a few of them, such as a story's refresh.
pub(crate) fn report_ids(conn: &Connection, id: i64) -> Result<Vec<i64>, Reason> {
    let mut stmt = conn.prepare_cached(
        "SELECT sa.article_id
           FROM story_articles sa JOIN articles a ON a.id = sa.article_id
          WHERE sa.story_id = ?1
            AND (sa.copy_of IS NULL
                 OR NOT EXISTS (SELECT 1 FROM story_articles o
                                 WHERE o.article_id = sa.copy_of AND o.story_id = ?1))
          ORDER BY coalesce(a.published, a.added_at), a.id",
    )?;
    let ids = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// Puts each copy under the report it copies (following chains of copies to the first report),
/// keeping the order; a copy whose original is not in the story stands as a report.
fn fold_copies(all: Vec<(ReportRef, Option<i64>)>) -> Vec<ReportRef> {
    let parent: HashMap<i64, Option<i64>> = all.iter().map(|(r, c)| (r.article, *c)).collect();
    let root = |mut id: i64| {
        // At most one step per report, so a cycle cannot loop.
        for _ in 0..parent.len() {
            match parent.get(&id) {
                Some(Some(p)) if parent.contains_key(p) => id = *p,
                _ => break,
            }
        }
        id
    };
    let mut reports: Vec<ReportRef> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut copies: Vec<(i64, ReportRef)> = Vec::new();
    for (report, copy_of) in all {
        let r = copy_of.map(|_| root(report.article)).filter(|r| *r != report.article);
        match r {
            Some(r) => copies.push((r, report)),
            None => {
                index.insert(report.article, reports.len());
                reports.push(report);
            }
        }
    }
    for (r, copy) in copies {
        match index.get(&r) {
            Some(&i) => reports[i].copies.push(copy),
            None => reports.push(copy),
        }
    }
    reports
}
