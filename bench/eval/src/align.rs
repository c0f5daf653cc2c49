//! Where an analysed article's text stands in the original file: the product's reader folds
//! white space (U+00A0, line breaks inside paragraphs) and composes accents, so each part of the
//! read article is aligned to the original text character by character. Spans that NewsBite
//! gives as byte ranges of a part become character ranges of the file, the offsets brat and
//! spaCy use.

use std::collections::HashMap;

use newsbite_model::{Article, Part};

/// A character range of the original text.
pub type Range = (usize, usize);

/// Whether two character ranges share a character.
pub fn overlaps(a: Range, b: Range) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The characters `a..b` of a text.
pub fn slice(text: &str, a: usize, b: usize) -> String {
    text.chars().skip(a).take(b.saturating_sub(a)).collect()
}

/// For each article part, the character offset in the original text of every byte offset of
/// the part's text (plus its end).
pub struct Map {
    parts: HashMap<Part, Vec<usize>>,
}

impl Map {
    pub fn range(&self, part: Part, start: usize, end: usize) -> Option<Range> {
        let m = self.parts.get(&part)?;
        // The end is where the next character stands, so that a decomposed accent the reader
        // composed stays inside the range.
        let a = *m.get(start)?;
        let b = *m.get(end)?;
        (end > start).then_some((a, b))
    }
}

pub fn align_article(article: &Article, text: &str) -> Option<Map> {
    let orig: Vec<char> = text.chars().collect();
    let mut parts = HashMap::new();
    let mut cursor = 0;
    let mut todo: Vec<(Part, String)> = vec![(Part::Headline, article.headline.clone())];
    if let Some(s) = &article.standfirst {
        todo.push((Part::Standfirst, s.clone()));
    }
    for (i, b) in article.blocks.iter().enumerate() {
        todo.push((Part::Block(i), b.text_cow().into_owned()));
    }
    for (part, t) in todo {
        // A headline read again as a paragraph aligns from the start.
        let from = if matches!(part, Part::Block(0)) && t == article.headline { 0 } else { cursor };
        match align(&t, &orig, from) {
            Some((m, end)) => {
                parts.insert(part, m);
                if from == cursor {
                    cursor = end;
                }
            }
            None if part == Part::Headline => {}
            None => return None,
        }
    }
    Some(Map { parts })
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Aligns a part's normalised text to the original characters from `from`. Gives the map of
/// byte offset → character offset and where the part ends in the original.
fn align(part: &str, orig: &[char], from: usize) -> Option<(Vec<usize>, usize)> {
    let first: Vec<char> = part.chars().take_while(|c| !is_space(*c)).take(12).collect();
    if first.is_empty() {
        return None;
    }
    // Candidate starts: where the first word appears.
    let mut start = from;
    'search: loop {
        while start < orig.len() && orig[start] != first[0] {
            start += 1;
        }
        if start >= orig.len() {
            return None;
        }
        if let Some(r) = align_at(part, orig, start) {
            return Some(r);
        }
        start += 1;
        if start >= orig.len() {
            break 'search;
        }
    }
    None
}

fn align_at(part: &str, orig: &[char], start: usize) -> Option<(Vec<usize>, usize)> {
    let mut map = vec![0usize; part.len() + 1];
    let mut o = start;
    for (b, c) in part.char_indices() {
        if is_space(c) {
            if o >= orig.len() || !is_space(orig[o]) {
                return None;
            }
            for slot in &mut map[b..b + c.len_utf8()] {
                *slot = o;
            }
            while o < orig.len() && is_space(orig[o]) {
                o += 1;
            }
            continue;
        }
        // Zero-width characters the reader dropped.
        while o < orig.len() && orig[o] != c && is_space(orig[o]) {
            o += 1;
        }
        if o >= orig.len() {
            return None;
        }
        let here = o;
        if orig[o] == c {
            o += 1;
            while o < orig.len() && is_combining(orig[o]) && !part[b + c.len_utf8()..].starts_with(orig[o]) {
                o += 1;
            }
        } else if !is_combining(c) && o + 1 < orig.len() && is_combining(orig[o + 1]) {
            // A decomposed accent composed by the reader.
            o += 1;
            while o < orig.len() && is_combining(orig[o]) {
                o += 1;
            }
        } else {
            return None;
        }
        for slot in &mut map[b..b + c.len_utf8()] {
            *slot = here;
        }
    }
    map[part.len()] = o;
    Some((map, o))
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsbite_model::Block;

    #[test]
    fn byte_spans_become_character_offsets_of_the_file() {
        // The reader folds the non-breaking space and the line break inside the paragraph, and
        // composes the decomposed `é`; offsets count characters of the original.
        let text = "Caf\u{0065}\u{0301} talks\n\nThe mayor,\u{00A0}Anna Berg, spoke\nat length.\n";
        let mut article = Article::new("Café talks");
        article.blocks = vec![Block::Paragraph { text: "The mayor, Anna Berg, spoke at length.".into() }];
        let map = align_article(&article, text).expect("aligned");
        let chars: Vec<char> = text.chars().collect();
        let at = |(a, b): Range| chars[a..b].iter().collect::<String>();
        let para = &article.blocks[0].text_cow().into_owned();
        let name = para.find("Anna Berg").unwrap();
        assert_eq!(at(map.range(Part::Block(0), name, name + "Anna Berg".len()).unwrap()), "Anna Berg");
        let spoke = para.find("spoke at").unwrap();
        assert_eq!(at(map.range(Part::Block(0), spoke, spoke + "spoke at".len()).unwrap()), "spoke\nat");
        assert_eq!(at(map.range(Part::Headline, 0, "Café".len()).unwrap()), "Cafe\u{0301}");
        assert!(map.range(Part::Block(1), 0, 1).is_none(), "no such part");
    }
}
