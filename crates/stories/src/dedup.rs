//! Near-duplicates: syndicated copies of one report.
//!
//! Agencies' reports run on many sites with small changes (a headline, a line of credit, a
//! trimmed last paragraph). Each report's body is cut into overlapping five-word shingles and
//! summarised by a MinHash signature; signatures are split into bands, and two reports that agree
//! on every row of some band become candidates (locality-sensitive hashing). Candidates are kept
//! when the estimated Jaccard similarity of their shingle sets reaches the threshold. Lookup cost
//! depends on the number of bands, not on the number of reports stored.

use std::collections::HashMap;

/// Words in a shingle.
const SHINGLE: usize = 5;
/// Hash functions in a signature.
const HASHES: usize = 64;
/// Rows per band; `HASHES / ROWS` bands. With 8 rows, a pair at Jaccard 0.8 shares a band with
/// probability ≈ 0.94 and a pair at 0.4 with probability ≈ 0.005.
const ROWS: usize = 8;

/// A report's MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature([u64; HASHES]);

impl Signature {
    /// The signature of a text (words are lower-cased; punctuation is ignored). A text shorter
    /// than one shingle is taken whole.
    pub fn of(text: &str) -> Self {
        // The lower-cased words, end to end in one buffer (no allocation per word).
        let mut lower = String::with_capacity(text.len());
        let mut ends: Vec<usize> = Vec::new();
        for w in newsbite_text::words(text) {
            if w.text.is_ascii() {
                lower.extend(w.text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                lower.push_str(&w.text.to_lowercase());
            }
            ends.push(lower.len());
        }
        let word = |i: usize| &lower.as_bytes()[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
        let mut mins = [u64::MAX; HASHES];
        let width = SHINGLE.min(ends.len().max(1));
        let shingles = if ends.is_empty() { 0 } else { ends.len() - width + 1 };
        for first in 0..shingles {
            let base =
                mix((first..first + width).fold(0xcbf2_9ce4_8422_2325_u64, |h, i| fnv(h, word(i)) ^ 0x20));
            // The i-th hash of a shingle: its well-mixed hash, xored with the i-th seed, times an
            // odd constant (a bijection whose high bits, which decide the order, depend on every
            // bit). Two operations a hash instead of a full mix: this loop is most of the cost.
            for (min, seed) in mins.iter_mut().zip(SEEDS) {
                let h = row(base, seed);
                if h < *min {
                    *min = h;
                }
            }
        }
        Signature(mins)
    }

    /// The estimated Jaccard similarity of two texts' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(other.0.iter()).filter(|(a, b)| a == b).count();
        same as f64 / HASHES as f64
    }

    fn bands(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.0.chunks(ROWS).enumerate().map(|(b, rows)| (b, rows.iter().fold(b as u64, |h, &r| mix(h ^ r))))
    }
}

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// The hash of a shingle (`base`, already mixed) under the hash function of `seed`.
fn row(base: u64, seed: u64) -> u64 {
    (base ^ seed).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// One seed per hash function of a signature.
const SEEDS: [u64; HASHES] = {
    let mut seeds = [0u64; HASHES];
    let mut i = 0;
    while i < HASHES {
        seeds[i] = mix(i as u64 + 1);
        i += 1;
    }
    seeds
};

/// A 64-bit finaliser (SplitMix64): spreads the bits of a hash.
const fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An index of reports' signatures that finds the near-duplicates of a new one.
#[derive(Debug, Clone)]
pub struct DedupIndex<K> {
    threshold: f64,
    bands: HashMap<(usize, u64), Vec<usize>>,
    entries: Vec<(K, Signature)>,
}

impl<K: Clone> DedupIndex<K> {
    /// An empty index; reports at or above `threshold` estimated Jaccard similarity are copies.
    pub fn new(threshold: f64) -> Self {
        DedupIndex { threshold, bands: HashMap::new(), entries: Vec::new() }
    }

    /// The most similar indexed report at or above the threshold, with its similarity.
    pub fn find(&self, sig: &Signature) -> Option<(K, f64)> {
        let mut best: Option<(usize, f64)> = None;
        let mut seen: Vec<usize> = Vec::new();
        for band in sig.bands() {
            for &i in self.bands.get(&band).map(Vec::as_slice).unwrap_or(&[]) {
                if seen.contains(&i) {
                    continue;
                }
                seen.push(i);
                let s = self.entries[i].1.similarity(sig);
                if s >= self.threshold && best.is_none_or(|(_, b)| s > b) {
                    best = Some((i, s));
                }
            }
        }
        best.map(|(i, s)| (self.entries[i].0.clone(), s))
    }

    /// Adds a report under its key.
    pub fn insert(&mut self, key: K, sig: Signature) {
        let i = self.entries.len();
        for band in sig.bands() {
            self.bands.entry(band).or_default().push(i);
        }
        self.entries.push((key, sig));
    }

    /// Keeps only the reports whose key passes `keep` (to forget reports too old to be copied
    /// any more, so that the index stays as large as the stream's window, not its history).
    pub fn retain(&mut self, mut keep: impl FnMut(&K) -> bool) {
        let entries = std::mem::take(&mut self.entries);
        self.bands.clear();
        for (key, sig) in entries {
            if keep(&key) {
                self.insert(key, sig);
            }
        }
    }

    /// How many reports are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str =
        "The water minister of the fictional republic of Valdoria said on Monday that the Kessel \
        dam was safe, after engineers who worked on it reported cracks in the spillway in March. The river \
        commission said it had seen no evidence that the spillway had been repaired, and asked for an \
        independent inspection within thirty days. About 3,500 people live in the valley below the dam.";

    #[test]
    fn a_syndicated_copy_is_found_and_another_report_is_not() {
        let mut index = DedupIndex::new(0.7);
        index.insert("original", Signature::of(REPORT));
        let copy = format!("{} (Valdoria Press)", REPORT.replace("on Monday", "on Monday morning"));
        let (key, sim) = index.find(&Signature::of(&copy)).expect("the copy is found");
        assert_eq!(key, "original");
        assert!(sim > 0.7, "{sim}");
        let other =
            "A bakery in the invented village of Lower Amble has won the national bread prize for its \
            rye loaf. Owner Greta Holm said she had baked the same recipe for thirty years.";
        assert_eq!(index.find(&Signature::of(other)), None);
    }

    /// The signature as first written: one lower-cased `String` per word.
    fn signature_word_by_word(text: &str) -> Signature {
        let words: Vec<String> = newsbite_text::words(text).map(|w| w.text.to_lowercase()).collect();
        let mut mins = [u64::MAX; HASHES];
        for shingle in words.windows(SHINGLE.min(words.len().max(1))) {
            let base =
                mix(shingle.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, w| fnv(h, w.as_bytes()) ^ 0x20));
            for (i, min) in mins.iter_mut().enumerate() {
                *min = (*min).min(row(base, SEEDS[i]));
            }
        }
        Signature(mins)
    }

    #[test]
    fn the_buffered_signature_equals_the_word_by_word_one() {
        for text in
            [REPORT, "", "One", "Two words", "ÉCOLE Straße ΣΟΦΟΣ naïve Kim’s a b c d e f", "a b c d e"]
        {
            assert_eq!(Signature::of(text), signature_word_by_word(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_signs_as_word_by_word(text in "\\PC{0,120}") {
            proptest::prop_assert_eq!(Signature::of(&text), signature_word_by_word(&text));
        }
    }

    #[test]
    fn the_estimate_follows_the_true_jaccard_similarity() {
        // Texts of distinct made-up words: words a..b and c..d share the shingles inside both.
        let text =
            |from: usize, to: usize| (from..to).map(|i| format!("w{i}x")).collect::<Vec<_>>().join(" ");
        let shingles = |from: usize, to: usize| (to - from + 1).saturating_sub(SHINGLE) as f64;
        for (a, b, c, d) in
            [(0, 300, 0, 300), (0, 300, 30, 330), (0, 300, 100, 400), (0, 300, 200, 500), (0, 300, 300, 600)]
        {
            let shared = shingles(c.max(a), b.min(d).max(c.max(a)));
            let truth = shared / (shingles(a, b) + shingles(c, d) - shared);
            let estimate = Signature::of(&text(a, b)).similarity(&Signature::of(&text(c, d)));
            // 64 hashes: the standard error is at most 0.0625.
            assert!((estimate - truth).abs() < 0.16, "{a}..{b} vs {c}..{d}: {estimate} for {truth}");
        }
    }

    #[test]
    fn retained_reports_are_still_found_and_the_others_are_not() {
        let mut index = DedupIndex::new(0.7);
        let other = "A bakery in the invented village of Lower Amble has won the national bread prize for \
            its rye loaf. Owner Greta Holm said she had baked the same recipe for thirty years.";
        index.insert(1, Signature::of(REPORT));
        index.insert(2, Signature::of(other));
        index.retain(|&k| k == 2);
        assert_eq!(index.len(), 1);
        assert_eq!(index.find(&Signature::of(REPORT)), None);
        assert_eq!(index.find(&Signature::of(other)).map(|f| f.0), Some(2));
        index.insert(3, Signature::of(REPORT));
        assert_eq!(index.find(&Signature::of(REPORT)).map(|f| f.0), Some(3));
    }

    #[test]
    fn identical_texts_have_similarity_one() {
        assert_eq!(Signature::of(REPORT).similarity(&Signature::of(REPORT)), 1.0);
        assert_eq!(Signature::of("").similarity(&Signature::of("")), 1.0);
    }
}
