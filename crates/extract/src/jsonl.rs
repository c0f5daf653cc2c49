//! The bulk import format: JSON Lines of articles, one per line.
//!
//! ```json
//! {"url": "https://…", "title": "…", "text": "…", "published": "2026-11-24T08:15:00Z", "publisher": "…"}
//! ```
//!
//! Other tools can write this easily. `title` is required; `text` holds the body, paragraphs
//! separated by empty lines (a text with no empty line is split at line breaks); the other keys
//! are optional. `published` may be an RFC 3339 time (`2026-11-24T08:15:00Z`), a date and time
//! without offset (`2026-11-24 08:15:00`, read as UTC) or a date (`2026-11-24`, date precision).
//! Unknown keys are ignored. A time that cannot be read is left out with a warning, not an error:
//! the article is still worth having.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use newsbite_model::{Article, Block, Precision, Provenance, Timestamp};
use serde::Deserialize;

use crate::{language, site, ReadError, Reading, Warning};

#[derive(Debug, Deserialize)]
struct Line {
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
}

/// Reads one line of the bulk import format.
pub fn read_line(line: &str) -> Result<Reading, ReadError> {
    let parsed: Line = serde_json::from_str(line)
        .map_err(|e| ReadError::Malformed { reason: format!("not a JSON article: {e}") })?;
    let headline = parsed.title.as_deref().map(newsbite_text::normalize).unwrap_or_default();
    if headline.is_empty() {
        return Err(ReadError::NoHeadline);
    }
    let mut warnings = Vec::new();
    let mut article = Article::new(headline);
    let url = parsed.url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    if let Some(u) = &url {
        if !site::is_web_url(u) {
            warnings.push(Warning::general(format!("the url {u:?} is not a web URL")));
        }
    }
    article.publisher = parsed
        .publisher
        .map(|p| newsbite_text::normalize(&p))
        .filter(|p| !p.is_empty())
        .or_else(|| url.as_deref().and_then(site::publisher));
    article.url = url;
    if let Some(p) = parsed.published.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        match parse_time(p) {
            Some(t) => article.published = Some(t),
            None => {
                warnings.push(Warning::general(format!("could not read the published time {p:?}; left out")))
            }
        }
    }
    let text = parsed.text.unwrap_or_default();
    article.blocks = paragraphs(&text).into_iter().map(|text| Block::Paragraph { text }).collect();
    let sample: String = article.paragraphs().take(6).collect::<Vec<_>>().join("\n");
    article.language = language::detect(&format!("{}\n{sample}", article.headline)).map(str::to_string);
    Ok(Reading { article, warnings })
}

/// The paragraphs of a text: split at empty lines, or at line breaks when it has no empty line.
fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let pieces: Vec<&str> =
        if text.contains("\n\n") { text.split("\n\n").collect() } else { text.split('\n').collect() };
    pieces.into_iter().map(newsbite_text::normalize).filter(|p| !p.is_empty()).collect()
}

/// A published time in one of the accepted forms, marked as found.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    let found = |at: DateTime<chrono::FixedOffset>, precision| Timestamp {
        at,
        precision,
        provenance: Provenance::Found,
        source: Some("import".into()),
    };
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(found(at, Precision::Time));
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(found(Utc.from_utc_datetime(&naive).fixed_offset(), Precision::Time));
        }
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(found(Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN)).fixed_offset(), Precision::Date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_line() {
        let r = read_line(
            r#"{"url":"https://www.valdoria-herald.example/a","title":" Dam row ","text":"First para.\n\nSecond para.","published":"2026-11-24T08:15:00+01:00","extra":1}"#,
        )
        .unwrap();
        let a = r.article;
        assert_eq!(a.headline, "Dam row");
        assert_eq!(a.publisher.as_deref(), Some("valdoria-herald.example"));
        assert_eq!(a.paragraphs().collect::<Vec<_>>(), ["First para.", "Second para."]);
        let t = a.published.unwrap();
        assert_eq!((t.at.to_rfc3339().as_str(), t.precision), ("2026-11-24T08:15:00+01:00", Precision::Time));
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn accepts_other_time_forms_and_line_broken_text() {
        let r = read_line(r#"{"title":"T","text":"a\nb","published":"2026-11-24","publisher":"Daily X"}"#)
            .unwrap();
        assert_eq!(r.article.paragraphs().count(), 2);
        assert_eq!(r.article.published.unwrap().precision, Precision::Date);
        assert_eq!(r.article.publisher.as_deref(), Some("Daily X"));
        assert!(parse_time("2026-11-24 08:15:00").is_some());
        assert!(parse_time("yesterday").is_none());
    }

    #[test]
    fn bad_lines_are_named_errors() {
        assert!(matches!(read_line("{not json"), Err(ReadError::Malformed { .. })));
        assert_eq!(read_line(r#"{"text":"no title"}"#).unwrap_err(), ReadError::NoHeadline);
        assert_eq!(read_line(r#"{"title":"  "}"#).unwrap_err(), ReadError::NoHeadline);
        let r = read_line(r#"{"title":"T","published":"soon"}"#).unwrap();
        assert_eq!(r.warnings.len(), 1);
    }
}
