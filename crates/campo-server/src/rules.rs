//! What a pushed operation may do, and what becomes of it.
//!
//! Each operation is checked against the pusher's role (from the token, never the payload),
//! the personal-data rule (a technician never sends CPF, mother's name or birth date), the
//! references it names, and — for orders — the state machine from the status the server
//! holds. An edit made on a stale base is not applied: a conflict record is opened and a
//! server operation (`order.restore`) tells every device the order's real state. Operations
//! of a schema this server does not know are quarantined, never dropped. Every answer is kept
//! as a receipt, so a re-sent operation gets the same answer and changes nothing.

use campo_domain::edit::{self, OrderField, Register, Verdict};
use campo_domain::hlc::Hlc;
use campo_domain::{OrderKind, OrderStatus};
use campo_store::ops::{
    CustomerCreated, FieldOutcome, ORDER_RESTORE, OpBody, OrderCreated, OrderEdited, OrderRestored,
    OrderTransitioned, PersonCreated, PlanCreated, SchedulePayload, StockMoved,
};
use campo_sync::wire::{Change, Outcome, PullReply, PushResult, WireOp};
use chrono::Utc;
use sqlx::{Any, Row, Transaction};

use crate::db::{Backend, ServerDb};
use uuid::Uuid;

use crate::error::ServerError;
use crate::timestamp;
use crate::users::{Session, server_hlc};

/// Oldest operation schema this server applies.
pub const MIN_SCHEMA: i32 = 1;
/// Newest operation schema this server applies.
pub const MAX_SCHEMA: i32 = campo_store::OP_SCHEMA_VERSION;
/// Device clocks further ahead than this are clamped (and the skew recorded).
pub const MAX_CLOCK_AHEAD_MS: i64 = 60_000;
/// Largest pull page.
pub const MAX_PULL: u32 = 1_000;

type Tx<'a> = Transaction<'a, Any>;

enum Decision {
    Apply,
    /// An order transition applied; the technician before and after (scope may change).
    ApplyOrder {
        before: Option<String>,
        after: Option<String>,
    },
    /// Applied, pulled by `audience` (`None`: everyone).
    ApplyTo {
        audience: Option<String>,
    },
    /// A stock movement, and copies for technicians whose vans it concerns beyond the one
    /// in its audience.
    ApplyStock {
        audience: String,
        relays: Vec<(Uuid, StockMoved)>,
    },
    /// An order edit settled field by field: logged with the server's outcome in its payload.
    ApplyEdit {
        audience: String,
        payload: String,
        /// Fields whose value the edit set.
        registers: Vec<(String, Option<String>)>,
        /// Whose change did not survive, and the record's message.
        records: Vec<(Uuid, String)>,
    },
    Already,
    Conflict {
        restore: OrderRestored,
    },
    Reject {
        code: &'static str,
        message: String,
    },
}

fn reject(code: &'static str, message: impl Into<String>) -> Decision {
    Decision::Reject {
        code,
        message: message.into(),
    }
}

/// Appends an operation the server itself writes (device = nil) and returns its sequence.
pub async fn append_server_op(
    tx: &mut Tx<'_>,
    entity: &str,
    entity_id: Uuid,
    kind: &str,
    payload: &serde_json::Value,
    actor: Uuid,
    audience: Option<&str>,
) -> Result<i64, ServerError> {
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO ops (op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version, received_at, audience)
         VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING server_seq",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(Uuid::nil().to_string())
    .bind(server_hlc())
    .bind(actor.to_string())
    .bind(entity)
    .bind(entity_id.to_string())
    .bind(kind)
    .bind(payload.to_string())
    .bind(MAX_SCHEMA)
    .bind(timestamp(Utc::now()))
    .bind(audience)
    .fetch_one(&mut **tx)
    .await?;
    Ok(seq)
}

/// Who may pull an operation about an order assigned (or not) to `technician`.
fn order_audience(technician: Option<&str>) -> String {
    technician.map_or_else(|| "office".to_owned(), |t| format!("order:{t}"))
}

/// The payload of the latest logged operation of `kind` about `entity` `id`, and who did it.
async fn logged<T: serde::de::DeserializeOwned>(
    c: &mut sqlx::AnyConnection,
    (entity, kind): (&str, &str),
    id: &str,
) -> Result<Option<(T, String)>, ServerError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT payload, actor_id FROM ops WHERE entity = $1 AND entity_id = $2 AND kind = $3
         ORDER BY server_seq DESC LIMIT 1",
    )
    .bind(entity)
    .bind(id)
    .bind(kind)
    .fetch_optional(&mut *c)
    .await?;
    row.map(|(p, actor)| Ok((serde_json::from_str(&p)?, actor)))
        .transpose()
}

/// An order as a technician's device receives it when it enters their scope: the order, its
/// customer without personal data, its status and slot, its edited fields — and who created
/// it. `None` when the log does not hold its creation.
pub(crate) async fn grant_of(
    c: &mut sqlx::AnyConnection,
    order_id: Uuid,
) -> Result<Option<(campo_store::ops::OrderGranted, String)>, ServerError> {
    let id = order_id.to_string();
    let Some((order, creator)) =
        logged::<OrderCreated>(c, ("work_order", "order.create"), &id).await?
    else {
        return Ok(None);
    };
    let Some((mut customer, _)) = logged::<CustomerCreated>(
        c,
        ("customer", "customer.create"),
        &order.customer_id.to_string(),
    )
    .await?
    else {
        return Ok(None);
    };
    customer.cpf = None;
    customer.mother_name = None;
    customer.birth_date = None;
    let row = sqlx::query(
        "SELECT status, scheduled_date, period, technician_id FROM orders WHERE id = $1",
    )
    .bind(&id)
    .fetch_one(&mut *c)
    .await?;
    let schedule = match (
        row.try_get::<Option<String>, _>("scheduled_date")?,
        row.try_get::<Option<String>, _>("period")?,
        row.try_get::<Option<String>, _>("technician_id")?,
    ) {
        (Some(date), Some(period), Some(t)) => {
            Uuid::parse_str(&t)
                .ok()
                .map(|technician_id| SchedulePayload {
                    date,
                    period,
                    technician_id,
                })
        }
        _ => None,
    };
    let fields = sqlx::query("SELECT field, value, rev FROM order_fields WHERE order_id = $1")
        .bind(&id)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(|r| {
            Ok(campo_store::ops::GrantedField {
                field: r.try_get("field")?,
                value: r.try_get("value")?,
                rev: r.try_get("rev")?,
            })
        })
        .collect::<Result<Vec<_>, ServerError>>()?;
    let body = campo_store::ops::OrderGranted {
        customer,
        order,
        status: row.try_get("status")?,
        schedule,
        fields,
    };
    Ok(Some((body, creator)))
}

/// Tells the technicians concerned that an order entered or left their scope.
async fn rescope(
    tx: &mut Tx<'_>,
    order_id: Uuid,
    before: Option<&str>,
    after: Option<&str>,
    actor: Uuid,
) -> Result<(), ServerError> {
    if before == after {
        return Ok(());
    }
    if let Some(old) = before {
        let body = campo_store::ops::OrderRevoked { order_id };
        append_server_op(
            tx,
            "work_order",
            order_id,
            campo_store::ops::ORDER_REVOKE,
            &serde_json::to_value(&body)?,
            actor,
            Some(&format!("only:{old}")),
        )
        .await?;
    }
    if let Some(new) = after {
        let Some((body, _)) = grant_of(tx, order_id).await? else {
            return Ok(());
        };
        append_server_op(
            tx,
            "work_order",
            order_id,
            campo_store::ops::ORDER_GRANT,
            &serde_json::to_value(&body)?,
            actor,
            Some(&format!("only:{new}")),
        )
        .await?;
    }
    Ok(())
}

async fn known(
    tx: &mut Tx<'_>,
    entity: &str,
    id: Uuid,
) -> Result<Option<Option<String>>, ServerError> {
    let row = sqlx::query("SELECT role FROM known WHERE entity = $1 AND id = $2")
        .bind(entity)
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get("role")?),
        None => None,
    })
}

