//! The NewsBite text record, and plain-text articles.
//!
//! A record is one article saved as UTF-8 text by a scraper (see `docs/newsbite-record.md` in
//! the shared folder): a collection line (`NewsBite`), the headline, the standfirst, then
//! paragraphs separated by empty lines, with the site's clutter mixed in: photo captions saved
//! twice on consecutive lines, captions that repeat a body paragraph plus a photo credit,
//! subheadings and "read more" teasers, and an `Original URL:` line at the end.
//!
//! A plain-text article (a headline line, an empty line, then paragraphs, as datasets such as
//! BBC News Summary and PolNeAR store them) is the same layout without the collection line and
//! the URL; it is read the same way, except that its first paragraph stays body text (such
//! files do not set a standfirst apart).
//!
//! Reading goes in three steps, each a plain function: [`lines`] cleans the text into numbered
//! lines; `groups` cuts them into runs of non-empty lines; `classify` gives every group its
//! role. Nothing is dropped silently: a repeated paragraph, a caption whose text is also a body
//! paragraph, or a missing URL line each leave a [`Warning`].

use std::collections::HashSet;

use newsbite_model::{Article, Block};
use newsbite_text::{ends_like_sentence, normalize};

use crate::{dates, decode, language, site, ReadError, Reading, Warning};

/// The largest record accepted, in bytes. Real records are a few tens of kilobytes.
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// The collection line that marks a NewsBite record.
const COLLECTION: &str = "NewsBite";

/// Reads a record (or plain-text article) from its bytes.
pub fn read(bytes: &[u8]) -> Result<Reading, ReadError> {
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(ReadError::TooLarge { size: bytes.len(), limit: MAX_RECORD_BYTES });
    }
    let text = decode::text(bytes)?;
    read_str(&text)
}

/// Reads a record (or plain-text article) from text already decoded.
pub fn read_str(text: &str) -> Result<Reading, ReadError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim_matches(newsbite_text::is_space).is_empty() {
        return Err(ReadError::Empty);
    }
    let mut groups = groups(lines(text));
    let mut warnings = Vec::new();

    let url = take_url(&mut groups, &mut warnings);
    let collection = take_collection(&mut groups);
    if collection.is_some() && url.is_none() {
        warnings.push(Warning::general(
            "the record has no `Original URL:` line; its URL and publisher are unknown",
        ));
    }
    let mut rest = groups.into_iter();
    let headline_group = rest.next().ok_or(ReadError::NoHeadline)?;
    let headline = headline_text(&headline_group);
    if headline.is_empty() {
        return Err(ReadError::NoHeadline);
    }

    let mut article = Article::new(headline);
    article.publisher = url.as_deref().and_then(site::publisher);
    article.published = url.as_deref().and_then(dates::from_url);
    article.url = url;
    article.collection = collection;

    let mut body: Vec<Group> = rest.collect();
    if article.collection.is_some() && body.first().is_some_and(is_standfirst) {
        article.standfirst = Some(body.remove(0).lines[0].text.clone());
    }
    article.blocks = classify(body, &mut warnings);
    article.language = detect_language(&article);
    Ok(Reading { article, warnings })
}

/// One line of the input, cleaned: line ends, trailing white space and inner runs of white space
/// folded, Unicode NFC. `number` is the 1-based line number in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the input.
    pub number: usize,
    /// The cleaned text; empty for a blank line.
    pub text: String,
}

/// Cuts text into cleaned, numbered lines. `\r\n`, `\n` and a lone `\r` all end a line.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut number = 1;
    loop {
        let (line, next) = match rest.find(['\n', '\r']) {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..i], Some(&rest[i + skip..]))
            }
            None => (rest, None),
        };
        out.push(Line { number, text: normalize(line) });
        number += 1;
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
    out
}

/// A run of non-empty lines between empty ones.
#[derive(Debug, Clone)]
struct Group {
    lines: Vec<Line>,
}

impl Group {
    /// Whether the group is one line saved several times over (a scraped photo caption).
    fn is_repeated_line(&self) -> bool {
        self.lines.len() > 1 && self.lines.iter().all(|l| l.text == self.lines[0].text)
    }
}

