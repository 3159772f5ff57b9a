//! The stock read side: places and their balances, low-stock alerts, a serial's place and
//! history, the equipment of an order and of a customer, discrepancies, the ledger check,
//! and CSV exports.

use campo_domain::stock::{MoveKind, PlaceKind, Tracking, Unit, customer_place_id, van_id};
use campo_domain::{Lang, OrderStatus};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use ts_rs::TS;
use uuid::Uuid;

use crate::write::parse_uuid;
use crate::{Entity, Store, StoreError};

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

fn decode(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("invalid stock {what}").into()))
}

fn unit_of(code: &str) -> Result<Unit, StoreError> {
    Unit::from_code(code).ok_or_else(|| decode("unit"))
}

fn tracking_of(code: &str) -> Result<Tracking, StoreError> {
    Tracking::from_code(code).ok_or_else(|| decode("tracking"))
}

fn place_kind_of(code: &str) -> Result<PlaceKind, StoreError> {
    PlaceKind::from_code(code).ok_or_else(|| decode("place kind"))
}

/// Serialised units at a place, from the balances (one row per item, not per unit).
const UNITS_AT: &str = "SELECT COALESCE(SUM(b.quantity), 0) FROM stock_balances b JOIN stock_items i ON i.id = b.item_id
     WHERE b.place_id = ? AND i.tracking = 'serialised'";

const MOVEMENT_COLUMNS: &str = "m.id, m.at, m.kind, i.name AS item_name, i.unit, m.serial, m.quantity, f.name AS from_name, t.name AS to_name, p.name AS actor_name, m.order_id, o.number AS order_number, m.reason
    FROM stock_movements m
    JOIN stock_items i ON i.id = m.item_id
    JOIN stock_places f ON f.id = m.from_place
    JOIN stock_places t ON t.id = m.to_place
    LEFT JOIN people p ON p.id = m.actor_id
    LEFT JOIN work_orders o ON o.id = m.order_id";

