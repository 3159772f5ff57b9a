//! The stock read side: places and their balances, low-stock alerts, a serial's place and
//! history, the equipment of an order and of a customer, discrepancies, the ledger check,
//! and CSV exports.
//!
//! - [`places`]: the catalogue, places, balances, low stock, a serial's place and history.
//! - [`orders`]: the equipment an order needs and has, and each plan's required equipment.
//! - [`ledger`]: discrepancies, the ledger check, CSV exports.

mod ledger;
mod orders;
mod places;

pub use orders::{PlanEquipmentView, RequiredItem};

use campo_domain::Lang;
use campo_domain::stock::{MoveKind, PlaceKind, Tracking, Unit};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use ts_rs::TS;

use crate::StoreError;
use crate::stock::{decode, place_kind_of, tracking_of, unit_of};

/// Most units listed for one place (a warehouse may hold tens of thousands; the total is
/// given and a serial is found by searching).
pub const UNITS_LISTED: u32 = 500;

/// A catalogue item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockItemView {
    /// Id.
    pub id: String,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: Unit,
    /// Serialised or bulk.
    pub tracking: Tracking,
}

/// A place, with what it holds in short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockPlaceView {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: PlaceKind,
    /// Name.
    pub name: String,
    /// The technician, for a van.
    pub technician_id: Option<String>,
    /// Serialised units there.
    #[ts(type = "number")]
    pub units: i64,
    /// Items below their minimum there.
    #[ts(type = "number")]
    pub low_count: i64,
}

/// One item's balance at a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BalanceLine {
    /// Item id.
    pub item_id: String,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: Unit,
    /// Serialised or bulk.
    pub tracking: Tracking,
    /// Quantity (units for serialised items).
    #[ts(type = "number")]
    pub quantity: i64,
    /// Minimum level, when one is set.
    #[ts(type = "number | null")]
    pub minimum: Option<i64>,
    /// Below the minimum.
    pub low: bool,
}

/// A serialised unit at a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnitRow {
    /// Serial.
    pub serial: String,
    /// Item id.
    pub item_id: String,
    /// Item name.
    pub item_name: String,
    /// MAC.
    pub mac: Option<String>,
    /// There since (RFC 3339, UTC).
    pub since: String,
}

/// One ledger row, as people read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MovementRow {
    /// Movement id.
    pub id: String,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Kind.
    pub kind: MoveKind,
    /// Item name.
    pub item_name: String,
    /// Serial.
    pub serial: Option<String>,
    /// Quantity.
    #[ts(type = "number")]
    pub quantity: i64,
    /// Unit.
    pub unit: Unit,
    /// From.
    pub from_name: String,
    /// To.
    pub to_name: String,
    /// Who.
    pub actor_name: Option<String>,
    /// The order's id.
    pub order_id: Option<String>,
    /// The order's number.
    pub order_number: Option<u32>,
    /// Why.
    pub reason: Option<String>,
}

/// A place and everything in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlaceStock {
    /// The place.
    pub place: StockPlaceView,
    /// Balances per item.
    pub lines: Vec<BalanceLine>,
    /// Serialised units (at most [`UNITS_LISTED`]).
    pub units: Vec<UnitRow>,
    /// Serialised units in all.
    #[ts(type = "number")]
    pub units_total: i64,
    /// Latest movements in or out.
    pub recent: Vec<MovementRow>,
}

/// A serial: where it is and everything that happened to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SerialView {
    /// Serial.
    pub serial: String,
    /// Item name.
    pub item_name: String,
    /// SKU.
    pub sku: String,
    /// MAC.
    pub mac: Option<String>,
    /// Where it is now.
    pub place_id: String,
    /// Its name.
    pub place_name: String,
    /// Its kind.
    pub place_kind: PlaceKind,
    /// There since.
    pub since: String,
    /// Every movement, oldest first.
    pub history: Vec<MovementRow>,
}

/// A required item of the order's plan, against what was used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequiredLine {
    /// Item name.
    pub name: String,
    /// Unit.
    pub unit: Unit,
    /// Required.
    #[ts(type = "number")]
    pub required: i64,
    /// Used so far on this order.
    #[ts(type = "number")]
    pub used: i64,
}

/// The equipment side of an order page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderEquipment {
    /// The technician's van (equipment is used from it).
    pub van: Option<StockPlaceView>,
    /// Equipment can be recorded now (the order is in the field).
    pub can_record: bool,
    /// What the plan requires for an installation.
    pub required: Vec<RequiredLine>,
    /// Movements recorded on this order.
    pub movements: Vec<MovementRow>,
    /// What the van holds (to pick from).
    pub van_lines: Vec<BalanceLine>,
    /// Serialised units in the van.
    pub van_units: Vec<UnitRow>,
    /// Equipment at the customer now (comodato).
    pub at_customer: Vec<UnitRow>,
    /// Bulk items left at the customer.
    pub at_customer_bulk: Vec<BalanceLine>,
}

