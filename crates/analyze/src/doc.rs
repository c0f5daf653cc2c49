//! The article cut once into parts and sentences, for every analysis to share.

use std::borrow::Cow;

use newsbite_model::{Article, Block, Part, Span};
use newsbite_text::Sentence;

/// What role a part plays in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The headline.
    Headline,
    /// The standfirst under the headline.
    Standfirst,
    /// Body text: a paragraph, list, block quote or table.
    Body,
    /// A subheading.
    Heading,
    /// A caption of a picture.
    Caption,
    /// A "read more" teaser.
    Teaser,
}

/// One part of the article with its sentences.
#[derive(Debug, Clone)]
pub struct DocPart<'a> {
    /// Which part.
    pub part: Part,
    /// Its role.
    pub role: Role,
    /// Its text.
    pub text: Cow<'a, str>,
    /// Its sentences, as byte ranges of `text`.
    pub sentences: Vec<(usize, usize)>,
}

impl DocPart<'_> {
    /// The sentences of the part.
    pub fn sentences(&self) -> impl Iterator<Item = Sentence<'_>> {
        self.sentences.iter().map(|&(start, end)| Sentence { start, end, text: &self.text[start..end] })
    }

    /// A span of this part.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span { part: self.part, start, end }
    }
}

/// An article cut into parts (headline, standfirst, blocks), each with its sentences.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its parts in reading order: headline, standfirst (when there is one), then every block.
    pub parts: Vec<DocPart<'a>>,
}

impl<'a> Doc<'a> {
    /// Cuts an article into parts and sentences.
    pub fn new(article: &'a Article) -> Self {
        let mut parts = Vec::with_capacity(article.blocks.len() + 2);
        parts.push(part(Part::Headline, Role::Headline, article.headline.as_str().into()));
        if let Some(s) = &article.standfirst {
            parts.push(part(Part::Standfirst, Role::Standfirst, s.as_str().into()));
        }
        for (i, block) in article.blocks.iter().enumerate() {
            let role = match block {
                Block::Heading { .. } => Role::Heading,
                Block::Caption { .. } => Role::Caption,
                Block::Teaser { .. } => Role::Teaser,
                _ => Role::Body,
            };
            parts.push(part(Part::Block(i), role, block.text_cow()));
        }
        Doc { article, parts }
    }

    /// The parts whose text the reporter wrote as prose: the standfirst and the body.
    pub fn prose(&self) -> impl Iterator<Item = &DocPart<'a>> {
        self.parts.iter().filter(|p| matches!(p.role, Role::Standfirst | Role::Body))
    }
}

fn part(part: Part, role: Role, text: Cow<'_, str>) -> DocPart<'_> {
    let sentences = match role {
        // A headline, heading or teaser is one unit, whatever punctuation it holds.
        Role::Headline | Role::Heading | Role::Teaser => vec![(0, text.len())],
        _ => newsbite_text::sentences(&text).iter().map(|s| (s.start, s.end)).collect(),
    };
    DocPart { part, role, text, sentences }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_in_reading_order_with_sentences() {
        let mut a = Article::new("Head line");
        a.standfirst = Some("Stand first. Second.".into());
        a.blocks = vec![
            Block::Heading { text: "Sub. Heading".into(), level: 2 },
            Block::Paragraph { text: "Mr Rutte spoke. He left.".into() },
        ];
        let doc = Doc::new(&a);
        let roles: Vec<_> = doc.parts.iter().map(|p| p.role).collect();
        assert_eq!(roles, [Role::Headline, Role::Standfirst, Role::Heading, Role::Body]);
        assert_eq!(doc.parts[1].sentences().count(), 2);
        assert_eq!(doc.parts[2].sentences().count(), 1, "a heading is one unit");
        let last: Vec<_> = doc.parts[3].sentences().map(|s| s.text).collect();
        assert_eq!(last, ["Mr Rutte spoke.", "He left."]);
        assert_eq!(doc.prose().count(), 2);
        let span = doc.parts[3].span(0, 8);
        assert_eq!(span.text(&a).as_deref(), Some("Mr Rutte"));
    }
}
