//! `newsbite-eval extraction`: main-text extraction on the ScrapingHub article-extraction set.
//!
//! Runs NewsBite's HTML reader (and, with `--peers`, its peers) over the same pages, each tool in
//! a child process of its own, and scores every tool's texts with the same Rust code
//! ([`crate::metric`], the benchmark's own metric). Prints one table (F1, precision, recall,
//! pages per second single-threaded on pages already in memory, peak memory, errors) and writes:
//!
//! - `bench/out/extraction-pages.tsv`: per page, each tool's precision, recall and F1, so that a
//!   regression can be traced to a page;
//! - `bench/out/extraction/<tool>/<id>.txt`: what each tool extracted, and `truth/<id>.txt` the
//!   expected text, ready for `diff`;
//! - `bench/out/extraction/<tool>.json`: each tool's raw output ([`tools::ToolOutput`]).
//!
//! Speed is also given for the bare parse of the pages by `dom_query` (the parser our reader is
//! built on), and our time is printed as a multiple of that floor.

mod data;
mod tools;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use newsbite_model::{Article, Block};

use crate::memory;
use crate::metric::{f1_difference, f1_interval, tokens, PageCounts, Summary, BOOTSTRAP_ROUNDS};
use crate::paths;
use crate::table::{tsv_cell, Align, Table};

pub use tools::{run_one, RunOneArgs};

/// Arguments of `newsbite-eval extraction`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data set folder, holding ground-truth.json and html/<id>.html.gz [default:
    /// $NEWSBITE_SHARED/bench/extraction/scrapinghub, NEWSBITE_SHARED defaulting to ../shared
    /// beside the repository]
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Also run the peers: trafilatura and readability-lxml (bench/peers/.venv), Readability.js
    /// (bench/peers/node_modules), and dom_smoothie and rs-trafilatura (with --features peers)
    #[arg(long)]
    peers: bool,
    /// Exit non-zero when our F1 is below X
    #[arg(long, value_name = "X")]
    min_f1: Option<f64>,
    /// At least N timed passes over the pages for each tool; the fastest pass gives pages/s
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..))]
    repeat: u32,
    /// More passes, until S seconds of extraction have been timed (at most 50 passes): a fast
    /// tool is timed more than once, a slow one's single pass already spans seconds
    #[arg(long, value_name = "S", default_value_t = 3.0)]
    min_seconds: f64,
    /// Run only these tools (comma-separated: ours, parse-floor, rs-trafilatura, dom_smoothie,
    /// trafilatura, readability-lxml, readability-js); peers need --peers
    #[arg(long, value_name = "TOOLS", value_delimiter = ',')]
    only: Vec<String>,
    /// Where to write the per-page scores and texts [default: bench/out in the repository]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Kill a tool still running after this many seconds (its row then says so)
    #[arg(long, value_name = "S", default_value_t = 1800)]
    timeout: u64,
    /// Echo what the tools write to stderr
    #[arg(long, short)]
    verbose: bool,
}

/// The text of an article that is scored against the benchmark's `articleBody`: its subheadings
/// and body blocks (paragraphs, lists, block quotes, tables) in reading order, one block per
/// paragraph (blank line between blocks, list items and table rows on lines of their own).
///
/// Left out, because the benchmark's annotators left them out of `articleBody` and a digest must
/// not take them for the reporter's text: the headline, the standfirst, the byline, photo
/// captions and credits, and teasers ("Read more: …").
pub fn scored_text(article: &Article) -> String {
    let mut out = String::new();
    for block in &article.blocks {
        if !(block.is_body() || matches!(block, Block::Heading { .. })) {
            continue;
        }
        let text = block.text_cow();
        if text.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&text);
    }
    out
}

/// What became of one tool.
enum Outcome {
    /// It ran: its output and scores.
    Ran {
        output: tools::ToolOutput,
        peak_rss: Option<u64>,
        /// One entry per page of the set, in page order (empty for an unscored tool).
        scores: Vec<PageCounts>,
        summary: Summary,
        /// Pages whose prediction has no token.
        empty: usize,
    },
    /// It could not run, and why.
    Missing(String),
}

