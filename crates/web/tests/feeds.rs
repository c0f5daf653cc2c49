//! The Sources page, the feeds API and the scheduler, against a feed served on loopback by the
//! test itself: following (with CSRF and Origin checks), listing with status, a poll that adds
//! the feed's article to the library, OPML export and import, removing.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::routing::get as route;
use axum::Router;
use common::{fixture, get, json, send};
use newsbite_fetch::AddressPolicy;
use newsbite_web::{feeds, router, Options};

const STORY: &str = "<!doctype html><html><head><title>Harbour crane collapses in Port Wendle</title></head><body><article><h1>Harbour crane collapses in Port Wendle</h1>\
<p>A container crane collapsed at the Port Wendle harbour on Wednesday morning, the harbour authority said, and nobody was hurt because the quay had been closed for the storm.</p>\
<p>Harbour master Ona Vell said the crane, one of six on the north quay, had been tied down on Tuesday night but the wind reached 140 kilometres an hour before dawn.</p>\
<p>The authority said the quay would stay closed until engineers had checked the other five cranes, which could take until the weekend.</p></article></body></html>";

/// Serves a feed (with a hostile title), the page its item links to, and a page that is no feed.
async fn feed_server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let rss = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
<title>&lt;script&gt;alert(1)&lt;/script&gt; Harbour News</title><link>http://{addr}/</link><description>Test feed</description>\
<item><title>Harbour crane collapses in Port Wendle</title><link>http://{addr}/crane.html</link><guid>crane-1</guid>\
<pubDate>Wed, 25 Nov 2026 08:00:00 GMT</pubDate><description>A container crane collapsed at the Port Wendle harbour.</description></item>\
</channel></rss>"
    );
    let app = Router::new()
        .route(
            "/feed.xml",
            route(move || async move { ([(header::CONTENT_TYPE, "application/rss+xml")], rss) }),
        )
        .route(
            "/crane.html",
            route(|| async { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], STORY) }),
        )
        .route(
            "/plain.html",
            route(|| async {
                ([(header::CONTENT_TYPE, "text/html")], "<html><body><p>No feed here.</p></body></html>")
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn form(uri: &str, body: String) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

fn encode(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_poll_export_import_and_remove_a_feed() {
    let feed_addr = feed_server().await;
    let feed_url = format!("http://{feed_addr}/feed.xml");
    let f = fixture(Options { feeds: Some(AddressPolicy::allow_private()), ..Options::default() });
    let app = router(f.app.clone());
    let csrf = f.app.guard.csrf.clone();

    let (status, _, page) = get(&app, "/sources").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No feeds yet"));
    assert!(page.contains(&format!("name=\"csrf\" value=\"{csrf}\"")), "forms carry the CSRF secret");

    // A form without the secret, or from another site, changes nothing.
    let (status, _, _) =
        send(&app, form("/sources/add", encode(&[("csrf", "guess"), ("url", &feed_url)]))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut cross = form("/sources/add", encode(&[("csrf", &csrf), ("url", &feed_url)]));
    cross.headers_mut().insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
    cross.headers_mut().insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    let (status, _, _) = send(&app, cross).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, _, body) = get(&app, "/api/v1/feeds").await;
    assert_eq!(json(&body)["total"], 0);

    // Following from the page, with the secret and from the same origin.
    let mut ok = form("/sources/add", encode(&[("csrf", &csrf), ("url", &feed_url), ("category", "Local")]));
    ok.headers_mut().insert(header::HOST, "localhost:8080".parse().unwrap());
    ok.headers_mut().insert(header::ORIGIN, "http://localhost:8080".parse().unwrap());
    let (status, headers, _) = send(&app, ok).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[header::LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with("/sources?msg=Now+following"), "{location}");
    let (_, _, page) = get(&app, &location).await;
    assert!(
        page.contains(
            "<p class=\"notice\">Now following &#60;script&#62;alert(1)&#60;/script&#62; Harbour News.</p>"
        ),
        "{page}"
    );
    assert!(page.contains("not polled yet"));
    assert!(!page.contains("<script>alert"));

    // The scheduler polls it: the article arrives in the library.
    let feeds = f.app.feeds.clone().unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let scheduler = tokio::spawn(feeds::run_scheduler(feeds, Duration::from_secs(3600), stopped));
    let mut found = false;
    for _ in 0..100 {
        let (_, _, body) = get(&app, "/api/v1/search?q=crane%20Wendle").await;
        if !json(&body)["items"].as_array().unwrap().is_empty() {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(found, "the poll added the feed's article");
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(10), scheduler).await.expect("the scheduler stops").unwrap();
    let (_, _, page) = get(&app, "/sources").await;
    assert!(page.contains("ok · last polled"), "{page}");
    assert!(page.contains("1 entries"));

    // OPML out and in.
    let (status, headers, opml) = get(&app, "/sources/opml").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("attachment"));
    assert!(opml.contains(&feed_url) && opml.contains("Local"), "{opml}");
    let other = format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><body><outline text=\"Other\" type=\"rss\" xmlUrl=\"http://{feed_addr}/other.xml\"/><outline text=\"Bad\" xmlUrl=\"ftp://x.example/f\"/></body></opml>"
    );
    let (status, headers, _) =
        send(&app, form("/sources/import", encode(&[("csrf", &csrf), ("opml", &other)]))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[header::LOCATION].to_str().unwrap();
    assert!(location.contains("Imported%3A+1+new+feeds") && location.contains("Refused"), "{location}");
    let (_, _, body) = get(&app, "/api/v1/feeds").await;
    let listed = json(&body);
    assert_eq!(listed["total"], 2);
    let other_id = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["url"].as_str().unwrap().ends_with("/other.xml"))
        .unwrap()["id"]
        .as_i64()
        .unwrap();

    // Removing from the page.
    let (status, headers, _) =
        send(&app, form("/sources/remove", encode(&[("csrf", &csrf), ("id", &other_id.to_string())]))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers[header::LOCATION].to_str().unwrap().contains("msg=Feed+removed"));
    let (_, _, body) = get(&app, "/api/v1/feeds").await;
    assert_eq!(json(&body)["total"], 1);
    let (status, _, _) = send(&app, form("/sources/poll", encode(&[("csrf", &csrf)]))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_api_adds_refuses_and_removes() {
    let feed_addr = feed_server().await;
    let f = fixture(Options { feeds: Some(AddressPolicy::allow_private()), ..Options::default() });
    let app = router(f.app.clone());
    let post = |body: String, kind: &str| {
        Request::post("/api/v1/feeds").header(header::CONTENT_TYPE, kind).body(Body::from(body)).unwrap()
    };
    let (status, _, body) =
        send(&app, post(format!("{{\"url\":\"http://{feed_addr}/feed.xml\"}}"), "application/json")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = json(&body)["feed"]["id"].as_i64().unwrap();
    let (status, _, _) =
        send(&app, post(format!("{{\"url\":\"http://{feed_addr}/feed.xml\"}}"), "application/json")).await;
    assert_eq!(status, StatusCode::OK, "already followed");
    // A cross-site form cannot send JSON: anything else is refused.
    let (status, _, body) = send(&app, post(format!("url=http://{feed_addr}/feed.xml"), "text/plain")).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json(&body)["status"], 415);
    let (status, _, body) =
        send(&app, post(format!("{{\"url\":\"http://{feed_addr}/plain.html\"}}"), "application/json")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(&body)["message"].as_str().unwrap().contains("not a feed"), "{body}");
    let (status, _, _) = send(&app, post("{\"nourl\":1}".into(), "application/json")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let delete = |id: &str| Request::delete(format!("/api/v1/feeds/{id}")).body(Body::empty()).unwrap();
    let (status, _, _) = send(&app, delete(&id.to_string())).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, body) = send(&app, delete(&id.to_string())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json(&body)["status"], 404);
    let (status, _, _) = send(&app, delete("x")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_read_only_server_shows_feeds_but_changes_none() {
    let f = fixture(Options::default());
    let app = router(f.app.clone());
    let (status, _, page) = get(&app, "/sources").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("read-only"));
    assert!(!page.contains("action=\"/sources/add\""));
    let csrf = f.app.guard.csrf.clone();
    let (status, _, _) =
        send(&app, form("/sources/add", encode(&[("csrf", &csrf), ("url", "https://news.example/feed")])))
            .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let request = Request::post("/api/v1/feeds")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"url\":\"https://news.example/feed\"}"))
        .unwrap();
    let (status, _, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(json(&body)["status"], 503);
    // Bodies past the limit are refused before they are read.
    let big = "x".repeat(newsbite_web::BODY_LIMIT + 1);
    let (status, _, _) =
        send(&app, form("/sources/import", encode(&[("csrf", &csrf), ("opml", &big)]))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}
