//! The ScrapingHub extraction set: `ground-truth.json` (`{id: {articleBody, url}}`) and
//! `html/<id>.html.gz` (UTF-8 pages) in one folder.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::paths;

/// Where the set lives inside the shared data folder.
pub const SET: &str = "bench/extraction/scrapinghub";

/// The default data folder: the set inside the shared data folder.
pub fn default_dir() -> PathBuf {
    paths::shared_dir().join(SET)
}

/// One page's expected answer.
#[derive(Debug, Clone)]
pub struct Truth {
    /// The page id (the file name without `.html.gz`).
    pub id: String,
    /// The URL the page was saved from.
    pub url: String,
    /// The article body as the annotators wrote it down.
    pub body: String,
}

/// One page, decompressed in memory.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page id.
    pub id: String,
    /// The URL the page was saved from.
    pub url: String,
    /// The page's HTML (invalid UTF-8, which the set does not have, would be replaced).
    pub html: String,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: String,
}

/// Reads `ground-truth.json` of the set in `dir`, sorted by page id, and checks that every page
/// has its HTML file.
pub fn load_truth(dir: &Path) -> Result<Vec<Truth>> {
    let file = dir.join("ground-truth.json");
    if !file.is_file() {
        bail!(
            "no extraction data in {}: expected ground-truth.json and html/<id>.html.gz there \
             (pass --data DIR, or set {} to the shared data folder)",
            dir.display(),
            paths::SHARED_ENV
        );
    }
    let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let entries: BTreeMap<String, Entry> = serde_json::from_str(&text)
        .with_context(|| format!("{} is not {{id: {{articleBody, url}}}}", file.display()))?;
    if entries.is_empty() {
        bail!("{} lists no page", file.display());
    }
    let mut truth = Vec::with_capacity(entries.len());
    for (id, entry) in entries {
        let html = html_path(dir, &id);
        if !html.is_file() {
            bail!("page {id} of {} has no {}", file.display(), html.display());
        }
        truth.push(Truth { id, url: entry.url, body: entry.article_body });
    }
    Ok(truth)
}

/// Reads and decompresses the pages of the set in `dir`, in page id order.
pub fn load_pages(dir: &Path) -> Result<Vec<Page>> {
    load_truth(dir)?
        .into_iter()
        .map(|t| {
            let path = html_path(dir, &t.id);
            let html = read_gz(&path).with_context(|| format!("reading {}", path.display()))?;
            Ok(Page { id: t.id, url: t.url, html })
        })
        .collect()
}

fn html_path(dir: &Path, id: &str) -> PathBuf {
    dir.join("html").join(format!("{id}.html.gz"))
}

fn read_gz(path: &Path) -> Result<String> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file).read_to_end(&mut bytes)?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("newsbite-eval-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("html")).expect("temp dir");
        dir
    }

    #[test]
    fn a_missing_folder_is_a_clear_error() {
        let err = load_truth(Path::new("/nonexistent/newsbite")).expect_err("no data");
        assert!(err.to_string().contains("no extraction data in /nonexistent/newsbite"));
    }

    #[test]
    fn loads_a_tiny_set_and_names_a_missing_page() {
        let dir = temp_dir("tiny");
        std::fs::write(
            dir.join("ground-truth.json"),
            r#"{"b": {"articleBody": "Two.", "url": "https://x.test/b"},
                "a": {"articleBody": "One.", "url": "https://x.test/a"}}"#,
        )
        .expect("write truth");
        for (id, html) in [("a", "<p>One.</p>"), ("b", "<p>Two.</p>")] {
            let file = std::fs::File::create(html_path(&dir, id)).expect("create");
            let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
            gz.write_all(html.as_bytes()).expect("write");
            gz.finish().expect("finish");
        }
        let pages = load_pages(&dir).expect("loads");
        assert_eq!(pages.len(), 2);
        assert_eq!((pages[0].id.as_str(), pages[0].html.as_str()), ("a", "<p>One.</p>"));
        assert_eq!(pages[1].url, "https://x.test/b");

        std::fs::remove_file(html_path(&dir, "b")).expect("remove");
        let err = load_truth(&dir).expect_err("page b is missing");
        assert!(err.to_string().starts_with("page b of "), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
