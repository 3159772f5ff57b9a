//! The stock ledger on a real (temporary) database: deliveries, checkouts, equipment used on
//! an order, counts, discrepancies, and the server's movements applied without loss.

use campo_domain::stock::{self, MoveKind, PlaceKind, van_id};
use campo_domain::{Lang, Localized, OrderKind, OrderStatus, Period, Transition};
use campo_fixtures::customer;
use campo_store::stock::{CountInput, LineInput, MoveRequest, NewItem, fixed_place};
use campo_store::sync::RemoteOp;
use campo_store::write::{NewOrder, NewPerson, Role};
use campo_store::{Actor, Store, StoreError};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    keeper: Actor,
    tech: Uuid,
    warehouse: Uuid,
    onu: Uuid,
    cable: Uuid,
    plan: Uuid,
    customer: Uuid,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("campo.db")).await.unwrap();
    let keeper = Uuid::now_v7();
    let now = Utc::now();
    let mut w = store.writer(Actor { id: keeper }).await.unwrap();
    let person = |name: &str, role| NewPerson {
        name: name.into(),
        role,
        phone: None,
    };
    w.create_person_with_id(keeper, &person("Rita Almoxarife", Role::StockKeeper), now)
        .await
        .unwrap();
    let tech = w
        .create_person(&person("Carlos Técnico", Role::Technician), now)
        .await
        .unwrap();
    let warehouse = w
        .create_warehouse("Almoxarifado Central", now)
        .await
        .unwrap();
    let onu = w
        .create_stock_item(
            &NewItem {
                // Typed in lower case: the catalogue keeps SKUs in upper case.
                sku: "onu-hg8145".into(),
                ..campo_fixtures::onu()
            },
            now,
        )
        .await
        .unwrap();
    let cable = w
        .create_stock_item(&campo_fixtures::drop_cable(), now)
        .await
        .unwrap();
    let plan = w.create_plan(&campo_fixtures::plan(), now).await.unwrap();
    w.set_plan_equipment(plan, &[(onu, 1), (cable, 20)])
        .await
        .unwrap();
    let customer = w.create_customer(&customer(), now).await.unwrap();
    w.commit().await.unwrap();
    World {
        _dir: dir,
        store,
        keeper: Actor { id: keeper },
        tech,
        warehouse,
        onu,
        cable,
        plan,
        customer,
    }
}

async fn pending(store: &Store) -> usize {
    store.pending_operations(1_000_000).await.unwrap().len()
}

fn csv(serials: &[&str]) -> String {
    let mut s = String::from("sku;serial;mac\n");
    for (i, serial) in serials.iter().enumerate() {
        s.push_str(&format!("ONU-HG8145;{serial};00:1A:2B:3C:4D:{i:02X}\n"));
    }
    s
}

async fn receive(w: &World, serials: &[&str]) {
    let file = stock::parse_delivery_csv(&csv(serials), Lang::PtBr);
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    let out = w
        .store
        .stock_change(w.keeper, async |wr| {
            wr.receive_delivery(w.warehouse, &file.rows, false, Lang::PtBr, Utc::now())
                .await
        })
        .await
        .unwrap();
    assert_eq!(out.received, serials.len());
}

async fn move_stock(w: &World, req: MoveRequest) -> Result<Uuid, StoreError> {
    w.store
        .stock_change(w.keeper, async |wr| wr.move_stock(&req, Utc::now()).await)
        .await
}

fn serials(list: &[&str]) -> Vec<LineInput> {
    list.iter()
        .map(|s| LineInput::Serial((*s).into()))
        .collect()
}

async fn checkout(w: &World, lines: Vec<LineInput>) -> Result<Uuid, StoreError> {
    move_stock(
        w,
        MoveRequest {
            kind: MoveKind::Checkout,
            from: w.warehouse,
            to: van_id(w.tech),
            order_id: None,
            reason: None,
            lines,
        },
    )
    .await
}

async fn cable_into_warehouse(w: &World, metres: i64) {
    move_stock(
        w,
        MoveRequest {
            kind: MoveKind::Adjust,
            from: fixed_place(PlaceKind::Adjustment).id,
            to: w.warehouse,
            order_id: None,
            reason: Some("Saldo inicial".into()),
            lines: vec![LineInput::Bulk {
                item_id: w.cable,
                quantity: metres,
            }],
        },
    )
    .await
    .unwrap();
}

