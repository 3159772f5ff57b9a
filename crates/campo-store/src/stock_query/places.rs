//! The catalogue and places: balances, units, low stock, a serial's place and history.

use campo_domain::stock::{PlaceKind, PlaceName, van_id};
use sqlx::Row;
use uuid::Uuid;

use crate::write::parse_uuid;
use crate::{Store, StoreError};

use super::*;

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
    pub async fn stock_overview(&self, lang: Lang) -> Result<StockOverview, StoreError> {
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
            listed.push((
                van,
                PlaceKind::Van,
                campo_domain::stock::van_name(&name),
                Some(id),
            ));
        }
        for (id, kind, name, technician_id) in listed {
            let r = sqlx::query(summary)
                .bind(&id)
                .fetch_one(self.pool())
                .await?;
            places.push(StockPlaceView {
                id,
                kind,
                name: kind.place_name(&name, lang),
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
            low_stock: self.low_stock(lang).await?,
            open_discrepancies: open,
        })
    }

    /// Every item below its minimum, by place.
    pub async fn low_stock(&self, lang: Lang) -> Result<Vec<LowStockRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT mn.place_id, p.name AS place_name, p.kind AS place_kind, i.name AS item_name, i.unit, COALESCE(b.quantity, 0) AS quantity, mn.minimum
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
                    place_name: place_kind_of(r.try_get("place_kind")?)?
                        .place_name(&r.try_get::<String, _>("place_name")?, lang),
                    item_name: r.try_get("item_name")?,
                    unit: unit_of(r.try_get("unit")?)?,
                    quantity: r.try_get("quantity")?,
                    minimum: r.try_get("minimum")?,
                })
            })
            .collect()
    }

    /// A place's name with its kind (a known row, a van, a fixed place, a customer's
    /// premises), to word for whoever reads it.
    pub async fn place_named(&self, id: Uuid) -> Result<PlaceName, StoreError> {
        let mut c = self.pool().acquire().await?;
        crate::stock::named(&crate::stock::resolve_place(&mut c, id).await?)
    }

    pub(super) async fn place_view(
        &self,
        id: Uuid,
        lang: Lang,
    ) -> Result<StockPlaceView, StoreError> {
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
            name: kind.place_name(&place.name, lang),
            technician_id: (kind == PlaceKind::Van)
                .then(|| place.ref_id.map(|r| r.to_string()))
                .flatten(),
            units,
            low_count: low,
        })
    }

    pub(super) async fn balances_at(&self, place: &str) -> Result<Vec<BalanceLine>, StoreError> {
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

    pub(super) async fn units_at(
        &self,
        place: &str,
        limit: u32,
    ) -> Result<Vec<UnitRow>, StoreError> {
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
    pub async fn place_stock(&self, id: Uuid, lang: Lang) -> Result<PlaceStock, StoreError> {
        let place = self.place_view(id, lang).await?;
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
            recent: recent
                .iter()
                .map(|r| movement_from(r, lang))
                .collect::<Result<_, _>>()?,
            place,
        })
    }

    /// A serial's current place and full history; `None` when no unit has it.
    pub async fn serial(&self, serial: &str, lang: Lang) -> Result<Option<SerialView>, StoreError> {
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
        let place_kind = place_kind_of(u.try_get("place_kind")?)?;
        Ok(Some(SerialView {
            serial: u.try_get("serial")?,
            item_name: u.try_get("item_name")?,
            sku: u.try_get("sku")?,
            mac: u.try_get("mac")?,
            place_id: u.try_get("place_id")?,
            place_name: place_kind.place_name(&u.try_get::<String, _>("place_name")?, lang),
            place_kind,
            since: u.try_get("since")?,
            history: history
                .iter()
                .map(|r| movement_from(r, lang))
                .collect::<Result<_, _>>()?,
        }))
    }
}
