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
//! [`RANK_WINDOW`] of them (after the filters), so that a search of common words scores a
//! window, not the library. Searches with a speaker or entity filter but no text list the same
//! window, newest first.
//!
//! One cost grows with the library all the same: for each phrase's IDF, FTS5 counts the
//! articles it matches in the whole library, once per scoring statement, so a search pays at
//! least one pass over its phrases' lists (about 5 ms for a word in every one of 100,000
//! articles, 12 ms for a phrase of two such words). The search is laid out to pay it once, and
//! to read the lists themselves as few times as it can (see [`search`]).

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

/// How many words FTS5 will find in `text` (runs of letters and digits).
fn words(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count()
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
/// would score in proportion to the library. Capping the candidates bounds the scoring by the
/// window; a query that matches fewer articles, which is most queries that mean something, is
/// ranked over all of them. For news, the newest matches are the ones to rank when there are too
/// many.
pub const RANK_WINDOW: usize = 2000;

/// Page spans (in rowids) up to which the page's snippets are made by one scan of the span.
///
/// One statement over the page's rowid range evaluates the expression once, but reads the
/// words' lists over the whole range; one statement per hit reads only the hit's own entries
/// but evaluates the expression again for each (about 0.1 ms). The range wins while the page is
/// close together (common words: the page lies among the newest matches), when the lists are
/// short (rare words), and always for a prefix term, whose expansion into every word it starts
/// is paid once per statement. A page spread wider than this is looked up hit by hit when its
/// matches are few among the entries a scan reads: a phrase (every article with all its words
/// is checked for them in a row) or filters (the words' lists hold every publisher's articles).
const SNIPPET_SPAN: i64 = 2 * RANK_WINDOW as i64;

/// Runs a search (see [`Store::search`](crate::Store::search)).
///
/// A text search finds its window of matches and ranks it in one scoring statement (see
/// [`ranked_page`]); then only the page's hits get their headline, publisher, date and snippet
/// ([`hits`]).
///
/// Filters on the article rows (publisher, time, story) become a set of ids taken from the
/// covering indexes, and the bounds of that set bound the rowid range FTS5 reads: a since-filter
/// reads only the recent end of each list, whatever the size of the library.
pub(crate) fn search(conn: &Connection, query: &Query) -> Result<Vec<Hit>, Reason> {
    // A speaker or entity filter with no letter or digit can match nothing.
    for v in [&query.speaker, &query.entity].into_iter().flatten() {
        if !has_token(v) {
            return Ok(Vec::new());
        }
    }
    let limit = Value::Integer(i64::try_from(query.limit).unwrap_or(i64::MAX));
    let offset = Value::Integer(i64::try_from(query.offset).unwrap_or(i64::MAX));
    let rows = Rows::of(query);
    let Some(expr) = match_expression(query) else {
        // No text: the articles that pass the filters, newest first.
        let sql = format!(
            "SELECT a.id, 0.0 {} ORDER BY coalesce(a.published, a.added_at) DESC, a.id DESC LIMIT ? OFFSET ?",
            rows.clause
        );
        let mut params = rows.params;
        params.extend([limit, offset]);
        let page = query_page(conn, &sql, params)?;
        return hits(conn, &page, None);
    };
    let ranked = text_expression(&query.text).is_some();

    // The rowids the matches can have: those of the filters' articles, else of the library.
    let bounds = if rows.filtered {
        format!("SELECT min(a.id), max(a.id) {}", rows.clause)
    } else {
        "SELECT (SELECT min(id) FROM articles), (SELECT max(id) FROM articles)".to_string()
    };
    let (low, high): (Option<i64>, Option<i64>) = conn
        .prepare_cached(&bounds)?
        .query_row(rusqlite::params_from_iter(rows.params.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (Some(low), Some(high)) = (low, high) else {
        return Ok(Vec::new());
    };
    let matches = Matches { expr: &expr, rows: &rows };

    let page: Vec<(i64, f64)> = if ranked {
        ranked_page(conn, &matches, (low, high), query)?
    } else {
        // A speaker or entity without text: the window's articles, newest first.
        let (condition, mut params) = matches.within(low, high);
        let sql = format!(
            "SELECT w.id, 0.0 FROM (SELECT rowid AS id FROM articles_fts WHERE {condition} \
             ORDER BY rowid DESC LIMIT {RANK_WINDOW}) w JOIN articles a ON a.id = w.id \
             ORDER BY coalesce(a.published, a.added_at) DESC, a.id DESC LIMIT ? OFFSET ?"
        );
        params.extend([limit, offset]);
        query_page(conn, &sql, params)?
    };
    let terms = terms(&query.text);
    let phrase = terms
        .iter()
        .filter(|t| !t.negated)
        .map(|t| t.text.as_str())
        .chain([&query.speaker, &query.entity].into_iter().flatten().map(String::as_str));
    let snippets = Snippets {
        expr: &expr,
        has_text: ranked,
        prefix: terms.iter().any(|t| t.prefix),
        sparse: rows.filtered || phrase.into_iter().any(|p| words(p) > 1),
    };
    hits(conn, &page, Some(snippets))
}

/// How many of the newest rowids the first look for the window reads (see [`ranked_page`]).
const PROBE_SPAN: i64 = 4 * RANK_WINDOW as i64;

/// The page of a text search: the window's matches ranked by BM25.
///
/// FTS5 scores a statement's matches after counting, once per statement, every article in the
/// library that matches each phrase (BM25's IDF), so every scoring statement costs at least one
/// pass over the phrases' lists; what is left to choose is how many more passes there are, and
/// in which direction (FTS5 reads a list backwards more slowly than forwards, most of all when it
/// needs the positions, as scores and phrases do).
///
/// First the newest [`PROBE_SPAN`] rowids are read for matches, without scores. When they hold a
/// full window (a common word), the window starts at the oldest of them. When they are the whole
/// range (filters that keep only recent articles), they are all the matches. When, by their
/// share of the range, all the matches fit in a window (a phrase, a rare word, a publisher's
/// articles), one statement reads them all forwards with their scores, instead of a statement to
/// find the window's start and another to rank it, each reading the lists again; the newest
/// window of them is sorted here. Otherwise (a word of middling frequency) the rest of the window
/// is read backwards from below the probe, without scores, which is cheap for words. Each way but
/// the third ends with FTS5 ranking the window's range, forwards.
fn ranked_page(
    conn: &Connection,
    matches: &Matches<'_>,
    (low, high): (i64, i64),
    query: &Query,
) -> Result<Vec<(i64, f64)>, Reason> {
    let probe_from = low.max(high - PROBE_SPAN + 1);
    let (found, oldest) = newest_window(conn, matches, probe_from, high, RANK_WINDOW as i64)?;
    let start = if found == RANK_WINDOW as i64 || probe_from == low {
        oldest
    } else {
        let expected = found.saturating_mul(high - low + 1) / (high - probe_from + 1);
        if expected <= RANK_WINDOW as i64 {
            let (condition, params) = matches.within(low, high);
            let all = 2 * RANK_WINDOW;
            let mut window = query_page(
                conn,
                &format!(
                    "SELECT rowid, -rank FROM articles_fts WHERE {condition} ORDER BY rowid LIMIT {all}"
                ),
                params,
            )?;
            // More than twice a window after all: the window is found the other way below.
            if window.len() < all {
                window.drain(..window.len().saturating_sub(RANK_WINDOW));
                // By score, then oldest first among equals, as `ORDER BY rank, rowid` does.
                window.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                return Ok(window.into_iter().skip(query.offset).take(query.limit).collect());
            }
        }
        // The rest of the window, in the rowids below the probe's.
        let rest = RANK_WINDOW as i64 - found;
        newest_window(conn, matches, low, probe_from - 1, rest)?.1.or(oldest)
    };
    let Some(start) = start else {
        return Ok(Vec::new());
    };
    let (condition, mut params) = matches.within(start, high);
    params.extend([
        Value::Integer(i64::try_from(query.limit).unwrap_or(i64::MAX)),
        Value::Integer(i64::try_from(query.offset).unwrap_or(i64::MAX)),
    ]);
    query_page(
        conn,
        &format!(
            "SELECT rowid, -rank FROM articles_fts WHERE {condition} ORDER BY rank, rowid LIMIT ? OFFSET ?"
        ),
        params,
    )
}

/// How many matches the rowids from `from` to `to` hold, up to `most` from the newest, and the
/// oldest of those: read backwards, without scores.
fn newest_window(
    conn: &Connection,
    matches: &Matches<'_>,
    from: i64,
    to: i64,
    most: i64,
) -> Result<(i64, Option<i64>), Reason> {
    let (condition, mut params) = matches.within(from, to);
    params.push(Value::Integer(most));
    let sql = format!(
        "SELECT count(*), min(id) FROM (SELECT rowid AS id FROM articles_fts WHERE {condition} \
         ORDER BY rowid DESC LIMIT ?)"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The articles a search's expression matches that pass its filters.
struct Matches<'q> {
    expr: &'q str,
    rows: &'q Rows,
}

impl Matches<'_> {
    /// The condition (on `articles_fts`) for the matches with rowids from `from` to `to`, and
    /// its parameters.
    ///
    /// The range is handed to FTS5, which reads only that part of each list. The filters' ids
    /// come from the covering indexes on publisher and time and are tested on each match: the
    /// `+` keeps the set from being handed to FTS5 as one lookup per id, each of which would
    /// count the phrases for BM25 again, and joining each match to its article row instead
    /// would read one page per match (the rows hold the JSON).
    fn within(&self, from: i64, to: i64) -> (String, Vec<Value>) {
        let mut condition = String::from("articles_fts MATCH ? AND rowid BETWEEN ? AND ? ");
        let mut params = vec![Value::Text(self.expr.to_string()), Value::Integer(from), Value::Integer(to)];
        if self.rows.filtered {
            condition.push_str(&format!("AND +rowid IN (SELECT a.id {})", self.rows.clause));
            params.extend(self.rows.params.iter().cloned());
        }
        (condition, params)
    }
}

/// The conditions a query puts on article rows (story, publisher, time), as a
/// `FROM articles a … WHERE …` clause with its parameters.
struct Rows {
    clause: String,
    params: Vec<Value>,
    /// Whether there is any condition at all.
    filtered: bool,
}

impl Rows {
    fn of(query: &Query) -> Rows {
        let mut clause = String::from("FROM articles a ");
        let mut params = Vec::new();
        if let Some(story) = query.story {
            clause.push_str("JOIN story_articles s ON s.article_id = a.id AND s.story_id = ? ");
            params.push(Value::Integer(story));
        }
        clause.push_str("WHERE 1 ");
        if let Some(p) = &query.publisher {
            clause.push_str("AND a.publisher = ? COLLATE NOCASE ");
            params.push(Value::Text(p.trim().to_string()));
        }
        if let Some(t) = query.since {
            clause.push_str("AND coalesce(a.published, a.added_at) >= ? ");
            params.push(Value::Integer(t.timestamp()));
        }
        if let Some(t) = query.until {
            clause.push_str("AND coalesce(a.published, a.added_at) < ? ");
            params.push(Value::Integer(t.timestamp()));
        }
        let filtered = !params.is_empty();
        Rows { clause, params, filtered }
    }
}

/// Runs a statement whose rows are (id, score).
fn query_page(conn: &Connection, sql: &str, params: Vec<Value>) -> Result<Vec<(i64, f64)>, Reason> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What the snippets of a page are made from.
struct Snippets<'q> {
    /// The FTS5 expression the page matched.
    expr: &'q str,
    /// Whether the query had text: else a speaker or entity filter matched, and the snippet is
    /// the start of the body.
    has_text: bool,
    /// Whether the text has a prefix term.
    prefix: bool,
    /// Whether a scan reads many entries for each match: a phrase, or filters.
    sparse: bool,
}

/// The hits of a page, in its order: each article's fields, and a snippet around what matched
/// (the start of the body when there is no expression).
fn hits(conn: &Connection, page: &[(i64, f64)], snippets: Option<Snippets<'_>>) -> Result<Vec<Hit>, Reason> {
    let (Some(low), Some(high)) = (page.iter().map(|p| p.0).min(), page.iter().map(|p| p.0).max()) else {
        return Ok(Vec::new());
    };
    let mut texts: HashMap<i64, String> = HashMap::with_capacity(page.len());
    match snippets {
        Some(Snippets { expr, has_text, prefix, sparse }) => {
            let column = if has_text { -1 } else { 1 };
            let snippet = format!("snippet(articles_fts, {column}, '[', ']', '…', 16)");
            if prefix || !sparse || high - low <= SNIPPET_SPAN {
                // One evaluation of the expression over the page's rowid range; the `+` keeps
                // the id list out of FTS5's hands, so it filters rows instead of starting one
                // lookup per id, and snippets are made only for the page's rows.
                let ids = serde_json::to_string(&page.iter().map(|p| p.0).collect::<Vec<_>>())
                    .map_err(|e| Reason::Invalid(e.to_string()))?;
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT rowid, {snippet} FROM articles_fts \
                     WHERE articles_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 \
                     AND +rowid IN (SELECT value FROM json_each(?4))"
                ))?;
                let mut rows = stmt.query(rusqlite::params![expr, low, high, ids])?;
                while let Some(row) = rows.next()? {
                    texts.insert(row.get(0)?, row.get::<_, Option<String>>(1)?.unwrap_or_default());
                }
            } else {
                // Spread out: each hit's own entries, found by its rowid.
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT {snippet} FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = ?2"
                ))?;
                for &(id, _) in page {
                    let text = stmt.query_row(rusqlite::params![expr, id], |r| r.get::<_, Option<String>>(0));
                    if let Some(text) = text.optional()?.flatten() {
                        texts.insert(id, text);
                    }
                }
            }
        }
        None => {
            let mut stmt =
                conn.prepare_cached("SELECT substr(body, 1, 160) FROM articles_fts WHERE rowid = ?")?;
            for &(id, _) in page {
                if let Some(s) = stmt.query_row([id], |r| r.get::<_, Option<String>>(0)).optional()?.flatten()
                {
                    texts.insert(id, s);
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
            snippet: texts.remove(&id).unwrap_or_default(),
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
