//! The HTML page reader on hand-made news pages (`tests/fixtures/html/`), on bad input, and on
//! arbitrary input (property tests).

use newsbite_extract::html::{read, read_str, MAX_PAGE_BYTES};
use newsbite_extract::{Format, ReadError};
use newsbite_model::{Block, Precision, Provenance};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const URL: &str = "https://www.example.com/news/2024/11/26/harbour-bridge-reopens?utm=x";

#[test]
fn reads_a_full_news_page() {
    let reading = read(&fixture("news_full.html"), Some(URL)).unwrap_or_else(|e| panic!("{e}"));
    let a = &reading.article;
    assert_eq!(a.headline, "Harbour bridge reopens after eight months of repairs");
    assert_eq!(a.byline, ["Jane Doe", "John Roe"], "people only, not the wire or the site");
    assert_eq!(a.url.as_deref(), Some("https://www.example.com/news/2024/11/26/harbour-bridge-reopens"));
    assert_eq!(a.publisher.as_deref(), Some("example.com"));
    assert_eq!(a.site_name.as_deref(), Some("The Daily Example"));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(
        a.description.as_deref(),
        Some("The harbour bridge reopened on Tuesday after eight months of repairs.")
    );

    let published = a.published.as_ref().expect("a publication time");
    assert_eq!(published.at.to_rfc3339(), "2024-11-26T09:15:00+11:00", "JSON-LD wins over meta");
    assert_eq!(published.source.as_deref(), Some("json-ld"));
    assert_eq!((published.precision, published.provenance), (Precision::Time, Provenance::Found));
    assert_eq!(a.modified.as_ref().map(|m| m.at.to_rfc3339()).as_deref(), Some("2024-11-26T11:45:00+11:00"));

    let lead = a.images.iter().find(|i| i.lead).expect("a lead image");
    assert_eq!(lead.url, "https://cdn.example.com/img/bridge-lead.jpg");
    let figure = a.images.iter().find(|i| i.url.ends_with("/img/bridge.jpg")).expect("the figure's image");
    assert_eq!(figure.credit.as_deref(), Some("Ann Lee/Example Agency"));

    let paragraphs: Vec<&str> = a.paragraphs().collect();
    assert_eq!(paragraphs.len(), 7, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("The harbour bridge reopened to traffic"));
    assert!(paragraphs[6].starts_with("The council will decide"));
    assert_eq!(a.headings().collect::<Vec<_>>(), ["What the repairs cost"]);
    assert_eq!(
        a.captions().collect::<Vec<_>>(),
        [("Cars cross the reopened bridge on Tuesday morning.", Some("Ann Lee/Example Agency"))]
    );
    assert!(a.blocks.iter().any(|b| matches!(b, Block::List { ordered: false, items } if items.len() == 3)));
    assert!(a.blocks.iter().any(
        |b| matches!(b, Block::Table { rows } if rows.len() == 4 && rows[1] == ["Steel supports", "21"])
    ));
    let quotes: Vec<_> = a.blocks.iter().filter(|b| matches!(b, Block::Quote { .. })).collect();
    assert_eq!(quotes.len(), 1, "the block quote stays, the pull quote goes: {quotes:?}");
    assert!(!a.body_text().contains("READ MORE"), "the teaser is not body text");

    let body = a.body_text();
    for junk in [
        "cookies",
        "Share on",
        "Sign up",
        "newsletter",
        "Advertisement",
        "covers transport",
        "Transport",
        "Related stories",
        "Commuters face longer waits",
        "Finally!",
        "taxpayers",
        "All rights reserved",
        "Home",
        "By Jane",
    ] {
        assert!(!body.contains(junk), "{junk:?} leaked into the body:\n{body}");
    }
}

#[test]
fn a_utf8_page_labelled_latin1_is_not_mojibake() {
    let reading = read(&fixture("mislabelled_utf8.html"), None).unwrap_or_else(|e| panic!("{e}"));
    let body = reading.article.body_text();
    assert!(
        body.contains("café owners") && body.contains("“It’s a good day") && body.contains("Zoë"),
        "{body}"
    );
    assert!(!body.contains('Ã') && !body.contains("â€"), "{body}");
    assert!(reading.warnings.iter().any(|w| w.message.contains("UTF-8")), "{:?}", reading.warnings);
    assert_eq!(reading.article.headline, "Café owners welcome the new rules");
}

#[test]
fn a_bare_page_falls_back_on_title_url_and_detection() {
    let url = "https://news.example.co.uk/2024/11/26/storm-cuts-power";
    let a = read(&fixture("bare.html"), Some(url)).unwrap_or_else(|e| panic!("{e}")).article;
    assert_eq!(a.headline, "Storm cuts power to thousands");
    assert_eq!(a.publisher.as_deref(), Some("example.co.uk"));
    assert_eq!(a.url.as_deref(), Some(url));
    let published = a.published.clone().expect("a date from the URL");
    assert_eq!(published.source.as_deref(), Some("url"));
    assert_eq!((published.precision, published.provenance), (Precision::Date, Provenance::Inferred));
    assert_eq!(a.language.as_deref(), Some("en"), "detected from the text");
    let paragraphs: Vec<&str> = a.paragraphs().collect();
    assert_eq!(paragraphs.len(), 3, "{paragraphs:?}");
    assert!(!a.body_text().contains("Weather"));
}

#[test]
fn read_dispatches_html() {
    let page = fixture("news_full.html");
    assert_eq!(newsbite_extract::sniff(&page), Format::Html);
    let reading = newsbite_extract::read(&page).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reading.article.headline, "Harbour bridge reopens after eight months of repairs");
}

