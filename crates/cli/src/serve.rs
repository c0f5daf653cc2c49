//! `newsbite serve`: the web pages and the JSON API over the library, until Ctrl-C.
//!
//! The server itself is `newsbite-web`; this module reads the arguments, loads the demo library
//! when asked, sets up the logs, refuses to serve beyond this machine without an access token
//! (making one up and printing it if none was given), starts the feed scheduler beside the
//! server, prints the address to open, and on Ctrl-C (or SIGTERM) stops the scheduler and lets
//! the requests in flight finish.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use newsbite_library::Library;
use newsbite_web::{App, Options};

use crate::library;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on. Anything but a loopback address needs an access token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Serve the demo library (loaded into the demo folder first if it is empty) instead of
    /// yours.
    #[arg(long)]
    demo: bool,
    /// The access token every request must carry (`?token=` once in the browser, or
    /// `Authorization: Bearer`). Required, and made up if not given, off loopback.
    #[arg(long, env = "NEWSBITE_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Read connections to the library [default: two per core].
    #[arg(long, value_name = "N")]
    readers: Option<usize>,
    /// How often to look for feeds that are due, in minutes (each feed keeps its own schedule
    /// and backoff); 0 never polls.
    #[arg(long, value_name = "MINUTES", default_value_t = 5)]
    poll_every: u64,
    /// Let the fetcher reach private addresses (a feed on your own network); also
    /// NEWSBITE_ALLOW_PRIVATE=1.
    #[arg(long)]
    allow_private: bool,
}

/// The data folder `serve` uses: `--data`, else the demo folder with `--demo`, else the default.
fn folder(data: Option<&Path>, demo: bool) -> anyhow::Result<PathBuf> {
    match data {
        Some(d) => Ok(d.to_path_buf()),
        None if demo => Ok(library::data_dir(None)?.with_file_name("newsbite-demo")),
        None => library::data_dir(None),
    }
}

/// Loads the demo articles into an empty library. A library that has articles keeps them; those
/// an older NewsBite analysed are analysed again (the demo is small), so that the demo shows
/// what this version finds.
fn load_demo(dir: &Path) -> anyhow::Result<()> {
    let now = Utc::now();
    let mut lib =
        Library::open(dir, now).with_context(|| format!("cannot open the library in {}", dir.display()))?;
    if lib.store().stats()?.articles > 0 {
        let outdated = lib.outdated()?;
        if !outdated.is_empty() {
            let done = lib.reanalyse(&outdated, now, |_| {})?;
            eprintln!(
                "newsbite: an older NewsBite analysed the demo library in {}: {} articles analysed again",
                dir.display(),
                done.articles
            );
        }
        return Ok(());
    }
    let s = lib.add(&library::demo_articles(now)?, now)?;
    eprintln!("newsbite: loaded the demo library into {}: {} articles", dir.display(), s.inserted);
    Ok(())
}

/// Says how many stored articles an older NewsBite analysed, and how to bring them up to date.
fn tell_if_outdated(dir: &Path) -> anyhow::Result<()> {
    let store = newsbite_library::store::Store::open(dir)
        .with_context(|| format!("cannot open the library in {}", dir.display()))?;
    let outdated = store.analysed_before(newsbite_analyze::ANALYZER_VERSION)?.len();
    if outdated > 0 {
        eprintln!(
            "newsbite: {outdated} articles in {} were analysed by an older NewsBite; `newsbite --data {} reanalyse` reads them again with this version's rules",
            dir.display(),
            dir.display()
        );
    }
    Ok(())
}

fn init_logs() {
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}

/// `newsbite serve`.
pub fn run(data: Option<&Path>, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let dir = folder(data, args.demo)?;
    if args.demo {
        load_demo(&dir)?;
    } else {
        tell_if_outdated(&dir)?;
    }
    init_logs();
    let mut token = args.token.filter(|t| !t.is_empty());
    let local = newsbite_web::is_loopback(&args.addr);
    if !local && token.is_none() {
        token = Some(newsbite_web::guard::random_secret().map_err(|e| anyhow::anyhow!(e.message))?);
    }
    let policy = if args.allow_private || newsbite_fetch::allow_private_from_env() {
        newsbite_fetch::AddressPolicy::allow_private()
    } else {
        newsbite_fetch::AddressPolicy::public_only()
    };
    let options = Options {
        token: token.clone(),
        readers: args.readers.unwrap_or_else(newsbite_web::default_readers),
        feeds: Some(policy),
        cache: true,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server")?;
    runtime.block_on(async move {
        let app = App::open(&dir, options)
            .map_err(|e| anyhow::anyhow!(e.message))
            .with_context(|| format!("cannot open the library in {}", dir.display()))?;
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let bound = listener.local_addr()?;
        let host = if bound.ip().is_unspecified() { "localhost".to_string() } else { bound.ip().to_string() };
        let host = if bound.is_ipv6() && host != "localhost" { format!("[{host}]") } else { host };
        let url = format!("http://{host}:{}/", bound.port());
        // Caught from here on: a stop asked for as soon as the address is out is a clean one.
        let signal = newsbite_web::shutdown_signal();
        eprintln!("newsbite: serving the library in {}", dir.display());
        match &token {
            Some(t) if !local => eprintln!(
                "newsbite: listening on {bound}, beyond this machine: every request needs the access token.\n  Open {url}?token={t}"
            ),
            Some(t) => eprintln!("newsbite: an access token is required.\n  Open {url}?token={t}"),
            None => eprintln!("newsbite: open {url}"),
        }
        eprintln!("newsbite: press Ctrl-C to stop");
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let scheduler = match &app.feeds {
            Some(feeds) if args.poll_every > 0 => {
                let every = Duration::from_secs(args.poll_every.saturating_mul(60));
                Some(tokio::spawn(newsbite_web::feeds::run_scheduler(feeds.clone(), every, stopped)))
            }
            _ => None,
        };
        let shutdown = async move {
            signal.await;
            let _ = stop.send(true);
        };
        let served = newsbite_web::serve(listener, app, shutdown).await.context("the server failed");
        if let Some(scheduler) = scheduler {
            let _ = tokio::time::timeout(Duration::from_secs(10), scheduler).await;
        }
        served
    })?;
    eprintln!("newsbite: stopped");
    Ok(ExitCode::SUCCESS)
}
