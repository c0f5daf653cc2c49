//! Crash safety: `kill -9` in the middle of an add leaves a database that opens, holds no
//! half-written article, and a re-run of the add finishes the job.
//!
//! The test re-runs its own binary as the child (selected by an environment variable), which adds
//! made-up articles in batches and says after each commit how far it got. The parent kills it
//! with SIGKILL at different points (some fall between the database's commit and the search
//! index's), inspects the file and the index each time, and finally lets a child run to the end.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{at, numbered};
use newsbite_store::Store;

const CHILD: &str = "NEWSBITE_STORE_CRASH_CHILD";
const TEST_NAME: &str = "kill_9_mid_add_loses_nothing_and_a_rerun_finishes";
const TOTAL: usize = 12_000;
const BATCH: usize = 400;

/// The child: add all the articles, batch by batch, saying after each commit which one it was.
fn child(dir: &Path) {
    let mut store = Store::open(dir).expect("child opens the store");
    let items: Vec<_> = (0..TOTAL).map(numbered).collect();
    for (i, batch) in items.chunks(BATCH).enumerate() {
        store.add_batch(batch, at(0)).expect("child adds a batch");
        println!("committed {i}");
    }
    println!("finished");
}

/// Runs the child; kills it once it has committed batch `kill_after` (and `delay` more), or lets
/// it finish when `None`. Returns the last batch it said it committed.
fn run_child(dir: &Path, kill_after: Option<usize>, delay: Duration) -> Option<usize> {
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
        .env(CHILD, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("child stdout");
    let mut last = None;
    let mut finished = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("child line");
        if let Some(n) = line.strip_prefix("committed ") {
            let n: usize = n.trim().parse().expect("batch number");
            last = Some(n);
            if kill_after.is_some_and(|k| n >= k) {
                std::thread::sleep(delay);
                child.kill().expect("SIGKILL the child"); // std sends SIGKILL on Unix
                break;
            }
        }
        finished |= line.trim() == "finished";
    }
    let status = child.wait().expect("wait for child");
    if kill_after.is_none() {
        assert!(status.success() && finished, "child failed: {status}");
    } else {
        assert!(!status.success(), "child was meant to be killed, and finished instead");
    }
    last
}

/// What must hold after any crash: the file opens and checks out, every article is whole.
fn check(dir: &Path) -> usize {
    let store = Store::open(dir).expect("the database opens after kill -9");
    let conn = rusqlite::Connection::open(store.path()).expect("raw open");
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
    assert_eq!(ok, "ok");
    // Opening indexed whatever the kill left pending: search finds every article, once.
    let pending: i64 =
        conn.query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0)).expect("pending");
    assert_eq!(pending, 0, "articles left out of the search index");
    let count = store.stats().expect("stats").articles;
    // Each article reads back whole (its JSON parses) and is the one the child meant to add.
    let all = store.articles_since(at(0) - chrono::Duration::days(1)).expect("read all");
    assert_eq!(all.len(), count);
    let mut q = newsbite_store::Query::new("harbour");
    q.limit = usize::MAX;
    let mut found: Vec<i64> = store.search(&q).expect("search").iter().map(|h| h.id).collect();
    found.sort_unstable();
    let mut ids: Vec<i64> = all.iter().map(|a| a.id).collect();
    ids.sort_unstable();
    assert_eq!(found, ids, "the search index and the articles differ");
    for stored in &all {
        let url = stored.article.url.as_deref().expect("url");
        let i: usize = url.rsplit('/').next().and_then(|n| n.parse().ok()).expect("number");
        let (article, analysis) = numbered(i);
        assert_eq!((&stored.article, &stored.analysis), (&article, &analysis));
    }
    // Batches are all or nothing.
    assert_eq!(count % BATCH, 0, "a batch was stored in part: {count} articles");
    count
}

#[test]
fn kill_9_mid_add_loses_nothing_and_a_rerun_finishes() {
    if let Some(dir) = std::env::var_os(CHILD) {
        child(Path::new(&dir));
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut stored = 0;
    for (round, kill_after) in [2usize, 9, 17].into_iter().enumerate() {
        let delay = Duration::from_millis(3 + 11 * round as u64);
        let last = run_child(dir.path(), Some(kill_after), delay).expect("child committed");
        let count = check(dir.path());
        assert!(count >= (last + 1) * BATCH, "a committed batch was lost");
        assert!(count >= stored, "articles were lost between runs");
        stored = count;
    }
    assert!(stored < TOTAL, "the children were meant to be killed before the end");
    run_child(dir.path(), None, Duration::ZERO);
    assert_eq!(check(dir.path()), TOTAL, "the re-run finished the job, each article once");
}
