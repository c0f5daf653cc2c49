//! Keywords for search and clustering.
//!
//! Two kinds of keyword, both lower-cased:
//!
//! - **terms**: content words (stop words and numbers dropped), counted by their stem so that
//!   `troop`, `troops` and `Troops` are one keyword, shown in the form the article uses most
//!   (`troops`);
//! - **names**: runs of two or more capitalised words (`north korea`, `vladimir putin`,
//!   `kim jong-un`, `bank of england`), kept whole as phrases, since a name split into words loses
//!   what it names.
//!
//! Each occurrence counts by where it stands: 3 in the headline, 2 in the standfirst, 1.5 in
//! the first body paragraph, 1 elsewhere in the body and in subheadings; captions and teasers do
//! not count. A keyword's weight is its sublinear count (`1 + ln(sum)`), times 1.5 for a name;
//! weights are scaled so that the first is 1. At most [`MAX_KEYWORDS`] are kept, heaviest first
//! (ties by first appearance).

use newsbite_model::Keyword;
use newsbite_text::terms::is_stop_word;

use crate::doc::Role;
use crate::terms::{DocTerms, Word};
use crate::Doc;

/// The most keywords an article gets.
pub const MAX_KEYWORDS: usize = 20;

/// How much more a name counts than a single term.
const NAME_BOOST: f64 = 1.5;

/// The fewest times a single term must occur (weighted) to be a keyword, unless the article is
/// short.
const MIN_TERM_WEIGHT: f64 = 2.0;