/// An installation of the world's plan, scheduled for the technician and en route.
async fn order_en_route(w: &World) -> Uuid {
    let mut wr = w.store.writer(w.keeper).await.unwrap();
    let now = Utc::now();
    let order = wr
        .create_order(
            &NewOrder::new(OrderKind::Installation, w.customer, w.plan),
            now,
        )
        .await
        .unwrap();
    let to = |to| Transition {
        to,
        reason: None,
        schedule: None,
    };
    wr.transition_order(order, &to(OrderStatus::Approved), now)
        .await
        .unwrap();
    wr.schedule_order(
        order,
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        Period::Morning,
        w.tech,
        now,
    )
    .await
    .unwrap();
    wr.transition_order(order, &to(OrderStatus::EnRoute), now)
        .await
        .unwrap();
    wr.commit().await.unwrap();
    order
}

fn quantity_of(lines: &[campo_store::stock_query::BalanceLine], item: Uuid) -> i64 {
    lines
        .iter()
        .find(|l| l.item_id == item.to_string())
        .map_or(0, |l| l.quantity)
}

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

    let van = w.store.place_stock(van_id(w.tech)).await.unwrap();
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

    let van = w.store.place_stock(van_id(w.tech)).await.unwrap();
    assert_eq!(quantity_of(&van.lines, w.onu), 2);
    assert_eq!(quantity_of(&van.lines, w.cable), 265);
    let eq = w.store.order_equipment(order).await.unwrap();
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

    let history = w.store.serial("hwtc0001").await.unwrap().unwrap();
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
    assert!(w.store.serial("NOPE0000").await.unwrap().is_none());
    assert_eq!(w.store.verify_stock().await.unwrap(), Vec::<String>::new());
}

