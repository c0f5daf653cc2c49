//! The search index: a tantivy index beside the database file, derived from the articles.
//!
//! # What it holds
//!
//! One document per article: its id, its headline and body (standfirst and body text), the
//! canonical names of its speakers and of its entities (one a line, each once), the first two
//! and three characters of each of those fields' words as written (so that a short prefix search
//! such as `go*` reads one list instead of the lists of every word it starts), its publisher
//! (lower case, whole), and its time (published, else added). Only the id is stored: a hit's
//! headline, date and snippet are read from the database.
//!
//! Words are runs of letters and digits, lower-cased, folded to ASCII (`café` is `cafe`) and
//! stemmed with the English Snowball stemmer, so `troops` finds `troop`. A word longer than
//! [`LONGEST_WORD`] bytes (a URL, a run of base64) is left out.
//!
//! # Keeping it in step with the database
//!
//! The database is the record; the index is derived from it and can always be rebuilt. Every
//! write of an article also writes its id to the `search_pending` table, in the same
//! transaction. After the transaction commits, [`SearchIndex::sync`] indexes the pending
//! articles (the documents the transaction made, else read back from the database), commits the
//! index, and only then deletes the pending rows it indexed. So:
//!
//! - a process killed between the two commits leaves the rows pending, and the next open
//!   indexes them again (indexing an article replaces its document, so twice is the same as
//!   once);
//! - an index folder that is missing, unreadable, or of another schema is built again from the
//!   articles when the store opens (every article becomes pending);
//! - tantivy lets one process write an index at a time. A process that finds the writer taken
//!   waits for it as it waits for SQLite's lock ([`BUSY_TIMEOUT`](crate::BUSY_TIMEOUT)); after
//!   that, the articles stay pending and the next write or open in any process indexes them.
//!   Writers hold the lock only while they index and commit.
//!
//! Readers see what was committed: a store reloads its reader after its own commits, and before
//! a search when the index's `meta.json` (which tantivy replaces at each commit) has changed
//! since, so a search that follows another process's commit sees it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Instant, SystemTime};

use newsbite_model::{Analysis, Article};
use rusqlite::{Connection, OptionalExtension};
use tantivy::directory::error::LockError;
use tantivy::directory::MmapDirectory;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, TantivyError, Term};

use crate::error::Reason;

/// What the index folder's name adds to the database file's (`newsbite.db-search`), as SQLite's
/// `-wal` and `-shm` files do.
pub const FOLDER_SUFFIX: &str = "-search";

/// The longest word the index keeps, in bytes.
pub const LONGEST_WORD: usize = 100;

/// The prefix lengths that have their own lists.
pub(crate) const PREFIX_LENGTHS: [usize; 2] = [2, 3];

/// The name of the time field (sorting by a fast field takes its name).
pub(crate) const TIME: &str = "time";

/// The analyser of the text fields, by the name the schema gives it.
const WORDS: &str = "news";
/// The analyser of the publisher: the whole name, lower-cased.
const WHOLE: &str = "whole_lower";
/// The analyser of the prefix fields: the prefixes are made when the document is (see
/// [`SearchText::new`]), one a space.
const SPACED: &str = "whitespace";

/// The memory the writer may fill before it writes a segment (tantivy's minimum is 15 MB).
const WRITER_MEMORY: usize = 64 << 20;
/// Pending articles indexed per commit.
const CHUNK: i64 = 5_000;

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Headline, body, speakers, entities.
    pub(crate) text: [Field; 4],
    /// The prefixes of each text field's words.
    pub(crate) prefixes: [Field; 4],
    /// The publisher, lower case, whole.
    pub(crate) publisher: Field,
    /// Published, else added: seconds since 1970.
    pub(crate) time: Field,
    /// The article's id.
    pub(crate) id: Field,
}

