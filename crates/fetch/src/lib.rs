//! Following sources: feeds, OPML, and a polite, safe fetcher.
//!
//! The crate is cut in two. The **pure** half reads bytes and judges URLs, and touches nothing:
//!
//! - [`feed`]: RSS 0.9x/1.0/2.0, Atom and JSON Feed to [`feed::Entry`]s, through feed-rs, after
//!   [`charset`] has decoded the bytes (a feed that declares ISO-8859-1 but is UTF-8 is read as
//!   UTF-8). No DTD entity is ever expanded (XXE, billion laughs).
//! - [`opml`]: subscription lists in and out, folders kept as categories.
//! - [`discover`]: the feeds a web page announces (`<link rel="alternate">`).
//! - [`safety`]: which URLs and addresses may be fetched (SSRF): http(s) only, no private,
//!   loopback, link-local or metadata address unless allowed.
//! - [`backoff`]: when a feed is next due, with backoff, jitter and `Retry-After`.
//!
//! The **I/O** half does the network and the library:
//!
//! - [`http::Fetcher`]: the HTTP client (reqwest on rustls with ring): the address policy after
//!   DNS and on every redirect, robots.txt, a per-host rate limit and concurrency cap, timeouts,
//!   body and decompressed-size limits, conditional requests.
//! - [`poll`]: one poll of the feeds: fetch each feed, fetch and read its new entries' pages
//!   (falling back to the entry's own content), add them to the library, record each feed's
//!   outcome. One failing feed never stops the others.
//! - [`subscribe`]: the feed list: add (a feed URL, a page that announces one, or a file),
//!   list, remove, import and export OPML.
//!
//! # For the binary and the web server
//!
//! ```no_run
//! # async fn run(library: &mut newsbite_library::Library) -> Result<(), Box<dyn std::error::Error>> {
//! use newsbite_fetch::{poll, subscribe, FetchConfig, Fetcher};
//! let fetcher = Fetcher::new(FetchConfig::default())?;        // once; cheap to clone
//! subscribe::add(library, &fetcher, "https://news.example/", None, chrono::Utc::now()).await?;
//! let report = poll::poll_all(library, &fetcher, &poll::PollOptions::default(), chrono::Utc::now()).await?;
//! for feed in &report.feeds {
//!     println!("{}: {} new, {:?}", feed.url, feed.added, feed.error);
//! }
//! let opml = subscribe::export(library, "My feeds")?;          // OPML text
//! # Ok(()) }
//! ```
//!
//! A scheduler calls [`poll::poll_all`] every few minutes with `only_due: true`: each feed is
//! polled when its own schedule says ([`backoff::Schedule`]), so a healthy feed is asked every
//! 30 minutes, a failing one less and less often, and a second poll of an unchanged feed is one
//! conditional request answered `304 Not Modified`. Private addresses are refused unless the
//! [`FetchConfig::policy`] allows them (`--allow-private`, `NEWSBITE_ALLOW_PRIVATE=1`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod backoff;
pub mod charset;
pub mod discover;
pub mod feed;
pub mod http;
pub mod opml;
pub mod poll;
pub mod safety;
pub mod subscribe;

pub use http::{FetchConfig, FetchError, Fetched, Fetcher, Validators};
pub use safety::AddressPolicy;

/// Whether the environment asks for private addresses to be allowed
/// (`NEWSBITE_ALLOW_PRIVATE=1`, `true` or `yes`).
pub fn allow_private_from_env() -> bool {
    std::env::var("NEWSBITE_ALLOW_PRIVATE")
        .map(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
        .unwrap_or(false)
}