fn movement_from(r: &SqliteRow) -> Result<MovementRow, StoreError> {
    let kind: String = r.try_get("kind")?;
    let number: Option<i64> = r.try_get("order_number")?;
    Ok(MovementRow {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        kind: MoveKind::from_code(&kind).ok_or_else(|| decode("movement kind"))?,
        item_name: r.try_get("item_name")?,
        serial: r.try_get("serial")?,
        quantity: r.try_get("quantity")?,
        unit: unit_of(r.try_get("unit")?)?,
        from_name: r.try_get("from_name")?,
        to_name: r.try_get("to_name")?,
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

impl Store {
    /// The catalogue, by name.
    pub async fn stock_items(&self) -> Result<Vec<StockItemView>, StoreError> {
        let rows =
            sqlx::query("SELECT id, sku, name, unit, tracking FROM stock_items ORDER BY name")
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(StockItemView {
                    id: r.try_get("id")?,
                    sku: r.try_get("sku")?,
                    name: r.try_get("name")?,
                    unit: unit_of(r.try_get("unit")?)?,
                    tracking: tracking_of(r.try_get("tracking")?)?,
                })
            })
            .collect()
    }

    /// Warehouses, every active technician's van (empty ones too), and defective/RMA; the
    /// catalogue; low-stock alerts; the number of open discrepancies.
    pub async fn stock_overview(&self) -> Result<StockOverview, StoreError> {
        let mut places = Vec::new();
        let summary = "SELECT (SELECT COALESCE(SUM(b.quantity), 0) FROM stock_balances b JOIN stock_items i ON i.id = b.item_id
                    WHERE b.place_id = ?1 AND i.tracking = 'serialised') AS units,
                (SELECT COUNT(*) FROM stock_minimums mn LEFT JOIN stock_balances b ON b.place_id = mn.place_id AND b.item_id = mn.item_id
                 WHERE mn.place_id = ?1 AND COALESCE(b.quantity, 0) < mn.minimum) AS low";
        let fixed = sqlx::query(
            "SELECT id, kind, name FROM stock_places WHERE kind IN ('warehouse','defective') ORDER BY kind DESC, name",
        )
        .fetch_all(self.pool())
        .await?;
        let mut listed: Vec<(String, PlaceKind, String, Option<String>)> = fixed
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    place_kind_of(r.try_get("kind")?)?,
                    r.try_get("name")?,
                    None,
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        // Defective/RMA is always offered, even before anything was sent there.
        let rma = crate::stock::fixed_place(PlaceKind::Defective);
        if !listed.iter().any(|(id, ..)| *id == rma.id.to_string()) {
            listed.push((rma.id.to_string(), PlaceKind::Defective, rma.name, None));
        }
        let techs = sqlx::query(
            "SELECT id, name FROM people WHERE role = 'technician' AND active = 1 ORDER BY name",
        )
        .fetch_all(self.pool())
        .await?;
        for t in &techs {
            let id: String = t.try_get("id")?;
            let name: String = t.try_get("name")?;
            let van = van_id(parse_uuid(&id)?).to_string();
            listed.push((van, PlaceKind::Van, format!("Van de {name}"), Some(id)));
        }
        for (id, kind, name, technician_id) in listed {
            let r = sqlx::query(summary)
                .bind(&id)
                .fetch_one(self.pool())
                .await?;
            places.push(StockPlaceView {
                id,
                kind,
                name,
                technician_id,
                units: r.try_get("units")?,
                low_count: r.try_get("low")?,
            });
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM stock_discrepancies WHERE resolved_at IS NULL",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(StockOverview {
            places,
            items: self.stock_items().await?,
            low_stock: self.low_stock().await?,
            open_discrepancies: open,
        })
    }

    /// Every item below its minimum, by place.
    pub async fn low_stock(&self) -> Result<Vec<LowStockRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT mn.place_id, p.name AS place_name, i.name AS item_name, i.unit, COALESCE(b.quantity, 0) AS quantity, mn.minimum
             FROM stock_minimums mn
             JOIN stock_places p ON p.id = mn.place_id
             JOIN stock_items i ON i.id = mn.item_id
             LEFT JOIN stock_balances b ON b.place_id = mn.place_id AND b.item_id = mn.item_id
             WHERE COALESCE(b.quantity, 0) < mn.minimum
             ORDER BY p.name, i.name",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LowStockRow {
                    place_id: r.try_get("place_id")?,
                    place_name: r.try_get("place_name")?,
                    item_name: r.try_get("item_name")?,
                    unit: unit_of(r.try_get("unit")?)?,
                    quantity: r.try_get("quantity")?,
                    minimum: r.try_get("minimum")?,
                })
            })
            .collect()
    }

    async fn place_view(&self, id: Uuid) -> Result<StockPlaceView, StoreError> {
        let mut c = self.pool().acquire().await?;
        let place = crate::stock::resolve_place(&mut c, id).await?;
        drop(c);
        let units: i64 = sqlx::query_scalar(UNITS_AT)
            .bind(id.to_string())
            .fetch_one(self.pool())
            .await?;
        let low: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM stock_minimums mn LEFT JOIN stock_balances b ON b.place_id = mn.place_id AND b.item_id = mn.item_id
             WHERE mn.place_id = ? AND COALESCE(b.quantity, 0) < mn.minimum",
        )
        .bind(id.to_string())
        .fetch_one(self.pool())
        .await?;
        let kind = place_kind_of(&place.kind)?;
        Ok(StockPlaceView {
            id: id.to_string(),
            kind,
            name: place.name,
            technician_id: (kind == PlaceKind::Van)
                .then(|| place.ref_id.map(|r| r.to_string()))
                .flatten(),
            units,
            low_count: low,
        })
    }

    async fn balances_at(&self, place: &str) -> Result<Vec<BalanceLine>, StoreError> {
        let rows = sqlx::query(
            "SELECT i.id AS item_id, i.sku, i.name, i.unit, i.tracking, COALESCE(b.quantity, 0) AS quantity, mn.minimum
             FROM stock_items i
             LEFT JOIN stock_balances b ON b.item_id = i.id AND b.place_id = ?1
             LEFT JOIN stock_minimums mn ON mn.item_id = i.id AND mn.place_id = ?1
             WHERE b.quantity <> 0 OR mn.minimum IS NOT NULL
             ORDER BY i.name",
        )
        .bind(place)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(balance_from).collect()
    }

    async fn units_at(&self, place: &str, limit: u32) -> Result<Vec<UnitRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.serial, u.item_id, i.name AS item_name, u.mac, u.since FROM stock_units u JOIN stock_items i ON i.id = u.item_id
             WHERE u.place_id = ? ORDER BY u.item_id, u.serial LIMIT ?",
        )
        .bind(place)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(unit_from).collect()
    }

    /// A place's balances, its units and its latest movements.
    pub async fn place_stock(&self, id: Uuid) -> Result<PlaceStock, StoreError> {
        let place = self.place_view(id).await?;
        let key = id.to_string();
        let recent = sqlx::query(&format!(
            "SELECT {MOVEMENT_COLUMNS} WHERE m.seq IN (
                 SELECT seq FROM (SELECT seq FROM stock_movements WHERE from_place = ?1 ORDER BY seq DESC LIMIT 50)
                 UNION SELECT seq FROM (SELECT seq FROM stock_movements WHERE to_place = ?1 ORDER BY seq DESC LIMIT 50))
             ORDER BY m.seq DESC LIMIT 50"
        ))
        .bind(&key)
        .fetch_all(self.pool())
        .await?;
        Ok(PlaceStock {
            lines: self.balances_at(&key).await?,
            units: self.units_at(&key, UNITS_LISTED).await?,
            units_total: place.units,
            recent: recent.iter().map(movement_from).collect::<Result<_, _>>()?,
            place,
        })
    }

    /// A serial's current place and full history; `None` when no unit has it.
    pub async fn serial(&self, serial: &str) -> Result<Option<SerialView>, StoreError> {
        let serial = serial.trim().to_uppercase();
        let Some(u) = sqlx::query(
            "SELECT u.serial, i.name AS item_name, i.sku, u.mac, u.place_id, p.name AS place_name, p.kind AS place_kind, u.since
             FROM stock_units u JOIN stock_items i ON i.id = u.item_id JOIN stock_places p ON p.id = u.place_id
             WHERE u.serial = ?",
        )
        .bind(&serial)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let history = sqlx::query(&format!(
            "SELECT {MOVEMENT_COLUMNS} WHERE m.serial = ? ORDER BY m.seq"
        ))
        .bind(&serial)
        .fetch_all(self.pool())
        .await?;
        Ok(Some(SerialView {
            serial: u.try_get("serial")?,
            item_name: u.try_get("item_name")?,
            sku: u.try_get("sku")?,
            mac: u.try_get("mac")?,
            place_id: u.try_get("place_id")?,
            place_name: u.try_get("place_name")?,
            place_kind: place_kind_of(u.try_get("place_kind")?)?,
            since: u.try_get("since")?,
            history: history
                .iter()
                .map(movement_from)
                .collect::<Result<_, _>>()?,
        }))
    }

    /// The equipment side of an order: the van it is used from, the plan's requirements,
    /// what was recorded, and what the customer has.
    pub async fn order_equipment(&self, order_id: Uuid) -> Result<OrderEquipment, StoreError> {
        let row =
            sqlx::query("SELECT status, customer_id, technician_id FROM work_orders WHERE id = ?")
                .bind(order_id.to_string())
                .fetch_optional(self.pool())
                .await?
                .ok_or(StoreError::NotFound(Entity::Order))?;
        let status: String = row.try_get("status")?;
        let customer: String = row.try_get("customer_id")?;
        let technician: Option<String> = row.try_get("technician_id")?;
        let customer_place = customer_place_id(parse_uuid(&customer)?).to_string();
        let van = match &technician {
            Some(t) => Some(self.place_view(van_id(parse_uuid(t)?)).await?),
            None => None,
        };
        let in_field = matches!(
            OrderStatus::from_code(&status),
            Some(OrderStatus::EnRoute | OrderStatus::InProgress)
        );
        let required = sqlx::query(
            "SELECT i.name, i.unit, pe.quantity AS required,
                    COALESCE((SELECT SUM(m.quantity) FROM stock_movements m WHERE m.order_id = o.id AND m.kind = 'use' AND m.item_id = pe.item_id), 0) AS used
             FROM work_orders o JOIN plan_equipment pe ON pe.plan_id = o.plan_id JOIN stock_items i ON i.id = pe.item_id
             WHERE o.id = ? AND o.kind = 'installation' ORDER BY i.name",
        )
        .bind(order_id.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(RequiredLine {
                name: r.try_get("name")?,
                unit: unit_of(r.try_get("unit")?)?,
                required: r.try_get("required")?,
                used: r.try_get("used")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        let movements = sqlx::query(&format!(
            "SELECT {MOVEMENT_COLUMNS} WHERE m.order_id = ? ORDER BY m.seq"
        ))
        .bind(order_id.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(movement_from)
        .collect::<Result<_, _>>()?;
        let (van_lines, van_units) = match &van {
            Some(v) => (
                self.balances_at(&v.id).await?,
                self.units_at(&v.id, UNITS_LISTED).await?,
            ),
            None => (Vec::new(), Vec::new()),
        };
        let at_customer_bulk = self
            .balances_at(&customer_place)
            .await?
            .into_iter()
            .filter(|b| b.tracking == Tracking::Bulk && b.quantity > 0)
            .collect();
        Ok(OrderEquipment {
            can_record: in_field && van.is_some(),
            van,
            required,
            movements,
            van_lines,
            van_units,
            at_customer: self.units_at(&customer_place, UNITS_LISTED).await?,
            at_customer_bulk,
        })
    }

    /// Discrepancies, open ones first, newest first.
    pub async fn discrepancies(
        &self,
        include_resolved: bool,
        lang: Lang,
    ) -> Result<Vec<DiscrepancyView>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT d.id, d.kind, d.serial, d.detail, d.created_at, d.resolved_at, d.resolution, i.name AS item_name, i.unit, p.name AS place_name
             FROM stock_discrepancies d JOIN stock_items i ON i.id = d.item_id JOIN stock_places p ON p.id = d.place_id
             {} ORDER BY d.resolved_at IS NOT NULL, d.created_at DESC LIMIT 1000",
            if include_resolved { "" } else { "WHERE d.resolved_at IS NULL" }
        ))
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let kind: String = r.try_get("kind")?;
            let detail: String = r.try_get("detail")?;
            let detail: serde_json::Value = serde_json::from_str(&detail)?;
            let serial: Option<String> = r.try_get("serial")?;
            let item: String = r.try_get("item_name")?;
            let place: String = r.try_get("place_name")?;
            let unit = unit_of(r.try_get("unit")?)?.code();
            let what = serial.clone().unwrap_or_else(|| item.clone());
            let other = |key: &str| -> Option<Uuid> {
                detail
                    .get(key)
                    .and_then(|v| v.as_str())
                    .and_then(|s| Uuid::parse_str(s).ok())
            };
            let message = match kind.as_str() {
                "serial_elsewhere" => {
                    let expected = match other("expected") {
                        Some(id) => self.place_name(id).await?,
                        None => "?".to_owned(),
                    };
                    let actual = match other("actual") {
                        Some(id) => Some(self.place_name(id).await?),
                        None => None,
                    };
                    match (lang, actual) {
                        (Lang::PtBr, Some(a)) => format!(
                            "{what} foi movido de {expected} para {place}, mas estava em {a}"
                        ),
                        (Lang::PtBr, None) => format!(
                            "{what} foi movido de {expected} para {place}, mas não estava cadastrado"
                        ),
                        (Lang::En, Some(a)) => format!(
                            "{what} was moved from {expected} to {place}, but it was at {a}"
                        ),
                        (Lang::En, None) => format!(
                            "{what} was moved from {expected} to {place}, but it was not registered"
                        ),
                    }
                }
                "negative_balance" => {
                    let balance = detail
                        .get("balance")
                        .and_then(serde_json::Value::as_i64)
                        .unwrap_or(0);
                    match lang {
                        Lang::PtBr => {
                            format!("Saldo negativo de {item} em {place}: {balance} {unit}")
                        }
                        Lang::En => {
                            format!("Negative balance of {item} at {place}: {balance} {unit}")
                        }
                    }
                }
                _ => {
                    let q = detail
                        .get("quantity")
                        .and_then(serde_json::Value::as_i64)
                        .unwrap_or(0);
                    let missing =
                        detail.get("direction").and_then(|v| v.as_str()) == Some("missing");
                    match (lang, missing, serial.is_some()) {
                        (Lang::PtBr, true, true) => {
                            format!("Contagem: {what} não encontrado em {place}")
                        }
                        (Lang::PtBr, false, true) => format!(
                            "Contagem: {what} encontrado em {place}, registrado em outro lugar"
                        ),
                        (Lang::PtBr, true, false) => {
                            format!("Contagem: faltam {q} {unit} de {item} em {place}")
                        }
                        (Lang::PtBr, false, false) => {
                            format!("Contagem: sobram {q} {unit} de {item} em {place}")
                        }
                        (Lang::En, true, true) => format!("Count: {what} not found at {place}"),
                        (Lang::En, false, true) => {
                            format!("Count: {what} found at {place}, recorded elsewhere")
                        }
                        (Lang::En, true, false) => {
                            format!("Count: {q} {unit} of {item} missing at {place}")
                        }
                        (Lang::En, false, false) => {
                            format!("Count: {q} {unit} of {item} in excess at {place}")
                        }
                    }
                }
            };
            out.push(DiscrepancyView {
                id: r.try_get("id")?,
                kind,
                message,
                item_name: item,
                serial,
                place_name: place,
                created_at: r.try_get("created_at")?,
                resolved_at: r.try_get("resolved_at")?,
                resolution: r.try_get("resolution")?,
            });
        }
        Ok(out)
    }

    async fn place_name(&self, id: Uuid) -> Result<String, StoreError> {
        let mut c = self.pool().acquire().await?;
        match crate::stock::resolve_place(&mut c, id).await {
            Ok(p) => Ok(p.name),
            Err(StoreError::NotFound(_)) => Ok(id.to_string()),
            Err(e) => Err(e),
        }
    }

    /// Recomputes balances and each unit's place from the ledger alone and lists every
    /// disagreement with the stored projections (empty when they agree).
    pub async fn verify_stock(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let rows = sqlx::query(
            "WITH ledger AS (
                 SELECT place, item, SUM(q) AS q FROM (
                     SELECT to_place AS place, item_id AS item, quantity AS q FROM stock_movements
                     UNION ALL SELECT from_place, item_id, -quantity FROM stock_movements)
                 GROUP BY place, item)
             SELECT COALESCE(l.place, b.place_id) AS place, COALESCE(l.item, b.item_id) AS item, COALESCE(l.q, 0) AS ledger, COALESCE(b.quantity, 0) AS stored
             FROM ledger l FULL OUTER JOIN stock_balances b ON b.place_id = l.place AND b.item_id = l.item
             WHERE COALESCE(l.q, 0) <> COALESCE(b.quantity, 0)",
        )
        .fetch_all(self.pool())
        .await?;
        for r in rows {
            let place: String = r.try_get("place")?;
            let item: String = r.try_get("item")?;
            let ledger: i64 = r.try_get("ledger")?;
            let stored: i64 = r.try_get("stored")?;
            problems.push(format!(
                "balance of {item} at {place}: ledger {ledger}, stored {stored}"
            ));
        }
        let rows = sqlx::query(
            "SELECT u.serial, u.place_id, (SELECT m.to_place FROM stock_movements m WHERE m.serial = u.serial ORDER BY m.seq DESC LIMIT 1) AS last
             FROM stock_units u WHERE u.place_id IS NOT (SELECT m.to_place FROM stock_movements m WHERE m.serial = u.serial ORDER BY m.seq DESC LIMIT 1)",
        )
        .fetch_all(self.pool())
        .await?;
        for r in rows {
            let serial: String = r.try_get("serial")?;
            let place: String = r.try_get("place_id")?;
            let last: Option<String> = r.try_get("last")?;
            problems.push(format!(
                "unit {serial} at {place}, ledger says {}",
                last.as_deref().unwrap_or("nowhere")
            ));
        }
        Ok(problems)
    }

    /// Balances of every place as CSV (`;`-separated, pt-BR headers, as spreadsheets in
    /// Brazil open it).
    pub async fn export_balances_csv(&self) -> Result<String, StoreError> {
        let rows = sqlx::query(
            "SELECT p.name AS place, p.kind, i.sku, i.name, i.unit, b.quantity FROM stock_balances b
             JOIN stock_places p ON p.id = b.place_id JOIN stock_items i ON i.id = b.item_id
             WHERE b.quantity <> 0 AND p.kind IN ('warehouse','van','customer','defective')
             ORDER BY p.kind, p.name, i.name",
        )
        .fetch_all(self.pool())
        .await?;
        let mut out = String::from("local;tipo;sku;item;unidade;saldo\n");
        for r in rows {
            let cells: [String; 6] = [
                r.try_get("place")?,
                r.try_get("kind")?,
                r.try_get("sku")?,
                r.try_get("name")?,
                r.try_get("unit")?,
                r.try_get::<i64, _>("quantity")?.to_string(),
            ];
            push_csv_row(&mut out, &cells);
        }
        Ok(out)
    }

    /// Every movement as CSV, oldest first.
    pub async fn export_movements_csv(&self) -> Result<String, StoreError> {
        let rows = sqlx::query(&format!("SELECT {MOVEMENT_COLUMNS} ORDER BY m.seq"))
            .fetch_all(self.pool())
            .await?;
        let mut out = String::from(
            "data;tipo;item;serial;quantidade;unidade;de;para;responsável;os;motivo\n",
        );
        for r in rows {
            let m = movement_from(&r)?;
            let cells: [String; 11] = [
                m.at,
                m.kind.code().to_owned(),
                m.item_name,
                m.serial.unwrap_or_default(),
                m.quantity.to_string(),
                m.unit.code().to_owned(),
                m.from_name,
                m.to_name,
                m.actor_name.unwrap_or_default(),
                m.order_number.map(|n| n.to_string()).unwrap_or_default(),
                m.reason.unwrap_or_default(),
            ];
            push_csv_row(&mut out, &cells);
        }
        Ok(out)
    }
}

