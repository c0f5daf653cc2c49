//! One [`Analyzer`] reused over many articles gives, for each, exactly what a fresh analysis
//! gives: what it remembers of earlier articles changes the cost, never the result.

use newsbite_analyze::{analyze, Analyzer};
use newsbite_model::{Article, Block};
use proptest::prelude::*;

/// The demo library's articles (written for the project, shipped in the repo) and the seed.
fn articles() -> Vec<Article> {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/articles.jsonl");
    let text = std::fs::read_to_string(demo).expect("the demo library ships in the repo");
    let mut out: Vec<Article> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| newsbite_extract::jsonl::read_line(l).expect("demo articles read").article)
        .collect();
    if let Some(shared) = newsbite_testdata::shared_dir("the seed, analysed after the demo") {
        let bytes = std::fs::read(shared.join(newsbite_testdata::SEED)).expect("the seed reads");
        out.push(newsbite_extract::record::read(&bytes).expect("the seed parses").article);
    }
    out
}

#[test]
fn an_analyzer_in_use_gives_what_a_fresh_analysis_gives() {
    let articles = articles();
    assert!(articles.len() >= 15, "the demo library has {} articles", articles.len());
    let mut analyzer = Analyzer::new();
    // Twice through: the second time every word is already known.
    for round in 0..2 {
        for a in &articles {
            assert_eq!(analyzer.analyze(a), analyze(a), "round {round}: {}", a.headline);
        }
    }
    let seed = articles.last().expect("articles");
    assert!(!analyzer.analyze(seed).keywords.is_empty());
}

fn article(paragraphs: Vec<String>) -> Article {
    let mut a = Article::new("Troops gather at the border");
    a.blocks = paragraphs.into_iter().map(|text| Block::Paragraph { text }).collect();
    a
}

proptest! {
    #[test]
    fn earlier_articles_change_nothing(
        before in proptest::collection::vec(proptest::collection::vec("[A-Za-z’ .,“”]{0,80}", 0..4), 0..3),
        now in proptest::collection::vec("[A-Za-z’ .,“”0-9]{0,80}", 0..5),
    ) {
        let mut analyzer = Analyzer::new();
        for b in before {
            analyzer.analyze(&article(b));
        }
        let a = article(now);
        prop_assert_eq!(analyzer.analyze(&a), analyze(&a));
    }
}
