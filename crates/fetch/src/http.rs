//! The polite, careful HTTP client: every request the fetcher makes goes through [`Fetcher`].
//!
//! What it does for each URL, in order:
//!
//! 1. **Safety** ([`safety`](crate::safety)): the scheme must be http(s); an IP literal must be
//!    allowed by the [`AddressPolicy`]. Host names are resolved by the client's own DNS resolver,
//!    which drops every address the policy refuses, so the check applies to the address actually
//!    connected to (no DNS rebinding between check and connect). Proxies from the environment
//!    are ignored: a proxy would connect on the fetcher's behalf, unchecked.
//! 2. **robots.txt** (RFC 9309, read by `texting_robots`), fetched once per origin and kept for
//!    the fetcher's life: a 4xx means no rules; a 5xx or an unreachable robots.txt means "do not
//!    crawl" for now, as the RFC asks. Feeds are checked too, not only pages.
//! 3. **Rate and concurrency**: a per-host rate limit (`governor`, GCRA), at most
//!    [`FetchConfig::per_host_concurrency`] requests to one host at a time and
//!    [`FetchConfig::concurrency`] in all.
//! 4. **The request**: a clear `User-Agent`, `If-None-Match` / `If-Modified-Since` when the caller
//!    has them, `Accept-Encoding: gzip, deflate`, a connect timeout and a whole-request timeout
//!    (which covers a body that trickles).
//! 5. **Redirects** are followed by hand, at most [`FetchConfig::max_redirects`], each hop going
//!    through steps 1 to 4 again; a loop is reported as one.
//! 6. **The body** is streamed and counted: more than [`FetchConfig::max_body_bytes`] on the wire
//!    (or a `Content-Length` that says so) stops the download; a gzip or deflate body is
//!    decompressed here with a cap of [`FetchConfig::max_decoded_bytes`], so a bomb stops at the
//!    cap. Other content codings (brotli, zstd) are not asked for and are refused if sent.
//!
//! Everything that fails is a [`FetchError`] that names the URL and the reason.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::StatusCode;
use tokio::sync::{OnceCell, Semaphore};
use url::Url;

use crate::safety::{AddressPolicy, Refused};

/// The product token robots.txt rules are matched against.
pub const ROBOTS_AGENT: &str = "NewsBite";

/// The `User-Agent` sent with every request.
pub const USER_AGENT: &str =
    concat!("NewsBite/", env!("CARGO_PKG_VERSION"), " (feed reader; +https://example.invalid/newsbite)");

/// The largest robots.txt read (RFC 9309 asks parsers to read at least 500 KiB).
const MAX_ROBOTS_BYTES: usize = 512 * 1024;

/// How the fetcher behaves.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Sent with every request.
    pub user_agent: String,
    /// Which addresses may be reached.
    pub policy: AddressPolicy,
    /// Longest wait to connect.
    pub connect_timeout: Duration,
    /// Longest a request may take, from connecting to the last byte of the body.
    pub timeout: Duration,
    /// Redirects followed per request.
    pub max_redirects: usize,
    /// Most bytes read from the wire for one response.
    pub max_body_bytes: usize,
    /// Most bytes a compressed body may decompress to.
    pub max_decoded_bytes: usize,
    /// Requests per second to one host, sustained.
    pub per_host_per_second: NonZeroU32,
    /// Requests to one host that may go at once before the rate applies.
    pub per_host_burst: NonZeroU32,
    /// Requests to one host in flight at once.
    pub per_host_concurrency: usize,
    /// Requests in flight at once, in all.
    pub concurrency: usize,
    /// Whether robots.txt is read and obeyed.
    pub respect_robots: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: USER_AGENT.to_string(),
            policy: AddressPolicy::public_only(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            max_body_bytes: 10 * 1024 * 1024,
            max_decoded_bytes: 20 * 1024 * 1024,
            per_host_per_second: NonZeroU32::MIN.saturating_add(1),
            per_host_burst: NonZeroU32::MIN.saturating_add(3),
            per_host_concurrency: 2,
            concurrency: 16,
            respect_robots: true,
        }
    }
}

