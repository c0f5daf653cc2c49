//! The schema and its migrations.
//!
//! The schema version is SQLite's `PRAGMA user_version`: 0 for a new file, `n` once the first `n`
//! entries of [`MIGRATIONS`] have run. Opening a database runs the pending migrations in order,
//! all in one `BEGIN IMMEDIATE` transaction (so two processes opening an old file at once do not
//! both migrate it, and a failed migration leaves the file as it was). A database whose version is
//! higher than this build knows is refused: a newer NewsBite wrote it, and writing to it with an
//! older one could damage what the newer one keeps.
//!
//! **Rule:** a migration, once released, is never edited. A change to the schema is a new entry
//! at the end of the list.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::Reason;

/// The ordered list of migrations; entry `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: articles, their history, stories, claims and the full-text index.
    r#"
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    url          TEXT UNIQUE,
    content_hash BLOB UNIQUE,
    publisher    TEXT,
    headline     TEXT NOT NULL,
    published    INTEGER,
    added_at     INTEGER NOT NULL,
    updated_at   INTEGER,
    language     TEXT,
    article      TEXT NOT NULL CHECK (json_valid(article)),
    analysis     TEXT NOT NULL CHECK (json_valid(analysis))
);
CREATE INDEX articles_publisher ON articles (publisher COLLATE NOCASE, coalesce(published, added_at));
CREATE INDEX articles_dated ON articles (coalesce(published, added_at));

CREATE TABLE article_versions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    replaced_at INTEGER NOT NULL,
    article     TEXT NOT NULL CHECK (json_valid(article)),
    analysis    TEXT NOT NULL CHECK (json_valid(analysis))
);
CREATE INDEX article_versions_article ON article_versions (article_id);

CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    bite       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bite)),
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    disputed   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stories_last_seen ON stories (last_seen);

CREATE TABLE story_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id   INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    copy_of    INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    CHECK (copy_of IS NULL OR copy_of <> article_id)
);
CREATE INDEX story_articles_story ON story_articles (story_id);

CREATE TABLE claims (
    story_id INTEGER PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    claims   TEXT NOT NULL CHECK (json_valid(claims))
);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    headline, body, speakers, entities,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25(8.0, 1.0, 2.0, 2.0)');
"#,
    // 2: the feeds followed, their polling state, and the entries seen in each.
    r#"
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    title         TEXT,
    site_url      TEXT,
    category      TEXT,
    etag          TEXT,
    last_modified TEXT,
    added_at      INTEGER NOT NULL,
    last_polled   INTEGER,
    last_ok       INTEGER,
    last_error    TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    next_poll     INTEGER
);
CREATE INDEX feeds_next_poll ON feeds (next_poll);

CREATE TABLE feed_entries (
    feed_id    INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key  TEXT NOT NULL,
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
) WITHOUT ROWID;
CREATE INDEX feed_entries_article ON feed_entries (article_id);
"#,
    // 3: the full-text index with prefix indexes of two and three characters, so that a short
    // prefix search (`sa*`) reads one list instead of merging the lists of every word it starts.
    r#"
CREATE VIRTUAL TABLE articles_fts_new USING fts5 (
    headline, body, speakers, entities,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO articles_fts_new (rowid, headline, body, speakers, entities)
    SELECT rowid, headline, body, speakers, entities FROM articles_fts;
DROP TABLE articles_fts;
ALTER TABLE articles_fts_new RENAME TO articles_fts;
INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25(8.0, 1.0, 2.0, 2.0)');
"#,
    // 4: the full-text index holds up to 32 MB of new entries in memory before it writes them as
    // a segment (FTS5's `hashsize`, 1 MB by default). A batch of 2,000 articles then becomes one
    // segment, not a dozen small ones that are merged again and again: FTS5's indexing CPU time
    // fell by a quarter on 30,000 articles.
    r#"
INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 33554432);
"#,
    // 5: search moves to a tantivy index beside the file (see `index`): FTS5's table goes, and
    // every article is listed as pending, so that opening the store builds the new index.
    r#"
DROP TABLE articles_fts;
CREATE TABLE search_pending (
    seq        INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL
);
INSERT INTO search_pending (article_id) SELECT id FROM articles ORDER BY id;
"#,
    // 6: the version of the rules that made each analysis (`Analysis::analyzer`) in a column of
    // its own, indexed: finding the analyses an older NewsBite made (`newsbite reanalyse`, and
    // `serve` on start) was a read of every analysis's JSON.
    r#"
ALTER TABLE articles ADD COLUMN analyzer INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET analyzer = coalesce(json_extract(analysis, '$.analyzer'), 0);
CREATE INDEX articles_analyzer ON articles (analyzer);
"#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to [`SCHEMA_VERSION`], or refuses one that is newer.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), Reason> {
    let found = version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Reason::TooNew { found, known: SCHEMA_VERSION });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated the file while this one waited for the lock.
    let found = version(&tx)?;
    if found > SCHEMA_VERSION {
        return Err(Reason::TooNew { found, known: SCHEMA_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(found).unwrap_or(0)) {
        let to = i as i64 + 1;
        tx.execute_batch(sql)
            .and_then(|()| tx.pragma_update(None, "user_version", to))
            .map_err(|error| Reason::Migration { version: to, error })?;
    }
    tx.commit()?;
    Ok(())
}

/// The database's schema version (`PRAGMA user_version`).
pub(crate) fn version(conn: &Connection) -> Result<i64, Reason> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}
