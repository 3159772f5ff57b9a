//! The store's side of sync: applying the server's changes (acknowledging pushed operations
//! is the outbox's). Remote changes are applied through the same effects as local ones
//! but never written to the outbox (they are not this device's changes), and each is applied
//! at most once.
//!
//! Beside it: `standing` (the cursor, what waits to be pushed, the server joined and the
//! session) and `replica` (what came from the server, cleared or thinned).

use campo_domain::OrderStatus;
use chrono::Utc;
use sqlx::Row;
use uuid::Uuid;

use crate::activation;
use crate::effects::{self, Mode};
use crate::stock;
use crate::write::timestamp;
use crate::{Entity, Store, StoreError};
use campo_protocol::ops::{CustomerCreated, OrderTransitioned, ReceivableSet};
use campo_protocol::{Op, Role};

mod replica;
mod standing;

pub use replica::{DEVICE_TABLES, REPLICATED_TABLES};
pub use standing::{SyncConfig, SyncStatus};

/// A change about an order this device does not hold (out of its scope) changes nothing.
fn unless_out_of_scope(result: Result<(), StoreError>) -> Result<(), StoreError> {
    match result {
        Err(StoreError::NotFound(Entity::Order)) => Ok(()),
        other => other,
    }
}

/// One change pulled from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteOp {
    /// Its place in the server's order.
    pub server_seq: i64,
    /// Who did it (as the server authenticated them).
    pub actor_id: Uuid,
    /// The device that wrote it (the nil id for the server itself).
    pub device_id: Uuid,
    /// Its id.
    pub op_id: Uuid,
    /// Its kind.
    pub kind: String,
    /// Its JSON body.
    pub payload: String,
}

/// Whether an order is on this device.
async fn holds(tx: &mut sqlx::SqliteConnection, table: &str, id: Uuid) -> Result<bool, StoreError> {
    let known: Option<i64> = sqlx::query_scalar(&format!("SELECT 1 FROM {table} WHERE id = ?"))
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    Ok(known.is_some())
}

fn status_of(code: &str) -> Result<OrderStatus, StoreError> {
    OrderStatus::from_code(code)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown status {code}").into()).into())
}

