//! Property tests of the pure parts: OPML round trips, feeds and OPML never panic, the charset
//! rule, the address classes.

use std::net::{IpAddr, Ipv4Addr};

use newsbite_fetch::opml::{self, Subscription};
use newsbite_fetch::safety::classify;
use newsbite_fetch::{charset, feed};
use proptest::prelude::*;

/// Text as people write it in titles: letters, accents, XML's special characters; no control
/// characters (which XML 1.0 cannot carry).
fn words() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ,.;:!?'\"&<>()/éüßøçñ中文—-]{0,24}"
}

fn clean(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn subscriptions() -> impl Strategy<Value = Vec<Subscription>> {
    prop::collection::vec((words(), prop::option::of("[a-z]{1,8}"), prop::option::of(words())), 0..12)
        .prop_map(|items| {
            items
                .into_iter()
                .enumerate()
                .map(|(i, (title, site, category))| Subscription {
                    url: format!("https://feeds{i}.example/rss?a=1&b={i}"),
                    title: clean(&title),
                    site_url: site.map(|s| format!("https://{s}.example/")),
                    category: category.as_deref().and_then(clean),
                })
                .collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn opml_round_trips(subs in subscriptions(), title in words()) {
        let text = opml::write(&subs, &title);
        let mut back = opml::parse(&text).expect("own OPML reads back");
        let mut want: Vec<Subscription> = subs
            .into_iter()
            .map(|s| Subscription { title: s.title.or_else(|| Some(s.url.clone())), ..s })
            .collect();
        back.sort();
        want.sort();
        prop_assert_eq!(back, want);
    }

    #[test]
    fn opml_never_panics(text in "\\PC{0,400}") {
        let _ = opml::parse(&text);
    }

    #[test]
    fn opml_survives_cuts(subs in subscriptions(), cut in 0usize..2000) {
        let text = opml::write(&subs, "t");
        let end = text.char_indices().map(|(i, _)| i).find(|&i| i >= cut.min(text.len())).unwrap_or(text.len());
        let _ = opml::parse(&text[..end]);
    }

    #[test]
    fn feeds_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = feed::parse(&bytes, None, Some("https://x.example/feed"));
        let _ = feed::parse(&bytes, Some("iso-8859-1"), None);
    }

    #[test]
    fn rss_items_are_all_read(titles in prop::collection::vec(words(), 1..8)) {
        let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let items: String = titles
            .iter()
            .enumerate()
            .map(|(i, t)| format!("<item><guid>g{i}</guid><title>{}</title><link>/a/{i}</link></item>", escape(t)))
            .collect();
        let xml = format!("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>");
        let parsed = feed::parse(xml.as_bytes(), None, Some("https://x.example/feed")).expect("feed");
        prop_assert_eq!(parsed.entries.len(), titles.len());
        for (i, (entry, title)) in parsed.entries.iter().zip(&titles).enumerate() {
            prop_assert_eq!(&entry.key, &format!("g{i}"));
            prop_assert_eq!(entry.title.clone(), clean(title));
            prop_assert_eq!(entry.url.clone(), Some(format!("https://x.example/a/{i}")));
        }
    }

    #[test]
    fn utf8_labelled_latin1_is_never_garbled(text in "\\PC{0,80}") {
        prop_assume!(!text.trim_start().starts_with("<?xml"));
        let d = charset::decode(text.as_bytes(), Some("iso-8859-1"));
        prop_assert_eq!(d.text, text);
    }

    #[test]
    fn mapped_addresses_are_judged_as_ipv4(a in any::<u32>()) {
        let v4 = Ipv4Addr::from(a);
        prop_assert_eq!(classify(IpAddr::V6(v4.to_ipv6_mapped())), classify(IpAddr::V4(v4)));
    }
}
