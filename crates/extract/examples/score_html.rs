//! Scores the HTML reader on the ScrapingHub article-extraction benchmark.
//!
//! ```text
//! cargo run --release -p newsbite-extract --example score_html -- [DIR] [--worst N] [--show ID]
//! ```
//!
//! DIR holds `html/<id>.html.gz` and `ground-truth.json` (default:
//! `../shared/bench/extraction/scrapinghub`). The metric is the benchmark's own: `\w+` tokens,
//! word 4-gram shingle multisets per page, TP/FP/FN normalised per page, precision and recall
//! averaged over pages, F1 of the averages. The text scored is the article's headings and body
//! blocks (paragraphs, lists, quotes, tables) in order; headline, captions and teasers are not.
//! Also prints pages per second for the reader (bytes in, Article out: charset, parse, extraction)
//! and for a bare `dom_query` parse of the same pages, each the fastest of three runs per page.

use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

use newsbite_extract::html;
use newsbite_model::{Article, Block};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = String::from("../shared/bench/extraction/scrapinghub");
    let mut worst = 15usize;
    let mut show: Option<String> = None;
    let mut junk = false;
    let mut missed = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--worst" => worst = args.next().and_then(|n| n.parse().ok()).unwrap_or(worst),
            "--show" => show = args.next(),
            "--junk" => junk = true,
            "--missed" => missed = true,
            "--why" => {
                let id = args.next().unwrap_or_default();
                let needle = args.next().unwrap_or_default();
                let path = std::fs::read_dir(format!("{dir}/html"))
                    .expect("html dir")
                    .filter_map(Result::ok)
                    .find(|e| e.file_name().to_string_lossy().starts_with(&id))
                    .expect("a page with that id")
                    .path();
                let mut bytes = Vec::new();
                let gz = std::fs::read(path).expect("page");
                flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut bytes).expect("gzip");
                println!("{}", html::explain(&String::from_utf8_lossy(&bytes), &needle));
                return;
            }
            _ => dir = a,
        }
    }
    let truth: serde_json::Value = {
        let text = std::fs::read_to_string(format!("{dir}/ground-truth.json")).expect("ground-truth.json");
        serde_json::from_str(&text).expect("ground truth is JSON")
    };
    let truth = truth.as_object().expect("an object");
    let mut pages: Vec<(String, String, String, Vec<u8>)> = Vec::new();
    for (id, v) in truth {
        if show.as_ref().is_some_and(|s| !id.starts_with(s.as_str())) {
            continue;
        }
        let path = format!("{dir}/html/{id}.html.gz");
        let Ok(gz) = std::fs::read(&path) else { continue };
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut bytes).expect("gzip");
        let body = v["articleBody"].as_str().unwrap_or("").to_string();
        let url = v["url"].as_str().unwrap_or("").to_string();
        pages.push((id.clone(), url, body, bytes));
    }
    pages.sort_by(|a, b| a.0.cmp(&b.0));

    let mut results = Vec::new();
    let mut spent = Duration::ZERO;
    for (id, url, body, bytes) in &pages {
        // The fastest of a few runs: the machine is shared, and the minimum is the least noisy.
        let mut best = Duration::MAX;
        let mut reading = html::read(bytes, Some(url));
        for _ in 0..PASSES {
            let t = Instant::now();
            reading = html::read(bytes, Some(url));
            best = best.min(t.elapsed());
        }
        spent += best;
        let predicted = match &reading {
            Ok(r) => metric_text(&r.article),
            Err(_) => String::new(),
        };
        let (p, r) = precision_recall(body, &predicted);
        if junk {
            if let Ok(reading) = &reading {
                let truth = shingles(body);
                for b in &reading.article.blocks {
                    if !(b.is_body() || matches!(b, Block::Heading { .. })) {
                        continue;
                    }
                    let t = b.text();
                    let mine = shingles(&t);
                    let total: i64 = mine.values().sum();
                    let hit: i64 =
                        mine.iter().map(|(k, c)| (*c).min(truth.get(k).copied().unwrap_or(0))).sum();
                    if total > 0 && (hit as f64) < 0.3 * total as f64 {
                        let short: String = t.chars().take(110).collect();
                        println!(
                            "JUNK {} {:>4} [{}] {}",
                            &id[..8],
                            total,
                            kind(b),
                            short.replace('\n', " / ")
                        );
                    }
                }
            }
        }
        if missed {
            if let Ok(reading) = &reading {
                let mine = shingles(&predicted);
                for para in body.split('\n').filter(|p| !p.trim().is_empty()) {
                    let sh = shingles(para);
                    let total: i64 = sh.values().sum();
                    let hit: i64 = sh.iter().map(|(k, c)| (*c).min(mine.get(k).copied().unwrap_or(0))).sum();
                    if total > 0 && (hit as f64) < 0.3 * total as f64 {
                        let short: String = para.chars().take(110).collect();
                        println!("MISSED {} {:>4} {}", &id[..8], total, short);
                    }
                }
                let _ = reading;
            }
        }
        if show.is_some() {
            if let Ok(r) = &reading {
                let mut a = r.article.clone();
                a.blocks.clear();
                println!("{}", serde_json::to_string_pretty(&a).unwrap_or_default());
                for b in &r.article.blocks {
                    println!("[{}] {}", kind(b), b.text().replace('\n', " / "));
                }
                println!("warnings: {:?}", r.warnings);
            }
            println!("\n===== TRUTH =====\n{body}");
        }
        results.push((id.clone(), p, r));
    }
    let n = results.len().max(1) as f64;
    let p = results.iter().map(|x| x.1).sum::<f64>() / n;
    let r = results.iter().map(|x| x.2).sum::<f64>() / n;
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };

    let mut parse = Duration::ZERO;
    for (_, _, _, bytes) in &pages {
        let text = String::from_utf8_lossy(bytes);
        let mut best = Duration::MAX;
        for _ in 0..PASSES {
            let t = Instant::now();
            let doc = dom_query::Document::from(text.as_ref());
            best = best.min(t.elapsed());
            drop(doc);
        }
        parse += best;
    }
    results.sort_by(|a, b| f1_of(a.1, a.2).total_cmp(&f1_of(b.1, b.2)));
    for (id, p, r) in results.iter().take(worst) {
        println!("{:.3} P {:.3} R {:.3}  {}", f1_of(*p, *r), p, r, &id[..12]);
    }
    println!(
        "pages {}  F1 {:.4}  P {:.4}  R {:.4}  reader {:.0} pages/s  bare parse {:.0} pages/s",
        results.len(),
        f1,
        p,
        r,
        n / spent.as_secs_f64(),
        n / parse.as_secs_f64()
    );
}

