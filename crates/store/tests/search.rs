//! Search: ranking, every filter, and text that must never be a syntax error.

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
fn every_match_is_ranked_and_filters_reach_the_oldest() {
    let mut store = Store::open_in_memory().expect("store");
    let total = 2_100;
    let items: Vec<_> = (0..total).map(common::numbered).collect();
    for batch in items.chunks(500) {
        store.add_batch(batch, at(0)).expect("batch");
    }
    // Every article says "harbour": all of them are ranked.
    let mut q = Query::new("harbour");
    q.limit = usize::MAX;
    assert_eq!(store.search(&q).expect("search").len(), total);
    // A query that matches an old article alone finds it.
    let hits = store.search(&Query::new("\"number 5 on\"")).expect("search");
    assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![6]);
    let mut q = Query::new("harbour");
    q.publisher = Some("alpha.test".into());
    q.limit = total;
    assert_eq!(store.search(&q).expect("search").len(), total.div_ceil(3));
}

/// One article of [`spread_library`], as the oracle reads it.
struct Made {
    id: i64,
    publisher: &'static str,
    minute: i64,
    /// Headline and body, lower case and stemmed, one word a slot.
    words: Vec<String>,
}

/// A library of some thousands of articles in several segments: common words ("harbour"), a
/// phrase whose words also come in the other order ("quiet lighthouse" against "lighthouse
/// quiet"), a prefix with two words under it ("lighthouse", "lighthouses"), words only in the
/// oldest articles ("archive"), four publishers and a time a minute apart. Scores vary with
/// each article's length and how often it says the words.
fn spread_library() -> (tempfile::TempDir, Store, Vec<Made>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("store");
    let words = ["ferry", "council", "tide", "pier", "storm", "crane", "quay"];
    let mut made = Vec::new();
    let items: Vec<_> = (0..6_500)
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
            if i < 2_500 {
                body.push("archive".into());
            }
            let publisher = ["alpha.test", "beta.test", "gamma.test", "delta.test"][i % 4];
            let headline = format!("Report {i} {}", if i % 5 == 0 { "harbour" } else { "news" });
            let a =
                article(Some(&format!("https://{publisher}/{i}")), publisher, &headline, &[&body.join(" ")]);
            let minute = i64::try_from(i).unwrap_or(0);
            let mut all: Vec<String> = headline.to_lowercase().split(' ').map(str::to_string).collect();
            // As the index reads them: "lighthouses" is "lighthouse" stemmed.
            all.extend(body.into_iter().map(|w| if w == "lighthouses" { "lighthouse".into() } else { w }));
            made.push(Made { id: minute + 1, publisher, minute, words: all });
            (published(a, at(0) + chrono::Duration::minutes(minute)), analysis(&[], &[]))
        })
        .collect();
    for batch in items.chunks(500) {
        store.add_batch(batch, at(0)).expect("batch");
    }
    (dir, store, made)
}

#[test]
fn every_match_and_only_matches_come_back_ranked_and_paged() {
    let (_dir, store, made) = spread_library();
    let has = |m: &Made, w: &str| m.words.iter().any(|x| x == w);
    let phrase = |m: &Made| m.words.windows(2).any(|p| p[0] == "quiet" && p[1] == "lighthouse");
    let prefix = |m: &Made| m.words.iter().any(|x| x.starts_with("lighth"));
    let since = 5_000;
    type Case<'a> = (&'a str, Option<&'a str>, bool, Box<dyn Fn(&Made) -> bool + 'a>);
    let cases: Vec<Case<'_>> = vec![
        ("harbour", None, false, Box::new(|m| has(m, "harbour"))),
        ("\"quiet lighthouse\"", None, false, Box::new(phrase)),
        ("quiet lighthouse", None, false, Box::new(|m| has(m, "quiet") && has(m, "lighthouse"))),
        ("lighth*", None, false, Box::new(prefix)),
        ("li*", None, false, Box::new(prefix)),
        ("\"the quiet light*\"", None, false, Box::new(|m| has(m, "the") && phrase(m))),
        ("archive", Some("alpha.test"), false, Box::new(|m| has(m, "archive"))),
        ("harbour", Some("ALPHA.test"), false, Box::new(|m| has(m, "harbour"))),
        ("\"quiet lighthouse\"", None, true, Box::new(phrase)),
        ("lighth* -quiet", None, true, Box::new(|m| prefix(m) && !has(m, "quiet"))),
    ];
    for (text, publisher, recent, matches) in cases {
        let expected: Vec<i64> = made
            .iter()
            .filter(|m| publisher.is_none_or(|p| p.eq_ignore_ascii_case(m.publisher)))
            .filter(|m| !recent || m.minute >= since)
            .filter(|m| matches(m))
            .map(|m| m.id)
            .collect();
        assert!(!expected.is_empty(), "{text}: the case matches nothing");
        let mut q = Query::new(text);
        q.publisher = publisher.map(str::to_string);
        q.since = recent.then(|| at(0) + chrono::Duration::minutes(since));
        q.limit = usize::MAX;
        let hits = store.search(&q).expect("search");
        let mut got: Vec<i64> = hits.iter().map(|h| h.id).collect();
        got.sort_unstable();
        assert_eq!(got, expected, "{text} {publisher:?} since: {recent}");
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score), "{text}: not in score order");
        assert!(hits.iter().all(|h| h.score > 0.0), "{text}: a hit without a score");
        assert!(hits.iter().all(|h| h.snippet.contains('[')), "{text}: a hit without its match marked");
        // A page further on is the same slice of the same order.
        q.limit = 7;
        q.offset = 5;
        let page: Vec<f64> = store.search(&q).expect("page").iter().map(|h| h.score).collect();
        let slice: Vec<f64> = hits.iter().skip(5).take(7).map(|h| h.score).collect();
        assert_eq!(page, slice, "{text} {publisher:?} page 2");
    }
}

