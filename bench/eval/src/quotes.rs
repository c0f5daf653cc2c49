//! `quotes`: who said what, on PolNeAR (brat standoff attributions of US political news).
//!
//! Each `text/<name>.txt` is read as a plain-text article with the product's own reader
//! ([`newsbite_extract::record::read_str`]), analysed with [`newsbite_analyze::quotes`], and every
//! quote's content and speaker span is mapped back to character offsets of the original file
//! (the reader folds white space such as U+00A0 and line breaks inside paragraphs, and composes
//! accents: each block is aligned to the original text character by character).
//!
//! Gold: the `Attribution` relations of `attributions/<name>_<annotator>.ann` (the annotator
//! named in `metadata.tsv`), each with a Content (possibly in several pieces), a Cue and, for
//! most, a Source. Scores:
//!
//! - **content, exact**: a predicted content equals a gold content or one of its pieces;
//!   **overlap**: they share a character. Precision over predictions, recall over gold.
//! - **source**: the same over the distinct speaker-mention spans of the predictions against the
//!   gold Source spans.
//! - **speaker accuracy**: for each gold content with a source that some prediction overlaps,
//!   the most-overlapping prediction's speaker is right when its mention overlaps the gold
//!   source, or (for a speaker carried over from an earlier paragraph, or resolved from a
//!   pronoun elsewhere) when the gold source's last word is a word of the predicted name.
//!
//! PolNeAR's conventions differ from NewsBite's in two small ways, mapped before scoring: a
//! direct quote's content includes its quotation marks there, and an indirect one includes a
//! leading `that`. PolNeAR also annotates the headline, which NewsBite does not search for
//! quotes; `--headline` reads it as a paragraph to show what that costs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsbite_analyze::{entities, quotes, Doc};
use newsbite_extract::record;
use newsbite_model::{Block, Quote, QuoteKind};

use crate::align::{align_article, overlaps, slice, Map, Range};
use crate::paths;

/// Arguments of `quotes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PolNeAR split to score (`dev`; `train` to look at more data, never to tune on).
    #[arg(long, default_value = "dev")]
    split: String,
    /// Also read each article's headline as a paragraph (PolNeAR annotates headlines).
    #[arg(long)]
    headline: bool,
    /// Print this many missed gold contents and unmatched predictions, for error analysis.
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// Print the cues of the gold attributions that no prediction found, most frequent first
    /// (run on `train` to learn which cue words are worth adding).
    #[arg(long)]
    missed_cues: bool,
}

#[derive(Debug, Default)]
struct GoldAttr {
    content: Vec<Range>,
    source: Option<Vec<Range>>,
    cue: Option<Vec<Range>>,
}

#[derive(Debug)]
struct Pred {
    content: Range,
    /// The content as NewsBite gives it (before PolNeAR's conventions are applied).
    bare: Range,
    source: Option<Range>,
    name: String,
    mention: String,
}

#[derive(Debug, Default)]
struct Counts {
    preds: usize,
    pred_exact: usize,
    pred_overlap: usize,
    gold: usize,
    gold_exact: usize,
    gold_overlap: usize,
    src_pred: usize,
    src_pred_exact: usize,
    src_pred_overlap: usize,
    src_gold: usize,
    src_gold_exact: usize,
    src_gold_overlap: usize,
    speaker_n: usize,
    speech_gold: usize,
    speech_found: usize,
    speech_speaker_n: usize,
    speech_speaker_right: usize,
    speaker_right: usize,
    docs: usize,
    unaligned: usize,
}

