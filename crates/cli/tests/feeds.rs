//! `newsbite feeds …` and `newsbite fetch` through the binary, without a network: import with
//! categories and refusals, list, export, remove, and a fetch whose only feed is refused.

use std::path::Path;
use std::process::{Command, Output};

fn newsbite(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsbite"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("NEWSBITE_ALLOW_PRIVATE")
        .output()
        .expect("run newsbite")
}

const OPML: &str = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>t</title></head><body>
  <outline text="World"><outline type="rss" text="Gazette" xmlUrl="https://gazette.example/feed.xml"/></outline>
  <outline type="rss" text="Local loop" xmlUrl="http://127.0.0.1:9/feed"/>
  <outline type="rss" text="Secrets" xmlUrl="file:///etc/passwd"/>
</body></opml>"#;

#[test]
fn import_list_export_remove() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let opml = dir.path().join("subs.opml");
    std::fs::write(&opml, OPML).expect("write opml");

    let out = newsbite(&data, &["feeds", "import", opml.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1), "refusals make exit code 1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("file:///etc/passwd") && stderr.contains("scheme"), "{stderr}");
    assert!(stderr.contains("127.0.0.1") && stderr.contains("private address"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 feeds added"));

    let out = newsbite(&data, &["feeds", "list", "--format", "json"]);
    let feeds: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json list");
    assert_eq!(feeds[0]["url"], "https://gazette.example/feed.xml");
    assert_eq!(feeds[0]["category"], "World");

    let out = newsbite(&data, &["feeds", "export"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("<outline text=\"World\"") && text.contains("gazette.example"), "{text}");

    // With private addresses allowed, the loopback feed is accepted.
    let out = Command::new(env!("CARGO_BIN_EXE_newsbite"))
        .arg("--data")
        .arg(&data)
        .args(["feeds", "import", opml.to_str().expect("path")])
        .env("NEWSBITE_ALLOW_PRIVATE", "1")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 feeds added, 1 already followed, 1 refused"));

    let out = newsbite(&data, &["feeds", "remove", "http://127.0.0.1:9/feed"]);
    assert!(out.status.success());
    let out = newsbite(&data, &["feeds", "remove", "http://127.0.0.1:9/feed"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn fetch_records_the_refusal_on_the_feed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let opml = dir.path().join("subs.opml");
    std::fs::write(&opml, OPML).expect("write opml");
    let allow = Command::new(env!("CARGO_BIN_EXE_newsbite"))
        .arg("--data")
        .arg(&data)
        .args(["feeds", "import", "--allow-private", opml.to_str().expect("path")])
        .output()
        .expect("run");
    assert_eq!(allow.status.code(), Some(1));
    newsbite(&data, &["feeds", "remove", "https://gazette.example/feed.xml"]);

    // Without --allow-private, the loopback feed is refused at fetch time, with no request.
    let out = newsbite(&data, &["fetch"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refused") && stderr.contains("--allow-private"), "{stderr}");
    let out = newsbite(&data, &["feeds", "list", "--format", "md"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("failing (1 in a row)") && text.contains("private address"), "{text}");
}
