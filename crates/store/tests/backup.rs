//! The backup's view of the schema: its list of tables is the schema's (a migration that adds
//! a table must add it there, or backups would silently leave it out), and rows are written
//! back only into known tables and columns.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test: a failed step is a failed test

use serde_json::json;
use toasoan_store::backup::TABLES;
use toasoan_store::testing::test_databases;

#[tokio::test]
async fn the_backup_knows_every_table_of_the_schema_in_writing_order() {
    for t in test_databases().await {
        let tables = t.db.data_tables().await.expect("tables");
        assert_eq!(tables, TABLES.iter().map(|t| t.to_string()).collect::<Vec<_>>(), "{}", t.engine);
    }
}

#[tokio::test]
async fn rows_go_only_into_known_tables_and_columns() {
    for t in test_databases().await {
        let columns = t.db.columns("tags").await.expect("columns");
        assert_eq!(columns, ["id", "name", "slug"], "{}", t.engine);
        let mut tx = t.db.begin().await.expect("begin");
        let row = json!({"id": 7, "name": "Hà Nội", "slug": "ha-noi", "evil\"; DROP TABLE tags; --": 1});
        tx.insert_row("tags", &columns, row.as_object().unwrap()).await.expect("known columns only");
        assert!(tx.insert_row("sqlite_master", &columns, row.as_object().unwrap()).await.is_err(), "{}", t.engine);
        tx.continue_ids("tags", &columns).await.expect("ids continue");
        tx.commit().await.expect("commit");
        assert!(t.db.columns("no_such_table").await.is_err());
        let mut snapshot = t.db.snapshot().await.expect("snapshot");
        let mut lines = Vec::new();
        snapshot
            .dump("tags", &columns, &mut |line| {
                lines.push(line.to_owned());
                Ok(())
            })
            .await
            .expect("dump");
        snapshot.finish().await.expect("finish");
        let read: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
        assert_eq!(read, json!({"id": 7, "name": "Hà Nội", "slug": "ha-noi"}), "{}", t.engine);
    }
}
