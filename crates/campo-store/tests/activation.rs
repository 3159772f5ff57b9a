//! Activation checklists on a small demo provider: the queue, ticking, completion only when
//! every required item passes, failing with a repair visit, attempts kept, template versions.

use campo_demo::{DEFAULT_SEED, DemoSize, today_in_recife};
use campo_domain::activation::{ActivationError, ItemKind, Outcome, TemplateItem};
use campo_domain::{Lang, Localized, OrderStatus};
use campo_store::activation::{IPTV, TickInput};
use campo_store::indicators::IndicatorFilter;
use campo_store::{Actor, Store, StoreError};
use chrono::Utc;
use uuid::Uuid;

const SMALL: DemoSize = DemoSize {
    technicians: 4,
    customers: 80,
    orders: 400,
    days: 20,
};

async fn demo() -> (Store, Actor) {
    let store = Store::open_in_memory().await.unwrap();
    let s = campo_demo::seed_demo(&store, SMALL, DEFAULT_SEED, today_in_recife())
        .await
        .unwrap();
    (store, Actor { id: s.local_user })
}

/// The queue's IPTV lines (the demo's top plan has a streaming SVA too).
async fn iptv_queue(store: &Store) -> Vec<campo_store::activation::ActivationRow> {
    let mut queue = store.activation_queue(None).await.unwrap();
    queue.retain(|r| r.service == IPTV);
    queue
}

fn tick(key: &str, value: &str, note: Option<&str>) -> TickInput {
    TickInput {
        item_key: key.into(),
        value: value.into(),
        note: note.map(str::to_owned),
    }
}

/// Passing answers for every item of the default template.
/// The set-top box the demo installed at the order's customer's.
async fn stb_of(store: &Store, order: Uuid) -> String {
    let view = store.activation_of(order, Lang::PtBr).await.unwrap();
    view.customer_serials
        .into_iter()
        .find(|s| s.starts_with("STBX"))
        .expect("the demo records the set-top box of a finished IPTV installation")
}

fn all_pass(stb: &str) -> Vec<TickInput> {
    vec![
        tick("configurar", "true", None),
        tick("sinal-optico", "-19,5", None),
        tick("canais-abertos", "true", None),
        tick("canais-hd", "true", None),
        tick("canais-premium", "true", None),
        tick("login", "true", None),
        tick("orientacao", "true", None),
        tick("serial-stb", stb, None),
    ]
}

