//! The plan catalogue: what the provider sells (name, speed, price, the SVAs included) and
//! whether each plan is still offered to new customers. Changes are operations like any other.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;
use uuid::Uuid;

use campo_domain::{Field, ValidationError};
use campo_protocol::Op;
use campo_protocol::ops::{PlanCreated, PlanUpdated};
use chrono::{DateTime, Utc};

use crate::effects::{self, Mode};
use crate::write::{Writer, timestamp};
use crate::{Entity, Store, StoreError};

/// A plan as the administration types it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanInput {
    /// Commercial name.
    pub name: String,
    /// Download speed, Mbps.
    #[ts(type = "number")]
    pub download_mbps: i64,
    /// Monthly price, BRL cents.
    #[ts(type = "number")]
    pub price_cents: i64,
    /// Includes IPTV (its activation has a checklist).
    pub has_iptv: bool,
    /// Includes premium channels.
    pub premium: bool,
    /// Other SVAs included, as the provider names them.
    pub svas: Vec<String>,
    /// Offered to new customers.
    pub sold: bool,
}

/// A plan of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CataloguePlan {
    /// The plan.
    pub id: String,
    /// What it is.
    #[serde(flatten)]
    #[ts(flatten)]
    pub plan: PlanInput,
    /// Orders on this device with this plan.
    #[ts(type = "number")]
    pub orders: i64,
}

impl Writer<'_> {
    /// Adds a plan (`id` `None`) or changes one; a bad field is refused by name.
    pub async fn save_plan(
        &mut self,
        id: Option<Uuid>,
        input: &PlanInput,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        self.save_plan_from(id, input, None, at).await
    }

    /// [`Self::save_plan`] from an ERP's export: the plan keeps its id there.
    pub(crate) async fn save_plan_from(
        &mut self,
        id: Option<Uuid>,
        input: &PlanInput,
        external_id: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let name = input.name.trim().to_owned();
        if name.is_empty() {
            return Err(ValidationError::Required(Field::PlanName).into());
        }
        if input.download_mbps <= 0 {
            return Err(ValidationError::Required(Field::Speed).into());
        }
        let taken: Option<String> = sqlx::query_scalar("SELECT id FROM plans WHERE name = ?")
            .bind(&name)
            .fetch_optional(self.conn())
            .await?;
        if taken.is_some_and(|t| Some(t) != id.map(|i| i.to_string())) {
            return Err(ValidationError::Taken(Field::PlanName).into());
        }
        let plan = PlanCreated {
            external_id,
            id: id.unwrap_or_else(Uuid::now_v7),
            name,
            download_mbps: input.download_mbps,
            price_cents: input.price_cents.max(0),
            has_iptv: input.has_iptv,
            premium: input.premium,
            svas: input
                .svas
                .iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
        };
        let plan_id = plan.id;
        if id.is_none() {
            effects::plan(self.conn(), Mode::Local, &plan, &timestamp(at)).await?;
            self.record(&Op::PlanCreated(plan.clone())).await?;
            if input.sold {
                return Ok(plan_id);
            }
        } else {
            let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM plans WHERE id = ?")
                .bind(plan_id.to_string())
                .fetch_optional(self.conn())
                .await?;
            if known.is_none() {
                return Err(StoreError::NotFound(Entity::Plan));
            }
        }
        let body = PlanUpdated {
            plan,
            sold: input.sold,
        };
        effects::plan_update(self.conn(), &body).await?;
        self.record(&Op::PlanUpdated(body)).await?;
        Ok(plan_id)
    }
}

impl Store {
    /// Every plan, those on sale first, by speed.
    pub async fn plan_catalogue(&self) -> Result<Vec<CataloguePlan>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.name, p.download_mbps, p.price_cents, p.has_iptv, p.premium, p.svas, p.sold,
                    (SELECT COUNT(*) FROM work_orders o WHERE o.plan_id = p.id) AS orders
             FROM plans p ORDER BY p.sold DESC, p.download_mbps, p.name",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let svas: String = r.try_get("svas")?;
                Ok(CataloguePlan {
                    id: r.try_get("id")?,
                    plan: PlanInput {
                        name: r.try_get("name")?,
                        download_mbps: r.try_get("download_mbps")?,
                        price_cents: r.try_get("price_cents")?,
                        has_iptv: r.try_get("has_iptv")?,
                        premium: r.try_get("premium")?,
                        svas: serde_json::from_str(&svas)?,
                        sold: r.try_get("sold")?,
                    },
                    orders: r.try_get("orders")?,
                })
            })
            .collect()
    }
}
