//! Odd requests and guessed passwords: a code and words for each, nothing panics, and guessing
//! is slowed where it comes from without locking anyone else out.

use super::*;

#[tokio::test]
async fn odd_requests_get_a_code_and_words_and_nothing_panics() {
    let server = start().await;
    let mut office = Client::new(&server, "mariana").await;
    let http = reqwest::Client::new();
    for time in [i64::MIN, i64::MAX] {
        let reply = office
            .http
            .hello(&Hello {
                protocol: PROTOCOL_VERSION,
                schema_version: 1,
                app_version: "x".repeat(10_000),
                client_time_ms: time,
            })
            .await
            .unwrap();
        assert!(reply.clock_skew_ms.unsigned_abs() > 1_000_000_000);
    }
    // An op id copied from an operation the server wrote (a person's creation).
    let server_op: String = sqlx::query_scalar(
        "SELECT op_id FROM ops WHERE device_id = $1 ORDER BY server_seq LIMIT 1",
    )
    .bind(Uuid::nil().to_string())
    .fetch_one(server.db.pool())
    .await
    .unwrap();
    let mut copied = office.wire(&Op::CustomerCreated(customer("Ana")));
    copied.op_id = Uuid::parse_str(&server_op).unwrap();
    let fresh = office.wire(&Op::CustomerCreated(customer("Bia")));
    let answers = office.push_wire(vec![copied, fresh]).await;
    assert_eq!(
        answers.iter().map(code).collect::<Vec<_>>(),
        ["op_id_taken", "applied"],
        "the batch is answered, the copied id refused by name"
    );

    let r = http
        .get(format!("{}/v1/nothing-here", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "unknown_route");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Rota desconhecida")
    );
    let r = http
        .get(format!("{}/v1/push", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "method_not_allowed");

    let missing = tempfile::tempdir()
        .unwrap()
        .path()
        .join("no/such/folder/copy.db");
    let err = server.db.backup(&missing).await.unwrap_err();
    match server.db.backend() {
        campo_server::db::Backend::Sqlite => {
            assert!(err.to_string().contains("não existe"), "{err}")
        }
        campo_server::db::Backend::Postgres => assert!(err.to_string().contains("pg_dump")),
    }
}

#[tokio::test]
async fn a_password_too_long_is_refused_by_name_and_changes_nothing() {
    let server = start().await;
    let office = Client::new(&server, "mariana").await;
    let long = "s".repeat(campo_server::api::MAX_PASSWORD + 1);
    let r = reqwest::Client::new()
        .post(format!("{}/v1/login", server.url))
        .json(&json!({"login": "mariana", "password": long, "deviceId": Uuid::now_v7()}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    let too_long = campo_protocol::Problem::PasswordTooLong {
        max: campo_server::api::MAX_PASSWORD,
    };
    let problem: campo_protocol::Problem = serde_json::from_value(body["problem"].clone()).unwrap();
    assert_eq!(problem, too_long);
    for (current, new) in [(long.as_str(), PASSWORD), (PASSWORD, long.as_str())] {
        let change = campo_protocol::accounts::PasswordChange {
            current: current.into(),
            new: new.into(),
        };
        match office.http.choose_password(&change).await.unwrap_err() {
            campo_client::TransportError::Refused {
                status, problem, ..
            } => assert_eq!((status, problem), (400, Some(too_long.clone()))),
            other => panic!("{other:?}"),
        }
    }
    // Mariana's password is unchanged: she still signs in with it.
    assert_eq!(
        sign_in(&server.url, "mariana", PASSWORD, "10.9.0.1").await,
        200
    );
}

/// Signs in as `login` with `password` from `address` (through the trusted proxy).
async fn sign_in(server_url: &str, login: &str, password: &str, address: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{server_url}/v1/login"))
        .header("x-forwarded-for", address)
        .json(&json!({"login": login, "password": password, "deviceId": Uuid::now_v7()}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn guessing_is_slowed_where_it_comes_from_and_never_locks_someone_else_out() {
    let server = start().await;
    let url = server.url.clone();
    // A stranger guessing Mariana's password from many addresses…
    for n in 0..60 {
        let status = sign_in(&url, "mariana", "errada", &format!("10.1.0.{n}")).await;
        assert!(status == 401 || status == 429, "{status}");
    }
    // …does not keep her out from her own machine.
    assert_eq!(sign_in(&url, "mariana", PASSWORD, "10.9.9.9").await, 200);

    // Guessing across many logins from one address is slowed too.
    let mut statuses = Vec::new();
    for n in 0..30 {
        statuses.push(sign_in(&url, &format!("pessoa{n}"), "errada", "10.2.0.1").await);
    }
    assert!(statuses[..20].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(statuses[21..].iter().all(|s| *s == 429), "{statuses:?}");

    // A 3 MiB login name is refused before anything is kept.
    let long = "x".repeat(3 * 1024 * 1024);
    assert_eq!(sign_in(&url, &long, "x", "10.3.0.1").await, 413);
    let name = "y".repeat(200);
    assert_eq!(sign_in(&url, &name, "x", "10.3.0.2").await, 400);

    // A burst of parallel guesses is counted before any is checked: at most the free ones
    // and the one that opens the back-off are checked, even with the right one among them.
    let mut tasks = Vec::new();
    for n in 0..29 {
        let url = url.clone();
        let password = if n == 14 { PASSWORD } else { "errada" };
        tasks.push(tokio::spawn(async move {
            sign_in(&url, "josue", password, "10.4.0.1").await
        }));
    }
    let mut checked = 0;
    for t in tasks {
        if t.await.unwrap() != 429 {
            checked += 1;
        }
    }
    assert!(
        checked <= campo_server::throttle::FREE_PER_PAIR + 1,
        "{checked} attempts were checked"
    );
}
