//! Feeds in the server: the Sources page, the feeds API, and the scheduler that polls them.
//!
//! Subscribing and polling are `newsbite-fetch`'s; this module gives them a face and a clock.
//! Writes go through one [`Library`] (the story index lives in it, so there must be only one
//! writer) behind an async mutex: a poll holds it while it runs, and a subscription made from
//! the page meanwhile waits for the poll to finish. Pages and the API read the feed list through
//! the read pool, so a running poll never slows a page down.
//!
//! The scheduler ([`run_scheduler`]) polls the feeds that are due (each feed keeps its own
//! schedule and backoff in the store) every few minutes, or at once when someone presses
//! "Poll now"; it stops between two feeds' writes when the server shuts down, and a poll cut
//! short leaves those feeds due for the next start.

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use chrono::{DateTime, Utc};
use newsbite_fetch::poll::{poll_all, PollOptions};
use newsbite_fetch::subscribe::{self, SubscribeError};
use newsbite_fetch::{opml, AddressPolicy, FetchConfig, Fetcher};
use newsbite_library::store::Feed;
use newsbite_library::Library;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::{watch, Mutex, Notify};

use crate::error::{ApiError, WebError};
use crate::pages::safe_url;
use crate::App;

/// The writer side of the server: the library that adds, and the fetcher.
pub struct Feeds {
    library: Mutex<Library>,
    fetcher: Fetcher,
    policy: AddressPolicy,
    poke: Notify,
}

impl std::fmt::Debug for Feeds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Feeds").field("policy", &self.policy).finish()
    }
}

impl Feeds {
    /// Opens the library in `dir` for writing, with a fetcher under `policy`.
    pub fn open(dir: &std::path::Path, policy: AddressPolicy) -> Result<Feeds, WebError> {
        let library = Library::open(dir, Utc::now())?;
        let fetcher = Fetcher::new(FetchConfig { policy: policy.clone(), ..FetchConfig::default() })
            .map_err(|e| WebError::internal(format!("cannot set up the fetcher: {e}")))?;
        Ok(Feeds { library: Mutex::new(library), fetcher, policy, poke: Notify::new() })
    }
}

fn feeds_of(app: &App) -> Result<&Arc<Feeds>, WebError> {
    app.feeds.as_ref().ok_or_else(|| {
        WebError::new(StatusCode::SERVICE_UNAVAILABLE, "this server was started without feeds (read-only)")
    })
}

