//! `newsbite-eval web`: the web server under load, on a library of 10,000 generated articles.
//!
//! 1. `ingest-one` (the [`ingest`](crate::ingest) benchmark's child, with its generator) stores
//!    N articles in a fresh library in a temporary folder.
//! 2. For each read-pool size asked (`--readers 1,4`: one connection, which is the "one
//!    connection behind a mutex" model, against the default pool), the server (`newsbite-web`,
//!    in this process, on its own tokio runtime) listens on a free loopback port.
//! 3. `wrk` (Debian's; `bash bench/web/install.sh` installs it) drives each page with 100
//!    connections for `--seconds`: the digest of the library's last day (`/?since=…`), story pages
//!    cycling over every story (a Lua script picks the next id for each request, so no page is
//!    served from a warm cache of one story), and the API's story list. It reports p50, p99 and
//!    requests per second.
//! 4. The digest's weight: the bytes of its HTML and of the stylesheet, as a browser fetches them.
//!
//! The load tool and the server share the machine's cores: the figures are for both together on
//! loopback, as a person running NewsBite on their own machine would have them.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context};
use chrono::SecondsFormat;
use newsbite_library::store::Store;
use newsbite_web::{App, Options};

use crate::table::{Align, Table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Articles in the library.
    #[arg(long, default_value_t = 10_000)]
    n: usize,
    /// Read-pool sizes to compare, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 4])]
    readers: Vec<usize>,
    /// Concurrent connections.
    #[arg(long, default_value_t = 100)]
    connections: usize,
    /// Seconds of load per page.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Also measure with the page cache off (the cost of rendering every page).
    #[arg(long)]
    no_cache_too: bool,
    /// Use this library instead of generating one (it is left as it is).
    #[arg(long)]
    data: Option<PathBuf>,
}

/// Latency and throughput of one run of wrk.
struct Load {
    p50_ms: f64,
    p99_ms: f64,
    rps: f64,
    errors: String,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if Command::new("wrk").arg("--version").output().is_err() {
        bail!("wrk is not installed: run `bash bench/web/install.sh` first");
    }
    let temp = std::env::temp_dir().join(format!("newsbite-web-bench-{}", std::process::id()));
    let dir = match &args.data {
        Some(d) => d.clone(),
        None => {
            let _ = std::fs::remove_dir_all(&temp);
            let exe = std::env::current_exe().context("cannot find the eval binary")?;
            eprintln!("storing {} generated articles in {} ...", args.n, temp.display());
            let status = Command::new(exe)
                .args(["ingest-one", "--n", &args.n.to_string(), "--data"])
                .arg(&temp)
                .status()
                .context("cannot run ingest-one")?;
            if !status.success() {
                bail!("ingest-one failed: {status}");
            }
            temp.clone()
        }
    };
    let (since, story_ids, articles) = library_facts(&dir)?;
    let script = dir.with_extension("stories.lua");
    write_story_script(&script, &story_ids)?;
    let digest_path = format!(
        "/?{}",
        form_urlencoded::Serializer::new(String::new()).append_pair("since", &since).finish()
    );

    let mut table = Table::new(&[
        ("page", Align::Left),
        ("readers", Align::Right),
        ("cache", Align::Left),
        ("p50 ms", Align::Right),
        ("p99 ms", Align::Right),
        ("req/s", Align::Right),
        ("errors", Align::Left),
    ]);
    let mut weight = None;
    let mut setups: Vec<(usize, bool)> = args.readers.iter().map(|&r| (r, true)).collect();
    if args.no_cache_too {
        setups.extend(args.readers.iter().map(|&r| (r, false)));
    }
    for (readers, cache) in setups {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let options = Options { token: None, readers, feeds: None, cache };
        let app = App::open(&dir, options).map_err(|e| anyhow::anyhow!(e.message))?;
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = runtime.spawn(newsbite_web::serve(listener, app, async move {
            let _ = stopped.await;
        }));
        let base = format!("http://{addr}");
        if weight.is_none() {
            let html = get(addr, &digest_path)?;
            let css = get(addr, "/static/style.css")?;
            weight = Some((html, css));
        }
        let pages: [(&str, String, Option<&Path>); 3] = [
            ("digest (last day)", format!("{base}{digest_path}"), None),
            ("story (all stories in turn)", format!("{base}/story/1"), Some(&script)),
            ("API story list", format!("{base}/api/v1/stories?limit=20"), None),
        ];
        for (name, url, lua) in pages {
            let load = wrk(&url, lua, args.connections, args.seconds)?;
            table.row(vec![
                name.to_string(),
                readers.to_string(),
                if cache { "on" } else { "off" }.to_string(),
                format!("{:.1}", load.p50_ms),
                format!("{:.1}", load.p99_ms),
                format!("{:.0}", load.rps),
                load.errors,
            ]);
        }
        let _ = stop.send(());
        let _ = runtime.block_on(server);
    }
    println!(
        "library: {articles} articles, {} stories; {} connections, {} s per page, wrk -t2, on loopback",
        story_ids.len(),
        args.connections,
        args.seconds
    );
    print!("{}", table.render());
    if let Some((html, css)) = weight {
        println!(
            "digest page weight: HTML {:.1} KB + CSS {:.1} KB = {:.1} KB (target < 100 KB)",
            html as f64 / 1024.0,
            css as f64 / 1024.0,
            (html + css) as f64 / 1024.0
        );
    }
    if args.data.is_none() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    let _ = std::fs::remove_file(&script);
    Ok(())
}

