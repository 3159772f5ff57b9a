//! What came from the server, as a whole: the tables it fills (cleared when the device
//! bootstraps again, every table accounted for), closed orders thinned out of a technician's
//! device, and the check that no personal data sits on one.

use campo_domain::OrderStatus;
use chrono::Utc;
use sqlx::Row;

use crate::effects;
use crate::{Store, StoreError};
use campo_protocol::Role;

/// Tables holding what came from the server (or was derived from it): cleared when the device
/// bootstraps again. Every table is either here or in [`DEVICE_TABLES`] (a store test checks).
pub const REPLICATED_TABLES: [&str; 49] = [
    "visit_facts",
    "order_reports",
    "order_photos",
    "order_signatures",
    "closing_rules",
    "late_months",
    "late_months_kept",
    "default_rate_months",
    "non_payment_steps",
    "collection_contacts",
    "receivables",
    "customer_changes",
    "order_messages",
    "support_call_steps",
    "support_calls",
    "sale_events",
    "sales",
    "provider_profile",
    "stock_remote_lines",
    "activation_ticks",
    "activations",
    "activation_templates",
    "order_notices",
    "order_field_revs",
    "order_pauses",
    "order_events",
    "order_conflicts",
    "order_deadlines",
    "route_plans",
    "stock_discrepancies",
    "stock_minimums",
    "stock_units",
    "stock_balances",
    "stock_movements",
    "plan_equipment",
    "stock_places",
    "stock_items",
    "work_orders",
    "customers",
    "technician_skills",
    "technician_absences",
    "technician_weeks",
    "sla_rules",
    "calendar_days",
    "calendar_hours",
    "agenda_settings",
    "plans",
    "people",
    "applied_remote",
];

/// Tables that belong to this device and survive a new bootstrap: its identity and operation
/// sequence, its outbox (its own audit trail), the server it joined, the cursor (reset to 0),
/// which deadline crossings it already notified (so none is told twice), the sale drafts
/// typed here, and the stored files (photos taken here wait there for the server).
pub const DEVICE_TABLES: [&str; 7] = [
    "blobs",
    "device",
    "outbox",
    "sync_state",
    "sync_config",
    "deadline_notices",
    "sale_drafts",
];

impl Store {
    /// Clears everything that came from the server so the next pull bootstraps from a fresh
    /// snapshot (the server pruned what this device would have needed). Refused while
    /// operations written here wait to be pushed: they are pushed first, never dropped.
    pub async fn reset_replica(&self) -> Result<(), StoreError> {
        let _guard = self.write_lock.lock().await;
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE pushed_at IS NULL")
                .fetch_one(&mut *tx)
                .await?;
        if pending > 0 {
            return Err(StoreError::Unpushed(pending));
        }
        // References between the cleared tables are checked at commit, when all are empty.
        sqlx::query("PRAGMA defer_foreign_keys = ON")
            .execute(&mut *tx)
            .await?;
        // The append-only ledgers refuse deletes; this copy of them is replaced whole by the
        // server's (which keeps every line), so their guards step aside inside this
        // transaction only and are put back before it commits.
        let guards: Vec<(String, String)> = sqlx::query_as(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%append_only_delete'",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (name, _) in &guards {
            sqlx::query(&format!("DROP TRIGGER {name}"))
                .execute(&mut *tx)
                .await?;
        }
        for table in REPLICATED_TABLES {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for (_, sql) in &guards {
            sqlx::query(sql).execute(&mut *tx).await?;
        }
        sqlx::query("UPDATE sync_state SET cursor = 0 WHERE singleton = 1")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// On a technician's device, removes the done and cancelled orders whose visit is older
    /// than the window ([`campo_domain::scope`]), with their customers when no other order
    /// of theirs stays; the office keeps them. Orders with changes not yet pushed stay.
    /// Returns how many left. Other roles keep everything.
    pub async fn forget_closed_orders(
        &self,
        now: chrono::DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        // Runs after every round: office devices leave without taking the write lock.
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM sync_config WHERE singleton = 1")
                .fetch_optional(self.pool())
                .await?;
        if role.as_deref().and_then(Role::from_code) != Some(Role::Technician) {
            return Ok(0);
        }
        let today = self.place().await?.date_at(now);
        let _guard = self.write_lock.lock().await;
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        // Only visits older than the window can leave; the domain's rule decides each.
        let closed = sqlx::query(
            "SELECT id, status, scheduled_date FROM work_orders w
             WHERE status IN ('done', 'cancelled')
               AND (scheduled_date IS NULL OR scheduled_date < ?)
               AND NOT EXISTS (SELECT 1 FROM outbox o
                               WHERE o.entity = 'work_order' AND o.entity_id = w.id AND o.pushed_at IS NULL)",
        )
        .bind(campo_domain::scope::first_kept_day(today).to_string())
        .fetch_all(&mut *tx)
        .await?;
        if closed.is_empty() {
            return Ok(0);
        }
        let mut gone = 0;
        for row in closed {
            let status = OrderStatus::from_code(row.try_get("status")?)
                .ok_or_else(|| sqlx::Error::Decode("unknown status".into()))?;
            let date = row
                .try_get::<Option<String>, _>("scheduled_date")?
                .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            if !campo_domain::scope::technician_keeps(status, date, today) {
                let id: String = row.try_get("id")?;
                effects::remove_order(&mut tx, crate::write::parse_uuid(&id)?).await?;
                gone += 1;
            }
        }
        // The files of the photos that left, once the server has them.
        crate::photos::drop_unused(&mut tx).await?;
        tx.commit().await?;
        Ok(gone)
    }
}

impl Store {
    /// How many customers on this device carry CPF, mother's name or birth date — zero on a
    /// technician's device (LGPD).
    pub async fn customers_with_personal_data(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM customers WHERE cpf IS NOT NULL OR mother_name IS NOT NULL OR birth_date IS NOT NULL",
        )
        .fetch_one(self.pool())
        .await?)
    }
}
