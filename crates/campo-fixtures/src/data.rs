//! Records every test needs, written through the real write path.

use campo_domain::stock::{Tracking, Unit};
use campo_domain::{CustomerDraft, OrderKind, OrderStatus, Period, Transition};
use campo_store::stock::NewItem;
use campo_store::write::{NewOrder, NewPerson, NewPlan, Writer};
use campo_store::{Actor, Store};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

/// The `n`th valid CPF (distinct for every `n` below 9×10⁸), for benchmarks of many customers.
pub fn cpf_n(n: usize) -> campo_domain::Cpf {
    let base = |k: usize| {
        let mut digits = [0u8; 9];
        let mut rest = k + 100_000_000;
        for digit in digits.iter_mut().rev() {
            *digit = (rest % 10) as u8;
            rest /= 10;
        }
        digits
    };
    // The few bases of one repeated digit are no CPF: the next number stands in.
    (n..)
        .find_map(|k| campo_domain::Cpf::from_base(base(k)).ok())
        .unwrap_or_else(|| unreachable!("CPFs exist above {n}"))
}

/// A customer without personal data (what a technician's device may hold).
pub fn customer() -> CustomerDraft {
    CustomerDraft {
        name: "Joana Ferreira".into(),
        phone1: "(81) 99876-5432".into(),
        address: crate::navegantes(),
        ..CustomerDraft::default()
    }
}

/// A customer with everything a seller collects, personal data included.
pub fn maria() -> CustomerDraft {
    CustomerDraft {
        name: "Maria das Graças Silva".into(),
        cpf: Some("529.982.247-25".into()),
        email: Some("maria@exemplo.com.br".into()),
        mother_name: Some("Josefa Silva".into()),
        birth_date: Some("1980-04-12".into()),
        ..customer()
    }
}

/// The `n`th of many customers (a different name and house number each).
pub fn customer_n(n: usize) -> CustomerDraft {
    CustomerDraft {
        name: format!("Cliente {n}"),
        address: campo_domain::NewAddress {
            number: (100 + n).to_string(),
            lat: Some(-8.12 + n as f64 * 0.001),
            ..customer().address
        },
        ..customer()
    }
}

/// A fibre plan with IPTV.
pub fn plan_iptv() -> NewPlan {
    NewPlan {
        name: "Fibra 700 Mega + IPTV".into(),
        download_mbps: 700,
        price_cents: 16_990,
        has_iptv: true,
        premium: false,
    }
}

/// A fibre plan without SVAs.
pub fn plan() -> NewPlan {
    NewPlan {
        name: "Fibra 500 Mega".into(),
        download_mbps: 500,
        price_cents: 11_990,
        has_iptv: false,
        premium: false,
    }
}

/// The ONU every provider installs: serialised, one per installation.
pub fn onu() -> NewItem {
    NewItem {
        sku: "ONU-HG8145".into(),
        name: "ONU Huawei HG8145V5".into(),
        unit: Unit::Piece,
        tracking: Tracking::Serialised,
    }
}

/// Drop cable, counted in metres.
pub fn drop_cable() -> NewItem {
    NewItem {
        sku: "DROP-1FO".into(),
        name: "Cabo drop 1 FO".into(),
        unit: Unit::Metre,
        tracking: Tracking::Bulk,
    }
}

/// The first day from `from` (itself included) that `store`'s agenda takes visits on: not a
/// Sunday, not a holiday. Tests that plan or schedule "today" use it, so they pass whatever
/// day of the week they run on.
pub async fn working_day(store: &Store, from: NaiveDate) -> NaiveDate {
    let board = store
        .board(&from.to_string(), 8)
        .await
        .expect("the agenda's board");
    board
        .days
        .iter()
        .find(|d| d.open)
        .and_then(|d| NaiveDate::parse_from_str(&d.date, "%Y-%m-%d").ok())
        .expect("a working day in the coming week")
}

/// A move to `to` without reason or slot.
pub fn go(to: OrderStatus) -> Transition {
    Transition {
        to,
        reason: None,
        schedule: None,
    }
}

/// The technician sets off to `order` and starts the visit (en route, then in progress), in the
/// writer's transaction.
pub async fn start_visit(w: &mut Writer<'_>, order: Uuid) {
    for to in [OrderStatus::EnRoute, OrderStatus::InProgress] {
        w.transition_order(order, &go(to), Utc::now())
            .await
            .expect("the visit starts");
    }
}

/// A move to `to` with a reason.
pub fn because(to: OrderStatus, reason: &str) -> Transition {
    Transition {
        to,
        reason: Some(reason.into()),
        schedule: None,
    }
}

/// A staff member registered under `id` (people acting in tests).
pub async fn person(
    w: &mut Writer<'_>,
    id: Uuid,
    name: &str,
    role: campo_store::write::Role,
) -> Uuid {
    w.create_person_with_id(
        id,
        &NewPerson {
            name: name.into(),
            role,
            phone: None,
        },
        Utc::now(),
    )
    .await
    .expect("person")
}

/// What closing an installation requires: the plan's equipment, the customer's signature,
/// `photos` photos (without their location).
pub fn installations_need(
    equipment: bool,
    signature: bool,
    photos: u8,
) -> campo_domain::closing::ClosingRule {
    campo_domain::closing::ClosingRule {
        kind: OrderKind::Installation,
        equipment,
        signature,
        photos,
        photo_location: false,
    }
}

