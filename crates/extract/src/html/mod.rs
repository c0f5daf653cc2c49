//! News web pages.
//!
//! [`read`] turns the bytes of a page into the same [`Article`](newsbite_model::Article) the
//! record reader gives: the text the reporter wrote, in blocks (paragraphs, subheadings, lists,
//! block quotes, tables, figure captions with their credits split off), and what the page states
//! about it (headline, byline, times with where they were found, canonical URL, publisher, site
//! name, language, description, lead image).
//!
//! The steps, each in its own module:
//!
//! - `charset`: bytes to text (BOM, `<meta charset>`, a UTF-8 check that catches mislabelled
//!   pages, windows-1252 as the last resort);
//! - parsing with `dom_query` (html5ever), then `dom`: one pass copies the parsed tree into a
//!   flat, preorder array, dropping scripts, styles, hidden elements and embedded media, and
//!   flattening nesting deeper than a limit;
//! - `metadata`: JSON-LD, `<meta>`, `<time>`, bylines, `<title>`;
//! - `content`: scores every box of the page for prose against furniture, picks the body and
//!   reads it into blocks, leaving out share bars, newsletter prompts, related links, ads,
//!   comments, author boxes, tag lists and pull quotes;
//! - `text`: small judgements on strings (teasers, boilerplate lines, photo credits, names).
//!
//! **Architecture Invariant:** nothing here recurses on the page's structure, so no page can
//! overflow the stack; every pass over the tree is linear in its size.
//!
//! **Architecture Invariant:** no per-site rules. Everything is decided from the markup's general
//! signals (tags, class and id words, text and link density).

use std::collections::HashSet;

use dom_query::Document;
use newsbite_model::{Article, Block, Image};

use crate::{language, site, ReadError, Reading, Warning};

mod charset;
mod content;
mod dom;
mod metadata;
mod text;

/// The largest page accepted, in bytes.
pub const MAX_PAGE_BYTES: usize = 20 * 1024 * 1024;

/// Reads a web page. `url` is where the page was fetched from, when known: it resolves relative
/// links and gives the publisher and canonical URL (and a date) when the page has none of its own.
///
/// Errs when the input is empty, too large, binary, not HTML, or an HTML page with neither a
/// headline nor any body text.
pub fn read(bytes: &[u8], url: Option<&str>) -> Result<Reading, ReadError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(ReadError::TooLarge { size: bytes.len(), limit: MAX_PAGE_BYTES });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    let decoded = charset::decode(bytes)?;
    let mut warnings = Vec::new();
    if let Some(label) = decoded.overrode {
        warnings.push(Warning::general(format!(
            "the page says it is {} but is valid UTF-8; read it as UTF-8",
            label.name()
        )));
    }
    let mut reading = read_str(&decoded.text, url)?;
    warnings.append(&mut reading.warnings);
    reading.warnings = warnings;
    Ok(reading)
}

