//! Sales (issue 18): saving a sale offline < 50 ms; the analysis queue of 10,000 sales
//! filtered and paged < 20 ms; a customer found by CPF among 1,000,000 < 2 ms; the customer
//! page < 10 ms. The database is
//! kept under `target/bench-data/`: 10,000 sales sent through the Writer by 20 sellers in 40
//! municipalities (a third decided), and 1,000,000 customers with real CPFs (bulk-inserted:
//! this measures the lookup, not the import).
//!
//! `cargo bench -p campo-store --bench sales`

use std::time::Duration;

use campo_domain::sale::{RejectReason, SaleStatus};
use campo_fixtures::forms::sale_form;
use campo_store::sales::{Decision, SaleQuery};
use campo_store::write::{NewPerson, Role};
use campo_store::{Actor, Store};
use chrono::{NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use uuid::Uuid;

const SALES: usize = 10_000;
const CUSTOMERS: usize = 1_000_000;

fn cpf(n: usize) -> String {
    campo_fixtures::data::cpf_n(n).digits().to_owned()
}

struct Bench {
    store: Store,
    seller: Actor,
    plan: Uuid,
    /// A customer whose sale was approved (contract, installation order).
    customer: Uuid,
}

fn bench_db(rt: &tokio::runtime::Runtime) -> Bench {
    let dir = campo_fixtures::bench::data_dir();
    let path = dir.join(format!("sales-{SALES}-{CUSTOMERS}.db"));
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(path.with_extension("db-wal"));
    rt.block_on(async {
        let store = Store::open(&path).await.expect("create bench db");
        let office = Actor { id: Uuid::now_v7() };
        let mut w = store.writer(office).await.expect("writer");
        w.create_person_with_id(
            office.id,
            &NewPerson {
                name: "Warley Souza".into(),
                role: Role::Backoffice,
                phone: None,
            },
            Utc::now(),
        )
        .await
        .expect("office");
        let mut sellers = Vec::new();
        for i in 0..20 {
            let id = Uuid::now_v7();
            w.create_person_with_id(
                id,
                &NewPerson {
                    name: format!("Vendedor {i:02}"),
                    role: Role::Seller,
                    phone: None,
                },
                Utc::now(),
            )
            .await
            .expect("seller");
            sellers.push(Actor { id });
        }
        let plan = w
            .create_plan(
                &campo_fixtures::plan(),
                Utc::now(),
            )
            .await
            .expect("plan");
        w.commit().await.expect("commit");
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).expect("day");
        let names = ["Silva", "Souza", "Oliveira", "Santos", "Lima", "Costa", "Pereira", "Ferreira"];
        for chunk in 0..SALES / 500 {
            let mut w = store.writer(sellers[0]).await.expect("writer");
            for i in chunk * 500..(chunk + 1) * 500 {
                w.act_as(sellers[i % sellers.len()]);
                let mut form = sale_form(plan);
                form.name = format!("Cliente {i} {}", names[i % names.len()]);
                form.cpf = cpf(i);
                form.address.city = format!("Município {:02}", i % 40);
                let sale = w
                    .submit_sale(None, None, &form, today, Utc::now())
                    .await
                    .expect("sale");
                if i % 3 == 0 {
                    w.act_as(office);
                    w.review_sale(
                        sale,
                        Decision::Reject {
                            reason: Some(RejectReason::DataMismatch),
                            note: None,
                            protocol: None,
                        },
                        Utc::now(),
                    )
                    .await
                    .expect("decision");
                }
            }
            w.commit().await.expect("commit");
        }
        // One sale approved: its customer has a contract and an installation order.
        let mut w = store.writer(office).await.expect("writer");
        let mut form = sale_form(plan);
        form.cpf = cpf(SALES + CUSTOMERS + 1);
        let sale = w
            .submit_sale(None, None, &form, today, Utc::now())
            .await
            .expect("sale");
        w.review_sale(sale, Decision::Approve { protocol: Some("OP-1".into()) }, Utc::now())
            .await
            .expect("approval");
        w.commit().await.expect("commit");
        let customer = store
            .cpf_check(&cpf(SALES + CUSTOMERS + 1))
            .await
            .expect("lookup")
            .customer
            .map(|c| Uuid::parse_str(&c.id).expect("id"))
            .expect("the approved sale's customer");
        store.close().await;
        // A provider's million customers, with real CPFs, for the lookup.
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("connect");
        for chunk in 0..CUSTOMERS / 10_000 {
            let mut tx = pool.begin().await.expect("tx");
            for i in chunk * 10_000..(chunk + 1) * 10_000 {
                sqlx::query(
                    "INSERT INTO customers (id, name, cpf, phone1, cep, street, number, neighbourhood, city, uf, lat, lon, created_at)
                     VALUES (?, ?, ?, '81998765432', '51020010', 'Rua dos Navegantes', '1200', 'Boa Viagem', 'Recife', 'PE', -8.12, -34.9, '2026-12-01T10:00:00.000Z')",
                )
                .bind(Uuid::now_v7().to_string())
                .bind(format!("Cliente {i}"))
                .bind(cpf(SALES + i))
                .execute(&mut *tx)
                .await
                .expect("customer");
            }
            tx.commit().await.expect("commit");
        }
        sqlx::query("ANALYZE").execute(&pool).await.expect("analyze");
        pool.close().await;
        let store = Store::open(&path).await.expect("reopen");
        Bench {
            store,
            seller: sellers[1],
            plan,
            customer,
        }
    })
}

fn sales(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let b = bench_db(&rt);
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).expect("day");
    let mut group = c.benchmark_group("sales-10k");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(5));
    let mut n = 2_000_000;
    group.bench_function(
        "save a sale offline (validate, write, outbox, commit)",
        |bench| {
            bench.to_async(&rt).iter(|| {
                n += 1;
                let mut form = sale_form(b.plan);
                form.cpf = cpf(n);
                let store = &b.store;
                let seller = b.seller;
                async move {
                    let mut w = store.writer(seller).await.expect("writer");
                    w.submit_sale(None, None, &form, today, Utc::now())
                        .await
                        .expect("sale");
                    w.commit().await.expect("commit");
                }
            });
        },
    );
    let queries = [
        (
            "analysis queue, in analysis, first page",
            SaleQuery {
                status: Some(SaleStatus::InAnalysis),
                limit: 50,
                ..SaleQuery::default()
            },
        ),
        (
            "analysis queue, in analysis, searched by name, first page",
            SaleQuery {
                status: Some(SaleStatus::InAnalysis),
                text: Some("oliveira".into()),
                limit: 50,
                ..SaleQuery::default()
            },
        ),
        (
            "analysis queue, every status, page 100",
            SaleQuery {
                limit: 50,
                offset: 5_000,
                ..SaleQuery::default()
            },
        ),
    ];
    for (name, q) in queries {
        group.bench_function(name, |bench| {
            bench
                .to_async(&rt)
                .iter(|| async { b.store.sale_queue(&q).await.expect("queue") });
        });
    }
    let wanted = cpf(SALES + CUSTOMERS / 2);
    group.bench_function("customer found by CPF among 1,000,000", |bench| {
        bench
            .to_async(&rt)
            .iter(|| async { b.store.cpf_check(&wanted).await.expect("lookup") });
    });
    group.bench_function("customer page among 1,000,000 customers", |bench| {
        bench
            .to_async(&rt)
            .iter(|| async { b.store.customer_page(b.customer).await.expect("page") });
    });
    group.finish();
}

criterion_group!(benches, sales);
criterion_main!(benches);