#[tokio::test]
async fn ticking_every_required_item_activates_and_a_failure_comes_back_with_its_history() {
    let (store, me) = demo().await;
    let queue = iptv_queue(&store).await;
    assert!(queue.len() >= 2, "the demo has IPTV installations done");
    assert!(
        queue
            .iter()
            .all(|r| r.order.has_iptv && r.order.status == OrderStatus::Done)
    );
    let first = Uuid::parse_str(&queue[0].order.id).unwrap();
    let second = Uuid::parse_str(&queue[1].order.id).unwrap();

    let (stb_first, stb_second) = (stb_of(&store, first).await, stb_of(&store, second).await);
    // First order: every required answer passes, the optional bitrate is skipped.
    let mut w = store.writer(me).await.unwrap();
    let a = w.start_activation(first, Utc::now()).await.unwrap();
    // Completing early names what is missing.
    let early = w.complete_activation(a, Utc::now()).await.unwrap_err();
    assert!(
        early
            .message(Lang::PtBr)
            .starts_with("Faltam itens obrigatórios: Configurar IPTV")
    );
    for t in all_pass(&stb_first) {
        // Every answer is recorded, the premium item's too (it simply does not count on a
        // plan without premium channels).
        let r = w.tick_activation(a, &t, Utc::now()).await.unwrap();
        assert_eq!(r, Outcome::Pass, "{}", t.item_key);
    }
    w.complete_activation(a, Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    let view = store.activation_of(first, Lang::PtBr).await.unwrap();
    assert!(view.active);
    assert!(
        iptv_queue(&store)
            .await
            .iter()
            .all(|r| r.order.id != first.to_string())
    );

    // Second order: a measure out of range fails and needs a note; a non-number is refused.
    let mut w = store.writer(me).await.unwrap();
    let b = w.start_activation(second, Utc::now()).await.unwrap();
    let nan = w
        .tick_activation(b, &tick("sinal-optico", "fraco", None), Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        nan.message(Lang::PtBr),
        "Valor inválido em “Sinal óptico na ONU”: “fraco” não é um número"
    );
    let no_note = w
        .tick_activation(b, &tick("sinal-optico", "-29", None), Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(no_note, StoreError::Activation(_)));
    assert_eq!(
        w.tick_activation(
            b,
            &tick("sinal-optico", "-29", Some("Conector sujo na caixa")),
            Utc::now()
        )
        .await
        .unwrap(),
        Outcome::Fail
    );
    let repair = w
        .fail_activation(b, "Sinal óptico baixo: precisa de visita", true, Utc::now())
        .await
        .unwrap()
        .unwrap();
    w.commit().await.unwrap();
    let repair = store.get_order(repair).await.unwrap();
    // The repair visit waits in the agenda's queue, its notes saying why in the technician's
    // words.
    assert_eq!(repair.order.status, OrderStatus::Approved);
    assert_eq!(repair.order.kind, campo_domain::OrderKind::Repair);
    assert_eq!(
        repair.notes.as_deref(),
        Some("Sinal óptico baixo: precisa de visita")
    );
    let back = iptv_queue(&store).await;
    let row = back
        .iter()
        .find(|r| r.order.id == second.to_string())
        .unwrap();
    assert_eq!(
        (row.attempts, row.last_status.as_deref()),
        (1, Some("failed"))
    );

    // The second attempt keeps the first one's history.
    let mut w = store.writer(me).await.unwrap();
    let c = w.start_activation(second, Utc::now()).await.unwrap();
    assert_ne!(b, c);
    for t in all_pass(&stb_second) {
        w.tick_activation(c, &t, Utc::now()).await.unwrap();
    }
    w.complete_activation(c, Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    let view = store.activation_of(second, Lang::PtBr).await.unwrap();
    assert_eq!(view.attempts.len(), 2);
    assert_eq!(view.attempts[0].status, "failed");
    assert_eq!(view.attempts[0].follow_up.as_deref(), Some("repair"));
    let signal = view.attempts[0]
        .items
        .iter()
        .find(|i| i.item.key == "sinal-optico")
        .unwrap();
    assert_eq!(signal.history.len(), 1);
    assert_eq!(
        signal.current.as_ref().unwrap().note.as_deref(),
        Some("Conector sujo na caixa")
    );
    assert_eq!(view.attempts[1].status, "passed");
    assert!(view.active);
}

#[tokio::test]
async fn a_new_template_version_leaves_a_checklist_in_progress_alone() {
    let (store, me) = demo().await;
    let queue = iptv_queue(&store).await;
    let (one, two) = (
        Uuid::parse_str(&queue[0].order.id).unwrap(),
        Uuid::parse_str(&queue[1].order.id).unwrap(),
    );
    let v1 = store.activation_template(IPTV).await.unwrap().unwrap();
    let mut w = store.writer(me).await.unwrap();
    w.start_activation(one, Utc::now()).await.unwrap();
    let mut items = v1.items.clone();
    items.retain(|i| i.key != "bitrate");
    items.push(TemplateItem {
        key: String::new(),
        title: "Controle remoto pareado".into(),
        instructions: "Parear o controle com o set-top box.".into(),
        required: true,
        kind: ItemKind::Check,
        only_for: None,
    });
    w.save_activation_template(IPTV, "Ativação IPTV", &items, Utc::now())
        .await
        .unwrap();
    // Bad templates are refused by name.
    let mut dup = items.clone();
    dup[1].title = dup[0].title.clone();
    assert!(
        w.save_activation_template(IPTV, "Ativação IPTV", &dup, Utc::now())
            .await
            .unwrap_err()
            .message(Lang::PtBr)
            .starts_with("Título repetido")
    );
    assert!(
        w.save_activation_template(IPTV, "Ativação IPTV", &[], Utc::now())
            .await
            .is_err()
    );
    w.start_activation(two, Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    let v2 = store.activation_template(IPTV).await.unwrap().unwrap();
    assert_eq!(v2.version, v1.version + 1);
    let in_progress = store.activation_of(one, Lang::PtBr).await.unwrap();
    assert!(in_progress.attempts[0].template.ends_with("(v1)"));
    assert!(
        in_progress.attempts[0]
            .items
            .iter()
            .any(|i| i.item.key == "bitrate")
    );
    let newer = store.activation_of(two, Lang::PtBr).await.unwrap();
    assert!(newer.attempts[0].template.ends_with("(v2)"));
    assert!(
        newer.attempts[0]
            .items
            .iter()
            .any(|i| i.item.title == "Controle remoto pareado")
    );
}

#[tokio::test]
async fn metrics_count_first_pass_activations_and_the_items_that_fail() {
    let (store, me) = demo().await;
    let queue = iptv_queue(&store).await;
    let ids: Vec<Uuid> = queue[..3]
        .iter()
        .map(|r| Uuid::parse_str(&r.order.id).unwrap())
        .collect();
    let mut stbs = std::collections::HashMap::new();
    for id in &ids {
        stbs.insert(*id, stb_of(&store, *id).await);
    }
    let mut w = store.writer(me).await.unwrap();
    // Two pass first time; the third fails on the optical signal, then passes.
    for id in &ids {
        let a = w.start_activation(*id, Utc::now()).await.unwrap();
        if *id == ids[2] {
            w.tick_activation(a, &tick("sinal-optico", "-30", Some("baixo")), Utc::now())
                .await
                .unwrap();
            w.fail_activation(a, "Sinal", false, Utc::now())
                .await
                .unwrap();
            let b = w.start_activation(*id, Utc::now()).await.unwrap();
            for t in all_pass(&stbs[id]) {
                w.tick_activation(b, &t, Utc::now()).await.unwrap();
            }
            w.complete_activation(b, Utc::now()).await.unwrap();
        } else {
            for t in all_pass(&stbs[id]) {
                w.tick_activation(a, &t, Utc::now()).await.unwrap();
            }
            w.complete_activation(a, Utc::now()).await.unwrap();
        }
    }
    w.commit().await.unwrap();
    let today = today_in_recife();
    let period = IndicatorFilter::period(
        today.pred_opt().unwrap().to_string(),
        today.succ_opt().unwrap().to_string(),
    );
    let m = store.activation_metrics(&period).await.unwrap();
    assert_eq!(m.activated, 3);
    let first_pass = m.first_pass_pct.unwrap();
    assert!((first_pass - 66.7).abs() < 0.01, "{first_pass}");
    assert_eq!(m.most_failed[0], ("Sinal óptico na ONU".to_owned(), 1));
    assert!(m.median_hours_to_activation.unwrap() > 0.0);
    assert_eq!(m.by_manager[0].1, 3);
    // The figure opens to the activation that needed a second attempt.
    assert_eq!(m.retried.len(), 1);
    assert_eq!(m.retried[0].order_id, ids[2].to_string());
    assert_eq!(m.retried[0].attempts, 2);
    // The page as a CSV, as the manager exports it.
    let csv = m.to_csv(Lang::PtBr);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "agrupamento;item;ativações;na 1ª tentativa (%);vezes;tentativas"
    );
    assert_eq!(lines[1], "total;Total;3;66,7;;");
    assert!(
        lines.contains(&"teste que falhou;Sinal óptico na ONU;;;1;"),
        "{csv}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("outra tentativa;") && l.ends_with(";;;;2")),
        "{csv}"
    );
    assert!(m.to_csv(Lang::En).starts_with("grouping;item;activations;"));

    // Another technician's installations, or a period before: nothing, and no 0 %.
    let other = IndicatorFilter {
        technician_id: Some(Uuid::from_u128(7).to_string()),
        ..period.clone()
    };
    let none = store.activation_metrics(&other).await.unwrap();
    assert_eq!((none.activated, none.first_pass_pct), (0, None));
    assert!(none.most_failed.is_empty() && none.retried.is_empty());
    let before = IndicatorFilter::period("2020-01-01", "2020-12-31");
    let none = store.activation_metrics(&before).await.unwrap();
    assert_eq!(none.first_pass_pct, None);
}

#[tokio::test]
async fn the_set_top_box_serial_is_checked_against_the_stock_ledger() {
    let (store, me) = demo().await;
    let queue = iptv_queue(&store).await;
    let order = Uuid::parse_str(&queue[0].order.id).unwrap();
    // A set-top box still in the warehouse is not the one at this customer's.
    let warehouse = store.stock_overview(Lang::PtBr).await.unwrap().places[0]
        .id
        .clone();
    let in_warehouse = store
        .place_stock(Uuid::parse_str(&warehouse).unwrap(), Lang::PtBr)
        .await
        .unwrap()
        .units
        .into_iter()
        .find(|u| u.serial.starts_with("STBX"))
        .unwrap()
        .serial;
    let mut w = store.writer(me).await.unwrap();
    let a = w.start_activation(order, Utc::now()).await.unwrap();
    let refused = w
        .tick_activation(a, &tick("serial-stb", &in_warehouse, None), Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &refused,
            StoreError::Activation(ActivationError::SerialNotAtCustomer { serial, place })
                if *serial == in_warehouse && place.stored == "Almoxarifado Central"
        ),
        "{refused:?}"
    );
    // A serial the stock never saw is a typing slip, not an answer.
    let refused = w
        .tick_activation(a, &tick("serial-stb", "naocadastrado1", None), Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, StoreError::Activation(ActivationError::UnknownSerial(s)) if s == "NAOCADASTRADO1"),
        "{refused:?}"
    );
    w.commit().await.unwrap();
    // Nothing was recorded for the refused serials; the view offers the customer's own.
    let view = store.activation_of(order, Lang::PtBr).await.unwrap();
    let item = view.attempts[0]
        .items
        .iter()
        .find(|i| i.item.key == "serial-stb")
        .unwrap();
    assert!(item.history.is_empty());
    assert!(!view.customer_serials.contains(&in_warehouse));
    let Some(installed) = view.customer_serials.iter().find(|s| s.starts_with("STBX")) else {
        panic!(
            "the demo installs a set-top box at {}: {:?}",
            order, view.customer_serials
        );
    };
    let mut w = store.writer(me).await.unwrap();
    let outcome = w
        .tick_activation(
            a,
            &tick("serial-stb", &installed.to_lowercase(), None),
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Pass);
}

