//! Fuzzes the record reader: any bytes must give a reading or a named error, never a panic;
//! a reading always has a headline and survives a JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsbite_model::Article;

fuzz_target!(|data: &[u8]| {
    if let Ok(reading) = newsbite_extract::record::read(data) {
        assert!(!reading.article.headline.is_empty());
        let json = serde_json::to_string(&reading.article).expect("an article always serialises");
        let back: Article = serde_json::from_str(&json).expect("and reads back");
        assert_eq!(back, reading.article);
    }
});
