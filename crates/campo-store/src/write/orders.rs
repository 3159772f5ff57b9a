//! The Writer's order changes: opening an order (its number taken in the transaction),
//! moving it, pausing and resuming its deadline, editing it, scheduling it.

use campo_domain::edit::OrderField;
use campo_domain::order::{self, Schedule, Transition};
use campo_domain::{OrderEvent, OrderKind, OrderStatus, Period};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use uuid::Uuid;

use super::{Writer, parse_uuid, timestamp};
use crate::effects::{self, Mode};
use crate::{Actor, Entity, Store, StoreError};
use campo_protocol::ops::{OrderCreated, OrderTransitioned, SchedulePayload};
use campo_protocol::{Op, Role};

/// A new work order.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// Kind.
    pub kind: OrderKind,
    /// Customer.
    pub customer_id: Uuid,
    /// Plan.
    pub plan_id: Uuid,
    /// The sale it comes from (an installation opened by a sale's approval).
    pub sale_id: Option<Uuid>,
    /// Periods the customer is available in.
    pub periods: Vec<Period>,
    /// Its id in the provider's ERP (an imported order).
    pub external_id: Option<String>,
    /// Where an address change moves the customer to.
    pub new_address: Option<campo_domain::NewAddress>,
}

impl NewOrder {
    /// An order of `kind` for a customer and plan, not from a sale.
    pub fn new(kind: OrderKind, customer_id: Uuid, plan_id: Uuid) -> Self {
        NewOrder {
            kind,
            customer_id,
            plan_id,
            sale_id: None,
            periods: Vec::new(),
            external_id: None,
            new_address: None,
        }
    }
}

impl Store {
    /// Moves an order to another status, now, as `actor` — one transaction.
    pub async fn transition_order(
        &self,
        actor: Actor,
        order_id: Uuid,
        request: Transition,
    ) -> Result<OrderEvent, StoreError> {
        let mut w = self.writer(actor).await?;
        let event = w.transition_order(order_id, &request, Utc::now()).await?;
        w.commit().await?;
        Ok(event)
    }
}