/// The start of the library's last day (for the digest), every story id, and the article count.
fn library_facts(dir: &Path) -> anyhow::Result<(String, Vec<i64>, usize)> {
    let store = Store::open(dir)?;
    let stories = store.stories(None)?;
    let last = stories.iter().map(|s| s.last_seen).max().context("the library has no stories")?;
    let since = (last - chrono::Duration::hours(24)).to_rfc3339_opts(SecondsFormat::Secs, true);
    Ok((since, stories.iter().map(|s| s.id).collect(), store.stats()?.articles))
}

/// A wrk script that asks for each story in turn.
fn write_story_script(path: &Path, ids: &[i64]) -> anyhow::Result<()> {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let script = format!(
        "local ids = {{{}}}\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format(\"GET\", \"/story/\" .. ids[(i % #ids) + 1])\nend\n",
        list.join(",")
    );
    std::fs::write(path, script).with_context(|| format!("cannot write {}", path.display()))
}

/// The body size of one GET (HTTP/1.0, so the server closes the connection at the end).
fn get(addr: SocketAddr, path: &str) -> anyhow::Result<usize> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n")?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let head_end = response.windows(4).position(|w| w == b"\r\n\r\n").context("no HTTP header end")?;
    let head = String::from_utf8_lossy(&response[..head_end]);
    if !head.starts_with("HTTP/1.0 200") && !head.starts_with("HTTP/1.1 200") {
        bail!("GET {path}: {}", head.lines().next().unwrap_or(""));
    }
    Ok(response.len() - head_end - 4)
}

/// Runs wrk and reads its latency distribution and throughput.
fn wrk(url: &str, script: Option<&Path>, connections: usize, seconds: u64) -> anyhow::Result<Load> {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", "-c", &connections.to_string(), "-d", &format!("{seconds}s"), "--latency"]);
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    let out = cmd.arg(url).output().context("cannot run wrk")?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    if !out.status.success() {
        bail!("wrk failed on {url}: {text}{}", String::from_utf8_lossy(&out.stderr));
    }
    let percentile = |p: &str| -> anyhow::Result<f64> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(p))
            .with_context(|| format!("no {p} latency in wrk's output:\n{text}"))?;
        duration_ms(line.split_whitespace().nth(1).unwrap_or(""))
    };
    let rps = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .with_context(|| format!("no Requests/sec in wrk's output:\n{text}"))?;
    let errors: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("Socket errors") || l.starts_with("Non-2xx"))
        .collect();
    Ok(Load { p50_ms: percentile("50%")?, p99_ms: percentile("99%")?, rps, errors: errors.join("; ") })
}

/// A wrk duration (`812.00us`, `3.41ms`, `1.02s`) in milliseconds.
fn duration_ms(text: &str) -> anyhow::Result<f64> {
    let (number, unit) = text
        .find(|c: char| c.is_ascii_alphabetic())
        .map(|i| text.split_at(i))
        .with_context(|| format!("not a wrk duration: {text:?}"))?;
    let n: f64 = number.parse().with_context(|| format!("not a wrk duration: {text:?}"))?;
    Ok(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => bail!("unknown unit in wrk duration {text:?}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_durations() {
        assert_eq!(duration_ms("812.00us").unwrap(), 0.812);
        assert_eq!(duration_ms("3.41ms").unwrap(), 3.41);
        assert_eq!(duration_ms("1.50s").unwrap(), 1500.0);
        assert!(duration_ms("fast").is_err());
    }
}
