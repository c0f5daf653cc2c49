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

/// The repository's commit, with `+changes` when the work tree differs from it, for telling runs
/// apart (`unknown` without git).
pub fn code_version() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(repo_root())
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    match git(&["rev-parse", "--short", "HEAD"]) {
        Some(commit) if !commit.is_empty() => {
            let changed =
                git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
            if changed {
                format!("{commit}+changes")
            } else {
                commit
            }
        }
        _ => "unknown".to_string(),
    }
}
