//! Passwords: argon2id with the crate's recommended parameters, hashed off the async threads
//! (a hash takes tens of milliseconds on purpose).

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD: usize = 10;
/// Longest, so that hashing stays bounded.
pub const MAX_PASSWORD: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must have between {MIN_PASSWORD} and {MAX_PASSWORD} characters")]
    Length,
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

/// Checks the length rule; the message is shown to the person choosing the password.
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let length = password.chars().count();
    if (MIN_PASSWORD..=MAX_PASSWORD).contains(&length) { Ok(()) } else { Err(PasswordError::Length) }
}

/// A PHC string (`$argon2id$…`) for the password.
pub async fn hash_password(password: String) -> Result<String, PasswordError> {
    check_new_password(&password)?;
    let hashed = tokio::task::spawn_blocking(move || {
        Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string())
    })
    .await
    .map_err(|e| PasswordError::Hash(e.to_string()))?;
    hashed.map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether the password matches the stored hash. With no hash (unknown account) a dummy hash is
/// checked anyway, so that answering takes as long and does not tell which e-mails exist.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    const DUMMY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$3CNBRKZv7H0EsVnSKflxGg$zOuyGhMwow5agN06tPHMpnaVBHHx2c3zH2OKvmE33UM";
    let known = stored.is_some();
    let hash = stored.unwrap_or_else(|| DUMMY.to_owned());
    let matched = tokio::task::spawn_blocking(move || {
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
        assert!(verify_password("mật khẩu dài đủ".to_owned(), Some(hash.clone())).await);
        assert!(!verify_password("mật khẩu sai rồi".to_owned(), Some(hash)).await);
        assert!(!verify_password("secret".to_owned(), None).await);
    }

    #[tokio::test]
    async fn short_passwords_are_refused() {
        assert!(matches!(hash_password("ngắn".to_owned()).await, Err(PasswordError::Length)));
    }
}
