//! The stock ledger's write side: catalogue, places, movements, counts, deliveries and
//! discrepancies, each written through the [`Writer`] (effect + outbox in one transaction).
//!
//! A person's own movement is checked strictly and refused with a message when it breaks a
//! rule (a serial not where the movement takes it from, more cable than the van holds). A
//! movement pulled from the server is always recorded — the ledger never loses a row — and
//! what it breaks becomes a discrepancy someone resolves.

use std::collections::{BTreeMap, HashMap, HashSet};

use campo_domain::stock::{
    self, CountLine, DeliveryRow, MoveKind, PlaceKind, StockError, Tracking, Unit,
    customer_place_id, fixed_place_id, van_id,
};
use campo_domain::{OrderKind, OrderStatus};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use crate::effects::Mode;
use crate::write::{Writer, timestamp};
use crate::{Actor, Entity, Store, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::{
    PlanEquipmentLine, PlanEquipmentSet, StockDiscrepancyResolved, StockItemCreated, StockLine,
    StockMinimumSet, StockMoved, StockPlaceRef,
};

/// Most lines one operation carries; a larger batch (a 10k-serial delivery) is split into
/// several operations of the same batch, so each stays a modest request.
pub const LINES_PER_OP: usize = 500;

/// Namespace for discrepancy ids (derived from the movement that revealed them).
const DISCREPANCY_NAMESPACE: Uuid = Uuid::from_u128(0x0b5e_91c2_77d4_4f3e_a1c0_5d92_e6a8_3b17);

fn discrepancy_id(movement: Uuid, kind: &str, place: Uuid) -> Uuid {
    Uuid::new_v5(
        &DISCREPANCY_NAMESPACE,
        format!("{kind}:{movement}:{place}").as_bytes(),
    )
}

/// A new catalogue item.
#[derive(Debug, Clone)]
pub struct NewItem {
    /// SKU (stored upper case).
    pub sku: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: Unit,
    /// Serialised or bulk.
    pub tracking: Tracking,
}

/// One line of a movement as asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineInput {
    /// A serialised unit, by serial (scanned or typed).
    Serial(String),
    /// A quantity of a bulk item.
    Bulk {
        /// Item.
        item_id: Uuid,
        /// Quantity.
        quantity: i64,
    },
}

/// A movement as asked for.
#[derive(Debug, Clone)]
pub struct MoveRequest {
    /// Why.
    pub kind: MoveKind,
    /// From (place id).
    pub from: Uuid,
    /// To (place id).
    pub to: Uuid,
    /// The order it belongs to.
    pub order_id: Option<Uuid>,
    /// Reason (required for adjustments and defective units).
    pub reason: Option<String>,
    /// Lines.
    pub lines: Vec<LineInput>,
}

/// What a count found at a place.
#[derive(Debug, Clone, Default)]
pub struct CountInput {
    /// Serials scanned there.
    pub serials: Vec<String>,
    /// Bulk items counted: (item, quantity on the shelf). Items not listed are not counted.
    pub bulk: Vec<(Uuid, i64)>,
    /// Why the differences happened, as far as anyone knows.
    pub reason: String,
}

/// What a count recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountOutcome {
    /// Serials the ledger had there that were not found.
    pub serials_missing: Vec<String>,
    /// Serials found there that the ledger had elsewhere.
    pub serials_found: Vec<String>,
    /// Bulk differences: (item, counted − expected).
    pub bulk: Vec<(Uuid, i64)>,
}

struct ItemInfo {
    name: String,
    unit: Unit,
    tracking: Tracking,
}

async fn item_info(c: &mut SqliteConnection, id: Uuid) -> Result<Option<ItemInfo>, StoreError> {
    let row = sqlx::query("SELECT name, unit, tracking FROM stock_items WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(&mut *c)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let unit: String = row.try_get("unit")?;
    let tracking: String = row.try_get("tracking")?;
    Ok(Some(ItemInfo {
        name: row.try_get("name")?,
        unit: Unit::from_code(&unit).ok_or_else(|| decode("unit"))?,
        tracking: Tracking::from_code(&tracking).ok_or_else(|| decode("tracking"))?,
    }))
}

fn decode(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("invalid stock {what}").into()))
}

/// Names of the fixed places, as first created.
fn fixed_name(kind: PlaceKind) -> &'static str {
    match kind {
        PlaceKind::Supplier => "Fornecedor",
        PlaceKind::Loss => "Perdas e extravios",
        PlaceKind::Adjustment => "Ajuste de inventário",
        PlaceKind::Defective => "Defeituosos / RMA",
        PlaceKind::Warehouse => "Almoxarifado",
        PlaceKind::Van => "Van",
        PlaceKind::Customer => "Cliente",
    }
}

/// The reference of a fixed place.
pub fn fixed_place(kind: PlaceKind) -> StockPlaceRef {
    StockPlaceRef {
        id: fixed_place_id(kind),
        kind: kind.code().to_owned(),
        name: fixed_name(kind).to_owned(),
        ref_id: None,
    }
}

