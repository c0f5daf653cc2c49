//! Feed bytes to text, when the declared encoding may lie.
//!
//! A feed says its encoding in three places: a byte order mark, the HTTP `Content-Type`
//! charset, and the XML declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>`). feed-rs
//! believes the XML declaration. Many feeds are written by software that emits UTF-8 whatever the
//! template's declaration says, so believing it turns every `é` into `Ã©`. The rule here:
//!
//! 1. A byte order mark wins (it cannot appear by accident).
//! 2. Else the declared encoding (HTTP header first, then the XML declaration), except that a
//!    single-byte declaration over bytes that are valid UTF-8 *with* non-ASCII characters is a
//!    lie: such byte runs are vanishingly rare in real Latin-1 or Windows-1252 text, so the text
//!    is read as UTF-8.
//! 3. A UTF-8 declaration (or none) over bytes that are not valid UTF-8 is read as
//!    Windows-1252, the usual truth behind that lie.
//!
//! The result is always a Rust `String`, and the XML declaration is removed so that the XML
//! parser does not decode the text a second time.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Text decoded from feed bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without its XML declaration.
    pub text: String,
    /// The encoding it was read as.
    pub encoding: &'static Encoding,
    /// When the declared encoding was overruled: the label that lied.
    pub overruled: Option<&'static Encoding>,
}

/// Decodes feed bytes; `header_charset` is the `charset` parameter of the HTTP `Content-Type`,
/// when there was one.
pub fn decode(bytes: &[u8], header_charset: Option<&str>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return finish(text.into_owned(), encoding, None);
    }
    let declared = header_charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| xml_declared_encoding(bytes));
    let utf8 = std::str::from_utf8(bytes).ok();
    match (declared, utf8) {
        // UTF-16 declared without a BOM: believe it if the bytes are not plain UTF-8.
        (Some(enc), None) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            finish(text.into_owned(), enc, None)
        }
        (Some(enc), Some(text)) if enc != UTF_8 => {
            if text.is_ascii() && enc.is_ascii_compatible() {
                // Every ASCII-compatible encoding reads ASCII the same way.
                finish(text.to_string(), enc, None)
            } else {
                finish(text.to_string(), UTF_8, Some(enc))
            }
        }
        (_, Some(text)) => finish(text.to_string(), UTF_8, None),
        (Some(enc), None) if enc != UTF_8 => {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            finish(text.into_owned(), enc, None)
        }
        (declared, None) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            finish(text.into_owned(), WINDOWS_1252, declared)
        }
    }
}

fn finish(text: String, encoding: &'static Encoding, overruled: Option<&'static Encoding>) -> Decoded {
    Decoded { text: strip_declaration(text), encoding, overruled }
}

/// The encoding named by an XML declaration at the start of `bytes`, read with quick-xml.
fn xml_declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &bytes[start..];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).take(512).position(|w| w == b"?>")? + 2;
    let mut reader = quick_xml::Reader::from_reader(&head[..end]);
    let mut buf = Vec::new();
    match reader.read_event_into(&mut buf) {
        Ok(quick_xml::events::Event::Decl(decl)) => {
            let label = decl.encoding()?.ok()?;
            Encoding::for_label(label.as_bytes())
        }
        _ => None,
    }
}

/// Removes the XML declaration at the start of `text`, if any: the text is UTF-8 now, which is
/// what an XML parser assumes without one. (Leaving a declaration, even rewritten, lets the
/// parser switch decoders on it, which quick-xml cannot do safely once reading has begun.)
fn strip_declaration(text: String) -> String {
    let trimmed = text.trim_start();
    if !trimmed.starts_with("<?xml") {
        return text;
    }
    let offset = text.len() - trimmed.len();
    match trimmed.find("?>") {
        Some(end) => text[offset + end + 2..].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_labelled_latin1_is_read_as_utf8() {
        let xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><t>Café Zürich</t></rss>";
        let d = decode(xml.as_bytes(), None);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.overruled.is_some());
        assert!(d.text.contains("Café Zürich"));
        assert!(d.text.starts_with("<rss>"), "the declaration is gone: {}", d.text);
    }

    #[test]
    fn real_latin1_is_read_as_latin1() {
        let mut bytes = b"<?xml version='1.0' encoding='iso-8859-1'?><rss><t>Caf".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b"</t></rss>");
        let d = decode(&bytes, None);
        assert!(d.overruled.is_none());
        assert!(d.text.contains("Café"), "{}", d.text);
        // A header charset is believed the same way.
        let d = decode(&bytes[40..], Some("ISO-8859-1"));
        assert!(d.text.contains("Café"));
    }

    #[test]
    fn utf8_declared_but_invalid_falls_back_to_windows_1252() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><t>\x93quoted\x94</t>";
        let d = decode(bytes, None);
        assert_eq!(d.encoding, WINDOWS_1252);
        assert!(d.text.contains("\u{201c}quoted\u{201d}"));
    }

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<t>é</t>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes, Some("iso-8859-1"));
        assert_eq!(d.text, "<t>é</t>");
    }
}
