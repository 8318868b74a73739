//! Our own captcha, stateless across nodes: a token carries its kind, when it was issued and a
//! random nonce, sealed with an HMAC under the site's key (kept in the database, so every node
//! holds the same one). The expected answer is derived from the key and the nonce, so it is
//! never in the token or the page. A token answered once goes into a used-nonce table (the
//! store's), so an answer cannot be replayed.
//!
//! Two kinds of challenge: a distorted picture of five characters, and, for readers who cannot
//! see it, a short question in words (see `question`). A third kind, `Plain`, carries no
//! challenge: the form still gets a signed, dated, used-once token when the captcha is off.

mod font;
mod image;
mod question;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const VERSION: u8 = 1;
const NONCE_BYTES: usize = 12;
const MAC_BYTES: usize = 16;
const TOKEN_BYTES: usize = 2 + 8 + NONCE_BYTES + MAC_BYTES;
const TEXT_LENGTH: usize = 5;

/// The site's secret: 32 random bytes.
#[derive(Clone)]
pub struct CaptchaKey([u8; 32]);

impl std::fmt::Debug for CaptchaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CaptchaKey(…)")
    }
}

impl CaptchaKey {
    pub fn from_bytes(bytes: [u8; 32]) -> CaptchaKey {
        CaptchaKey(bytes)
    }

    pub fn generate() -> Result<CaptchaKey, getrandom::Error> {
        let mut bytes = [0; 32];
        getrandom::fill(&mut bytes)?;
        Ok(CaptchaKey(bytes))
    }

    /// The key as stored (hex).
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn from_hex(hex: &str) -> Option<CaptchaKey> {
        let mut bytes = [0; 32];
        if hex.len() != 64 || !hex.is_ascii() {
            return None;
        }
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(CaptchaKey(bytes))
    }

    fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        // HMAC takes a key of any length, so `new_from_slice` cannot fail here.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else { return [0; 32] };
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeKind {
    Plain = 0,
    Image = 1,
    Question = 2,
}

/// An opened, authentic, unexpired token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub kind: ChallengeKind,
    /// Unix seconds.
    pub issued_at: i64,
    nonce: [u8; NONCE_BYTES],
}

impl Challenge {
    /// The nonce as the used-nonce table stores it.
    pub fn nonce_hex(&self) -> String {
        self.nonce.iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaptchaError {
    #[error("the captcha token is malformed or was not made with this site's key")]
    Forged,
    #[error("the captcha token has expired")]
    Expired,
    #[error("the captcha answer is wrong")]
    Wrong,
}

impl CaptchaError {
    /// The message for the reader, next to the captcha field.
    pub fn vietnamese(&self) -> &'static str {
        match self {
            CaptchaError::Forged => "Mã bảo vệ không hợp lệ. Xin nhập mã mới bên dưới.",
            CaptchaError::Expired => "Mã bảo vệ đã hết hạn. Xin nhập mã mới bên dưới.",
            CaptchaError::Wrong => "Mã bảo vệ chưa đúng. Xin nhập mã mới bên dưới.",
        }
    }
}

/// Issues and checks tokens under one key.
#[derive(Debug, Clone)]
pub struct Captcha {
    key: CaptchaKey,
    /// How long a token may be answered, in seconds.
    pub lifetime: i64,
}

impl Captcha {
    pub fn new(key: CaptchaKey, lifetime_seconds: i64) -> Captcha {
        Captcha { key, lifetime: lifetime_seconds }
    }

    /// A new token of `kind`, issued at `now` (Unix seconds).
    pub fn issue(&self, kind: ChallengeKind, now: i64) -> Result<String, getrandom::Error> {
        let mut nonce = [0; NONCE_BYTES];
        getrandom::fill(&mut nonce)?;
        let mut bytes = Vec::with_capacity(TOKEN_BYTES);
        bytes.extend_from_slice(&[VERSION, kind as u8]);
        bytes.extend_from_slice(&now.to_be_bytes());
        bytes.extend_from_slice(&nonce);
        let mac = self.key.mac(&[b"token", &bytes]);
        bytes.extend_from_slice(&mac[..MAC_BYTES]);
        Ok(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The challenge in `token`, if this site made it and it has not expired.
    pub fn open(&self, token: &str, now: i64) -> Result<Challenge, CaptchaError> {
        let bytes = URL_SAFE_NO_PAD.decode(token.trim()).map_err(|_| CaptchaError::Forged)?;
        if bytes.len() != TOKEN_BYTES || bytes[0] != VERSION {
            return Err(CaptchaError::Forged);
        }
        let (sealed, mac) = bytes.split_at(TOKEN_BYTES - MAC_BYTES);
        let expected = self.key.mac(&[b"token", sealed]);
        if !constant_time_eq(&expected[..MAC_BYTES], mac) {
            return Err(CaptchaError::Forged);
        }
        let kind = match sealed[1] {
            0 => ChallengeKind::Plain,
            1 => ChallengeKind::Image,
            2 => ChallengeKind::Question,
            _ => return Err(CaptchaError::Forged),
        };
        let mut issued = [0; 8];
        issued.copy_from_slice(&sealed[2..10]);
        let issued_at = i64::from_be_bytes(issued);
        let mut nonce = [0; NONCE_BYTES];
        nonce.copy_from_slice(&sealed[10..]);
        if now >= issued_at.saturating_add(self.lifetime) {
            return Err(CaptchaError::Expired);
        }
        Ok(Challenge { kind, issued_at, nonce })
    }

    fn seed(&self, challenge: &Challenge) -> [u8; 32] {
        self.key.mac(&[b"challenge", &challenge.nonce])
    }

    /// The characters the picture shows.
    pub fn text(&self, challenge: &Challenge) -> String {
        let seed = self.seed(challenge);
        seed.iter().take(TEXT_LENGTH).map(|b| font::ALPHABET[usize::from(*b) % font::ALPHABET.len()] as char).collect()
    }

    /// The picture, as PNG bytes.
    pub fn image_png(&self, challenge: &Challenge) -> Vec<u8> {
        image::render(&self.text(challenge), &self.seed(challenge)[TEXT_LENGTH..])
    }

    /// The question in words, for readers who cannot see the picture.
    pub fn question(&self, challenge: &Challenge) -> String {
        question::Question::from_seed(&self.seed(challenge)).ask().to_owned()
    }

    /// The right answer, as a person would give it (the server's own tests and tools use it;
    /// it is never sent to a reader).
    pub fn expected_answer(&self, challenge: &Challenge) -> String {
        match challenge.kind {
            ChallengeKind::Plain => String::new(),
            ChallengeKind::Image => self.text(challenge),
            ChallengeKind::Question => question::Question::from_seed(&self.seed(challenge)).expected(),
        }
    }

    /// Checks the reader's answer: the picture's characters in any case and spacing, or the
    /// question's answer in digits or in words ("9", "chín", "thứ năm").
    pub fn check(&self, challenge: &Challenge, answer: &str) -> Result<(), CaptchaError> {
        let right = match challenge.kind {
            ChallengeKind::Plain => true,
            ChallengeKind::Image => {
                let typed: String = answer.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
                constant_time_eq(typed.as_bytes(), self.text(challenge).as_bytes())
            }
            ChallengeKind::Question => question::Question::from_seed(&self.seed(challenge)).accepts(answer),
        };
        if right { Ok(()) } else { Err(CaptchaError::Wrong) }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod solver_tests;
#[cfg(test)]
mod tests;
