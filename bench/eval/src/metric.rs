//! The ScrapingHub article-extraction benchmark's own metric, written anew in Rust.
//!
//! As the benchmark defines it (and as `/work/shared/bench/README.md` restates it):
//!
//! 1. A text's tokens are the matches of `\w+` (Python, Unicode), case kept.
//! 2. A page's prediction and truth become multisets of word 4-gram *shingles*: the token windows
//!    starting at 0, 1, …, `len - 4`. A text with fewer than 4 tokens (but at least one) gives a
//!    single shorter shingle, all its tokens, as the original does (its window loop runs at least
//!    once and keeps any non-empty slice); a text with no tokens gives no shingle.
//! 3. Per shingle, TP is the smaller of the two counts, FP what the prediction has in excess and
//!    FN what the truth has in excess; summed over shingles they are divided by TP + FP + FN, so
//!    each page weighs the same whatever its length (a page where both sides are empty stays
//!    0, 0, 0).
//! 4. Precision `TP / (TP + FP)` is averaged over the pages where TP + FP > 0, that is, where the
//!    prediction has at least one token: **an empty prediction does not lower precision**, only
//!    recall. Recall `TP / (TP + FN)` is averaged over the pages where TP + FN > 0.
//! 5. F1 is the harmonic mean of the two averages (not the average of per-page F1s).
//!
//! Where the original would fail (no page to average over, both averages zero) this gives 0.
//!
//! Tokens: Python's `\w` is `str.isalnum()` or `_`, that is the letter categories (L*), the
//! characters with a numeric value (in practice N*) and the underscore; here `[\p{L}\p{N}_]`.
//! They can differ on a handful of code points where the two Unicode versions differ.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

/// The shingle length of the benchmark.
pub const SHINGLE: usize = 4;

/// The tokens of a text, as the benchmark's `\w+` finds them.
pub fn tokens(text: &str) -> Vec<&str> {
    static WORD: OnceLock<Regex> = OnceLock::new();
    // A constant pattern: it compiles, as the unit tests show.
    let word = WORD.get_or_init(|| Regex::new(r"[\p{L}\p{N}_]+").expect("constant regex"));
    word.find_iter(text).map(|m| m.as_str()).collect()
}

/// The multiset of `n`-token shingles of a token list (see the module doc for short texts).
pub fn shingles<'t, 'a>(tokens: &'t [&'a str], n: usize) -> HashMap<&'t [&'a str], u32> {
    let mut out = HashMap::new();
    if tokens.is_empty() || n == 0 {
        return out;
    }
    if tokens.len() < n {
        out.insert(tokens, 1);
        return out;
    }
    for window in tokens.windows(n) {
        *out.entry(window).or_insert(0) += 1;
    }
    out
}

/// One page's shingle matches, normalised so that `tp + fp + fn_` is 1 (or all are 0).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageCounts {
    /// Shingles in both (the smaller count of each).
    pub tp: f64,
    /// Shingles the prediction has in excess.
    pub fp: f64,
    /// Shingles the truth has in excess.
    pub fn_: f64,
}

impl PageCounts {
    /// Compares a prediction with the truth on one page.
    pub fn compare(truth: &str, prediction: &str) -> Self {
        let truth_tokens = tokens(truth);
        let pred_tokens = tokens(prediction);
        let truth = shingles(&truth_tokens, SHINGLE);
        let pred = shingles(&pred_tokens, SHINGLE);
        let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
        for (shingle, &t) in &truth {
            let p = pred.get(shingle).copied().unwrap_or(0);
            tp += u64::from(t.min(p));
            fn_ += u64::from(t.saturating_sub(p));
        }
        for (shingle, &p) in &pred {
            let t = truth.get(shingle).copied().unwrap_or(0);
            fp += u64::from(p.saturating_sub(t));
        }
        let sum = (tp + fp + fn_) as f64;
        if sum == 0.0 {
            return PageCounts::default();
        }
        PageCounts { tp: tp as f64 / sum, fp: fp as f64 / sum, fn_: fn_ as f64 / sum }
    }

    /// The page's precision, or `None` when the prediction is empty (the page is then left out
    /// of the precision average).
    pub fn precision(&self) -> Option<f64> {
        let predicted = self.tp + self.fp;
        (predicted > 0.0).then(|| self.tp / predicted)
    }

    /// The page's recall, or `None` when the truth is empty (left out of the recall average).
    pub fn recall(&self) -> Option<f64> {
        let relevant = self.tp + self.fn_;
        (relevant > 0.0).then(|| self.tp / relevant)
    }

    /// The page's own F1, for tracing a regression to a page (not used in the summary): the
    /// harmonic mean of its precision and recall, an empty prediction counting as precision 0.
    pub fn f1(&self) -> Option<f64> {
        let r = self.recall()?;
        let p = self.precision().unwrap_or(0.0);
        Some(harmonic(p, r))
    }
}

