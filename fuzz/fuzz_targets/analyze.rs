//! Fuzzes the analysis: any record that reads must analyse without a panic, and every span the
//! analysis gives (bite sentences, quotes and their speakers) must point at its own text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(reading) = newsbite_extract::record::read(data) else { return };
    let article = &reading.article;
    let analysis = newsbite_analyze::analyze(article);
    for s in &analysis.bite {
        assert_eq!(s.span.text(article).as_deref(), Some(s.text.as_str()));
    }
    for q in &analysis.quotes {
        assert_eq!(q.span.text(article).as_deref(), Some(q.text.as_str()));
        if let Some(span) = q.speaker.as_ref().and_then(|s| s.span) {
            assert!(span.text(article).is_some(), "a speaker span points into the article");
        }
    }
});
