//! Two server instances over one PostgreSQL database, the devices split between them: what any
//! device does reaches every other, whichever instance each one talks to. (The server crate's
//! own test runs two `campo-server` processes and checks the log; this one checks app stores.)

use campo_domain::{CustomerDraft, OrderKind, OrderStatus};
use campo_fixtures::server::{Device, device, start};
use campo_fixtures::{go, maria, plan};
use campo_store::Actor;
use campo_store::views::OrderFilter;
use campo_store::write::NewOrder;
use chrono::Utc;
use uuid::Uuid;

/// Every order a device holds, with its status, in id order.
async fn orders(d: &Device) -> Vec<(String, OrderStatus)> {
    let mut rows: Vec<(String, OrderStatus)> = d
        .store()
        .all_orders(&OrderFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect();
    rows.sort_by(|x, y| x.0.cmp(&y.0));
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn devices_split_between_two_instances_of_one_postgresql_converge() {
    let a = start().await;
    let Some(b) = a.another_instance().await else {
        eprintln!("instances: needs PostgreSQL (CAMPO_TEST_POSTGRES_URL); skipped on SQLite");
        return;
    };
    // Two office devices on each instance.
    let devices = [
        device(&a, "admin").await,
        device(&a, "mariana").await,
        device(&b, "admin").await,
        device(&b, "mariana").await,
    ];
    // The plan is registered through instance A; every device learns it and the people.
    let mut w = devices[0]
        .store()
        .writer(Actor {
            id: devices[0].user,
        })
        .await
        .unwrap();
    let plan = w.create_plan(&plan(), Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    devices[0].sync().await;
    for d in &devices {
        d.sync().await;
    }
    // Each sells to three customers offline.
    for (n, d) in devices.iter().enumerate() {
        let mut w = d.store().writer(d.actor()).await.unwrap();
        for i in 0..3 {
            let customer = CustomerDraft {
                name: format!("Cliente {n}-{i}"),
                cpf: None,
                ..maria()
            };
            let customer = w.create_customer(&customer, Utc::now()).await.unwrap();
            w.create_order(
                &NewOrder::new(OrderKind::Installation, customer, plan),
                Utc::now(),
            )
            .await
            .unwrap();
        }
        w.commit().await.unwrap();
    }
    // Interleaved rounds through both instances.
    for _ in 0..2 {
        for d in &devices {
            d.sync().await;
        }
    }
    let first = orders(&devices[0]).await;
    assert_eq!(first.len(), 12, "every sale on every device");
    for d in &devices[1..] {
        assert_eq!(orders(d).await, first);
    }

    // An order sold through instance A is approved on a device of instance B; after a round,
    // every device has it approved.
    let sold_on_a = Uuid::parse_str(
        &devices[0]
            .store()
            .all_orders(&OrderFilter::default())
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.customer_name == "Cliente 0-0")
            .unwrap()
            .id,
    )
    .unwrap();
    let mut w = devices[3]
        .store()
        .writer(Actor {
            id: devices[3].user,
        })
        .await
        .unwrap();
    w.transition_order(sold_on_a, &go(OrderStatus::Approved), Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    devices[3].sync().await;
    for d in &devices {
        d.sync().await;
        assert_eq!(
            d.store().get_order(sold_on_a).await.unwrap().order.status,
            OrderStatus::Approved
        );
    }
}
