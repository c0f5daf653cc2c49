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

/// The search index folder of the store in `dir`.
fn index_folder(dir: &std::path::Path) -> std::path::PathBuf {
    dir.join(format!("{DB_FILE}{}", newsbite_store::index::FOLDER_SUFFIX))
}

/// The ids the store finds for `text`, in order.
fn found(store: &Store, text: &str) -> Vec<i64> {
    store.search(&newsbite_store::Query::new(text)).expect("search").iter().map(|h| h.id).collect()
}

#[test]
fn migration_5_moves_search_to_the_index_and_builds_it_from_the_articles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let ids: Vec<i64> = (0..3)
        .map(|i| {
            let (a, n) = numbered(i);
            store.add(&a, &n, at(0)).expect("add").id
        })
        .collect();
    drop(store);
    // The database as version 4 left it: FTS5's table, no pending list, no index folder.
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("raw open");
    conn.execute_batch(
        "DROP TABLE search_pending;
         CREATE VIRTUAL TABLE articles_fts USING fts5 (headline, body, speakers, entities);
         DROP INDEX articles_analyzer;
         ALTER TABLE articles DROP COLUMN analyzer;
         PRAGMA user_version = 4;",
    )
    .expect("back to version 4");
    drop(conn);
    std::fs::remove_dir_all(index_folder(dir.path())).expect("no index");

    let store = Store::open(dir.path()).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(found(&store, "velmora"), ids);
    assert_eq!(found(&store, "\"number 1 on\""), [ids[1]]);
    assert_eq!(found(&store, "ha*").len(), 3);
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("raw open");
    let left: i64 = conn.query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0)).expect("pending");
    assert_eq!(left, 0, "everything pending was indexed");
    let fts: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'articles_fts'", [], |r| r.get(0))
        .expect("schema");
    assert_eq!(fts, 0, "FTS5's table is gone");
}

#[test]
fn a_missing_or_broken_index_is_built_again_from_the_articles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let (a, n) = numbered(4);
    let id = store.add(&a, &n, at(0)).expect("add").id;
    drop(store);
    std::fs::remove_dir_all(index_folder(dir.path())).expect("remove");
    let store = Store::open(dir.path()).expect("reopen without an index");
    assert_eq!(found(&store, "harbour"), [id]);
    drop(store);
    // An index whose files are not tantivy's.
    std::fs::write(index_folder(dir.path()).join("meta.json"), b"{ not json").expect("break");
    let store = Store::open(dir.path()).expect("reopen with a broken index");
    assert_eq!(found(&store, "harbour"), [id]);
}

#[test]
fn a_second_store_finds_what_the_first_adds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut writer = Store::open(dir.path()).expect("open");
    let reader = Store::open(dir.path()).expect("open again");
    assert!(found(&reader, "harbour").is_empty());
    let (a, n) = numbered(1);
    let id = writer.add(&a, &n, at(0)).expect("add").id;
    // The reader's index reloads when another store has committed since its last search.
    let started = std::time::Instant::now();
    while found(&reader, "harbour").is_empty() && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(found(&reader, "harbour"), [id]);
}

#[test]
fn migration_6_reads_each_analysis_version_into_its_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let ids: Vec<i64> = [0, 4, 9]
        .into_iter()
        .enumerate()
        .map(|(i, version)| {
            let (a, mut n) = numbered(i);
            n.analyzer = version;
            store.add(&a, &n, at(0)).expect("add").id
        })
        .collect();
    drop(store);
    // The database as version 5 left it: the version only inside each analysis's JSON.
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("raw open");
    conn.execute_batch(
        "DROP INDEX articles_analyzer;
         ALTER TABLE articles DROP COLUMN analyzer;
         PRAGMA user_version = 5;",
    )
    .expect("back to version 5");
    drop(conn);

    let store = Store::open(dir.path()).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(store.analysed_before(5).expect("older"), [ids[0], ids[1]]);
    assert_eq!(store.analysed_before(10).expect("older"), ids);
    drop(store);
    // The look-up reads the index, not every analysis.
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("raw open");
    let plan: String = conn
        .query_row("EXPLAIN QUERY PLAN SELECT id FROM articles WHERE analyzer < 5", [], |r| r.get(3))
        .expect("plan");
    assert!(plan.contains("articles_analyzer"), "{plan}");
}
