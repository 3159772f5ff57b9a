//! What the finance tests share: a provider of twelve customers imported from a file (every
//! third in Olinda) and receivables' rows as the ERP exports them.

use campo_import::ImportKind;
use campo_store::{Actor, Store};
use chrono::{Datelike, NaiveDate};

use super::support;

/// How many customers the provider has.
pub const CUSTOMERS: usize = 12;

/// The customers' file: `C0`…`C11`, CPFs from `cpf_n`.
pub fn customers_file() -> String {
    let mut file = String::from(
        "id;razao;cnpj_cpf;telefone_celular;cep;endereco;numero;bairro;cidade;uf;latitude;longitude\n",
    );
    for i in 0..CUSTOMERS {
        file.push_str(&format!(
            "C{i};Cliente {i} Araújo;{};(81) 99876-{:04};50000-{:03};Rua {i};{};Boa Viagem;{};PE;-8,1{i:03};-34,9{i:03}\n",
            campo_fixtures::data::cpf_n(i).formatted(),
            i,
            i,
            10 + i,
            if i % 3 == 0 { "Olinda" } else { "Recife" },
        ));
    }
    file
}

/// A store with the customers imported, and its administrator.
pub async fn provider() -> (Store, Actor) {
    let store = Store::open_in_memory().await.expect("store");
    let admin = support::admin(&store).await;
    let checked =
        support::checked(&store, ImportKind::Customers, customers_file().as_bytes()).await;
    support::write(&store, admin, &checked).await;
    (store, admin)
}

/// A day as a Brazilian file writes it.
pub fn br(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// The receivables file's header (IXC `fn_areceber` names).
pub const HEADER: &str = "id;id_cliente;id_contrato;data_emissao;data_vencimento;valor;status;pagamento_data;valor_recebido\n";

/// One row: `paid` days after the due date (negative: before), or open.
pub fn row(id: &str, customer: usize, due: NaiveDate, paid: Option<i64>) -> String {
    let issued = due - chrono::Days::new(10);
    match paid {
        Some(days) => {
            let on = due + chrono::TimeDelta::days(days);
            format!(
                "{id};C{customer};K{customer};{};{};99,90;R;{};99,90\n",
                br(issued),
                br(due),
                br(on)
            )
        }
        None => format!(
            "{id};C{customer};K{customer};{};{};99,90;A;;\n",
            br(issued),
            br(due)
        ),
    }
}
