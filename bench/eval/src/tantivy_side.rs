//! tantivy beside FTS5: the same library's articles, the same queries, timed in the same run.
//!
//! The issue that built the store asks for FTS5 "or tantivy if it measures better". This module
//! is the measurement. It copies what the store indexes (headline, body, speakers and entities,
//! from `articles_fts`; publisher and time, from `articles`) into a tantivy index beside the
//! library (`DIR/tantivy-eval`, built once), and answers [`ingest`'s query
//! set](crate::ingest::queries) the way the store does:
//!
//! - the words through one analyser (letters and digits, lower case, ASCII folding, the English
//!   Snowball stemmer: FTS5 has `porter unicode61 remove_diacritics 2`);
//! - every word must match, in any of the four fields, scored by BM25 with the store's weights
//!   (headline 8, body 1, speakers 2, entities 2); a quoted phrase is a phrase in one field; a
//!   prefix (`go*`) is every word of the index that starts with it, each scored (tantivy's own
//!   prefix query would give them all one constant score, which ranks nothing);
//! - the publisher (without case) and the time filter as unscored clauses;
//! - the page's stored headline, publisher and time, and a snippet of the body.
//!
//! One difference is left in on purpose: the store ranks at most the newest
//! [`RANK_WINDOW`](newsbite_library::store) matches of a query, while tantivy here ranks every
//! match in the library. tantivy does the larger job.
//!
//! Off by default (the `tantivy` feature), like the extraction peers: CI never compiles it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use newsbite_library::store::{Query, Store};
use rusqlite::{Connection, OpenFlags};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query as TQuery, RangeQuery,
    TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use crate::ingest::{queries, SEARCH_RUNS};
use crate::search::{ms, percentile};
use crate::table::{Align, Table};

/// The folder in the library's data folder that holds the index.
pub const FOLDER: &str = "tantivy-eval";
/// Articles per commit while building: the store's batch.
const BATCH: usize = 2000;
/// The weights of the store's BM25 (`bm25(8.0, 1.0, 2.0, 2.0)`).
const WEIGHTS: [f32; 4] = [8.0, 1.0, 2.0, 2.0];
/// For each text field, a field of its words' first two and first three characters, as FTS5's
/// `prefix = '2 3'` keeps: a search for `go*` reads one list instead of the lists of every word
/// that starts with `go`.
const PREFIX_FIELDS: [&str; 4] = ["headline_prefix", "body_prefix", "speakers_prefix", "entities_prefix"];
/// The longest snippet, in characters (tantivy's default).
const SNIPPET_CHARS: usize = 150;
/// The prefix lengths that have their own lists.
const PREFIX_LENGTHS: [usize; 2] = [2, 3];

/// A tantivy index of one library, open for searching.
pub struct Side {
    reader: IndexReader,
    index: Index,
    /// headline, body, speakers, entities.
    text: [Field; 4],
    /// Their prefix fields.
    prefixes: [Field; 4],
    publisher: Field,
    time: Field,
    id: Field,
    /// How the index was built, when this run built it: articles, seconds.
    pub built: Option<(usize, f64)>,
}

/// One hit, with what the store's hit has.
pub struct Hit {
    pub id: u64,
    pub score: f32,
    pub headline: String,
    pub snippet: String,
}

fn schema() -> Schema {
    let mut b = Schema::builder();
    let words = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer("news")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    b.add_text_field("headline", words(true));
    b.add_text_field("body", words(true));
    b.add_text_field("speakers", words(false));
    b.add_text_field("entities", words(false));
    for name in PREFIX_FIELDS {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer("whitespace")
            .set_index_option(IndexRecordOption::WithFreqs);
        b.add_text_field(name, TextOptions::default().set_indexing_options(indexing));
    }
    let publisher = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("lower_raw")
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_stored();
    b.add_text_field("publisher", publisher);
    b.add_i64_field("time", INDEXED | FAST | STORED);
    b.add_u64_field("id", FAST | STORED);
    b.build()
}

fn register(index: &Index) {
    let news = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build();
    index.tokenizers().register("news", news);
    index
        .tokenizers()
        .register("lower_raw", TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build());
}

