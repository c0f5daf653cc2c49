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

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::types::Value;
use rusqlite::Connection;
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
pub(crate) fn search(conn: &Connection, query: &Query) -> Result<Vec<Hit>, Reason> {
    // A speaker or entity filter with no letter or digit can match nothing.
    for v in [&query.speaker, &query.entity].into_iter().flatten() {
        if !has_token(v) {
            return Ok(Vec::new());
        }
    }
    let expr = match_expression(query);
    let ranked = text_expression(&query.text).is_some();

    // The joins and conditions the filters need, shared by both statements below.
    let mut from = String::new();
    let mut params: Vec<Value> = Vec::new();
    if expr.is_some() {
        from.push_str("FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid ");
    } else {
        from.push_str("FROM articles a ");
    }
    if let Some(story) = query.story {
        from.push_str("JOIN story_articles s ON s.article_id = a.id AND s.story_id = ? ");
        params.push(Value::Integer(story));
    }
    from.push_str("WHERE 1 ");
    if let Some(e) = &expr {
        from.push_str("AND articles_fts MATCH ? ");
        params.push(Value::Text(e.clone()));
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

    let mut sql = String::from("SELECT a.id, a.headline, a.publisher, ");
    sql.push_str("json_extract(a.article, '$.published.at'), ");
    if expr.is_some() {
        // The oldest article of the window: the RANK_WINDOW most recently added matches.
        let window = format!(
            "SELECT min(id) FROM (SELECT a.id AS id {from} \
             ORDER BY articles_fts.rowid DESC LIMIT {RANK_WINDOW})"
        );
        let cutoff: Option<i64> = conn
            .prepare_cached(&window)?
            .query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
        let Some(cutoff) = cutoff else {
            return Ok(Vec::new());
        };
        if ranked {
            sql.push_str("snippet(articles_fts, -1, '[', ']', '…', 16), -articles_fts.rank ");
        } else {
            sql.push_str("snippet(articles_fts, 1, '[', ']', '…', 16), 0.0 ");
        }
        sql.push_str(&from);
        sql.push_str("AND articles_fts.rowid >= ? ");
        params.push(Value::Integer(cutoff));
    } else {
        sql.push_str("(SELECT substr(f.body, 1, 160) FROM articles_fts f WHERE f.rowid = a.id), 0.0 ");
        sql.push_str(&from);
    }
    if ranked {
        sql.push_str("ORDER BY articles_fts.rank, a.id ");
    } else {
        sql.push_str("ORDER BY coalesce(a.published, a.added_at) DESC, a.id DESC ");
    }
    sql.push_str("LIMIT ? OFFSET ?");
    params.push(Value::Integer(i64::try_from(query.limit).unwrap_or(i64::MAX)));
    params.push(Value::Integer(i64::try_from(query.offset).unwrap_or(i64::MAX)));

    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    let mut hits = Vec::new();
    while let Some(row) = rows.next()? {
        let published: Option<String> = row.get(3)?;
        hits.push(Hit {
            id: row.get(0)?,
            headline: row.get(1)?,
            publisher: row.get(2)?,
            published: published.and_then(|p| DateTime::parse_from_rfc3339(&p).ok()),
            snippet: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
            score: row.get(5)?,
        });
    }
    Ok(hits)
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