/// The schema this build writes, and its fields.
fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexed = |tokenizer: &str, option: IndexRecordOption| {
        let indexing = TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(option);
        TextOptions::default().set_indexing_options(indexing)
    };
    let words = || indexed(WORDS, IndexRecordOption::WithFreqsAndPositions);
    let text = [
        b.add_text_field("headline", words()),
        b.add_text_field("body", words()),
        b.add_text_field("speakers", words()),
        b.add_text_field("entities", words()),
    ];
    let prefix = || indexed(SPACED, IndexRecordOption::WithFreqs);
    let prefixes = [
        b.add_text_field("headline_prefixes", prefix()),
        b.add_text_field("body_prefixes", prefix()),
        b.add_text_field("speakers_prefixes", prefix()),
        b.add_text_field("entities_prefixes", prefix()),
    ];
    let publisher = b.add_text_field("publisher", indexed(WHOLE, IndexRecordOption::Basic));
    let time = b.add_i64_field(TIME, INDEXED | FAST);
    // Only the id is kept: hits and their snippets are made from the database's copy of the text.
    let id = b.add_u64_field("id", INDEXED | FAST);
    (b.build(), Fields { text, prefixes, publisher, time, id })
}

/// The analyser of the text fields: words, lower case, ASCII, stemmed.
pub(crate) fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The analyser whose words' prefixes the prefix fields keep: the words' analyser without the
/// stemmer. A prefix is of the word as written (`cry*` finds "cry" and "cryptic", where the
/// stemmed word is "cri"), and the text is stemmed once, by the index, not twice.
fn prefix_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The words of `text` as the prefix fields read them (folded, not stemmed).
pub(crate) fn prefix_words(text: &str) -> Vec<String> {
    analyse(&mut prefix_analyzer(), text)
}

/// The words of `text` as the index keeps them.
pub(crate) fn words(text: &str) -> Vec<String> {
    analyse(&mut words_analyzer(), text)
}

fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

fn register(index: &Index) {
    index.tokenizers().register(WORDS, words_analyzer());
    index
        .tokenizers()
        .register(WHOLE, TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build());
}

/// The text an article gives the index, made without the database (see
/// [`Prepared`](crate::Prepared)).
#[derive(Debug, Clone)]
pub(crate) struct SearchText {
    /// Headline, body (standfirst and body text, one block a line), speakers and entities (the
    /// canonical names, one a line, each once).
    fields: [String; 4],
    /// The prefixes of each field's words.
    prefixes: [String; 4],
}

impl SearchText {
    pub(crate) fn new(article: &Article, analysis: &Analysis) -> Self {
        let body = body_of(article);
        let speakers =
            unique_lines(analysis.quotes.iter().filter_map(|q| q.speaker.as_ref()).map(|s| s.name.as_str()));
        let entities = unique_lines(analysis.entities.iter().map(|e| e.name.as_str()));
        let fields = [article.headline.clone(), body, speakers, entities];
        let mut analyzer = prefix_analyzer();
        let prefixes = [0, 1, 2, 3].map(|k| prefixes_of(&mut analyzer, &fields[k]));
        SearchText { fields, prefixes }
    }

    /// The article's document: this text, with its id, publisher and time.
    pub(crate) fn document(
        &self,
        fields: &Fields,
        id: i64,
        publisher: Option<&str>,
        time: i64,
    ) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_u64(fields.id, id_value(id));
        for k in 0..4 {
            doc.add_text(fields.text[k], &self.fields[k]);
            doc.add_text(fields.prefixes[k], &self.prefixes[k]);
        }
        if let Some(p) = publisher.map(str::trim).filter(|p| !p.is_empty()) {
            doc.add_text(fields.publisher, p);
        }
        doc.add_i64(fields.time, time);
        doc
    }
}

/// What the index calls an article's body: its standfirst and body text, one block a line.
pub(crate) fn body_of(article: &Article) -> String {
    let mut body = article.standfirst.clone().unwrap_or_default();
    let text = article.body_text();
    if !body.is_empty() && !text.is_empty() {
        body.push('\n');
    }
    body.push_str(&text);
    body
}

