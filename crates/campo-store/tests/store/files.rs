//! The database file: migrated when new, refused and left untouched when it is from a newer
//! version, foreign or corrupt, and cleared of replicated data when loaded again from the
//! server.

use super::*;
use campo_domain::{Lang, Localized};

#[tokio::test]
async fn a_new_database_is_migrated_to_the_newest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sub/dir/campo.db"))
        .await
        .unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SUPPORTED_SCHEMA);
    assert_eq!(store.order_count().await.unwrap(), 0);
    let device = store.device_id();
    store.close().await;
    // Reopening keeps the same device identity.
    let again = Store::open(&dir.path().join("sub/dir/campo.db"))
        .await
        .unwrap();
    assert_eq!(again.device_id(), device);
}

#[tokio::test]
async fn a_data_folder_that_cannot_be_made_is_named_in_the_persons_words() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("Campo");
    std::fs::write(&blocker, "a file, not a folder").unwrap();
    let err = match Store::open(&blocker.join("dados/campo.db")).await {
        Ok(_) => panic!("a folder under a file opened"),
        Err(e) => e,
    };
    let (pt, en) = (err.message(Lang::PtBr), err.message(Lang::En));
    assert!(
        pt.starts_with("Não foi possível criar a pasta ")
            && pt.ends_with(": há um arquivo onde deveria haver uma pasta"),
        "{pt}"
    );
    assert!(
        en.starts_with("Could not create the folder ")
            && en.ends_with(": a file stands where a folder should"),
        "{en}"
    );
    assert!(!pt.contains("os error") && !en.contains("os error"));
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let store = Store::open(&path).await.unwrap();
    store.close().await;
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (29991231000000, 'from the future', 1, x'00', 1)")
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let err = Store::open(&path).await.unwrap_err();
    match &err {
        StoreError::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!(*found, 29_991_231_000_000);
            assert_eq!(*supported, SUPPORTED_SCHEMA);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert!(err.to_string().contains("versão mais nova do Campo"));
    assert!(err.to_string().contains(&path.display().to_string()));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "file unchanged");
}

#[tokio::test]
async fn a_foreign_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planilha.db");
    {
        use sqlx::Connection;
        let mut conn =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display()))
                .await
                .unwrap();
        sqlx::query("CREATE TABLE receitas (nome TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let err = Store::open(&path).await.unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[tokio::test]
async fn a_corrupt_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(&path).await.unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("corrompido"));
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

/// Every table of the schema is either replicated (cleared when the device bootstraps again)
/// or the device's own (kept): a new table must be classified, or this fails.
#[tokio::test]
async fn loading_again_from_the_server_clears_every_replicated_table_and_keeps_the_device() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let store = Store::open(&path).await.unwrap();
    campo_demo::seed_demo(
        &store,
        SMALL,
        DEFAULT_SEED,
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    )
    .await
    .unwrap();
    let raw = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name <> '_sqlx_migrations' AND name NOT LIKE 'work_orders_fts%'",
    )
    .fetch_all(&raw)
    .await
    .unwrap();
    for t in &tables {
        assert!(
            campo_store::sync::REPLICATED_TABLES.contains(&t.as_str())
                || campo_store::sync::DEVICE_TABLES.contains(&t.as_str()),
            "table {t} is neither replicated nor the device's own"
        );
    }
    let device = store.device_id();
    let written = store.all_operations().await.unwrap().len();
    assert!(written > 100);

    // Operations not yet pushed hold the reload back: they would be lost.
    match store.reset_replica().await {
        Err(StoreError::Unpushed(n)) => assert_eq!(n as usize, written),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(
        store.order_count().await.unwrap() > 0,
        "nothing was cleared"
    );

    // Once the server has them, the replicated data goes and the device stays.
    let acks: Vec<campo_store::outbox::Ack> = store
        .pending_operations(1_000_000)
        .await
        .unwrap()
        .iter()
        .map(|op| campo_store::outbox::Ack {
            seq: op.seq,
            outcome: "applied".into(),
            note: None,
        })
        .collect();
    store.acknowledge(&acks).await.unwrap();
    store.reset_replica().await.unwrap();
    for t in campo_store::sync::REPLICATED_TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {t}"))
            .fetch_one(&raw)
            .await
            .unwrap();
        assert_eq!(n, 0, "{t} still has rows");
    }
    assert_eq!(store.device_id(), device);
    assert_eq!(store.all_operations().await.unwrap().len(), written);
    assert_eq!(store.sync_cursor().await.unwrap(), 0);
    // The ledgers' append-only guards are back.
    let guards: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%append_only_delete'",
    )
    .fetch_one(&raw)
    .await
    .unwrap();
    assert_eq!(guards, 2);
}
