//! The tools the extraction benchmark runs, and how each one is run.
//!
//! Every tool runs in a child process of its own, so that its peak memory is its own (see
//! [`crate::memory`]): the Rust tools in this binary's hidden `run-one` subcommand, the Python and
//! Node peers in `bench/peers/extract.py` and `bench/peers/extract.js`. All of them follow one
//! protocol: read the pages of the set from `--data` (decompressing them into memory before any
//! clock starts), extract all pages single-threaded in passes, at least `--repeat` passes and
//! more until `--min-seconds` have been timed (at most [`MAX_PASSES`]), timing only the
//! extraction (text out included), and write a JSON [`ToolOutput`] to `--out`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::data::{self, Page};
use super::scored_text;
use crate::peers;

/// The tools that run inside this binary (in a child process of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InProcess {
    /// NewsBite's HTML reader.
    Ours,
    /// The bare `dom_query` parse of each page: the floor under our speed.
    ParseFloor,
    /// The `dom_smoothie` crate (Readability port), with the `peers` feature.
    DomSmoothie,
    /// The `rs-trafilatura` crate, with the `peers` feature.
    RsTrafilatura,
}

/// How a tool is started.
#[derive(Debug, Clone, Copy)]
pub enum Runner {
    /// `newsbite-eval run-one --tool …`.
    InProcess(InProcess),
    /// `bench/peers/extract.py --tool NAME` in the venv.
    Python(&'static str),
    /// `bench/peers/extract.js --tool NAME`.
    Node(&'static str),
}

/// One row of the benchmark.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    /// A short name for files and TSV columns.
    pub slug: &'static str,
    /// The name in the table (the version is added from the tool's own output).
    pub label: &'static str,
    /// How it runs.
    pub runner: Runner,
    /// Whether its texts are scored (the parse floor produces none).
    pub scored: bool,
}

/// Ours, the parse floor, and with `peers` the peers.
pub fn tools(with_peers: bool) -> Vec<Tool> {
    let mut tools = vec![
        Tool {
            slug: "ours",
            label: "newsbite (ours)",
            runner: Runner::InProcess(InProcess::Ours),
            scored: true,
        },
        Tool {
            slug: "parse-floor",
            label: "dom_query parse only",
            runner: Runner::InProcess(InProcess::ParseFloor),
            scored: false,
        },
    ];
    if with_peers {
        tools.extend([
            Tool {
                slug: "rs-trafilatura",
                label: "rs-trafilatura (Rust)",
                runner: Runner::InProcess(InProcess::RsTrafilatura),
                scored: true,
            },
            Tool {
                slug: "dom_smoothie",
                label: "dom_smoothie (Rust)",
                runner: Runner::InProcess(InProcess::DomSmoothie),
                scored: true,
            },
            Tool {
                slug: "trafilatura",
                label: "trafilatura (Python)",
                runner: Runner::Python("trafilatura"),
                scored: true,
            },
            Tool {
                slug: "readability-lxml",
                label: "readability-lxml (Python)",
                runner: Runner::Python("readability-lxml"),
                scored: true,
            },
            Tool {
                slug: "readability-js",
                label: "Readability.js (Node, jsdom)",
                runner: Runner::Node("readability-js"),
                scored: true,
            },
        ]);
    }
    tools
}

/// What a tool run writes: its texts and errors per page id, and the time of each pass.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ToolOutput {
    /// The tool's name.
    pub tool: String,
    /// The tool's version, as it reports it.
    pub version: String,
    /// How many pages each pass read.
    pub pages: usize,
    /// The wall time of each pass over all pages, in seconds.
    pub seconds: Vec<f64>,
    /// The text extracted from each page (of the first pass), by page id.
    pub texts: BTreeMap<String, String>,
    /// The pages the tool failed on, by page id, with its message.
    pub errors: BTreeMap<String, String>,
}

