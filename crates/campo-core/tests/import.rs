//! Importing a provider's files through the application layer, as the administrator's screen
//! does, against a real server on 127.0.0.1: the sample files of `docs/import` — plans,
//! customers with their two deliberate mistakes named by line and column, open orders that
//! land in the agenda's queue — then the same files again (nothing changes), an updated
//! export (the record changes, by its ERP id), and a cancel (nothing is kept).

use std::sync::atomic::AtomicBool;

use base64::Engine;
use campo_core::import::{
    cancel_import, check_import, choose_import_file, import_progress, run_import,
};
use campo_core::orders::list_orders;
use campo_core::sync::{refused_changes, sync_now};
use campo_core::{CommandError, Context, ErrorCode};
use campo_domain::{Lang, OrderStatus};
use campo_fixtures::server::start;
use campo_import::{ImportKind, Mapping};
use campo_store::StoreError;
use campo_store::import::{ImportError, Progress};
use campo_store::provider::Place;
use campo_store::views::{OrderFilter, PageRequest};

mod support;
use support::joined;

fn sample(name: &str) -> String {
    let path = format!("{}/../../docs/import/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
}

/// Chooses `text` as a file of `kind`, checks it and returns the matching and the check.
async fn chosen(
    ctx: &Context,
    kind: ImportKind,
    text: &str,
) -> (Mapping, campo_core::import::ImportCheck) {
    let preview = choose_import_file(ctx, kind, b64(text)).await.unwrap();
    let check = check_import(ctx, preview.mapping.clone()).await.unwrap();
    (preview.mapping, check)
}

async fn import(ctx: &Context, kind: ImportKind, text: &str) -> campo_core::import::ImportResult {
    let (mapping, check) = chosen(ctx, kind, text).await;
    assert_eq!(check.problem_count, 0, "{:?}", check.problems);
    run_import(ctx, mapping).await.unwrap()
}

async fn queue(ctx: &Context) -> Vec<String> {
    let filter = OrderFilter {
        statuses: vec![OrderStatus::Approved],
        ..OrderFilter::default()
    };
    let page = list_orders(
        ctx,
        filter,
        PageRequest {
            offset: 0,
            limit: 100,
        },
    )
    .await
    .unwrap();
    let mut names: Vec<String> = page.rows.into_iter().map(|r| r.customer_name).collect();
    names.sort();
    names
}

fn fixed_customers() -> String {
    sample("clientes.csv")
        .replace("111.444.777-36", "111.444.777-35")
        .replace("12/31/1980", "31/12/1980")
}

#[tokio::test]
async fn the_sample_files_come_in_once_and_reach_the_office() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;

    let plans = import(&admin, ImportKind::Plans, &sample("planos.csv")).await;
    assert_eq!(plans.summary.created, 3);

    // The customers' file as shipped: its two mistakes, by line and column; nothing written.
    let (mapping, check) = chosen(&admin, ImportKind::Customers, &sample("clientes.csv")).await;
    let problems: Vec<(usize, Option<String>, &str)> = check
        .problems
        .iter()
        .map(|p| (p.line, p.letter.clone(), p.message.as_str()))
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].0, 5);
    assert_eq!(problems[0].1.as_deref(), Some("C"));
    assert!(problems[0].2.contains("CPF inválido"), "{}", problems[0].2);
    assert_eq!(problems[1].0, 9);
    assert!(problems[1].2.contains("dd/mm/aaaa"), "{}", problems[1].2);
    assert_eq!(check.ready, 8);
    let refused = run_import(&admin, mapping).await.unwrap_err();
    let shown = CommandError::from_app(&refused, Lang::PtBr);
    assert_eq!(shown.code, ErrorCode::InvalidInput);
    assert!(shown.message.contains("2 problema"), "{}", shown.message);

    let customers = import(&admin, ImportKind::Customers, &fixed_customers()).await;
    assert_eq!(customers.summary.created, 10);

    let orders = import(&admin, ImportKind::Orders, &sample("ordens.csv")).await;
    assert_eq!(orders.summary.created, 7);
    assert_eq!(
        orders.left_out, 1,
        "the order finished in the ERP stays out"
    );
    // Open orders wait in the agenda's queue; the one in analysis (AN) waits there.
    let waiting = queue(&admin).await;
    assert_eq!(waiting.len(), 6, "{waiting:?}");
    assert!(waiting.contains(&"Ana Beatriz Cavalcanti".to_owned()));
    assert!(!waiting.contains(&"Elaine Souza Barros".to_owned()));

    // Everything reaches the server, and another office device gets it.
    sync_now(&admin).await.unwrap();
    assert!(refused_changes(&admin).await.unwrap().is_empty());
    let (_c, coordinator) = joined(&server.url, "mariana").await;
    assert_eq!(queue(&coordinator).await, waiting);

    // The same files again: nothing changes, nothing is sent.
    let (store, _) = admin.acting().await.unwrap();
    let written_before = store.all_operations().await.unwrap().len();
    for (kind, text) in [
        (ImportKind::Plans, sample("planos.csv")),
        (ImportKind::Customers, fixed_customers()),
        (ImportKind::Orders, sample("ordens.csv")),
    ] {
        let again = import(&admin, kind, &text).await;
        assert_eq!(again.summary.created + again.summary.updated, 0, "{kind:?}");
    }
    assert_eq!(store.all_operations().await.unwrap().len(), written_before);

    // An updated export: the customer with ERP id 1002 has a new phone.
    let updated = fixed_customers().replace("(81) 98731-5502", "(81) 98731-0000");
    let result = import(&admin, ImportKind::Customers, &updated).await;
    assert_eq!((result.summary.updated, result.summary.unchanged), (1, 9));
    sync_now(&admin).await.unwrap();
    assert!(refused_changes(&admin).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_cancelled_import_keeps_nothing() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    let preview = choose_import_file(&admin, ImportKind::Plans, b64(&sample("planos.csv")))
        .await
        .unwrap();
    assert!(!import_progress(&admin).await.unwrap().running);
    cancel_import(&admin).await.unwrap(); // nothing running: nothing happens

    // The store's import, cancelled under way, leaves the database as it was.
    let (store, actor) = admin.acting().await.unwrap();
    let written_before = store.all_operations().await.unwrap().len();
    let table = campo_import::table::read(sample("planos.csv").as_bytes()).unwrap();
    let checked = campo_import::check(
        ImportKind::Plans,
        &table,
        &preview.mapping,
        &store.import_known(ImportKind::Plans).await.unwrap(),
    );
    let cancel = AtomicBool::new(false);
    // The person presses cancel as the first progress shows: the first plan is written by
    // then, and is undone with the rest.
    let report = |_: usize, _: usize| cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut w = store.writer(actor).await.unwrap();
    let err = w
        .import(
            &checked.records,
            &Place::fallback(),
            chrono::Utc::now(),
            &Progress {
                cancel: &cancel,
                report: &report,
            },
        )
        .await;
    drop(w);
    assert!(
        matches!(err, Err(StoreError::Import(ImportError::Cancelled))),
        "{err:?}"
    );
    assert!(store.plan_catalogue().await.unwrap().is_empty());
    assert_eq!(store.all_operations().await.unwrap().len(), written_before);
}

