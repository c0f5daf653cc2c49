//! Stories: create, assign with copies, update with claims, list and read back.

mod common;

use common::{analysis, article, at, published};
use newsbite_model::{Claim, Part, Position, Span, Stance};
use newsbite_store::{Reason, Store};

fn position(speaker: &str, stance: Stance, article: i64) -> Position {
    Position {
        speaker: speaker.into(),
        stance,
        text: "troops have fought".into(),
        sentence: format!("{speaker} said troops have fought."),
        article,
        span: Span { part: Part::Block(0), start: 0, end: 5 },
    }
}

#[test]
fn a_story_round_trips_with_copies_and_claims() {
    let mut store = Store::open_in_memory().expect("store");
    let n = analysis(&[], &[]);
    let add = |store: &mut Store, url: &str, publisher: &str, text: &str, hour: u32| {
        let a = published(article(Some(url), publisher, text, &[text]), at(hour));
        store.add(&a, &n, at(hour)).expect("add").id
    };
    let wire = add(&mut store, "https://wire.test/1", "wire.test", "Troops fought, leader says", 1);
    let copy1 = add(&mut store, "https://local.test/1", "local.test", "Wire copy one", 2);
    let copy2 = add(&mut store, "https://other.test/1", "other.test", "Wire copy two", 3);
    let own = add(&mut store, "https://paper.test/1", "paper.test", "Official denies fighting", 4);
    let own2 = add(&mut store, "https://paper.test/2", "PAPER.test", "Alliance has no evidence", 5);
    let elsewhere = add(&mut store, "https://wire.test/2", "wire.test", "Ferry late", 6);

    let story = store.create_story("Troops fought", at(1)).expect("create");
    store.assign(wire, story, None).expect("assign");
    store.assign(copy1, story, Some(wire)).expect("assign copy");
    // A copy of a copy is folded under the first report.
    store.assign(copy2, story, Some(copy1)).expect("assign copy of copy");
    store.assign(own, story, None).expect("assign");
    store.assign(own2, story, None).expect("assign");
    let other = store.create_story("Ferry", at(6)).expect("create");
    store.assign(elsewhere, other, None).expect("assign");

    let claims = vec![Claim {
        about: "troops have fought".into(),
        positions: vec![
            position("Leader", Stance::Affirms, wire),
            position("Official", Stance::Denies, own),
            position("Alliance", Stance::NoEvidence, own2),
        ],
        disputed: true,
    }];
    let bite = vec!["Troops fought, the leader said.".to_string(), "An official denied it.".into()];
    store
        .update_story(story, "Leader says troops fought; official denies", &bite, &claims, at(5))
        .expect("update");

    let detail = store.story(story).expect("read").expect("present");
    let s = &detail.summary;
    assert_eq!(s.id, story);
    assert_eq!(s.title, "Leader says troops fought; official denies");
    assert_eq!(s.bite, bite);
    assert_eq!(s.articles, 5);
    // wire.test and paper.test (two reports, publisher case aside); the copies do not count.
    assert_eq!(s.sources, 2);
    assert_eq!((s.first_seen, s.last_seen), (at(1), at(5)));
    assert!(s.disputed);
    assert_eq!(detail.claims, claims);
    let reports: Vec<(i64, Vec<i64>)> =
        detail.reports.iter().map(|r| (r.article, r.copies.iter().map(|c| c.article).collect())).collect();
    assert_eq!(reports, vec![(wire, vec![copy1, copy2]), (own, vec![]), (own2, vec![])]);
    assert_eq!(store.story_reports(story).expect("ids"), vec![wire, own, own2]);
    assert_eq!(detail.reports[0].url.as_deref(), Some("https://wire.test/1"));
    assert_eq!(detail.reports[0].published.map(|p| p.timestamp()), Some(at(1).timestamp()));

    // The article knows its story.
    let a = store.article(copy1).expect("read").expect("present");
    assert_eq!((a.story, a.copy_of), (Some(story), Some(wire)));

    // Listing: most recently seen first; `since` by last seen.
    let all = store.stories(None).expect("list");
    assert_eq!(all.iter().map(|s| s.id).collect::<Vec<_>>(), vec![other, story]);
    assert!(!all[0].disputed);
    assert_eq!(all[1], detail.summary);
    let recent = store.stories(Some(at(6))).expect("list");
    assert_eq!(recent.iter().map(|s| s.id).collect::<Vec<_>>(), vec![other]);

    // The JSON a CLI would print lists each report's URL.
    let json = serde_json::to_value(&detail).expect("json");
    assert_eq!(json["reports"][0]["copies"][1]["url"], "https://other.test/1");
    assert_eq!(json["sources"], 2);
}

