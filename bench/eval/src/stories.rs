//! `newsbite-eval stories`: story clustering on the Google News set, one item at a time.
//!
//! Each of the three views of the set (`T` titles, `S` snippets, `TS` both; 11,109 items in 152
//! stories, already lower-cased, stop-word-free and lemmatised) is fed to the streaming clusterer
//! of `newsbite-stories` in file order, with no time window (the set is one snapshot), and the
//! result is scored with NMI, ARI and B-cubed against the `cluster` labels. The published batch
//! GSDMM figures are printed beside ours; GSDMM sees the whole set at once, we see one item at a
//! time and never revise an assignment.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use newsbite_stories::cluster::{Clusterer, Config};
use newsbite_stories::metrics;

use crate::paths;
use crate::table::{Align, Table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Google News folder [default: SHARED/bench/stories/googlenews].
    #[arg(long)]
    data: Option<PathBuf>,
    /// Fail (exit non-zero) if NMI on TS is below this.
    #[arg(long)]
    min_nmi: Option<f64>,
}

/// Published batch GSDMM (Yin & Wang, KDD 2014): NMI and ARI per view.
const GSDMM: &[(&str, f64, f64)] = &[("T", 0.874, 0.693), ("S", 0.896, 0.746), ("TS", 0.928, 0.789)];

pub fn run(args: Args) -> anyhow::Result<()> {
    let dir = args.data.unwrap_or_else(|| paths::shared_dir().join("bench/stories/googlenews"));
    if !dir.is_dir() {
        bail!("{}: no such folder (set NEWSBITE_SHARED or pass --data)", dir.display());
    }
    let mut table = Table::new(&[
        ("view", Align::Left),
        ("system", Align::Left),
        ("NMI", Align::Right),
        ("ARI", Align::Right),
        ("B3 P", Align::Right),
        ("B3 R", Align::Right),
        ("B3 F1", Align::Right),
        ("stories", Align::Right),
        ("items/s", Align::Right),
    ]);
    let mut ts_nmi = None;
    for (view, gsdmm_nmi, gsdmm_ari) in GSDMM {
        let path = dir.join(format!("{view}.jsonl"));
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut items: Vec<(Vec<String>, usize)> = Vec::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
            let (Some(words), Some(label)) = (v["text"].as_str(), v["cluster"].as_u64()) else {
                bail!("{}:{}: expected {{\"text\", \"cluster\"}}", path.display(), i + 1);
            };
            items.push((words.split_whitespace().map(str::to_string).collect(), label as usize));
        }
        let mut clusterer = Clusterer::new(Config { window_secs: None, ..Config::default() });
        let start = Instant::now();
        let predicted: Vec<usize> = items.iter().map(|(words, _)| clusterer.add(words, 0).story).collect();
        let seconds = start.elapsed().as_secs_f64();
        let truth: Vec<usize> = items.iter().map(|(_, label)| *label).collect();
        let s = metrics::score(&predicted, &truth);
        if *view == "TS" {
            ts_nmi = Some(s.nmi);
        }
        table.row(vec![
            view.to_string(),
            "newsbite (stream)".into(),
            format!("{:.3}", s.nmi),
            format!("{:.3}", s.ari),
            format!("{:.3}", s.bcubed_precision),
            format!("{:.3}", s.bcubed_recall),
            format!("{:.3}", s.bcubed_f1),
            clusterer.stories().to_string(),
            format!("{:.0}", items.len() as f64 / seconds.max(1e-9)),
        ]);
        table.row(vec![
            view.to_string(),
            "GSDMM (batch, published)".into(),
            format!("{gsdmm_nmi:.3}"),
            format!("{gsdmm_ari:.3}"),
        ]);
    }
    print!("{}", table.render());
    println!("code: {}", paths::code_version());
    if let (Some(min), Some(nmi)) = (args.min_nmi, ts_nmi) {
        if nmi < min {
            bail!("NMI on TS is {nmi:.3}, below the required {min}");
        }
    }
    Ok(())
}
