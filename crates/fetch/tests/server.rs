//! The fetcher and the poll against a real HTTP server on loopback (see `support`), with
//! hand-made fixtures and hostile answers.
//!
//! Loopback is a private address, so these tests allow exactly the test server's address
//! (`AddressPolicy::allowed`) and nothing else: the refusals they check (another loopback
//! address, the metadata address, private redirects) are real refusals by the same policy.

mod support;

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use chrono::{DateTime, Utc};
use newsbite_fetch::http::FetchError;
use newsbite_fetch::poll::{poll_all, PollOptions, Status};
use newsbite_fetch::safety::Refused;
use newsbite_fetch::{subscribe, AddressPolicy, FetchConfig, Fetched, Fetcher, Validators};
use newsbite_library::store::NewFeed;
use newsbite_library::Library;
use support::{fixture, Server};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T06:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

fn only(ip: &str) -> AddressPolicy {
    AddressPolicy { allow_private: false, allowed: vec![ip.parse::<IpAddr>().expect("ip")] }
}

fn config(policy: AddressPolicy) -> FetchConfig {
    FetchConfig {
        policy,
        timeout: Duration::from_secs(5),
        per_host_per_second: NonZeroU32::new(1000).expect("nonzero"),
        per_host_burst: NonZeroU32::new(100).expect("nonzero"),
        per_host_concurrency: 4,
        ..FetchConfig::default()
    }
}

fn fetcher(policy: AddressPolicy) -> Fetcher {
    Fetcher::new(config(policy)).expect("fetcher")
}

fn subscribe_to(library: &mut Library, url: &str) -> i64 {
    let new = NewFeed { url: url.into(), ..NewFeed::default() };
    library.feeds().add_feed(&new, now()).expect("add feed").0.id
}

#[tokio::test]
async fn poll_reads_pages_stores_once_and_second_poll_is_conditional() {
    let server = Server::start("127.0.0.1").await;
    let fetcher = fetcher(only("127.0.0.1"));
    let mut library = Library::in_memory(now()).expect("library");
    let opml = fixture("subscriptions.opml").replace("{base}", &server.base);
    let imported = subscribe::import(&mut library, &opml, &fetcher.config().policy, now()).expect("import");
    assert_eq!(imported.added, 4);
    assert_eq!(imported.refused.len(), 1, "file: URL refused: {:?}", imported.refused);

    let report = poll_all(&mut library, &fetcher, &PollOptions::default(), now()).await.expect("poll");
    assert_eq!(report.feeds.len(), 4);
    let by_url = |part: &str| report.feeds.iter().find(|f| f.url.contains(part)).expect("feed outcome");
    // One broken feed (and one missing) never stops the others.
    assert_eq!(by_url("invalid.xml").status, Status::Failed);
    assert_eq!(by_url("missing.xml").status, Status::Failed);
    assert!(by_url("missing.xml").error.as_deref().unwrap_or_default().contains("404"));
    assert_eq!(by_url("news.xml").status, Status::Read);
    assert_eq!(by_url("other.atom").status, Status::Read);
    // Three distinct articles; the footbridge story is linked by both feeds and stored once.
    assert_eq!(library.store().stats().expect("stats").articles, 3);
    assert_eq!(report.library.inserted, 3);
    assert_eq!(server.hits("/articles/bridge.html"), 1);
    // The page was read, not only the feed's summary.
    let ferry = library.store().search(&newsbite_library::store::Query::new("propeller")).expect("search");
    assert_eq!(ferry.len(), 1, "the ferry page's body text is stored");

    // Errors are recorded on the feeds.
    let feeds = subscribe::list(&mut library).expect("list");
    let invalid = feeds.iter().find(|f| f.url.contains("invalid.xml")).expect("invalid feed");
    assert_eq!(invalid.failures, 1);
    assert!(invalid.last_error.as_deref().unwrap_or_default().contains("not a readable feed"));
    let news = feeds.iter().find(|f| f.url.contains("news.xml")).expect("news feed");
    assert_eq!((news.etag.as_deref(), news.last_error.as_deref(), news.entries), (Some("\"v1\""), None, 2));
    assert_eq!(news.title.as_deref(), Some("Harbour Gazette"));

    // The second poll: only conditional requests for the feeds that worked, no page fetched.
    let pages_before = server.hits("/articles/");
    let report = poll_all(&mut library, &fetcher, &PollOptions::default(), now()).await.expect("poll 2");
    assert_eq!(by_status(&report, Status::NotModified), 2);
    assert_eq!(server.hits("/articles/"), pages_before);
    let not_modified = server.log().iter().filter(|(_, s)| *s == 304).count();
    assert_eq!(not_modified, 2);
    assert_eq!(library.store().stats().expect("stats").articles, 3);
    let invalid =
        subscribe::list(&mut library).expect("list").into_iter().find(|f| f.url.contains("invalid.xml"));
    assert_eq!(invalid.map(|f| f.failures), Some(2));

    // Export keeps the categories.
    let exported = subscribe::export(&mut library, "Mine").expect("export");
    let back = newsbite_fetch::opml::parse(&exported).expect("own OPML");
    assert_eq!(back.len(), 4);
    assert!(back.iter().all(|s| matches!(s.category.as_deref(), Some("Local" | "Broken"))));
}

