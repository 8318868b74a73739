//! Random secrets (session and preview tokens, the demo's first password), without HTTP types so
//! the binary can make one too.

/// 32 random bytes as hex. `getrandom` fails only where the OS has no random source, which the
/// server cannot run without; the error is passed up rather than hidden.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
