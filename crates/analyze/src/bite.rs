//! The bite: a few extractive sentences that tell the story.
//!
//! Only prose is a candidate: sentences of the standfirst and the body (never the headline, a
//! heading, a teaser or a caption), of at least four words. Each candidate gets the log-odds
//! that it belongs in a summary, a linear function of [`FEATURES`]: where it stands, how long it
//! is, how central its words are to the article (stemmed term frequencies, as Luhn did, and
//! cosine with the article's term vector, each also as a rank within the article), how much of
//! the headline it repeats, whether it holds a number and whether it opens with a quotation.
//!
//! The weights ([`WEIGHTS`]) were learned by logistic regression on BBC News Summary
//! (`newsbite-eval summaries --learn`), on the articles with an odd file number only, with the
//! label "this sentence is in the reference summary"; [`LENGTH_WEIGHT`] was then picked on the
//! same half (`--tune`). The even-numbered half is held out: `newsbite-eval summaries` reports it
//! apart (test) beside the train half and the whole set.
//!
//! The selection score is `ln P(in summary) + LENGTH_WEIGHT · ln(words)`. The best-scoring
//! sentences are taken greedily, skipping any that says the same thing as one already taken (70%
//! or more of the shorter one's terms in the other), until the [`Budget`] is met; the bite is
//! then put back into reading order.

use newsbite_model::BiteSentence;

use crate::doc::Role;
use crate::terms::{DocTerms, Word};
use crate::Doc;

/// How many sentences a bite holds, and how many words at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The fewest sentences, when the article has that many candidates.
    pub min: usize,
    /// The most sentences.
    pub max: usize,
    /// The most words in all (a bite may pass it only to reach `min` sentences), or none.
    pub max_words: Option<usize>,
}

impl Budget {
    /// The product's bite: 2 to 4 sentences, at most about 70 words.
    pub const DEFAULT: Budget = Budget { min: 2, max: 4, max_words: Some(70) };

    /// Exactly `n` sentences (fewer only when the article has fewer), with no word cap: the
    /// fixed budget that summary benchmarks use.
    pub const fn sentences(n: usize) -> Budget {
        Budget { min: n, max: n, max_words: None }
    }
}

impl Default for Budget {
    fn default() -> Self {
        Budget::DEFAULT
    }
}

/// The names of the sentence features, in the order of [`Candidate::features`] and [`WEIGHTS`].
pub const FEATURES: [&str; N_FEATURES] = [
    "bias",
    "first sentence",
    "1 / (1 + position)",
    "relative position",
    "first of its paragraph",
    "ln(1 + words)",
    "short (< 8 words)",
    "mean term frequency",
    "cosine with the article",
    "headline overlap",
    "holds a number",
    "quotation",
    "sum of term frequencies / 10",
    "mean term frequency rank",
    "cosine rank",
];

/// How many features a candidate has.
pub const N_FEATURES: usize = 15;

/// The learned weights of [`FEATURES`] (logistic regression; see the module docs).
pub const WEIGHTS: [f64; N_FEATURES] = [
    -4.951, 0.147, -0.198, -0.350, 0.121, 0.282, -0.125, 1.351, 1.431, 0.497, 0.063, -0.628, -1.768, 2.467,
    3.693,
];

/// How much a sentence's length counts in its selection score ([`Candidate::score`]), tuned on
/// the same train split as [`WEIGHTS`] (`newsbite-eval summaries --tune`).
pub const LENGTH_WEIGHT: f64 = 0.75;

/// A candidate sentence of the bite with its features.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'d> {
    /// The sentence as written.
    pub text: &'d str,
    /// Where it stands.
    pub span: newsbite_model::Span,
    /// How many words it has.
    pub words: usize,
    /// Its features, as named in [`FEATURES`].
    pub features: [f64; N_FEATURES],
    /// Its distinct term ids (sorted), for the redundancy check.
    terms: Vec<u32>,
}

impl Candidate<'_> {
    /// The candidate's log-odds of belonging in a summary under `weights`.
    pub fn logit(&self, weights: &[f64; N_FEATURES]) -> f64 {
        self.features.iter().zip(weights).map(|(x, w)| x * w).sum()
    }

    /// The candidate's selection score: the log of its probability of belonging in a summary,
    /// plus `length_weight` times the log of its length (a longer sentence that belongs carries
    /// more of the story: the score is then the log of the expected words it contributes).
    pub fn score(&self, weights: &[f64; N_FEATURES], length_weight: f64) -> f64 {
        let z = self.logit(weights);
        // ln σ(z), computed stably.
        let log_p = if z >= 0.0 { -(-z).exp().ln_1p() } else { z - z.exp().ln_1p() };
        log_p + length_weight * (self.words as f64).ln()
    }
}