fn by_status(report: &newsbite_fetch::poll::PollReport, status: Status) -> usize {
    report.feeds.iter().filter(|f| f.status == status).count()
}

#[tokio::test]
async fn strict_policy_refuses_loopback_without_a_request() {
    let server = Server::start("127.0.0.1").await;
    let strict = fetcher(AddressPolicy::public_only());
    let err = strict.get(&server.url("/feeds/news.xml"), &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::Refused { reason: Refused::PrivateAddress(_), .. })), "{err:?}");
    // By name too: `localhost` is refused before DNS.
    let by_name = server.url("/feeds/news.xml").replace("127.0.0.1", "localhost");
    let err = strict.get(&by_name, &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::Refused { reason: Refused::PrivateHost(_), .. })), "{err:?}");
    for url in ["file:///etc/passwd", "ftp://example.com/feed", "gopher://example.com/"] {
        let err = strict.get(url, &Validators::default()).await;
        assert!(matches!(err, Err(FetchError::Refused { reason: Refused::Scheme(_), .. })), "{url}: {err:?}");
    }
    assert!(server.log().is_empty(), "no request reached the server: {:?}", server.log());
}

#[tokio::test]
async fn resolved_addresses_are_checked_after_dns() {
    // `localhost` passes the name check when some loopback address is allowed; which addresses
    // it may reach is then decided on what it resolves to.
    let server = Server::start("127.0.0.1").await;
    let by_name = server.url("/feeds/news.xml").replace("127.0.0.1", "localhost");
    let other_loopback =
        AddressPolicy { allow_private: false, allowed: vec!["127.0.0.2".parse().expect("ip")] };
    let err = fetcher(other_loopback).get(&by_name, &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::Refused { reason: Refused::PrivateAddress(_), .. })), "{err:?}");
    assert!(server.log().is_empty());
    // Allowed by address, reached by name.
    let ok = fetcher(only("127.0.0.1")).get(&by_name, &Validators::default()).await;
    assert!(matches!(ok, Ok(Fetched::Body(_))), "{ok:?}");
}

