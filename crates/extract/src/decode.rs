//! Bytes to text, refusing what is not text.

use std::borrow::Cow;

use crate::ReadError;

/// Signatures of binary formats people are likely to feed a text reader by mistake.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1F\x8B", "gzip-compressed data"),
    (b"\x7FELF", "an executable"),
    (b"SQLite format 3\0", "an SQLite database"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
];

/// What binary format the bytes start with, if they start like one of [`MAGIC`].
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, kind)| *kind)
}
/// Decodes an input as UTF-8 text: a UTF-8 byte-order mark is dropped, UTF-16 with a
/// byte-order mark is converted, binary data and invalid UTF-8 are refused.
pub(crate) fn text(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes).map(Cow::Owned);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(ReadError::Binary { kind });
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    if bytes.contains(&0) {
        return Err(ReadError::Binary { kind: "it holds NUL bytes" });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
            let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            Err(ReadError::NotUtf8 { line, column: e.valid_up_to() - line_start + 1 })
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ReadError> {
    let units = bytes.chunks(2).map(|c| unit([c[0], *c.get(1).unwrap_or(&0)]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| ReadError::Binary { kind: "broken UTF-16" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_a_bom_and_borrows() {
        assert!(matches!(text(b"\xEF\xBB\xBFabc"), Ok(Cow::Borrowed("abc"))));
    }

    #[test]
    fn converts_utf16_with_bom() {
        let le: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i', 0].to_vec();
        assert_eq!(text(&le).unwrap(), "hi");
        let be: Vec<u8> = [0xFE, 0xFF, 0, b'h', 0, b'i'].to_vec();
        assert_eq!(text(&be).unwrap(), "hi");
    }

    #[test]
    fn names_binary_formats() {
        assert_eq!(text(b"\x89PNG\r\n\x1a\n"), Err(ReadError::Binary { kind: "a PNG image" }));
        assert!(matches!(text(b"abc\0def"), Err(ReadError::Binary { .. })));
    }

    #[test]
    fn locates_the_first_bad_byte() {
        assert_eq!(text(b"ok\nfine \xFF here"), Err(ReadError::NotUtf8 { line: 2, column: 6 }));
    }
}
