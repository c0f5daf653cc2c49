//! The bite: a few extractive sentences that tell the story.

use newsbite_model::BiteSentence;

use crate::Doc;

/// The bite of an article.
pub fn bite(_doc: &Doc<'_>) -> Vec<BiteSentence> {
    Vec::new()
}
