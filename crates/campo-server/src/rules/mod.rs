//! What a pushed operation may do, and what becomes of it.
//!
//! Every operation is first admitted ([`admit`]): its kind must be one this server knows and a
//! device may write, its payload must read as that kind, the envelope must name the record
//! the payload names (the server derives what an operation touches from its payload, never
//! from the envelope), a technician never sends personal data, and the pusher's role (from
//! the token, never the payload) must be allowed by [`campo_protocol::policy`]. Then the rules
//! of its area decide: [`orders`] (the state machine from the status the server holds,
//! pauses), [`edits`] (visit details settled field by field), [`settings`] (the provider's configuration and technicians' set-up),
//! [`stock`] (movements and where each unit is), [`activation`], [`sales`] (whose each
//! sale is, and which version a change was made on), [`support`] (customers' calls) and
//! [`finance`] (receivables and collection contacts, pulled only by those who see money). An edit made on a stale
//! base is not applied: a conflict record is opened and a server operation (`order.restore`)
//! tells every device the order's real state. Operations of a schema this server does not know
//! are quarantined, never dropped. Every answer is kept as a receipt, so a re-sent operation
//! gets the same answer and changes nothing ([`push`]).
//!
//! Beside them: [`pull`] (pages of the log, personal data removed for technicians),
//! [`records`] (the records some operations set whole, which a device starting empty gets as
//! they stand),
//! [`scope`] (orders entering and leaving a technician's scope) and [`conflicts`] (the
//! coordination's inbox).

mod activation;
mod conflicts;
mod edits;
mod finance;
mod orders;
mod pull;
mod push;
mod rebuild;
mod records;
mod sales;
mod scope;
mod settings;
mod stock;
mod support;

pub use conflicts::{list_conflicts, resolve};
pub use finance::backfill_sale_payments;
pub use pull::pull;
pub(crate) use pull::{CHANGE_COLUMNS, change_of};
pub(crate) use push::PushJob;
pub use push::{push, push_all_or_nothing};
pub(crate) use records::NOT_REPLACED;
pub use records::backfill_op_records;
pub(crate) use scope::grant_of;
pub use stock::{backfill_stock_units, backfill_van_history};

use campo_domain::hlc::Hlc;
use campo_protocol::ops::OrderRestored;
use campo_protocol::policy::{self, Reach};
use campo_protocol::wire::{Hello, HelloReply, WireOp};
use campo_protocol::{Author, Op, OpKind, Refusal, Role};
use chrono::Utc;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

use crate::db::ServerDb;
use crate::error::ServerError;
use crate::timestamp;
use crate::users::{Session, server_hlc};

/// Oldest operation schema this server applies.
pub const MIN_SCHEMA: i32 = 1;
/// Newest operation schema this server applies.
pub const MAX_SCHEMA: i32 = campo_protocol::OP_SCHEMA_VERSION;
/// Device clocks further ahead than this are clamped (and the skew recorded).
pub const MAX_CLOCK_AHEAD_MS: i64 = 60_000;
/// Largest pull page.
pub const MAX_PULL: u32 = 1_000;

type Tx<'a> = Transaction<'a, Any>;