/// `newsbite-eval extraction`.
pub fn run(args: Args) -> Result<()> {
    let data = args.data.clone().unwrap_or_else(data::default_dir);
    let truth = data::load_truth(&data)?;
    let out = args.out.clone().unwrap_or_else(paths::out_dir);
    let texts_dir = out.join("extraction");
    std::fs::create_dir_all(&texts_dir).with_context(|| format!("creating {}", texts_dir.display()))?;
    eprintln!("extraction: {} pages from {}", truth.len(), data.display());

    let mut tools = tools::tools(args.peers);
    if !args.only.is_empty() {
        for slug in &args.only {
            if !tools.iter().any(|t| t.slug == slug) {
                let known: Vec<&str> = tools.iter().map(|t| t.slug).collect();
                bail!("--only: no tool {slug:?} in this run (known: {})", known.join(", "));
            }
        }
        tools.retain(|t| args.only.iter().any(|s| s == t.slug));
    }
    let mut outcomes = Vec::with_capacity(tools.len());
    for tool in &tools {
        eprintln!("extraction: running {}", tool.label);
        let outcome = run_tool(tool, &data, &texts_dir, &truth, &args);
        if let Outcome::Missing(why) = &outcome {
            eprintln!("extraction: {}: {why}", tool.label);
        }
        outcomes.push(outcome);
    }

    write_texts(&texts_dir, &tools, &outcomes, &truth)?;
    let tsv = out.join("extraction-pages.tsv");
    write_pages_tsv(&tsv, &tools, &outcomes, &truth)?;

    print!("{}", report(&tools, &outcomes));
    println!(
        "\n{} pages; code {}; per-page scores: {}; texts: {}/<tool>/<id>.txt",
        truth.len(),
        paths::code_version(),
        tsv.display(),
        texts_dir.display()
    );

    if let Some(min) = args.min_f1 {
        match tools.iter().zip(&outcomes).find(|(t, _)| t.slug == "ours") {
            Some((_, Outcome::Ran { summary, .. })) if summary.f1 >= min => {}
            Some((_, Outcome::Ran { summary, .. })) => {
                bail!("our F1 {:.4} is below --min-f1 {min}", summary.f1)
            }
            Some((_, Outcome::Missing(why))) => bail!("our extractor did not run: {why}"),
            None => bail!("our extractor is not in the run"),
        }
    }
    Ok(())
}

fn run_tool(
    tool: &tools::Tool,
    data: &Path,
    texts_dir: &Path,
    truth: &[data::Truth],
    args: &Args,
) -> Outcome {
    let json = texts_dir.join(format!("{}.json", tool.slug));
    let _ = std::fs::remove_file(&json);
    let mut cmd = match tools::command(tool, data, &json, args.repeat, args.min_seconds) {
        Ok(cmd) => cmd,
        Err(why) => return Outcome::Missing(why),
    };
    let run = match memory::run_measured(&mut cmd, args.verbose, std::time::Duration::from_secs(args.timeout))
    {
        Ok(run) => run,
        Err(e) => return Outcome::Missing(format!("could not start: {e}")),
    };
    if !run.status.success() {
        return Outcome::Missing(format!("failed: {}", run.failure()));
    }
    let output: tools::ToolOutput = match std::fs::read_to_string(&json)
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
    {
        Ok(output) => output,
        Err(e) => return Outcome::Missing(format!("unreadable output {}: {e}", json.display())),
    };
    let (scores, empty) = if tool.scored {
        let scores: Vec<PageCounts> =
            truth.iter().map(|t| PageCounts::compare(&t.body, text_of(&output, &t.id))).collect();
        let empty = truth.iter().filter(|t| tokens(text_of(&output, &t.id)).is_empty()).count();
        (scores, empty)
    } else {
        (Vec::new(), 0)
    };
    let summary = Summary::of(&scores);
    Outcome::Ran { output, peak_rss: run.peak_rss, scores, summary, empty }
}

fn text_of<'a>(output: &'a tools::ToolOutput, id: &str) -> &'a str {
    output.texts.get(id).map(String::as_str).unwrap_or("")
}

