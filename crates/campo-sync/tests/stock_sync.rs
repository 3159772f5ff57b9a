//! The stock ledger across devices through a real campo-server: the office receives and
//! checks out, the technician marks equipment used offline, and a concurrent movement of the
//! same unit is recorded on both sides and shown as a discrepancy — never dropped.

use campo_domain::stock::{MoveKind, van_id};
use campo_domain::{Lang, OrderStatus};
use campo_fixtures::server::{device, office_and_field, start};
use campo_fixtures::stock::{check_out, serials, stocked_warehouse};
use campo_fixtures::{customer, go};
use campo_store::stock::{LineInput, MoveRequest};
use chrono::Utc;

#[tokio::test]
async fn equipment_moves_between_office_and_field_and_a_clash_becomes_a_discrepancy() {
    let server = start().await;
    let (office, tech) = office_and_field(&server).await;
    let me = office.actor();
    let now = Utc::now();

    // The office: catalogue, warehouse, a delivery, an order scheduled for Josué, and a
    // checkout of three ONUs to his van.
    let mut w = office.store().writer(me).await.unwrap();
    let onu = w
        .create_stock_item(&campo_fixtures::onu(), now)
        .await
        .unwrap();
    let units = serials("HWTC", 3);
    let warehouse =
        stocked_warehouse(&mut w, "Almoxarifado Central", "ONU-HG8145", &units, now).await;
    let (plan, _, order) = campo_fixtures::sale(&mut w, &campo_fixtures::plan(), &customer()).await;
    w.set_plan_equipment(plan, &[(onu, 1)]).await.unwrap();
    campo_fixtures::approve_and_schedule(&mut w, order, campo_fixtures::today(), server.technician)
        .await;
    check_out(&mut w, warehouse, server.technician, &units, now).await;
    w.commit().await.unwrap();
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
    let t = tech.actor();
    for to in [OrderStatus::EnRoute, OrderStatus::InProgress] {
        tech.store()
            .transition_order(t, order, go(to))
            .await
            .unwrap();
    }
    tech.store()
        .stock_change(t, async |w| {
            w.use_on_order(order, &[LineInput::Serial("HWTC0002".into())], Utc::now())
                .await
        })
        .await
        .unwrap();
    tech.store()
        .transition_order(t, order, go(OrderStatus::Done))
        .await
        .unwrap();
    // Meanwhile the office, not knowing, takes HWTC0002 back to the warehouse.
    office
        .store()
        .stock_change(me, async |w| {
            w.move_stock(
                &MoveRequest {
                    kind: MoveKind::Return,
                    from: van_id(server.technician),
                    to: warehouse,
                    order_id: None,
                    reason: None,
                    lines: vec![LineInput::Serial("HWTC0002".into())],
                },
                Utc::now(),
            )
            .await
        })
        .await
        .unwrap();
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
