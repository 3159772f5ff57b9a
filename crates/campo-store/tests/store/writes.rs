//! Writes: each change in the outbox, refusals that save nothing, scheduling and visit edits.

use super::*;

#[tokio::test]
async fn every_change_lands_in_the_outbox_with_increasing_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let (store, actor, plan, customer) = small_store(&dir).await;
    let mut w = store.writer(actor).await.unwrap();
    let order = open_order(&mut w, OrderKind::Installation, customer, plan).await;
    w.commit().await.unwrap();
    store
        .transition_order(actor, order, campo_fixtures::go(OrderStatus::Approved))
        .await
        .unwrap();

    let ops = store.pending_operations(100).await.unwrap();
    let kinds: Vec<&str> = ops.iter().map(|o| o.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "person.create",
            "plan.create",
            "customer.create",
            "order.create",
            "order.transition"
        ]
    );
    let seqs: Vec<i64> = ops.iter().map(|o| o.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5], "gap-free per-device sequence");
    assert!(ops.windows(2).all(|p| p[0].hlc < p[1].hlc), "HLC increases");
    assert!(
        ops.iter()
            .all(|o| o.device_id == store.device_id() && o.schema_version == 1)
    );
    assert!(ops.iter().all(|o| o.op_id.get_version_num() == 7));
    let last = ops.last().unwrap();
    assert_eq!(last.entity_id, order);
    let payload: serde_json::Value = serde_json::from_str(&last.payload).unwrap();
    assert_eq!(payload["from"], "pending_analysis");
    assert_eq!(payload["to"], "approved");
}

#[tokio::test]
async fn a_refused_transition_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, actor, plan, customer) = small_store(&dir).await;
    let mut w = store.writer(actor).await.unwrap();
    let order = open_order(&mut w, OrderKind::Installation, customer, plan).await;
    w.commit().await.unwrap();
    let before = outbox_len(&store).await;

    let err = store
        .transition_order(actor, order, campo_fixtures::go(OrderStatus::Done))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Transition(_)));
    assert_eq!(
        err.to_string(),
        "Transição inválida: Em análise → Concluída"
    );
    let err = store
        .transition_order(
            actor,
            order,
            campo_fixtures::because(OrderStatus::Rejected, " "),
        )
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "Informe o motivo da reprovação");

    assert_eq!(outbox_len(&store).await, before);
    let detail = store.get_order(order).await.unwrap();
    assert_eq!(detail.order.status, OrderStatus::PendingAnalysis);
    assert_eq!(detail.history.len(), 1);
}

#[tokio::test]
async fn an_invalid_customer_is_refused_naming_the_field_and_nothing_is_half_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (store, actor, plan, _) = small_store(&dir).await;
    let before = outbox_len(&store).await;
    let mut w = store.writer(actor).await.unwrap();
    // A first valid write in the same transaction must not survive the failure.
    let mut ok = maria();
    ok.cpf = Some("390.533.447-05".into());
    let good = w.create_customer(&ok, Utc::now()).await.unwrap();
    open_order(&mut w, OrderKind::Repair, good, plan).await;
    let mut bad = maria();
    bad.cpf = Some("111.111.111-11".into());
    let err = w.create_customer(&bad, Utc::now()).await.unwrap_err();
    assert_eq!(err.to_string(), "CPF inválido: verifique os dígitos");
    drop(w);
    assert_eq!(outbox_len(&store).await, before);
    assert_eq!(store.order_count().await.unwrap(), 0);
}

#[tokio::test]
async fn scheduling_shows_the_technician_and_returning_to_the_queue_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, actor, plan, customer) = small_store(&dir).await;
    let mut w = store.writer(actor).await.unwrap();
    let tech = w
        .create_person(
            &NewPerson {
                name: "Josué Lins".into(),
                role: Role::Technician,
                phone: Some("(81) 99123-4567".into()),
            },
            Utc::now(),
        )
        .await
        .unwrap();
    let order = open_order(&mut w, OrderKind::Repair, customer, plan).await;
    w.schedule_order(
        order,
        anchor(),
        campo_domain::Period::Afternoon,
        tech,
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let d = store.get_order(order).await.unwrap();
    assert_eq!(d.order.technician_name.as_deref(), Some("Josué Lins"));
    assert_eq!(d.technician.unwrap().phone, "(81) 99123-4567");
    let by_tech = OrderFilter {
        technician_id: Some(tech.to_string()),
        ..OrderFilter::default()
    };
    assert_eq!(
        store
            .list_orders(
                &by_tech,
                PageRequest {
                    offset: 0,
                    limit: 10
                }
            )
            .await
            .unwrap()
            .total,
        1
    );

    store
        .transition_order(
            actor,
            order,
            campo_fixtures::because(OrderStatus::Approved, "Cliente pediu outra data"),
        )
        .await
        .unwrap();
    let d = store.get_order(order).await.unwrap();
    assert_eq!(
        (
            d.order.technician_name,
            d.order.scheduled_date,
            d.technician
        ),
        (None, None, None)
    );
    assert_eq!(
        d.history.last().unwrap().reason,
        Some(campo_domain::history::EventReason::Given {
            text: "Cliente pediu outra data".into()
        })
    );
}

#[tokio::test]
async fn a_visit_edit_records_only_what_changed_and_a_bad_value_saves_nothing() {
    use campo_domain::edit::OrderField;
    let dir = tempfile::tempdir().unwrap();
    let (store, actor, plan, customer) = small_store(&dir).await;
    let mut w = store.writer(actor).await.unwrap();
    let order = open_order(&mut w, OrderKind::Repair, customer, plan).await;
    w.commit().await.unwrap();
    let before = outbox_len(&store).await;

    // A bad phone beside good notes: refused by name, and the notes are not saved either.
    let mut w = store.writer(actor).await.unwrap();
    let err = w
        .edit_order(
            order,
            &[
                (OrderField::Notes, Some("Portão azul")),
                (OrderField::ContactPhone, Some("(00) 1234-5678")),
            ],
            Utc::now(),
        )
        .await
        .unwrap_err();
    drop(w);
    assert_eq!(err.to_string(), "Telefone inválido: DDD 00 não existe");
    assert_eq!(store.get_order(order).await.unwrap().notes, None);
    assert_eq!(outbox_len(&store).await, before);

    let mut w = store.writer(actor).await.unwrap();
    assert!(
        w.edit_order(
            order,
            &[
                (OrderField::Notes, Some(" Portão azul ")),
                (OrderField::ContactPhone, None),
            ],
            Utc::now(),
        )
        .await
        .unwrap()
    );
    w.commit().await.unwrap();
    let ops = store.pending_operations(1_000).await.unwrap();
    let last = ops.last().unwrap();
    assert_eq!(last.kind, "order.edit");
    // Only the notes changed (the phone was already empty), made on revision 0.
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&last.payload).unwrap()["changes"],
        serde_json::json!([{ "field": "notes", "value": "Portão azul", "base": 0 }])
    );
    assert_eq!(
        store.get_order(order).await.unwrap().notes.as_deref(),
        Some("Portão azul")
    );

    // Saving the same values again records nothing.
    let mut w = store.writer(actor).await.unwrap();
    assert!(
        !w.edit_order(
            order,
            &[(OrderField::Notes, Some("Portão azul"))],
            Utc::now()
        )
        .await
        .unwrap()
    );
    w.commit().await.unwrap();
    assert_eq!(outbox_len(&store).await, before + 1);
}
