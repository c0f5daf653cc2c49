//! Adding is idempotent: one row per URL, one per content; changes keep their history.

mod common;

use common::{analysis, article, at, numbered};
use newsbite_store::{Added, Outcome, Store};

#[test]
fn same_url_twice_is_stored_once() {
    let mut store = Store::open_in_memory().expect("store");
    let a = article(Some("https://a.test/1"), "a.test", "Bridge opens", &["The bridge opened."]);
    let n = analysis(&[], &[]);
    let first = store.add(&a, &n, at(0)).expect("add");
    let second = store.add(&a, &n, at(1)).expect("add again");
    assert_eq!(first.outcome, Outcome::Inserted);
    assert_eq!(second, Added { id: first.id, outcome: Outcome::Unchanged });
    assert_eq!(store.stats().expect("stats").articles, 1);
    let stored = store.article(first.id).expect("read").expect("present");
    assert_eq!(stored.article, a);
    assert_eq!(stored.added_at, at(0));
    assert_eq!(stored.updated_at, None);
    assert_eq!(store.article_id_by_url("https://a.test/1").expect("by url"), Some(first.id));
}

#[test]
fn same_content_under_two_urls_is_stored_once() {
    let mut store = Store::open_in_memory().expect("store");
    let a = article(Some("https://a.test/1"), "a.test", "Bridge opens", &["The bridge opened."]);
    // The same words, from another page, with other spacing, case and quotes.
    let b = article(Some("https://b.test/x"), "b.test", "BRIDGE  opens", &["The bridge opened"]);
    let n = analysis(&[], &[]);
    let first = store.add(&a, &n, at(0)).expect("add");
    let second = store.add(&b, &n, at(1)).expect("add copy");
    assert_eq!(second, Added { id: first.id, outcome: Outcome::Unchanged });
    assert_eq!(store.stats().expect("stats").articles, 1);
}

#[test]
fn same_content_without_url_is_stored_once() {
    let mut store = Store::open_in_memory().expect("store");
    let a = article(None, "a.test", "Bridge opens", &["The bridge opened."]);
    let n = analysis(&[], &[]);
    let first = store.add(&a, &n, at(0)).expect("add");
    let again = store.add(&a, &n, at(0)).expect("add");
    assert_eq!(again, Added { id: first.id, outcome: Outcome::Unchanged });
}

#[test]
fn headline_only_articles_with_urls_are_not_folded() {
    let mut store = Store::open_in_memory().expect("store");
    let a = article(Some("https://a.test/live/1"), "a.test", "Live updates", &[]);
    let b = article(Some("https://a.test/live/2"), "a.test", "Live updates", &[]);
    let n = analysis(&[], &[]);
    let x = store.add(&a, &n, at(0)).expect("add");
    let y = store.add(&b, &n, at(0)).expect("add");
    assert_eq!(y.outcome, Outcome::Inserted);
    assert_ne!(x.id, y.id);
}

#[test]
fn changed_article_updates_and_keeps_history() {
    let mut store = Store::open_in_memory().expect("store");
    let v1 = article(Some("https://a.test/1"), "a.test", "Bridge to open", &["It opens soon."]);
    let v2 = article(Some("https://a.test/1"), "a.test", "Bridge opens", &["It opened today."]);
    let n = analysis(&[], &["Velmora"]);
    let first = store.add(&v1, &n, at(0)).expect("add v1");
    let second = store.add(&v2, &n, at(5)).expect("add v2");
    assert_eq!(second, Added { id: first.id, outcome: Outcome::Updated });
    let stored = store.article(first.id).expect("read").expect("present");
    assert_eq!(stored.article, v2);
    assert_eq!(stored.added_at, at(0));
    assert_eq!(stored.updated_at, Some(at(5)));
    let history = store.history(first.id).expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].article, v1);
    assert_eq!(history[0].replaced_at, at(5));
    // The index follows: the new words are found, the old ones are not.
    assert_eq!(store.search(&newsbite_store::Query::new("today")).expect("search").len(), 1);
    assert!(store.search(&newsbite_store::Query::new("soon")).expect("search").is_empty());
    // The old content is no longer "stored": adding it again under no URL inserts it.
    let mut old = v1.clone();
    old.url = None;
    assert_eq!(store.add(&old, &n, at(6)).expect("add old").outcome, Outcome::Inserted);
    // Re-adding v2 changes nothing.
    assert_eq!(store.add(&v2, &n, at(7)).expect("again").outcome, Outcome::Unchanged);
    assert_eq!(store.history(first.id).expect("history").len(), 1);
}

