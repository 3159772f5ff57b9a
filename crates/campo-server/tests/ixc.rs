//! The IXC Provedor connector against a stand-in IXC on 127.0.0.1 that answers as IXC's
//! webservice is documented to (docs/import/ERP.md: Basic auth, `ixcsoft: listar`, the
//! listing's body, `{total, registros}` with every value a string, pages, `{type: error}`),
//! and can be told to fail: 503s, garbage, answers slower than the timeout, a refused token.
//! The provider's customers come in through `campo-server ixc customers`, as a nightly job
//! runs it, and again without changing anything.

use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use campo_import::ImportKind;
use campo_server::erp::ixc::{Ixc, IxcConfig};
use campo_server::erp::{Cause, ErpError, ErpSource, Setting};
use serde_json::{Value, json};

mod ixc_stand;
use ixc_stand::{Fault, Stand, TOKEN, USER, chamado, cliente, titulo};
#[allow(
    dead_code,
    reason = "the closing test uses only the device and the scheduled order"
)]
mod support;

#[path = "ixc/nightly.rs"]
mod nightly;
#[path = "ixc/reading.rs"]
mod reading;
#[path = "ixc/writeback.rs"]
mod writeback;

fn customers() -> Vec<Value> {
    vec![
        cliente(101, "Maria das Dores Silva", "529.982.247-25", "3170", "S"),
        cliente(102, "José Carlos Pereira", "111.444.777-35", "3170", "S"),
        cliente(103, "Antônia Ferreira", "390.533.447-05", "3170", "N"),
        cliente(104, "Severino Ramos", "123.456.789-09", "3163", "S"),
        cliente(105, "Luzia Batista", "987.654.321-00", "3170", "S"),
    ]
}

/// Open orders of every kind and status, one finished (not read) and one in analysis.
fn orders() -> Vec<Value> {
    vec![
        chamado(5001, 101, "1", "A"),
        chamado(5002, 102, "2", "EN"),
        chamado(5003, 104, "1", "AN"),
        chamado(5004, 105, "2", "F"),
        chamado(5005, 101, "3", "AG"),
    ]
}

async fn stand(customers: Vec<Value>) -> (String, Arc<Stand>) {
    stand_with(customers, orders()).await
}

async fn stand_with(customers: Vec<Value>, orders: Vec<Value>) -> (String, Arc<Stand>) {
    let mut tables = ixc_stand::reference_tables();
    tables.insert("cliente", customers);
    tables.insert("su_oss_chamado", orders);
    // Customer 105's only contract is inactive: no plan for an order of theirs.
    tables.insert(
        "cliente_contrato",
        vec![
            json!({"id": "1", "id_cliente": "101", "id_vd_contrato": "7", "status": "A"}),
            json!({"id": "2", "id_cliente": "102", "id_vd_contrato": "9", "status": "A"}),
            json!({"id": "3", "id_cliente": "104", "id_vd_contrato": "7", "status": "A"}),
            json!({"id": "4", "id_cliente": "105", "id_vd_contrato": "9", "status": "I"}),
            json!({"id": "5", "id_cliente": "101", "id_vd_contrato": "9", "status": "A"}),
        ],
    );
    ixc_stand::serve(tables).await
}

/// Quick limits for tests: 2 records a page, 300 ms a request, 3 tries 10 ms apart.
fn config(url: &str, token: &str) -> IxcConfig {
    IxcConfig {
        page_size: 2,
        timeout: Duration::from_millis(300),
        attempts: 3,
        backoff: Duration::from_millis(10),
        ..IxcConfig::new(url, USER, token).unwrap()
    }
}

mod cli;

/// `campo-server <args>` with IXC's address, user and token in the environment.
fn campo(dir: &Path, url: &str, args: &[&str]) -> Output {
    cli::command(dir)
        .args(args)
        .env("CAMPO_IXC_URL", url)
        .env("CAMPO_IXC_USER", USER)
        .env("CAMPO_IXC_TOKEN", TOKEN)
        .output()
        .expect("run campo-server")
}

/// Asserts that `out` printed `text` (showing all it printed when it did not).
fn saying(out: &Output, text: &str) {
    assert!(said(out).contains(text), "{}", said(out));
}

fn said(out: &Output) -> String {
    let (stdout, stderr) = cli::said(out);
    stdout + &stderr
}

/// The provider, with its plan catalogue imported from a file whose ids are IXC's plan ids
/// (`vd_contratos`): Campo's plans carry them as their ERP id.
fn provider_with_plans() -> tempfile::TempDir {
    let dir = cli::provider();
    let plans = dir.path().join("planos.csv");
    std::fs::write(
        &plans,
        "id;nome;velocidade;valor;iptv\n7;Fibra 300 Mega;300;99,90;não\n9;Fibra 600 Mega;600;129,90;sim\n",
    )
    .unwrap();
    let out = cli::command(dir.path())
        .args(["import", "plans", plans.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    dir
}