/// The table, and under it our time against the parse floor.
fn report(tools: &[tools::Tool], outcomes: &[Outcome]) -> String {
    let mut table = Table::new(&[
        ("tool", Align::Left),
        ("version", Align::Left),
        ("F1", Align::Right),
        ("±95%", Align::Right),
        ("P", Align::Right),
        ("R", Align::Right),
        ("pages/s", Align::Right),
        ("peak MiB", Align::Right),
        ("errors", Align::Right),
        ("empty", Align::Right),
    ]);
    for (tool, outcome) in tools.iter().zip(outcomes) {
        match outcome {
            Outcome::Ran { output, peak_rss, summary, empty, scores } => {
                let (f1, ci, p, r, empty) = if tool.scored {
                    (
                        format!("{:.3}", summary.f1),
                        format!("{:.3}", f1_interval(scores, BOOTSTRAP_ROUNDS)),
                        format!("{:.3}", summary.precision),
                        format!("{:.3}", summary.recall),
                        empty.to_string(),
                    )
                } else {
                    ("-".into(), "-".into(), "-".into(), "-".into(), "-".into())
                };
                table.row(vec![
                    tool.label.to_string(),
                    output.version.clone(),
                    f1,
                    ci,
                    p,
                    r,
                    output.pages_per_second().map_or("-".into(), |s| format!("{s:.1}")),
                    peak_rss.map_or("-".into(), |b| format!("{:.0}", b as f64 / 1048576.0)),
                    if tool.scored { output.errors.len().to_string() } else { "-".into() },
                    empty,
                ]);
            }
            Outcome::Missing(why) => table.note(tool.label.to_string(), why.clone()),
        }
    }
    let mut out = table.render();
    let speed = |slug: &str| {
        tools.iter().zip(outcomes).find_map(|(t, o)| match o {
            Outcome::Ran { output, .. } if t.slug == slug => output.pages_per_second(),
            _ => None,
        })
    };
    if let (Some(ours), Some(floor)) = (speed("ours"), speed("parse-floor")) {
        let _ = writeln!(
            out,
            "\nours / parse floor: {:.2}x the time of the bare dom_query parse \
             ({:.2} ms vs {:.2} ms a page)",
            floor / ours,
            1000.0 / ours,
            1000.0 / floor
        );
    }
    if let Some(line) = versus_best_peer(tools, outcomes) {
        let _ = writeln!(out, "\n{line}");
    }
    let _ = writeln!(
        out,
        "\nF1, P, R: the benchmark's metric (word 4-gram shingles, page-normalised; P averaged over \
         pages with a non-empty output, R over all; F1 of the two averages); ±95%: 1.96 stdev of F1 over \
         1000 bootstrap resamples of the pages. pages/s: one thread, \
         pages in memory, fastest pass. peak MiB: max RSS of the tool's process (all pages held). \
         empty: pages with no word extracted (they lower R, not P)."
    );
    out
}

/// Ours against the peer with the best F1: the difference and its paired-bootstrap interval, so
/// that "above every peer" can be told from noise.
fn versus_best_peer(tools: &[tools::Tool], outcomes: &[Outcome]) -> Option<String> {
    let mut ours = None;
    let mut best: Option<(&str, f64, &[PageCounts])> = None;
    for (tool, outcome) in tools.iter().zip(outcomes) {
        let Outcome::Ran { summary, scores, .. } = outcome else { continue };
        if !tool.scored {
            continue;
        }
        let (f1, scores) = (summary.f1, scores.as_slice());
        if tool.slug == "ours" {
            ours = Some(scores);
        } else if best.is_none_or(|(_, b, _)| f1 > b) {
            best = Some((tool.label, f1, scores));
        }
    }
    let (ours, (label, _, peer)) = (ours?, best?);
    let (diff, width) = f1_difference(ours, peer, BOOTSTRAP_ROUNDS);
    let verdict = if diff - width > 0.0 {
        "above it"
    } else if diff + width < 0.0 {
        "below it"
    } else {
        "not told apart on these pages"
    };
    Some(format!(
        "ours - best peer ({label}): F1 {diff:+.3} ±{width:.3} (paired bootstrap of pages): {verdict}"
    ))
}

