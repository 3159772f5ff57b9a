//! The payment follow-up through the application layer against a real server: finance imports
//! the ERP's receivables on their own device, sees the default rate and who is late, records a
//! contact with a promise to pay; the administration receives all of it; the coordination, a
//! technician and a seller never receive money, and a seller cannot record a contact.

use base64::Engine;
use campo_core::finance::{
    customer_money, finance_overview, follow_up, late_customers, record_contact,
};
use campo_core::import::{check_import, choose_import_file, run_import};
use campo_core::sync::{refused_changes, sync_now};
use campo_core::{CommandError, Context, ErrorCode};
use campo_domain::Lang;
use campo_domain::finance::{Channel, ContactOutcome, Stage};
use campo_fixtures::server::start;
use campo_import::ImportKind;
use campo_store::finance::{ContactForm, LateQuery};
use chrono::{Datelike, Days, Months, NaiveDate};

mod support;
use support::joined;

fn sample(name: &str) -> String {
    let path = format!("{}/../../docs/import/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn import(ctx: &Context, kind: ImportKind, text: &str) -> campo_core::import::ImportResult {
    let content = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let preview = choose_import_file(ctx, kind, content).await.unwrap();
    let check = check_import(ctx, preview.mapping.clone()).await.unwrap();
    assert_eq!(check.problem_count, 0, "{:?}", check.problems);
    run_import(ctx, preview.mapping).await.unwrap()
}

fn br(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// Receivables for the sample customers 1001–1004, relative to `today`: 1001 paid two months
/// on time and owes nothing yet; 1002 owes last month's; 1003 (named by CPF) owes two months.
/// Past dues fall mid-month, so each is overdue by its month's end whatever day the suite
/// runs on.
fn receivables(today: NaiveDate, third_paid: bool) -> String {
    let month = |back: u32| (today - Months::new(back)).with_day(10).unwrap();
    let soon = today + Days::new(6);
    let mut file = String::from("id;id_cliente;data_vencimento;valor;status;pagamento_data\n");
    file.push_str(&format!(
        "R1;1001;{};99,90;R;{}\n",
        br(month(2)),
        br(month(2))
    ));
    file.push_str(&format!(
        "R2;1001;{};99,90;R;{}\n",
        br(month(1)),
        br(month(1) - Days::new(2))
    ));
    if third_paid {
        file.push_str(&format!("R3;1001;{};99,90;R;{}\n", br(soon), br(today)));
    } else {
        file.push_str(&format!("R3;1001;{};99,90;A;\n", br(soon)));
    }
    file.push_str(&format!("R4;1002;{};149,90;A;\n", br(month(1))));
    file.push_str(&format!("R5;987.654.321-00;{};99,90;A;\n", br(month(2))));
    file.push_str(&format!("R6;987.654.321-00;{};99,90;A;\n", br(month(1))));
    file
}

#[tokio::test]
async fn finance_imports_receivables_works_the_late_and_only_money_roles_receive_them() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    let customers = sample("clientes.csv")
        .replace("111.444.777-36", "111.444.777-35")
        .replace("12/31/1980", "31/12/1980");
    import(&admin, ImportKind::Customers, &customers).await;
    sync_now(&admin).await.unwrap();

    let (_f, finance) = joined(&server.url, "fabio").await;
    let today = finance.store().await.unwrap().today().await.unwrap();
    // Finance imports receivables only: a customers' file is not theirs.
    let moved = customers.replace("Rua Dom Bosco;45", "Rua Dom Bosco;47");
    let content = base64::engine::general_purpose::STANDARD.encode(moved.as_bytes());
    let preview = choose_import_file(&finance, ImportKind::Customers, content)
        .await
        .unwrap();
    check_import(&finance, preview.mapping.clone())
        .await
        .unwrap();
    let refused = run_import(&finance, preview.mapping).await.unwrap_err();
    assert_eq!(
        CommandError::from_app(&refused, Lang::PtBr).code,
        ErrorCode::NotAllowed
    );

    let done = import(
        &finance,
        ImportKind::Receivables,
        &receivables(today, false),
    )
    .await;
    assert_eq!(done.summary.created, 6);
    sync_now(&finance).await.unwrap();
    assert!(
        refused_changes(&finance).await.unwrap().is_empty(),
        "the server took them all"
    );

    let overview = finance_overview(&finance).await.unwrap();
    assert_eq!(overview.target, 0.20);
    assert_eq!(overview.months.len(), 12);
    let last_month = &overview.months[10];
    assert_eq!((last_month.customers, last_month.customers_late), (3, 2));
    assert_eq!(last_month.customer_rate, Some(2.0 / 3.0));

    let late = late_customers(&finance, LateQuery::default())
        .await
        .unwrap()
        .rows;
    let names: Vec<&str> = late.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        ["Carla Regina Moura", "Bruno Henrique Lins"],
        "most owed first"
    );
    let carla = late[0].customer_id.clone();
    let contact = ContactForm {
        customer_id: carla.clone(),
        channel: Channel::Call,
        outcome: ContactOutcome::Promised,
        promised_on: Some((today + Days::new(3)).to_string()),
        note: "Vai pagar as duas".into(),
    };
    let money = record_contact(&finance, contact.clone()).await.unwrap();
    assert_eq!(money.contacts.len(), 1);
    assert_eq!(money.contacts[0].by_name, "Fábio Rocha");
    sync_now(&finance).await.unwrap();

    // The administration receives the receivables and the contact; the round that brought
    // them keeps the chart's ended months ahead of the first look.
    sync_now(&admin).await.unwrap();
    let store = admin.store().await.unwrap();
    let mut kept = store.kept_figures().await.unwrap();
    for _ in 0..200 {
        if kept.late_months == 11 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        kept = store.kept_figures().await.unwrap();
    }
    assert_eq!((kept.rate_months, kept.late_months), (11, 11));
    let at_office = late_customers(&admin, LateQuery::default())
        .await
        .unwrap()
        .rows;
    assert_eq!(at_office.len(), 2);
    let seen = customer_money(&admin, carla.clone()).await.unwrap();
    assert_eq!(seen.receivables.len(), 2);
    assert_eq!(seen.contacts[0].note, "Vai pagar as duas");

    // The coordination, a technician and a seller receive no money.
    for login in ["mariana", "josue", "sofia"] {
        let (_d, other) = joined(&server.url, login).await;
        let months = finance_overview(&other).await.unwrap().months;
        assert!(
            months.iter().all(|m| m.customers == 0),
            "{login} received receivables"
        );
        assert!(
            late_customers(&other, LateQuery::default())
                .await
                .unwrap()
                .rows
                .is_empty()
        );
    }
    let (_s, seller) = joined(&server.url, "sofia").await;
    let err = record_contact(&seller, contact).await.unwrap_err();
    let shown = CommandError::from_app(&err, Lang::PtBr);
    assert_eq!(shown.code, ErrorCode::NotAllowed, "{shown:?}");
    assert!(
        shown.message.starts_with("Seu papel (Vendedor(a))"),
        "{}",
        shown.message
    );

    // The five-month follow-up: 1001 moves from month 2 to month 3 with the next export.
    let stage = |f: &campo_store::finance::FollowUp| {
        f.rows
            .iter()
            .find(|r| r.name == "Ana Beatriz Cavalcanti")
            .map(|r| r.stage)
    };
    assert_eq!(
        stage(&follow_up(&finance).await.unwrap()),
        Some(Stage::OnTrack { paid: 2 })
    );
    let next = import(&finance, ImportKind::Receivables, &receivables(today, true)).await;
    assert_eq!(
        (
            next.summary.created,
            next.summary.updated,
            next.summary.unchanged
        ),
        (0, 1, 5)
    );
    assert_eq!(
        stage(&follow_up(&finance).await.unwrap()),
        Some(Stage::OnTrack { paid: 3 })
    );
}
