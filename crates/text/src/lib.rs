//! Text basics for NewsBite: sentences, word tokens and normalisation.
//!
//! News English is hard on naive splitters: "Mr Rutte", "Dr. Smith", "U.S. officials",
//! "Jan. 3", "3.5 per cent", "5 p.m. local time", initials like "J. K. Rowling", and quotes that
//! end sentences (`…,” he said. “Next…`). [`sentences`] builds on `sentencex`, which handles
//! these, and returns byte ranges so that every sentence can be traced back to its text.
//!
//! Everything here is pure and allocation-light; nothing holds global state.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod terms;

use std::ops::Range;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

/// One sentence of a text: its byte range in the text and the sentence itself, trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// Byte offsets of the trimmed sentence in the text it was cut from.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The sentence, without surrounding white space.
    pub text: &'a str,
}

impl Sentence<'_> {
    /// The byte range of the sentence in its text.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Splits English text into sentences.
///
/// Paragraph breaks (`\n\n`) always end a sentence. Empty and white-space-only pieces are
/// dropped, and each sentence is trimmed, with its offsets moved to match.
///
/// ```
/// let s = newsbite_text::sentences("Mr Rutte met Dr. Smith in the U.S. on Jan. 3. It rained.");
/// assert_eq!(s.len(), 2);
/// assert_eq!(s[1].text, "It rained.");
/// ```
pub fn sentences(text: &str) -> Vec<Sentence<'_>> {
    if one_sentence(text) {
        let lead = text.len() - text.trim_start().len();
        let trimmed = text.trim();
        return if trimmed.is_empty() {
            Vec::new()
        } else {
            vec![Sentence { start: lead, end: lead + trimmed.len(), text: trimmed }]
        };
    }
    split_sentences(text)
}

/// Whether `text` can only be one sentence, so that `sentencex` need not read it: a line with
/// no sentence terminator but in its last run of them (`… he said.`, `Why?!`). `sentencex` only
/// breaks at a terminator run or at a line break, and a run that ends the text ends the one
/// sentence. Characters that could be terminators (any punctuation outside ASCII but the
/// typographic quotes and dashes) send the text the long way. Three paragraphs in ten of the
/// BBC and PolNeAR texts take this path; tests check it against `sentencex`.
fn one_sentence(text: &str) -> bool {
    let body = text.trim_end().trim_end_matches(['.', '!', '?']);
    body.chars().all(|c| {
        if c.is_ascii() {
            !matches!(c, '.' | '!' | '?' | '\n' | '\r')
        } else {
            c.is_alphanumeric()
                || matches!(c, '‘' | '’' | '“' | '”' | '–' | '—' | '\u{00A0}' | '«' | '»' | '€' | '£' | '°')
        }
    })
}

/// [`sentences`] by `sentencex` alone.
fn split_sentences(text: &str) -> Vec<Sentence<'_>> {
    sentencex::get_sentence_boundaries("en", text)
        .into_iter()
        .filter_map(|b| {
            // sentencex promises `text[start_byte..end_byte] == b.text`; check rather than trust,
            // so a future change there cannot make us slice inside a character.
            let raw = text.get(b.start_byte..b.end_byte)?;
            let lead = raw.len() - raw.trim_start().len();
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                return None;
            }
            let start = b.start_byte + lead;
            Some(Sentence { start, end: start + trimmed.len(), text: trimmed })
        })
        .collect()
}

/// A word token: its byte offset in the text and the word as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte offset of the word in the text.
    pub start: usize,
    /// The word as written (`Kim’s`, `10,000`, `Jong-un` is two words: `Jong`, `un`).
    pub text: &'a str,
}

/// The words of a text, by the Unicode word-boundary rules (UAX #29): punctuation and white
/// space are skipped; numbers with separators (`10,000`, `1.5`) and contractions (`haven’t`)
/// stay whole.
pub fn words(text: &str) -> impl Iterator<Item = Token<'_>> {
    text.unicode_word_indices().map(|(start, text)| Token { start, text })
}

