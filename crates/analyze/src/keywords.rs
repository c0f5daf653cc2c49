//! Keywords for search and clustering.

use newsbite_model::Keyword;

use crate::Doc;

/// The keywords of an article.
pub fn keywords(_doc: &Doc<'_>) -> Vec<Keyword> {
    Vec::new()
}
