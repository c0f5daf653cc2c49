use super::*;
use newsbite_model::{Article, Block};

fn article(paragraphs: &[&str]) -> Article {
    let mut a = Article::new("Headline");
    a.blocks = paragraphs.iter().map(|p| Block::Paragraph { text: p.to_string() }).collect();
    a
}

fn run(paragraphs: &[&str]) -> Vec<Quote> {
    let a = article(paragraphs);
    let doc = Doc::new(&a);
    let es = crate::entities::entities(&doc);
    let qs = quotes(&doc, &es);
    for q in &qs {
        assert_eq!(q.span.text(&a).as_deref(), Some(q.text.as_str()));
    }
    qs
}

fn who(q: &Quote) -> (&str, &str) {
    let s = q.speaker.as_ref().map(|s| (s.mention.as_str(), s.name.as_str()));
    s.unwrap_or(("", ""))
}

#[test]
fn direct_quotes_with_cues_after_and_before() {
    let qs = run(&[
        "Volodymyr Zelensky spoke on Monday.",
        "“Some of these troops have already taken part in hostilities. Yes, there are losses,” Zelensky said.",
        "“We say poor training is the reason,” said one official.",
        "Mr Rutte told reporters: “We have no evidence of that at all.”",
    ]);
    assert_eq!(qs.len(), 3, "{qs:#?}");
    assert_eq!(qs[0].kind, QuoteKind::Direct);
    assert_eq!(
        qs[0].text,
        "Some of these troops have already taken part in hostilities. Yes, there are losses,"
    );
    assert_eq!(who(&qs[0]), ("Zelensky", "Volodymyr Zelensky"));
    assert_eq!(qs[0].cue.as_deref(), Some("said"));
    assert_eq!(who(&qs[1]), ("one official", "official"));
    assert_eq!(who(&qs[2]).0, "Mr Rutte");
    assert_eq!(qs[2].text, "We have no evidence of that at all.");
}

#[test]
fn indirect_and_mixed() {
    let qs = run(&[
        "Volodymyr Zelensky last month claimed North Korean soldiers had come into conflict with Ukrainian troops, which prompted calls.",
        "Mr Rutte said that the alliance had “no evidence that soldiers are involved”.",
        "Secret Service protocol called for her to be taken to hospital, sources said.",
        "According to the poll, Clinton leads by four points.",
    ]);
    let texts: Vec<_> = qs.iter().map(|q| (q.kind, q.text.as_str(), who(q).0)).collect();
    assert_eq!(
        texts,
        [
            (
                QuoteKind::Indirect,
                "North Korean soldiers had come into conflict with Ukrainian troops",
                "Volodymyr Zelensky"
            ),
            (QuoteKind::Mixed, "the alliance had “no evidence that soldiers are involved”", "Mr Rutte"),
            (
                QuoteKind::Indirect,
                "Secret Service protocol called for her to be taken to hospital",
                "sources"
            ),
            (QuoteKind::Indirect, "Clinton leads by four points", "the poll"),
        ]
    );
}

#[test]
fn continuation_and_descriptions() {
    let qs = run(&[
        "The article cites an anonymous “Western official”, who asserts that the troops had not yet entered battle.",
        "“It’s true that the Russians are able to replace the casualties,” the official said.",
        "“It has to be said that the training is absolutely minimal.”",
        "She left. “This is a long quote without any cue at all,” a man shouted.",
    ]);
    assert_eq!(who(&qs[0]), ("an anonymous “Western official”", "Western official"));
    assert_eq!(qs[0].text, "the troops had not yet entered battle");
    assert_eq!(who(&qs[1]), ("the official", "Western official"));
    assert_eq!(qs[2].speaker.as_ref().map(|s| s.name.as_str()), Some("Western official"));
    assert_eq!(qs[2].speaker.as_ref().and_then(|s| s.span), None);
}

#[test]
fn scare_quotes_are_not_quotes() {
    let qs = run(&["Putin reasserted his vision for a “multipolar world,” which is a return to the past."]);
    assert!(qs.is_empty(), "{qs:#?}");
}

#[test]
fn quotes_spanning_paragraphs() {
    let qs = run(&["“The first part of a long statement runs on", "“and ends here,” Flynn said."]);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert_eq!(who(&qs[0]).1, "Flynn");
    assert_eq!(qs[0].speaker.as_ref().and_then(|s| s.span), None);
}