/// Runs the benchmark and prints its table.
pub fn run(args: Args) -> Result<()> {
    let base = paths::shared_dir().join("bench/quotes/polnear");
    let dir = base.join(&args.split);
    if !dir.is_dir() {
        bail!("{} not found (set {} to the shared folder)", dir.display(), paths::SHARED_ENV);
    }
    let annotators = annotators(&base.join("metadata.tsv"), &args.split)?;
    let mut names: Vec<String> = std::fs::read_dir(dir.join("text"))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".txt")).map(str::to_string))
        .collect();
    names.sort();

    let mut c = Counts::default();
    let mut analysis_time = std::time::Duration::ZERO;
    let mut shown = 0;
    let mut missed: HashMap<String, usize> = HashMap::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join("text").join(format!("{name}.txt")))
            .with_context(|| format!("reading {name}.txt"))?;
        let Some(ann) = ann_file(&dir, name, annotators.get(name.as_str()).map(String::as_str)) else {
            continue;
        };
        let gold = read_ann(&std::fs::read_to_string(&ann)?, &text);
        let Ok(reading) = record::read_str(&text) else { continue };
        let mut article = reading.article;
        if args.headline {
            article.blocks.insert(0, Block::Paragraph { text: article.headline.clone() });
        }
        let started = Instant::now();
        let doc = Doc::new(&article);
        let es = entities::entities(&doc);
        let qs = quotes::quotes(&doc, &es);
        analysis_time += started.elapsed();
        let Some(map) = align_article(&article, &text) else {
            c.unaligned += 1;
            continue;
        };
        let preds: Vec<Pred> = qs.iter().filter_map(|q| predict(q, &map, &text)).collect();
        c.docs += 1;
        score(&gold, &preds, &text, &mut c);
        if args.missed_cues {
            for g in &gold {
                if !preds.iter().any(|p| g.content.iter().any(|&r| overlaps(r, p.content))) {
                    let cue = g
                        .cue
                        .as_ref()
                        .map(|c| c.iter().map(|&(a, b)| slice(&text, a, b)).collect::<Vec<_>>().join(" … "));
                    *missed.entry(cue.unwrap_or_default().to_lowercase()).or_insert(0usize) += 1;
                }
            }
        }
        if shown < args.errors {
            shown += show_errors(name, &gold, &preds, &text, args.errors - shown);
        }
    }

    if args.missed_cues {
        let mut m: Vec<_> = missed.into_iter().collect();
        m.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (cue, n) in m.iter().take(80) {
            println!("missed cue {n:5} {cue:?}");
        }
    }
    let f1 = |p: f64, r: f64| if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    println!(
        "PolNeAR {} ({} articles, {} gold attributions, {} predicted quotes{})",
        args.split,
        c.docs,
        c.gold,
        c.preds,
        if args.headline { ", headlines read as paragraphs" } else { "" }
    );
    println!("| measure | precision | recall | F1 |");
    println!("|---|---:|---:|---:|");
    let rows = [
        ("content, exact", ratio(c.pred_exact, c.preds), ratio(c.gold_exact, c.gold)),
        ("content, overlap", ratio(c.pred_overlap, c.preds), ratio(c.gold_overlap, c.gold)),
        ("source, exact", ratio(c.src_pred_exact, c.src_pred), ratio(c.src_gold_exact, c.src_gold)),
        ("source, overlap", ratio(c.src_pred_overlap, c.src_pred), ratio(c.src_gold_overlap, c.src_gold)),
    ];
    for (label, p, r) in rows {
        println!("| {label} | {:.3} | {:.3} | {:.3} |", p, r, f1(p, r));
    }
    println!(
        "\nspeaker accuracy for found contents: {:.3} ({} of {})",
        ratio(c.speaker_right, c.speaker_n),
        c.speaker_right,
        c.speaker_n
    );
    println!(
        "content recall (overlap) on the {} gold attributions whose cue is a verb of saying (say, tell, add, write, ask, according to, any form, or a colon): {:.3}",
        c.speech_gold,
        ratio(c.speech_found, c.speech_gold)
    );
    println!(
        "speaker accuracy on those: {:.3} ({} of {})",
        ratio(c.speech_speaker_right, c.speech_speaker_n),
        c.speech_speaker_right,
        c.speech_speaker_n
    );
    let secs = analysis_time.as_secs_f64();
    println!(
        "analysis (entities + quotes, unoptimised when not --release): {:.1} ms in all, {:.0} articles/s",
        secs * 1000.0,
        if secs > 0.0 { c.docs as f64 / secs } else { 0.0 }
    );
    if c.unaligned > 0 {
        println!("{} articles could not be aligned to their text and were left out", c.unaligned);
    }
    Ok(())
}

/// The annotator of each article of a split, from `metadata.tsv`.
fn annotators(path: &Path, split: &str) -> Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = HashMap::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() > 3 && cols[0] == split {
            out.insert(cols[1].to_string(), cols[3].split('|').next().unwrap_or("").to_string());
        }
    }
    Ok(out)
}

