//! Proof of service (issue 21): the customer's signature taken at the visit, and the closing
//! rules a provider sets per order kind — an order is not done while something its kind
//! requires is missing, and the technician hears everything missing at once, by name.

use campo_domain::OrderStatus;
use campo_domain::closing::SignerRelation;
use campo_fixtures::data::{because, go, installation_under, installations_need};
use campo_store::stock::NewItem;
use campo_store::{Actor, Store, StoreError};
use chrono::Utc;
use uuid::Uuid;

/// A signature drawn across the box: a long stroke and a short one.
fn drawn() -> Vec<Vec<[u16; 2]>> {
    vec![
        (0..40).map(|i| [20 + i * 12, 100 + (i % 7) * 5]).collect(),
        vec![[300, 40], [310, 60], [320, 80]],
    ]
}

struct World {
    store: Store,
    admin: Actor,
    tech: Actor,
    order: Uuid,
}

/// An installation scheduled for a technician and in progress; the provider requires the
/// signature on installations.
async fn world(signature: bool) -> World {
    let (store, admin, tech, order) =
        installation_under(installations_need(true, signature, 0)).await;
    let mut w = store.writer(tech).await.unwrap();
    campo_fixtures::data::start_visit(&mut w, order).await;
    w.commit().await.unwrap();
    World {
        store,
        admin,
        tech,
        order,
    }
}

async fn status(store: &Store, order: Uuid) -> OrderStatus {
    store.get_order(order).await.unwrap().order.status
}

#[tokio::test]
async fn an_order_whose_kind_requires_the_signature_is_not_done_without_it() {
    let w = world(true).await;
    let detail = w.store.get_order(w.order).await.unwrap();
    assert!(detail.signature_required);
    assert_eq!(detail.signature, None);

    let mut tx = w.store.writer(w.tech).await.unwrap();
    let err = tx
        .transition_order(w.order, &go(OrderStatus::Done), Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Closing(c) if !c.reason_settles()),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Para concluir falta: a assinatura do cliente"
    );
    // A reason does not excuse a signature.
    let err = tx
        .transition_order(
            w.order,
            &because(OrderStatus::Done, "Cliente ausente"),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Closing(_)), "{err:?}");
    drop(tx);
    assert_eq!(status(&w.store, w.order).await, OrderStatus::InProgress);

    let mut tx = w.store.writer(w.tech).await.unwrap();
    tx.sign_order(
        w.order,
        "  Maria da Silva ",
        SignerRelation::Holder,
        drawn(),
        Utc::now(),
    )
    .await
    .unwrap();
    tx.transition_order(w.order, &go(OrderStatus::Done), Utc::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let detail = w.store.get_order(w.order).await.unwrap();
    assert_eq!(detail.order.status, OrderStatus::Done);
    let signature = detail.signature.expect("kept");
    assert_eq!(signature.signer_name, "Maria da Silva");
    assert_eq!(signature.relation, SignerRelation::Holder);
    assert_eq!(signature.taken_by, "Josué Lins");
    assert_eq!(signature.strokes, drawn());

    // The signature went to the outbox with the move, in that order.
    let kinds: Vec<String> = w
        .store
        .pending_operations(1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.kind)
        .collect();
    let signed = kinds.iter().position(|k| k == "order.sign").expect("sent");
    let done = kinds.iter().rposition(|k| k == "order.transition").unwrap();
    assert!(signed < done, "{kinds:?}");
}

#[tokio::test]
async fn everything_missing_is_named_at_once_and_a_reason_excuses_only_the_equipment() {
    let w = world(true).await;
    let plan_id: String = w.store.get_order(w.order).await.unwrap().plan.id;
    let mut tx = w.store.writer(w.admin).await.unwrap();
    let onu = tx
        .create_stock_item(
            &NewItem {
                name: "ONU Huawei".into(),
                ..campo_fixtures::onu()
            },
            Utc::now(),
        )
        .await
        .unwrap();
    tx.set_plan_equipment(plan_id.parse().unwrap(), &[(onu, 1)])
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = w.store.writer(w.tech).await.unwrap();
    let err = tx
        .transition_order(w.order, &go(OrderStatus::Done), Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Para concluir falta: os equipamentos do plano (ONU Huawei (1)) e a assinatura do cliente"
    );
    assert_eq!(
        campo_domain::Localized::message(&err, campo_domain::Lang::En),
        "Before closing, still needed: the plan's equipment (ONU Huawei (1)) and the customer's signature"
    );
    // With a reason for the equipment, only the signature is missing.
    let err = tx
        .transition_order(
            w.order,
            &because(OrderStatus::Done, "ONU do cliente reaproveitada"),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Para concluir falta: a assinatura do cliente"
    );
    tx.sign_order(
        w.order,
        "João Pereira",
        SignerRelation::Family,
        drawn(),
        Utc::now(),
    )
    .await
    .unwrap();
    // Signed but the equipment still missing and no reason: the equipment's own refusal,
    // which the app answers by offering to record it or to give the reason.
    let err = tx
        .transition_order(w.order, &go(OrderStatus::Done), Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Stock(campo_domain::stock::StockError::MissingEquipment(_))
        ),
        "{err:?}"
    );
    tx.transition_order(
        w.order,
        &because(OrderStatus::Done, "ONU do cliente reaproveitada"),
        Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(status(&w.store, w.order).await, OrderStatus::Done);
}