/// How a subscription error reads, and its status: the feed's fault is 422, ours is 500.
fn subscribe_error(e: SubscribeError) -> WebError {
    match e {
        SubscribeError::Store(e) => e.into(),
        other => WebError::new(StatusCode::UNPROCESSABLE_ENTITY, other.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// Scheduler

/// Polls the due feeds now, then every `every` (or when poked), until `stop` turns true.
pub async fn run_scheduler(feeds: Arc<Feeds>, every: Duration, mut stop: watch::Receiver<bool>) {
    tracing::info!("feed scheduler: polling due feeds every {} s", every.as_secs());
    loop {
        if *stop.borrow() {
            break;
        }
        let poll = async {
            let mut library = feeds.library.lock().await;
            let options = PollOptions { only_due: true, ..PollOptions::default() };
            poll_all(&mut library, &feeds.fetcher, &options, Utc::now()).await
        };
        tokio::select! {
            report = poll => match report {
                Ok(r) if r.feeds.is_empty() => tracing::debug!("feed scheduler: no feed due"),
                Ok(r) => {
                    let failed = r.failed().count();
                    tracing::info!(
                        "feed scheduler: {} feeds polled, {} failed; {} new articles, {} new stories",
                        r.feeds.len(), failed, r.library.inserted, r.library.new_stories
                    );
                    for f in r.failed() {
                        tracing::warn!("feed {}: {}", f.url, f.error.as_deref().unwrap_or("failed"));
                    }
                }
                Err(e) => tracing::error!("feed scheduler: the library failed: {e}"),
            },
            _ = stop.changed() => break,
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = feeds.poke.notified() => {}
            _ = stop.changed() => break,
        }
    }
    tracing::info!("feed scheduler stopped");
}

// ---------------------------------------------------------------------------------------------
// Sources page

struct FeedView {
    id: i64,
    title: String,
    url: String,
    site: Option<String>,
    category: String,
    status: &'static str,
    status_text: String,
    last_error: Option<String>,
    next_poll: String,
    entries: u64,
}

fn ago(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(|| "never".into(), |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
}

fn feed_view(f: Feed) -> FeedView {
    let (status, status_text) = match (&f.last_error, f.last_polled) {
        (Some(_), _) => {
            ("error", format!("failing ({} in a row) · last polled {}", f.failures, ago(f.last_polled)))
        }
        (None, Some(_)) => ("ok", format!("ok · last polled {}", ago(f.last_polled))),
        (None, None) => ("new", "not polled yet".to_string()),
    };
    FeedView {
        id: f.id,
        title: f.title.clone().unwrap_or_else(|| f.url.clone()),
        url: f.url,
        site: safe_url(f.site_url.as_deref()),
        category: f.category.unwrap_or_default(),
        status,
        status_text,
        last_error: f.last_error,
        next_poll: f.next_poll.map_or_else(|| "now".into(), |t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
        entries: f.entries,
    }
}

#[derive(Template)]
#[template(path = "sources.html")]
struct SourcesPage {
    nav: &'static str,
    csrf: String,
    writable: bool,
    feeds: Vec<FeedView>,
    message: Option<String>,
    error: Option<String>,
}

/// Query of the Sources page: the outcome of the last form sent.
#[derive(Debug, Default, Deserialize)]
pub struct SourcesParams {
    msg: Option<String>,
    err: Option<String>,
}

/// `GET /sources`.
pub async fn page(State(app): State<App>, Query(p): Query<SourcesParams>) -> Result<Html<String>, WebError> {
    let feeds = app.readers.read(|store| Ok(store.feeds()?)).await?;
    let page = SourcesPage {
        nav: "sources",
        csrf: app.guard.csrf.clone(),
        writable: app.feeds.is_some(),
        feeds: feeds.into_iter().map(feed_view).collect(),
        message: p.msg,
        error: p.err,
    };
    Ok(Html(page.render()?))
}

fn back(outcome: Result<String, String>) -> Response {
    let (key, text) = match outcome {
        Ok(m) => ("msg", m),
        Err(e) => ("err", e),
    };
    let query = form_urlencoded::Serializer::new(String::new()).append_pair(key, &text).finish();
    Redirect::to(&format!("/sources?{query}")).into_response()
}

fn check_csrf(app: &App, field: &str) -> Result<(), WebError> {
    if app.guard.csrf_ok(field) {
        Ok(())
    } else {
        Err(WebError::new(
            StatusCode::FORBIDDEN,
            "this form is out of date or did not come from this server: reload the page and try again",
        ))
    }
}

/// The add-a-feed form.
#[derive(Debug, Deserialize)]
pub struct AddForm {
    csrf: String,
    url: String,
    #[serde(default)]
    category: String,
}

/// `POST /sources/add`.
pub async fn add(State(app): State<App>, Form(form): Form<AddForm>) -> Result<Response, WebError> {
    check_csrf(&app, &form.csrf)?;
    let feeds = feeds_of(&app)?;
    let url = form.url.trim();
    if url.is_empty() {
        return Ok(back(Err("give the address of a feed or of a site".into())));
    }
    let category = Some(form.category.trim()).filter(|c| !c.is_empty());
    let result = {
        let mut library = feeds.library.lock().await;
        subscribe::add(&mut library, &feeds.fetcher, url, category, Utc::now()).await
    };
    Ok(back(match result {
        Ok(s) => {
            feeds.poke.notify_one();
            let name = s.feed.title.clone().unwrap_or_else(|| s.feed.url.clone());
            Ok(if s.new { format!("Now following {name}.") } else { format!("Already following {name}.") })
        }
        Err(SubscribeError::Store(e)) => return Err(e.into()),
        Err(e) => Err(e.to_string()),
    }))
}

/// The remove button.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    csrf: String,
    id: i64,
}

/// `POST /sources/remove`.
pub async fn remove(State(app): State<App>, Form(form): Form<RemoveForm>) -> Result<Response, WebError> {
    check_csrf(&app, &form.csrf)?;
    let feeds = feeds_of(&app)?;
    let removed = subscribe::remove(&mut *feeds.library.lock().await, &form.id.to_string())?;
    Ok(back(if removed { Ok("Feed removed; its articles stay.".into()) } else { Err("no such feed".into()) }))
}

/// The OPML import form.
#[derive(Debug, Deserialize)]
pub struct ImportForm {
    csrf: String,
    opml: String,
}

/// `POST /sources/import`.
pub async fn import(State(app): State<App>, Form(form): Form<ImportForm>) -> Result<Response, WebError> {
    check_csrf(&app, &form.csrf)?;
    let feeds = feeds_of(&app)?;
    let result = subscribe::import(&mut *feeds.library.lock().await, &form.opml, &feeds.policy, Utc::now());
    Ok(back(match result {
        Ok(r) => {
            feeds.poke.notify_one();
            let mut m = format!("Imported: {} new feeds, {} already followed.", r.added, r.already);
            if !r.refused.is_empty() {
                let refused: Vec<String> = r.refused.iter().map(|(u, why)| format!("{u} ({why})")).collect();
                m.push_str(&format!(" Refused: {}.", refused.join("; ")));
            }
            Ok(m)
        }
        Err(SubscribeError::Store(e)) => return Err(e.into()),
        Err(e) => Err(format!("cannot import: {e}")),
    }))
}

/// The poll-now button.
#[derive(Debug, Deserialize)]
pub struct PollForm {
    csrf: String,
}

/// `POST /sources/poll`: wakes the scheduler.
pub async fn poll_now(State(app): State<App>, Form(form): Form<PollForm>) -> Result<Response, WebError> {
    check_csrf(&app, &form.csrf)?;
    feeds_of(&app)?.poke.notify_one();
    Ok(back(Ok("Polling the feeds that are due; reload in a minute.".into())))
}

/// `GET /sources/opml`: the feeds as an OPML file.
pub async fn export(State(app): State<App>) -> Result<Response, WebError> {
    let feeds = app.readers.read(|store| Ok(store.feeds()?)).await?;
    let subscriptions: Vec<opml::Subscription> = feeds
        .into_iter()
        .map(|f| opml::Subscription {
            url: f.url,
            title: f.title,
            site_url: f.site_url,
            category: f.category,
        })
        .collect();
    let body = opml::write(&subscriptions, "NewsBite feeds");
    Ok((
        [
            (header::CONTENT_TYPE, "text/x-opml; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"newsbite-feeds.opml\""),
        ],
        body,
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// API

/// `GET /api/v1/feeds`.
pub async fn api_list(State(app): State<App>) -> Result<Json<Value>, ApiError> {
    let feeds = app.readers.read(|store| Ok(store.feeds()?)).await?;
    let total = feeds.len();
    Ok(Json(json!({"items": feeds, "total": total, "limit": total, "offset": 0, "next_offset": null})))
}

/// Body of `POST /api/v1/feeds`.
#[derive(Debug, Deserialize)]
pub struct NewFeedBody {
    url: String,
    #[serde(default)]
    category: Option<String>,
}

/// `POST /api/v1/feeds`: follow a feed (or the feed a page announces).
pub async fn api_add(
    State(app): State<App>,
    body: Result<Json<NewFeedBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(|e| ApiError(WebError::new(e.status(), e.body_text())))?;
    let feeds = feeds_of(&app)?;
    let category = body.category.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let s = {
        let mut library = feeds.library.lock().await;
        subscribe::add(&mut library, &feeds.fetcher, body.url.trim(), category, Utc::now()).await
    }
    .map_err(subscribe_error)?;
    feeds.poke.notify_one();
    let status = if s.new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(json!({"feed": s.feed, "new": s.new, "discovered_from": s.discovered_from})))
        .into_response())
}

/// `DELETE /api/v1/feeds/{id}`: stop following a feed (its articles stay).
pub async fn api_remove(
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path(id) = id.map_err(|e| ApiError(WebError::bad_request(e.body_text())))?;
    let feeds = feeds_of(&app)?;
    if subscribe::remove(&mut *feeds.library.lock().await, &id.to_string())? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError(WebError::not_found(format!("there is no feed #{id}"))))
    }
}

/// The feeds paths of the OpenAPI document.
pub fn openapi_paths() -> Value {
    json!({
        "/api/v1/feeds": {
            "get": {"summary": "The feeds followed, with their polling state (last error, failures, next poll).",
                "responses": {"200": {"description": "All feeds", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Feed"}}}}}}}}},
            "post": {"summary": "Follow a feed, or the feed a web page announces.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["url"], "properties": {"url": {"type": "string"}, "category": {"type": "string"}}}}}},
                "responses": {
                    "201": {"description": "Now followed", "content": {"application/json": {"schema": {"type": "object", "properties": {"feed": {"$ref": "#/components/schemas/Feed"}, "new": {"type": "boolean"}, "discovered_from": {"type": ["string", "null"]}}}}}},
                    "200": {"description": "Already followed"},
                    "422": {"description": "Not a feed, or it cannot be fetched", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
        },
        "/api/v1/feeds/{id}": {
            "delete": {"summary": "Stop following a feed; its articles stay.",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {"204": {"description": "Removed"}, "404": {"description": "No such feed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
        }
    })
}

/// The feed's schema in the OpenAPI document.
pub fn feed_schema() -> Value {
    json!({"type": "object", "properties": {
        "id": {"type": "integer"}, "url": {"type": "string"}, "title": {"type": ["string", "null"]},
        "site_url": {"type": ["string", "null"]}, "category": {"type": ["string", "null"]},
        "added_at": {"type": "string", "format": "date-time"},
        "last_polled": {"type": ["string", "null"], "format": "date-time"},
        "last_ok": {"type": ["string", "null"], "format": "date-time"},
        "last_error": {"type": ["string", "null"]}, "failures": {"type": "integer"},
        "next_poll": {"type": ["string", "null"], "format": "date-time"}, "entries": {"type": "integer"}}})
}
