//! Fuzzes the HTML page reader: any bytes, with or without a URL, must give a reading or a named
//! error, never a panic, and a reading must serialise.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let url =
        data.first().is_some_and(|b| b % 2 == 0).then_some("https://www.example.com/news/2024/11/26/a-story");
    if let Ok(reading) = newsbite_extract::html::read(data, url) {
        let _ = serde_json::to_string(&reading.article);
        let _ = reading.article.body_text();
    }
});
