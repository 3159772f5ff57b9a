//! The only write path: a [`Writer`] is one transaction in which each change is applied and
//! appended to the outbox as an operation. Both commit together, or neither does. Here: the
//! transaction, the role check, the outbox, people, plans and customers; `orders` holds the
//! order changes.

use campo_domain::hlc::Hlc;
use campo_domain::{CustomerDraft, HlcClock, OrderStatus};
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{Row, Sqlite, Transaction};
use uuid::Uuid;

use crate::effects::{self, Mode};
use crate::{Actor, OP_SCHEMA_VERSION, Store, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::{CustomerAddress, CustomerCreated, PersonCreated, PlanCreated};

/// The text form of every stored timestamp: RFC 3339, UTC, milliseconds (sorts as text).
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub use campo_protocol::Role;
pub use orders::NewOrder;

mod orders;

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
    if let Op::CallStepped(c) = body
        && !campo_protocol::policy::steps_call(role, c.from)
    {
        return Err(StoreError::NotAllowed { role, kind });
    }
    if let Op::OrderCreated(o) = body
        && let Some(order_kind) = campo_domain::OrderKind::from_code(&o.kind)
        && !campo_protocol::policy::may_open(role, order_kind)
    {
        return Err(StoreError::NotAllowed { role, kind });
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
        Ok(role
            .as_deref()
            .and_then(Role::from_code)
            .is_some_and(Role::configures))
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
        let body = Self::customer_created(draft, None)?;
        let id = body.id;
        effects::customer(&mut self.tx, Mode::Local, &body, &timestamp(at)).await?;
        self.record(&Op::CustomerCreated(body)).await?;
        Ok(id)
    }

    /// A new customer's creation, its fields checked (a bad one refused naming it).
    pub(crate) fn customer_created(
        draft: &CustomerDraft,
        external_id: Option<String>,
    ) -> Result<CustomerCreated, StoreError> {
        let v = draft.validate()?;
        let id = Uuid::now_v7();
        let address = CustomerAddress::from(&v.address);
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
            address,
        })
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
