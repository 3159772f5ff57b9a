//! The only write path: a [`Writer`] is one transaction in which each change is applied and
//! appended to the outbox as an operation. Both commit together, or neither does.

use campo_domain::edit::OrderField;
use campo_domain::hlc::Hlc;
use campo_domain::order::{self, Schedule, Transition};
use campo_domain::{CustomerDraft, HlcClock, OrderEvent, OrderKind, OrderStatus, Period};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::{Row, Sqlite, Transaction};
use uuid::Uuid;

use crate::effects::{self, Mode};
use crate::{Actor, Entity, OP_SCHEMA_VERSION, Store, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::{
    CustomerCreated, OrderCreated, OrderTransitioned, PersonCreated, PlanCreated, SchedulePayload,
};

/// The text form of every stored timestamp: RFC 3339, UTC, milliseconds (sorts as text).
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub use campo_protocol::Role;

/// A new staff member.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Phone as typed (validated when present).
    pub phone: Option<String>,
}

/// A new plan.
#[derive(Debug, Clone)]
pub struct NewPlan {
    /// Commercial name.
    pub name: String,
    /// Download speed.
    pub download_mbps: i64,
    /// Monthly price, BRL cents.
    pub price_cents: i64,
    /// Includes IPTV.
    pub has_iptv: bool,
    /// Includes premium channels.
    pub premium: bool,
}

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

/// One write transaction. Dropping it without [`Writer::commit`] rolls everything back.
#[derive(Debug)]
pub struct Writer<'s> {
    _guard: tokio::sync::MutexGuard<'s, ()>,
    tx: Transaction<'static, Sqlite>,
    device_id: Uuid,
    actor: Actor,
    next_seq: i64,
    clock: HlcClock,
    /// How far the device's clock is off (operations are stamped with the device's time).
    clock_offset: chrono::TimeDelta,
    next_number: Option<i64>,
    written: Vec<i64>,
    /// The role of the person signed in on a device joined to a server: each change is
    /// checked against the server's policy before it is written (`None` on a device working
    /// alone, e.g. the demo, whose generator acts for every role).
    signed_in_role: Option<Role>,
}

impl Store {
    /// Starts a write transaction on behalf of `actor`.
    pub async fn writer(&self, actor: Actor) -> Result<Writer<'_>, StoreError> {
        let guard = self.write_lock.lock().await;
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let row = sqlx::query("SELECT next_seq, last_hlc FROM device WHERE singleton = 1")
            .fetch_one(&mut *tx)
            .await?;
        let next_seq: i64 = row.try_get("next_seq")?;
        let last: String = row.try_get("last_hlc")?;
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM sync_config WHERE singleton = 1")
                .fetch_optional(&mut *tx)
                .await?;
        Ok(Writer {
            _guard: guard,
            tx,
            device_id: self.device_id(),
            actor,
            next_seq,
            clock: HlcClock::resume(Hlc::decode(&last).unwrap_or_default()),
            clock_offset: self.clock_offset(),
            next_number: None,
            written: Vec::new(),
            signed_in_role: role.as_deref().and_then(Role::from_code),
        })
    }

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

/// Whether `role` may send `body`, by the policy the server enforces (how far an "own
/// records only" permission reaches is the server's to judge: it knows whose they are).
fn allowed(role: Role, body: &Op) -> Result<(), StoreError> {
    let kind = body.kind();
    if campo_protocol::policy::reach(kind, role).is_none() {
        return Err(StoreError::NotAllowed { role, kind });
    }
    if let Op::OrderTransitioned(t) = body
        && let (Some(from), Some(to)) = (
            OrderStatus::from_code(&t.from),
            OrderStatus::from_code(&t.to),
        )
        && !campo_protocol::policy::may_move(role, from, to)
    {
        return Err(StoreError::MoveNotAllowed { role, from, to });
    }
    Ok(())
}

