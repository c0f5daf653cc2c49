//! Terms: lower-cased, stemmed content words, for term weights, similarity and keywords.
//!
//! A *term* is a word of the text with its case folded and its English Snowball stem taken
//! (`Troops` → `troop`, `claimed` → `claim`), after dropping stop words (`the`, `said`, `would`)
//! and tokens that carry no letters (`10,000`, `1:1.5`). Possessives lose their `’s` first
//! (`Kim’s` → `kim`), so that a name and its possessive are one term.
//!
//! The stop-word list is NewsBite's own: common English function words plus a few verbs and
//! adverbs that news prose uses everywhere (`said`, `also`, `told`), which say nothing about what
//! an article is about.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

use crate::words;

/// English stop words, lower case, sorted (checked by a test) for binary search.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "anyone",
    "anything",
    "are",
    "aren't",
    "around",
    "as",
    "at",
    "be",
    "became",
    "because",
    "become",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "can't",
    "cannot",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "down",
    "during",
    "each",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "got",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "he'd",
    "he'll",
    "he's",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "least",
    "less",
    "let",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "never",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "quite",
    "rather",
    "really",
    "said",
    "same",
    "say",
    "says",
    "see",
    "seen",
    "several",
    "shall",
    "she",
    "she'd",
    "she'll",
    "she's",
    "should",
    "shouldn't",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they'd",
    "they'll",
    "they're",
    "they've",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "told",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "wasn't",
    "we",
    "we'd",
    "we'll",
    "we're",
    "we've",
    "were",
    "weren't",
    "what",
    "what's",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "who's",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won't",
    "would",
    "wouldn't",
    "yet",
    "you",
    "you'd",
    "you'll",
    "you're",
    "you've",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Whether a lower-case word is a stop word. Typographic apostrophes count as `'`.
pub fn is_stop_word(lower: &str) -> bool {
    if lower.contains('’') {
        let plain = lower.replace('’', "'");
        return STOP_WORDS.binary_search(&plain.as_str()).is_ok();
    }
    STOP_WORDS.binary_search(&lower).is_ok()
}

/// One term of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term<'a> {
    /// Byte offset of the word in the text.
    pub start: usize,
    /// The word as written (`Troops`).
    pub word: &'a str,
    /// The stem of the lower-cased word (`troop`).
    pub stem: String,
}

/// Cuts texts into [`Term`]s. Cheap to make; holds the English stemmer.
pub struct Terms {
    stemmer: Stemmer,
}

impl Default for Terms {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Terms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Terms(english)")
    }
}

impl Terms {
    /// A term cutter for English.
    pub fn new() -> Self {
        Terms { stemmer: Stemmer::create(Algorithm::English) }
    }

    /// The stem of one word (any case; a possessive `’s` is dropped first).
    pub fn stem(&self, word: &str) -> String {
        let lower = fold(word);
        let base = strip_possessive(&lower);
        self.stemmer.stem(base).into_owned()
    }

    /// The terms of a text, in order: words with a letter, not stop words, stemmed.
    pub fn terms<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Term<'a>> + 'a {
        words(text).filter_map(move |t| {
            if !t.text.chars().any(char::is_alphabetic) {
                return None;
            }
            let lower = fold(t.text);
            let base = strip_possessive(&lower);
            if base.chars().count() < 2 || is_stop_word(base) {
                return None;
            }
            Some(Term { start: t.start, word: t.text, stem: self.stemmer.stem(base).into_owned() })
        })
    }
}

/// Lower-cases a word, borrowing when it already is lower case.
fn fold(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        word.to_lowercase().into()
    } else {
        word.into()
    }
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s").or_else(|| word.strip_suffix("'s")).unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn stop_words_are_sorted_lower_case_and_unique() {
        for pair in STOP_WORDS.windows(2) {
            assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
        }
        assert!(STOP_WORDS.iter().all(|w| w.to_lowercase() == *w));
    }

    #[test]
    fn stop_words_know_typographic_apostrophes() {
        assert!(is_stop_word("the"));
        assert!(is_stop_word("haven’t"));
        assert!(is_stop_word("haven't"));
        assert!(!is_stop_word("troops"));
    }

    #[test]
    fn terms_are_stemmed_content_words() {
        let t = Terms::new();
        let got: Vec<_> = t
            .terms("Kim’s troops haven’t claimed the 10,000 Soldiers, Mr Rutte said.")
            .map(|t| t.stem)
            .collect();
        assert_eq!(got, ["kim", "troop", "claim", "soldier", "rutt"]);
        assert_eq!(t.stem("Running"), "run");
    }

    proptest! {
        #[test]
        fn terms_point_at_their_words(s in "\\PC{0,200}") {
            let t = Terms::new();
            for term in t.terms(&s) {
                prop_assert_eq!(&s[term.start..term.start + term.word.len()], term.word);
                prop_assert!(!term.stem.is_empty());
            }
        }
    }
}
