//! Full-text search with filters, over the search index (see [`crate::index`]).
//!
//! # Query text
//!
//! Users type free text, and free text must never be a syntax error, so the store reads it with
//! a small grammar a search box user already knows:
//!
//! - words are required, all of them (`troops border` finds reports with both);
//! - `"two words"` is a phrase (an unclosed quote runs to the end of the text);
//! - a word or phrase ending in `*` is a prefix (`sanction*`, `"north kor*"`);
//! - a word or phrase starting with `-` is excluded (`troops -exercise`), when there is at least
//!   one other term to start from.
//!
//! Anything else (`AND`, `NEAR(`, `title:`, `^`) is only text. A term with no letter or digit in
//! it is dropped. Words are read as the index reads them (folded, stemmed), so `troop` finds
//! `troops` and `CAFE` finds `café`.
//!
//! Text with no term left (empty, only punctuation, only exclusions) is no text: the search then
//! lists the articles that pass the filters, newest first, with score 0.
//!
//! # Ranking
//!
//! BM25 over four fields weighted headline 8, body 1, speakers 2, entities 2: each word (or
//! phrase) must match in one of them, and scores the sum of its fields' weighted scores. A
//! prefix of two or three characters reads its own list (the index keeps every word's first two
//! and three characters); a longer one is every word of the index that starts with it, each
//! scored as a word. Every match in the library is ranked. The filters (publisher, time,
//! speaker, entity, story) do not change the scores. [`Hit::score`] is the BM25 score: higher is
//! better.
//!
//! Searches with a speaker or entity filter but no text list every article that passes,
//! newest first.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query as Search, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, Order, Searcher, Term as IndexTerm};

use newsbite_model::Article;

use crate::error::Reason;
use crate::index::{
    body_of, id_value, prefix_words, words, words_analyzer, Fields, SearchIndex, PREFIX_LENGTHS, TIME,
};

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
    /// Relevance, higher is better (BM25); 0 when the query has no text.
    pub score: f64,
}

/// One term of the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    text: String,
    prefix: bool,
    negated: bool,
}

/// Whether `text` holds a word (a letter or a digit; others separate words).
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

/// The weights of the text fields in BM25: headline, body, speakers, entities.
const WEIGHTS: [f32; 4] = [8.0, 1.0, 2.0, 2.0];

/// The longest snippet, in characters.
const SNIPPET_CHARS: usize = 150;

/// The snippet of a hit without text to match: the start of its body, in characters.
const START_CHARS: usize = 160;

/// Runs a search (see [`Store::search`](crate::Store::search)).
///
/// Without text, speaker or entity, the filters are on the article rows alone and SQL lists
/// them. Otherwise the index finds the page: ranked by BM25 when there is text, else newest
/// first. Only the page's hits are read from the database.
pub(crate) fn search(conn: &Connection, index: &SearchIndex, query: &Query) -> Result<Vec<Hit>, Reason> {
    // A speaker or entity filter with no letter or digit can match nothing.
    for v in [&query.speaker, &query.entity].into_iter().flatten() {
        if !has_token(v) {
            return Ok(Vec::new());
        }
    }
    let terms = terms(&query.text);
    let ranked = terms.iter().any(|t| !t.negated);
    if !ranked && query.speaker.is_none() && query.entity.is_none() {
        return listing(conn, query);
    }
    let fields = &index.fields;
    let searcher = index.searcher()?;
    let fail = |e| index.error(e);
    let mut clauses: Vec<(Occur, Box<dyn Search>)> = Vec::new();
    if ranked {
        for term in &terms {
            let occur = if term.negated { Occur::MustNot } else { Occur::Must };
            clauses.push((occur, term_query(&searcher, fields, term).map_err(fail)?));
        }
    }
    for (field, value) in [(fields.text[2], &query.speaker), (fields.text[3], &query.entity)] {
        if let Some(v) = value {
            clauses.push((Occur::Must, unscored(words_query(field, &words(v)))));
        }
    }
    if let Some(p) = query.publisher.as_deref().map(str::trim) {
        let term = IndexTerm::from_field_text(fields.publisher, &p.to_lowercase());
        clauses.push((Occur::Must, unscored(Box::new(TermQuery::new(term, IndexRecordOption::Basic)))));
    }
    if query.since.is_some() || query.until.is_some() {
        let bound = |t: Option<DateTime<Utc>>, inclusive: bool| match t {
            None => Bound::Unbounded,
            Some(t) if inclusive => Bound::Included(IndexTerm::from_field_i64(fields.time, t.timestamp())),
            Some(t) => Bound::Excluded(IndexTerm::from_field_i64(fields.time, t.timestamp())),
        };
        let range = RangeQuery::new(bound(query.since, true), bound(query.until, false));
        clauses.push((Occur::Must, unscored(Box::new(range))));
    }
    if let Some(story) = query.story {
        let ids = story_ids(conn, story)?;
        let terms = ids.into_iter().map(|id| IndexTerm::from_field_u64(fields.id, id_value(id)));
        clauses.push((Occur::Must, unscored(Box::new(TermSetQuery::new(terms)))));
    }
    let matches = BooleanQuery::new(clauses);

    let n = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let (limit, offset) = (query.limit.min(n), query.offset.min(n));
    if limit == 0 {
        return Ok(Vec::new());
    }
    let top = TopDocs::with_limit(limit).and_offset(offset);
    let page: Vec<(i64, f64)> = if ranked {
        let found = searcher.search(&matches, &top.order_by_score()).map_err(fail)?;
        let ids = doc_ids(&searcher, fields.id, found.iter().map(|f| f.1)).map_err(fail)?;
        found.into_iter().zip(ids).map(|((score, _), id)| (id, f64::from(score))).collect()
    } else {
        // A speaker or entity without text: the newest matches.
        let newest = top.order_by_fast_field::<i64>(TIME, Order::Desc);
        let found = searcher.search(&matches, &newest).map_err(fail)?;
        doc_ids(&searcher, fields.id, found.into_iter().map(|f| f.1))
            .map_err(fail)?
            .into_iter()
            .map(|id| (id, 0.0))
            .collect()
    };
    let snippets = if ranked { Some(Snippets::new(&searcher, fields, &terms).map_err(fail)?) } else { None };
    hits(conn, page.into_iter(), snippets.as_ref())
}

