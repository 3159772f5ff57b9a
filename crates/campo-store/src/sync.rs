//! The store's side of sync: acknowledging pushed operations, the pull cursor, and applying
//! the server's changes. Remote changes are applied through the same effects as local ones
//! but never written to the outbox (they are not this device's changes), and each is applied
//! at most once.

use campo_domain::OrderStatus;
use chrono::Utc;
use sqlx::Row;
use uuid::Uuid;

use crate::activation;
use crate::effects::{self, Mode};
use crate::stock;
use crate::write::timestamp;
use crate::{Entity, Store, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::{CustomerCreated, OrderTransitioned};

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
            stock::remote_lines(tx, &b, op.server_seq).await?;
            None
        }
        Op::OrderRestored(b) => {
            let status = status_of(&b.status)?;
            unless_out_of_scope(
                effects::set_state(tx, b.order_id, status, b.schedule.as_ref(), &b.at).await,
            )?;
            if let Some(id) = b.conflict_id {
                sqlx::query("INSERT OR IGNORE INTO order_conflicts (id, order_id, message, server_status, created_at) VALUES (?, ?, ?, ?, ?)")
                    .bind(id.to_string())
                    .bind(b.order_id.to_string())
                    .bind(&b.message)
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
                stock::judge_returned(tx, &b).await?;
            }
            // Its own movement is in the ledger already (unless this device loaded its data
            // again): applying it again changes nothing.
            stock::move_effect(tx, &b, actor, check).await?;
            if own.is_none() {
                stock::remote_lines(tx, &b, op.server_seq).await?;
            }
            None
        }
        Op::StockDiscrepancyResolved(b) => {
            stock::resolve_effect(tx, &b, actor).await?;
            None
        }
    })
}

/// How this device stands with the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    /// Operations waiting to be pushed.
    pub pending: i64,
    /// Last server sequence applied here.
    pub cursor: i64,
    /// When the last pull finished (RFC 3339, UTC).
    pub last_sync_at: Option<String>,
}

impl Store {
    /// The last server sequence applied here.
    pub async fn sync_cursor(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT cursor FROM sync_state WHERE singleton = 1")
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// Pending operations, cursor and last sync, for the status indicator.
    pub async fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE pushed_at IS NULL")
                .fetch_one(self.pool())
                .await?;
        let row = sqlx::query("SELECT cursor, last_sync_at FROM sync_state WHERE singleton = 1")
            .fetch_one(self.pool())
            .await?;
        Ok(SyncStatus {
            pending,
            cursor: row.try_get("cursor")?,
            last_sync_at: row.try_get("last_sync_at")?,
        })
    }

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
        let check = if role.as_deref() == Some("technician") {
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
        // Customers or orders created one after the other (an import's, as a new office
        // device pulls them) are applied together, several rows per statement, before
        // whatever follows.
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
                "SELECT entity_id, kind, payload FROM outbox WHERE pushed_at IS NULL AND kind IN ('order.transition', 'order.edit') ORDER BY seq",
            )
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

/// Creations, or status moves ([`effects::moves_together`]), met one after another in a
/// page of the server's log, not applied yet.
#[derive(Default)]
enum Run {
    #[default]
    None,
    Customers(Vec<CustomerCreated>),
    /// Each with the move that followed it, when one did.
    Orders(Vec<effects::RemoteOrder>),
    /// Each order at most once (a second move of one ends the run).
    Moves(Vec<(OrderTransitioned, Uuid)>),
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
        }
        Ok(())
    }
}

