//! Key figures: numbers in the body with what they count.
//!
//! Every number in the standfirst and the body is a candidate: digits (`10,000`, `1.5`, `76%`,
//! `$1.13bn`, `£600m`), ratios (`1:1.5`), scores, tallies and ranges (`3–2`, `272-219`, `5–7%`),
//! and numbers in words (`two dozen`, `three million`, `twenty-five`). What is *not* a figure,
//! and is dropped:
//!
//! - dates: years (`2022`, `in 2003`, `2010–2015`, `2008-09`), days next to a month (`3 June`,
//!   `June 3rd`, `Oct. 9`, `3–5 June`), decades (`1990s`), ordinals (`20th`), and relative dates
//!   (`eight weeks ago`);
//! - a person's age after their name (`Jimmy Tompkins, 31, tossed …`): a detail of the person,
//!   not a figure of the story;
//! - times of day (`5pm`, `10:30`, `5 p.m.`);
//! - labels and list numbering (`Article 5`, `Boeing 747`, `F-16`, `COVID-19`, a `1.` that opens
//!   a list item);
//! - a lone `one` (a pronoun far more often than a count) and `the two …` (a reference, not a
//!   count).
//!
//! Each figure keeps its number as written (`value`), its numeric value when it has one
//! (`number`: `10,000` → 10000, `three million` → 3e6, `$1.13bn` → 1.13e9; none for a ratio or
//! a score), its unit (`%`, `$`, `£`, `€`, `roubles`, `years`, …), what it counts in the
//! article's words (`about`: the noun phrase after the number, `North Korean soldiers`, or, when
//! the number is an amount or a duration with nothing after it, the words before it), and the
//! phrase it stands in, from what it counts to the number or the other way (`some 10,000
//! troops`, `fighting had lasted close to six hours`), with its [`Span`](newsbite_model::Span).

use std::borrow::Cow;

use newsbite_model::Figure;
use newsbite_text::terms::is_stop_word;
use newsbite_text::{char_at, is_alphanumeric};

use crate::doc::{DocPart, Role};
use crate::table::Table;
use crate::terms::DocTerms;
use crate::Doc;

/// The key figures of an article, in reading order.
pub fn figures(doc: &Doc<'_>) -> Vec<Figure> {
    figures_where(doc, |_, _| true)
}

/// [`figures`], with the article's words already cut ([`DocTerms`]): a sentence none of whose
/// words can open a number ([`may_hold_number`]) holds no figure, and is not read again.
pub fn figures_in(doc: &Doc<'_>, terms: &DocTerms<'_>) -> Vec<Figure> {
    figures_where(doc, |part, k| terms.words(part, k).iter().any(|w| may_hold_number(w.text)))
}

/// The figures of the prose sentences `k` of part `part` for which `may_hold(part, k)`.
fn figures_where(doc: &Doc<'_>, may_hold: impl Fn(usize, usize) -> bool) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    for (pi, part) in doc.parts.iter().enumerate() {
        if !matches!(part.role, Role::Standfirst | Role::Body) {
            continue;
        }
        for (k, &(start, end)) in part.sentences.iter().enumerate() {
            if may_hold(pi, k) {
                tokens_into(&part.text, start, end, &mut toks);
                sentence_figures(part, &toks, &mut out);
            }
        }
    }
    out
}

/// Whether a word (as [`newsbite_text::terms::term_words`] cuts it) lets its sentence hold a
/// figure: a figure opens at a token that starts with a digit, or whose part before any hyphen
/// is a number word ([`may_start_number_words`]); `a`, `an` and `half` open one only before a
/// scale word (`a dozen`, `half a million`). Such a token starts with a word that starts with
/// the digit, is the number word, or is followed by the scale word.
fn may_hold_number(word: &str) -> bool {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    // Number and scale words are short: in ASCII lower case on the stack, then looked up.
    let mut buf = [0u8; 16];
    let Some(lower) = buf.get_mut(..word.len()) else { return false };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    SMALL_WORDS.position_of_bytes(lower).is_some() || SCALE_WORDS.position_of_bytes(lower).is_some()
}

/// [`SMALL`] and [`SCALES`] as tables, for [`may_hold_number`].
const SMALL_WORDS: &Table<(&str, u32)> = &Table::pairs(SMALL);
const SCALE_WORDS: &Table<(&str, f64)> = &Table::pairs(SCALES);

/// A token of a sentence: a word (letters and digits, with inner `, . : ' ’ -` joining them) or
/// a single other character.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    word: bool,
}

/// The tokens of `text[from..to]` into `out` (emptied first: one buffer serves every sentence).
fn tokens_into<'a>(text: &'a str, from: usize, to: usize, out: &mut Vec<Tok<'a>>) {
    out.clear();
    let Some(slice) = text.get(from..to) else { return };
    let mut push = |a: usize, b: usize, word: bool| {
        out.push(Tok { start: from + a, end: from + b, text: &slice[a..b], word });
    };
    let mut i = 0;
    while i < slice.len() {
        let (c, len) = char_at(slice, i);
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if !is_alphanumeric(c) {
            push(i, i + len, false);
            i += len;
            continue;
        }
        let (mut j, mut before) = (i + len, c);
        while j < slice.len() {
            let (d, d_len) = char_at(slice, j);
            if is_alphanumeric(d) {
                (j, before) = (j + d_len, d);
                continue;
            }
            if matches!(d, ',' | '.' | ':' | '\'' | '’' | '-') && j + d_len < slice.len() {
                let (after, after_len) = char_at(slice, j + d_len);
                if is_alphanumeric(after) && joins(d, before, after) {
                    (j, before) = (j + d_len + after_len, after);
                    continue;
                }
            }
            break;
        }
        push(i, j, true);
        i = j;
    }
}

