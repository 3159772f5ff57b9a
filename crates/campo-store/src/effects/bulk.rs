//! Many rows per statement, for the two times a device writes hundreds of thousands of
//! records at once: an import (the Writer's new customers and orders) and a first sync (a page of the server's
//! log that creates customers and orders one after another). Each function leaves the tables
//! exactly as the one-record effects would, applied in turn (`tests/import.rs` compares the
//! two); only the number of statements differs.

use std::collections::{HashMap, HashSet};

use campo_domain::{OrderKind, OrderStatus};
use campo_protocol::ops::{CustomerCreated, OrderCreated, OrderTransitioned};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use super::orders::{CustomerFacts, Event};
use super::{Mode, bad};
use crate::{Entity, StoreError};

/// An order an import brings: its creation and, when the import approves it at once, that
/// move (no schedule).
pub(crate) struct Imported<'a> {
    pub created: &'a OrderCreated,
    pub customer: &'a CustomerFacts,
    pub approved: Option<&'a OrderTransitioned>,
}

/// Orders new to this device, many at once, left as [`order`] and then [`transition`] would
/// leave them — the row in its last status (an approval without a schedule only sets the
/// status and `updated_at` of a fresh row), every event in the history — with several rows
/// per statement: an import writes hundreds of thousands. Local changes only.
pub(crate) async fn orders_imported(
    c: &mut SqliteConnection,
    orders: &[Imported<'_>],
    actor: Uuid,
) -> Result<(), StoreError> {
    let mut rows = Vec::with_capacity(orders.len());
    let mut events = Vec::with_capacity(orders.len() * 2);
    for o in orders {
        let b = o.created;
        let kind = OrderKind::from_code(&b.kind).ok_or_else(|| bad("kind"))?;
        let first = kind.initial_status();
        events.push(Event::created(b, actor, first));
        let (status, updated_at) = match o.approved {
            Some(t) => {
                let to = OrderStatus::from_code(&t.to).ok_or_else(|| bad("status"))?;
                events.push(Event {
                    id: t.event_id,
                    order_id: b.id,
                    at: &t.at,
                    actor,
                    from: Some(first),
                    to,
                    reason: t.reason.as_deref(),
                });
                (to, t.at.as_str())
            }
            None => (first, b.at.as_str()),
        };
        rows.push(OrderRow {
            b,
            kind,
            status,
            updated_at,
            customer: o.customer,
            external_id: b.external_id.as_deref(),
        });
    }
    insert_rows(c, Mode::Local, &rows).await?;
    insert_events(c, Mode::Local, &events).await
}

/// An order created elsewhere, with the move that followed it in the same page when that
/// move can be applied with it ([`moves_together`]: an import's approval); each with its
/// author.
pub(crate) type RemoteOrder = (OrderCreated, Uuid, Option<(OrderTransitioned, Uuid)>);

/// A run of orders created elsewhere (a page of the server's log, as a new office device
/// pulls a million operations), applied as [`order`] and then [`super::transition`] would
/// apply each in turn — an order already here is left as it is (its move applied as any
/// move), an ERP id already taken is not repeated, a missing customer is an error — with
/// several rows per statement; a new order's move only sets its row's status and time, and
/// adds its event. Returns the orders moved.
pub(crate) async fn orders_remote(
    c: &mut SqliteConnection,
    run: &[RemoteOrder],
) -> Result<Vec<Uuid>, StoreError> {
    let ids: Vec<String> = run.iter().map(|(b, _, _)| b.id.to_string()).collect();
    let mut present: HashSet<String> = among(c, "SELECT id FROM work_orders WHERE id IN", &ids)
        .await?
        .into_iter()
        .collect();
    let externals: Vec<String> = run
        .iter()
        .filter_map(|(b, _, _)| b.external_id.clone())
        .collect();
    let mut taken: HashSet<String> = among(
        c,
        "SELECT external_id FROM work_orders WHERE external_id IN",
        &externals,
    )
    .await?
    .into_iter()
    .collect();
    let customers: Vec<String> = run
        .iter()
        .map(|(b, _, _)| b.customer_id.to_string())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut facts: HashMap<String, CustomerFacts> = HashMap::with_capacity(customers.len());
    for chunk in customers.chunks(500) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT id, name, street, number, neighbourhood, city FROM customers WHERE id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(id.as_str());
        }
        q.push(")");
        for row in q.build().fetch_all(&mut *c).await? {
            facts.insert(row.try_get("id")?, CustomerFacts::from_row(&row)?);
        }
    }
    let mut rows = Vec::with_capacity(run.len());
    let mut events = Vec::with_capacity(run.len() * 2);
    // Moves of orders that were here already: applied after, as any run of moves.
    let mut later = Vec::new();
    let mut moved = Vec::new();
    for (b, actor, then) in run {
        let kind = OrderKind::from_code(&b.kind).ok_or_else(|| bad("kind"))?;
        let customer = facts
            .get(&b.customer_id.to_string())
            .ok_or(StoreError::NotFound(Entity::Customer))?;
        if !present.insert(b.id.to_string()) {
            later.extend(then.clone());
            continue;
        }
        let first = kind.initial_status();
        let external_id = b
            .external_id
            .as_deref()
            .filter(|e| taken.insert((*e).to_owned()));
        events.push(Event::created(b, *actor, first));
        let (status, updated_at) = match then {
            Some((t, by)) => {
                let from = OrderStatus::from_code(&t.from).ok_or_else(|| bad("status"))?;
                let to = OrderStatus::from_code(&t.to).ok_or_else(|| bad("status"))?;
                events.push(Event {
                    id: t.event_id,
                    order_id: b.id,
                    at: &t.at,
                    actor: *by,
                    from: Some(from),
                    to,
                    reason: t.reason.as_deref(),
                });
                moved.push(b.id);
                (to, t.at.as_str())
            }
            None => (first, b.at.as_str()),
        };
        rows.push(OrderRow {
            b,
            kind,
            status,
            updated_at,
            customer,
            external_id,
        });
    }
    insert_rows(c, Mode::Remote, &rows).await?;
    for row in &rows {
        if let Some(a) = &row.b.new_address {
            super::orders::new_address(c, row.b.id, a).await?;
        }
    }
    insert_events(c, Mode::Remote, &events).await?;
    if !later.is_empty() {
        moved.extend(moves_remote(c, &later).await?);
    }
    Ok(moved)
}