impl Writer<'_> {
    /// The transaction's connection, for the crate's own modules.
    pub(crate) fn conn(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.tx
    }

    /// A fresh hybrid-logical-clock stamp, for payloads that carry their own (checklist ticks:
    /// the latest per item wins): this device's clock as it reads now, whatever time the
    /// action is recorded at.
    pub(crate) fn next_hlc(&mut self) -> String {
        let now = Utc::now() + self.clock_offset;
        self.clock.tick(now.timestamp_millis()).encode()
    }

    /// Who the changes are recorded as done by.
    /// Refuses an id that is not an active or former technician's.
    pub(crate) async fn ensure_technician(&mut self, id: Uuid) -> Result<(), StoreError> {
        let is_technician: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM people WHERE id = ? AND role = 'technician'")
                .bind(id.to_string())
                .fetch_optional(self.conn())
                .await?;
        match is_technician {
            Some(_) => Ok(()),
            None => Err(StoreError::NotFound(crate::Entity::Person)),
        }
    }

    pub(crate) fn actor_id(&self) -> Uuid {
        self.actor.id
    }

    /// Whether this device works alone (the demonstration, acting for every role), not as a
    /// person signed in to a server.
    pub(crate) fn alone(&self) -> bool {
        self.signed_in_role.is_none()
    }

    /// Whether the actor is the administration or the coordination: those who change the
    /// provider's settings (deadline rules, calendar, agenda periods).
    pub(crate) async fn actor_configures(&mut self) -> Result<bool, StoreError> {
        let role: Option<String> = sqlx::query_scalar("SELECT role FROM people WHERE id = ?")
            .bind(self.actor_id().to_string())
            .fetch_optional(self.conn())
            .await?;
        Ok(matches!(role.as_deref(), Some("admin" | "coordinator")))
    }

    /// Refuses at once, before anything is read or written, a kind the signed-in person's role
    /// may not send (the same policy `record` applies; the demo acts for every role), so they
    /// hear "Seu papel … não permite" rather than what a lookup their device lacks would say.
    pub(crate) fn may_send(&self, kind: campo_protocol::OpKind) -> Result<(), StoreError> {
        match self.signed_in_role {
            Some(role) if campo_protocol::policy::reach(kind, role).is_none() => {
                Err(StoreError::NotAllowed { role, kind })
            }
            _ => Ok(()),
        }
    }

    /// Appends `body` to the outbox with the next sequence and HLC timestamp.
    pub(crate) async fn record(&mut self, body: &Op) -> Result<(), StoreError> {
        self.record_many(std::slice::from_ref(body)).await
    }

    /// Appends `ops` to the outbox in their order, several rows per statement (an import
    /// writes hundreds of thousands: one statement each would spend most of the time handing
    /// statements to SQLite's thread). Each is checked against the signed-in role first.
    pub(crate) async fn record_many(&mut self, ops: &[Op]) -> Result<(), StoreError> {
        /// 11 values a row: well under SQLite's limit of bound values per statement.
        const ROWS: usize = 1_000;
        if let Some(role) = self.signed_in_role {
            for op in ops {
                allowed(role, op)?;
            }
        }
        for chunk in ops.chunks(ROWS) {
            let now = Utc::now() + self.clock_offset;
            let created_at = timestamp(now);
            let device = self.device_id.to_string();
            let actor = self.actor.id.to_string();
            let mut rows = Vec::with_capacity(chunk.len());
            for op in chunk {
                let hlc = self.clock.tick(now.timestamp_millis());
                rows.push((self.next_seq, hlc.encode(), op.to_json()?, op));
                self.written.push(self.next_seq);
                self.next_seq += 1;
            }
            let mut q = sqlx::QueryBuilder::<Sqlite>::new(
                "INSERT INTO outbox (seq, op_id, device_id, hlc, actor_id, entity, entity_id, kind, payload, schema_version, created_at) ",
            );
            q.push_values(rows, |mut v, (seq, hlc, payload, op)| {
                v.push_bind(seq)
                    .push_bind(Uuid::now_v7().to_string())
                    .push_bind(device.clone())
                    .push_bind(hlc)
                    .push_bind(actor.clone())
                    .push_bind(op.entity())
                    .push_bind(op.entity_id().to_string())
                    .push_bind(op.kind().code())
                    .push_bind(payload)
                    .push_bind(OP_SCHEMA_VERSION)
                    .push_bind(created_at.clone());
            });
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Changes who the following changes are recorded as done by (imports and the demo
    /// generator act for several people in one transaction).
    pub fn act_as(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// Registers a staff member.
    pub async fn create_person(
        &mut self,
        person: &NewPerson,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        self.create_person_with_id(Uuid::now_v7(), person, at).await
    }

    /// Registers a staff member under a given id (the first admin acts as themselves).
    pub async fn create_person_with_id(
        &mut self,
        id: Uuid,
        person: &NewPerson,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let name = person.name.trim();
        if name.is_empty() {
            return Err(campo_domain::ValidationError::Required(campo_domain::Field::Name).into());
        }
        let phone = person
            .phone
            .as_deref()
            .map(campo_domain::Phone::parse)
            .transpose()?
            .map(|p| p.digits().to_owned());
        let body = PersonCreated {
            id,
            name: name.to_owned(),
            role: person.role.code().to_owned(),
            phone,
        };
        effects::person(&mut self.tx, Mode::Local, &body, &timestamp(at)).await?;
        self.record(&Op::PersonCreated(body)).await?;
        Ok(id)
    }

    /// Adds a plan to the catalogue.
    pub async fn create_plan(
        &mut self,
        plan: &NewPlan,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let name = plan.name.trim();
        if name.is_empty() {
            return Err(
                campo_domain::ValidationError::Required(campo_domain::Field::PlanName).into(),
            );
        }
        let body = PlanCreated {
            external_id: None,
            id: Uuid::now_v7(),
            name: name.to_owned(),
            download_mbps: plan.download_mbps,
            price_cents: plan.price_cents,
            has_iptv: plan.has_iptv,
            premium: plan.premium,
            svas: Vec::new(),
        };
        effects::plan(&mut self.tx, Mode::Local, &body, &timestamp(at)).await?;
        let id = body.id;
        self.record(&Op::PlanCreated(body)).await?;
        Ok(id)
    }

    /// Validates and registers a customer; a bad field is refused naming it.
    pub async fn create_customer(
        &mut self,
        draft: &CustomerDraft,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        self.create_customer_from(draft, None, None, at).await
    }

    /// [`Self::create_customer`] with a reference point and the customer's id in the
    /// provider's ERP (an import).
    pub(crate) async fn create_customer_from(
        &mut self,
        draft: &CustomerDraft,
        reference: Option<String>,
        external_id: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let body = Self::customer_created(draft, reference, external_id)?;
        let id = body.id;
        effects::customer(&mut self.tx, Mode::Local, &body, &timestamp(at)).await?;
        self.record(&Op::CustomerCreated(body)).await?;
        Ok(id)
    }

    /// A new customer's creation, its fields checked (a bad one refused naming it).
    pub(crate) fn customer_created(
        draft: &CustomerDraft,
        reference: Option<String>,
        external_id: Option<String>,
    ) -> Result<CustomerCreated, StoreError> {
        let v = draft.validate()?;
        let id = Uuid::now_v7();
        Ok(CustomerCreated {
            external_id,
            id,
            name: v.name,
            cpf: v.cpf.map(|c| c.digits().to_owned()),
            email: v.email.map(|e| e.as_str().to_owned()),
            mother_name: v.mother_name,
            birth_date: v.birth_date.map(|d| d.to_string()),
            phone1: v.phone1.digits().to_owned(),
            phone2: v.phone2.map(|p| p.digits().to_owned()),
            cep: v.cep.digits().to_owned(),
            street: v.street,
            number: v.number,
            complement: v.complement,
            neighbourhood: v.neighbourhood,
            city: v.city,
            uf: v.uf.as_str().to_owned(),
            lat: v.lat,
            lon: v.lon,
            reference,
        })
    }

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
            if role.as_deref() != Some("technician") {
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

    /// Sequences of the operations written so far in this transaction.
    pub fn written(&self) -> &[i64] {
        &self.written
    }

    /// Commits the changes and their operations together.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        sqlx::query("UPDATE device SET next_seq = ?, last_hlc = ? WHERE singleton = 1")
            .bind(self.next_seq)
            .bind(self.clock.last().encode())
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await?;
        Ok(())
    }
}

pub(crate) fn parse_uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
}
