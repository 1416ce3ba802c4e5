//! Where sellers' webhooks may go: public addresses only, unless the operator allows
//! private ones (`webhooks.allow_private`). A webhook URL is a request paychat makes on a
//! seller's say-so; without this, a seller could aim it at paychat's own network (the
//! database, a cloud's metadata service at 169.254.169.254) and read the answers'
//! statuses.
//!
//! Checked twice: when the URL is set (its host resolved, every address public), and at
//! every send, where the HTTP client resolves names through [`PublicResolver`] (so a
//! name that later resolves somewhere private — DNS rebinding — gets no connection) and
//! literal addresses are checked before the request. Redirects are not followed at all.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Whether `ip` is an address on the public internet: not loopback, private, link-local
/// (cloud metadata), carrier-grade NAT, unspecified, broadcast, multicast, documentation
/// or reserved, also when written as an IPv4-mapped or NAT64 IPv6 address.
#[must_use]
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => public_v6(v6),
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        // Carrier-grade NAT, where some clouds put their metadata (100.100.100.200).
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments, benchmarking, reserved.
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (18..20).contains(&b))
        || a >= 240)
}

fn public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return public_v4(v4);
    }
    let s = ip.segments();
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        let [hi, lo] = [s[6], s[7]];
        let v4 = Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
        return public_v4(v4);
    }
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // Unique local (fc00::/7; AWS's metadata is fd00:ec2::254) and link-local.
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        // Documentation.
        || (s[0] == 0x2001 && s[1] == 0x0db8))
}

/// Why a webhook URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the URL has no host")]
    NoHost,
    #[error("{0} is not a public address")]
    Private(IpAddr),
    #[error("{0} resolves to {1}, which is not a public address")]
    ResolvesPrivate(String, IpAddr),
    #[error("{0} does not resolve")]
    Unresolved(String),
}

/// The URL's host when it is a literal address (`https://10.0.0.5/`, `http://[::1]/`).
fn literal(url: &reqwest::Url) -> Option<IpAddr> {
    let host = url.host_str()?;
    // IPv6 hosts come bracketed (`[::1]`).
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// A literal address in `url` that is not public, if any (names are checked when they
/// are resolved).
///
/// # Errors
/// [`Refused::Private`] for a private literal address.
pub fn check_literal(url: &reqwest::Url) -> Result<(), Refused> {
    match literal(url) {
        Some(ip) if !is_public(ip) => Err(Refused::Private(ip)),
        _ => Ok(()),
    }
}

/// Whether a seller's webhook URL may be registered: refused, with the message to show,
/// when it points at a non-public address, unless the operator set
/// `webhooks.allow_private`. The REST API and the CLI both ask here.
///
/// # Errors
/// The URL's address is loopback, private, link-local, metadata or unresolvable.
pub async fn public_endpoint(url: &str, allow_private: bool) -> Result<(), String> {
    if allow_private {
        return Ok(());
    }
    check_url(url)
        .await
        .map_err(|refused| format!("{refused}; webhooks may only go to public addresses"))
}

/// Checks a URL being set: a literal address must be public; a name must resolve, and
/// every address it resolves to must be public.
///
/// # Errors
/// Why it was refused.
pub async fn check_url(url: &str) -> Result<(), Refused> {
    let parsed = reqwest::Url::parse(url).map_err(|_| Refused::NoHost)?;
    check_literal(&parsed)?;
    if literal(&parsed).is_some() {
        return Ok(());
    }
    let host = parsed.host_str().ok_or(Refused::NoHost)?.to_owned();
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|_| Refused::Unresolved(host.clone()))?
        .collect();
    if addrs.is_empty() {
        return Err(Refused::Unresolved(host));
    }
    match addrs.iter().find(|a| !is_public(a.ip())) {
        Some(a) => Err(Refused::ResolvesPrivate(host, a.ip())),
        None => Ok(()),
    }
}

/// Resolves names for the webhook client, keeping public addresses only: a name whose
/// addresses are all private gets no connection.
#[derive(Debug, Default)]
pub struct PublicResolver;

impl reqwest::dns::Resolve for PublicResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = all.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                let err: Box<dyn std::error::Error + Send + Sync> =
                    format!("{host} resolves to no public address").into();
                return Err(err);
            }
            let addrs: reqwest::dns::Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn every_private_class_is_refused() {
        for s in [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.100.100.200",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "fc00::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2001:db8::1",
            "ff02::1",
        ] {
            assert!(!is_public(ip(s)), "{s}");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for s in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700:4700::1111",
            "64:ff9b::808:808",
        ] {
            assert!(is_public(ip(s)), "{s}");
        }
    }

    #[test]
    fn literal_hosts_are_checked_without_resolving() {
        let url = |s: &str| reqwest::Url::parse(s).unwrap();
        assert_eq!(
            check_literal(&url("http://169.254.169.254/latest/meta-data")),
            Err(Refused::Private(ip("169.254.169.254")))
        );
        assert!(check_literal(&url("http://[::1]:8080/")).is_err());
        assert!(check_literal(&url("https://93.184.216.34/hook")).is_ok());
        assert!(check_literal(&url("https://hooks.example.com/x")).is_ok());
    }

    #[tokio::test]
    async fn a_name_for_loopback_is_refused_when_set() {
        assert!(matches!(
            check_url("http://localhost:9/hook").await,
            Err(Refused::ResolvesPrivate(..) | Refused::Unresolved(_))
        ));
        assert_eq!(
            check_url("http://127.0.0.1:9/").await,
            Err(Refused::Private(ip("127.0.0.1")))
        );
    }
}
