//! Finding and reading the files a command is given.

use std::io;
use std::path::{Path, PathBuf};

use newsbite_model::Article;

/// File endings `read` takes from a folder (and files with no ending).
pub const READABLE: &[&str] = &["txt", "text", "html", "htm", "xhtml"];

/// File endings `add` takes from a folder: what `read` takes, and JSON Lines.
pub const ADDABLE: &[&str] = &["txt", "text", "html", "htm", "xhtml", "jsonl", "ndjson"];

/// Collects a path: a file as it is, a folder walked for the files with the given endings.
pub fn collect(path: &Path, out: &mut Vec<PathBuf>, endings: &[&str]) -> io::Result<usize> {
    if path.is_dir() {
        let mut skipped = 0;
        walk(path, out, endings, &mut skipped)?;
        Ok(skipped)
    } else {
        out.push(path.to_path_buf());
        Ok(0)
    }
}

/// The files under a folder with the given endings (or none), sorted by path, hidden entries
/// skipped; counts the files left out for their ending.
pub fn walk(dir: &Path, out: &mut Vec<PathBuf>, endings: &[&str], skipped: &mut usize) -> io::Result<()> {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, endings, skipped)?;
        } else if has_ending(&path, endings) {
            out.push(path);
        } else {
            *skipped += 1;
        }
    }
    Ok(())
}

fn has_ending(path: &Path, endings: &[&str]) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => endings.iter().any(|r| ext.eq_ignore_ascii_case(r)),
    }
}

/// Whether a file holds JSON Lines of articles, by its ending.
pub fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// The articles of a file: one for a record or page, one per line for JSON Lines. The outer
/// error is the whole file failing; an inner one is a line that failed, named with its number.
pub fn read_articles(path: &Path) -> Result<Vec<Result<Article, String>>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if !is_jsonl(path) {
        return newsbite_extract::read(&bytes).map(|r| vec![Ok(r.article)]).map_err(|e| e.to_string());
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| format!("it is not valid UTF-8 ({e})"))?;
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            newsbite_extract::jsonl::read_line(line)
                .map(|r| r.article)
                .map_err(|e| format!("{}:{}: cannot read: {e}", path.display(), i + 1))
        })
        .collect())
}
