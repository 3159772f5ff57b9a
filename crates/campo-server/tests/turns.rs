//! Turns of the ERP work between server instances over one database: one holder at a time,
//! renewed by its holder, free again when ended or when its time has run out (an instance
//! that stopped mid-turn), and then lost to whoever took it.

use std::time::Duration;

use campo_fixtures::server::database;
use campo_server::erp::turns::take;

#[tokio::test]
async fn one_instance_at_a_time_holds_a_turn_until_it_ends_or_runs_out() {
    let dir = tempfile::tempdir().unwrap();
    // SQLite here; PostgreSQL under scripts/with-postgres.
    let (db, _) = database(dir.path()).await;
    let hour = Duration::from_secs(3600);

    let a = take(&db, "writeback:ixc", "a", hour)
        .await
        .unwrap()
        .expect("free");
    assert!(
        take(&db, "writeback:ixc", "b", hour)
            .await
            .unwrap()
            .is_none()
    );
    // Another turn's name is another turn.
    assert!(take(&db, "read:ixc", "b", hour).await.unwrap().is_some());
    // Its holder renews it.
    assert!(a.renew(&db, hour).await.unwrap(), "renewed by its holder");
    a.end(&db).await.unwrap();
    let b = take(&db, "writeback:ixc", "b", hour)
        .await
        .unwrap()
        .expect("ended: free");
    // B's instance stops without ending it: while its time lasts the turn stays B's; once
    // it has run out, C takes it.
    drop(b);
    assert!(
        take(&db, "writeback:ixc", "c", hour)
            .await
            .unwrap()
            .is_none()
    );
    sqlx::query("UPDATE erp_turns SET until = '2026-01-01T00:00:00.000Z' WHERE holder = 'b'")
        .execute(db.pool())
        .await
        .unwrap();
    assert!(
        take(&db, "writeback:ixc", "c", hour)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        take(&db, "writeback:ixc", "a", hour)
            .await
            .unwrap()
            .is_none()
    );
}
