//! A provider's export as a Brazilian ERP writes it (Latin-1, `;`, dd/mm/aaaa, decimal commas,
//! IXC's column names), at any size: the import benchmarks of the app and of a new office
//! device's first sync read the same files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn cpf(n: usize) -> String {
    crate::data::cpf_n(n).formatted()
}

const STREETS: [&str; 6] = [
    "Rua da Aurora",
    "Avenida Conselheiro Aguiar",
    "Rua do Futuro",
    "Estrada do Arraial",
    "Rua Real da Torre",
    "Avenida Norte",
];
const BAIRROS: [&str; 6] = [
    "Boa Viagem",
    "Graças",
    "Casa Amarela",
    "Madalena",
    "Várzea",
    "Espinheiro",
];
const KINDS: [&str; 4] = [
    "Instalação",
    "Reparo",
    "Retirada de equipamento",
    "Mudança de endereço",
];
const STATUS: [&str; 5] = ["A", "EN", "AG", "RAG", "AN"];

/// Writes the three files in `dir` — `import-planos.csv` (3 plans), `import-clientes.csv`
/// (`customers`, each with a distinct valid CPF, an address in Recife and its location) and
/// `import-ordens.csv` (`orders` open work orders spread over the customers, IXC's statuses) —
/// and returns their paths in that order.
pub fn write(dir: &Path, customers: usize, orders: usize) -> (PathBuf, PathBuf, PathBuf) {
    let plans = dir.join("import-planos.csv");
    std::fs::write(
        &plans,
        "id;nome;velocidade;valor;iptv\nP1;Fibra 300 Mega;300;99,90;não\nP2;Fibra 600 Mega;600;129,90;sim\nP3;Fibra 1 Giga;1000;199,90;sim\n",
    )
    .expect("plans file");
    let mut text = String::from(
        "id;razao;cnpj_cpf;email;data_nascimento;telefone_celular;cep;endereco;numero;complemento;bairro;cidade;uf;referencia;latitude;longitude\n",
    );
    for i in 0..customers {
        let _ = writeln!(
            text,
            "{};Cliente {} da Silva Conceição;{};cliente{}@exemplo.com.br;{:02}/{:02}/{};(81) 9{:04}-{:04};{:05}-{:03};{};{};{};{};Recife;PE;Perto da praça;-8,{:04};-34,{:04}",
            10_000 + i,
            i,
            cpf(i),
            i,
            1 + i % 28,
            1 + i % 12,
            1950 + i % 50,
            8000 + i % 2000,
            i % 10_000,
            50_000 + i % 2_000,
            i % 1000,
            STREETS[i % STREETS.len()],
            1 + i % 2000,
            if i % 3 == 0 { "apto 101" } else { "" },
            BAIRROS[i % BAIRROS.len()],
            i % 10_000,
            8_000 + i % 1_000,
        );
    }
    let customers_file = dir.join("import-clientes.csv");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    std::fs::write(&customers_file, bytes).expect("customers file");
    let mut text =
        String::from("id;id_cliente;assunto;plano;status;data_abertura;disponibilidade\n");
    for i in 0..orders {
        let _ = writeln!(
            text,
            "{};{};{};P{};{};{:02}/11/2026 09:{:02};{}",
            900_000 + i,
            10_000 + (i % customers),
            KINDS[i % KINDS.len()],
            1 + i % 3,
            STATUS[i % STATUS.len()],
            1 + i % 28,
            i % 60,
            ["manhã", "tarde", "manhã e tarde"][i % 3]
        );
    }
    let orders_file = dir.join("import-ordens.csv");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    std::fs::write(&orders_file, bytes).expect("orders file");
    (plans, customers_file, orders_file)
}
