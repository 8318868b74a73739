//! Schema migrations: one folder per engine (`migrations/sqlite`, `migrations/postgres`, the same
//! versions in both — a test checks it), embedded in the binary by `sqlx::migrate!` and applied by
//! sqlx's migrator, which keeps each file's checksum and refuses a file changed after it ran.
//!
//! Databases made before this used our own `schema_migrations` table; [`bridge`] moves its
//! record to sqlx's `_sqlx_migrations` once, so they upgrade in place.

use sqlx::migrate::{Migrate, MigrateError, Migrator};

use crate::{Db, Result, StoreError, Tx, on_tx};

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// Serialises migrations of several nodes starting at once on PostgreSQL.
const PG_LOCK: &str = "SELECT pg_advisory_xact_lock(7461736)";

/// sqlx's record of applied migrations (its default name).
const TABLE: &str = "_sqlx_migrations";

impl Db {
    /// Applies every migration the database lacks, in one transaction (on SQLite it holds the
    /// write lock from the start, so two processes opening a new file do not both migrate it).
    /// Refuses a database newer than this binary, or one whose applied migrations were changed.
    pub async fn migrate(&self) -> Result<()> {
        let mut tx = self.begin().await?;
        let migrator = match &mut tx {
            Tx::Sqlite(_) => &SQLITE,
            Tx::Postgres(t) => {
                sqlx::query(PG_LOCK).execute(&mut **t).await?;
                &POSTGRES
            }
        };
        bridge(&mut tx, migrator).await?;
        let ran = match &mut tx {
            Tx::Sqlite(t) => migrator.run(&mut **t).await,
            Tx::Postgres(t) => migrator.run(&mut **t).await,
        };
        ran.map_err(|e| migrate_error(migrator, e))?;
        tx.give_accounts_slugs().await?;
        tx.commit().await
    }

    /// The versions recorded as applied.
    pub async fn applied_migrations(&self) -> Result<Vec<i64>> {
        let sql = "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version";
        Ok(crate::on_pool!(self, pool => sqlx::query_scalar(sql).fetch_all(pool).await)?)
    }
}

fn migrate_error(migrator: &Migrator, error: MigrateError) -> StoreError {
    let name = |version: i64| {
        migrator.iter().find(|m| m.version == version).map_or_else(String::new, |m| m.description.to_string())
    };
    match error {
        MigrateError::VersionMissing(version) => StoreError::UnknownMigration(version),
        MigrateError::ExecuteMigration(source, version) => {
            StoreError::Migration { version, name: name(version), source }
        }
        other => StoreError::Corrupt(format!("the schema's migrations: {other}")),
    }
}

/// Moves the record of a database made by an earlier release (`schema_migrations`: version and
/// name) into sqlx's table, with the checksums of the files as they are now (the files of those
/// versions have not changed since), then drops the old table. Runs once: afterwards the old
/// table is gone.
async fn bridge(tx: &mut Tx, migrator: &Migrator) -> Result<()> {
    let exists = match tx {
        Tx::Sqlite(_) => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        Tx::Postgres(_) => {
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
        }
    };
    let found: i64 = on_tx!(tx, conn => sqlx::query_scalar(exists).fetch_one(conn).await)?;
    if found == 0 {
        return Ok(());
    }
    let applied: Vec<i64> = on_tx!(tx, conn => sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version").fetch_all(conn).await)?;
    // sqlx's own table, made by sqlx's driver as its migrator would.
    let made = match tx {
        Tx::Sqlite(t) => t.ensure_migrations_table(TABLE).await,
        Tx::Postgres(t) => t.ensure_migrations_table(TABLE).await,
    };
    made.map_err(|e| migrate_error(migrator, e))?;
    for version in applied {
        let migration = migrator.iter().find(|m| m.version == version).ok_or(StoreError::UnknownMigration(version))?;
        let insert = "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                      VALUES ($1, $2, TRUE, $3, 0) ON CONFLICT (version) DO NOTHING";
        let (description, checksum) = (migration.description.to_string(), migration.checksum.to_vec());
        on_tx!(tx, conn => sqlx::query(insert).bind(version).bind(&description).bind(&checksum).execute(conn).await
            .map(|r| r.rows_affected()))?;
    }
    on_tx!(tx, conn => sqlx::query("DROP TABLE schema_migrations").execute(conn).await.map(|r| r.rows_affected()))?;
    tracing::info!(table = TABLE, "the record of applied migrations moved to sqlx's table");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{POSTGRES, SQLITE};

    fn versions(migrator: &sqlx::migrate::Migrator) -> Vec<(i64, String)> {
        migrator.iter().map(|m| (m.version, m.description.to_string())).collect()
    }

    #[test]
    fn both_engines_hold_the_same_migrations() {
        assert_eq!(versions(&SQLITE), versions(&POSTGRES));
        assert!(SQLITE.iter().count() >= 10);
    }
}
