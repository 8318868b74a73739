//! Newsroom accounts and the categories editors answer for. Passwords arrive here already
//! hashed: the store never sees one in clear.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use toasoan_core::{Actor, Role};

use crate::{Db, Result, StoreError, on_pool};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub categories: Vec<i64>,
    /// The author page's address (`/tac-gia/{slug}`).
    pub slug: Option<String>,
    /// A few lines about the author, shown on that page.
    pub bio: String,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.id, role: self.role, categories: self.categories.clone() }
    }
}

/// What creating an account needs.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
}

/// E-mail addresses compare without case or surrounding space.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

macro_rules! user_select {
    ($tail:literal) => {
        concat!("SELECT id, email, name, role, active, created_at, slug, bio FROM users ", $tail)
    };
}

impl Db {
    /// Creates an account; an e-mail already in use is [`StoreError::Conflict`].
    pub async fn create_user(&self, user: &NewUser<'_>) -> Result<i64> {
        let sql = "INSERT INTO users (email, name, role, password_hash, active, created_at) \
             VALUES ($1, $2, $3, $4, TRUE, $5) ON CONFLICT (email) DO NOTHING RETURNING id";
        let now = Utc::now().trunc_subsecs(6);
        let email = normalize_email(user.email);
        let mut tx = self.begin().await?;
        let id: Option<i64> = crate::on_tx!(&mut tx, conn => sqlx::query_scalar(sql).bind(&email).bind(user.name)
            .bind(user.role.as_str()).bind(user.password_hash).bind(now).fetch_optional(conn).await)?;
        let id =
            id.ok_or_else(|| StoreError::Conflict(format!("an account with the e-mail {email} exists already")))?;
        // The author slug in the same transaction: an account never exists without one.
        tx.give_accounts_slugs().await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>> {
        let sql = user_select!("WHERE id = $1");
        let row = on_pool!(self, pool => sqlx::query_as::<_, UserRow>(sql).bind(id).fetch_optional(pool).await)?;
        self.with_categories(row.map(User::try_from).transpose()?).await
    }

    /// The account and its password hash, for a login.
    pub async fn user_for_login(&self, email: &str) -> Result<Option<(User, String)>> {
        let sql =
            "SELECT id, email, name, role, active, created_at, slug, bio, password_hash FROM users WHERE email = $1";
        let email = normalize_email(email);
        let found = on_pool!(self, pool =>
            sqlx::query_as::<_, UserWith<PasswordHash>>(sql).bind(&email).fetch_optional(pool).await)?;
        let Some(found) = found else { return Ok(None) };
        let (user, hash) = (User::try_from(found.user)?, found.extra.password_hash);
        Ok(self.with_categories(Some(user)).await?.map(|u| (u, hash)))
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        let sql = user_select!("ORDER BY name, id");
        let rows = on_pool!(self, pool => sqlx::query_as::<_, UserRow>(sql).fetch_all(pool).await)?;
        let rows = rows.into_iter().map(User::try_from).collect::<Result<Vec<_>>>()?;
        let mut users = Vec::with_capacity(rows.len());
        for user in rows {
            users.extend(self.with_categories(Some(user)).await?);
        }
        Ok(users)
    }

    pub async fn set_password_hash(&self, user_id: i64, hash: &str) -> Result<bool> {
        let sql = "UPDATE users SET password_hash = $1 WHERE id = $2";
        let changed = on_pool!(self, pool => sqlx::query(sql).bind(hash).bind(user_id).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(changed == 1)
    }

    /// Changes name, role, active flag and categories at once.
    pub async fn update_user(
        &self,
        user_id: i64,
        name: &str,
        role: Role,
        active: bool,
        categories: &[i64],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let sql = "UPDATE users SET name = $1, role = $2, active = $3 WHERE id = $4";
        crate::on_tx!(&mut tx, conn => sqlx::query(sql).bind(name).bind(role.as_str()).bind(active).bind(user_id)
            .execute(conn).await.map(|r| r.rows_affected()))?;
        let clear = "DELETE FROM user_categories WHERE user_id = $1";
        crate::on_tx!(&mut tx, conn => sqlx::query(clear).bind(user_id).execute(conn).await.map(|r| r.rows_affected()))?;
        let add = "INSERT INTO user_categories (user_id, category_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        for category in categories {
            crate::on_tx!(&mut tx, conn => sqlx::query(add).bind(user_id).bind(category).execute(conn).await.map(|r| r.rows_affected()))?;
        }
        tx.commit().await
    }

    pub async fn user_count(&self) -> Result<i64> {
        let sql = "SELECT COUNT(*) FROM users";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?)
    }

    async fn with_categories(&self, user: Option<User>) -> Result<Option<User>> {
        let Some(mut user) = user else { return Ok(None) };
        let sql = "SELECT category_id FROM user_categories WHERE user_id = $1 ORDER BY category_id";
        user.categories = on_pool!(self, pool => sqlx::query_scalar(sql).bind(user.id).fetch_all(pool).await)?;
        Ok(Some(user))
    }
}

/// A `users` row as stored (the role as its name); what every query of accounts reads.
#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    active: bool,
    slug: Option<String>,
    bio: String,
    created_at: DateTime<Utc>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;

    fn try_from(row: UserRow) -> Result<Self> {
        let role = Role::parse(&row.role).ok_or_else(|| StoreError::Corrupt(format!("unknown role {:?}", row.role)))?;
        Ok(User {
            id: row.id,
            email: row.email,
            name: row.name,
            role,
            active: row.active,
            categories: Vec::new(),
            slug: row.slug,
            bio: row.bio,
            created_at: row.created_at,
        })
    }
}

/// An account with one more column read beside it (a password hash, a session's token).
#[derive(sqlx::FromRow)]
pub(crate) struct UserWith<T> {
    #[sqlx(flatten)]
    pub user: UserRow,
    #[sqlx(flatten)]
    pub extra: T,
}

#[derive(sqlx::FromRow)]
struct PasswordHash {
    password_hash: String,
}
