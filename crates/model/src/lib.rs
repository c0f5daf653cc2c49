//! The NewsBite data model.
//!
//! This crate holds the types every other NewsBite crate speaks: an [`Article`] is the clean,
//! structured reading of one news report, whatever it was read from (a NewsBite text record, a
//! web page, a feed entry). It does no IO and holds no logic beyond small accessors, so that it can
//! be shared by the pure crates (text, extract, analyze, stories) and the ones that touch the world
//! (store, fetch, web, the binary).
//!
//! # The JSON shape
//!
//! Every type here serialises with serde. The shape is versioned: an `Article` carries
//! `"schema": 1` (see [`ARTICLE_SCHEMA`]). Fields that are empty (`None`, empty lists) are left out
//! of the JSON, and readers must treat a missing field as empty. A change that removes or renames
//! a field, or changes its meaning, bumps the schema number; adding an optional field does not.
//!
//! ```json
//! {
//!   "schema": 1,
//!   "url": "https://www.example.com/world/2024/11/26/a-story",
//!   "publisher": "example.com",
//!   "collection": "NewsBite",
//!   "headline": "A headline",
//!   "standfirst": "The paragraph under the headline.",
//!   "byline": ["Jane Doe"],
//!   "published": {"at": "2024-11-26T00:00:00Z", "precision": "date",
//!                 "provenance": "inferred", "source": "url"},
//!   "language": "en",
//!   "blocks": [
//!     {"type": "paragraph", "text": "Body text."},
//!     {"type": "heading", "text": "A subheading", "level": 2},
//!     {"type": "teaser", "text": "READ MORE: another story"},
//!     {"type": "caption", "text": "A photo caption.", "credit": "Jane Roe/AFP"},
//!     {"type": "list", "ordered": false, "items": ["one", "two"]},
//!     {"type": "quote", "text": "A block quote."},
//!     {"type": "table", "rows": [["a", "b"], ["1", "2"]]}
//!   ],
//!   "images": [{"url": "https://www.example.com/a.jpg", "caption": "A photo caption.",
//!               "credit": "Jane Roe/AFP"}]
//! }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

mod analysis;
mod story;

pub use analysis::{
    Analysis, BiteSentence, Entity, EntityKind, Figure, Keyword, Part, Quote, QuoteKind, Span, Speaker,
    ANALYSIS_SCHEMA,
};
pub use story::{Claim, Position, ReportRef, Stance};

/// The version of the [`Article`] JSON shape this crate reads and writes.
pub const ARTICLE_SCHEMA: u32 = 1;

fn article_schema() -> u32 {
    ARTICLE_SCHEMA
}

/// The clean, structured reading of one news report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Version of this JSON shape ([`ARTICLE_SCHEMA`]).
    #[serde(default = "article_schema")]
    pub schema: u32,
    /// Where the report lives: its canonical URL when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The registrable domain of [`Article::url`] (`news.com.au`, `bbc.co.uk`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The site's own name for itself, when the page says it (`The Guardian`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The collection a record was saved into (`NewsBite`), from a record's first line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
    /// The headline, as written.
    pub headline: String,
    /// The paragraph that stands under the headline and sums up the report, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standfirst: Option<String>,
    /// A short description of the report from its metadata (not body text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The people who wrote the report, one name each, without "By".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub byline: Vec<String>,
    /// When the report was first published, and how that was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Timestamp>,
    /// When the report was last changed, and how that was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Timestamp>,
    /// The language of the text, as an ISO 639-1 code (`en`) when one exists, else ISO 639-3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The report's content, in reading order.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Pictures of the report whose source is known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
}

impl Article {
    /// A new article with the given headline and nothing else.
    pub fn new(headline: impl Into<String>) -> Self {
        Article {
            schema: ARTICLE_SCHEMA,
            url: None,
            publisher: None,
            site_name: None,
            collection: None,
            headline: headline.into(),
            standfirst: None,
            description: None,
            byline: Vec::new(),
            published: None,
            modified: None,
            language: None,
            blocks: Vec::new(),
            images: Vec::new(),
        }
    }

    /// The body paragraphs, in order: the text the reporter wrote, without headings, teasers,
    /// captions, lists, quotes or tables.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            _ => None,
        })
    }

    /// The headings between body paragraphs, in order.
    pub fn headings(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }

    /// The photo captions, in order, as `(text, credit)`.
    pub fn captions(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Caption { text, credit } => Some((text.as_str(), credit.as_deref())),
            _ => None,
        })
    }

    /// The text of the article body a reader reads: paragraphs, lists, block quotes and tables,
    /// one block a line, in order. Headings, teasers and captions are left out.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if !block.is_body() {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            block.write_text(&mut out);
        }
        out
    }
}

/// One block of an article, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of body text.
    Paragraph {
        /// The paragraph's text.
        text: String,
    },
    /// A subheading inside the body.
    Heading {
        /// The heading's text.
        text: String,
        /// Its level, 2 to 6 (the headline is level 1).
        level: u8,
    },
    /// A line that points the reader elsewhere ("READ MORE: …", "Related: …"). Not body text.
    Teaser {
        /// The teaser's text.
        text: String,
    },
    /// The caption of a photo or graphic, with its credit split off.
    Caption {
        /// The caption, without its credit.
        text: String,
        /// Who made or supplied the picture (`Ed Jones/AFP`), when the caption says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        credit: Option<String>,
    },
    /// A list in the body.
    List {
        /// Whether the items are numbered.
        ordered: bool,
        /// The items' text, in order.
        items: Vec<String>,
    },
    /// A block quote in the body (not a pull quote repeating body text).
    Quote {
        /// The quoted text.
        text: String,
    },
    /// A table in the body, row by row.
    Table {
        /// The cells' text, row by row.
        rows: Vec<Vec<String>>,
    },
}