#[tokio::test]
async fn without_the_rule_an_order_closes_as_before_and_rules_are_kept_per_kind() {
    let w = world(false).await;
    assert!(!w.store.get_order(w.order).await.unwrap().signature_required);
    let rules = w.store.closing_rules().await.unwrap();
    assert_eq!(rules.len(), campo_domain::OrderKind::ALL.len());
    assert!(rules.iter().all(|r| !r.signature));

    // Setting the same rules again sends nothing; a change sends only the kind changed.
    let before = w.store.pending_operations(10_000).await.unwrap().len();
    let mut tx = w.store.writer(w.admin).await.unwrap();
    tx.set_closing_rules(&rules, Utc::now()).await.unwrap();
    let mut repair = rules[1];
    repair.signature = true;
    tx.set_closing_rules(&[repair], Utc::now()).await.unwrap();
    tx.commit().await.unwrap();
    let ops = w.store.pending_operations(10_000).await.unwrap();
    assert_eq!(ops.len(), before + 1);
    let last = ops.last().unwrap();
    assert_eq!(last.kind, "closing.rules.set");
    assert!(last.payload.contains("\"repair\"") && !last.payload.contains("installation"));
    let rules = w.store.closing_rules().await.unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r.kind == campo_domain::OrderKind::Repair && r.signature)
    );

    let mut tx = w.store.writer(w.tech).await.unwrap();
    tx.transition_order(w.order, &go(OrderStatus::Done), Utc::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(status(&w.store, w.order).await, OrderStatus::Done);
}

#[tokio::test]
async fn a_signature_is_refused_when_it_is_a_tap_nameless_or_not_at_the_visit() {
    let (store, _, tech, order) = installation_under(installations_need(false, false, 0)).await;
    let before = store.pending_operations(10_000).await.unwrap().len();

    let mut w = store.writer(tech).await.unwrap();
    let err = w
        .sign_order(order, "Maria", SignerRelation::Holder, drawn(), Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "A assinatura é colhida na visita: com a ordem em deslocamento, em execução ou concluída"
    );
    w.transition_order(order, &go(OrderStatus::EnRoute), Utc::now())
        .await
        .unwrap();
    let tap = vec![vec![[10, 10], [11, 10]]];
    let err = w
        .sign_order(order, "Maria", SignerRelation::Holder, tap, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "Peça ao cliente que assine no quadro");
    let err = w
        .sign_order(order, "   ", SignerRelation::Holder, drawn(), Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Validation(_)), "{err:?}");
    let outside = vec![(0..10).map(|i| [590 + i * 2, 10]).collect()];
    let err = w
        .sign_order(order, "Maria", SignerRelation::Holder, outside, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "A assinatura tem pontos fora do quadro");
    w.commit().await.unwrap();
    assert_eq!(store.order_signature(order).await.unwrap(), None);
    // Only the move was written.
    assert_eq!(
        store.pending_operations(10_000).await.unwrap().len(),
        before + 1
    );
}

#[tokio::test]
async fn another_device_sees_the_signature_and_the_rules_once_applied() {
    let w = world(true).await;
    let mut tx = w.store.writer(w.tech).await.unwrap();
    tx.sign_order(
        w.order,
        "Maria da Silva",
        SignerRelation::Representative,
        drawn(),
        Utc::now(),
    )
    .await
    .unwrap();
    tx.transition_order(w.order, &go(OrderStatus::Done), Utc::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let office = Store::open_in_memory().await.unwrap();
    let ops = campo_fixtures::data::relayed(&w.store).await;
    let last = ops.last().unwrap().server_seq;
    office.apply_remote(&ops, last).await.unwrap();
    // Applying the page again changes nothing.
    office.apply_remote(&ops, last).await.unwrap();
    let there = office.get_order(w.order).await.unwrap();
    assert_eq!(there.order.status, OrderStatus::Done);
    assert!(there.signature_required, "the rules came too");
    let signature = there.signature.expect("signature arrived");
    assert_eq!(signature.signer_name, "Maria da Silva");
    assert_eq!(signature.relation, SignerRelation::Representative);
    assert_eq!(signature.strokes, drawn());
    assert_eq!(signature.taken_by, "Josué Lins");
}
