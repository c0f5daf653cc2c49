//! What NewsBite understands of one article: its [`Analysis`].
//!
//! Every item points back at its text: a [`Span`] names the part of the article (the standfirst,
//! or a block by its index in [`Article::blocks`](crate::Article::blocks)) and the byte range
//! inside that part's text, so a reader can always check a bite sentence, a quote or a figure
//! against its source.

use serde::{Deserialize, Serialize};

/// The version of the [`Analysis`] JSON shape.
pub const ANALYSIS_SCHEMA: u32 = 1;

fn analysis_schema() -> u32 {
    ANALYSIS_SCHEMA
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A part of an article that holds text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The headline.
    Headline,
    /// The standfirst.
    Standfirst,
    /// A block, by its index in the article's blocks (its text is [`Block::text`](crate::Block::text)).
    Block(usize),
}

/// A piece of an article's text: which part, and which bytes of that part's text.
/// In JSON: `{"part": "standfirst", "start": 0, "end": 42}` or `{"part": {"block": 3}, …}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// The part the piece is in.
    pub part: Part,
    /// Byte offset where the piece starts in the part's text.
    pub start: usize,
    /// Byte offset where it ends (exclusive).
    pub end: usize,
}

impl Span {
    /// The span's text, if the article has that part and the range fits it.
    pub fn text<'a>(&self, article: &'a crate::Article) -> Option<std::borrow::Cow<'a, str>> {
        let whole: std::borrow::Cow<'a, str> = match self.part {
            Part::Headline => article.headline.as_str().into(),
            Part::Standfirst => article.standfirst.as_deref()?.into(),
            Part::Block(i) => article.blocks.get(i)?.text_cow(),
        };
        match whole {
            std::borrow::Cow::Borrowed(s) => s.get(self.start..self.end).map(Into::into),
            std::borrow::Cow::Owned(s) => s.get(self.start..self.end).map(|t| t.to_string().into()),
        }
    }
}

/// What NewsBite understands of one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Version of this JSON shape ([`ANALYSIS_SCHEMA`]).
    #[serde(default = "analysis_schema")]
    pub schema: u32,
    /// Which rules made it: the version of the analyzer (`newsbite_analyze::ANALYZER_VERSION`),
    /// which changes whenever its rules change what an analysis holds. 0 (left out of the JSON)
    /// for an analysis stored before the version was recorded. A library re-analyses the
    /// articles an older analyzer read (`newsbite reanalyse`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub analyzer: u32,
    /// The bite: 2 to 4 sentences of the article, in reading order, that tell the story.
    #[serde(default)]
    pub bite: Vec<BiteSentence>,
    /// Who said what.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// The numbers that matter, with what they count.
    #[serde(default)]
    pub figures: Vec<Figure>,
    /// People, organisations and places mentioned.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Terms for search and clustering, most characteristic first.
    #[serde(default)]
    pub keywords: Vec<Keyword>,
}

/// One sentence of the bite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BiteSentence {
    /// The sentence as written.
    pub text: String,
    /// Where it stands in the article.
    pub span: Span,
}

/// How a quote is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// The speaker's own words in quotation marks.
    Direct,
    /// The speaker's words reported ("X said that …", "according to X").
    Indirect,
    /// Reported speech with quoted fragments ("X said the meeting was an act of “desperation”").
    Mixed,
}

/// An attributed statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The content of the statement, as written (without the outer quotation marks of a direct
    /// quote).
    pub text: String,
    /// Where the content stands.
    pub span: Span,
    /// The verb or phrase that attributes it, as written, when there is one: `said`, `told`,
    /// `according to`; with the words between it and a `that` (`told reporters in Carrowmere`);
    /// for a noun its speaker owns, with the possessive (`’s claim`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// Who said it, when that could be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
}

/// The source of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// How the text names the speaker at this point (`Mr Rutte`, `the official`, `he`).
    pub mention: String,
    /// The canonical name across the article (`Mark Rutte`, `Western official`).
    pub name: String,
    /// Where the mention stands, when it is in the text (not for a speaker carried over from an
    /// earlier paragraph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A number in the body with what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The number as written (`10,000`, `three million`, `1:1.5`).
    pub value: String,
    /// Its numeric value, when it has a single one (`10000`, `3000000`; none for a ratio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<f64>,
    /// Its unit, when it has one (`roubles`, `%`, `years`, `$`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// What it counts, in the article's words (`North Korean troops`).
    pub about: String,
    /// The phrase it stands in, in the article's words, with what it counts before or after it
    /// (`some 10,000 troops`, `fighting had lasted close to six hours`).
    pub text: String,
    /// Where the phrase stands.
    pub span: Span,
}

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, agency, party, alliance, publication or other body.
    Organisation,
    /// A country, city, region or other place.
    Place,
    /// A name of another kind.
    Other,
}

/// A named entity of the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The canonical name (`Volodymyr Zelensky`).
    pub name: String,
    /// What kind of thing it is.
    pub kind: EntityKind,
    /// How many times the article mentions it, in any form.
    pub mentions: usize,
    /// The forms the article uses (`Zelensky`, `the Ukrainian leader`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
}

/// A keyword with its weight (higher is more characteristic of the article).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    /// The term, lower-cased (a word or a short phrase).
    pub term: String,
    /// Its weight.
    pub weight: f32,
}
