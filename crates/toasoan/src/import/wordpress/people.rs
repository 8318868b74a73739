//! The export's authors as accounts (see [`crate::import::accounts`]). WordPress's export does
//! not say their roles: they become writers (phóng viên), to be raised in the newsroom.

use std::collections::HashMap;

use anyhow::Result;
use toasoan_core::Role;
use toasoan_core::import::wordpress::post::Site;
use toasoan_store::Db;

use crate::import::accounts::{SourceAccount, account};
use crate::import::report::Report;

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
        let name = if author.display_name.is_empty() { &author.login } else { &author.display_name };
        let writer = SourceAccount { key: &author.login, email: &author.email, name, role: Role::Writer };
        let Some(id) = account(db, &source, &writer, report).await? else { continue };
        people.by_login.insert(author.login.clone(), id);
        if author.id > 0 {
            people.by_wordpress_id.insert(author.id, id);
        }
    }
    Ok(people)
}