/// Reads a web page already decoded to text. See [`read`].
pub fn read_str(html: &str, url: Option<&str>) -> Result<Reading, ReadError> {
    if html.len() > MAX_PAGE_BYTES {
        return Err(ReadError::TooLarge { size: html.len(), limit: MAX_PAGE_BYTES });
    }
    let html = html.strip_prefix('\u{FEFF}').unwrap_or(html);
    if html.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    if !has_markup(html) {
        return Err(ReadError::NotHtml);
    }
    let mut warnings = Vec::new();
    let html = match nesting_cut(html) {
        Some(cut) => {
            warnings.push(Warning::general(format!(
                "the page opens more than {MAX_OPEN_TAGS} elements without closing them; read the part before that"
            )));
            html.get(..cut).unwrap_or(html)
        }
        None => html,
    };
    let dom = {
        let doc = Document::from(html);
        dom::Dom::build(&doc, html.len())
    };
    if dom.flattened > 0 {
        warnings.push(Warning::general(format!(
            "the page nests elements deeper than {} levels; {} deeper elements were flattened",
            dom::MAX_DEPTH,
            dom.flattened
        )));
    }
    let meta = metadata::collect(&dom, url);
    let base = meta.canonical.as_deref().or(url);
    let body = content::extract(&dom, base);

    let headline = meta
        .headline
        .clone()
        .or_else(|| meta.h1.clone())
        .or_else(|| meta.title.as_deref().map(title_headline))
        .unwrap_or_default();
    let mut blocks = tidy(body.blocks, &headline);
    if headline.is_empty() && blocks.is_empty() {
        return Err(ReadError::NoArticle);
    }
    if headline.is_empty() {
        warnings.push(Warning::general("the page has no headline"));
    }
    if !blocks.iter().any(Block::is_body) {
        warnings.push(Warning::general("found no article text in the page"));
        blocks.retain(|b| !matches!(b, Block::Teaser { .. }));
    }

    let mut article = Article::new(headline);
    article.url = meta.canonical.clone();
    article.publisher =
        article.url.as_deref().and_then(site::publisher).or_else(|| url.and_then(site::publisher));
    article.site_name = meta.site_name;
    article.description = meta.description;
    article.byline = meta.byline;
    article.published = meta.published;
    article.modified = meta.modified;
    article.blocks = blocks;
    let mut images: Vec<Image> = Vec::new();
    if let Some(lead) = meta.image {
        images.push(Image { url: lead, caption: None, credit: None, lead: true });
    }
    for img in body.images {
        let count = images.len();
        match images.iter_mut().find(|i| i.url == img.url) {
            Some(found) if found.caption.is_none() => {
                found.caption = img.caption;
                found.credit = img.credit;
            }
            Some(_) => {}
            None if count < 50 => images.push(img),
            None => {}
        }
    }
    article.images = images;
    article.language = meta.language.or_else(|| detect_language(&article));
    Ok(Reading { article, warnings })
}

/// How many elements may be open at once (by a cheap count of start and end tags) before the
/// rest of the page is dropped: the parser's cost grows with depth times length, so a page of
/// endlessly nested tags would take minutes. Real pages stay in the tens or low hundreds.
const MAX_OPEN_TAGS: usize = 4096;

/// Where to cut a page whose estimated nesting passes [`MAX_OPEN_TAGS`], if it does.
fn nesting_cut(html: &str) -> Option<usize> {
    // Elements that are never left open: void ones, and ones closed by their next sibling.
    fn never_left_open(name: &[u8]) -> bool {
        let mut buf = [0u8; 6];
        let Some(slot) = buf.get_mut(..name.len()) else { return false };
        slot.copy_from_slice(name);
        slot.make_ascii_lowercase();
        matches!(
            &*slot,
            b"area"
                | b"base"
                | b"br"
                | b"col"
                | b"embed"
                | b"hr"
                | b"img"
                | b"input"
                | b"link"
                | b"meta"
                | b"param"
                | b"source"
                | b"track"
                | b"wbr"
                | b"p"
                | b"li"
                | b"option"
                | b"td"
                | b"tr"
                | b"th"
                | b"dt"
                | b"dd"
        )
    }
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(off) = bytes.get(i..).and_then(|b| b.iter().position(|&c| c == b'<')) {
        let at = i + off;
        let next = bytes.get(at + 1).copied().unwrap_or(0);
        if next == b'/' {
            depth = depth.saturating_sub(1);
        } else if next.is_ascii_alphabetic() {
            let name_len = bytes[at + 1..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            let name = &bytes[at + 1..at + 1 + name_len];
            if !never_left_open(name) {
                depth += 1;
                if depth > MAX_OPEN_TAGS {
                    return html.is_char_boundary(at).then_some(at);
                }
            }
        }
        i = at + 1;
    }
    None
}

/// Whether text holds any markup: a tag, a doctype or a comment.
fn has_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    let window = &bytes[..bytes.len().min(1 << 20)];
    window.windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'!' || w[1] == b'/'))
}