fn ann_file(dir: &Path, name: &str, annotator: Option<&str>) -> Option<PathBuf> {
    if let Some(a) = annotator {
        let p = dir.join("attributions").join(format!("{name}_{a}.ann"));
        if p.is_file() {
            return Some(p);
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir.join("attributions"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|s| s.rsplit_once('_').is_some_and(|(b, _)| b == name))
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// Gold attributions of a brat file.
fn read_ann(ann: &str, text: &str) -> Vec<GoldAttr> {
    let chars = text.chars().count();
    let mut spans: HashMap<&str, Vec<Range>> = HashMap::new();
    for line in ann.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 || !cols[0].starts_with('T') {
            continue;
        }
        let Some((_, ranges)) = cols[1].split_once(' ') else { continue };
        let ranges: Vec<Range> = ranges
            .split(';')
            .filter_map(|r| {
                let (a, b) = r.trim().split_once(' ')?;
                let (a, b) = (a.parse().ok()?, b.parse().ok()?);
                (a < b && b <= chars).then_some((a, b))
            })
            .collect();
        spans.insert(cols[0], ranges);
    }
    let mut out = Vec::new();
    for line in ann.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 || !cols[0].starts_with('E') || !cols[1].starts_with("Attribution") {
            continue;
        }
        let mut attr = GoldAttr::default();
        for arg in cols[1].split(' ').skip(1) {
            let Some((role, id)) = arg.split_once(':') else { continue };
            match role {
                "Content" => attr.content = spans.get(id).cloned().unwrap_or_default(),
                "Source" => attr.source = spans.get(id).cloned(),
                "Cue" => attr.cue = spans.get(id).cloned(),
                _ => {}
            }
        }
        if !attr.content.is_empty() {
            out.push(attr);
        }
    }
    out
}

/// A quote as PolNeAR would mark it.
fn predict(q: &Quote, map: &Map, text: &str) -> Option<Pred> {
    let (mut a, mut b) = map.range(q.span.part, q.span.start, q.span.end)?;
    let bare = (a, b);
    let chars: Vec<char> = text.chars().skip(a.saturating_sub(6)).take(b - a.saturating_sub(6) + 2).collect();
    let before = |n: usize| -> String {
        let off = a - a.saturating_sub(6);
        chars[off.saturating_sub(n)..off].iter().collect()
    };
    match q.kind {
        QuoteKind::Direct => {
            // The marks around: `“`, `"`, or two apostrophes.
            let off = a - a.saturating_sub(6);
            let (pre1, pre2) = (off.checked_sub(1).map(|i| chars[i]), off.checked_sub(2).map(|i| chars[i]));
            if pre1 == Some('\'') && pre2 == Some('\'') {
                a -= 2;
            } else if pre1.is_some_and(|c| matches!(c, '“' | '"' | '‘' | '«')) {
                a -= 1;
            }
            let after: String = text.chars().skip(b).take(2).collect();
            if after == "''" {
                b += 2;
            } else if after.starts_with(['”', '"', '’', '»']) {
                b += 1;
            }
        }
        QuoteKind::Indirect | QuoteKind::Mixed => {
            if before(5) == "that " {
                a -= 5;
            }
        }
    }
    let speaker = q.speaker.as_ref();
    let source = speaker.and_then(|s| s.span).and_then(|s| map.range(s.part, s.start, s.end));
    Some(Pred {
        content: (a, b),
        bare,
        source,
        name: speaker.map(|s| s.name.clone()).unwrap_or_default(),
        mention: speaker.map(|s| s.mention.clone()).unwrap_or_default(),
    })
}

fn overlap_len(a: Range, b: Range) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

fn extent(rs: &[Range]) -> Range {
    (rs.iter().map(|r| r.0).min().unwrap_or(0), rs.iter().map(|r| r.1).max().unwrap_or(0))
}

fn exact(p: Range, g: &[Range]) -> bool {
    g.contains(&p) || extent(g) == p
}

fn score(gold: &[GoldAttr], preds: &[Pred], text: &str, c: &mut Counts) {
    c.preds += preds.len();
    c.gold += gold.len();
    for p in preds {
        c.pred_exact += usize::from(gold.iter().any(|g| exact(p.content, &g.content)));
        c.pred_overlap += usize::from(gold.iter().any(|g| g.content.iter().any(|&r| overlaps(r, p.content))));
    }
    for g in gold {
        if is_speech_cue(g, text) {
            c.speech_gold += 1;
            c.speech_found +=
                usize::from(preds.iter().any(|p| g.content.iter().any(|&r| overlaps(r, p.content))));
        }
        c.gold_exact += usize::from(preds.iter().any(|p| exact(p.content, &g.content)));
        let best = preds
            .iter()
            .map(|p| (g.content.iter().map(|&r| overlap_len(r, p.content)).sum::<usize>(), p))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n);
        c.gold_overlap += usize::from(best.is_some());
        if let (Some((_, p)), Some(src)) = (best, &g.source) {
            c.speaker_n += 1;
            let right = speaker_right(p, src, text);
            c.speaker_right += usize::from(right);
            if is_speech_cue(g, text) {
                c.speech_speaker_n += 1;
                c.speech_speaker_right += usize::from(right);
            }
        }
    }
    // Sources: distinct predicted mention spans against gold source spans.
    let mut psrc: Vec<Range> = preds.iter().filter_map(|p| p.source).collect();
    psrc.sort();
    psrc.dedup();
    let mut gsrc: Vec<Vec<Range>> = gold.iter().filter_map(|g| g.source.clone()).collect();
    gsrc.sort();
    gsrc.dedup();
    c.src_pred += psrc.len();
    c.src_gold += gsrc.len();
    for p in &psrc {
        c.src_pred_exact += usize::from(gsrc.iter().any(|g| exact(*p, g)));
        c.src_pred_overlap += usize::from(gsrc.iter().any(|g| g.iter().any(|&r| overlaps(r, *p))));
    }
    for g in &gsrc {
        c.src_gold_exact += usize::from(psrc.iter().any(|p| exact(*p, g)));
        c.src_gold_overlap += usize::from(psrc.iter().any(|p| g.iter().any(|&r| overlaps(r, *p))));
    }
}