/// A conditional request's validators, as the server last sent them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag`.
    pub etag: Option<String>,
    /// The `Last-Modified` date, as sent.
    pub last_modified: Option<String>,
}

/// What a fetch brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// `304 Not Modified`: nothing new since the validators.
    NotModified {
        /// The URL that answered (after redirects).
        url: String,
    },
    /// A body.
    Body(Body),
}

/// A response body, decompressed, with what the caller needs of the headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The URL that answered (after redirects).
    pub url: String,
    /// The bytes, decompressed.
    pub bytes: Vec<u8>,
    /// The media type, lowercased, without parameters.
    pub media_type: Option<String>,
    /// The `charset` parameter of the `Content-Type`.
    pub charset: Option<String>,
    /// The validators for the next conditional request.
    pub validators: Validators,
}

/// Why a fetch failed. Every variant names the URL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// Not a URL.
    #[error("{url}: not a URL: {reason}")]
    BadUrl {
        /// What was given.
        url: String,
        /// Why it does not parse.
        reason: String,
    },
    /// Refused by the address policy.
    #[error("{url}: refused: {reason}")]
    Refused {
        /// The URL refused.
        url: String,
        /// Why.
        reason: Refused,
    },
    /// robots.txt says no.
    #[error("{url}: robots.txt of the site does not allow NewsBite to fetch it")]
    Robots {
        /// The URL.
        url: String,
    },
    /// More redirects than allowed.
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects {
        /// The first URL.
        url: String,
        /// The limit.
        max: usize,
    },
    /// A redirect back to a URL already visited.
    #[error("{url}: redirect loop (back to {again})")]
    RedirectLoop {
        /// The first URL.
        url: String,
        /// The URL visited twice.
        again: String,
    },
    /// A redirect without a usable `Location`.
    #[error("{url}: redirect ({status}) without a usable Location")]
    BadRedirect {
        /// The URL that redirected.
        url: String,
        /// The status.
        status: u16,
    },
    /// An HTTP status other than success, 304 or a redirect.
    #[error("{url}: the server answered {status}")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// The `Retry-After` header, when sent.
        retry_after: Option<String>,
    },
    /// The request took longer than the timeout.
    #[error("{url}: timed out after {secs:.1} s")]
    Timeout {
        /// The URL.
        url: String,
        /// The timeout.
        secs: f64,
    },
    /// The body was larger than allowed.
    #[error("{url}: the response is larger than {limit} bytes{}", if *.decoded { " once decompressed" } else { "" })]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        limit: usize,
        /// Whether it was the decompressed size.
        decoded: bool,
    },
    /// A compressed body that does not decompress, or a coding that is not supported.
    #[error("{url}: cannot decode the body: {reason}")]
    Decoding {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// Anything else on the way: DNS, connection, TLS, protocol.
    #[error("{url}: {reason}")]
    Network {
        /// The URL.
        url: String,
        /// What went wrong, with its causes.
        reason: String,
    },
}

impl FetchError {
    /// What the server asked for in `Retry-After`, if it did with a 429 or a 503.
    pub fn retry_after(&self) -> Option<&str> {
        match self {
            // Retry-After means "come back then" only with these two.
            FetchError::Status { retry_after, status: 429 | 503, .. } => retry_after.as_deref(),
            _ => None,
        }
    }
}

/// What robots.txt says for one origin.
enum Robots {
    /// No rules (none found, or a 4xx).
    AllowAll,
    /// The rules.
    Rules(Box<texting_robots::Robot>),
    /// Crawl nothing (robots.txt unreachable or 5xx).
    DisallowAll,
    /// The origin itself is refused by the address policy (found when fetching robots.txt).
    Refused(Refused),
}

