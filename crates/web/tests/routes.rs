//! Every route of the server, as a client sees it: status, content type, what the page or JSON
//! says, the security headers, and a hostile article (`<script>` in its title and text, a
//! `javascript:` URL) shown as text, never as markup.
//!
//! The library is the demo library (fictional articles written for NewsBite, in `demo/`) plus the
//! hostile article, in a temporary folder; requests go through the router with tower's
//! `oneshot`, the same code path as a real connection after the HTTP parsing.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{fixture, get, json, send, HOSTILE};
use newsbite_web::{router, Options};
use serde_json::Value;

/// Text as askama escapes it in HTML.
fn esc(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

fn assert_escaped(page: &str) {
    assert!(!page.contains("<script>alert"), "raw script in page");
    assert!(!page.contains("<img src=x"), "raw img in page");
    assert!(!page.contains("<iframe"), "raw iframe in page");
    assert!(!page.contains("<svg"), "raw svg in page");
    assert!(!page.contains("<b>evil"), "raw publisher markup in page");
    assert!(!page.contains("javascript:"), "javascript: link in page");
}

async fn disputed_story(app: &Router) -> i64 {
    let (_, _, body) = get(app, "/api/v1/stories?limit=100").await;
    let stories = json(&body);
    let s = stories["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["disputed"] == true)
        .expect("a disputed story");
    s["id"].as_i64().unwrap()
}

#[tokio::test]
async fn digest_ranks_stories_and_marks_disputes() {
    let f = fixture(Options::default());
    let app = router(f.app.clone());
    let (status, headers, page) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(page.contains("<span class=\"badge\">disputed</span>"), "{page}");
    assert!(page.contains("Disputed:"));
    assert!(page.contains("/story/"));
    // A card's key figures: the value in bold, then what it counts.
    assert!(
        page.contains("<ul class=\"figures\"><li>") && page.contains("<strong>200</strong> armed men"),
        "{page}"
    );
    assert!(!page.contains("<style") && !page.contains("style=\""), "no inline styles");
    assert!(!page.contains("<script>"), "no inline scripts");
    assert_escaped(&page);
    assert!(
        page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "the hostile story is listed, as text"
    );
    // The first card has the most sources.
    let (_, _, body) = get(&app, "/api/v1/stories").await;
    let items = json(&body)["items"].as_array().unwrap().clone();
    let sources: Vec<i64> = items.iter().map(|s| s["sources"].as_i64().unwrap()).collect();
    assert!(sources.windows(2).all(|w| w[0] >= w[1]), "{sources:?}");
    let first = items[0]["title"].as_str().unwrap();
    let first_escaped = esc(first);
    let at = page.find("class=\"card").unwrap();
    assert!(page[at..].contains(&first_escaped), "first card is {first}");

    let (status, _, page) = get(&app, "/?since=2w").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("stories since"));
    let (status, _, page) = get(&app, "/?since=whenever").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("cannot read the time"));
}