/// Applies one pulled operation; returns the order it touched, if its state may need this
/// device's unpushed changes put back on top.
async fn apply_one(
    tx: &mut sqlx::SqliteConnection,
    op: &RemoteOp,
    body: Op,
    check: stock::Check,
    at: &str,
) -> Result<Option<Uuid>, StoreError> {
    let actor = op.actor_id;
    Ok(match body {
        Op::OrderGranted(b) => {
            effects::customer(tx, Mode::Remote, &b.customer, at).await?;
            effects::order(tx, Mode::Remote, &b.order, actor).await?;
            effects::set_state(
                tx,
                b.order.id,
                status_of(&b.status)?,
                b.schedule.as_ref(),
                at,
            )
            .await?;
            let values: Vec<(&str, Option<&str>)> = b
                .fields
                .iter()
                .map(|f| (f.field.as_str(), f.value.as_deref()))
                .collect();
            effects::set_fields(tx, b.order.id, &values).await?;
            for f in &b.fields {
                effects::set_field_rev(tx, b.order.id, &f.field, f.rev).await?;
            }
            Some(b.order.id)
        }
        Op::OrderResolved(b) => {
            unless_out_of_scope(effects::resolve(tx, &b, actor).await)?;
            sqlx::query("UPDATE order_conflicts SET resolved_at = ? WHERE order_id = ? AND resolved_at IS NULL")
                .bind(&b.at)
                .bind(b.order_id.to_string())
                .execute(&mut *tx)
                .await?;
            Some(b.order_id)
        }
        Op::OrderRevoked(b) => {
            effects::remove_order(tx, b.order_id).await?;
            None
        }
        Op::StockRelayed(b) => {
            stock::move_effect(tx, &b, actor, check).await?;
            stock::in_server_order(tx, &b, op.server_seq).await?;
            None
        }
        Op::OrderRestored(b) => {
            let status = status_of(&b.status)?;
            unless_out_of_scope(
                effects::set_state(tx, b.order_id, status, b.schedule.as_ref(), &b.at).await,
            )?;
            if let Some(id) = b.conflict_id {
                sqlx::query("INSERT OR IGNORE INTO order_conflicts (id, order_id, server_status, created_at) VALUES (?, ?, ?, ?)")
                    .bind(id.to_string())
                    .bind(b.order_id.to_string())
                    .bind(&b.status)
                    .bind(&b.at)
                    .execute(&mut *tx)
                    .await?;
            }
            Some(b.order_id)
        }
        Op::PersonCreated(b) => {
            effects::person(tx, Mode::Remote, &b, at).await?;
            None
        }
        Op::PersonRoleSet(b) => {
            effects::person_role(tx, &b).await?;
            None
        }
        Op::PlanUpdated(b) => {
            effects::plan_update(tx, &b).await?;
            None
        }
        Op::CustomerEdited(b) => {
            crate::customers::edited(tx, &b, actor).await?;
            None
        }
        Op::OrderMessaged(b) => {
            if holds(tx, "work_orders", b.order_id).await? {
                crate::messages::messaged(tx, &b, actor).await?;
            }
            Some(b.order_id)
        }
        Op::OrderSigned(b) => {
            if holds(tx, "work_orders", b.order_id).await? {
                crate::proof::signed(tx, &b, actor).await?;
            }
            Some(b.order_id)
        }
        Op::ClosingRulesSet(b) => {
            crate::proof::rules_set(tx, &b).await?;
            None
        }
        Op::OrderPhotoAdded(b) => {
            if holds(tx, "work_orders", b.order_id).await? {
                crate::photos::added(tx, &b, actor).await?;
            }
            Some(b.order_id)
        }
        Op::OrderPhotoRemoved(b) => {
            crate::photos::removed(tx, &b).await?;
            Some(b.order_id)
        }
        Op::OrderReportKept(b) => {
            if holds(tx, "work_orders", b.order_id).await? {
                crate::reports::kept(tx, &b, actor).await?;
            }
            Some(b.order_id)
        }
        Op::CallOpened(b) => {
            crate::support::opened(tx, &b, actor).await?;
            None
        }
        Op::CallStepped(b) => {
            crate::support::stepped(tx, &b, actor).await?;
            None
        }
        // `apply_remote` takes every receivable into a run (`Run::Receivables`), as it does
        // customers' and orders' creations: the arm keeps the match whole.
        Op::ReceivableSet(b) => {
            crate::finance::receivable_set(tx, &b, at).await?;
            None
        }
        Op::CollectionContacted(b) => {
            crate::finance::contacted(tx, &b, actor).await?;
            None
        }
        Op::NonPaymentStepsSet(b) => {
            crate::finance::steps_set(tx, &b).await?;
            None
        }
        Op::SaleSubmitted(b) => {
            crate::sales::submitted(tx, &b, actor).await?;
            None
        }
        Op::SaleReviewed(b) => {
            crate::sales::reviewed(tx, &b, actor).await?;
            None
        }
        Op::PlanCreated(b) => {
            effects::plan(tx, Mode::Remote, &b, at).await?;
            None
        }
        Op::CustomerCreated(b) => {
            effects::customer(tx, Mode::Remote, &b, at).await?;
            None
        }
        Op::OrderCreated(b) => {
            effects::order(tx, Mode::Remote, &b, actor).await?;
            None
        }
        Op::OrderEdited(b) => {
            unless_out_of_scope(effects::settle_edit(tx, &b, op.op_id, op.server_seq).await)?;
            Some(b.order_id)
        }
        Op::OrderTransitioned(b) => {
            unless_out_of_scope(effects::transition(tx, Mode::Remote, &b, actor).await)?;
            Some(b.order_id)
        }
        Op::OrderPaused(b) => {
            if holds(tx, "work_orders", b.order_id).await? {
                effects::pause(tx, Mode::Remote, &b, actor).await?;
            }
            Some(b.order_id)
        }
        Op::OrderResumed(b) => {
            effects::resume(tx, &b, actor).await?;
            Some(b.order_id)
        }
        Op::RouteSet(b) => {
            effects::route(tx, &b, actor).await?;
            None
        }
        Op::SkillsSet(b) => {
            effects::skills(tx, &b, actor).await?;
            None
        }
        Op::SlaRuleSet(b) => {
            effects::sla_rule(tx, &b, actor).await?;
            None
        }
        Op::AbsenceSet(b) => {
            effects::absence(tx, &b, actor).await?;
            None
        }
        Op::CalendarDaySet(b) => {
            effects::calendar_day(tx, &b, actor).await?;
            None
        }
        Op::WorkWeekSet(b) => {
            effects::work_week(tx, &b, actor).await?;
            None
        }
        Op::AgendaSettingsSet(b) => {
            effects::agenda_settings(tx, &b, actor).await?;
            None
        }
        Op::ProviderSet(b) => {
            effects::provider(tx, &b, actor).await?;
            None
        }
        Op::CalendarHoursSet(b) => {
            effects::calendar_hours(tx, &b, actor).await?;
            None
        }
        Op::ActivationTemplateSaved(b) => {
            activation::template_effect(tx, Mode::Remote, &b, actor).await?;
            None
        }
        Op::ActivationStarted(b) => {
            if holds(tx, "work_orders", b.order_id).await? {
                activation::start_effect(tx, Mode::Remote, &b, actor).await?;
            }
            None
        }
        Op::ActivationTicked(b) => {
            if holds(tx, "activations", b.activation_id).await? {
                activation::tick_effect(tx, &b, actor).await?;
            }
            None
        }
        Op::ActivationClosed(b) => {
            activation::close_effect(tx, &b, actor).await?;
            None
        }
        Op::StockItemCreated(b) => {
            stock::item_effect(tx, Mode::Remote, &b, at).await?;
            None
        }
        Op::StockPlaceCreated(b) => {
            stock::ensure_place(tx, &b, at).await?;
            None
        }
        Op::StockMinimumSet(b) => {
            stock::minimum_effect(tx, &b, at).await?;
            None
        }
        Op::PlanEquipmentSet(b) => {
            stock::plan_equipment_effect(tx, &b).await?;
            None
        }
        Op::StockMoved(b) => {
            let own: Option<i64> = sqlx::query_scalar("SELECT 1 FROM outbox WHERE op_id = ?")
                .bind(op.op_id.to_string())
                .fetch_optional(&mut *tx)
                .await?;
            if own.is_some() && check == stock::Check::Record {
                stock::judge_returned(tx, &b, op.server_seq).await?;
            }
            // Its own movement is in the ledger already (unless this device loaded its data
            // again): applying it again changes nothing, but its place in the server's order
            // may move a unit a movement pulled meanwhile had moved.
            stock::move_effect(tx, &b, actor, check).await?;
            stock::in_server_order(tx, &b, op.server_seq).await?;
            None
        }
        Op::StockDiscrepancyResolved(b) => {
            stock::resolve_effect(tx, &b, actor).await?;
            None
        }
    })
}

