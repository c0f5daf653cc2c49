//! Feeds (RSS 0.9x, 1.0 and 2.0, Atom, JSON Feed) to entries, through feed-rs.
//!
//! The bytes are decoded first by [`charset`](crate::charset) (feed-rs would believe a lying XML
//! declaration), then handed to feed-rs, whose XML reader is quick-xml. Neither expands entities
//! declared in a DTD: quick-xml reports a `<!DOCTYPE …>` as one event that feed-rs skips, and
//! feed-rs leaves a reference to an entity it does not know (`&xxe;`) as literal text. So an XXE
//! payload reads no file and a billion-laughs document grows nothing; the tests hold both to
//! that.
//!
//! An [`Entry`] keeps what the pipeline needs: a stable key (the entry's id, else its link), its
//! link resolved against the feed's URL, title, times, and its own content, which becomes the
//! article when the linked page cannot be fetched or read ([`Entry::to_article`]).

use chrono::{DateTime, Utc};
use newsbite_model::{Article, Precision, Provenance, Timestamp};
use url::Url;

use crate::charset;

/// The largest feed accepted, in bytes (after decompression).
pub const MAX_FEED_BYTES: usize = 10 * 1024 * 1024;

/// A feed, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// The feed's title.
    pub title: Option<String>,
    /// The site the feed belongs to (its `alternate` link).
    pub site_url: Option<String>,
    /// The entries, in the feed's order.
    pub entries: Vec<Entry>,
    /// What was worked around (a lying encoding, entries without a link).
    pub warnings: Vec<String>,
}

/// One entry of a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// What identifies the entry within its feed across polls: its id (guid), else its link.
    pub key: String,
    /// The entry's link, absolute, when it has one with an http(s) scheme.
    pub url: Option<String>,
    /// The title, as text.
    pub title: Option<String>,
    /// When it was published (else updated), when the feed says.
    pub published: Option<DateTime<Utc>>,
    /// The authors' names.
    pub authors: Vec<String>,
    /// The entry's own content as HTML (full content if given, else the summary).
    pub content_html: Option<String>,
}

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// Nothing at all.
    #[error("the feed is empty")]
    Empty,
    /// Larger than [`MAX_FEED_BYTES`].
    #[error("the feed is {size} bytes, more than the {limit} accepted")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Not a feed: malformed XML or JSON, or no feed root.
    #[error("not a readable feed: {0}")]
    Malformed(String),
}

/// Reads a feed. `charset` is the HTTP `Content-Type` charset, when known; `url` is where the
/// feed was fetched from, against which relative links are resolved.
pub fn parse(bytes: &[u8], charset: Option<&str>, url: Option<&str>) -> Result<Feed, FeedError> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge { size: bytes.len(), limit: MAX_FEED_BYTES });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FeedError::Empty);
    }
    let decoded = charset::decode(bytes, charset);
    let mut warnings = Vec::new();
    if let Some(label) = decoded.overruled {
        warnings.push(format!(
            "the feed says it is {} but is {}; read it as {}",
            label.name(),
            decoded.encoding.name(),
            decoded.encoding.name()
        ));
    }
    if late_declaration(&decoded.text) {
        return Err(FeedError::Malformed("an XML declaration in the middle of the document".into()));
    }
    let base = url.and_then(|u| Url::parse(u).ok());
    let parsed = feed_rs::parser::Builder::new()
        .base_uri(url)
        .build()
        .parse(decoded.text.as_bytes())
        .map_err(|e| FeedError::Malformed(e.to_string()))?;

    let site_url = alternate(&parsed.links, base.as_ref());
    let mut entries = Vec::with_capacity(parsed.entries.len());
    for e in parsed.entries {
        let link = alternate(&e.links, base.as_ref());
        let key = if e.id.trim().is_empty() { link.clone() } else { Some(e.id.trim().to_string()) };
        let Some(key) = key else {
            warnings.push("an entry with neither an id nor a link was skipped".into());
            continue;
        };
        let content_html = e
            .content
            .and_then(|c| c.body)
            .filter(|b| !b.trim().is_empty())
            .or_else(|| e.summary.map(|s| s.content).filter(|s| !s.trim().is_empty()));
        entries.push(Entry {
            key,
            url: link,
            title: e.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty()),
            published: e.published.or(e.updated),
            authors: e
                .authors
                .into_iter()
                .filter_map(|p| p.name)
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect(),
            content_html,
        });
    }
    Ok(Feed {
        title: parsed.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty()),
        site_url,
        entries,
        warnings,
    })
}

