//! Fuzzes OPML import: any text must give subscriptions or a named error, never a panic, and
//! what was read must write back to OPML that reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(subs) = newsbite_fetch::opml::parse(text) {
        let written = newsbite_fetch::opml::write(&subs, "fuzz");
        let again = newsbite_fetch::opml::parse(&written);
        assert!(again.is_ok(), "own OPML must read back: {written}");
    }
});