#[tokio::test]
async fn entries_linking_inwards_are_refused_unless_private_allowed() {
    let inside = Server::start("127.0.0.2").await;
    let server = Server::start_with("127.0.0.1", &inside.base, None).await;
    let mut library = Library::in_memory(now()).expect("library");
    subscribe_to(&mut library, &server.url("/feeds/private-links.xml"));

    let report = poll_all(&mut library, &fetcher(only("127.0.0.1")), &PollOptions::default(), now())
        .await
        .expect("poll");
    let outcome = &report.feeds[0];
    assert_eq!(outcome.status, Status::Read);
    assert_eq!(outcome.from_feed_content, 2, "{:?}", outcome.warnings);
    assert!(outcome.warnings.iter().any(|w| w.contains("127.0.0.2") && w.contains("private address")));
    assert!(outcome.warnings.iter().any(|w| w.contains("169.254.169.254") && w.contains("never fetched")));
    assert_eq!(inside.log().len(), 0, "the loopback neighbour was not contacted");
    // The entries are kept with the feed's own content.
    assert_eq!(library.store().stats().expect("stats").articles, 2);

    // With private addresses allowed, the neighbour is read; the metadata address never is.
    let mut library = Library::in_memory(now()).expect("library");
    subscribe_to(&mut library, &server.url("/feeds/private-links.xml"));
    let open = fetcher(AddressPolicy::allow_private());
    let report = poll_all(&mut library, &open, &PollOptions::default(), now()).await.expect("poll");
    assert_eq!(report.feeds[0].from_feed_content, 1, "{:?}", report.feeds[0].warnings);
    assert!(inside.hits("/inside.html") == 1);
}

#[tokio::test]
async fn every_redirect_hop_is_checked() {
    let inside = Server::start("127.0.0.2").await;
    let server = Server::start("127.0.0.1").await;
    let fetcher = fetcher(only("127.0.0.1"));
    let to = |target: &str| server.url(&format!("/to/{}", target.replace(':', "%3A")));
    let err = fetcher.get(&to(&inside.url("/feeds/news.xml")), &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::Refused { reason: Refused::PrivateAddress(_), .. })), "{err:?}");
    let err = fetcher.get(&to("http://169.254.169.254/latest/"), &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::Refused { reason: Refused::ForbiddenAddress(_), .. })), "{err:?}");
    let err = fetcher.get(&to("file:///etc/passwd"), &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::Refused { reason: Refused::Scheme(_), .. })), "{err:?}");
    assert!(inside.log().is_empty());

    let err = fetcher.get(&server.url("/loop/a"), &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::RedirectLoop { .. })), "{err:?}");
    let err = fetcher.get(&server.url("/hops/9"), &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::TooManyRedirects { max: 5, .. })), "{err:?}");
    let ok = fetcher.get(&server.url("/hops/3"), &Validators::default()).await;
    assert!(matches!(ok, Ok(Fetched::Body(ref b)) if b.url.ends_with("/feeds/news.xml")), "{ok:?}");
}

#[tokio::test]
async fn limits_hold_against_slow_huge_and_bomb_answers() {
    let server = Server::start("127.0.0.1").await;
    let quick =
        Fetcher::new(FetchConfig { timeout: Duration::from_millis(800), ..config(only("127.0.0.1")) })
            .expect("fetcher");
    let started = std::time::Instant::now();
    let err = quick.get(&server.url("/slow"), &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::Timeout { .. })), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(4));

    let fetcher = fetcher(only("127.0.0.1"));
    let err = fetcher.get(&server.url("/big"), &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::TooLarge { decoded: false, .. })), "{err:?}");
    let err = fetcher.get(&server.url("/bomb"), &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::TooLarge { decoded: true, .. })), "{err:?}");
}

#[tokio::test]
async fn retry_after_and_backoff_are_recorded() {
    let server = Server::start("127.0.0.1").await;
    let mut library = Library::in_memory(now()).expect("library");
    subscribe_to(&mut library, &server.url("/status/429"));
    subscribe_to(&mut library, &server.url("/status/500"));
    let report = poll_all(&mut library, &fetcher(only("127.0.0.1")), &PollOptions::default(), now())
        .await
        .expect("poll");
    assert_eq!(by_status(&report, Status::Failed), 2);
    let feeds = subscribe::list(&mut library).expect("list");
    let limited = feeds.iter().find(|f| f.url.contains("429")).expect("429 feed");
    let waited = limited.next_poll.map(|t| t - now()).unwrap_or_default();
    assert!(waited >= chrono::Duration::seconds(3600), "Retry-After obeyed: {waited}");
    let broken = feeds.iter().find(|f| f.url.contains("500")).expect("500 feed");
    let waited = broken.next_poll.map(|t| t - now()).unwrap_or_default();
    assert!(waited <= chrono::Duration::minutes(6) && waited >= chrono::Duration::minutes(4), "{waited}");
    // Not due yet: a scheduler's poll skips both.
    let due = PollOptions { only_due: true, ..PollOptions::default() };
    let report = poll_all(&mut library, &fetcher(only("127.0.0.1")), &due, now()).await.expect("poll");
    assert!(report.feeds.is_empty());
}