#[test]
fn a_new_analysis_updates_too() {
    let mut store = Store::open_in_memory().expect("store");
    let a = article(Some("https://a.test/1"), "a.test", "Bridge opens", &["It opened."]);
    let first = store.add(&a, &analysis(&[], &[]), at(0)).expect("add");
    let again = store.add(&a, &analysis(&["Ilsa Quorn"], &[]), at(1)).expect("re-analysed");
    assert_eq!(again, Added { id: first.id, outcome: Outcome::Updated });
    let q = newsbite_store::Query { speaker: Some("quorn".into()), ..Default::default() };
    assert_eq!(store.search(&q).expect("search").len(), 1);
    // The article did not change: the history keeps no copy of it, and it was never replaced.
    let stored = store.article(first.id).expect("read").expect("present");
    assert_eq!(stored.analysis, analysis(&["Ilsa Quorn"], &[]));
    assert_eq!(stored.updated_at, None);
    assert!(store.history(first.id).expect("history").is_empty());
}

#[test]
fn analyses_made_by_older_rules_are_found_and_replaced() {
    let mut store = Store::open_in_memory().expect("store");
    let mut ids = Vec::new();
    for (i, version) in [0, 3, 1, 2].into_iter().enumerate() {
        let (a, mut n) = numbered(i);
        n.analyzer = version;
        ids.push(store.add(&a, &n, at(0)).expect("add").id);
    }
    // An analysis written before the version was recorded has no `analyzer` at all.
    let (a, n) = numbered(9);
    assert!(!serde_json::to_string(&n).expect("json").contains("analyzer"));
    ids.push(store.add(&a, &n, at(0)).expect("add").id);
    assert_eq!(store.analysed_before(2).expect("older"), [ids[0], ids[2], ids[4]]);
    assert_eq!(store.analysed_before(0).expect("none older than 0"), Vec::<i64>::new());

    let mut newer = analysis(&["Odo Brask"], &[]);
    newer.analyzer = 2;
    let replaced = store
        .transaction(|tx| Ok((tx.set_analysis(ids[0], &newer)?, tx.set_analysis(999, &newer)?)))
        .expect("replace");
    assert_eq!(replaced, (true, false), "an id no article has is no article");
    assert_eq!(store.analysed_before(2).expect("older"), [ids[2], ids[4]]);
    let stored = store.article(ids[0]).expect("read").expect("present");
    assert_eq!(stored.analysis, newer);
    assert!(store.history(ids[0]).expect("history").is_empty());
    let q = newsbite_store::Query { speaker: Some("brask".into()), ..Default::default() };
    let hits: Vec<i64> = store.search(&q).expect("search").into_iter().map(|h| h.id).collect();
    assert_eq!(hits, [ids[0]]);
}

#[test]
fn an_update_to_content_stored_elsewhere_keeps_both_rows() {
    let mut store = Store::open_in_memory().expect("store");
    let n = analysis(&[], &[]);
    let a = article(Some("https://a.test/1"), "a.test", "First", &["One thing."]);
    let b = article(Some("https://b.test/2"), "b.test", "Second", &["Another thing."]);
    let ia = store.add(&a, &n, at(0)).expect("a").id;
    let ib = store.add(&b, &n, at(0)).expect("b").id;
    // a's page now carries b's text.
    let mut a2 = b.clone();
    a2.url = a.url.clone();
    assert_eq!(store.add(&a2, &n, at(1)).expect("a2"), Added { id: ia, outcome: Outcome::Updated });
    assert_eq!(store.article_id_by_url("https://b.test/2").expect("url"), Some(ib));
    assert_eq!(store.stats().expect("stats").articles, 2);
}

#[test]
fn batch_is_all_or_nothing() {
    let mut store = Store::open_in_memory().expect("store");
    let items: Vec<_> = (0..10).map(numbered).collect();
    let added = store.add_batch(&items, at(0)).expect("batch");
    assert_eq!(added.len(), 10);
    assert!(added.iter().all(|a| a.outcome == Outcome::Inserted));
    // Same batch again: all unchanged, same ids.
    let again = store.add_batch(&items, at(1)).expect("batch again");
    assert!(again.iter().zip(&added).all(|(x, y)| x.id == y.id && x.outcome == Outcome::Unchanged));

    // A transaction that fails half way stores none of it.
    let more: Vec<_> = (10..20).map(numbered).collect();
    let failed = store.transaction(|tx| {
        for (a, n) in &more {
            tx.add(a, n, at(2))?;
        }
        tx.assign(1, 999, None) // no such story
    });
    let err = failed.expect_err("must fail");
    assert!(err.to_string().contains(":memory:"), "{err}");
    assert!(err.to_string().contains("no story with id 999"), "{err}");
    assert_eq!(store.stats().expect("stats").articles, 10);
}

#[test]
fn articles_since_lists_by_time() {
    let mut store = Store::open_in_memory().expect("store");
    let items: Vec<_> = (0..20).map(numbered).collect();
    store.add_batch(&items, at(0)).expect("batch");
    let since = store.articles_since(at(15)).expect("since");
    let ids: Vec<i64> = since.iter().map(|s| s.id).collect();
    assert_eq!(ids, (16..=20).collect::<Vec<i64>>());
    assert_eq!(since[0].article, items[15].0);
    assert_eq!(since[0].analysis, items[15].1);
}