fn groups(lines: Vec<Line>) -> Vec<Group> {
    let mut out = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    for line in lines {
        if line.text.is_empty() {
            if !current.is_empty() {
                out.push(Group { lines: std::mem::take(&mut current) });
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(Group { lines: current });
    }
    out
}

/// Takes the `Original URL:` line out of the groups, wherever it stands (it is normally the last
/// line). With several, the last one wins.
fn take_url(groups: &mut Vec<Group>, warnings: &mut Vec<Warning>) -> Option<String> {
    let mut found = None;
    for group in groups.iter_mut() {
        group.lines.retain(|line| match url_line(&line.text) {
            Some(url) => {
                if site::is_web_url(url) {
                    found = Some(url.to_string());
                } else {
                    warnings.push(Warning::at(
                        line.number,
                        format!("ignored a source line with no web URL: {url:?}"),
                    ));
                }
                false
            }
            None => true,
        });
    }
    groups.retain(|g| !g.lines.is_empty());
    found
}

fn url_line(line: &str) -> Option<&str> {
    let (label, rest) = line.split_once(':')?;
    let label = label.trim();
    let is_label = ["original url", "source url", "url"].iter().any(|l| label.eq_ignore_ascii_case(l));
    is_label.then(|| rest.trim())
}

/// Takes the collection line: the first group, when it is the single line `NewsBite` (in any
/// case) and more text follows. Any other first line is a headline, even a one-word one:
/// guessing at other collection names would eat one-word headlines.
fn take_collection(groups: &mut Vec<Group>) -> Option<String> {
    let first = groups.first()?;
    let is_collection = first.lines.len() == 1 && first.lines[0].text.eq_ignore_ascii_case(COLLECTION);
    (is_collection && groups.len() >= 2).then(|| groups.remove(0).lines.remove(0).text)
}

/// The headline from its group: one line, or several that repeat or wrap.
fn headline_text(group: &Group) -> String {
    if group.is_repeated_line() {
        return group.lines[0].text.clone();
    }
    join_wrapped(&group.lines).into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" ")
}

/// Whether the group after the headline is a standfirst: one line of prose that is not a caption,
/// a teaser or a heading.
fn is_standfirst(group: &Group) -> bool {
    group.lines.len() == 1 && {
        let text = &group.lines[0].text;
        ends_like_sentence(text) && split_credit(text).1.is_none() && !is_teaser(text)
    }
}

/// Gives each body group its role, in order.
fn classify(body: Vec<Group>, warnings: &mut Vec<Warning>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraphs_seen: HashSet<String> = HashSet::new();
    for group in body {
        if group.is_repeated_line() {
            let (text, credit) = split_credit(&group.lines[0].text);
            blocks
                .push(Block::Caption { text: text.to_string(), credit: credit.map(|c| c.name.to_string()) });
            continue;
        }
        if let Some(block) = list_block(&group) {
            blocks.push(block);
            continue;
        }
        if let Some(block) = caption_with_credit_line(&group) {
            blocks.push(block);
            continue;
        }
        for (number, text) in join_wrapped(&group.lines) {
            let block = classify_line(text, &paragraphs_seen);
            if let Block::Paragraph { text } = &block {
                if !paragraphs_seen.insert(text.clone()) {
                    warnings.push(Warning::at(
                        number,
                        "dropped a paragraph that repeats an earlier one word for word",
                    ));
                    continue;
                }
            }
            if let Block::Caption { text, .. } = &block {
                if paragraphs_seen.contains(text) {
                    warnings.push(Warning::at(
                        number,
                        "read a line that repeats a body paragraph plus a photo credit as a caption",
                    ));
                }
            }
            blocks.push(block);
        }
    }
    blocks
}

/// The role of a single line of body text.
fn classify_line(text: String, paragraphs_seen: &HashSet<String>) -> Block {
    if is_teaser(&text) {
        return Block::Teaser { text };
    }
    let (caption, credit) = split_credit(&text);
    if let Some(credit) = credit {
        let strong = credit.strength == Strength::Strong;
        if strong || paragraphs_seen.contains(caption) {
            return Block::Caption { text: caption.to_string(), credit: Some(credit.name.to_string()) };
        }
    }
    if is_heading(&text) {
        return Block::Heading { text, level: 2 };
    }
    Block::Paragraph { text }
}

/// Joins lines that a tool wrapped mid-sentence (a line that does not end a sentence, followed by
/// one that starts in lower case) and keeps other lines apart. Gives each result with the number
/// of its first line.
fn join_wrapped(lines: &[Line]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for line in lines {
        let continues = line.text.chars().next().is_some_and(|c| c.is_lowercase());
        match out.last_mut() {
            Some((_, text)) if open && continues => {
                text.push(' ');
                text.push_str(&line.text);
            }
            _ => out.push((line.number, line.text.clone())),
        }
        open = out.last().is_some_and(|(_, t)| !ends_like_sentence(t) && !t.ends_with(':'));
    }
    out
}

/// A group whose every line starts with a bullet (`•`, `-`, `*`, `–`) or a number (`1.`, `2)`)
/// is a list. Numbered lines make an ordered list only when they count up from 1, since a
/// list block keeps no numbers of its own: "0. a / 0. b" or "3. x / 7. y" stay text.
fn list_block(group: &Group) -> Option<Block> {
    if group.lines.len() < 2 {
        return None;
    }
    let marked: Option<Vec<(Option<u32>, &str)>> = group.lines.iter().map(|l| list_item(&l.text)).collect();
    let marked = marked?;
    let ordered = marked[0].0.is_some();
    if ordered {
        let counts_up = marked.iter().zip(1u32..).all(|((number, _), expected)| *number == Some(expected));
        if !counts_up {
            return None;
        }
    } else if marked.iter().any(|(number, _)| number.is_some()) {
        return None;
    }
    Some(Block::List { ordered, items: marked.into_iter().map(|(_, t)| t.to_string()).collect() })
}

/// A list item's text and its number, if it is numbered.
fn list_item(line: &str) -> Option<(Option<u32>, &str)> {
    for bullet in ["• ", "- ", "* ", "– ", "· ", "▪ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((None, rest.trim_start()));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let (number, rest) = line.split_at(digits);
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((number.parse().ok(), item.trim_start()));
        }
    }
    None
}

