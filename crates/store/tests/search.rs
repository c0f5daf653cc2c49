//! Search: ranking, every filter, and text that must never be an FTS5 syntax error.

mod common;

use common::{analysis, article, at, published};
use newsbite_store::{Query, Store};
use proptest::prelude::*;

/// Four reports: two about troops (one quoting Rutte), one about a ferry, one in another town.
fn library() -> (Store, [i64; 4]) {
    let mut store = Store::open_in_memory().expect("store");
    let a = published(
        article(
            Some("https://north.test/troops"),
            "north.test",
            "Troops massed at the Velmora border",
            &["Thousands of troops arrived overnight, officials said.", "Nobody was hurt."],
        ),
        at(1),
    );
    let b = published(
        article(
            Some("https://south.test/denial"),
            "South.test",
            "Ministry denies troop movements",
            &["\"There are no troops,\" the minister said of the border."],
        ),
        at(5),
    );
    let c = published(
        article(
            Some("https://north.test/ferry"),
            "north.test",
            "Ferry to Ostrand runs late",
            &["The ferry was two hours late, the café owner complained."],
        ),
        at(10),
    );
    let d = article(None, "east.test", "Harbour plan approved", &["The council approved it."]);
    let ids = [
        store.add(&a, &analysis(&["Mark Rutte"], &["Velmora", "NATO"]), at(2)).expect("a").id,
        store.add(&b, &analysis(&["Ilsa Quorn"], &["Velmora"]), at(6)).expect("b").id,
        store.add(&c, &analysis(&[], &["Ostrand"]), at(11)).expect("c").id,
        store.add(&d, &analysis(&[], &[]), at(20)).expect("d").id,
    ];
    (store, ids)
}

fn ids(store: &Store, q: &Query) -> Vec<i64> {
    store.search(q).expect("search").iter().map(|h| h.id).collect()
}

#[test]
fn ranks_by_bm25_with_snippets() {
    let (store, [a, b, ..]) = library();
    // Stemming: "troop" in b's headline counts.
    let mut found = ids(&store, &Query::new("troops"));
    found.sort_unstable();
    assert_eq!(found, vec![a, b]);
    // A match in the headline outweighs one in the body.
    let hits = store.search(&Query::new("border")).expect("search");
    assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![a, b], "{hits:?}");
    assert!(hits[0].score > hits[1].score && hits[1].score > 0.0);
    assert_eq!(hits[0].snippet, "Troops massed at the Velmora [border]");
    assert!(hits[1].snippet.contains("[border]"), "{}", hits[1].snippet);
    assert_eq!(hits[0].publisher.as_deref(), Some("north.test"));
    assert_eq!(hits[0].published.map(|p| p.timestamp()), Some(at(1).timestamp()));
    assert_eq!(hits[0].headline, "Troops massed at the Velmora border");
}

#[test]
fn phrases_prefixes_and_exclusions() {
    let (store, [a, b, c, _]) = library();
    assert_eq!(ids(&store, &Query::new("\"two hours late\"")), vec![c]);
    assert_eq!(ids(&store, &Query::new("\"hours two\"")), Vec::<i64>::new());
    assert_eq!(ids(&store, &Query::new("Ostr*")), vec![c]);
    assert_eq!(ids(&store, &Query::new("troops -minister")), vec![a]);
    // Diacritics and case fold.
    assert_eq!(ids(&store, &Query::new("CAFE")), vec![c]);
    let _ = b;
}

#[test]
fn filters_by_publisher_time_speaker_entity_and_story() {
    let (mut store, [a, b, c, d]) = library();
    let q = |f: &dyn Fn(&mut Query)| {
        let mut q = Query::new("");
        f(&mut q);
        q
    };
    // No text: newest first.
    assert_eq!(ids(&store, &Query::new("")), vec![d, c, b, a]);
    assert_eq!(ids(&store, &q(&|q| q.publisher = Some("NORTH.test".into()))), vec![c, a]);
    assert_eq!(ids(&store, &q(&|q| q.publisher = Some("south.test".into()))), vec![b]);
    assert_eq!(ids(&store, &q(&|q| q.since = Some(at(5)))), vec![d, c, b]);
    assert_eq!(ids(&store, &q(&|q| q.until = Some(at(5)))), vec![a]);
    assert_eq!(
        ids(
            &store,
            &q(&|q| {
                q.since = Some(at(2));
                q.until = Some(at(11));
            })
        ),
        vec![c, b]
    );
    assert_eq!(ids(&store, &q(&|q| q.speaker = Some("rutte".into()))), vec![a]);
    assert_eq!(ids(&store, &q(&|q| q.speaker = Some("Mark Rutte".into()))), vec![a]);
    assert_eq!(ids(&store, &q(&|q| q.speaker = Some("Rutte Mark".into()))), Vec::<i64>::new());
    assert_eq!(ids(&store, &q(&|q| q.entity = Some("velmora".into()))), vec![b, a]);
    assert_eq!(ids(&store, &q(&|q| q.entity = Some("\"".into()))), Vec::<i64>::new());
    let story = store.create_story("Border", at(1)).expect("story");
    store.assign(b, story, None).expect("assign");
    assert_eq!(ids(&store, &q(&|q| q.story = Some(story))), vec![b]);
    // Text and filters together.
    let mut t = Query::new("troops");
    t.entity = Some("NATO".into());
    assert_eq!(ids(&store, &t), vec![a]);
    t.entity = None;
    t.story = Some(story);
    assert_eq!(ids(&store, &t), vec![b]);
    t.story = None;
    t.publisher = Some("south.test".into());
    assert_eq!(ids(&store, &t), vec![b]);
    // A speaker filter with no text still gives a snippet from the body.
    let hits = store.search(&q(&|q| q.speaker = Some("quorn".into()))).expect("search");
    assert!(hits[0].snippet.contains("minister"), "{:?}", hits[0].snippet);
}

