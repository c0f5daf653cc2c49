//! `newsbite-eval summaries`: the bite against BBC News Summary, beside Lead-3, LexRank and
//! TextRank.
//!
//! Every article (`News Articles/<section>/NNN.txt`, line 1 the title) is read with NewsBite's
//! record reader, as `newsbite read` would; one that cannot be read (the invalid UTF-8
//! `sport/199.txt`) is reported by its named error and skipped for every system. Our bite is
//! taken at a fixed budget of N sentences with no word cap ([`Budget::sentences`]). The
//! articles, references and bites go to `bench/peers/summaries.py` as JSON lines; it runs the
//! peers (sumy) and scores all systems with Python `rouge-score` in the same run, and prints the
//! table.
//!
//! Split: articles with an odd file number are `train` (the bite's weights were learned there,
//! with `--learn`, and its length weight picked, with `--tune`), even ones are `test` (held out).
//! The table is printed for all, test and train.
//!
//! Measured on 2026-11-26 (`cargo run --release -p newsbite-eval -- summaries`; 2,224 articles,
//! `sport/199` skipped as not UTF-8; ROUGE-1/2/Lsum F1 × 100, 3 sentences):
//!
//! | system | all | test (held out) |
//! |---|---|---|
//! | NewsBite | 60.7 / 56.1 / 60.2 | 60.7 / 56.1 / 60.2 |
//! | Lead-3 | 44.5 / 35.9 / 43.5 | 44.3 / 35.5 / 43.2 |
//! | LexRank | 49.3 / 42.5 / 48.5 | 49.1 / 42.2 / 48.3 |
//! | TextRank | 59.7 / 55.0 / 59.2 | 59.3 / 54.4 / 58.8 |
//!
//! Before the bite kept a sentence that leans on the one before it (`He said…`, `“…,” he
//! said.`) next to that one, NewsBite scored 61.3 / 56.7 / 60.8 (all): the references take such
//! sentences freely; a reader of a three-sentence bite cannot. Leaving out, too, sentences that
//! name a person by the surname alone before the bite has introduced them (as the story bite
//! does) scored 56.5 / 50.7 / 55.9, below TextRank: BBC's references are full of `Mr Blair
//! said…`, so the article bite does not do it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use newsbite_analyze::bite::{self, Budget, Candidate, FEATURES, WEIGHTS};
use newsbite_analyze::Doc;
use newsbite_extract::record;

/// Options of `newsbite-eval summaries`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The BBC News Summary folder (holding `News Articles/` and `Summaries/`).
    #[arg(long, default_value = "../shared/bench/summaries/bbc")]
    pub dir: PathBuf,
    /// Sentences per summary, for every system.
    #[arg(long, default_value_t = 3)]
    pub sentences: usize,
    /// The Python with sumy, rouge-score and nltk (default: bench/peers/.venv/bin/python when it
    /// exists, else python3).
    #[arg(long)]
    pub python: Option<PathBuf>,
    /// The peers-and-scoring script.
    #[arg(long, default_value = "bench/peers/summaries.py")]
    pub script: PathBuf,
    /// Where to keep the JSON lines handed to the script (default: a file in the temp folder).
    #[arg(long)]
    pub keep: Option<PathBuf>,
    /// Also write the scores as JSON here.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Only the first N articles (in section and file order).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Instead of scoring: learn the bite's feature weights by logistic regression on the train
    /// split (odd file numbers) and print them.
    #[arg(long)]
    pub learn: bool,
    /// Instead of scoring: try length weights for the bite's selection score on the train split
    /// against a quick ROUGE-1/2 stand-in (unstemmed unigram and bigram F1) and print them.
    #[arg(long)]
    pub tune: bool,
}

/// One article of the set.
struct Item {
    id: String,
    train: bool,
    article: PathBuf,
    summary: PathBuf,
}