/// Whether a prediction names the gold source: its mention overlaps the source, or the source's
/// last word is a word of the predicted name or mention.
fn speaker_right(p: &Pred, src: &[Range], text: &str) -> bool {
    if p.source.is_some_and(|s| src.iter().any(|&r| overlaps(r, s))) {
        return true;
    }
    let gold_text: String = src.iter().map(|&(a, b)| slice(text, a, b)).collect::<Vec<_>>().join(" ");
    // The head: before an apposition or a bracket (`Rep. G.K. Butterfield (D-N.C.), head of …`).
    let head = gold_text.split([',', '(']).next().unwrap_or("");
    let last = head
        .split(|ch: char| !ch.is_alphanumeric() && ch != '-')
        .rfind(|w| !w.is_empty() && w != &"s")
        .unwrap_or("")
        .to_lowercase();
    let words = |s: &str| -> Vec<String> {
        s.split(|ch: char| !ch.is_alphanumeric() && ch != '-').map(str::to_lowercase).collect()
    };
    !last.is_empty() && (words(&p.name).contains(&last) || words(&p.mention).contains(&last))
}

/// Whether a gold attribution's cue is a plain verb of saying: the kind of attribution quote
/// extractors (Citron, the Gender Gap Tracker) are measured on.
fn is_speech_cue(g: &GoldAttr, text: &str) -> bool {
    let Some(cue) = &g.cue else { return false };
    let cue: String =
        cue.iter().map(|&(a, b)| slice(text, a, b)).collect::<Vec<_>>().join(" ").to_lowercase();
    cue.trim() == ":"
        || cue.contains("according to")
        || cue.split(|c: char| !c.is_alphabetic()).any(|w| {
            matches!(
                w,
                "say"
                    | "says"
                    | "said"
                    | "saying"
                    | "tell"
                    | "tells"
                    | "told"
                    | "telling"
                    | "add"
                    | "adds"
                    | "added"
                    | "adding"
                    | "write"
                    | "writes"
                    | "wrote"
                    | "writing"
                    | "ask"
                    | "asks"
                    | "asked"
                    | "asking"
            )
        })
}

fn show_errors(name: &str, gold: &[GoldAttr], preds: &[Pred], text: &str, limit: usize) -> usize {
    let mut n = 0;
    for g in gold {
        if n >= limit {
            break;
        }
        if !preds.iter().any(|p| g.content.iter().any(|&r| overlaps(r, p.content))) {
            let e = extent(&g.content);
            let src = g.source.as_ref().map(|s| slice(text, extent(s).0, extent(s).1)).unwrap_or_default();
            let cue = g.cue.as_ref().map(|s| slice(text, extent(s).0, extent(s).1)).unwrap_or_default();
            let context = slice(text, e.0.saturating_sub(60), e.1.min(e.0 + 160) + 40);
            println!(
                "MISSED {name}: [{src}] <{cue}> {:?}\n       in {context:?}",
                slice(text, e.0, e.1.min(e.0 + 160))
            );
            n += 1;
        }
    }
    for g in gold {
        let Some(src) = &g.source else { continue };
        let best = preds
            .iter()
            .map(|p| (g.content.iter().map(|&r| overlap_len(r, p.content)).sum::<usize>(), p))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n);
        if let Some((_, p)) = best {
            if n < limit && !speaker_right(p, src, text) {
                let e = extent(&g.content);
                println!(
                    "SPEAKER {name}: gold [{}] got [{}] ({}) for {:?}",
                    slice(text, extent(src).0, extent(src).1),
                    p.mention,
                    p.name,
                    slice(text, e.0, e.1.min(e.0 + 100))
                );
                n += 1;
            }
        }
    }
    for p in preds {
        if n >= limit {
            break;
        }
        if !gold.iter().any(|g| g.content.iter().any(|&r| overlaps(r, p.content))) {
            println!(
                "EXTRA  {name}: [{}] {:?}",
                p.mention,
                slice(text, p.bare.0, p.bare.1.min(p.bare.0 + 160))
            );
            n += 1;
        }
    }
    n
}
