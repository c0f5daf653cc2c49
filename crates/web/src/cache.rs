//! Rendered pages kept until the library changes.
//!
//! A digest or story page costs a few milliseconds of SQLite reads and JSON decoding, and it
//! changes only when the library does, so the server keeps the bytes of the pages it rendered
//! (the digest, stories, articles, the API's story list and stories) and serves them again while
//! the library is unchanged.
//!
//! "Unchanged" is SQLite's own answer: `PRAGMA data_version` on a connection that never writes
//! changes whenever any other connection (the scheduler, `newsbite add` in another process)
//! commits. Reading it is a look at the WAL index, without I/O. The version is read before a
//! page is rendered, so a change committed during the rendering leaves the page stale on
//! arrival and it is rendered again on the next request. A page missing from the cache is
//! rendered once however many requests ask for it at the same time: the others wait for it
//! (without that, a hundred clients arriving together each render the same digest, and all wait
//! for all). Pages also expire after [`TTL`], for
//! what depends on the clock (the digest's last 24 hours). At most [`MAX_ENTRIES`] pages of up to
//! 512 KB are kept (1 GB at the very worst, some 60 MB with pages of the usual 30 KB); pages of
//! an older version go first, then the oldest.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OpenFlags};

use crate::App;

/// How long a page is kept at most.
pub const TTL: Duration = Duration::from_secs(60);
/// How many pages are kept at most.
pub const MAX_ENTRIES: usize = 2048;
/// Pages larger than this are not kept.
const MAX_KEPT: usize = 512 * 1024;
/// The most a page may weigh at all.
const MAX_PAGE: usize = 16 * 1024 * 1024;

struct Entry {
    version: i64,
    made: Instant,
    content_type: HeaderValue,
    body: Bytes,
}

/// The page cache.
pub struct PageCache {
    watcher: Mutex<Connection>,
    entries: Mutex<HashMap<String, Entry>>,
    /// The pages being rendered, each with a lock its other askers wait on.
    rendering: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache").finish_non_exhaustive()
    }
}

impl PageCache {
    /// A cache watching the library in the data folder `dir` (whose database must exist).
    pub fn open(dir: &Path) -> rusqlite::Result<PageCache> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let watcher = Connection::open_with_flags(dir.join(newsbite_library::store::DB_FILE), flags)?;
        Ok(PageCache {
            watcher: Mutex::new(watcher),
            entries: Mutex::new(HashMap::new()),
            rendering: Mutex::new(HashMap::new()),
        })
    }

    /// The library's version now, if it can be read.
    fn version(&self) -> Option<i64> {
        let conn = self.watcher.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        conn.pragma_query_value(None, "data_version", |r| r.get(0)).ok()
    }

    /// The lock of a page being rendered (made if none is).
    fn rendering(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut rendering = self.rendering.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(rendering.entry(key.to_string()).or_default())
    }

    fn rendered(&self, key: &str) {
        self.rendering.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(key);
    }

    fn get(&self, key: &str, version: i64) -> Option<(HeaderValue, Bytes)> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let e = entries.get(key)?;
        (e.version == version && e.made.elapsed() < TTL).then(|| (e.content_type.clone(), e.body.clone()))
    }

    fn put(&self, key: String, version: i64, content_type: HeaderValue, body: Bytes) {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            let stale: Vec<String> =
                entries.iter().filter(|(_, e)| e.version != version).map(|(k, _)| k.clone()).collect();
            for k in stale {
                entries.remove(&k);
            }
            if entries.len() >= MAX_ENTRIES {
                if let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.made).map(|(k, _)| k.clone()) {
                    entries.remove(&oldest);
                }
            }
        }
        entries.insert(key, Entry { version, made: Instant::now(), content_type, body });
    }
}

/// Whether a path's page is kept: the pages and API answers that depend only on the library.
fn cacheable(path: &str) -> bool {
    path == "/"
        || path.starts_with("/story/")
        || path.starts_with("/article/")
        || path == "/api/v1/stories"
        || path.starts_with("/api/v1/stories/")
}

/// Middleware: answers from the cache when it can, and keeps what it renders.
pub async fn layer(State(app): State<App>, request: Request, next: Next) -> Response {
    let Some(cache) = app.cache.as_ref() else { return next.run(request).await };
    if request.method() != Method::GET || !cacheable(request.uri().path()) {
        return next.run(request).await;
    }
    let key = request.uri().to_string();
    let Some(version) = cache.version() else { return next.run(request).await };
    if let Some((content_type, body)) = cache.get(&key, version) {
        return ([(header::CONTENT_TYPE, content_type)], body).into_response();
    }
    // One renders; the others asking meanwhile wait, then find it kept.
    let lock = cache.rendering(&key);
    let _turn = lock.lock().await;
    let Some(version) = cache.version() else { return next.run(request).await };
    if let Some((content_type, body)) = cache.get(&key, version) {
        return ([(header::CONTENT_TYPE, content_type)], body).into_response();
    }
    let response = next.run(request).await;
    cache.rendered(&key);
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "the page was too large to send").into_response();
    };
    if let Some(content_type) = parts.headers.get(header::CONTENT_TYPE).filter(|_| bytes.len() <= MAX_KEPT) {
        cache.put(key, version, content_type.clone(), bytes.clone());
    }
    Response::from_parts(parts, Body::from(bytes))
}
