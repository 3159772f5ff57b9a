//! Technicians' routes as the store keeps them: their skills (what the planner respects),
//! each technician's recorded visiting order of a day (what "Meu dia" follows), and the reads
//! a planner needs beyond the order list (where orders and technicians are). Planning itself
//! lives in `campo-planning`.

use std::collections::HashMap;

use campo_domain::skills::Skill;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{Writer, timestamp};
use crate::{Store, StoreError};
use campo_protocol::Op;
use campo_protocol::ops::{RouteSet, SkillsSet};

/// A technician's skills as the coordinator sets them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TechnicianSkills {
    /// Technician id.
    pub technician_id: String,
    /// Name.
    pub name: String,
    /// What they can do.
    pub skills: Vec<Skill>,
    /// `false` when never set (taken as every skill).
    pub configured: bool,
}

impl Writer<'_> {
    /// Sets what a technician can do (replacing the previous list); the route planner only
    /// gives them visits whose skills they all have.
    pub async fn set_technician_skills(
        &mut self,
        technician: uuid::Uuid,
        skills: &[Skill],
        at: chrono::DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.ensure_technician(technician).await?;
        let mut codes: Vec<Skill> = skills.to_vec();
        codes.sort();
        codes.dedup();
        let body = SkillsSet {
            technician_id: technician,
            skills: codes.iter().map(|s| s.code().to_owned()).collect(),
            at: timestamp(at),
        };
        let actor = self.actor_id();
        crate::effects::skills(self.conn(), &body, actor).await?;
        self.record(&Op::SkillsSet(body)).await
    }

    /// Records `technician`'s visiting order for `date` (a plan applied, or reordered by
    /// hand), with its totals; their device follows it.
    pub async fn record_route(
        &mut self,
        date: NaiveDate,
        technician: Uuid,
        order_ids: Vec<Uuid>,
        (km, driving_minutes, idle_minutes): (f64, i64, i64),
        at: chrono::DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let body = RouteSet {
            date: date.to_string(),
            technician_id: technician,
            order_ids,
            km,
            driving_minutes,
            idle_minutes,
            at: timestamp(at),
        };
        let actor = self.actor_id();
        crate::effects::route(self.conn(), &body, actor).await?;
        self.record(&Op::RouteSet(body)).await
    }
}

/// Where a visit is (`lat`, `lon`): the customer's place, or for an address change the place
/// it moves them to (none when that was not placed on the map: never the old home).
const VISIT_PLACE: &str = "CASE WHEN o.new_address IS NULL THEN c.lat ELSE json_extract(o.new_address, '$.lat') END AS lat,
     CASE WHEN o.new_address IS NULL THEN c.lon ELSE json_extract(o.new_address, '$.lon') END AS lon";

impl Store {
    /// Every active technician's skills, by name.
    pub async fn technician_skills(&self) -> Result<Vec<TechnicianSkills>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.name, s.skills FROM people p LEFT JOIN technician_skills s ON s.technician_id = p.id
             WHERE p.role = 'technician' AND p.active = 1 ORDER BY p.name",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let stored: Option<String> = r.try_get("skills")?;
                let skills = match &stored {
                    Some(json) => serde_json::from_str::<Vec<String>>(json)?
                        .iter()
                        .filter_map(|c| Skill::from_code(c))
                        .collect(),
                    None => Skill::ALL.to_vec(),
                };
                Ok(TechnicianSkills {
                    technician_id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    skills,
                    configured: stored.is_some(),
                })
            })
            .collect()
    }

    /// Where each technician is on `date`: at the customer of a visit in progress, else at
    /// the last visit they finished (by its last event); absent when they have not started.
    pub async fn positions(
        &self,
        date: NaiveDate,
    ) -> Result<HashMap<String, (f64, f64)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT o.technician_id, {VISIT_PLACE}, o.status = 'in_progress' AS here,
                    (SELECT max(e.at) FROM order_events e WHERE e.order_id = o.id) AS last_at
             FROM work_orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.scheduled_date = ? AND o.technician_id IS NOT NULL
               AND o.status IN ('in_progress', 'done', 'not_done')
             ORDER BY here, last_at"
        ))
        .bind(date.to_string())
        .fetch_all(self.pool())
        .await?;
        let mut at = HashMap::new();
        // Later rows win: the newest finished visit, and a visit in progress above all.
        for r in rows {
            let (lat, lon): (Option<f64>, Option<f64>) = (r.try_get("lat")?, r.try_get("lon")?);
            if let (Some(lat), Some(lon)) = (lat, lon) {
                at.insert(r.try_get("technician_id")?, (lat, lon));
            }
        }
        Ok(at)
    }

    /// Where each of `orders` is (its customer's coordinates), by order id.
    pub async fn order_coordinates(
        &self,
        orders: &[String],
    ) -> Result<HashMap<String, (f64, f64)>, StoreError> {
        let mut coords = HashMap::new();
        for chunk in orders.chunks(400) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
                "SELECT o.id, {VISIT_PLACE} FROM work_orders o JOIN customers c ON c.id = o.customer_id WHERE o.id IN ("
            ));
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(id.clone());
            }
            q.push(")");
            for r in q.build().fetch_all(self.pool()).await? {
                // A customer not placed on the map yet has no coordinates: planning names it.
                if let (Some(lat), Some(lon)) = (
                    r.try_get::<Option<f64>, _>("lat")?,
                    r.try_get::<Option<f64>, _>("lon")?,
                ) {
                    coords.insert(r.try_get::<String, _>("id")?, (lat, lon));
                }
            }
        }
        Ok(coords)
    }

    /// A technician's recorded visiting order for a day (empty when none was applied).
    pub async fn route_order(
        &self,
        date: &str,
        technician: &str,
    ) -> Result<Vec<String>, StoreError> {
        let ids: Option<String> = sqlx::query_scalar(
            "SELECT order_ids FROM route_plans WHERE date = ? AND technician_id = ?",
        )
        .bind(date)
        .bind(technician)
        .fetch_optional(self.pool())
        .await?;
        Ok(match ids {
            Some(json) => serde_json::from_str(&json)?,
            None => Vec::new(),
        })
    }
}