impl Side {
    /// Opens the index beside the library in `data`, building it from the library first when it
    /// is not there.
    pub fn open(data: &Path) -> anyhow::Result<Side> {
        let dir = data.join(FOLDER);
        let built = if dir.join("meta.json").exists() {
            None
        } else {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
            }
            std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            Some(build(data, &dir)?)
        };
        let index = Index::open_in_dir(&dir).with_context(|| format!("cannot open {}", dir.display()))?;
        register(&index);
        let schema = index.schema();
        let field = |name: &str| {
            schema.get_field(name).with_context(|| format!("no field {name} in {}", dir.display()))
        };
        let text = [field("headline")?, field("body")?, field("speakers")?, field("entities")?];
        let prefixes = [
            field(PREFIX_FIELDS[0])?,
            field(PREFIX_FIELDS[1])?,
            field(PREFIX_FIELDS[2])?,
            field(PREFIX_FIELDS[3])?,
        ];
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Side {
            text,
            prefixes,
            publisher: field("publisher")?,
            time: field("time")?,
            id: field("id")?,
            reader,
            index,
            built,
        })
    }

    /// The index's size on disk, in bytes.
    pub fn bytes(data: &Path) -> u64 {
        std::fs::read_dir(data.join(FOLDER))
            .map(|entries| entries.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
            .unwrap_or(0)
    }

    /// Answers a query as the store does (see the module docs).
    pub fn search(&self, query: &Query) -> anyhow::Result<Vec<Hit>> {
        if query.speaker.is_some() || query.entity.is_some() || query.story.is_some() || query.until.is_some()
        {
            bail!("the tantivy side answers text, publisher and since only");
        }
        let searcher = self.reader.searcher();
        let text = self.text_query(&searcher, &query.text)?;
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        if let Some(p) = &query.publisher {
            let term = Term::from_field_text(self.publisher, &p.trim().to_lowercase());
            let q = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(q), 0.0))));
        }
        if let Some(since) = query.since {
            let from = Term::from_field_i64(self.time, since.timestamp());
            let q = RangeQuery::new(Bound::Included(from), Bound::Unbounded);
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(q), 0.0))));
        }
        let page = TopDocs::with_limit(query.limit.max(1)).and_offset(query.offset);
        let found: Vec<(f32, DocAddress)> = match text {
            Some(text) => {
                clauses.push((Occur::Must, text));
                let q = BooleanQuery::new(clauses);
                searcher.search(&q, &page.order_by_score())?
            }
            None => {
                // No text: the filters' articles, newest first, as the store lists them.
                let q: Box<dyn TQuery> = if clauses.is_empty() {
                    Box::new(tantivy::query::AllQuery)
                } else {
                    Box::new(BooleanQuery::new(clauses))
                };
                let newest: Vec<(Option<i64>, DocAddress)> =
                    searcher.search(&q, &page.order_by_fast_field::<i64>("time", Order::Desc))?;
                newest.into_iter().map(|(_, a)| (0.0, a)).collect()
            }
        };
        let snippets = self.snippets(&searcher, &query.text)?;
        let mut hits = Vec::with_capacity(found.len());
        for (score, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            let headline = doc.get_first(self.text[0]).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let id = doc.get_first(self.id).and_then(|v| v.as_u64()).unwrap_or(0);
            let snippet = match &snippets {
                Some(g) => marked(&g.snippet_from_doc(&doc)),
                None => {
                    let body = doc.get_first(self.text[1]).and_then(|v| v.as_str()).unwrap_or("");
                    body.chars().take(160).collect()
                }
            };
            hits.push(Hit { id, score, headline, snippet });
        }
        Ok(hits)
    }

    /// The text of a query as a tantivy query: `None` when it holds no word.
    fn text_query(
        &self,
        searcher: &tantivy::Searcher,
        text: &str,
    ) -> anyhow::Result<Option<Box<dyn TQuery>>> {
        let mut must: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for piece in pieces(text) {
            let (negated, piece) = match piece.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, piece.as_str()),
            };
            let (prefix, piece) = match piece.strip_suffix('*') {
                Some(rest) => (true, rest),
                None => (false, piece),
            };
            let words = self.analyse(piece.trim_matches('"'));
            if words.is_empty() {
                continue;
            }
            let mut fields: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
            for (k, &field) in self.text.iter().enumerate() {
                let q: Box<dyn TQuery> = if prefix && words.len() == 1 {
                    let raw = piece.trim_matches('"').to_lowercase();
                    if PREFIX_LENGTHS.contains(&raw.chars().count()) {
                        let term = Term::from_field_text(self.prefixes[k], &raw);
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                    } else {
                        Box::new(BooleanQuery::new(self.expand(searcher, field, &raw)?))
                    }
                } else if words.len() == 1 {
                    let term = Term::from_field_text(field, &words[0]);
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                } else {
                    let terms = words.iter().map(|w| Term::from_field_text(field, w)).collect();
                    Box::new(PhraseQuery::new(terms))
                };
                fields.push((Occur::Should, Box::new(BoostQuery::new(q, WEIGHTS[k]))));
            }
            let q = Box::new(BooleanQuery::new(fields));
            must.push((if negated { Occur::MustNot } else { Occur::Must }, q));
        }
        if must.iter().all(|(o, _)| *o == Occur::MustNot) {
            return Ok(if must.is_empty() { None } else { Some(Box::new(EmptyQuery)) });
        }
        Ok(Some(Box::new(BooleanQuery::new(must))))
    }

    /// What makes the snippets of a query's hits: its words in the body (a prefix's every word),
    /// each worth more the fewer articles hold it, as tantivy's own generator weighs them.
    fn snippets(&self, searcher: &tantivy::Searcher, text: &str) -> anyhow::Result<Option<SnippetGenerator>> {
        let body = self.text[1];
        let mut worth: BTreeMap<String, f32> = BTreeMap::new();
        for piece in pieces(text) {
            if piece.starts_with('-') {
                continue;
            }
            let (prefix, piece) = match piece.strip_suffix('*') {
                Some(rest) => (true, rest),
                None => (false, piece.as_str()),
            };
            let words = self.analyse(piece.trim_matches('"'));
            if prefix && words.len() == 1 {
                let raw = piece.trim_matches('"').to_lowercase();
                let held = words_starting(searcher, body, &raw)?;
                worth.extend(held.into_iter().map(|(w, df)| (w, 1.0 / (1.0 + df as f32))));
            } else {
                for w in words {
                    let df = searcher.doc_freq(&Term::from_field_text(body, &w))?;
                    worth.insert(w, 1.0 / (1.0 + df as f32));
                }
            }
        }
        if text.trim().is_empty() || worth.is_empty() && self.analyse(text).is_empty() {
            return Ok(None);
        }
        let analyzer = self.index.tokenizer_for_field(body)?;
        Ok(Some(SnippetGenerator::new(worth, analyzer, body, SNIPPET_CHARS)))
    }

    /// Every word of `field` that starts with `prefix`, as scored term queries.
    fn expand(
        &self,
        searcher: &tantivy::Searcher,
        field: Field,
        prefix: &str,
    ) -> anyhow::Result<Vec<(Occur, Box<dyn TQuery>)>> {
        Ok(words_starting(searcher, field, prefix)?
            .into_keys()
            .map(|w| {
                let q: Box<dyn TQuery> =
                    Box::new(TermQuery::new(Term::from_field_text(field, &w), IndexRecordOption::WithFreqs));
                (Occur::Should, q)
            })
            .collect())
    }

    fn analyse(&self, text: &str) -> Vec<String> {
        let mut analyzer = self.index.tokenizers().get("news").expect("registered in open");
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }
}

