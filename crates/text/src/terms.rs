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
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_stemmers::{Algorithm, Stemmer};

use crate::{ascii_alphanumeric_end, char_at, is_alphanumeric, words};

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

/// The words of a text for term purposes, fast: runs of letters and digits, with an apostrophe
/// (`'` or `’`) between two of them kept inside (`Kim’s`, `haven't`); anything else (hyphens,
/// periods, white space) separates words. Yields each word's byte offset and text.
pub fn term_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // Skip to the start of a word.
        while i < bytes.len() {
            let (c, len) = char_at(text, i);
            if is_alphanumeric(c) {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        loop {
            i = ascii_alphanumeric_end(text, i);
            if i >= bytes.len() {
                break;
            }
            let (c, len) = char_at(text, i);
            let inner_apostrophe =
                (c == '\'' || c == '’') && i + len < bytes.len() && is_alphanumeric(char_at(text, i + len).0);
            if !(is_alphanumeric(c) || inner_apostrophe) {
                break;
            }
            i += len;
        }
        Some((start, &text[start..i]))
    })
}

/// The words a reader has met, with their terms, kept from one article to the next.
///
/// Stemming is the dear part of finding terms, and news repeats its words: across articles as
/// well as within one. A lexicon stems each distinct word as written once and remembers its stem
/// (or that it has none: a stop word, a word with no letter) for every later article, up to
/// [`Lexicon::CAPACITY`] words, after which it starts afresh between two articles (so memory
/// stays bounded on an endless stream; forgetting changes no result, only the cost).
///
/// Within one article ([`Lexicon::begin`] starts one) each distinct stem gets a small id,
/// counted from 0 in order of first appearance, so that the ids index dense per-article arrays.
/// The ids depend only on the article, never on what the lexicon met before.
#[derive(Debug, Default)]
pub struct Lexicon {
    terms: Terms,
    /// Each word as written: its stem's lexicon-wide number, or none.
    by_word: HashMap<Box<str>, Option<u32>, BuildHasherDefault<WordHasher>>,
    /// Each stem: its lexicon-wide number.
    by_stem: HashMap<Box<str>, u32, BuildHasherDefault<WordHasher>>,
    /// For each lexicon-wide stem number, its article id plus one (0: not in this article).
    local: Vec<u32>,
    /// The stem numbers given an article id since [`Lexicon::begin`], in order.
    article: Vec<u32>,
}

/// A small, fast hasher for short words (the FxHash scheme: rotate, xor, multiply, eight bytes at
/// a time; the last one to seven bytes are read as one number, so most words take one round).
/// Not resistant to crafted collisions: a page written to collide could slow one reader's
/// lexicon, never change a result, and the lexicon is bounded.
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    fn round(&mut self, word: u64) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