/// Appends one `;`-separated row, quoting cells that need it.
fn push_csv_row(out: &mut String, cells: &[String]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        if cell.contains([';', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push('\n');
}

/// A plan and the equipment its installations require.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanEquipmentView {
    /// Plan id.
    pub plan_id: String,
    /// Plan name.
    pub plan_name: String,
    /// Required items: (item id, quantity).
    pub items: Vec<RequiredItem>,
}

/// One required item of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequiredItem {
    /// Item id.
    pub item_id: String,
    /// Quantity.
    #[ts(type = "number")]
    pub quantity: i64,
}

impl Store {
    /// Every plan with the equipment its installations require.
    pub async fn plan_equipment(&self) -> Result<Vec<PlanEquipmentView>, StoreError> {
        let plans = sqlx::query("SELECT id, name FROM plans ORDER BY download_mbps, name")
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::with_capacity(plans.len());
        for p in plans {
            let id: String = p.try_get("id")?;
            let items = sqlx::query(
                "SELECT item_id, quantity FROM plan_equipment WHERE plan_id = ? ORDER BY item_id",
            )
            .bind(&id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(RequiredItem {
                    item_id: r.try_get("item_id")?,
                    quantity: r.try_get("quantity")?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
            out.push(PlanEquipmentView {
                plan_id: id,
                plan_name: p.try_get("name")?,
                items,
            });
        }
        Ok(out)
    }
}
