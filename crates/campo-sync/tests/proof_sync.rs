//! Proof of service through a real server: the customer's signature taken on the technician's
//! device reaches the office, a technician's device starting again keeps it, and the closing
//! rules the office sets reach the field.

use campo_domain::OrderStatus;
use campo_domain::closing::SignerRelation;
use campo_fixtures::data::go;
use campo_fixtures::server::{Device, device, office_and_field, start};
use campo_store::Actor;
use chrono::Utc;

/// The office requires the customer's signature on installations.
async fn require_signature(coord: &Device) {
    let mut w = coord.store().writer(coord.actor()).await.unwrap();
    w.set_closing_rules(
        &[campo_fixtures::installations_need(true, true, 0)],
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
}

#[tokio::test]
async fn a_signature_taken_in_the_field_reaches_the_office_and_stays_with_the_order() {
    let server = start().await;
    let (coord, tech) = office_and_field(&server).await;
    // The office requires the signature on installations.
    require_signature(&coord).await;
    let order = coord.schedules_today(server.technician).await;
    assert_eq!(coord.sync().await.rejected, 0);
    tech.sync().await;
    let seen = tech.store().get_order(order).await.unwrap();
    assert!(seen.signature_required, "the rule reached the field");

    // At the customer's: not done without the signature, done once signed.
    let strokes: Vec<Vec<[u16; 2]>> = vec![(0..30).map(|i| [40 + i * 15, 90 + i % 4]).collect()];
    let mut w = tech
        .store()
        .writer(Actor {
            id: server.technician,
        })
        .await
        .unwrap();
    campo_fixtures::data::start_visit(&mut w, order).await;
    assert!(
        w.transition_order(order, &go(OrderStatus::Done), Utc::now())
            .await
            .is_err()
    );
    w.sign_order(
        order,
        "Maria da Silva",
        SignerRelation::Holder,
        strokes.clone(),
        Utc::now(),
    )
    .await
    .unwrap();
    w.transition_order(order, &go(OrderStatus::Done), Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let report = tech.sync().await;
    assert_eq!((report.rejected, report.conflicts), (0, 0), "{report:?}");

    coord.sync().await;
    let there = coord.store().get_order(order).await.unwrap();
    assert_eq!(there.order.status, OrderStatus::Done);
    let signature = there.signature.expect("the office sees the signature");
    assert_eq!(signature.signer_name, "Maria da Silva");
    assert_eq!(signature.taken_by, "Josué Lins");
    assert_eq!(signature.strokes, strokes);

    // The technician's new device starts from its snapshot: the order and its signature.
    let again = device(&server, "josue").await;
    again.sync().await;
    let kept = again.store().get_order(order).await.unwrap();
    assert_eq!(kept.order.status, OrderStatus::Done);
    assert_eq!(
        kept.signature.map(|s| s.signer_name).as_deref(),
        Some("Maria da Silva")
    );
    assert!(kept.signature_required);
}

#[tokio::test]
async fn the_server_refuses_to_close_without_the_signature_it_requires_even_from_a_stale_device() {
    let server = start().await;
    let (coord, tech) = office_and_field(&server).await;
    let order = coord.schedules_today(server.technician).await;
    coord.sync().await;
    tech.sync().await;
    let technician = Actor {
        id: server.technician,
    };
    let mut w = tech.store().writer(technician).await.unwrap();
    campo_fixtures::data::start_visit(&mut w, order).await;
    w.commit().await.unwrap();
    tech.sync().await;

    // The office now requires the signature; the technician's device has not heard yet and
    // closes the visit without it.
    require_signature(&coord).await;
    coord.sync().await;
    let mut w = tech.store().writer(technician).await.unwrap();
    w.transition_order(order, &go(OrderStatus::Done), Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let report = tech.sync().await;
    assert_eq!(report.rejected, 1, "{report:?}");
    let refused = tech.store().refused_operations(10).await.unwrap();
    assert!(
        refused.iter().any(|r| r.kind == "order.transition"
            && r.push_note
                .as_deref()
                .is_some_and(|n| n.contains("signature_missing"))),
        "{refused:?}"
    );
    coord.sync().await;
    assert_eq!(
        coord.store().get_order(order).await.unwrap().order.status,
        OrderStatus::InProgress,
        "the server kept the order open"
    );

    // Signed, closed again: accepted.
    let strokes: Vec<Vec<[u16; 2]>> = vec![(0..20).map(|i| [50 + i * 20, 100]).collect()];
    let mut w = tech.store().writer(technician).await.unwrap();
    w.sign_order(order, "Maria", SignerRelation::Holder, strokes, Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    tech.sync().await;
    let mut w = tech.store().writer(technician).await.unwrap();
    if w.status_of(order).await.unwrap() != OrderStatus::Done {
        w.transition_order(order, &go(OrderStatus::Done), Utc::now())
            .await
            .unwrap();
    }
    w.commit().await.unwrap();
    tech.sync().await;
    coord.sync().await;
    assert_eq!(
        coord.store().get_order(order).await.unwrap().order.status,
        OrderStatus::Done
    );
}
