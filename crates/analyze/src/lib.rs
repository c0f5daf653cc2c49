//! Understanding one article: its [`Analysis`].
//!
//! [`analyze`] turns an [`Article`] into the bite (a few extractive sentences that tell the
//! story), who said what (quotes with their speakers resolved across the article), the key
//! figures, the entities and the keywords. Everything here is pure and deterministic: no IO, no
//! clock, no global state, no model downloads; what the code knows about English it carries in
//! its own source.
//!
//! All the parts read the same [`Doc`]: the article cut once into parts and sentences; the bite
//! and the keywords also share its [`terms::DocTerms`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bite;
pub mod doc;
pub mod entities;
pub mod figures;
pub mod keywords;
pub mod quotes;
mod table;
pub mod terms;

pub use doc::Doc;
pub use newsbite_model::{Analysis, Article};

/// The version of the analysis rules, kept in each [`Analysis`] they make
/// ([`Analysis::analyzer`]). **Bump it with every change that changes what an analysis holds**
/// (a quote found or lost, a speaker, a figure, an entity, a bite sentence, a keyword): a library
/// re-analyses the articles an older version read (`newsbite reanalyse`, and `serve --demo` on
/// its own), so that its stories show what the rules find now. A change that only makes the
/// same analysis faster keeps it.
pub const ANALYZER_VERSION: u32 = 11;

/// Analyses an article. For many articles, an [`Analyzer`] is cheaper and gives the same.
pub fn analyze(article: &Article) -> Analysis {
    Analyzer::new().analyze(article)
}

/// Analyses articles one after another, remembering what it learnt about words on the way: the
/// stems of the words it has met ([`newsbite_text::terms::Lexicon`], bounded), which a fresh
/// analysis would compute again for every article. An analysis never depends on the articles
/// analysed before it: `Analyzer::analyze` gives exactly what [`analyze`] gives. One analyzer per
/// thread; it is cheap to make and holds a few MB at most.
#[derive(Debug, Default)]
pub struct Analyzer {
    lexicon: newsbite_text::terms::Lexicon,
}

impl Analyzer {
    /// An analyzer that has met no word yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Analyses an article.
    pub fn analyze(&mut self, article: &Article) -> Analysis {
        let doc = Doc::new(article);
        // Entities are found once, with their positions, for both entities and quotes.
        let found = entities::find(&doc);
        let quotes = quotes::quotes_found(&doc, &found, &[]);
        let entities = found.into_entities();
        // The terms of every sentence, found once for the bite and the keywords.
        let terms = terms::DocTerms::with(&doc, &mut self.lexicon);
        let bite = bite::bite_in(&doc, bite::Budget::DEFAULT, &terms);
        let keywords = keywords::keywords_in(&doc, &terms);
        Analysis {
            schema: newsbite_model::ANALYSIS_SCHEMA,
            analyzer: ANALYZER_VERSION,
            bite,
            figures: figures::figures_in(&doc, &terms),
            keywords,
            quotes,
            entities,
        }
    }
}
