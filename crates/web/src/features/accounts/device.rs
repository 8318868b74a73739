//! The "known device" cookie: after a successful login the browser keeps a signed note that it
//! has logged into that account before. Login failures from such a browser are counted apart
//! from everyone else's (`toasoan_store::LoginKey::known_device`), so a stranger who keeps
//! guessing at someone's e-mail locks out strangers, not the owner at their usual desk. The
//! cookie opens nothing by itself: the password is still checked, under its own limit.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const COOKIE_NAME: &str = "toasoan_device";
/// How long a browser stays known after its last login.
pub const LIFETIME: Duration = Duration::days(180);

/// The cookie's value for an account: when it ends, and a signature over that and the e-mail.
pub fn value(key: &str, email: &str, now: DateTime<Utc>) -> String {
    let expires = (now + LIFETIME).timestamp();
    format!("{expires}.{}", signature(key, email, expires))
}

/// Whether a cookie value was made by this site for this e-mail and has not ended.
pub fn recognises(key: &str, email: &str, cookie: &str, now: DateTime<Utc>) -> bool {
    let Some((expires, sent)) = cookie.split_once('.') else { return false };
    let Ok(expires) = expires.parse::<i64>() else { return false };
    expires > now.timestamp() && crate::kernel::csrf::token_matches(Some(sent), &signature(key, email, expires))
}

fn signature(key: &str, email: &str, expires: i64) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key.as_bytes()) else { return String::new() };
    mac.update(toasoan_store::normalize_email(email).as_bytes());
    mac.update(b"\0");
    mac.update(expires.to_string().as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_known_for_its_account_until_it_ends() {
        let now = Utc::now();
        let cookie = value("key", "Bien.Tap@x.vn", now);
        assert!(recognises("key", "bien.tap@x.vn", &cookie, now));
        assert!(!recognises("key", "other@x.vn", &cookie, now), "another account");
        assert!(!recognises("other key", "bien.tap@x.vn", &cookie, now), "another site");
        assert!(!recognises("key", "bien.tap@x.vn", &cookie, now + LIFETIME + Duration::seconds(1)));
        let (expires, signature) = cookie.split_once('.').expect("two parts");
        let longer = format!("{}.{signature}", expires.parse::<i64>().expect("a number") + 1000);
        assert!(!recognises("key", "bien.tap@x.vn", &longer, now), "its end cannot be moved");
        assert!(!recognises("key", "bien.tap@x.vn", "garbage", now));
    }
}