/// The bite of an article: [`Budget::DEFAULT`].
pub fn bite(doc: &Doc<'_>) -> Vec<BiteSentence> {
    bite_with(doc, Budget::DEFAULT)
}

/// The bite of an article under a budget.
pub fn bite_with(doc: &Doc<'_>, budget: Budget) -> Vec<BiteSentence> {
    bite_in(doc, budget, &DocTerms::new(doc))
}

/// The bite of an article under a budget, with the article's terms found once for all the
/// analyses.
pub fn bite_in(doc: &Doc<'_>, budget: Budget, terms: &DocTerms<'_>) -> Vec<BiteSentence> {
    let candidates = candidates_in(doc, terms);
    let scores: Vec<f64> = candidates.iter().map(|c| c.score(&WEIGHTS, LENGTH_WEIGHT)).collect();
    select(&candidates, &scores, budget)
        .into_iter()
        .map(|i| BiteSentence { text: candidates[i].text.to_string(), span: candidates[i].span })
        .collect()
}

/// Picks sentences by score under a budget, skipping redundant ones; returns their indices in
/// reading order.
pub fn select(candidates: &[Candidate<'_>], scores: &[f64], budget: Budget) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len().min(scores.len())).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let leans: Vec<bool> = candidates.iter().map(|c| newsbite_text::leans_on_previous(c.text)).collect();
    let mut chosen: Vec<usize> = Vec::new();
    let mut words = 0;
    for pass in 0..3 {
        for &i in &order {
            if chosen.len() >= budget.max {
                break;
            }
            if chosen.contains(&i) {
                continue;
            }
            let c = &candidates[i];
            // The first pass keeps to the word cap; the second fills up to `min` regardless; the
            // third fills up to `min` with sentences that lean on one left out, if it must.
            if pass == 0 {
                if let Some(cap) = budget.max_words {
                    if words + c.words > cap && !chosen.is_empty() {
                        continue;
                    }
                }
            } else if chosen.len() >= budget.min {
                break;
            }
            if pass < 2 && leans[i] && (i == 0 || !chosen.contains(&(i - 1))) {
                continue;
            }
            if chosen.iter().any(|&j| redundant(c, &candidates[j])) {
                continue;
            }
            words += c.words;
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen
}

/// Whether a sentence says the same thing as another: most of the shorter one's terms are in
/// the longer one.
fn redundant(a: &Candidate<'_>, b: &Candidate<'_>) -> bool {
    if a.text == b.text {
        return true;
    }
    let (short, long) = if a.terms.len() <= b.terms.len() { (a, b) } else { (b, a) };
    if short.terms.is_empty() {
        return false;
    }
    let shared = short.terms.iter().filter(|t| long.terms.binary_search(t).is_ok()).count();
    shared * 10 >= short.terms.len() * 7
}

/// The fewest words a candidate sentence has.
const MIN_WORDS: usize = 4;

/// The number of words in a sentence: white-space-separated pieces with a letter or digit.
pub fn word_count(text: &str) -> usize {
    // One pass over the bytes: a piece counts at its first letter or digit.
    let (mut count, mut in_piece, mut counted) = (0, false, false);
    let mut i = 0;
    while i < text.len() {
        let (c, len) = newsbite_text::char_at(text, i);
        i += len;
        if c.is_whitespace() {
            in_piece = false;
        } else if !in_piece {
            in_piece = true;
            counted = newsbite_text::is_alphanumeric(c);
            count += usize::from(counted);
        } else if !counted && newsbite_text::is_alphanumeric(c) {
            counted = true;
            count += 1;
        }
    }
    count
}

/// [`word_count`] of a sentence, from its words as [`DocTerms::words`] has them: every letter
/// or digit is in one of those words and no word holds white space, so the pieces that count are
/// those that hold a word, and two words are in one piece when no white space stands between
/// them. A few steps a word instead of a few a byte.
fn word_count_of(sentence: &str, words: &[Word<'_>]) -> usize {
    let Some(first) = words.first() else { return 0 };
    let mut count = 1;
    let mut end = first.start + first.text.len();
    for w in &words[1..] {
        let gap = sentence.get(end..w.start).unwrap_or("");
        count += usize::from(gap.chars().any(char::is_whitespace));
        end = w.start + w.text.len();
    }
    count
}

/// The candidate sentences of an article (standfirst and body), in reading order, with their
/// features.
pub fn candidates<'d>(doc: &'d Doc<'_>) -> Vec<Candidate<'d>> {
    candidates_in(doc, &DocTerms::new(doc))
}

/// [`candidates`], with the article's terms.
pub fn candidates_in<'d>(doc: &'d Doc<'_>, doc_terms: &DocTerms<'_>) -> Vec<Candidate<'d>> {
    let mut tf: Vec<u32> = vec![0; doc_terms.distinct()];

    struct Raw<'d> {
        text: &'d str,
        span: newsbite_model::Span,
        words: usize,
        first_of_paragraph: bool,
        terms: Vec<u32>,
        number: bool,
        quote: bool,
    }
    let mut raws: Vec<Raw<'d>> = Vec::new();
    for (pi, part) in
        doc.parts.iter().enumerate().filter(|(_, p)| matches!(p.role, Role::Standfirst | Role::Body))
    {
        for (k, s) in part.sentences().enumerate() {
            let words = word_count_of(s.text, doc_terms.words(pi, k));
            if words < MIN_WORDS {
                continue;
            }
            let terms: Vec<u32> = doc_terms.sentence(pi, k).iter().map(|t| t.1).collect();
            for &id in &terms {
                tf[id as usize] += 1;
            }
            let number = s.text.bytes().any(|b| b.is_ascii_digit());
            let quote = s.text.starts_with(['“', '"', '‘', '\'']);
            raws.push(Raw {
                text: s.text,
                span: part.span(s.start, s.end),
                words,
                first_of_paragraph: k == 0,
                terms,
                number,
                quote,
            });
        }
    }
    // The headline is the first part, one sentence.
    let mut headline: Vec<u32> = doc_terms.sentence(0, 0).iter().map(|t| t.1).collect();
    let headline_len = headline.len().max(1) as f64;
    headline.sort_unstable();
    headline.dedup();

    let max_tf = tf.iter().copied().max().unwrap_or(1).max(1) as f64;
    let doc_norm = tf.iter().map(|&c| (c as f64) * (c as f64)).sum::<f64>().sqrt().max(1e-9);
    let n = raws.len().max(1) as f64;
    let mut out: Vec<Candidate<'d>> = raws
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let sum_tf = r.terms.iter().map(|&t| tf[t as usize] as f64).sum::<f64>() / max_tf;
            let mean_tf = if r.terms.is_empty() { 0.0 } else { sum_tf / r.terms.len() as f64 };
            // Cosine between the sentence's term counts and the article's.
            let mut dot = 0.0;
            let mut norm = 0.0;
            let mut sorted = r.terms;
            sorted.sort_unstable();
            let mut counts: Vec<(u32, u32)> = Vec::with_capacity(sorted.len());
            for &t in &sorted {
                match counts.last_mut() {
                    Some((last, c)) if *last == t => *c += 1,
                    _ => counts.push((t, 1)),
                }
            }
            for &(t, c) in &counts {
                dot += c as f64 * tf[t as usize] as f64;
                norm += (c as f64) * (c as f64);
            }
            sorted.dedup();
            let distinct = sorted;
            let cosine = if norm > 0.0 { dot / (norm.sqrt() * doc_norm) } else { 0.0 };
            let overlap =
                distinct.iter().filter(|t| headline.binary_search(t).is_ok()).count() as f64 / headline_len;
            let features = [
                1.0,
                f64::from(u8::from(i == 0)),
                1.0 / (1.0 + i as f64),
                i as f64 / n,
                f64::from(u8::from(r.first_of_paragraph)),
                (1.0 + r.words as f64).ln(),
                f64::from(u8::from(r.words < 8)),
                mean_tf,
                cosine,
                overlap,
                f64::from(u8::from(r.number)),
                f64::from(u8::from(r.quote)),
                sum_tf / 10.0,
                0.0,
                0.0,
            ];
            Candidate { text: r.text, span: r.span, words: r.words, features, terms: distinct }
        })
        .collect();
    // Ranks within the article (1 for the best, falling to 0): a sentence is chosen against the
    // others of its article, not against all sentences.
    for (feature, rank_feature) in [(7, 13), (8, 14)] {
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by(|&a, &b| out[b].features[feature].total_cmp(&out[a].features[feature]));
        for (rank, &i) in order.iter().enumerate() {
            out[i].features[rank_feature] = 1.0 - rank as f64 / n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsbite_model::{Article, Block};
    use proptest::prelude::*;

    fn article(paragraphs: &[&str]) -> Article {
        let mut a = Article::new("Storm floods the valley town");
        a.blocks = paragraphs.iter().map(|p| Block::Paragraph { text: (*p).to_string() }).collect();
        a
    }

    #[test]
    fn a_sentence_that_leans_on_the_one_before_waits_for_it() {
        let a = article(&[
            "Civic Union won the most seats in the election on Sunday night.",
            "Tobias Wren, the opposition leader, called the result a warning for his party.",
            "He said his party would rebuild from the ground up.",
            "Turnout rose to 68 per cent, the highest in twenty years.",
        ]);
        let doc = Doc::new(&a);
        let c = candidates(&doc);
        // Without the rule the two best would be the first and the third.
        assert_eq!(select(&c, &[3.0, 1.0, 2.5, 2.0], Budget::sentences(2)), [0, 3]);
        // With room for it, it comes once the one it leans on is in.
        assert_eq!(select(&c, &[3.0, 2.0, 2.5, 1.0], Budget::sentences(3)), [0, 1, 3]);
        assert_eq!(select(&c, &[3.0, 2.0, 2.5, 1.0], Budget::sentences(4)), [0, 1, 2, 3]);
        // And it fills the fewest sentences when nothing else can.
        assert_eq!(select(&c[2..], &[2.5, 2.0], Budget::sentences(2)), [0, 1]);
    }

    #[test]
    fn a_bite_is_prose_in_reading_order_within_budget() {
        let mut a = article(&[
            "A storm flooded the valley town on Sunday, forcing hundreds of people from their homes.",
            "The river rose two metres in an hour, the mayor said, and the town's bridge was closed.",
            "Rescue teams worked through the night to reach families trapped by the flood water.",
            "The storm is expected to move east on Monday.",
        ]);
        a.blocks
            .insert(0, Block::Heading { text: "Storm floods the valley town badly today".into(), level: 2 });
        a.blocks.push(Block::Caption {
            text: "The storm floods the valley town, as seen here.".into(),
            credit: None,
        });
        let doc = Doc::new(&a);
        let b = bite(&doc);
        assert!((2..=4).contains(&b.len()), "{b:?}");
        let words: usize = b.iter().map(|s| newsbite_text::words(&s.text).count()).sum();
        assert!(words <= 70, "{words}");
        for s in &b {
            assert_eq!(s.span.text(&a).as_deref(), Some(s.text.as_str()));
            assert!(!matches!(s.span.part, newsbite_model::Part::Block(0)), "never a heading");
            assert!(!s.text.contains("as seen here"), "never a caption");
        }
        let starts: Vec<_> = b.iter().map(|s| s.span).collect();
        let mut sorted = starts.clone();
        sorted.sort_by_key(|s| (s.part, s.start));
        assert_eq!(starts, sorted, "reading order");
    }

    #[test]
    fn a_fixed_budget_takes_exactly_that_many() {
        let a = article(&[
            "One sentence about the storm and the flood here. Two sentences about the storm and the mayor.",
            "Three sentences about rescue teams in the night. Four sentences about the river rising fast.",
        ]);
        let doc = Doc::new(&a);
        assert_eq!(bite_with(&doc, Budget::sentences(3)).len(), 3);
        assert_eq!(bite_with(&doc, Budget::sentences(9)).len(), 4);
    }

    #[test]
    fn a_repeated_sentence_is_taken_once() {
        let a = article(&[
            "The storm flooded the valley town and hundreds fled their homes on Sunday.",
            "The storm flooded the valley town and hundreds fled their homes on Sunday night.",
            "Rescue teams worked through the night to reach trapped families.",
        ]);
        let doc = Doc::new(&a);
        let b = bite_with(&doc, Budget::sentences(2));
        assert_eq!(b.len(), 2);
        assert!(b[1].text.starts_with("Rescue"), "{b:?}");
    }

    #[test]
    fn an_article_without_prose_has_no_bite() {
        let a = Article::new("Only a headline");
        assert!(bite(&Doc::new(&a)).is_empty());
    }

    proptest! {
        #[test]
        fn word_count_is_that_of_split_whitespace(s in "([a-z0-9 ,.’“”—-]|\\s|\\PC){0,80}") {
            let want = s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            prop_assert_eq!(word_count(&s), want);
            let words: Vec<Word<'_>> =
                newsbite_text::terms::term_words(&s).map(|(start, text)| Word { start, text }).collect();
            prop_assert_eq!(word_count_of(&s, &words), want);
        }

        #[test]
        fn any_text_gives_a_bite_within_budget(paras in proptest::collection::vec("\\PC{0,120}", 0..6)) {
            let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
            let a = article(&refs);
            let doc = Doc::new(&a);
            let b = bite(&doc);
            prop_assert!(b.len() <= 4);
            for s in &b {
                let text = s.span.text(&a);
                prop_assert_eq!(text.as_deref(), Some(s.text.as_str()));
            }
        }
    }
}
