//! What a seller sees of their customers' payments: where each stands, never an amount.

use super::*;

#[tokio::test]
async fn a_seller_sees_where_their_customers_stand_with_payments_and_no_amount() {
    use campo_core::sales::sale_payments;
    use campo_domain::finance::Stage;
    use chrono::{Datelike, Days, Months};

    let server = start().await;
    let Sent {
        admin,
        seller,
        office,
        sale,
        folders,
        ..
    } = sent(&server).await;
    assert!(
        sale_payments(&seller).await.unwrap().is_empty(),
        "nothing approved yet"
    );
    let order = approve_sale(&office, sale.clone(), Some("OP-7".into()))
        .await
        .unwrap()
        .row
        .order_id
        .unwrap();
    sync_now(&office).await.unwrap();

    // The ERP's receivables of the customer, imported by the administration by CPF: one of
    // an earlier contract, overdue (not this sale's), one of this contract paid on its day,
    // and next month's, open.
    let today = admin.store().await.unwrap().today().await.unwrap();
    let br = |d: chrono::NaiveDate| format!("{:02}/{:02}/{}", d.day(), d.month(), d.year());
    let file = format!(
        "id;id_cliente;data_vencimento;valor;status;pagamento_data\n\
         R0;529.982.247-25;{};89,90;A;\n\
         R1;529.982.247-25;{};99,90;R;{}\n\
         R2;529.982.247-25;{};99,90;A;\n",
        br(today - Months::new(3)),
        br(today),
        br(today),
        br(today + Months::new(1)),
    );
    sync_now(&admin).await.unwrap();
    let content = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(file.as_bytes())
    };
    let preview = campo_core::import::choose_import_file(
        &admin,
        campo_import::ImportKind::Receivables,
        content,
    )
    .await
    .unwrap();
    let checked = campo_core::import::check_import(&admin, preview.mapping.clone())
        .await
        .unwrap();
    assert_eq!(checked.problem_count, 0, "{:?}", checked.problems);
    campo_core::import::run_import(&admin, preview.mapping)
        .await
        .unwrap();
    sync_now(&admin).await.unwrap();

    // Waiting for the installation: its status, no stage yet.
    let shown = sale_payments(&seller).await.unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].sale_id, sale);
    assert_eq!(shown[0].installation, Some(OrderStatus::Approved));
    assert_eq!(shown[0].stage, None);

    // Installed: the month paid on its day counts; the earlier contract's debt does not.
    let (_c, coordination) = joined(&server.url, "mariana").await;
    {
        let (store, actor) = coordination.acting().await.unwrap();
        let mut w = store.writer(actor).await.unwrap();
        w.schedule_order(
            Uuid::parse_str(&order).unwrap(),
            campo_fixtures::today(),
            Period::Afternoon,
            server.technician,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        w.commit().await.unwrap();
    }
    sync_now(&coordination).await.unwrap();
    let (_t, technician) = joined(&server.url, "josue").await;
    for to in [
        OrderStatus::EnRoute,
        OrderStatus::InProgress,
        OrderStatus::Done,
    ] {
        campo_core::orders::transition_order(&technician, order.clone(), to, None)
            .await
            .unwrap();
    }
    sync_now(&technician).await.unwrap();
    let shown = sale_payments(&seller).await.unwrap();
    assert_eq!(shown[0].installation, Some(OrderStatus::Done));
    assert_eq!(shown[0].stage, Some(Stage::OnTrack { paid: 1 }));
    // The seller's device never holds a receivable; a technician has no sales to be told of.
    let file = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        folders[1].path().join("server.db").display()
    ))
    .await
    .unwrap();
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM receivables")
        .fetch_one(&file)
        .await
        .unwrap();
    assert_eq!(held, 0);
    assert!(sale_payments(&technician).await.unwrap().is_empty());

    // Two months on, next month's is still open: late since its due date.
    let session = campo_server::users::Session {
        user_id: server.seller,
        role: campo_protocol::Role::Seller,
        device_id: Uuid::now_v7(),
    };
    let later = chrono::Utc::now() + Days::new(62);
    let told = campo_server::payments::of_seller(&server.db, &session, later)
        .await
        .unwrap();
    assert_eq!(
        told.sales[0].stage,
        Some(Stage::Late {
            since: today + Months::new(1)
        })
    );
    let text = serde_json::to_string(&told).unwrap();
    assert!(
        !text.contains("9990") && !text.contains("amount"),
        "no amount leaves the server: {text}"
    );
}
