//! What keeps the server safe to open in a browser and, with a token, to bind beyond loopback.
//!
//! - **Headers on every response**: a strict Content-Security-Policy (scripts, styles, images and
//!   form targets from this server only, no inline script or style, no framing), `nosniff`, and
//!   no referrer sent to the sites the pages link to.
//! - **Access token** ([`Guard::token`]): when set (required when bound to a non-loopback
//!   address), every request must carry it, as `Authorization: Bearer T`, as the
//!   `newsbite_token` cookie, or once as `?token=T`, which sets the cookie (HttpOnly,
//!   SameSite=Strict) and redirects to the same page without it, so it leaves the address bar.
//! - **CSRF** on everything that changes the library: an HTML form carries the per-process
//!   secret ([`Guard::csrf`]) in a hidden field, checked in constant time; any unsafe request
//!   that carries an `Origin` header must come from this server's own origin. The JSON API's
//!   writes only accept `application/json` bodies, which a cross-site form cannot send.
//! - **Logs**: one line per request (method, path without the query, which may hold the token,
//!   status, milliseconds).

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::WebError;
use crate::App;

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                       connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The cookie that carries the access token once it has been given.
pub const TOKEN_COOKIE: &str = "newsbite_token";

/// The secrets of one server process.
#[derive(Debug, Clone)]
pub struct Guard {
    /// The access token every request must carry, if any.
    pub token: Option<String>,
    /// The CSRF secret forms carry: random, new for each process.
    pub csrf: String,
}

impl Guard {
    /// A guard with a fresh CSRF secret from the operating system's random source.
    pub fn new(token: Option<String>) -> Result<Self, WebError> {
        Ok(Guard { token: token.filter(|t| !t.is_empty()), csrf: random_secret()? })
    }

    /// Whether a form's CSRF field is this process's secret.
    pub fn csrf_ok(&self, field: &str) -> bool {
        same(field.as_bytes(), self.csrf.as_bytes())
    }
}

/// 24 random bytes from the operating system, in hex: a CSRF secret, or an access token for a
/// server started without one.
pub fn random_secret() -> Result<String, WebError> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| WebError::internal(format!("no random source: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares two secrets in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn query_token(query: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "token").map(|(_, v)| v.into_owned())
}

/// Middleware: the access token, the Origin check of unsafe requests, the security headers and
/// the request log.
pub async fn protect(State(app): State<App>, request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = match check(&app, &request) {
        Ok(None) => next.run(request).await,
        Ok(Some(early)) => early,
        Err(e) => {
            if path.starts_with("/api/") {
                crate::error::ApiError(e).into_response()
            } else {
                e.into_response()
            }
        }
    };
    let mut response = response;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    tracing::info!(
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        start.elapsed().as_secs_f64() * 1e3
    );
    response
}

/// `Ok(None)` to go on, `Ok(Some(response))` to answer at once (the token redirect).
fn check(app: &App, request: &Request) -> Result<Option<Response>, WebError> {
    if let Some(token) = &app.guard.token {
        let headers = request.headers();
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let from_query = request.uri().query().and_then(query_token);
        let given = bearer.or_else(|| cookie(headers, TOKEN_COOKIE));
        match (given, from_query) {
            (Some(t), _) if same(t.as_bytes(), token.as_bytes()) => {}
            (_, Some(t)) if same(t.as_bytes(), token.as_bytes()) => {
                // Keep the token in a cookie and take it out of the address bar.
                let rest: Vec<String> = request
                    .uri()
                    .query()
                    .unwrap_or("")
                    .split('&')
                    .filter(|p| !p.starts_with("token=") && !p.is_empty())
                    .map(str::to_string)
                    .collect();
                // A path of `//host` would read as another site's address: go home instead.
                let path = request.uri().path();
                let mut to = if path.starts_with("//") { "/".to_string() } else { path.to_string() };
                if !rest.is_empty() {
                    to = format!("{to}?{}", rest.join("&"));
                }
                let mut response = Redirect::to(&to).into_response();
                let cookie = format!("{TOKEN_COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict");
                if let Ok(v) = HeaderValue::from_str(&cookie) {
                    response.headers_mut().insert(header::SET_COOKIE, v);
                }
                return Ok(Some(response));
            }
            _ => {
                return Err(WebError::new(
                    StatusCode::UNAUTHORIZED,
                    "this NewsBite server needs its access token: open the address it printed \
                     (with ?token=…), or send Authorization: Bearer <token>",
                ))
            }
        }
    }
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        if let Some(origin) = request.headers().get(header::ORIGIN) {
            let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
            let origin = origin.to_str().unwrap_or("");
            let own = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
            if own != Some(host) || host.is_empty() {
                return Err(WebError::new(
                    StatusCode::FORBIDDEN,
                    "this request came from another site (its Origin is not this server's)",
                ));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
        let g = Guard::new(Some(String::new())).unwrap();
        assert_eq!(g.token, None, "an empty token is no token");
        assert_eq!(g.csrf.len(), 48);
        assert!(g.csrf_ok(&g.csrf.clone()));
        assert!(!g.csrf_ok(""));
    }

    #[test]
    fn cookies_and_queries_are_read() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; newsbite_token=s3cret; b=2"));
        assert_eq!(cookie(&h, TOKEN_COOKIE), Some("s3cret"));
        assert_eq!(query_token("x=1&token=a%20b"), Some("a b".into()));
        assert_eq!(query_token("x=1"), None);
    }
}
