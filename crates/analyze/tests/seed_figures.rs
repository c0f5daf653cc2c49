//! Key figures of the seed record against its gold figures (`shared/gold/`).
//!
//! A found figure matches a gold one when
//! - the value agrees: the same parsed number ([`parse_number`] of the gold value, within one part
//!   in a million), or, for a value with no single number (a ratio), the same text; and
//! - the phrases overlap: the gold `span` text is found in the figure's part (the standfirst or a
//!   body block), and the byte ranges of the two intersect.
//!
//! The gold also lists a figure that stands only in a photo caption ("Approximately 11,000 North
//! Korean troops…"); figures are taken from the standfirst and body only, so at most 6 of the 7
//! can match, and the target is 6.
//!
//! The shared folder sits beside the repository (`../shared`) or where `NEWSBITE_SHARED` points.
//! When it is absent (a bare clone), the test prints a notice and passes.

use newsbite_analyze::figures::{figures, parse_number};
use newsbite_analyze::Doc;
use newsbite_extract::record;
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    figures: Vec<GoldFigure>,
}

#[derive(Deserialize)]
struct GoldFigure {
    value: String,
    span: String,
}

fn same_value(found: &newsbite_model::Figure, gold: &str) -> bool {
    match (found.number, parse_number(gold)) {
        (Some(a), Some(b)) => (a - b).abs() <= b.abs() * 1e-6,
        _ => found.value.trim() == gold.trim(),
    }
}

#[test]
fn the_seed_has_at_least_six_of_the_seven_gold_figures() {
    let Some(shared) = newsbite_testdata::shared_dir("the seed figures test") else { return };
    let bytes = std::fs::read(shared.join(newsbite_testdata::SEED)).expect("seed");
    let gold: Gold =
        serde_json::from_slice(&std::fs::read(shared.join(newsbite_testdata::GOLD)).expect("gold"))
            .expect("gold JSON");
    let reading = record::read(&bytes).expect("the seed reads");
    let doc = Doc::new(&reading.article);
    let found = figures(&doc);
    for f in &found {
        eprintln!(
            "found: {:<34} value {:<14} number {:?} unit {:?} about {:?}",
            f.text, f.value, f.number, f.unit, f.about
        );
    }

    let mut matched = 0;
    for g in &gold.figures {
        let hit = found.iter().find(|f| {
            if !same_value(f, &g.value) {
                return false;
            }
            let Some(part) = doc.parts.iter().find(|p| p.part == f.span.part) else { return false };
            part.text.match_indices(g.span.as_str()).any(|(s, t)| {
                let e = s + t.len();
                s < f.span.end && f.span.start < e
            })
        });
        match hit {
            Some(f) => {
                matched += 1;
                eprintln!("gold {:?} ({:?}): matched by {:?}", g.value, g.span, f.text);
            }
            None => eprintln!("gold {:?} ({:?}): missed", g.value, g.span),
        }
    }
    eprintln!("seed figures: {matched}/{} gold figures found", gold.figures.len());
    assert!(matched >= 6, "only {matched} of {} gold figures found", gold.figures.len());
}
