//! `entities`: people, organisations and places in real news, side by side with spaCy.
//!
//! No gold entity annotation comes with the shared data, so NewsBite's entity mentions are
//! compared with those of a peer that was trained on one: spaCy's small English pipeline
//! (`en_core_web_sm`, run by `bench/peers/entities.py`), whose own F1 on OntoNotes the table
//! prints beside ours. Agreement with it is a silver standard: where the two differ, either may
//! be wrong, and `--errors` lists the differences to read.
//!
//! The texts are PolNeAR's (`bench/quotes/polnear/<split>/text`: US political news, 2016), each
//! read with the product's own reader and analysed with [`newsbite_analyze::entities::mentions`];
//! every mention is mapped back to character offsets of the file ([`crate::align`]).
//!
//! spaCy's labels are mapped to NewsBite's kinds: `PERSON` → person, `ORG` → organisation,
//! `GPE`, `LOC` and `FAC` (countries, cities, regions, buildings, stadiums) → place. `NORP`
//! (nationalities, religious and political groups: `Republicans`, `Ukrainian`) is left out of the
//! score both ways, because NewsBite deliberately files a demonym under its country and a party's
//! members under the party. Every other spaCy label (dates, works of art, laws, events…) is no
//! entity of these three kinds, so a NewsBite person, organisation or place there is a false one.
//!
//! A mention counts when it overlaps a peer mention of the same kind (precision), and a peer
//! mention counts when a NewsBite mention of its kind overlaps it (recall).

use std::collections::HashMap;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::Stdio;

use anyhow::{bail, Context, Result};
use newsbite_analyze::{entities, Doc};
use newsbite_extract::record;
use newsbite_model::EntityKind;

use crate::align::{align_article, overlaps, slice, Range};
use crate::{paths, peers};

/// Arguments of `entities`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PolNeAR split whose texts to read (`dev`; `train` to look at more data, never to tune on).
    #[arg(long, default_value = "dev")]
    split: String,
    /// Print this many disagreements (NewsBite's mentions the peer does not share, then the
    /// peer's that NewsBite misses), for error analysis.
    #[arg(long, default_value_t = 0)]
    errors: usize,
}

/// The kinds scored, in table order.
const KINDS: [EntityKind; 3] = [EntityKind::Person, EntityKind::Organisation, EntityKind::Place];

/// What a spaCy label means here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Kind(EntityKind),
    /// `NORP`: out of the score.
    Ignored,
    /// Any other label: no person, organisation or place.
    Other,
}

