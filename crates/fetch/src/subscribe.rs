//! The feed list: subscribe (to a feed, or to a page that announces one), list, remove, and
//! OPML import and export.
//!
//! Subscribing to a URL fetches it once, through the same [`Fetcher`] as polls (so the address
//! policy and robots.txt apply): a feed is taken as it is; a web page is searched for the feeds
//! it announces ([`discover`](crate::discover)) and the first one that reads as a feed is taken.
//! Importing OPML makes no request: each subscription is checked by the address policy's URL
//! rules (scheme, IP literals) and added; the first poll fetches it.

use chrono::{DateTime, Utc};
use newsbite_library::store::{Feed, NewFeed, StoreError};
use newsbite_library::Library;
use url::Url;

use crate::discover::discover;
use crate::feed::{self, FeedError};
use crate::http::{FetchError, Fetched, Fetcher, Validators};
use crate::opml::{self, OpmlError, Subscription};
use crate::safety::AddressPolicy;

/// Why a subscription failed.
#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    /// The URL could not be fetched.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// What the URL serves is neither a feed nor a page that announces one.
    #[error("{url}: not a feed ({reason}), and the page announces no feed")]
    NoFeed {
        /// The URL.
        url: String,
        /// Why it is not a feed.
        reason: FeedError,
    },
    /// An OPML file that cannot be read.
    #[error(transparent)]
    Opml(#[from] OpmlError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What subscribing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribed {
    /// The feed as stored.
    pub feed: Feed,
    /// Whether it is new (else it was followed already).
    pub new: bool,
    /// When the URL given was a page: that page.
    pub discovered_from: Option<String>,
}

/// Subscribes to `url`: a feed, or a page announcing one (see the module docs), filed under
/// `category`.
pub async fn add(
    library: &mut Library,
    fetcher: &Fetcher,
    url: &str,
    category: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Subscribed, SubscribeError> {
    let body = match fetcher.get(url, &Validators::default()).await? {
        Fetched::Body(body) => body,
        Fetched::NotModified { url } => {
            return Err(FetchError::Network {
                url,
                reason: "answered 304 to an unconditional request".into(),
            }
            .into())
        }
    };
    let not_feed = match feed::parse(&body.bytes, body.charset.as_deref(), Some(&body.url)) {
        Ok(parsed) => {
            return store(library, &body.url, &parsed, category, None, now);
        }
        Err(e) => e,
    };
    let html = crate::charset::decode(&body.bytes, body.charset.as_deref()).text;
    for found in discover(&html, &body.url) {
        let Ok(Fetched::Body(candidate)) = fetcher.get(&found.url, &Validators::default()).await else {
            continue;
        };
        if let Ok(parsed) = feed::parse(&candidate.bytes, candidate.charset.as_deref(), Some(&candidate.url))
        {
            return store(library, &candidate.url, &parsed, category, Some(body.url), now);
        }
    }
    Err(SubscribeError::NoFeed { url: body.url, reason: not_feed })
}

fn store(
    library: &mut Library,
    url: &str,
    parsed: &feed::Feed,
    category: Option<&str>,
    discovered_from: Option<String>,
    now: DateTime<Utc>,
) -> Result<Subscribed, SubscribeError> {
    let new = NewFeed {
        url: url.to_string(),
        title: parsed.title.clone(),
        site_url: parsed.site_url.clone(),
        category: category.map(str::to_string),
    };
    let (feed, new) = library.feeds().add_feed(&new, now)?;
    Ok(Subscribed { feed, new, discovered_from })
}

/// What an OPML import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// Feeds newly followed.
    pub added: usize,
    /// Feeds already followed (their category updated when the file gives one).
    pub already: usize,
    /// Subscriptions refused, each with why.
    pub refused: Vec<(String, String)>,
}

/// Imports an OPML subscription list (no request is made; see the module docs).
pub fn import(
    library: &mut Library,
    opml_text: &str,
    policy: &AddressPolicy,
    now: DateTime<Utc>,
) -> Result<Imported, SubscribeError> {
    let subscriptions = opml::parse(opml_text)?;
    let mut report = Imported::default();
    for s in subscriptions {
        let checked = Url::parse(s.url.trim())
            .map_err(|e| e.to_string())
            .and_then(|u| policy.check_url(&u).map(|()| u).map_err(|e| e.to_string()));
        let url = match checked {
            Ok(u) => u,
            Err(why) => {
                report.refused.push((s.url, why));
                continue;
            }
        };
        let new =
            NewFeed { url: url.to_string(), title: s.title, site_url: s.site_url, category: s.category };
        let (_, fresh) = library.feeds().add_feed(&new, now)?;
        if fresh {
            report.added += 1;
        } else {
            report.already += 1;
        }
    }
    Ok(report)
}

/// The feeds followed, as OPML 2.0 with their categories.
pub fn export(library: &mut Library, title: &str) -> Result<String, StoreError> {
    let subscriptions: Vec<Subscription> = library
        .feeds()
        .feeds()?
        .into_iter()
        .map(|f| Subscription { url: f.url, title: f.title, site_url: f.site_url, category: f.category })
        .collect();
    Ok(opml::write(&subscriptions, title))
}

/// The feeds followed, with their polling state (last error, failures, next poll).
pub fn list(library: &mut Library) -> Result<Vec<Feed>, StoreError> {
    library.feeds().feeds()
}

/// Unfollows a feed, by URL or id. Its articles stay. Returns whether there was one.
pub fn remove(library: &mut Library, url_or_id: &str) -> Result<bool, StoreError> {
    library.feeds().remove_feed(url_or_id)
}
