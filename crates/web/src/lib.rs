//! NewsBite's web server: the pages people read (digest, story, article reader, search) and a
//! JSON API for other tools, over one library.
//!
//! `newsbite serve` builds an [`App`] on a data folder, binds a listener and calls [`serve`]
//! until Ctrl-C. The pieces:
//!
//! - [`pool`]: read connections to the library (SQLite in WAL mode), used on blocking threads;
//! - [`pages`]: server-rendered HTML (askama templates in `templates/`, checked at compile time,
//!   escaping every value), one stylesheet and one small script, served as files so that the
//!   Content-Security-Policy can forbid inline code; every page works without the script;
//! - [`api`]: JSON under `/api/v1/` with an OpenAPI document;
//! - [`feeds`]: the Sources page, the feeds API and the scheduler that polls feeds
//!   (`newsbite-fetch`) inside the server, through the one writing [`Library`](newsbite_library::Library);
//! - [`cache`]: rendered pages kept until the library changes (SQLite's `data_version`);
//! - [`guard`]: security headers, the access token, CSRF and Origin checks, request logs.
//!
//! The server keeps no state of its own besides the per-process CSRF secret: what it shows is
//! what the store holds at that moment, whoever wrote it (the scheduler, `newsbite add`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;

pub mod api;
pub mod cache;
pub mod error;
pub mod feeds;
pub mod guard;
pub mod pages;
pub mod pool;
pub mod text;

pub use error::{ApiError, WebError};
pub use guard::Guard;
pub use pool::Readers;

/// The largest request body accepted (an OPML file, a form): 1 MiB.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The stylesheet, compiled in.
pub const CSS: &str = include_str!("../static/style.css");
/// The script that enhances pages (relative times, filter toggles); pages work without it.
pub const JS: &str = include_str!("../static/app.js");

/// How a server is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// The access token requests must carry, if any.
    pub token: Option<String>,
    /// How many read connections to keep (at least one).
    pub readers: usize,
    /// Whether to open the library for writing too, for following feeds (else the Sources page
    /// is read-only), and which addresses the fetcher may reach.
    pub feeds: Option<newsbite_fetch::AddressPolicy>,
    /// Whether to keep rendered pages until the library changes ([`cache`]).
    pub cache: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { token: None, readers: default_readers(), feeds: None, cache: true }
    }
}

/// Read connections by default: two per core, so that a request waiting on the disk does not
/// hold a core idle, and no more, since each SQLite connection keeps its own page cache.
pub fn default_readers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}

/// The server's shared state: the library's read connections and the guard's secrets.
#[derive(Debug, Clone)]
pub struct App {
    /// Read connections to the library.
    pub readers: Arc<Readers>,
    /// The access token and CSRF secret.
    pub guard: Arc<Guard>,
    /// The writer side (subscriptions, polls), when the server follows feeds.
    pub feeds: Option<Arc<feeds::Feeds>>,
    /// Rendered pages, when kept.
    pub cache: Option<Arc<cache::PageCache>>,
}

impl App {
    /// Opens the library in the data folder `dir` (creating it if needed) for serving.
    pub fn open(dir: &Path, options: Options) -> Result<App, WebError> {
        let readers = Readers::open(dir, options.readers)?;
        let feeds = match options.feeds {
            Some(policy) => Some(Arc::new(feeds::Feeds::open(dir, policy)?)),
            None => None,
        };
        let cache = match options.cache {
            true => Some(Arc::new(
                cache::PageCache::open(dir)
                    .map_err(|e| WebError::internal(format!("cannot watch the library for changes: {e}")))?,
            )),
            false => None,
        };
        Ok(App { readers: Arc::new(readers), guard: Arc::new(Guard::new(options.token)?), feeds, cache })
    }
}

/// Whether an address is reachable only from this machine (then no token is required).
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

async fn css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], CSS)
}

async fn js() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], JS)
}

async fn page_not_found() -> WebError {
    WebError::not_found("there is no page at this address")
}

/// Every route of the server, with the guard in front.
pub fn router(app: App) -> Router {
    let api = Router::new()
        .route("/stories", get(api::stories))
        .route("/stories/{id}", get(api::story))
        .route("/articles", get(api::articles))
        .route("/articles/{id}", get(api::article))
        .route("/search", get(api::search))
        .route("/feeds", get(feeds::api_list).post(feeds::api_add))
        .route("/feeds/{id}", axum::routing::delete(feeds::api_remove))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found);
    Router::new()
        .route("/", get(pages::digest))
        .route("/story/{id}", get(pages::story))
        .route("/article/{id}", get(pages::article))
        .route("/search", get(pages::search))
        .route("/sources", get(feeds::page))
        .route("/sources/add", post(feeds::add))
        .route("/sources/remove", post(feeds::remove))
        .route("/sources/import", post(feeds::import))
        .route("/sources/poll", post(feeds::poll_now))
        .route("/sources/opml", get(feeds::export))
        .route("/static/style.css", get(css))
        .route("/static/app.js", get(js))
        .nest("/api/v1", api)
        .route("/api/{*rest}", get(api::not_found))
        .fallback(page_not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), cache::layer))
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard::protect))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app)
}

/// Serves `app` on `listener` until `shutdown` completes, then lets the requests in flight
/// finish.
pub async fn serve(
    listener: TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app)).with_graceful_shutdown(shutdown).await
}

/// Completes on Ctrl-C or, on Unix, SIGTERM: the usual ways to stop a server.
///
/// The signals are caught from the moment this returns, not from the future's first poll: a
/// server that prints its address after calling this stops cleanly on a SIGTERM sent as soon as
/// the address is out (uncaught, the signal would end the process on the spot). Call it inside a
/// Tokio runtime.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let caught = {
        use tokio::signal::unix::{signal, SignalKind};
        [signal(SignalKind::interrupt()).ok(), signal(SignalKind::terminate()).ok()]
    };
    async move {
        #[cfg(unix)]
        {
            let [interrupt, terminate] = caught;
            let next = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = next(interrupt) => {},
                () = next(terminate) => {},
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down: finishing the requests in flight");
    }
}