/// The values of `sql (…)` for `values`, asked a few hundred at a time.
async fn among(
    c: &mut SqliteConnection,
    sql: &str,
    values: &[String],
) -> Result<Vec<String>, StoreError> {
    let mut found = Vec::new();
    for chunk in values.chunks(500) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(sql);
        q.push(" (");
        let mut list = q.separated(", ");
        for v in chunk {
            list.push_bind(v.as_str());
        }
        q.push(")");
        found.extend(q.build_query_scalar::<String>().fetch_all(&mut *c).await?);
    }
    Ok(found)
}

/// A new order's row.
struct OrderRow<'a> {
    b: &'a OrderCreated,
    kind: OrderKind,
    status: OrderStatus,
    updated_at: &'a str,
    customer: &'a CustomerFacts,
    external_id: Option<&'a str>,
}

/// Inserts `rows`, a thousand per statement (14 values a row).
async fn insert_rows(
    c: &mut SqliteConnection,
    m: Mode,
    rows: &[OrderRow<'_>],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(1_000) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
            "{} INTO work_orders (id, number, kind, status, customer_id, plan_id, customer_name, neighbourhood, search, created_at, updated_at, sale_id, available_periods, external_id) ",
            m.insert()
        ));
        q.push_values(chunk, |mut v, r| {
            let b = r.b;
            v.push_bind(b.id.to_string())
                .push_bind(b.number)
                .push_bind(r.kind.code())
                .push_bind(r.status.code())
                .push_bind(b.customer_id.to_string())
                .push_bind(b.plan_id.to_string())
                .push_bind(r.customer.name.clone())
                .push_bind(r.customer.neighbourhood.clone())
                .push_bind(r.customer.search(b.number))
                .push_bind(b.at.clone())
                .push_bind(r.updated_at.to_owned())
                .push_bind(b.sale_id.map(|s| s.to_string()))
                .push_bind(crate::query::stored_periods(&b.periods))
                .push_bind(r.external_id.map(str::to_owned));
        });
        q.build().execute(&mut *c).await?;
    }
    Ok(())
}

