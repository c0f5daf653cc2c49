//! The peers that run outside this binary: Python packages in `bench/peers/.venv` and Node
//! packages in `bench/peers/node_modules`, both installed by `bench/peers/install.sh`.
//!
//! Each lookup either gives the command to run or says, in one line fit for a table cell, why the
//! peer is not there, so that the harness can print that and go on with the others.

use std::path::PathBuf;
use std::process::Command;

use crate::paths;

/// The venv's Python interpreter, or why there is none.
pub fn python() -> Result<PathBuf, String> {
    let python = paths::peers_dir().join(".venv/bin/python");
    if python.is_file() {
        Ok(python)
    } else {
        Err("not installed: run bench/peers/install.sh (no bench/peers/.venv)".to_string())
    }
}

/// A command that runs a Python script of `bench/peers` with the venv's interpreter.
pub fn python_script(script: &str) -> Result<Command, String> {
    let python = python()?;
    let script = script_path(script)?;
    let mut cmd = Command::new(python);
    cmd.arg(script);
    Ok(cmd)
}

/// A command that runs a Node script of `bench/peers` with the packages it needs installed.
pub fn node_script(script: &str, packages: &[&str]) -> Result<Command, String> {
    let modules = paths::peers_dir().join("node_modules");
    for package in packages {
        if !modules.join(package).join("package.json").is_file() {
            return Err(format!("not installed: run bench/peers/install.sh (no node_modules/{package})"));
        }
    }
    let node = find_in_path("node").ok_or_else(|| "node is not on PATH".to_string())?;
    let script = script_path(script)?;
    let mut cmd = Command::new(node);
    cmd.arg(script);
    Ok(cmd)
}

fn script_path(script: &str) -> Result<PathBuf, String> {
    let path = paths::peers_dir().join(script);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("missing runner bench/peers/{script}"))
    }
}

fn find_in_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|candidate| candidate.is_file())
}