/// Writes each tool's text per page, and the truth, as `<tool>/<id>.txt`.
fn write_texts(dir: &Path, tools: &[tools::Tool], outcomes: &[Outcome], truth: &[data::Truth]) -> Result<()> {
    let mut sets: Vec<(&str, Vec<(&str, &str)>)> =
        vec![("truth", truth.iter().map(|t| (t.id.as_str(), t.body.as_str())).collect())];
    for (tool, outcome) in tools.iter().zip(outcomes) {
        match (tool.scored, outcome) {
            (true, Outcome::Ran { output, .. }) => sets
                .push((tool.slug, truth.iter().map(|t| (t.id.as_str(), text_of(output, &t.id))).collect())),
            // No stale texts of an earlier run for a tool that did not run this time.
            (true, Outcome::Missing(_)) => {
                let sub = dir.join(tool.slug);
                if sub.exists() {
                    std::fs::remove_dir_all(&sub).with_context(|| format!("clearing {}", sub.display()))?;
                }
            }
            (false, _) => {}
        }
    }
    for (name, texts) in sets {
        let sub = dir.join(name);
        if sub.exists() {
            std::fs::remove_dir_all(&sub).with_context(|| format!("clearing {}", sub.display()))?;
        }
        std::fs::create_dir_all(&sub).with_context(|| format!("creating {}", sub.display()))?;
        for (id, text) in texts {
            let path = sub.join(format!("{id}.txt"));
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(())
}

/// Writes one line per page: its id, URL and truth length, then each scored tool's P, R and F1
/// (`NA` where undefined: P of an empty output), word count and error.
fn write_pages_tsv(
    path: &Path,
    tools: &[tools::Tool],
    outcomes: &[Outcome],
    truth: &[data::Truth],
) -> Result<()> {
    let ran: Vec<(&tools::Tool, &tools::ToolOutput, &[PageCounts])> = tools
        .iter()
        .zip(outcomes)
        .filter_map(|(tool, outcome)| match outcome {
            Outcome::Ran { output, scores, .. } if tool.scored => Some((tool, output, scores.as_slice())),
            _ => None,
        })
        .collect();
    let mut tsv = String::from("id\turl\ttruth_words");
    for (tool, _, _) in &ran {
        for column in ["p", "r", "f1", "words", "error"] {
            let _ = write!(tsv, "\t{}.{column}", tool.slug);
        }
    }
    tsv.push('\n');
    let na = |x: Option<f64>| x.map_or("NA".to_string(), |x| format!("{x:.4}"));
    for (i, page) in truth.iter().enumerate() {
        let _ = write!(tsv, "{}\t{}\t{}", page.id, tsv_cell(&page.url), tokens(&page.body).len());
        for (_, output, scores) in &ran {
            let c = scores.get(i).copied().unwrap_or_default();
            let _ = write!(
                tsv,
                "\t{}\t{}\t{}\t{}\t{}",
                na(c.precision()),
                na(c.recall()),
                na(c.f1()),
                tokens(text_of(output, &page.id)).len(),
                tsv_cell(output.errors.get(&page.id).map_or("", String::as_str)),
            );
        }
        tsv.push('\n');
    }
    std::fs::write(path, tsv).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scored_text_keeps_headings_and_body_blocks_in_order() {
        let mut article = Article::new("The headline is not scored");
        article.standfirst = Some("Nor is the standfirst.".into());
        article.blocks = vec![
            Block::Paragraph { text: "First paragraph.".into() },
            Block::Caption { text: "A caption.".into(), credit: Some("Photo: AP".into()) },
            Block::Heading { text: "A subheading".into(), level: 2 },
            Block::Teaser { text: "Read more: elsewhere".into() },
            Block::List { ordered: false, items: vec!["one".into(), "two".into()] },
            Block::Quote { text: "A block quote.".into() },
            Block::Paragraph { text: "  ".into() },
            Block::Table { rows: vec![vec!["a".into(), "b".into()], vec!["1".into(), "2".into()]] },
        ];
        assert_eq!(
            scored_text(&article),
            "First paragraph.\n\nA subheading\n\none\ntwo\n\nA block quote.\n\na\tb\n1\t2"
        );
    }

    #[test]
    fn scored_text_of_an_article_without_blocks_is_empty() {
        assert_eq!(scored_text(&Article::new("Only a headline")), "");
    }
}