impl Block {
    /// Whether the block is part of the body a reporter wrote (paragraph, list, quote, table),
    /// as opposed to furniture around it (heading, teaser, caption).
    pub fn is_body(&self) -> bool {
        matches!(
            self,
            Block::Paragraph { .. } | Block::List { .. } | Block::Quote { .. } | Block::Table { .. }
        )
    }

    /// The block's text, with list items and table rows on lines of their own.
    pub fn text(&self) -> String {
        self.text_cow().into_owned()
    }

    /// The block's text, borrowed when it is a single piece of text (all but lists and tables).
    pub fn text_cow(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Block::Paragraph { text }
            | Block::Heading { text, .. }
            | Block::Teaser { text }
            | Block::Caption { text, .. }
            | Block::Quote { text } => text.as_str().into(),
            Block::List { .. } | Block::Table { .. } => {
                let mut out = String::new();
                self.write_text(&mut out);
                out.into()
            }
        }
    }

    fn write_text(&self, out: &mut String) {
        match self {
            Block::Paragraph { text }
            | Block::Heading { text, .. }
            | Block::Teaser { text }
            | Block::Caption { text, .. }
            | Block::Quote { text } => out.push_str(text),
            Block::List { items, .. } => push_lines(out, items.iter().map(String::as_str), "\n"),
            Block::Table { rows } => {
                for (i, row) in rows.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    push_lines(out, row.iter().map(String::as_str), "\t");
                }
            }
        }
    }
}

fn push_lines<'a>(out: &mut String, parts: impl Iterator<Item = &'a str>, sep: &str) {
    for (i, part) in parts.enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part);
    }
}

/// A picture of the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// Where the picture is.
    pub url: String,
    /// Its caption, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Its credit, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    /// Whether this is the article's lead picture (the one a page shares, `og:image`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lead: bool,
}

/// A point in time with how it was learned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timestamp {
    /// The time, with the offset it was given in (UTC when none was given).
    pub at: DateTime<FixedOffset>,
    /// Whether the time of day is known or only the date.
    pub precision: Precision,
    /// Whether the time was stated by the source or guessed.
    pub provenance: Provenance,
    /// Where it was found: `json-ld`, `meta`, `time-element`, `url`, `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// How much of a [`Timestamp`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// Only the date; the time of day in [`Timestamp::at`] is midnight and means nothing.
    Date,
    /// The date and time of day.
    Time,
}

/// Whether a piece of metadata was stated by the source or guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The source states it in metadata meant for it (JSON-LD, `article:published_time`, …).
    Found,
    /// Guessed from something not meant for it (a date in the URL or in the text).
    Inferred,
    /// Not known.
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Article {
        let mut a = Article::new("Headline");
        a.url = Some("https://www.example.com/a".into());
        a.blocks = vec![
            Block::Paragraph { text: "One.".into() },
            Block::Heading { text: "Sub".into(), level: 2 },
            Block::Caption { text: "Cap.".into(), credit: Some("A/B".into()) },
            Block::List { ordered: true, items: vec!["x".into(), "y".into()] },
            Block::Paragraph { text: "Two.".into() },
        ];
        a
    }

    #[test]
    fn json_round_trip_keeps_everything() {
        let a = sample();
        let json = serde_json::to_string(&a).unwrap();
        let back: Article = serde_json::from_str(&json).unwrap();
        assert_eq!(a, back);
    }

    #[test]
    fn json_shape_is_tagged_and_versioned() {
        let v = serde_json::to_value(sample()).unwrap();
        assert_eq!(v["schema"], 1);
        assert_eq!(v["blocks"][1]["type"], "heading");
        assert_eq!(v["blocks"][2]["credit"], "A/B");
        assert!(v.get("standfirst").is_none(), "empty fields are left out");
    }

    #[test]
    fn missing_fields_read_as_empty() {
        let a: Article = serde_json::from_str(r#"{"headline":"H"}"#).unwrap();
        assert_eq!(a.schema, ARTICLE_SCHEMA);
        assert!(a.blocks.is_empty());
    }

    #[test]
    fn accessors_pick_their_blocks() {
        let a = sample();
        assert_eq!(a.paragraphs().collect::<Vec<_>>(), ["One.", "Two."]);
        assert_eq!(a.headings().collect::<Vec<_>>(), ["Sub"]);
        assert_eq!(a.captions().collect::<Vec<_>>(), [("Cap.", Some("A/B"))]);
        assert_eq!(a.body_text(), "One.\nx\ny\nTwo.");
    }

    #[test]
    fn timestamp_serialises_with_offset() {
        let t = Timestamp {
            at: DateTime::parse_from_rfc3339("2024-11-26T10:00:00+11:00").unwrap(),
            precision: Precision::Time,
            provenance: Provenance::Found,
            source: Some("json-ld".into()),
        };
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(v["at"], "2024-11-26T10:00:00+11:00");
        assert_eq!(v["provenance"], "found");
    }
}
