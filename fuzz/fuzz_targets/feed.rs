//! Fuzzes feed reading: any bytes, with or without a declared charset, must give a feed or a
//! named error, never a panic; each entry must turn into an article or nothing; and the feed
//! discovery over the same bytes as HTML must not panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let charset = match data.first().map(|b| b % 3) {
        Some(0) => Some("iso-8859-1"),
        Some(1) => Some("utf-8"),
        _ => None,
    };
    if let Ok(feed) = newsbite_fetch::feed::parse(data, charset, Some("https://www.example.com/feed.xml")) {
        for entry in feed.entries.iter().take(8) {
            let _ = entry.to_article(feed.title.as_deref());
        }
    }
    let text = String::from_utf8_lossy(data);
    let _ = newsbite_fetch::discover::discover(&text, "https://www.example.com/");
});
