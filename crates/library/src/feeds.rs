//! The feeds a library follows: access for the fetcher (`newsbite-fetch`).
//!
//! The feed list and its polling state live in the store beside the articles (see
//! `newsbite_store::Feed`). The fetcher reads and writes them through [`Library::feeds`], and adds
//! the articles it fetches through [`Library::add`] like every other source, so that they are
//! analysed, stored once and placed in stories.

use newsbite_store::Store;

use crate::Library;

impl Library {
    /// The store, for the feed list and its polling state (`add_feed`, `feeds`, `record_poll`,
    /// `mark_seen`…). Articles must still be added through [`Library::add`]: writing them to
    /// the store directly would leave them out of the story index.
    pub fn feeds(&mut self) -> &mut Store {
        &mut self.store
    }
}
