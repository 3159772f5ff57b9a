//! Bad requests against a real campo-server: each gets a clear 4xx (or a per-operation
//! refusal) and nothing is partly applied.

use campo_fixtures::server::{device, start};
use campo_protocol::wire::{Outcome, PushRequest, WireOp};
use campo_sync::Transport;
use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

async fn head(pool: &sqlx::AnyPool) -> i64 {
    sqlx::query_scalar("SELECT COALESCE(MAX(server_seq), 0) FROM ops")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// An operation as a device sends it: the envelope names what the payload names.
fn op(device: Uuid, seq: i64, kind: &str, payload: serde_json::Value) -> WireOp {
    let (entity, entity_id) = campo_protocol::Op::decode(kind, &payload.to_string())
        .ok()
        .flatten()
        .map_or(("customer".to_owned(), Uuid::now_v7()), |o| {
            (o.entity().to_owned(), o.entity_id())
        });
    WireOp {
        op_id: Uuid::now_v7(),
        device_id: device,
        device_seq: seq,
        hlc: format!("{:015}-000000", Utc::now().timestamp_millis()),
        entity,
        entity_id,
        kind: kind.into(),
        payload: campo_protocol::wire::payload_of(&payload).unwrap(),
        schema_version: 1,
    }
}

fn customer_payload(cpf: Option<&str>) -> serde_json::Value {
    json!({
        "id": Uuid::now_v7(), "name": "João Batista", "cpf": cpf, "email": null, "motherName": null,
        "birthDate": null, "phone1": "81999998888", "phone2": null, "cep": "50030230",
        "street": "Rua da Aurora", "number": "10", "complement": null, "neighbourhood": "Boa Vista",
        "city": "Recife", "uf": "PE", "lat": -8.06, "lon": -34.88
    })
}

#[tokio::test]
async fn malformed_json_oversized_bodies_and_missing_tokens_get_clear_4xx() {
    let server = start().await;
    let coord = device(&server, "mariana").await;
    let http = reqwest::Client::new();
    let before = head(server.db.pool()).await;

    let r = http
        .post(format!("{}/v1/push", server.url))
        .bearer_auth(&coord.token)
        .header("content-type", "application/json")
        .body("{\"ops\": [")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "bad_request");
    // Named, without the decoder's words (those go to the server's log), and as a code the
    // device words in its person's language.
    assert_eq!(body["message"], "Corpo da requisição inválido");
    let problem: campo_protocol::Problem = serde_json::from_value(body["problem"].clone()).unwrap();
    assert_eq!(
        campo_domain::Localized::message(&problem, campo_domain::Lang::En),
        "The server could not read the request"
    );

    let r = http
        .post(format!("{}/v1/push", server.url))
        .json(&json!({"ops": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .post(format!("{}/v1/push", server.url))
        .bearer_auth("not-a-token")
        .json(&json!({"ops": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    let huge = "x".repeat(5 * 1024 * 1024);
    let r = http
        .post(format!("{}/v1/push", server.url))
        .bearer_auth(&coord.token)
        .header("content-type", "application/json")
        .body(format!("{{\"ops\": [], \"pad\": \"{huge}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);

    let r = http
        .get(format!("{}/v1/pull?cursor=-4", server.url))
        .bearer_auth(&coord.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["problem"]["code"], "cursor_negative");
    let r = http
        .get(format!("{}/health", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(head(server.db.pool()).await, before);
}

#[tokio::test]
async fn unknown_kinds_personal_data_from_technicians_and_other_vans_are_refused() {
    let server = start().await;
    let coord = device(&server, "mariana").await;
    let tech = device(&server, "josue").await;
    let other = device(&server, "rita").await;
    coord.sync().await;
    let before = head(server.db.pool()).await;
    let t = campo_client::HttpTransport::new(&server.url)
        .unwrap()
        .with_token(tech.token.clone());
    let dev = tech.store().device_id();

    let reply = t
        .push(&PushRequest {
            ops: vec![
                op(dev, 1, "stock.teleport", json!({})),
                op(
                    dev,
                    2,
                    "customer.create",
                    customer_payload(Some("52998224725")),
                ),
                op(dev, 3, "customer.create", customer_payload(None)),
            ],
        })
        .await
        .unwrap();
    let codes: Vec<String> = reply
        .results
        .iter()
        .map(|r| match &r.outcome {
            Outcome::Rejected { refusal, .. } => refusal.code().to_owned(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(codes, ["unknown_kind", "personal_data", "forbidden"]);
    assert_eq!(head(server.db.pool()).await, before, "nothing applied");

    // Another technician cannot move Josué's order.
    let order = {
        let mut w = coord.store().writer(coord.actor()).await.unwrap();
        let now = Utc::now();
        let plan = w
            .create_plan(
                &campo_store::write::NewPlan {
                    name: "Fibra 300 Mega".into(),
                    download_mbps: 300,
                    price_cents: 9_990,
                    has_iptv: false,
                    premium: false,
                },
                now,
            )
            .await
            .unwrap();
        let mut draft = campo_domain::CustomerDraft {
            name: "Cícero Alves".into(),
            phone1: "(81) 98888-7777".into(),
            ..campo_fixtures::customer()
        };
        draft.email = Some("cicero@exemplo.com.br".into());
        let customer = w.create_customer(&draft, now).await.unwrap();
        let order = w
            .create_order(
                &campo_store::write::NewOrder::new(campo_domain::OrderKind::Repair, customer, plan),
                now,
            )
            .await
            .unwrap();
        w.schedule_order(
            order,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            campo_domain::Period::Afternoon,
            server.technician,
            now,
        )
        .await
        .unwrap();
        w.commit().await.unwrap();
        order
    };
    coord.sync().await;
    other.sync().await;
    // Rita's device never receives Josué's order; a device that forges the move anyway is
    // refused.
    assert!(other.store().get_order(order).await.is_err());
    let forged = campo_protocol::ops::OrderTransitioned {
        order_id: order,
        event_id: Uuid::now_v7(),
        from: "scheduled".into(),
        to: "en_route".into(),
        reason: None,
        schedule: None,
        at: "2026-11-24T11:00:00.000Z".into(),
    };
    let t = campo_client::HttpTransport::new(&server.url)
        .unwrap()
        .with_token(other.token.clone());
    let mut forged_op = op(
        other.store().device_id(),
        1,
        "order.transition",
        serde_json::to_value(&forged).unwrap(),
    );
    forged_op.entity = "work_order".into();
    forged_op.entity_id = order;
    let reply = t
        .push(&PushRequest {
            ops: vec![forged_op],
        })
        .await
        .unwrap();
    assert!(
        matches!(&reply.results[0].outcome, Outcome::Rejected { refusal, .. } if refusal.code() == "not_yours"),
        "{reply:?}"
    );
    let on_server: String = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
        .bind(order.to_string())
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert_eq!(on_server, "scheduled");
}

#[tokio::test]
async fn a_newer_schema_is_quarantined_and_kept() {
    let server = start().await;
    let coord = device(&server, "mariana").await;
    let t = campo_client::HttpTransport::new(&server.url)
        .unwrap()
        .with_token(coord.token.clone());
    let mut future = op(
        coord.store().device_id(),
        1,
        "order.split",
        json!({"into": 2}),
    );
    future.schema_version = 9;
    let reply = t
        .push(&PushRequest {
            ops: vec![future.clone()],
        })
        .await
        .unwrap();
    assert!(
        matches!(&reply.results[0].outcome, Outcome::Quarantined { message } if message.contains("fica guardada"))
    );
    let kept: String = sqlx::query_scalar("SELECT body FROM quarantine WHERE op_id = $1")
        .bind(future.op_id.to_string())
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert!(kept.contains("order.split"));
    // Sent again, the same answer.
    let again = t.push(&PushRequest { ops: vec![future] }).await.unwrap();
    assert!(matches!(
        &again.results[0].outcome,
        Outcome::Quarantined { .. }
    ));
}

#[tokio::test]
async fn expired_revoked_and_disabled_sessions_are_refused_and_logins_are_rate_limited() {
    let server = start().await;
    let http = reqwest::Client::new();
    let coord = device(&server, "mariana").await;
    let tech = device(&server, "josue").await;
    let rita = device(&server, "rita").await;
    let hello = json!({"protocol": campo_protocol::wire::PROTOCOL_VERSION, "schemaVersion": 1, "appVersion": "t", "clientTimeMs": 0});
    let call = |token: String| {
        let http = http.clone();
        let url = format!("{}/v1/hello", server.url);
        let hello = hello.clone();
        async move {
            http.post(url)
                .bearer_auth(token)
                .json(&hello)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(call(coord.token.clone()).await, 200);
    // An app speaking the previous protocol (it would not understand a request to load its
    // data again) is told to update.
    let old = http
        .post(format!("{}/v1/hello", server.url))
        .bearer_auth(coord.token.clone())
        .json(&json!({"protocol": campo_protocol::wire::PROTOCOL_VERSION - 1, "schemaVersion": 1, "appVersion": "t", "clientTimeMs": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 400);
    assert!(old.text().await.unwrap().contains("atualize o Campo"));

    sqlx::query("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = $1")
        .bind(coord.user.to_string())
        .execute(server.db.pool())
        .await
        .unwrap();
    assert_eq!(call(coord.token.clone()).await, 401);

    let r = http
        .post(format!("{}/v1/logout", server.url))
        .bearer_auth(&tech.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(call(tech.token.clone()).await, 401);

    campo_server::users::disable_user(&server.db, "rita")
        .await
        .unwrap();
    // A disabled account is told apart from an ended session (403, `account_disabled`): its
    // device stops syncing instead of asking to sign in again.
    assert_eq!(call(rita.token.clone()).await, 403);

    let login = |password: &'static str| {
        let http = http.clone();
        let url = format!("{}/v1/login", server.url);
        async move {
            http.post(url)
                .json(&json!({"login": "admin", "password": password, "deviceId": Uuid::now_v7()}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // A few free failures, then a back-off (1 s, doubling) — never a hard lock.
    for _ in 0..=campo_server::throttle::FREE_PER_PAIR {
        assert_eq!(login("errada").await, 401);
    }
    assert_eq!(login("errada").await, 429);
    assert_eq!(
        login(campo_fixtures::server::PASSWORD).await,
        429,
        "held back even with the right password until the back-off passes"
    );
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    assert_eq!(login(campo_fixtures::server::PASSWORD).await, 200);
}

#[tokio::test]
async fn a_device_sends_nothing_to_another_server_answering_with_a_valid_session() {
    let server = start().await;
    let mariana = device(&server, "mariana").await;
    mariana.sync().await;
    let ours = mariana.store().server_id().await.unwrap();
    assert!(ours.is_some(), "kept at the first hello");
    // A change waits to be sent.
    let mut w = mariana.store().writer(mariana.actor()).await.unwrap();
    w.add_day_off(
        chrono::NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
        "Confraternização",
        campo_domain::calendar::EditableLayer::Company,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();

    // Another server (another provider's) where the same device also holds a session: the
    // engine pointed there refuses to push this device's work into it.
    let other = start().await;
    let mut transport = campo_client::HttpTransport::new(&other.url).unwrap();
    let reply = transport
        .login(&campo_protocol::wire::LoginRequest {
            login: "mariana".into(),
            password: campo_fixtures::server::PASSWORD.into(),
            device_id: mariana.store().device_id(),
        })
        .await
        .unwrap();
    assert_ne!(reply.server_id, ours);
    let store = campo_store::Store::open(&mariana.path).await.unwrap();
    let before = head(other.db.pool()).await;
    let engine = campo_sync::SyncEngine::new(store, transport.with_token(reply.token));
    let err = engine
        .sync_once("test", Utc::now().timestamp_millis())
        .await;
    assert!(
        matches!(err, Err(campo_sync::SyncError::OtherServer)),
        "{err:?}"
    );
    assert_eq!(head(other.db.pool()).await, before, "nothing sent");
}

#[tokio::test]
async fn a_municipal_day_off_of_a_municipality_not_served_is_refused_by_the_server() {
    let server = start().await;
    let coord = device(&server, "mariana").await;
    coord.sync().await;
    let before = head(server.db.pool()).await;
    let t = coord.client(&server);
    let dev = coord.store().device_id();
    let day = |municipality: u32| {
        json!({"date": "2027-01-27", "name": "Ponto facultativo", "layer": "municipal",
               "municipality": municipality, "removed": false, "at": "2026-12-02T10:00:00Z"})
    };
    let reply = t
        .push(&PushRequest {
            ops: vec![
                // Rio de Janeiro: a real municipality the provider (none set up) does not serve.
                op(dev, 1, "calendar.day.set", day(3_304_557)),
                // Not an IBGE code at all.
                op(dev, 2, "calendar.day.set", day(1_234_567)),
            ],
        })
        .await
        .unwrap();
    let refusals: Vec<String> = reply
        .results
        .iter()
        .map(|r| match &r.outcome {
            Outcome::Rejected { refusal, .. } => {
                campo_domain::Localized::message(refusal, campo_domain::Lang::PtBr)
            }
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        refusals,
        [
            "Rio de Janeiro/RJ não está entre os municípios atendidos pelo provedor",
            "Município 1234567 não existe na tabela do IBGE",
        ]
    );
    assert_eq!(head(server.db.pool()).await, before, "nothing applied");
}
