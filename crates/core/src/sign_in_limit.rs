//! How many sign-in attempts are checked against a password hash, and from where. The limits,
//! and what each protects (README, "Security"):
//!
//! - **account and address pair** (5 per 15 minutes): one place guessing one account;
//! - **address** (100 per 15 minutes, over all accounts): one place trying many accounts;
//!   a successful sign-in takes its own account's failures back out of it, so people behind
//!   one NAT who mistype now and then do not add up to a lock-out;
//! - **account** (20 per hour, over all addresses): guessing spread over many addresses.
//!   Beyond it an address may make only its first attempt of the window for that account, so
//!   the owner's correct password still gets through from an address without failures, and an
//!   attacker cannot lock the owner out;
//! - **known device** (10 per 15 minutes): a browser that signed in to the account before
//!   carries a signed cookie naming it; it is exempt from the three limits above (an attacker
//!   at the owner's address, or hammering the account, does not stop it) and has this one.
//!
//! Every attempt is reserved in its counters *before* the hash is checked, and given back when
//! it is refused or succeeds, so a counter holds the failures of its window (and the attempts
//! being checked) and concurrent guesses cannot pass a limit.

use crate::Core;
use crate::accounts::Client;
use crate::crypto::constant_time_eq;
use crate::error::{CoreError, CoreResult};
use kakehashi_store::sign_in::{self, Reserved};
use std::net::IpAddr;

const PAIR: &str = "pair";
const ADDRESS: &str = "address";
const ACCOUNT: &str = "account";
const DEVICE: &str = "device";

/// The name under which a browser keeps its known-device token.
pub const DEVICE_COOKIE: &str = "kk_device";
/// Accounts a device cookie vouches for at most (a shared family phone), newest first.
const DEVICE_ACCOUNTS: usize = 4;
const ID_LEN: usize = 22;

/// An attempt counted in its limits, not yet checked.
pub(crate) struct Attempt {
    taken: Vec<(&'static str, String, Reserved)>,
    pair_attempts: i64,
}

/// Reserves an attempt to sign in to `account_key` from `client`, or refuses it (429) when a
/// limit is reached.
pub(crate) async fn reserve(
    core: &Core,
    account_key: &str,
    client: &Client,
) -> CoreResult<Attempt> {
    let s = core.settings();
    let now = core.now();
    let window = s.sign_in_window_secs * 1_000_000;
    let account_window = s.sign_in_account_window_secs * 1_000_000;
    let mut conn = core.db().conn().await?;
    let mut attempt = Attempt {
        taken: Vec::new(),
        pair_attempts: 0,
    };
    let refusal = if let Some(device) = known_device(core, account_key, client) {
        let r = attempt
            .take(
                &mut conn,
                DEVICE,
                device_key(core, &device, account_key),
                now,
                window,
            )
            .await?;
        (r.attempts > s.sign_in_max_per_device).then(|| remaining(r, window, now))
    } else {
        let group = address_group(&client.address);
        let p = attempt
            .take(
                &mut conn,
                PAIR,
                pair_key(core, account_key, &group),
                now,
                window,
            )
            .await?;
        attempt.pair_attempts = p.attempts;
        if p.attempts > s.sign_in_max_per_pair {
            Some(remaining(p, window, now))
        } else {
            let a = attempt
                .take(&mut conn, ADDRESS, address_key(core, &group), now, window)
                .await?;
            if a.attempts > s.sign_in_max_per_address {
                Some(remaining(a, window, now))
            } else {
                let c = attempt
                    .take(
                        &mut conn,
                        ACCOUNT,
                        account_key.to_owned(),
                        now,
                        account_window,
                    )
                    .await?;
                (c.attempts > s.sign_in_max_per_account && p.attempts > 1)
                    .then(|| remaining(p, window, now).min(remaining(c, account_window, now)))
            }
        }
    };
    match refusal {
        None => Ok(attempt),
        Some(retry_after_secs) => {
            // A refused attempt was never checked: it counts nowhere.
            for (scope, key, r) in &attempt.taken {
                sign_in::give_back(&mut conn, scope, key, r.window_start, 1).await?;
            }
            Err(CoreError::RateLimited { retry_after_secs })
        }
    }
}

impl Attempt {
    async fn take(
        &mut self,
        conn: &mut kakehashi_store::Conn,
        scope: &'static str,
        key: String,
        now: i64,
        window: i64,
    ) -> CoreResult<Reserved> {
        let r = sign_in::reserve(conn, scope, &key, now, window).await?;
        self.taken.push((scope, key, r));
        Ok(r)
    }

