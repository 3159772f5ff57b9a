//! An import writes its orders many rows at a time: what it leaves on the importing device —
//! each order's row, its history, its place in the search — must be exactly what every other
//! device builds by applying the import's operations one by one.

use campo_import::ImportKind;
use campo_store::Store;
use sqlx::sqlite::SqliteConnectOptions;

#[path = "support/import.rs"]
mod support;

fn cpf(n: usize) -> String {
    campo_fixtures::data::cpf_n(n).formatted()
}

/// Plans, 2,100 customers (every fifth without a location) and 2,500 orders: several batches of
/// the import, a last one short, every kind, statuses that go to the queue (approved at once)
/// and to analysis.
fn files() -> [(ImportKind, String); 3] {
    let plans = "id;nome;velocidade;valor;iptv\nP1;Fibra 300 Mega;300;99,90;não\nP2;Fibra 1 Giga;1000;199,90;sim\n".to_owned();
    let mut customers = String::from(
        "id;razao;cnpj_cpf;telefone_celular;cep;endereco;numero;bairro;cidade;uf;latitude;longitude\n",
    );
    // More than one batch of the import's (1,000); the orders name the first 30.
    for i in 0..2_100 {
        let (lat, lon) = if i % 5 == 0 {
            (String::new(), String::new())
        } else {
            (
                format!("-8,{:04}", 1000 + i),
                format!("-34,{:04}", 8000 + i),
            )
        };
        customers.push_str(&format!(
            "C{i};Cliente {i} Araújo;{};(81) 99876-{:04};50000-{:03};Rua {i};{};Boa Viagem;Recife;PE;{lat};{lon}\n",
            cpf(i),
            i,
            i % 1_000,
            10 + i
        ));
    }
    let kinds = [
        "Instalação",
        "Reparo",
        "Retirada de equipamento",
        "Mudança de endereço",
    ];
    let statuses = ["A", "AN", "EN", "AG", "RAG"];
    let mut orders =
        String::from("id;id_cliente;assunto;plano;status;data_abertura;disponibilidade\n");
    for i in 0..2_500 {
        orders.push_str(&format!(
            "{};C{};{};P{};{};{:02}/11/2026 08:{:02};{}\n",
            70_000 + i,
            i % 30,
            kinds[i % kinds.len()],
            1 + i % 2,
            statuses[i % statuses.len()],
            1 + i % 28,
            i % 60,
            ["manhã", "tarde", ""][i % 3]
        ));
    }
    [
        (ImportKind::Plans, plans),
        (ImportKind::Customers, customers),
        (ImportKind::Orders, orders),
    ]
}

