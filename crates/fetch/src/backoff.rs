//! When to poll a feed next: the regular interval, backoff for failing feeds, `Retry-After`.
//!
//! A feed that fails is retried after `base · 2^(failures-1)`, capped at [`MAX_BACKOFF`], with
//! ±20% jitter so that feeds which failed together (one host down) do not all come back in the
//! same second. A server that says when to come back (`Retry-After` on 429 or 503, in seconds
//! or as an HTTP date) is obeyed when that is later than the backoff, up to [`MAX_RETRY_AFTER`].
//! This module is pure: the caller gives the time and the random jitter.

use chrono::{DateTime, Duration, Utc};

/// The longest wait after failures.
pub const MAX_BACKOFF: Duration = Duration::hours(24);

/// The longest `Retry-After` obeyed (a server asking for a week is asking for a day).
pub const MAX_RETRY_AFTER: Duration = Duration::hours(24);

/// The schedule's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// How often a healthy feed is polled.
    pub interval: Duration,
    /// The first wait after a failure.
    pub base: Duration,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule { interval: Duration::minutes(30), base: Duration::minutes(5) }
    }
}

impl Schedule {
    /// When a feed is next due after a poll at `now`: `failures` is the count of failures in a
    /// row including this poll (0 for a success), `retry_after` what the server asked for, and
    /// `jitter` a number in `[0, 1)` drawn by the caller.
    pub fn next(
        &self,
        now: DateTime<Utc>,
        failures: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> DateTime<Utc> {
        let wait = if failures == 0 {
            self.interval
        } else {
            let doubling = failures.saturating_sub(1).min(20);
            let wait = self.base.checked_mul(1 << doubling).unwrap_or(MAX_BACKOFF);
            wait.min(MAX_BACKOFF)
        };
        let factor = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
        let wait = Duration::milliseconds((wait.num_milliseconds() as f64 * factor) as i64);
        let asked = retry_after.map(|r| r.clamp(Duration::zero(), MAX_RETRY_AFTER)).unwrap_or_default();
        now + wait.max(asked)
    }
}

/// Reads a `Retry-After` header: whole seconds, or an HTTP date (relative to `now`).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::seconds(
            i64::try_from(secs).unwrap_or(i64::MAX).min(MAX_RETRY_AFTER.num_seconds()),
        ));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some((at.with_timezone(&Utc) - now).max(Duration::zero()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let s = Schedule::default();
        let wait = |f| s.next(t0(), f, None, 0.5) - t0();
        assert_eq!(wait(0), Duration::minutes(30));
        assert_eq!(wait(1), Duration::minutes(5));
        assert_eq!(wait(2), Duration::minutes(10));
        assert_eq!(wait(4), Duration::minutes(40));
        assert_eq!(wait(30), MAX_BACKOFF);
        assert_eq!(wait(u32::MAX), MAX_BACKOFF);
        // Jitter stays within ±20%.
        assert_eq!(s.next(t0(), 1, None, 0.0) - t0(), Duration::minutes(4));
        assert_eq!(s.next(t0(), 1, None, 0.999_999) - t0(), Duration::milliseconds(359_999));
    }

    #[test]
    fn retry_after_wins_when_later() {
        let s = Schedule::default();
        assert_eq!(s.next(t0(), 1, Some(Duration::hours(2)), 0.5) - t0(), Duration::hours(2));
        assert_eq!(s.next(t0(), 1, Some(Duration::seconds(1)), 0.5) - t0(), Duration::minutes(5));
        assert_eq!(s.next(t0(), 1, Some(Duration::days(30)), 0.5) - t0(), MAX_RETRY_AFTER);
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("120", t0()), Some(Duration::seconds(120)));
        assert_eq!(parse_retry_after("Wed, 25 Nov 2026 12:10:00 GMT", t0()), Some(Duration::minutes(10)));
        assert_eq!(parse_retry_after("Wed, 25 Nov 2026 11:00:00 GMT", t0()), Some(Duration::zero()));
        assert_eq!(parse_retry_after("soon", t0()), None);
        assert_eq!(parse_retry_after("99999999999999999999", t0()), None);
    }
}