/// The character at byte `i` of `text` and its length in bytes, for scanners that walk a text
/// byte by byte: an ASCII byte is its own character, with no UTF-8 decoding. `i` must be a
/// character boundary below `text.len()`.
#[inline]
pub fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes()[i] {
        b if b < 0x80 => (char::from(b), 1),
        _ => text[i..].chars().next().map_or((' ', 1), |c| (c, c.len_utf8())),
    }
}

/// The end of the run of ASCII letters and digits that starts at byte `i` of `text` (`i` itself
/// when there is none), always a character boundary: word scanners take these runs, most of an
/// English text, a byte at a time with nothing to decode.
#[inline]
pub fn ascii_alphanumeric_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// Whether a character is a letter or a digit, exactly as [`char::is_alphanumeric`] says, but
/// without the Unicode tables for ASCII and for the General Punctuation block (U+2000 to
/// U+206F: typographic quotes and apostrophes, dashes, the ellipsis), which news text is full
/// of and which holds no letter or digit (a test checks every character).
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
    }
}

/// Whether a character is white space for NewsBite's purposes: Unicode white space, plus the
/// zero-width characters that scrapers leave behind (zero-width space, joiners, BOM).
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Normalises a piece of inline text: Unicode NFC, every run of white space (including no-break
/// and zero-width spaces, tabs and line breaks) folded into one ASCII space, and the ends trimmed.
/// Typographic quotes, dashes and apostrophes are kept as they are: they carry meaning.
///
/// ```
/// assert_eq!(newsbite_text::normalize("  Kim\u{2019}s\u{00A0}army \n said “no”  "), "Kim’s army said “no”");
/// ```
pub fn normalize(text: &str) -> String {
    // Most lines are already clean: copy them whole instead of char by char.
    match cleanliness(text) {
        Clean::Composed => return text.to_string(),
        Clean::Spaced => return nfc(text.to_string()),
        Clean::No => {}
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if is_space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    nfc(out)
}

/// What [`normalize`] has to do to a text.
enum Clean {
    /// Nothing: no white space to fold, and no character at or above U+0300, where combining
    /// marks and other characters NFC may change begin (typographic quotes and dashes are
    /// checked one by one: NFC never changes them).
    Composed,
    /// No white space to fold; NFC must be checked.
    Spaced,
    /// White space to fold.
    No,
}

fn cleanliness(text: &str) -> Clean {
    let mut previous_space = true;
    let mut composed = true;
    for c in text.chars() {
        let space = c == ' ';
        if (space && previous_space) || (!space && is_space(c)) {
            return Clean::No;
        }
        if c >= '\u{0300}' && !matches!(c, '‘' | '’' | '“' | '”' | '–' | '—' | '…' | '€' | '•')
        {
            composed = false;
        }
        previous_space = space;
    }
    match (text.is_empty() || !previous_space, composed) {
        (false, _) => Clean::No,
        (true, true) => Clean::Composed,
        (true, false) => Clean::Spaced,
    }
}

/// Puts a string into Unicode NFC, without copying when it already is (the usual case).
pub fn nfc(text: String) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// Whether the text ends like a sentence: with `.`, `!`, `?` or `…`, possibly followed by
/// closing quotes or brackets (`…minimal.”`, `(AFP).`).
pub fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        is_space(c) || matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*')
    });
    trimmed.ends_with(['.', '!', '?', '…'])
}

