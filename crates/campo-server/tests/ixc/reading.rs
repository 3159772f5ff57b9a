//! The connector reads IXC: customers page by page, orders with their subject and plan, and
//! what it does when IXC is slow, garbled or refuses the token.

use super::*;

#[tokio::test]
async fn the_active_customers_come_page_by_page_with_their_city_and_uf() {
    let (url, stand) = stand(customers()).await;
    let erp = Ixc::new(config(&format!("{url}/webservice/v1/"), TOKEN));
    let fetched = erp.fetch(ImportKind::Customers, None).await.unwrap();
    assert_eq!(
        fetched.ids,
        ["101", "102", "104", "105"],
        "the inactive one left out"
    );
    let t = &fetched.table;
    let col = |name: &str| t.headers.iter().position(|h| h == name).unwrap();
    let row = &t.rows[2];
    assert_eq!(row.cell(col("razao")).unwrap_or_default(), "Severino Ramos");
    assert_eq!(row.cell(col("cidade")).unwrap_or_default(), "Olinda");
    assert_eq!(row.cell(col("uf")).unwrap_or_default(), "PE");
    assert_eq!(fetched.id_at(row.line), Some("104"));
    // Two pages of customers, and each city and the state read once.
    let seen = stand.seen.lock().unwrap().clone();
    let tables: Vec<&str> = seen.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        tables.iter().filter(|t| **t == "cliente").count(),
        2,
        "{tables:?}"
    );
    assert_eq!(tables.iter().filter(|t| **t == "cidade").count(), 2);
    assert_eq!(tables.iter().filter(|t| **t == "uf").count(), 1);
    let (_, first) = &seen[0];
    assert_eq!(first["qtype"], "cliente.ativo");
    assert_eq!(first["query"], "S");
    assert_eq!(first["page"], "1");
    assert_eq!(first["rp"], "2");
}

#[tokio::test]
async fn a_slow_down_or_garbled_erp_is_tried_again_and_then_named() {
    let (url, stand) = stand(customers()).await;
    let erp = Ixc::new(config(&url, TOKEN));
    stand.faults.lock().unwrap().extend([
        Fault::Status(503),
        Fault::Garbage,
        Fault::Slow(Duration::from_secs(2)),
    ]);
    // Three faults in a row on the first page: the third try is the last, and it timed out.
    let gave_up = erp.fetch(ImportKind::Customers, None).await.unwrap_err();
    assert_eq!(
        gave_up,
        ErpError::Unavailable {
            attempts: 3,
            cause: Cause::Timeout
        }
    );
    assert_eq!(
        gave_up.to_string(),
        "o ERP não respondeu como esperado depois de 3 tentativas (sem resposta dentro do tempo limite)"
    );
    // Two faults, then the answer: the customers arrive.
    stand
        .faults
        .lock()
        .unwrap()
        .extend([Fault::Status(502), Fault::Garbage]);
    let fetched = erp.fetch(ImportKind::Customers, None).await.unwrap();
    assert_eq!(fetched.ids.len(), 4);
    // IXC's own error is shown as it said it, not tried again.
    let before = stand.requests.load(Ordering::SeqCst);
    stand
        .faults
        .lock()
        .unwrap()
        .push_back(Fault::Error("Tabela sem permissão para o usuário"));
    let refused = erp.fetch(ImportKind::Customers, None).await.unwrap_err();
    assert_eq!(
        refused.to_string(),
        "o ERP respondeu com um erro: Tabela sem permissão para o usuário"
    );
    assert_eq!(stand.requests.load(Ordering::SeqCst), before + 1);
}

#[tokio::test]
async fn a_wrong_token_is_refused_at_once_and_never_shown() {
    let (url, stand) = stand(customers()).await;
    let config = config(&url, "token-errado");
    assert!(!format!("{config:?}").contains("token-errado"));
    let erp = Ixc::new(config);
    let refused = erp.fetch(ImportKind::Customers, None).await.unwrap_err();
    assert_eq!(refused, ErpError::Unauthorized { status: 401 });
    assert_eq!(stand.requests.load(Ordering::SeqCst), 1, "not tried again");
    assert!(!refused.to_string().contains("token-errado"));
    assert!(matches!(
        IxcConfig::new("erp.provedor.com.br", USER, TOKEN),
        Err(ErpError::BadAddress { .. })
    ));
    assert_eq!(
        IxcConfig::new("https://erp.provedor.com.br", USER, " ").unwrap_err(),
        ErpError::NotConfigured {
            setting: Setting::Token
        }
    );
}

#[tokio::test]
async fn the_open_orders_come_with_their_subject_and_their_customers_plan() {
    let (url, stand) = stand(customers()).await;
    let erp = Ixc::new(config(&url, TOKEN));
    let fetched = erp.fetch(ImportKind::Orders, None).await.unwrap();
    assert_eq!(
        fetched.ids,
        ["5001", "5002", "5003", "5005"],
        "the finished one left out"
    );
    let t = &fetched.table;
    let cells: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells().collect()).collect();
    assert_eq!(
        t.headers,
        [
            "id",
            "id_cliente",
            "assunto",
            "plano",
            "status",
            "data_abertura"
        ]
    );
    assert_eq!(
        cells[0],
        [
            "5001",
            "101",
            "Instalação fibra",
            "7",
            "A",
            "2026-11-20 09:15:00"
        ],
        "the oldest active contract's plan"
    );
    assert_eq!(cells[1][2..4], ["Reparo - sem conexão", "9"]);
    assert_eq!(cells[3][2], "Retirada de equipamento");
    // Each subject read once.
    let seen = stand.seen.lock().unwrap().clone();
    let subjects = seen.iter().filter(|(t, _)| t == "su_oss_assunto").count();
    assert_eq!(subjects, 3);
}
