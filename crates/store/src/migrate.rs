//! Schema migrations, one file per version and engine, applied in order inside a transaction.
//!
//! We run our own short loop rather than sqlx's migrator so that the binary carries both
//! engines' files without sqlx's compile-time macros.

use crate::{Db, Result, StoreError, Tx, on_tx};

/// A schema version with its SQL for each engine.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

/// Every migration, oldest first. The files are checked against this list by a test.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "content",
        sqlite: include_str!("../migrations/sqlite/0001_content.sql"),
        postgres: include_str!("../migrations/postgres/0001_content.sql"),
    },
    Migration {
        version: 2,
        name: "search_outbox",
        sqlite: include_str!("../migrations/sqlite/0002_search_outbox.sql"),
        postgres: include_str!("../migrations/postgres/0002_search_outbox.sql"),
    },
    Migration {
        version: 3,
        name: "newsroom",
        sqlite: include_str!("../migrations/sqlite/0003_newsroom.sql"),
        postgres: include_str!("../migrations/postgres/0003_newsroom.sql"),
    },
    Migration {
        version: 4,
        name: "comments",
        sqlite: include_str!("../migrations/sqlite/0004_comments.sql"),
        postgres: include_str!("../migrations/postgres/0004_comments.sql"),
    },
    Migration {
        version: 5,
        name: "print_issues",
        sqlite: include_str!("../migrations/sqlite/0005_print_issues.sql"),
        postgres: include_str!("../migrations/postgres/0005_print_issues.sql"),
    },
    Migration {
        version: 6,
        name: "search_print_pages",
        sqlite: include_str!("../migrations/sqlite/0006_search_print_pages.sql"),
        postgres: include_str!("../migrations/postgres/0006_search_print_pages.sql"),
    },
    Migration {
        version: 7,
        name: "videos",
        sqlite: include_str!("../migrations/sqlite/0007_videos.sql"),
        postgres: include_str!("../migrations/postgres/0007_videos.sql"),
    },
    Migration {
        version: 8,
        name: "search_videos",
        sqlite: include_str!("../migrations/sqlite/0008_search_videos.sql"),
        postgres: include_str!("../migrations/postgres/0008_search_videos.sql"),
    },
    Migration {
        version: 9,
        name: "authors",
        sqlite: include_str!("../migrations/sqlite/0009_authors.sql"),
        postgres: include_str!("../migrations/postgres/0009_authors.sql"),
    },
    Migration {
        version: 10,
        name: "hardening",
        sqlite: include_str!("../migrations/sqlite/0010_hardening.sql"),
        postgres: include_str!("../migrations/postgres/0010_hardening.sql"),
    },
];

const CREATE_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)";

/// Serialises migrations of several nodes starting at once on PostgreSQL.
const PG_LOCK: &str = "SELECT pg_advisory_xact_lock(7461736)";

impl Db {
    /// Applies every migration the database lacks. Refuses a database newer than this binary.
    pub async fn migrate(&self) -> Result<()> {
        let mut tx = self.begin().await?;
        if let Tx::Postgres(t) = &mut tx {
            sqlx::query(PG_LOCK).execute(&mut **t).await?;
        }
        on_tx!(&mut tx, conn => sqlx::query(CREATE_TABLE).execute(conn).await.map(|r| r.rows_affected()))?;
        let applied: Vec<i64> = on_tx!(&mut tx, conn =>
            sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version").fetch_all(conn).await)?;
        if let Some(unknown) = applied.iter().find(|v| !MIGRATIONS.iter().any(|m| m.version == **v)) {
            return Err(StoreError::UnknownMigration(*unknown));
        }
        for migration in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
            apply(&mut tx, migration).await?;
        }
        tx.give_accounts_slugs().await?;
        tx.commit().await
    }

    /// The versions recorded as applied.
    pub async fn applied_migrations(&self) -> Result<Vec<i64>> {
        let sql = "SELECT version FROM schema_migrations ORDER BY version";
        Ok(crate::on_pool!(self, pool => sqlx::query_scalar(sql).fetch_all(pool).await)?)
    }
}

async fn apply(tx: &mut Tx, migration: &Migration) -> Result<()> {
    let failed = |source| StoreError::Migration { version: migration.version, name: migration.name.to_owned(), source };
    match tx {
        Tx::Sqlite(t) => sqlx::raw_sql(migration.sqlite).execute(&mut **t).await.map_err(failed)?.rows_affected(),
        Tx::Postgres(t) => sqlx::raw_sql(migration.postgres).execute(&mut **t).await.map_err(failed)?.rows_affected(),
    };
    let record = "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)";
    on_tx!(tx, conn => sqlx::query(record).bind(migration.version).bind(migration.name).execute(conn).await.map(|r| r.rows_affected()))
        .map_err(failed)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn versions_in(engine: &str) -> BTreeSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(engine);
        std::fs::read_dir(&dir)
            .expect("migrations folder")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect()
    }

    #[test]
    fn both_engines_hold_the_same_migrations() {
        let sqlite = versions_in("sqlite");
        assert_eq!(sqlite, versions_in("postgres"));
        let listed: BTreeSet<String> = MIGRATIONS.iter().map(|m| format!("{:04}_{}.sql", m.version, m.name)).collect();
        assert_eq!(sqlite, listed, "every migration file is listed in MIGRATIONS, and only those");
    }

    #[test]
    fn versions_increase() {
        assert!(MIGRATIONS.windows(2).all(|w| w[0].version < w[1].version));
    }
}
