//! `newsbite read` as a user runs it: files, folders, standard input, formats and exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn newsbite() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsbite"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/fixtures/records").join(name)
}

fn run(args: &[&str]) -> Output {
    newsbite().args(args).stdin(Stdio::null()).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn a_record_reads_as_json_when_piped() {
    let path = fixture("credits.txt");
    let out = run(&["read", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["article"]["headline"], "Harbour town counts the cost of the spring floods");
    assert_eq!(v["article"]["schema"], 1);
    assert_eq!(v["input"], path.to_str().unwrap());
    assert_eq!(v["warnings"], serde_json::json!([]));
}

#[test]
fn markdown_and_text_formats() {
    let path = fixture("headings_teasers.txt");
    let md = stdout(&run(&["read", "--format", "md", path.to_str().unwrap()]));
    assert!(md.starts_with("# Orbital start-up says its first satellite is talking\n"), "{md}");
    assert!(md.contains("\n## What happens next\n"), "{md}");
    let text = stdout(&run(&["read", "-f", "text", path.to_str().unwrap()]));
    assert!(
        text.starts_with("Orbital start-up says its first satellite is talking\n\nA small company"),
        "{text}"
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let mut child = newsbite()
        .args(["read", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"NewsBite\n\nFrom a pipe\n\nStand.\n\nBody.\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["input"], "<stdin>");
    assert_eq!(v["article"]["headline"], "From a pipe");
    assert!(stderr(&out).contains("no `Original URL:` line"), "the warning is shown: {}", stderr(&out));
}

#[test]
fn a_folder_gives_one_line_per_record_and_names_each_failure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("credits.txt"), dir.path().join("a.txt")).unwrap();
    std::fs::copy(fixture("plain_text.txt"), dir.path().join("b.txt")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::copy(fixture("repeats_body.txt"), dir.path().join("sub/c.txt")).unwrap();
    std::fs::write(dir.path().join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"Caf\xe9 society\n\nBody.\n").unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"\n\n").unwrap();
    std::fs::write(dir.path().join(".hidden.txt"), b"ignored").unwrap();
    std::fs::write(dir.path().join("notes.json"), b"{}").unwrap();

    let out = run(&["read", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "some inputs failed");
    let lines: Vec<serde_json::Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let headlines: Vec<_> = lines.iter().map(|v| v["article"]["headline"].as_str().unwrap()).collect();
    assert_eq!(
        headlines,
        [
            "Harbour town counts the cost of the spring floods",
            "Village bakery wins national bread prize",
            "Council votes to keep the night market open"
        ]
    );
    let err = stderr(&out);
    assert!(err.contains("image.txt: cannot read: it is binary data (a PNG image)"), "{err}");
    assert!(
        err.contains("latin1.txt: cannot read: it is not valid UTF-8 (bad byte at line 1, column 4)"),
        "{err}"
    );
    assert!(err.contains("empty.txt: cannot read: it is empty"), "{err}");
    assert!(err.contains("3 of 6 input(s) failed"), "{err}");
    assert!(err.contains("skipped 1 file(s)"), "{err}");
    assert!(!err.contains("hidden"), "{err}");
}

#[test]
fn a_missing_file_is_named_and_the_others_still_read() {
    let good = fixture("plain_text.txt");
    let out = run(&["read", "/no/such/file.txt", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("/no/such/file.txt: cannot read: No such file or directory"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(run(&["read"]).status.code(), Some(2));
    assert_eq!(run(&["read", "--format", "pdf", "x"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}