/// Whether a sentence cannot stand without the one before it: it opens with a pronoun that
/// points back (`He said…`, `It’s…`, `This was…`), maybe after a connective or a time word
/// (`But they…`, `Tonight it…`), or it is a quotation with no one to say it
/// (`“Quillfire sold this phone on trust.”`) or given to a pronoun (`“…,” he said.`).
/// Extractive summaries use it to keep such a sentence next to the one it leans on.
///
/// ```
/// assert!(newsbite_text::leans_on_previous("He said the fault would be fixed."));
/// assert!(!newsbite_text::leans_on_previous("“We sold it on trust,” the chief executive said."));
/// ```
pub fn leans_on_previous(sentence: &str) -> bool {
    const BACK: [&str; 12] =
        ["He", "She", "They", "It", "His", "Her", "Their", "Its", "This", "These", "Those", "Him"];
    // Words that may stand before such a pronoun and leave it pointing back: a connective
    // (`But it was…`) or a time word (`Tonight it belongs to Ashwarden.`).
    const OPENERS: [&str; 13] = [
        "Also", "And", "But", "However", "Instead", "Later", "Now", "So", "Still", "Then", "Today",
        "Tonight", "Yet",
    ];
    let quoted = sentence.starts_with(['“', '"', '‘']);
    if !quoted {
        let mut words = sentence
            .split(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'')
            .filter(|w| !w.is_empty())
            // `It’s` and `He'd` open with the pronoun too.
            .map(|w| w.split(['’', '\'']).next().unwrap_or(w));
        let Some(first) = words.next() else { return false };
        if OPENERS.contains(&first) {
            // The pronoun is then written in lower case.
            return words.next().is_some_and(|w| BACK.iter().any(|b| b.eq_ignore_ascii_case(w) && w != *b));
        }
        return BACK.contains(&first);
    }
    // A quotation that is the whole sentence: no closing mark before its end.
    let t = sentence.trim_end_matches(['.', '!', '?', ' ']);
    let Some(body) = t.strip_suffix(['”', '"', '’']) else {
        // A quotation given to a pronoun: `“…,” he said.`
        let Some(close) = t.rfind(['”', '"']) else { return false };
        let cue = t[close..].split(|c: char| !c.is_alphabetic()).find(|w| !w.is_empty());
        return cue.is_some_and(|w| matches!(w, "he" | "she" | "they"));
    };
    let inner = &body[body.chars().next().map_or(0, char::len_utf8)..];
    !inner.contains(['”', '"'])
}

/// The surname of a person's full name, for [`person_named`]: its last word, when the name has
/// two words or more and each starts with a capital (`Tobias Wren` → `Wren`). A name with a
/// lower-case word (`Royal Academy of Arts`, taken for a person) or of one word has none.
///
/// ```
/// assert_eq!(newsbite_text::surname("Tobias Wren"), Some("Wren"));
/// assert_eq!(newsbite_text::surname("Royal Academy of Arts"), None);
/// assert_eq!(newsbite_text::surname("Wren"), None);
/// ```
pub fn surname(name: &str) -> Option<&str> {
    let mut words = name.split_whitespace();
    let mut last = words.next()?;
    let mut n = 1;
    for w in words {
        if !w.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        last = w;
        n += 1;
    }
    (n >= 2 && name.chars().next().is_some_and(char::is_uppercase)).then_some(last)
}

/// Words that come before a surname without saying who the person is.
const HONORIFICS: [&str; 7] = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Mr.", "Mrs."];

/// Words for a role that say who a person is when they come before the surname, whatever
/// their case (`defence minister Marak`, `manager Hartigan`).
const ROLES: [&str; 30] = [
    "ambassador",
    "analyst",
    "captain",
    "chair",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "coach",
    "commander",
    "director",
    "editor",
    "general",
    "governor",
    "judge",
    "king",
    "leader",
    "manager",
    "mayor",
    "minister",
    "official",
    "premier",
    "president",
    "professor",
    "queen",
    "secretary",
    "senator",
    "spokesman",
    "spokesperson",
    "spokeswoman",
];

