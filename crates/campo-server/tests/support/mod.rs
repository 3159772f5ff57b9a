//! What the server's own tests need beyond the shared fixtures: a device that speaks the
//! protocol directly (no app store: the server is tested as a stranger would use it), and the
//! records a provider starts with, written as operations.

use campo_client::{HttpTransport, Transport};
use campo_fixtures::server::{PASSWORD, Server};
use campo_protocol::ops::*;
use campo_protocol::wire::{LoginRequest, Outcome, PullMode, PushRequest, PushResult, WireOp};
use campo_protocol::{OP_SCHEMA_VERSION, Op};
use chrono::Utc;
use uuid::Uuid;

/// A device signed in as one person, writing operations by hand.
pub struct Client {
    pub http: HttpTransport,
    pub device: Uuid,
    pub token: String,
    seq: i64,
}

impl Client {
    /// Signs in as `login` from a new device.
    pub async fn new(server: &Server, login: &str) -> Client {
        Client::at(&server.url, login).await
    }

    /// Signs in as `login` from a new device, on the server at `url`.
    pub async fn at(url: &str, login: &str) -> Client {
        let device = Uuid::now_v7();
        let mut http = HttpTransport::new(url).unwrap();
        let reply = http
            .login(&LoginRequest {
                login: login.into(),
                password: PASSWORD.into(),
                device_id: device,
            })
            .await
            .unwrap();
        Client {
            http,
            device,
            token: reply.token,
            seq: 0,
        }
    }

    /// `op` as this device sends it: the envelope names what the payload names.
    pub fn wire(&mut self, op: &Op) -> WireOp {
        self.seq += 1;
        WireOp {
            op_id: Uuid::now_v7(),
            device_id: self.device,
            device_seq: self.seq,
            hlc: format!("{:015}-000000", Utc::now().timestamp_millis()),
            entity: op.entity().into(),
            entity_id: op.entity_id(),
            kind: op.kind().code().into(),
            payload: serde_json::value::RawValue::from_string(op.to_json().unwrap()).unwrap(),
            schema_version: OP_SCHEMA_VERSION,
        }
    }

    /// Pushes `ops` in one batch; the server's answers.
    pub async fn push_wire(&self, ops: Vec<WireOp>) -> Vec<PushResult> {
        self.http.push(&PushRequest { ops }).await.unwrap().results
    }

    /// The kinds of every operation this person pulls from the start of the log.
    pub async fn pulled_kinds(&self) -> Vec<String> {
        let mut kinds = Vec::new();
        let mut cursor = 0;
        loop {
            let page = self.http.pull(cursor, 1_000, PullMode::Log).await.unwrap();
            kinds.extend(page.changes.iter().map(|c| c.op.kind.clone()));
            cursor = page.next_cursor;
            if !page.has_more {
                return kinds;
            }
        }
    }

    /// Pushes `ops`; the answers' codes (`applied` or the refusal's code).
    pub async fn push(&mut self, ops: &[Op]) -> Vec<String> {
        let wire = ops.iter().map(|o| self.wire(o)).collect();
        self.push_wire(wire).await.iter().map(code).collect()
    }
}

/// `applied`, `duplicate`, `conflict`, `quarantined` or the refusal's code.
pub fn code(r: &PushResult) -> String {
    match &r.outcome {
        Outcome::Applied { .. } => "applied".into(),
        Outcome::Duplicate { .. } => "duplicate".into(),
        Outcome::Conflict { .. } => "conflict".into(),
        Outcome::Quarantined { .. } => "quarantined".into(),
        Outcome::Rejected { refusal, .. } => refusal.code().into(),
    }
}

/// The newest server sequence.
pub async fn head(server: &Server) -> i64 {
    sqlx::query_scalar("SELECT COALESCE(MAX(server_seq), 0) FROM ops")
        .fetch_one(server.db.pool())
        .await
        .unwrap()
}

pub fn now() -> String {
    campo_server::timestamp(Utc::now())
}

pub fn customer(name: &str) -> CustomerCreated {
    campo_fixtures::ops::customer(name)
}

pub fn move_to(order: Uuid, from: &str, to: &str, reason: Option<&str>) -> Op {
    Op::OrderTransitioned(OrderTransitioned {
        order_id: order,
        event_id: Uuid::now_v7(),
        from: from.into(),
        to: to.into(),
        reason: reason.map(str::to_owned),
        schedule: None,
        at: now(),
    })
}

pub fn schedule(order: Uuid, from: &str, technician: Uuid, date: &str, period: &str) -> Op {
    Op::OrderTransitioned(OrderTransitioned {
        order_id: order,
        event_id: Uuid::now_v7(),
        from: from.into(),
        to: "scheduled".into(),
        reason: (from != "approved").then(|| "Reagendado".to_owned()),
        schedule: Some(SchedulePayload {
            date: date.into(),
            period: period.into(),
            technician_id: technician,
        }),
        at: now(),
    })
}

/// As `office`: a plan, a customer and an installation, approved and scheduled for
/// `technician` tomorrow. Returns the order.
pub async fn scheduled_order(office: &mut Client, technician: Uuid) -> Uuid {
    scheduled_order_from(office, technician, None).await
}

/// [`scheduled_order`], the order carrying its id in the provider's ERP (`external`).
pub async fn scheduled_order_from(
    office: &mut Client,
    technician: Uuid,
    external: Option<&str>,
) -> Uuid {
    scheduled_for(office, technician, customer("Joana Ferreira"), |o| {
        o.external_id = external.map(str::to_owned);
    })
    .await
}

