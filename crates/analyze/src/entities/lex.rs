//! A small lexer shared by entities and quotes: words and punctuation with byte offsets.
//!
//! Unlike [`newsbite_text::words`], it keeps punctuation (quotation marks, commas, colons and
//! full stops carry the structure that attribution hangs on) and keeps `U.S.`, `Jong-un` and
//! `Kim’s` whole.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use newsbite_text::char_at;
use newsbite_text::terms::WordHasher;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A word or number.
    Word,
    /// One punctuation character.
    Punct(char),
}

/// A token: its byte range in the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

impl Tok {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

fn joins_word(c: char) -> bool {
    matches!(c, '-' | '’' | '\'' | '.' | '‑')
}

/// Cuts a text into tokens. White space is skipped; every other non-word character is a
/// punctuation token of its own. One pass over the bytes: an ASCII byte needs no decoding.
pub(crate) fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    while i < text.len() {
        let (c, len) = char_at(text, i);
        if is_alnum(c) {
            let mut end = i + len;
            loop {
                end = newsbite_text::ascii_alphanumeric_end(text, end);
                if end >= text.len() {
                    break;
                }
                let (d, d_len) = char_at(text, end);
                if is_alnum(d) {
                    end += d_len;
                    continue;
                }
                if joins_word(d) {
                    // Joiners stay inside a word only when a letter or digit follows.
                    if end + d_len < text.len() && is_alnum(char_at(text, end + d_len).0) {
                        end += d_len;
                        continue;
                    }
                    if d == '.' && is_initialism(&text[i..end]) {
                        // `U.S.`: the last full stop belongs to the word.
                        end += 1;
                    }
                }
                break;
            }
            out.push(Tok { start: i, end, kind: Kind::Word });
            i = end;
        } else if c == '\'' && text[i + 1..].starts_with('\'') {
            // `''`: two apostrophes stand for a double quotation mark in some archives.
            out.push(Tok { start: i, end: i + 2, kind: Kind::Punct('"') });
            i += 2;
        } else {
            if !newsbite_text::is_space(c) {
                out.push(Tok { start: i, end: i + len, kind: Kind::Punct(c) });
            }
            i += len;
        }
    }
    out
}

fn is_alnum(c: char) -> bool {
    newsbite_text::is_alphanumeric(c)
}

/// `U.S`, `U.K`, `D.C`: single letters joined by full stops.
fn is_initialism(word: &str) -> bool {
    let mut letters = 0;
    for (k, c) in word.chars().enumerate() {
        if k % 2 == 0 {
            if !c.is_alphabetic() {
                return false;
            }
            letters += 1;
        } else if c != '.' {
            return false;
        }
    }
    letters >= 2
}

/// Whether a word starts with a capital letter.
pub(crate) fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A word without a possessive ending (`Kim’s` → `Kim`, `Reuters’` → `Reuters`), and whether it
/// had one.
pub(crate) fn strip_possessive(word: &str) -> (&str, bool) {
    for end in ["’s", "'s", "’S", "'S"] {
        if let Some(w) = word.strip_suffix(end) {
            if !w.is_empty() {
                return (w, true);
            }
        }
    }
    (word, false)
}

/// An opening quotation mark.
pub(crate) fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '„' | '«' | '‘')
}

/// Lower-cases an ASCII-or-not word into a buffer, for table look-ups without allocating each
/// time.
pub(crate) fn lower_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if c == '’' {
            buf.push('\'');
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// A set of words, with the fast hash for short words of [`newsbite_text::terms`] (the
/// standard SipHash guards against attacks that a per-article set of words does not face).
pub(crate) type WordSet<'a> = HashSet<&'a str, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The lexer as it was written first, over `char_indices`: the reference for [`tokens`].
    fn tokens_by_chars(text: &str) -> Vec<Tok> {
        let mut out = Vec::new();
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if is_alnum(c) {
                let mut end = i + c.len_utf8();
                loop {
                    match it.peek() {
                        Some(&(_, d)) if is_alnum(d) => {
                            end += d.len_utf8();
                            it.next();
                        }
                        Some(&(j, d)) if joins_word(d) => {
                            let after = text[j + d.len_utf8()..].chars().next();
                            if after.is_some_and(is_alnum) {
                                end += d.len_utf8();
                                it.next();
                            } else if d == '.' && is_initialism(&text[i..end]) {
                                end += 1;
                                it.next();
                                break;
                            } else {
                                break;
                            }
                        }
                        _ => break,
                    }
                }
                out.push(Tok { start: i, end, kind: Kind::Word });
            } else if c == '\'' && text[i + 1..].starts_with('\'') {
                it.next();
                out.push(Tok { start: i, end: i + 2, kind: Kind::Punct('"') });
            } else if !newsbite_text::is_space(c) {
                out.push(Tok { start: i, end: i + c.len_utf8(), kind: Kind::Punct(c) });
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]
        #[test]
        fn tokens_are_those_of_the_reference(s in "([A-Za-z0-9 .,'’‑“”-]|\\PC){0,60}") {
            prop_assert_eq!(tokens(&s), tokens_by_chars(&s));
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokens(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn keeps_names_and_punctuation() {
        assert_eq!(
            words("“Yes,” Kim Jong-un’s aide said in the U.S. today."),
            ["“", "Yes", ",", "”", "Kim", "Jong-un’s", "aide", "said", "in", "the", "U.S.", "today", "."]
        );
        assert_eq!(words("Reuters’ report"), ["Reuters", "’", "report"]);
        assert_eq!(strip_possessive("Kim’s"), ("Kim", true));
    }
}