/// Times the query set on the store and on tantivy, query by query in turns (so that what else
/// runs on the machine falls on both), and prints both sides with p50 and p99 over all runs.
///
/// With `dump`, writes each query's hits on both sides (id, score, headline, snippet), one JSON
/// line per query, to compare what the two engines find.
pub fn compare(
    store: &Store,
    data: &Path,
    end: DateTime<Utc>,
    only: Option<&str>,
    dump: Option<&Path>,
) -> anyhow::Result<()> {
    let side = Side::open(data)?;
    let mut queries = queries(end);
    if let Some(only) = only {
        queries.retain(|(label, _)| label.contains(only));
    }
    let mut table = Table::new(&[
        ("query", Align::Left),
        ("FTS5 hits", Align::Right),
        ("tantivy hits", Align::Right),
        ("same ids", Align::Right),
        ("FTS5 p50 ms", Align::Right),
        ("tantivy p50 ms", Align::Right),
        ("FTS5 slowest", Align::Right),
        ("tantivy slowest", Align::Right),
    ]);
    let (mut all_fts, mut all_tantivy) = (Vec::new(), Vec::new());
    let mut lines = String::new();
    for (label, query) in &queries {
        let ours = store.search(query)?;
        let theirs = side.search(query)?;
        let fts5: Vec<_> = ours.iter().map(|h| (h.id, h.score, &h.headline, &h.snippet)).collect();
        let tantivy: Vec<_> = theirs.iter().map(|h| (h.id, h.score, &h.headline, &h.snippet)).collect();
        lines.push_str(&serde_json::json!({ "query": label, "fts5": fts5, "tantivy": tantivy }).to_string());
        lines.push('\n');
        let mine: BTreeSet<i64> = ours.iter().map(|h| h.id).collect();
        let same = theirs.iter().filter(|h| i64::try_from(h.id).is_ok_and(|id| mine.contains(&id))).count();
        let (mut fts, mut tan) = (Vec::with_capacity(SEARCH_RUNS), Vec::with_capacity(SEARCH_RUNS));
        for _ in 0..SEARCH_RUNS {
            let t = Instant::now();
            std::hint::black_box(store.search(query)?);
            fts.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(side.search(query)?);
            tan.push(t.elapsed());
        }
        fts.sort();
        tan.sort();
        table.row(vec![
            label.clone(),
            ours.len().to_string(),
            theirs.len().to_string(),
            same.to_string(),
            format!("{:.2}", ms(percentile(&fts, 0.5))),
            format!("{:.2}", ms(percentile(&tan, 0.5))),
            format!("{:.2}", ms(fts.last().copied().unwrap_or_default())),
            format!("{:.2}", ms(tan.last().copied().unwrap_or_default())),
        ]);
        all_fts.extend(fts);
        all_tantivy.extend(tan);
    }
    all_fts.sort();
    all_tantivy.sort();
    if let Some(path) = dump {
        std::fs::write(path, lines).with_context(|| format!("cannot write {}", path.display()))?;
    }
    print!("{}", table.render());
    let articles = store.stats()?.articles;
    let db = std::fs::metadata(data.join(newsbite_library::store::DB_FILE)).map_or(0, |m| m.len());
    println!(
        "over {articles} articles, {} queries x {SEARCH_RUNS} runs: FTS5 p50 {:.2} ms, p99 {:.2} ms; \
         tantivy p50 {:.2} ms, p99 {:.2} ms",
        queries.len(),
        ms(percentile(&all_fts, 0.5)),
        ms(percentile(&all_fts, 0.99)),
        ms(percentile(&all_tantivy, 0.5)),
        ms(percentile(&all_tantivy, 0.99)),
    );
    println!(
        "tantivy index: {:.0} MB (the library's database: {:.0} MB, FTS5 and all){}",
        Side::bytes(data) as f64 / 1e6,
        db as f64 / 1e6,
        match side.built {
            Some((n, secs)) => format!(
                "; built now from {n} articles in {secs:.1} s on one thread, {:.0} µs per article",
                secs * 1e6 / n.max(1) as f64
            ),
            None => String::new(),
        }
    );
    Ok(())
}

