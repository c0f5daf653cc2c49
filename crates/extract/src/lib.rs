//! Readers that turn what NewsBite is given into an [`Article`].
//!
//! A reader never panics and rarely fails: like a good compiler front end, it returns the best
//! reading it can make together with the [`Warning`]s it met on the way (a [`Reading`]), and errs
//! only when there is no article at all (a binary file, text that is not UTF-8, no headline).
//!
//! Readers are pure: they take bytes and give values, with no IO, no clock and no global state.
//!
//! - [`record`]: the NewsBite text record and plain-text articles (a headline, then paragraphs).
//! - [`html`]: news web pages.
//! - [`jsonl`]: the bulk import format, JSON Lines of articles.
//! - [`read`]: picks the reader for a piece of input.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod dates;
mod decode;
mod error;
mod furniture;
pub mod html;
pub mod jsonl;
pub mod language;
pub mod record;
pub mod site;

pub use error::{ReadError, Warning};
pub use newsbite_model::Article;

/// An article read from some input, with what the reader noticed on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The article.
    pub article: Article,
    /// Things in the input that were odd but did not stop the reading.
    pub warnings: Vec<Warning>,
}

/// The kinds of input NewsBite can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A NewsBite text record, or a plain-text article.
    Record,
    /// An HTML page.
    Html,
}

/// Guesses the format of an input from its first bytes: markup that opens with a doctype, an
/// `<html>`, `<head>` or `<body>` tag (after white space, a BOM or comments) is HTML; anything
/// else is read as a record.
pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    if head.first() != Some(&b'<') {
        return Format::Record;
    }
    let lower = head.to_ascii_lowercase();
    let markers: [&[u8]; 5] = [b"<!doctype html", b"<html", b"<head", b"<body", b"<!--"];
    if markers.iter().any(|m| lower.starts_with(m)) || lower.windows(5).any(|w| w == b"<html") {
        Format::Html
    } else {
        Format::Record
    }
}

/// Reads any supported input, choosing the reader with [`sniff`].
pub fn read(bytes: &[u8]) -> Result<Reading, ReadError> {
    match sniff(bytes) {
        Format::Record => record::read(bytes),
        Format::Html => html::read(bytes, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_html_and_records() {
        assert_eq!(sniff(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"<html lang=en>"), Format::Html);
        assert_eq!(sniff(b"<!-- saved --><html>"), Format::Html);
        assert_eq!(sniff(b"NewsBite\n\nHeadline\n"), Format::Record);
        assert_eq!(sniff(b"<3 a headline that starts oddly\n"), Format::Record);
        assert_eq!(sniff(b""), Format::Record);
    }
}
