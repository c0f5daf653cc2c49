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
use std::time::{Duration, Instant};

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
    /// Whether it was killed for running past its time limit.
    pub timed_out: bool,
}

impl ChildRun {
    /// A one-line description of a failed run: its status and last stderr line.
    pub fn failure(&self) -> String {
        if self.timed_out {
            return format!("killed after the time limit ({})", self.status);
        }
        match self.stderr_tail.iter().rev().find(|l| !l.trim().is_empty()) {
            Some(line) => format!("{}: {}", self.status, line.trim()),
            None => self.status.to_string(),
        }
    }
}

/// Runs `cmd` to its end with no stdin, its stdout discarded and its stderr collected (and
/// echoed when `echo` is set), and returns how it ended and its peak memory. A child still
/// running after `limit` is killed.
pub fn run_measured(cmd: &mut Command, echo: bool, limit: Duration) -> std::io::Result<ChildRun> {
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
    let (status, peak_rss, timed_out) = wait(&mut child, limit)?;
    let stderr_tail = reader.join().unwrap_or_default();
    Ok(ChildRun { status, peak_rss, stderr_tail, timed_out })
}

/// How often a running child is looked at.
const POLL: Duration = Duration::from_millis(20);

#[cfg(unix)]
fn wait(
    child: &mut std::process::Child,
    limit: Duration,
) -> std::io::Result<(ExitStatus, Option<u64>, bool)> {
    use std::os::unix::process::ExitStatusExt;

    let pid =
        libc::pid_t::try_from(child.id()).map_err(|_| std::io::Error::other("child pid out of range"))?;
    let start = Instant::now();
    let mut timed_out = false;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: `rusage` is a plain C struct for which all-zero bytes are a valid value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let flags = if timed_out { 0 } else { libc::WNOHANG };
        // SAFETY: `pid` is our own child, not yet reaped (std's `Child` reaps only in `wait` and
        // `try_wait`, which we never call); `status` and `usage` are valid and writable.
        let r = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if r == pid {
            let max_rss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
            // Linux and the BSDs report kilobytes, macOS bytes.
            let bytes = if cfg!(target_os = "macos") { max_rss } else { max_rss * 1024 };
            return Ok((ExitStatus::from_raw(status), Some(bytes), timed_out));
        }
        if r == 0 {
            if start.elapsed() > limit {
                timed_out = true;
                // Killing our own, unreaped child: its pid cannot have been reused.
                child.kill()?;
            } else {
                thread::sleep(POLL);
            }
            continue;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

#[cfg(not(unix))]
fn wait(
    child: &mut std::process::Child,
    limit: Duration,
) -> std::io::Result<(ExitStatus, Option<u64>, bool)> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status, None, false));
        }
        if start.elapsed() > limit {
            child.kill()?;
            return Ok((child.wait()?, None, true));
        }
        thread::sleep(POLL);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn measures_a_child_that_fills_memory() {
        // Python-free: `dd` keeps a 64 MiB block in memory.
        let mut cmd = Command::new("dd");
        cmd.args(["if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"]);
        let run = run_measured(&mut cmd, false, Duration::from_secs(60)).expect("dd runs");
        assert!(run.status.success());
        let peak = run.peak_rss.expect("unix reports rss");
        assert!(peak >= 64 << 20, "peak {peak}");
    }

    #[test]
    fn reports_a_failure_with_its_last_line() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo first >&2; echo 'no such page' >&2; exit 3"]);
        let run = run_measured(&mut cmd, false, Duration::from_secs(60)).expect("sh runs");
        assert!(!run.status.success());
        assert!(!run.timed_out);
        assert!(run.failure().ends_with("no such page"), "{}", run.failure());
    }

    #[test]
    fn kills_a_child_past_its_limit() {
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let start = Instant::now();
        let run = run_measured(&mut cmd, false, Duration::from_millis(100)).expect("sleep runs");
        assert!(run.timed_out && !run.status.success());
        assert!(start.elapsed() < Duration::from_secs(10));
        assert!(run.failure().starts_with("killed after the time limit"), "{}", run.failure());
    }
}
