//! The malicious technician's forgeries: operations aimed at others' orders and vans, kinds
//! only the server writes, personal data, and envelopes naming one record while the payload
//! names another. The server must refuse every one.

use campo_server::db::ServerDb;
use chrono::Utc;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

/// One forged operation of the malicious technician: aimed at others' orders and vans, or
/// what only the server writes, or personal data, or an envelope that lies.
pub async fn forged(
    db: &ServerDb,
    rng: &mut ChaCha8Rng,
    me: Uuid,
    device: Uuid,
    seq: &mut i64,
) -> Vec<campo_protocol::wire::WireOp> {
    use campo_protocol::Op;
    use campo_protocol::ops::*;
    let orders: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT id, status, technician_id FROM orders ORDER BY id")
            .fetch_all(db.pool())
            .await
            .unwrap();
    let others: Vec<Uuid> = sqlx::query_scalar::<_, String>(
        "SELECT id FROM users WHERE role = 'technician' AND id <> $1",
    )
    .bind(me.to_string())
    .fetch_all(db.pool())
    .await
    .unwrap()
    .iter()
    .map(|t| Uuid::parse_str(t).unwrap())
    .collect();
    let at = campo_server::timestamp(Utc::now());
    let (order, status) = orders
        .get(rng.random_range(0..orders.len().max(1)))
        .map(|(id, s, _)| (Uuid::parse_str(id).unwrap(), s.clone()))
        .unwrap_or((Uuid::now_v7(), "scheduled".into()));
    let victim = others[rng.random_range(0..others.len())];
    let van = |t: Uuid| StockPlaceRef {
        id: campo_domain::stock::van_id(t),
        kind: "van".into(),
        name: "Van".into(),
        ref_id: Some(t),
    };
    let op = match rng.random_range(0..6) {
        0 => Op::OrderTransitioned(OrderTransitioned {
            order_id: order,
            event_id: Uuid::now_v7(),
            from: status,
            to: "done".into(),
            reason: None,
            schedule: None,
            at,
        }),
        1 => Op::OrderEdited(OrderEdited {
            order_id: order,
            changes: vec![FieldChange {
                field: "notes".into(),
                value: Some("forjado".into()),
                base: 0,
            }],
            at,
            outcome: Vec::new(),
        }),
        2 => Op::StockMoved(StockMoved {
            batch_id: Uuid::now_v7(),
            kind: "transfer".into(),
            from: van(victim),
            to: van(me),
            order_id: None,
            reason: None,
            count: false,
            lines: vec![StockLine {
                id: Uuid::now_v7(),
                item_id: Uuid::now_v7(),
                serial: Some(format!("HWTC{:04}", rng.random_range(0..100))),
                mac: None,
                quantity: 1,
            }],
            at,
        }),
        3 => Op::OrderGranted(Box::new(OrderGranted {
            customer: campo_fixtures::ops::customer("X"),
            order: OrderCreated {
                new_address: None,
                external_id: None,
                id: order,
                number: 1,
                kind: "repair".into(),
                customer_id: Uuid::now_v7(),
                plan_id: Uuid::now_v7(),
                event_id: Uuid::now_v7(),
                at: at.clone(),
                sale_id: None,
                periods: Vec::new(),
            },
            status: "scheduled".into(),
            schedule: None,
            fields: Vec::new(),
        })),
        4 => Op::OrderPaused(OrderPaused {
            order_id: order,
            pause_id: Uuid::now_v7(),
            reason: "forjado".into(),
            at,
        }),
        _ => Op::SkillsSet(SkillsSet {
            technician_id: victim,
            skills: vec!["fusao".into()],
            at,
        }),
    };
    *seq += 1;
    let lie = rng.random_bool(0.3);
    vec![campo_protocol::wire::WireOp {
        op_id: Uuid::now_v7(),
        device_id: device,
        device_seq: *seq,
        hlc: format!("{:015}-000000", Utc::now().timestamp_millis()),
        entity: op.entity().into(),
        entity_id: if lie { Uuid::now_v7() } else { op.entity_id() },
        kind: op.kind().code().into(),
        payload: serde_json::value::RawValue::from_string(op.to_json().unwrap()).unwrap(),
        schema_version: campo_protocol::OP_SCHEMA_VERSION,
    }]
}