/// A caption on one or more lines whose last line is only a credit (`Picture: Ed Jones/AFP`).
fn caption_with_credit_line(group: &Group) -> Option<Block> {
    let (last, before) = group.lines.split_last()?;
    if before.is_empty() {
        return None;
    }
    let credit = bare_credit(&last.text)?;
    let text = join_wrapped(before).into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" ");
    Some(Block::Caption { text, credit: Some(credit.to_string()) })
}

/// How sure a credit marker is to mean a photo credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// `Picture:`, `Photo:`, `(Photo by …)`: only ever a photo credit.
    Strong,
    /// `Source:`, `Credit:`: also used in body text for other things.
    Weak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Credit<'a> {
    name: &'a str,
    strength: Strength,
}

/// Credit markers: what comes after them, to the end of the line, is a credit.
const MARKERS: &[(&str, Strength)] = &[
    ("Picture:", Strength::Strong),
    ("Pictures:", Strength::Strong),
    ("Pic:", Strength::Strong),
    ("Photo:", Strength::Strong),
    ("Photos:", Strength::Strong),
    ("Photograph:", Strength::Strong),
    ("Photo credit:", Strength::Strong),
    ("Image:", Strength::Strong),
    ("Images:", Strength::Strong),
    ("Source:", Strength::Weak),
    ("Credit:", Strength::Weak),
];

/// Markers that open a bracketed credit at the end of a line: `(Photo by A / POOL / AFP)`.
const BRACKETED: &[(&str, Strength)] = &[
    ("Photo by", Strength::Strong),
    ("Photos by", Strength::Strong),
    ("Picture by", Strength::Strong),
    ("Image by", Strength::Strong),
    ("Photograph by", Strength::Strong),
    ("Photo:", Strength::Strong),
    ("Picture:", Strength::Strong),
    ("Image:", Strength::Strong),
    ("Photo credit:", Strength::Strong),
    ("Source:", Strength::Weak),
    ("Credit:", Strength::Weak),
];

