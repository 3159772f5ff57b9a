//! A device starting empty bootstraps from the server's snapshot of its scope; a technician's
//! device keeps a window around today; a device away longer than the retention window loads
//! its data again without losing what it wrote meanwhile. Through a real campo-server.

use std::sync::{Arc, Mutex};

use campo_domain::stock::van_id;
use campo_domain::{CustomerDraft, OrderKind, OrderStatus, Period, Transition};
use campo_fixtures::server::{Device, device, office_and_field, start};
use campo_fixtures::stock::{check_out, serials, stocked_warehouse};
use campo_fixtures::{go, today};
use campo_store::stock::LineInput;
use campo_store::write::{NewOrder, NewPlan};
use campo_sync::{Progress, ProgressSink, SyncEngine};
use chrono::{NaiveDate, TimeDelta, Utc};
use uuid::Uuid;

fn customer(n: usize) -> CustomerDraft {
    CustomerDraft {
        name: format!("Cliente {n}"),
        cpf: campo_domain::Cpf::from_base([1, 2, 3, 4, 5, 6, 7, (n / 10) as u8, (n % 10) as u8])
            .ok()
            .map(|c| c.formatted()),
        mother_name: Some("Josefa Silva".into()),
        birth_date: Some("1980-04-12".into()),
        address: campo_domain::NewAddress {
            number: format!("{}", 100 + n),
            ..campo_fixtures::customer().address
        },
        ..campo_fixtures::customer()
    }
}

/// The coordinator sells and schedules one repair per (date, technician).
async fn orders(coord: &Device, slots: &[(NaiveDate, Uuid)]) -> Vec<Uuid> {
    let mut w = coord.store().writer(coord.actor()).await.unwrap();
    let now = Utc::now();
    let plan = w
        .create_plan(
            &NewPlan {
                price_cents: 9_990,
                ..campo_fixtures::plan()
            },
            now,
        )
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (n, (date, technician)) in slots.iter().enumerate() {
        let customer = w.create_customer(&customer(n), now).await.unwrap();
        let order = w
            .create_order(&NewOrder::new(OrderKind::Repair, customer, plan), now)
            .await
            .unwrap();
        w.schedule_order(order, *date, Period::Morning, *technician, now)
            .await
            .unwrap();
        ids.push(order);
    }
    w.commit().await.unwrap();
    ids
}

/// The office cancels the order: the customer gave up.
async fn cancel(d: &Device, order: Uuid) {
    d.store()
        .transition_order(
            d.actor(),
            order,
            campo_fixtures::because(OrderStatus::Cancelled, "Cliente desistiu"),
        )
        .await
        .unwrap();
}

async fn held(d: &Device) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = d
        .store()
        .list_orders(
            &campo_store::views::OrderFilter::default(),
            campo_store::views::PageRequest {
                offset: 0,
                limit: 100,
            },
        )
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| Uuid::parse_str(&r.id).unwrap())
        .collect();
    ids.sort();
    ids
}

fn sorted(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids
}

async fn van_serials(d: &Device, technician: Uuid) -> Vec<String> {
    let mut s: Vec<String> = d
        .store()
        .place_stock(van_id(technician), campo_domain::Lang::PtBr)
        .await
        .unwrap()
        .units
        .into_iter()
        .map(|u| u.serial)
        .collect();
    s.sort();
    s
}

#[tokio::test]
async fn a_new_technician_device_starts_from_a_snapshot_of_its_window() {
    let server = start().await;
    let (coord, laptop) = office_and_field(&server).await;
    let (josue, rita) = (server.technician, server.other_technician);
    let day = today();
    let ids = orders(
        &coord,
        &[
            (day, josue),                       // open, today
            (day - TimeDelta::days(10), josue), // done 10 days ago: out of the window
            (day - TimeDelta::days(3), josue),  // done 3 days ago: kept
            (day, rita),                        // someone else's
            (day + TimeDelta::days(20), josue), // open, weeks ahead: kept
        ],
    )
    .await;
    let (open, old, recent, others, ahead) = (ids[0], ids[1], ids[2], ids[3], ids[4]);
    // Two ONUs in Josué's van.
    let me = coord.actor();
    let mut w = coord.store().writer(me).await.unwrap();
    let now = Utc::now();
    let onu = w
        .create_stock_item(&campo_fixtures::onu(), now)
        .await
        .unwrap();
    let _ = onu;
    let units = serials("HWTC", 2);
    let warehouse = stocked_warehouse(&mut w, "Almoxarifado", "ONU-HG8145", &units, now).await;
    check_out(&mut w, warehouse, josue, &units, now).await;
    w.commit().await.unwrap();
    coord.sync().await;

    // Josué's laptop has followed the log; he closes two orders and installs an ONU.
    laptop.sync().await;
    assert_eq!(held(&laptop).await, sorted(vec![open, old, recent, ahead]));
    laptop.finishes(old).await;
    laptop.finishes(recent).await;
    laptop
        .store()
        .transition_order(laptop.actor(), open, go(OrderStatus::EnRoute))
        .await
        .unwrap();
    laptop
        .store()
        .stock_change(laptop.actor(), async |w| {
            w.use_on_order(open, &[LineInput::Serial("HWTC0001".into())], Utc::now())
                .await
        })
        .await
        .unwrap();
    laptop.sync().await;
    // The order closed ten days after its visit date left the laptop once pushed; the office
    // still has it.
    assert_eq!(held(&laptop).await, sorted(vec![open, recent, ahead]));
    coord.sync().await;
    assert_eq!(
        coord.store().get_order(old).await.unwrap().order.status,
        OrderStatus::Done
    );

    // A new device of Josué's starts from the snapshot: the same window, no personal data,
    // the same van, with progress told as it goes.
    let phone = device(&server, "josue").await;
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let sink = {
        let seen = Arc::clone(&seen);
        ProgressSink::new(move |p| seen.lock().unwrap().push(p))
    };
    let transport = campo_client::HttpTransport::new(&server.url)
        .unwrap()
        .with_token(phone.token.clone());
    let engine = SyncEngine::new(phone.store().clone(), transport).with_progress(sink);
    engine
        .sync_once("test", Utc::now().timestamp_millis())
        .await
        .unwrap();
    assert_eq!(held(&phone).await, sorted(vec![open, recent, ahead]));
    assert!(phone.store().get_order(others).await.is_err());
    assert_eq!(
        phone.store().get_order(open).await.unwrap().order.status,
        OrderStatus::EnRoute
    );
    assert_eq!(
        phone.store().customers_with_personal_data().await.unwrap(),
        0
    );
    assert_eq!(van_serials(&phone, josue).await, ["HWTC0002"]);
    assert_eq!(
        van_serials(&phone, josue).await,
        van_serials(&laptop, josue).await
    );
    assert!(phone.store().verify_stock().await.unwrap().is_empty());
    let last = *seen.lock().unwrap().last().expect("progress was told");
    assert!(last.total > 0 && last.done == last.total, "{last:?}");

    // From there it follows the log like any device.
    cancel(&coord, ahead).await;
    coord.sync().await;
    engine
        .sync_once("test", Utc::now().timestamp_millis())
        .await
        .unwrap();
    assert!(
        phone.store().get_order(ahead).await.is_err(),
        "a cancelled visit leaves the agenda and the technician's device"
    );
    assert_eq!(held(&phone).await, sorted(vec![open, recent]));
}

