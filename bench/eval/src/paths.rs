//! Where the evaluation reads its data and writes its outputs.
//!
//! - Shared data: `$NEWSBITE_SHARED` when set, else `../shared` beside the repository (the layout
//!   of a developer's machine and of CI). It is read at run time and never copied into the repo.
//! - Outputs: `bench/out/` in the repository (git-ignored).
//! - Peers: `bench/peers/` in the repository (its `.venv` and `node_modules` are git-ignored and
//!   made by `bench/peers/install.sh`).
//!
//! The repository is found from where this crate was compiled, so the binary works from any
//! working directory.

use std::path::{Path, PathBuf};

/// The environment variable that overrides where the shared data lives.
pub const SHARED_ENV: &str = "NEWSBITE_SHARED";

/// The repository's root (the workspace holding `bench/eval`).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The shared data folder.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os(SHARED_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => {
            let dir = repo_root().join("../shared");
            dir.canonicalize().unwrap_or(dir)
        }
    }
}

/// The folder where the harness writes what the tools produced and the per-page scores.
pub fn out_dir() -> PathBuf {
    repo_root().join("bench/out")
}

/// The folder of the peer runner scripts and their installed packages.
pub fn peers_dir() -> PathBuf {
    repo_root().join("bench/peers")
}