#[tokio::test]
async fn bad_movements_are_refused_by_name_and_nothing_is_half_saved() {
    let w = world().await;
    receive(&w, &["HWTC0001", "HWTC0002"]).await;
    cable_into_warehouse(&w, 100).await;
    let before = pending(&w.store).await;
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
    assert_eq!(pending(&w.store).await, before);
    let wh = w.store.place_stock(w.warehouse).await.unwrap();
    assert_eq!(quantity_of(&wh.lines, w.onu), 2);

    checkout(&w, serials(&["HWTC0001"])).await.unwrap();
    // The same serial again: it is in the van now, not in the warehouse.
    let again = checkout(&w, serials(&["HWTC0001"])).await.unwrap_err();
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
    assert!(msg(wrong).starts_with("Movimentação não permitida"));
    // Equipment is recorded on an order only while it is in the field.
    let mut wr = w.store.writer(w.keeper).await.unwrap();
    let queued = wr
        .create_order(
            &NewOrder::new(OrderKind::Installation, w.customer, w.plan),
            Utc::now(),
        )
        .await
        .unwrap();
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
    let before = pending(&w.store).await;
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
        pending(&w.store).await,
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
    assert!(w.store.serial("HWTC0002").await.unwrap().is_some());
    assert!(w.store.serial("HWTC0003").await.unwrap().is_none());
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

#[tokio::test]
async fn the_indicators_count_equipment_per_installation_and_losses() {
    use campo_store::indicators::IndicatorFilter;
    let w = world().await;
    receive(&w, &["HWTC0001", "HWTC0002"]).await;
    cable_into_warehouse(&w, 100).await;
    let mut lines = serials(&["HWTC0001", "HWTC0002"]);
    lines.push(LineInput::Bulk {
        item_id: w.cable,
        quantity: 60,
    });
    checkout(&w, lines).await.unwrap();
    let order = order_en_route(&w).await;
    let tech = Actor { id: w.tech };
    let mut used = serials(&["HWTC0001"]);
    used.push(LineInput::Bulk {
        item_id: w.cable,
        quantity: 30,
    });
    w.store
        .stock_change(tech, async |wr| {
            wr.use_on_order(order, &used, Utc::now()).await
        })
        .await
        .unwrap();
    for to in [OrderStatus::InProgress, OrderStatus::Done] {
        let step = Transition {
            to,
            reason: None,
            schedule: None,
        };
        w.store.transition_order(tech, order, step).await.unwrap();
    }
    // The other ONU is lost from the van on the 25th.
    let lost_at = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z")
        .unwrap()
        .to_utc();
    let loss = MoveRequest {
        kind: MoveKind::Adjust,
        from: van_id(w.tech),
        to: fixed_place(PlaceKind::Loss).id,
        order_id: None,
        reason: Some("Extraviado".into()),
        lines: serials(&["HWTC0002"]),
    };
    w.store
        .stock_change(w.keeper, async |wr| wr.move_stock(&loss, lost_at).await)
        .await
        .unwrap();

    let period = IndicatorFilter::period("2026-11-20", "2026-11-30");
    let s = w.store.stock_indicators(&period, Lang::PtBr).await.unwrap();
    assert_eq!(s.installations, 1);
    let item = |id: Uuid| {
        s.items
            .iter()
            .find(|i| i.item_id == id.to_string())
            .unwrap()
    };
    let onu = item(w.onu);
    assert_eq!((onu.used_in_installations, onu.lost), (1, 1));
    assert_eq!(onu.per_installation, Some(1.0));
    assert_eq!(item(w.cable).per_installation, Some(30.0));
    let csv = s.to_csv(Lang::PtBr);
    assert!(
        csv.contains("ONU-HG8145;ONU Huawei HG8145V5;un;1;1;1,0;0;1;0\n"),
        "{csv}"
    );
    let detail = w
        .store
        .stock_item_detail(&period, &w.onu.to_string(), Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(detail.uses[0].order_id, order.to_string());
    assert!(detail.uses[0].installation);
    assert_eq!(detail.losses[0].serial.as_deref(), Some("HWTC0002"));
    assert_eq!(detail.losses[0].reason.as_deref(), Some("Extraviado"));

    // Another technician's: nothing used, nothing lost from their van, no per-installation.
    let other = IndicatorFilter {
        technician_id: Some(Uuid::now_v7().to_string()),
        ..period.clone()
    };
    let s = w.store.stock_indicators(&other, Lang::PtBr).await.unwrap();
    assert_eq!(s.installations, 0);
    assert!(s.items.is_empty(), "{:?}", s.items);
    // The installation's day alone: its use, not the loss.
    let before = IndicatorFilter::period("2026-11-24", "2026-11-24");
    let s = w.store.stock_indicators(&before, Lang::PtBr).await.unwrap();
    let onu = s
        .items
        .iter()
        .find(|i| i.item_id == w.onu.to_string())
        .unwrap();
    assert_eq!((onu.used_in_installations, onu.lost), (1, 0));

    // By municipality: the installation was in Recife, none in Cuiabá (losses are the van's,
    // wherever it went).
    let in_city = |ibge: u32| IndicatorFilter {
        municipality: Some(ibge),
        ..period.clone()
    };
    let recife = w
        .store
        .stock_indicators(&in_city(2_611_606), Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(recife.installations, 1);
    let cuiaba = w
        .store
        .stock_indicators(&in_city(5_103_403), Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(cuiaba.installations, 0);
    assert!(
        cuiaba
            .items
            .iter()
            .all(|i| i.used_in_installations == 0 && i.used_elsewhere == 0),
        "{:?}",
        cuiaba.items
    );
}

#[tokio::test]
async fn a_count_records_differences_as_adjustments_and_discrepancies() {
    let w = world().await;
    receive(&w, &["HWTC0001", "HWTC0002", "HWTC0003"]).await;
    cable_into_warehouse(&w, 500).await;
    let mut lines = serials(&["HWTC0001", "HWTC0002"]);
    lines.push(LineInput::Bulk {
        item_id: w.cable,
        quantity: 200,
    });
    checkout(&w, lines).await.unwrap();
    // In the van: HWTC0002 and HWTC0003 (which the ledger has in the warehouse), 180 m.
    let input = CountInput {
        serials: vec!["HWTC0002".into(), "HWTC0003".into()],
        bulk: vec![(w.cable, 180)],
        reason: "Contagem semanal".into(),
    };
    let out = w
        .store
        .stock_change(w.keeper, async |wr| {
            wr.record_count(van_id(w.tech), &input, Utc::now()).await
        })
        .await
        .unwrap();
    assert_eq!(out.serials_missing, ["HWTC0001"]);
    assert_eq!(out.serials_found, ["HWTC0003"]);
    assert_eq!(out.bulk, [(w.cable, -20)]);
    let van = w.store.place_stock(van_id(w.tech)).await.unwrap();
    assert_eq!(quantity_of(&van.lines, w.cable), 180);
    assert_eq!(quantity_of(&van.lines, w.onu), 2);
    let open = w.store.discrepancies(false, Lang::PtBr).await.unwrap();
    let mut messages: Vec<&str> = open.iter().map(|d| d.message.as_str()).collect();
    messages.sort();
    assert_eq!(
        messages,
        [
            "Contagem: HWTC0001 não encontrado em Van de Carlos Técnico",
            "Contagem: HWTC0003 encontrado em Van de Carlos Técnico, registrado em outro lugar",
            "Contagem: faltam 20 m de Cabo drop 1 FO em Van de Carlos Técnico",
        ]
    );
    let id = Uuid::parse_str(&open[0].id).unwrap();
    let blank = w
        .store
        .stock_change(w.keeper, async |wr| {
            wr.resolve_discrepancy(id, "  ", Utc::now()).await
        })
        .await
        .unwrap_err();
    assert_eq!(blank.message(Lang::PtBr), "Informe o motivo");
    w.store
        .stock_change(w.keeper, async |wr| {
            wr.resolve_discrepancy(id, "Conferido com o técnico", Utc::now())
                .await
        })
        .await
        .unwrap();
    assert_eq!(
        w.store
            .discrepancies(false, Lang::PtBr)
            .await
            .unwrap()
            .len(),
        2
    );
    let all = w.store.discrepancies(true, Lang::PtBr).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        all[2].resolution.as_deref(),
        Some("Conferido com o técnico")
    );
    assert_eq!(w.store.verify_stock().await.unwrap(), Vec::<String>::new());
}

#[tokio::test]
async fn a_servers_movement_that_breaks_a_rule_is_recorded_and_raises_a_discrepancy() {
    let w = world().await;
    receive(&w, &["HWTC0001"]).await;
    checkout(&w, serials(&["HWTC0001"])).await.unwrap();
    // Another device, not yet knowing of the checkout, moved the same unit from the
    // warehouse to the defective shelf.
    let body = campo_protocol::ops::StockMoved {
        batch_id: Uuid::now_v7(),
        kind: "defective".into(),
        from: campo_protocol::ops::StockPlaceRef {
            id: w.warehouse,
            kind: "warehouse".into(),
            name: "Almoxarifado Central".into(),
            ref_id: None,
        },
        to: fixed_place(PlaceKind::Defective),
        order_id: None,
        reason: Some("Não liga".into()),
        count: false,
        lines: vec![campo_protocol::ops::StockLine {
            id: Uuid::now_v7(),
            item_id: w.onu,
            serial: Some("HWTC0001".into()),
            mac: None,
            quantity: 1,
        }],
        at: "2026-11-23T12:00:00.000Z".into(),
    };
    let op = RemoteOp {
        server_seq: 1,
        actor_id: w.keeper.id,
        device_id: Uuid::now_v7(),
        op_id: Uuid::now_v7(),
        kind: "stock.move".into(),
        payload: serde_json::to_string(&body).unwrap(),
    };
    w.store
        .apply_remote(std::slice::from_ref(&op), 1)
        .await
        .unwrap();
    // Applying the same page again changes nothing.
    w.store.apply_remote(&[op], 1).await.unwrap();
    let unit = w.store.serial("HWTC0001").await.unwrap().unwrap();
    assert_eq!(unit.place_name, "Defeituosos / RMA");
    assert_eq!(unit.history.len(), 3);
    let open = w.store.discrepancies(false, Lang::PtBr).await.unwrap();
    let messages: Vec<&str> = open.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(
            &"HWTC0001 foi movido de Almoxarifado Central para Defeituosos / RMA, mas estava em Van de Carlos Técnico"
        ),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"Saldo negativo de ONU Huawei HG8145V5 em Almoxarifado Central: -1 un"),
        "{messages:?}"
    );
    assert_eq!(open.len(), 2);
    assert_eq!(w.store.verify_stock().await.unwrap(), Vec::<String>::new());
}

#[tokio::test]
async fn the_ledger_is_append_only_and_low_stock_and_exports_follow_it() {
    let w = world().await;
    receive(&w, &["HWTC0001", "HWTC0002"]).await;
    w.store
        .stock_change(w.keeper, async |wr| {
            wr.set_stock_minimum(van_id(w.tech), w.onu, 2, Utc::now())
                .await
        })
        .await
        .unwrap();
    let low = w.store.low_stock().await.unwrap();
    assert_eq!(low.len(), 1);
    assert_eq!((low[0].quantity, low[0].minimum), (0, 2));
    checkout(&w, serials(&["HWTC0001", "HWTC0002"]))
        .await
        .unwrap();
    assert!(w.store.low_stock().await.unwrap().is_empty());
    let overview = w.store.stock_overview().await.unwrap();
    let van = overview
        .places
        .iter()
        .find(|p| p.kind == PlaceKind::Van)
        .unwrap();
    assert_eq!((van.units, van.low_count), (2, 0));

    let balances = w.store.export_balances_csv().await.unwrap();
    assert!(
        balances.contains("Van de Carlos Técnico;van;ONU-HG8145;ONU Huawei HG8145V5;un;2\n"),
        "{balances}"
    );
    let moves = w.store.export_movements_csv().await.unwrap();
    assert_eq!(moves.lines().count(), 1 + 4);

    let path = w.store.path().unwrap().to_owned();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    for sql in [
        "UPDATE stock_movements SET quantity = 2",
        "DELETE FROM stock_movements",
    ] {
        let e = sqlx::query(sql).execute(&pool).await.unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
    }
}
