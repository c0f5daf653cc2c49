//! `newsbite serve` as a person runs it: the binary on a free port, asked over plain HTTP (the
//! demo digest, the access token off loopback, a clean stop on SIGTERM), then read by a real
//! browser: Debian's headless Chromium loading the digest and the disputed story at desktop and
//! phone width.
//!
//! The test reads the DOM after Chromium ran the page (scripts included, under the server's
//! Content-Security-Policy) and asserts on what a reader sees: the disputed badge, the dispute's
//! sides next to each other with speakers and sources, relative times written by the script. It
//! saves screenshots to `<target>/newsbite-artifacts/` for people to look at, and ends the server
//! with SIGTERM, which must stop it cleanly.
//!
//! Without `/usr/bin/chromium` (`apt-get install chromium`; `.ci/run` installs it) the test
//! prints a notice and passes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dom_query::Document;

const CHROMIUM: &str = "/usr/bin/chromium";

/// The server, stopped when dropped (also when an assertion fails).
struct Server {
    child: Child,
    url: String,
    /// What it printed up to its address.
    log: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `newsbite --data DATA serve ARGS` and waits for the address it prints: the line
/// `newsbite: open URL`, or the line after `needs the access token` (`  Open URL?token=T`).
fn start_server(data: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsbite"))
        .arg("--data")
        .arg(data)
        .arg("serve")
        .args(args)
        .env_remove("NEWSBITE_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start newsbite serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let mut seen = String::new();
    let url = loop {
        let Some(Ok(line)) = lines.next() else {
            panic!("the server stopped before printing its address:\n{seen}")
        };
        seen.push_str(&line);
        seen.push('\n');
        if let Some(url) = line.strip_prefix("newsbite: open ") {
            break url.trim().to_string();
        }
        if let Some(url) = line.trim().strip_prefix("Open ") {
            break url.trim().to_string();
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.by_ref() {});
    Server { child, url, log: seen }
}

fn artifacts() -> PathBuf {
    // CARGO_TARGET_TMPDIR is <target>/tmp.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().map(Path::to_path_buf).unwrap_or_default();
    let dir = target.join("newsbite-artifacts");
    std::fs::create_dir_all(&dir).expect("create the artifacts folder");
    dir
}

/// Runs Chromium headless with a fresh profile and the given arguments; its standard output.
fn chromium(profile: &Path, args: &[&str]) -> String {
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish in 120 s: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().expect("chromium output")
}

fn dom(profile: &Path, url: &str) -> Document {
    let html = chromium(profile, &["--dump-dom", url]);
    assert!(html.contains("<html"), "no DOM from {url}: {html}");
    Document::from(html)
}

/// Takes a screenshot and checks it is a PNG of the asked width.
fn screenshot(profile: &Path, url: &str, file: &Path, width: u32, height: u32) {
    let _ = std::fs::remove_file(file);
    chromium(
        profile,
        &[&format!("--screenshot={}", file.display()), &format!("--window-size={width},{height}"), url],
    );
    let png = std::fs::read(file).unwrap_or_else(|e| panic!("no screenshot {}: {e}", file.display()));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{} is a PNG", file.display());
    let png_width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert_eq!(png_width, width, "{} width", file.display());
    assert!(png.len() > 20_000, "{} looks empty ({} bytes)", file.display(), png.len());
}

/// A GET over HTTP/1.0: the status code and the body.
fn http_get(url: &str, path: &str) -> (u16, String) {
    let host = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
    let mut stream = TcpStream::connect(&host).expect("connect to the server");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Sends SIGTERM and waits for a clean exit.
fn stop(server: &mut Server) {
    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().expect("kill -TERM");
    assert!(killed.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "the server did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "the server stopped with {status}");
}

#[test]
fn serve_demo_answers_and_stops_cleanly() {
    let data = tempfile::tempdir().unwrap();
    let mut server = start_server(data.path(), &["--demo", "--addr", "127.0.0.1:0", "--poll-every", "0"]);
    let (status, page) = http_get(&server.url, "/");
    assert_eq!(status, 200);
    assert!(page.contains("<span class=\"badge\">disputed</span>"), "{page}");
    let (status, body) = http_get(&server.url, "/api/v1/stories");
    assert_eq!(status, 200);
    assert!(body.contains("\"disputed\":true"));
    stop(&mut server);
    // A second start finds the demo library in place and leaves it as it is.
    let mut again = start_server(data.path(), &["--demo", "--addr", "127.0.0.1:0", "--poll-every", "0"]);
    let (_, body) = http_get(&again.url, "/api/v1/articles?limit=100");
    assert_eq!(body.matches("\"id\":").count(), 24, "{body}");
    assert!(!again.log.contains("older NewsBite"), "{}", again.log);
    stop(&mut again);

    // As an older NewsBite would have left it: analyses that name no analyzer. `serve` says so,
    // and `serve --demo` analyses them again on its own.
    let make_old = || {
        rusqlite::Connection::open(data.path().join("newsbite.db"))
            .unwrap()
            .execute_batch(
                "UPDATE articles SET analysis = json_remove(analysis, '$.analyzer'), analyzer = 0;",
            )
            .unwrap();
    };
    make_old();
    let mut told = start_server(data.path(), &["--addr", "127.0.0.1:0", "--poll-every", "0"]);
    assert!(told.log.contains("24 articles in"), "{}", told.log);
    assert!(told.log.contains("reanalyse"), "{}", told.log);
    stop(&mut told);
    let mut upgraded = start_server(data.path(), &["--demo", "--addr", "127.0.0.1:0", "--poll-every", "0"]);
    assert!(upgraded.log.contains("24 articles analysed again"), "{}", upgraded.log);
    stop(&mut upgraded);
    let mut current = start_server(data.path(), &["--addr", "127.0.0.1:0", "--poll-every", "0"]);
    assert!(!current.log.contains("older NewsBite"), "{}", current.log);
    stop(&mut current);
}

#[test]
fn off_loopback_every_request_needs_the_token() {
    let data = tempfile::tempdir().unwrap();
    let mut server = start_server(data.path(), &["--demo", "--addr", "0.0.0.0:0", "--poll-every", "0"]);
    let (base, token) = server.url.split_once("?token=").expect("the address with its token");
    assert!(token.len() >= 32, "a made-up token is long: {token}");
    let base = base.replace("localhost", "127.0.0.1");
    let (status, _) = http_get(&base, "/");
    assert_eq!(status, 401);
    let (status, _) = http_get(&base, "/api/v1/stories");
    assert_eq!(status, 401);
    let (status, _) = http_get(&base, &format!("/?token={token}"));
    assert_eq!(status, 303, "the token in the address sets a cookie and redirects");
    stop(&mut server);
}

#[test]
fn digest_and_disputed_story_render_in_chromium() {
    if !Path::new(CHROMIUM).exists() {
        println!("notice: {CHROMIUM} not found (apt-get install chromium); the browser check is skipped");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut server = start_server(data.path(), &["--demo", "--addr", "127.0.0.1:0", "--poll-every", "0"]);
    let out = artifacts();

    // The digest: five demo stories, the disputed one marked, ranked by sources.
    let digest = dom(profile.path(), &server.url);
    let cards = digest.select("ol.cards > li.card");
    assert_eq!(cards.length(), 5, "the demo library has five stories");
    let disputed = digest.select("li.card.disputed");
    assert_eq!(disputed.length(), 1, "one disputed story");
    assert_eq!(disputed.select(".badge").text().trim(), "disputed");
    assert!(disputed.select(".dispute-line").text().contains("Disputed:"));
    let sources: Vec<usize> = digest
        .select("li.card .sources")
        .iter()
        .map(|s| s.text().split_whitespace().next().unwrap_or("0").parse().unwrap_or(0))
        .collect();
    assert!(sources.windows(2).all(|w| w[0] >= w[1]), "ranked by sources: {sources:?}");
    let times: Vec<String> = digest.select("time.rel").iter().map(|t| t.text().to_string()).collect();
    assert!(
        times.iter().any(|t| t.ends_with(" ago")),
        "the script ran under the CSP and wrote relative times: {times:?}"
    );
    let story_href = disputed.select("h2 a").attr("href").expect("a link to the story").to_string();

    // The disputed story: the sides next to each other, each position with speaker and source.
    let story_url = format!("{}{}", server.url.trim_end_matches('/'), story_href);
    let story = dom(profile.path(), &story_url);
    let dispute = story.select("#disputes .dispute");
    assert!(dispute.length() >= 1, "the dispute is on the story page");
    for side in ["yes", "no"] {
        let positions = dispute.select(&format!(".side.{side} .position"));
        assert!(positions.length() >= 1, "positions that say {side}");
        for p in positions.iter() {
            assert!(!p.select(".speaker").text().trim().is_empty(), "each position names its speaker");
            assert!(!p.select(".sentence").text().trim().is_empty(), "and its sentence");
            let link = p.select(".source a").attr("href").map(|h| h.to_string()).unwrap_or_default();
            assert!(link.starts_with("/article/"), "and links to its report: {link}");
        }
    }
    assert!(story.select("ol.timeline > li").length() >= 2, "a timeline of reports");

    // Screenshots at desktop and phone width.
    for (name, url) in [("digest", server.url.as_str()), ("story", story_url.as_str())] {
        screenshot(profile.path(), url, &out.join(format!("{name}-desktop.png")), 1280, 1600);
        screenshot(profile.path(), url, &out.join(format!("{name}-phone.png")), 390, 2200);
    }
    println!("screenshots in {}", out.display());

    stop(&mut server);
}