async fn remember(
    tx: &mut Tx<'_>,
    entity: &str,
    id: Uuid,
    role: Option<&str>,
) -> Result<(), ServerError> {
    sqlx::query("INSERT INTO known (entity, id, role) VALUES ($1, $2, $3)")
        .bind(entity)
        .bind(id.to_string())
        .bind(role)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn may(session: &Session, roles: &[&str]) -> bool {
    roles.contains(&session.role.as_str())
}

const FORBIDDEN: &str = "Seu papel não permite esta operação";

/// Office roles that move and edit any order.
const ORDER_ROLES: [&str; 5] = [
    "admin",
    "coordinator",
    "backoffice",
    "seller",
    "sva_manager",
];

/// An order as the server keeps it for the state machine.
#[derive(Debug, Clone)]
struct OrderRow {
    kind: String,
    status: String,
    technician_id: Option<String>,
    last_technician_id: Option<String>,
    scheduled_date: Option<String>,
    period: Option<String>,
}

const ORDER_ROW: &str = "SELECT id, kind, status, technician_id, last_technician_id, scheduled_date, period FROM orders";

fn order_row(r: &sqlx::any::AnyRow) -> Result<OrderRow, ServerError> {
    Ok(OrderRow {
        kind: r.try_get("kind")?,
        status: r.try_get("status")?,
        technician_id: r.try_get("technician_id")?,
        last_technician_id: r.try_get("last_technician_id")?,
        scheduled_date: r.try_get("scheduled_date")?,
        period: r.try_get("period")?,
    })
}

/// The orders a batch's transitions name, read in one query when the batch starts; the
/// batch's transitions change this copy, and the changed rows are written in one statement
/// before anything else reads the table (a scope change) and when the batch ends. A
/// technician's batch moves the same few orders many times. Every rule of the batch reads
/// orders through it.
#[derive(Default)]
struct OrderRows {
    rows: std::collections::HashMap<String, OrderRow>,
    /// Changed here, not yet written.
    dirty: std::collections::BTreeSet<String>,
}

impl OrderRows {
    async fn load(backend: Backend, tx: &mut Tx<'_>, ops: &[WireOp]) -> Result<Self, ServerError> {
        let mut ids: Vec<String> = ops
            .iter()
            .filter(|op| op.kind == "order.transition")
            .map(|op| op.entity_id.to_string())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut rows = OrderRows::default();
        for chunk in ids.chunks(ROWS_PER_INSERT) {
            let list: Vec<String> = (1..=chunk.len())
                .map(|n| match backend {
                    Backend::Sqlite => "?".to_owned(),
                    Backend::Postgres => format!("${n}"),
                })
                .collect();
            let sql = format!("{ORDER_ROW} WHERE id IN ({})", list.join(","));
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(id.clone());
            }
            for r in query.fetch_all(&mut **tx).await? {
                rows.rows.insert(r.try_get("id")?, order_row(&r)?);
            }
        }
        Ok(rows)
    }

    /// The order's row: from the batch's copy, or the database for one it does not hold.
    async fn get(&self, tx: &mut Tx<'_>, id: &str) -> Result<Option<OrderRow>, ServerError> {
        if let Some(row) = self.rows.get(id) {
            return Ok(Some(row.clone()));
        }
        sqlx::query(&format!("{ORDER_ROW} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| order_row(&r))
            .transpose()
    }

    /// The order's new state, written at the next [`OrderRows::flush`].
    fn set(&mut self, id: String, row: OrderRow) {
        self.dirty.insert(id.clone());
        self.rows.insert(id, row);
    }

    /// Writes the changed rows (one statement per 500).
    async fn flush(&mut self, backend: Backend, tx: &mut Tx<'_>) -> Result<(), ServerError> {
        let dirty: Vec<String> = std::mem::take(&mut self.dirty).into_iter().collect();
        for chunk in dirty.chunks(ROWS_PER_INSERT) {
            let mut sql = String::from(
                "INSERT INTO orders (id, kind, status, technician_id, last_technician_id, scheduled_date, period) VALUES ",
            );
            sql.push_str(&value_rows(backend, chunk.len(), 7));
            sql.push_str(
                " ON CONFLICT (id) DO UPDATE SET status = excluded.status, technician_id = excluded.technician_id,
                  last_technician_id = excluded.last_technician_id, scheduled_date = excluded.scheduled_date,
                  period = excluded.period",
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                let row = &self.rows[id];
                query = query
                    .bind(id.clone())
                    .bind(row.kind.clone())
                    .bind(row.status.clone())
                    .bind(row.technician_id.clone())
                    .bind(row.last_technician_id.clone())
                    .bind(row.scheduled_date.clone())
                    .bind(row.period.clone());
            }
            query.execute(&mut **tx).await?;
        }
        Ok(())
    }
}

async fn decide(
    tx: &mut Tx<'_>,
    orders: &mut OrderRows,
    session: &Session,
    op: &WireOp,
) -> Result<Decision, ServerError> {
    let decode_err =
        |e: serde_json::Error| reject("malformed", format!("Operação {} malformada: {e}", op.kind));
    match op.kind.as_str() {
        "person.create" => {
            let b: PersonCreated = match serde_json::from_str(op.payload.get()) {
                Ok(b) => b,
                Err(e) => return Ok(decode_err(e)),
            };
            if !may(session, &["admin"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            if known(tx, "person", b.id).await?.is_some() {
                return Ok(reject("exists", "Esta pessoa já está cadastrada"));
            }
            remember(tx, "person", b.id, Some(&b.role)).await?;
            Ok(Decision::Apply)
        }
        "plan.create" => {
            let b: PlanCreated = match serde_json::from_str(op.payload.get()) {
                Ok(b) => b,
                Err(e) => return Ok(decode_err(e)),
            };
            if !may(session, &["admin", "coordinator"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            if known(tx, "plan", b.id).await?.is_some() {
                return Ok(reject("exists", "Este plano já está cadastrado"));
            }
            remember(tx, "plan", b.id, None).await?;
            Ok(Decision::Apply)
        }
        "customer.create" => {
            let b: CustomerCreated = match serde_json::from_str(op.payload.get()) {
                Ok(b) => b,
                Err(e) => return Ok(decode_err(e)),
            };
            if session.role == "technician"
                && (b.cpf.is_some() || b.mother_name.is_some() || b.birth_date.is_some())
            {
                return Ok(reject(
                    "personal_data",
                    "Dispositivos de técnicos não podem enviar CPF, nome da mãe ou data de nascimento",
                ));
            }
            if !may(session, &["admin", "coordinator", "backoffice", "seller"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            if known(tx, "customer", b.id).await?.is_some() {
                return Ok(reject("exists", "Este cliente já está cadastrado"));
            }
            remember(tx, "customer", b.id, None).await?;
            Ok(Decision::Apply)
        }
        "order.create" => {
            let b: OrderCreated = match serde_json::from_str(op.payload.get()) {
                Ok(b) => b,
                Err(e) => return Ok(decode_err(e)),
            };
            if !may(session, &["admin", "coordinator", "backoffice", "seller"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            let Some(kind) = OrderKind::from_code(&b.kind) else {
                return Ok(reject(
                    "malformed",
                    format!("Tipo de ordem desconhecido: {}", b.kind),
                ));
            };
            if known(tx, "customer", b.customer_id).await?.is_none()
                || known(tx, "plan", b.plan_id).await?.is_none()
            {
                return Ok(reject(
                    "unknown_reference",
                    "A ordem cita um cliente ou plano que o servidor não conhece",
                ));
            }
            let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM orders WHERE id = $1")
                .bind(b.id.to_string())
                .fetch_optional(&mut **tx)
                .await?;
            if exists.is_some() {
                return Ok(reject("exists", "Esta ordem já existe"));
            }
            sqlx::query("INSERT INTO orders (id, kind, status) VALUES ($1, $2, $3)")
                .bind(b.id.to_string())
                .bind(kind.code())
                .bind(kind.initial_status().code())
                .execute(&mut **tx)
                .await?;
            Ok(Decision::Apply)
        }
        "order.edit" => {
            let b: OrderEdited = match serde_json::from_str(op.payload.get()) {
                Ok(b) => b,
                Err(e) => return Ok(decode_err(e)),
            };
            edit(tx, orders, session, op, b).await
        }
        "order.transition" => {
            let b: OrderTransitioned = match serde_json::from_str(op.payload.get()) {
                Ok(b) => b,
                Err(e) => return Ok(decode_err(e)),
            };
            transition(tx, orders, session, &b).await
        }
        "order.pause" | "order.resume" => {
            let order_id = match OpBody::decode(&op.kind, op.payload.get()) {
                Ok(Some(OpBody::OrderPaused(b))) => b.order_id,
                Ok(Some(OpBody::OrderResumed(b))) => b.order_id,
                Ok(_) => return Ok(reject("malformed", "Operação malformada")),
                Err(e) => return Ok(decode_err(e)),
            };
            let technician = orders
                .get(tx, &order_id.to_string())
                .await?
                .map(|row| row.technician_id);
            let Some(technician) = technician else {
                return Ok(reject(
                    "unknown_reference",
                    "A pausa cita uma ordem que o servidor não conhece",
                ));
            };
            let own = technician.as_deref() == Some(session.user_id.to_string().as_str());
            if !(may(session, &["admin", "coordinator", "backoffice"]) || own) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            Ok(Decision::ApplyTo {
                audience: Some(order_audience(technician.as_deref())),
            })
        }
        "route.set" => {
            let b = match OpBody::decode(&op.kind, op.payload.get()) {
                Ok(Some(OpBody::RouteSet(b))) => b,
                Ok(_) => return Ok(reject("malformed", "Operação malformada")),
                Err(e) => return Ok(decode_err(e)),
            };
            if !may(session, &["admin", "coordinator"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            // The route reaches its technician and the office.
            Ok(Decision::ApplyTo {
                audience: Some(order_audience(Some(&b.technician_id.to_string()))),
            })
        }
        "sla.rule.set" => {
            match OpBody::decode(&op.kind, op.payload.get()) {
                Ok(Some(OpBody::SlaRuleSet(b))) => {
                    if let Err(e) = b.rule.rule(campo_domain::sla::SOURCE_EDITED) {
                        return Ok(reject("invalid_rule", e.to_string()));
                    }
                }
                Ok(_) => return Ok(reject("malformed", "Operação malformada")),
                Err(e) => return Ok(decode_err(e)),
            }
            if !may(session, &["admin", "coordinator"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            // Every device computes deadlines.
            Ok(Decision::ApplyTo { audience: None })
        }
        "calendar.hours.set" => {
            match OpBody::decode(&op.kind, op.payload.get()) {
                Ok(Some(OpBody::CalendarHoursSet(b))) => {
                    if let Err(e) = b.hours.shifts() {
                        return Ok(reject("invalid_hours", e.to_string()));
                    }
                }
                Ok(_) => return Ok(reject("malformed", "Operação malformada")),
                Err(e) => return Ok(decode_err(e)),
            }
            if !may(session, &["admin", "coordinator"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            // Every device computes deadlines and open days.
            Ok(Decision::ApplyTo { audience: None })
        }
        "agenda.settings.set" => {
            match OpBody::decode(&op.kind, op.payload.get()) {
                Ok(Some(OpBody::AgendaSettingsSet(b))) => {
                    if let Err(e) = b.settings.validate() {
                        return Ok(reject("invalid_settings", e.to_string()));
                    }
                }
                Ok(_) => return Ok(reject("malformed", "Operação malformada")),
                Err(e) => return Ok(decode_err(e)),
            }
            if !may(session, &["admin", "coordinator"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            // Every device shows the board and plans with the same periods.
            Ok(Decision::ApplyTo { audience: None })
        }
        "calendar.day.set" => {
            match OpBody::decode(&op.kind, op.payload.get()) {
                Ok(Some(OpBody::CalendarDaySet(b))) => {
                    let named = !b.name.trim().is_empty() && b.name.chars().count() <= 80;
                    let dated = chrono::NaiveDate::parse_from_str(&b.date, "%Y-%m-%d").is_ok();
                    if !named || !dated {
                        return Ok(reject(
                            "invalid_day_off",
                            "Feriado sem nome ou com data inválida",
                        ));
                    }
                }
                Ok(_) => return Ok(reject("malformed", "Operação malformada")),
                Err(e) => return Ok(decode_err(e)),
            }
            if !may(session, &["admin", "coordinator"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            // Every device computes deadlines and open days.
            Ok(Decision::ApplyTo { audience: None })
        }
        "technician.absence.set" | "technician.skills.set" | "technician.week.set" => {
            if let Err(e) = OpBody::decode(&op.kind, op.payload.get()) {
                return Ok(decode_err(e));
            }
            if !may(session, &["admin", "coordinator"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            // Absences, skills and working weeks matter to whoever runs the board and plans routes.
            Ok(Decision::ApplyTo {
                audience: Some("office".to_owned()),
            })
        }
        "activation.template" | "activation.start" | "activation.tick" | "activation.close" => {
            if let Err(e) = OpBody::decode(&op.kind, op.payload.get()) {
                return Ok(decode_err(e));
            }
            let roles: &[&str] = if op.kind == "activation.template" {
                &["admin", "sva_manager"]
            } else {
                &["admin", "sva_manager", "coordinator"]
            };
            if !may(session, roles) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            // Templates reach every device; checklists are the office's.
            let audience = (op.kind != "activation.template").then(|| "office".to_owned());
            Ok(Decision::ApplyTo { audience })
        }
        "stock.item.create"
        | "stock.place.create"
        | "stock.minimum.set"
        | "plan.equipment.set"
        | "stock.discrepancy.resolve" => {
            if let Err(e) = OpBody::decode(&op.kind, op.payload.get()) {
                return Ok(decode_err(e));
            }
            if !may(session, &["admin", "stock_keeper", "coordinator"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            // The catalogue and the places reach every device; minimums and resolutions are
            // the office's.
            let audience = match op.kind.as_str() {
                "stock.minimum.set" | "stock.discrepancy.resolve" => Some("office".to_owned()),
                _ => None,
            };
            Ok(Decision::ApplyTo { audience })
        }
        "stock.move" => {
            let b: StockMoved = match serde_json::from_str(op.payload.get()) {
                Ok(b) => b,
                Err(e) => return Ok(decode_err(e)),
            };
            let van_owner = |p: &campo_store::ops::StockPlaceRef| {
                (p.kind == "van").then_some(p.ref_id).flatten()
            };
            let vans = [van_owner(&b.from), van_owner(&b.to)];
            if session.role == "technician" {
                let own = vans.contains(&Some(session.user_id));
                if !own || !matches!(b.kind.as_str(), "use" | "collect" | "return" | "transfer") {
                    return Ok(reject(
                        "forbidden",
                        "Técnicos registram apenas movimentações da própria van",
                    ));
                }
            } else if !may(session, &["admin", "stock_keeper", "coordinator"]) {
                return Ok(reject("forbidden", FORBIDDEN));
            }
            // A van's movements reach its technician (and the office); the rest, the office.
            // The other van of a transfer, and a van that really held a unit the movement
            // says came from elsewhere, get a copy.
            let mut told: Vec<Uuid> = vans.into_iter().flatten().collect();
            told.dedup();
            let mut relays: Vec<(Uuid, StockMoved)> =
                told.iter().skip(1).map(|t| (*t, b.clone())).collect();
            for line in &b.lines {
                let Some(serial) = &line.serial else { continue };
                let held: Option<(String, Option<String>)> =
                    sqlx::query_as("SELECT place_id, van_of FROM stock_units WHERE serial = $1")
                        .bind(serial)
                        .fetch_optional(&mut **tx)
                        .await?;
                if let Some((place, Some(holder))) = held
                    && place != b.from.id.to_string()
                    && let Ok(holder) = Uuid::parse_str(&holder)
                    && !told.contains(&holder)
                {
                    let relay = match relays.iter_mut().find(|(t, _)| *t == holder) {
                        Some((_, r)) => r,
                        None => {
                            relays.push((
                                holder,
                                StockMoved {
                                    from: campo_store::ops::StockPlaceRef {
                                        id: campo_domain::stock::van_id(holder),
                                        kind: "van".into(),
                                        name: "Van".into(),
                                        ref_id: Some(holder),
                                    },
                                    lines: Vec::new(),
                                    ..b.clone()
                                },
                            ));
                            &mut relays.last_mut().expect("just pushed").1
                        }
                    };
                    relay.lines.push(campo_store::ops::StockLine {
                        id: Uuid::new_v5(&line.id, holder.as_bytes()),
                        ..line.clone()
                    });
                }
                sqlx::query(
                    "INSERT INTO stock_units (serial, place_id, van_of) VALUES ($1, $2, $3)
                     ON CONFLICT (serial) DO UPDATE SET place_id = excluded.place_id, van_of = excluded.van_of",
                )
                .bind(serial)
                .bind(b.to.id.to_string())
                .bind(van_owner(&b.to).map(|t| t.to_string()))
                .execute(&mut **tx)
                .await?;
            }
            let audience = told.first().map_or_else(
                || "office".to_owned(),
                |t| order_audience(Some(&t.to_string())),
            );
            Ok(Decision::ApplyStock { audience, relays })
        }
        other => Ok(reject(
            "unknown_kind",
            format!("Tipo de operação desconhecido: {other}"),
        )),
    }
}

async fn user_name(tx: &mut Tx<'_>, id: &str) -> Result<String, ServerError> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(name.unwrap_or_else(|| "outra pessoa".to_owned()))
}

/// Settles an order edit field by field (`campo_domain::edit`): an edit made on the value in
/// force applies; a concurrent one is settled by clock, and when two people were involved the
/// one whose change did not survive gets a record and a notice.
async fn edit(
    tx: &mut Tx<'_>,
    orders: &mut OrderRows,
    session: &Session,
    op: &WireOp,
    mut b: OrderEdited,
) -> Result<Decision, ServerError> {
    let Some(row) = orders.get(tx, &b.order_id.to_string()).await? else {
        return Ok(reject(
            "unknown_reference",
            "A edição cita uma ordem que o servidor não conhece",
        ));
    };
    let technician = row.technician_id;
    let last = row.last_technician_id;
    let me = session.user_id.to_string();
    let own = session.role == "technician" && last.as_deref() == Some(me.as_str());
    if !(own || may(session, &ORDER_ROLES)) {
        return Ok(reject("forbidden", FORBIDDEN));
    }
    if b.changes.is_empty() {
        return Ok(reject("malformed", "Edição sem nenhum campo"));
    }
    let (clock, _) = clamp_hlc(&op.hlc, Utc::now().timestamp_millis());
    let hlc = Hlc::decode(&clock).unwrap_or_default();
    let tie = op.op_id.to_string();
    let mut outcome = Vec::with_capacity(b.changes.len());
    let mut registers = Vec::new();
    let mut records = Vec::new();
    for change in &b.changes {
        let Some(field) = OrderField::from_code(&change.field) else {
            return Ok(reject(
                "malformed",
                format!("Campo desconhecido: {}", change.field),
            ));
        };
        if outcome
            .iter()
            .any(|o: &FieldOutcome| o.field == change.field)
        {
            return Ok(reject(
                "malformed",
                format!("Campo repetido: {}", change.field),
            ));
        }
        let value = match field.normalize(change.value.as_deref()) {
            Ok(v) => v,
            Err(e) => return Ok(reject("invalid_value", e.to_string())),
        };
        let current = sqlx::query(
            "SELECT value, rev, hlc, tie, actor_id FROM order_fields WHERE order_id = $1 AND field = $2",
        )
        .bind(b.order_id.to_string())
        .bind(field.code())
        .fetch_optional(&mut **tx)
        .await?;
        let register = current
            .as_ref()
            .map(|r| -> Result<Register, ServerError> {
                Ok(Register {
                    rev: r.try_get("rev")?,
                    hlc: Hlc::decode(&r.try_get::<String, _>("hlc")?).unwrap_or_default(),
                    tie: r.try_get("tie")?,
                })
            })
            .transpose()?;
        let label = field.label(campo_domain::Lang::PtBr);
        let verdict = edit::judge(register.as_ref(), change.base, hlc, &tie);
        let holder: Option<String> = current
            .as_ref()
            .map(|r| r.try_get("actor_id"))
            .transpose()?;
        let applied = verdict != Verdict::Loses;
        // When two people were involved: whose change did not survive, and whose stands.
        let clash = holder
            .as_deref()
            .filter(|h| *h != me && verdict != Verdict::Apply)
            .map(|other| {
                if applied {
                    (other.to_owned(), me.clone())
                } else {
                    (me.clone(), other.to_owned())
                }
            });
        let in_force = if applied {
            registers.push((field.code().to_owned(), value.clone()));
            value
        } else {
            current
                .as_ref()
                .map(|r| r.try_get("value"))
                .transpose()?
                .flatten()
        };
        let (overridden, by) = match clash {
            Some((loser, winner)) => {
                let loser_name = user_name(tx, &loser).await?;
                let winner_name = user_name(tx, &winner).await?;
                let loser = Uuid::parse_str(&loser).unwrap_or_default();
                records.push((
                    loser,
                    format!("A alteração de {label} feita por {loser_name} foi substituída pela de {winner_name}, feita ao mesmo tempo"),
                ));
                (Some(loser), Some(winner_name))
            }
            None => (None, None),
        };
        outcome.push(FieldOutcome {
            field: field.code().to_owned(),
            applied,
            value: in_force,
            overridden,
            by,
        });
    }
    b.outcome = outcome;
    Ok(Decision::ApplyEdit {
        audience: order_audience(technician.as_deref()),
        payload: serde_json::to_string(&b)?,
        registers,
        records,
    })
}

async fn transition(
    tx: &mut Tx<'_>,
    orders: &mut OrderRows,
    session: &Session,
    b: &OrderTransitioned,
) -> Result<Decision, ServerError> {
    let (Some(from), Some(to)) = (
        OrderStatus::from_code(&b.from),
        OrderStatus::from_code(&b.to),
    ) else {
        return Ok(reject("malformed", "Status desconhecido"));
    };
    let id = b.order_id.to_string();
    let Some(row) = orders.get(tx, &id).await? else {
        return Ok(reject(
            "unknown_reference",
            "Ordem desconhecida no servidor",
        ));
    };
    let current = OrderStatus::from_code(&row.status).unwrap_or(from);
    let technician = row.technician_id.clone();
    if session.role == "technician" {
        let own = row.last_technician_id.as_deref() == Some(session.user_id.to_string().as_str());
        let field_move = matches!(
            to,
            OrderStatus::EnRoute
                | OrderStatus::InProgress
                | OrderStatus::Done
                | OrderStatus::NotDone
        );
        if !own || !field_move {
            return Ok(reject(
                "forbidden",
                "Técnicos só movem as próprias ordens em campo",
            ));
        }
    } else if !may(session, &ORDER_ROLES) {
        return Ok(reject("forbidden", FORBIDDEN));
    }
    if let Some(s) = &b.schedule
        && known(tx, "person", s.technician_id)
            .await?
            .flatten()
            .as_deref()
            != Some("technician")
    {
        return Ok(reject(
            "unknown_reference",
            "O técnico do agendamento não existe",
        ));
    }
    if current != from {
        if current == to {
            return Ok(Decision::Already);
        }
        let schedule = match (
            row.scheduled_date.clone(),
            row.period.clone(),
            technician.clone(),
        ) {
            (Some(date), Some(period), Some(t)) => Some(SchedulePayload {
                date,
                period,
                technician_id: Uuid::parse_str(&t).unwrap_or_default(),
            }),
            _ => None,
        };
        let message = format!(
            "A ordem já estava em “{}” no servidor quando a mudança “{} → {}” chegou; a coordenação decide.",
            current.label(campo_domain::Lang::PtBr),
            from.label(campo_domain::Lang::PtBr),
            to.label(campo_domain::Lang::PtBr)
        );
        let restore = OrderRestored {
            order_id: b.order_id,
            status: current.code().to_owned(),
            schedule,
            conflict_id: Some(Uuid::now_v7()),
            message,
            at: timestamp(Utc::now()),
        };
        return Ok(Decision::Conflict { restore });
    }
    if !from.next().contains(&to) {
        return Ok(reject(
            "illegal_transition",
            format!("Transição inválida: {from} → {to}"),
        ));
    }
    if to == OrderStatus::Scheduled && b.schedule.is_none() {
        return Ok(reject(
            "malformed",
            "Agendamento sem data, período e técnico",
        ));
    }
    let clears = matches!(to, OrderStatus::Approved | OrderStatus::Cancelled);
    let before = technician.clone();
    let after = match (&b.schedule, clears) {
        (Some(s), _) if to == OrderStatus::Scheduled => Some(s.technician_id.to_string()),
        (_, true) => None,
        _ => technician,
    };
    let mut now = OrderRow {
        status: to.code().to_owned(),
        ..row
    };
    match (&b.schedule, clears) {
        (Some(s), _) if to == OrderStatus::Scheduled => {
            now.technician_id = Some(s.technician_id.to_string());
            now.last_technician_id = now.technician_id.clone();
            now.scheduled_date = Some(s.date.clone());
            now.period = Some(s.period.clone());
        }
        (_, true) => {
            now.technician_id = None;
            now.scheduled_date = None;
            now.period = None;
        }
        _ => {}
    }
    orders.set(id, now);
    Ok(Decision::ApplyOrder { before, after })
}

/// Rows a push writes, kept until the batch needs them in the database: one multi-row
/// statement per table instead of one per operation (the write lock is held meanwhile, so
/// the log's order is the batch's order either way).
#[derive(Default)]
struct Pending {
    /// Operations to log: its index in the batch, its stored clock, audience, and the
    /// payload when the server settled it (an order edit's outcome).
    ops: Vec<(usize, String, Option<String>, Option<String>)>,
    /// Receipts: index in the batch, outcome, code, detail (the server sequence comes from
    /// the logged row, if any).
    receipts: Vec<(usize, &'static str, Option<String>, Option<String>)>,
}

/// Most rows per multi-row statement (well under SQLite's and PostgreSQL's bind limits).
const ROWS_PER_INSERT: usize = 500;

/// `rows` groups of `columns` parameters: `(?,?),(?,?)` for SQLite (numbered parameters cost
/// SQLite a name lookup each, quadratic in a long statement), `($1,$2),($3,$4)` for
/// PostgreSQL.
fn value_rows(backend: Backend, rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 4);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ",(" });
        for c in 0..columns {
            if c > 0 {
                sql.push(',');
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => sql.push_str(&format!("${}", r * columns + c + 1)),
            }
        }
        sql.push(')');
    }
    sql
}

impl Pending {
    /// Writes what is pending: logged operations first (their sequences go into `results`),
    /// then the receipts.
    async fn flush(
        &mut self,
        backend: Backend,
        tx: &mut Tx<'_>,
        session: &Session,
        batch: &[WireOp],
        results: &mut [PushResult],
    ) -> Result<(), ServerError> {
        let received = timestamp(Utc::now());
        for chunk in self.ops.chunks(ROWS_PER_INSERT) {
            let mut sql = String::from(
                "INSERT INTO ops (op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version, received_at, audience) VALUES ",
            );
            sql.push_str(&value_rows(backend, chunk.len(), 12));
            sql.push_str(" RETURNING op_id, server_seq");
            let mut query = sqlx::query(&sql);
            for (index, hlc, audience, payload) in chunk {
                let op = &batch[*index];
                query = query
                    .bind(op.op_id.to_string())
                    .bind(op.device_id.to_string())
                    .bind(op.device_seq)
                    .bind(hlc.clone())
                    .bind(session.user_id.to_string())
                    .bind(op.entity.clone())
                    .bind(op.entity_id.to_string())
                    .bind(op.kind.clone())
                    .bind(
                        payload
                            .clone()
                            .unwrap_or_else(|| op.payload.get().to_owned()),
                    )
                    .bind(op.schema_version)
                    .bind(received.clone())
                    .bind(audience.clone());
            }
            let rows = query.fetch_all(&mut **tx).await?;
            let mut seqs = std::collections::HashMap::with_capacity(rows.len());
            for row in rows {
                seqs.insert(
                    row.try_get::<String, _>("op_id")?,
                    row.try_get::<i64, _>("server_seq")?,
                );
            }
            let mut last = 0;
            for (index, _, _, _) in chunk {
                let seq = *seqs
                    .get(&batch[*index].op_id.to_string())
                    .ok_or_else(|| ServerError::Invalid("operação não registrada".into()))?;
                // The log's order must be the batch's order.
                if seq <= last {
                    return Err(ServerError::Invalid(
                        "ordem do registro diferente da do lote".into(),
                    ));
                }
                last = seq;
                results[*index].outcome = Outcome::Applied { server_seq: seq };
            }
        }
        self.ops.clear();
        for chunk in self.receipts.chunks(ROWS_PER_INSERT) {
            let mut sql = String::from(
                "INSERT INTO receipts (op_id, device_id, device_seq, outcome, server_seq, code, detail, received_at) VALUES ",
            );
            sql.push_str(&value_rows(backend, chunk.len(), 8));
            let mut query = sqlx::query(&sql);
            for (index, outcome, code, detail) in chunk {
                let op = &batch[*index];
                let seq = match &results[*index].outcome {
                    Outcome::Applied { server_seq } => Some(*server_seq),
                    _ => None,
                };
                query = query
                    .bind(op.op_id.to_string())
                    .bind(op.device_id.to_string())
                    .bind(op.device_seq)
                    .bind(*outcome)
                    .bind(seq)
                    .bind(code.clone())
                    .bind(detail.clone())
                    .bind(received.clone());
            }
            query.execute(&mut **tx).await?;
        }
        self.receipts.clear();
        Ok(())
    }
}

/// A device says hello: the server records the device, its app version and how far its clock
/// is off, and says which operation schemas it accepts.
pub async fn hello(
    db: &ServerDb,
    session: &Session,
    req: &campo_sync::wire::Hello,
) -> Result<campo_sync::wire::HelloReply, ServerError> {
    let now = chrono::Utc::now();
    let skew = req.client_time_ms - now.timestamp_millis();
    sqlx::query(
        "INSERT INTO devices (device_id, user_id, app_version, clock_skew_ms, last_seen_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (device_id) DO UPDATE SET user_id = excluded.user_id, app_version = excluded.app_version,
             clock_skew_ms = excluded.clock_skew_ms, last_seen_at = excluded.last_seen_at",
    )
    .bind(session.device_id.to_string())
    .bind(session.user_id.to_string())
    .bind(&req.app_version)
    .bind(skew)
    .bind(timestamp(now))
    .execute(db.pool())
    .await?;
    let update_required = req.schema_version > MAX_SCHEMA || req.schema_version < MIN_SCHEMA;
    let message = if req.schema_version > MAX_SCHEMA {
        Some("O servidor é mais antigo que este aplicativo: suas mudanças ficam guardadas até o servidor ser atualizado.".to_owned())
    } else if req.schema_version < MIN_SCHEMA {
        Some("Atualize o Campo: esta versão não é mais aceita pelo servidor. Nada do que você fez foi perdido.".to_owned())
    } else {
        None
    };
    Ok(campo_sync::wire::HelloReply {
        server_time_ms: now.timestamp_millis(),
        clock_skew_ms: skew,
        min_schema_version: MIN_SCHEMA,
        max_schema_version: MAX_SCHEMA,
        update_required,
        message,
    })
}

/// The HLC to store: the device's, unless it runs too far ahead of the server's clock.
fn clamp_hlc(hlc: &str, now_ms: i64) -> (String, Option<i64>) {
    match Hlc::decode(hlc) {
        Some(h) if h.wall_ms > now_ms + MAX_CLOCK_AHEAD_MS => (
            Hlc {
                wall_ms: now_ms,
                counter: h.counter,
            }
            .encode(),
            Some(h.wall_ms - now_ms),
        ),
        Some(h) => (h.encode(), None),
        None => (
            Hlc {
                wall_ms: now_ms,
                counter: 0,
            }
            .encode(),
            None,
        ),
    }
}

/// A push waiting for the write lock, and where its answers go.
pub(crate) struct PushJob {
    session: Session,
    ops: Vec<WireOp>,
    reply: tokio::sync::oneshot::Sender<Result<Vec<PushResult>, ServerError>>,
}

/// Applies a batch and answers for every operation, in order.
///
/// Group commit: the push queues its batch, then waits for the write lock; whoever gets the
/// lock applies every batch queued by then in one transaction — each batch in its own
/// savepoint, so a failing one changes nothing and the others stand — and commits once. Under
/// many devices the disk flushes once per group instead of once per batch; alone, a push is
/// its own group.
pub async fn push(
    db: &ServerDb,
    session: &Session,
    ops: Vec<WireOp>,
) -> Result<Vec<PushResult>, ServerError> {
    let (reply, mut answer) = tokio::sync::oneshot::channel();
    let id = db.push_queue().push(PushJob {
        session: session.clone(),
        ops,
        reply,
    });
    // Answered by a group that took this batch, or this instance's turn to write: whichever
    // comes first (waiting for the turn is safe to abandon; beginning the transaction is not).
    let turn = tokio::select! {
        biased;
        done = &mut answer => return done.map_err(|_| interrupted())?,
        turn = db.write_turn() => turn,
    };
    // Only a writer in its turn takes the queue: empty now means a group took this batch, and
    // its answer is on the way.
    if db.push_queue().is_empty() {
        drop(turn);
        return answer.await.map_err(|_| interrupted())?;
    }
    let tx = match db.begin_write_in(turn).await {
        Ok(tx) => tx,
        Err(e) => {
            if db.push_queue().remove(id) {
                return Err(e);
            }
            return answer.await.map_err(|_| interrupted())?;
        }
    };
    let jobs = db.push_queue().take();
    // On its own task: a pusher whose client went away does not take the others' answers
    // with it.
    tokio::spawn(apply_group(db.backend(), tx, jobs));
    answer.await.map_err(|_| interrupted())?
}

fn interrupted() -> ServerError {
    ServerError::Invalid("O envio foi interrompido: envie de novo".into())
}

/// Applies the queued batches in one transaction (each in a savepoint when there are several)
/// and answers each pusher. If the transaction itself fails, every batch gets the error and
/// nothing is applied.
async fn apply_group(backend: Backend, mut tx: crate::db::WriteTx, jobs: Vec<PushJob>) {
    if jobs.len() == 1 {
        // Alone: no savepoint; on an error the transaction is dropped (rolled back).
        let job = jobs.into_iter().next().expect("one job");
        let answer = match apply_batch(backend, &mut tx, &job.session, &job.ops).await {
            Ok(results) => tx.commit().await.map(|()| results),
            Err(e) => Err(e),
        };
        let _ = job.reply.send(answer);
        return;
    }
    let mut answers = Vec::with_capacity(jobs.len());
    let mut failed: Option<ServerError> = None;
    for job in &jobs {
        let mut savepoint = match sqlx::Connection::begin(&mut **tx).await {
            Ok(s) => s,
            Err(e) => {
                failed = Some(e.into());
                break;
            }
        };
        match apply_batch(backend, &mut savepoint, &job.session, &job.ops).await {
            Ok(results) => match savepoint.commit().await {
                Ok(()) => answers.push(Ok(results)),
                Err(e) => {
                    failed = Some(e.into());
                    break;
                }
            },
            // Dropped: rolled back to the savepoint.
            Err(e) => answers.push(Err(e)),
        }
    }
    if failed.is_none()
        && let Err(e) = tx.commit().await
    {
        failed = Some(e);
    }
    match failed {
        None => {
            for (job, answer) in jobs.into_iter().zip(answers) {
                let _ = job.reply.send(answer);
            }
        }
        Some(e) => {
            tracing::error!(error = ?e, batches = jobs.len(), "a group of pushes failed");
            for job in jobs {
                let _ = job
                    .reply
                    .send(Err(ServerError::Database(sqlx::Error::Protocol(
                        "o grupo de envios falhou".into(),
                    ))));
            }
        }
    }
}

/// Applies one batch inside `tx` and answers for every operation, in order.
async fn apply_batch(
    backend: Backend,
    tx: &mut Tx<'_>,
    session: &Session,
    ops: &[WireOp],
) -> Result<Vec<PushResult>, ServerError> {
    let mut results: Vec<PushResult> = Vec::with_capacity(ops.len());
    let now_ms = Utc::now().timestamp_millis();
    let previous = earlier_receipts(backend, tx, ops).await?;
    let mut orders = OrderRows::load(backend, tx, ops).await?;
    // An operation sent twice in one batch gets the first one's answer.
    let mut first_of: std::collections::HashMap<Uuid, usize> = std::collections::HashMap::new();
    let mut repeated = Vec::new();
    let mut pending = Pending::default();
    for (index, op) in ops.iter().enumerate() {
        if let Some(answer) = previous.get(&op.op_id.to_string()) {
            results.push(PushResult {
                op_id: op.op_id,
                outcome: answer.clone(),
            });
            continue;
        }
        if let Some(&first) = first_of.get(&op.op_id) {
            repeated.push((index, first));
            results.push(PushResult {
                op_id: op.op_id,
                outcome: Outcome::Duplicate { server_seq: None },
            });
            continue;
        }
        first_of.insert(op.op_id, index);
        if op.device_id != session.device_id {
            results.push(PushResult {
                op_id: op.op_id,
                outcome: Outcome::Rejected {
                    code: "device_mismatch".into(),
                    message: "A operação não é deste dispositivo".into(),
                },
            });
            continue;
        }
        if !(MIN_SCHEMA..=MAX_SCHEMA).contains(&op.schema_version) {
            let message = format!(
                "Versão {} das operações ainda não é aceita pelo servidor (aceita {MIN_SCHEMA}–{MAX_SCHEMA}); ela fica guardada até a atualização.",
                op.schema_version
            );
            sqlx::query("INSERT INTO quarantine (op_id, device_id, body, reason, received_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(op.op_id.to_string())
                .bind(op.device_id.to_string())
                .bind(serde_json::to_string(op)?)
                .bind(&message)
                .bind(timestamp(Utc::now()))
                .execute(&mut **tx)
                .await?;
            pending
                .receipts
                .push((index, "quarantined", None, Some(message.clone())));
            results.push(PushResult {
                op_id: op.op_id,
                outcome: Outcome::Quarantined { message },
            });
            continue;
        }
        let outcome = match decide(tx, &mut orders, session, op).await? {
            decision @ (Decision::Apply
            | Decision::ApplyOrder { .. }
            | Decision::ApplyTo { .. }
            | Decision::ApplyStock { .. }
            | Decision::ApplyEdit { .. }) => {
                let mut relays = Vec::new();
                let (audience, scope, settled) = match decision {
                    Decision::ApplyTo { audience } => (audience, None, None),
                    Decision::ApplyStock {
                        audience,
                        relays: copies,
                    } => {
                        relays = copies;
                        (Some(audience), None, None)
                    }
                    Decision::ApplyOrder { before, after } => (
                        Some(order_audience(after.as_deref())),
                        Some((before, after)),
                        None,
                    ),
                    Decision::ApplyEdit {
                        audience,
                        payload,
                        registers,
                        records,
                    } => (Some(audience), None, Some((payload, registers, records))),
                    _ => match op.kind.as_str() {
                        "person.create" | "plan.create" => (None, None, None),
                        _ => (Some("office".to_owned()), None, None),
                    },
                };
                let (hlc, skew) = clamp_hlc(&op.hlc, now_ms);
                if let Some(skew) = skew {
                    sqlx::query("UPDATE devices SET clock_skew_ms = $1 WHERE device_id = $2")
                        .bind(skew)
                        .bind(op.device_id.to_string())
                        .execute(&mut **tx)
                        .await?;
                }
                results.push(PushResult {
                    op_id: op.op_id,
                    outcome: Outcome::Applied { server_seq: 0 },
                });
                let payload = settled.as_ref().map(|(p, _, _)| p.clone());
                pending.ops.push((index, hlc.clone(), audience, payload));
                pending.receipts.push((index, "applied", None, None));
                if !relays.is_empty() {
                    // The copies follow the movement in the log.
                    pending
                        .flush(backend, tx, session, ops, &mut results)
                        .await?;
                    for (technician, relay) in &relays {
                        append_server_op(
                            tx,
                            &op.entity,
                            op.entity_id,
                            campo_store::ops::STOCK_RELAY,
                            &serde_json::to_value(relay)?,
                            session.user_id,
                            Some(&format!("only:{technician}")),
                        )
                        .await?;
                    }
                }
                if let Some((_, registers, records)) = settled {
                    // The fields' revision is this operation's place in the log.
                    pending
                        .flush(backend, tx, session, ops, &mut results)
                        .await?;
                    let Outcome::Applied { server_seq } = results[index].outcome else {
                        return Err(ServerError::Invalid("edição não registrada".into()));
                    };
                    settle_fields(tx, session, op, &hlc, server_seq, &registers, &records).await?;
                }
                if let Some((before, after)) = scope
                    && before != after
                {
                    // The scope change follows the operation in the log, and reads the order.
                    pending
                        .flush(backend, tx, session, ops, &mut results)
                        .await?;
                    orders.flush(backend, tx).await?;
                    rescope(
                        tx,
                        op.entity_id,
                        before.as_deref(),
                        after.as_deref(),
                        session.user_id,
                    )
                    .await?;
                }
                continue;
            }
            Decision::Already => {
                pending
                    .receipts
                    .push((index, "applied", Some("already".into()), None));
                Outcome::Duplicate { server_seq: None }
            }
            Decision::Conflict { restore } => {
                let conflict_id = restore.conflict_id.unwrap_or_else(Uuid::now_v7);
                sqlx::query("INSERT INTO conflicts (id, entity, entity_id, op_id, actor_id, message, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(conflict_id.to_string())
                    .bind(&op.entity)
                    .bind(op.entity_id.to_string())
                    .bind(op.op_id.to_string())
                    .bind(session.user_id.to_string())
                    .bind(&restore.message)
                    .bind(timestamp(Utc::now()))
                    .execute(&mut **tx)
                    .await?;
                pending
                    .flush(backend, tx, session, ops, &mut results)
                    .await?;
                append_server_op(
                    tx,
                    "work_order",
                    restore.order_id,
                    ORDER_RESTORE,
                    &serde_json::to_value(&restore)?,
                    session.user_id,
                    Some(&order_audience(
                        restore
                            .schedule
                            .as_ref()
                            .map(|s| s.technician_id.to_string())
                            .as_deref(),
                    )),
                )
                .await?;
                pending.receipts.push((
                    index,
                    "conflict",
                    Some("conflict".into()),
                    Some(restore.message.clone()),
                ));
                Outcome::Conflict {
                    conflict_id,
                    message: restore.message,
                }
            }
            Decision::Reject { code, message } => {
                pending.receipts.push((
                    index,
                    "rejected",
                    Some(code.to_owned()),
                    Some(message.clone()),
                ));
                Outcome::Rejected {
                    code: code.to_owned(),
                    message,
                }
            }
        };
        results.push(PushResult {
            op_id: op.op_id,
            outcome,
        });
    }
    pending
        .flush(backend, tx, session, ops, &mut results)
        .await?;
    orders.flush(backend, tx).await?;
    for (index, first) in repeated {
        results[index].outcome = match &results[first].outcome {
            Outcome::Applied { server_seq } => Outcome::Duplicate {
                server_seq: Some(*server_seq),
            },
            Outcome::Conflict { .. } => Outcome::Duplicate { server_seq: None },
            other => other.clone(),
        };
    }
    Ok(results)
}

/// Keeps an edit's applied values as the fields' registers and records whose change did not
/// survive.
async fn settle_fields(
    tx: &mut Tx<'_>,
    session: &Session,
    op: &WireOp,
    hlc: &str,
    server_seq: i64,
    registers: &[(String, Option<String>)],
    records: &[(Uuid, String)],
) -> Result<(), ServerError> {
    for (field, value) in registers {
        sqlx::query(
            "INSERT INTO order_fields (order_id, field, value, rev, hlc, tie, actor_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (order_id, field) DO UPDATE SET value = excluded.value, rev = excluded.rev,
                 hlc = excluded.hlc, tie = excluded.tie, actor_id = excluded.actor_id",
        )
        .bind(op.entity_id.to_string())
        .bind(field)
        .bind(value)
        .bind(server_seq)
        .bind(hlc)
        .bind(op.op_id.to_string())
        .bind(session.user_id.to_string())
        .execute(&mut **tx)
        .await?;
    }
    for (loser, message) in records {
        sqlx::query("INSERT INTO conflicts (id, entity, entity_id, op_id, actor_id, message, created_at, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, 'field')")
            .bind(Uuid::now_v7().to_string())
            .bind(&op.entity)
            .bind(op.entity_id.to_string())
            .bind(op.op_id.to_string())
            .bind(loser.to_string())
            .bind(message)
            .bind(timestamp(Utc::now()))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The answers already given to any operation of `ops` (a re-sent batch), by op id.
async fn earlier_receipts(
    backend: Backend,
    tx: &mut Tx<'_>,
    ops: &[WireOp],
) -> Result<std::collections::HashMap<String, Outcome>, ServerError> {
    let mut answers = std::collections::HashMap::new();
    for chunk in ops.chunks(ROWS_PER_INSERT) {
        let marks = value_rows(backend, 1, chunk.len());
        let sql = format!(
            "SELECT op_id, outcome, server_seq, code, detail FROM receipts WHERE op_id IN {marks}"
        );
        let mut query = sqlx::query(&sql);
        for op in chunk {
            query = query.bind(op.op_id.to_string());
        }
        for r in query.fetch_all(&mut **tx).await? {
            let outcome: String = r.try_get("outcome")?;
            let detail: Option<String> = r.try_get("detail")?;
            let answer = match outcome.as_str() {
                "rejected" => Outcome::Rejected {
                    code: r.try_get::<Option<String>, _>("code")?.unwrap_or_default(),
                    message: detail.unwrap_or_default(),
                },
                "quarantined" => Outcome::Quarantined {
                    message: detail.unwrap_or_default(),
                },
                _ => Outcome::Duplicate {
                    server_seq: r.try_get("server_seq")?,
                },
            };
            answers.insert(r.try_get::<String, _>("op_id")?, answer);
        }
    }
    Ok(answers)
}

/// Fields a technician's device never receives.
const PERSONAL: [&str; 3] = ["cpf", "motherName", "birthDate"];

fn uuid_of(text: &str) -> Result<Uuid, ServerError> {
    Uuid::parse_str(text).map_err(|e| ServerError::Database(sqlx::Error::Decode(Box::new(e))))
}

/// A log row as devices receive it; a technician's copy of a customer has no personal data.
pub(crate) fn change_of(r: &sqlx::any::AnyRow, technician: bool) -> Result<Change, ServerError> {
    let parse = |col: &str| -> Result<Uuid, ServerError> { uuid_of(&r.try_get::<String, _>(col)?) };
    let kind: String = r.try_get("kind")?;
    let text: String = r.try_get("payload")?;
    let payload = if technician && kind == "customer.create" {
        let mut body: serde_json::Value = serde_json::from_str(&text)?;
        if let Some(obj) = body.as_object_mut() {
            for field in PERSONAL {
                obj.insert(field.to_owned(), serde_json::Value::Null);
            }
        }
        serde_json::value::to_raw_value(&body)?
    } else {
        // Stored as received: served without parsing.
        serde_json::value::RawValue::from_string(text)?
    };
    Ok(Change {
        server_seq: r.try_get("server_seq")?,
        actor_id: parse("actor_id")?,
        op: WireOp {
            op_id: parse("op_id")?,
            device_id: parse("device_id")?,
            device_seq: r.try_get("device_seq")?,
            hlc: r.try_get("hlc")?,
            entity: r.try_get("entity")?,
            entity_id: parse("entity_id")?,
            kind,
            payload,
            schema_version: r.try_get("schema_version")?,
        },
    })
}

/// Columns of a log row as [`change_of`] reads them.
pub(crate) const CHANGE_COLUMNS: &str = "server_seq, op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version";

/// A page of the log after `cursor`, with personal data removed for technicians.
pub async fn pull(
    db: &ServerDb,
    session: &Session,
    cursor: i64,
    limit: u32,
) -> Result<PullReply, ServerError> {
    let limit = limit.clamp(1, MAX_PULL);
    // Technicians get the catalogue, their orders and their scope changes; the office gets
    // everything but other people's scope changes.
    // A technician's share of the log is small: read it through the audience index (one
    // range per audience) rather than walking everyone's operations after the cursor.
    let technician = session.role == "technician";
    let sql = if technician {
        "SELECT server_seq, op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version
         FROM ops WHERE server_seq > $1 AND (audience IS NULL OR audience = $2 OR audience = $3)
         ORDER BY server_seq LIMIT $4"
    } else {
        "SELECT server_seq, op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version
         FROM ops WHERE server_seq > $1 AND (audience IS NULL OR audience = $2 OR audience = $3 OR audience LIKE 'order:%')
         ORDER BY server_seq LIMIT $4"
    };
    let rows = sqlx::query(sql)
        .bind(cursor)
        .bind(if technician {
            format!("order:{}", session.user_id)
        } else {
            "office".to_owned()
        })
        .bind(format!("only:{}", session.user_id))
        .bind(i64::from(limit) + 1)
        .fetch_all(db.pool())
        .await?;
    // The newest sequence (for the device's progress) and this person's retention horizon
    // (crate::retention), in one round trip, after the rows: a pruning that committed while
    // they were read is seen, and the device is sent to bootstrap again rather than miss a
    // tombstone.
    let (head, horizon): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE((SELECT MAX(server_seq) FROM ops), 0),
                COALESCE((SELECT seq FROM sync_horizons WHERE audience = $1), 0)",
    )
    .bind(format!("only:{}", session.user_id))
    .fetch_one(db.pool())
    .await?;
    if cursor > 0 && cursor < horizon {
        return Err(ServerError::ResyncRequired);
    }
    let has_more = rows.len() > limit as usize;
    let changes = rows
        .iter()
        .take(limit as usize)
        .map(|r| change_of(r, technician))
        .collect::<Result<Vec<_>, _>>()?;
    let next_cursor = changes.last().map_or(cursor, |c| c.server_seq);
    Ok(PullReply {
        changes,
        next_cursor,
        has_more,
        head,
    })
}

const OFFICE: [&str; 2] = ["coordinator", "admin"];

/// Open conflicts, for the coordination's inbox.
pub async fn list_conflicts(
    db: &ServerDb,
    session: &Session,
) -> Result<Vec<campo_sync::wire::ConflictView>, ServerError> {
    if !may(session, &OFFICE) {
        return Err(ServerError::Forbidden(FORBIDDEN.into()));
    }
    let rows = sqlx::query(
        "SELECT c.id, c.entity, c.entity_id, c.message, c.created_at, COALESCE(u.name, '') AS actor_name
         FROM conflicts c LEFT JOIN users u ON u.id = c.actor_id
         WHERE c.resolved_at IS NULL AND c.kind = 'status' ORDER BY c.created_at, c.id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let id = |col: &str| -> Result<Uuid, ServerError> {
                Uuid::parse_str(&r.try_get::<String, _>(col)?)
                    .map_err(|e| ServerError::Database(sqlx::Error::Decode(Box::new(e))))
            };
            Ok(campo_sync::wire::ConflictView {
                id: id("id")?,
                entity: r.try_get("entity")?,
                entity_id: id("entity_id")?,
                message: r.try_get("message")?,
                actor_name: r.try_get("actor_name")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// The coordination decides a conflicted order's status. Every open conflict of that order
/// is closed by the decision; the order goes back to the technician who last had it when the
/// decision is a field status.
pub async fn resolve(
    db: &ServerDb,
    session: &Session,
    req: &campo_sync::wire::ResolveRequest,
) -> Result<(), ServerError> {
    if !may(session, &OFFICE) {
        return Err(ServerError::Forbidden(FORBIDDEN.into()));
    }
    let Some(status) = OrderStatus::from_code(&req.status) else {
        return Err(ServerError::Invalid(format!(
            "Status desconhecido: {}",
            req.status
        )));
    };
    let note = req.note.trim();
    if note.is_empty() {
        return Err(ServerError::Invalid(
            "Explique a decisão: ela fica no histórico da ordem".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "SELECT entity_id FROM conflicts WHERE id = $1 AND resolved_at IS NULL AND kind = 'status'",
    )
    .bind(req.conflict_id.to_string())
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| ServerError::NotFound("Conflito não encontrado ou já resolvido".into()))?;
    let order_id: String = row.try_get("entity_id")?;
    let order = sqlx::query("SELECT status, technician_id, last_technician_id, scheduled_date, period FROM orders WHERE id = $1")
        .bind(&order_id)
        .fetch_one(&mut **tx)
        .await?;
    let from: String = order.try_get("status")?;
    let before: Option<String> = order.try_get("technician_id")?;
    let last: Option<String> = order.try_get("last_technician_id")?;
    let field = matches!(
        status,
        OrderStatus::Scheduled
            | OrderStatus::EnRoute
            | OrderStatus::InProgress
            | OrderStatus::Done
            | OrderStatus::NotDone
    );
    let after = if field { before.clone().or(last) } else { None };
    let (date, period) = if field {
        (
            order.try_get::<Option<String>, _>("scheduled_date")?,
            order.try_get::<Option<String>, _>("period")?,
        )
    } else {
        (None, None)
    };
    // A field status needs a slot: keep the last one, or today in the morning.
    let date = date.or_else(|| field.then(|| Utc::now().date_naive().to_string()));
    let period = period.or_else(|| field.then(|| "morning".to_owned()));
    sqlx::query("UPDATE orders SET status = $1, technician_id = $2, scheduled_date = $3, period = $4 WHERE id = $5")
        .bind(status.code())
        .bind(&after)
        .bind(&date)
        .bind(&period)
        .bind(&order_id)
        .execute(&mut **tx)
        .await?;
    let now = timestamp(Utc::now());
    sqlx::query("UPDATE conflicts SET resolved_at = $1, resolved_by = $2 WHERE entity_id = $3 AND resolved_at IS NULL AND kind = 'status'")
        .bind(&now)
        .bind(session.user_id.to_string())
        .bind(&order_id)
        .execute(&mut **tx)
        .await?;
    let order_uuid = Uuid::parse_str(&order_id)
        .map_err(|e| ServerError::Database(sqlx::Error::Decode(Box::new(e))))?;
    let schedule = match (&date, &period, &after) {
        (Some(date), Some(period), Some(t)) => {
            Uuid::parse_str(t)
                .ok()
                .map(|technician_id| SchedulePayload {
                    date: date.clone(),
                    period: period.clone(),
                    technician_id,
                })
        }
        _ => None,
    };
    // A closed order reopened by the decision may have left its technician's device (the
    // window keeps closed orders a week): it is granted to them again.
    let reopened = OrderStatus::from_code(&from).is_some_and(OrderStatus::is_terminal)
        && !status.is_terminal()
        && before == after;
    let body = campo_store::ops::OrderResolved {
        order_id: order_uuid,
        event_id: Uuid::now_v7(),
        from,
        status: status.code().to_owned(),
        schedule,
        note: note.to_owned(),
        at: now,
    };
    append_server_op(
        &mut tx,
        "work_order",
        order_uuid,
        campo_store::ops::ORDER_RESOLVE,
        &serde_json::to_value(&body)?,
        session.user_id,
        Some(&order_audience(after.as_deref())),
    )
    .await?;
    rescope(
        &mut tx,
        order_uuid,
        if reopened { None } else { before.as_deref() },
        after.as_deref(),
        session.user_id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Log rows read at a time when rebuilding from the log.
const REBUILD_RANGE: i64 = 50_000;

/// A server upgraded from a version without `stock_units` has its units only in the log: where
/// each serialised unit is (and whose van that is) is rebuilt from the log's movements, in
/// server order, the first time it starts. Returns how many units were placed (0 when the
/// table was already filled or the log has no movements).
pub async fn backfill_stock_units(db: &ServerDb) -> Result<usize, ServerError> {
    let mut tx = db.begin_write().await?;
    let filled: Option<i64> = sqlx::query_scalar("SELECT 1 FROM stock_units LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?;
    let moved: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM ops WHERE kind = 'stock.move' LIMIT 1")
            .fetch_optional(&mut **tx)
            .await?;
    if filled.is_some() || moved.is_none() {
        tx.commit().await?;
        return Ok(0);
    }
    let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(server_seq), 0) FROM ops")
        .fetch_one(&mut **tx)
        .await?;
    let mut places: std::collections::BTreeMap<String, (String, Option<String>)> =
        std::collections::BTreeMap::new();
    let mut from = 0;
    while from < head {
        let payloads: Vec<String> = sqlx::query_scalar(
            "SELECT payload FROM ops WHERE server_seq > $1 AND server_seq <= $2 AND kind = 'stock.move'
             ORDER BY server_seq",
        )
        .bind(from)
        .bind(from + REBUILD_RANGE)
        .fetch_all(&mut **tx)
        .await?;
        for payload in payloads {
            let b: StockMoved = serde_json::from_str(&payload)?;
            let van = (b.to.kind == "van").then_some(b.to.ref_id).flatten();
            for line in b.lines {
                if let Some(serial) = line.serial {
                    places.insert(serial, (b.to.id.to_string(), van.map(|t| t.to_string())));
                }
            }
        }
        from += REBUILD_RANGE;
    }
    let units: Vec<(String, (String, Option<String>))> = places.into_iter().collect();
    for chunk in units.chunks(ROWS_PER_INSERT) {
        let mut sql = String::from("INSERT INTO stock_units (serial, place_id, van_of) VALUES ");
        sql.push_str(&value_rows(db.backend(), chunk.len(), 3));
        let mut query = sqlx::query(&sql);
        for (serial, (place, van)) in chunk {
            query = query
                .bind(serial.clone())
                .bind(place.clone())
                .bind(van.clone());
        }
        query.execute(&mut **tx).await?;
    }
    tx.commit().await?;
    if !units.is_empty() {
        tracing::info!(units = units.len(), "stock units rebuilt from the log");
    }
    Ok(units.len())
}
