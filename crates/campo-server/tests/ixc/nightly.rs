//! The nightly job (`campo-server ixc …`) and the server's own schedule: customers, then
//! orders, then receivables and payments, each night reading only what is new.

use super::*;

#[test]
fn the_nightly_job_imports_the_customers_once_and_names_a_bad_record_by_its_ixc_id() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut list = customers();
    list[1]["cnpj_cpf"] = json!("111.444.777-36");
    let (url, first) = rt.block_on(stand(list));
    let dir = cli::provider();

    // A CPF with a wrong check digit: named by the customer's IXC id, nothing imported.
    let out = campo(dir.path(), &url, &["ixc", "customers"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let text = said(&out);
    assert!(
        text.contains("IXC Provedor id 102, campo cnpj_cpf: CPF inválido"),
        "{text}"
    );
    assert!(text.contains("nada foi importado"), "{text}");

    // Fixed in IXC: the four active customers come in; the next night nothing changes.
    drop(first);
    let (fixed, _stand) = rt.block_on(stand(customers()));
    let out = campo(dir.path(), &fixed, &["ixc", "customers"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "criados 4, atualizados 0, sem mudança 0");
    // The next night: nothing changed in IXC since, nothing read; read in full, nothing changes.
    let again = campo(dir.path(), &fixed, &["ixc", "customers"]);
    assert!(again.status.success(), "{}", said(&again));
    saying(&again, "registros lidos 0");
    let again = campo(dir.path(), &fixed, &["ixc", "customers", "--full"]);
    saying(&again, "criados 0, atualizados 0, sem mudança 4");
    // Without the token the job says what is missing.
    let out = cli::command(dir.path())
        .args(["ixc", "customers"])
        .env("CAMPO_IXC_URL", &fixed)
        .env("CAMPO_IXC_USER", USER)
        .env_remove("CAMPO_IXC_TOKEN")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(said(&out).contains("falta o token"), "{}", said(&out));
}

#[test]
fn a_reading_by_hand_waits_while_the_server_reads_on_its_schedule() {
    use campo_server::erp::turns;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (url, _stand) = rt.block_on(stand(customers()));
    let dir = cli::provider();
    // The running server's scheduled reading holds the turn.
    let db = rt
        .block_on(campo_server::db::ServerDb::open_dir(dir.path()))
        .unwrap();
    let held = rt
        .block_on(turns::take(
            &db,
            "read:ixc",
            "the-running-server",
            turns::TURN_TIME,
        ))
        .unwrap()
        .expect("the turn is free");
    let out = campo(dir.path(), &url, &["ixc", "customers"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    saying(
        &out,
        "Outro servidor está lendo o IXC agora; nada foi lido por este",
    );
    // A dry run writes nothing: it needs no turn.
    let out = campo(dir.path(), &url, &["ixc", "customers", "--dry-run"]);
    assert!(out.status.success(), "{}", said(&out));
    rt.block_on(held.end(&db)).unwrap();
    let out = campo(dir.path(), &url, &["ixc", "customers"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "criados 4, atualizados 0, sem mudança 0");
    // Its own turn ended with it: the schedule reads next.
    let next = rt
        .block_on(turns::take(
            &db,
            "read:ixc",
            "the-running-server",
            turns::TURN_TIME,
        ))
        .unwrap();
    assert!(next.is_some(), "the reading by hand left the turn");
    rt.block_on(db.pool().close());
}

#[test]
fn the_nightly_job_brings_the_open_orders_after_the_customers() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = provider_with_plans();

    // An order of a customer without an active contract: named, nothing imported.
    let mut list = orders();
    list.push(chamado(5006, 105, "2", "EN"));
    let (url, first) = rt.block_on(stand_with(customers(), list));
    let out = campo(dir.path(), &url, &["ixc", "customers"]);
    assert!(out.status.success(), "{}", said(&out));
    let out = campo(dir.path(), &url, &["ixc", "orders"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    saying(&out, "IXC Provedor id 5006, campo plano: ");
    drop(first);

    let (url, _stand) = rt.block_on(stand(customers()));
    let out = campo(dir.path(), &url, &["ixc", "orders"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "criados 4, atualizados 0, sem mudança 0");
    let again = campo(dir.path(), &url, &["ixc", "orders", "--full"]);
    saying(&again, "criados 0, atualizados 0, sem mudança 4");
}

#[test]
fn the_next_night_reads_only_the_orders_opened_since_and_the_status_says_so() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = provider_with_plans();
    let (url, stand) = rt.block_on(stand(customers()));
    let status = |dir: &Path| said(&campo(dir, &url, &["ixc", "status"]));
    assert!(status(dir.path()).contains("orders: última leitura boa nunca; a próxima lê tudo"));
    for kind in ["customers", "orders"] {
        let out = campo(dir.path(), &url, &["ixc", kind]);
        assert!(out.status.success(), "{}", said(&out));
    }
    assert!(
        status(dir.path()).contains("a próxima lê o que mudou depois de 5005"),
        "{}",
        status(dir.path())
    );

    // Two orders opened in IXC since, one of them already finished.
    stand
        .tables
        .lock()
        .unwrap()
        .get_mut("su_oss_chamado")
        .unwrap()
        .extend([chamado(5007, 102, "1", "A"), chamado(5008, 104, "2", "F")]);
    stand.seen.lock().unwrap().clear();
    let out = campo(dir.path(), &url, &["ixc", "orders"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "registros lidos 1");
    assert!(said(&out).contains("criados 1,"), "{}", said(&out));
    let seen = stand.seen.lock().unwrap().clone();
    let (_, asked) = seen.iter().find(|(t, _)| t == "su_oss_chamado").unwrap();
    assert_eq!(asked["qtype"], "su_oss_chamado.id");
    assert_eq!(asked["oper"], ">");
    assert_eq!(asked["query"], "5005");
    assert!(
        status(dir.path()).contains("depois de 5008"),
        "{}",
        status(dir.path())
    );

    // A token IXC refuses: the failure is kept, the mark where it was; --full reads it all.
    let out = cli::command(dir.path())
        .args(["ixc", "orders"])
        .env("CAMPO_IXC_URL", &url)
        .env("CAMPO_IXC_USER", USER)
        .env("CAMPO_IXC_TOKEN", "revogado")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let now = status(dir.path());
    assert!(
        now.contains("1 vez): o ERP recusou o usuário ou o token (HTTP 401)"),
        "{now}"
    );
    assert!(!now.contains("revogado"));
    let out = campo(dir.path(), &url, &["ixc", "orders", "--full"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "criados 0, atualizados 0, sem mudança 5");
}

#[tokio::test]
async fn the_server_reads_ixc_on_its_own_schedule() {
    let dir = tokio::task::spawn_blocking(provider_with_plans)
        .await
        .unwrap();
    let (url, stand) = stand(customers()).await;
    let db = campo_server::db::ServerDb::open_dir(dir.path())
        .await
        .unwrap();
    let reading = tokio::spawn(campo_server::erp::keep_reading(
        db.clone(),
        Ixc::new(config(&url, TOKEN)),
        "ixc",
        Duration::from_millis(200),
    ));
    let mark = |kind| {
        let db = db.clone();
        async move {
            campo_server::erp::standing::get(&db, "ixc", kind)
                .await
                .unwrap()
                .mark
        }
    };
    let until = |want: &'static str| {
        let mark = &mark;
        async move {
            for _ in 0..300 {
                if mark(ImportKind::Orders).await.as_deref() == Some(want) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            panic!("the orders' reading never reached {want}");
        }
    };
    // The first turn reads the customers, then their open orders.
    until("5005").await;
    assert!(mark(ImportKind::Customers).await.is_some());
    // An order opened in IXC meanwhile comes in at a later turn.
    stand
        .tables
        .lock()
        .unwrap()
        .get_mut("su_oss_chamado")
        .unwrap()
        .push(chamado(5009, 102, "1", "A"));
    until("5009").await;
    reading.abort();
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops WHERE kind = 'order.create'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(orders, 5, "the four open at first, then 5009");
    db.close().await;
}

#[test]
fn the_receivables_come_after_the_customers_and_the_next_night_brings_the_payments() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = cli::provider();
    let (url, stand) = rt.block_on(stand(customers()));
    stand.tables.lock().unwrap().insert(
        "fn_areceber",
        vec![
            titulo(9001, 101, "2026-10-10", "R", Some("2026-10-08")),
            titulo(9002, 101, "2026-11-10", "A", None),
            titulo(9003, 102, "2026-11-10", "A", None),
            // Customer 103 is inactive in IXC and was never imported: left out, not a problem.
            titulo(9004, 103, "2026-11-10", "A", None),
            titulo(9005, 105, "2026-11-10", "C", None),
        ],
    );
    let out = campo(dir.path(), &url, &["ixc", "customers"]);
    assert!(out.status.success(), "{}", said(&out));
    let out = campo(dir.path(), &url, &["ixc", "receivables"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "criados 4, atualizados 0, sem mudança 0");
    saying(
        &out,
        "1 título de cliente que o Campo não tem (inativo no ERP) fica de fora",
    );

    // The next night: 9002 was paid, 9006 issued; only those (and the day read before) come.
    {
        let mut tables = stand.tables.lock().unwrap();
        let list = tables.get_mut("fn_areceber").unwrap();
        list[1] = titulo(9002, 101, "2026-11-10", "R", Some("2026-11-12"));
        list.push(titulo(9006, 104, "2026-12-10", "A", None));
    }
    stand.seen.lock().unwrap().clear();
    let out = campo(dir.path(), &url, &["ixc", "receivables"]);
    assert!(out.status.success(), "{}", said(&out));
    saying(&out, "criados 1, atualizados 1, sem mudança 1");
    let seen = stand.seen.lock().unwrap().clone();
    let asked: Vec<(String, String, String)> = seen
        .iter()
        .filter(|(t, _)| t == "fn_areceber")
        .map(|(_, b)| {
            let f = |k: &str| b[k].as_str().unwrap_or_default().to_owned();
            (f("qtype"), f("oper"), f("query"))
        })
        .collect();
    assert!(
        asked.contains(&("fn_areceber.id".into(), ">".into(), "9005".into())),
        "{asked:?}"
    );
    assert!(
        asked.contains(&(
            "fn_areceber.baixa_data".into(),
            ">=".into(),
            "2026-10-08".into()
        )),
        "{asked:?}"
    );
    // Read in full again: nothing changes.
    let out = campo(dir.path(), &url, &["ixc", "receivables", "--full"]);
    saying(&out, "criados 0, atualizados 0, sem mudança 5");
}