/// The words of `field` that start with `prefix`, with how many articles hold each.
fn words_starting(
    searcher: &tantivy::Searcher,
    field: Field,
    prefix: &str,
) -> anyhow::Result<BTreeMap<String, u32>> {
    let mut held: BTreeMap<String, u32> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index.terms().range().ge(prefix.as_bytes()).into_stream()?;
        while stream.advance() {
            if !stream.key().starts_with(prefix.as_bytes()) {
                break;
            }
            let df = stream.value().doc_freq;
            if let Ok(word) = std::str::from_utf8(stream.key()) {
                *held.entry(word.to_string()).or_insert(0) += df;
            }
        }
    }
    Ok(held)
}

/// A snippet as the store writes one: the matched words in `[` `]`.
fn marked(snippet: &tantivy::snippet::Snippet) -> String {
    let text = snippet.fragment();
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = 0;
    for r in snippet.highlighted() {
        out.push_str(&text[at..r.start]);
        out.push('[');
        out.push_str(&text[r.start..r.end]);
        out.push(']');
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The query's pieces: quoted phrases whole, other words by white space.
fn pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let quoted = rest.starts_with('"') || rest.starts_with("-\"");
        let end = if quoted {
            let open = rest.find('"').unwrap_or(0);
            rest[open + 1..].find('"').map_or(rest.len(), |close| open + close + 2)
        } else {
            rest.find(char::is_whitespace).unwrap_or(rest.len())
        };
        let end = (end..=rest.len()).find(|&e| rest.is_char_boundary(e)).unwrap_or(rest.len());
        out.push(rest[..end].to_string());
        rest = rest[end..].trim_start();
    }
    out
}

