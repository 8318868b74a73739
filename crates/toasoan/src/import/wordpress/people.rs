//! The export's authors as newsroom accounts without a password: they cannot log in until an
//! administrator runs `toasoan user reset-password`, and no password of the old site (which
//! the export does not carry anyway) is ever needed. An account with the same e-mail is used
//! as it is.

use std::collections::HashMap;

use anyhow::Result;
use toasoan_core::Role;
use toasoan_core::import::wordpress::post::Site;
use toasoan_store::{Db, NewUser, StoreError, normalize_email};

use super::report::Report;

/// Our account of each WordPress author, by login and by WordPress's user id.
#[derive(Debug, Default)]
pub struct People {
    by_login: HashMap<String, i64>,
    by_wordpress_id: HashMap<i64, i64>,
}

impl People {
    pub fn by_login(&self, login: &str) -> Option<i64> {
        self.by_login.get(login).copied()
    }

    pub fn by_wordpress_id(&self, id: i64) -> Option<i64> {
        self.by_wordpress_id.get(&id).copied()
    }
}

pub async fn import(db: &Db, site: &Site<'_>, report: &mut Report) -> Result<People> {
    let source = site.source();
    let mut people = People::default();
    for author in &site.export.authors {
        report.accounts.read += 1;
        let linked = match db.import_link(&source, "user", &author.login).await? {
            Some(link) => db.user(link.target_id).await?.map(|u| u.id),
            None => None,
        };
        let id = match linked {
            Some(id) => {
                report.accounts.unchanged += 1;
                id
            }
            None => match account(db, author, report).await? {
                Some(id) => id,
                None => continue,
            },
        };
        let mut tx = db.begin().await?;
        tx.set_import_link((&source, "user", &author.login), id, "").await?;
        tx.commit().await?;
        people.by_login.insert(author.login.clone(), id);
        if author.id > 0 {
            people.by_wordpress_id.insert(author.id, id);
        }
    }
    Ok(people)
}

/// The account with the author's e-mail, else a new one without a password.
async fn account(
    db: &Db,
    author: &toasoan_core::import::wordpress::Author,
    report: &mut Report,
) -> Result<Option<i64>> {
    let email = if author.email.contains('@') {
        normalize_email(&author.email)
    } else {
        format!("{}@wordpress.invalid", vn::slug(&author.login))
    };
    if let Some((user, _)) = db.user_for_login(&email).await? {
        report.accounts.unchanged += 1;
        return Ok(Some(user.id));
    }
    let name = if author.display_name.is_empty() { author.login.clone() } else { vn::nfc(&author.display_name) };
    let new = NewUser { email: &email, name: &name, role: Role::Writer, password_hash: "" };
    match db.create_user(&new).await {
        Ok(id) => {
            report.accounts.created += 1;
            Ok(Some(id))
        }
        Err(StoreError::Conflict(message)) => {
            report.accounts.failed += 1;
            report.error(0, format!("author {}: {message}", author.login));
            Ok(None)
        }
        Err(other) => Err(other.into()),
    }
}