/// Whether a joiner between two characters keeps them in one token.
fn joins(joiner: char, before: char, after: char) -> bool {
    match joiner {
        // 10,000 and 1:1.5 join only digits; 1.5 and U.S. join anything alphanumeric.
        ',' | ':' => before.is_ascii_digit() && after.is_ascii_digit(),
        _ => true,
    }
}

/// Number words and their values.
const SMALL: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// Scale words and their factors.
const SCALES: &[(&str, f64)] = &[
    ("dozen", 12.0),
    ("hundred", 100.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Short scale suffixes written after digits (`$1.13bn`, `£600m`, `5k`).
const SUFFIXES: &[(&str, f64)] =
    &[("k", 1e3), ("m", 1e6), ("mn", 1e6), ("bn", 1e9), ("b", 1e9), ("tn", 1e12), ("trn", 1e12)];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Units that follow a number as words.
const WORD_UNITS: &[&str] = &[
    "roubles",
    "rubles",
    "dollars",
    "pounds",
    "euros",
    "yen",
    "yuan",
    "rupees",
    "francs",
    "pence",
    "cents",
    "years",
    "year",
    "months",
    "month",
    "weeks",
    "week",
    "days",
    "day",
    "hours",
    "hour",
    "minutes",
    "minute",
    "seconds",
    "decades",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "feet",
    "kg",
    "kilograms",
    "tonnes",
    "tons",
    "acres",
    "hectares",
    "mph",
    "degrees",
    "points",
];

/// Units of time: a figure in these says how long, and its `about` is what went before.
const TIME_UNITS: &[&str] =
    &["years", "year", "months", "month", "weeks", "week", "days", "day", "hours", "hour", "decades"];

/// Words and phrases before a number that qualify it and belong in the figure's phrase, longest
/// first.
const QUALIFIERS: &[&[&str]] = &[
    &["as", "many", "as"],
    &["as", "much", "as"],
    &["as", "high", "as"],
    &["as", "few", "as"],
    &["as", "little", "as"],
    &["close", "to"],
    &["just", "over"],
    &["just", "under"],
    &["well", "over"],
    &["well", "under"],
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["up", "to"],
    &["at", "least"],
    &["an", "estimated"],
    &["some"],
    &["about"],
    &["around"],
    &["approximately"],
    &["nearly"],
    &["almost"],
    &["over"],
    &["roughly"],
    &["only"],
    &["just"],
    &["under"],
    &["estimated"],
];

/// Whether a single word can qualify a number (`some`, `about`).
fn is_qualifier(word: &str) -> bool {
    let w = lower(word);
    QUALIFIERS.iter().any(|q| q.len() == 1 && q[0] == w)
}

/// Where the qualifier before token `i` starts (`i` itself when there is none).
fn qualifier_start(toks: &[Tok<'_>], i: usize) -> usize {
    for q in QUALIFIERS {
        if q.len() > i {
            continue;
        }
        let from = i - q.len();
        if toks[from..i].iter().zip(q.iter()).all(|(t, w)| t.word && lower(t.text) == *w) {
            return from;
        }
    }
    i
}

/// A word in lower case ([`str::to_lowercase`]), borrowed when it already is: most words
/// looked at here are, and an ASCII word needs no Unicode tables.
fn lower(s: &str) -> Cow<'_, str> {
    if !s.is_ascii() {
        Cow::Owned(s.to_lowercase())
    } else if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether a word may open a number in words (`two`, `Twenty-five`, `a` before `dozen`), checked
/// without allocating: most words are not, and this is the hot path.
fn may_start_number_words(word: &str) -> bool {
    let head = &word[..word.bytes().position(|b| b == b'-').unwrap_or(word.len())];
    // Most words are ruled out by their first letter and length alone.
    let Some(&first) = head.as_bytes().first() else { return false };
    let first = first.to_ascii_lowercase();
    if !first.is_ascii_lowercase()
        || head.len() >= 16
        || NUMBER_WORD_SHAPES[usize::from(first - b'a')] & (1 << head.len()) == 0
    {
        return false;
    }
    SMALL.iter().any(|(w, _)| w.eq_ignore_ascii_case(head))
        || NUMBER_STARTS.iter().any(|w| w.eq_ignore_ascii_case(head))
}

/// Words that start a number without being one (`a hundred`, `half a million`).
const NUMBER_STARTS: [&str; 3] = ["a", "an", "half"];

/// For each first letter, the lengths of the number words ([`SMALL`], [`NUMBER_STARTS`]) that
/// start with it, as bits.
const NUMBER_WORD_SHAPES: [u16; 26] = {
    let mut out = [0u16; 26];
    let mut i = 0;
    while i < SMALL.len() + NUMBER_STARTS.len() {
        let w =
            if i < SMALL.len() { SMALL[i].0.as_bytes() } else { NUMBER_STARTS[i - SMALL.len()].as_bytes() };
        out[(w[0] - b'a') as usize] |= 1 << w.len();
        i += 1;
    }
    out
};

fn small_value(word: &str) -> Option<f64> {
    SMALL.iter().find(|(w, _)| *w == word).map(|&(_, v)| f64::from(v))
}

fn scale_value(word: &str) -> Option<f64> {
    SCALES.iter().find(|(w, _)| *w == word).map(|&(_, v)| v)
}

/// The value of a number word, simple (`seven`) or hyphenated (`twenty-five`).
fn word_value(word: &str) -> Option<f64> {
    if let Some(v) = small_value(word) {
        return Some(v);
    }
    let (tens, unit) = word.split_once('-')?;
    let (t, u) = (small_value(tens)?, small_value(unit)?);
    (t >= 20.0 && t % 10.0 == 0.0 && u < 10.0).then_some(t + u)
}

/// Parses a number as written, digits or words (`10,000`, `1.13bn`, `three million`,
/// `two dozen`, `76%`); none for a ratio or for text that is not a number.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim().trim_start_matches(['$', '£', '€']).trim_end_matches('%').trim();
    let l = lower(t);
    let mut words = l.split_whitespace().peekable();
    let first = words.next()?;
    let mut value = digits_value(first).or_else(|| word_value(first)).or_else(|| {
        // "a dozen", "a million"
        (first == "a" || first == "an").then_some(1.0)
    })?;
    let mut current = value;
    let mut total = 0.0;
    for w in words {
        if w == "and" {
            continue;
        }
        if let Some(s) = scale_value(w) {
            if s >= 1e3 {
                total += current * s;
                current = 0.0;
            } else {
                current *= s;
            }
        } else if let Some(v) = word_value(w) {
            current += v;
        } else {
            break;
        }
    }
    value = total + current;
    Some(value)
}

/// The value of a token made of digits, with an optional scale suffix (`1.13bn`).
fn digits_value(tok: &str) -> Option<f64> {
    if !tok.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let split = tok.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(tok.len());
    let (num, suffix) = tok.split_at(split);
    let num = num.trim_end_matches(['.', ',']);
    if num.contains(',') && !commas_ok(num) {
        return None;
    }
    let v: f64 = num.replace(',', "").parse().ok()?;
    if suffix.is_empty() {
        return Some(v);
    }
    SUFFIXES.iter().find(|(s, _)| *s == suffix).map(|&(_, f)| v * f)
}

/// Whether thousands separators stand every three digits (`10,000`, not `3,4`).
fn commas_ok(num: &str) -> bool {
    let int = num.split('.').next().unwrap_or("");
    let mut groups = int.split(',');
    let head = groups.next().unwrap_or("");
    (1..=3).contains(&head.len()) && groups.all(|g| g.len() == 3)
}

fn is_month(word: &str) -> bool {
    let l = lower(word.trim_end_matches('.'));
    MONTHS.contains(&l.as_ref())
}

fn is_lowercase_word(word: &str) -> bool {
    word.chars().all(|c| c.is_lowercase() || c == '-')
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_word_at(toks: &[Tok<'_>], i: usize, what: &[&str]) -> bool {
    toks.get(i).is_some_and(|t| t.word && what.contains(&lower(t.text).as_ref()))
}

/// Whether a number written in digits only (`3`, `10,000`, `1.5`).
fn is_plain_number(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
        && text.ends_with(|c: char| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// When token `i` opens two numbers joined by a dash with no space (`3–2`, a score; `12-9`, a
/// vote; `5–7`, a range), the index of the token after them. A hyphen keeps the pair in one
/// token; an en dash stands between two.
fn pair_at(toks: &[Tok<'_>], i: usize) -> Option<usize> {
    let t = toks[i];
    if !t.word {
        return None;
    }
    if let Some((a, b)) = t.text.split_once('-') {
        return (is_plain_number(a) && is_plain_number(b)).then_some(i + 1);
    }
    let (dash, second) = (toks.get(i + 1)?, toks.get(i + 2)?);
    let joined = !dash.word && dash.text == "–" && t.end == dash.start && dash.end == second.start;
    (joined && second.word && is_plain_number(t.text) && is_plain_number(second.text)).then_some(i + 3)
}

/// The scale of the word at token `j` when it scales the digits before it (`3.5 million`,
/// `4-5 billion`: a hundred or more).
fn scale_after(toks: &[Tok<'_>], j: usize) -> Option<f64> {
    toks.get(j).filter(|n| n.word).and_then(|n| scale_value(&lower(n.text))).filter(|&s| s >= 100.0)
}

/// What a number token is, when it is one.
enum NumberTok {
    /// A plain or scaled number.
    Value(f64),
    /// A ratio (`1:1.5`).
    Ratio,
}

fn number_token(t: &Tok<'_>) -> Option<NumberTok> {
    if !t.word || !t.text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if let Some((a, b)) = t.text.split_once(':') {
        let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
        if !ok(a) || !ok(b) {
            return None;
        }
        // 10:30 is a time; 1:1.5 and 3:1 are ratios.
        let time =
            b.len() == 2 && b.chars().all(|c| c.is_ascii_digit()) && a.parse::<u32>().is_ok_and(|h| h <= 24);
        return (!time).then_some(NumberTok::Ratio);
    }
    digits_value(t.text).map(NumberTok::Value)
}

/// The figures of one sentence of a part, cut into its tokens.
fn sentence_figures(part: &DocPart<'_>, toks: &[Tok<'_>], out: &mut Vec<Figure>) {
    let mut i = 0;
    while i < toks.len() {
        // Most tokens open no number: ruled out here, before the dear call.
        if !may_open_number(&toks[i]) {
            i += 1;
            continue;
        }
        match figure_at(part, toks, i) {
            Some((figure, next)) => {
                out.push(figure);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
}

/// Whether a token may open a number: digits, or a word that may open a number in words.
fn may_open_number(t: &Tok<'_>) -> bool {
    t.word && (t.text.starts_with(|c: char| c.is_ascii_digit()) || may_start_number_words(t.text))
}

/// The figure whose number starts at token `i`, with the index of the token after it.
fn figure_at(part: &DocPart<'_>, toks: &[Tok<'_>], i: usize) -> Option<(Figure, usize)> {
    let t = toks[i];
    if !may_open_number(&t) {
        return None;
    }
    let prev = i.checked_sub(1).map(|p| toks[p]);
    // Part of a longer name: F-16, COVID-19, G7 (the token would have started earlier).
    if prev.is_some_and(|p| !p.word && p.text == "-" && p.end == t.start) {
        return None;
    }
    let mut j = i + 1; // the token after the number
    let mut unit: Option<String> = None;
    let mut number: Option<f64>;
    let value_end;
    let l = lower(t.text);
    if let Some(end) = pair_at(toks, i) {
        // A score, a tally or a range (`3–2`, `12-9`, `5–7%`, `4-5 million`): one figure with no
        // single value. Years (`2010–2015`, `2008-09`) and days by a month (`3–5 June`) are
        // dates; a model after a name (`Boeing 737-800`) is a label.
        let first = t.text.split('-').next().unwrap_or("");
        let last = toks[end - 1].text.rsplit('-').next().unwrap_or("");
        let year = first.len() == 4 && first.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y));
        let month =
            |k: Option<usize>| k.and_then(|k| toks.get(k)).is_some_and(|m| m.word && is_month(m.text));
        let model = first.len() >= 3
            && last.len() >= 3
            && i >= 2
            && prev.is_some_and(|p| p.word && is_capitalised(p.text) && !is_qualifier(&lower(p.text)));
        if (year && (last.len() <= 2 || last.len() == 4))
            || month(Some(end))
            || month(i.checked_sub(1))
            || model
        {
            return None;
        }
        number = None;
        j = end + usize::from(scale_after(toks, end).is_some());
        value_end = toks[j - 1].end;
    } else if let Some(kind) = number_token(&t) {
        number = match kind {
            NumberTok::Value(v) => Some(v),
            NumberTok::Ratio => None,
        };
        if number.is_some() && excluded_digits(toks, i) {
            return None;
        }
        // `17.30m` with no currency before it and no counted noun after it is a length in
        // metres, not millions (`£600m`, `5m people`).
        if let Some((digits, "m")) = digit_suffix(t.text) {
            let money = prev.is_some_and(|p| !p.word && matches!(p.text, "$" | "£" | "€"));
            let counted = toks
                .get(i + 1)
                .is_some_and(|n| n.word && !is_stop_word(&lower(n.text)) && is_lowercase_word(n.text));
            if !money && !counted {
                number = digits_value(digits);
                unit = Some("m".into());
            }
        }
        if let Some(s) = scale_after(toks, j) {
            number = number.map(|v| v * s);
            j += 1;
        }
        value_end = toks[j - 1].end;
    } else {
        // Numbers in words.
        if t.text.contains('-') && word_value(&l).is_none() {
            return None; // three-year, one-off
        }
        let starts = word_value(&l).is_some()
            || ((l == "a" || l == "an" || l == "half")
                && toks.get(i + 1).is_some_and(|n| n.word && scale_value(&lower(n.text)).is_some()));
        if !starts {
            return None;
        }
        let mut k = i + 1;
        while k < toks.len() && toks[k].word {
            let w = lower(toks[k].text);
            if word_value(&w).is_some() || scale_value(&w).is_some() {
                k += 1;
            } else if w == "and"
                && toks.get(k + 1).is_some_and(|n| n.word && word_value(&lower(n.text)).is_some())
            {
                k += 2;
            } else {
                break;
            }
        }
        let words: Vec<&str> = toks[i..k].iter().map(|t| t.text).collect();
        if l == "half" {
            number = parse_number(&words[1..].join(" ")).map(|v| v / 2.0);
        } else {
            number = parse_number(&words.join(" "));
        }
        let single = k == i + 1;
        if single && (l == "one" || l == "a" || l == "an") {
            return None;
        }
        // "the two nations": a reference to things already named, not a count.
        if single
            && prev.is_some_and(|p| {
                p.word && matches!(lower(p.text).as_ref(), "the" | "these" | "those" | "all")
            })
        {
            return None;
        }
        j = k;
        value_end = toks[j - 1].end;
    }
    if relative_date(toks, i, j) {
        return None;
    }

    // Currency before the number.
    let mut phrase_start = t.start;
    if let Some(p) = prev.filter(|p| !p.word && matches!(p.text, "$" | "£" | "€")) {
        unit = Some(p.text.to_string());
        phrase_start = p.start;
        if i >= 2 && toks[i - 2].word && toks[i - 2].text == "US" && toks[i - 2].end == p.start {
            phrase_start = toks[i - 2].start;
        }
    }
    let value_start = t.start;
    // A unit after it.
    let mut after = j;
    if toks.get(j).is_some_and(|n| !n.word && n.text == "%") {
        unit = Some("%".into());
        after = j + 1;
    } else if is_word_at(toks, j, &["per"]) && is_word_at(toks, j + 1, &["cent"]) {
        unit = Some("%".into());
        after = j + 2;
    } else if is_word_at(toks, j, &["percent"]) {
        unit = Some("%".into());
        after = j + 1;
    } else if unit.is_none() && is_word_at(toks, j, WORD_UNITS) {
        unit = Some(lower(toks[j].text).into_owned());
        after = j + 1;
    } else if let Some((_, suffix)) = digit_suffix(t.text) {
        if !suffix.is_empty() && SUFFIXES.iter().all(|(s, _)| *s != suffix) {
            unit = Some(suffix.to_string());
        }
    }

    // Qualifiers in front belong to the phrase (some 10,000, more than 700,000) and not to what
    // it counts ("lasted close to six hours": "lasted").
    let q = qualifier_start(toks, phrase_index(toks, phrase_start));
    // What it counts: the noun phrase after it, else (for amounts and durations) the words
    // before it.
    let time = unit.as_deref().is_some_and(|u| TIME_UNITS.contains(&u));
    let mut phrase_end = toks[after - 1].end;
    let mut about = String::new();
    if !time {
        // Only a count or a share is a part of a whole: "5 kilometres of the pass" is a distance.
        let part_of = unit.as_deref().is_none_or(|u| u == "%");
        let (from, np) = counted_after(toks, after, part_of);
        if np > from {
            about = part.text[toks[from].start..toks[np - 1].end].to_string();
            phrase_end = toks[np - 1].end;
        }
    }
    if about.is_empty() {
        // The words before it ("slid off the icy road" for "about 3 kilometres below the pass");
        // its unit stays its own, shown with the value ("3 kilometres"), not in what it counts.
        if let Some((s, e)) = words_before(toks, q) {
            about = part.text[s..e].to_string();
            // The phrase reads from them: `fighting had lasted close to six hours`.
            phrase_start = phrase_start.min(s);
        } else if let Some(unit_word) =
            unit.as_deref().filter(|u| u.chars().all(char::is_alphabetic) && !time)
        {
            about = unit_word.to_string();
        }
    }
    if q < toks.len() {
        phrase_start = phrase_start.min(toks[q].start);
    }
    let value = part.text.get(value_start..value_end)?.to_string();
    let text = part.text.get(phrase_start..phrase_end)?.to_string();
    Some((
        Figure {
            value,
            number: number.filter(|v| v.is_finite()),
            unit,
            about,
            text,
            span: part.span(phrase_start, phrase_end),
        },
        after.max(j),
    ))
}

/// The index of the token starting at byte `start`.
fn phrase_index(toks: &[Tok<'_>], start: usize) -> usize {
    toks.iter().position(|t| t.start == start).unwrap_or(0)
}

/// The digits and the letters after them in a token (`1.13bn` → `bn`).
fn digit_suffix(tok: &str) -> Option<(&str, &str)> {
    if !tok.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let split = tok.find(|c: char| c.is_alphabetic()).unwrap_or(tok.len());
    Some(tok.split_at(split))
}

/// Words that make the number after them a name or a label (`article 5`, `No 10`).
const LABELS: &[&str] = &[
    "no",
    "number",
    "article",
    "section",
    "chapter",
    "page",
    "room",
    "flight",
    "level",
    "phase",
    "category",
    "stage",
    "round",
    "game",
    "route",
    "channel",
    "version",
    "clause",
    "paragraph",
];

/// Whether a digit token is a date, a time, an ordinal, a label or list numbering.
fn excluded_digits(toks: &[Tok<'_>], i: usize) -> bool {
    let t = toks[i];
    let (digits, suffix) = digit_suffix(t.text).unwrap_or((t.text, ""));
    let suffix_l = lower(suffix);
    // Ordinals, decades, times written solid.
    if matches!(suffix_l.as_ref(), "st" | "nd" | "rd" | "th" | "s" | "am" | "pm" | "h" | "hrs") {
        return true;
    }
    let next = toks.get(i + 1);
    let prev = i.checked_sub(1).map(|p| toks[p]);
    // Times: 5 pm, 5 p.m., 9 o'clock, 10.30 GMT.
    if let Some(n) = next.filter(|n| n.word) {
        let nl = lower(n.text);
        if matches!(
            nl.as_ref(),
            "am" | "pm" | "a.m" | "p.m" | "o'clock" | "o’clock" | "gmt" | "bst" | "utc" | "cet" | "et"
        ) {
            return true;
        }
    }
    let plain = !digits.contains(['.', ',']) && suffix.is_empty();
    let int: Option<u32> = if plain { digits.parse().ok() } else { None };
    // Years.
    if let Some(y) = int {
        if digits.len() == 4 && (1800..=2100).contains(&y) {
            let money = prev.is_some_and(|p| !p.word && matches!(p.text, "$" | "£" | "€"));
            let percent = next.is_some_and(|n| n.text == "%");
            if !money && !percent {
                return true;
            }
        }
        // Days next to a month: 3 June, June 3, Oct. 9, the 3 of June.
        let abbreviated_month = i >= 2
            && prev.is_some_and(|p| p.text == ".")
            && toks[i - 2].word
            && toks[i - 2].end == toks[i - 1].start
            && toks[i - 2].text.len() <= 4
            && is_month(toks[i - 2].text);
        if (1..=31).contains(&y)
            && (prev.is_some_and(|p| p.word && is_month(p.text))
                || abbreviated_month
                || next.is_some_and(|n| n.word && is_month(n.text))
                || (is_word_at(toks, i + 1, &["of"]) && toks.get(i + 2).is_some_and(|n| is_month(n.text))))
        {
            return true;
        }
    }
    // An age after a name: `Jimmy Tompkins, 31, tossed …`, `The death of Scott, 43, …`. A
    // person's age is no key figure of the story.
    if int.is_some_and(|a| (1..=120).contains(&a)) {
        let after_name = i >= 2
            && prev.is_some_and(|p| p.text == ",")
            && toks[i - 2].word
            && is_capitalised(toks[i - 2].text);
        let closes = next.is_none_or(|n| matches!(n.text, "," | "." | ")" | ";"));
        if after_name && closes {
            return true;
        }
    }
    // List numbering: a number opening the sentence followed by `.` or `)`.
    if i == 0 && next.is_some_and(|n| !n.word && matches!(n.text, "." | ")")) {
        return true;
    }
    // Labels: Article 5, Boeing 747, No 10, World Cup 2 (a capitalised word just before, not
    // opening the sentence and not a qualifier).
    if let Some(p) = prev.filter(|p| p.word && is_capitalised(p.text)) {
        let pl = lower(p.text);
        let opens_sentence = i == 1;
        if !opens_sentence && !is_qualifier(&pl) && !is_month(p.text) {
            return true;
        }
    }
    if prev.is_some_and(|p| p.word && LABELS.contains(&lower(p.text).as_ref())) {
        return true;
    }
    false
}

/// Whether the number (tokens `i..j`) is a relative date: `eight weeks ago`, `two days later`
/// (but `the first visit in 24 years earlier this year` is a duration).
fn relative_date(toks: &[Tok<'_>], i: usize, j: usize) -> bool {
    if !is_word_at(toks, j, TIME_UNITS) {
        return false;
    }
    let after = |w: &[&str]| is_word_at(toks, j + 1, w);
    let duration = i > 0 && is_word_at(toks, i - 1, &["in", "for", "over", "after", "within", "than"]);
    after(&["ago"]) || (!duration && after(&["later", "earlier"]))
}

/// Words that end a noun phrase though they are not stop words.
const NP_BREAKS: &[&str] =
    &["ago", "earlier", "later", "since", "according", "including", "each", "apiece", "per", "ratio"];

/// The end (exclusive token index) of the noun phrase starting at `from`: up to four words that
/// are not stop words, with no punctuation between them.
fn noun_phrase_after(toks: &[Tok<'_>], from: usize) -> usize {
    let mut k = from;
    while k < toks.len() && k < from + 4 && toks[k].word {
        let w = lower(toks[k].text);
        if (is_stop_word(&w) || NP_BREAKS.contains(&w.as_ref())) && !(k == from && w == "ratio") {
            break;
        }
        if toks[k].text.starts_with(|c: char| c.is_ascii_digit()) {
            break;
        }
        k += 1;
        if w == "ratio" {
            break;
        }
    }
    k
}

/// What a figure counts when it is told after it: the noun phrase right after token `from`, or,
/// for a part of a whole ("54 of the 121 seats", "41 per cent of the vote"), the whole's noun
/// phrase, when `part_of` allows it. Token range `(start, end)`; empty when there is none.
fn counted_after(toks: &[Tok<'_>], from: usize, part_of: bool) -> (usize, usize) {
    let np = noun_phrase_after(toks, from);
    if np > from || !part_of || !is_word_at(toks, from, &["of"]) {
        return (from, np);
    }
    let mut k = from + 1;
    if is_word_at(toks, k, &["the", "its", "their", "his", "her", "our", "this", "these"]) {
        k += 1;
    }
    if toks.get(k).is_some_and(|t| t.word && t.text.starts_with(|c: char| c.is_ascii_digit())) {
        k += 1;
    }
    match noun_phrase_after(toks, k) {
        end if end > k => (k, end),
        _ => (from, np),
    }
}

/// The words before token `i` that say what an amount or a duration is about: up to five words
/// back within the clause, without stop words at either end or qualifiers.
fn words_before(toks: &[Tok<'_>], i: usize) -> Option<(usize, usize)> {
    let mut k = i;
    while k > 0
        && i - k < 6
        && toks[k - 1].word
        && !toks[k - 1].text.starts_with(|c: char| c.is_ascii_digit())
    {
        k -= 1;
    }
    let mut words: Vec<&Tok<'_>> = toks[k..i].iter().collect();
    let drop = |t: &Tok<'_>| {
        let w = lower(t.text);
        is_stop_word(&w) || is_qualifier(&w) || matches!(w.as_ref(), "high" | "low" | "more" | "less")
    };
    while words.first().is_some_and(|t| drop(t)) {
        words.remove(0);
    }
    while words.last().is_some_and(|t| drop(t)) {
        words.pop();
    }
    Some((words.first()?.start, words.last()?.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsbite_model::{Article, Block};
    use proptest::prelude::*;

    fn figs(text: &str) -> Vec<Figure> {
        let mut a = Article::new("Headline 2024");
        a.blocks = vec![Block::Paragraph { text: text.to_string() }];
        figures(&Doc::new(&a))
    }

    fn one(text: &str) -> Figure {
        let f = figs(text);
        assert_eq!(f.len(), 1, "{f:#?}");
        f.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn words_that_may_hold_a_number_are_those_the_lists_hold() {
        for (w, _) in SMALL {
            assert!(may_hold_number(w) && may_hold_number(&w.to_uppercase()), "{w}");
            assert!(SMALL.iter().any(|(s, _)| s.eq_ignore_ascii_case(w)));
        }
        for (w, _) in SCALES {
            assert!(may_hold_number(w) && may_hold_number(&w.to_uppercase()), "{w}");
        }
        for w in ["1990s", "10", "0x"] {
            assert!(may_hold_number(w), "{w}");
        }
        for w in ["a", "an", "half", "the", "twentyfive", "Kim", "onee", "ten’s", "", "ＴＥＮ"] {
            assert!(!may_hold_number(w), "{w}");
        }
    }

    #[test]
    fn digits_with_what_they_count() {
        let f = one("North Korea had sent some 10,000 troops to Russia.");
        assert_eq!((f.value.as_str(), f.number, f.about.as_str()), ("10,000", Some(10000.0), "troops"));
        assert_eq!(f.text, "some 10,000 troops");
        let f = one("More than 700,000 Russian soldiers have been reported killed.");
        assert_eq!(f.text, "More than 700,000 Russian soldiers");
        assert_eq!(f.about, "Russian soldiers");
    }

    #[test]
    fn scores_tallies_and_ranges_are_one_figure() {
        let f = one("Ashwarden Rovers beat Tallon City 3–2 in the final.");
        assert_eq!(
            (f.value.as_str(), f.number, f.text.as_str()),
            ("3–2", None, "Ashwarden Rovers beat Tallon City 3–2")
        );
        assert_eq!(f.about, "Ashwarden Rovers beat Tallon City");
        let f = one("MPs voted 272-219 for the bill.");
        assert_eq!(f.value, "272-219");
        let f = one("Growth will be 6–6.5% this year.");
        assert_eq!((f.value.as_str(), f.unit.as_deref()), ("6–6.5", Some("%")));
        let f = one("It has 10-20 million subscribers.");
        assert_eq!((f.value.as_str(), f.about.as_str()), ("10-20 million", "subscribers"));
        // Dates and labels are no figures; a spaced dash joins nothing.
        for text in [
            "The plan ran from 2010–2015 and then 2008-09.",
            "The talks run on 3–5 June.",
            "It flies the Boeing 737-800 now.",
        ] {
            assert!(figs(text).is_empty(), "{text}: {:#?}", figs(text));
        }
        assert_eq!(figs("They won 3 – 2 games.").len(), 2);
    }

    #[test]
    fn words_ratios_money_and_durations() {
        let f = one("There were reports that two dozen North Korean soldiers had fled.");
        assert_eq!((f.value.as_str(), f.number), ("two dozen", Some(24.0)));
        assert_eq!(f.about, "North Korean soldiers");
        let f = one("Supplies narrowed the gap to a 1:1.5 ratio in favour of Russia.");
        assert_eq!((f.value.as_str(), f.number), ("1:1.5", None));
        assert_eq!(f.about, "ratio");
        let f = one("It offers bonuses as high as three million roubles in some regions.");
        assert_eq!((f.number, f.unit.as_deref()), (Some(3e6), Some("roubles")));
        assert_eq!(f.text, "offers bonuses as high as three million roubles");
        assert!(f.about.contains("bonuses"), "{}", f.about);
        let f = one("Putin made his first visit to North Korea in 24 years.");
        assert_eq!((f.number, f.unit.as_deref()), (Some(24.0), Some("years")));
        assert!(f.about.contains("first visit"), "{}", f.about);
        let f = one("Profits jumped to $1.13bn (up).");
        assert_eq!((f.number, f.unit.as_deref()), (Some(1.13e9), Some("$")));
        let f = one("Sales rose 2% in the quarter.");
        assert_eq!((f.number, f.unit.as_deref()), (Some(2.0), Some("%")));
        let f = one("Turnout fell 3.5 per cent.");
        assert_eq!((f.number, f.unit.as_deref()), (Some(3.5), Some("%")));
    }

    #[test]
    fn metres_millions_and_neighbours() {
        let f = one("Idowu landed 17.30m at the British trials.");
        assert_eq!((f.number, f.unit.as_deref()), (Some(17.3), Some("m")));
        let f = one("The show drew 5m viewers.");
        assert_eq!((f.number, f.unit.as_deref()), (Some(5e6), None));
        assert_eq!(f.about, "viewers");
        let f = &figs("The fighting had lasted close to six hours.")[0];
        assert_eq!(
            (f.text.as_str(), f.about.as_str()),
            ("fighting had lasted close to six hours", "fighting had lasted")
        );
        let f = figs("Sales rose to $11.1bn from $10.9bn.");
        assert_eq!(f.len(), 2);
        assert!(!f[1].about.contains("11.1"), "{:?}", f[1].about);
    }

    #[test]
    fn a_unit_stays_with_its_value_when_what_it_counts_comes_before() {
        let f = one("Their vehicle slid off the icy road about 3 kilometres below the pass.");
        assert_eq!((f.number, f.unit.as_deref()), (Some(3.0), Some("kilometres")));
        assert_eq!(f.about, "vehicle slid off the icy road");
    }

    #[test]
    fn a_part_of_a_whole_counts_what_the_whole_does() {
        let f = figs("The party took 41 per cent of the vote and 54 of the 121 seats in parliament.");
        let about: Vec<(&str, &str)> = f.iter().map(|f| (f.value.as_str(), f.about.as_str())).collect();
        assert_eq!(about, vec![("41", "vote"), ("54", "seats"), ("121", "seats")]);
        assert_eq!(f[1].text, "54 of the 121 seats");
        // Nothing to count after "of": what comes before it, as before.
        let f = one("Two of them had fled, the ministry said.");
        assert!(!f.about.contains("them"), "{}", f.about);
        // A measure "of" a place is not a part of it.
        let f = one("The observers kept their post within 5 kilometres of the pass.");
        assert_eq!((f.unit.as_deref(), f.about.as_str()), (Some("kilometres"), "observers kept their post"));
    }

    #[test]
    fn dates_times_labels_and_pronouns_are_not_figures() {
        for text in [
            "The war began in February 2022.",
            "It happened on 3 June and on June 4th.",
            "Eight weeks ago, the world was hit by the news.",
            "They met at 10:30 and again at 5pm and at 6 p.m. on Monday.",
            "It resembles NATO's Article 5 in the 1990s and the 20th century.",
            "One official said the two nations and one of them agreed.",
            "The F-16 and COVID-19 were discussed.",
            "The debate is on Oct. 9 and the vote on Nov. 8, before the term ends on Jan. 20.",
            "On Sunday, Jimmy Tompkins, 31, tossed a football. The death of Scott, 43, shocked the city.",
        ] {
            assert!(figs(text).is_empty(), "{text}: {:#?}", figs(text));
        }
    }

    #[test]
    fn a_count_after_a_name_and_a_comma_is_no_age() {
        let f = one("In Texas, 43 people were hurt.");
        assert_eq!((f.value.as_str(), f.about.as_str()), ("43", "people"));
        let f = one("By Oct. 9, 12 states had voted.");
        assert_eq!((f.value.as_str(), f.about.as_str()), ("12", "states"));
    }

    #[test]
    fn parse_numbers() {
        assert_eq!(parse_number("10,000"), Some(10000.0));
        assert_eq!(parse_number("three million"), Some(3e6));
        assert_eq!(parse_number("two dozen"), Some(24.0));
        assert_eq!(parse_number("twenty-five"), Some(25.0));
        assert_eq!(parse_number("two hundred and fifty thousand"), Some(250_000.0));
        assert_eq!(parse_number("£600m"), Some(6e8));
        assert_eq!(parse_number("1:1.5"), None);
        assert_eq!(parse_number("troops"), None);
    }

    proptest! {
        #[test]
        fn sentences_ruled_out_by_their_words_hold_no_figure(
            paras in proptest::collection::vec(
                "(One|two|TEN|a|an|half|dozen|Hundred|million|Twenty-five|twenty|[0-9]{1,5}|[0-9],[0-9]{3}|[A-Za-z]{1,7}|\\PC|[ ,.:;%$£'’-]){0,30}",
                0..4,
            ),
        ) {
            let mut a = Article::new("h");
            a.blocks = paras.into_iter().map(|text| Block::Paragraph { text }).collect();
            let doc = Doc::new(&a);
            prop_assert_eq!(figures_in(&doc, &DocTerms::new(&doc)), figures(&doc));
        }

        #[test]
        fn any_text_gives_figures_inside_it(s in "\\PC{0,200}") {
            let mut a = Article::new("h");
            a.blocks = vec![Block::Paragraph { text: s.clone() }];
            for f in figures(&Doc::new(&a)) {
                let text = f.span.text(&a);
                prop_assert_eq!(text.as_deref(), Some(f.text.as_str()));
            }
        }

        #[test]
        fn numbers_in_text_never_panic(s in "[0-9a-z $£%.,:-]{0,60}") {
            let _ = figs(&s);
            let _ = parse_number(&s);
        }
    }
}
