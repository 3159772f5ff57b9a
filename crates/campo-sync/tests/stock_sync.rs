//! The stock ledger across devices through a real campo-server: the office receives and
//! checks out, the technician marks equipment used offline, and a concurrent movement of the
//! same unit is recorded on both sides and shown as a discrepancy — never dropped; whatever
//! order a device saw the movements in, each unit ends where the server's order leaves it.

use campo_domain::stock::{MoveKind, van_id};
use campo_domain::{Lang, OrderStatus};
use campo_fixtures::server::{Device, Server, device, office_and_field, start};
use campo_fixtures::stock::{check_out, serials, stocked_warehouse};
use campo_fixtures::{customer, go};
use campo_store::stock::{LineInput, MoveRequest};
use chrono::Utc;
use uuid::Uuid;

/// On the office's device (not synced yet): the ONU in the catalogue, a warehouse that
/// received `n` of them (`HWTC0001`…), an installation for Joana Ferreira scheduled today
/// for the server's technician, and all `n` checked out to his van. The warehouse and the
/// order.
async fn stocked_van(server: &Server, office: &Device, n: usize) -> (Uuid, Uuid) {
    let now = Utc::now();
    let mut w = office.store().writer(office.actor()).await.unwrap();
    let onu = w
        .create_stock_item(&campo_fixtures::onu(), now)
        .await
        .unwrap();
    let units = serials("HWTC", n);
    let warehouse =
        stocked_warehouse(&mut w, "Almoxarifado Central", "ONU-HG8145", &units, now).await;
    let (plan, _, order) = campo_fixtures::sale(&mut w, &campo_fixtures::plan(), &customer()).await;
    w.set_plan_equipment(plan, &[(onu, 1)]).await.unwrap();
    campo_fixtures::approve_and_schedule(&mut w, order, campo_fixtures::today(), server.technician)
        .await;
    check_out(&mut w, warehouse, server.technician, &units, now).await;
    w.commit().await.unwrap();
    (warehouse, order)
}

/// The office returns `serial` from `technician`'s van to `warehouse` (not synced yet).
async fn takes_back(office: &Device, technician: Uuid, warehouse: Uuid, serial: &str) {
    office
        .store()
        .stock_change(office.actor(), async |w| {
            w.move_stock(
                &MoveRequest {
                    kind: MoveKind::Return,
                    from: van_id(technician),
                    to: warehouse,
                    order_id: None,
                    reason: None,
                    lines: vec![LineInput::Serial(serial.into())],
                },
                Utc::now(),
            )
            .await
        })
        .await
        .unwrap();
}

