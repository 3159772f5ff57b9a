//! A customer's details reach the technicians who visit them as they are now: an office edit
//! of the phone or address reaches the technician holding the customer's order (and no other
//! technician); an order granted later carries the customer as edited; an address change done
//! by one technician moves the customer on another's device holding their repair; and a new
//! device starts from the customer edited and moved, not as first registered.

use campo_domain::{OrderKind, OrderStatus, Period};
use campo_fixtures::server::{Device, device, start};
use campo_fixtures::{approve_and_schedule, because, start_visit};
use campo_store::customers::CustomerEdit;
use campo_store::write::NewOrder;
use chrono::Utc;
use uuid::Uuid;

/// The customer's phone and street on `d`'s device, as the order shows them.
async fn seen(d: &Device, order: Uuid) -> (String, String) {
    let o = d.store().get_order(order).await.unwrap();
    (o.customer.phones.join(" "), o.customer.address.street)
}

#[tokio::test]
async fn an_edit_reaches_the_technician_with_the_order_and_later_grants_carry_edits_and_moves() {
    let server = start().await;
    let coord = device(&server, "mariana").await;
    let josue = device(&server, "josue").await;
    let rita = device(&server, "rita").await;
    coord.sync().await;
    let day = campo_fixtures::today();
    let order =
        campo_fixtures::scheduled_order(coord.store(), coord.user, server.technician, day).await;
    coord.sync().await;
    josue.sync().await;
    rita.sync().await;
    let customer = coord.store().get_order(order).await.unwrap().customer.id;
    let customer = Uuid::parse_str(&customer).unwrap();

    // The office corrects the phone and the street.
    let page = coord.store().customer_page(customer).await.unwrap().details;
    let edit = CustomerEdit {
        phone1: "(81) 98888-7777".into(),
        address: campo_domain::NewAddress {
            street: "Rua dos Navegantes (corrigida)".into(),
            ..page.address.clone()
        },
        ..page.clone()
    };
    let mut w = coord.store().writer(coord.actor()).await.unwrap();
    assert!(w.edit_customer(customer, &edit, Utc::now()).await.unwrap());
    w.commit().await.unwrap();
    coord.sync().await;
    josue.sync().await;
    rita.sync().await;
    let (phone, street) = seen(&josue, order).await;
    assert!(phone.contains("98888"), "Josué sees the new phone: {phone}");
    assert_eq!(street, "Rua dos Navegantes (corrigida)");
    // The copy goes to Josué alone: nothing of this customer is logged for Rita.
    let copies = |technician: Uuid| {
        let pool = server.db.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM ops WHERE kind = 'customer.edit' AND audience = $1",
            )
            .bind(format!("only:{technician}"))
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(copies(server.technician).await, 1);
    assert_eq!(copies(server.other_technician).await, 0);

    // The customer moves: an address change Josué does.
    let plan = coord.store().get_order(order).await.unwrap().plan.id;
    let plan = Uuid::parse_str(&plan).unwrap();
    let mut w = coord.store().writer(coord.actor()).await.unwrap();
    let moving = w
        .create_order(
            &NewOrder {
                new_address: Some(campo_fixtures::amparo()),
                ..NewOrder::new(OrderKind::AddressChange, customer, plan)
            },
            Utc::now(),
        )
        .await
        .unwrap();
    approve_and_schedule(&mut w, moving, day, server.technician).await;
    // And a repair for her, for Rita: her device gets the customer as edited.
    let repair = w
        .create_order(
            &NewOrder::new(OrderKind::Repair, customer, plan),
            Utc::now(),
        )
        .await
        .unwrap();
    w.schedule_order(
        repair,
        day,
        Period::Afternoon,
        server.other_technician,
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    coord.sync().await;
    josue.sync().await;
    rita.sync().await;
    let (phone, street) = seen(&rita, repair).await;
    assert!(phone.contains("98888"), "the edited phone: {phone}");
    assert_eq!(street, "Rua dos Navegantes (corrigida)");
    assert_eq!(
        rita.store().customers_with_personal_data().await.unwrap(),
        0
    );
    let mut w = josue.store().writer(josue.actor()).await.unwrap();
    start_visit(&mut w, moving).await;
    w.transition_order(
        moving,
        &because(OrderStatus::Done, "Mudança feita"),
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    josue.sync().await;
    coord.sync().await;
    assert_eq!(seen(&coord, order).await.1, "Rua do Amparo");

    // Done by Josué, the move reaches Rita's repair too: the visit is at the new home.
    rita.sync().await;
    let theirs = rita.store().get_order(repair).await.unwrap();
    assert_eq!(theirs.customer.address.street, "Rua do Amparo");
    assert_eq!(theirs.customer.address.city, "Olinda");
    assert_eq!(
        rita.store().customers_with_personal_data().await.unwrap(),
        0
    );

    // A new computer of Rita's starts from the customer as she is now: edited and moved.
    let fresh = device(&server, "rita").await;
    fresh.sync().await;
    let (phone, street) = seen(&fresh, repair).await;
    assert!(phone.contains("98888"), "the edited phone: {phone}");
    assert_eq!(street, "Rua do Amparo", "where she lives now");
    assert_eq!(
        fresh.store().get_order(repair).await.unwrap().customer.cpf,
        None
    );
}
