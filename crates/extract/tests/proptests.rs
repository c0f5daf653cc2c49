//! Property tests of the record reader: it never panics, and reading is stable under the
//! changes real files go through (line ends, byte-order marks, trailing spaces, empty lines).

use newsbite_extract::record;
use proptest::prelude::*;

/// Lines that look like record lines: words, quotes, credits, URLs, bullets, empty lines.
fn record_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,12}[.!?]?",
        1 => Just(String::new()),
        1 => "“[A-Z][a-z ]{1,30},” [A-Z][a-z]{2,8} said\\.",
        1 => "[A-Z][a-z ]{3,30}\\. Picture: [A-Z][a-z]{2,6}/AFP",
        1 => "[A-Z][a-z ]{3,30}\\. \\(Photo by [A-Z][a-z]{2,6} / POOL / AFP\\)",
        1 => Just("NewsBite".to_string()),
        1 => "Original URL: https://www\\.[a-z]{2,8}\\.com(\\.au)?/[a-z/-]{0,20}",
        1 => "(• |- |[0-9]\\. )[a-z ]{1,20}",
        1 => "READ MORE: [A-Za-z ]{1,20}",
        1 => "\\PC{0,40}",
    ]
}

fn record_text() -> impl Strategy<Value = String> {
    prop::collection::vec(record_line(), 0..40).prop_map(|lines| {
        // Repeat some lines, as scrapers do with captions.
        let mut out = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            if i % 5 == 3 {
                out.push(line.clone());
            }
            out.push(line);
        }
        out.join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = record::read(&bytes);
    }

    #[test]
    fn any_text_never_panics(text in "\\PC{0,600}") {
        let _ = record::read_str(&text);
    }

    #[test]
    fn reading_is_stable_under_crlf_bom_and_trailing_space(text in record_text()) {
        let plain = record::read_str(&text);
        let crlf = text.replace('\n', "\r\n");
        let with_bom = format!("\u{FEFF}{crlf}");
        let spaced = text.split('\n').map(|l| format!("{l}  \t")).collect::<Vec<_>>().join("\n");
        let final_newline = format!("{text}\n");
        for variant in [crlf, with_bom, spaced, final_newline] {
            let again = record::read_str(&variant);
            match (&plain, &again) {
                (Ok(a), Ok(b)) => prop_assert_eq!(&a.article, &b.article),
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                _ => prop_assert!(false, "one variant read and the other did not: {:?} / {:?}", plain, again),
            }
        }
    }

    #[test]
    fn doubled_empty_lines_change_nothing(text in record_text()) {
        let doubled = text.replace("\n\n", "\n\n\n\n");
        prop_assert_eq!(
            record::read_str(&text).map(|r| r.article),
            record::read_str(&doubled).map(|r| r.article)
        );
    }

    #[test]
    fn every_body_word_survives(text in record_text()) {
        // Nothing the input says is lost: every word of the input (but the collection and URL
        // lines, and the labels of photo credits) is somewhere in the reading.
        const CREDIT_LABELS: &[&str] =
            &["Picture", "Pictures", "Pic", "Photo", "Photos", "Photograph", "Image", "Images", "Source", "Credit", "credit", "by"];
        if let Ok(reading) = record::read_str(&text) {
            let json = serde_json::to_string(&reading.article).unwrap();
            for line in text.lines() {
                let line = newsbite_text::normalize(line);
                if line.is_empty() || line == "NewsBite" || line.starts_with("Original URL:") {
                    continue;
                }
                for word in newsbite_text::words(&line).filter(|w| !CREDIT_LABELS.contains(&w.text)) {
                    prop_assert!(json.contains(word.text), "lost {:?} of line {:?}", word.text, line);
                }
            }
        }
    }
}