/// The occurrences of one keyword: their weight, the first one's place, and the forms written.
#[derive(Default)]
struct Tally<'d> {
    weight: f64,
    first: usize,
    /// The first form written with its count (0: none yet), apart from the others: most
    /// keywords have one form, and then need no list of their own.
    form: (&'d str, usize),
    others: Vec<(&'d str, usize)>,
}

impl<'d> Tally<'d> {
    fn add(&mut self, form: &'d str, boost: f64) {
        self.weight += boost;
        if self.form.1 == 0 || self.form.0 == form {
            self.form = (form, self.form.1 + 1);
            return;
        }
        match self.others.iter_mut().find(|f| f.0 == form) {
            Some(f) => f.1 += 1,
            None => self.others.push((form, 1)),
        }
    }

    /// Whether no occurrence was added.
    fn is_empty(&self) -> bool {
        self.form.1 == 0
    }

    /// The forms written, in order of first appearance, with their counts.
    fn forms(&self) -> impl Iterator<Item = &(&'d str, usize)> {
        std::iter::once(&self.form).filter(|f| f.1 > 0).chain(&self.others)
    }

    /// The form used most, lower-cased (ties: the shorter, then the first seen).
    fn form(&self) -> Option<String> {
        let mut best: Option<(String, usize)> = None;
        let mut merged: Vec<(String, usize)> = Vec::new();
        for (f, c) in self.forms() {
            let l = f.to_lowercase();
            match merged.iter_mut().find(|m| m.0 == l) {
                Some(m) => m.1 += c,
                None => merged.push((l, *c)),
            }
        }
        for (f, c) in merged {
            let better = match &best {
                None => true,
                Some((bf, bc)) => c > *bc || (c == *bc && f.len() < bf.len()),
            };
            if better {
                best = Some((f, c));
            }
        }
        best.map(|b| b.0)
    }
}

/// The keywords of an article.
pub fn keywords(doc: &Doc<'_>) -> Vec<Keyword> {
    keywords_in(doc, &DocTerms::new(doc))
}

/// The keywords of an article, with the article's terms found once for all the analyses.
pub fn keywords_in<'d>(doc: &'d Doc<'_>, doc_terms: &DocTerms<'d>) -> Vec<Keyword> {
    let mut terms: Vec<Tally<'d>> = Vec::new();
    terms.resize_with(doc_terms.distinct(), Tally::default);
    let mut names_tally: Vec<(String, Tally<'_>)> = Vec::new();
    let mut order = 0usize;
    let mut first_body = true;
    let mut found = Vec::new();
    let mut key = String::new();
    for (pi, part) in doc.parts.iter().enumerate() {
        let boost = match part.role {
            Role::Headline => 3.0,
            Role::Standfirst => 2.0,
            Role::Body if first_body => {
                first_body = false;
                1.5
            }
            Role::Body | Role::Heading => 1.0,
            Role::Caption | Role::Teaser => continue,
        };
        for (k, &(start, end)) in part.sentences.iter().enumerate() {
            let Some(sentence) = part.text.get(start..end) else { continue };
            for &(word, id) in doc_terms.sentence(pi, k) {
                order += 1;
                let id = id as usize;
                if terms[id].is_empty() {
                    terms[id].first = order;
                }
                terms[id].add(word, boost);
            }
            names_into(sentence, doc_terms.words(pi, k), &mut found);
            for &name in &found {
                order += 1;
                lower_into(name, &mut key);
                let i = match names_tally.iter().position(|(k, _)| *k == key) {
                    Some(i) => i,
                    None => {
                        names_tally.push((key.clone(), Tally { first: order, ..Tally::default() }));
                        names_tally.len() - 1
                    }
                };
                names_tally[i].1.add(name, boost);
            }
        }
    }
    // Each tally is ranked by reference: sorting moves small keys, not the tallies. No two
    // tallies share a `first` (every occurrence has its own place), so the order is total.
    let tallies = || {
        let terms = terms.iter().filter(|t| !t.is_empty()).map(|t| (false, t));
        terms.chain(names_tally.iter().map(|(_, t)| (true, t)))
    };
    let short = tallies().count() < 30;
    let mut ranked: Vec<(f64, usize, &Tally<'_>)> = tallies()
        .filter(|(name, t)| *name || short || t.weight >= MIN_TERM_WEIGHT)
        .map(|(name, t)| ((1.0 + t.weight.ln()) * if name { NAME_BOOST } else { 1.0 }, t.first, t))
        .collect();
    ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // Forms are made only for the keywords kept. A name and a term can end up with the same
    // text (`putin`): keep the first.
    let mut scored: Vec<(f64, String)> = Vec::with_capacity(MAX_KEYWORDS);
    for &(w, _, t) in &ranked {
        if scored.len() >= MAX_KEYWORDS {
            break;
        }
        if let Some(form) = t.form() {
            if !scored.iter().any(|s| s.1 == form) {
                scored.push((w, form));
            }
        }
    }
    let top = scored.first().map_or(1.0, |s| s.0).max(f64::MIN_POSITIVE);
    scored.into_iter().map(|(w, term)| Keyword { term, weight: (w / top) as f32 }).collect()
}

/// Connectors allowed inside a name (`Bank of England`, `Charles de Gaulle`).
const CONNECTORS: &[&str] = &["of", "de", "da", "del", "van", "von", "al", "bin", "la", "le"];

/// The capitalised multiword names of a sentence, as written, possessives dropped.
#[cfg(test)]
fn names(sentence: &str) -> Vec<&str> {
    let words: Vec<_> =
        newsbite_text::terms::term_words(sentence).map(|(start, text)| Word { start, text }).collect();
    let mut out = Vec::new();
    names_into(sentence, &words, &mut out);
    out
}

/// Lower-cases a name into `buf`, as [`str::to_lowercase`] would, without a new string each
/// time.
fn lower_into(name: &str, buf: &mut String) {
    buf.clear();
    if name.is_ascii() {
        buf.push_str(name);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&name.to_lowercase());
    }
}

/// [`names`] into `out` (emptied first), from the sentence's words as
/// [`newsbite_text::terms::term_words`] cuts them ([`DocTerms::words`]).
fn names_into<'s>(sentence: &'s str, words: &[Word<'s>], out: &mut Vec<&'s str>) {
    out.clear();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let capital = w.text.chars().next().is_some_and(char::is_uppercase);
        let next_cap =
            words.get(i + 1).is_some_and(|n| n.text.chars().next().is_some_and(char::is_uppercase));
        // Most words are not capitalised or not followed by a capitalised one: no name starts
        // there, and nothing more need be checked.
        let joined_next = words.get(i + 1).is_some_and(|n| {
            CONNECTORS.contains(&n.text) || sentence.get(w.start + w.text.len()..n.start) == Some("-")
        });
        if !capital || (!next_cap && !joined_next) {
            i += 1;
            continue;
        }
        // A capitalised function word starts a name only inside a sentence ("by The Standard").
        let stop = is_stop_word(&w.text.to_lowercase());
        if stop && (i == 0 || !next_cap) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut last = i;
        while j < words.len() {
            let gap = &sentence[words[j - 1].start + words[j - 1].text.len()..words[j].start];
            let next = words[j];
            let next_cap = next.text.chars().next().is_some_and(char::is_uppercase);
            let joined =
                gap == "-" || (gap == " " && next_cap && !next.text.chars().all(|c| c.is_ascii_digit()));
            if joined {
                j += 1;
                last = j - 1;
            } else if gap == " "
                && CONNECTORS.contains(&next.text)
                && words.get(j + 1).is_some_and(|n| n.text.chars().next().is_some_and(char::is_uppercase))
                && sentence[next.start + next.text.len()..words[j + 1].start] == *" "
            {
                j += 2;
                last = j - 1;
            } else {
                break;
            }
            // A possessive ends a name: "Putin’s ties".
            if words[last].text.ends_with("’s") || words[last].text.ends_with("'s") {
                break;
            }
        }
        if last > i {
            let end = words[last].start + words[last].text.len();
            let text = &sentence[w.start..end];
            out.push(text.strip_suffix("’s").or_else(|| text.strip_suffix("'s")).unwrap_or(text));
        }
        i = last + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsbite_model::{Article, Block};
    use proptest::prelude::*;

    #[test]
    fn names_are_whole_phrases() {
        assert_eq!(
            names("Vladimir Putin’s trip to North Korea pleased Kim Jong-un and the Bank of England."),
            ["Vladimir Putin", "North Korea", "Kim Jong-un", "Bank of England"]
        );
        assert_eq!(names("The Ukrainian leader spoke."), Vec::<&str>::new());
        assert_eq!(names("But now, a report by UK publication The Standard claims"), ["The Standard"]);
    }

    #[test]
    fn keywords_favour_the_headline_and_names() {
        let mut a = Article::new("North Korean troops sent to Russia");
        a.standfirst = Some("North Korea has sent troops to Russia, officials say.".into());
        a.blocks = vec![
            Block::Paragraph {
                text: "The troops arrived in Russia. Vladimir Putin welcomed the troops.".into(),
            },
            Block::Caption { text: "Bananas bananas bananas bananas.".into(), credit: None },
            Block::Paragraph { text: "Officials in Kyiv said the troop numbers were unclear.".into() },
        ];
        let k = keywords(&Doc::new(&a));
        let terms: Vec<&str> = k.iter().map(|k| k.term.as_str()).collect();
        assert_eq!(terms[0], "troops", "{k:?}");
        assert!(terms.contains(&"russia"));
        assert!(terms.contains(&"north korea"));
        assert!(terms.contains(&"vladimir putin"));
        assert!(!terms.iter().any(|t| t.contains("banana")), "captions do not count");
        assert!(!terms.contains(&"the"));
        assert_eq!(k[0].weight, 1.0);
        assert!(k.windows(2).all(|w| w[0].weight >= w[1].weight));
        assert!(k.iter().all(|k| k.term == k.term.to_lowercase()));
    }

    proptest! {
        #[test]
        fn any_text_gives_bounded_keywords(s in "\\PC{0,300}") {
            let mut a = Article::new(s.clone());
            a.blocks = vec![Block::Paragraph { text: s }];
            let k = keywords(&Doc::new(&a));
            prop_assert!(k.len() <= MAX_KEYWORDS);
            for kw in &k {
                prop_assert!(kw.weight.is_finite() && kw.weight > 0.0 && kw.weight <= 1.0);
            }
        }
    }
}
