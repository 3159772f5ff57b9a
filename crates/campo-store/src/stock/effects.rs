//! The stock effects shared by a person's own movements and the ones pulled from the server:
//! the ledger row, the balances and units it moves, and the discrepancies a broken rule opens.

use std::collections::{BTreeMap, HashMap};

use campo_domain::stock::{self, MoveKind, PlaceKind, StockError, Tracking};
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::*;
use crate::StoreError;
use crate::effects::Mode;
use campo_protocol::ops::{
    PlanEquipmentSet, StockDiscrepancyResolved, StockItemCreated, StockMinimumSet, StockMoved,
};

pub(crate) async fn item_effect(
    c: &mut SqliteConnection,
    m: Mode,
    b: &StockItemCreated,
    at: &str,
) -> Result<(), StoreError> {
    let verb = m.insert();
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

/// The order in which a unit's movements leave it somewhere, latest first: the server's order
/// for the lines that have a place in it ([`in_server_order`]; lines kept from before devices
/// did are at 0, in the ledger's order), and after them this device's own lines still on their
/// way to the server, in the order they were made (the server will put them after everything
/// this device has pulled). Used with `m` for `stock_movements` and `r` for its
/// `stock_remote_lines`.
pub(crate) const LATEST_IN_SERVER_ORDER: &str =
    "ORDER BY r.server_seq IS NULL DESC, r.server_seq DESC, m.seq DESC";

/// A movement pulled from the server (another device's, or this one's come back), once its
/// effects are applied: remembers its lines at their place in the server's order (a line kept
/// from before devices did, at 0, gets it now) and puts each of its units where that order
/// leaves it ([`LATEST_IN_SERVER_ORDER`]). A device applies its own movements as they are made
/// and others' as they are pulled, so a unit's movements can sit in its ledger in another
/// order than the server's (the office took back a unit the technician had just installed
/// offline, say, and checked it out to the same van again): once both are here, the unit is
/// where the server has it.
pub(crate) async fn in_server_order(
    c: &mut SqliteConnection,
    b: &StockMoved,
    server_seq: i64,
) -> Result<(), StoreError> {
    for line in &b.lines {
        sqlx::query(
            "INSERT INTO stock_remote_lines (movement_id, server_seq) VALUES (?, ?)
             ON CONFLICT (movement_id) DO UPDATE SET server_seq = excluded.server_seq
             WHERE stock_remote_lines.server_seq = 0",
        )
        .bind(line.id.to_string())
        .bind(server_seq)
        .execute(&mut *c)
        .await?;
        let Some(serial) = &line.serial else { continue };
        let latest: Option<(String, String)> = sqlx::query_as(&format!(
            "SELECT m.to_place, m.at FROM stock_movements m
             LEFT JOIN stock_remote_lines r ON r.movement_id = m.id
             WHERE m.serial = ? {LATEST_IN_SERVER_ORDER} LIMIT 1"
        ))
        .bind(serial)
        .fetch_optional(&mut *c)
        .await?;
        if let Some((place, at)) = latest {
            sqlx::query(
                "UPDATE stock_units SET place_id = ?, since = ? WHERE serial = ? AND place_id <> ?",
            )
            .bind(&place)
            .bind(&at)
            .bind(serial)
            .bind(&place)
            .execute(&mut *c)
            .await?;
        }
    }
    Ok(())
}

/// One of this device's movements came back from the server. Its effects were applied when it
/// was made; but if another device's movement of the same unit was pulled meanwhile, that one
/// came first in the server's order while the local ledger has it after: where the unit is
/// depends on which order one reads, so the office's devices open a discrepancy naming the unit
/// (the place the server's order had it in, against the one this movement expected). Lines
/// kept from before devices knew their place in that order (at 0) are not judged.
pub(crate) async fn judge_returned(
    c: &mut SqliteConnection,
    b: &StockMoved,
    server_seq: i64,
) -> Result<(), StoreError> {
    for line in &b.lines {
        let Some(serial) = &line.serial else { continue };
        let overtaken: Option<String> = sqlx::query_scalar(
            "SELECT m.to_place FROM stock_movements m JOIN stock_remote_lines r ON r.movement_id = m.id
             WHERE m.serial = ? AND m.seq > (SELECT seq FROM stock_movements WHERE id = ?)
               AND r.server_seq > 0 AND r.server_seq < ?
             ORDER BY m.seq DESC LIMIT 1",
        )
        .bind(serial)
        .bind(line.id.to_string())
        .bind(server_seq)
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
    let from_kind = place_kind_of(&b.from.kind)?;
    let to_kind = place_kind_of(&b.to.kind)?;
    if strict {
        if b.lines.is_empty() {
            return Err(StockError::Empty.into());
        }
        if b.from.id == b.to.id || !kind.allows(from_kind, to_kind) {
            return Err(StockError::Route {
                from: PlaceName::new(from_kind, &b.from.name),
                to: PlaceName::new(to_kind, &b.to.name),
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
                            expected: PlaceName::new(from_kind, &b.from.name),
                            actual: named(&actual)?,
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
                    place: PlaceName::new(from_kind, &b.from.name),
                    item: info.name.clone(),
                    unit: info.unit,
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