    /// The password was right: the attempt was no failure. The account's own earlier failures
    /// from this address are forgiven too (pair and address counters), not other people's.
    pub(crate) async fn succeeded(self, core: &Core) -> CoreResult<()> {
        let mut conn = core.db().conn().await?;
        for (scope, key, r) in &self.taken {
            match *scope {
                PAIR | DEVICE => sign_in::clear(&mut conn, scope, key).await?,
                ADDRESS => {
                    sign_in::give_back(&mut conn, scope, key, r.window_start, self.pair_attempts)
                        .await?
                }
                _ => sign_in::give_back(&mut conn, scope, key, r.window_start, 1).await?,
            }
        }
        // Now and then, forget windows that no longer limit anything.
        if rand::random::<u8>() < 3 {
            let s = core.settings();
            let longest = s.sign_in_window_secs.max(s.sign_in_account_window_secs);
            sign_in::delete_older_than(&mut conn, core.now() - longest * 1_000_000).await?;
        }
        Ok(())
    }
}

/// Whole seconds until the window of `r` ends (at least 1).
fn remaining(r: Reserved, window: i64, now: i64) -> u64 {
    let micros = (r.window_start + window - now).max(1) as u64;
    micros.div_ceil(1_000_000)
}

/// The address as one client: an IPv4 address, or the /64 network of an IPv6 address (one
/// subscriber's whole allocation, which an attacker could otherwise walk through).
fn address_group(address: &str) -> String {
    match address.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Err(_) => address.trim().to_owned(),
    }
}

fn pair_key(core: &Core, account_key: &str, group: &str) -> String {
    core.keys()
        .index(&format!("sign-in/pair\0{account_key}\0{group}"))
}

fn address_key(core: &Core, group: &str) -> String {
    core.keys().index(&format!("sign-in/address\0{group}"))
}

fn device_key(core: &Core, device: &DeviceCookie, account_key: &str) -> String {
    core.keys()
        .index(&format!("sign-in/device\0{}\0{account_key}", device.id))
}

/// A known-device cookie: `<device id>.<tag>[.<tag>…]`, one tag per account (see
/// [`crate::crypto::Keys::device_tag`]).
struct DeviceCookie {
    id: String,
    tags: Vec<String>,
}

impl DeviceCookie {
    fn parse(value: &str) -> Option<DeviceCookie> {
        let mut parts = value.split('.');
        let id = parts.next()?;
        let ok = |s: &str| {
            s.len() == ID_LEN
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        let tags: Vec<String> = parts.take(DEVICE_ACCOUNTS).map(str::to_owned).collect();
        (ok(id) && tags.iter().all(|t| ok(t))).then(|| DeviceCookie {
            id: id.to_owned(),
            tags,
        })
    }

    fn knows(&self, core: &Core, account_key: &str) -> bool {
        let tag = core.keys().device_tag(&self.id, account_key);
        // Compare every tag, so the time taken says nothing about which one matched.
        self.tags
            .iter()
            .fold(false, |found, t| constant_time_eq(t, &tag) | found)
    }
}

fn known_device(core: &Core, account_key: &str, client: &Client) -> Option<DeviceCookie> {
    client
        .device
        .as_deref()
        .and_then(DeviceCookie::parse)
        .filter(|d| d.knows(core, account_key))
}

/// The device cookie to set after `account_key` signed in from `client`: its device id (a new
/// one for a browser without a valid cookie), with this account's tag first.
pub(crate) fn device_cookie_after(core: &Core, account_key: &str, client: &Client) -> String {
    let current = client.device.as_deref().and_then(DeviceCookie::parse);
    let id = current.as_ref().map_or_else(
        || crate::crypto::random_token()[..ID_LEN].to_owned(),
        |d| d.id.clone(),
    );
    let tag = core.keys().device_tag(&id, account_key);
    let mut tags = vec![tag.clone()];
    if let Some(d) = current {
        tags.extend(d.tags.into_iter().filter(|t| *t != tag));
    }
    tags.truncate(DEVICE_ACCOUNTS);
    format!("{id}.{}", tags.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_group_by_client() {
        assert_eq!(address_group("203.0.113.7"), "203.0.113.7");
        assert_eq!(address_group("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(
            address_group("2001:db8:1:2:aaaa::1"),
            address_group("2001:db8:1:2:bbbb::2")
        );
        assert_ne!(
            address_group("2001:db8:1:2::1"),
            address_group("2001:db8:1:3::1")
        );
        assert_eq!(address_group(""), "");
    }

    #[test]
    fn device_cookies_parse_strictly() {
        let id = "a".repeat(ID_LEN);
        let tag = "b".repeat(ID_LEN);
        assert!(DeviceCookie::parse(&format!("{id}.{tag}")).is_some());
        assert!(DeviceCookie::parse(&format!("{id}.{tag}x")).is_none());
        assert!(DeviceCookie::parse("short.tag").is_none());
        assert!(DeviceCookie::parse(&format!("{id}.{}", "b=".repeat(11))).is_none());
    }

    #[test]
    fn the_remaining_window_rounds_up() {
        let r = Reserved {
            attempts: 1,
            window_start: 0,
        };
        assert_eq!(remaining(r, 900_000_000, 0), 900);
        assert_eq!(remaining(r, 900_000_000, 899_500_000), 1);
        assert_eq!(remaining(r, 900_000_000, 2_000_000_000), 1);
    }
}
