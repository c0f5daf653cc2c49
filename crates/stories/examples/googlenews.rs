//! Quick run of the clusterer on the Google News set: `cargo run --release -p newsbite-stories
//! --example googlenews -- PATH.jsonl [alpha beta]`. The benchmark proper is `newsbite-eval stories`.

use newsbite_stories::{cluster, metrics};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("path to a googlenews .jsonl file");
    let alpha: f64 = args.next().map_or(cluster::Config::default().alpha, |a| a.parse().unwrap());
    let probe: usize = std::env::var("PROBE").map_or(12, |p| p.parse().unwrap());
    let cap: usize = std::env::var("CAP").map_or(64, |p| p.parse().unwrap());
    let beta: f64 = args.next().map_or(cluster::Config::default().beta, |a| a.parse().unwrap());
    let text = std::fs::read_to_string(path).unwrap();
    let rows: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut c = cluster::Clusterer::new(cluster::Config {
        alpha,
        beta,
        window_secs: None,
        probe_terms: probe,
        postings_cap: cap,
        join_cosine: std::env::var("COS").ok().and_then(|c| c.parse().ok()),
        ..Default::default()
    });
    let start = std::time::Instant::now();
    let mut predicted = Vec::new();
    let mut truth = Vec::new();
    for row in &rows {
        let words: Vec<&str> = row["text"].as_str().unwrap().split_whitespace().collect();
        predicted.push(c.add(&words, 0).story);
        truth.push(row["cluster"].as_u64().unwrap() as usize);
    }
    let s = metrics::score(&predicted, &truth);
    println!(
        "alpha {alpha} beta {beta}: stories {} NMI {:.3} ARI {:.3} B3-F1 {:.3} ({:.0} items/s)",
        c.stories(),
        s.nmi,
        s.ari,
        s.bcubed_f1,
        rows.len() as f64 / start.elapsed().as_secs_f64()
    );
}
