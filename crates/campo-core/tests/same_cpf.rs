//! Two office devices approve sales of the same CPF before either syncs: each registers the
//! customer on its own. When they meet, every device settles the same way — the CPF stays
//! with the customer registered first (the earlier id), the other keeps its contract and its
//! installation and is marked as a duplicate of the first, named on its page — and nothing
//! stops the sync.

use campo_core::sales::{approve_sale, check_sale_cpf, submit_sale};
use campo_core::sync::{refused_changes, sync_now};
use campo_core::{Context, orders};
use campo_fixtures::data::plan;
use campo_fixtures::forms::sale_form;
use campo_fixtures::server::start;
use uuid::Uuid;

mod support;
use support::joined;

async fn order_of(ctx: &Context, sale: &str) -> String {
    campo_core::sales::get_sale(ctx, sale.to_owned())
        .await
        .unwrap()
        .row
        .order_id
        .expect("approved: its installation")
}

#[tokio::test]
async fn two_offices_approving_the_same_cpf_offline_settle_on_one_customer() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    let plan_id = {
        let (store, actor) = admin.acting().await.unwrap();
        let mut w = store.writer(actor).await.unwrap();
        let id = w.create_plan(&plan(), chrono::Utc::now()).await.unwrap();
        w.commit().await.unwrap();
        id
    };
    sync_now(&admin).await.unwrap();
    let (_s, seller) = joined(&server.url, "sofia").await;
    let (_w, office) = joined(&server.url, "warley").await;
    // The same person bought twice (the second time at another address).
    let first = submit_sale(&seller, None, None, sale_form(plan_id))
        .await
        .unwrap();
    let second = submit_sale(&seller, None, None, {
        let mut f = sale_form(plan_id);
        f.address.street = "Rua da Aurora".into();
        f.address.number = "55".into();
        f
    })
    .await
    .unwrap();
    sync_now(&seller).await.unwrap();
    sync_now(&office).await.unwrap();
    sync_now(&admin).await.unwrap();

    // Each approves one before syncing: the customer is registered twice.
    approve_sale(&office, first.clone(), None).await.unwrap();
    approve_sale(&admin, second.clone(), None).await.unwrap();
    for device in [&office, &admin, &office, &admin] {
        sync_now(device).await.unwrap();
    }

    let cpf = "529.982.247-25".to_owned();
    let mut canonical = None;
    for device in [&office, &admin] {
        assert!(refused_changes(device).await.unwrap().is_empty());
        let found = check_sale_cpf(device, cpf.clone())
            .await
            .unwrap()
            .customer
            .expect("the CPF finds a customer");
        assert_eq!(
            *canonical.get_or_insert_with(|| found.id.clone()),
            found.id,
            "both devices settle on the same customer"
        );
        // Both installations wait in the queue, each with its own customer.
        let one = orders::get_order(device, order_of(device, &first).await)
            .await
            .unwrap();
        let two = orders::get_order(device, order_of(device, &second).await)
            .await
            .unwrap();
        let customers = [one.customer.id.clone(), two.customer.id.clone()];
        assert_ne!(customers[0], customers[1]);
        assert!(customers.contains(&found.id));
        // The other is marked as the first's duplicate, with the CPF kept only there.
        let other = customers.iter().find(|c| **c != found.id).unwrap();
        let page = orders::customer_page(device, other.clone()).await.unwrap();
        assert_eq!(page.cpf, None);
        assert_eq!(page.duplicate_of.as_deref(), Some(found.id.as_str()));
        let kept = orders::customer_page(device, found.id.clone())
            .await
            .unwrap();
        assert_eq!(kept.cpf.as_deref(), Some("529.982.247-25"));
    }
    // The first registered keeps the CPF.
    let canonical = Uuid::parse_str(&canonical.unwrap()).unwrap();
    let office_customer = orders::get_order(&office, order_of(&office, &first).await)
        .await
        .unwrap()
        .customer
        .id;
    let admin_customer = orders::get_order(&admin, order_of(&admin, &second).await)
        .await
        .unwrap()
        .customer
        .id;
    let earlier = office_customer.min(admin_customer);
    assert_eq!(canonical.to_string(), earlier);
}