#[test]
fn moving_an_article_between_stories() {
    let mut store = Store::open_in_memory().expect("store");
    let n = analysis(&[], &[]);
    let a = store.add(&article(Some("https://a.test/1"), "a.test", "One", &["One."]), &n, at(0));
    let b = store.add(&article(Some("https://b.test/1"), "b.test", "Two", &["Two."]), &n, at(0));
    let (a, b) = (a.expect("a").id, b.expect("b").id);
    let s1 = store.create_story("First", at(0)).expect("s1");
    let s2 = store.create_story("Second", at(0)).expect("s2");
    store.assign(a, s1, None).expect("assign");
    store.assign(b, s1, Some(a)).expect("assign copy");
    store.assign(a, s2, None).expect("move");
    let d1 = store.story(s1).expect("read").expect("present");
    assert_eq!(d1.reports.len(), 1);
    assert_eq!(d1.reports[0].article, b, "the copy left behind stands on its own");
    assert_eq!(store.story_reports(s1).expect("ids"), vec![b]);
    assert_eq!(store.story_reports(s2).expect("ids"), vec![a]);
    assert_eq!(store.story_reports(s2 + 100).expect("ids"), Vec::<i64>::new());
    assert_eq!(store.article(b).expect("read").expect("present").copy_of, None);
    assert_eq!(store.story(s2).expect("read").expect("present").summary.articles, 1);
}

#[test]
fn bad_assignments_are_refused_with_reasons() {
    let mut store = Store::open_in_memory().expect("store");
    let n = analysis(&[], &[]);
    let a = store.add(&article(Some("https://a.test/1"), "a.test", "One", &["One."]), &n, at(0));
    let b = store.add(&article(Some("https://b.test/1"), "b.test", "Two", &["Two."]), &n, at(0));
    let (a, b) = (a.expect("a").id, b.expect("b").id);
    let s = store.create_story("S", at(0)).expect("story");
    let reason = |e: newsbite_store::StoreError| e.to_string();
    assert!(reason(store.assign(99, s, None).expect_err("no article")).contains("no article with id 99"));
    assert!(reason(store.assign(a, 99, None).expect_err("no story")).contains("no story with id 99"));
    assert!(reason(store.assign(a, s, Some(a)).expect_err("self")).contains("copy of itself"));
    assert!(reason(store.assign(a, s, Some(b)).expect_err("not in story")).contains("not in story"));
    let err = store.update_story(99, "T", &[], &[], at(0)).expect_err("no story");
    assert!(matches!(err.reason(), Some(Reason::NotFound { what: "story", id: 99 })));
    assert!(store.story(99).expect("read").is_none());
}

#[test]
fn add_and_assign_in_one_transaction() {
    let mut store = Store::open_in_memory().expect("store");
    let n = analysis(&[], &[]);
    let a = article(Some("https://a.test/1"), "a.test", "One", &["One."]);
    let (id, story) = store
        .transaction(|tx| {
            let id = tx.add(&a, &n, at(0))?.id;
            let story = tx.create_story("One", at(0))?;
            tx.assign(id, story, None)?;
            tx.update_story(story, "One", &["One.".into()], &[], at(0))?;
            assert_eq!(tx.story(story)?.map(|d| d.summary.articles), Some(1));
            Ok((id, story))
        })
        .expect("transaction");
    assert_eq!(store.article(id).expect("read").and_then(|a| a.story), Some(story));
}
