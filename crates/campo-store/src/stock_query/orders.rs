//! The equipment side of orders and plans: what an order needs and what was recorded on it,
//! and each plan's required equipment.

use campo_domain::OrderStatus;
use campo_domain::stock::{Tracking, customer_place_id, van_id};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;
use uuid::Uuid;

use crate::write::parse_uuid;
use crate::{Entity, Store, StoreError};

use super::*;

impl Store {
    /// The equipment side of an order: the van it is used from, the plan's requirements,
    /// what was recorded, and what the customer has.
    pub async fn order_equipment(
        &self,
        order_id: Uuid,
        lang: Lang,
    ) -> Result<OrderEquipment, StoreError> {
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
            Some(t) => Some(self.place_view(van_id(parse_uuid(t)?), lang).await?),
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
        .map(|r| movement_from(r, lang))
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