#[test]
fn bad_input_gives_named_errors() {
    assert_eq!(read(b"", None), Err(ReadError::Empty));
    assert_eq!(read(b"  \n\t ", None), Err(ReadError::Empty));
    assert!(matches!(read(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None), Err(ReadError::Binary { .. })));
    assert!(matches!(read(b"\x1f\x8b\x08\0\0\0\0\0", None), Err(ReadError::Binary { .. })));
    assert!(matches!(read(&[0u8; 64], None), Err(ReadError::Binary { .. })));
    assert_eq!(read(b"{\"headline\": \"not a page\"}", None), Err(ReadError::NotHtml));
    assert_eq!(read(b"<html><head></head><body>   </body></html>", None), Err(ReadError::NoArticle));
    let big = vec![b' '; MAX_PAGE_BYTES + 1];
    assert!(matches!(read(&big, None), Err(ReadError::TooLarge { .. })));
}

#[test]
fn a_truncated_page_reads_what_is_there() {
    let page = fixture("news_full.html");
    let cut = &page[..page.len() * 2 / 3];
    let a = read(cut, None).unwrap_or_else(|e| panic!("{e}")).article;
    assert_eq!(a.headline, "Harbour bridge reopens after eight months of repairs");
    assert!(a.paragraphs().next().is_some_and(|p| p.starts_with("The harbour bridge reopened")));
    // Cut inside the head: no body at all, but still a headline.
    let head_only = &page[..400];
    assert!(read(head_only, None).is_ok_and(|r| r.article.paragraphs().count() == 0));
}

fn nested(depth: usize) -> String {
    let mut page = String::from("<html><head><title>Deep</title></head><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("<p>A paragraph at the bottom of a very deep page, long enough to count as prose.</p>");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    page
}

#[test]
fn deep_nesting_is_flattened_without_recursion() {
    let reading = read_str(&nested(3_000), None).unwrap_or_else(|e| panic!("{e}"));
    assert!(reading.article.body_text().contains("bottom of a very deep page"));
    assert!(reading.warnings.iter().any(|w| w.message.contains("flattened")), "{:?}", reading.warnings);
}

#[test]
fn absurd_nesting_is_cut_quickly() {
    let started = std::time::Instant::now();
    let reading = read_str(&nested(200_000), None).unwrap_or_else(|e| panic!("{e}"));
    assert!(reading.warnings.iter().any(|w| w.message.contains("without closing")), "{:?}", reading.warnings);
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read(&bytes, Some("https://example.com/a"));
    }

    #[test]
    fn arbitrary_markup_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("<p>".to_string()), Just("</p>".to_string()), Just("<div class=\"share\">".to_string()),
                Just("</div>".to_string()), Just("<figure><figcaption>".to_string()), Just("<table><tr><td>".to_string()),
                Just("<ul><li>".to_string()), Just("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",".to_string()),
                Just("<meta property=\"article:published_time\" content=\"".to_string()), Just("<time datetime=\"".to_string()),
                Just("<h2>".to_string()), Just("<blockquote>".to_string()), Just("<a href=\"/x\">".to_string()),
                "[ -~]{0,40}", "\\PC{0,20}",
            ],
            0..60,
        )
    ) {
        let page = parts.concat();
        if let Ok(r) = read_str(&page, Some("https://example.com/2024/01/02/x")) {
            let _ = r.article.body_text();
        }
    }
}

/// A hand-made page with the furniture lists and embeds that fooled earlier versions.
fn page_with_lists_and_embeds() -> String {
    let para = |n: usize| {
        format!(
            "<p>Paragraph {n} of the report says the council met on Tuesday and voted to repair \
             the old harbour wall before the winter storms arrive, at a cost of two million.</p>"
        )
    };
    let mut body = String::from("<article><h1>Harbour wall to be repaired</h1><div class=story>");
    body.push_str(&para(0));
    body.push_str("<div class=breaking><ul>");
    for n in 0..4 {
        body.push_str(&format!(
            "<li><a href=/s{n}>Other story {n}</a><span>LONDON: A summary of another story that \
             stops in the middle of a...</span></li>"
        ));
    }
    body.push_str("</ul></div>");
    for n in 1..3 {
        body.push_str(&para(n));
    }
    body.push_str(
        "<div class=social-embed><blockquote class=twitter-tweet><p>The wall is finally getting \
         fixed, says the harbour master after years of asking</p>— Harbour Master (@harbour) \
         <a href=https://x.example/1>November 18, 2024</a></blockquote></div>",
    );
    body.push_str(&para(3));
    body.push_str("<ul>");
    for n in 0..3 {
        body.push_str(&format!("<li>Earlier story {n} <a href=/e{n}>about the harbour</a></li>"));
    }
    body.push_str("</ul><ul><li>Sand bags on the quay<div class=caption>Photo: Ann Lee</div></li>");
    body.push_str("<li>Cranes arrive on Monday<div class=caption>Photo: Ann Lee</div></li></ul>");
    body.push_str("</div></article>");
    format!("<html><head><title>Harbour wall</title></head><body>{body}</body></html>")
}

#[test]
fn embedded_posts_stay_and_story_lists_go() {
    let reading = read_str(&page_with_lists_and_embeds(), None).unwrap_or_else(|e| panic!("{e}"));
    let a = &reading.article;
    let text = a.body_text();
    assert!(text.contains("The wall is finally getting fixed"), "the quoted post is kept:\n{text}");
    assert!(text.contains("Paragraph 3 of the report"), "{text}");
    assert!(!text.contains("stops in the middle"), "a ticker of cut summaries is not body:\n{text}");
    assert!(!text.contains("Earlier story"), "a list of linked headlines is not body:\n{text}");
    assert!(text.contains("Sand bags on the quay"), "{text}");
    assert!(!text.contains("Photo: Ann Lee"), "credits inside list items are left out:\n{text}");
}