/// Timed runs per page; the fastest counts.
const PASSES: usize = 3;

fn kind(b: &Block) -> &'static str {
    match b {
        Block::Paragraph { .. } => "P",
        Block::Heading { .. } => "H",
        Block::Teaser { .. } => "TEASER",
        Block::Caption { .. } => "CAPTION",
        Block::List { .. } => "LIST",
        Block::Quote { .. } => "QUOTE",
        Block::Table { .. } => "TABLE",
    }
}

fn f1_of(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// The text the metric sees: headings and body blocks, in order.
fn metric_text(a: &Article) -> String {
    let mut out = String::new();
    for b in &a.blocks {
        if b.is_body() || matches!(b, Block::Heading { .. }) {
            out.push_str(&b.text());
            out.push('\n');
        }
    }
    out
}

fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles(text: &str) -> HashMap<String, i64> {
    let t = tokens(text);
    let mut m = HashMap::new();
    let n = 4;
    let count = if t.len() >= n { t.len() - n + 1 } else { 1 };
    for i in 0..count {
        let end = (i + n).min(t.len());
        let s = t[i..end].join(" ");
        if !s.is_empty() {
            *m.entry(s).or_insert(0) += 1;
        }
    }
    m
}

fn precision_recall(truth: &str, pred: &str) -> (f64, f64) {
    let t = shingles(truth);
    let p = shingles(pred);
    let (mut tp, mut fp, mut fn_) = (0i64, 0i64, 0i64);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc);
        fn_ += (tc - pc).max(0);
    }
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        fp += (pc - tc).max(0);
    }
    if fp == 0 && fn_ == 0 {
        return (1.0, 1.0);
    }
    if tp == 0 {
        return (0.0, 0.0);
    }
    (tp as f64 / (tp + fp) as f64, tp as f64 / (tp + fn_) as f64)
}
