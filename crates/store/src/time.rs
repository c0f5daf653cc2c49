//! Times are stored as whole seconds since 1970 (UTC), so they sort and compare in SQL.

use chrono::{DateTime, Utc};

use crate::error::Reason;

/// A stored time, checked.
pub(crate) fn from_secs(what: &'static str, id: i64, value: i64) -> Result<DateTime<Utc>, Reason> {
    DateTime::from_timestamp(value, 0).ok_or(Reason::BadTime { what, id, value })
}

/// A stored time that may be missing, checked.
pub(crate) fn from_secs_opt(
    what: &'static str,
    id: i64,
    value: Option<i64>,
) -> Result<Option<DateTime<Utc>>, Reason> {
    value.map(|v| from_secs(what, id, v)).transpose()
}