/// As `office`: a plan, `customer` and an installation of theirs (which `shape` may change:
/// another kind, a new address), approved and scheduled for `technician` tomorrow. Returns
/// the order.
pub async fn scheduled_for(
    office: &mut Client,
    technician: Uuid,
    customer: CustomerCreated,
    shape: impl FnOnce(&mut OrderCreated),
) -> Uuid {
    let plan = fibra_500();
    let mut order = installation(&customer, plan.id);
    shape(&mut order);
    let id = order.id;
    let tomorrow = (Utc::now() + chrono::TimeDelta::days(1))
        .date_naive()
        .to_string();
    let answers = office
        .push(&[
            Op::PlanCreated(plan),
            Op::CustomerCreated(customer),
            Op::OrderCreated(order),
            move_to(id, "pending_analysis", "approved", None),
            schedule(id, "approved", technician, &tomorrow, "morning"),
        ])
        .await;
    assert!(answers.iter().all(|a| a == "applied"), "{answers:?}");
    id
}

/// A plan, Fibra 500 Mega.
pub fn fibra_500() -> PlanCreated {
    PlanCreated {
        external_id: None,
        id: Uuid::now_v7(),
        name: "Fibra 500 Mega".into(),
        download_mbps: 500,
        price_cents: 9_990,
        has_iptv: false,
        premium: false,
        svas: Vec::new(),
    }
}

/// A new installation of `customer` on `plan` (number 1, now).
pub fn installation(customer: &CustomerCreated, plan: Uuid) -> OrderCreated {
    OrderCreated {
        new_address: None,
        external_id: None,
        id: Uuid::now_v7(),
        number: 1,
        kind: "installation".into(),
        customer_id: customer.id,
        plan_id: plan,
        event_id: Uuid::now_v7(),
        at: now(),
        sale_id: None,
        periods: Vec::new(),
    }
}

/// A stock place.
pub fn place(kind: &str, id: Uuid, owner: Option<Uuid>) -> StockPlaceRef {
    StockPlaceRef {
        id,
        kind: kind.into(),
        name: kind.into(),
        ref_id: owner,
    }
}

pub fn van(technician: Uuid) -> StockPlaceRef {
    place(
        "van",
        campo_domain::stock::van_id(technician),
        Some(technician),
    )
}

pub fn fixed(kind: campo_domain::stock::PlaceKind) -> StockPlaceRef {
    place(kind.code(), campo_domain::stock::fixed_place_id(kind), None)
}

pub fn movement(
    kind: &str,
    from: StockPlaceRef,
    to: StockPlaceRef,
    lines: Vec<(Uuid, Option<&str>, i64)>,
) -> Op {
    Op::StockMoved(StockMoved {
        batch_id: Uuid::now_v7(),
        kind: kind.into(),
        from,
        to,
        order_id: None,
        reason: None,
        count: false,
        lines: lines
            .into_iter()
            .map(|(item, serial, quantity)| StockLine {
                id: Uuid::now_v7(),
                item_id: item,
                serial: serial.map(str::to_owned),
                mac: None,
                quantity,
            })
            .collect(),
        at: now(),
    })
}

/// The stock a provider starts with, as `office`: an ONU (serialised) and a cable (bulk) in
/// the catalogue, a warehouse with `serials` and 1,000 m of cable, and each technician's van
/// given its units and 100 m. Returns (warehouse, onu, cable).
pub async fn stock(office: &mut Client, vans: &[(Uuid, &[&str])]) -> (StockPlaceRef, Uuid, Uuid) {
    use campo_domain::stock::PlaceKind;
    let onu = Uuid::now_v7();
    let cable = Uuid::now_v7();
    let warehouse = place("warehouse", Uuid::now_v7(), None);
    let mut ops = vec![
        Op::StockItemCreated(StockItemCreated {
            id: onu,
            sku: "ONU-HG8145".into(),
            name: "ONU Huawei".into(),
            unit: "un".into(),
            tracking: "serialised".into(),
        }),
        Op::StockItemCreated(StockItemCreated {
            id: cable,
            sku: "DROP-1F".into(),
            name: "Cabo drop".into(),
            unit: "m".into(),
            tracking: "bulk".into(),
        }),
        Op::StockPlaceCreated(warehouse.clone()),
    ];
    let serials: Vec<&str> = vans.iter().flat_map(|(_, s)| s.iter().copied()).collect();
    let mut receipt: Vec<(Uuid, Option<&str>, i64)> =
        serials.iter().map(|s| (onu, Some(*s), 1)).collect();
    receipt.push((cable, None, 1_000));
    ops.push(movement(
        "receipt",
        fixed(PlaceKind::Supplier),
        warehouse.clone(),
        receipt,
    ));
    for (technician, units) in vans {
        let mut lines: Vec<(Uuid, Option<&str>, i64)> =
            units.iter().map(|s| (onu, Some(*s), 1)).collect();
        lines.push((cable, None, 100));
        ops.push(movement(
            "checkout",
            warehouse.clone(),
            van(*technician),
            lines,
        ));
    }
    let answers = office.push(&ops).await;
    assert!(answers.iter().all(|a| a == "applied"), "{answers:?}");
    (warehouse, onu, cable)
}