#[tokio::test]
async fn hostile_and_lying_feeds() {
    let server = Server::start("127.0.0.1").await;
    let mut library = Library::in_memory(now()).expect("library");
    subscribe_to(&mut library, &server.url("/feeds/xxe.xml"));
    subscribe_to(&mut library, &server.url("/feeds/latin1-lie.xml"));
    let started = std::time::Instant::now();
    let report = poll_all(&mut library, &fetcher(only("127.0.0.1")), &PollOptions::default(), now())
        .await
        .expect("poll");
    assert!(started.elapsed() < Duration::from_secs(10), "no entity expansion blow-up");
    let stored: Vec<String> = library
        .store()
        .articles_since(DateTime::UNIX_EPOCH)
        .expect("articles")
        .into_iter()
        .map(|a| serde_json::to_string(&a.article).unwrap_or_default())
        .collect();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_else(|_| "root:x:0:0".into());
    let first_line = passwd.lines().next().unwrap_or("root:x:0:0");
    assert!(stored.iter().all(|a| !a.contains(first_line)), "no file was read into a feed");
    assert!(stored.iter().all(|a| !a.contains("lollollollollol")), "no entity was expanded");
    let lie = report.feeds.iter().find(|f| f.url.contains("latin1")).expect("lie feed");
    assert_eq!(lie.title.as_deref(), Some("Café Zürich Nachrichten"));
    assert!(
        lie.warnings.iter().any(|w| w.contains("ISO-8859-1") || w.contains("windows-1252")),
        "{:?}",
        lie.warnings
    );
    assert!(stored.iter().any(|a| a.contains("Gemüsemarkt öffnet wieder")), "{stored:?}");
}

#[tokio::test]
async fn robots_txt_is_obeyed() {
    let server = Server::with_robots("127.0.0.1", "User-agent: *\nDisallow: /feeds/\n").await;
    let fetcher = fetcher(only("127.0.0.1"));
    let err = fetcher.get(&server.url("/feeds/news.xml"), &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::Robots { .. })), "{err:?}");
    assert!(fetcher.get(&server.url("/articles/ferry.html"), &Validators::default()).await.is_ok());
    // robots.txt is read once per origin.
    let _ = fetcher.get(&server.url("/articles/bridge.html"), &Validators::default()).await;
    assert_eq!(server.hits("/robots.txt"), 1);
    assert_eq!(server.hits("/feeds/"), 0);
}

#[tokio::test]
async fn subscribing_to_a_page_discovers_its_feed() {
    let server = Server::start("127.0.0.1").await;
    let fetcher = fetcher(only("127.0.0.1"));
    let mut library = Library::in_memory(now()).expect("library");
    let sub = subscribe::add(&mut library, &fetcher, &server.url("/site.html"), Some("Local"), now())
        .await
        .expect("subscribe");
    assert!(sub.new);
    assert_eq!(sub.feed.url, server.url("/feeds/news.xml"));
    assert_eq!(sub.feed.title.as_deref(), Some("Harbour Gazette"));
    assert_eq!(sub.feed.category.as_deref(), Some("Local"));
    assert!(sub.discovered_from.is_some());
    let again = subscribe::add(&mut library, &fetcher, &server.url("/feeds/news.xml"), None, now())
        .await
        .expect("again");
    assert!(!again.new);
    let err = subscribe::add(&mut library, &fetcher, &server.url("/articles/ferry.html"), None, now()).await;
    assert!(matches!(err, Err(subscribe::SubscribeError::NoFeed { .. })), "{err:?}");
    assert!(subscribe::remove(&mut library, &sub.feed.url).expect("remove"));
    assert!(subscribe::list(&mut library).expect("list").is_empty());
}
