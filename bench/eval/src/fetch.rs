//! `newsbite-eval fetch`: following feeds end to end, from a local server.
//!
//! A server in this process (axum, on its own tokio runtime) serves `--feeds` generated RSS feeds
//! of `--entries` items each, every feed on its own loopback address (`127.0.0.1`,
//! `127.0.0.2`, …), so that the fetcher's per-host politeness applies as it would to 50 sites.
//! Each item links to a generated news page on the same host. Then, for each per-host rate asked
//! (`--rates 2,1000`: the default politeness, and a rate high enough that only the pipeline
//! limits):
//!
//! 1. `newsbite feeds import` subscribes a fresh library (in a temporary folder) to the feeds
//!    (not timed).
//! 2. `newsbite fetch --allow-private` polls them: every feed, every page, read by the HTML
//!    reader, analysed, stored and placed in stories. Timed (wall clock of the whole process),
//!    with its peak memory (max RSS, from `wait4`).
//! 3. `newsbite fetch` again: nothing new, so it must cost one conditional request per feed,
//!    each answered `304 Not Modified`, and no page.
//!
//! The server counts every request by kind. The `newsbite` binary is the one beside this one
//! (build both with `cargo build --release -p newsbite -p newsbite-eval`) or `--newsbite PATH`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, Response, StatusCode};
use axum::Router;

use crate::memory;
use crate::table::{Align, Table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Feeds, each on its own loopback address.
    #[arg(long, default_value_t = 50)]
    feeds: usize,
    /// Entries per feed.
    #[arg(long, default_value_t = 20)]
    entries: usize,
    /// Per-host request rates to measure (requests per second), comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [2u32, 1000])]
    rates: Vec<u32>,
    /// The newsbite binary [default: the one beside newsbite-eval].
    #[arg(long)]
    newsbite: Option<PathBuf>,
}

/// What the server was asked.
#[derive(Default)]
struct Counts {
    feeds: AtomicUsize,
    pages: AtomicUsize,
    robots: AtomicUsize,
    not_modified: AtomicUsize,
}

