//! How well a clustering matches a reference: NMI, ARI and B-cubed F1.
//!
//! Both clusterings are given as one label per item, in the same order. These are the measures
//! the story-clustering literature reports (GSDMM, MStream), so figures compare with theirs.

use std::collections::HashMap;

/// The three scores of a clustering against a reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Normalised mutual information (arithmetic-mean normalisation, as scikit-learn's default).
    pub nmi: f64,
    /// Adjusted Rand index.
    pub ari: f64,
    /// B-cubed precision, averaged over items.
    pub bcubed_precision: f64,
    /// B-cubed recall, averaged over items.
    pub bcubed_recall: f64,
    /// Harmonic mean of B-cubed precision and recall.
    pub bcubed_f1: f64,
}

/// Scores `predicted` against `truth`. Both must have one label per item; extra labels in the
/// longer one are ignored.
pub fn score(predicted: &[usize], truth: &[usize]) -> Scores {
    let n = predicted.len().min(truth.len());
    let (predicted, truth) = (&predicted[..n], &truth[..n]);
    let mut joint: HashMap<(usize, usize), u64> = HashMap::new();
    let mut pred_sizes: HashMap<usize, u64> = HashMap::new();
    let mut true_sizes: HashMap<usize, u64> = HashMap::new();
    for (&p, &t) in predicted.iter().zip(truth) {
        *joint.entry((p, t)).or_default() += 1;
        *pred_sizes.entry(p).or_default() += 1;
        *true_sizes.entry(t).or_default() += 1;
    }
    let nf = n as f64;
    if n == 0 {
        return Scores { nmi: 1.0, ari: 1.0, bcubed_precision: 1.0, bcubed_recall: 1.0, bcubed_f1: 1.0 };
    }

    let entropy = |sizes: &HashMap<usize, u64>| -> f64 {
        sizes.values().map(|&c| c as f64 / nf).map(|p| -p * p.ln()).sum()
    };
    let (hp, ht) = (entropy(&pred_sizes), entropy(&true_sizes));
    let mi: f64 = joint
        .iter()
        .map(|(&(p, t), &c)| {
            let pij = c as f64 / nf;
            pij * (pij / ((pred_sizes[&p] as f64 / nf) * (true_sizes[&t] as f64 / nf))).ln()
        })
        .sum();
    let nmi = if hp + ht == 0.0 { 1.0 } else { 2.0 * mi / (hp + ht) };

    let pairs = |c: u64| (c * c.saturating_sub(1) / 2) as f64;
    let index: f64 = joint.values().map(|&c| pairs(c)).sum();
    let sum_p: f64 = pred_sizes.values().map(|&c| pairs(c)).sum();
    let sum_t: f64 = true_sizes.values().map(|&c| pairs(c)).sum();
    let expected = sum_p * sum_t / pairs(n as u64).max(1.0);
    let max = (sum_p + sum_t) / 2.0;
    let ari = if (max - expected).abs() < f64::EPSILON { 1.0 } else { (index - expected) / (max - expected) };

    // B-cubed: for each item, the share of its predicted cluster that is in its true class, and
    // the share of its true class that is in its predicted cluster.
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(p, t), &c) in &joint {
        let c = c as f64;
        bp += c * c / pred_sizes[&p] as f64;
        br += c * c / true_sizes[&t] as f64;
    }
    let (bp, br) = (bp / nf, br / nf);
    let bf = if bp + br == 0.0 { 0.0 } else { 2.0 * bp * br / (bp + br) };
    Scores { nmi, ari, bcubed_precision: bp, bcubed_recall: br, bcubed_f1: bf }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn identical_clusterings_score_one_whatever_the_labels() {
        let s = score(&[5, 5, 7, 7, 9], &[0, 0, 1, 1, 2]);
        assert!(close(s.nmi, 1.0) && close(s.ari, 1.0) && close(s.bcubed_f1, 1.0), "{s:?}");
    }

    #[test]
    fn known_values() {
        // Worked by hand: truth {0,1,2} {3,4,5}; prediction {0,1} {2,3,4,5}.
        let s = score(&[0, 0, 1, 1, 1, 1], &[0, 0, 0, 1, 1, 1]);
        // B-cubed precision: items 0,1 → 1; item 2 → 1/4; items 3,4,5 → 3/4. Mean = (2 + 0.25 + 2.25)/6.
        assert!(close(s.bcubed_precision, 4.5 / 6.0), "{s:?}");
        // B-cubed recall: items 0,1 → 2/3; item 2 → 1/3; items 3,4,5 → 1. Mean = (4/3 + 1/3 + 3)/6.
        assert!(close(s.bcubed_recall, (4.0 / 3.0 + 1.0 / 3.0 + 3.0) / 6.0), "{s:?}");
        // ARI: index = C(2,2)+C(1,2)+C(3,2) = 1+0+3 = 4; sums 1+6=7 and 3+3=6; expected 7*6/15 = 2.8;
        // max 6.5; ARI = (4-2.8)/(6.5-2.8).
        assert!(close(s.ari, 1.2 / 3.7), "{s:?}");
        assert!(s.nmi > 0.0 && s.nmi < 1.0);
    }

    #[test]
    fn everything_in_one_cluster_has_no_information() {
        let s = score(&[0, 0, 0, 0], &[0, 0, 1, 1]);
        assert!(close(s.nmi, 0.0), "{s:?}");
        assert!(close(s.ari, 0.0), "{s:?}");
        assert!(close(s.bcubed_recall, 1.0));
    }
}