#[tokio::test]
async fn a_file_that_is_not_a_table_and_a_field_given_twice_are_named() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let err = choose_import_file(&admin, ImportKind::Customers, png.clone())
        .await
        .unwrap_err();
    let shown = CommandError::from_app(&err, Lang::En);
    assert_eq!(shown.code, ErrorCode::InvalidInput);
    assert!(
        shown.message.contains("not a spreadsheet"),
        "{}",
        shown.message
    );

    let preview = choose_import_file(&admin, ImportKind::Customers, b64(&fixed_customers()))
        .await
        .unwrap();
    let mut twice = preview.mapping.clone();
    twice.columns[7] = twice.columns[6];
    let err = check_import(&admin, twice).await.unwrap_err();
    let shown = CommandError::from_app(&err, Lang::PtBr);
    assert!(shown.message.contains("Telefone 1"), "{}", shown.message);

    // Another file chosen that cannot be read: the one chosen before is not checked (nor
    // imported) in its place — the person is asked to choose a file.
    choose_import_file(&admin, ImportKind::Customers, png)
        .await
        .unwrap_err();
    let err = check_import(&admin, preview.mapping.clone())
        .await
        .unwrap_err();
    let shown = CommandError::from_app(&err, Lang::En);
    assert_eq!(shown.code, ErrorCode::InvalidInput);
    assert!(shown.message.contains("file"), "{}", shown.message);
    let err = run_import(&admin, preview.mapping).await.unwrap_err();
    assert_eq!(
        CommandError::from_app(&err, Lang::En).code,
        ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn a_nightly_import_on_the_server_reaches_the_office_devices() {
    let server = start().await;
    for (kind, text) in [
        (ImportKind::Plans, sample("planos.csv")),
        (ImportKind::Customers, fixed_customers()),
        (ImportKind::Orders, sample("ordens.csv")),
    ] {
        let report =
            campo_server::import::import_file(&server.db, kind, text.as_bytes(), None, false)
                .await
                .unwrap();
        assert!(
            report.problems.is_empty(),
            "{kind:?}: {:?}",
            report.problems
        );
    }
    let (_c, coordinator) = joined(&server.url, "mariana").await;
    let waiting = queue(&coordinator).await;
    assert_eq!(waiting.len(), 6, "{waiting:?}");
    // The same file imported on the device now changes nothing: the ERP ids came along.
    let (_a, admin) = joined(&server.url, "admin").await;
    let again = import(&admin, ImportKind::Orders, &sample("ordens.csv")).await;
    assert_eq!((again.summary.created, again.summary.unchanged), (0, 7));
}

#[tokio::test]
async fn customers_without_coordinates_come_in_wait_to_be_placed_and_routes_name_them() {
    use campo_core::orders::{customer_page, edit_customer, unlocated_customers};
    use campo_core::routes::plan_routes;
    use campo_planning::PlanRequest;

    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    import(&admin, ImportKind::Plans, &sample("planos.csv")).await;
    // The ERP's export has no coordinates: the customers come in all the same.
    let without: String = fixed_customers()
        .lines()
        .map(|l| l.rsplitn(3, ';').nth(2).unwrap_or(l).to_owned() + "\n")
        .collect();
    assert!(without.starts_with("ID;Nome;CPF;"));
    assert!(!without.contains("Latitude"));
    let customers = import(&admin, ImportKind::Customers, &without).await;
    assert_eq!(customers.summary.created, 10);
    import(&admin, ImportKind::Orders, &sample("ordens.csv")).await;

    let list = unlocated_customers(&admin).await.unwrap();
    assert_eq!(list.total, 10);
    // Those with open orders first.
    assert!(list.customers[0].open_orders > 0);
    assert!(
        list.customers
            .iter()
            .any(|c| c.name == "Ana Beatriz Cavalcanti"
                && c.address == "Rua dos Navegantes, 1200 – Boa Viagem, Recife/PE")
    );

    // Route planning leaves their orders out, naming each customer, instead of placing them
    // anywhere.
    let store = admin.store().await.unwrap();
    let today = campo_fixtures::working_day(&store, campo_fixtures::today())
        .await
        .to_string();
    let request = PlanRequest {
        date: today.clone(),
        include_queue: true,
        keep_technicians: false,
        period: None,
        technicians: Vec::new(),
        orders: Vec::new(),
        from_time: None,
    };
    let plan = plan_routes(&admin, request.clone()).await.unwrap();
    let left: Vec<&str> = plan
        .unassigned
        .iter()
        .map(|u| u.customer_name.as_str())
        .collect();
    assert_eq!(left.len(), 6, "{left:?}");
    assert!(left.contains(&"Ana Beatriz Cavalcanti"));
    assert!(
        plan.unassigned
            .iter()
            .all(|u| u.reason.contains("sem localização"))
    );
    assert!(plan.routes.is_empty());

    // Placed on the map from the customer's page: off the list, into the routes.
    let ana = list
        .customers
        .iter()
        .find(|c| c.name == "Ana Beatriz Cavalcanti")
        .unwrap()
        .id
        .clone();
    let mut edit = customer_page(&admin, ana.clone()).await.unwrap().details;
    assert_eq!((edit.address.lat, edit.address.lon), (None, None));
    (edit.address.lat, edit.address.lon) = (Some(-8.1231), Some(-34.9005));
    let page = edit_customer(&admin, ana, edit).await.unwrap();
    assert_eq!(page.details.address.lat, Some(-8.1231));
    assert_eq!(unlocated_customers(&admin).await.unwrap().total, 9);
    let plan = plan_routes(&admin, request).await.unwrap();
    assert!(
        !plan
            .unassigned
            .iter()
            .any(|u| u.customer_name == "Ana Beatriz Cavalcanti")
    );

    // Everything reaches the server; the coordinator's device has them without a location.
    sync_now(&admin).await.unwrap();
    assert!(refused_changes(&admin).await.unwrap().is_empty());
    let (_c, coordinator) = joined(&server.url, "mariana").await;
    assert_eq!(unlocated_customers(&coordinator).await.unwrap().total, 9);
}