#[tokio::test]
async fn every_sva_a_plan_names_has_its_own_checklist_and_its_own_line_in_the_queue() {
    let (store, me) = demo().await;
    let queue = iptv_queue(&store).await;
    let order = Uuid::parse_str(&queue[0].order.id).unwrap();
    let detail = store.get_order(order).await.unwrap();
    // The plan also includes two SVAs (as the administration writes them).
    let plan = Uuid::parse_str(&detail.plan.id).unwrap();
    let mut w = store.writer(me).await.unwrap();
    w.save_plan(
        Some(plan),
        &campo_store::plans::PlanInput {
            name: detail.plan.name.clone(),
            download_mbps: i64::from(detail.plan.download_mbps),
            price_cents: i64::from(detail.plan.price_cents),
            has_iptv: true,
            premium: detail.plan.premium,
            svas: vec!["Paramount+".into(), " Deezer ".into(), "paramount+".into()],
            sold: true,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    // One checklist for Paramount+; none yet for Deezer.
    campo_fixtures::data::paramount_checklist(&mut w).await;
    w.commit().await.unwrap();

    let mine = |q: &[campo_store::activation::ActivationRow]| -> Vec<String> {
        q.iter()
            .filter(|r| r.order.id == order.to_string())
            .map(|r| r.service_name.clone())
            .collect()
    };
    let queue = store.activation_queue(None).await.unwrap();
    assert_eq!(
        mine(&queue),
        ["IPTV", "Paramount+", "Deezer"],
        "one line per service, each once"
    );
    let services = store.activation_services().await.unwrap();
    let names: Vec<(&str, Option<&str>)> = services
        .iter()
        .map(|s| (s.name.as_str(), s.template.as_deref()))
        .collect();
    assert!(
        names.contains(&("Paramount+", Some("Ativação Paramount+ (v1)"))),
        "{names:?}"
    );
    assert!(names.contains(&("Deezer", None)), "{names:?}");

    let mut w = store.writer(me).await.unwrap();
    let err = w
        .start_service_activation(order, "deezer", Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "Não há checklist de ativação para Deezer: crie um em Ativação → Checklists"
    );
    let err = w
        .start_service_activation(order, "netflix", Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Activation(ActivationError::NotInPlan(_))),
        "{err:?}"
    );
    let a = w
        .start_service_activation(order, "paramount+", Utc::now())
        .await
        .unwrap();
    w.tick_activation(a, &tick("conta", "true", None), Utc::now())
        .await
        .unwrap();
    w.complete_activation(a, Utc::now()).await.unwrap();
    w.commit().await.unwrap();

    let view = store
        .service_activation_of(order, "paramount+", Lang::PtBr)
        .await
        .unwrap();
    assert!(view.active);
    assert_eq!(view.service_name, "Paramount+");
    assert_eq!(view.attempts.len(), 1);
    assert_eq!(view.attempts[0].attempt, 1);
    // IPTV is not active for having activated Paramount+.
    assert!(!store.activation_of(order, Lang::PtBr).await.unwrap().active);
    let queue = store.activation_queue(None).await.unwrap();
    assert_eq!(mine(&queue), ["IPTV", "Deezer"]);
}

#[tokio::test]
async fn the_demo_sells_a_plan_with_a_streaming_sva_and_its_checklist() {
    let (store, _) = demo().await;
    let services = store.activation_services().await.unwrap();
    let globoplay = services
        .iter()
        .find(|s| s.name == "Globoplay")
        .expect("the top plan names Globoplay");
    assert_eq!(
        globoplay.template.as_deref(),
        Some("Ativação Globoplay (v1)")
    );
    let queue = store.activation_queue(None).await.unwrap();
    assert!(
        queue.iter().any(|r| r.service_name == "Globoplay"),
        "installations of the top plan wait for Globoplay too"
    );
}