/// What a person sees of the orders: rows, history (ids, times, moves) and search.
async fn orders_as_seen(path: &std::path::Path) -> (Vec<String>, Vec<String>, Vec<String>) {
    let pool =
        sqlx::SqlitePool::connect_with(SqliteConnectOptions::new().filename(path).read_only(true))
            .await
            .unwrap();
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT json_array(id, number, kind, status, customer_id, plan_id, customer_name, neighbourhood,
                search, created_at, updated_at, scheduled_date, period, technician_id, available_periods, external_id)
         FROM work_orders ORDER BY number",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let events: Vec<String> = sqlx::query_scalar(
        "SELECT json_array(id, order_id, at, actor_id, from_status, to_status, reason)
         FROM order_events ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let found: Vec<String> = sqlx::query_scalar(
        "SELECT w.external_id FROM work_orders_fts f JOIN work_orders w ON w.row_id = f.rowid
         WHERE work_orders_fts MATCH 'cliente 7 ' ORDER BY w.number",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    (rows, events, found)
}

/// Every customer as kept, each column but when this device wrote it.
async fn customers_as_kept(path: &std::path::Path) -> Vec<String> {
    let pool =
        sqlx::SqlitePool::connect_with(SqliteConnectOptions::new().filename(path).read_only(true))
            .await
            .unwrap();
    let rows = sqlx::query_scalar(
        "SELECT json_array(id, name, cpf, email, mother_name, birth_date, phone1, phone2, cep, street, number,
                complement, neighbourhood, city, uf, lat, lon, reference, external_id, duplicate_of)
         FROM customers ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    rows
}

fn ops_last(page: &[campo_store::sync::RemoteOp]) -> i64 {
    page.last().map_or(0, |op| op.server_seq)
}

#[tokio::test]
async fn an_import_leaves_what_its_operations_build_on_another_device() {
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path().join("importing.db");
    let there = dir.path().join("another.db");
    let store = Store::open(&here).await.unwrap();
    let admin = support::admin(&store).await;
    for (kind, text) in files() {
        let checked = support::checked(&store, kind, text.as_bytes()).await;
        let (summary, _) = support::write(&store, admin, &checked).await;
        assert!(summary.created > 0, "{kind:?}");
    }

    let other = Store::open(&there).await.unwrap();
    let ops = campo_fixtures::data::relayed(&store).await;
    let created = ops.iter().filter(|o| o.kind == "order.create").count();
    let approved = ops.iter().filter(|o| o.kind == "order.transition").count();
    assert_eq!(created, 2_500);
    assert!(approved > 0 && approved < created, "{approved}");
    for (i, page) in ops.chunks(700).enumerate() {
        let last = page.last().unwrap().server_seq;
        other.apply_remote(page, last).await.unwrap_or_else(|e| {
            panic!("page {i}: {e}");
        });
    }
    // A third device meets each move alone (the one-by-one effect, not a run's): the same.
    let third = dir.path().join("third.db");
    let one_by_one = Store::open(&third).await.unwrap();
    let mut page = Vec::new();
    for op in &ops {
        let alone = op.kind == "order.transition";
        if alone && !page.is_empty() {
            let last = ops_last(&page);
            one_by_one.apply_remote(&page, last).await.unwrap();
            page.clear();
        }
        page.push(op.clone());
        if alone {
            one_by_one.apply_remote(&page, op.server_seq).await.unwrap();
            page.clear();
        }
    }
    if !page.is_empty() {
        one_by_one
            .apply_remote(&page, ops_last(&page))
            .await
            .unwrap();
    }
    drop(one_by_one);
    // A fourth meets the moves after all the creations (as the log of an older import has
    // them): runs of moves of orders it holds, applied together.
    let fourth = dir.path().join("fourth.db");
    let moves_last = Store::open(&fourth).await.unwrap();
    let (moves, mut reordered): (Vec<_>, Vec<_>) = ops
        .iter()
        .cloned()
        .partition(|op| op.kind == "order.transition");
    reordered.extend(moves);
    for (i, op) in reordered.iter_mut().enumerate() {
        op.server_seq = i as i64 + 1;
    }
    for page in reordered.chunks(1_000) {
        moves_last.apply_remote(page, ops_last(page)).await.unwrap();
    }
    drop(moves_last);
    // The server sends the importing device its own operations back: nothing changes there.
    let (before, before_events, _) = orders_as_seen(&here).await;
    for page in ops.chunks(1_000) {
        store
            .apply_remote(page, page.last().unwrap().server_seq)
            .await
            .unwrap();
    }
    let (after, after_events, _) = orders_as_seen(&here).await;
    assert_eq!(before, after);
    assert_eq!(before_events, after_events);
    drop(store);
    drop(other);

    // The customers written a batch at a time are the ones their operations make elsewhere.
    let customers = customers_as_kept(&here).await;
    assert_eq!(customers.len(), 2_100);
    for device in [&there, &third, &fourth] {
        let theirs = customers_as_kept(device).await;
        let differ = customers.iter().zip(&theirs).find(|(a, b)| a != b);
        assert!(
            customers.len() == theirs.len() && differ.is_none(),
            "{}: {} customers against {}; first apart: {differ:?}",
            device.display(),
            customers.len(),
            theirs.len()
        );
    }
    let (rows, events, found) = orders_as_seen(&here).await;
    assert_eq!(rows.len(), 2_500);
    assert_eq!(events.len(), created + approved);
    assert!(!found.is_empty(), "the search finds the imported orders");
    // Pages of 700 (approvals with their orders), each move alone, moves after the orders.
    for device in [&there, &third, &fourth] {
        let (their_rows, their_events, their_found) = orders_as_seen(device).await;
        assert_eq!(rows, their_rows, "{}", device.display());
        assert_eq!(events, their_events, "{}", device.display());
        assert_eq!(found, their_found, "{}", device.display());
    }
    // Orders go to the queue (approved) or to analysis, by their ERP status and kind.
    assert!(rows.iter().any(|r| r.contains("\"approved\"")));
    assert!(rows.iter().any(|r| r.contains("\"pending_analysis\"")));
}

#[tokio::test]
async fn a_customer_placed_by_hand_keeps_the_place_when_the_file_comes_again_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("campo.db")).await.unwrap();
    let admin = support::admin(&store).await;
    let file = format!(
        "id;razao;cnpj_cpf;telefone_celular;cep;endereco;numero;bairro;cidade;uf;latitude;longitude\n\
         C1;Cliente Sem Mapa;{};(81) 99876-0001;50000-001;Rua 1;10;Boa Viagem;Recife;PE;;\n",
        cpf(1)
    );
    let checked = support::checked(&store, ImportKind::Customers, file.as_bytes()).await;
    support::write(&store, admin, &checked).await;
    assert_eq!(store.unlocated_customers(10).await.unwrap().total, 1);
    let id = store.unlocated_customers(10).await.unwrap().customers[0]
        .id
        .clone();
    let id = uuid::Uuid::parse_str(&id).unwrap();

    // Placed on the map from the customer's page.
    let page = store.customer_page(id).await.unwrap();
    let d = &page.details;
    let mut w = store.writer(admin).await.unwrap();
    let edit = campo_store::customers::CustomerEdit {
        address: campo_domain::NewAddress {
            lat: Some(-8.1234),
            lon: Some(-34.9012),
            ..d.address.clone()
        },
        ..d.clone()
    };
    assert!(
        w.edit_customer(id, &edit, chrono::Utc::now())
            .await
            .unwrap()
    );
    w.commit().await.unwrap();

    // The nightly file again, still without coordinates: nothing changes, the place stays.
    let checked = support::checked(&store, ImportKind::Customers, file.as_bytes()).await;
    let (summary, _) = support::write(&store, admin, &checked).await;
    assert_eq!((summary.updated, summary.unchanged), (0, 1));
    assert_eq!(store.unlocated_customers(10).await.unwrap().total, 0);
    let details = store.customer_page(id).await.unwrap().details;
    assert_eq!(
        (details.address.lat, details.address.lon),
        (Some(-8.1234), Some(-34.9012))
    );
}

