//! Reports kept on their order, through the application layer over a small demo provider: an
//! activation attempt that fails keeps its report; a second that passes keeps a newer one,
//! which is what every export gives from then on, even after the checklist changes.

use campo_core::Context;
use campo_core::activation::{
    activation_queue, complete_activation, fail_activation, save_activation_template,
    start_activation, tick_activation,
};
use campo_core::proof::export_activation_report;
use campo_demo::{DEFAULT_SEED, DemoSize, today_in_recife};
use campo_store::Store;
use campo_store::activation::{IPTV, TickInput};

mod support;

fn tick(key: &str, value: &str) -> TickInput {
    TickInput {
        item_key: key.into(),
        value: value.into(),
        note: None,
    }
}

#[tokio::test]
async fn each_ended_activation_attempt_keeps_its_report_and_exports_give_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(&dir.path().join("campo.db")).await.unwrap();
        let small = DemoSize {
            technicians: 4,
            customers: 80,
            orders: 400,
            days: 20,
        };
        campo_demo::seed_demo(&store, small, DEFAULT_SEED, today_in_recife())
            .await
            .unwrap();
    }
    let ctx = Context::new(dir.path().to_path_buf());
    let row = activation_queue(&ctx, None)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.service == IPTV)
        .expect("an IPTV installation waits");
    let order = row.order.id.clone();
    let stb = row_stb(&ctx, &order).await;

    // No attempt ended yet: the export is made now, nothing is kept.
    let early = std::fs::read(
        export_activation_report(&ctx, order.clone(), IPTV.into())
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(early.starts_with(b"%PDF"));

    // A first attempt fails on the signal.
    let view = start_activation(&ctx, order.clone(), IPTV.into())
        .await
        .unwrap();
    let a = view.attempts.last().unwrap().id.clone();
    let low = TickInput {
        note: Some("ONU longe da caixa".into()),
        ..tick("sinal-optico", "-31")
    };
    tick_activation(&ctx, order.clone(), a.clone(), low)
        .await
        .unwrap();
    fail_activation(&ctx, order.clone(), a, "Sinal baixo".into(), false)
        .await
        .unwrap();
    let after_fail = std::fs::read(
        export_activation_report(&ctx, order.clone(), IPTV.into())
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(after_fail != early, "the failed attempt's report is kept");
    assert!(words_of(&ctx, &order).await.contains("Sinal baixo"));

    // The second passes: its report is kept, newer.
    let view = start_activation(&ctx, order.clone(), IPTV.into())
        .await
        .unwrap();
    let b = view.attempts.last().unwrap().id.clone();
    for (key, value) in [
        ("configurar", "true"),
        ("sinal-optico", "-19,5"),
        ("canais-abertos", "true"),
        ("canais-hd", "true"),
        ("canais-premium", "true"),
        ("login", "true"),
        ("orientacao", "true"),
        ("serial-stb", stb.as_str()),
    ] {
        tick_activation(&ctx, order.clone(), b.clone(), tick(key, value))
            .await
            .unwrap();
    }
    complete_activation(&ctx, order.clone(), b).await.unwrap();
    let passed = std::fs::read(
        export_activation_report(&ctx, order.clone(), IPTV.into())
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(
        passed != after_fail,
        "a newer report for the second attempt"
    );
    let store = ctx.store().await.unwrap();
    let iptv = campo_protocol::ops::ReportOf::Activation {
        service: IPTV.into(),
    };
    let id = uuid::Uuid::parse_str(&order).unwrap();
    let kept = store
        .kept_report(id, &iptv)
        .await
        .unwrap()
        .expect("kept when the attempt ended");
    assert_eq!(
        store.blob(&kept.hash).await.unwrap().as_deref(),
        Some(passed.as_slice()),
        "the export is the kept file"
    );
    let reports = store
        .all_operations()
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == "order.report")
        .count();
    assert_eq!(
        reports, 2,
        "one report per ended attempt, waiting to be sent"
    );

    // The checklist gets a new version: the kept report still shows what was ticked then.
    let mut items = campo_domain::activation::default_iptv_items();
    items[0].title = "Configurar IPTV (versão nova do checklist)".into();
    save_activation_template(&ctx, IPTV.into(), "Ativação IPTV".into(), items)
        .await
        .unwrap();
    let again = std::fs::read(
        export_activation_report(&ctx, order.clone(), IPTV.into())
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(again == passed, "the kept file, as it was");
    let text = words_of(&ctx, &order).await;
    assert!(text.contains("Sinal baixo"), "{text}");
    assert!(!text.contains("versão nova do checklist"), "{text}");
}

async fn row_stb(ctx: &Context, order: &str) -> String {
    campo_core::activation::activation_of(ctx, order.into(), IPTV.into())
        .await
        .unwrap()
        .customer_serials
        .into_iter()
        .find(|s| s.starts_with("STBX"))
        .expect("the demo records the set-top box")
}

async fn words_of(ctx: &Context, order: &str) -> String {
    let path = export_activation_report(ctx, order.into(), IPTV.into())
        .await
        .unwrap();
    support::pdf_words(&path)
}
