//! A story's own title and bite, drawn from its reports without repeating itself.

use newsbite_text::terms::Terms;

/// The most sentences a story bite has.
pub const MAX_SENTENCES: usize = 4;
/// About the most words a story bite has: a sentence that would go past this is left out.
pub const MAX_WORDS: usize = 90;
/// Two sentences sharing more than this share of their terms say the same thing.
const SAME_THING: f64 = 0.5;

/// A story's bite: the first report's bite, then sentences of the other reports' bites that add
/// something (share at most half their terms with every sentence already taken), in the order of
/// the reports given, up to [`MAX_SENTENCES`] sentences and about [`MAX_WORDS`] words.
pub fn story_bite<'a>(report_bites: impl IntoIterator<Item = &'a [String]>) -> Vec<String> {
    let terms = Terms::new();
    let mut taken: Vec<(String, Vec<String>)> = Vec::new();
    let mut words = 0;
    for bite in report_bites {
        for sentence in bite {
            let stems = stems(&terms, sentence);
            let repeats = taken.iter().any(|(_, other)| overlap(&stems, other) > SAME_THING);
            let n = sentence.split_whitespace().count();
            if repeats || stems.is_empty() || (words + n > MAX_WORDS && !taken.is_empty()) {
                continue;
            }
            words += n;
            taken.push((sentence.clone(), stems));
            if taken.len() == MAX_SENTENCES {
                return taken.into_iter().map(|(s, _)| s).collect();
            }
        }
    }
    taken.into_iter().map(|(s, _)| s).collect()
}

fn stems(terms: &Terms, text: &str) -> Vec<String> {
    let mut out: Vec<String> = terms.terms(text).map(|t| t.stem).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sorted, deduplicated lists.
fn overlap(a: &[String], b: &[String]) -> f64 {
    let shared = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn repeats_across_reports_are_left_out() {
        let first = s(&["The Kessel dam is safe, the minister said.", "Engineers reported cracks in March."]);
        let second =
            s(&["The minister said the Kessel dam was safe.", "About 3,500 people live below the dam."]);
        let bite = story_bite([first.as_slice(), second.as_slice()]);
        assert_eq!(
            bite,
            [
                "The Kessel dam is safe, the minister said.",
                "Engineers reported cracks in March.",
                "About 3,500 people live below the dam."
            ]
        );
    }

    #[test]
    fn the_bite_stays_short() {
        let long = s(&["One two three four five six seven eight nine ten eleven twelve. "; 1]);
        let many: Vec<Vec<String>> = (0..10)
            .map(|i| vec![format!("Distinct sentence number {i} about topic{i} and thing{i}.")])
            .collect();
        let bite = story_bite(std::iter::once(long.as_slice()).chain(many.iter().map(Vec::as_slice)));
        assert_eq!(bite.len(), MAX_SENTENCES);
    }
}