/// On the technician's device (not synced yet): on his way to `order`, there, and `serial`
/// installed from his van.
async fn installs(tech: &Device, order: Uuid, serial: &str) {
    let t = tech.actor();
    for to in [OrderStatus::EnRoute, OrderStatus::InProgress] {
        tech.store()
            .transition_order(t, order, go(to))
            .await
            .unwrap();
    }
    tech.store()
        .stock_change(t, async |w| {
            w.use_on_order(order, &[LineInput::Serial(serial.into())], Utc::now())
                .await
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn equipment_moves_between_office_and_field_and_a_clash_becomes_a_discrepancy() {
    let server = start().await;
    let (office, tech) = office_and_field(&server).await;

    // The office: catalogue, warehouse, a delivery, an order scheduled for Josué, and a
    // checkout of three ONUs to his van.
    let (warehouse, order) = stocked_van(&server, &office, 3).await;
    let report = office.sync().await;
    assert_eq!((report.rejected, report.conflicts), (0, 0), "{report:?}");

    // The technician's device receives the catalogue and his van's units, not the warehouse.
    tech.sync().await;
    let van = tech
        .store()
        .place_stock(van_id(server.technician), Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(van.units_total, 3);
    assert!(
        tech.store()
            .discrepancies(true, Lang::PtBr)
            .await
            .unwrap()
            .is_empty()
    );

    // Offline, he installs HWTC0002 and finishes the order.
    installs(&tech, order, "HWTC0002").await;
    tech.store()
        .transition_order(tech.actor(), order, go(OrderStatus::Done))
        .await
        .unwrap();
    // Meanwhile the office, not knowing, takes HWTC0002 back to the warehouse.
    takes_back(&office, server.technician, warehouse, "HWTC0002").await;
    let report = office.sync().await;
    assert_eq!(report.rejected, 0, "{report:?}");
    let report = tech.sync().await;
    assert_eq!(report.rejected, 0, "{report:?}");
    office.sync().await;

    // Both movements are in the office's ledger; the unit is where the last one put it,
    // and the clash is a discrepancy someone resolves.
    let unit = office
        .store()
        .serial("HWTC0002", Lang::PtBr)
        .await
        .unwrap()
        .unwrap();
    let kinds: Vec<MoveKind> = unit.history.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MoveKind::Receipt,
            MoveKind::Checkout,
            MoveKind::Return,
            MoveKind::Use
        ]
    );
    assert_eq!(unit.place_name, "Joana Ferreira");
    let open = office
        .store()
        .discrepancies(false, Lang::PtBr)
        .await
        .unwrap();
    assert!(
        open.iter().any(|d| d.message
            == "HWTC0002 foi movido de Van de Josué Lins para Joana Ferreira, mas estava em Almoxarifado Central"),
        "{open:?}"
    );
    assert_eq!(
        office.store().verify_stock().await.unwrap(),
        Vec::<String>::new()
    );
    let eq = office
        .store()
        .order_equipment(order, Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(eq.at_customer.len(), 1);
    assert_eq!(
        office.store().get_order(order).await.unwrap().order.status,
        OrderStatus::Done
    );

    // A technician cannot move stock that is not in his van.
    let other = device(&server, "rita").await;
    other.sync().await;
    assert!(
        other
            .store()
            .serial("HWTC0001", Lang::PtBr)
            .await
            .unwrap()
            .is_none(),
        "another technician's van is not on Rita's device"
    );
}

/// The office takes back a unit the technician has just installed offline, and hands it to
/// the same van again; the technician's device hears of both before it sends the
/// installation. The server's order puts the installation last, so every device ends with
/// the unit at the customer's — not in a van that no longer has it.
#[tokio::test]
async fn a_unit_installed_offline_ends_at_the_customer_though_the_office_moved_it_meanwhile() {
    let server = start().await;
    let (office, tech) = office_and_field(&server).await;
    let (warehouse, order) = stocked_van(&server, &office, 2).await;
    office.sync().await;
    tech.sync().await;

    // Offline, Josué installs HWTC0001.
    installs(&tech, order, "HWTC0001").await;
    // The office, not knowing, takes it back to the warehouse and then checks it out to his
    // van again.
    takes_back(&office, server.technician, warehouse, "HWTC0001").await;
    let mut w = office.store().writer(office.actor()).await.unwrap();
    check_out(
        &mut w,
        warehouse,
        server.technician,
        &["HWTC0001".to_owned()],
        Utc::now(),
    )
    .await;
    w.commit().await.unwrap();
    office.sync().await;

    // His device pulls both before it sends the installation, then syncs.
    let mut report = campo_sync::SyncReport::default();
    tech.engine.pull_all(&mut report).await.unwrap();
    let report = tech.sync().await;
    assert_eq!((report.rejected, report.conflicts), (0, 0), "{report:?}");
    office.sync().await;

    for (who, device) in [("technician", &tech), ("office", &office)] {
        let van = device
            .store()
            .place_stock(van_id(server.technician), Lang::PtBr)
            .await
            .unwrap();
        let in_van: Vec<&str> = van.units.iter().map(|u| u.serial.as_str()).collect();
        assert_eq!(in_van, ["HWTC0002"], "the {who}'s device");
        let unit = device
            .store()
            .serial("HWTC0001", Lang::PtBr)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(unit.place_name, "Joana Ferreira", "the {who}'s device");
        assert_eq!(
            device.store().verify_stock().await.unwrap(),
            Vec::<String>::new(),
            "the {who}'s device"
        );
    }
}