fn items(dir: &Path) -> anyhow::Result<Vec<Item>> {
    let articles = dir.join("News Articles");
    let mut sections: Vec<_> = std::fs::read_dir(&articles)
        .with_context(|| format!("reading {}", articles.display()))?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    sections.sort();
    let mut out = Vec::new();
    for section in sections {
        let mut files: Vec<_> = std::fs::read_dir(articles.join(&section))?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        files.sort();
        for name in files {
            let stem = name.trim_end_matches(".txt");
            let number: u32 = stem.parse().unwrap_or(0);
            out.push(Item {
                id: format!("{section}/{stem}"),
                train: number % 2 == 1,
                article: articles.join(&section).join(&name),
                summary: dir.join("Summaries").join(&section).join(&name),
            });
        }
    }
    Ok(out)
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    let mut items = items(&args.dir)?;
    if items.is_empty() {
        bail!("no articles under {}", args.dir.join("News Articles").display());
    }
    if let Some(limit) = args.limit {
        items.truncate(limit);
    }
    if args.learn {
        return learn(&items);
    }
    if args.tune {
        return tune(&items, args.sentences);
    }
    let budget = Budget::sentences(args.sentences);
    let path = args.keep.clone().unwrap_or_else(|| std::env::temp_dir().join("newsbite-summaries.jsonl"));
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
    );
    let (mut written, mut skipped) = (0usize, 0usize);
    for item in &items {
        let bytes =
            std::fs::read(&item.article).with_context(|| format!("reading {}", item.article.display()))?;
        let reading = match record::read(&bytes) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("skipped {} for every system: {e}", item.id);
                skipped += 1;
                continue;
            }
        };
        let reference = std::fs::read_to_string(&item.summary)
            .with_context(|| format!("reading {}", item.summary.display()))?;
        let doc = Doc::new(&reading.article);
        let ours: Vec<String> = bite::bite_with(&doc, budget).into_iter().map(|s| s.text).collect();
        // The peers read the body as stored: everything after the title line (valid UTF-8 here,
        // since the reader accepted it).
        let text = String::from_utf8_lossy(&bytes);
        let body = text.split_once('\n').map_or("", |(_, rest)| rest);
        let line = serde_json::json!({
            "id": item.id,
            "split": if item.train { "train" } else { "test" },
            "text": body,
            "reference": reference.trim(),
            "ours": ours,
        });
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
        written += 1;
    }
    out.flush()?;
    drop(out);
    eprintln!("{written} articles written to {} ({skipped} skipped); scoring…", path.display());

    let python = args.python.clone().unwrap_or_else(|| {
        let venv = PathBuf::from("bench/peers/.venv/bin/python");
        if venv.exists() {
            venv
        } else {
            PathBuf::from("python3")
        }
    });
    let mut cmd = Command::new(&python);
    cmd.arg(&args.script).arg(&path).arg("--sentences").arg(args.sentences.to_string());
    if let Some(json) = &args.json {
        cmd.arg("--json").arg(json);
    }
    let status = cmd.status().with_context(|| format!("running {}", python.display()))?;
    if !status.success() {
        bail!("{} {} failed ({status})", python.display(), args.script.display());
    }
    if skipped > 0 {
        println!("\n{skipped} article(s) skipped for every system (see above).");
    }
    Ok(())
}