/// The fetcher: one HTTP client with its limits, shared by all polls. Cheap to clone.
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    config: FetchConfig,
    limiter: DefaultKeyedRateLimiter<String>,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    all: Arc<Semaphore>,
    robots: Mutex<HashMap<String, Arc<OnceCell<Arc<Robots>>>>>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher").field("config", &self.inner.config).finish()
    }
}

/// The DNS resolver that drops refused addresses (see the module docs).
struct SafeResolver {
    policy: AddressPolicy,
}

impl reqwest::dns::Resolve for SafeResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut refusal = None;
            let allowed: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| match policy.check_ip(a.ip()) {
                    Ok(()) => true,
                    Err(r) => {
                        refusal.get_or_insert(r);
                        false
                    }
                })
                .collect();
            match (allowed.is_empty(), refusal) {
                (true, Some(r)) => Err(Box::new(r) as Box<dyn std::error::Error + Send + Sync>),
                (true, None) => Err(format!("{host} resolves to no address").into()),
                (false, _) => Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs),
            }
        })
    }
}

impl Fetcher {
    /// A fetcher with these settings.
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        let setup = |reason: String| FetchError::Network { url: String::new(), reason };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| setup(format!("TLS setup: {e}")))?;
        let tls = rustls_platform_verifier::BuilderVerifierExt::with_platform_verifier(tls)
            .map_err(|e| setup(format!("TLS setup: {e}")))?;
        let mut tls = tls.with_no_client_auth();
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .dns_resolver(SafeResolver { policy: config.policy.clone() })
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .pool_max_idle_per_host(config.per_host_concurrency.max(1))
            .build()
            .map_err(|e| setup(format!("HTTP client setup: {}", chain(&e))))?;
        let quota = Quota::per_second(config.per_host_per_second).allow_burst(config.per_host_burst);
        Ok(Fetcher {
            inner: Arc::new(Inner {
                client,
                limiter: RateLimiter::keyed(quota),
                hosts: Mutex::new(HashMap::new()),
                all: Arc::new(Semaphore::new(config.concurrency.max(1))),
                robots: Mutex::new(HashMap::new()),
                config,
            }),
        })
    }

    /// The settings.
    pub fn config(&self) -> &FetchConfig {
        &self.inner.config
    }

    /// Fetches `url`, conditionally when `validators` has an ETag or a date.
    pub async fn get(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let first = parse_url(url)?;
        self.get_url(first, validators, true, self.inner.config.max_decoded_bytes).await
    }

    async fn get_url(
        &self,
        first: Url,
        validators: &Validators,
        robots: bool,
        max_decoded: usize,
    ) -> Result<Fetched, FetchError> {
        let config = &self.inner.config;
        let mut url = first.clone();
        let mut visited = HashSet::from([first.to_string()]);
        for _hop in 0..=config.max_redirects {
            config
                .policy
                .check_url(&url)
                .map_err(|reason| FetchError::Refused { url: url.to_string(), reason })?;
            if robots && config.respect_robots && !self.robots_allow(&url).await? {
                return Err(FetchError::Robots { url: url.to_string() });
            }
            let response = self.send(&url, validators).await?;
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let next = response
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| url.join(l.trim()).ok())
                    .ok_or_else(|| FetchError::BadRedirect {
                        url: url.to_string(),
                        status: status.as_u16(),
                    })?;
                if !visited.insert(next.to_string()) {
                    return Err(FetchError::RedirectLoop { url: first.to_string(), again: next.to_string() });
                }
                url = next;
                continue;
            }
            return self.finish(&url, response, max_decoded).await;
        }
        Err(FetchError::TooManyRedirects { url: first.to_string(), max: config.max_redirects })
    }

    /// Sends one request, after the host's rate limit and within the concurrency caps.
    async fn send(&self, url: &Url, validators: &Validators) -> Result<reqwest::Response, FetchError> {
        let inner = &self.inner;
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let host_permits = {
            let mut hosts = inner.hosts.lock().unwrap_or_else(|p| p.into_inner());
            hosts
                .entry(host.clone())
                .or_insert_with(|| Arc::new(Semaphore::new(inner.config.per_host_concurrency.max(1))))
                .clone()
        };
        let closed =
            |_| FetchError::Network { url: url.to_string(), reason: "the fetcher is shutting down".into() };
        let _host = host_permits.acquire_owned().await.map_err(closed)?;
        let _all = inner.all.clone().acquire_owned().await.map_err(closed)?;
        inner.limiter.until_key_ready(&host).await;

        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate"));
        if let Some(v) = validators.etag.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(header::IF_NONE_MATCH, v);
        }
        if let Some(v) = validators.last_modified.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(header::IF_MODIFIED_SINCE, v);
        }
        inner.client.get(url.clone()).headers(headers).send().await.map_err(|e| self.request_error(url, &e))
    }

    fn request_error(&self, url: &Url, e: &reqwest::Error) -> FetchError {
        if let Some(reason) = find_source::<Refused>(e) {
            return FetchError::Refused { url: url.to_string(), reason: reason.clone() };
        }
        if e.is_timeout() {
            return FetchError::Timeout {
                url: url.to_string(),
                secs: self.inner.config.timeout.as_secs_f64(),
            };
        }
        FetchError::Network { url: url.to_string(), reason: chain(e) }
    }

    /// Reads a final response: status, body within the limits, decompressed.
    async fn finish(
        &self,
        url: &Url,
        mut response: reqwest::Response,
        max_decoded: usize,
    ) -> Result<Fetched, FetchError> {
        let config = &self.inner.config;
        let status = response.status();
        let headers = response.headers().clone();
        let text = |name| {
            headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(|v| v.trim().to_string())
        };
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified { url: url.to_string() });
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                url: url.to_string(),
                status: status.as_u16(),
                retry_after: text(header::RETRY_AFTER),
            });
        }
        let too_large = |decoded| FetchError::TooLarge {
            url: url.to_string(),
            limit: if decoded { max_decoded } else { config.max_body_bytes },
            decoded,
        };
        if response.content_length().is_some_and(|n| n > config.max_body_bytes as u64) {
            return Err(too_large(false));
        }
        let mut raw = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if raw.len() + chunk.len() > config.max_body_bytes {
                        return Err(too_large(false));
                    }
                    raw.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(self.request_error(url, &e)),
            }
        }
        let coding = text(header::CONTENT_ENCODING).unwrap_or_default().to_ascii_lowercase();
        let bytes = decompress(&raw, &coding, max_decoded).map_err(|e| match e {
            Decompress::TooLarge => too_large(true),
            Decompress::Bad(reason) => FetchError::Decoding { url: url.to_string(), reason },
        })?;
        let content_type = text(header::CONTENT_TYPE).unwrap_or_default();
        let mut parts = content_type.split(';');
        let media_type = parts.next().map(|m| m.trim().to_ascii_lowercase()).filter(|m| !m.is_empty());
        let charset = parts.find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches('"').to_string())
        });
        Ok(Fetched::Body(Body {
            url: url.to_string(),
            bytes,
            media_type,
            charset,
            validators: Validators { etag: text(header::ETAG), last_modified: text(header::LAST_MODIFIED) },
        }))
    }

    /// Whether robots.txt of `url`'s origin lets NewsBite fetch it.
    async fn robots_allow(&self, url: &Url) -> Result<bool, FetchError> {
        let origin = url.origin().ascii_serialization();
        let cell = {
            let mut robots = self.inner.robots.lock().unwrap_or_else(|p| p.into_inner());
            robots.entry(origin.clone()).or_default().clone()
        };
        let rules = cell.get_or_init(|| self.fetch_robots(origin)).await;
        Ok(match rules.as_ref() {
            Robots::AllowAll => true,
            Robots::DisallowAll => false,
            Robots::Rules(robot) => robot.allowed(url.as_str()),
            Robots::Refused(reason) => {
                return Err(FetchError::Refused { url: url.to_string(), reason: reason.clone() })
            }
        })
    }

    async fn fetch_robots(&self, origin: String) -> Arc<Robots> {
        let Ok(url) = Url::parse(&format!("{origin}/robots.txt")) else {
            return Arc::new(Robots::AllowAll);
        };
        let rules = match Box::pin(self.get_url(url, &Validators::default(), false, MAX_ROBOTS_BYTES)).await {
            Ok(Fetched::Body(body)) => match texting_robots::Robot::new(ROBOTS_AGENT, &body.bytes) {
                Ok(robot) => Robots::Rules(Box::new(robot)),
                Err(_) => Robots::AllowAll,
            },
            Ok(Fetched::NotModified { .. }) => Robots::AllowAll,
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => Robots::AllowAll,
            // A robots.txt too large to read: RFC 9309 lets a crawler stop reading; no rules
            // were read, so none apply.
            Err(FetchError::TooLarge { .. }) => Robots::AllowAll,
            Err(FetchError::Refused { reason, .. }) => Robots::Refused(reason),
            Err(e) => {
                tracing::debug!("robots.txt unreachable, crawling nothing there: {e}");
                Robots::DisallowAll
            }
        };
        Arc::new(rules)
    }
}