/// The benchmark's figures over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    /// Harmonic mean of `precision` and `recall`.
    pub f1: f64,
    /// Mean precision over the pages with a non-empty prediction.
    pub precision: f64,
    /// Mean recall over the pages with a non-empty truth.
    pub recall: f64,
}

impl Summary {
    /// Averages page counts as the benchmark does.
    pub fn of<'a>(pages: impl IntoIterator<Item = &'a PageCounts>) -> Self {
        let (mut p_sum, mut p_n, mut r_sum, mut r_n) = (0.0, 0usize, 0.0, 0usize);
        for page in pages {
            if let Some(p) = page.precision() {
                p_sum += p;
                p_n += 1;
            }
            if let Some(r) = page.recall() {
                r_sum += r;
                r_n += 1;
            }
        }
        let precision = if p_n > 0 { p_sum / p_n as f64 } else { 0.0 };
        let recall = if r_n > 0 { r_sum / r_n as f64 } else { 0.0 };
        Summary { f1: harmonic(precision, recall), precision, recall }
    }
}

/// How many bootstrap rounds the intervals use (as the benchmark's own script).
pub const BOOTSTRAP_ROUNDS: usize = 1000;

/// The 95% half-width of F1 by bootstrap over pages: `1.96 × stdev` of the F1 of `rounds`
/// resamples of the pages with replacement, as the benchmark reports its intervals. The
/// resampling is seeded, so a run prints the same interval for the same scores.
pub fn f1_interval(pages: &[PageCounts], rounds: usize) -> f64 {
    let mut rng = SplitMix(0x4E45_5753_4249_5445);
    let values: Vec<f64> = (0..rounds)
        .map(|_| {
            let sample: Vec<PageCounts> = (0..pages.len()).map(|_| pages[rng.below(pages.len())]).collect();
            Summary::of(&sample).f1
        })
        .collect();
    1.96 * stdev(&values)
}

/// The F1 of `a` minus that of `b` on the same pages (same order), with its 95% half-width by
/// a paired bootstrap: each round resamples page indices once and scores both on them.
pub fn f1_difference(a: &[PageCounts], b: &[PageCounts], rounds: usize) -> (f64, f64) {
    let n = a.len().min(b.len());
    let diff = Summary::of(&a[..n]).f1 - Summary::of(&b[..n]).f1;
    let mut rng = SplitMix(0x4E45_5753_4249_5445);
    let values: Vec<f64> = (0..rounds)
        .map(|_| {
            let picks: Vec<usize> = (0..n).map(|_| rng.below(n)).collect();
            let sa: Vec<PageCounts> = picks.iter().map(|&i| a[i]).collect();
            let sb: Vec<PageCounts> = picks.iter().map(|&i| b[i]).collect();
            Summary::of(&sa).f1 - Summary::of(&sb).f1
        })
        .collect();
    (diff, 1.96 * stdev(&values))
}

/// The sample standard deviation (`n - 1`), 0 for fewer than two values.
fn stdev(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (values.len() - 1) as f64;
    var.sqrt()
}

