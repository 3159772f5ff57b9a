//! Orders the office opens after the installation: a plan change moves the customer to the new
//! plan once done (not before), and its services wait in the activation queue on the newest
//! order, once per service the customer does not have yet; an SVA activation goes straight to
//! the agenda's queue. An address change visits the new address and moves the customer there
//! once done. Another device replays the same.

use campo_domain::{OrderKind, OrderStatus};
use campo_fixtures::data::{because, go, open_order, person, scheduled_order};
use campo_store::activation::IPTV;
use campo_store::plans::PlanInput;
use campo_store::write::{NewOrder, Role};
use campo_store::{Actor, Store};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

async fn done(store: &Store, tech: Actor, order: Uuid) {
    let mut w = store.writer(tech).await.unwrap();
    campo_fixtures::data::start_visit(&mut w, order).await;
    w.transition_order(
        order,
        &because(OrderStatus::Done, "ONU do cliente reaproveitada"),
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
}

/// The customer's lines in the activation queue: (order, service name).
async fn lines(store: &Store, customer: &str) -> Vec<(String, String)> {
    store
        .activation_queue(Some(customer))
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.order.id, r.service_name))
        .collect()
}

/// A provider with an admin and a technician, and an IPTV installation done for Maria.
struct Installed {
    store: Store,
    admin: Actor,
    tech: Actor,
    day: NaiveDate,
    installation: Uuid,
    customer: Uuid,
    plan: Uuid,
}

async fn installed() -> Installed {
    let store = Store::open_in_memory().await.unwrap();
    let admin = Actor { id: Uuid::now_v7() };
    let tech = Actor { id: Uuid::now_v7() };
    let mut w = store.writer(admin).await.unwrap();
    person(&mut w, admin.id, "Ana Prado", Role::Admin).await;
    person(&mut w, tech.id, "Josué Lins", Role::Technician).await;
    w.commit().await.unwrap();
    let day = NaiveDate::from_ymd_opt(2030, 1, 7).unwrap();
    let installation = scheduled_order(&store, admin.id, tech.id, day).await;
    done(&store, tech, installation).await;
    let detail = store.get_order(installation).await.unwrap();
    let customer = Uuid::parse_str(&detail.customer.id).unwrap();
    Installed {
        plan: Uuid::parse_str(&detail.plan.id).unwrap(),
        store,
        admin,
        tech,
        day,
        installation,
        customer,
    }
}

