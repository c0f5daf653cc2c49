//! Grouping reports into stories.
//!
//! - [`dedup`]: near-duplicate detection (syndicated copies of one report), by MinHash over word
//!   shingles with banded locality-sensitive hashing.
//! - [`cluster`]: streaming story clustering, one report at a time, at a cost per report that
//!   does not grow with the library.
//! - [`summary`]: a story's bite, drawn from its reports without repeating itself.
//! - [`claims`]: attributed statements of a story's reports grouped by what they are about, with
//!   each speaker's stance, and conflicts flagged as disputes.
//!
//! Like the other pure crates, this one does no IO and reads no clock: times come in as values.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod claims;
pub mod cluster;
pub mod dedup;
pub mod metrics;
pub mod summary;