impl Counts {
    fn snapshot(&self) -> [usize; 4] {
        [&self.feeds, &self.pages, &self.robots, &self.not_modified].map(|c| c.load(Ordering::Relaxed))
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let newsbite = match &args.newsbite {
        Some(p) => p.clone(),
        None => std::env::current_exe()?.with_file_name("newsbite"),
    };
    if !newsbite.is_file() {
        bail!("{} not found: build it with `cargo build --release -p newsbite`", newsbite.display());
    }
    if args.feeds == 0 || args.feeds > 250 {
        bail!("--feeds must be between 1 and 250 (one loopback address each)");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    let counts = Arc::new(Counts::default());
    let mut addrs = Vec::new();
    for f in 0..args.feeds {
        let ip = format!("127.0.0.{}", f + 1);
        let addr = runtime.block_on(serve(&ip, args.entries, counts.clone()))?;
        addrs.push(addr);
    }
    let opml = opml(&addrs);

    let mut table = Table::new(&[
        ("per-host rate", Align::Right),
        ("poll", Align::Left),
        ("time s", Align::Right),
        ("entries", Align::Right),
        ("entries/s", Align::Right),
        ("peak MiB", Align::Right),
        ("feed requests", Align::Right),
        ("304s", Align::Right),
        ("page requests", Align::Right),
        ("articles stored", Align::Right),
    ]);
    for &rate in &args.rates {
        let dir = std::env::temp_dir().join(format!("newsbite-eval-fetch-{}-{rate}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let opml_path = dir.join("feeds.opml");
        std::fs::write(&opml_path, &opml)?;
        let data = dir.join("data");
        let status = Command::new(&newsbite)
            .arg("--data")
            .arg(&data)
            .args(["feeds", "import", "--allow-private"])
            .arg(&opml_path)
            .stdout(std::process::Stdio::null())
            .status()?;
        if !status.success() {
            bail!("newsbite feeds import failed: {status}");
        }
        for poll in ["first", "second"] {
            let before = counts.snapshot();
            let mut cmd = Command::new(&newsbite);
            cmd.arg("--data").arg(&data).args([
                "fetch",
                "--allow-private",
                "--per-host-rate",
                &rate.to_string(),
            ]);
            let started = Instant::now();
            let child = memory::run_measured(&mut cmd, false, Duration::from_secs(1800))?;
            let secs = started.elapsed().as_secs_f64();
            if !child.status.success() {
                bail!("newsbite fetch failed: {}", child.failure());
            }
            let after = counts.snapshot();
            let [feeds, pages, _robots, not_modified] = [0, 1, 2, 3].map(|i| after[i] - before[i]);
            let stored = stored_articles(&data)?;
            let entries = if poll == "first" { args.feeds * args.entries } else { 0 };
            table.row(vec![
                rate.to_string(),
                poll.to_string(),
                format!("{secs:.2}"),
                entries.to_string(),
                if entries > 0 { format!("{:.0}", entries as f64 / secs) } else { "-".into() },
                child.peak_rss.map_or("?".into(), |b| format!("{:.0}", b as f64 / 1048576.0)),
                feeds.to_string(),
                not_modified.to_string(),
                pages.to_string(),
                stored.to_string(),
            ]);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!("{}", table.render());
    println!(
        "{} feeds x {} entries, each feed on its own loopback address; `newsbite fetch` as a child process \
         (time: wall clock of the process, peak: its max RSS). robots.txt asked {} times in all.",
        args.feeds,
        args.entries,
        counts.robots.load(Ordering::Relaxed)
    );
    Ok(())
}

fn stored_articles(data: &Path) -> anyhow::Result<usize> {
    let store = newsbite_library::store::Store::open(data).context("open the library fetched into")?;
    Ok(store.stats()?.articles)
}

fn opml(addrs: &[SocketAddr]) -> String {
    let mut body = String::new();
    for (f, addr) in addrs.iter().enumerate() {
        body.push_str(&format!(
            "<outline type=\"rss\" text=\"District {f} Herald\" xmlUrl=\"http://{addr}/feed/{f}\"/>\n"
        ));
    }
    format!("<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>bench</title></head><body>\n{body}</body></opml>\n")
}

/// Starts one host of the benchmark's feeds: feed `f` and its pages, on `ip`.
async fn serve(ip: &str, entries: usize, counts: Arc<Counts>) -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.with_context(|| format!("bind {ip}"))?;
    let addr = listener.local_addr()?;
    let app = Router::new().fallback(move |req: Request<Body>| {
        let counts = counts.clone();
        async move { answer(&counts, addr, entries, req.uri().path(), req.headers()) }
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(addr)
}

fn answer(
    counts: &Counts,
    addr: SocketAddr,
    entries: usize,
    path: &str,
    headers: &HeaderMap,
) -> Response<Body> {
    let respond = |status: StatusCode, kind: &'static str, etag: Option<String>, body: String| {
        let mut r = Response::builder().status(status).header(header::CONTENT_TYPE, kind);
        if let Some(tag) = etag {
            r = r.header(header::ETAG, tag);
        }
        r.body(Body::from(body)).unwrap_or_default()
    };
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["robots.txt"] => {
            counts.robots.fetch_add(1, Ordering::Relaxed);
            respond(StatusCode::OK, "text/plain", None, "User-agent: *\nDisallow: /private/\n".into())
        }
        ["feed", f] => {
            counts.feeds.fetch_add(1, Ordering::Relaxed);
            let f: usize = f.parse().unwrap_or(0);
            let tag = format!("\"feed-{f}-v1\"");
            if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(tag.as_str()) {
                counts.not_modified.fetch_add(1, Ordering::Relaxed);
                return respond(StatusCode::NOT_MODIFIED, "application/rss+xml", Some(tag), String::new());
            }
            respond(StatusCode::OK, "application/rss+xml", Some(tag), feed(addr, f, entries))
        }
        ["news", f, e] => {
            counts.pages.fetch_add(1, Ordering::Relaxed);
            let (f, e) = (f.parse().unwrap_or(0), e.trim_end_matches(".html").parse().unwrap_or(0));
            respond(StatusCode::OK, "text/html; charset=utf-8", None, page(f, e))
        }
        _ => respond(StatusCode::NOT_FOUND, "text/plain", None, "not found".into()),
    }
}

fn feed(addr: SocketAddr, f: usize, entries: usize) -> String {
    let mut items = String::new();
    for e in 0..entries {
        items.push_str(&format!(
            "<item><title>{title}</title><link>http://{addr}/news/{f}/{e}.html</link><guid>d{f}-{e}</guid>\
             <pubDate>Mon, 23 Nov 2026 {h:02}:{m:02}:00 GMT</pubDate><description>{title}.</description></item>",
            title = headline(f, e),
            h = e % 24,
            m = (f * 7) % 60,
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>District {f} Herald</title>\
         <link>http://{addr}/</link>{items}</channel></rss>"
    )
}

const SUBJECTS: &[&str] = &[
    "ferry service",
    "bridge repairs",
    "library hours",
    "bus timetable",
    "water prices",
    "school meals",
    "hospital wing",
    "harbour dredging",
    "tram extension",
    "park lighting",
    "market stalls",
    "flood barrier",
];
const PLACES: &[&str] =
    &["Norhaven", "Eastmere", "Calder Bay", "Whitford", "Lowbridge", "Ashcombe", "Redgate"];
const PEOPLE: &[&str] =
    &["Mara Quill", "Idris Fenwick", "Edda Marsh", "Tobias Renn", "Sunniva Holt", "Oren Vale"];

/// Entry `e` of feed `f` tells story `(f + e) % 40`: several feeds report each story, in their
/// own words, so the pipeline has stories to group and copies to find.
fn story(f: usize, e: usize) -> (usize, &'static str, &'static str, &'static str) {
    let s = (f * 3 + e) % 40;
    (s, SUBJECTS[s % SUBJECTS.len()], PLACES[s % PLACES.len()], PEOPLE[(s + f) % PEOPLE.len()])
}

fn headline(f: usize, e: usize) -> String {
    let (s, subject, place, _) = story(f, e);
    format!("{place} council backs {subject} plan number {s}, report {f}-{e}")
}

fn page(f: usize, e: usize) -> String {
    let (s, subject, place, person) = story(f, e);
    let cost = 120 + s * 17;
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{h}</title>\
         <meta property=\"article:published_time\" content=\"2026-11-23T{hh:02}:00:00Z\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/local\">Local</a> <a href=\"/sport\">Sport</a></nav>\
         <article><h1>{h}</h1><p class=\"byline\">By District {f} staff</p>\
         <p>The {place} council voted on Monday to go ahead with the {subject} plan, after months of debate over its \
         cost of {cost} thousand euros and the disruption it would bring to residents near the works.</p>\
         <p>\"We have listened to every objection and changed the plan twice,\" said {person}, who chairs the \
         committee in charge, adding that work on the {subject} would begin in the spring and last about a year.</p>\
         <p>Opponents said the money would be better spent elsewhere. A petition against the {subject} plan in \
         {place} gathered {sig} signatures, its organisers said, and they promised to keep campaigning.</p>\
         <p>District {f} reporters will follow the vote's consequences; this is report {e} of the day.</p>\
         </article><footer>District {f} Herald. All rights reserved.</footer></body></html>",
        h = headline(f, e),
        hh = e % 24,
        sig = 300 + s * 11,
    )
}