/// Tables holding what came from the server (or was derived from it): cleared when the device
/// bootstraps again. Every table is either here or in [`DEVICE_TABLES`] (a store test checks).
pub const REPLICATED_TABLES: [&str; 49] = [
    "visit_facts",
    "order_reports",
    "order_photos",
    "order_signatures",
    "closing_rules",
    "late_months",
    "late_months_kept",
    "default_rate_months",
    "non_payment_steps",
    "collection_contacts",
    "receivables",
    "customer_changes",
    "order_messages",
    "support_call_steps",
    "support_calls",
    "sale_events",
    "sales",
    "provider_profile",
    "stock_remote_lines",
    "activation_ticks",
    "activations",
    "activation_templates",
    "order_notices",
    "order_field_revs",
    "order_pauses",
    "order_events",
    "order_conflicts",
    "order_deadlines",
    "route_plans",
    "stock_discrepancies",
    "stock_minimums",
    "stock_units",
    "stock_balances",
    "stock_movements",
    "plan_equipment",
    "stock_places",
    "stock_items",
    "work_orders",
    "customers",
    "technician_skills",
    "technician_absences",
    "technician_weeks",
    "sla_rules",
    "calendar_days",
    "calendar_hours",
    "agenda_settings",
    "plans",
    "people",
    "applied_remote",
];

/// Tables that belong to this device and survive a new bootstrap: its identity and operation
/// sequence, its outbox (its own audit trail), the server it joined, the cursor (reset to 0),
/// which deadline crossings it already notified (so none is told twice), the sale drafts
/// typed here, and the stored files (photos taken here wait there for the server).
pub const DEVICE_TABLES: [&str; 7] = [
    "blobs",
    "device",
    "outbox",
    "sync_state",
    "sync_config",
    "deadline_notices",
    "sale_drafts",
];

impl Store {
    /// Clears everything that came from the server so the next pull bootstraps from a fresh
    /// snapshot (the server pruned what this device would have needed). Refused while
    /// operations written here wait to be pushed: they are pushed first, never dropped.
    pub async fn reset_replica(&self) -> Result<(), StoreError> {
        let _guard = self.write_lock.lock().await;
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE pushed_at IS NULL")
                .fetch_one(&mut *tx)
                .await?;
        if pending > 0 {
            return Err(StoreError::Unpushed(pending));
        }
        // References between the cleared tables are checked at commit, when all are empty.
        sqlx::query("PRAGMA defer_foreign_keys = ON")
            .execute(&mut *tx)
            .await?;
        // The append-only ledgers refuse deletes; this copy of them is replaced whole by the
        // server's (which keeps every line), so their guards step aside inside this
        // transaction only and are put back before it commits.
        let guards: Vec<(String, String)> = sqlx::query_as(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%append_only_delete'",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (name, _) in &guards {
            sqlx::query(&format!("DROP TRIGGER {name}"))
                .execute(&mut *tx)
                .await?;
        }
        for table in REPLICATED_TABLES {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for (_, sql) in &guards {
            sqlx::query(sql).execute(&mut *tx).await?;
        }
        sqlx::query("UPDATE sync_state SET cursor = 0 WHERE singleton = 1")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// On a technician's device, removes the done and cancelled orders whose visit is older
    /// than the window ([`campo_domain::scope`]), with their customers when no other order
    /// of theirs stays; the office keeps them. Orders with changes not yet pushed stay.
    /// Returns how many left. Other roles keep everything.
    pub async fn forget_closed_orders(
        &self,
        now: chrono::DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        // Runs after every round: office devices leave without taking the write lock.
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM sync_config WHERE singleton = 1")
                .fetch_optional(self.pool())
                .await?;
        if role.as_deref() != Some("technician") {
            return Ok(0);
        }
        let today = self.place().await?.date_at(now);
        let _guard = self.write_lock.lock().await;
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        // Only visits older than the window can leave; the domain's rule decides each.
        let closed = sqlx::query(
            "SELECT id, status, scheduled_date FROM work_orders w
             WHERE status IN ('done', 'cancelled')
               AND (scheduled_date IS NULL OR scheduled_date < ?)
               AND NOT EXISTS (SELECT 1 FROM outbox o
                               WHERE o.entity = 'work_order' AND o.entity_id = w.id AND o.pushed_at IS NULL)",
        )
        .bind(campo_domain::scope::first_kept_day(today).to_string())
        .fetch_all(&mut *tx)
        .await?;
        if closed.is_empty() {
            return Ok(0);
        }
        let mut gone = 0;
        for row in closed {
            let status = OrderStatus::from_code(row.try_get("status")?)
                .ok_or_else(|| sqlx::Error::Decode("unknown status".into()))?;
            let date = row
                .try_get::<Option<String>, _>("scheduled_date")?
                .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            if !campo_domain::scope::technician_keeps(status, date, today) {
                let id: String = row.try_get("id")?;
                effects::remove_order(&mut tx, crate::write::parse_uuid(&id)?).await?;
                gone += 1;
            }
        }
        // The files of the photos that left, once the server has them.
        crate::photos::drop_unused(&mut tx).await?;
        tx.commit().await?;
        Ok(gone)
    }
}

impl Store {
    /// How many customers on this device carry CPF, mother's name or birth date — zero on a
    /// technician's device (LGPD).
    pub async fn customers_with_personal_data(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM customers WHERE cpf IS NOT NULL OR mother_name IS NOT NULL OR birth_date IS NOT NULL",
        )
        .fetch_one(self.pool())
        .await?)
    }
}

