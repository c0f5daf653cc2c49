//! The seed record read against its gold reading (`shared/gold/`).
//!
//! The shared folder sits beside the repository (`../shared`) or where `NEWSBITE_SHARED` points.
//! When it is absent (a bare clone), the test prints a notice and passes.

use newsbite_extract::record;
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    collection: String,
    url: String,
    publisher_domain: String,
    headline: String,
    standfirst: String,
    headings: Vec<String>,
    body_paragraphs: Vec<String>,
    captions: Vec<GoldCaption>,
}

#[derive(Deserialize)]
struct GoldCaption {
    text: String,
    credit: Option<String>,
}

#[test]
fn the_seed_reads_exactly_as_the_gold_says() {
    let Some(shared) = newsbite_testdata::shared_dir("the seed-vs-gold test") else { return };
    let bytes = std::fs::read(shared.join(newsbite_testdata::SEED)).unwrap();
    let gold: Gold =
        serde_json::from_slice(&std::fs::read(shared.join(newsbite_testdata::GOLD)).unwrap()).unwrap();

    let reading = record::read(&bytes).unwrap();
    let a = &reading.article;
    assert_eq!(a.collection.as_deref(), Some(gold.collection.as_str()));
    assert_eq!(a.url.as_deref(), Some(gold.url.as_str()));
    assert_eq!(a.publisher.as_deref(), Some(gold.publisher_domain.as_str()));
    assert_eq!(a.headline, gold.headline);
    assert_eq!(a.standfirst.as_deref(), Some(gold.standfirst.as_str()));
    assert_eq!(a.headings().collect::<Vec<_>>(), gold.headings);
    let paragraphs: Vec<&str> = a.paragraphs().collect();
    assert_eq!(paragraphs.len(), 38);
    assert_eq!(paragraphs, gold.body_paragraphs);
    let captions: Vec<(&str, Option<&str>)> = a.captions().collect();
    let gold_captions: Vec<(&str, Option<&str>)> =
        gold.captions.iter().map(|c| (c.text.as_str(), c.credit.as_deref())).collect();
    assert_eq!(captions, gold_captions);
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.published, None, "the seed's URL holds no date");
    // Nothing is left over: every block is one of the above.
    assert_eq!(a.blocks.len(), 38 + 2 + 4);

    // The same record with Windows line ends, a BOM, trailing spaces, extra empty lines and no
    // final newline reads the same.
    let text = String::from_utf8(bytes).unwrap();
    let mangled =
        format!("\u{FEFF}{}", text.replace('\n', "  \r\n").replace("\r\n  \r\n", "\r\n\r\n\r\n\r\n"));
    let again = record::read(mangled.trim_end().as_bytes()).unwrap();
    assert_eq!(&again.article, a);
}