/// A filter's query: it must match, and adds nothing to the score.
fn unscored(query: Box<dyn Search>) -> Box<dyn Search> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// The query of some words in one field: a word, or a phrase.
fn words_query(field: Field, words: &[String]) -> Box<dyn Search> {
    let mut terms: Vec<IndexTerm> = words.iter().map(|w| IndexTerm::from_field_text(field, w)).collect();
    match terms.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(terms.remove(0), IndexRecordOption::WithFreqs)),
        _ => Box::new(PhraseQuery::new(terms)),
    }
}

/// One term of the text: it matches in any of the text fields, each weighted.
fn term_query(searcher: &Searcher, fields: &Fields, term: &Term) -> tantivy::Result<Box<dyn Search>> {
    let words = words(&term.text);
    let short = short_prefix(term);
    let mut any: Vec<(Occur, Box<dyn Search>)> = Vec::with_capacity(4);
    for (k, &field) in fields.text.iter().enumerate() {
        let query: Box<dyn Search> = match words.as_slice() {
            [word] if term.prefix => match &short {
                Some(short) => {
                    let term = IndexTerm::from_field_text(fields.prefixes[k], short);
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                }
                None => Box::new(BooleanQuery::new(expand(searcher, field, word)?)),
            },
            [_, _, ..] if term.prefix => {
                let terms = words.iter().map(|w| IndexTerm::from_field_text(field, w)).collect();
                Box::new(PhrasePrefixQuery::new(terms))
            }
            _ => words_query(field, &words),
        };
        any.push((Occur::Should, Box::new(BoostQuery::new(query, WEIGHTS[k]))));
    }
    Ok(Box::new(BooleanQuery::new(any)))
}

/// A one-word prefix of a length the index keeps a list for, as that list reads it (folded, not
/// stemmed: see [`crate::index`]).
fn short_prefix(term: &Term) -> Option<String> {
    if !term.prefix {
        return None;
    }
    match prefix_words(&term.text).as_slice() {
        [word] if PREFIX_LENGTHS.contains(&word.chars().count()) => Some(word.clone()),
        _ => None,
    }
}

/// Every word of `field` that starts with `prefix`, each as a scored word (tantivy's own prefix
/// query gives all its matches one score, which would rank nothing).
fn expand(searcher: &Searcher, field: Field, prefix: &str) -> tantivy::Result<Vec<(Occur, Box<dyn Search>)>> {
    Ok(words_starting(searcher, field, prefix)?
        .into_keys()
        .map(|w| {
            let q: Box<dyn Search> =
                Box::new(TermQuery::new(IndexTerm::from_field_text(field, &w), IndexRecordOption::WithFreqs));
            (Occur::Should, q)
        })
        .collect())
}

