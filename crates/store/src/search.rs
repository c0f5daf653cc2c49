//! Full-text search with filters.
//!
//! # Query text
//!
//! Users type free text, and free text must never be an FTS5 syntax error, so the store never
//! hands it to FTS5 as it is. It reads the text itself, with a small grammar a search box user
//! already knows:
//!
//! - words are required, all of them (`troops border` finds reports with both);
//! - `"two words"` is a phrase (an unclosed quote runs to the end of the text);
//! - a word or phrase ending in `*` is a prefix (`sanction*`);
//! - a word or phrase starting with `-` is excluded (`troops -exercise`), when there is at least
//!   one other term to start from (FTS5 cannot search for "everything but").
//!
//! Every term is then written as an FTS5 string (`"…"`, inner quotes doubled), so operators and
//! punctuation (`NEAR(`, `AND`, `*`, `:`, `^`) are only ever text. A term with no letter or digit
//! in it is dropped, because FTS5 reads it as an empty phrase that matches nothing. Words are
//! stemmed (Porter) and folded (case, diacritics) the same way the index is, so `troop` finds
//! `troops` and `Zelenskyy` finds `zelenskyy`.
//!
//! Text with no term left (empty, or only punctuation) is no text: the search then lists the
//! articles that pass the filters, newest first, with score 0.
//!
//! # Ranking
//!
//! BM25 over four columns weighted headline 8, body 1, speakers 2, entities 2 (set once as the
//! table's `rank` in the schema). [`Hit::score`] is the negated BM25 value: higher is better.
//! A query that matches more than [`RANK_WINDOW`] articles ranks the most recently added
//! [`RANK_WINDOW`] of them (after the filters), so that a search of common words costs the same
//! in a library of a million articles as in one of ten thousand. Searches with a speaker or
//! entity filter but no text list the same window, newest first.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::Reason;

/// How many hits a [`Query`] returns unless told otherwise.
pub const DEFAULT_LIMIT: usize = 20;

/// A search: free text and filters, all of which must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Free text, read as described in the [module docs](self); empty for none.
    pub text: String,
    /// Only articles from this publisher (compared without regard to case).
    pub publisher: Option<String>,
    /// Only articles whose time (published, else added) is at or after this.
    pub since: Option<DateTime<Utc>>,
    /// Only articles whose time (published, else added) is before this.
    pub until: Option<DateTime<Utc>>,
    /// Only articles quoting this speaker: a phrase matched within the speakers' canonical names
    /// (`rutte` finds `Mark Rutte`).
    pub speaker: Option<String>,
    /// Only articles naming this entity: a phrase matched within the entities' canonical names.
    pub entity: Option<String>,
    /// Only articles of this story.
    pub story: Option<i64>,
    /// At most this many hits.
    pub limit: usize,
    /// Skip this many hits first (for paging).
    pub offset: usize,
}

impl Default for Query {
    fn default() -> Self {
        Query::new("")
    }
}

impl Query {
    /// A query for `text`, with no filter and the [`DEFAULT_LIMIT`].
    pub fn new(text: impl Into<String>) -> Self {
        Query {
            text: text.into(),
            publisher: None,
            since: None,
            until: None,
            speaker: None,
            entity: None,
            story: None,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The article's id.
    pub id: i64,
    /// Its headline.
    pub headline: String,
    /// Its publisher, when known.
    pub publisher: Option<String>,
    /// When it was published, when known, with the offset it was given in.
    pub published: Option<DateTime<FixedOffset>>,
    /// A few words around the best match, the matched words in `[` `]` and cuts marked `…`;
    /// without text to match, the start of the article.
    pub snippet: String,
    /// Relevance, higher is better (negated BM25); 0 when the query has no text.
    pub score: f64,
}

/// One term of the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    text: String,
    prefix: bool,
    negated: bool,
}

impl Term {
    /// The term as an FTS5 string.
    fn write(&self, out: &mut String) {
        quote(&self.text, out);
        if self.prefix {
            out.push_str(" *");
        }
    }
}

/// Writes `text` as an FTS5 string: in double quotes, inner ones doubled.
fn quote(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
}

/// Whether FTS5 will find a token in `text` (a letter or a digit; others separate tokens).
fn has_token(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Reads the query text into terms (see the module docs).
fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else { break };
        let mut negated = false;
        if first == '-' {
            chars.next();
            if chars.peek().is_some_and(|c| !c.is_whitespace()) {
                negated = true;
            } else {
                continue;
            }
        }
        let mut word = String::new();
        if chars.next_if_eq(&'"').is_some() {
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                word.push(c);
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '"') {
                word.push(c);
            }
        }
        let mut prefix = false;
        while chars.next_if_eq(&'*').is_some() {
            prefix = true;
        }
        let trimmed = word.trim_end_matches('*');
        if trimmed.len() != word.len() {
            prefix = true;
        }
        if has_token(trimmed) {
            out.push(Term { text: trimmed.to_string(), prefix, negated });
        }
    }
    out
}