/// A provider whose installations need `rule` (Ana Prado, admin, set it) and an installation
/// scheduled for its technician Josué Lins on 2030-01-07, on an in-memory store. Returns the
/// store, the admin, the technician and the order.
pub async fn installation_under(
    rule: campo_domain::closing::ClosingRule,
) -> (Store, Actor, Actor, Uuid) {
    let store = Store::open_in_memory().await.expect("store");
    let (admin, tech) = (Uuid::now_v7(), Uuid::now_v7());
    let mut w = store.writer(Actor { id: admin }).await.expect("writer");
    person(&mut w, admin, "Ana Prado", campo_store::write::Role::Admin).await;
    person(
        &mut w,
        tech,
        "Josué Lins",
        campo_store::write::Role::Technician,
    )
    .await;
    w.set_closing_rules(&[rule], Utc::now())
        .await
        .expect("rules");
    w.commit().await.expect("commit");
    let day = NaiveDate::from_ymd_opt(2030, 1, 7).expect("day");
    let order = scheduled_order(&store, admin, tech, day).await;
    (store, Actor { id: admin }, Actor { id: tech }, order)
}

/// How many operations `store` holds for the server: a refused change must leave it as it was.
pub async fn outbox_len(store: &Store) -> usize {
    store
        .pending_operations(1_000_000)
        .await
        .expect("the outbox")
        .len()
}

/// The kind of the last operation `store` wrote (`"calendar.day.set"`).
pub async fn last_kind(store: &Store) -> String {
    let ops = store
        .pending_operations(1_000_000)
        .await
        .expect("the outbox");
    ops.last().expect("an operation").kind.clone()
}

/// An order of `kind` opened now for `customer` on `plan`, in the writer's transaction.
pub async fn open_order(w: &mut Writer<'_>, kind: OrderKind, customer: Uuid, plan: Uuid) -> Uuid {
    w.create_order(&NewOrder::new(kind, customer, plan), Utc::now())
        .await
        .expect("order")
}

/// A sale: `plan` and `customer` registered and an installation opened for them, in analysis.
/// Returns (plan, customer, order).
pub async fn sale(
    w: &mut Writer<'_>,
    plan: &NewPlan,
    customer: &CustomerDraft,
) -> (Uuid, Uuid, Uuid) {
    let now = Utc::now();
    let plan = w.create_plan(plan, now).await.expect("plan");
    let customer = w.create_customer(customer, now).await.expect("customer");
    let order = w
        .create_order(&NewOrder::new(OrderKind::Installation, customer, plan), now)
        .await
        .expect("order");
    (plan, customer, order)
}

/// Approves `order` and schedules it for `technician` on `date`, in the morning.
pub async fn approve_and_schedule(
    w: &mut Writer<'_>,
    order: Uuid,
    date: NaiveDate,
    technician: Uuid,
) {
    let now = Utc::now();
    w.transition_order(order, &go(OrderStatus::Approved), now)
        .await
        .expect("approve");
    w.schedule_order(order, date, Period::Morning, technician, now)
        .await
        .expect("schedule");
}

/// As `actor` on `store`: a sale of the IPTV plan to [`maria`], approved and scheduled for
/// `technician` on `date` in the morning — one transaction. Returns the order.
pub async fn scheduled_order(
    store: &Store,
    actor: Uuid,
    technician: Uuid,
    date: NaiveDate,
) -> Uuid {
    let mut w = store.writer(Actor { id: actor }).await.expect("writer");
    let (_, _, order) = sale(&mut w, &plan_iptv(), &maria()).await;
    approve_and_schedule(&mut w, order, date, technician).await;
    w.commit().await.expect("commit");
    order
}

/// Everything `store` wrote, as a server would relay it to another device: in order, numbered
/// from 1 (for tests of what another device sees, without a server).
pub async fn relayed(store: &Store) -> Vec<campo_store::sync::RemoteOp> {
    store
        .all_operations()
        .await
        .expect("operations")
        .into_iter()
        .zip(1..)
        .map(|(op, seq)| campo_store::sync::RemoteOp {
            server_seq: seq,
            actor_id: op.actor_id,
            device_id: op.device_id,
            op_id: op.op_id,
            kind: op.kind,
            payload: op.payload,
        })
        .collect()
}

/// Saves Paramount+'s activation checklist: one required tick, "conta" (the account made and
/// linked). Returns the template.
pub async fn paramount_checklist(w: &mut Writer<'_>) -> Uuid {
    w.save_activation_template(
        "paramount+",
        "Ativação Paramount+",
        &[campo_domain::activation::TemplateItem {
            key: "conta".into(),
            title: "Conta criada e vinculada".into(),
            instructions: "Criar a conta com o e-mail do cliente.".into(),
            required: true,
            kind: campo_domain::activation::ItemKind::Check,
            only_for: None,
        }],
        Utc::now(),
    )
    .await
    .expect("checklist")
}

/// The orders the store lists under `filter`, the first 500 (more than any test writes), in
/// the filter's order.
pub async fn listed(
    store: &Store,
    filter: &campo_store::views::OrderFilter,
) -> campo_store::views::OrderPage {
    let first = campo_store::views::PageRequest {
        offset: 0,
        limit: 500,
    };
    store.list_orders(filter, first).await.unwrap()
}