#[tokio::test]
async fn story_shows_the_dispute_side_by_side() {
    let f = fixture(Options::default());
    let app = router(f.app.clone());
    let id = disputed_story(&app).await;
    let (status, _, page) = get(&app, &format!("/story/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Where the sources disagree"));
    assert!(page.contains("class=\"side yes\"") && page.contains("class=\"side no\""), "{page}");
    assert!(page.contains("class=\"position\""));
    assert!(page.contains("Timeline"));
    assert!(page.contains("href=\"/article/"));
    // Key figures: the one most reports give first, with how many give it.
    let figures = &page[page.find("<h2>Key figures</h2>").expect("key figures")..];
    let first = &figures[..figures.find("</li>").unwrap()];
    assert!(
        first.contains("<strong>200</strong> armed men") && first.contains(" reports</span>"),
        "{figures}"
    );
    // Every position links to its report, at the block of its sentence.
    let (_, _, body) = get(&app, &format!("/api/v1/stories/{id}")).await;
    let story = json(&body);
    let claim = story["claims"].as_array().unwrap().iter().find(|c| c["disputed"] == true).unwrap();
    for p in claim["positions"].as_array().unwrap() {
        let speaker = esc(p["speaker"].as_str().unwrap());
        assert!(page.contains(&speaker), "{speaker} is on the page");
        assert!(page.contains(&format!("href=\"/article/{}#", p["article"])));
    }
    // Syndicated copies are folded under their original in the timeline.
    let (_, _, body) = get(&app, "/api/v1/stories?limit=100").await;
    let with_copies = json(&body)["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["articles"].as_i64() > s["sources"].as_i64())
        .map(|s| s["id"].as_i64().unwrap())
        .expect("a story with copies");
    let (_, _, page) = get(&app, &format!("/story/{with_copies}")).await;
    assert!(page.contains("<details class=\"copies\"><summary>"), "copies are folded: {page}");
    let (status, _, page) = get(&app, "/story/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("no story #999999"));
    let (status, _, _) = get(&app, "/story/abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The hostile report's story.
    let (_, _, body) = get(&app, &format!("/api/v1/articles/{}", f.hostile)).await;
    let story = json(&body)["story"].as_i64().unwrap();
    let (status, _, page) = get(&app, &format!("/story/{story}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_escaped(&page);
    assert!(page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
}

#[tokio::test]
async fn reader_shows_clean_text_quotes_and_captions() {
    let f = fixture(Options::default());
    let app = router(f.app.clone());
    let (_, _, body) = get(&app, "/api/v1/search?q=Marak%20brigade&limit=1").await;
    let id = json(&body)["items"][0]["id"].as_i64().unwrap();
    let (status, _, page) = get(&app, &format!("/article/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<mark class=\"q\">"), "quotes are highlighted");
    assert!(page.contains("<span class=\"said\">"), "with their speakers");
    assert!(page.contains("Read the original report"));
    assert!(page.contains("id=\"b0\""), "blocks have anchors");
    assert!(page.contains("Story: <a href=\"/story/"));

    let (status, _, page) = get(&app, &format!("/article/{}", f.hostile)).await;
    assert_eq!(status, StatusCode::OK);
    assert_escaped(&page);
    assert!(page.contains("<title>&#60;script&#62;alert(1)&#60;/script&#62; · NewsBite</title>"), "{page}");
    assert!(page.contains("&#60;iframe src=//evil.example&#62;"));
    assert!(
        page.contains("<span class=\"credit\">&#60;svg onload=alert(3)&#62;</span>"),
        "captions keep credits"
    );
    assert!(page.contains("An &#34;attribute&#34; breaker &#39; and"), "{page}");
    assert!(!page.contains("Read the original report"), "a javascript: URL is not linked");
    let (status, _, _) = get(&app, "/article/0").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn search_filters_and_highlights() {
    let f = fixture(Options::default());
    let app = router(f.app.clone());
    let (status, _, page) = get(&app, "/search").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"speaker\"") && page.contains("name=\"entity\""));
    assert!(!page.contains("No articles found"));
    let (status, _, page) = get(&app, "/search?q=brigade&since=30d").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<mark>"), "matches are highlighted: {page}");
    assert!(page.contains("href=\"/article/"));
    let (_, _, page) = get(&app, "/search?q=zzzznothing").await;
    assert!(page.contains("No articles found"));
    let (status, _, page) = get(&app, "/search?q=dam&since=someday").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("cannot read the time"));
    let (_, _, page) = get(&app, &format!("/search?q={}", "%3Cscript%3Ealert(1)%3C%2Fscript%3E")).await;
    assert_escaped(&page);
    assert!(
        page.contains("value=\"&#60;script&#62;alert(1)&#60;/script&#62;\""),
        "the query is echoed as text"
    );
    let (_, _, page) = get(&app, "/search?q=Quillfire").await;
    assert_escaped(&page);
    let (_, _, page) = get(&app, "/search?speaker=Marak").await;
    assert!(page.contains("href=\"/article/"), "speaker filter alone lists articles");
}

#[tokio::test]
async fn static_files_and_unknown_pages() {
    let f = fixture(Options::default());
    let app = router(f.app.clone());
    let (status, headers, css) = get(&app, "/static/style.css").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    assert!(css.contains(".sides"));
    let (status, headers, js) = get(&app, "/static/app.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/javascript"));
    assert!(js.contains("time.rel"));
    let (status, _, page) = get(&app, "/nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("no page at this address"));
}

#[tokio::test]
async fn api_lists_pages_and_errors_in_json() {
    let f = fixture(Options::default());
    let app = router(f.app.clone());
    let (status, headers, body) = get(&app, "/api/v1/stories?limit=2").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let page = json(&body);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["next_offset"], 2);
    let total = page["total"].as_u64().unwrap();
    let (_, _, body) = get(&app, &format!("/api/v1/stories?offset={}", total - 1)).await;
    let last = json(&body);
    assert_eq!(last["items"].as_array().unwrap().len(), 1);
    assert_eq!(last["next_offset"], Value::Null);

    let id = disputed_story(&app).await;
    let (status, _, body) = get(&app, &format!("/api/v1/stories/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let story = json(&body);
    assert!(story["reports"].as_array().unwrap().len() > 1);
    assert!(story["claims"].as_array().unwrap().iter().any(|c| c["disputed"] == true));

    let (status, _, body) = get(&app, "/api/v1/articles?limit=3").await;
    assert_eq!(status, StatusCode::OK);
    let articles = json(&body);
    assert_eq!(articles["items"].as_array().unwrap().len(), 3);
    assert_eq!(articles["next_offset"], 3);
    let (status, _, body) = get(&app, &format!("/api/v1/articles/{}", f.hostile)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body)["article"]["headline"], HOSTILE, "JSON keeps the text as it is");
    let (status, _, body) = get(&app, "/api/v1/search?q=brigade&publisher=valdoria-herald.example").await;
    assert_eq!(status, StatusCode::OK);
    let hits = json(&body)["items"].as_array().unwrap().clone();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["publisher"] == "valdoria-herald.example"), "{hits:?}");

    for (uri, status) in [
        ("/api/v1/stories/424242", StatusCode::NOT_FOUND),
        ("/api/v1/articles/424242", StatusCode::NOT_FOUND),
        ("/api/v1/stories/x", StatusCode::BAD_REQUEST),
        ("/api/v1/search?since=later", StatusCode::BAD_REQUEST),
        ("/api/v1/stories?limit=-1", StatusCode::BAD_REQUEST),
        ("/api/v1/nothing", StatusCode::NOT_FOUND),
        ("/api/v2/stories", StatusCode::NOT_FOUND),
    ] {
        let (got, headers, body) = get(&app, uri).await;
        assert_eq!(got, status, "{uri}: {body}");
        if got == StatusCode::NOT_FOUND || uri.contains("since") {
            assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{uri}");
            let e = json(&body);
            assert_eq!(e["status"], status.as_u16(), "{uri}");
            assert!(!e["message"].as_str().unwrap().is_empty());
        }
    }
}

#[tokio::test]
async fn openapi_document_names_every_route_that_answers() {
    let f = fixture(Options::default());
    let app = router(f.app.clone());
    let (status, _, body) = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let doc = json(&body);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 6);
    for (path, ops) in paths {
        if ops.get("get").is_none() {
            continue;
        }
        let uri = path.replace("{id}", "1");
        let (status, _, body) = get(&app, &uri).await;
        assert!(status == StatusCode::OK || status == StatusCode::NOT_FOUND, "{uri}: {status}");
        json(&body);
    }
}

#[tokio::test]
async fn a_token_is_required_when_set() {
    let f = fixture(Options { token: Some("s3cret-token".into()), ..Options::default() });
    let app = router(f.app.clone());
    let (status, _, page) = get(&app, "/").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(page.contains("access token"));
    let (status, headers, body) = get(&app, "/api/v1/stories").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(json(&body)["status"], 401);
    let (status, _, _) = get(&app, "/?token=wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The token in the address sets a cookie and leaves the address bar.
    let (status, headers, _) = get(&app, "/search?q=dam&token=s3cret-token").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/search?q=dam");
    let (status, headers, _) = get(&app, "//evil.example/?token=s3cret-token").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/", "no redirect to another site");
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let pair = cookie.split(';').next().unwrap().to_string();
    let request = Request::get("/").header(header::COOKIE, pair).body(Body::empty()).unwrap();
    let (status, _, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    let request = Request::get("/api/v1/stories")
        .header(header::AUTHORIZATION, "Bearer s3cret-token")
        .body(Body::empty())
        .unwrap();
    let (status, _, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn pages_are_kept_until_the_library_changes() {
    let f = fixture(Options::default());
    let app = router(f.app.clone());
    let (_, _, first) = get(&app, "/").await;
    let (status, headers, again) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first, again);
    assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY), "a kept page has the headers too");
    assert!(!first.contains("Lighthouse keeper"));
    // Another writer (as `newsbite add` in another process would) adds a report.
    let now = chrono::Utc::now();
    let mut lib = newsbite_library::Library::open(f.dir.path(), now).unwrap();
    let mut a = newsbite_model::Article::new("Lighthouse keeper retires after forty years on Tallon Rock");
    a.url = Some("https://coast.example/lighthouse".into());
    a.blocks = vec![newsbite_model::Block::Paragraph {
        text: "The last keeper of the Tallon Rock lighthouse retired on Monday after forty years.".into(),
    }];
    lib.add(&[a], now).unwrap();
    drop(lib);
    let (_, _, after) = get(&app, "/").await;
    assert!(after.contains("Lighthouse keeper"), "the change shows at once");
}

#[tokio::test]
async fn a_report_that_cannot_be_read_back_leaves_the_digest_and_its_story_up() {
    let f = fixture(Options::default());
    let app = router(f.app.clone());
    let story = disputed_story(&app).await;
    let (_, _, body) = get(&app, &format!("/api/v1/stories/{story}")).await;
    let first = json(&body)["reports"][0]["article"].as_i64().expect("a first report");
    // JSON, but no article: as a hand edit or a damaged disk would leave it.
    rusqlite::Connection::open(f.dir.path().join("newsbite.db"))
        .unwrap()
        .execute("UPDATE articles SET article = '{}' WHERE id = ?1", [first])
        .unwrap();
    let (status, _, page) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("disputed"), "the digest still shows the dispute");
    let (status, _, page) = get(&app, &format!("/story/{story}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    // The report itself answers with an error that names it and says why, not a page made of
    // nothing, and not the database's path.
    let (status, _, body) = get(&app, &format!("/api/v1/articles/{first}")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let message = json(&body)["message"].as_str().unwrap_or("").to_string();
    assert!(message.contains(&format!("article {first}")) && message.contains("headline"), "{message}");
    assert!(!message.contains("newsbite.db"), "{message}");
    let (status, _, page) = get(&app, &format!("/article/{first}")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.contains(&format!("article {first}")), "{page}");
}
