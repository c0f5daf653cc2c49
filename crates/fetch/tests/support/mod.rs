//! A real HTTP server on a loopback address, started by the tests on an ephemeral port, serving
//! the hand-made fixtures of `tests/fixtures/` and some hostile answers made up on the spot.
//!
//! | path | answer |
//! |---|---|
//! | `/feeds/NAME` | the fixture `NAME` with `{base}` (this server) and `{private}` (the URL given to [`Server::start_with`]) filled in; `ETag: "v1"` and a `304` when asked with it |
//! | `/articles/NAME.html` | the fixture `article-NAME.html` |
//! | `/site.html` | a page announcing feeds |
//! | `/loop/a`, `/loop/b` | redirects to each other |
//! | `/hops/N` | a redirect to `/hops/N-1`, and at 0 the news feed |
//! | `/to/URL` | a redirect to `URL` (percent-decoded) |
//! | `/slow` | answers after 5 seconds |
//! | `/big` | a 50 MB body, made in the handler |
//! | `/bomb` | a gzip body of about 100 KB that decompresses to 100 MiB of zeros, made at test time |
//! | `/status/N` | status N, with `Retry-After: 3600` |
//! | `/gen/feed/F` | generated feed F of the benchmark-shaped set (20 entries), with an ETag |
//! | `/gen/page/F/E` | a generated article page |
//! | `/robots.txt` | 404, or the rules given to [`Server::with_robots`] |
//!
//! Every request is logged (path and status), so tests can count what was asked.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, Response, StatusCode};
use axum::Router;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

#[derive(Clone, Default)]
struct State {
    base: String,
    private: String,
    robots: Option<String>,
    log: Arc<Mutex<Vec<(String, u16)>>>,
}

pub struct Server {
    pub base: String,
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<(String, u16)>>>,
}

impl Server {
    pub async fn start(ip: &str) -> Server {
        Server::start_with(ip, "", None).await
    }

    pub async fn with_robots(ip: &str, robots: &str) -> Server {
        Server::start_with(ip, "", Some(robots.to_string())).await
    }

    pub async fn start_with(ip: &str, private: &str, robots: Option<String>) -> Server {
        let listener = tokio::net::TcpListener::bind((ip, 0)).await.expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let base = format!("http://{addr}");
        let state = State { base: base.clone(), private: private.to_string(), robots, log: Arc::default() };
        let log = state.log.clone();
        let app = Router::new().fallback(move |req: Request<Body>| {
            let state = state.clone();
            async move { handle(&state, req).await }
        });
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server { base, addr, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Requests made, as (path, status).
    pub fn log(&self) -> Vec<(String, u16)> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Requests made to paths starting with `prefix`.
    pub fn hits(&self, prefix: &str) -> usize {
        self.log().iter().filter(|(p, _)| p.starts_with(prefix)).count()
    }
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).expect("fixture")
}

fn fill(state: &State, text: &str) -> String {
    text.replace("{base}", &state.base).replace("{private}", &state.private)
}

fn bomb() -> &'static [u8] {
    // 1 MiB of zeros compressed once, as 100 gzip members back to back (a valid gzip stream
    // that decompresses to 100 MiB): quick to make even in a debug build.
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&vec![0u8; 1 << 20]).expect("compress");
        let member = enc.finish().expect("compress");
        member.repeat(100)
    })
}

fn answer(
    status: StatusCode,
    headers: &[(header::HeaderName, String)],
    body: impl Into<Body>,
) -> Response<Body> {
    let mut r = Response::builder().status(status);
    for (k, v) in headers {
        r = r.header(k, v);
    }
    r.body(body.into()).expect("response")
}

/// A generated article page (for the benchmark-shaped polls).
pub fn generated_page(feed: usize, entry: usize) -> String {
    let topics = ["harbour", "council", "library", "railway", "market", "school", "hospital", "festival"];
    let topic = topics[(feed * 7 + entry) % topics.len()];
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Report {feed}-{entry} on the {topic}</title></head>\
<body><article><h1>Report {feed}-{entry}: news about the {topic} in district {feed}</h1>\
<p>Officials in district {feed} said on Tuesday that the {topic} plan numbered {entry} would go ahead after a vote, \
ending months of debate among residents and local businesses about its cost and its timing.</p>\
<p>\"We listened to every objection,\" said spokesperson Alda Venn{feed}, adding that the work would start in spring \
and cost about {cost} thousand euros, paid for from the district budget.</p>\
<p>Critics said the money should have gone elsewhere, and a petition against the {topic} plan gathered {sig} signatures \
in the last week before the vote, organisers said.</p></article></body></html>",
        cost = 100 + entry * 13 + feed,
        sig = 200 + feed * 3 + entry,
    )
}

