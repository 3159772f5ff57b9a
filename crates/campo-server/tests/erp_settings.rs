//! The administrator connects the provider's IXC from the app: the address, the API user and
//! the token (kept sealed, never sent back), how often to read it. A setting missing or
//! malformed is named; only the administrator may; the server then reads the stand-in IXC
//! (tests/ixc_stand, IXC's documented shapes) on that schedule, without a restart.

use std::sync::atomic::Ordering;
use std::time::Duration;

use campo_client::TransportError;
use campo_import::ImportKind;
use campo_protocol::erp::{ErpError, ErpSettingsInput};

#[allow(dead_code, reason = "these tests read customers only")]
mod ixc_stand;
use ixc_stand::{TOKEN, USER, cliente};
#[allow(dead_code, reason = "these tests use only its signed-in client")]
mod support;

fn refused(e: &TransportError) -> String {
    match e {
        TransportError::Refused { message, .. } => message.clone(),
        other => panic!("not a refusal: {other:?}"),
    }
}

#[tokio::test]
async fn the_administrator_connects_ixc_from_the_app_and_the_server_reads_it_on_schedule() {
    let mut tables = ixc_stand::reference_tables();
    tables.insert(
        "cliente",
        vec![cliente(
            101,
            "Maria das Dores Silva",
            "529.982.247-25",
            "3170",
            "S",
        )],
    );
    let (url, stand) = ixc_stand::serve(tables).await;
    let server = campo_fixtures::server::start().await;
    let admin = support::Client::new(&server, "admin").await.http;
    let good = ErpSettingsInput {
        url: format!("{url}/webservice/v1/"),
        user: USER.into(),
        token: TOKEN.into(),
        every_minutes: Some(15),
        closer: String::new(),
    };

    // Each setting missing or malformed is named; nothing is kept.
    let no_token = ErpSettingsInput {
        token: String::new(),
        ..good.clone()
    };
    let e = admin.set_erp_settings(&no_token).await.unwrap_err();
    assert_eq!(refused(&e), "Informe o token");
    let bad_address = ErpSettingsInput {
        url: "erp.provedor.com.br".into(),
        ..good.clone()
    };
    let e = admin.set_erp_settings(&bad_address).await.unwrap_err();
    assert!(refused(&e).contains("erp.provedor.com.br"), "{e:?}");
    let too_often = ErpSettingsInput {
        every_minutes: Some(1),
        ..good.clone()
    };
    let e = admin.set_erp_settings(&too_often).await.unwrap_err();
    assert!(refused(&e).contains("a cada 5 a 1440 minutos"), "{e:?}");
    // The refusal travels as data: an English session reads it in English.
    assert_eq!(
        campo_domain::Localized::message(&e, campo_domain::Lang::En),
        "Read the ERP every 5 to 1440 minutes (not 1)"
    );
    assert!(
        admin.erp_standing().await.unwrap().settings.is_none(),
        "nothing kept"
    );
    // Only the administrator.
    let office = support::Client::new(&server, "mariana").await.http;
    let e = office.set_erp_settings(&good).await.unwrap_err();
    assert!(refused(&e).contains("Só a administração"), "{e:?}");

    // Set: the standing names the ERP and the schedule; the token stays on the server, sealed.
    let s = admin.set_erp_settings(&good).await.unwrap();
    let kept = s.settings.clone().unwrap();
    assert_eq!(kept.url, url, "kept without IXC's path");
    assert_eq!((kept.user.as_str(), kept.token_set), (USER, true));
    assert_eq!(
        (s.erp.as_deref(), s.every_minutes),
        (Some("IXC Provedor"), Some(15))
    );
    let sealed: String = sqlx::query_scalar("SELECT token_sealed FROM erp_settings")
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert!(!sealed.contains(TOKEN));
    assert!(!serde_json::to_string(&s).unwrap().contains(TOKEN));
    // Changed without typing the token again: the one kept stays.
    let s = admin
        .set_erp_settings(&ErpSettingsInput {
            token: String::new(),
            every_minutes: Some(30),
            ..good.clone()
        })
        .await
        .unwrap();
    assert_eq!(s.every_minutes, Some(30));
    let still: String = sqlx::query_scalar("SELECT token_sealed FROM erp_settings")
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert_eq!(still, sealed);
    // Another address with the token left empty: the kept token is not sent there.
    let e = admin
        .set_erp_settings(&ErpSettingsInput {
            url: "https://outro.exemplo.net".into(),
            token: String::new(),
            ..good.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(
        refused(&e),
        "Com outro endereço ou usuário, informe o token de novo"
    );

    // Two servers over the one database: IXC is read with what was set, by one of them, once,
    // then neither reads again before its turn.
    let servers: Vec<_> = (0..2)
        .map(|_| {
            tokio::spawn(campo_server::erp::settings::keep_in_step(
                server.db.clone(),
                campo_fixtures::server::test_key(),
                Duration::from_millis(50),
            ))
        })
        .collect();
    let standing = async |kind| {
        campo_server::erp::standing::get(&server.db, "ixc", kind)
            .await
            .unwrap()
    };
    for _ in 0..200 {
        if standing(ImportKind::Receivables)
            .await
            .last_run_at
            .is_some()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let read = standing(ImportKind::Customers).await;
    assert!(read.last_run_at.is_some(), "IXC was never read");
    assert!(
        !matches!(read.last_error, Some(ErpError::Unauthorized { .. })),
        "read with the token set: {:?}",
        read.last_error
    );
    assert!(
        standing(ImportKind::Receivables)
            .await
            .last_run_at
            .is_some()
    );
    let asked = stand.requests.load(Ordering::SeqCst);
    assert!(asked > 0);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        stand.requests.load(Ordering::SeqCst),
        asked,
        "not read again before its turn"
    );
    let customer_listings = stand
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|(table, _)| table == "cliente")
        .count();
    assert_eq!(customer_listings, 1, "one turn, by one server");
    let busy: Option<String> = sqlx::query_scalar("SELECT busy_until FROM erp_settings")
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert_eq!(busy, None, "the turn is over");

    // Saved again, the next turn is due at once — yet not while another server's turn runs
    // (one is made to run first: saving leaves it running).
    sqlx::query("UPDATE erp_settings SET busy_until = '2999-01-01T00:00:00.000Z'")
        .execute(server.db.pool())
        .await
        .unwrap();
    let before = stand.requests.load(Ordering::SeqCst);
    admin.set_erp_settings(&good).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        stand.requests.load(Ordering::SeqCst),
        before,
        "waits for the running turn"
    );
    sqlx::query("UPDATE erp_settings SET busy_until = NULL")
        .execute(server.db.pool())
        .await
        .unwrap();
    for _ in 0..100 {
        if stand.requests.load(Ordering::SeqCst) > before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        stand.requests.load(Ordering::SeqCst) > before,
        "read once free"
    );
    for s in servers {
        s.abort();
    }
}