/// The lines of `names`, trimmed, each once, in order.
fn unique_lines<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for name in names.map(str::trim).filter(|n| !n.is_empty()) {
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    seen.join("\n")
}

/// The first two and three characters of each word of `text` as `analyzer` reads it, one a space
/// (a word shorter than a length has no prefix of that length).
fn prefixes_of(analyzer: &mut TextAnalyzer, text: &str) -> String {
    let mut out = String::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let word = &stream.token().text;
        for n in PREFIX_LENGTHS {
            if let Some((end, c)) = word.char_indices().nth(n - 1) {
                out.push_str(&word[..end + c.len_utf8()]);
                out.push(' ');
            }
        }
    }
    out
}

/// An article id as the index keeps it (ids are positive: SQLite's rowids).
pub(crate) fn id_value(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(0)
}

/// The search index of one store.
pub(crate) struct SearchIndex {
    index: Index,
    reader: IndexReader,
    pub(crate) fields: Fields,
    /// Where it is, for messages: `None` in memory.
    dir: Option<PathBuf>,
    /// The `meta.json` the reader last loaded: its modification time and size.
    loaded: Mutex<Option<(SystemTime, u64)>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("dir", &self.dir).finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `dir` (in memory when `None`), creating it when it is not there or
    /// cannot be used; the flag says whether it was created empty, in which case every article
    /// must be indexed.
    pub(crate) fn open(dir: Option<&Path>) -> Result<(SearchIndex, bool), Reason> {
        let (schema, fields) = schema();
        let (index, fresh) = match dir {
            None => (Index::create_in_ram(schema), true),
            Some(dir) => open_dir(dir, schema)?,
        };
        register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| index_error(dir, e))?;
        let index =
            SearchIndex { index, reader, fields, dir: dir.map(Path::to_path_buf), loaded: Mutex::new(None) };
        *index.loaded.lock().unwrap_or_else(|e| e.into_inner()) = index.meta();
        Ok((index, fresh))
    }

    /// The modification time and size of the index's `meta.json`: `None` in memory.
    fn meta(&self) -> Option<(SystemTime, u64)> {
        let meta = std::fs::metadata(self.dir.as_ref()?.join("meta.json")).ok()?;
        Some((meta.modified().ok()?, meta.len()))
    }

    /// A searcher over what was last committed, by this store or another (see the module docs).
    pub(crate) fn searcher(&self) -> Result<Searcher, Reason> {
        let now = self.meta();
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        if now != *loaded {
            self.reader.reload().map_err(|e| self.error(e))?;
            *loaded = now;
        }
        Ok(self.reader.searcher())
    }

    /// A failure of the index, naming it.
    pub(crate) fn error(&self, error: TantivyError) -> Reason {
        index_error(self.dir.as_deref(), error)
    }

    /// The writer, waiting up to [`BUSY_TIMEOUT`](crate::BUSY_TIMEOUT) while another process
    /// holds it; `None` if it stays taken.
    fn writer(&self) -> Result<Option<IndexWriter>, Reason> {
        let started = Instant::now();
        loop {
            match self.index.writer_with_num_threads(1, WRITER_MEMORY) {
                Ok(writer) => return Ok(Some(writer)),
                Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                    if started.elapsed() >= crate::BUSY_TIMEOUT {
                        return Ok(None);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => return Err(self.error(e)),
            }
        }
    }

    /// Indexes the pending articles (see the module docs). `ready` holds documents already made
    /// for some of them, by id.
    ///
    /// An article whose stored JSON cannot be read is left out of the index (reading it says
    /// why); an article no longer stored is taken out of it.
    pub(crate) fn sync(
        &self,
        conn: &Connection,
        mut ready: HashMap<i64, TantivyDocument>,
    ) -> Result<(), Reason> {
        let pending =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM search_pending)", [], |r| r.get::<_, bool>(0));
        if !pending? {
            return Ok(());
        }
        let Some(mut writer) = self.writer()? else {
            return Ok(());
        };
        let mut after = 0;
        loop {
            let rows: Vec<(i64, i64)> = {
                let mut stmt = conn.prepare_cached(
                    "SELECT seq, article_id FROM search_pending WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                )?;
                let rows = stmt.query_map([after, CHUNK], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            let Some(&(last, _)) = rows.last() else { break };
            for (_, id) in rows {
                writer.delete_term(Term::from_field_u64(self.fields.id, id_value(id)));
                let doc = match ready.remove(&id) {
                    Some(doc) => Some(doc),
                    None => self.stored_document(conn, id)?,
                };
                if let Some(doc) = doc {
                    writer.add_document(doc).map_err(|e| self.error(e))?;
                }
            }
            writer.commit().map_err(|e| self.error(e))?;
            conn.prepare_cached("DELETE FROM search_pending WHERE seq <= ?1")?.execute([last])?;
            after = last;
        }
        writer.wait_merging_threads().map_err(|e| self.error(e))?;
        self.reader.reload().map_err(|e| self.error(e))?;
        *self.loaded.lock().unwrap_or_else(|e| e.into_inner()) = self.meta();
        Ok(())
    }

    /// The document of article `id` as stored; `None` when it is not stored or cannot be read.
    fn stored_document(&self, conn: &Connection, id: i64) -> Result<Option<TantivyDocument>, Reason> {
        let row = conn
            .prepare_cached(
                "SELECT article, analysis, publisher, coalesce(published, added_at) FROM articles WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get(3)?))
            })
            .optional()?;
        let Some((article, analysis, publisher, time)) = row else {
            return Ok(None);
        };
        let (Ok(article), Ok(analysis)) =
            (serde_json::from_str::<Article>(&article), serde_json::from_str::<Analysis>(&analysis))
        else {
            return Ok(None);
        };
        let text = SearchText::new(&article, &analysis);
        Ok(Some(text.document(&self.fields, id, publisher.as_deref(), time)))
    }
}

/// Opens the index in `dir`, or makes a new one there when there is none or it cannot be used.
fn open_dir(dir: &Path, schema: Schema) -> Result<(Index, bool), Reason> {
    let fail = |e: TantivyError| index_error(Some(dir), e);
    let io = |e: std::io::Error| index_error(Some(dir), TantivyError::from(e));
    std::fs::create_dir_all(dir).map_err(io)?;
    let directory = MmapDirectory::open(dir).map_err(|e| fail(e.into()))?;
    if Index::exists(&directory).unwrap_or(false) {
        match Index::open(directory.clone()) {
            Ok(index) if index.schema() == schema => return Ok((index, false)),
            // Another schema, or a folder tantivy cannot read: it is rebuilt.
            _ => {}
        }
        drop(directory);
        std::fs::remove_dir_all(dir).map_err(io)?;
        std::fs::create_dir_all(dir).map_err(io)?;
        let directory = MmapDirectory::open(dir).map_err(|e| fail(e.into()))?;
        return Ok((Index::create(directory, schema, Default::default()).map_err(fail)?, true));
    }
    Ok((Index::create(directory, schema, Default::default()).map_err(fail)?, true))
}

fn index_error(dir: Option<&Path>, error: TantivyError) -> Reason {
    Reason::Index { dir: dir.map_or_else(|| PathBuf::from("(in memory)"), Path::to_path_buf), error }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_taken_of_the_words_as_written() {
        assert_eq!(prefixes_of(&mut prefix_analyzer(), "Going to Ålborg, I"), "go goi to al alb ");
    }

    #[test]
    fn words_are_folded_and_stemmed() {
        assert_eq!(words("Troops, CAFÉ; Zelenskyy's"), ["troop", "cafe", "zelenskyy", "s"]);
    }
}
