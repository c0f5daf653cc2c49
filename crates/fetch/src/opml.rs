//! OPML subscription lists: import and export, categories kept.
//!
//! OPML 1.0 and 2.0 put each subscription in an `<outline>` with an `xmlUrl`; readers put a
//! subscription's folder either around it (an `<outline>` with no `xmlUrl` that holds others:
//! NetNewsWire, Feedly, Miniflux) or in a `category` attribute (`/News/World,/Tech`). Both are read;
//! nested folders are joined with ` / `. Export writes OPML 2.0 with one folder outline per
//! category, which every reader imports.
//!
//! The XML is read with quick-xml, which expands no entity declared in a DTD (only the five
//! predefined ones and character references): an OPML file cannot make the reader read a file
//! or grow without bound.

use quick_xml::events::{BytesDecl, BytesStart, Event};
use quick_xml::{Reader, Writer, XmlVersion};

/// One subscription in an OPML list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Subscription {
    /// The feed's URL (`xmlUrl`).
    pub url: String,
    /// Its title (`title`, else `text`).
    pub title: Option<String>,
    /// The site's URL (`htmlUrl`).
    pub site_url: Option<String>,
    /// The folder it is filed under.
    pub category: Option<String>,
}

/// Why an OPML file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    /// The XML is malformed.
    #[error("malformed OPML at byte {position}: {message}")]
    Malformed {
        /// Where the reader stopped.
        position: u64,
        /// What was wrong.
        message: String,
    },
    /// Well-formed XML, but not OPML.
    #[error("not an OPML file (the root element is <{0}>)")]
    NotOpml(String),
    /// Larger than [`MAX_OPML_BYTES`].
    #[error("the OPML file is {0} bytes, more than the {MAX_OPML_BYTES} accepted")]
    TooLarge(usize),
}

/// The largest OPML file accepted.
pub const MAX_OPML_BYTES: usize = 16 * 1024 * 1024;

/// How deep folders may nest before the reader stops (no reader nests more than a few).
const MAX_DEPTH: usize = 64;

/// Reads the subscriptions of an OPML file, in document order. Outlines without an `xmlUrl`
/// are folders; a subscription listed twice is kept once (the first).
pub fn parse(text: &str) -> Result<Vec<Subscription>, OpmlError> {
    if text.len() > MAX_OPML_BYTES {
        return Err(OpmlError::TooLarge(text.len()));
    }
    let mut reader = Reader::from_str(text.strip_prefix('\u{FEFF}').unwrap_or(text));
    reader.config_mut().trim_text(true);
    let malformed = |reader: &Reader<&[u8]>, message: String| OpmlError::Malformed {
        position: reader.buffer_position(),
        message,
    };
    let mut out: Vec<Subscription> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // For each open outline: the folder name it adds, if it is a folder.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut root: Option<String> = None;
    loop {
        let event = reader.read_event().map_err(|e| malformed(&reader, e.to_string()))?;
        let (element, opens) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) if e.local_name().as_ref() == "outline" => {
                folders.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = element.local_name().as_ref().to_string();
        if root.is_none() {
            if !name.eq_ignore_ascii_case("opml") {
                return Err(OpmlError::NotOpml(name));
            }
            root = Some(name);
            continue;
        }
        if name != "outline" {
            continue;
        }
        let attrs = Outline::read(element).map_err(|m| malformed(&reader, m))?;
        let folder = match attrs.xml_url {
            Some(url) => {
                let category = path(&folders).or_else(|| attrs.category.clone());
                if seen.insert(url.clone()) {
                    out.push(Subscription { url, title: attrs.title, site_url: attrs.html_url, category });
                }
                None
            }
            None => attrs.title,
        };
        if opens {
            if folders.len() >= MAX_DEPTH {
                return Err(malformed(&reader, format!("outlines nested more than {MAX_DEPTH} deep")));
            }
            folders.push(folder);
        }
    }
    if root.is_none() {
        return Err(OpmlError::NotOpml(String::new()));
    }
    Ok(out)
}

/// The folder path of the open outlines, ` / `-joined.
fn path(folders: &[Option<String>]) -> Option<String> {
    let names: Vec<&str> = folders.iter().flatten().map(String::as_str).collect();
    (!names.is_empty()).then(|| names.join(" / "))
}

/// The attributes of an `<outline>` that matter.
struct Outline {
    xml_url: Option<String>,
    html_url: Option<String>,
    title: Option<String>,
    category: Option<String>,
}

