//! Feed discovery: the feeds a web page announces.
//!
//! A site names its feeds in its pages' heads, as
//! `<link rel="alternate" type="application/rss+xml" href="/feed.xml" title="…">` (RSS, Atom and
//! JSON Feed types). When a person subscribes to a page's URL rather than a feed's, the fetcher
//! reads the page and takes what it announces, in the page's order. The page is parsed with
//! `dom_query` (html5ever), as the extractor does; no regular expressions on HTML.

use dom_query::Document;
use url::Url;

use crate::feed::absolute;

/// A feed a page announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// The feed's URL, absolute.
    pub url: String,
    /// The title the page gives it.
    pub title: Option<String>,
    /// Its media type (`application/rss+xml`, `application/atom+xml`, `application/feed+json`).
    pub media_type: String,
}

const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
];

/// The feeds announced by `html`, a page fetched from `page_url`: absolute http(s) URLs, each
/// once, in the page's order. Comment feeds (`title` mentioning comments) come last.
pub fn discover(html: &str, page_url: &str) -> Vec<Discovered> {
    let base = Url::parse(page_url).ok();
    let doc = Document::from(html);
    let mut found: Vec<Discovered> = Vec::new();
    for link in doc.select("link[href]").iter() {
        let rel = link.attr("rel").map(|r| r.to_ascii_lowercase()).unwrap_or_default();
        if !rel.split_ascii_whitespace().any(|r| r == "alternate") {
            continue;
        }
        let media_type = link.attr("type").map(|t| t.trim().to_ascii_lowercase()).unwrap_or_default();
        if !FEED_TYPES.contains(&media_type.as_str()) {
            continue;
        }
        let Some(url) = link.attr("href").and_then(|h| absolute(&h, base.as_ref())) else {
            continue;
        };
        if found.iter().any(|d| d.url == url) {
            continue;
        }
        let title = link.attr("title").map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        found.push(Discovered { url, title, media_type });
    }
    let is_comments =
        |d: &Discovered| d.title.as_deref().is_some_and(|t| t.to_lowercase().contains("comment"));
    found.sort_by_key(is_comments);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_announced_feeds() {
        let html = r#"<html><head>
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments.xml">
<link rel="alternate" type="application/atom+xml" title="All news" href="/atom.xml">
<link rel="Alternate" type="application/feed+json" href="https://cdn.example/feed.json">
<link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/atom+xml" href="/atom.xml">
</head><body></body></html>"#;
        let found = discover(html, "https://site.example/news/");
        let urls: Vec<&str> = found.iter().map(|d| d.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://site.example/atom.xml",
                "https://cdn.example/feed.json",
                "https://site.example/comments.xml"
            ]
        );
        assert_eq!(found[0].title.as_deref(), Some("All news"));
    }

    #[test]
    fn nothing_announced() {
        assert!(discover("<p>hello</p>", "https://x.example/").is_empty());
        assert!(discover("", "not a url").is_empty());
    }
}
