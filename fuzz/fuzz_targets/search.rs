//! Fuzzes the store's search: any query text, speaker and entity must give hits or a named
//! error, never a panic, and every hit must be an article of the library with its match marked
//! when the text had words.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsbite_model::{Analysis, Article, Block};
use newsbite_store::{Query, Store};

/// A small library, made once: the fuzzer only reads it.
fn library() -> &'static std::sync::Mutex<Store> {
    static STORE: OnceLock<std::sync::Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut store = Store::open_in_memory().expect("an in-memory store");
        let texts = [
            ("Troops massed at the Velmora border", "Thousands of troops arrived, officials said."),
            ("Ferry to Ostrand runs late", "The café owner said the ferry was two hours late."),
            ("Council approves harbour plan", "“We will build it,” the mayor said of the pier."),
        ];
        for (i, (headline, body)) in texts.into_iter().enumerate() {
            let mut article = Article::new(headline);
            article.url = Some(format!("https://fuzz.test/{i}"));
            article.publisher = Some("fuzz.test".into());
            article.blocks = vec![Block::Paragraph { text: body.into() }];
            store.add(&article, &Analysis::default(), chrono::Utc::now()).expect("add");
        }
        std::sync::Mutex::new(store)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\u{1f}');
    let mut query = Query::new(parts.next().unwrap_or(""));
    query.speaker = parts.next().map(str::to_string);
    query.entity = parts.next().map(str::to_string);
    query.limit = 50;
    let store = library().lock().unwrap_or_else(|e| e.into_inner());
    let hits = store.search(&query).expect("a search of a sound library does not fail");
    assert!(hits.len() <= 3);
    for hit in hits {
        assert!((1..=3).contains(&hit.id), "{hit:?}");
    }
});
