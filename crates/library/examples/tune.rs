//! How the story clusterer groups a JSON Lines file of articles under several settings:
//! `cargo run --release -p newsbite-library --example tune -- demo/articles.jsonl`.

use chrono::Utc;
use newsbite_library::Library;
use newsbite_stories::cluster::Config;

fn main() {
    let path = std::env::args().nth(1).expect("a .jsonl file of articles");
    let text = std::fs::read_to_string(path).expect("readable");
    let articles: Vec<_> =
        text.lines().filter_map(|l| newsbite_extract::jsonl::read_line(l).ok()).map(|r| r.article).collect();
    for terms in [30, 60] {
        for beta in [0.03, 0.1] {
            for cos in [0.12, 0.15, 0.2] {
                let alpha = 1.0;
                let config = Config { alpha, beta, join_cosine: Some(cos), ..Config::default() };
                let mut lib = Library::in_memory_with(Utc::now(), config, terms).expect("library");
                lib.add(&articles, Utc::now()).expect("add");
                let stories = lib.store().stories(None).expect("stories");
                let sizes: Vec<usize> = stories.iter().map(|s| s.articles).collect();
                println!("terms {terms} beta {beta} cos {cos}: {} stories {sizes:?}", stories.len());
                for s in &stories {
                    println!("    {}", s.title);
                }
            }
        }
    }
}