/// SplitMix64: a small, seeded generator for the bootstrap.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0; the modulo bias is negligible for page counts).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn harmonic(a: f64, b: f64) -> f64 {
    if a + b > 0.0 {
        2.0 * a * b / (a + b)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn tokens_are_unicode_words_with_case_kept() {
        assert_eq!(
            tokens("Don't stop, Zoë! 3.5% of U.S. e-mail_x — 東京 ١٢"),
            ["Don", "t", "stop", "Zoë", "3", "5", "of", "U", "S", "e", "mail_x", "東京", "١٢"]
        );
        assert!(tokens("  ... — !? ").is_empty());
        assert!(tokens("").is_empty());
    }

    #[test]
    fn shingles_are_overlapping_windows_with_counts() {
        let t = ["a", "b", "c", "d", "a", "b", "c", "d"];
        let s = shingles(&t, 4);
        assert_eq!(s.len(), 4); // abcd, bcda, cdab, dabc
        assert_eq!(s[&["a", "b", "c", "d"][..]], 2);
        assert_eq!(s[&["b", "c", "d", "a"][..]], 1);
        assert_eq!(s.values().sum::<u32>(), 5);
    }

    #[test]
    fn short_texts_give_one_shorter_shingle_and_empty_texts_none() {
        let t = ["only", "two"];
        let s = shingles(&t, 4);
        assert_eq!(s.len(), 1);
        assert_eq!(s[&t[..]], 1);
        let four = ["a", "b", "c", "d"];
        assert_eq!(shingles(&four, 4).len(), 1);
        assert!(shingles(&[], 4).is_empty());
    }

    #[test]
    fn extra_predicted_text_lowers_precision_only() {
        let c = PageCounts::compare("One two three four five.", "one? No: One two three four five");
        // truth: 2 shingles; prediction: 4 shingles, 2 matching.
        assert!(close(c.tp, 2.0 / 4.0) && close(c.fp, 2.0 / 4.0) && close(c.fn_, 0.0));
        assert_eq!(c.recall(), Some(1.0));
        assert_eq!(c.precision(), Some(0.5));
        let same = PageCounts::compare("a b c d e", "a, b. c; d e");
        assert_eq!((same.precision(), same.recall()), (Some(1.0), Some(1.0)));
    }

    #[test]
    fn case_counts() {
        let c = PageCounts::compare("a b c d", "A b c d");
        assert_eq!((c.tp, c.fp, c.fn_), (0.0, 0.5, 0.5));
        assert_eq!(c.precision(), Some(0.0));
    }

    #[test]
    fn counts_are_normalised_per_page() {
        // truth 6 shingles (tokens 1..9), prediction 3 of them plus 1 of its own.
        let truth = "t1 t2 t3 t4 t5 t6 t7 t8 t9";
        let pred = "t1 t2 t3 t4 t5 t6 x";
        let c = PageCounts::compare(truth, pred);
        // pred shingles: t1-4, t2-5, t3-6, t4-t6+x → tp 3, fp 1; fn 6 - 3 = 3.
        assert!(close(c.tp, 3.0 / 7.0) && close(c.fp, 1.0 / 7.0) && close(c.fn_, 3.0 / 7.0));
        assert!(close(c.tp + c.fp + c.fn_, 1.0));
        assert!(close(c.precision().unwrap_or(0.0), 0.75));
        assert!(close(c.recall().unwrap_or(0.0), 0.5));
        assert!(close(c.f1().unwrap_or(0.0), 0.6));
    }

    #[test]
    fn repeated_shingles_match_as_multisets() {
        // The truth says it twice, the prediction once: half recall, full precision.
        let c = PageCounts::compare("w x y z w x y z", "w x y z");
        // truth: wxyz ×2, xyzw, yzwx, zwxy → 5; prediction: wxyz → tp 1, fn 4.
        assert!(close(c.precision().unwrap_or(0.0), 1.0));
        assert!(close(c.recall().unwrap_or(0.0), 0.2));
    }

    #[test]
    fn empty_predictions_lower_recall_only() {
        let empty = PageCounts::compare("a b c d e", "");
        assert_eq!(empty.precision(), None);
        assert_eq!(empty.recall(), Some(0.0));
        assert_eq!(empty.f1(), Some(0.0));
        let perfect = PageCounts::compare("a b c d e", "a b c d e");
        let s = Summary::of(&[empty, perfect]);
        assert!(close(s.precision, 1.0));
        assert!(close(s.recall, 0.5));
        assert!(close(s.f1, 2.0 / 3.0));
    }

    #[test]
    fn both_empty_counts_nowhere() {
        let c = PageCounts::compare(" ", "—");
        assert_eq!(c, PageCounts::default());
        assert_eq!((c.precision(), c.recall(), c.f1()), (None, None, None));
        assert_eq!(Summary::of(&[c]), Summary::default());
    }

    #[test]
    fn bootstrap_intervals_are_zero_for_identical_pages_and_grow_with_spread() {
        let perfect = PageCounts { tp: 1.0, fp: 0.0, fn_: 0.0 };
        let half = PageCounts { tp: 0.5, fp: 0.5, fn_: 0.0 };
        assert_eq!(f1_interval(&[perfect; 10], 200), 0.0);
        let mixed: Vec<PageCounts> = (0..20).map(|i| if i % 2 == 0 { perfect } else { half }).collect();
        let w = f1_interval(&mixed, 500);
        assert!(w > 0.01 && w < 0.2, "{w}");
        assert_eq!(f1_interval(&mixed, 500), w, "seeded: the same every time");
        assert!(f1_interval(&[], 10) == 0.0);
    }

    #[test]
    fn paired_difference_of_a_tool_with_itself_is_exactly_zero() {
        let pages: Vec<PageCounts> = (0..30)
            .map(|i| PageCounts { tp: 0.5 + 0.01 * i as f64, fp: 0.1, fn_: 0.4 - 0.01 * i as f64 })
            .collect();
        assert_eq!(f1_difference(&pages, &pages, 300), (0.0, 0.0));
        let worse: Vec<PageCounts> =
            pages.iter().map(|p| PageCounts { tp: p.tp * 0.9, fp: p.fp, fn_: p.fn_ }).collect();
        let (d, w) = f1_difference(&pages, &worse, 300);
        assert!(d > 0.0 && w < d, "{d} ± {w}");
    }

    #[test]
    fn summary_is_the_harmonic_mean_of_the_averages_not_the_mean_of_f1s() {
        let a = PageCounts { tp: 1.0, fp: 0.0, fn_: 0.0 }; // P 1, R 1
        let b = PageCounts { tp: 0.25, fp: 0.75, fn_: 0.0 }; // P 0.25, R 1
        let s = Summary::of(&[a, b]);
        assert!(close(s.precision, 0.625));
        assert!(close(s.recall, 1.0));
        assert!(close(s.f1, 2.0 * 0.625 / 1.625));
    }
}