#[tokio::test]
async fn a_technician_away_longer_than_the_retention_window_loads_again_and_loses_nothing() {
    let server = start().await;
    let (coord, tech) = office_and_field(&server).await;
    let ids = orders(
        &coord,
        &[(today(), server.technician), (today(), server.technician)],
    )
    .await;
    let (kept, moved) = (ids[0], ids[1]);
    coord.sync().await;
    tech.sync().await;
    assert_eq!(held(&tech).await, sorted(vec![kept, moved]));

    // Offline, Josué sets off to the first customer.
    tech.store()
        .transition_order(tech.actor(), kept, go(OrderStatus::EnRoute))
        .await
        .unwrap();
    // Meanwhile the office gives the second visit to Rita, and much later the server prunes
    // that tombstone (a zero-day window here).
    let mut w = coord.store().writer(coord.actor()).await.unwrap();
    w.transition_order(
        moved,
        &Transition {
            to: OrderStatus::Scheduled,
            reason: Some("Troca de técnico".into()),
            schedule: Some(campo_domain::Schedule {
                date: today(),
                period: Period::Afternoon,
                technician_id: server.other_technician,
            }),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    coord.sync().await;
    let pruned = campo_server::retention::prune(&server.db, TimeDelta::zero())
        .await
        .unwrap();
    assert_eq!((pruned.removed, pruned.technicians), (1, 1));

    // Back online: his change is pushed first, then the device loads its scope again.
    let report = tech.sync().await;
    assert!(report.rebootstrapped, "{report:?}");
    assert_eq!(report.applied, 1, "{report:?}");
    assert_eq!(held(&tech).await, vec![kept], "the reassigned visit left");
    assert_eq!(
        tech.store().get_order(kept).await.unwrap().order.status,
        OrderStatus::EnRoute
    );
    assert_eq!(
        tech.store().all_operations().await.unwrap().len(),
        1,
        "his own record of what he did is kept"
    );
    let again = tech.sync().await;
    assert!(!again.rebootstrapped, "once is enough: {again:?}");

    // The office never received those tombstones and goes on from where it was.
    let office = coord.sync().await;
    assert!(!office.rebootstrapped);
    assert_eq!(
        coord.store().get_order(kept).await.unwrap().order.status,
        OrderStatus::EnRoute
    );
}

#[tokio::test]
async fn a_closed_order_reopened_by_the_coordination_comes_back_to_its_technician() {
    let server = start().await;
    let (coord, tech) = office_and_field(&server).await;
    // A visit of ten days ago, finished in the field: it leaves Josué's device.
    let order = orders(
        &coord,
        &[(today() - TimeDelta::days(10), server.technician)],
    )
    .await[0];
    coord.sync().await;
    tech.sync().await;
    tech.finishes(order).await;
    // Meanwhile the office, unaware, cancels it: a conflict the coordination decides.
    cancel(&coord, order).await;
    tech.sync().await;
    assert!(
        tech.store().get_order(order).await.is_err(),
        "closed long ago: forgotten"
    );
    let report = coord.sync().await;
    assert_eq!(report.conflicts, 1, "{report:?}");
    let office = campo_client::HttpTransport::new(&server.url)
        .unwrap()
        .with_token(coord.token.clone());
    let inbox = office.conflicts().await.unwrap().conflicts;
    office
        .resolve(&campo_protocol::wire::ResolveRequest {
            conflict_id: inbox[0].id,
            status: "in_progress".into(),
            note: "O cliente pediu para concluir a instalação".into(),
        })
        .await
        .unwrap();
    // Open again, and his: it is back on his device.
    tech.sync().await;
    assert_eq!(
        tech.store().get_order(order).await.unwrap().order.status,
        OrderStatus::InProgress
    );
}
