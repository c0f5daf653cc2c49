//! The terms of an article, found once for every analysis that weighs words.
//!
//! The bite and the keywords both count stemmed content words ([`newsbite_text::terms`]).
//! Cutting and stemming the words is the dearest step of either, so it is done once per
//! article here: each sentence of each part gets its terms (the word as written and a small term
//! id, one per distinct stem), kept in one flat list. Captions and teasers get none: no analysis
//! weighs their words.
//!
//! The words themselves ([`term_words`], stop words and numbers included) are kept too, with
//! their offsets in the sentence: the keywords read their names (runs of capitalised words) from
//! them instead of cutting every sentence a second time.

use newsbite_text::terms::{term_words, Lexicon};

use crate::doc::Role;
use crate::Doc;

/// One term: the word as written and its id.
pub type Term<'d> = (&'d str, u32);

/// One word of a sentence, as [`term_words`] cuts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'d> {
    /// Its byte offset in the sentence.
    pub start: usize,
    /// The word as written.
    pub text: &'d str,
}

/// The terms of every sentence of an article.
#[derive(Debug, Default)]
pub struct DocTerms<'d> {
    terms: Vec<Term<'d>>,
    words: Vec<Word<'d>>,
    /// For each part of the doc, for each of its sentences, its range of `terms` and of `words`.
    sentences: Vec<Vec<[u32; 4]>>,
    distinct: usize,
}

impl<'d> DocTerms<'d> {
    /// Cuts every sentence of the article's parts (but captions and teasers) into terms.
    pub fn new(doc: &'d Doc<'_>) -> Self {
        Self::with(doc, &mut Lexicon::new())
    }

    /// [`DocTerms::new`] with a lexicon that remembers the stems of words met in earlier
    /// articles (the terms are the same; only the cost differs).
    pub fn with(doc: &'d Doc<'_>, vocab: &mut Lexicon) -> Self {
        vocab.begin();
        let bytes: usize = doc.parts.iter().map(|p| p.text.len()).sum();
        let mut terms: Vec<Term<'d>> = Vec::with_capacity(bytes / 8);
        let mut words: Vec<Word<'d>> = Vec::with_capacity(bytes / 5);
        let mut sentences = Vec::with_capacity(doc.parts.len());
        for part in &doc.parts {
            if matches!(part.role, Role::Caption | Role::Teaser) {
                sentences.push(Vec::new());
                continue;
            }
            let mut ranges = Vec::with_capacity(part.sentences.len());
            for &(start, end) in &part.sentences {
                let (from, words_from) = (terms.len() as u32, words.len() as u32);
                if let Some(sentence) = part.text.get(start..end) {
                    for (at, word) in term_words(sentence) {
                        words.push(Word { start: at, text: word });
                        if let Some(id) = vocab.id(word) {
                            terms.push((word, id));
                        }
                    }
                }
                ranges.push([from, terms.len() as u32, words_from, words.len() as u32]);
            }
            sentences.push(ranges);
        }
        DocTerms { terms, words, sentences, distinct: vocab.len() }
    }

    /// The terms of sentence `k` of part `part` (none when there is no such sentence).
    pub fn sentence(&self, part: usize, k: usize) -> &[Term<'d>] {
        match self.sentences.get(part).and_then(|s| s.get(k)) {
            Some(&[a, b, _, _]) => &self.terms[a as usize..b as usize],
            None => &[],
        }
    }

    /// Every word of sentence `k` of part `part`, as [`term_words`] cuts it (none when there is
    /// no such sentence, or for a caption or teaser).
    pub fn words(&self, part: usize, k: usize) -> &[Word<'d>] {
        match self.sentences.get(part).and_then(|s| s.get(k)) {
            Some(&[_, _, a, b]) => &self.words[a as usize..b as usize],
            None => &[],
        }
    }

    /// How many distinct terms (stems) the article has: every id is below this.
    pub fn distinct(&self) -> usize {
        self.distinct
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsbite_model::{Article, Block};
    use proptest::prelude::*;

    #[test]
    fn each_sentence_has_its_terms_with_one_id_per_stem() {
        let mut a = Article::new("Troops gather");
        a.blocks = vec![
            Block::Paragraph { text: "The troops arrived. A troop left.".into() },
            Block::Caption { text: "Troops in a picture.".into(), credit: None },
        ];
        let doc = Doc::new(&a);
        let t = DocTerms::new(&doc);
        assert_eq!(t.sentence(0, 0), [("Troops", 0), ("gather", 1)]);
        assert_eq!(t.sentence(1, 0), [("troops", 0), ("arrived", 2)]);
        assert_eq!(t.sentence(1, 1), [("troop", 0), ("left", 3)]);
        let words: Vec<_> = t.words(1, 1).iter().map(|w| (w.start, w.text)).collect();
        assert_eq!(words, [(0, "A"), (2, "troop"), (8, "left")]);
        assert!(t.sentence(2, 0).is_empty(), "captions are not weighed");
        assert!(t.words(2, 0).is_empty());
        assert!(t.sentence(9, 0).is_empty());
        assert_eq!(t.distinct(), 4);
    }

    proptest! {
        #[test]
        fn ids_stay_below_the_count_of_distinct_terms(paras in proptest::collection::vec("\\PC{0,80}", 0..5)) {
            let mut a = Article::new("Head");
            a.blocks = paras.into_iter().map(|text| Block::Paragraph { text }).collect();
            let doc = Doc::new(&a);
            let t = DocTerms::new(&doc);
            for (pi, part) in doc.parts.iter().enumerate() {
                for k in 0..part.sentences.len() {
                    for &(word, id) in t.sentence(pi, k) {
                        prop_assert!((id as usize) < t.distinct());
                        prop_assert!(part.text.contains(word));
                    }
                    let (a, b) = part.sentences[k];
                    let words: Vec<_> = t.words(pi, k).iter().map(|w| (w.start, w.text)).collect();
                    prop_assert_eq!(words, term_words(&part.text[a..b]).collect::<Vec<_>>());
                }
            }
        }
    }
}
