//! A server database written by an earlier release opens in this one with its accounts and
//! sessions (the rebuild that lets a new role in keeps every row and reference), and its orders
//! learn their customer from the log.

use std::path::Path;

use campo_server::db::{ServerDb, db_file};
use sqlx::Connection;

/// The schema of the previous release.
const BEFORE: i64 = 20_261_202_000_008;

/// A database in `dir` with the migrations up to `before` only.
async fn older(dir: &Path, before: i64) -> sqlx::SqliteConnection {
    let migrations = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../migrations/server/sqlite"
    ));
    campo_fixtures::schema::older(migrations, &db_file(dir), before).await
}

#[tokio::test]
async fn accounts_and_their_sessions_survive_the_new_roles() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = older(dir.path(), BEFORE).await;
    sqlx::raw_sql(
        "INSERT INTO users (id, login, name, role, password_hash, created_at) VALUES ('u1', 'ana', 'Ana Prado', 'admin', 'x', '2026-12-01T10:00:00.000Z');
         INSERT INTO sessions (token_hash, user_id, device_id, created_at, expires_at) VALUES ('h1', 'u1', 'd1', '2026-12-01T10:00:00.000Z', '2026-12-31T10:00:00.000Z');",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let db = ServerDb::open_dir(dir.path())
        .await
        .expect("the older database opens");
    let kept: (String, String) = sqlx::query_as(
        "SELECT u.login, s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(kept, ("ana".into(), "h1".into()));
    campo_server::users::add_user(&db, "rosa", "Rosa Lima", "support", "senha-forte-123")
        .await
        .expect("the new role is accepted");
    let orphan = sqlx::query("UPDATE sessions SET user_id = 'nobody'")
        .execute(db.pool())
        .await;
    assert!(orphan.is_err(), "foreign keys still hold");
}

#[tokio::test]
async fn orders_of_an_older_database_learn_their_customer_from_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = older(dir.path(), 20_261_203_000_014).await;
    sqlx::raw_sql(
        r#"INSERT INTO orders (id, kind, status, technician_id) VALUES ('o1', 'repair', 'scheduled', 't1');
           INSERT INTO ops (op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version, received_at, audience)
           VALUES ('op1', 'd1', 1, '000000000000001-000000', 'u1', 'work_order', 'o1', 'order.create',
                   '{"id":"o1","number":7,"kind":"repair","customerId":"c1","planId":"p1","eventId":"e1","at":"2026-12-01T10:00:00Z"}',
                   1, '2026-12-01T10:00:00.000Z', 'office');"#,
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let db = ServerDb::open_dir(dir.path()).await.unwrap();
    let customer: Option<String> =
        sqlx::query_scalar("SELECT customer_id FROM orders WHERE id = 'o1'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(customer.as_deref(), Some("c1"));
}

#[tokio::test]
async fn an_older_database_learns_its_receivables_and_approvals_from_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = older(dir.path(), 20_261_203_000_016).await;
    let (customer, sale, order) = (
        "0190a0a0-0000-7000-8000-000000000001",
        "0190a0a0-0000-7000-8000-000000000002",
        "0190a0a0-0000-7000-8000-000000000003",
    );
    let receivable = |seq: i64, id: &str, status: &str, paid: &str| {
        format!(
            r#"INSERT INTO ops (op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version, received_at, audience)
               VALUES ('r{seq}', 'd1', {seq}, '00000000000000{seq}-000000', 'u1', 'receivable', '{id}', 'receivable.set',
                       '{{"id":"{id}","externalId":"R{seq}","customerId":"{customer}","dueOn":"2026-11-10","amountCents":9990,"status":"{status}"{paid}}}',
                       1, '2026-12-01T10:00:00.000Z', 'money');"#
        )
    };
    let mut script = format!(
        r#"INSERT INTO sales (id, seller_id, status, version, moved_by, order_id) VALUES ('{sale}', 's1', 'approved', 2, 'b1', '{order}');
           INSERT INTO ops (op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version, received_at, audience)
           VALUES ('op1', 'd1', 1, '000000000000001-000000', 'b1', 'sale', '{sale}', 'sale.review',
                   '{{"id":"{sale}","baseVersion":1,"approved":true,"customerId":"{customer}","orderId":"{order}","at":"2026-11-02T13:00:00Z"}}',
                   1, '2026-11-02T13:00:00.000Z', 'sale:s1');"#
    );
    let id = "0190a0a0-0000-7000-8000-000000000010";
    script.push_str(&receivable(2, id, "open", ""));
    script.push_str(&receivable(
        3,
        id,
        "paid",
        r#","paidOn":"2026-11-09","paidCents":9990"#,
    ));
    sqlx::raw_sql(&script).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();

    let db = ServerDb::open_dir(dir.path()).await.unwrap();
    let kept: (String, String, Option<String>) =
        sqlx::query_as("SELECT customer_id, status, paid_on FROM receivables WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(
        kept,
        (customer.into(), "paid".into(), Some("2026-11-09".into())),
        "as the latest import left it"
    );
    let approved: (Option<String>, Option<String>) =
        sqlx::query_as("SELECT customer_id, approved_at FROM sales WHERE id = $1")
            .bind(sale)
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(
        approved,
        (Some(customer.into()), Some("2026-11-02T13:00:00Z".into()))
    );
}

#[tokio::test]
async fn an_older_log_learns_which_records_its_operations_set_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = older(dir.path(), 20_261_204_000_020).await;
    let (customer, id) = (
        "0190a0a0-0000-7000-8000-000000000001",
        "0190a0a0-0000-7000-8000-000000000010",
    );
    let mut script = String::new();
    for (seq, status) in [(1, "open"), (2, "paid")] {
        script.push_str(&format!(
            r#"INSERT INTO ops (op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version, received_at, audience)
               VALUES ('r{seq}', 'd1', {seq}, '00000000000000{seq}-000000', 'u1', 'receivable', '{id}', 'receivable.set',
                       '{{"id":"{id}","externalId":"R1","customerId":"{customer}","dueOn":"2026-11-10","amountCents":9990,"status":"{status}"}}',
                       1, '2026-12-01T10:00:00.000Z', 'money');"#
        ));
    }
    // Not a record set whole: it gets none.
    script.push_str(
        r#"INSERT INTO ops (op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version, received_at, audience)
           VALUES ('op3', 'd1', 3, '000000000000003-000000', 'u1', 'work_order', 'o1', 'order.create',
                   '{"id":"o1","number":7,"kind":"repair","customerId":"c1","planId":"p1","eventId":"e1","at":"2026-12-01T10:00:00Z"}',
                   1, '2026-12-01T10:00:00.000Z', 'office');"#,
    );
    sqlx::raw_sql(&script).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();

    let db = ServerDb::open_dir(dir.path()).await.unwrap();
    let records: Vec<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT record_key, record_fixed FROM ops ORDER BY server_seq")
            .fetch_all(db.pool())
            .await
            .unwrap();
    let receivable = (
        Some(format!("receivable:{id}")),
        Some(format!("{customer}|R1|money")),
    );
    assert_eq!(records, vec![receivable.clone(), receivable, (None, None)]);
    // Once: the note of what was logged before is gone.
    assert_eq!(
        campo_server::rules::backfill_op_records(&db).await.unwrap(),
        0
    );
}
