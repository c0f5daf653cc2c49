//! Bytes of a web page to text.
//!
//! The order of trust: a byte-order mark, then the page's own `<meta charset>` (or
//! `http-equiv="Content-Type"`), then UTF-8 when the bytes are valid UTF-8, then windows-1252
//! (what browsers fall back to for Western pages). One lie is common enough to check for: a page
//! that is really UTF-8 but is labelled latin-1 or windows-1252. When the bytes are valid UTF-8
//! and hold multibyte sequences, a single-byte label is not believed, so the text does not come
//! out as mojibake (`â€™` for `’`).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::ReadError;

/// How far into a page to look for a `<meta charset>`. Browsers look at the first 1024 bytes;
/// real pages put it later often enough (after long comments or scripts) to look further.
const PRESCAN_BYTES: usize = 8 * 1024;

/// The page decoded.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// Set when the declared charset was not believed (a UTF-8 page labelled otherwise).
    pub overrode: Option<&'static Encoding>,
}

/// Decodes a page, refusing what is plainly not text.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, ReadError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = encoding.decode_without_bom_handling(rest);
        return Ok(Decoded { text, overrode: None });
    }
    if let Some(kind) = crate::decode::binary_kind(bytes) {
        return Err(ReadError::Binary { kind });
    }
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    if looks_binary(head) {
        return Err(ReadError::Binary { kind: "it holds NUL or control bytes" });
    }
    let declared = declared_charset(head);
    let utf8 = std::str::from_utf8(bytes).ok();
    // A label a browser would treat as UTF-16 on a page without a BOM means UTF-8 (WHATWG).
    let declared =
        declared.map(|e| if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE { UTF_8 } else { e });
    match (declared, utf8) {
        (Some(enc), Some(text)) if enc != UTF_8 && enc.is_ascii_compatible() => {
            if text.is_ascii() {
                Ok(Decoded { text: Cow::Borrowed(text), overrode: None })
            } else {
                // Valid UTF-8 with multibyte sequences: the label lies.
                Ok(Decoded { text: Cow::Borrowed(text), overrode: Some(enc) })
            }
        }
        (Some(enc), _) => {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            Ok(Decoded { text, overrode: None })
        }
        (None, Some(text)) => Ok(Decoded { text: Cow::Borrowed(text), overrode: None }),
        (None, None) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok(Decoded { text, overrode: None })
        }
    }
}

/// Whether the start of the input is binary: NUL bytes, or many control bytes that text never
/// holds.
fn looks_binary(head: &[u8]) -> bool {
    let controls =
        head.iter().filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))).count();
    head.contains(&0) && controls * 50 > head.len() || controls * 10 > head.len()
}

/// The charset a page declares in its first bytes: `<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`.
pub(crate) fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while let Some(off) = find_ci(&head[i..], b"<meta") {
        let start = i + off + 5;
        let end = head[start..].iter().position(|&b| b == b'>').map_or(head.len(), |p| start + p);
        let tag = &head[start..end];
        if let Some(at) = find_ci(tag, b"charset") {
            let rest = &tag[at + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    return Some(enc);
                }
            }
        }
        i = end.max(start);
        if i >= head.len() {
            break;
        }
    }
    None
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_declared_charsets() {
        assert_eq!(declared_charset(b"<head><meta charset=\"utf-8\">"), Some(UTF_8));
        assert_eq!(
            declared_charset(b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>"),
            Some(WINDOWS_1252)
        );
        assert_eq!(
            declared_charset(b"<meta name=x content=y><meta charset=shift_jis>"),
            Some(encoding_rs::SHIFT_JIS)
        );
        assert_eq!(declared_charset(b"<meta name=\"charset\">"), None);
    }

    #[test]
    fn a_utf8_page_labelled_latin1_is_read_as_utf8() {
        let page = "<meta charset=iso-8859-1><p>It’s café time</p>".as_bytes();
        let d = decode(page).unwrap();
        assert!(d.text.contains("It’s café"));
        assert_eq!(d.overrode, Some(WINDOWS_1252));
    }

    #[test]
    fn a_real_latin1_page_is_decoded() {
        let page = b"<meta charset=iso-8859-1><p>caf\xE9</p>";
        assert!(decode(page).unwrap().text.contains("café"));
        let unlabelled = b"<p>caf\xE9</p>";
        assert!(decode(unlabelled).unwrap().text.contains("café"));
    }

    #[test]
    fn boms_win() {
        let page = b"\xEF\xBB\xBF<meta charset=iso-8859-1><p>\xC3\xA9</p>";
        assert!(decode(page).unwrap().text.contains('é'));
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("<p>hi</p>".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert!(decode(&utf16).unwrap().text.contains("<p>hi</p>"));
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n"), Err(ReadError::Binary { .. })));
        assert!(matches!(decode(b"\0\0\0\x01\x02\x03abc"), Err(ReadError::Binary { .. })));
    }
}
