//! The JSON API under `/api/v1/`, described by the OpenAPI document at `/api/v1/openapi.json`.
//!
//! Listings are paged with `limit` (default 20, at most 100) and `offset`, and answer
//! `{"items": [...], "total": N | null, "limit", "offset", "next_offset": N | null}` (`total` is
//! null where counting every match would cost a second query, as for search). Single items are
//! the store's own shapes (a story with its reports and claims; an article with its analysis).
//! Errors are `{"status", "error", "message"}` with the HTTP status ([`ApiError`]).

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use newsbite_library::store::{Hit, StoredArticle, StoryDetail, StorySummary};
use newsbite_library::view;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{ApiError, WebError};
use crate::pages::SearchParams;
use crate::App;

/// The largest page a listing returns.
pub const MAX_LIMIT: usize = 100;

/// Paging parameters.
#[derive(Debug, Default, Deserialize)]
pub struct Paging {
    /// How many items (default 20, at most [`MAX_LIMIT`]).
    pub limit: Option<usize>,
    /// How many to skip.
    pub offset: Option<usize>,
}

impl Paging {
    fn limit(&self) -> usize {
        self.limit.unwrap_or(20).clamp(1, MAX_LIMIT)
    }
    fn offset(&self) -> usize {
        self.offset.unwrap_or(0)
    }
}

/// One page of a listing.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// How many items there are in all, when known.
    pub total: Option<usize>,
    /// The page size asked for.
    pub limit: usize,
    /// Where this page starts.
    pub offset: usize,
    /// Where the next page starts, if there is one.
    pub next_offset: Option<usize>,
}

/// Parameters of `GET /api/v1/stories` (besides paging).
#[derive(Debug, Default, Deserialize)]
pub struct StoriesParams {
    /// Stories seen since (`24h`, `7d`, a date, an RFC 3339 time); all when absent.
    pub since: Option<String>,
}

/// A query string that could not be read, as a JSON 400.
fn bad_query(e: QueryRejection) -> ApiError {
    ApiError(WebError::bad_request(e.body_text()))
}

/// A path that could not be read (an id that is not a number), as a JSON 400.
fn bad_path(e: PathRejection) -> ApiError {
    ApiError(WebError::bad_request(e.body_text()))
}

/// `GET /api/v1/stories`: stories in digest order.
pub async fn stories(
    State(app): State<App>,
    p: Result<Query<StoriesParams>, QueryRejection>,
    paging: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<Page<StorySummary>>, ApiError> {
    let (Query(p), Query(paging)) = (p.map_err(bad_query)?, paging.map_err(bad_query)?);
    let since = p
        .since
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| view::parse_time(s, Utc::now()).map_err(WebError::bad_request))
        .transpose()?;
    let (limit, offset) = (paging.limit(), paging.offset());
    let all = app.readers.read(move |store| Ok(view::ranked(store.stories(since)?))).await?;
    let total = all.len();
    let items: Vec<StorySummary> = all.into_iter().skip(offset).take(limit).collect();
    let next_offset = (offset + items.len() < total).then_some(offset + items.len());
    Ok(Json(Page { items, total: Some(total), limit, offset, next_offset }))
}

/// `GET /api/v1/stories/{id}`.
pub async fn story(
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<StoryDetail>, ApiError> {
    let Path(id) = id.map_err(bad_path)?;
    let detail = app.readers.read(move |store| Ok(store.story(id)?)).await?;
    detail.map(Json).ok_or_else(|| ApiError(WebError::not_found(format!("there is no story #{id}"))))
}

/// `GET /api/v1/articles/{id}`.
pub async fn article(
    State(app): State<App>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<StoredArticle>, ApiError> {
    let Path(id) = id.map_err(bad_path)?;
    let stored = app.readers.read(move |store| Ok(store.article(id)?)).await?;
    stored.map(Json).ok_or_else(|| ApiError(WebError::not_found(format!("there is no article #{id}"))))
}

async fn hits(app: App, search: SearchParams, paging: Paging) -> Result<Json<Page<Hit>>, ApiError> {
    let (limit, offset) = (paging.limit(), paging.offset());
    // One more than asked tells whether there is a next page.
    let query = search.query(Utc::now(), limit + 1, offset)?;
    let mut items = app.readers.read(move |store| Ok(store.search(&query)?)).await?;
    let more = items.len() > limit;
    items.truncate(limit);
    let next_offset = more.then_some(offset + limit);
    Ok(Json(Page { items, total: None, limit, offset, next_offset }))
}

/// `GET /api/v1/search?q=…`: full-text search with filters, best first.
pub async fn search(
    State(app): State<App>,
    p: Result<Query<SearchParams>, QueryRejection>,
    paging: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<Page<Hit>>, ApiError> {
    hits(app, p.map_err(bad_query)?.0, paging.map_err(bad_query)?.0).await
}

/// `GET /api/v1/articles`: articles, newest first, with the search filters (text ignored).
pub async fn articles(
    State(app): State<App>,
    p: Result<Query<SearchParams>, QueryRejection>,
    paging: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<Page<Hit>>, ApiError> {
    let mut search = p.map_err(bad_query)?.0;
    search.q = None;
    hits(app, search, paging.map_err(bad_query)?.0).await
}

/// Any other path under `/api/`: a JSON 404.
pub async fn not_found() -> ApiError {
    ApiError(WebError::new(StatusCode::NOT_FOUND, "no such API endpoint; see /api/v1/openapi.json"))
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Json<Value> {
    Json(openapi_document())
}

fn paging_params() -> Value {
    json!([
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 20}},
        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}}
    ])
}

fn filter_params(with_text: bool) -> Value {
    let mut params = vec![];
    if with_text {
        params.push(json!({"name": "q", "in": "query", "description": "Words (all must match), \"a phrase\", -excluded, prefix*.", "schema": {"type": "string"}}));
    }
    for (name, what) in [
        ("publisher", "Only articles of this publisher (e.g. news.com.au)."),
        ("since", "From this time on: 24h, 7d, a date or an RFC 3339 time."),
        ("until", "Before this time."),
        ("speaker", "Only articles quoting this speaker (part of a name)."),
        ("entity", "Only articles naming this person, organisation or place."),
    ] {
        params.push(json!({"name": name, "in": "query", "description": what, "schema": {"type": "string"}}));
    }
    if let Value::Array(paging) = paging_params() {
        params.extend(paging);
    }
    Value::Array(params)
}

fn id_param(what: &str) -> Value {
    json!([{"name": "id", "in": "path", "required": true, "description": what, "schema": {"type": "integer"}}])
}

fn ok(description: &str, schema: &str) -> Value {
    json!({
        "200": {"description": description, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}},
        "default": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    })
}