/// A discrepancy, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyView {
    /// Id.
    pub id: String,
    /// `serial_elsewhere`, `negative_balance` or `count_difference`.
    pub kind: String,
    /// What happened, in the reader's language.
    pub message: String,
    /// Item.
    pub item_name: String,
    /// Serial.
    pub serial: Option<String>,
    /// The place concerned.
    pub place_name: String,
    /// Found (RFC 3339, UTC).
    pub created_at: String,
    /// Resolved.
    pub resolved_at: Option<String>,
    /// What was found and done.
    pub resolution: Option<String>,
}

/// An item below its minimum somewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LowStockRow {
    /// Place id.
    pub place_id: String,
    /// Place name.
    pub place_name: String,
    /// Item name.
    pub item_name: String,
    /// Unit.
    pub unit: Unit,
    /// Quantity there.
    #[ts(type = "number")]
    pub quantity: i64,
    /// Minimum.
    #[ts(type = "number")]
    pub minimum: i64,
}

/// The stock screen's first view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockOverview {
    /// Warehouses, vans, defective/RMA.
    pub places: Vec<StockPlaceView>,
    /// The catalogue.
    pub items: Vec<StockItemView>,
    /// Low-stock alerts.
    pub low_stock: Vec<LowStockRow>,
    /// Discrepancies waiting for someone.
    #[ts(type = "number")]
    pub open_discrepancies: i64,
}

/// Serialised units at a place, from the balances (one row per item, not per unit).
const UNITS_AT: &str = "SELECT COALESCE(SUM(b.quantity), 0) FROM stock_balances b JOIN stock_items i ON i.id = b.item_id
     WHERE b.place_id = ? AND i.tracking = 'serialised'";

const MOVEMENT_COLUMNS: &str = "m.id, m.at, m.kind, i.name AS item_name, i.unit, m.serial, m.quantity, f.name AS from_name, f.kind AS from_kind, t.name AS to_name, t.kind AS to_kind, p.name AS actor_name, m.order_id, o.number AS order_number, m.reason
    FROM stock_movements m
    JOIN stock_items i ON i.id = m.item_id
    JOIN stock_places f ON f.id = m.from_place
    JOIN stock_places t ON t.id = m.to_place
    LEFT JOIN people p ON p.id = m.actor_id
    LEFT JOIN work_orders o ON o.id = m.order_id";

/// A movement as the reader reads it: its places named in their language
/// ([`PlaceKind::place_name`]).
fn movement_from(r: &SqliteRow, lang: Lang) -> Result<MovementRow, StoreError> {
    let kind: String = r.try_get("kind")?;
    let place = |name: &str, kind: &str| -> Result<String, StoreError> {
        let stored: String = r.try_get(name)?;
        Ok(place_kind_of(r.try_get(kind)?)?.place_name(&stored, lang))
    };
    let number: Option<i64> = r.try_get("order_number")?;
    Ok(MovementRow {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        kind: MoveKind::from_code(&kind).ok_or_else(|| decode("movement kind"))?,
        item_name: r.try_get("item_name")?,
        serial: r.try_get("serial")?,
        quantity: r.try_get("quantity")?,
        unit: unit_of(r.try_get("unit")?)?,
        from_name: place("from_name", "from_kind")?,
        to_name: place("to_name", "to_kind")?,
        actor_name: r.try_get("actor_name")?,
        order_id: r.try_get("order_id")?,
        order_number: number.and_then(|n| u32::try_from(n).ok()),
        reason: r.try_get("reason")?,
    })
}

fn unit_from(r: &SqliteRow) -> Result<UnitRow, StoreError> {
    Ok(UnitRow {
        serial: r.try_get("serial")?,
        item_id: r.try_get("item_id")?,
        item_name: r.try_get("item_name")?,
        mac: r.try_get("mac")?,
        since: r.try_get("since")?,
    })
}

fn balance_from(r: &SqliteRow) -> Result<BalanceLine, StoreError> {
    let quantity: i64 = r.try_get("quantity")?;
    let minimum: Option<i64> = r.try_get("minimum")?;
    Ok(BalanceLine {
        item_id: r.try_get("item_id")?,
        sku: r.try_get("sku")?,
        name: r.try_get("name")?,
        unit: unit_of(r.try_get("unit")?)?,
        tracking: tracking_of(r.try_get("tracking")?)?,
        quantity,
        minimum,
        low: minimum.is_some_and(|m| quantity < m),
    })
}
