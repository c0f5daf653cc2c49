//! End to end: `newsbite-eval extraction` on a tiny set made here, through the child processes,
//! the table, the TSV and the `--min-f1` gate. (The real set is run by CI's quality gate.)

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EVAL: &str = env!("CARGO_BIN_EXE_newsbite-eval");

const PARAGRAPHS: [&str; 4] = [
    "The city council voted on Tuesday to build a new bridge across the river, ending a debate \
     that had divided residents for more than a decade.",
    "Supporters said the bridge would cut commuting times in half and bring new shops to the \
     east bank, where many storefronts have stood empty since the factory closed.",
    "Opponents warned that the cost, estimated at 120 million dollars, would strain the budget \
     and that the council had not studied the effect on the river's wildlife.",
    "Construction is expected to begin next spring and to take three years, the mayor said in a \
     statement after the vote.",
];

fn page(headline: &str) -> String {
    let body: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{headline}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
         <article><h1>{headline}</h1>\n{body}</article>\
         <footer>Copyright 2026 The Daily Test</footer></body></html>"
    )
}

/// A set of two pages in a fresh temporary folder.
fn tiny_set(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsbite-eval-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("html")).expect("temp dir");
    let truth = PARAGRAPHS.join("\n\n");
    let mut gt = serde_json::Map::new();
    for id in ["p1", "p2"] {
        gt.insert(
            id.to_string(),
            serde_json::json!({"articleBody": truth, "url": format!("https://news.test/{id}")}),
        );
        let file = std::fs::File::create(dir.join("html").join(format!("{id}.html.gz"))).expect("create");
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
        gz.write_all(page("Council approves the river bridge").as_bytes()).expect("write");
        gz.finish().expect("finish");
    }
    std::fs::write(dir.join("ground-truth.json"), serde_json::Value::Object(gt).to_string())
        .expect("write truth");
    dir
}

fn eval(data: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(EVAL)
        .arg("extraction")
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .args(["--min-seconds", "0"])
        .args(extra)
        .output()
        .expect("newsbite-eval runs")
}

#[test]
fn runs_ours_and_the_parse_floor_and_writes_per_page_scores() {
    let data = tiny_set("run");
    let out = data.join("out");
    let run = eval(&data, &out, &[]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.starts_with("tool "), "{stdout}");
    assert!(stdout.contains("newsbite (ours)"), "{stdout}");
    assert!(stdout.contains("dom_query parse only"), "{stdout}");
    assert!(stdout.contains("ours / parse floor:"), "{stdout}");

    let tsv = std::fs::read_to_string(out.join("extraction-pages.tsv")).expect("tsv");
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), 3, "{tsv}");
    assert!(lines[0].starts_with("id\turl\ttruth_words\tours.p\tours.r\tours.f1"), "{tsv}");
    assert!(lines[1].starts_with("p1\thttps://news.test/p1\t"), "{tsv}");
    assert!(out.join("extraction/truth/p2.txt").is_file());
    assert!(out.join("extraction/ours/p2.txt").is_file());

    // An F1 above 1 cannot be reached: the gate fails, after printing the table.
    let gated = eval(&data, &out, &["--min-f1", "1.01", "--only", "ours"]);
    assert!(!gated.status.success());
    assert!(String::from_utf8_lossy(&gated.stdout).contains("newsbite (ours)"));
    assert!(String::from_utf8_lossy(&gated.stderr).contains("below --min-f1 1.01"));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_missing_data_folder_is_a_clear_error() {
    let missing = std::env::temp_dir().join("newsbite-eval-e2e-no-such-set");
    let run = eval(&missing, &missing.join("out"), &[]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("no extraction data in"), "{stderr}");
}

#[test]
fn an_unknown_tool_is_named() {
    let data = tiny_set("unknown");
    let run = eval(&data, &data.join("out"), &["--only", "goose"]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("no tool \"goose\""), "{stderr}");
    let _ = std::fs::remove_dir_all(&data);
}
