//! The stock ledger on a real (temporary) database: deliveries, checkouts, equipment used on
//! an order, counts, discrepancies, and the server's movements applied without loss.

use campo_domain::stock::{self, MoveKind, PlaceKind, van_id};
use campo_domain::{Lang, Localized, OrderKind, OrderStatus, Period, Transition};
use campo_fixtures::customer;
use campo_fixtures::data::{open_order, outbox_len};
use campo_store::stock::{CountInput, LineInput, MoveRequest, NewItem, fixed_place};
use campo_store::sync::RemoteOp;
use campo_store::write::{NewOrder, NewPerson, Role};
use campo_store::{Actor, Store, StoreError};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

#[path = "stock/ledger.rs"]
mod ledger;
#[path = "stock/moves.rs"]
mod moves;

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
