//! A database written by an older Campo opens in this one with its data: migrations that
//! rebuild a table others refer to (a new role in `people`) keep every row and reference.

use std::path::Path;

use campo_store::Store;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

/// The schema before the sales (the last migration of the previous release).
const BEFORE: i64 = 20_261_202_000_026;

/// A Campo database at `path` at the schema `before`, open for the test's older rows.
async fn campo_at(path: &Path, before: i64) -> sqlx::SqliteConnection {
    let migrations = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations"));
    let mut conn = campo_fixtures::schema::older(migrations, path, before).await;
    sqlx::raw_sql(&format!(
        "PRAGMA application_id = {};",
        campo_store::open::APPLICATION_ID
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    conn
}

#[tokio::test]
async fn a_database_with_people_and_their_orders_upgrades_and_keeps_every_reference() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let mut conn = campo_at(&path, BEFORE).await;
    sqlx::raw_sql(
        "INSERT INTO people (id, name, role, created_at) VALUES ('t1', 'Josué Lins', 'technician', '2026-12-01T10:00:00.000Z');
         INSERT INTO plans (id, name, download_mbps, price_cents, has_iptv, premium, created_at) VALUES ('p1', 'Fibra 500 Mega', 500, 11990, 0, 0, '2026-12-01T10:00:00.000Z');
         INSERT INTO customers (id, name, phone1, cep, street, number, neighbourhood, city, uf, lat, lon, created_at)
             VALUES ('c1', 'Joana Ferreira', '81998765432', '51020010', 'Rua dos Navegantes', '1200', 'Boa Viagem', 'Recife', 'PE', -8.12, -34.9, '2026-12-01T10:00:00.000Z');
         INSERT INTO work_orders (id, number, kind, status, customer_id, plan_id, technician_id, technician_name, scheduled_date, period, customer_name, neighbourhood, search, created_at, updated_at)
             VALUES ('o1', 1, 'repair', 'scheduled', 'c1', 'p1', 't1', 'Josué Lins', '2026-12-03', 'morning', 'Joana Ferreira', 'Boa Viagem', 'joana', '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z');",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = Store::open(&path).await.expect("the older database opens");
    drop(store);
    let mut conn = SqliteConnectOptions::new()
        .filename(&path)
        .foreign_keys(true)
        .connect()
        .await
        .unwrap();
    let kept: (String, String) = sqlx::query_as(
        "SELECT p.name, o.technician_name FROM work_orders o JOIN people p ON p.id = o.technician_id",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(kept, ("Josué Lins".into(), "Josué Lins".into()));
    // The new role is accepted; references are still enforced.
    sqlx::query("INSERT INTO people (id, name, role, created_at) VALUES ('s1', 'Rosa Lima', 'support', '2026-12-02T10:00:00.000Z')")
        .execute(&mut conn)
        .await
        .unwrap();
    let orphan = sqlx::query("UPDATE work_orders SET technician_id = 'nobody' WHERE id = 'o1'")
        .execute(&mut conn)
        .await;
    assert!(orphan.is_err(), "foreign keys still hold");
}

/// Joined the server as `role` (the device's sync settings only; nothing is pulled).
fn joined_as(role: &str) -> campo_store::sync::SyncConfig {
    campo_store::sync::SyncConfig {
        server_url: "http://127.0.0.1:9".into(),
        token: "t".into(),
        user_id: uuid::Uuid::now_v7(),
        user_name: "Ana".into(),
        role: role.into(),
        login: Some("ana".into()),
        signed_out: false,
    }
}

async fn with_maria(path: &Path) -> Store {
    let store = Store::open(path).await.unwrap();
    let actor = campo_store::Actor {
        id: uuid::Uuid::now_v7(),
    };
    let mut w = store.writer(actor).await.unwrap();
    w.create_customer(&campo_fixtures::maria(), chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    store
}

#[tokio::test]
async fn a_device_whose_role_may_not_keep_personal_data_forgets_it() {
    // A coordinator's device that synced before the server held CPFs back (the release before
    // this one kept no record of having checked): it forgets them the next time it opens, and
    // keeps the customer.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let store = with_maria(&path).await;
    store
        .save_sale_draft(
            None,
            None,
            &campo_fixtures::forms::sale_form(uuid::Uuid::nil()),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store.join(&joined_as("backoffice")).await.unwrap();
    store.close().await;
    let options = SqliteConnectOptions::new().filename(&path);
    let mut c = options.connect().await.unwrap();
    sqlx::query("UPDATE sync_config SET role = 'coordinator', personal_data_checked_for = NULL")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.customers_with_personal_data().await.unwrap(), 0);
    assert!(
        store.sale_drafts().await.unwrap().is_empty(),
        "a draft typed under the earlier role holds a CPF"
    );
    assert_eq!(
        store
            .find_customers("Maria das Graças")
            .await
            .unwrap()
            .len(),
        1
    );
    store.close().await;

    // A device joined under such a role forgets at once what it held.
    let path = dir.path().join("joined.db");
    let store = with_maria(&path).await;
    assert_eq!(store.customers_with_personal_data().await.unwrap(), 1);
    store.join(&joined_as("technician")).await.unwrap();
    assert_eq!(store.customers_with_personal_data().await.unwrap(), 0);
    store.close().await;

    // The back office keeps them, across openings, until their person becomes a coordinator.
    let path = dir.path().join("office.db");
    let store = with_maria(&path).await;
    store.join(&joined_as("backoffice")).await.unwrap();
    store.close().await;
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.customers_with_personal_data().await.unwrap(), 1);
    store.change_role("coordinator").await.unwrap();
    assert_eq!(store.customers_with_personal_data().await.unwrap(), 0);

    // A device that joined no server (the demo) keeps what it has.
    let path = dir.path().join("demo.db");
    with_maria(&path).await.close().await;
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.customers_with_personal_data().await.unwrap(), 1);
}

#[tokio::test]
async fn words_an_older_device_kept_about_its_clashes_are_dropped_and_refusals_stay() {
    // Schema 40 kept the server's pt-BR sentence with an order's conflict and beside each
    // pushed change that clashed or was kept aside.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let mut conn = campo_at(&path, 20_261_204_000_040).await;
    let refusal = r#"{"code":"signature_missing"}"#;
    let op = |seq: i64, outcome: &str, note: &str| {
        format!(
            "INSERT INTO outbox (seq, op_id, device_id, hlc, actor_id, entity, entity_id, kind, payload, schema_version, created_at, pushed_at, push_outcome, push_note)
             VALUES ({seq}, '0193a000-0000-7000-8000-00000000000{seq}', '0193a000-0000-7000-8000-0000000000d1', '0000000000001-0000-d1', '0193a000-0000-7000-8000-0000000000a1', 'work_order', '0193a000-0000-7000-8000-0000000000b1', 'order.transition', '{{}}', 1, '2026-12-04T10:00:00.000Z', '2026-12-04T10:01:00.000Z', '{outcome}', '{note}');"
        )
    };
    sqlx::raw_sql(&format!(
        "INSERT INTO order_conflicts (id, order_id, message, server_status, created_at)
             VALUES ('k1', 'o1', 'Ordem Cancelada no servidor', 'cancelled', '2026-12-04T10:01:00.000Z');
         {}{}{}",
        op(1, "conflict", "Ordem Cancelada no servidor"),
        op(2, "quarantined", "A operação fica guardada"),
        op(3, "rejected", refusal),
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = Store::open(&path).await.expect("the older database opens");
    let notes: Vec<(Option<String>, Option<String>)> = store
        .all_operations()
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.push_outcome, o.push_note))
        .collect();
    assert_eq!(
        notes,
        [
            (Some("conflict".into()), None),
            (Some("quarantined".into()), None),
            (Some("rejected".into()), Some(refusal.into())),
        ]
    );
    // The conflict itself stays open, without the sentence.
    assert_eq!(store.open_conflicts().await.unwrap(), 1);
}

#[tokio::test]
async fn the_reasons_an_older_campo_wrote_in_pt_br_become_codes_and_a_persons_words_stay() {
    // Schema 41 kept Campo's own reasons in an order's history as pt-BR sentences.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let mut conn = campo_at(&path, 20_261_205_000_041).await;
    sqlx::raw_sql(
        "INSERT INTO people (id, name, role, created_at) VALUES ('t1', 'Josué Lins', 'technician', '2026-12-01T10:00:00.000Z');
         INSERT INTO plans (id, name, download_mbps, price_cents, has_iptv, premium, created_at) VALUES ('p1', 'Fibra 500 Mega', 500, 11990, 0, 0, '2026-12-01T10:00:00.000Z');
         INSERT INTO customers (id, name, phone1, cep, street, number, neighbourhood, city, uf, lat, lon, created_at)
             VALUES ('c1', 'Joana Ferreira', '81998765432', '51020010', 'Rua dos Navegantes', '1200', 'Boa Viagem', 'Recife', 'PE', -8.12, -34.9, '2026-12-01T10:00:00.000Z');
         INSERT INTO work_orders (id, number, kind, status, customer_id, plan_id, customer_name, neighbourhood, search, created_at, updated_at)
             VALUES ('0193a000-0000-7000-8000-0000000000b1', 1, 'repair', 'approved', 'c1', 'p1', 'Joana Ferreira', 'Boa Viagem', 'joana', '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z');
         INSERT INTO order_events (id, order_id, at, actor_id, from_status, to_status, reason) VALUES
             ('e1', '0193a000-0000-7000-8000-0000000000b1', '2026-12-01T10:00:00.000Z', 't1', NULL, 'approved', NULL),
             ('e2', '0193a000-0000-7000-8000-0000000000b1', '2026-12-01T11:00:00.000Z', 't1', 'approved', 'scheduled', NULL),
             ('e3', '0193a000-0000-7000-8000-0000000000b1', '2026-12-01T12:00:00.000Z', 't1', 'scheduled', 'scheduled', 'Replanejamento de rotas'),
             ('e4', '0193a000-0000-7000-8000-0000000000b1', '2026-12-01T13:00:00.000Z', 't1', 'scheduled', 'cancelled', 'Conflito resolvido pela coordenação: cliente desistiu'),
             ('e5', '0193a000-0000-7000-8000-0000000000b1', '2026-12-01T14:00:00.000Z', 't1', 'cancelled', 'approved', 'Replanejamento de rotas amanhã');",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = Store::open(&path).await.expect("the older database opens");
    let order = uuid::Uuid::parse_str("0193a000-0000-7000-8000-0000000000b1").unwrap();
    let read: Vec<Option<String>> = store
        .get_order(order)
        .await
        .unwrap()
        .history
        .iter()
        .map(|e| {
            e.reason
                .as_ref()
                .map(|r| campo_domain::Localized::message(r, campo_domain::Lang::En))
        })
        .collect();
    assert_eq!(
        read,
        [
            None,
            None,
            Some("Routes re-planned".into()),
            Some("Conflict decided by the coordination: cliente desistiu".into()),
            Some("Replanejamento de rotas amanhã".into()),
        ]
    );
    drop(store);
    let mut conn = SqliteConnectOptions::new()
        .filename(&path)
        .connect()
        .await
        .unwrap();
    let kept: Vec<Option<String>> =
        sqlx::query_scalar("SELECT reason FROM order_events ORDER BY at")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(
        kept,
        [
            None,
            None,
            Some("campo:replanned".into()),
            Some("campo:conflict_decided:cliente desistiu".into()),
            Some("Replanejamento de rotas amanhã".into()),
        ]
    );
}

#[tokio::test]
async fn a_ledger_kept_before_units_followed_the_servers_order_keeps_its_own() {
    // Schema 42 did not remember where its own movements came in the server's order: a unit
    // the technician installed (his own line) and the office later collected back to his van
    // (pulled) is in the van, as the ledger's order says.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let mut conn = campo_at(&path, 20_261_205_000_042).await;
    let at = "2026-12-04T10:00:00.000Z";
    let line = |seq: i64, kind: &str, from: &str, to: &str| {
        format!(
            "INSERT INTO stock_movements (seq, id, batch_id, kind, item_id, serial, quantity, from_place, to_place, actor_id, at)
             VALUES ({seq}, 'm{seq}', 'b{seq}', '{kind}', 'i1', 'HWTC0001', 1, '{from}', '{to}', 'a1', '{at}');"
        )
    };
    sqlx::raw_sql(&format!(
        "INSERT INTO stock_items (id, sku, name, unit, tracking, created_at) VALUES ('i1', 'ONU-HG8145', 'ONU Huawei HG8145V5', 'un', 'serialised', '{at}');
         INSERT INTO stock_places (id, kind, name, ref_id, created_at) VALUES
             ('sup', 'supplier', 'Fornecedor', NULL, '{at}'), ('wh', 'warehouse', 'Almoxarifado Central', NULL, '{at}'),
             ('van', 'van', 'Van de Josué Lins', 't1', '{at}'), ('cus', 'customer', 'Joana Ferreira', 'c1', '{at}');
         {}{}{}{}
         INSERT INTO stock_remote_lines (movement_id, server_seq) VALUES ('m1', 5), ('m2', 10), ('m4', 30);
         INSERT INTO stock_units (serial, item_id, place_id, since) VALUES ('HWTC0001', 'i1', 'van', '{at}');
         INSERT INTO stock_balances (place_id, item_id, quantity) VALUES ('sup', 'i1', -1), ('van', 'i1', 1);",
        line(1, "receipt", "sup", "wh"),
        line(2, "checkout", "wh", "van"),
        line(3, "use", "van", "cus"),
        line(4, "collect", "cus", "van"),
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = Store::open(&path).await.expect("the older database opens");
    assert_eq!(store.verify_stock().await.unwrap(), Vec::<String>::new());
    let unit = store
        .serial("HWTC0001", campo_domain::Lang::PtBr)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unit.place_name, "Van de Josué Lins");
}