impl Store {
    /// Applies a page of the server's changes, in order, and moves the cursor to
    /// `next_cursor` — all in one transaction. Returns how many were new here.
    ///
    /// This device's own operations come back too; applying them again changes nothing,
    /// but their place in the server's order decides the final state.
    pub async fn apply_remote(
        &self,
        ops: &[RemoteOp],
        next_cursor: i64,
    ) -> Result<usize, StoreError> {
        let _guard = self.write_lock.lock().await;
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let mut applied = 0;
        let mut touched_orders = Vec::new();
        // A technician's device sees only its own van's movements, so it cannot tell a unit
        // out of place from one it never heard of; the office's devices see the whole ledger
        // and record the discrepancies.
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM sync_config WHERE singleton = 1")
                .fetch_optional(&mut *tx)
                .await?;
        let check = if role.as_deref().and_then(Role::from_code) == Some(Role::Technician) {
            stock::Check::Trust
        } else {
            stock::Check::Record
        };
        // Which of the page's operations this device already has, asked once for the page
        // (a first sync applies a million: a question per operation would double its time).
        let mut done: std::collections::HashSet<Uuid> = std::collections::HashSet::new();
        for chunk in ops.chunks(500) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "SELECT op_id FROM applied_remote WHERE op_id IN (",
            );
            let mut ids = q.separated(", ");
            for op in chunk {
                ids.push_bind(op.op_id.to_string());
            }
            q.push(")");
            for id in q.build_query_scalar::<String>().fetch_all(&mut *tx).await? {
                done.insert(crate::write::parse_uuid(&id)?);
            }
        }
        let mut applied_now: Vec<(Uuid, i64)> = Vec::with_capacity(ops.len());
        // Customers or orders created one after the other, their approvals, or receivables
        // (an import's, as a new office device pulls them) are applied together, several
        // rows per statement, before whatever follows (`Run`).
        let mut run = Run::default();
        for op in ops {
            if !done.insert(op.op_id) {
                continue;
            }
            let at = timestamp(Utc::now());
            // A kind this version does not know: the server only serves what the device's
            // schema understands, so this is a protocol error.
            let body = Op::decode(&op.kind, &op.payload)?.ok_or_else(|| {
                StoreError::Database(sqlx::Error::Decode(
                    format!("unknown operation kind {}", op.kind).into(),
                ))
            })?;
            applied_now.push((op.op_id, op.server_seq));
            applied += 1;
            let Some(body) = run
                .take(body, op.actor_id, &mut tx, &at, &mut touched_orders)
                .await?
            else {
                continue;
            };
            if let Some(order) = apply_one(&mut tx, op, body, check, &at).await? {
                touched_orders.push(order);
            }
        }
        run.flush(&mut tx, &timestamp(Utc::now()), &mut touched_orders)
            .await?;
        for chunk in applied_now.chunks(1_000) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "INSERT INTO applied_remote (op_id, server_seq) ",
            );
            q.push_values(chunk, |mut v, (id, seq)| {
                v.push_bind(id.to_string()).push_bind(*seq);
            });
            q.build().execute(&mut *tx).await?;
        }
        // Changes made here that the server has not seen yet stay on top of its state.
        if !touched_orders.is_empty() {
            let pending = sqlx::query(
                "SELECT entity_id, kind, payload FROM outbox WHERE pushed_at IS NULL AND kind IN (?, ?) ORDER BY seq",
            )
            .bind(campo_protocol::OpKind::OrderTransitioned.code())
            .bind(campo_protocol::OpKind::OrderEdited.code())
            .fetch_all(&mut *tx)
            .await?;
            for row in pending {
                let id: String = row.try_get("entity_id")?;
                if touched_orders.iter().any(|t| t.to_string() == id) {
                    let payload: String = row.try_get("payload")?;
                    let kind: String = row.try_get("kind")?;
                    match Op::decode(&kind, &payload)? {
                        Some(Op::OrderTransitioned(b)) => {
                            let to = OrderStatus::from_code(&b.to)
                                .ok_or_else(|| sqlx::Error::Decode("status".into()))?;
                            unless_out_of_scope(
                                effects::set_state(
                                    &mut tx,
                                    b.order_id,
                                    to,
                                    b.schedule.as_ref(),
                                    &b.at,
                                )
                                .await,
                            )?;
                        }
                        Some(Op::OrderEdited(b)) => {
                            let values: Vec<(&str, Option<&str>)> = b
                                .changes
                                .iter()
                                .map(|c| (c.field.as_str(), c.value.as_deref()))
                                .collect();
                            unless_out_of_scope(
                                effects::set_fields(&mut tx, b.order_id, &values).await,
                            )?;
                        }
                        _ => {}
                    }
                }
            }
        }
        sqlx::query(
            "UPDATE sync_state SET cursor = MAX(cursor, ?), last_sync_at = ? WHERE singleton = 1",
        )
        .bind(next_cursor)
        .bind(timestamp(Utc::now()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(applied)
    }
}

