//! Store behaviour on real (temporary) database files.

use campo_demo::{DEFAULT_SEED, DemoSize};
use campo_domain::{OrderKind, OrderStatus};
use campo_fixtures::data::{open_order, outbox_len};
use campo_fixtures::maria;
use campo_store::views::{OrderFilter, PageRequest, SortDir, SortKey};
use campo_store::write::{NewPerson, Role};
use campo_store::{Actor, SUPPORTED_SCHEMA, Store, StoreError};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

#[path = "store/files.rs"]
mod files;
#[path = "store/orders.rs"]
mod orders;
#[path = "store/writes.rs"]
mod writes;

const SMALL: DemoSize = DemoSize {
    technicians: 4,
    customers: 60,
    orders: 200,
    days: 30,
};

fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A store with one admin, one plan and one customer.
async fn small_store(dir: &tempfile::TempDir) -> (Store, Actor, Uuid, Uuid) {
    let store = Store::open(&dir.path().join("campo.db")).await.unwrap();
    let admin = Uuid::now_v7();
    let mut w = store.writer(Actor { id: admin }).await.unwrap();
    let now = Utc::now();
    w.create_person_with_id(
        admin,
        &NewPerson {
            name: "Ana Coordenação".into(),
            role: Role::Coordinator,
            phone: None,
        },
        now,
    )
    .await
    .unwrap();
    let plan = w.create_plan(&campo_fixtures::plan(), now).await.unwrap();
    let customer = w.create_customer(&maria(), now).await.unwrap();
    w.commit().await.unwrap();
    (store, Actor { id: admin }, plan, customer)
}
