//! Stories: the reports of one event, grouped, with the claims their sources make.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::Span;

/// A speaker's position on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// The speaker says it is so.
    Affirms,
    /// The speaker says it is not so.
    Denies,
    /// The speaker says there is no evidence either way.
    NoEvidence,
    /// The speaker's position cannot be told (hedged, or neither yes nor no).
    Unclear,
}

/// One report of a story, as the story lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRef {
    /// The article's id in the store.
    pub article: i64,
    /// Its URL, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its publisher, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Its headline.
    pub headline: String,
    /// When it was published, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<FixedOffset>>,
    /// Syndicated copies of this report (near-duplicates), folded under it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<ReportRef>,
}

/// One speaker's position on a claim, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The speaker's canonical name.
    pub speaker: String,
    /// Their stance.
    pub stance: Stance,
    /// The statement, as written.
    pub text: String,
    /// The sentence it comes from.
    pub sentence: String,
    /// The report it comes from (the article's id in the store).
    pub article: i64,
    /// Where the statement stands in that article.
    pub span: Span,
}

/// Attributed statements about one thing, grouped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// What the statements are about, in a few words drawn from them.
    pub about: String,
    /// Each speaker's position.
    pub positions: Vec<Position>,
    /// Whether the positions conflict (one affirms what another denies or finds no evidence for).
    pub disputed: bool,
}