/// Creations, status moves ([`effects::moves_together`]) or receivables, met one after
/// another in a page of the server's log, not applied yet.
#[derive(Default)]
enum Run {
    #[default]
    None,
    Customers(Vec<CustomerCreated>),
    /// Each with the move that followed it, when one did.
    Orders(Vec<effects::RemoteOrder>),
    /// Each order at most once (a second move of one ends the run).
    Moves(Vec<(OrderTransitioned, Uuid)>),
    /// Each receivable at most once (a second version of one ends the run).
    Receivables(Vec<ReceivableSet>),
}

impl Run {
    /// Keeps `body` when it continues (or starts) a run and returns None; otherwise applies
    /// the run so far and gives `body` back to be applied on its own.
    async fn take(
        &mut self,
        body: Op,
        actor: Uuid,
        tx: &mut sqlx::SqliteConnection,
        at: &str,
        touched: &mut Vec<Uuid>,
    ) -> Result<Option<Op>, StoreError> {
        match (self, body) {
            (Run::Customers(list), Op::CustomerCreated(b)) => list.push(b),
            (Run::Orders(list), Op::OrderCreated(b)) => list.push((b, actor, None)),
            // An import's approval right after its order's creation goes in with the row.
            (Run::Orders(list), Op::OrderTransitioned(b))
                if effects::moves_together(&b)
                    && list
                        .iter()
                        .rev()
                        .any(|(o, _, then)| o.id == b.order_id && then.is_none()) =>
            {
                if let Some(order) = list
                    .iter_mut()
                    .rev()
                    .find(|(o, _, then)| o.id == b.order_id && then.is_none())
                {
                    order.2 = Some((b, actor));
                }
            }
            (Run::Moves(list), Op::OrderTransitioned(b))
                if effects::moves_together(&b)
                    && !list.iter().any(|(m, _)| m.order_id == b.order_id) =>
            {
                list.push((b, actor));
            }
            (Run::Receivables(list), Op::ReceivableSet(b))
                if !list.iter().any(|r| r.id == b.id) =>
            {
                list.push(b);
            }
            (run, Op::ReceivableSet(b)) => {
                run.flush(tx, at, touched).await?;
                *run = Run::Receivables(vec![b]);
            }
            (run, Op::CustomerCreated(b)) => {
                run.flush(tx, at, touched).await?;
                *run = Run::Customers(vec![b]);
            }
            (run, Op::OrderCreated(b)) => {
                run.flush(tx, at, touched).await?;
                *run = Run::Orders(vec![(b, actor, None)]);
            }
            (run, Op::OrderTransitioned(b)) if effects::moves_together(&b) => {
                run.flush(tx, at, touched).await?;
                *run = Run::Moves(vec![(b, actor)]);
            }
            (run, other) => {
                run.flush(tx, at, touched).await?;
                return Ok(Some(other));
            }
        }
        Ok(None)
    }

    /// Applies the run, if any, and starts afresh; the orders it moved join `touched`.
    async fn flush(
        &mut self,
        tx: &mut sqlx::SqliteConnection,
        at: &str,
        touched: &mut Vec<Uuid>,
    ) -> Result<(), StoreError> {
        match std::mem::take(self) {
            Run::None => {}
            Run::Customers(list) => effects::customers_remote(tx, &list, at).await?,
            Run::Orders(list) => touched.extend(effects::orders_remote(tx, &list).await?),
            // A move alone goes the way of every other operation (which a device applying
            // a page of one operation at a time shows to leave the same).
            Run::Moves(list) if list.len() == 1 => {
                let (b, actor) = &list[0];
                unless_out_of_scope(effects::transition(tx, Mode::Remote, b, *actor).await)?;
                touched.push(b.order_id);
            }
            Run::Moves(list) => touched.extend(effects::moves_remote(tx, &list).await?),
            Run::Receivables(list) => crate::finance::receivables_set(tx, &list, at).await?,
        }
        Ok(())
    }
}
