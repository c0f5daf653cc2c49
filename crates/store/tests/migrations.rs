//! Opening: fresh and existing databases, migrations in a transaction, newer schemas refused.

mod common;

use common::{at, numbered};
use newsbite_store::{Reason, Store, StoreError, DB_FILE, SCHEMA_VERSION};

#[test]
fn a_fresh_folder_gets_a_database_in_wal_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("nested/data");
    let store = Store::open(&data).expect("open");
    assert_eq!(store.path(), data.join(DB_FILE));
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    drop(store);
    let conn = rusqlite::Connection::open(data.join(DB_FILE)).expect("raw open");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("mode");
    assert_eq!(mode, "wal");
}

#[test]
fn an_existing_database_keeps_its_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let (a, n) = numbered(1);
    let id = store.add(&a, &n, at(0)).expect("add").id;
    let story = store.create_story("Harbour", at(0)).expect("story");
    store.assign(id, story, None).expect("assign");
    drop(store);
    let store = Store::open(dir.path()).expect("reopen");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let stored = store.article(id).expect("read").expect("present");
    assert_eq!(stored.article, a);
    assert_eq!(stored.story, Some(story));
}

#[test]
fn two_stores_share_one_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut writer = Store::open(dir.path()).expect("open");
    let reader = Store::open(dir.path()).expect("open again");
    let (a, n) = numbered(1);
    let id = writer.add(&a, &n, at(0)).expect("add").id;
    assert!(reader.article(id).expect("read").is_some());
}

#[test]
fn an_empty_sqlite_file_is_migrated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DB_FILE);
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.execute_batch("CREATE TABLE unrelated (x); INSERT INTO unrelated VALUES (1);").expect("seed");
    drop(conn);
    let store = Store::open(dir.path()).expect("open");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
}

#[test]
fn a_failed_migration_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DB_FILE);
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    // A table in the way of migration 1, half way through it.
    conn.execute_batch("CREATE TABLE stories (x);").expect("seed");
    drop(conn);
    let err = Store::open(dir.path()).expect_err("must fail");
    assert!(matches!(err.reason(), Some(Reason::Migration { version: 1, .. })), "{err}");
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("schema version 1"), "{msg}");
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    assert_eq!(version, 0);
    let articles: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'articles'", [], |r| r.get(0))
        .expect("count");
    assert_eq!(articles, 0, "migration 1's first table was rolled back");
}

#[test]
fn a_newer_database_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(Store::open(dir.path()).expect("open"));
    let path = dir.path().join(DB_FILE);
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).expect("bump");
    drop(conn);
    let err = Store::open(dir.path()).expect_err("must refuse");
    match &err {
        StoreError::Db { path: p, reason: Reason::TooNew { found, known } } => {
            assert_eq!(p, &path);
            assert_eq!(*found, SCHEMA_VERSION + 1);
            assert_eq!(*known, SCHEMA_VERSION);
        }
        other => panic!("unexpected: {other}"),
    }
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()) && msg.contains("newer NewsBite"), "{msg}");
}

#[test]
fn a_file_that_is_not_a_database_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DB_FILE);
    std::fs::write(&path, vec![b'x'; 4096]).expect("write");
    let err = Store::open(dir.path()).expect_err("must fail");
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(matches!(err.reason(), Some(Reason::Open(_))), "{msg}");
}

#[test]
fn a_data_folder_that_cannot_be_made_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").expect("write");
    let err = Store::open(&file.join("data")).expect_err("must fail");
    assert!(matches!(err, StoreError::CreateDir { .. }), "{err}");
    assert!(err.to_string().contains("a-file"), "{err}");
}

#[test]
fn migration_3_rebuilds_the_text_index_with_prefixes_and_keeps_it_searchable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DB_FILE);
    // A database as migrations 1 and 2 left it, with an article in it.
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    for sql in &newsbite_store::schema::MIGRATIONS[..2] {
        conn.execute_batch(sql).expect("old migration");
    }
    conn.pragma_update(None, "user_version", 2).expect("version 2");
    drop(conn);
    let mut store = Store::open_file(&path).expect("open");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let (a, n) = numbered(7);
    let id = store.add(&a, &n, at(0)).expect("add").id;
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.execute_batch(
        "DROP TABLE articles_fts;
         CREATE VIRTUAL TABLE articles_fts USING fts5 (headline, body, speakers, entities,
             tokenize = 'porter unicode61 remove_diacritics 2');
         INSERT INTO articles_fts (rowid, headline, body, speakers, entities)
             SELECT id, headline, 'The council of Velmora met on the harbour plan.', '', '' FROM articles;
         PRAGMA user_version = 2;",
    )
    .expect("back to version 2");
    drop(conn);

    let store = Store::open_file(&path).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    for text in ["harbour", "ha*", "vel*", "\"harbour plan\""] {
        let hits = store.search(&newsbite_store::Query::new(text)).expect("search");
        assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![id], "{text}");
    }
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    let sql: String = conn
        .query_row("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'", [], |r| r.get(0))
        .expect("schema");
    assert!(sql.contains("prefix"), "{sql}");
}

#[test]
fn migration_4_lets_the_text_index_hold_32_mb_of_new_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("raw open");
    let size: i64 = conn
        .query_row("SELECT v FROM articles_fts_config WHERE k = 'hashsize'", [], |r| r.get(0))
        .expect("hashsize is set");
    assert_eq!(size, 32 << 20);
}