/// A generated RSS feed of `entries` items linking to generated pages on `base`.
pub fn generated_feed(base: &str, feed: usize, entries: usize) -> String {
    let mut items = String::new();
    for e in 0..entries {
        items.push_str(&format!(
            "<item><title>Report {feed}-{e}</title><link>{base}/gen/page/{feed}/{e}</link><guid>gen-{feed}-{e}</guid>\
<pubDate>Tue, 24 Nov 2026 {h:02}:{m:02}:00 GMT</pubDate><description>Summary of report {feed}-{e}.</description></item>",
            h = e % 24,
            m = feed % 60
        ));
    }
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Generated feed {feed}</title><link>{base}/</link>{items}</channel></rss>")
}

async fn handle(state: &State, req: Request<Body>) -> Response<Body> {
    let path = req.uri().path().to_string();
    let response = route(state, &path, req.headers()).await;
    if let Ok(mut log) = state.log.lock() {
        log.push((path, response.status().as_u16()));
    }
    response
}

async fn route(state: &State, path: &str, headers: &HeaderMap) -> Response<Body> {
    let xml = (header::CONTENT_TYPE, "application/rss+xml".to_string());
    let html = (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string());
    let etag_matches =
        |tag: &str| headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(tag);
    let not_found = || answer(StatusCode::NOT_FOUND, &[], "not found");
    let redirect = |to: String| answer(StatusCode::FOUND, &[(header::LOCATION, to)], "");
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["robots.txt"] => match &state.robots {
            Some(rules) => answer(StatusCode::OK, &[], rules.clone()),
            None => not_found(),
        },
        ["feeds", name] => {
            let Ok(text) = std::fs::read(format!("{FIXTURES}/{name}")) else { return not_found() };
            if etag_matches("\"v1\"") {
                return answer(StatusCode::NOT_MODIFIED, &[(header::ETAG, "\"v1\"".into())], "");
            }
            // Fixtures that are not UTF-8 on purpose are served as bytes.
            let body: Vec<u8> = match String::from_utf8(text) {
                Ok(t) => fill(state, &t).into_bytes(),
                Err(e) => e.into_bytes(),
            };
            answer(StatusCode::OK, &[xml, (header::ETAG, "\"v1\"".into())], body)
        }
        ["articles", name] => {
            let name = name.trim_end_matches(".html");
            match std::fs::read_to_string(format!("{FIXTURES}/article-{name}.html")) {
                Ok(t) => answer(StatusCode::OK, &[html], t),
                Err(_) => not_found(),
            }
        }
        ["site.html"] => answer(StatusCode::OK, &[html], fixture("site.html")),
        ["inside.html"] => answer(StatusCode::OK, &[html], fixture("article-library.html")),
        ["loop", "a"] => redirect(format!("{}/loop/b", state.base)),
        ["loop", "b"] => redirect("/loop/a".into()),
        ["hops", n] => match n.parse::<u32>() {
            Ok(0) => redirect("/feeds/news.xml".into()),
            Ok(n) => redirect(format!("/hops/{}", n - 1)),
            Err(_) => not_found(),
        },
        ["to", rest @ ..] => {
            let target = rest.join("/").replace("%3A", ":").replace("%2F", "/");
            redirect(target)
        }
        ["slow"] => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            answer(StatusCode::OK, &[xml], fill(state, &fixture("news.xml")))
        }
        ["big"] => answer(StatusCode::OK, &[xml], vec![b'x'; 50 * 1024 * 1024]),
        ["bomb"] => {
            answer(StatusCode::OK, &[xml, (header::CONTENT_ENCODING, "gzip".into())], bomb().to_vec())
        }
        ["status", n] => match n.parse::<u16>().ok().and_then(|n| StatusCode::from_u16(n).ok()) {
            Some(code) => answer(code, &[(header::RETRY_AFTER, "3600".into())], "try later"),
            None => not_found(),
        },
        ["gen", "feed", f] => {
            let Ok(f) = f.parse::<usize>() else { return not_found() };
            let tag = format!("\"gen-{f}\"");
            if etag_matches(&tag) {
                return answer(StatusCode::NOT_MODIFIED, &[(header::ETAG, tag)], "");
            }
            answer(StatusCode::OK, &[xml, (header::ETAG, tag)], generated_feed(&state.base, f, 20))
        }
        ["gen", "page", f, e] => match (f.parse(), e.parse()) {
            (Ok(f), Ok(e)) => answer(StatusCode::OK, &[html], generated_page(f, e)),
            _ => not_found(),
        },
        _ => not_found(),
    }
}