impl ToolOutput {
    /// Pages per second of the fastest pass.
    pub fn pages_per_second(&self) -> Option<f64> {
        let best = self.seconds.iter().copied().fold(f64::INFINITY, f64::min);
        (best.is_finite() && best > 0.0).then(|| self.pages as f64 / best)
    }
}

/// The command that runs `tool` on the set in `data`, writing its [`ToolOutput`] to `out`, or
/// why it cannot run here.
pub fn command(
    tool: &Tool,
    data: &Path,
    out: &Path,
    repeat: u32,
    min_seconds: f64,
) -> std::result::Result<Command, String> {
    let mut cmd = match tool.runner {
        Runner::InProcess(which) => {
            if !available(which) {
                return Err("not built: build newsbite-eval with `--features peers` to run it".into());
            }
            let exe = std::env::current_exe().map_err(|e| format!("no path to self: {e}"))?;
            let mut cmd = Command::new(exe);
            cmd.arg("run-one").arg("--tool").arg(slug_of(which));
            cmd
        }
        Runner::Python(name) => {
            let mut cmd = peers::python_script("extract.py")?;
            cmd.arg("--tool").arg(name);
            cmd
        }
        Runner::Node(name) => {
            let mut cmd = peers::node_script("extract.js", &["@mozilla/readability", "jsdom"])?;
            cmd.arg("--tool").arg(name);
            cmd
        }
    };
    cmd.arg("--data").arg(data).arg("--out").arg(out);
    cmd.arg("--repeat").arg(repeat.to_string()).arg("--min-seconds").arg(min_seconds.to_string());
    Ok(cmd)
}

fn slug_of(which: InProcess) -> &'static str {
    match which {
        InProcess::Ours => "ours",
        InProcess::ParseFloor => "parse-floor",
        InProcess::DomSmoothie => "dom-smoothie",
        InProcess::RsTrafilatura => "rs-trafilatura",
    }
}

/// Whether this build can run the tool (the Rust peers need the `peers` feature).
fn available(which: InProcess) -> bool {
    match which {
        InProcess::Ours | InProcess::ParseFloor => true,
        InProcess::DomSmoothie | InProcess::RsTrafilatura => cfg!(feature = "peers"),
    }
}

/// Arguments of the hidden `run-one` subcommand: one Rust tool over the set, in this process.
#[derive(Debug, clap::Args)]
pub struct RunOneArgs {
    /// The tool.
    #[arg(long, value_enum)]
    tool: InProcess,
    /// The data set folder.
    #[arg(long)]
    data: PathBuf,
    /// Where to write the JSON output.
    #[arg(long)]
    out: PathBuf,
    /// At least this many timed passes over the pages.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    repeat: u32,
    /// More passes until this many seconds have been timed (at most [`MAX_PASSES`]).
    #[arg(long, default_value_t = 0.0)]
    min_seconds: f64,
}

/// The most passes `--min-seconds` asks for.
pub const MAX_PASSES: u32 = 50;

/// Whether a runner that has made `passes` passes taking `timed` seconds in all makes another.
pub fn another_pass(passes: u32, timed: f64, repeat: u32, min_seconds: f64) -> bool {
    passes < repeat.max(1) || (timed < min_seconds && passes < MAX_PASSES)
}

/// `run-one`: runs one in-process tool over all pages and writes its [`ToolOutput`].
pub fn run_one(args: RunOneArgs) -> Result<()> {
    if !available(args.tool) {
        anyhow::bail!("{:?} needs newsbite-eval built with `--features peers`", args.tool);
    }
    let pages = data::load_pages(&args.data)?;
    let mut output = ToolOutput {
        tool: slug_of(args.tool).to_string(),
        version: version(args.tool).to_string(),
        pages: pages.len(),
        ..ToolOutput::default()
    };
    let mut pass = 0;
    while another_pass(pass, output.seconds.iter().sum(), args.repeat, args.min_seconds) {
        let start = Instant::now();
        let results: Vec<Result<String, String>> =
            pages.iter().map(|page| extract_one(args.tool, page)).collect();
        output.seconds.push(start.elapsed().as_secs_f64());
        if pass == 0 {
            for (page, result) in pages.iter().zip(results) {
                match result {
                    Ok(text) => {
                        output.texts.insert(page.id.clone(), text);
                    }
                    Err(message) => {
                        output.errors.insert(page.id.clone(), message);
                    }
                }
            }
        }
        pass += 1;
    }
    let json = serde_json::to_string(&output)?;
    std::fs::write(&args.out, json).with_context(|| format!("writing {}", args.out.display()))
}

