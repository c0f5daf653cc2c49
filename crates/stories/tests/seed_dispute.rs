//! The seed's dispute (`shared/gold/`, "disputed"): read, analysed and grouped into claims, the
//! seed must give one disputed claim with the gold's four positions. Skipped with a notice when
//! the shared folder is absent.

use newsbite_model::Stance;
use newsbite_stories::claims::{claims, Report};

#[test]
fn the_seed_gives_one_disputed_claim_with_the_gold_positions() {
    let Some(shared) = newsbite_testdata::shared_dir("the seed dispute test") else { return };
    let bytes = std::fs::read(shared.join(newsbite_testdata::SEED)).unwrap();
    let article = newsbite_extract::record::read(&bytes).unwrap().article;
    let analysis = newsbite_analyze::analyze(&article);
    let claims = claims(&[Report { id: 1, article: &article, analysis: &analysis }]);

    let disputed: Vec<_> = claims.iter().filter(|c| c.disputed).collect();
    assert_eq!(disputed.len(), 1, "{claims:#?}");
    let mut positions: Vec<(&str, Stance)> =
        disputed[0].positions.iter().map(|p| (p.speaker.as_str(), p.stance)).collect();
    positions.sort_by_key(|(speaker, _)| *speaker);
    assert_eq!(
        positions,
        [
            ("Mark Rutte", Stance::NoEvidence),
            ("The Standard", Stance::Denies),
            ("Volodymyr Zelensky", Stance::Affirms),
            ("Western official", Stance::Denies),
        ],
        "{:#?}",
        disputed[0]
    );
    // Each position points at the sentence it comes from.
    for p in &disputed[0].positions {
        assert!(p.sentence.contains(p.text.trim_matches(|c| c == ',' || c == '“' || c == '”')), "{p:#?}");
    }
}