/// The longest credit accepted, in characters; a longer "credit" is a sentence.
const MAX_CREDIT_CHARS: usize = 100;

/// Splits a caption's credit off its end. Gives the caption text (trimmed) and the credit, if
/// the line ends with one; otherwise the whole line and `None`.
fn split_credit(line: &str) -> (&str, Option<Credit<'_>>) {
    // Every credit form has a colon or ends in a bracket: most lines can be passed at once.
    if !line.contains(':') && !line.ends_with(')') {
        return (line, None);
    }
    if let Some(found) = bracketed_credit(line) {
        return found;
    }
    // The last marker in the line that follows a space and leaves some caption before it.
    let mut best: Option<(usize, usize, Strength)> = None;
    for &(marker, strength) in MARKERS {
        for (at, _) in line.match_indices(marker) {
            let preceded = at > 0 && line[..at].ends_with(' ');
            if preceded && best.is_none_or(|(b, _, _)| at > b) {
                best = Some((at, marker.len(), strength));
            }
        }
    }
    let Some((at, len, strength)) = best else { return (line, None) };
    let caption = line[..at].trim_end();
    let name = line[at + len..].trim();
    // A weak marker must follow a finished sentence: "… in 2023. Source: ABS".
    let fits = credit_name_fits(name) && (strength == Strength::Strong || ends_like_sentence(caption));
    if fits && !caption.is_empty() {
        (caption, Some(Credit { name, strength }))
    } else {
        (line, None)
    }
}

fn bracketed_credit(line: &str) -> Option<(&str, Option<Credit<'_>>)> {
    let inner_end = line.strip_suffix(')')?.len();
    let open = line[..inner_end].rfind('(')?;
    let inner = line[open + 1..inner_end].trim();
    let (name, strength) = BRACKETED.iter().find_map(|&(marker, strength)| {
        let head = inner.get(..marker.len())?;
        head.eq_ignore_ascii_case(marker).then(|| (inner[marker.len()..].trim(), strength))
    })?;
    let caption = line[..open].trim_end();
    (credit_name_fits(name) && !caption.is_empty()).then_some((caption, Some(Credit { name, strength })))
}

fn credit_name_fits(name: &str) -> bool {
    !name.is_empty() && name.chars().count() <= MAX_CREDIT_CHARS && !name.contains(". ")
}

/// A line that is only a credit (`Picture: Ed Jones/AFP`, `(Photo by AFP)`): the credit.
fn bare_credit(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')).unwrap_or(line);
    MARKERS.iter().chain(BRACKETED).find_map(|&(marker, _)| {
        let head = inner.get(..marker.len())?;
        let name = inner[marker.len()..].trim();
        (head.eq_ignore_ascii_case(marker) && credit_name_fits(name)).then_some(name)
    })
}

/// Lead-ins of record lines that are prompts rather than reporting, besides the teasers both
/// readers know ([`crate::furniture::TEASER_PREFIXES`]).
const RECORD_PROMPTS: &[&str] = &["sign up", "subscribe to", "follow us", "join the conversation"];

/// Whether a line is a teaser: it starts with a "read more"-style lead-in, or is only a URL.
fn is_teaser(line: &str) -> bool {
    let head = &line.as_bytes()[..line.len().min(24)];
    let starts_with = |prefix: &str| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    crate::furniture::starts_like_teaser(line)
        || RECORD_PROMPTS.iter().any(|p| starts_with(p))
        || (starts_with("http") && site::is_web_url(line))
}

/// The longest heading accepted, in words.
const MAX_HEADING_WORDS: usize = 20;

/// Whether a line is a subheading: short, not ending like a sentence, starting like a title
/// (a capital letter, a digit or an opening quote), and not a lead-in that ends in `:` or `,`.
fn is_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let starts_like_title = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '‘' | '“' | '"' | '\''));
    words <= MAX_HEADING_WORDS
        && starts_like_title
        && !ends_like_sentence(line)
        && !line.ends_with([':', ',', ';'])
}