/// Copies the library in `data` into a new index in `dir`: articles and seconds.
fn build(data: &Path, dir: &Path) -> anyhow::Result<(usize, f64)> {
    let db = data.join(newsbite_library::store::DB_FILE);
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open {}", db.display()))?;
    let index =
        Index::create_in_dir(dir, schema()).with_context(|| format!("cannot create {}", dir.display()))?;
    register(&index);
    let s = index.schema();
    let f = |name: &str| s.get_field(name).expect("in the schema");
    let (headline, body, speakers, entities) = (f("headline"), f("body"), f("speakers"), f("entities"));
    let (publisher, time, id) = (f("publisher"), f("time"), f("id"));
    let prefix_fields = PREFIX_FIELDS.map(f);
    let mut analyzer = index.tokenizers().get("news").expect("registered above");
    // One indexing thread: the store writes on one thread too.
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 200_000_000)?;
    let mut stmt = conn.prepare(
        "SELECT f.rowid, f.headline, f.body, f.speakers, f.entities, a.publisher, coalesce(a.published, a.added_at) \
         FROM articles_fts f JOIN articles a ON a.id = f.rowid ORDER BY f.rowid",
    )?;
    let mut rows = stmt.query([])?;
    let started = Instant::now();
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let mut doc = TantivyDocument::default();
        doc.add_u64(id, u64::try_from(row.get::<_, i64>(0)?).unwrap_or(0));
        for (k, field) in [(1, headline), (2, body), (3, speakers), (4, entities)] {
            if let Some(text) = row.get::<_, Option<String>>(k)? {
                doc.add_text(prefix_fields[k - 1], prefixes_of(&mut analyzer, &text));
                doc.add_text(field, text);
            }
        }
        if let Some(p) = row.get::<_, Option<String>>(5)? {
            doc.add_text(publisher, p);
        }
        doc.add_i64(time, row.get(6)?);
        writer.add_document(doc)?;
        n += 1;
        if n % BATCH == 0 {
            writer.commit()?;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok((n, started.elapsed().as_secs_f64()))
}

/// The first two and three characters of each word of `text` as `analyzer` reads it, separated
/// by spaces (a word shorter than a length has no prefix of that length).
fn prefixes_of(analyzer: &mut TextAnalyzer, text: &str) -> String {
    let mut out = String::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let word = &stream.token().text;
        for n in PREFIX_LENGTHS {
            if let Some((end, _)) = word.char_indices().nth(n - 1) {
                let end = end + word[end..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&word[..end]);
                out.push(' ');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{pieces, prefixes_of, register, schema};
    use tantivy::Index;

    #[test]
    fn prefixes_are_taken_of_the_indexed_words() {
        let index = Index::create_in_ram(schema());
        register(&index);
        let mut analyzer = index.tokenizers().get("news").expect("registered");
        assert_eq!(prefixes_of(&mut analyzer, "Going to Ålborg, I"), "go to al alb ");
    }

    #[test]
    fn a_query_is_cut_into_words_and_phrases() {
        assert_eq!(pieces("  go*  \"quilo kagol\" -ver "), ["go*", "\"quilo kagol\"", "-ver"]);
        assert_eq!(pieces("-\"a b\" c"), ["-\"a b\"", "c"]);
        assert_eq!(pieces("\"open"), ["\"open"]);
        assert!(pieces("   ").is_empty());
    }
}