/// How `sentence` names the person with `surname`: not at all (`None`), by a first name, a
/// title or a role before the surname (`Some(true)`: `Tobias Wren`, `defence minister Danek`),
/// or by the surname alone or after an honorific (`Some(false)`: `Wren`, `Mr Wren`). The best of
/// its mentions counts. Extractive summaries use it not to name a person the reader has not met.
///
/// ```
/// use newsbite_text::person_named;
/// assert_eq!(person_named("Tobias Wren conceded.", "Wren"), Some(true));
/// assert_eq!(person_named("Wren conceded.", "Wren"), Some(false));
/// assert_eq!(person_named("Nobody conceded.", "Wren"), None);
/// ```
pub fn person_named(sentence: &str, surname: &str) -> Option<bool> {
    let mut best = None;
    for (at, _) in sentence.match_indices(surname) {
        let end = at + surname.len();
        let whole_word = !sentence[..at].chars().next_back().is_some_and(char::is_alphanumeric)
            && !sentence[end..].chars().next().is_some_and(char::is_alphanumeric);
        if !whole_word {
            continue;
        }
        let before = sentence[..at].trim_end();
        let word = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(|c| c.is_alphabetic() || c == '.' || c == '-')
            && !HONORIFICS.contains(&word);
        let role = ROLES.contains(&word.to_lowercase().as_str());
        let full = before.len() < sentence[..at].len() && (capitalised || role);
        best = Some(best.unwrap_or(false) || full);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(s: &str) -> Vec<&str> {
        sentences(s).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn titles_and_abbreviations_do_not_end_sentences() {
        assert_eq!(
            texts("Mr. Rutte met Dr. Smith and Mrs. Jones. They talked."),
            ["Mr. Rutte met Dr. Smith and Mrs. Jones.", "They talked."]
        );
        assert_eq!(
            texts("U.S. officials said so on Jan. 3 at 5 p.m. local time. Nobody else did."),
            ["U.S. officials said so on Jan. 3 at 5 p.m. local time.", "Nobody else did."]
        );
    }

    #[test]
    fn initials_and_decimals_stay_whole() {
        assert_eq!(
            texts("J. K. Rowling sold 3.5 million copies. Sales rose 2.4%."),
            ["J. K. Rowling sold 3.5 million copies.", "Sales rose 2.4%."]
        );
    }

    #[test]
    fn a_quote_that_ends_a_sentence_ends_it() {
        let s = "“It is really a breakthrough document.” Putin said nothing else. “Yes.” He left.";
        assert_eq!(
            texts(s),
            ["“It is really a breakthrough document.”", "Putin said nothing else.", "“Yes.”", "He left."]
        );
    }

    #[test]
    fn a_quote_followed_by_its_cue_stays_one_sentence() {
        let s = "“Yes, there are already losses, this is a fact,” Zelensky said. He left.";
        assert_eq!(texts(s), ["“Yes, there are already losses, this is a fact,” Zelensky said.", "He left."]);
    }

    #[test]
    fn a_line_with_no_terminator_inside_is_one_sentence() {
        for line in [
            "Kim’s army said “no” – again",
            "  Why?!  ",
            "He said: “We will not go back.”",
            "Mr Rutte met Dr. Smith.",
            "It rained. Then it snowed.",
            "Wait… what?",
            "One\nTwo.",
            "   ",
        ] {
            assert_eq!(sentences(line), split_sentences(line), "{line:?}");
        }
        assert!(one_sentence("Kim’s army said “no” – again."));
        assert!(!one_sentence("Mr Rutte met Dr. Smith."));
        assert!(!one_sentence("Wait… what?"));
    }

    #[test]
    fn sentences_that_lean_on_the_one_before() {
        assert!(leans_on_previous("He said the fault would be fixed."));
        assert!(leans_on_previous("“Quillfire sold this phone on trust.”"));
        assert!(leans_on_previous("This was the third recall in a year."));
        assert!(leans_on_previous("It’s the third recall in a year."));
        assert!(!leans_on_previous("“We sold it on trust,” the chief executive said."));
        assert!(!leans_on_previous("“Sold” was the word he used, “on trust” the phrase."));
        assert!(!leans_on_previous("Hence the recall."));
        assert!(!leans_on_previous("Heathrow closed a runway."));
        assert!(!leans_on_previous(""));
        assert!(!leans_on_previous("“It was a mistake,” Brenning said."));
        assert!(leans_on_previous("“It was a mistake.”"));
        assert!(leans_on_previous("“It was a mistake,” he said."));
        assert!(leans_on_previous("\"It was a mistake,\" she added."));
        assert!(!leans_on_previous("“It was a mistake,” said Oskar Brenning."));
        assert!(leans_on_previous("Tonight it belongs to Ashwarden."));
        assert!(leans_on_previous("But they did not say when."));
        assert!(leans_on_previous("However, this was not enough."));
        assert!(!leans_on_previous("But the board did not say when."));
        assert!(!leans_on_previous("Today It Belongs, a new film, opens."));
        assert!(!leans_on_previous("Then."));
    }

    #[test]
    fn a_title_introduces_and_an_honorific_does_not() {
        assert_eq!(person_named("Defence minister Marak said so.", "Marak"), Some(true));
        assert_eq!(person_named("Ivo Marak said so.", "Marak"), Some(true));
        assert_eq!(person_named("The defence minister Marak said so.", "Marak"), Some(true));
        assert_eq!(person_named("“Go,” said Marak.", "Marak"), Some(false));
        assert_eq!(person_named("“Go,” Marak said.", "Marak"), Some(false));
        assert_eq!(person_named("Mr Marak said so.", "Marak"), Some(false));
        assert_eq!(person_named("Marak, the minister, said so.", "Marak"), Some(false));
        assert_eq!(person_named("Maraks are birds.", "Marak"), None);
        assert_eq!(person_named("Nobody said so.", "Marak"), None);
    }

    #[test]
    fn offsets_point_at_the_sentence() {
        let s = "  First one.   Second one!  ";
        for sent in sentences(s) {
            assert_eq!(&s[sent.range()], sent.text);
        }
    }

    #[test]
    fn words_keep_numbers_and_contractions_whole() {
        let w: Vec<_> = words("DPRK haven’t sent 10,000 troops, or 1.5 of them.").map(|t| t.text).collect();
        assert_eq!(w, ["DPRK", "haven’t", "sent", "10,000", "troops", "or", "1.5", "of", "them"]);
    }

    #[test]
    fn is_alphanumeric_is_the_standard_one() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn normalize_folds_space_and_composes() {
        assert_eq!(normalize("a\u{00A0}\u{200B} b\t\nc"), "a b c");
        assert_eq!(normalize("Cafe\u{0301}"), "Café");
        assert_eq!(normalize("   "), "");
        assert_eq!(normalize("‘a’ “b”"), "‘a’ “b”");
    }

    #[test]
    fn sentence_endings() {
        assert!(ends_like_sentence("It is minimal.”"));
        assert!(ends_like_sentence("Really?"));
        assert!(!ends_like_sentence("‘Breakthrough’: Putin, Kim’s strengthening ties"));
        assert!(!ends_like_sentence("“The first step to a world war”"));
    }

    proptest! {
        #[test]
        fn one_sentence_lines_are_cut_as_sentencex_cuts_them(
            s in "[a-zA-Z0-9 ,;:'\"()\\-‘’“”–—\u{00A0}«»€£°éüß.!?\n…]{0,120}"
        ) {
            prop_assert_eq!(sentences(&s), split_sentences(&s));
        }

        #[test]
        fn lines_ending_in_a_terminator_run_are_cut_as_sentencex_cuts_them(
            s in "[ a-zA-Z0-9,;:'\"()\\-‘’“”–—\u{00A0}«»€£°éüß]{0,120}[.!?]{0,3}[ ”’\"]{0,2}"
        ) {
            prop_assert_eq!(sentences(&s), split_sentences(&s));
        }

        #[test]
        fn sentences_are_trimmed_slices_of_the_text(s in "\\PC{0,300}") {
            let mut last_end = 0;
            for sent in sentences(&s) {
                prop_assert_eq!(&s[sent.range()], sent.text);
                prop_assert!(!sent.text.is_empty());
                prop_assert_eq!(sent.text.trim(), sent.text);
                prop_assert!(sent.start >= last_end);
                last_end = sent.end;
            }
        }

        #[test]
        fn normalize_is_idempotent(s in "\\PC{0,200}") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
            prop_assert!(!once.contains("  "));
        }

        #[test]
        fn words_are_slices_of_the_text(s in "\\PC{0,200}") {
            for w in words(&s) {
                prop_assert_eq!(&s[w.start..w.start + w.text.len()], w.text);
            }
        }
    }
}