/// Inserts `events`, two thousand per statement (7 values a row).
async fn insert_events(
    c: &mut SqliteConnection,
    m: Mode,
    events: &[Event<'_>],
) -> Result<(), StoreError> {
    for chunk in events.chunks(2_000) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
            "{} INTO order_events (id, order_id, at, actor_id, from_status, to_status, reason) ",
            m.insert()
        ));
        q.push_values(chunk, |mut v, e| {
            v.push_bind(e.id.to_string())
                .push_bind(e.order_id.to_string())
                .push_bind(e.at.to_owned())
                .push_bind(e.actor.to_string())
                .push_bind(e.from.map(OrderStatus::code))
                .push_bind(e.to.code())
                .push_bind(e.reason.map(str::to_owned));
        });
        q.build().execute(&mut *c).await?;
    }
    Ok(())
}

/// Whether [`moves_remote`] applies this move with others: a status change that sets no
/// slot and is not the move to done (which may move a customer) — an import's approvals.
pub(crate) fn moves_together(b: &OrderTransitioned) -> bool {
    b.schedule.is_none() && b.to != OrderStatus::Done.code()
}

/// A run of status moves made elsewhere ([`moves_together`], each order once), applied as
/// [`super::transition`] would apply each in turn — an order this device does not hold is
/// left out, with its event — with many rows per statement. Returns the orders moved.
pub(crate) async fn moves_remote(
    c: &mut SqliteConnection,
    run: &[(OrderTransitioned, Uuid)],
) -> Result<Vec<Uuid>, StoreError> {
    let ids: Vec<String> = run.iter().map(|(b, _)| b.order_id.to_string()).collect();
    let present: HashSet<String> = among(c, "SELECT id FROM work_orders WHERE id IN", &ids)
        .await?
        .into_iter()
        .collect();
    // The same status at the same moment for many orders (an import's approvals): one
    // statement for each such group.
    let mut groups: HashMap<(OrderStatus, &str), Vec<&str>> = HashMap::new();
    let mut events = Vec::with_capacity(run.len());
    let mut moved = Vec::with_capacity(run.len());
    for ((b, actor), id) in run.iter().zip(&ids) {
        if !present.contains(id) {
            continue;
        }
        let from = OrderStatus::from_code(&b.from).ok_or_else(|| bad("status"))?;
        let to = OrderStatus::from_code(&b.to).ok_or_else(|| bad("status"))?;
        groups.entry((to, b.at.as_str())).or_default().push(id);
        events.push(Event {
            id: b.event_id,
            order_id: b.order_id,
            at: &b.at,
            actor: *actor,
            from: Some(from),
            to,
            reason: b.reason.as_deref(),
        });
        moved.push(b.order_id);
    }
    for ((to, at), orders) in groups {
        // As `set_state` without a slot: back to the queue or cancelled clears the visit.
        let clears = if matches!(to, OrderStatus::Approved | OrderStatus::Cancelled) {
            ", scheduled_date = NULL, period = NULL, technician_id = NULL, technician_name = NULL"
        } else {
            ""
        };
        for chunk in orders.chunks(500) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new("UPDATE work_orders SET status = ");
            q.push_bind(to.code())
                .push(", updated_at = ")
                .push_bind(at)
                .push(clears)
                .push(" WHERE id IN (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            q.push(")");
            q.build().execute(&mut *c).await?;
        }
    }
    insert_events(c, Mode::Remote, &events).await?;
    Ok(moved)
}

