//! The seed's dispute (`shared/gold/`, "disputed"): read, analysed and grouped into claims, the
//! seed must give one disputed claim with the gold's four positions. Skipped with a notice when
//! the shared folder is absent.

use std::path::PathBuf;

use newsbite_model::Stance;
use newsbite_stories::claims::{claims, Report};

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSBITE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.join("seeds").is_dir() {
        Some(dir)
    } else {
        eprintln!("notice: {} not found; the seed dispute test is skipped", dir.display());
        None
    }
}

#[test]
fn the_seed_gives_one_disputed_claim_with_the_gold_positions() {
    let Some(shared) = shared() else { return };
    let bytes = std::fs::read(shared.join("seeds/000_9b45a7ddd02e481b.txt")).unwrap();
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
