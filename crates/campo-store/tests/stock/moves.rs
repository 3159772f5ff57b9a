//! Movements: deliveries, checkouts, equipment used on an order and collected back, and the
//! bad ones refused by name with nothing half saved.

use super::*;

#[tokio::test]
async fn delivery_checkout_and_use_show_in_van_customer_and_serial_history() {
    let w = world().await;
    receive(&w, &["HWTC0001", "HWTC0002", "HWTC0003"]).await;
    cable_into_warehouse(&w, 1000).await;
    let mut lines = serials(&["hwtc0001", "HWTC0002", "HWTC0003"]);
    lines.push(LineInput::Bulk {
        item_id: w.cable,
        quantity: 300,
    });
    checkout(&w, lines).await.unwrap();

    let van = w
        .store
        .place_stock(van_id(w.tech), Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(van.place.name, "Van de Carlos Técnico");
    assert_eq!(quantity_of(&van.lines, w.onu), 3);
    assert_eq!(quantity_of(&van.lines, w.cable), 300);
    assert_eq!(van.units_total, 3);

    let order = order_en_route(&w).await;
    let tech = Actor { id: w.tech };
    let used = vec![
        LineInput::Serial("HWTC0001".into()),
        LineInput::Bulk {
            item_id: w.cable,
            quantity: 35,
        },
    ];
    w.store
        .stock_change(tech, async |wr| {
            wr.use_on_order(order, &used, Utc::now()).await
        })
        .await
        .unwrap();

    let van = w
        .store
        .place_stock(van_id(w.tech), Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(quantity_of(&van.lines, w.onu), 2);
    assert_eq!(quantity_of(&van.lines, w.cable), 265);
    let eq = w.store.order_equipment(order, Lang::PtBr).await.unwrap();
    assert!(eq.can_record);
    assert_eq!(
        eq.at_customer
            .iter()
            .map(|u| u.serial.as_str())
            .collect::<Vec<_>>(),
        ["HWTC0001"]
    );
    assert_eq!(eq.at_customer_bulk[0].quantity, 35);
    assert_eq!(eq.movements.len(), 2);
    assert!(
        eq.required.iter().all(|r| r.used >= r.required),
        "{:?}",
        eq.required
    );

    let history = w
        .store
        .serial("hwtc0001", Lang::PtBr)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(history.place_name, "Joana Ferreira");
    assert_eq!(history.place_kind, PlaceKind::Customer);
    assert_eq!(history.mac.as_deref(), Some("00:1A:2B:3C:4D:00"));
    let kinds: Vec<MoveKind> = history.history.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [MoveKind::Receipt, MoveKind::Checkout, MoveKind::Use]
    );
    assert_eq!(
        history.history[2].actor_name.as_deref(),
        Some("Carlos Técnico")
    );
    assert!(history.history[2].order_number.is_some());
    assert!(
        w.store
            .serial("NOPE0000", Lang::PtBr)
            .await
            .unwrap()
            .is_none()
    );

    // A swap: the unit comes back from the customer to the van.
    w.store
        .stock_change(tech, async |wr| {
            wr.collect_on_order(order, &serials(&["HWTC0001"]), Utc::now())
                .await
        })
        .await
        .unwrap();
    let van = w
        .store
        .place_stock(van_id(w.tech), Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(quantity_of(&van.lines, w.onu), 3);
    let eq = w.store.order_equipment(order, Lang::PtBr).await.unwrap();
    assert!(eq.at_customer.is_empty(), "{:?}", eq.at_customer);
    let history = w
        .store
        .serial("HWTC0001", Lang::PtBr)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(history.place_kind, PlaceKind::Van);
    assert_eq!(history.history.last().unwrap().kind, MoveKind::Collect);
    assert_eq!(w.store.verify_stock().await.unwrap(), Vec::<String>::new());
}

#[tokio::test]
async fn bad_movements_are_refused_by_name_and_nothing_is_half_saved() {
    let w = world().await;
    receive(&w, &["HWTC0001", "HWTC0002"]).await;
    cable_into_warehouse(&w, 100).await;
    let before = outbox_len(&w.store).await;
    let msg = |e: StoreError| e.message(Lang::PtBr);

    let repeated = checkout(&w, serials(&["HWTC0001", "HWTC0002", "hwtc0001"]))
        .await
        .unwrap_err();
    assert_eq!(msg(repeated), "Serial HWTC0001 repetido");
    let unknown = checkout(&w, serials(&["HWTC0001", "ZZZZ9999"]))
        .await
        .unwrap_err();
    assert_eq!(msg(unknown), "Serial desconhecido: ZZZZ9999");
    let too_much = checkout(
        &w,
        vec![LineInput::Bulk {
            item_id: w.cable,
            quantity: 150,
        }],
    )
    .await
    .unwrap_err();
    assert_eq!(
        msg(too_much),
        "Almoxarifado Central tem só 100 m de Cabo drop 1 FO; pedido: 150"
    );
    for q in [0, -5] {
        let e = checkout(
            &w,
            vec![LineInput::Bulk {
                item_id: w.cable,
                quantity: q,
            }],
        )
        .await
        .unwrap_err();
        assert_eq!(
            msg(e),
            "Quantidade inválida: informe um número maior que zero"
        );
    }
    let absurd = checkout(
        &w,
        vec![LineInput::Bulk {
            item_id: w.cable,
            quantity: 5_000_000,
        }],
    )
    .await
    .unwrap_err();
    assert!(msg(absurd).starts_with("Quantidade grande demais"));
    // Nothing of the refused batches was written: no operation, no balance change.
    assert_eq!(outbox_len(&w.store).await, before);
    let wh = w.store.place_stock(w.warehouse, Lang::PtBr).await.unwrap();
    assert_eq!(quantity_of(&wh.lines, w.onu), 2);

    checkout(&w, serials(&["HWTC0001"])).await.unwrap();
    // The same serial again: it is in the van now, not in the warehouse.
    let again = checkout(&w, serials(&["HWTC0001"])).await.unwrap_err();
    // Each reader reads the places in their language: the ledger keeps one name.
    assert_eq!(
        again.message(Lang::En),
        "Serial HWTC0001 is not at Almoxarifado Central: it is at Carlos Técnico's van"
    );
    assert_eq!(
        msg(again),
        "Serial HWTC0001 não está em Almoxarifado Central: está em Van de Carlos Técnico"
    );
    // A movement between places its kind does not allow.
    let wrong = move_stock(
        &w,
        MoveRequest {
            kind: MoveKind::Use,
            from: w.warehouse,
            to: van_id(w.tech),
            order_id: None,
            reason: None,
            lines: serials(&["HWTC0002"]),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        wrong.message(Lang::En),
        "Movement not allowed from Almoxarifado Central to Carlos Técnico's van"
    );
    assert!(msg(wrong).starts_with("Movimentação não permitida"));
    // Equipment is recorded on an order only while it is in the field.
    let mut wr = w.store.writer(w.keeper).await.unwrap();
    let queued = open_order(&mut wr, OrderKind::Installation, w.customer, w.plan).await;
    wr.commit().await.unwrap();
    let early = w
        .store
        .stock_change(w.keeper, async |wr| {
            wr.use_on_order(queued, &serials(&["HWTC0001"]), Utc::now())
                .await
        })
        .await
        .unwrap_err();
    assert!(msg(early).starts_with("Registre equipamentos com a ordem em deslocamento"));
}

#[tokio::test]
async fn delivery_files_report_bad_rows_and_apply_all_or_only_the_valid_ones() {
    let w = world().await;
    receive(&w, &["HWTC0001"]).await;
    let text = "sku;serial;mac\nONU-HG8145;HWTC0002;\nONU-XXX;HWTC0003;\nONU-HG8145;HWTC0001;\nDROP-1FO;CAB0001;\nONU-HG8145;HWTC0002;\nONU-HG8145;HWTC0004;zz\n";
    let file = stock::parse_delivery_csv(text, Lang::PtBr);
    assert_eq!(file.errors.len(), 2, "{:?}", file.errors); // repeated HWTC0002, bad MAC
    let before = outbox_len(&w.store).await;
    let all = w
        .store
        .stock_change(w.keeper, async |wr| {
            wr.receive_delivery(w.warehouse, &file.rows, false, Lang::PtBr, Utc::now())
                .await
        })
        .await
        .unwrap();
    assert_eq!(all.received, 0);
    let reasons: Vec<(u32, &str)> = all
        .refused
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (3, "Item desconhecido: ONU-XXX"),
            (4, "Serial HWTC0001 já está cadastrado"),
            (5, "DROP-1FO não tem serial: informe a quantidade"),
        ]
    );
    assert_eq!(
        outbox_len(&w.store).await,
        before,
        "all-or-nothing wrote nothing"
    );

    let valid = w
        .store
        .stock_change(w.keeper, async |wr| {
            wr.receive_delivery(w.warehouse, &file.rows, true, Lang::PtBr, Utc::now())
                .await
        })
        .await
        .unwrap();
    assert_eq!(valid.received, 1);
    assert_eq!(valid.refused.len(), 3);
    assert!(
        w.store
            .serial("HWTC0002", Lang::PtBr)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        w.store
            .serial("HWTC0003", Lang::PtBr)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn an_installation_needs_its_plans_equipment_or_a_reason() {
    let w = world().await;
    receive(&w, &["HWTC0001"]).await;
    checkout(&w, serials(&["HWTC0001"])).await.unwrap();
    let order = order_en_route(&w).await;
    let tech = Actor { id: w.tech };
    let go = |to, reason: Option<&str>| Transition {
        to,
        reason: reason.map(str::to_owned),
        schedule: None,
    };
    w.store
        .transition_order(tech, order, go(OrderStatus::InProgress, None))
        .await
        .unwrap();
    let refused = w
        .store
        .transition_order(tech, order, go(OrderStatus::Done, None))
        .await
        .unwrap_err();
    assert_eq!(
        refused.message(Lang::PtBr),
        "Faltam equipamentos obrigatórios do plano: Cabo drop 1 FO (20), ONU Huawei HG8145V5 (1). Registre o equipamento usado ou informe o motivo"
    );
    w.store
        .stock_change(tech, async |wr| {
            wr.use_on_order(order, &serials(&["HWTC0001"]), Utc::now())
                .await
        })
        .await
        .unwrap();
    let still = w
        .store
        .transition_order(tech, order, go(OrderStatus::Done, None))
        .await
        .unwrap_err();
    assert!(still.message(Lang::PtBr).contains("Cabo drop 1 FO (20)"));
    // With a reason the order can be finished, and the reason is in its history.
    w.store
        .transition_order(
            tech,
            order,
            go(OrderStatus::Done, Some("Cliente já tinha cabo passado")),
        )
        .await
        .unwrap();
}
