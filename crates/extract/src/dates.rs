//! Dates that can be inferred from where an article lives.

use chrono::{NaiveDate, TimeZone, Utc};
use newsbite_model::{Precision, Provenance, Timestamp};

/// The publication date a URL's path gives away, as an *inferred*, date-only timestamp:
/// `/2024/11/26/`, `/2024-11-26-`, `/20241126/`. A year and month alone (`/2024/11/`) are not
/// enough and give `None`, as do impossible dates and years outside 1990–2100.
pub fn from_url(url: &str) -> Option<Timestamp> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let bytes = path.as_bytes();
    (0..bytes.len()).find_map(|i| date_at(bytes, i)).map(|date| Timestamp {
        at: Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN)).fixed_offset(),
        precision: Precision::Date,
        provenance: Provenance::Inferred,
        source: Some("url".into()),
    })
}

/// A date starting at `i`, which must follow a `/`, `-` or `_`: `YYYY/MM/DD`, `YYYY-MM-DD` or
/// `YYYYMMDD`, ending at a separator or the end of the path.
fn date_at(b: &[u8], i: usize) -> Option<NaiveDate> {
    if i == 0 || !matches!(b[i - 1], b'/' | b'-' | b'_') {
        return None;
    }
    let digits = |from: usize, n: usize| -> Option<u32> {
        let s = b.get(from..from + n)?;
        s.iter().all(u8::is_ascii_digit).then(|| s.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
    };
    let year = digits(i, 4)?;
    let (month, day, end) = match b.get(i + 4) {
        Some(&sep @ (b'/' | b'-')) if b.get(i + 7) == Some(&sep) => {
            (digits(i + 5, 2)?, digits(i + 8, 2)?, i + 10)
        }
        Some(d) if d.is_ascii_digit() => (digits(i + 4, 2)?, digits(i + 6, 2)?, i + 8),
        _ => return None,
    };
    if b.get(end).is_some_and(u8::is_ascii_alphanumeric) || !(1990..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(url: &str) -> Option<String> {
        from_url(url).map(|t| t.at.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn finds_dates_in_paths() {
        assert_eq!(day("https://x.com/world/2024/11/26/story").as_deref(), Some("2024-11-26"));
        assert_eq!(day("https://x.com/news/2024-11-26-kim-troops").as_deref(), Some("2024-11-26"));
        assert_eq!(day("https://x.com/a/20241126/b").as_deref(), Some("2024-11-26"));
        let t = from_url("https://x.com/2024/02/29/").unwrap();
        assert_eq!((t.precision, t.provenance), (Precision::Date, Provenance::Inferred));
    }

    #[test]
    fn ignores_what_is_not_a_date() {
        assert_eq!(day("https://x.com/news-story/2404b6a7f63e4cadb7ef3b8537106a3a"), None);
        assert_eq!(day("https://x.com/2024/11/"), None);
        assert_eq!(day("https://x.com/2023/02/30/x"), None);
        assert_eq!(day("https://x.com/id/123456789"), None);
        assert_eq!(day("https://20241126.com/"), None);
        assert_eq!(day("https://x.com/a?d=2024-11-26"), None);
    }
}