/// A headline from a `<title>`: the longest part between site-name separators.
fn title_headline(title: &str) -> String {
    let mut parts = vec![title];
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · "] {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    match parts.iter().copied().max_by_key(|p| p.chars().count()) {
        Some(best) if parts.len() > 1 => best.trim().to_string(),
        _ => title.trim().to_string(),
    }
}

/// Cleans the blocks read from the body: drops the headline repeated in the body, exact
/// repeats, pull quotes whose text is also body text, and headings left with nothing under them.
fn tidy(blocks: Vec<Block>, headline: &str) -> Vec<Block> {
    let headline_key = key(headline);
    // Each block's key, made once; the paragraphs' keys joined only when a quote needs them.
    let keys: Vec<String> = blocks.iter().map(|b| key(&b.text_cow())).collect();
    let has_quote = blocks.iter().any(|b| matches!(b, Block::Quote { .. }));
    let body_text: String = if has_quote {
        let paragraphs = blocks.iter().zip(&keys).filter(|(b, _)| matches!(b, Block::Paragraph { .. }));
        paragraphs.map(|(_, k)| k.as_str()).collect::<Vec<_>>().join(" ")
    } else {
        String::new()
    };
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for (block, k) in blocks.into_iter().zip(&keys) {
        if k.is_empty() {
            continue;
        }
        match &block {
            Block::Paragraph { .. } | Block::Heading { .. }
                if *k == headline_key && out.iter().all(|b| !b.is_body()) =>
            {
                continue
            }
            Block::Quote { .. } if k.len() > 20 && body_text.contains(k.as_str()) => continue,
            Block::Paragraph { .. } | Block::List { .. } | Block::Table { .. } | Block::Quote { .. }
                if k.len() > 20 && !seen.insert(k.as_str()) =>
            {
                continue
            }
            _ => {}
        }
        out.push(block);
    }
    // A heading followed by nothing, or by a heading of the same or a higher rank, heads nothing.
    let mut keep = vec![true; out.len()];
    for i in 0..out.len() {
        if let Block::Heading { level, .. } = out[i] {
            let next =
                out[i + 1..].iter().find(|b| !matches!(b, Block::Caption { .. } | Block::Teaser { .. }));
            let heads_something = match next {
                None => false,
                Some(Block::Heading { level: l, .. }) => *l > level,
                Some(_) => true,
            };
            keep[i] = heads_something;
        }
    }
    let mut k = keep.into_iter();
    out.retain(|_| k.next().unwrap_or(true));
    out
}

/// A comparison key: letters and digits only, lower case.
fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn detect_language(article: &Article) -> Option<String> {
    let mut sample = article.headline.clone();
    for text in article.paragraphs() {
        if sample.len() > 2000 {
            break;
        }
        sample.push('\n');
        sample.push_str(text);
    }
    language::detect(&sample).map(str::to_string)
}

/// For tuning the extractor: where the first text holding `needle` sits in the page and what
/// extraction made of each of its ancestors. Not a stable interface.
#[doc(hidden)]
pub fn explain(html: &str, needle: &str) -> String {
    let dom = dom::Dom::build(&Document::from(html), html.len());
    content::explain(&dom, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_headlines_drop_the_site() {
        assert_eq!(title_headline("Troops cross the border | The Daily Example"), "Troops cross the border");
        assert_eq!(title_headline("Plain title"), "Plain title");
    }

    #[test]
    fn errors_are_named() {
        assert_eq!(read(b"", None), Err(ReadError::Empty));
        assert_eq!(read(b"just some words", None), Err(ReadError::NotHtml));
        assert!(matches!(read(b"\x89PNG\r\n\x1a\nxxxx", None), Err(ReadError::Binary { .. })));
        assert_eq!(read(b"<html><body></body></html>", None), Err(ReadError::NoArticle));
    }
}