/// What becomes of one admitted operation.
enum Decision {
    /// Applied, pulled by `audience` (`None`: everyone).
    Apply { audience: Option<String> },
    /// An order transition applied; the technician before and after (scope may change).
    ApplyOrder {
        before: Option<String>,
        after: Option<String>,
        /// Copies for other technicians (an address change done moves its customer).
        relays: Vec<(Uuid, Op)>,
    },
    /// Applied for `audience`, with copies for technicians beyond it (`only:` each): a stock
    /// movement for the other vans it concerns, a customer's edit for those holding their
    /// orders.
    ApplyRelayed {
        audience: String,
        relays: Vec<(Uuid, Op)>,
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
    /// The order already is where the operation takes it.
    Already,
    /// It clashed with the server's state.
    Conflict { restore: OrderRestored },
    /// Refused.
    Reject(Refusal),
}

/// Reads, checks and authorises one pushed operation: its typed body and how far the
/// pusher's permission reaches, or why it is refused. Its content is judged by the domain's
/// rules ([`campo_protocol::validate`]) before anything reads the database.
fn admit(session: &Session, op: &WireOp) -> Result<(Op, Reach), Refusal> {
    let Some(kind) = OpKind::from_code(&op.kind) else {
        return Err(Refusal::UnknownKind {
            kind: op.kind.chars().take(60).collect(),
        });
    };
    if kind.author() == Author::Server {
        return Err(Refusal::ServerOnly {
            kind: kind.code().into(),
        });
    }
    let body = kind.decode(op.payload.get()).map_err(|e| {
        tracing::info!(kind = kind.code(), error = %e, device = %op.device_id, "unreadable operation");
        Refusal::Malformed {
            kind: kind.code().into(),
        }
    })?;
    if body.entity() != op.entity || body.entity_id() != op.entity_id {
        return Err(Refusal::EntityMismatch {
            kind: kind.code().into(),
        });
    }
    if let Op::CustomerCreated(c) = &body
        && session.role == Role::Technician
        && (c.cpf.is_some() || c.mother_name.is_some() || c.birth_date.is_some())
    {
        return Err(Refusal::PersonalData);
    }
    let Some(reach) = policy::reach(kind, session.role) else {
        return Err(Refusal::Forbidden {
            kind: kind.code().into(),
        });
    };
    campo_protocol::validate::validate(&body)?;
    Ok((body, reach))
}

/// Decides an admitted operation by the rules of its area.
async fn decide(
    tx: &mut Tx<'_>,
    orders: &mut orders::OrderRows,
    session: &Session,
    op: &WireOp,
    body: Op,
    reach: Reach,
) -> Result<Decision, ServerError> {
    match body {
        Op::PersonCreated(b) => settings::person(tx, &b).await,
        Op::PlanCreated(b) => settings::plan(tx, &b).await,
        Op::PlanUpdated(b) => settings::plan_update(tx, b.plan.id).await,
        Op::CustomerCreated(b) => orders::customer(tx, &b).await,
        Op::CustomerEdited(b) => orders::customer_edit(tx, b).await,
        Op::OrderCreated(b) => orders::create(tx, session, &b).await,
        Op::OrderEdited(b) => edits::edit(tx, orders, session, op, b, reach).await,
        Op::OrderTransitioned(b) => orders::transition(tx, orders, session, &b, reach).await,
        Op::OrderPaused(b) => orders::pause(tx, orders, session, b.order_id, reach).await,
        Op::OrderResumed(b) => orders::pause(tx, orders, session, b.order_id, reach).await,
        Op::OrderMessaged(b) => orders::pause(tx, orders, session, b.order_id, reach).await,
        Op::OrderSigned(b) => {
            let decision = orders::pause(tx, orders, session, b.order_id, reach).await?;
            if matches!(decision, Decision::Apply { .. }) {
                orders.signed(b.order_id);
            }
            Ok(decision)
        }
        Op::OrderPhotoAdded(b) => {
            let decision = attach(tx, orders, session, b.order_id, &b.blob.hash, reach).await?;
            if matches!(decision, Decision::Apply { .. }) {
                orders.photo(b.order_id, 1);
            }
            Ok(decision)
        }
        Op::OrderPhotoRemoved(b) => {
            let decision = orders::pause(tx, orders, session, b.order_id, reach).await?;
            if matches!(decision, Decision::Apply { .. }) {
                orders.photo(b.order_id, -1);
            }
            Ok(decision)
        }
        Op::OrderReportKept(b) => {
            attach(tx, orders, session, b.order_id, &b.blob.hash, reach).await
        }
        Op::ClosingRulesSet(b) => {
            orders.closing_set(&b.rules);
            Ok(settings::closing())
        }
        Op::RouteSet(b) => Ok(settings::route(&b)),
        Op::SlaRuleSet(b) => Ok(settings::sla_rule(&b)),
        Op::CalendarHoursSet(b) => Ok(settings::calendar_hours(&b)),
        Op::AgendaSettingsSet(b) => Ok(settings::agenda(&b)),
        Op::ProviderSet(b) => Ok(settings::provider(&b)),
        Op::CalendarDaySet(b) => settings::calendar_day(tx, &b).await,
        Op::AbsenceSet(_) | Op::SkillsSet(_) | Op::WorkWeekSet(_) => Ok(settings::technician()),
        Op::ActivationTemplateSaved(_) => Ok(activation::template()),
        Op::ActivationStarted(_) | Op::ActivationTicked(_) | Op::ActivationClosed(_) => {
            Ok(activation::checklist())
        }
        Op::StockItemCreated(_) | Op::StockPlaceCreated(_) | Op::PlanEquipmentSet(_) => {
            Ok(stock::catalogue())
        }
        Op::StockMinimumSet(_) | Op::StockDiscrepancyResolved(_) => Ok(stock::office_record()),
        Op::StockMoved(b) => stock::movement(tx, session, b, reach).await,
        Op::SaleSubmitted(b) => sales::submit(tx, session, &b).await,
        Op::SaleReviewed(b) => sales::review(tx, session, &b).await,
        Op::CallOpened(b) => support::open(tx, &b).await,
        Op::CallStepped(b) => support::step(tx, session, &b).await,
        Op::ReceivableSet(b) => finance::receivable(tx, &b).await,
        Op::CollectionContacted(b) => finance::record(tx, b.customer_id).await,
        Op::NonPaymentStepsSet(_) => Ok(finance::setting()),
        // Refused by `admit`: only the server writes these.
        Op::StockRelayed(_)
        | Op::OrderGranted(_)
        | Op::OrderRevoked(_)
        | Op::OrderRestored(_)
        | Op::OrderResolved(_)
        | Op::PersonRoleSet(_) => Ok(Decision::Reject(Refusal::ServerOnly {
            kind: op.kind.clone(),
        })),
    }
}

/// Appends an operation the server itself writes (device = nil) and returns its sequence.
pub async fn append_server_op(
    tx: &mut Tx<'_>,
    body: &Op,
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
    .bind(body.entity())
    .bind(body.entity_id().to_string())
    .bind(body.kind().code())
    .bind(body.to_json()?)
    .bind(MAX_SCHEMA)
    .bind(timestamp(Utc::now()))
    .bind(audience)
    .fetch_one(&mut **tx)
    .await?;
    Ok(seq)
}

/// An operation attaching the file `hash` to `order_id` (a photo, the visit report): decided
/// as the order's other field records, and applied only once the file is here (it travels
/// first); the order then uses the file (who may fetch it follows).
async fn attach(
    tx: &mut Tx<'_>,
    orders: &mut orders::OrderRows,
    session: &Session,
    order_id: Uuid,
    hash: &str,
    reach: Reach,
) -> Result<Decision, ServerError> {
    let decision = orders::pause(tx, orders, session, order_id, reach).await?;
    if !matches!(decision, Decision::Apply { .. }) {
        return Ok(decision);
    }
    if !crate::blobs::is_kept(tx, hash).await? {
        return Ok(Decision::Reject(Refusal::BlobMissing));
    }
    sqlx::query("INSERT INTO blob_refs (hash, order_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(hash)
        .bind(order_id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(decision)
}

/// Who may pull an operation about an order assigned (or not) to `technician`.
fn order_audience(technician: Option<&str>) -> String {
    technician.map_or_else(|| "office".to_owned(), |t| format!("order:{t}"))
}

/// The role the server knows a record by (`Some(None)`: known, without a role).
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

/// Remembers that a record exists (so later operations may name it).
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

/// Whether `session` is the technician `technician` (an order's, a van's).
fn is_me(session: &Session, technician: Option<&str>) -> bool {
    session.role == Role::Technician && technician.is_some_and(|t| t == session.user_id.to_string())
}

/// A device says hello: the server records the device, its app version and how far its clock
/// is off, and says which operation schemas it accepts.
pub async fn hello(
    db: &ServerDb,
    session: &Session,
    req: &Hello,
) -> Result<HelloReply, ServerError> {
    let now = chrono::Utc::now();
    let skew = req.client_time_ms.saturating_sub(now.timestamp_millis());
    sqlx::query(
        "INSERT INTO devices (device_id, user_id, app_version, clock_skew_ms, last_seen_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (device_id) DO UPDATE SET user_id = excluded.user_id, app_version = excluded.app_version,
             clock_skew_ms = excluded.clock_skew_ms, last_seen_at = excluded.last_seen_at",
    )
    .bind(session.device_id.to_string())
    .bind(session.user_id.to_string())
    .bind(req.app_version.chars().take(40).collect::<String>())
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
    Ok(HelloReply {
        server_time_ms: now.timestamp_millis(),
        clock_skew_ms: skew,
        min_schema_version: MIN_SCHEMA,
        max_schema_version: MAX_SCHEMA,
        update_required,
        message,
        server_id: Some(crate::identity::server_id(db).await?),
    })
}

/// The HLC to store: the device's, unless it runs too far ahead of the server's clock.
fn clamp_hlc(hlc: &str, now_ms: i64) -> (String, Option<i64>) {
    match Hlc::decode(hlc) {
        Some(h) if h.wall_ms > now_ms.saturating_add(MAX_CLOCK_AHEAD_MS) => (
            Hlc {
                wall_ms: now_ms,
                counter: h.counter,
            }
            .encode(),
            Some(h.wall_ms.saturating_sub(now_ms)),
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
