//! The content hash: what makes two articles "the same content".
//!
//! Two articles have the same content when their headline, standfirst and body text are equal
//! after normalisation: letters lower-cased, and every run of characters that are neither letters
//! nor digits (spaces, punctuation, quotation marks of any style) read as one space, with none at
//! the ends. So a report saved twice from different pages, with curly instead of straight quotes
//! or different line breaks, hashes the same; one word changed does not.
//!
//! The hash is 128-bit FNV-1a over the UTF-8 of the normalised text, written here (it needs no
//! dependency and streams over the text without building it). At 128 bits an accidental collision
//! is out of reach for any library size; FNV is not a cryptographic hash, so someone who could
//! write a report crafted to collide with another one before it is published could keep the
//! later one out of the store. That is accepted for a personal or newsroom library.

use newsbite_model::Article;

const FNV_OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const FNV_PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// The 128-bit content hash of an article, as 16 big-endian bytes.
pub fn content_hash(article: &Article) -> [u8; 16] {
    let mut h = Hasher::new();
    h.text(&article.headline);
    if let Some(s) = &article.standfirst {
        h.text(s);
    }
    for block in article.blocks.iter().filter(|b| b.is_body()) {
        h.text(&block.text_cow());
    }
    h.finish()
}

/// Whether the article has text beyond its headline. A headline alone does not show that two
/// reports are the same ("Live updates", "Morning briefing"), so such articles are not folded by
/// content when they have URLs of their own.
pub fn has_body(article: &Article) -> bool {
    article.standfirst.as_deref().is_some_and(|s| s.chars().any(char::is_alphanumeric))
        || article
            .blocks
            .iter()
            .filter(|b| b.is_body())
            .any(|b| b.text_cow().chars().any(char::is_alphanumeric))
}

/// Streams normalised text into FNV-1a.
struct Hasher {
    state: u128,
    /// A space is owed before the next word character (only once something has been hashed).
    pending_space: bool,
    started: bool,
}

impl Hasher {
    fn new() -> Self {
        Hasher { state: FNV_OFFSET, pending_space: false, started: false }
    }

    fn text(&mut self, text: &str) {
        // Parts are separated like words are.
        self.pending_space = self.started;
        for c in text.chars() {
            if c.is_ascii() {
                // Fast path for the common case: one byte, lower-cased without tables.
                if c.is_ascii_alphanumeric() {
                    if self.pending_space {
                        self.byte(b' ');
                        self.pending_space = false;
                    }
                    self.byte((c as u8).to_ascii_lowercase());
                    self.started = true;
                } else if self.started {
                    self.pending_space = true;
                }
            } else if c.is_alphanumeric() {
                if self.pending_space {
                    self.byte(b' ');
                    self.pending_space = false;
                }
                for lower in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &b in lower.encode_utf8(&mut buf).as_bytes() {
                        self.byte(b);
                    }
                }
                self.started = true;
            } else if self.started {
                self.pending_space = true;
            }
        }
    }

    fn byte(&mut self, b: u8) {
        self.state ^= u128::from(b);
        self.state = self.state.wrapping_mul(FNV_PRIME);
    }

    fn finish(self) -> [u8; 16] {
        self.state.to_be_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsbite_model::Block;

    fn article(headline: &str, paras: &[&str]) -> Article {
        let mut a = Article::new(headline);
        a.blocks = paras.iter().map(|p| Block::Paragraph { text: (*p).to_string() }).collect();
        a
    }

    #[test]
    fn spacing_case_and_punctuation_do_not_matter() {
        let a = article("Troops  Arrive", &["He said: \u{201c}No.\u{201d}", "Second one."]);
        let b = article("troops arrive", &["He said \"no\"", "second   one"]);
        assert_eq!(content_hash(&a), content_hash(&b));
    }

    #[test]
    fn a_changed_word_changes_the_hash() {
        let a = article("Troops arrive", &["He said no."]);
        let b = article("Troops arrive", &["He said yes."]);
        assert_ne!(content_hash(&a), content_hash(&b));
    }

    #[test]
    fn word_boundaries_across_parts_count() {
        let a = article("ab", &["c"]);
        let b = article("a", &["bc"]);
        assert_ne!(content_hash(&a), content_hash(&b));
    }

    #[test]
    fn furniture_is_not_content() {
        let a = article("H", &["Body."]);
        let mut b = a.clone();
        b.blocks.push(Block::Teaser { text: "READ MORE: elsewhere".into() });
        assert_eq!(content_hash(&a), content_hash(&b));
        assert!(has_body(&a));
        assert!(!has_body(&article("H", &[" ... "])));
    }
}