/// The words of `field` that start with `prefix`, with how many articles hold each.
fn words_starting(searcher: &Searcher, field: Field, prefix: &str) -> tantivy::Result<BTreeMap<String, u32>> {
    let mut held: BTreeMap<String, u32> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index.terms().range().ge(prefix.as_bytes()).into_stream()?;
        while stream.advance() {
            if !stream.key().starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(word) = std::str::from_utf8(stream.key()) {
                *held.entry(word.to_string()).or_insert(0) += stream.value().doc_freq;
            }
        }
    }
    Ok(held)
}

/// The article ids of some documents, in their order.
fn doc_ids(
    searcher: &Searcher,
    id: Field,
    docs: impl Iterator<Item = DocAddress>,
) -> tantivy::Result<Vec<i64>> {
    let name = searcher.schema().get_field_name(id).to_string();
    let mut columns = HashMap::new();
    let mut out = Vec::new();
    for address in docs {
        let column = match columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(searcher.segment_reader(address.segment_ord).fast_fields().u64(&name)?)
            }
        };
        let value = column.first(address.doc_id).unwrap_or(0);
        out.push(i64::try_from(value).unwrap_or(0));
    }
    Ok(out)
}

/// The ids of a story's articles.
fn story_ids(conn: &Connection, story: i64) -> Result<Vec<i64>, Reason> {
    let mut stmt = conn.prepare_cached("SELECT article_id FROM story_articles WHERE story_id = ?1")?;
    let rows = stmt.query_map([story], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A count as SQL takes it.
fn sql_count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A search with no text, speaker or entity: the articles that pass the filters, newest first,
/// with the start of each body.
fn listing(conn: &Connection, query: &Query) -> Result<Vec<Hit>, Reason> {
    let mut sql = String::from("SELECT a.id FROM articles a ");
    let mut params = Vec::new();
    if let Some(story) = query.story {
        sql.push_str("JOIN story_articles s ON s.article_id = a.id AND s.story_id = ? ");
        params.push(Value::Integer(story));
    }
    sql.push_str("WHERE 1 ");
    if let Some(p) = &query.publisher {
        sql.push_str("AND a.publisher = ? COLLATE NOCASE ");
        params.push(Value::Text(p.trim().to_string()));
    }
    if let Some(t) = query.since {
        sql.push_str("AND coalesce(a.published, a.added_at) >= ? ");
        params.push(Value::Integer(t.timestamp()));
    }
    if let Some(t) = query.until {
        sql.push_str("AND coalesce(a.published, a.added_at) < ? ");
        params.push(Value::Integer(t.timestamp()));
    }
    sql.push_str("ORDER BY coalesce(a.published, a.added_at) DESC, a.id DESC LIMIT ? OFFSET ?");
    params.extend([Value::Integer(sql_count(query.limit)), Value::Integer(sql_count(query.offset))]);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query(rusqlite::params_from_iter(params))?;
    let page = rows.mapped(|r| Ok((r.get(0)?, 0.0))).collect::<Result<Vec<(i64, f64)>, _>>()?;
    hits(conn, page.into_iter(), None)
}

/// The start of a text, for a snippet without a match.
fn start_of(text: &str) -> String {
    text.chars().take(START_CHARS).collect()
}

/// What makes the snippets of a search's hits: the text's words, each worth more the fewer
/// articles hold it (a prefix stands for every word it starts).
struct Snippets {
    headline: SnippetGenerator,
    body: SnippetGenerator,
}

impl Snippets {
    fn new(searcher: &Searcher, fields: &Fields, terms: &[Term]) -> tantivy::Result<Snippets> {
        let make = |field: Field| -> tantivy::Result<SnippetGenerator> {
            let mut worth: BTreeMap<String, f32> = BTreeMap::new();
            for term in terms.iter().filter(|t| !t.negated) {
                let mut words = words(&term.text);
                if term.prefix {
                    // The indexed words the prefix stands for: those that start with it stemmed
                    // (as a long prefix matches) or, for a short one, as written.
                    let starts = words.pop().into_iter().chain(short_prefix(term));
                    for start in starts {
                        let held = words_starting(searcher, field, &start)?;
                        worth.extend(held.into_iter().map(|(w, df)| (w, 1.0 / (1.0 + df as f32))));
                    }
                }
                for w in words {
                    let df = searcher.doc_freq(&IndexTerm::from_field_text(field, &w))?;
                    worth.insert(w, 1.0 / (1.0 + df as f32));
                }
            }
            Ok(SnippetGenerator::new(worth, words_analyzer(), field, SNIPPET_CHARS))
        };
        Ok(Snippets { headline: make(fields.text[0])?, body: make(fields.text[1])? })
    }

    /// The snippet of a hit: around its best match in the body, else in the headline, else the
    /// start of the body.
    fn best(&self, headline: &str, body: &str) -> String {
        let in_body = self.body.snippet(body);
        if !in_body.highlighted().is_empty() {
            return marked(&in_body, body);
        }
        let in_headline = self.headline.snippet(headline);
        if !in_headline.highlighted().is_empty() {
            return marked(&in_headline, headline);
        }
        start_of(body)
    }
}

/// A snippet as the store writes one: the matched words in `[` `]`, and `…` where the fragment
/// cuts `text`.
fn marked(snippet: &Snippet, text: &str) -> String {
    let fragment = snippet.fragment();
    let range = snippet.fragment_range();
    let mut out = String::with_capacity(fragment.len() + 8);
    if range.start > 0 {
        out.push('…');
    }
    let mut at = 0;
    for r in snippet.highlighted() {
        out.push_str(&fragment[at..r.start]);
        out.push('[');
        out.push_str(&fragment[r.start..r.end]);
        out.push(']');
        at = r.end;
    }
    out.push_str(&fragment[at..]);
    if range.end < text.trim_end().len() {
        out.push('…');
    }
    out
}

/// The hits of a page, in its order: each article's headline, publisher and date, and its snippet
/// (around the best match when there are `snippets` to make, else the start of the body), all
/// read from the database's copy of the article.
fn hits(
    conn: &Connection,
    page: impl Iterator<Item = (i64, f64)>,
    snippets: Option<&Snippets>,
) -> Result<Vec<Hit>, Reason> {
    let mut stmt = conn.prepare_cached("SELECT publisher, article FROM articles WHERE id = ?")?;
    let mut out = Vec::new();
    for (id, score) in page {
        // An article indexed but since taken out of the database is not a hit.
        let Some((publisher, article)) = stmt
            .query_row([id], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?)))
            .optional()?
        else {
            continue;
        };
        let article: Article =
            serde_json::from_str(&article).map_err(|error| Reason::BadJson { what: "article", id, error })?;
        let body = body_of(&article);
        let snippet = match snippets {
            Some(s) => s.best(&article.headline, &body),
            None => start_of(&body),
        };
        out.push(Hit {
            id,
            publisher,
            published: article.published.map(|p| p.at),
            headline: article.headline,
            snippet,
            score,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, bool, bool)> {
        terms(text).into_iter().map(|t| (t.text, t.prefix, t.negated)).collect()
    }

    #[test]
    fn words_phrases_prefixes_and_exclusions() {
        assert_eq!(
            read(r#"troops "north korea" sanction* -exercise"#),
            [
                ("troops".into(), false, false),
                ("north korea".into(), false, false),
                ("sanction".into(), true, false),
                ("exercise".into(), false, true)
            ]
        );
    }

    #[test]
    fn operators_are_text() {
        assert_eq!(
            read("NEAR(a b) OR c:d"),
            [
                ("NEAR(a".into(), false, false),
                ("b)".into(), false, false),
                ("OR".into(), false, false),
                ("c:d".into(), false, false)
            ]
        );
    }

    #[test]
    fn punctuation_only_is_no_word() {
        for t in ["", "   ", "\"", "*", "- -", "\"\"", "…"] {
            assert_eq!(read(t), [], "{t:?}");
        }
    }

    #[test]
    fn unclosed_quote_runs_to_the_end() {
        assert_eq!(read("\"a b"), [("a b".into(), false, false)]);
    }

    #[test]
    fn a_snippet_marks_its_words_and_its_cuts() {
        let fields = crate::index::SearchIndex::open(None).expect("index").0.fields;
        let mut worth = BTreeMap::new();
        worth.insert("border".to_string(), 1.0);
        let generator = SnippetGenerator::new(worth, words_analyzer(), fields.text[1], 40);
        let text = "Nothing happened here for a long while, and then at the border a crowd gathered.";
        let out = marked(&generator.snippet(text), text);
        assert!(out.starts_with('…') && out.contains("[border]"), "{out}");
    }
}
