//! A story's own title and bite, drawn from its reports without repeating itself.

use newsbite_model::{Entity, EntityKind};
use newsbite_text::terms::Terms;

/// The most sentences a story bite has.
pub const MAX_SENTENCES: usize = 4;
/// About the most words a story bite has: a sentence that would go past this is left out.
pub const MAX_WORDS: usize = 90;
/// Two sentences sharing more than this share of their terms say the same thing.
const SAME_THING: f64 = 0.5;
/// Two sentences with the same figure say the same thing when the shorter one has this share of
/// its terms in the other.
const SAME_FIGURE: f64 = 0.4;

/// A story's bite: the first report's lead sentence, then sentences of the other reports' bites
/// in the order of the reports given, then the rest of the first report's bite, each taken when it
/// adds something (it says the same thing as no sentence already taken: more than half their
/// terms in common, or the same figure with 40% of the shorter one's terms in the other), up to
/// [`MAX_SENTENCES`] sentences and about [`MAX_WORDS`] words. A story told by several reports
/// is not told by its first alone: a disputed one gets the other side in its bite.
///
/// A bite gathered from several reports must not leave its reader asking who that is:
/// - a sentence that leans on the one before it in its report's bite (it opens with `He`,
///   `This`…, or it is a quotation with no one to say it) is taken only right after that one;
/// - a sentence that names one of its report's people (from the entities its analysis found) by
///   the surname alone (`Wren conceded defeat.`, `“…,” Danek said.`) is taken only once a
///   sentence already taken has introduced that person with a first name, a title or a role
///   (`Tobias Wren`, `defence minister Danek`).
///
/// When these rules would leave fewer than two sentences, the bite is gathered again without
/// them.
pub fn story_bite<'a>(reports: impl IntoIterator<Item = (&'a [String], &'a [Entity])>) -> Vec<String> {
    let reports: Vec<(&[String], &[Entity])> = reports.into_iter().collect();
    let strict = gather(&reports, true);
    if strict.len() >= 2 {
        return strict;
    }
    gather(&reports, false)
}

