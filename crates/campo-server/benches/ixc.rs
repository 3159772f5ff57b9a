//! The IXC connector's incremental pass (issue 19: 10,000 changed orders < 30 s against the
//! stand-in): a provider with 10,000 customers read from a stand-in IXC on 127.0.0.1, then
//! 10,000 work orders opened in IXC since the last reading — read (20 pages of 500, each
//! subject and the customers' contracts looked up) and imported through the server's rules
//! as one unit. One run; `IXC_ORDERS=1000` for a smaller one.
//!
//! `cargo bench -p campo-server --bench ixc`

use std::time::Instant;

use campo_import::ImportKind;
use campo_server::erp::ixc::{Ixc, IxcConfig};
use campo_server::erp::read_and_import;
use serde_json::json;

#[path = "../tests/cli/mod.rs"]
mod cli;
#[path = "../tests/ixc_stand/mod.rs"]
mod ixc_stand;

use ixc_stand::{TOKEN, USER, chamado, cliente};

fn main() {
    let n: u32 = std::env::var("IXC_ORDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = cli::provider();
    let plans = dir.path().join("planos.csv");
    std::fs::write(
        &plans,
        "id;nome;velocidade;valor;iptv\n7;Fibra 300 Mega;300;99,90;não\n",
    )
    .expect("plans");
    let out = cli::command(dir.path())
        .args(["import", "plans", plans.to_str().expect("path")])
        .output()
        .expect("import plans");
    assert!(out.status.success(), "{:?}", cli::said(&out));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let mut tables = ixc_stand::reference_tables();
        tables.insert(
            "cliente",
            (0..n)
                .map(|i| cliente(100_000 + i, &format!("Cliente {i} Araújo"), "", "3170", "S"))
                .collect(),
        );
        tables.insert(
            "cliente_contrato",
            (0..n)
                .map(|i| {
                    json!({"id": (i + 1).to_string(), "id_cliente": (100_000 + i).to_string(),
                           "id_vd_contrato": "7", "status": "A"})
                })
                .collect(),
        );
        tables.insert(
            "su_oss_chamado",
            (1..=10)
                .map(|i| chamado(i, 100_000 + i, "1", "A"))
                .collect(),
        );
        let (url, stand) = ixc_stand::serve(tables).await;
        let db = campo_server::db::ServerDb::open_dir(dir.path())
            .await
            .expect("server db");
        let erp = Ixc::new(IxcConfig::new(&url, USER, TOKEN).expect("config"));
        let run = |kind| read_and_import(&db, &erp, "ixc", kind, false, None, false);

        let started = Instant::now();
        let (_, customers) = run(ImportKind::Customers).await.expect("customers");
        let customers_s = started.elapsed().as_secs_f64();
        assert_eq!(customers.created, n as usize);
        let (_, first) = run(ImportKind::Orders).await.expect("orders");
        assert_eq!(first.created, 10);

        let statuses = ["A", "EN", "AG", "RAG", "AN"];
        stand
            .tables
            .lock()
            .unwrap()
            .get_mut("su_oss_chamado")
            .expect("orders")
            .extend((0..n).map(|i| {
                chamado(
                    11 + i,
                    100_000 + i % n,
                    ["1", "2", "3"][i as usize % 3],
                    statuses[i as usize % statuses.len()],
                )
            }));
        let started = Instant::now();
        let (fetched, orders) = run(ImportKind::Orders).await.expect("incremental");
        let orders_s = started.elapsed().as_secs_f64();
        assert_eq!(orders.created, n as usize, "{:?}", &orders.problems[..]);
        println!("| pass | records | time |");
        println!("|---|---|---|");
        println!("| customers, first reading (all) | {n} | {customers_s:.2} s |");
        println!(
            "| orders opened since the last reading (incremental) | {} | {orders_s:.2} s |",
            fetched.table.rows.len()
        );
        db.close().await;
    });
}
