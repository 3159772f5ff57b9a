//! The customer is kept informed (seed 003): at scheduling, at a new date, with the
//! technician on the way and when done, the order offers a pt-BR message with the date, period
//! and number; sending it is recorded, and a new date asks for a new message.

use campo_domain::message::Moment;
use campo_domain::{OrderStatus, Period};
use campo_fixtures::data::{go, maria, person, plan_iptv, sale};
use campo_store::write::Role;
use campo_store::{Actor, Store};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

#[tokio::test]
async fn each_moment_of_the_visit_has_its_message_and_sending_it_is_recorded() {
    let store = Store::open_in_memory().await.unwrap();
    let admin = Uuid::now_v7();
    let technician = Uuid::now_v7();
    let mut w = store.writer(Actor { id: admin }).await.unwrap();
    person(&mut w, admin, "Ana Prado", Role::Admin).await;
    person(&mut w, technician, "Josué Lins", Role::Technician).await;
    let (_, _, order) = sale(&mut w, &plan_iptv(), &maria()).await;
    w.transition_order(order, &go(OrderStatus::Approved), Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        store.customer_message(order).await.unwrap(),
        None,
        "nothing to tell yet"
    );

    let day = NaiveDate::from_ymd_opt(2030, 1, 7).unwrap();
    let mut w = store.writer(Actor { id: admin }).await.unwrap();
    w.schedule_order(order, day, Period::Afternoon, technician, Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let first = store.customer_message(order).await.unwrap().unwrap();
    assert_eq!(first.moment, Moment::Scheduled);
    assert!(first.text.starts_with("Olá, Maria! Sua instalação (OS 000001) está agendada para 07/01/2030 no período da tarde (13h às 18h). Quem vai atender você é Josué Lins, da nossa equipe técnica."), "{}", first.text);
    assert_eq!(first.phone, "81998765432");
    assert!(
        first
            .link
            .starts_with("https://wa.me/5581998765432?text=Ol%C3%A1")
    );
    assert_eq!(first.sent, None);

    let mut w = store.writer(Actor { id: admin }).await.unwrap();
    w.message_sent(order, first.moment, &first.key, Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let sent = store.customer_message(order).await.unwrap().unwrap();
    assert_eq!(sent.sent.map(|(_, by)| by).as_deref(), Some("Ana Prado"));

    // A new date: a new message, not yet sent.
    let mut w = store.writer(Actor { id: admin }).await.unwrap();
    let mut moved =
        campo_fixtures::data::because(OrderStatus::Scheduled, "Cliente pediu outro dia");
    moved.schedule = Some(campo_domain::order::Schedule {
        date: day.succ_opt().unwrap(),
        period: Period::Morning,
        technician_id: technician,
    });
    w.transition_order(order, &moved, Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    let again = store.customer_message(order).await.unwrap().unwrap();
    assert_eq!(again.moment, Moment::Rescheduled);
    assert!(
        again
            .text
            .contains("foi reagendada para 08/01/2030 no período da manhã (8h às 12h)")
    );
    assert_eq!(again.sent, None);

    // On the way.
    let mut w = store.writer(Actor { id: technician }).await.unwrap();
    w.transition_order(order, &go(OrderStatus::EnRoute), Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let on_way = store.customer_message(order).await.unwrap().unwrap();
    assert_eq!(on_way.moment, Moment::EnRoute);
    assert!(
        on_way
            .text
            .contains("Josué Lins, da nossa equipe técnica, está a caminho")
    );

    // Done: the last message, and its sending recorded by whoever sent it.
    let mut w = store.writer(Actor { id: technician }).await.unwrap();
    for to in [OrderStatus::InProgress, OrderStatus::Done] {
        w.transition_order(order, &go(to), Utc::now())
            .await
            .unwrap();
    }
    w.commit().await.unwrap();
    let done = store.customer_message(order).await.unwrap().unwrap();
    assert_eq!(done.moment, Moment::Done);
    assert!(done.text.contains("foi concluída em"), "{}", done.text);
    assert!(done.text.contains("OS 000001"), "{}", done.text);
    assert_eq!(done.sent, None);
    let mut w = store.writer(Actor { id: technician }).await.unwrap();
    w.message_sent(order, done.moment, &done.key, Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    let recorded = store.customer_message(order).await.unwrap().unwrap();
    assert_eq!(recorded.moment, Moment::Done);
    assert_eq!(
        recorded.sent.map(|(_, by)| by).as_deref(),
        Some("Josué Lins")
    );
    assert!(
        store
            .pending_operations(100)
            .await
            .unwrap()
            .iter()
            .any(|op| op.kind == "order.message"),
        "the sending travels to the other devices"
    );
}