impl Outline {
    fn read(element: &BytesStart<'_>) -> Result<Outline, String> {
        let mut o = Outline { xml_url: None, html_url: None, title: None, category: None };
        let mut text = None;
        for attr in element.attributes().with_checks(false) {
            let attr = attr.map_err(|e| e.to_string())?;
            let value = attr.normalized_value(XmlVersion::Implicit1_0).map_err(|e| e.to_string())?;
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let value = Some(value.to_string());
            match attr.key.local_name().as_ref() {
                "xmlUrl" | "xmlurl" => o.xml_url = value,
                "htmlUrl" | "htmlurl" => o.html_url = value,
                "title" => o.title = value,
                "text" => text = value,
                // `/News/World,/Tech`: the first category, without its leading slash.
                "category" => {
                    o.category = value
                        .as_deref()
                        .and_then(|v| v.split(',').next())
                        .map(|c| c.trim().trim_matches('/').replace('/', " / "))
                        .filter(|c| !c.is_empty())
                }
                _ => {}
            }
        }
        o.title = o.title.or(text);
        Ok(o)
    }
}

/// Writes subscriptions as OPML 2.0: subscriptions without a category first, then one folder
/// outline per category (in order of first appearance).
pub fn write(subscriptions: &[Subscription], title: &str) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail.
    let _ = write_into(&mut writer, subscriptions, title);
    let mut text = String::from_utf8(writer.into_inner()).unwrap_or_default();
    text.push('\n');
    text
}

fn write_into(w: &mut Writer<Vec<u8>>, subscriptions: &[Subscription], title: &str) -> std::io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("opml").with_attribute(("version", "2.0")).write_inner_content(|w| {
        w.create_element("head").write_inner_content(|w| {
            w.create_element("title").write_text_content(quick_xml::events::BytesText::new(title))?;
            Ok(())
        })?;
        w.create_element("body").write_inner_content(|w| {
            for s in subscriptions.iter().filter(|s| s.category.is_none()) {
                outline(w, s)?;
            }
            let mut categories: Vec<&str> = Vec::new();
            for c in subscriptions.iter().filter_map(|s| s.category.as_deref()) {
                if !categories.contains(&c) {
                    categories.push(c);
                }
            }
            for c in categories {
                w.create_element("outline")
                    .with_attribute(("text", c))
                    .with_attribute(("title", c))
                    .write_inner_content(|w| {
                        for s in subscriptions.iter().filter(|s| s.category.as_deref() == Some(c)) {
                            outline(w, s)?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

fn outline(w: &mut Writer<Vec<u8>>, s: &Subscription) -> std::io::Result<()> {
    let title = s.title.as_deref().unwrap_or(&s.url);
    let mut e = w
        .create_element("outline")
        .with_attribute(("type", "rss"))
        .with_attribute(("text", title))
        .with_attribute(("title", title))
        .with_attribute(("xmlUrl", s.url.as_str()));
    if let Some(site) = &s.site_url {
        e = e.with_attribute(("htmlUrl", site.as_str()));
    }
    e.write_empty()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: &str = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="News">
    <outline text="World" title="World">
      <outline type="rss" text="Harbour Gazette" xmlUrl="https://gazette.example/feed.xml" htmlUrl="https://gazette.example/"/>
    </outline>
    <outline type="rss" text="Valley &amp; Coast" xmlUrl="https://valley.example/rss"/>
  </outline>
  <outline type="rss" text="Loose" xmlUrl="https://loose.example/atom" category="/Tech/Rust,/Other"/>
  <outline type="rss" text="Dup" xmlUrl="https://loose.example/atom"/>
</body></opml>"#;

    #[test]
    fn folders_and_category_attributes() {
        let subs = parse(NESTED).expect("opml");
        assert_eq!(subs.len(), 3);
        assert_eq!(subs[0].category.as_deref(), Some("News / World"));
        assert_eq!(subs[0].site_url.as_deref(), Some("https://gazette.example/"));
        assert_eq!(subs[1].title.as_deref(), Some("Valley & Coast"));
        assert_eq!(subs[1].category.as_deref(), Some("News"));
        assert_eq!(subs[2].category.as_deref(), Some("Tech / Rust"));
    }

    #[test]
    fn export_round_trips() {
        let subs = parse(NESTED).expect("opml");
        let text = write(&subs, "NewsBite & friends");
        assert!(text.contains("NewsBite &amp; friends"));
        let mut again = parse(&text).expect("own output");
        let mut want = subs;
        again.sort();
        want.sort();
        assert_eq!(again, want);
    }

    #[test]
    fn bad_files() {
        assert!(matches!(parse("<html><body/></html>"), Err(OpmlError::NotOpml(_))));
        assert!(matches!(parse("<opml><body><outline xmlUrl='x'></body>"), Err(OpmlError::Malformed { .. })));
        assert!(matches!(parse(""), Err(OpmlError::NotOpml(_))));
    }

    #[test]
    fn entities_from_a_dtd_are_not_expanded() {
        let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://x.example/&b;"/></body></opml>"#;
        // quick-xml refuses an entity it does not know rather than expanding it.
        match parse(xxe) {
            Err(OpmlError::Malformed { .. }) => {}
            Ok(subs) => assert!(subs.iter().all(|s| !format!("{s:?}").contains("root:"))),
            Err(e) => panic!("unexpected error {e}"),
        }
    }
}
