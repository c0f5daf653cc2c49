//! Key figures: numbers in the body with what they count.

use newsbite_model::Figure;

use crate::Doc;

/// The key figures of an article.
pub fn figures(_doc: &Doc<'_>) -> Vec<Figure> {
    Vec::new()
}