#[test]
fn a_match_in_the_headline_outweighs_several_in_the_body() {
    let (_dir, store, _made) = spread_library();
    let mut q = Query::new("harbour");
    q.limit = 50;
    let hits = store.search(&q).expect("search");
    // The articles with "harbour" in the headline (every fifth) come first.
    assert!(hits.iter().all(|h| h.headline.ends_with("harbour")), "{:?}", hits.first());
}

#[test]
fn filters_with_phrases_and_prefixes_keep_only_what_passes() {
    let (_dir, store, _made) = spread_library();
    let since = at(0) + chrono::Duration::minutes(5_200);
    let until = at(0) + chrono::Duration::minutes(5_400);
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

#[test]
fn a_short_prefix_is_of_the_word_as_written() {
    let mut store = Store::open_in_memory().expect("store");
    let a = article(Some("https://a.test/1"), "a.test", "Why the sirens cry", &["Nobody slept."]);
    let b = article(Some("https://a.test/2"), "a.test", "Cryptic notes found", &["Nobody knows."]);
    let c = article(Some("https://a.test/3"), "a.test", "A criminal case", &["Nobody came."]);
    let added: Vec<i64> =
        [a, b, c].iter().map(|x| store.add(x, &analysis(&[], &[]), at(0)).expect("add").id).collect();
    let found = |text: &str| {
        let mut f = ids(&store, &Query::new(text));
        f.sort_unstable();
        f
    };
    // "cry" is stemmed "cri", but its prefix is "cry".
    assert_eq!(found("cry*"), [added[0], added[1]]);
    assert_eq!(found("cr*"), added);
    assert_eq!(found("cri*"), [added[2]]);
    // A longer prefix is of the stemmed words.
    assert_eq!(found("crimin*"), [added[2]]);
    let hits = store.search(&Query::new("cry*")).expect("search");
    assert!(hits.iter().all(|h| h.snippet.contains("[cry]") || h.snippet.contains("[Cryptic]")), "{hits:?}");
}

#[test]
fn two_writers_at_once_both_end_up_searchable() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(Store::open(dir.path()).expect("store"));
    // Two stores on one library, each adding its own articles in small batches, at once: they
    // take turns at SQLite's lock and at the index's writer.
    let writers: Vec<_> = [0usize, 1]
        .into_iter()
        .map(|w| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).expect("writer opens");
                let items: Vec<_> = (0..300).map(|i| common::numbered(w * 1_000 + i)).collect();
                for batch in items.chunks(25) {
                    store.add_batch(batch, at(0)).expect("batch");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread");
    }
    // The writers indexed everything themselves: nothing is left for the next open.
    let conn = rusqlite::Connection::open(dir.path().join(newsbite_store::DB_FILE)).expect("raw open");
    let pending: i64 =
        conn.query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0)).expect("pending");
    assert_eq!(pending, 0);
    let store = Store::open(dir.path()).expect("reopen");
    let mut q = Query::new("harbour");
    q.limit = usize::MAX;
    assert_eq!(store.search(&q).expect("search").len(), 600);
}
