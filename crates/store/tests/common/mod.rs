//! Articles made up for the tests.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use newsbite_model::{
    Analysis, Article, Block, Entity, EntityKind, Part, Precision, Provenance, Quote, QuoteKind, Span,
    Speaker, Timestamp,
};

/// A time on 1 March 2031, `hour` hours in.
pub fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2031, 3, 1, 0, 0, 0).single().expect("valid date")
        + chrono::Duration::hours(i64::from(hour))
}

/// An article with a URL (when given), a publisher, a published time and paragraphs.
pub fn article(url: Option<&str>, publisher: &str, headline: &str, paras: &[&str]) -> Article {
    let mut a = Article::new(headline);
    a.url = url.map(str::to_string);
    a.publisher = Some(publisher.to_string());
    a.language = Some("en".into());
    a.blocks = paras.iter().map(|p| Block::Paragraph { text: (*p).to_string() }).collect();
    a
}

/// The same article, published at `when`.
pub fn published(mut a: Article, when: DateTime<Utc>) -> Article {
    a.published = Some(Timestamp {
        at: when.fixed_offset(),
        precision: Precision::Time,
        provenance: Provenance::Found,
        source: Some("meta".into()),
    });
    a
}

/// An analysis quoting `speakers` and naming `entities`.
pub fn analysis(speakers: &[&str], entities: &[&str]) -> Analysis {
    let span = Span { part: Part::Block(0), start: 0, end: 1 };
    Analysis {
        quotes: speakers
            .iter()
            .map(|s| Quote {
                kind: QuoteKind::Direct,
                text: "something".into(),
                span,
                cue: Some("said".into()),
                speaker: Some(Speaker { mention: (*s).into(), name: (*s).into(), span: None }),
            })
            .collect(),
        entities: entities
            .iter()
            .map(|e| Entity { name: (*e).into(), kind: EntityKind::Other, mentions: 1, forms: Vec::new() })
            .collect(),
        ..Analysis::default()
    }
}

/// A made-up article number `i`, with some words of its own so no two share content.
pub fn numbered(i: usize) -> (Article, Analysis) {
    let a = article(
        Some(&format!("https://example.test/news/{i}")),
        ["alpha.test", "beta.test", "gamma.test"][i % 3],
        &format!("Report number {i} on the harbour"),
        &[
            &format!("The council of Velmora met for the {i}th time on the harbour plan."),
            "Residents said the ferry would run late again; the mayor disagreed.",
        ],
    );
    (published(a, at(u32::try_from(i % 1000).unwrap_or(0))), analysis(&["Ilsa Quorn"], &["Velmora"]))
}