#[tokio::test]
async fn a_plan_change_moves_the_customer_once_done_and_its_services_wait_for_activation() {
    let Installed {
        store,
        admin,
        tech,
        day,
        installation,
        customer,
        plan: old_plan,
    } = installed().await;
    assert_eq!(
        lines(&store, "maria").await,
        [(installation.to_string(), "IPTV".to_owned())]
    );

    let mut w = store.writer(admin).await.unwrap();
    let giga = w
        .save_plan(
            None,
            &PlanInput {
                name: "Fibra 1 Giga + TV + Paramount+".into(),
                download_mbps: 1000,
                price_cents: 24_990,
                has_iptv: true,
                premium: true,
                svas: vec!["Paramount+".into()],
                sold: true,
            },
            Utc::now(),
        )
        .await
        .unwrap();
    campo_fixtures::data::paramount_checklist(&mut w).await;
    let change = open_order(&mut w, OrderKind::PlanChange, customer, giga).await;
    w.commit().await.unwrap();
    let page = store.get_order(change).await.unwrap();
    assert_eq!(
        page.order.status,
        OrderStatus::PendingAnalysis,
        "a sale: analysed first"
    );
    assert_eq!(
        store.customer_plan(customer).await.unwrap(),
        Some(old_plan),
        "the plan is the old one until the change is done"
    );

    let mut w = store.writer(admin).await.unwrap();
    campo_fixtures::data::approve_and_schedule(&mut w, change, day.succ_opt().unwrap(), tech.id)
        .await;
    w.commit().await.unwrap();
    done(&store, tech, change).await;
    assert_eq!(store.customer_plan(customer).await.unwrap(), Some(giga));
    let page = store.customer_page(customer).await.unwrap();
    assert_eq!(
        page.plan_name.as_deref(),
        Some("Fibra 1 Giga + TV + Paramount+")
    );
    // The new plan's services wait on the plan change; IPTV, still not active, moved there.
    assert_eq!(
        lines(&store, "maria").await,
        [
            (change.to_string(), "IPTV".to_owned()),
            (change.to_string(), "Paramount+".to_owned())
        ]
    );
    let mut w = store.writer(admin).await.unwrap();
    let attempt = w
        .start_service_activation(change, "paramount+", Utc::now())
        .await
        .unwrap();
    w.tick_activation(
        attempt,
        &campo_store::activation::TickInput {
            item_key: "conta".into(),
            value: "true".into(),
            note: None,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    w.complete_activation(attempt, Utc::now()).await.unwrap();
    // Active for the customer: a later order of theirs does not ask for it again.
    let sva = open_order(&mut w, OrderKind::SvaActivation, customer, giga).await;
    w.commit().await.unwrap();
    assert_eq!(
        store.get_order(sva).await.unwrap().order.status,
        OrderStatus::Approved,
        "an SVA activation goes straight to the agenda's queue"
    );
    assert_eq!(
        lines(&store, "maria").await,
        [(change.to_string(), "IPTV".to_owned())]
    );

    // Another office device replays the log to the same plan and the same queue.
    let office = Store::open_in_memory().await.unwrap();
    let ops = campo_fixtures::data::relayed(&store).await;
    office
        .apply_remote(&ops, ops.last().unwrap().server_seq)
        .await
        .unwrap();
    assert_eq!(office.customer_plan(customer).await.unwrap(), Some(giga));
    assert_eq!(
        lines(&office, "maria").await,
        [(change.to_string(), "IPTV".to_owned())]
    );
    assert_eq!(
        office.get_order(sva).await.unwrap().order.kind,
        OrderKind::SvaActivation
    );
    // A later move down to a plan without TV: nothing of the old plans waits any more, and
    // the older orders' services cannot be started.
    let mut w = store.writer(admin).await.unwrap();
    let basic = w
        .create_plan(&campo_fixtures::data::plan(), Utc::now())
        .await
        .unwrap();
    let down = open_order(&mut w, OrderKind::PlanChange, customer, basic).await;
    w.commit().await.unwrap();
    let mut w = store.writer(admin).await.unwrap();
    campo_fixtures::data::approve_and_schedule(&mut w, down, day + chrono::Days::new(3), tech.id)
        .await;
    w.commit().await.unwrap();
    done(&store, tech, down).await;
    assert_eq!(store.customer_plan(customer).await.unwrap(), Some(basic));
    assert!(lines(&store, "maria").await.is_empty());
    let mut w = store.writer(admin).await.unwrap();
    assert!(
        w.start_service_activation(change, IPTV, Utc::now())
            .await
            .is_err(),
        "the plan it activated is not the customer's any more"
    );
}

#[tokio::test]
async fn an_address_change_visits_the_new_address_and_moves_the_customer_once_done() {
    let Installed {
        store,
        admin,
        tech,
        day,
        installation,
        customer,
        plan,
    } = installed().await;
    let new_home = campo_domain::NewAddress {
        street: " Rua do Amparo ".into(),
        complement: "casa 2".into(),
        uf: "pe".into(),
        reference: "Ao lado da igreja".into(),
        ..campo_fixtures::amparo()
    };
    let mut w = store.writer(admin).await.unwrap();
    // Only an address change carries one, and a wrong CEP is named.
    let repair = NewOrder {
        new_address: Some(new_home.clone()),
        ..NewOrder::new(OrderKind::Repair, customer, plan)
    };
    assert!(w.create_order(&repair, Utc::now()).await.is_err());
    let bad = NewOrder {
        new_address: Some(campo_domain::NewAddress {
            cep: "5302".into(),
            ..new_home.clone()
        }),
        ..NewOrder::new(OrderKind::AddressChange, customer, plan)
    };
    let err = w.create_order(&bad, Utc::now()).await.unwrap_err();
    assert_eq!(
        campo_domain::Localized::message(&err, campo_domain::Lang::PtBr),
        "CEP inválido: use 8 dígitos, como 50030-230"
    );
    let moving = w
        .create_order(
            &NewOrder {
                new_address: Some(new_home.clone()),
                ..NewOrder::new(OrderKind::AddressChange, customer, plan)
            },
            Utc::now(),
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    let page = store.get_order(moving).await.unwrap();
    let kept = page.new_address.clone().expect("the new address");
    assert_eq!(
        (kept.cep.as_str(), kept.street.as_str(), kept.uf.as_str()),
        ("53020140", "Rua do Amparo", "PE")
    );
    assert_eq!(
        page.customer.address.city, "Recife",
        "still at the old home until done"
    );
    // The visit is at the new address, on the map too.
    let at = store
        .order_coordinates(&[moving.to_string(), installation.to_string()])
        .await
        .unwrap();
    assert_eq!(at[&moving.to_string()], (-8.0125, -34.8553));
    assert_ne!(at[&installation.to_string()], (-8.0125, -34.8553));

    let mut w = store.writer(admin).await.unwrap();
    w.transition_order(moving, &go(OrderStatus::Approved), Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let mut w = store.writer(admin).await.unwrap();
    w.schedule_order(
        moving,
        day.succ_opt().unwrap(),
        campo_domain::Period::Morning,
        tech.id,
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    done(&store, tech, moving).await;
    let page = store.customer_page(customer).await.unwrap();
    assert_eq!(
        (
            page.details.address.street.as_str(),
            page.details.address.city.as_str(),
            page.details.address.complement.as_str()
        ),
        ("Rua do Amparo", "Olinda", "casa 2")
    );
    assert_eq!(
        (page.details.address.lat, page.details.address.lon),
        (Some(-8.0125), Some(-34.8553))
    );
    let first = store.get_order(installation).await.unwrap();
    assert_eq!(
        first.order.neighbourhood, "Amparo",
        "the order list follows the customer"
    );

    // Another office device replays the log to the same address.
    let office = Store::open_in_memory().await.unwrap();
    let ops = campo_fixtures::data::relayed(&store).await;
    office
        .apply_remote(&ops, ops.last().unwrap().server_seq)
        .await
        .unwrap();
    let there = office.customer_page(customer).await.unwrap();
    assert_eq!(there.details.address.street, "Rua do Amparo");
    assert_eq!(
        office.get_order(moving).await.unwrap().new_address,
        Some(kept)
    );
}