/// Whether an XML declaration (`<?xml … ?>`) is left in the text once [`charset::decode`] took
/// off the leading one: ill-formed XML, and feed-rs would switch decoders on it, which quick-xml
/// answers with a panic once reading has begun (found by the `feed` fuzz target). Scanned with
/// quick-xml's string reader, which has no decoder to switch; a document it cannot read to the
/// end is left to feed-rs to judge.
fn late_declaration(text: &str) -> bool {
    if !text.trim_start().starts_with('<') {
        return false;
    }
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Decl(_)) => return true,
            Ok(quick_xml::events::Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// The first `alternate` (or unlabelled) http(s) link, made absolute.
fn alternate(links: &[feed_rs::model::Link], base: Option<&Url>) -> Option<String> {
    let wanted = |l: &&feed_rs::model::Link| matches!(l.rel.as_deref(), None | Some("alternate"));
    links.iter().filter(wanted).chain(links.iter()).find_map(|l| absolute(&l.href, base))
}

/// `href` as an absolute http(s) URL, resolved against `base`.
pub(crate) fn absolute(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = match base {
        Some(b) => b.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

impl Entry {
    /// The entry as an article from its own content: what the pipeline keeps when the linked
    /// page cannot be fetched or read. `None` when the entry has neither a title nor content.
    pub fn to_article(&self, feed_title: Option<&str>) -> Option<Article> {
        let title = self.title.as_deref().unwrap_or_default();
        let body = self.content_html.as_deref().unwrap_or_default();
        if title.is_empty() && body.trim().is_empty() {
            return None;
        }
        let page = format!(
            "<html><head><title>{t}</title></head><body><article><h1>{t}</h1>{body}</article></body></html>",
            t = escape(title)
        );
        let mut article = match newsbite_extract::html::read_str(&page, self.url.as_deref()) {
            Ok(reading) => reading.article,
            Err(_) if !title.is_empty() => {
                let mut a = Article::new(title);
                a.url = self.url.clone();
                a
            }
            Err(_) => return None,
        };
        if article.site_name.is_none() {
            article.site_name = feed_title.map(str::to_string);
        }
        self.fill_in(&mut article);
        Some(article)
    }

    /// Completes an article read from the entry's page with what the feed says and the page
    /// did not: the published time, the authors, the URL.
    pub fn fill_in(&self, article: &mut Article) {
        if article.url.is_none() {
            article.url = self.url.clone();
        }
        if article.byline.is_empty() {
            article.byline = self.authors.clone();
        }
        let stated = article.published.as_ref().is_some_and(|t| t.provenance == Provenance::Found);
        if let (false, Some(at)) = (stated, self.published) {
            article.published = Some(Timestamp {
                at: at.fixed_offset(),
                precision: Precision::Time,
                provenance: Provenance::Found,
                source: Some("feed".into()),
            });
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>https://gazette.example/</link>
<item><title>Ferry returns</title><link>/news/ferry</link><guid>ferry-1</guid>
<pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate>
<description>&lt;p&gt;The ferry is back in service after repairs to its hull.&lt;/p&gt;</description></item>
<item><title>No id</title><link>https://gazette.example/news/noid</link></item>
</channel></rss>"#;

    #[test]
    fn rss_entries() {
        let feed = parse(RSS.as_bytes(), None, Some("https://gazette.example/feed.xml")).expect("feed");
        assert_eq!(feed.title.as_deref(), Some("Harbour Gazette"));
        assert_eq!(feed.site_url.as_deref(), Some("https://gazette.example/"));
        assert_eq!(feed.entries.len(), 2);
        let e = &feed.entries[0];
        assert_eq!(e.key, "ferry-1");
        assert_eq!(e.url.as_deref(), Some("https://gazette.example/news/ferry"));
        assert!(e.published.is_some());
        let article = e.to_article(feed.title.as_deref()).expect("article");
        assert_eq!(article.headline, "Ferry returns");
        assert_eq!(article.published.as_ref().and_then(|t| t.source.as_deref()), Some("feed"));
        assert!(!feed.entries[1].key.is_empty());
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><id>tag:a,2026:1</id><title>One</title><link href="https://a.example/1"/>
<updated>2026-11-24T10:00:00Z</updated><content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>"#;
        let feed = parse(atom.as_bytes(), None, None).expect("atom");
        assert_eq!(feed.entries[0].url.as_deref(), Some("https://a.example/1"));
        assert_eq!(feed.entries[0].content_html.as_deref(), Some("<p>Body</p>"));
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J",
"items":[{"id":"1","url":"https://j.example/1","title":"Jay","content_html":"<p>x</p>"}]}"#;
        let feed = parse(json.as_bytes(), None, None).expect("json feed");
        assert_eq!(feed.title.as_deref(), Some("J"));
        assert_eq!(feed.entries[0].key, "1");
    }

    #[test]
    fn bad_feeds_are_errors() {
        assert!(matches!(parse(b"  ", None, None), Err(FeedError::Empty)));
        assert!(matches!(parse(b"<rss><channel><item>", None, None), Err(FeedError::Malformed(_))));
        assert!(matches!(parse(b"<html><body>hi</body></html>", None, None), Err(FeedError::Malformed(_))));
    }

    #[test]
    fn a_second_xml_declaration_is_an_error_not_a_panic() {
        // Minimised from a crash the `feed` fuzz target found.
        let xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>C\
<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?></title></channel></rss>";
        assert!(matches!(parse(xml.as_bytes(), None, None), Err(FeedError::Malformed(_))));
        // A declaration that runs on past its own end (a stray `?` and `>`).
        let xml =
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?x><rss version=\"2.0\"><channel><title>T</title>\
<item><guid>a</guid><title>x?>y</title></item></channel></rss>";
        assert!(parse(xml.as_bytes(), None, None).is_err());
        // In CDATA it is text, and harmless.
        let xml = "<rss version=\"2.0\"><channel><title><![CDATA[<?xml encoding=\"latin1\"?>]]></title></channel></rss>";
        assert!(parse(xml.as_bytes(), None, None).is_ok());
    }

    #[test]
    fn javascript_links_are_dropped() {
        let rss = r#"<rss version="2.0"><channel><title>T</title>
<item><guid>x</guid><title>X</title><link>javascript:alert(1)</link></item></channel></rss>"#;
        let feed = parse(rss.as_bytes(), None, None).expect("feed");
        assert_eq!(feed.entries[0].url, None);
    }
}