impl Writer<'_> {
    /// Opens a work order in its kind's initial status, with its creation event.
    pub async fn create_order(
        &mut self,
        new: &NewOrder,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        self.create_order_with_id(Uuid::now_v7(), new, at).await
    }

    /// [`Self::create_order`] under an id chosen before (a sale's approval names its order).
    pub(crate) async fn create_order_with_id(
        &mut self,
        id: Uuid,
        new: &NewOrder,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let plan_exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM plans WHERE id = ?")
            .bind(new.plan_id.to_string())
            .fetch_optional(&mut *self.tx)
            .await?;
        if plan_exists.is_none() {
            return Err(StoreError::NotFound(Entity::Plan));
        }
        // Only an address change carries a new address, checked field by field.
        let new_address = match &new.new_address {
            Some(_) if new.kind != OrderKind::AddressChange => {
                return Err(campo_domain::ValidationError::Unknown(
                    campo_domain::Field::NewAddress,
                )
                .into());
            }
            Some(a) => Some(a.checked()?),
            None => None,
        };
        let number = self.take_order_number().await?;
        let body = OrderCreated {
            new_address,
            external_id: new.external_id.clone(),
            id,
            number,
            kind: new.kind.code().to_owned(),
            customer_id: new.customer_id,
            plan_id: new.plan_id,
            event_id: Uuid::now_v7(),
            at: timestamp(at),
            sale_id: new.sale_id,
            periods: new.periods.clone(),
        };
        effects::order(&mut self.tx, Mode::Local, &body, self.actor.id).await?;
        let id = body.id;
        self.record(&Op::OrderCreated(body)).await?;
        Ok(id)
    }

    /// The number the next new order gets (the highest is read once per transaction).
    pub(crate) async fn take_order_number(&mut self) -> Result<i64, StoreError> {
        let number = match self.next_number {
            Some(n) => n,
            None => {
                sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(number), 0) + 1 FROM work_orders")
                    .fetch_one(&mut *self.tx)
                    .await?
            }
        };
        self.next_number = Some(number + 1);
        Ok(number)
    }

    /// An order's status as this transaction sees it.
    pub async fn status_of(&mut self, order_id: Uuid) -> Result<OrderStatus, StoreError> {
        let status: String = sqlx::query_scalar("SELECT status FROM work_orders WHERE id = ?")
            .bind(order_id.to_string())
            .fetch_optional(&mut *self.tx)
            .await?
            .ok_or(StoreError::NotFound(Entity::Order))?;
        OrderStatus::from_code(&status)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown status {status}").into()).into())
    }

    /// Moves an order through the state machine, recording the event and the operation.
    pub async fn transition_order(
        &mut self,
        order_id: Uuid,
        request: &Transition,
        at: DateTime<Utc>,
    ) -> Result<OrderEvent, StoreError> {
        let status: String = sqlx::query_scalar("SELECT status FROM work_orders WHERE id = ?")
            .bind(order_id.to_string())
            .fetch_optional(&mut *self.tx)
            .await?
            .ok_or(StoreError::NotFound(Entity::Order))?;
        let current = OrderStatus::from_code(&status)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown status {status}").into()))?;
        self.transition_from(order_id, current, request, at).await
    }

    /// [`Self::transition_order`] for an order whose status this transaction already knows
    /// (an import approving the order it just opened).
    pub(crate) async fn transition_from(
        &mut self,
        order_id: Uuid,
        current: OrderStatus,
        request: &Transition,
        at: DateTime<Utc>,
    ) -> Result<OrderEvent, StoreError> {
        if let Some(Schedule { technician_id, .. }) = &request.schedule {
            let role: Option<String> = sqlx::query_scalar("SELECT role FROM people WHERE id = ?")
                .bind(technician_id.to_string())
                .fetch_optional(&mut *self.tx)
                .await?;
            if role.as_deref().and_then(Role::from_code) != Some(Role::Technician) {
                return Err(StoreError::NotFound(Entity::Person));
            }
        }
        if request.to == OrderStatus::Done {
            let reason_given = request
                .reason
                .as_deref()
                .is_some_and(|r| !r.trim().is_empty());
            self.check_closing(order_id, reason_given).await?;
        }
        let event = order::transition(
            order_id,
            current,
            request,
            self.actor.id,
            Uuid::now_v7(),
            at,
        )?;
        let schedule = match event.to {
            OrderStatus::Scheduled => request.schedule.as_ref().map(|s| SchedulePayload {
                date: s.date.to_string(),
                period: s.period.code().to_owned(),
                technician_id: s.technician_id,
            }),
            _ => None,
        };
        let body = OrderTransitioned {
            order_id,
            event_id: event.id,
            from: current.code().to_owned(),
            to: event.to.code().to_owned(),
            reason: event.reason.clone(),
            schedule,
            at: timestamp(at),
        };
        effects::transition(&mut self.tx, Mode::Local, &body, self.actor.id).await?;
        self.record(&Op::OrderTransitioned(body)).await?;
        Ok(event)
    }

    /// Pauses the order's deadline clock with a reason (waiting on the customer or a third
    /// party). Only while the clock runs, and not twice.
    pub async fn pause_order(
        &mut self,
        order_id: Uuid,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(
                campo_domain::ValidationError::Required(campo_domain::Field::PauseReason).into(),
            );
        }
        let status: String = sqlx::query_scalar("SELECT status FROM work_orders WHERE id = ?")
            .bind(order_id.to_string())
            .fetch_optional(&mut *self.tx)
            .await?
            .ok_or(StoreError::NotFound(Entity::Order))?;
        let status = OrderStatus::from_code(&status)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown status {status}").into()))?;
        if matches!(
            status,
            OrderStatus::PendingAnalysis
                | OrderStatus::Rejected
                | OrderStatus::Done
                | OrderStatus::Cancelled
        ) {
            return Err(order::PauseError::ClockNotRunning(status).into());
        }
        let open: Option<String> = sqlx::query_scalar(
            "SELECT id FROM order_pauses WHERE order_id = ? AND ended_at IS NULL",
        )
        .bind(order_id.to_string())
        .fetch_optional(&mut *self.tx)
        .await?;
        if open.is_some() {
            return Err(order::PauseError::AlreadyPaused.into());
        }
        let body = campo_protocol::ops::OrderPaused {
            order_id,
            pause_id: Uuid::now_v7(),
            reason: reason.to_owned(),
            at: timestamp(at),
        };
        effects::pause(&mut self.tx, Mode::Local, &body, self.actor.id).await?;
        let id = body.pause_id;
        self.record(&Op::OrderPaused(body)).await?;
        Ok(id)
    }

    /// Edits an order's visit details (see `campo_domain::edit`). Only fields whose value
    /// changes are recorded, each with the revision it was made on; returns whether anything
    /// changed. A bad value is refused by name and nothing is saved.
    pub async fn edit_order(
        &mut self,
        order_id: Uuid,
        edits: &[(OrderField, Option<&str>)],
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT contact_phone, notes FROM work_orders WHERE id = ?")
            .bind(order_id.to_string())
            .fetch_optional(&mut *self.tx)
            .await?
            .ok_or(StoreError::NotFound(Entity::Order))?;
        let mut changes: Vec<campo_protocol::ops::FieldChange> = Vec::new();
        for (field, value) in edits {
            let value = field.normalize(*value)?;
            let current: Option<String> = row.try_get(field.code())?;
            if value == current || changes.iter().any(|c| c.field == field.code()) {
                continue;
            }
            let base: Option<i64> = sqlx::query_scalar(
                "SELECT rev FROM order_field_revs WHERE order_id = ? AND field = ?",
            )
            .bind(order_id.to_string())
            .bind(field.code())
            .fetch_optional(&mut *self.tx)
            .await?;
            changes.push(campo_protocol::ops::FieldChange {
                field: field.code().to_owned(),
                value,
                base: base.unwrap_or(0),
            });
        }
        if changes.is_empty() {
            return Ok(false);
        }
        let body = campo_protocol::ops::OrderEdited {
            order_id,
            changes,
            at: timestamp(at),
            outcome: Vec::new(),
        };
        let values: Vec<(&str, Option<&str>)> = body
            .changes
            .iter()
            .map(|c| (c.field.as_str(), c.value.as_deref()))
            .collect();
        effects::set_fields(&mut self.tx, order_id, &values).await?;
        self.record(&Op::OrderEdited(body)).await?;
        Ok(true)
    }

    /// Resumes the order's paused deadline clock.
    pub async fn resume_order(
        &mut self,
        order_id: Uuid,
        note: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let open: Option<String> = sqlx::query_scalar(
            "SELECT id FROM order_pauses WHERE order_id = ? AND ended_at IS NULL",
        )
        .bind(order_id.to_string())
        .fetch_optional(&mut *self.tx)
        .await?;
        let Some(open) = open else {
            return Err(order::PauseError::NotPaused.into());
        };
        let body = campo_protocol::ops::OrderResumed {
            order_id,
            pause_id: parse_uuid(&open)?,
            note: note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            at: timestamp(at),
        };
        effects::resume(&mut self.tx, &body, self.actor.id).await?;
        self.record(&Op::OrderResumed(body)).await
    }

    /// Convenience for scheduling: date, period and technician in one move.
    pub async fn schedule_order(
        &mut self,
        order_id: Uuid,
        date: NaiveDate,
        period: Period,
        technician_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<OrderEvent, StoreError> {
        let request = Transition {
            to: OrderStatus::Scheduled,
            reason: None,
            schedule: Some(Schedule {
                date,
                period,
                technician_id,
            }),
        };
        self.transition_order(order_id, &request, at).await
    }
}
