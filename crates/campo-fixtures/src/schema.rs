//! A database as an earlier release left it: the migrations up to a version only, for the
//! upgrade tests of the app's store and of the server.

use std::borrow::Cow;
use std::path::Path;

use sqlx::ConnectOptions;
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;

/// A SQLite database at `file` with the migrations of `migrations` (a folder) up to `before`
/// only, open with foreign keys on: the test writes its older rows, closes it, and lets the
/// current code open it.
pub async fn older(migrations: &Path, file: &Path, before: i64) -> sqlx::SqliteConnection {
    let all = Migrator::new(migrations)
        .await
        .expect("the migrations folder reads");
    let older = Migrator {
        migrations: Cow::Owned(
            all.iter()
                .filter(|m| m.version <= before)
                .cloned()
                .collect(),
        ),
        ..all
    };
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true)
        .foreign_keys(true)
        .connect()
        .await
        .expect("the database opens");
    older
        .run_direct(&mut conn)
        .await
        .expect("the older migrations run");
    conn
}