/// Finds a place by id: a known row, a technician's van, a fixed place.
pub(crate) async fn resolve_place(
    c: &mut SqliteConnection,
    id: Uuid,
) -> Result<StockPlaceRef, StoreError> {
    if let Some(row) = sqlx::query("SELECT kind, name, ref_id FROM stock_places WHERE id = ?")
        .bind(id.to_string())
        .fetch_optional(&mut *c)
        .await?
    {
        let ref_id: Option<String> = row.try_get("ref_id")?;
        return Ok(StockPlaceRef {
            id,
            kind: row.try_get("kind")?,
            name: row.try_get("name")?,
            ref_id: ref_id
                .as_deref()
                .map(crate::write::parse_uuid)
                .transpose()?,
        });
    }
    for kind in [
        PlaceKind::Supplier,
        PlaceKind::Loss,
        PlaceKind::Adjustment,
        PlaceKind::Defective,
    ] {
        if fixed_place_id(kind) == id {
            return Ok(fixed_place(kind));
        }
    }
    let techs = sqlx::query("SELECT id, name FROM people WHERE role = 'technician'")
        .fetch_all(&mut *c)
        .await?;
    for t in techs {
        let tech = crate::write::parse_uuid(t.try_get("id")?)?;
        if van_id(tech) == id {
            return Ok(van_ref(tech, t.try_get("name")?));
        }
    }
    Err(StoreError::NotFound(Entity::StockPlace))
}

fn van_ref(technician: Uuid, name: &str) -> StockPlaceRef {
    StockPlaceRef {
        id: van_id(technician),
        kind: PlaceKind::Van.code().to_owned(),
        name: format!("Van de {name}"),
        ref_id: Some(technician),
    }
}

/// The van of a technician.
pub(crate) async fn van_of(
    c: &mut SqliteConnection,
    technician: Uuid,
) -> Result<StockPlaceRef, StoreError> {
    let name: String = sqlx::query_scalar("SELECT name FROM people WHERE id = ?")
        .bind(technician.to_string())
        .fetch_optional(&mut *c)
        .await?
        .ok_or(StoreError::NotFound(Entity::Person))?;
    Ok(van_ref(technician, &name))
}

/// The premises of a customer.
pub(crate) async fn customer_place(
    c: &mut SqliteConnection,
    customer: Uuid,
) -> Result<StockPlaceRef, StoreError> {
    let name: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = ?")
        .bind(customer.to_string())
        .fetch_optional(&mut *c)
        .await?
        .ok_or(StoreError::NotFound(Entity::Customer))?;
    Ok(StockPlaceRef {
        id: customer_place_id(customer),
        kind: PlaceKind::Customer.code().to_owned(),
        name,
        ref_id: Some(customer),
    })
}