/// Collapses white space, for matching a sentence inside a reference.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Learns the bite's weights: logistic regression of "the sentence is in the reference" on the
/// bite's features, over the train split (odd file numbers), by full-batch gradient descent on
/// standardised features with a little L2; prints the weights in the original feature scale.
fn learn(items: &[Item]) -> anyhow::Result<()> {
    let mut xs: Vec<[f64; bite::N_FEATURES]> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    for item in items.iter().filter(|i| i.train) {
        let bytes = std::fs::read(&item.article)?;
        let Ok(reading) = record::read(&bytes) else { continue };
        let reference = squash(&std::fs::read_to_string(&item.summary)?);
        let doc = Doc::new(&reading.article);
        let candidates: Vec<Candidate<'_>> = bite::candidates(&doc);
        for c in &candidates {
            xs.push(c.features);
            ys.push(if reference.contains(&squash(c.text)) { 1.0 } else { 0.0 });
        }
    }
    let n = xs.len() as f64;
    if xs.is_empty() {
        bail!("no training sentences");
    }
    let positives = ys.iter().sum::<f64>();
    eprintln!("{} sentences, {:.1}% in the reference", xs.len(), 100.0 * positives / n);
    let d = FEATURES.len();
    // Standardise every feature but the bias.
    let mut mean = vec![0.0; d];
    let mut sd = vec![1.0; d];
    for j in 1..d {
        mean[j] = xs.iter().map(|x| x[j]).sum::<f64>() / n;
        let var = xs.iter().map(|x| (x[j] - mean[j]).powi(2)).sum::<f64>() / n;
        sd[j] = var.sqrt().max(1e-9);
    }
    let z: Vec<Vec<f64>> = xs
        .iter()
        .map(|x| (0..d).map(|j| if j == 0 { 1.0 } else { (x[j] - mean[j]) / sd[j] }).collect())
        .collect();
    let mut w = vec![0.0; d];
    let (rate, l2) = (0.5, 1e-4);
    for _ in 0..3000 {
        let mut grad = vec![0.0; d];
        for (x, &y) in z.iter().zip(&ys) {
            let p = 1.0 / (1.0 + (-x.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>()).exp());
            for j in 0..d {
                grad[j] += (p - y) * x[j];
            }
        }
        for j in 0..d {
            w[j] -= rate * (grad[j] / n + if j == 0 { 0.0 } else { l2 * w[j] });
        }
    }
    // Back to the original scale.
    let mut raw = vec![0.0; d];
    raw[0] = w[0];
    for j in 1..d {
        raw[j] = w[j] / sd[j];
        raw[0] -= w[j] * mean[j] / sd[j];
    }
    println!("standardised weights:");
    for j in 0..d {
        println!("  {:<26} {:+.3}", FEATURES[j], w[j]);
    }
    let list: Vec<String> = raw.iter().map(|v| format!("{v:.3}")).collect();
    println!("pub const WEIGHTS: [f64; {d}] = [{}];", list.join(", "));
    Ok(())
}

/// Lower-cased alphanumeric tokens, as rouge-score cuts them (without its stemming).
fn rouge_tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// F1 of the n-gram overlap between a summary and a reference.
fn ngram_f1(summary: &[String], reference: &[String], n: usize) -> f64 {
    use std::collections::HashMap;
    fn grams(t: &[String], n: usize) -> HashMap<&[String], usize> {
        let mut m: HashMap<&[String], usize> = HashMap::new();
        for g in t.windows(n) {
            *m.entry(g).or_default() += 1;
        }
        m
    }
    let (s, r) = (grams(summary, n), grams(reference, n));
    let overlap: usize = s.iter().map(|(g, c)| (*c).min(r.get(g).copied().unwrap_or(0))).sum();
    let (ns, nr) = (s.values().sum::<usize>(), r.values().sum::<usize>());
    if overlap == 0 || ns == 0 || nr == 0 {
        return 0.0;
    }
    let (p, rc) = (overlap as f64 / ns as f64, overlap as f64 / nr as f64);
    2.0 * p * rc / (p + rc)
}

/// Tries length weights for the selection score on the train split.
fn tune(items: &[Item], sentences: usize) -> anyhow::Result<()> {
    let mut data = Vec::new();
    for item in items.iter().filter(|i| i.train) {
        let bytes = std::fs::read(&item.article)?;
        let Ok(reading) = record::read(&bytes) else { continue };
        data.push((reading.article, rouge_tokens(&std::fs::read_to_string(&item.summary)?)));
    }
    let budget = Budget::sentences(sentences);
    for step in 0..=12 {
        let alpha = step as f64 * 0.25;
        let (mut r1, mut r2) = (0.0, 0.0);
        for (article, reference) in &data {
            let doc = Doc::new(article);
            let candidates = bite::candidates(&doc);
            let scores: Vec<f64> = candidates.iter().map(|c| c.score(&WEIGHTS, alpha)).collect();
            let chosen = bite::select(&candidates, &scores, budget);
            let text: Vec<&str> = chosen.iter().map(|&i| candidates[i].text).collect();
            let summary = rouge_tokens(&text.join(" "));
            r1 += ngram_f1(&summary, reference, 1);
            r2 += ngram_f1(&summary, reference, 2);
        }
        let n = data.len().max(1) as f64;
        println!("length weight {alpha:.2}: R1 {:.1} R2 {:.1}", 100.0 * r1 / n, 100.0 * r2 / n);
    }
    Ok(())
}