/// The server a device joined, and who it acts as there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConfig {
    /// Base URL, e.g. `https://campo.provedor.com.br`.
    pub server_url: String,
    /// Device-bound bearer token.
    pub token: String,
    /// The person logged in (their id in `people` once pulled).
    pub user_id: Uuid,
    /// Their name.
    pub user_name: String,
    /// Their role code.
    pub role: String,
    /// The login they signed in with (devices that joined before it was kept have none).
    pub login: Option<String>,
    /// They signed out: the token is gone and nothing syncs until someone signs in again.
    pub signed_out: bool,
}

impl Store {
    /// The server this device syncs with, if it joined one.
    pub async fn sync_config(&self) -> Result<Option<SyncConfig>, StoreError> {
        let row = sqlx::query("SELECT server_url, token, user_id, user_name, role, login, signed_out_at FROM sync_config WHERE singleton = 1")
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(SyncConfig {
                server_url: r.try_get("server_url")?,
                token: r.try_get("token")?,
                user_id: crate::write::parse_uuid(r.try_get("user_id")?)?,
                user_name: r.try_get("user_name")?,
                role: r.try_get("role")?,
                login: r.try_get("login")?,
                signed_out: r.try_get::<Option<String>, _>("signed_out_at")?.is_some(),
            })
        })
        .transpose()
    }

    /// Keeps a new session of the person this device syncs as (after signing in again): the
    /// outbox stays and goes out under it. Returns false when the device has not joined.
    pub async fn renew_session(&self, token: &str, login: &str) -> Result<bool, StoreError> {
        let changed = sqlx::query(
            "UPDATE sync_config SET token = ?, login = ?, signed_out_at = NULL WHERE singleton = 1",
        )
        .bind(token)
        .bind(login)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    /// Forgets the session (signing out): nothing syncs until the person signs in again; the
    /// data and what waits to be sent stay.
    pub async fn sign_out(&self) -> Result<(), StoreError> {
        sqlx::query("UPDATE sync_config SET token = '', signed_out_at = ? WHERE singleton = 1")
            .bind(timestamp(Utc::now()))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records the server this device joined and acts as the logged-in person from now on.
    /// Device configuration, not a change to shared data: it is not an operation.
    pub async fn join(&self, config: &SyncConfig) -> Result<(), StoreError> {
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(
            "INSERT INTO sync_config (singleton, server_url, token, user_id, user_name, role, joined_at, login) VALUES (1, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (singleton) DO UPDATE SET server_url = excluded.server_url, token = excluded.token,
                 user_id = excluded.user_id, user_name = excluded.user_name, role = excluded.role, joined_at = excluded.joined_at,
                 login = excluded.login, signed_out_at = NULL",
        )
        .bind(&config.server_url)
        .bind(&config.token)
        .bind(config.user_id.to_string())
        .bind(&config.user_name)
        .bind(&config.role)
        .bind(timestamp(Utc::now()))
        .bind(&config.login)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE device SET local_user_id = ? WHERE singleton = 1")
            .bind(config.user_id.to_string())
            .execute(&mut *tx)
            .await?;
        // A device joined again under a role that may not keep what it holds forgets it now.
        crate::privacy::forget_unless_allowed(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Conflicts the server reported that nobody resolved yet.
    pub async fn open_conflicts(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM order_conflicts WHERE resolved_at IS NULL")
                .fetch_one(self.pool())
                .await?,
        )
    }
}
