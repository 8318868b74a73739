//! The reader's address, for rate limits: the connection's peer, unless the peer is one of our
//! own proxies, in which case the nearest address in `X-Forwarded-For` that is not ours. A
//! header from anyone else is ignored, or a spammer would pick a fresh address per request.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;

pub fn client_ip(parts: &Parts, trusted: &[IpAddr]) -> String {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let forwarded = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>();
    resolve(peer, &forwarded, trusted).map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

fn resolve(peer: Option<IpAddr>, forwarded: &[&str], trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let chain: Vec<IpAddr> =
        forwarded.iter().flat_map(|v| v.split(',')).filter_map(|hop| hop.trim().parse().ok()).collect();
    chain.iter().rev().find(|hop| !trusted.contains(hop)).or(chain.first()).copied().or(Some(peer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn forwarded_addresses_count_only_from_our_proxies() {
        let proxy = [ip("10.0.0.1")];
        let stranger = Some(ip("203.0.113.9"));
        assert_eq!(resolve(stranger, &["1.2.3.4"], &proxy), stranger, "a stranger cannot choose its address");
        let via_proxy = Some(ip("10.0.0.1"));
        assert_eq!(resolve(via_proxy, &["1.2.3.4"], &proxy), Some(ip("1.2.3.4")));
        assert_eq!(
            resolve(via_proxy, &["6.6.6.6, 1.2.3.4", "10.0.0.1"], &proxy),
            Some(ip("1.2.3.4")),
            "the nearest address not ours: what the client put first can be forged"
        );
        assert_eq!(resolve(via_proxy, &["junk"], &proxy), via_proxy);
        assert_eq!(resolve(None, &["1.2.3.4"], &proxy), None);
    }
}