/// The FTS5 expression for the query text, or `None` when it has no term to search.
pub(crate) fn text_expression(text: &str) -> Option<String> {
    let terms = terms(text);
    let (neg, pos): (Vec<&Term>, Vec<&Term>) = terms.iter().partition(|t| t.negated);
    if pos.is_empty() {
        return None;
    }
    let mut out = String::from("(");
    for (i, t) in pos.iter().enumerate() {
        if i > 0 {
            out.push_str(" AND ");
        }
        t.write(&mut out);
    }
    out.push(')');
    if !neg.is_empty() {
        out.push_str(" NOT (");
        for (i, t) in neg.iter().enumerate() {
            if i > 0 {
                out.push_str(" OR ");
            }
            t.write(&mut out);
        }
        out.push(')');
    }
    Some(out)
}

/// The whole FTS5 expression: the text's terms and the speaker and entity phrases.
fn match_expression(query: &Query) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(e) = text_expression(&query.text) {
        parts.push(e);
    }
    for (column, value) in [("speakers", &query.speaker), ("entities", &query.entity)] {
        if let Some(v) = value {
            let mut p = format!("{column} : ");
            quote(v.trim(), &mut p);
            parts.push(p);
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" AND "))
    }
}

/// How many matching articles a text search ranks at most: the most recently added ones.
///
/// BM25 scores every article a query matches, so a query of common words over a large library
/// would cost time in proportion to the library. Capping the candidates keeps every search fast
/// (the cost is bounded by the window); a query that matches fewer articles, which is most
/// queries that mean something, is ranked over all of them. For news, the newest matches are the
/// ones to rank when there are too many.
pub const RANK_WINDOW: usize = 2000;

/// Runs a search (see [`Store::search`](crate::Store::search)).
///
/// In two steps, so that the costly parts are paid only for the page returned: first the ids of
/// the page (and their scores), found with as little as possible read per matching article (no
/// join with `articles` unless a filter needs one, no snippet, no JSON); then, for each id of the
/// page, its headline, publisher, date and snippet.
pub(crate) fn search(conn: &Connection, query: &Query) -> Result<Vec<Hit>, Reason> {
    // A speaker or entity filter with no letter or digit can match nothing.
    for v in [&query.speaker, &query.entity].into_iter().flatten() {
        if !has_token(v) {
            return Ok(Vec::new());
        }
    }
    let expr = match_expression(query);
    let ranked = text_expression(&query.text).is_some();
    let filtered = query.publisher.is_some() || query.since.is_some() || query.until.is_some();

    // The joins and conditions the filters need, shared by the statements below.
    let mut from = String::new();
    let mut params: Vec<Value> = Vec::new();
    if expr.is_some() {
        from.push_str("FROM articles_fts ");
    } else {
        from.push_str("FROM articles a ");
    }
    let id = if expr.is_some() { "articles_fts.rowid" } else { "a.id" };
    if let Some(story) = query.story {
        from.push_str(&format!("JOIN story_articles s ON s.article_id = {id} AND s.story_id = ? "));
        params.push(Value::Integer(story));
    }
    from.push_str("WHERE 1 ");
    if let Some(e) = &expr {
        from.push_str("AND articles_fts MATCH ? ");
        params.push(Value::Text(e.clone()));
        if filtered {
            // The filters pick their ids from the covering indexes on publisher and time, and
            // the matches are tested against that set: joining each match to its article row
            // instead read one page per match (the rows hold the JSON), in proportion to the
            // library. The `+` keeps the set from being handed to FTS5 as lookups.
            from.push_str("AND +articles_fts.rowid IN (SELECT a.id FROM articles a WHERE 1 ");
        }
    }
    if let Some(p) = &query.publisher {
        from.push_str("AND a.publisher = ? COLLATE NOCASE ");
        params.push(Value::Text(p.trim().to_string()));
    }
    if let Some(t) = query.since {
        from.push_str("AND coalesce(a.published, a.added_at) >= ? ");
        params.push(Value::Integer(t.timestamp()));
    }
    if let Some(t) = query.until {
        from.push_str("AND coalesce(a.published, a.added_at) < ? ");
        params.push(Value::Integer(t.timestamp()));
    }
    if expr.is_some() && filtered {
        from.push_str(") ");
    }

    let mut sql = String::new();
    if expr.is_some() {
        // The oldest article of the window: the RANK_WINDOW most recently added matches.
        let window = format!(
            "SELECT min(id) FROM (SELECT {id} AS id {from} \
             ORDER BY articles_fts.rowid DESC LIMIT {RANK_WINDOW})"
        );
        let cutoff: Option<i64> = conn
            .prepare_cached(&window)?
            .query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
        let Some(cutoff) = cutoff else {
            return Ok(Vec::new());
        };
        params.push(Value::Integer(cutoff));
        if ranked {
            // FTS5 sorts by its own `rank` without a join in the way.
            sql.push_str(&format!(
                "SELECT {id}, -articles_fts.rank {from} AND articles_fts.rowid >= ? \
                 ORDER BY articles_fts.rank, articles_fts.rowid "
            ));
        } else {
            // Newest first; only the window's matches are sorted.
            sql.push_str(&format!(
                "SELECT w.id, 0.0 FROM (SELECT {id} AS id {from} AND articles_fts.rowid >= ?) w \
                 JOIN articles a ON a.id = w.id \
                 ORDER BY coalesce(a.published, a.added_at) DESC, a.id DESC "
            ));
        }
    } else {
        sql.push_str(&format!(
            "SELECT a.id, 0.0 {from} ORDER BY coalesce(a.published, a.added_at) DESC, a.id DESC "
        ));
    }
    sql.push_str("LIMIT ? OFFSET ?");
    params.push(Value::Integer(i64::try_from(query.limit).unwrap_or(i64::MAX)));
    params.push(Value::Integer(i64::try_from(query.offset).unwrap_or(i64::MAX)));

    let page: Vec<(i64, f64)> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    hits(conn, &page, expr.as_deref(), ranked)
}

