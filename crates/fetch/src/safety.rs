//! Which URLs and addresses the fetcher may reach (server-side request forgery).
//!
//! A feed reader fetches URLs that strangers wrote: a feed's links, its redirects, a page's
//! `<link rel=alternate>`. Left alone, one of them could point the server at itself
//! (`127.0.0.1`, an admin port), at the network it sits in (`10.0.0.0/8`, `192.168.0.0/16`), or at
//! a cloud's metadata service (`169.254.169.254`, which hands out credentials). So every URL is
//! checked twice: here, before any request (scheme, and the address when the host is an IP
//! literal), and again by the fetcher's DNS resolver on the addresses a host name resolves to,
//! which are the addresses actually connected to. Redirects go through the same two checks on
//! every hop.
//!
//! Classes of address, and who may reach them:
//!
//! | class | examples | reached |
//! |---|---|---|
//! | public | everything else | always |
//! | private | loopback `127.0.0.0/8`, `::1`; RFC 1918; CGNAT `100.64.0.0/10`; IPv6 ULA `fc00::/7` | only with `allow_private` (local use: a feed server on the same machine or LAN), or when listed in `allowed` |
//! | never | unspecified `0.0.0.0`, `::`; link-local `169.254.0.0/16`, `fe80::/10` (cloud metadata lives there); multicast, broadcast; the `0.0.0.0/8` "this network" and reserved `240.0.0.0/4` ranges; documentation and benchmarking ranges | never, not even with `allow_private`: no feed lives there, and the metadata service is the prize of an SSRF |
//!
//! IPv4-mapped and IPv4-compatible IPv6 addresses (`::ffff:127.0.0.1`) and NAT64 (`64:ff9b::/96`)
//! are judged by the IPv4 address inside them.
//!
//! This module is pure: it judges URLs and addresses, and never resolves or connects.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// What kind of place an address is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClass {
    /// On the internet.
    Public,
    /// This machine or a private network: reached only when private addresses are allowed.
    Private,
    /// Never reached: link-local (cloud metadata), unspecified, multicast, reserved.
    Never,
}

/// The rule for which addresses may be reached.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Allow private addresses (loopback, RFC 1918, CGNAT, ULA): for local use only.
    pub allow_private: bool,
    /// Private addresses allowed one by one, even when `allow_private` is off (a known local
    /// server). Addresses of the class [`AddressClass::Never`] stay refused.
    pub allowed: Vec<IpAddr>,
}

impl AddressPolicy {
    /// The default: public addresses only.
    pub fn public_only() -> Self {
        AddressPolicy::default()
    }

    /// Public and private addresses.
    pub fn allow_private() -> Self {
        AddressPolicy { allow_private: true, allowed: Vec::new() }
    }

    /// Whether the fetcher may connect to `ip`; if not, why.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Refused> {
        match classify(ip) {
            AddressClass::Public => Ok(()),
            AddressClass::Private if self.allow_private || self.allowed.contains(&ip) => Ok(()),
            AddressClass::Private => Err(Refused::PrivateAddress(ip)),
            AddressClass::Never => Err(Refused::ForbiddenAddress(ip)),
        }
    }

    /// Whether `url` may be fetched, as far as can be told without DNS: its scheme, that it
    /// names a host, and the host's address when it is an IP literal. A host name is checked
    /// again after resolution (see the module docs).
    pub fn check_url(&self, url: &Url) -> Result<(), Refused> {
        match url.scheme() {
            "http" | "https" => {}
            other => return Err(Refused::Scheme(other.to_string())),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refused::Credentials);
        }
        match url.host() {
            None => Err(Refused::NoHost),
            Some(Host::Ipv4(ip)) => self.check_ip(IpAddr::V4(ip)),
            Some(Host::Ipv6(ip)) => self.check_ip(IpAddr::V6(ip)),
            Some(Host::Domain(name)) => {
                // `localhost` and its subdomains resolve to loopback by convention (RFC 6761);
                // refusing the name early gives a clearer message than the resolver would. When
                // some loopback address is allowed, the resolver decides which ones are.
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                let loopback_allowed = self.allow_private || self.allowed.iter().any(IpAddr::is_loopback);
                if (name == "localhost" || name.ends_with(".localhost")) && !loopback_allowed {
                    return Err(Refused::PrivateHost(name));
                }
                Ok(())
            }
        }
    }
}

/// Why a URL or an address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Not `http` or `https` (`file:`, `ftp:`, `gopher:`, `data:`…).
    #[error("the scheme {0:?} is not fetched (only http and https)")]
    Scheme(String),
    /// The URL names no host.
    #[error("the URL names no host")]
    NoHost,
    /// The URL carries a user name or password.
    #[error("URLs with a user name or password are not fetched")]
    Credentials,
    /// A private address (loopback, private network) while private addresses are not allowed.
    #[error("{0} is a private address (allow it with --allow-private or NEWSBITE_ALLOW_PRIVATE=1)")]
    PrivateAddress(IpAddr),
    /// A host name that means this machine.
    #[error("{0} is this machine (allow it with --allow-private or NEWSBITE_ALLOW_PRIVATE=1)")]
    PrivateHost(String),
    /// An address that is never fetched (link-local and cloud metadata, unspecified, multicast).
    #[error("{0} is a link-local, metadata, multicast or reserved address, which is never fetched")]
    ForbiddenAddress(IpAddr),
}