#[tokio::test]
async fn a_customer_found_by_cpf_takes_the_files_erp_id_and_frees_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campo.db");
    let store = Store::open(&path).await.unwrap();
    let admin = support::admin(&store).await;
    let head = "id;razao;cnpj_cpf;telefone_celular;cep;endereco;numero;bairro;cidade;uf;latitude;longitude\n";
    let row = |id: &str, name: &str, n: usize| {
        format!(
            "{id};{name};{};(81) 99876-000{n};50000-001;Rua 1;10;Boa Viagem;Recife;PE;-8,1;-34,9\n",
            cpf(n)
        )
    };
    let first = format!("{head}{}", row("E1", "Maria Antiga", 1));
    let checked = support::checked(&store, ImportKind::Customers, first.as_bytes()).await;
    support::write(&store, admin, &checked).await;
    // The ERP renumbered Maria (same CPF, id F1) and gave her old id to someone new.
    let second = format!(
        "{head}{}{}",
        row("F1", "Maria Antiga", 1),
        row("E1", "José Novo", 2)
    );
    let checked = support::checked(&store, ImportKind::Customers, second.as_bytes()).await;
    let (summary, _) = support::write(&store, admin, &checked).await;
    assert_eq!((summary.created, summary.updated), (1, 1));
    drop(store);
    let kept: Vec<(String, String)> = customers_as_kept(&path)
        .await
        .iter()
        .map(|row| {
            let v: Vec<serde_json::Value> = serde_json::from_str(row).unwrap();
            (
                v[1].as_str().unwrap().to_owned(),
                v[18].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("Maria Antiga".to_owned(), "F1".to_owned()),
            ("José Novo".to_owned(), "E1".to_owned())
        ]
    );
}
