//! Errors a request can end in, with the status and a message for the person or program asking.
//!
//! Pages show an error page ([`WebError`] as a response); the JSON API answers
//! `{"status": 404, "error": "Not Found", "message": "…"}` ([`ApiError`]). A store error is logged
//! in full and shown as a 500 without the file's path; one article that cannot be read back is
//! named in it, with the reason.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use newsbite_library::store::StoreError;

/// An error ending a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the person asking.
    pub message: String,
}

impl WebError {
    /// An error with a status and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        WebError { status, message: message.into() }
    }

    /// 404, naming what was not found.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 400: the request itself is wrong.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 500: the server failed; the message is logged and shown.
    pub fn internal(message: impl Into<String>) -> Self {
        let message = message.into();
        tracing::error!("{message}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        tracing::error!("library error: {e}");
        // One stored row that cannot be read back is named, with why (the reason holds no path).
        if let Some(reason) = e.reason().filter(|_| e.is_unreadable()) {
            let message = format!("{reason}; the rest of the library can still be read");
            return Self::new(StatusCode::INTERNAL_SERVER_ERROR, message);
        }
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "the library could not be read; the server log says why")
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        Self::internal(format!("a page could not be rendered: {e}"))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    nav: &'a str,
    status: u16,
    reason: &'a str,
    message: &'a str,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            nav: "",
            status: self.status.as_u16(),
            reason: self.status.canonical_reason().unwrap_or("Error"),
            message: &self.message,
        };
        match page.render() {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(_) => (self.status, self.message).into_response(),
        }
    }
}

/// An error of the JSON API: the same, answered as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status;
        let body = serde_json::json!({
            "status": status.as_u16(),
            "error": status.canonical_reason().unwrap_or("Error"),
            "message": self.0.message,
        });
        (status, Json(body)).into_response()
    }
}
