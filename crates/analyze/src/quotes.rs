//! Who said what: quotes and their speakers.

use newsbite_model::{Entity, Quote};

use crate::Doc;

/// The quotes of an article, with speakers resolved against its entities.
pub fn quotes(_doc: &Doc<'_>, _entities: &[Entity]) -> Vec<Quote> {
    Vec::new()
}