/// Enough text for a reliable guess; detection costs time in proportion to the sample.
const LANGUAGE_SAMPLE_BYTES: usize = 600;

fn detect_language(article: &Article) -> Option<String> {
    let mut sample = article.headline.clone();
    for text in article.standfirst.iter().map(String::as_str).chain(article.paragraphs()) {
        if sample.len() > LANGUAGE_SAMPLE_BYTES {
            break;
        }
        sample.push('\n');
        sample.push_str(text);
    }
    language::detect(&sample).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_ok(text: &str) -> Reading {
        read_str(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn splits_credits() {
        let (t, c) = split_credit("Troops at the border. Picture: Ed Jones/AFP");
        assert_eq!((t, c.map(|c| c.name)), ("Troops at the border.", Some("Ed Jones/AFP")));
        let (t, c) = split_credit("Putin in Moscow. (Photo by Aleksey Babushkin / POOL / AFP)");
        assert_eq!((t, c.map(|c| c.name)), ("Putin in Moscow.", Some("Aleksey Babushkin / POOL / AFP")));
        let (t, c) = split_credit("Kim and Putin Photo: Supplied");
        assert_eq!((t, c.map(|c| c.name)), ("Kim and Putin", Some("Supplied")));
        let (t, c) = split_credit("Rates rose again in 2023. Source: ABS");
        assert_eq!(
            (t, c.map(|c| (c.name, c.strength))),
            ("Rates rose again in 2023.", Some(("ABS", Strength::Weak)))
        );
    }

    #[test]
    fn does_not_split_what_is_not_a_credit() {
        let line = "The source: a report that nobody has seen. It says more.";
        assert_eq!(split_credit(line), (line, None));
        let line = "Source: the minister, speaking on Monday";
        assert_eq!(split_credit(line), (line, None), "a marker at the start leaves no caption");
        let line = "He named his Source: the mayor of the town";
        assert_eq!(split_credit(line), (line, None), "a weak marker must follow a finished sentence");
        let line = "She said (Photo by Jane) was her favourite show.";
        assert_eq!(split_credit(line), (line, None));
    }

    #[test]
    fn bare_credit_lines() {
        assert_eq!(bare_credit("Picture: Ed Jones/AFP"), Some("Ed Jones/AFP"));
        assert_eq!(bare_credit("(Photo by Jane Roe / Reuters)"), Some("Jane Roe / Reuters"));
        assert_eq!(bare_credit("Pictures are worth a thousand words."), None);
    }

    #[test]
    fn headings_and_teasers() {
        assert!(is_heading("‘Breakthrough’: Putin, Kim’s strengthening ties"));
        assert!(is_heading("What happens next"));
        assert!(!is_heading("He said it was over."));
        assert!(!is_heading("these are the ones that matter"));
        assert!(!is_heading("The options are:"));
        assert!(is_teaser("READ MORE: Kim’s army in numbers"));
        assert!(is_teaser("Read the rest here."));
        assert!(is_teaser("https://example.com/another-story"));
        assert!(!is_teaser("Readers were more alarmed than ever."));
    }

    #[test]
    fn lines_tolerate_every_line_end() {
        let l = lines("a\r\nb\rc\n\n d  \u{00A0}\n");
        let texts: Vec<_> = l.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(texts, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d"), (6, "")]);
    }

    #[test]
    fn joins_wrapped_lines_only() {
        let l = lines("The troops had not yet\nentered battle.\nA new line starts here.");
        let joined: Vec<_> = join_wrapped(&l);
        assert_eq!(
            joined,
            [
                (1, "The troops had not yet entered battle.".to_string()),
                (3, "A new line starts here.".to_string())
            ]
        );
    }

    #[test]
    fn reads_a_minimal_record() {
        let r = read_ok("NewsBite\n\nA headline\n\nThe standfirst sums it up.\n\nBody one.\n\nOriginal URL: https://www.example.co.uk/news/2024/11/26/a-story");
        let a = &r.article;
        assert_eq!(a.collection.as_deref(), Some("NewsBite"));
        assert_eq!(a.headline, "A headline");
        assert_eq!(a.standfirst.as_deref(), Some("The standfirst sums it up."));
        assert_eq!(a.paragraphs().collect::<Vec<_>>(), ["Body one."]);
        assert_eq!(a.publisher.as_deref(), Some("example.co.uk"));
        let published = a.published.as_ref().unwrap();
        assert_eq!(published.at.to_rfc3339(), "2024-11-26T00:00:00+00:00");
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn plain_text_articles_keep_their_first_paragraph_as_body() {
        let r = read_ok(
            "Ad sales boost profit\n\nQuarterly profits jumped 76%.\n\nThe firm benefited from sales.\n",
        );
        let a = &r.article;
        assert_eq!(a.collection, None);
        assert_eq!(a.headline, "Ad sales boost profit");
        assert_eq!(a.standfirst, None);
        assert_eq!(a.paragraphs().count(), 2);
        assert_eq!(a.url, None);
    }

    #[test]
    fn folds_repeated_captions_and_keeps_the_body_paragraph() {
        let text = "NewsBite\n\nH\n\nStandfirst here.\n\nPutin is reluctant.\n\nPutin is reluctant. (Photo by A B / POOL / AFP)\nPutin is reluctant. (Photo by A B / POOL / AFP)\n\nEnd.\n";
        let a = read_ok(text).article;
        assert_eq!(
            a.blocks,
            [
                Block::Paragraph { text: "Putin is reluctant.".into() },
                Block::Caption {
                    text: "Putin is reluctant.".into(),
                    credit: Some("A B / POOL / AFP".into())
                },
                Block::Paragraph { text: "End.".into() },
            ]
        );
    }

    #[test]
    fn a_single_line_repeating_a_paragraph_with_a_weak_credit_is_a_caption() {
        let text = "H\n\nRates rose in 2023.\n\nRates rose in 2023. Source: ABS\n\nNext.";
        let r = read_ok(text);
        assert_eq!(r.article.captions().collect::<Vec<_>>(), [("Rates rose in 2023.", Some("ABS"))]);
        assert_eq!(r.article.paragraphs().collect::<Vec<_>>(), ["Rates rose in 2023.", "Next."]);
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn numbered_lines_are_a_list_only_when_they_count_up_from_one() {
        let list = read_ok("H\n\nSteps:\n\n1. Ask\n2. Check\n3. Print");
        let lists: Vec<_> =
            list.article.blocks.iter().filter(|b| matches!(b, Block::List { ordered: true, .. })).collect();
        assert_eq!(lists.len(), 1, "{:?}", list.article.blocks);
        for text in ["H\n\nIntro.\n\n0. a\n0. b", "H\n\nIntro.\n\n3. x\n7. y", "H\n\nIntro.\n\n1. x\n- y"] {
            let r = read_ok(text);
            assert!(
                !r.article.blocks.iter().any(|b| matches!(b, Block::List { .. })),
                "{text:?}: {:?}",
                r.article.blocks
            );
            let json = serde_json::to_string(&r.article).unwrap();
            for number in text.lines().filter_map(|l| l.split_once(". ")).map(|(n, _)| n) {
                assert!(json.contains(number), "{text:?} lost {number:?}");
            }
        }
    }

    #[test]
    fn errors_name_the_reason() {
        assert_eq!(read_str(""), Err(ReadError::Empty));
        assert_eq!(read_str(" \n\u{FEFF}\n\t"), Err(ReadError::Empty));
        assert_eq!(read_str("Original URL: https://example.com/a"), Err(ReadError::NoHeadline));
        assert!(matches!(read(b"\x89PNG\r\n"), Err(ReadError::Binary { .. })));
        assert_eq!(read(b"NewsBite\n\nHead\xC3line"), Err(ReadError::NotUtf8 { line: 3, column: 5 }));
    }

    #[test]
    fn warns_about_a_url_line_that_is_not_a_url() {
        let r = read_ok("NewsBite\n\nHeadline\n\nBody.\n\nOriginal URL: see above");
        assert_eq!(r.article.url, None);
        let lines: Vec<_> = r.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(7), None], "the bad line, then the missing URL: {:?}", r.warnings);
    }
}