fn version(which: InProcess) -> &'static str {
    match which {
        InProcess::Ours => env!("CARGO_PKG_VERSION"),
        InProcess::ParseFloor => "0.29",
        InProcess::DomSmoothie => "0.19.0",
        InProcess::RsTrafilatura => "0.2.2",
    }
}

/// One page through one tool; a panic is caught and becomes that page's error.
fn extract_one(which: InProcess, page: &Page) -> Result<String, String> {
    let result = catch_unwind(AssertUnwindSafe(|| match which {
        InProcess::Ours => ours(page),
        InProcess::ParseFloor => {
            let doc = dom_query::Document::from(page.html.as_str());
            black_box(&doc);
            Ok(String::new())
        }
        InProcess::DomSmoothie => dom_smoothie(page),
        InProcess::RsTrafilatura => rs_trafilatura(page),
    }));
    match result {
        Ok(r) => r,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!("panicked: {message}"))
        }
    }
}

fn ours(page: &Page) -> Result<String, String> {
    let url = (!page.url.is_empty()).then_some(page.url.as_str());
    match newsbite_extract::html::read(page.html.as_bytes(), url) {
        Ok(reading) => Ok(scored_text(&reading.article)),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(feature = "peers")]
fn dom_smoothie(page: &Page) -> Result<String, String> {
    let url = (!page.url.is_empty()).then_some(page.url.as_str());
    let mut readability =
        dom_smoothie::Readability::new(page.html.as_str(), url, None).map_err(|e| e.to_string())?;
    let article = readability.parse().map_err(|e| e.to_string())?;
    Ok(article.text_content.to_string())
}

#[cfg(feature = "peers")]
fn rs_trafilatura(page: &Page) -> Result<String, String> {
    let options = rs_trafilatura::Options {
        url: (!page.url.is_empty()).then(|| page.url.clone()),
        ..rs_trafilatura::Options::default()
    };
    let result = rs_trafilatura::extract_with_options(&page.html, &options).map_err(|e| e.to_string())?;
    Ok(result.content_text)
}

#[cfg(not(feature = "peers"))]
fn dom_smoothie(_: &Page) -> Result<String, String> {
    Err("built without the `peers` feature".into())
}

#[cfg(not(feature = "peers"))]
fn rs_trafilatura(_: &Page) -> Result<String, String> {
    Err("built without the `peers` feature".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_cover_repeat_and_min_seconds() {
        assert!(another_pass(0, 0.0, 1, 0.0));
        assert!(!another_pass(1, 0.1, 1, 0.0));
        assert!(another_pass(1, 1.0, 1, 3.0));
        assert!(!another_pass(3, 3.2, 1, 3.0));
        assert!(another_pass(2, 9.0, 3, 3.0));
        assert!(!another_pass(MAX_PASSES, 0.01, 1, 3.0));
    }

    #[test]
    fn pages_per_second_uses_the_fastest_pass() {
        let out = ToolOutput { pages: 100, seconds: vec![2.0, 0.5, 1.0], ..ToolOutput::default() };
        assert_eq!(out.pages_per_second(), Some(200.0));
        assert_eq!(ToolOutput::default().pages_per_second(), None);
    }

    #[test]
    fn every_peer_has_a_unique_slug_and_ours_comes_first() {
        let tools = tools(true);
        assert_eq!(tools[0].slug, "ours");
        let mut slugs: Vec<&str> = tools.iter().map(|t| t.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), tools.len());
    }
}
