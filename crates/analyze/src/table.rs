//! Constant word tables with a hash index built at compile time.
//!
//! Entities, quotes and figures ask, for most words of an article, whether a hand-written table
//! holds it (a place, a cue, a determiner, a number word). A binary search costs a dozen string
//! comparisons; a hash map would have to be built at run time and kept somewhere. A [`Table`]
//! is a `const`: its filter and its hash index are computed by the compiler from the words, so
//! a look-up costs a few operations for most words and one comparison for the others, and
//! nothing is built at start-up or held globally.

/// A constant table (words, or words with what they stand for), looked up by a hash index that
/// is built at compile time with the table: nothing is made at start-up, nothing is global.
///
/// Most words of a text are in no table, so a filter rules most of them out before any hashing:
/// for each first byte and for each last byte (their low seven bits), the lengths of the table's
/// words that start or end with it, as bits (lengths of 63 bytes and more share the last bit).
/// A word that passes is hashed (FNV-1a) into [`SLOTS`] slots, with linear probing, and compared
/// with the one entry (or the few) found there. The tables are also kept sorted, which a test
/// checks, so that each word is there once.
#[derive(Debug)]
pub(crate) struct Table<T: 'static> {
    entries: &'static [T],
    firsts: [u64; 128],
    lasts: [u64; 128],
    /// For each hash slot, the index of the entry in it plus one (0: empty).
    slots: [u16; SLOTS],
}

/// Hash slots per table: a power of two, at least twice the entries of the largest table.
const SLOTS: usize = 1024;

/// A word's first and last byte (low seven bits) and the bit of its length.
const fn shape(word: &[u8]) -> (usize, usize, u64) {
    let len = if word.len() < 63 { word.len() } else { 63 };
    if word.is_empty() {
        return (0, 0, 1);
    }
    ((word[0] & 0x7f) as usize, (word[word.len() - 1] & 0x7f) as usize, 1 << len)
}

/// The first hash slot of a word (FNV-1a).
const fn slot_of(word: &[u8]) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < word.len() {
        h ^= word[i] as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    h as usize & (SLOTS - 1)
}

/// The filter and the hash slots, built as entries are added.
struct Index {
    firsts: [u64; 128],
    lasts: [u64; 128],
    slots: [u16; SLOTS],
}

impl Index {
    const fn new(entries: usize) -> Self {
        assert!(entries * 2 <= SLOTS, "a table has more entries than its hash index holds");
        Index { firsts: [0; 128], lasts: [0; 128], slots: [0; SLOTS] }
    }

    /// Adds entry `i`, the word `word`.
    const fn add(&mut self, i: usize, word: &[u8]) {
        let (first, last, bit) = shape(word);
        self.firsts[first] |= bit;
        self.lasts[last] |= bit;
        let mut slot = slot_of(word);
        while self.slots[slot] != 0 {
            slot = (slot + 1) & (SLOTS - 1);
        }
        self.slots[slot] = i as u16 + 1;
    }
}

impl Table<&'static str> {
    /// A table of words (sorted; a test checks each table).
    pub(crate) const fn words(entries: &'static [&'static str]) -> Self {
        let mut index = Index::new(entries.len());
        let mut i = 0;
        while i < entries.len() {
            index.add(i, entries[i].as_bytes());
            i += 1;
        }
        Table { entries, firsts: index.firsts, lasts: index.lasts, slots: index.slots }
    }
}

impl<V: 'static> Table<(&'static str, V)> {
    /// A table of words with a value each (sorted by word; a test checks each table).
    pub(crate) const fn pairs(entries: &'static [(&'static str, V)]) -> Self {
        let mut index = Index::new(entries.len());
        let mut i = 0;
        while i < entries.len() {
            index.add(i, entries[i].0.as_bytes());
            i += 1;
        }
        Table { entries, firsts: index.firsts, lasts: index.lasts, slots: index.slots }
    }

    /// Where the table holds a word.
    pub(crate) fn position(&self, word: &str) -> Option<usize> {
        self.find(word.as_bytes(), |(key, _)| key)
    }

    /// Where the table holds a word given as its bytes (UTF-8 or not: only equal bytes match).
    pub(crate) fn position_of_bytes(&self, word: &[u8]) -> Option<usize> {
        self.find(word, |(key, _)| key)
    }
}

impl<T> Table<T> {
    /// The index of the entry whose word (`key` of the entry) is `word`.
    fn find(&self, word: &[u8], key: impl Fn(&T) -> &str) -> Option<usize> {
        let (first, last, bit) = shape(word);
        if self.firsts[first] & self.lasts[last] & bit == 0 {
            return None;
        }
        let mut slot = slot_of(word);
        loop {
            let i = usize::from(self.slots[slot]).checked_sub(1)?;
            if key(&self.entries[i]).as_bytes() == word {
                return Some(i);
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
    }
}

impl<T> std::ops::Deref for Table<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.entries
    }
}

/// Whether a table holds a word.
pub(crate) fn in_table(table: &Table<&str>, word: &str) -> bool {
    table.find(word.as_bytes(), |w| w).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_find_their_words_and_no_other() {
        const T: &Table<&str> = &Table::words(&["a", "dozen", "said", "says", "the", "told"]);
        for w in T.iter() {
            assert!(in_table(T, w), "{w}");
        }
        for w in ["", "A", "b", "sad", "sai", "saidx", "tell", "dozens", "thé"] {
            assert!(!in_table(T, w), "{w}");
        }
        const P: &Table<(&str, u8)> = &Table::pairs(&[("Kim", 1), ("Kyiv", 2), ("Putin", 3)]);
        assert_eq!([P.position("Kyiv"), P.position("Putin"), P.position("Kiev")], [Some(1), Some(2), None]);
    }
}