/// The class of an address (see the module docs).
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, c, _] = ip.octets();
    let never = ip.is_unspecified()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || a >= 240 // reserved
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b & 0xfe) == 18); // benchmarking 198.18.0.0/15
    if never {
        return AddressClass::Never;
    }
    let private = ip.is_loopback()
        || ip.is_private()
        || (a == 100 && (b & 0xc0) == 64) // CGNAT 100.64.0.0/10
        || (a == 192 && b == 88 && c == 99); // 6to4 relay anycast, deprecated
    if private {
        AddressClass::Private
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    if let Some(v4) = embedded_v4(ip) {
        return classify_v4(v4);
    }
    let first = ip.segments()[0];
    if ip.is_loopback() || (first & 0xfe00) == 0xfc00 {
        // ::1, unique local fc00::/7
        return AddressClass::Private;
    }
    let never = ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (first & 0xffc0) == 0xfec0 // site-local, deprecated
        || (first == 0x2001 && ip.segments()[1] == 0x0db8) // documentation
        || first == 0x0100 && ip.segments()[1..4] == [0, 0, 0]; // discard-only 100::/64
    if never {
        AddressClass::Never
    } else {
        AddressClass::Public
    }
}

/// The IPv4 address carried inside an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
/// (`::a.b.c.d`) or NAT64 (`64:ff9b::a.b.c.d`) IPv6 address.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        [0, 0, 0, 0, 0, 0xffff, _, _] => Some(tail()),
        // `::` and `::1` are not IPv4-compatible addresses.
        [0, 0, 0, 0, 0, 0, hi, _] if hi != 0 => Some(tail()),
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(tail()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("test address")
    }

    #[test]
    fn classes() {
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "100.128.0.1", "172.32.0.1"] {
            assert_eq!(classify(ip(public)), AddressClass::Public, "{public}");
        }
        for private in [
            "127.0.0.1",
            "127.9.9.9",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "100.64.0.1",
            "::1",
            "fd12::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::7f00:1",
        ] {
            assert_eq!(classify(ip(private)), AddressClass::Private, "{private}");
        }
        for never in [
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "240.0.0.1",
            "192.0.2.1",
            "::",
            "fe80::1",
            "ff02::1",
            "::ffff:169.254.169.254",
            "2001:db8::1",
        ] {
            assert_eq!(classify(ip(never)), AddressClass::Never, "{never}");
        }
    }

    #[test]
    fn policy() {
        let strict = AddressPolicy::public_only();
        let open = AddressPolicy::allow_private();
        let one = AddressPolicy { allow_private: false, allowed: vec![ip("127.0.0.1")] };
        assert!(strict.check_ip(ip("127.0.0.1")).is_err());
        assert!(open.check_ip(ip("127.0.0.1")).is_ok());
        assert!(one.check_ip(ip("127.0.0.1")).is_ok());
        assert_eq!(one.check_ip(ip("127.0.0.2")), Err(Refused::PrivateAddress(ip("127.0.0.2"))));
        for p in [&strict, &open, &one] {
            assert!(matches!(p.check_ip(ip("169.254.169.254")), Err(Refused::ForbiddenAddress(_))));
            assert!(p.check_ip(ip("1.1.1.1")).is_ok());
        }
    }

    #[test]
    fn urls() {
        let strict = AddressPolicy::public_only();
        let url = |s: &str| Url::parse(s).expect("test url");
        assert!(strict.check_url(&url("https://example.com/feed")).is_ok());
        assert_eq!(strict.check_url(&url("file:///etc/passwd")), Err(Refused::Scheme("file".into())));
        assert!(matches!(strict.check_url(&url("gopher://x/")), Err(Refused::Scheme(_))));
        assert!(matches!(strict.check_url(&url("http://127.0.0.1:8080/")), Err(Refused::PrivateAddress(_))));
        assert!(matches!(strict.check_url(&url("http://[::1]/")), Err(Refused::PrivateAddress(_))));
        assert!(matches!(strict.check_url(&url("http://0x7f.1/")), Err(Refused::PrivateAddress(_))));
        assert!(matches!(strict.check_url(&url("http://LOCALHOST./")), Err(Refused::PrivateHost(_))));
        assert!(matches!(
            strict.check_url(&url("http://169.254.169.254/latest")),
            Err(Refused::ForbiddenAddress(_))
        ));
        assert_eq!(strict.check_url(&url("http://u:p@example.com/")), Err(Refused::Credentials));
    }
}
