//! Who said what in the seed record, against its gold reading (`shared/gold/`).
//!
//! The shared folder sits beside the repository (`../shared`) or where `NEWSBITE_SHARED` points.
//! When it is absent (a bare clone), the test prints a notice and passes.
//!
//! A gold quote counts as found when a quote has the same text and kind family (direct, or
//! reported: indirect and mixed) and its speaker has the gold canonical name.

use newsbite_analyze::{entities, quotes, Doc};
use newsbite_extract::record;
use newsbite_model::QuoteKind;
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    quotes: Vec<GoldQuote>,
}

#[derive(Deserialize)]
struct GoldQuote {
    kind: String,
    span: String,
    speaker: String,
    mention: String,
}

#[test]
fn the_seed_quotes_match_the_gold() {
    let Some(shared) = newsbite_testdata::shared_dir("the seed quotes test") else { return };
    let bytes = std::fs::read(shared.join(newsbite_testdata::SEED)).unwrap();
    let gold: Gold =
        serde_json::from_slice(&std::fs::read(shared.join(newsbite_testdata::GOLD)).unwrap()).unwrap();
    let article = record::read(&bytes).unwrap().article;
    let doc = Doc::new(&article);
    let es = entities::entities(&doc);
    let qs = quotes::quotes(&doc, &es);

    for q in &qs {
        assert_eq!(q.span.text(&article).as_deref(), Some(q.text.as_str()), "a span slices to its text");
    }
    let (mut direct, mut direct_total, mut all) = (0, 0, 0);
    for g in &gold.quotes {
        let is_direct = g.kind == "direct";
        direct_total += usize::from(is_direct);
        let found = qs.iter().find(|q| q.text == g.span && (q.kind == QuoteKind::Direct) == is_direct);
        let right = found.and_then(|q| q.speaker.as_ref()).is_some_and(|s| s.name == g.speaker);
        let mention = found.and_then(|q| q.speaker.as_ref()).map(|s| (s.mention.as_str(), s.name.as_str()));
        eprintln!(
            "{} {:8} {:?} — gold {:?} ({:?}), got {:?}",
            if right { "ok  " } else { "MISS" },
            g.kind,
            g.span.chars().take(50).collect::<String>(),
            g.speaker,
            g.mention,
            mention
        );
        if right {
            all += 1;
            direct += usize::from(is_direct);
        }
    }
    eprintln!(
        "seed: {direct}/{direct_total} direct, {all}/{} all, {} quotes found",
        gold.quotes.len(),
        qs.len()
    );
    for q in &qs {
        eprintln!("  {:?} {:?} <- {:?}", q.kind, q.text, q.speaker.as_ref().map(|s| (&s.mention, &s.name)));
    }
    assert_eq!(direct, direct_total, "every direct quote with its speaker");
    assert!(all >= 13, "at least 13 of the {} gold quotes: {all}", gold.quotes.len());

    // Entities the quotes lean on.
    let names: Vec<&str> = es.iter().map(|e| e.name.as_str()).collect();
    for n in [
        "Volodymyr Zelensky",
        "Vladimir Putin",
        "Mark Rutte",
        "Anthony Blinken",
        "Kim Jong-un",
        "NATO",
        "Russia",
        "Ukraine",
        "North Korea",
    ] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
    let z = es.iter().find(|e| e.name == "Volodymyr Zelensky").unwrap();
    assert!(z.forms.iter().any(|f| f == "the Ukrainian leader"), "{z:?}");
}
