//! The orders of an import: what the file names resolved once (plans, customers, the orders
//! already here), each new order's operations (its creation and, for one waiting in the
//! agenda's queue, its approval), written a batch at a time.

use std::collections::HashMap;

use campo_domain::OrderStatus;
use campo_domain::text::fold;
use campo_import::{OrderRecord, Standing};
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use sqlx::Row;
use uuid::Uuid;

use super::ImportError;
use crate::effects::{self, CustomerFacts};
use crate::provider::Place;
use crate::write::{Writer, parse_uuid, timestamp};
use crate::{Entity, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::{OrderCreated, OrderTransitioned};

impl Writer<'_> {
    /// What orders name, read once: plans by ERP id and folded name, customers by ERP id and
    /// CPF, and the ERP ids of the orders already here.
    pub(super) async fn order_references(&mut self) -> Result<References, StoreError> {
        let mut refs = References::default();
        let rows: Vec<(String, String, Option<String>)> =
            sqlx::query_as("SELECT id, name, external_id FROM plans")
                .fetch_all(self.conn())
                .await?;
        for (id, name, external) in rows {
            let id = parse_uuid(&id)?;
            refs.plans.insert(format!("name:{}", fold(&name)), id);
            if let Some(e) = external {
                refs.plans.insert(format!("id:{e}"), id);
            }
        }
        // A row at a time: a provider's customers and orders are not held twice.
        let mut rows =
            sqlx::query("SELECT id, name, street, number, neighbourhood, city FROM customers")
                .fetch(self.conn());
        while let Some(row) = rows.try_next().await? {
            let id = parse_uuid(row.try_get("id")?)?;
            refs.facts.insert(id, CustomerFacts::from_row(&row)?);
        }
        drop(rows);
        refs.customers = self.customer_keys().await?;
        let mut ids = sqlx::query_scalar::<_, String>(
            "SELECT external_id FROM work_orders WHERE external_id IS NOT NULL",
        )
        .fetch(self.conn());
        while let Some(id) = ids.try_next().await? {
            refs.orders.insert(id);
        }
        drop(ids);
        Ok(refs)
    }

    /// The operations of a new order (its creation and, for one waiting in the agenda's queue,
    /// its approval), or None for an order Campo already has.
    pub(super) async fn import_order(
        &mut self,
        r: &OrderRecord,
        refs: &References,
        place: &Place,
        at: DateTime<Utc>,
    ) -> Result<Option<NewImported>, StoreError> {
        if refs.orders.contains(&r.external_id) {
            // Once in Campo an order is worked here: the export does not move it back.
            return Ok(None);
        }
        let stale = || StoreError::Import(ImportError::Stale { line: r.line });
        let customer = *refs.customers.get(&r.customer).ok_or_else(stale)?;
        let plan = refs
            .plans
            .get(&format!("id:{}", r.plan))
            .or_else(|| refs.plans.get(&format!("name:{}", fold(&r.plan))))
            .copied()
            .ok_or_else(stale)?;
        let opened = r
            .opened_at
            .and_then(|t| t.and_local_timezone(place.zone()).earliest())
            .map_or(at, |t| t.with_timezone(&Utc))
            .min(at);
        let created = OrderCreated {
            external_id: Some(r.external_id.clone()),
            new_address: None,
            id: Uuid::now_v7(),
            number: self.take_order_number().await?,
            kind: r.kind.code().to_owned(),
            customer_id: customer,
            plan_id: plan,
            event_id: Uuid::now_v7(),
            at: timestamp(opened),
            sale_id: None,
            periods: r.periods.clone(),
        };
        let initial = r.kind.initial_status();
        let approved = if r.standing == Standing::Queue && initial == OrderStatus::PendingAnalysis {
            let approve = campo_domain::order::Transition {
                to: OrderStatus::Approved,
                reason: None,
                schedule: None,
            };
            let event = campo_domain::order::transition(
                created.id,
                initial,
                &approve,
                self.actor_id(),
                Uuid::now_v7(),
                opened,
            )?;
            Some(OrderTransitioned {
                order_id: created.id,
                event_id: event.id,
                from: initial.code().to_owned(),
                to: event.to.code().to_owned(),
                reason: event.reason,
                schedule: None,
                at: timestamp(opened),
            })
        } else {
            None
        };
        Ok(Some((created, approved)))
    }

    /// Writes a batch of new orders: their rows and history, and their operations.
    pub(super) async fn write_orders(
        &mut self,
        batch: Vec<NewImported>,
        refs: &References,
    ) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut rows = Vec::with_capacity(batch.len());
        for (created, approved) in &batch {
            let customer = refs
                .facts
                .get(&created.customer_id)
                .ok_or(StoreError::NotFound(Entity::Customer))?;
            rows.push(effects::Imported {
                created,
                customer,
                approved: approved.as_ref(),
            });
        }
        let actor = self.actor_id();
        effects::orders_imported(self.conn(), &rows, actor).await?;
        drop(rows);
        // Each creation followed by its approval (as the server's import writes them): a
        // device applying them takes both into the order's row, many orders at a time.
        let mut ops = Vec::with_capacity(batch.len() * 2);
        for (created, approved) in batch {
            ops.push(Op::OrderCreated(created));
            ops.extend(approved.map(Op::OrderTransitioned));
        }
        self.record_many(&ops).await
    }
}

/// A new order's operations: its creation and, when approved at once, the approval.
pub(super) type NewImported = (OrderCreated, Option<OrderTransitioned>);

/// What an orders file names, resolved once for the whole file.
#[derive(Debug, Default)]
pub(super) struct References {
    /// `id:<ERP id>` and `name:<folded name>` → plan.
    plans: HashMap<String, Uuid>,
    /// ERP id or CPF digits → customer.
    customers: HashMap<String, Uuid>,
    /// ERP ids of the orders already here.
    orders: std::collections::HashSet<String>,
    /// Every customer's words an order row copies.
    facts: HashMap<Uuid, CustomerFacts>,
}
