//! Data-driven tests of the record reader: every `fixtures/records/NAME.txt` is read and its
//! reading compared with `NAME.json` beside it. Run with `NEWSBITE_BLESS=1` to write the expected
//! files anew after a deliberate change, then read the diff before committing it.
//!
//! The fixtures are hand-made records, one per quirk of real files; the named tests below say
//! what each one must show, so that a blessed snapshot cannot hide a regression.

use std::path::{Path, PathBuf};

use newsbite_extract::{record, Reading};
use newsbite_model::Block;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records")
}

fn read_fixture(name: &str) -> Reading {
    let bytes = std::fs::read(fixtures().join(name)).unwrap();
    record::read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The expected-file shape: the article as `newsbite read` prints it, and the warnings.
#[derive(serde::Serialize)]
struct Snapshot<'a> {
    article: &'a newsbite_model::Article,
    warnings: Vec<String>,
}

fn snapshot(reading: &Reading) -> String {
    let warnings = reading.warnings.iter().map(ToString::to_string).collect();
    serde_json::to_string_pretty(&Snapshot { article: &reading.article, warnings }).unwrap() + "\n"
}

#[test]
fn every_fixture_matches_its_expected_reading() {
    let bless = std::env::var_os("NEWSBITE_BLESS").is_some();
    let mut mismatched = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(fixtures()).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    let mut seen = 0;
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        seen += 1;
        let name = path.file_name().unwrap().to_str().unwrap();
        let actual = snapshot(&read_fixture(name));
        let expected_path = path.with_extension("json");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            mismatched.push(format!("{name}:\n--- expected\n{expected}\n+++ actual\n{actual}"));
        }
    }
    assert!(seen >= 9, "fixtures went missing: only {seen}");
    assert!(
        mismatched.is_empty(),
        "{}\n(re-bless with NEWSBITE_BLESS=1 if the change is wanted)",
        mismatched.join("\n")
    );
}

#[test]
fn every_credit_form_is_split_off() {
    let a = read_fixture("credits.txt").article;
    let captions: Vec<_> = a.captions().collect();
    assert_eq!(
        captions,
        [
            ("Volunteers fill sandbags near the Wendle bridge.", Some("Ana Ruiz/Coastal Wire")),
            ("The river peaked at 6.2 metres on Monday night.", Some("Sam Oduya / POOL / Coastal Wire")),
            ("A school gym became the evacuation centre.", Some("Supplied")),
            ("Damage to the rail line.", Some("Wendle Council")),
            ("Rainfall in April was triple the average.", Some("Wendle Weather Office")),
        ]
    );
    assert_eq!(a.paragraphs().count(), 3);
    assert_eq!(a.publisher.as_deref(), Some("example.com.au"));
    let published = a.published.expect("a date in the URL");
    assert_eq!(published.provenance, newsbite_model::Provenance::Inferred);
    assert_eq!(published.at.date_naive().to_string(), "2026-04-14");
}

#[test]
fn a_caption_repeating_a_body_paragraph_is_told_apart() {
    let r = read_fixture("repeats_body.txt");
    let a = &r.article;
    assert_eq!(
        a.paragraphs().collect::<Vec<_>>(),
        [
            "Stallholders had warned that closing the market would cost 80 jobs.",
            "Councillor Ines Varga said the compromise was fair.",
            "The market reopens on Friday."
        ]
    );
    assert_eq!(
        a.captions().collect::<Vec<_>>(),
        [
            (
                "Stallholders had warned that closing the market would cost 80 jobs.",
                Some("Lee Park/Daily Lantern")
            ),
            ("Councillor Ines Varga said the compromise was fair.", Some("Daily Lantern")),
        ]
    );
}

#[test]
fn headings_and_teasers_are_labelled() {
    let a = read_fixture("headings_teasers.txt").article;
    assert_eq!(
        a.headings().collect::<Vec<_>>(),
        ["‘We heard it’: Inside the control room", "What happens next"]
    );
    let teasers: Vec<_> = a
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Teaser { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        teasers,
        [
            "READ MORE: How Brenford became a space town",
            "Related: The rocket that carried it",
            "Read the rest here."
        ]
    );
    assert_eq!(a.paragraphs().count(), 3);
    assert!(a.paragraphs().any(|p| p.starts_with("“We heard it, and it sounded perfect,”")), "quotes kept");
}

#[test]
fn windows_line_ends_trailing_spaces_and_no_final_newline() {
    let a = read_fixture("crlf_trailing.txt").article;
    assert_eq!(a.headline, "Headline with Windows line ends");
    assert_eq!(a.standfirst.as_deref(), Some("A standfirst that ends with trailing spaces."));
    assert_eq!(
        a.paragraphs().collect::<Vec<_>>(),
        ["First paragraph.", "Second paragraph, no final newline."]
    );
}

#[test]
fn a_bom_and_a_missing_url_line_are_tolerated() {
    let r = read_fixture("bom_no_url.txt");
    assert_eq!(r.article.collection.as_deref(), Some("NewsBite"));
    assert_eq!(r.article.url, None);
    assert_eq!(r.article.paragraphs().collect::<Vec<_>>(), ["Its only paragraph."]);
    assert_eq!(r.warnings.len(), 1, "the missing URL is noted: {:?}", r.warnings);
}

#[test]
fn a_plain_text_article_is_read_without_collection_or_url() {
    let r = read_fixture("plain_text.txt");
    let a = &r.article;
    assert_eq!(a.headline, "Village bakery wins national bread prize");
    assert_eq!((a.collection.as_deref(), a.url.as_deref(), a.standfirst.as_deref()), (None, None, None));
    assert_eq!(a.paragraphs().count(), 3);
    assert!(r.warnings.is_empty());
}

#[test]
fn lists_and_wrapped_lines() {
    let a = read_fixture("lists_wrapped.txt").article;
    let lists: Vec<_> = a
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::List { ordered, items } => Some((*ordered, items.len())),
            _ => None,
        })
        .collect();
    assert_eq!(lists, [(false, 3), (true, 2)]);
    assert!(a.paragraphs().any(|p| p
        == "Officials said the tram line would be the most expensive part of the plan, and that work could start next year if funding is approved."));
    assert_eq!(a.published.map(|t| t.at.date_naive().to_string()).as_deref(), Some("2026-03-02"));
}

#[test]
fn a_record_with_only_a_headline_has_an_empty_body() {
    let a = read_fixture("headline_only.txt").article;
    assert_eq!(a.headline, "Breaking: storm warning issued for the coast");
    assert!(a.blocks.is_empty());
    assert_eq!(a.publisher.as_deref(), Some("example.co.nz"));
}

#[test]
fn a_paragraph_saved_twice_is_kept_once_with_a_warning() {
    let r = read_fixture("repeated_paragraph.txt");
    assert_eq!(
        r.article.paragraphs().collect::<Vec<_>>(),
        ["This paragraph was saved once.", "This paragraph was saved twice.", "The end."]
    );
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].line, Some(11));
}