/// A run of customers created elsewhere (a page of the server's log), applied as
/// [`super::customer`] would apply each in turn — one already here is left as it is, one
/// whose CPF another customer holds is settled as `customer` does, an ERP id already taken is
/// not repeated — with several rows per statement.
pub(crate) async fn customers_remote(
    c: &mut SqliteConnection,
    run: &[CustomerCreated],
    at: &str,
) -> Result<(), StoreError> {
    let ids: Vec<String> = run.iter().map(|b| b.id.to_string()).collect();
    let mut present: HashSet<String> = among(c, "SELECT id FROM customers WHERE id IN", &ids)
        .await?
        .into_iter()
        .collect();
    let cpfs: Vec<String> = run.iter().filter_map(|b| b.cpf.clone()).collect();
    let mut cpf_taken: HashSet<String> = among(c, "SELECT cpf FROM customers WHERE cpf IN", &cpfs)
        .await?
        .into_iter()
        .collect();
    let externals: Vec<String> = run.iter().filter_map(|b| b.external_id.clone()).collect();
    let mut taken: HashSet<String> = among(
        c,
        "SELECT external_id FROM customers WHERE external_id IN",
        &externals,
    )
    .await?
    .into_iter()
    .collect();
    let mut rows = Vec::with_capacity(run.len());
    // The same person registered elsewhere too: settled one by one, after the run.
    let mut twice = Vec::new();
    for b in run {
        if present.contains(&b.id.to_string()) {
            continue;
        }
        if b.cpf.as_ref().is_some_and(|cpf| cpf_taken.contains(cpf)) {
            present.insert(b.id.to_string());
            twice.push(b);
            continue;
        }
        present.insert(b.id.to_string());
        if let Some(cpf) = &b.cpf {
            cpf_taken.insert(cpf.clone());
        }
        let external = b
            .external_id
            .as_deref()
            .filter(|e| taken.insert((*e).to_owned()));
        rows.push((b, external));
    }
    insert_customers(c, Mode::Remote, &rows, at).await?;
    for b in twice {
        super::customer(c, Mode::Remote, b, at).await?;
    }
    Ok(())
}

/// Customers new to this device from an import, many at once, left as [`super::customer`]
/// would leave each (a local change). Unlike it, an ERP id another customer has is not turned
/// into none: the import looked each one's ERP id and CPF up first and a file has each once
/// (`campo_import::check`), so none is taken here — one that were would refuse the whole
/// import on the unique index, not lose the id.
pub(crate) async fn customers_imported(
    c: &mut SqliteConnection,
    run: &[CustomerCreated],
    at: &str,
) -> Result<(), StoreError> {
    let rows: Vec<_> = run.iter().map(|b| (b, b.external_id.as_deref())).collect();
    insert_customers(c, Mode::Local, &rows, at).await
}

/// Customers' rows, several per statement, each with the ERP id it is written with.
async fn insert_customers(
    c: &mut SqliteConnection,
    mode: Mode,
    rows: &[(&CustomerCreated, Option<&str>)],
    at: &str,
) -> Result<(), StoreError> {
    // 20 values a row.
    for chunk in rows.chunks(1_000) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
            "{} INTO customers (id, name, cpf, email, mother_name, birth_date, phone1, phone2, cep, street, number, complement, neighbourhood, city, uf, lat, lon, created_at, reference, external_id) ",
            mode.insert()
        ));
        q.push_values(chunk, |mut v, (b, external)| {
            v.push_bind(b.id.to_string())
                .push_bind(b.name.clone())
                .push_bind(b.cpf.clone())
                .push_bind(b.email.clone())
                .push_bind(b.mother_name.clone())
                .push_bind(b.birth_date.clone())
                .push_bind(b.phone1.clone())
                .push_bind(b.phone2.clone())
                .push_bind(b.address.cep.clone())
                .push_bind(b.address.street.clone())
                .push_bind(b.address.number.clone())
                .push_bind(b.address.complement.clone())
                .push_bind(b.address.neighbourhood.clone())
                .push_bind(b.address.city.clone())
                .push_bind(b.address.uf.clone())
                .push_bind(b.address.lat)
                .push_bind(b.address.lon)
                .push_bind(at.to_owned())
                .push_bind(b.address.reference.clone())
                .push_bind(external.map(str::to_owned));
        });
        q.build().execute(&mut *c).await?;
    }
    Ok(())
}
