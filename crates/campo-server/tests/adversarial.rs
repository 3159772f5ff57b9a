//! The server as an attacker and a clumsy client would use it, over HTTP on 127.0.0.1: each
//! case checks the answer (status, code, words) and that nothing landed in the log.

#[path = "adversarial/blobs.rs"]
mod blobs;
mod support;

use campo_client::{HttpTransport, Transport};
use campo_fixtures::server::{PASSWORD, start};
use campo_protocol::Op;
use campo_protocol::ops::*;
use campo_protocol::wire::{Hello, PROTOCOL_VERSION, PullMode};
use serde_json::json;
use support::*;
use uuid::Uuid;

#[path = "adversarial/damaged.rs"]
mod damaged;
#[path = "adversarial/requests.rs"]
mod requests;

#[tokio::test]
async fn an_operation_touches_what_its_payload_names_never_its_envelope() {
    let server = start().await;
    let mut office = Client::new(&server, "mariana").await;
    let mut josue = Client::new(&server, "josue").await;
    let mine = scheduled_order(&mut office, server.technician).await;
    let ritas = scheduled_order(&mut office, server.other_technician).await;
    let before = head(&server).await;

    // Josué edits his own order's notes, the envelope naming Rita's.
    let edit = Op::OrderEdited(OrderEdited {
        order_id: mine,
        changes: vec![FieldChange {
            field: "notes".into(),
            value: Some("Portão azul".into()),
            base: 0,
        }],
        at: now(),
        outcome: Vec::new(),
    });
    let mut forged = josue.wire(&edit);
    forged.entity_id = ritas;
    let answers = josue.push_wire(vec![forged]).await;
    assert_eq!(code(&answers[0]), "entity_mismatch");

    // The office schedules one order with the envelope naming another.
    let tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(2))
        .date_naive()
        .to_string();
    let move_ = schedule(mine, "scheduled", server.technician, &tomorrow, "afternoon");
    let mut forged = office.wire(&move_);
    forged.entity_id = ritas;
    let answers = office.push_wire(vec![forged]).await;
    assert_eq!(code(&answers[0]), "entity_mismatch");
    assert_eq!(
        head(&server).await,
        before,
        "nothing logged, nobody granted"
    );
    let fields: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM order_fields")
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert_eq!(fields, 0);
}

#[tokio::test]
async fn technicians_move_only_what_their_van_held() {
    let server = start().await;
    let mut office = Client::new(&server, "admin").await;
    let mut josue = Client::new(&server, "josue").await;
    let (warehouse, onu, cable) = stock(
        &mut office,
        &[
            (server.technician, &["HWTC0001"]),
            (server.other_technician, &["HWTC0002"]),
        ],
    )
    .await;
    let before = head(&server).await;
    let owner = Uuid::now_v7();
    let customer = place(
        "customer",
        campo_domain::stock::customer_place_id(owner),
        Some(owner),
    );
    let answers = josue
        .push(&[
            // Out of Rita's van, named as hers.
            movement(
                "use",
                van(server.other_technician),
                customer.clone(),
                vec![(onu, Some("HWTC0002"), 1)],
            ),
            // Out of his own van, a unit that was only ever in Rita's.
            movement(
                "use",
                van(server.technician),
                customer.clone(),
                vec![(onu, Some("HWTC0002"), 1)],
            ),
            // The warehouse's stock into his van, as a "transfer".
            movement(
                "transfer",
                warehouse.clone(),
                van(server.technician),
                vec![(cable, None, 500)],
            ),
            // More cable than his van ever received.
            movement(
                "use",
                van(server.technician),
                customer.clone(),
                vec![(cable, None, 101)],
            ),
            // A van whose id is not the one its owner's follows from.
            movement(
                "use",
                StockPlaceRef {
                    id: campo_domain::stock::van_id(server.other_technician),
                    ..van(server.technician)
                },
                customer.clone(),
                vec![(onu, Some("HWTC0002"), 1)],
            ),
        ])
        .await;
    assert_eq!(
        answers,
        [
            "not_yours",
            "not_held",
            "not_yours",
            "not_enough",
            "invalid"
        ]
    );
    assert_eq!(head(&server).await, before, "nothing logged");
    let place: String = sqlx::query_scalar("SELECT place_id FROM stock_units WHERE serial = $1")
        .bind("HWTC0002")
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert_eq!(
        place,
        campo_domain::stock::van_id(server.other_technician).to_string()
    );
    // What is his goes through.
    let answers = josue
        .push(&[movement(
            "use",
            van(server.technician),
            customer,
            vec![(onu, Some("HWTC0001"), 1), (cable, None, 40)],
        )])
        .await;
    assert_eq!(answers, ["applied"]);
}

