//! Who published a URL: its registrable domain, by the Public Suffix List.

use url::{Host, Url};

/// The registrable domain of a URL's host, by the Public Suffix List (compiled in, no IO):
/// `https://www.news.com.au/world/…` gives `news.com.au`, `https://edition.cnn.com/` gives
/// `cnn.com`. An IP address or a host that is itself a public suffix is given as it is. Not a
/// URL, or no host: `None`.
pub fn publisher(url: &str) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    match parsed.host()? {
        Host::Domain(host) => {
            let host = host.trim_end_matches('.').to_ascii_lowercase();
            let domain = psl::domain_str(&host).unwrap_or(&host);
            Some(domain.to_string())
        }
        Host::Ipv4(ip) => Some(ip.to_string()),
        Host::Ipv6(ip) => Some(ip.to_string()),
    }
}

/// Whether a string is an absolute `http` or `https` URL.
pub fn is_web_url(text: &str) -> bool {
    Url::parse(text).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains() {
        assert_eq!(publisher("https://www.news.com.au/world/europe/x").as_deref(), Some("news.com.au"));
        assert_eq!(publisher("https://www.bbc.co.uk/news/1").as_deref(), Some("bbc.co.uk"));
        assert_eq!(publisher("http://edition.CNN.com./a").as_deref(), Some("cnn.com"));
        assert_eq!(publisher("https://127.0.0.1:8080/x").as_deref(), Some("127.0.0.1"));
        assert_eq!(publisher("not a url"), None);
    }

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://example.com/a"));
        assert!(!is_web_url("file:///etc/passwd"));
        assert!(!is_web_url("example.com/a"));
    }
}
