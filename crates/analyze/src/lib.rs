//! Understanding one article: its [`Analysis`].
//!
//! [`analyze`] turns an [`Article`] into the bite (a few extractive sentences that tell the
//! story), who said what (quotes with their speakers resolved across the article), the key
//! figures, the entities and the keywords. Everything here is pure and deterministic: no IO, no
//! clock, no global state, no model downloads; what the code knows about English it carries in
//! its own source.
//!
//! All the parts read the same [`Doc`]: the article cut once into parts and sentences.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bite;
pub mod doc;
pub mod entities;
pub mod figures;
pub mod keywords;
pub mod quotes;

pub use doc::Doc;
pub use newsbite_model::{Analysis, Article};

/// Analyses an article.
pub fn analyze(article: &Article) -> Analysis {
    let doc = Doc::new(article);
    // Entities are found once, with their positions, for both entities and quotes.
    let found = entities::find(&doc);
    let quotes = quotes::quotes_found(&doc, &found, &[]);
    let entities = found.into_entities();
    // One vocabulary for the bite and the keywords: each word is stemmed once.
    let mut vocab = newsbite_text::terms::Vocabulary::new();
    let bite = bite::bite_in(&doc, bite::Budget::DEFAULT, &mut vocab);
    let keywords = keywords::keywords_in(&doc, &mut vocab);
    Analysis {
        schema: newsbite_model::ANALYSIS_SCHEMA,
        bite,
        figures: figures::figures(&doc),
        keywords,
        quotes,
        entities,
    }
}