/// The hits of a page, in its order: each article's fields, and a snippet around what `expr`
/// matched (the start of the body when there is no expression).
fn hits(
    conn: &Connection,
    page: &[(i64, f64)],
    expr: Option<&str>,
    ranked: bool,
) -> Result<Vec<Hit>, Reason> {
    let (Some(low), Some(high)) = (page.iter().map(|p| p.0).min(), page.iter().map(|p| p.0).max()) else {
        return Ok(Vec::new());
    };
    let mut snippets: HashMap<i64, String> = HashMap::with_capacity(page.len());
    match expr {
        Some(e) => {
            // One evaluation of the expression for the whole page (a prefix query's is costly),
            // over the page's rowid range; the `+` keeps the id list out of FTS5's hands, so it
            // filters rows instead of starting one lookup per id, and snippets are made only for
            // the page's rows. Without text, a speaker or entity filter matched: the body's start.
            let column = if ranked { -1 } else { 1 };
            let ids = serde_json::to_string(&page.iter().map(|p| p.0).collect::<Vec<_>>())
                .map_err(|e| Reason::Invalid(e.to_string()))?;
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT rowid, snippet(articles_fts, {column}, '[', ']', '…', 16) FROM articles_fts \
                 WHERE articles_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 \
                 AND +rowid IN (SELECT value FROM json_each(?4))"
            ))?;
            let mut rows = stmt.query(rusqlite::params![e, low, high, ids])?;
            while let Some(row) = rows.next()? {
                snippets.insert(row.get(0)?, row.get::<_, Option<String>>(1)?.unwrap_or_default());
            }
        }
        None => {
            let mut stmt =
                conn.prepare_cached("SELECT substr(body, 1, 160) FROM articles_fts WHERE rowid = ?")?;
            for &(id, _) in page {
                if let Some(s) = stmt.query_row([id], |r| r.get::<_, Option<String>>(0)).optional()?.flatten()
                {
                    snippets.insert(id, s);
                }
            }
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT headline, publisher, json_extract(article, '$.published.at') FROM articles WHERE id = ?",
    )?;
    let mut out = Vec::with_capacity(page.len());
    for &(id, score) in page {
        let (headline, publisher, published): (String, Option<String>, Option<String>) =
            stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        out.push(Hit {
            id,
            headline,
            publisher,
            published: published.and_then(|p| DateTime::parse_from_rfc3339(&p).ok()),
            snippet: snippets.remove(&id).unwrap_or_default(),
            score,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_prefixes_and_exclusions() {
        assert_eq!(
            text_expression(r#"troops "north korea" sanction* -exercise"#).as_deref(),
            Some(r#"("troops" AND "north korea" AND "sanction" *) NOT ("exercise")"#)
        );
    }

    #[test]
    fn operators_are_text() {
        assert_eq!(
            text_expression("NEAR(a b) OR c:d").as_deref(),
            Some(r#"("NEAR(a" AND "b)" AND "OR" AND "c:d")"#)
        );
    }

    #[test]
    fn punctuation_only_is_no_text() {
        for t in ["", "   ", "\"", "*", "- -", "\"\"", "-foo", "…"] {
            assert_eq!(text_expression(t), None, "{t:?}");
        }
    }

    #[test]
    fn unclosed_quote_runs_to_the_end() {
        assert_eq!(text_expression("\"a b").as_deref(), Some(r#"("a b")"#));
    }
}