fn parse_url(url: &str) -> Result<Url, FetchError> {
    Url::parse(url.trim()).map_err(|e| FetchError::BadUrl { url: url.to_string(), reason: e.to_string() })
}

enum Decompress {
    TooLarge,
    Bad(String),
}

/// Decompresses a body by its `Content-Encoding`, reading at most `limit` bytes out.
fn decompress(raw: &[u8], coding: &str, limit: usize) -> Result<Vec<u8>, Decompress> {
    let reader: Box<dyn Read + '_> = match coding {
        "" | "identity" => {
            return if raw.len() > limit { Err(Decompress::TooLarge) } else { Ok(raw.to_vec()) };
        }
        "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(raw)),
        "deflate" => Box::new(flate2::read::ZlibDecoder::new(raw)),
        other => return Err(Decompress::Bad(format!("content coding {other:?} was not asked for"))),
    };
    let mut out = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| Decompress::Bad(format!("{coding}: {e}")))?;
    if out.len() > limit {
        return Err(Decompress::TooLarge);
    }
    Ok(out)
}

/// An error and its causes, `: `-joined.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// The first cause of type `T` in an error's chain.
fn find_source<'e, T: std::error::Error + 'static>(
    e: &'e (dyn std::error::Error + 'static),
) -> Option<&'e T> {
    let mut source: Option<&'e (dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(found) = s.downcast_ref::<T>() {
            return Some(found);
        }
        source = s.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = enc.write_all(data);
        enc.finish().unwrap_or_default()
    }

    #[test]
    fn decompression_is_capped() {
        let small = gzip(b"hello");
        assert_eq!(decompress(&small, "gzip", 5).ok(), Some(b"hello".to_vec()));
        assert!(matches!(decompress(&small, "gzip", 4), Err(Decompress::TooLarge)));
        let bomb = gzip(&vec![0u8; 5_000_000]);
        assert!(bomb.len() < 10_000);
        assert!(matches!(decompress(&bomb, "gzip", 1_000_000), Err(Decompress::TooLarge)));
        assert!(matches!(decompress(b"not gzip", "gzip", 100), Err(Decompress::Bad(_))));
        assert!(matches!(decompress(b"x", "br", 100), Err(Decompress::Bad(_))));
        assert!(matches!(decompress(b"xx", "", 1), Err(Decompress::TooLarge)));
    }
}