fn gather(reports: &[(&[String], &[Entity])], introductions: bool) -> Vec<String> {
    let terms = Terms::new();
    let mut taken: Vec<(String, Vec<String>)> = Vec::new();
    // The people a taken sentence has introduced, by canonical name.
    let mut introduced: Vec<&str> = Vec::new();
    let mut words = 0;
    // The first report's lead, then the other reports' bites, then the rest of the first one's.
    let mut order: Vec<(usize, std::ops::Range<usize>)> = Vec::with_capacity(reports.len() + 1);
    if let Some(&(first, _)) = reports.first() {
        let lead = first.len().min(1);
        order.push((0, 0..lead));
        order.extend((1..reports.len()).map(|r| (r, 0..reports[r].0.len())));
        order.push((0, lead..first.len()));
    }
    // The report and place in its bite of the sentence taken last.
    let mut last: Option<(usize, usize)> = None;
    for (r, range) in order {
        let (bite, entities) = reports[r];
        let people: Vec<(&str, &str)> = entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .filter_map(|e| newsbite_text::surname(&e.name).map(|surname| (e.name.as_str(), surname)))
            .collect();
        for i in range {
            let sentence = &bite[i];
            let stems = stems(&terms, sentence);
            let repeats = taken.iter().any(|(text, other)| says_the_same((sentence, &stems), (text, other)));
            let n = sentence.split_whitespace().count();
            if repeats || stems.is_empty() || (words + n > MAX_WORDS && !taken.is_empty()) {
                continue;
            }
            // A sentence that leans on the one before it comes only right after it.
            let follows = i > 0 && last == Some((r, i - 1));
            if introductions && !follows && newsbite_text::leans_on_previous(sentence) {
                continue;
            }
            let named: Vec<(&str, bool)> = people
                .iter()
                .filter_map(|&(name, surname)| {
                    newsbite_text::person_named(sentence, surname).map(|full| (name, full))
                })
                .collect();
            if introductions && named.iter().any(|&(name, full)| !full && !introduced.contains(&name)) {
                continue;
            }
            introduced.extend(named.iter().filter(|&&(_, full)| full).map(|&(name, _)| name));
            words += n;
            last = Some((r, i));
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

/// Whether two sentences (each with its sorted, deduplicated terms) say the same thing: more than
/// [`SAME_THING`] of their terms in common, or the same figure (a number of two digits or more)
/// with at least [`SAME_FIGURE`] of the shorter one's terms in the other ("The recall covers
/// 86,000 phones sold since the launch." after "Quillfire is recalling all 86,000 Nimbus S
/// phones sold since…").
fn says_the_same((a_text, a): (&str, &[String]), (b_text, b): (&str, &[String])) -> bool {
    let shared = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
    // Jaccard similarity of the two term lists.
    let union = a.len() + b.len() - shared;
    if union > 0 && shared as f64 / union as f64 > SAME_THING {
        return true;
    }
    let shorter = a.len().min(b.len());
    if shorter == 0 || (shared as f64) < SAME_FIGURE * shorter as f64 {
        return false;
    }
    let figures = |text: &str| -> Vec<String> {
        newsbite_text::words(text)
            .map(|w| w.text.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|digits| digits.len() >= 2)
            .collect()
    };
    let theirs = figures(b_text);
    figures(a_text).iter().any(|f| theirs.contains(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn repeats_across_reports_are_left_out_and_the_first_report_leads() {
        let first = s(&["The Kessel dam is safe, the minister said.", "Engineers reported cracks in March."]);
        let second =
            s(&["The minister said the Kessel dam was safe.", "About 3,500 people live below the dam."]);
        let bite = story_bite([(first.as_slice(), &[][..]), (second.as_slice(), &[][..])]);
        assert_eq!(
            bite,
            [
                "The Kessel dam is safe, the minister said.",
                "About 3,500 people live below the dam.",
                "Engineers reported cracks in March."
            ]
        );
    }

    #[test]
    fn the_same_figure_in_other_words_is_a_repeat() {
        let first = s(&[
            "Quillfire Systems is recalling all 86,000 Nimbus S phones sold since the handset went on sale.",
            "Shares in Quillfire fell 14 per cent today.",
        ]);
        let second = s(&[
            "The recall covers 86,000 phones sold in the fortnight since the launch.",
            "Owners should stop using the fast charger.",
        ]);
        let bite = story_bite([(first.as_slice(), &[][..]), (second.as_slice(), &[][..])]);
        assert!(!bite.iter().any(|b| b.starts_with("The recall covers")), "{bite:?}");
        assert_eq!(bite.len(), 3, "{bite:?}");
        // A figure alone does not make a repeat.
        let other = s(&["About 86,000 people live below the dam."]);
        let bite = story_bite([(first.as_slice(), &[][..]), (other.as_slice(), &[][..])]);
        assert!(bite.iter().any(|b| b.starts_with("About 86,000")), "{bite:?}");
    }

    #[test]
    fn the_bite_stays_short() {
        let long = s(&["One two three four five six seven eight nine ten eleven twelve. "; 1]);
        let many: Vec<Vec<String>> = (0..10)
            .map(|i| vec![format!("Distinct sentence number {i} about topic{i} and thing{i}.")])
            .collect();
        let bite = story_bite(
            std::iter::once((long.as_slice(), &[][..])).chain(many.iter().map(|b| (b.as_slice(), &[][..]))),
        );
        assert_eq!(bite.len(), MAX_SENTENCES);
    }

    fn person(name: &str) -> Entity {
        Entity { name: name.into(), kind: EntityKind::Person, mentions: 2, forms: Vec::new() }
    }

    #[test]
    fn a_person_named_by_the_surname_alone_must_have_been_introduced() {
        let first = s(&["Civic Union won the most seats in the election."]);
        let second = s(&[
            "Wren conceded defeat after midnight.",
            "Tobias Wren, the Green Harbour leader, called the result a warning.",
        ]);
        let third = s(&["Wren said his party would rebuild."]);
        let wren = [person("Tobias Wren")];
        let bite = story_bite([
            (first.as_slice(), &[][..]),
            (second.as_slice(), &wren[..]),
            (third.as_slice(), &wren[..]),
        ]);
        assert_eq!(
            bite,
            [
                "Civic Union won the most seats in the election.",
                "Tobias Wren, the Green Harbour leader, called the result a warning.",
                "Wren said his party would rebuild."
            ]
        );
    }

    #[test]
    fn a_sentence_that_leans_on_the_one_before_follows_it_or_stays_out() {
        let first = s(&["Quillfire recalled 86,000 phones.", "Shares fell 14 per cent on the news."]);
        let second =
            s(&["The chief executive apologised to owners.", "He said the fault would be fixed soon."]);
        let third = s(&["Regulators opened an inquiry into the charging port.", "It will report in spring."]);
        let bite = story_bite([
            (first.as_slice(), &[][..]),
            (second.as_slice(), &[][..]),
            (third.as_slice(), &[][..]),
        ]);
        assert_eq!(
            bite,
            [
                "Quillfire recalled 86,000 phones.",
                "The chief executive apologised to owners.",
                "He said the fault would be fixed soon.",
                "Regulators opened an inquiry into the charging port."
            ]
        );
    }

    #[test]
    fn the_rule_gives_way_rather_than_leave_one_sentence() {
        let only = s(&["Floods hit the harbour town.", "Renner said the posts were staffed."]);
        let renner = [person("Paulo Renner")];
        assert_eq!(story_bite([(only.as_slice(), &renner[..])]).len(), 2);
    }
}
