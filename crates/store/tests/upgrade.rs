//! A database made by an earlier release — its schema applied by our own runner, which kept
//! the record in `schema_migrations` — upgrades in place under sqlx's migrator, on both engines.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test: a failed step is a failed test

use std::path::Path;

use toasoan_store::testing::empty_databases;
use toasoan_store::{Db, StoreError};

/// Makes the schema as the earlier release's runner did: each file's SQL in order, and a row
/// `(version, name)` in `schema_migrations` for each, in one transaction.
async fn old_release_schema(db: &Db, engine: &str, through: i64) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(engine);
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut script = String::from(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL);\n",
    );
    for file in files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let (version, name) = stem.split_once('_').unwrap();
        let version: i64 = version.parse().unwrap();
        if version > through {
            continue;
        }
        script.push_str(&std::fs::read_to_string(&file).unwrap());
        script.push_str(&format!("\nINSERT INTO schema_migrations (version, name) VALUES ({version}, '{name}');\n"));
    }
    script.push_str("INSERT INTO categories (name, slug, position, created_at) VALUES ('Thời sự', 'thoi-su', 1, '2021-12-01T12:24:00Z');\n");
    let script = sqlx::AssertSqlSafe(script);
    match db {
        Db::Sqlite(pool) => sqlx::raw_sql(script).execute(pool).await.expect("old schema").rows_affected(),
        Db::Postgres(pool) => sqlx::raw_sql(script).execute(pool).await.expect("old schema").rows_affected(),
    };
}

async fn old_table_count(db: &Db) -> i64 {
    let sql = match db {
        Db::Sqlite(_) => "SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_migrations'",
        Db::Postgres(_) => {
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
        }
    };
    toasoan_store::on_pool!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap()
}

#[tokio::test]
async fn a_database_of_the_earlier_release_upgrades_in_place() {
    for t in empty_databases().await {
        old_release_schema(&t.db, t.engine, 10).await;
        t.db.migrate().await.expect("upgrade");
        let all: Vec<i64> = (1..=15).collect();
        assert_eq!(t.db.applied_migrations().await.expect("versions"), all, "{}", t.engine);
        assert_eq!(old_table_count(&t.db).await, 0, "the old record is gone on {}", t.engine);
        let categories = t.db.categories().await.expect("categories");
        assert_eq!(categories.iter().map(|c| c.slug.as_str()).collect::<Vec<_>>(), ["thoi-su"], "{}", t.engine);
        t.db.migrate().await.expect("a second start changes nothing");
        assert_eq!(t.db.applied_migrations().await.expect("versions"), all, "{}", t.engine);
    }
}

#[tokio::test]
async fn a_database_part_way_gets_the_rest() {
    for t in empty_databases().await {
        old_release_schema(&t.db, t.engine, 7).await;
        t.db.migrate().await.expect("upgrade");
        assert_eq!(t.db.applied_migrations().await.expect("versions"), (1..=15).collect::<Vec<_>>(), "{}", t.engine);
    }
}

#[tokio::test]
async fn a_database_of_a_later_release_is_refused() {
    for t in empty_databases().await {
        old_release_schema(&t.db, t.engine, 10).await;
        let newer = "INSERT INTO schema_migrations (version, name) VALUES (99, 'from_the_future')";
        toasoan_store::on_pool!(&t.db, pool => sqlx::query(newer).execute(pool).await.map(|r| r.rows_affected()))
            .unwrap();
        let refused = t.db.migrate().await.expect_err("refused");
        assert!(matches!(refused, StoreError::UnknownMigration(99)), "{refused} on {}", t.engine);
        assert_eq!(old_table_count(&t.db).await, 1, "nothing changed on {}", t.engine);
    }
}

#[tokio::test]
async fn a_changed_migration_file_is_refused() {
    for t in empty_databases().await {
        t.db.migrate().await.expect("fresh");
        let tamper = "UPDATE _sqlx_migrations SET checksum = $1 WHERE version = 3";
        toasoan_store::on_pool!(&t.db, pool => sqlx::query(tamper).bind(vec![0u8; 48]).execute(pool).await.map(|r| r.rows_affected())).unwrap();
        assert!(t.db.migrate().await.is_err(), "a changed file must not pass silently on {}", t.engine);
    }
}
