//! Prints the analysis of every article under the given paths, one line each (`path`, a tab,
//! the analysis as JSON), so that two builds can be compared byte for byte after a change that
//! must not change any result:
//!
//! ```text
//! cargo run --release -p newsbite-analyze --example dump_analyses -- DIR_OR_FILE... > before.tsv
//! # change the code, then
//! cargo run --release -p newsbite-analyze --example dump_analyses -- DIR_OR_FILE... > after.tsv
//! cmp before.tsv after.tsv
//! ```
//!
//! Files are read as the CLI reads them (records, plain text, HTML); a `.jsonl` file gives one
//! article per line. Folders are walked in name order. One [`Analyzer`] serves every article, as
//! the library keeps one per thread. A file that does not read is named on standard error.

use std::path::{Path, PathBuf};

use newsbite_analyze::Analyzer;

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        collect(Path::new(&arg), &mut files);
    }
    let mut analyzer = Analyzer::new();
    let mut out = String::new();
    for path in files {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                continue;
            }
        };
        let articles = if path.extension().is_some_and(|e| e == "jsonl") {
            String::from_utf8_lossy(&bytes)
                .lines()
                .filter(|l| !l.trim().is_empty())
                .filter_map(|l| newsbite_extract::jsonl::read_line(l).ok().map(|r| r.article))
                .collect()
        } else {
            match newsbite_extract::read(&bytes) {
                Ok(r) => vec![r.article],
                Err(e) => {
                    eprintln!("{}: {e}", path.display());
                    continue;
                }
            }
        };
        for (k, article) in articles.iter().enumerate() {
            let analysis = analyzer.analyze(article);
            let json = serde_json::to_string(&analysis).unwrap_or_else(|e| format!("unserialisable: {e}"));
            out.push_str(&format!("{}#{k}\t{json}\n", path.display()));
        }
    }
    print!("{out}");
}

/// The files under a path, in name order.
fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                return;
            }
        };
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}
