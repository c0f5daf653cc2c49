//! The library commands as a user runs them: demo, add, reanalyse, search, stories, story, digest.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn newsbite(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsbite"))
        .arg("--data")
        .arg(data)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(name).to_str().unwrap().to_string()
}

#[test]
fn the_demo_library_forms_its_stories_and_its_dispute() {
    let dir = tempfile::tempdir().unwrap();
    let out = newsbite(dir.path(), &["demo"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let digest = text(&out.stdout);
    assert!(digest.starts_with("# NewsBite digest"), "{digest}");
    assert!(digest.contains("## Disputed:"), "the dispute is shown: {digest}");
    assert!(text(&out.stderr).contains("24 articles added (4 syndicated copies"), "{}", text(&out.stderr));

    let out = newsbite(dir.path(), &["stories", "--all", "--format", "json"]);
    let stories: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(stories.len(), 5, "{stories:#?}");
    let disputed: Vec<_> = stories.iter().filter(|s| s["disputed"] == true).collect();
    assert_eq!(disputed.len(), 1);
    assert!(disputed[0]["title"].as_str().unwrap().contains("Sorrel Pass"));
    assert_eq!(disputed[0]["urls"].as_array().unwrap().len(), 6);

    let id = disputed[0]["id"].as_i64().unwrap().to_string();
    let out = newsbite(dir.path(), &["story", &id, "--format", "json"]);
    let story: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let claim = story["claims"].as_array().unwrap().iter().find(|c| c["disputed"] == true).unwrap();
    let stances: Vec<&str> =
        claim["positions"].as_array().unwrap().iter().map(|p| p["stance"].as_str().unwrap()).collect();
    for stance in ["affirms", "denies", "no_evidence"] {
        assert!(stances.contains(&stance), "{stance} missing: {claim:#}");
    }

    // Loading it again stores nothing twice.
    let out = newsbite(dir.path(), &["demo", "--quiet"]);
    assert!(text(&out.stderr).contains("0 articles added"), "{}", text(&out.stderr));

    // Read by this version's rules: nothing to analyse again, unless asked for all, which
    // leaves the stories and the dispute as they were.
    let out = newsbite(dir.path(), &["reanalyse"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("nothing to do"), "{}", text(&out.stderr));
    let out = newsbite(dir.path(), &["reanalyse", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("24 articles analysed again, 5 stories refreshed"),
        "{}",
        text(&out.stderr)
    );
    let out = newsbite(dir.path(), &["story", &id, "--format", "json"]);
    let again: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(again["claims"], story["claims"]);

    // Who said what reads as a list of people's words.
    let page = |title: &str| {
        let story = stories.iter().find(|s| s["title"].as_str().unwrap().contains(title)).unwrap();
        let out = newsbite(dir.path(), &["story", &story["id"].as_i64().unwrap().to_string(), "-f", "md"]);
        text(&out.stdout)
    };
    let election = page("Morvessa");
    // `Turnout was 68.4 per cent …, the commission said.`: another report writes `turnout`.
    assert!(election.contains("**electoral commission** said turnout was 68.4 per cent"), "{election}");
    let recall = page("Quillfire");
    // `Contracts can be switched …, the company said.`: the report writes `contract`.
    assert!(recall.contains("**company** said contracts can be switched"), "{recall}");
    // Not the review's own voice, nor words that point at what the line does not show, nor
    // Quillfire's expectation that only its chief executive told of.
    for line in ["**we**", "wants it back", "**Quillfire Systems** expected"] {
        assert!(!recall.contains(line), "{line}: {recall}");
    }
    assert!(recall.contains("**Oskar Brenning** said Quillfire still expected"), "{recall}");
    let cup = page("Valdorian Cup");
    assert!(!cup.contains("referred"), "{cup}");

    // Key figures: those most reports give come first, with how many give them.
    let flood = page("River Ambry");
    let figures = &flood[flood.find("## Key figures").unwrap()..];
    let first = figures.lines().find(|l| l.starts_with("- ")).unwrap();
    assert!(first.starts_with("- **340** homes") && first.ends_with("in 3 reports)*"), "{figures}");
    // As the article writes them, value in bold.
    assert!(figures.contains("- river peaked at **6.2 metres**"), "{figures}");
    let cup_figures = &cup[cup.find("## Key figures").unwrap()..];
    assert!(cup_figures.contains("**3–2**"), "the score is one figure: {cup_figures}");
}

#[test]
fn add_reports_bad_inputs_by_name_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("library");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::copy(sample("samples/dam-dispute.txt"), inputs.join("dam.txt")).unwrap();
    std::fs::write(inputs.join("broken.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(
        inputs.join("bulk.jsonl"),
        "{\"title\":\"Night market stays open\",\"text\":\"The council voted to keep the night market open.\",\"url\":\"https://lantern.example/market\"}\n\
         {not json\n\
         {\"title\":\"<script>alert(1)</script> in the headline\",\"text\":\"A hostile title.\",\"url\":\"https://bad.example/x\"}\n",
    )
    .unwrap();

    let out = newsbite(&data, &["add", inputs.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("broken.txt: cannot read: it is binary data"), "{err}");
    assert!(err.contains("bulk.jsonl:2: cannot read: it is malformed"), "{err}");
    assert!(err.contains("3 new"), "{err}");

    let again = newsbite(&data, &["add", inputs.to_str().unwrap()]);
    assert!(text(&again.stderr).contains("0 new"), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains("3 already stored"), "{}", text(&again.stderr));

    let out = newsbite(&data, &["search", "spillway", "--format", "json"]);
    let hits: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0]["headline"].as_str().unwrap().contains("Kessel dam"));
    let out = newsbite(&data, &["search", "market", "--publisher", "lantern.example", "--format", "json"]);
    assert_eq!(text(&out.stdout).lines().count(), 1);

    let out = newsbite(&data, &["digest", "--since", "30d", "--format", "html"]);
    let html = text(&out.stdout);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the hostile title is escaped");
    assert!(!html.contains("<script>"), "no script gets through: {html}");
}

#[test]
fn a_missing_story_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = newsbite(dir.path(), &["story", "42"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("there is no story #42"), "{}", text(&out.stderr));
    let out = newsbite(dir.path(), &["stories", "--since", "yesterday"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot read the time \"yesterday\""), "{}", text(&out.stderr));
}
