//! A seller's view of their customers' payments (`payments::of_seller`): the five-month
//! follow-up counts from the installation's day, not from the approval, so a receivable due
//! in between (an earlier contract's, a pro-rata the ERP billed before the visit) does not
//! make a new customer late.

use campo_domain::OrderStatus;
use campo_domain::finance::Stage;
use campo_server::db::ServerDb;
use campo_server::payments::of_seller;
use campo_server::users::Session;
use chrono::{DateTime, Utc};
use uuid::Uuid;

#[tokio::test]
async fn the_follow_up_counts_from_the_installation_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = ServerDb::open_dir(dir.path()).await.unwrap();
    let seller = Uuid::now_v7();
    let (customer, sale, order) = (
        "0190a0a0-0000-7000-8000-000000000001",
        "0190a0a0-0000-7000-8000-000000000002",
        "0190a0a0-0000-7000-8000-000000000003",
    );
    // Approved on 2 September, installed on 1 October; a title due on 10 September stays
    // open, October's and November's are paid on their day.
    sqlx::raw_sql(&format!(
        r#"INSERT INTO sales (id, seller_id, status, version, moved_by, order_id, customer_id, approved_at)
               VALUES ('{sale}', '{seller}', 'approved', 2, 'b1', '{order}', '{customer}', '2026-09-02T13:00:00Z');
           INSERT INTO orders (id, kind, status, scheduled_date, period, customer_id)
               VALUES ('{order}', 'installation', 'scheduled', '2026-10-01', 'morning', '{customer}');
           INSERT INTO receivables (id, customer_id, due_on, amount_cents, status, paid_on, paid_cents) VALUES
               ('r1', '{customer}', '2026-09-10', 4990, 'open', NULL, 0),
               ('r2', '{customer}', '2026-10-10', 9990, 'paid', '2026-10-09', 9990),
               ('r3', '{customer}', '2026-11-10', 9990, 'paid', '2026-11-10', 9990);"#
    ))
    .execute(db.pool())
    .await
    .unwrap();
    let session = Session {
        user_id: seller,
        role: campo_protocol::Role::Seller,
        device_id: Uuid::now_v7(),
    };
    let now: DateTime<Utc> = "2026-11-20T15:00:00Z".parse().unwrap();

    // Scheduled, not done: the status, no stage.
    let shown = of_seller(&db, &session, now).await.unwrap().sales;
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].installation, Some(OrderStatus::Scheduled));
    assert_eq!(shown[0].stage, None);

    // Done: two months paid on time since the visit; September's title is not theirs to owe.
    sqlx::query("UPDATE orders SET status = 'done' WHERE id = $1")
        .bind(order)
        .execute(db.pool())
        .await
        .unwrap();
    let shown = of_seller(&db, &session, now).await.unwrap().sales;
    assert_eq!(shown[0].installation, Some(OrderStatus::Done));
    assert_eq!(shown[0].stage, Some(Stage::OnTrack { paid: 2 }));

    // Another seller is told nothing of this sale.
    let other = Session {
        user_id: Uuid::now_v7(),
        ..session
    };
    assert!(of_seller(&db, &other, now).await.unwrap().sales.is_empty());
}
