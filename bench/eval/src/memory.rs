//! Runs a tool in a child process and measures its peak memory.
//!
//! Peak memory is the child's maximum resident set size as the kernel reports it when the child
//! is reaped: we wait for the child with `wait4(2)`, which returns the resource usage of that one
//! child (and of the descendants it waited for) — unlike `getrusage(RUSAGE_CHILDREN)`, whose
//! `ru_maxrss` is the maximum over *all* children reaped so far and so cannot tell two tools
//! apart. It covers the child's whole life, so it includes the interpreter (Python, Node) and the
//! pages it holds in memory, as well as the extraction itself.

use std::io::{BufRead, BufReader};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;

/// How many of the child's last stderr lines are kept for an error message.
const STDERR_TAIL: usize = 12;

/// What a finished child left.
#[derive(Debug)]
pub struct ChildRun {
    /// How it ended.
    pub status: ExitStatus,
    /// Its peak resident set size in bytes, where the platform tells.
    pub peak_rss: Option<u64>,
    /// The last lines it wrote to stderr.
    pub stderr_tail: Vec<String>,
}

impl ChildRun {
    /// A one-line description of a failed run: its status and last stderr line.
    pub fn failure(&self) -> String {
        match self.stderr_tail.iter().rev().find(|l| !l.trim().is_empty()) {
            Some(line) => format!("{}: {}", self.status, line.trim()),
            None => self.status.to_string(),
        }
    }
}

/// Runs `cmd` to its end with no stdin, its stdout discarded and its stderr collected (and
/// echoed when `echo` is set), and returns how it ended and its peak memory.
pub fn run_measured(cmd: &mut Command, echo: bool) -> std::io::Result<ChildRun> {
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = cmd.spawn()?;
    let stderr = child.stderr.take();
    let reader = thread::spawn(move || {
        let mut tail: Vec<String> = Vec::new();
        if let Some(stderr) = stderr {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if echo {
                    eprintln!("  | {line}");
                }
                if tail.len() == STDERR_TAIL {
                    tail.remove(0);
                }
                tail.push(line);
            }
        }
        tail
    });
    let (status, peak_rss) = wait(&mut child)?;
    let stderr_tail = reader.join().unwrap_or_default();
    Ok(ChildRun { status, peak_rss, stderr_tail })
}

#[cfg(unix)]
fn wait(child: &mut std::process::Child) -> std::io::Result<(ExitStatus, Option<u64>)> {
    use std::os::unix::process::ExitStatusExt;

    let pid =
        libc::pid_t::try_from(child.id()).map_err(|_| std::io::Error::other("child pid out of range"))?;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: `rusage` is a plain C struct for which all-zero bytes are a valid value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, not yet reaped (std's `Child` only reaps in `wait`,
        // which we never call); `status` and `usage` are valid, writable and live for the call.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            let max_rss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
            // Linux and the BSDs report kilobytes, macOS bytes.
            let bytes = if cfg!(target_os = "macos") { max_rss } else { max_rss * 1024 };
            return Ok((ExitStatus::from_raw(status), Some(bytes)));
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

#[cfg(not(unix))]
fn wait(child: &mut std::process::Child) -> std::io::Result<(ExitStatus, Option<u64>)> {
    Ok((child.wait()?, None))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn measures_a_child_that_fills_memory() {
        // Python-free: `dd` keeps a 64 MiB block in memory.
        let mut cmd = Command::new("dd");
        cmd.args(["if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"]);
        let run = run_measured(&mut cmd, false).expect("dd runs");
        assert!(run.status.success());
        let peak = run.peak_rss.expect("unix reports rss");
        assert!(peak >= 64 << 20, "peak {peak}");
    }

    #[test]
    fn reports_a_failure_with_its_last_line() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo first >&2; echo 'no such page' >&2; exit 3"]);
        let run = run_measured(&mut cmd, false).expect("sh runs");
        assert!(!run.status.success());
        assert!(run.failure().ends_with("no such page"), "{}", run.failure());
    }
}