fn label(spacy: &str) -> Label {
    match spacy {
        "PERSON" => Label::Kind(EntityKind::Person),
        "ORG" => Label::Kind(EntityKind::Organisation),
        "GPE" | "LOC" | "FAC" => Label::Kind(EntityKind::Place),
        "NORP" => Label::Ignored,
        _ => Label::Other,
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    pred: usize,
    pred_right: usize,
    gold: usize,
    gold_found: usize,
}

/// Runs the comparison and prints its table.
pub fn run(args: Args) -> Result<()> {
    let dir = paths::shared_dir().join("bench/quotes/polnear").join(&args.split).join("text");
    if !dir.is_dir() {
        bail!("{} not found (set {} to the shared folder)", dir.display(), paths::SHARED_ENV);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();

    let peer = run_peer(&files)?;
    let mut counts: HashMap<EntityKind, Counts> = HashMap::new();
    let (mut docs, mut unaligned, mut shown) = (0usize, 0usize, 0usize);
    for file in &files {
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let Some(gold) = peer.docs.get(file) else { bail!("the peer gave nothing for {}", file.display()) };
        let Ok(reading) = record::read_str(&text) else { continue };
        let article = reading.article;
        let doc = Doc::new(&article);
        let found = entities::mentions(&doc);
        let Some(map) = align_article(&article, &text) else {
            unaligned += 1;
            continue;
        };
        docs += 1;
        let ours: Vec<(Range, EntityKind, String)> = found
            .iter()
            .filter(|m| KINDS.contains(&m.kind))
            .filter_map(|m| Some((map.range(m.span.part, m.span.start, m.span.end)?, m.kind, m.name.clone())))
            .collect();
        for &(r, kind, ref entity) in &ours {
            let here: Vec<Label> = gold.iter().filter(|g| overlaps(g.0, r)).map(|g| g.1).collect();
            if !here.is_empty() && here.iter().all(|l| *l == Label::Ignored) {
                continue;
            }
            let c = counts.entry(kind).or_default();
            c.pred += 1;
            let right = here.contains(&Label::Kind(kind));
            c.pred_right += usize::from(right);
            if !right && shown < args.errors {
                let theirs = gold
                    .iter()
                    .filter(|g| overlaps(g.0, r))
                    .map(|g| format!("{} {:?}", g.2, slice(&text, g.0 .0, g.0 .1)))
                    .collect::<Vec<_>>()
                    .join(", ");
                let theirs = if theirs.is_empty() { "nothing".to_string() } else { theirs };
                println!("OURS   {name}: {kind:?} {:?} ({entity}); spaCy: {theirs}", slice(&text, r.0, r.1));
                shown += 1;
            }
        }
        for &(r, l, ref spacy) in gold {
            let Label::Kind(kind) = l else { continue };
            let c = counts.entry(kind).or_default();
            c.gold += 1;
            let found = ours.iter().any(|o| o.1 == kind && overlaps(o.0, r));
            c.gold_found += usize::from(found);
            if !found && shown < args.errors {
                let ours_here = ours
                    .iter()
                    .filter(|o| overlaps(o.0, r))
                    .map(|o| format!("{:?} {:?}", o.1, o.2))
                    .collect::<Vec<_>>()
                    .join(", ");
                let ours_here = if ours_here.is_empty() { "nothing".to_string() } else { ours_here };
                println!("SPACY  {name}: {spacy} {:?}; ours: {ours_here}", slice(&text, r.0, r.1));
                shown += 1;
            }
        }
    }

    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let f1 = |p: f64, r: f64| if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    println!(
        "PolNeAR {} ({docs} articles): NewsBite's entity mentions against spaCy {} {} (whose NER F1 on OntoNotes is {})",
        args.split,
        peer.model,
        peer.version,
        peer.ents_f.map_or("not given".to_string(), |f| format!("{f:.3}")),
    );
    println!("| kind | NewsBite mentions | spaCy mentions | agreement P | agreement R | F1 |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut all = Counts::default();
    for kind in KINDS {
        let c = counts.get(&kind).copied().unwrap_or_default();
        all.pred += c.pred;
        all.pred_right += c.pred_right;
        all.gold += c.gold;
        all.gold_found += c.gold_found;
        let (p, r) = (ratio(c.pred_right, c.pred), ratio(c.gold_found, c.gold));
        println!("| {kind:?} | {} | {} | {p:.3} | {r:.3} | {:.3} |", c.pred, c.gold, f1(p, r));
    }
    let (p, r) = (ratio(all.pred_right, all.pred), ratio(all.gold_found, all.gold));
    println!("| all | {} | {} | {p:.3} | {r:.3} | {:.3} |", all.pred, all.gold, f1(p, r));
    if unaligned > 0 {
        println!("{unaligned} articles could not be aligned to their text and were left out");
    }
    Ok(())
}

/// The peer's reading of every file.
struct Peer {
    model: String,
    version: String,
    ents_f: Option<f64>,
    docs: HashMap<PathBuf, Vec<(Range, Label, String)>>,
}

fn run_peer(files: &[PathBuf]) -> Result<Peer> {
    let mut cmd = peers::python_script("entities.py").map_err(|why| anyhow::anyhow!("spaCy: {why}"))?;
    cmd.args(files).stdout(Stdio::piped()).stderr(Stdio::inherit());
    let mut child = cmd.spawn().context("starting bench/peers/entities.py")?;
    let stdout = child.stdout.take().context("no output from bench/peers/entities.py")?;
    let mut peer = Peer { model: String::new(), version: String::new(), ents_f: None, docs: HashMap::new() };
    for (k, line) in std::io::BufReader::new(stdout).lines().enumerate() {
        let line = line.context("reading bench/peers/entities.py's output")?;
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("entities.py line {}: not JSON", k + 1))?;
        if k == 0 {
            peer.model = v["model"].as_str().unwrap_or("?").to_string();
            peer.version = v["version"].as_str().unwrap_or("?").to_string();
            peer.ents_f = v["ents_f"].as_f64();
            continue;
        }
        let file = PathBuf::from(v["file"].as_str().context("entities.py: a line without a file")?);
        let ents = v["ents"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| {
                        let (s, t, l) = (e[0].as_u64()?, e[1].as_u64()?, e[2].as_str()?);
                        Some(((s as usize, t as usize), label(l), l.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        peer.docs.insert(file, ents);
    }
    let status = child.wait().context("waiting for bench/peers/entities.py")?;
    if !status.success() {
        bail!("bench/peers/entities.py failed ({status})");
    }
    Ok(peer)
}