#[test]
fn limit_and_offset_page() {
    let (store, [a, b, c, d]) = library();
    let mut q = Query::new("");
    q.limit = 2;
    assert_eq!(ids(&store, &q), vec![d, c]);
    q.offset = 2;
    assert_eq!(ids(&store, &q), vec![b, a]);
    q.offset = 10;
    assert!(ids(&store, &q).is_empty());
}

#[test]
fn hostile_text_is_only_text() {
    let (store, [a, b, ..]) = library();
    for text in [
        "\"",
        "\"\"",
        "*",
        "**",
        "-",
        "--",
        "- troops",
        "NEAR(",
        "NEAR(troops",
        "troops NEAR(",
        "troops OR",
        "AND",
        "NOT troops",
        "(",
        ")",
        "troops)",
        "^troops",
        "headline:troops",
        "{headline}: troops",
        "troops\"",
        "\"troops",
        "troops*\"*",
        "\0",
        "'",
        "';DROP TABLE articles;--",
        "🙂",
        "troops 🙂",
        "Велмора",
        "東京",
        "é",
        "\u{301}",
        "\u{93e}",
        "+troops",
        "troops:",
        ":",
    ] {
        let hits = store.search(&Query::new(text));
        assert!(hits.is_ok(), "{text:?}: {hits:?}");
    }
    // The operators are searched as words, not run.
    assert_eq!(ids(&store, &Query::new("NOT troops")), Vec::<i64>::new());
    let mut found = ids(&store, &Query::new("- troops\""));
    found.sort_unstable();
    assert_eq!(found, vec![a, b]);
    assert_eq!(store.stats().expect("stats").articles, 4);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn no_text_is_an_error(text in "\\PC{0,40}", speaker in proptest::option::of("\\PC{0,10}")) {
        let store = Store::open_in_memory().expect("store");
        let mut q = Query::new(text);
        q.speaker = speaker.clone();
        q.entity = speaker;
        prop_assert!(store.search(&q).is_ok());
    }
}

#[test]
fn operator_soup_is_never_an_error() {
    let (store, _) = library();
    let pieces =
        ["\"", "*", "-", "(", ")", "NEAR", "AND", "OR", "NOT", ":", "^", "+", "troops", " ", ",", "{", "}"];
    // Every string of up to three pieces.
    for x in pieces {
        for y in pieces {
            for z in pieces {
                let text = format!("{x}{y}{z}");
                assert!(store.search(&Query::new(&text)).is_ok(), "{text:?}");
            }
        }
    }
}

#[test]
fn common_words_rank_the_newest_window_rare_ones_everything() {
    use newsbite_store::search::RANK_WINDOW;
    let mut store = Store::open_in_memory().expect("store");
    let total = RANK_WINDOW + 100;
    let items: Vec<_> = (0..total).map(common::numbered).collect();
    for batch in items.chunks(500) {
        store.add_batch(batch, at(0)).expect("batch");
    }
    // Every article says "harbour": only the newest RANK_WINDOW are ranked.
    let mut q = Query::new("harbour");
    q.limit = total;
    let hits = store.search(&q).expect("search");
    assert_eq!(hits.len(), RANK_WINDOW);
    let oldest_ranked = (total - RANK_WINDOW + 1) as i64;
    assert!(hits.iter().all(|h| h.id >= oldest_ranked));
    // A query that matches an old article alone still finds it.
    let hits = store.search(&Query::new("\"number 5 on\"")).expect("search");
    assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![6]);
    // Filters apply before the window: the oldest of a publisher's are reachable.
    let mut q = Query::new("harbour");
    q.publisher = Some("alpha.test".into());
    q.limit = total;
    assert_eq!(store.search(&q).expect("search").len(), total.div_ceil(3));
}
