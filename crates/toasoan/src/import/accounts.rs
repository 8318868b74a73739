//! The writers of an imported site as newsroom accounts without a password: they cannot log in
//! until an administrator runs `toasoan user reset-password`, and no password of the old site
//! is ever needed (WordPress's export has none; Ghost's bcrypt hashes are not kept). An account
//! with the same e-mail is used as it is.

use anyhow::Result;
use toasoan_core::Role;
use toasoan_store::{Db, NewUser, StoreError, normalize_email};

use super::report::Report;

/// A writer as the old site knew them.
pub struct SourceAccount<'a> {
    /// Their login or id there: the import's link.
    pub key: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
}

/// Our account for the writer: the one a former run made, one with their e-mail, or a new one.
pub async fn account(db: &Db, source: &str, writer: &SourceAccount<'_>, report: &mut Report) -> Result<Option<i64>> {
    report.accounts.read += 1;
    if let Some(link) = db.import_link(source, "user", writer.key).await?
        && let Some(user) = db.user(link.target_id).await?
    {
        report.accounts.unchanged += 1;
        return Ok(Some(user.id));
    }
    let email = if writer.email.contains('@') {
        normalize_email(writer.email)
    } else {
        format!("{}@import.invalid", vn::slug(writer.key))
    };
    let id = match db.user_for_login(&email).await? {
        Some((user, _)) => {
            report.accounts.unchanged += 1;
            user.id
        }
        None => {
            let name = if writer.name.trim().is_empty() { writer.key.to_owned() } else { vn::nfc(writer.name.trim()) };
            match db.create_user(&NewUser { email: &email, name: &name, role: writer.role, password_hash: "" }).await {
                Ok(id) => {
                    report.accounts.created += 1;
                    id
                }
                Err(StoreError::Conflict(message)) => {
                    report.accounts.failed += 1;
                    report.error(0, format!("account {}: {message}", writer.key));
                    return Ok(None);
                }
                Err(other) => return Err(other.into()),
            }
        }
    };
    let mut tx = db.begin().await?;
    tx.set_import_link((source, "user", writer.key), id, "").await?;
    tx.commit().await?;
    Ok(Some(id))
}
