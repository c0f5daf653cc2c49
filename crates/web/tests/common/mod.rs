//! What the route tests share: a library of the demo articles plus a hostile one, in a
//! temporary folder, and requests through the router.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use newsbite_library::Library;
use newsbite_model::{Article, Block};
use newsbite_web::{App, Options};
use serde_json::Value;
use tower::ServiceExt;

pub const DEMO: &str = include_str!("../../../../demo/articles.jsonl");
pub const HOSTILE: &str = "<script>alert(1)</script>";

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub app: App,
    pub hostile: i64,
}

pub fn demo_articles(now: DateTime<Utc>) -> Vec<Article> {
    let mut articles: Vec<Article> = DEMO
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| newsbite_extract::jsonl::read_line(l).unwrap().article)
        .collect();
    // Move the demo into the last day, as `newsbite demo` does.
    let newest = articles.iter().filter_map(|a| a.published.as_ref().map(|t| t.at)).max().unwrap();
    let shift = now - Duration::hours(1) - newest.with_timezone(&Utc);
    for a in &mut articles {
        if let Some(t) = &mut a.published {
            t.at += shift;
        }
    }
    articles
}

pub fn fixture(options: Options) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc::now();
    let mut lib = Library::open(dir.path(), now).unwrap();
    lib.add(&demo_articles(now), now).unwrap();
    let mut bad = Article::new(HOSTILE);
    bad.url = Some("javascript:alert(1)".into());
    bad.publisher = Some("<b>evil.example</b>".into());
    bad.standfirst = Some("An \"attribute\" breaker ' and <img src=x onerror=alert(2)>.".into());
    bad.blocks = vec![
        Block::Paragraph {
            text: format!("Quillfire residents said {HOSTILE} was found in the harbour report on Tuesday."),
        },
        Block::Caption {
            text: "<iframe src=//evil.example>".into(),
            credit: Some("<svg onload=alert(3)>".into()),
        },
    ];
    lib.add(&[bad], now).unwrap();
    let hostile =
        lib.store().search(&newsbite_library::store::Query::new("Quillfire harbour")).unwrap()[0].id;
    drop(lib);
    let app = App::open(dir.path(), options).unwrap();
    Fixture { dir, app, hostile }
}

pub async fn get(app: &Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub async fn send(app: &Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

pub fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}