#[tokio::test]
async fn content_is_judged_on_the_server_whatever_the_device_checked() {
    let server = start().await;
    let mut office = Client::new(&server, "mariana").await;
    let order = scheduled_order(&mut office, server.technician).await;
    let before = head(&server).await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let answers = office
        .push(&[
            schedule(
                order,
                "scheduled",
                server.technician,
                "31/02/1999'; DROP TABLE ops; --",
                "morning",
            ),
            schedule(
                order,
                "scheduled",
                server.technician,
                "2030-01-02",
                "midnight\0",
            ),
            Op::CustomerCreated(CustomerCreated {
                cpf: Some("abc".into()),
                ..customer("Maria")
            }),
            Op::CustomerCreated(CustomerCreated {
                birth_date: Some("not-a-date".into()),
                ..customer("Maria")
            }),
            move_to(order, "scheduled", "cancelled", None),
        ])
        .await;
    assert_eq!(
        answers,
        [
            "invalid",
            "invalid",
            "invalid",
            "invalid",
            "reason_required"
        ]
    );
    let answers = office
        .push(&[Op::CustomerCreated(customer(&huge[..1024 * 1024]))])
        .await;
    assert_eq!(answers, ["invalid"]);

    // A payload nested 100,000 levels deep is not read as an operation (nor logged).
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let body = format!(
        r#"{{"ops":[{{"opId":"{}","deviceId":"{}","deviceSeq":1,"hlc":"000000000000001-000000","entity":"customer","entityId":"{}","kind":"customer.create","payload":{deep},"schemaVersion":1}}]}}"#,
        Uuid::now_v7(),
        office.device,
        Uuid::now_v7()
    );
    let r = reqwest::Client::new()
        .post(format!("{}/v1/push", server.url))
        .bearer_auth(&office.token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let reply: serde_json::Value = r.json().await.unwrap();
    assert_eq!(reply["results"][0]["refusal"]["code"], "malformed");
    assert!(
        reply["results"][0]["message"]
            .as_str()
            .unwrap()
            .contains("ilegível")
    );
    assert_eq!(head(&server).await, before, "nothing logged");

    // What the server understood is what it logs: unknown fields do not travel on.
    let mut c = customer("Cícero Alves");
    c.name = "Cícero Alves".into();
    let mut wire = office.wire(&Op::CustomerCreated(c));
    let mut payload: serde_json::Value = serde_json::from_str(wire.payload.get()).unwrap();
    payload["junk"] = json!({"a": [1, 2, 3]});
    wire.payload = serde_json::value::to_raw_value(&payload).unwrap();
    assert_eq!(code(&office.push_wire(vec![wire]).await[0]), "applied");
    let logged: String = sqlx::query_scalar(
        "SELECT payload FROM ops WHERE kind = 'customer.create' ORDER BY server_seq DESC LIMIT 1",
    )
    .fetch_one(server.db.pool())
    .await
    .unwrap();
    assert!(!logged.contains("junk"), "{logged}");
}

#[tokio::test]
async fn a_seller_never_approves_nor_schedules() {
    let server = start().await;
    let mut seller = Client::new(&server, "sofia").await;
    let plan = fibra_500();
    let mut office = Client::new(&server, "admin").await;
    assert_eq!(
        office.push(&[Op::PlanCreated(plan.clone())]).await,
        ["applied"]
    );
    let c = customer("Joana");
    let order = installation(&c, plan.id);
    let id = order.id;
    // Customers and orders come from the office (a seller's come in as sales).
    assert_eq!(
        seller.push(&[Op::CustomerCreated(customer("Outra"))]).await,
        ["forbidden"]
    );
    assert_eq!(
        office
            .push(&[Op::CustomerCreated(c), Op::OrderCreated(order.clone())])
            .await,
        ["applied", "applied"]
    );
    let answers = seller
        .push(&[
            move_to(id, "pending_analysis", "approved", None),
            schedule(
                id,
                "pending_analysis",
                server.technician,
                "2030-01-02",
                "morning",
            ),
        ])
        .await;
    assert_eq!(answers, ["move_forbidden", "move_forbidden"]);

    // A sale: the seller sends their own only, and never decides one.
    let form = campo_fixtures::forms::sale_form(plan.id)
        .check(chrono::Utc::now().date_naive())
        .unwrap();
    let sale = SaleSubmitted {
        id: Uuid::now_v7(),
        seller_id: server.seller,
        base_version: 0,
        form: form.clone(),
        at: now(),
    };
    let someone_elses = SaleSubmitted {
        id: Uuid::now_v7(),
        seller_id: server.admin,
        ..sale.clone()
    };
    let approval = SaleReviewed {
        id: sale.id,
        base_version: 1,
        approved: true,
        reason: None,
        note: None,
        protocol: None,
        customer_id: Some(Uuid::now_v7()),
        order_id: Some(Uuid::now_v7()),
        at: now(),
    };
    let answers = seller
        .push(&[
            Op::SaleSubmitted(sale.clone()),
            Op::SaleSubmitted(someone_elses),
            Op::SaleReviewed(approval.clone()),
        ])
        .await;
    assert_eq!(answers, ["applied", "not_your_sale", "forbidden"]);
    // An order that claims a sale its approval did not open is refused.
    let stray = OrderCreated {
        new_address: None,
        id: Uuid::now_v7(),
        number: 8,
        sale_id: Some(sale.id),
        ..order
    };
    assert_eq!(
        office.push(&[Op::OrderCreated(stray)]).await,
        ["unknown_reference"]
    );
    // Technicians and other sellers never pull a sale; the back office does.
    let backoffice = Client::new(&server, "warley").await;
    assert!(
        backoffice
            .pulled_kinds()
            .await
            .contains(&"sale.submit".to_owned())
    );
    let technician = Client::new(&server, "josue").await;
    assert!(
        !technician
            .pulled_kinds()
            .await
            .contains(&"sale.submit".to_owned())
    );
    let coordinator = Client::new(&server, "mariana").await;
    assert!(
        !coordinator
            .pulled_kinds()
            .await
            .contains(&"sale.submit".to_owned())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_technician_pushing_anything_changes_nothing_outside_their_orders_and_van() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let server = start().await;
    let mut office = Client::new(&server, "admin").await;
    let ritas = scheduled_order(&mut office, server.other_technician).await;
    let (_, onu, cable) = stock(
        &mut office,
        &[
            (server.technician, &["HWTC0101"]),
            (server.other_technician, &["HWTC0102"]),
        ],
    )
    .await;
    let josue = std::sync::Arc::new(tokio::sync::Mutex::new(Client::new(&server, "josue").await));
    let snapshot = |db: campo_server::db::ServerDb| async move {
        let order: (String, Option<String>, Option<String>) = sqlx::query_as(
            "SELECT status, technician_id, scheduled_date FROM orders WHERE id = $1",
        )
        .bind(ritas.to_string())
        .fetch_one(db.pool())
        .await
        .unwrap();
        let unit: String =
            sqlx::query_scalar("SELECT place_id FROM stock_units WHERE serial = 'HWTC0102'")
                .fetch_one(db.pool())
                .await
                .unwrap();
        let fields: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM order_fields WHERE order_id = $1")
                .bind(ritas.to_string())
                .fetch_one(db.pool())
                .await
                .unwrap();
        (order, unit, fields)
    };
    let before = snapshot(server.db.clone()).await;

    // Operations aimed at Rita's order and van, at the warehouse, and nonsense.
    let kinds: Vec<&str> = campo_protocol::OpKind::ALL
        .iter()
        .map(|k| k.code())
        .collect();
    let statuses = [
        "scheduled",
        "en_route",
        "in_progress",
        "done",
        "not_done",
        "approved",
        "cancelled",
        "??",
    ];
    let strategy = (
        proptest::sample::select(kinds),
        proptest::sample::select(statuses.to_vec()),
        proptest::sample::select(statuses.to_vec()),
        any::<bool>(),
        0i64..200,
        "[a-z0-9 ]{0,12}",
    );
    let rt = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    let tech = server.technician;
    let other = server.other_technician;
    let result = tokio::task::block_in_place(|| {
        runner.run(&strategy, |(kind, from, to, mine, quantity, text)| {
            let payload = match kind {
                "order.transition" => json!({"orderId": ritas, "eventId": Uuid::now_v7(), "from": from, "to": to, "reason": text, "schedule": null, "at": now()}),
                "order.edit" => json!({"orderId": ritas, "changes": [{"field": "notes", "value": text, "base": 0}], "at": now()}),
                "order.pause" => json!({"orderId": ritas, "pauseId": Uuid::now_v7(), "reason": text, "at": now()}),
                "stock.move" => json!({
                    "batchId": Uuid::now_v7(), "kind": if mine { "use" } else { "transfer" },
                    "from": {"id": campo_domain::stock::van_id(if mine { tech } else { other }), "kind": "van", "name": "van", "refId": if mine { tech } else { other }},
                    "to": {"id": campo_domain::stock::van_id(tech), "kind": "van", "name": "van", "refId": tech},
                    "orderId": null, "reason": null, "count": false,
                    "lines": [{"id": Uuid::now_v7(), "itemId": if mine { cable } else { onu }, "serial": if mine { serde_json::Value::Null } else { json!("HWTC0102") }, "mac": null, "quantity": quantity}],
                    "at": now()}),
                _ => json!({"id": Uuid::now_v7(), "orderId": ritas, "technicianId": other, "name": text, "text": text}),
            };
            let josue = josue.clone();
            let answers = rt.block_on(async move {
                let mut c = josue.lock().await;
                let mut wire = c.wire(&Op::OrderRevoked(OrderRevoked { order_id: ritas }));
                wire.kind = kind.into();
                wire.payload = serde_json::value::to_raw_value(&payload).unwrap();
                if let Ok(Some(op)) = campo_protocol::Op::decode(kind, wire.payload.get()) {
                    wire.entity = op.entity().into();
                    wire.entity_id = op.entity_id();
                }
                c.push_wire(vec![wire]).await
            });
            prop_assert_eq!(answers.len(), 1);
            Ok(())
        })
    });
    result.unwrap();
    assert_eq!(
        snapshot(server.db.clone()).await,
        before,
        "Rita's order, her van's unit and her order's fields are as they were"
    );
    // Everything Josué's device got logged is about his own scope.
    let audiences: Vec<Option<String>> =
        sqlx::query_scalar("SELECT audience FROM ops WHERE actor_id = $1 AND device_id <> $2")
            .bind(tech.to_string())
            .bind(Uuid::nil().to_string())
            .fetch_all(server.db.pool())
            .await
            .unwrap();
    for a in audiences {
        assert_eq!(a, Some(format!("order:{tech}")));
    }
    // And a stranger's client reading the log sees no panic either.
    let t = HttpTransport::new(&server.url)
        .unwrap()
        .with_token(office.token.clone());
    assert!(t.pull(0, 1_000, PullMode::Log).await.is_ok());
}

#[tokio::test]
async fn atendimento_takes_no_step_on_a_call_with_n2() {
    use campo_domain::support::{CallStatus, CallStep, Problem};
    let server = start().await;
    let mut office = Client::new(&server, "mariana").await;
    let mut n1 = Client::new(&server, "rosa").await;
    let c = customer("Joana");
    assert_eq!(
        office.push(&[Op::CustomerCreated(c.clone())]).await,
        ["applied"]
    );
    let id = Uuid::now_v7();
    let step = |from, step| {
        Op::CallStepped(CallStepped {
            id,
            from,
            step,
            note: Some("Cliente reiniciou a ONU".into()),
            order_id: None,
            at: now(),
        })
    };
    let opened = Op::CallOpened(CallOpened {
        id,
        number: 1,
        customer_id: c.id,
        problem: Problem::NoConnection,
        description: "Sem internet".into(),
        tried: String::new(),
        promised_by: now(),
        at: now(),
    });
    assert_eq!(
        n1.push(&[opened, step(CallStatus::N1, CallStep::Escalate)])
            .await,
        ["applied", "applied"]
    );
    // With N2 the call is the coordination's, whatever atendimento's device allowed.
    assert_eq!(
        n1.push(&[step(CallStatus::N2, CallStep::Solve)]).await,
        ["forbidden"]
    );
    assert_eq!(
        office.push(&[step(CallStatus::N2, CallStep::Solve)]).await,
        ["applied"]
    );
}

#[tokio::test]
async fn the_sva_manager_opens_the_repair_a_failed_activation_needs_and_no_other_order() {
    let server = start().await;
    server.add_sva_manager().await;
    let mut office = Client::new(&server, "admin").await;
    let (plan, c) = (fibra_500(), customer("Joana Ferreira"));
    let opened = |kind: &str| {
        Op::OrderCreated(OrderCreated {
            kind: kind.into(),
            ..installation(&c, plan.id)
        })
    };
    assert_eq!(
        office
            .push(&[
                Op::PlanCreated(plan.clone()),
                Op::CustomerCreated(c.clone())
            ])
            .await,
        ["applied", "applied"]
    );
    let mut sva = Client::new(&server, "sergio").await;
    assert_eq!(
        sva.push(&[opened("installation"), opened("removal")]).await,
        ["forbidden", "forbidden"]
    );
    assert_eq!(sva.push(&[opened("repair")]).await, ["applied"]);
}
