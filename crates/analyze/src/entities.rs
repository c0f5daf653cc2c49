//! People, organisations and places.

use newsbite_model::Entity;

use crate::Doc;

/// The named entities of an article.
pub fn entities(_doc: &Doc<'_>) -> Vec<Entity> {
    Vec::new()
}