/// One to seven bytes as one number, their count in the top byte: two reads that may overlap
/// for four bytes and more, three single bytes (that may repeat) below.
fn tail(r: &[u8]) -> u64 {
    let n = r.len();
    let body = match n {
        0 => 0,
        1..=3 => u64::from(r[0]) | u64::from(r[n / 2]) << 8 | u64::from(r[n - 1]) << 16,
        _ => {
            let four = |at: usize| u64::from(u32::from_le_bytes([r[at], r[at + 1], r[at + 2], r[at + 3]]));
            four(0) | four(n - 4) << 24
        }
    };
    body | (n as u64) << 56
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.round(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.round(tail(rest));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.round(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Lexicon {
    /// The most words a lexicon remembers before it starts afresh (a few tens of MB at most).
    pub const CAPACITY: usize = 250_000;

    /// An empty lexicon, ready for an article.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a new article: its ids count from 0 again. The words met so far are remembered,
    /// unless there are more than [`Lexicon::CAPACITY`] of them.
    pub fn begin(&mut self) {
        for &n in &self.article {
            self.local[n as usize] = 0;
        }
        self.article.clear();
        if self.by_word.len() > Self::CAPACITY {
            self.by_word.clear();
            self.by_stem.clear();
            self.local.clear();
        }
    }

    /// The article id of a word's term, or none for a stop word or a word with no letter.
    pub fn id(&mut self, word: &str) -> Option<u32> {
        let n = match self.by_word.get(word) {
            Some(&n) => n?,
            None => {
                let n = self.compute(word);
                self.by_word.insert(word.into(), n);
                n?
            }
        };
        let slot = &mut self.local[n as usize];
        if *slot == 0 {
            self.article.push(n);
            *slot = self.article.len() as u32;
        }
        Some(*slot - 1)
    }

    fn compute(&mut self, word: &str) -> Option<u32> {
        if !word.chars().any(char::is_alphabetic) {
            return None;
        }
        let lower = fold(word);
        let base = strip_possessive(&lower);
        if base.chars().count() < 2 || is_stop_word(base) {
            return None;
        }
        // Snowball leaves words of two letters as they are.
        let stem = if base.len() <= 2 { Cow::Borrowed(base) } else { self.terms.stemmer.stem(base) };
        if let Some(&n) = self.by_stem.get(stem.as_ref()) {
            return Some(n);
        }
        let n = self.by_stem.len() as u32;
        self.by_stem.insert(stem.into(), n);
        self.local.push(0);
        Some(n)
    }

    /// The article id of a stem already met in this article.
    pub fn stem_id(&self, stem: &str) -> Option<u32> {
        let &n = self.by_stem.get(stem)?;
        self.local.get(n as usize).and_then(|&slot| slot.checked_sub(1))
    }

    /// How many distinct terms this article has so far: every article id is below this.
    pub fn len(&self) -> usize {
        self.article.len()
    }

    /// Whether this article has no term yet.
    pub fn is_empty(&self) -> bool {
        self.article.is_empty()
    }

    /// How many words as written the lexicon remembers.
    pub fn words(&self) -> usize {
        self.by_word.len()
    }

    /// The article ids of a text's terms, with the byte offset and text of each word.
    pub fn ids<'a>(&mut self, text: &'a str) -> Vec<(usize, &'a str, u32)> {
        let mut out = Vec::new();
        for (start, word) in term_words(text) {
            if let Some(id) = self.id(word) {
                out.push((start, word, id));
            }
        }
        out
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

    #[test]
    fn term_words_split_fast_and_right() {
        let w: Vec<_> = term_words("Kim’s Jong-un, U.S. 10,000 haven't ’quoted’ É.").map(|w| w.1).collect();
        assert_eq!(w, ["Kim’s", "Jong", "un", "U", "S", "10", "000", "haven't", "quoted", "É"]);
    }

    #[test]
    fn a_lexicon_gives_one_id_per_stem_counted_per_article() {
        let mut v = Lexicon::new();
        let ids: Vec<u32> =
            v.ids("Troops troop the TROOPS Kim’s kim 10,000").into_iter().map(|t| t.2).collect();
        assert_eq!(ids, [0, 0, 0, 1, 1]);
        assert_eq!(v.len(), 2);
        assert_eq!(v.stem_id("troop"), Some(0));
        // The next article counts from 0 again, whatever came before.
        v.begin();
        assert!(v.is_empty());
        assert_eq!(v.stem_id("troop"), None);
        let ids: Vec<u32> = v.ids("Kim met troops").into_iter().map(|t| t.2).collect();
        assert_eq!(ids, [0, 1, 2]);
        assert_eq!(v.words(), 11);
    }

    /// [`term_words`] as first written, a character at a time: the reference for the fast one.
    fn term_words_by_chars(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut it = text.char_indices().peekable();
        while let Some((start, c)) = it.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                let after = text[j + d.len_utf8()..].chars().next();
                let inner_apostrophe = (d == '\'' || d == '’') && after.is_some_and(char::is_alphanumeric);
                if !(d.is_alphanumeric() || inner_apostrophe) {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push((start, &text[start..end]));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn term_words_are_those_of_the_reference(s in "([A-Za-z0-9 .,'’-]|\\PC){0,80}") {
            prop_assert_eq!(term_words(&s).collect::<Vec<_>>(), term_words_by_chars(&s));
        }

        #[test]
        fn term_words_are_slices(s in "\\PC{0,200}") {
            for (start, w) in term_words(&s) {
                prop_assert_eq!(&s[start..start + w.len()], w);
                prop_assert!(!w.is_empty());
            }
        }

        #[test]
        fn terms_point_at_their_words(s in "\\PC{0,200}") {
            let t = Terms::new();
            for term in t.terms(&s) {
                prop_assert_eq!(&s[term.start..term.start + term.word.len()], term.word);
                prop_assert!(!term.stem.is_empty());
            }
        }

        #[test]
        fn a_lexicon_that_has_met_other_words_gives_the_same_ids(
            before in proptest::collection::vec("\\PC{0,60}", 0..4),
            text in "\\PC{0,200}",
        ) {
            let mut fresh = Lexicon::new();
            let want = fresh.ids(&text);
            let mut used = Lexicon::new();
            for b in &before {
                used.ids(b);
                used.begin();
            }
            prop_assert_eq!(used.ids(&text), want);
            prop_assert_eq!(used.len(), fresh.len());
        }
    }
}
