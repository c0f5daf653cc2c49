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

/// A library of more articles than the first look for a window reads (four windows' worth of
/// rowids), so that every way a page is found is taken: a common word fills a window among the
/// newest articles; a phrase, a prefix and a publisher's articles are few and spread out;
/// "beacon" is too frequent to read all of, though no window of it is among the newest; "archive"
/// is only in the oldest articles, more of them than the newest look suggests; a since-filter
/// keeps only a recent range. Scores vary with each article's length and how often it says the
/// words, and the words are in both orders, so a phrase is not just both words.
fn spread_library() -> (tempfile::TempDir, Store, rusqlite::Connection) {
    use newsbite_store::search::RANK_WINDOW;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("store");
    let words = ["ferry", "council", "tide", "pier", "storm", "crane", "quay"];
    let items: Vec<_> = (0..6 * RANK_WINDOW + 500)
        .map(|i| {
            let mut body: Vec<String> =
                (0..1 + i % 5).map(|k| words[(i * 7 + k * 3) % words.len()].into()).collect();
            if i % 3 == 0 {
                body.push("harbour".into());
            }
            if i % 37 == 0 {
                body.extend(["the".into(), "quiet".into(), "lighthouse".into()]);
            } else if i % 11 == 0 {
                body.extend(["lighthouse".into(), "quiet".into()]);
            }
            if i % 53 == 0 {
                body.push("lighthouses".into());
            }
            if i % 5 == 1 {
                body.push("beacon".into());
            }
            if i < 2 * RANK_WINDOW + 200 {
                body.push("archive".into());
            }
            let publisher = ["alpha.test", "beta.test", "gamma.test", "delta.test"][i % 4];
            let headline = format!("Report {i} {}", if i % 5 == 0 { "harbour" } else { "news" });
            let a =
                article(Some(&format!("https://{publisher}/{i}")), publisher, &headline, &[&body.join(" ")]);
            let when = at(0) + chrono::Duration::minutes(i64::try_from(i).unwrap_or(0));
            (published(a, when), analysis(&[], &[]))
        })
        .collect();
    for batch in items.chunks(500) {
        store.add_batch(batch, at(0)).expect("batch");
    }
    let conn = rusqlite::Connection::open(store.path()).expect("second connection");
    (dir, store, conn)
}

/// What FTS5 itself says a search should return: the newest [`RANK_WINDOW`] matches of `expr`
/// among `candidates` (an SQL list of article ids), ordered by BM25 and then by id.
fn fts5_order(conn: &rusqlite::Connection, expr: &str, candidates: &str) -> Vec<(i64, f64)> {
    use newsbite_store::search::RANK_WINDOW;
    let sql = format!(
        "SELECT id, score FROM (SELECT rowid AS id, -rank AS score FROM articles_fts \
         WHERE articles_fts MATCH ?1 AND +rowid IN ({candidates}) ORDER BY rowid DESC LIMIT {RANK_WINDOW}) \
         ORDER BY score DESC, id"
    );
    let mut stmt = conn.prepare(&sql).expect("oracle");
    let rows = stmt.query_map([expr], |r| Ok((r.get(0)?, r.get(1)?))).expect("oracle rows");
    rows.collect::<Result<_, _>>().expect("oracle rows")
}

#[test]
fn pages_keep_the_bm25_order_with_phrases_prefixes_and_filters() {
    let (_dir, store, conn) = spread_library();
    let all = "SELECT id FROM articles";
    let alpha = "SELECT id FROM articles WHERE publisher = 'alpha.test'";
    let since = at(0) + chrono::Duration::minutes(12_000);
    let recent = format!("SELECT id FROM articles WHERE published >= {}", since.timestamp());
    let cases: Vec<(&str, Option<&str>, bool, &str, &str)> = vec![
        // query text, publisher, since, FTS5 expression, candidates
        ("harbour", None, false, "(\"harbour\")", all),
        ("\"quiet lighthouse\"", None, false, "(\"quiet lighthouse\")", all),
        ("quiet lighthouse", None, false, "(\"quiet\" AND \"lighthouse\")", all),
        ("lighth*", None, false, "(\"lighth\" *)", all),
        ("beacon", None, false, "(\"beacon\")", all),
        ("archive", None, false, "(\"archive\")", all),
        ("archive", Some("alpha.test"), false, "(\"archive\")", alpha),
        ("harbour", Some("ALPHA.test"), false, "(\"harbour\")", alpha),
        ("\"quiet lighthouse\"", Some("alpha.test"), false, "(\"quiet lighthouse\")", alpha),
        ("lighth*", Some("alpha.test"), false, "(\"lighth\" *)", alpha),
        ("harbour", None, true, "(\"harbour\")", &recent),
        ("\"quiet lighthouse\"", None, true, "(\"quiet lighthouse\")", &recent),
        ("lighth* -quiet", None, true, "(\"lighth\" *) NOT (\"quiet\")", &recent),
    ];
    for (text, publisher, recent_only, expr, candidates) in cases {
        let expected = fts5_order(&conn, expr, candidates);
        assert!(!expected.is_empty(), "{text}: the case matches nothing");
        let mut q = Query::new(text);
        q.publisher = publisher.map(str::to_string);
        q.since = recent_only.then_some(since);
        q.limit = usize::MAX;
        let hits = store.search(&q).expect("search");
        let got: Vec<(i64, f64)> = hits.iter().map(|h| (h.id, h.score)).collect();
        assert_eq!(got, expected, "{text} {publisher:?} since: {recent_only}");
        assert!(hits.iter().all(|h| h.snippet.contains('[')), "{text}: a hit without its match marked");
        // A page further on is the same slice of the same order.
        q.limit = 7;
        q.offset = 5;
        let page: Vec<i64> = store.search(&q).expect("page").iter().map(|h| h.id).collect();
        let slice: Vec<i64> = expected.iter().skip(5).take(7).map(|e| e.0).collect();
        assert_eq!(page, slice, "{text} {publisher:?} page 2");
    }
}

#[test]
fn filters_with_phrases_and_prefixes_keep_only_what_passes() {
    let (_dir, store, _conn) = spread_library();
    let since = at(0) + chrono::Duration::minutes(12_200);
    let until = at(0) + chrono::Duration::minutes(12_400);
    for text in ["\"quiet lighthouse\"", "lighth*", "harbour", "lighthouse -quiet"] {
        let mut q = Query::new(text);
        q.publisher = Some("beta.test".into());
        q.since = Some(since);
        q.until = Some(until);
        q.limit = usize::MAX;
        let hits = store.search(&q).expect("search");
        assert!(!hits.is_empty(), "{text}");
        for h in &hits {
            assert_eq!(h.publisher.as_deref(), Some("beta.test"), "{text}");
            let t = h.published.expect("published").timestamp();
            assert!(t >= since.timestamp() && t < until.timestamp(), "{text}: {t}");
        }
    }
    // No article passes: nothing, whatever the text.
    let mut q = Query::new("\"quiet lighthouse\"");
    q.publisher = Some("nobody.test".into());
    assert!(store.search(&q).expect("search").is_empty());
    q.publisher = None;
    q.since = Some(at(0) + chrono::Duration::days(365));
    assert!(store.search(&q).expect("search").is_empty());
}