/// The OpenAPI 3.1 document of the API, written by hand: the API is small, and a generator would
/// cost more to compile than this costs to keep true (the tests check every path in it answers).
pub fn openapi_document() -> Value {
    let page = |item: &str| {
        json!({"type": "object", "required": ["items", "limit", "offset"], "properties": {
            "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}},
            "total": {"type": ["integer", "null"]},
            "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "next_offset": {"type": ["integer", "null"]}
        }})
    };
    let mut paths = json!({
        "/api/v1/stories": {"get": {"summary": "Stories in digest order (most independent sources, then most recent).",
            "parameters": [{"name": "since", "in": "query", "schema": {"type": "string"}, "description": "Stories seen since: 24h, 7d, a date or an RFC 3339 time; all when absent."}, paging_params()[0], paging_params()[1]],
            "responses": ok("A page of stories", "StoryPage")}},
        "/api/v1/stories/{id}": {"get": {"summary": "A story: bite, reports with syndicated copies folded, claims with each speaker's stance.",
            "parameters": id_param("The story's id"), "responses": ok("The story", "Story")}},
        "/api/v1/articles": {"get": {"summary": "Articles, newest first, filtered.",
            "parameters": filter_params(false), "responses": ok("A page of articles", "HitPage")}},
        "/api/v1/articles/{id}": {"get": {"summary": "An article with its analysis (bite, quotes, figures, entities, keywords).",
            "parameters": id_param("The article's id"), "responses": ok("The article", "StoredArticle")}},
        "/api/v1/search": {"get": {"summary": "Full-text search (BM25) with filters; snippets mark matches in [ ].",
            "parameters": filter_params(true), "responses": ok("A page of hits", "HitPage")}},
        "/api/v1/openapi.json": {"get": {"summary": "This document.", "responses": {"200": {"description": "OpenAPI 3.1"}}}}
    });
    if let (Value::Object(paths), Value::Object(feeds)) = (&mut paths, crate::feeds::openapi_paths()) {
        paths.extend(feeds);
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "NewsBite API", "version": "1", "description":
            "Stories, articles and search of a NewsBite library. When the server was started with an access token, send it as `Authorization: Bearer <token>`. Writes take JSON bodies (`Content-Type: application/json`)."},
        "paths": paths,
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["status", "error", "message"], "properties": {
                    "status": {"type": "integer"}, "error": {"type": "string"}, "message": {"type": "string"}}},
                "StorySummary": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "title": {"type": "string"}, "bite": {"type": "array", "items": {"type": "string"}},
                    "articles": {"type": "integer"}, "sources": {"type": "integer", "description": "Independent sources: distinct publishers, copies left out."},
                    "first_seen": {"type": "string", "format": "date-time"}, "last_seen": {"type": "string", "format": "date-time"},
                    "updated_at": {"type": "string", "format": "date-time"}, "disputed": {"type": "boolean"}}},
                "Story": {"allOf": [{"$ref": "#/components/schemas/StorySummary"}, {"type": "object", "properties": {
                    "reports": {"type": "array", "items": {"type": "object", "description": "A report: article id, url, publisher, headline, published, copies (the same shape)."}},
                    "claims": {"type": "array", "items": {"type": "object", "properties": {
                        "about": {"type": "string"}, "disputed": {"type": "boolean"},
                        "positions": {"type": "array", "items": {"type": "object", "properties": {
                            "speaker": {"type": "string"}, "stance": {"enum": ["affirms", "denies", "no_evidence", "unclear"]},
                            "text": {"type": "string"}, "sentence": {"type": "string"}, "article": {"type": "integer"}, "span": {"type": "object"}}}}}}}}}]},
                "StoredArticle": {"type": "object", "description": "The article (schema 1: url, publisher, headline, standfirst, byline, published, language, blocks) and its analysis (bite, quotes, figures, entities, keywords, each with a span), with id, added_at, updated_at, story and copy_of.",
                    "properties": {"id": {"type": "integer"}, "article": {"type": "object"}, "analysis": {"type": "object"},
                        "added_at": {"type": "string", "format": "date-time"}, "story": {"type": ["integer", "null"]}, "copy_of": {"type": ["integer", "null"]}}},
                "Hit": {"type": "object", "properties": {"id": {"type": "integer"}, "headline": {"type": "string"},
                    "publisher": {"type": ["string", "null"]}, "published": {"type": ["string", "null"], "format": "date-time"},
                    "snippet": {"type": "string"}, "score": {"type": "number"}}},
                "StoryPage": page("StorySummary"),
                "HitPage": page("Hit"),
                "Feed": crate::feeds::feed_schema()
            }
        }
    })
}
