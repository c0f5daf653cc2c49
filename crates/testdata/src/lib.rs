//! Where tests and benchmarks find the shared data: the seed record, its gold reading and the
//! evaluation sets, which are read at run time and never copied into the repository.
//!
//! A dev-dependency only: no product crate depends on it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::path::PathBuf;

/// The seed record, relative to the shared folder.
pub const SEED: &str = "seeds/000_9b45a7ddd02e481b.txt";
/// The seed's gold reading, relative to the shared folder.
pub const GOLD: &str = "gold/seed-000_9b45a7ddd02e481b.json";

/// The shared folder: `NEWSBITE_SHARED`, else `../shared` beside the repository. `None`, with a
/// notice on stderr naming what is skipped, when it is absent (a bare clone), so that a test
/// that needs it can pass without it.
pub fn shared_dir(skipped: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSBITE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.join("seeds").is_dir() {
        Some(dir)
    } else {
        eprintln!("notice: {} not found; {skipped} is skipped", dir.display());
        None
    }
}