pub(crate) async fn ensure_place(
    c: &mut SqliteConnection,
    p: &StockPlaceRef,
    at: &str,
) -> Result<(), StoreError> {
    if PlaceKind::from_code(&p.kind).is_none() {
        return Err(decode("place kind"));
    }
    sqlx::query(
        "INSERT OR IGNORE INTO stock_places (id, kind, name, ref_id, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(p.id.to_string())
    .bind(&p.kind)
    .bind(&p.name)
    .bind(p.ref_id.map(|r| r.to_string()))
    .bind(at)
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn item_effect(
    c: &mut SqliteConnection,
    m: Mode,
    b: &StockItemCreated,
    at: &str,
) -> Result<(), StoreError> {
    let verb = if m == Mode::Local {
        "INSERT"
    } else {
        "INSERT OR IGNORE"
    };
    sqlx::query(&format!(
        "{verb} INTO stock_items (id, sku, name, unit, tracking, created_at) VALUES (?, ?, ?, ?, ?, ?)"
    ))
    .bind(b.id.to_string())
    .bind(&b.sku)
    .bind(&b.name)
    .bind(&b.unit)
    .bind(&b.tracking)
    .bind(at)
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn minimum_effect(
    c: &mut SqliteConnection,
    b: &StockMinimumSet,
    at: &str,
) -> Result<(), StoreError> {
    ensure_place(c, &b.place, at).await?;
    sqlx::query(
        "INSERT INTO stock_minimums (place_id, item_id, minimum) VALUES (?, ?, ?)
         ON CONFLICT (place_id, item_id) DO UPDATE SET minimum = excluded.minimum",
    )
    .bind(b.place.id.to_string())
    .bind(b.item_id.to_string())
    .bind(b.minimum)
    .execute(c)
    .await?;
    Ok(())
}

pub(crate) async fn plan_equipment_effect(
    c: &mut SqliteConnection,
    b: &PlanEquipmentSet,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM plan_equipment WHERE plan_id = ?")
        .bind(b.plan_id.to_string())
        .execute(&mut *c)
        .await?;
    for line in &b.items {
        sqlx::query("INSERT INTO plan_equipment (plan_id, item_id, quantity) VALUES (?, ?, ?)")
            .bind(b.plan_id.to_string())
            .bind(line.item_id.to_string())
            .bind(line.quantity)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

pub(crate) async fn resolve_effect(
    c: &mut SqliteConnection,
    b: &StockDiscrepancyResolved,
    actor: Uuid,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE stock_discrepancies SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL",
    )
    .bind(&b.at)
    .bind(actor.to_string())
    .bind(&b.note)
    .bind(b.id.to_string())
    .execute(c)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A discrepancy about to be recorded.
struct Found<'a> {
    kind: &'static str,
    movement: Uuid,
    item: Uuid,
    serial: Option<&'a str>,
    place: Uuid,
    detail: serde_json::Value,
}

async fn open_discrepancy(
    c: &mut SqliteConnection,
    d: Found<'_>,
    at: &str,
) -> Result<(), StoreError> {
    let Found {
        kind,
        movement,
        item,
        serial,
        place,
        detail,
    } = d;
    sqlx::query(
        "INSERT OR IGNORE INTO stock_discrepancies (id, kind, movement_id, item_id, serial, place_id, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(discrepancy_id(movement, kind, place).to_string())
    .bind(kind)
    .bind(movement.to_string())
    .bind(item.to_string())
    .bind(serial)
    .bind(place.to_string())
    .bind(detail.to_string())
    .bind(at)
    .execute(c)
    .await?;
    Ok(())
}

/// Remembers a pulled movement's lines as the server's, at its place in the server's order.
pub(crate) async fn remote_lines(
    c: &mut SqliteConnection,
    b: &StockMoved,
    server_seq: i64,
) -> Result<(), StoreError> {
    for line in &b.lines {
        sqlx::query(
            "INSERT OR IGNORE INTO stock_remote_lines (movement_id, server_seq) VALUES (?, ?)",
        )
        .bind(line.id.to_string())
        .bind(server_seq)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

/// One of this device's movements came back from the server. Its effects were applied when it
/// was made; but if another device's movement of the same unit was pulled meanwhile, that one
/// came first in the server's order while the local ledger has it after: where the unit is
/// depends on which order one reads, so the office's devices open a discrepancy naming the unit
/// (the place the server's order had it in, against the one this movement expected).
pub(crate) async fn judge_returned(
    c: &mut SqliteConnection,
    b: &StockMoved,
) -> Result<(), StoreError> {
    for line in &b.lines {
        let Some(serial) = &line.serial else { continue };
        let overtaken: Option<String> = sqlx::query_scalar(
            "SELECT m.to_place FROM stock_movements m JOIN stock_remote_lines r ON r.movement_id = m.id
             WHERE m.serial = ? AND m.seq > (SELECT seq FROM stock_movements WHERE id = ?)
             ORDER BY m.seq DESC LIMIT 1",
        )
        .bind(serial)
        .bind(line.id.to_string())
        .fetch_optional(&mut *c)
        .await?;
        if let Some(actual) = overtaken {
            let found = Found {
                kind: "serial_elsewhere",
                movement: line.id,
                item: line.item_id,
                serial: Some(serial),
                place: b.to.id,
                detail: serde_json::json!({ "expected": b.from.id, "actual": actual }),
            };
            open_discrepancy(c, found, &b.at).await?;
        }
    }
    Ok(())
}

/// How a movement's rules are enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// A person's own change: refuse what breaks a rule.
    Refuse,
    /// The server's, on a device that sees the whole ledger: record everything, and open a
    /// discrepancy for what breaks a rule.
    Record,
    /// The server's, on a device that sees only part of the ledger (a technician's): record
    /// everything; the office's devices judge it.
    Trust,
}

/// Applies a movement to the ledger and its projections, enforcing the rules per `check`.
pub(crate) async fn move_effect(
    c: &mut SqliteConnection,
    b: &StockMoved,
    actor: Uuid,
    check: Check,
) -> Result<(), StoreError> {
    let strict = check == Check::Refuse;
    let judge = check != Check::Trust;
    let kind = MoveKind::from_code(&b.kind).ok_or_else(|| decode("movement kind"))?;
    let from_kind = PlaceKind::from_code(&b.from.kind).ok_or_else(|| decode("place kind"))?;
    let to_kind = PlaceKind::from_code(&b.to.kind).ok_or_else(|| decode("place kind"))?;
    if strict {
        if b.lines.is_empty() {
            return Err(StockError::Empty.into());
        }
        if b.from.id == b.to.id || !kind.allows(from_kind, to_kind) {
            return Err(StockError::Route {
                from: b.from.name.clone(),
                to: b.to.name.clone(),
            }
            .into());
        }
    }
    ensure_place(c, &b.from, &b.at).await?;
    ensure_place(c, &b.to, &b.at).await?;
    let mut deltas: BTreeMap<(Uuid, Uuid), (i64, Uuid)> = BTreeMap::new();
    let mut items: HashMap<Uuid, ItemInfo> = HashMap::new();
    for line in &b.lines {
        if let std::collections::hash_map::Entry::Vacant(e) = items.entry(line.item_id) {
            let info = item_info(c, line.item_id)
                .await?
                .ok_or_else(|| StockError::UnknownItem(line.item_id.to_string()))?;
            e.insert(info);
        }
        let info = &items[&line.item_id];
        let inserted = sqlx::query(
            "INSERT OR IGNORE INTO stock_movements (id, batch_id, kind, item_id, serial, quantity, from_place, to_place, order_id, actor_id, at, reason)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(line.id.to_string())
        .bind(b.batch_id.to_string())
        .bind(kind.code())
        .bind(line.item_id.to_string())
        .bind(&line.serial)
        .bind(line.quantity)
        .bind(b.from.id.to_string())
        .bind(b.to.id.to_string())
        .bind(b.order_id.map(|o| o.to_string()))
        .bind(actor.to_string())
        .bind(&b.at)
        .bind(&b.reason)
        .execute(&mut *c)
        .await?;
        if inserted.rows_affected() == 0 {
            // Already in the ledger (a page applied twice): its effects are too.
            continue;
        }
        match (&line.serial, info.tracking) {
            (Some(serial), Tracking::Serialised) => {
                let at_place: Option<(String, String)> =
                    sqlx::query_as("SELECT place_id, item_id FROM stock_units WHERE serial = ?")
                        .bind(serial)
                        .fetch_optional(&mut *c)
                        .await?;
                let here = b.from.id.to_string();
                match &at_place {
                    None if kind == MoveKind::Receipt => {}
                    None if strict => return Err(StockError::UnknownSerial(serial.clone()).into()),
                    Some(_) if kind == MoveKind::Receipt && strict => {
                        return Err(StockError::SerialExists(serial.clone()).into());
                    }
                    Some((place, _)) if *place == here => {}
                    Some((place, _)) if strict => {
                        let actual = resolve_place(c, crate::write::parse_uuid(place)?).await?;
                        return Err(StockError::SerialElsewhere {
                            serial: serial.clone(),
                            expected: b.from.name.clone(),
                            actual: actual.name,
                        }
                        .into());
                    }
                    other if judge => {
                        let actual = other.as_ref().map(|(p, _)| p.clone());
                        let found = Found {
                            kind: "serial_elsewhere",
                            movement: line.id,
                            item: line.item_id,
                            serial: Some(serial),
                            place: b.to.id,
                            detail: serde_json::json!({ "expected": b.from.id, "actual": actual }),
                        };
                        open_discrepancy(c, found, &b.at).await?;
                    }
                    _ => {}
                }
                sqlx::query(
                    "INSERT INTO stock_units (serial, item_id, mac, place_id, since) VALUES (?, ?, ?, ?, ?)
                     ON CONFLICT (serial) DO UPDATE SET place_id = excluded.place_id, since = excluded.since, mac = COALESCE(excluded.mac, stock_units.mac)",
                )
                .bind(serial)
                .bind(line.item_id.to_string())
                .bind(&line.mac)
                .bind(b.to.id.to_string())
                .bind(&b.at)
                .execute(&mut *c)
                .await?;
                // Balances follow the ledger's arithmetic exactly (a unit taken from where it
                // was not leaves that place short: the discrepancy says why).
                deltas
                    .entry((b.from.id, line.item_id))
                    .or_insert((0, line.id))
                    .0 -= 1;
                deltas
                    .entry((b.to.id, line.item_id))
                    .or_insert((0, line.id))
                    .0 += 1;
            }
            (None, Tracking::Bulk) => {
                if strict {
                    stock::check_quantity(line.quantity)?;
                }
                deltas
                    .entry((b.from.id, line.item_id))
                    .or_insert((0, line.id))
                    .0 -= line.quantity;
                deltas
                    .entry((b.to.id, line.item_id))
                    .or_insert((0, line.id))
                    .0 += line.quantity;
            }
            (None, Tracking::Serialised) if strict => {
                return Err(StockError::NeedsSerial(info.name.clone()).into());
            }
            (Some(_), Tracking::Bulk) if strict => {
                return Err(StockError::NeedsQuantity(info.name.clone()).into());
            }
            _ => {
                // A shape a rule-abiding device never writes; kept in the ledger for a
                // person to look at, with balances moved by quantity.
                deltas
                    .entry((b.from.id, line.item_id))
                    .or_insert((0, line.id))
                    .0 -= line.quantity;
                deltas
                    .entry((b.to.id, line.item_id))
                    .or_insert((0, line.id))
                    .0 += line.quantity;
            }
        }
        if b.count {
            let (place, direction) = if b.to.kind == PlaceKind::Adjustment.code() {
                (b.from.id, "missing")
            } else {
                (b.to.id, "found")
            };
            let found = Found {
                kind: "count_difference",
                movement: line.id,
                item: line.item_id,
                serial: line.serial.as_deref(),
                place,
                detail: serde_json::json!({ "direction": direction, "quantity": line.quantity }),
            };
            open_discrepancy(c, found, &b.at).await?;
        }
    }
    for ((place, item), (delta, movement)) in deltas {
        if delta == 0 {
            continue;
        }
        let before: i64 = sqlx::query_scalar(
            "SELECT quantity FROM stock_balances WHERE place_id = ? AND item_id = ?",
        )
        .bind(place.to_string())
        .bind(item.to_string())
        .fetch_optional(&mut *c)
        .await?
        .unwrap_or(0);
        let after = before + delta;
        let physical = if place == b.from.id {
            from_kind.is_physical()
        } else {
            to_kind.is_physical()
        };
        // Here, a serialised unit is judged by where it is (above): its item's balance can
        // already be off after a recorded clash (a unit moved twice from the same place),
        // and must not refuse a unit that is really here.
        let serialised = items[&item].tracking == Tracking::Serialised;
        if judge && physical && after < 0 && !(strict && serialised) {
            if strict {
                let info = &items[&item];
                return Err(StockError::NotEnough {
                    place: b.from.name.clone(),
                    item: info.name.clone(),
                    unit: info.unit.code(),
                    available: before,
                    requested: -delta,
                }
                .into());
            }
            let found = Found {
                kind: "negative_balance",
                movement,
                item,
                serial: None,
                place,
                detail: serde_json::json!({ "balance": after }),
            };
            open_discrepancy(c, found, &b.at).await?;
        }
        sqlx::query(
            "INSERT INTO stock_balances (place_id, item_id, quantity) VALUES (?, ?, ?)
             ON CONFLICT (place_id, item_id) DO UPDATE SET quantity = quantity + excluded.quantity",
        )
        .bind(place.to_string())
        .bind(item.to_string())
        .bind(delta)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

fn clean_reason(reason: Option<&str>) -> Option<String> {
    reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
}

impl Writer<'_> {
    /// Adds an item to the catalogue. The SKU is unique (case ignored).
    pub async fn create_stock_item(
        &mut self,
        new: &NewItem,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let sku = new.sku.trim().to_uppercase();
        let name = new.name.trim();
        if sku.is_empty() {
            return Err(campo_domain::ValidationError::Required(campo_domain::Field::Sku).into());
        }
        if name.is_empty() {
            return Err(
                campo_domain::ValidationError::Required(campo_domain::Field::ItemName).into(),
            );
        }
        if new.tracking == Tracking::Serialised && new.unit != Unit::Piece {
            return Err(StockError::NeedsQuantity(name.to_owned()).into());
        }
        let body = StockItemCreated {
            id: Uuid::now_v7(),
            sku,
            name: name.to_owned(),
            unit: new.unit.code().to_owned(),
            tracking: new.tracking.code().to_owned(),
        };
        item_effect(self.conn(), Mode::Local, &body, &timestamp(at)).await?;
        let id = body.id;
        self.record(&Op::StockItemCreated(body)).await?;
        Ok(id)
    }

    /// Opens a warehouse.
    pub async fn create_warehouse(
        &mut self,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(campo_domain::ValidationError::Required(
                campo_domain::Field::WarehouseName,
            )
            .into());
        }
        let body = StockPlaceRef {
            id: Uuid::now_v7(),
            kind: PlaceKind::Warehouse.code().to_owned(),
            name: name.to_owned(),
            ref_id: None,
        };
        ensure_place(self.conn(), &body, &timestamp(at)).await?;
        let id = body.id;
        self.record(&Op::StockPlaceCreated(body)).await?;
        Ok(id)
    }

    /// Sets the minimum level of an item at a place.
    pub async fn set_stock_minimum(
        &mut self,
        place: Uuid,
        item: Uuid,
        minimum: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if !(0..=stock::MAX_QUANTITY).contains(&minimum) {
            return Err(StockError::QuantityTooLarge(minimum).into());
        }
        let place = resolve_place(self.conn(), place).await?;
        if item_info(self.conn(), item).await?.is_none() {
            return Err(StockError::UnknownItem(item.to_string()).into());
        }
        let body = StockMinimumSet {
            place,
            item_id: item,
            minimum,
        };
        minimum_effect(self.conn(), &body, &timestamp(at)).await?;
        self.record(&Op::StockMinimumSet(body)).await
    }

    /// Sets the equipment an installation of `plan` requires.
    pub async fn set_plan_equipment(
        &mut self,
        plan: Uuid,
        items: &[(Uuid, i64)],
    ) -> Result<(), StoreError> {
        let mut lines = Vec::new();
        for &(item_id, quantity) in items {
            stock::check_quantity(quantity)?;
            if item_info(self.conn(), item_id).await?.is_none() {
                return Err(StockError::UnknownItem(item_id.to_string()).into());
            }
            lines.push(PlanEquipmentLine { item_id, quantity });
        }
        let body = PlanEquipmentSet {
            plan_id: plan,
            items: lines,
        };
        plan_equipment_effect(self.conn(), &body).await?;
        self.record(&Op::PlanEquipmentSet(body)).await
    }

    /// Moves equipment between two places, checked strictly; the whole request is one
    /// batch (split into operations of [`LINES_PER_OP`] lines). Returns the batch id.
    pub async fn move_stock(
        &mut self,
        request: &MoveRequest,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let from = resolve_place(self.conn(), request.from).await?;
        let to = resolve_place(self.conn(), request.to).await?;
        self.move_between(request, from, to, false, at).await
    }

    async fn move_between(
        &mut self,
        request: &MoveRequest,
        from: StockPlaceRef,
        to: StockPlaceRef,
        count: bool,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let reason = clean_reason(request.reason.as_deref());
        if matches!(request.kind, MoveKind::Adjust | MoveKind::Defective) && reason.is_none() {
            return Err(StockError::ReasonRequired.into());
        }
        if request.lines.is_empty() {
            return Err(StockError::Empty.into());
        }
        let mut seen = HashSet::new();
        let mut lines = Vec::with_capacity(request.lines.len());
        for line in &request.lines {
            lines.push(match line {
                LineInput::Serial(raw) => {
                    let serial = stock::parse_serial(raw)?;
                    if !seen.insert(serial.clone()) {
                        return Err(StockError::RepeatedSerial(serial).into());
                    }
                    let item: Option<String> =
                        sqlx::query_scalar("SELECT item_id FROM stock_units WHERE serial = ?")
                            .bind(&serial)
                            .fetch_optional(self.conn())
                            .await?;
                    let item = item.ok_or_else(|| StockError::UnknownSerial(serial.clone()))?;
                    StockLine {
                        id: Uuid::now_v7(),
                        item_id: crate::write::parse_uuid(&item)?,
                        serial: Some(serial),
                        mac: None,
                        quantity: 1,
                    }
                }
                LineInput::Bulk { item_id, quantity } => StockLine {
                    id: Uuid::now_v7(),
                    item_id: *item_id,
                    serial: None,
                    mac: None,
                    quantity: stock::check_quantity(*quantity)?,
                },
            });
        }
        let template = StockMoved {
            batch_id: Uuid::now_v7(),
            kind: request.kind.code().to_owned(),
            from,
            to,
            order_id: request.order_id,
            reason,
            count,
            lines: Vec::new(),
            at: timestamp(at),
        };
        self.write_batch(template, lines).await
    }

    /// Writes `lines` as movements of the batch described by `template`, in operations of at
    /// most [`LINES_PER_OP`] lines.
    async fn write_batch(
        &mut self,
        template: StockMoved,
        lines: Vec<StockLine>,
    ) -> Result<Uuid, StoreError> {
        let actor = self.actor_id();
        for chunk in lines.chunks(LINES_PER_OP) {
            let body = StockMoved {
                lines: chunk.to_vec(),
                ..template.clone()
            };
            move_effect(self.conn(), &body, actor, Check::Refuse).await?;
            self.record(&Op::StockMoved(body)).await?;
        }
        Ok(template.batch_id)
    }

    /// Records equipment used on an order (baixa): from the order's technician's van to the
    /// customer. Refused unless the order is in the field (en route or in progress).
    pub async fn use_on_order(
        &mut self,
        order_id: Uuid,
        lines: &[LineInput],
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let (van, customer) = self.order_places(order_id).await?;
        let request = MoveRequest {
            kind: MoveKind::Use,
            from: van.id,
            to: customer.id,
            order_id: Some(order_id),
            reason: None,
            lines: lines.to_vec(),
        };
        self.move_between(&request, van, customer, false, at).await
    }

    /// Records equipment collected from the customer on an order (retirada, swap): from the
    /// customer to the technician's van.
    pub async fn collect_on_order(
        &mut self,
        order_id: Uuid,
        lines: &[LineInput],
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let (van, customer) = self.order_places(order_id).await?;
        let request = MoveRequest {
            kind: MoveKind::Collect,
            from: customer.id,
            to: van.id,
            order_id: Some(order_id),
            reason: None,
            lines: lines.to_vec(),
        };
        self.move_between(&request, customer, van, false, at).await
    }

    async fn order_places(
        &mut self,
        order_id: Uuid,
    ) -> Result<(StockPlaceRef, StockPlaceRef), StoreError> {
        let row =
            sqlx::query("SELECT status, customer_id, technician_id FROM work_orders WHERE id = ?")
                .bind(order_id.to_string())
                .fetch_optional(self.conn())
                .await?
                .ok_or(StoreError::NotFound(Entity::Order))?;
        let status: String = row.try_get("status")?;
        let status = OrderStatus::from_code(&status).ok_or_else(|| decode("order status"))?;
        if !matches!(status, OrderStatus::EnRoute | OrderStatus::InProgress) {
            return Err(StockError::OrderNotInField.into());
        }
        let customer = crate::write::parse_uuid(row.try_get("customer_id")?)?;
        let technician: Option<String> = row.try_get("technician_id")?;
        let technician = technician.ok_or(StockError::OrderNotInField)?;
        let van = van_of(self.conn(), crate::write::parse_uuid(&technician)?).await?;
        let customer = customer_place(self.conn(), customer).await?;
        Ok((van, customer))
    }

    /// Receives a supplier delivery into a warehouse: each row registers a unit. Every row is
    /// checked first (unknown SKU, serial already registered); with `valid_only` the good rows
    /// are received and the others reported, otherwise a single bad row refuses the whole
    /// file. Returns the rows refused (empty when all were received).
    pub async fn receive_delivery(
        &mut self,
        warehouse: Uuid,
        rows: &[DeliveryRow],
        valid_only: bool,
        lang: campo_domain::Lang,
        at: DateTime<Utc>,
    ) -> Result<DeliveryOutcome, StoreError> {
        use campo_domain::Localized;
        let to = resolve_place(self.conn(), warehouse).await?;
        if to.kind != PlaceKind::Warehouse.code() {
            return Err(StockError::Route {
                from: fixed_name(PlaceKind::Supplier).to_owned(),
                to: to.name,
            }
            .into());
        }
        let skus: HashMap<String, (Uuid, String)> =
            sqlx::query("SELECT id, sku, tracking FROM stock_items")
                .fetch_all(self.conn())
                .await?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get::<String, _>("sku")?,
                        (
                            crate::write::parse_uuid(r.try_get("id")?)?,
                            r.try_get::<String, _>("tracking")?,
                        ),
                    ))
                })
                .collect::<Result<_, StoreError>>()?;
        let mut refused = Vec::new();
        let mut lines = Vec::with_capacity(rows.len());
        let mut seen = HashSet::new();
        for row in rows {
            let problem = match skus.get(&row.sku) {
                None => Some(StockError::UnknownItem(row.sku.clone())),
                Some((_, t)) if t != Tracking::Serialised.code() => {
                    Some(StockError::NeedsQuantity(row.sku.clone()))
                }
                Some(_) if !seen.insert(row.serial.clone()) => {
                    Some(StockError::RepeatedSerial(row.serial.clone()))
                }
                Some(_) => {
                    let exists: Option<i64> =
                        sqlx::query_scalar("SELECT 1 FROM stock_units WHERE serial = ?")
                            .bind(&row.serial)
                            .fetch_optional(self.conn())
                            .await?;
                    exists.map(|_| StockError::SerialExists(row.serial.clone()))
                }
            };
            match problem {
                Some(e) => refused.push(stock::RowError {
                    line: row.line,
                    message: e.message(lang),
                }),
                None => lines.push(StockLine {
                    id: Uuid::now_v7(),
                    item_id: skus[&row.sku].0,
                    serial: Some(row.serial.clone()),
                    mac: row.mac.clone(),
                    quantity: 1,
                }),
            }
        }
        let received = lines.len();
        if (!refused.is_empty() && !valid_only) || lines.is_empty() {
            return Ok(DeliveryOutcome {
                received: 0,
                refused,
                batch_id: None,
            });
        }
        let template = StockMoved {
            batch_id: Uuid::now_v7(),
            kind: MoveKind::Receipt.code().to_owned(),
            from: fixed_place(PlaceKind::Supplier),
            to,
            order_id: None,
            reason: None,
            count: false,
            lines: Vec::new(),
            at: timestamp(at),
        };
        let batch = self.write_batch(template, lines).await?;
        Ok(DeliveryOutcome {
            received,
            refused,
            batch_id: Some(batch),
        })
    }

    /// Records a count of a place: the differences against the ledger become adjustment
    /// movements with the reason, each opening a discrepancy for someone to look into.
    pub async fn record_count(
        &mut self,
        place: Uuid,
        input: &CountInput,
        at: DateTime<Utc>,
    ) -> Result<CountOutcome, StoreError> {
        let place = resolve_place(self.conn(), place).await?;
        let kind = PlaceKind::from_code(&place.kind).ok_or_else(|| decode("place kind"))?;
        if !kind.is_physical() || kind == PlaceKind::Customer {
            return Err(StockError::Route {
                from: place.name.clone(),
                to: fixed_name(PlaceKind::Adjustment).to_owned(),
            }
            .into());
        }
        let reason = clean_reason(Some(&input.reason)).ok_or(StockError::ReasonRequired)?;
        let mut scanned = Vec::new();
        let mut seen = HashSet::new();
        for raw in &input.serials {
            let s = stock::parse_serial(raw)?;
            if !seen.insert(s.clone()) {
                return Err(StockError::RepeatedSerial(s).into());
            }
            scanned.push(s);
        }
        let expected: Vec<String> =
            sqlx::query_scalar("SELECT serial FROM stock_units WHERE place_id = ?")
                .bind(place.id.to_string())
                .fetch_all(self.conn())
                .await?;
        let mut bulk = Vec::new();
        for &(item_id, counted) in &input.bulk {
            if counted < 0 {
                return Err(StockError::QuantityNotPositive.into());
            }
            if counted > stock::MAX_QUANTITY {
                return Err(StockError::QuantityTooLarge(counted).into());
            }
            let expected: i64 = sqlx::query_scalar(
                "SELECT quantity FROM stock_balances WHERE place_id = ? AND item_id = ?",
            )
            .bind(place.id.to_string())
            .bind(item_id.to_string())
            .fetch_optional(self.conn())
            .await?
            .unwrap_or(0);
            bulk.push(CountLine::Bulk {
                item_id,
                expected,
                counted,
            });
        }
        let diff = stock::count_differences(&expected, &scanned, &bulk);
        let adjustment = fixed_place(PlaceKind::Adjustment);
        let adjust = |lines: Vec<LineInput>, from: Uuid, to: Uuid| MoveRequest {
            kind: MoveKind::Adjust,
            from,
            to,
            order_id: None,
            reason: Some(reason.clone()),
            lines,
        };
        let mut losses: Vec<LineInput> = diff
            .serials_missing
            .iter()
            .map(|s| LineInput::Serial(s.clone()))
            .collect();
        losses.extend(
            diff.bulk_losses
                .iter()
                .map(|&(item_id, quantity)| LineInput::Bulk { item_id, quantity }),
        );
        if !losses.is_empty() {
            let r = adjust(losses, place.id, adjustment.id);
            self.move_between(&r, place.clone(), adjustment.clone(), true, at)
                .await?;
        }
        let gains: Vec<LineInput> = diff
            .bulk_gains
            .iter()
            .map(|&(item_id, quantity)| LineInput::Bulk { item_id, quantity })
            .collect();
        if !gains.is_empty() {
            let r = adjust(gains, adjustment.id, place.id);
            self.move_between(&r, adjustment.clone(), place.clone(), true, at)
                .await?;
        }
        // Serials found here that the ledger has elsewhere: brought here from where they
        // were recorded, one batch per place of origin.
        let mut by_origin: BTreeMap<String, Vec<LineInput>> = BTreeMap::new();
        for s in &diff.serials_found {
            let origin: Option<String> =
                sqlx::query_scalar("SELECT place_id FROM stock_units WHERE serial = ?")
                    .bind(s)
                    .fetch_optional(self.conn())
                    .await?;
            let origin = origin.ok_or_else(|| StockError::UnknownSerial(s.clone()))?;
            by_origin
                .entry(origin)
                .or_default()
                .push(LineInput::Serial(s.clone()));
        }
        for (origin, lines) in by_origin {
            let from = resolve_place(self.conn(), crate::write::parse_uuid(&origin)?).await?;
            let r = adjust(lines, from.id, place.id);
            self.move_between(&r, from, place.clone(), true, at).await?;
        }
        Ok(CountOutcome {
            serials_missing: diff.serials_missing,
            serials_found: diff.serials_found,
            bulk: bulk
                .iter()
                .filter_map(
                    |CountLine::Bulk {
                         item_id,
                         expected,
                         counted,
                     }| {
                        (counted != expected).then_some((*item_id, counted - expected))
                    },
                )
                .collect(),
        })
    }

    /// Closes a discrepancy with what was found and done.
    pub async fn resolve_discrepancy(
        &mut self,
        id: Uuid,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let note = note.trim();
        if note.is_empty() {
            return Err(StockError::ReasonRequired.into());
        }
        let body = StockDiscrepancyResolved {
            id,
            note: note.to_owned(),
            at: timestamp(at),
        };
        let actor = self.actor_id();
        if !resolve_effect(self.conn(), &body, actor).await? {
            return Err(StoreError::NotFound(Entity::Discrepancy));
        }
        self.record(&Op::StockDiscrepancyResolved(body)).await
    }

    /// Equipment still missing for finishing `order_id` as done: for an installation, the
    /// plan's required items not yet used on it, as "name (n)" texts.
    pub(crate) async fn missing_equipment(
        &mut self,
        order_id: Uuid,
    ) -> Result<Vec<String>, StoreError> {
        let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM work_orders WHERE id = ?")
            .bind(order_id.to_string())
            .fetch_optional(self.conn())
            .await?;
        if kind.as_deref() != Some(OrderKind::Installation.code()) {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "SELECT i.name, pe.quantity AS required,
                    COALESCE((SELECT SUM(m.quantity) FROM stock_movements m WHERE m.order_id = o.id AND m.kind = 'use' AND m.item_id = pe.item_id), 0) AS used
             FROM work_orders o JOIN plan_equipment pe ON pe.plan_id = o.plan_id JOIN stock_items i ON i.id = pe.item_id
             WHERE o.id = ? ORDER BY i.name",
        )
        .bind(order_id.to_string())
        .fetch_all(self.conn())
        .await?;
        let mut missing = Vec::new();
        for r in rows {
            let required: i64 = r.try_get("required")?;
            let used: i64 = r.try_get("used")?;
            if used < required {
                let name: String = r.try_get("name")?;
                missing.push(format!("{name} ({})", required - used));
            }
        }
        Ok(missing)
    }
}

/// What a delivery import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryOutcome {
    /// Units received.
    pub received: usize,
    /// Rows refused, with the reason.
    pub refused: Vec<stock::RowError>,
    /// The batch written, when anything was.
    pub batch_id: Option<Uuid>,
}

impl Store {
    /// Runs one stock change in its own transaction, as `actor`.
    pub async fn stock_change<T>(
        &self,
        actor: Actor,
        change: impl AsyncFnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut w = self.writer(actor).await?;
        let out = change(&mut w).await?;
        w.commit().await?;
        Ok(out)
    }
}
