//! The ledger read back: indicators per installation, counts and their differences, a
//! server's movement that breaks a rule, and an append-only ledger with its exports.

use super::*;

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
    let s = w.store.stock_indicators(&period).await.unwrap();
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
        .stock_item_detail(&period, &w.onu.to_string(), Lang::En)
        .await
        .unwrap();
    assert_eq!(detail.uses[0].order_id, order.to_string());
    assert!(detail.uses[0].installation);
    assert_eq!(detail.losses[0].serial.as_deref(), Some("HWTC0002"));
    assert_eq!(detail.losses[0].reason.as_deref(), Some("Extraviado"));
    // Where it was lost from, in the reader's language (the reason is the person's words).
    assert_eq!(detail.losses[0].from_place, "Carlos Técnico's van");

    // Another technician's: nothing used, nothing lost from their van, no per-installation.
    let other = IndicatorFilter {
        technician_id: Some(Uuid::now_v7().to_string()),
        ..period.clone()
    };
    let s = w.store.stock_indicators(&other).await.unwrap();
    assert_eq!(s.installations, 0);
    assert!(s.items.is_empty(), "{:?}", s.items);
    // The installation's day alone: its use, not the loss.
    let before = IndicatorFilter::period("2026-11-24", "2026-11-24");
    let s = w.store.stock_indicators(&before).await.unwrap();
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
    let recife = w.store.stock_indicators(&in_city(2_611_606)).await.unwrap();
    assert_eq!(recife.installations, 1);
    let cuiaba = w.store.stock_indicators(&in_city(5_103_403)).await.unwrap();
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
    let van = w
        .store
        .place_stock(van_id(w.tech), Lang::PtBr)
        .await
        .unwrap();
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
    let unit = w
        .store
        .serial("HWTC0001", Lang::PtBr)
        .await
        .unwrap()
        .unwrap();
    // This device's checkout is still to be sent: the server will put it after the movement
    // pulled, so the unit stays where the checkout leaves it (the discrepancy says what
    // clashed).
    assert_eq!(unit.place_name, "Van de Carlos Técnico");
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
    let low = w.store.low_stock(Lang::PtBr).await.unwrap();
    assert_eq!(low.len(), 1);
    assert_eq!((low[0].quantity, low[0].minimum), (0, 2));
    checkout(&w, serials(&["HWTC0001", "HWTC0002"]))
        .await
        .unwrap();
    assert!(w.store.low_stock(Lang::PtBr).await.unwrap().is_empty());
    let overview = w.store.stock_overview(Lang::PtBr).await.unwrap();
    let van = overview
        .places
        .iter()
        .find(|p| p.kind == PlaceKind::Van)
        .unwrap();
    assert_eq!((van.units, van.low_count), (2, 0));

    let balances = w.store.export_balances_csv(Lang::PtBr).await.unwrap();
    assert!(
        balances.contains("Van de Carlos Técnico;Van;ONU-HG8145;ONU Huawei HG8145V5;un;2\n"),
        "{balances}"
    );
    let moves = w.store.export_movements_csv(Lang::PtBr).await.unwrap();
    assert_eq!(moves.lines().count(), 1 + 4);
    // The spreadsheet speaks the person's language: words, not codes; the provider's time.
    let last = moves.lines().last().unwrap();
    assert!(last.contains(";Saída para van;"), "{last}");
    assert!(
        is_local_minute(last.split(';').next().unwrap()),
        "a date as dd/mm/aaaa hh:mm: {last}"
    );
    let en = w.store.export_movements_csv(Lang::En).await.unwrap();
    assert!(
        en.starts_with("date;kind;item;serial;quantity;unit;"),
        "{en}"
    );
    assert!(
        en.contains(";Checkout to van;") && !en.contains("Saída"),
        "{en}"
    );
    let en = w.store.export_balances_csv(Lang::En).await.unwrap();
    assert!(
        en.contains("Carlos Técnico's van;Van;ONU-HG8145;ONU Huawei HG8145V5;pc;2\n"),
        "{en}"
    );
    // The stock page in English names the vans and the fixed places in English too.
    let places: Vec<String> = w
        .store
        .stock_overview(Lang::En)
        .await
        .unwrap()
        .places
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert!(
        places.contains(&"Carlos Técnico's van".to_owned()),
        "{places:?}"
    );
    assert!(places.contains(&"Defective / RMA".to_owned()), "{places:?}");
    let van = w.store.place_stock(van_id(w.tech), Lang::En).await.unwrap();
    assert_eq!(van.place.name, "Carlos Técnico's van");
    assert!(
        !van.recent.is_empty()
            && van
                .recent
                .iter()
                .all(|m| m.to_name == "Carlos Técnico's van"),
        "{:?}",
        van.recent
    );

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

/// `dd/mm/aaaa hh:mm`.
fn is_local_minute(cell: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(cell, "%d/%m/%Y %H:%M").is_ok()
}
