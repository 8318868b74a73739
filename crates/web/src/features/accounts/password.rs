//! Passwords: argon2id with the crate's recommended parameters, hashed off the async threads
//! (a hash takes tens of milliseconds on purpose).
//!
//! Each hash holds about 19 MiB for its duration, so the number running at once is bounded
//! ([`MAX_HASHING`]), and so is the queue behind them ([`MAX_WAITING`]): a burst of anonymous
//! logins beyond that is answered at once with [`Busy`] instead of growing the server's memory.

use std::time::Duration;

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use tokio::sync::{Semaphore, SemaphorePermit};

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD: usize = 10;
/// Longest, so that hashing stays bounded.
pub const MAX_PASSWORD: usize = 200;
/// Hashes computed at once on a node (argon2's memory cost each: 19 MiB).
pub const MAX_HASHING: usize = 4;
/// Logins that may wait for a turn; more are refused at once.
pub const MAX_WAITING: usize = 28;
/// How long a login waits for its turn before it is refused.
const MAX_WAIT: Duration = Duration::from_secs(5);

/// The node's one gate: every hash and every check of a password passes through it.
static GATE: HashGate = HashGate::new(MAX_HASHING, MAX_WAITING, MAX_WAIT);

/// Turns to hash: `hashing` at once, `waiting` more in line for at most `wait`.
pub struct HashGate {
    admitted: Semaphore,
    hashing: Semaphore,
    wait: Duration,
}

impl HashGate {
    pub const fn new(hashing: usize, waiting: usize, wait: Duration) -> Self {
        HashGate { admitted: Semaphore::const_new(hashing + waiting), hashing: Semaphore::const_new(hashing), wait }
    }

    /// A place in line, or at once [`Busy`] when the line is full. Taking the place costs
    /// nothing, so a login can be admitted, checked against its limits, and only then wait for
    /// a turn ([`Admission::turn`]): a refused login never waits behind the hashes.
    pub fn admit(&self) -> Result<Admission<'_>, Busy> {
        let admitted = self.admitted.try_acquire().map_err(|_| Busy)?;
        Ok(Admission { gate: self, admitted })
    }

    /// A place in line and then a turn.
    pub async fn permit(&self) -> Result<HashPermit<'_>, Busy> {
        self.admit()?.turn().await
    }
}

/// A place in the line to hash (see [`HashGate::admit`]).
pub struct Admission<'a> {
    gate: &'a HashGate,
    admitted: SemaphorePermit<'a>,
}

impl<'a> Admission<'a> {
    /// Waits for a turn to hash, at most the gate's `wait`.
    pub async fn turn(self) -> Result<HashPermit<'a>, Busy> {
        let hashing = &self.gate.hashing;
        let running =
            tokio::time::timeout(self.gate.wait, hashing.acquire()).await.map_err(|_| Busy)?.map_err(|_| Busy)?;
        Ok(HashPermit { _running: running, _admitted: self.admitted })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must have between {MIN_PASSWORD} and {MAX_PASSWORD} characters")]
    Length,
    #[error(transparent)]
    Busy(#[from] Busy),
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

/// Too many passwords are being checked on this node: try again in a few seconds.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("too many logins at once; try again in a few seconds")]
pub struct Busy;

/// The right to compute one hash now (see the module's note).
pub struct HashPermit<'a> {
    _running: SemaphorePermit<'a>,
    _admitted: SemaphorePermit<'a>,
}

/// A turn at the node's gate.
pub async fn hash_permit() -> Result<HashPermit<'static>, Busy> {
    GATE.permit().await
}

/// A place in line at the node's gate, to be turned into a turn later.
pub fn admit() -> Result<Admission<'static>, Busy> {
    GATE.admit()
}

/// Checks the length rule; the message is shown to the person choosing the password.
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let length = password.chars().count();
    if (MIN_PASSWORD..=MAX_PASSWORD).contains(&length) { Ok(()) } else { Err(PasswordError::Length) }
}

/// A PHC string (`$argon2id$…`) for the password.
pub async fn hash_password(password: String) -> Result<String, PasswordError> {
    check_new_password(&password)?;
    let permit = hash_permit().await?;
    let hashed = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string())
    })
    .await
    .map_err(|e| PasswordError::Hash(e.to_string()))?;
    hashed.map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether the password matches the stored hash. With no hash (unknown account) a dummy hash is
/// checked anyway, so that answering takes as long and does not tell which e-mails exist.
pub async fn verify_password(password: String, stored: Option<String>, permit: HashPermit<'static>) -> bool {
    const DUMMY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$3CNBRKZv7H0EsVnSKflxGg$zOuyGhMwow5agN06tPHMpnaVBHHx2c3zH2OKvmE33UM";
    let known = stored.is_some();
    let hash = stored.unwrap_or_else(|| DUMMY.to_owned());
    let matched = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let Ok(parsed) = PasswordHash::new(&hash) else { return false };
        password.len() <= MAX_PASSWORD * 4 && Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
    })
    .await
    .unwrap_or(false);
    known && matched
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("mật khẩu dài đủ".to_owned()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        let permit = || async { hash_permit().await.expect("a turn") };
        assert!(verify_password("mật khẩu dài đủ".to_owned(), Some(hash.clone()), permit().await).await);
        assert!(!verify_password("mật khẩu sai rồi".to_owned(), Some(hash), permit().await).await);
        assert!(!verify_password("secret".to_owned(), None, permit().await).await);
    }

    #[tokio::test]
    async fn short_passwords_are_refused() {
        assert!(matches!(hash_password("ngắn".to_owned()).await, Err(PasswordError::Length)));
    }

    #[tokio::test]
    async fn beyond_the_line_a_turn_is_refused_at_once() {
        let gate = HashGate::new(2, 3, Duration::from_secs(30));
        let line: Vec<_> = (0..5).map(|_| gate.admitted.try_acquire().expect("room in line")).collect();
        let started = std::time::Instant::now();
        assert!(gate.permit().await.is_err(), "the line is full");
        assert!(started.elapsed() < Duration::from_secs(5), "refused without waiting");
        drop(line);
        assert!(gate.permit().await.is_ok());
    }

    #[tokio::test]
    async fn a_place_in_line_is_given_at_once_while_every_turn_is_taken() {
        let gate = HashGate::new(1, 2, Duration::from_secs(30));
        let _hashing = gate.permit().await.expect("a turn");
        let started = std::time::Instant::now();
        let admission = gate.admit().expect("room in line");
        assert!(started.elapsed() < Duration::from_millis(100), "admitted without waiting for a turn");
        drop(admission);
        let _a = gate.admit().expect("room");
        let _b = gate.admit().expect("room");
        assert!(gate.admit().is_err(), "the line holds one hashing and two waiting");
    }

    #[tokio::test]
    async fn a_turn_not_given_in_time_is_refused() {
        let gate = HashGate::new(1, 1, Duration::from_millis(50));
        let _held = gate.permit().await.expect("a turn");
        assert!(gate.permit().await.is_err());
    }
}
