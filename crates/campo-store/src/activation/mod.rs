//! Activation checklists in the store: template versions, the activation queue (installations
//! done whose plan has an SVA and that are not active yet), a checklist with every attempt and
//! every tick, and the writes — start, tick, complete, fail (with a repair visit or a
//! reconfiguration to follow).
//!
//! - [`effects`]: what applying an activation operation does, shared by local writes and
//!   pulled operations.
//! - [`write`]: the [`Writer`]'s activation operations.
//! - [`read`]: the queue, a checklist with its attempts, the templates and the figures.

mod effects;
mod read;
mod write;

pub(crate) use effects::*;
pub use read::{ActivationMetrics, RetriedActivation};

use campo_domain::activation::{Answer, Outcome, TemplateItem};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::StoreError;
use crate::views::OrderRow;

pub use campo_domain::activation::IPTV;

/// A service whose activation is followed: IPTV, or an SVA a plan names, with its checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceView {
    /// Its key ([`campo_domain::activation::service_key`]).
    pub key: String,
    /// Its name as the plans write it.
    pub name: String,
    /// Its checklist's current version ("Nome (v2)"), if it has one.
    pub template: Option<String>,
}

/// Whether a newer done installation, plan change or SVA activation of the same customer
/// takes over `order`'s activations (the services to activate are the newest one's plan's).
pub(crate) async fn superseded(
    c: &mut sqlx::SqliteConnection,
    order: uuid::Uuid,
) -> Result<bool, StoreError> {
    let newer: Option<i64> = sqlx::query_scalar(
        "WITH done_at AS (SELECT w.id, w.customer_id,
                                 (SELECT MAX(e.at) FROM order_events e WHERE e.order_id = w.id AND e.to_status = 'done') AS at
                          FROM work_orders w
                          WHERE w.status = 'done' AND w.kind IN ('installation', 'plan_change', 'sva_activation')
                            AND w.customer_id = (SELECT customer_id FROM work_orders WHERE id = ?1))
         SELECT 1 FROM done_at d, done_at me
         WHERE me.id = ?1 AND d.id <> ?1 AND (d.at > me.at OR (d.at = me.at AND d.id > me.id)) LIMIT 1",
    )
    .bind(order.to_string())
    .fetch_optional(c)
    .await?;
    Ok(newer.is_some())
}

/// The services a plan includes: IPTV when it has it, then every SVA it names (each once).
pub(crate) fn plan_services(has_iptv: bool, svas: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if has_iptv {
        out.push((IPTV.to_owned(), "IPTV".to_owned()));
    }
    for name in svas {
        let key = campo_domain::activation::service_key(name);
        if !key.is_empty() && !out.iter().any(|(k, _)| *k == key) {
            out.push((key, name.trim().to_owned()));
        }
    }
    out
}

/// A template version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateView {
    /// Id.
    pub id: String,
    /// Service.
    pub service: String,
    /// Name.
    pub name: String,
    /// Version.
    #[ts(type = "number")]
    pub version: i64,
    /// Items.
    pub items: Vec<TemplateItem>,
    /// Saved (RFC 3339, UTC).
    pub created_at: String,
}

/// A line of the activation queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivationRow {
    /// The order.
    pub order: OrderRow,
    /// The service to activate (its key).
    pub service: String,
    /// The service's name.
    pub service_name: String,
    /// When the installation was done (RFC 3339, UTC).
    pub installed_at: Option<String>,
    /// Attempts so far.
    #[ts(type = "number")]
    pub attempts: i64,
    /// The last attempt's status (`open`, `failed`), none before the first.
    pub last_status: Option<String>,
    /// Plan includes premium channels.
    pub premium: bool,
}

/// One tick, as the audit shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TickView {
    /// The answer.
    pub answer: Answer,
    /// How it was judged.
    pub outcome: Outcome,
    /// The note.
    pub note: Option<String>,
    /// Who.
    pub by: Option<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An item of a checklist with its current answer and its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    /// The item as the template version had it.
    pub item: TemplateItem,
    /// Whether it applies to this order's plan.
    pub applies: bool,
    /// The current answer (latest tick by clock).
    pub current: Option<TickView>,
    /// Every tick, oldest first.
    pub history: Vec<TickView>,
}

/// One attempt at activating the order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttemptView {
    /// Checklist id.
    pub id: String,
    /// Attempt number.
    #[ts(type = "number")]
    pub attempt: i64,
    /// `open`, `passed` or `failed`.
    pub status: String,
    /// Template name and version.
    pub template: String,
    /// Items.
    pub items: Vec<ItemView>,
    /// Started (RFC 3339, UTC) and by whom.
    pub started_at: String,
    /// Who started it.
    pub started_by: Option<String>,
    /// Closed.
    pub closed_at: Option<String>,
    /// Who closed it.
    pub closed_by: Option<String>,
    /// Why it failed.
    pub reason: Option<String>,
    /// `repair` or `reconfigure`.
    pub follow_up: Option<String>,
    /// What is still missing to complete it (in the reader's language), when open.
    pub missing: Option<String>,
}

/// An order's activation: the order, its plan's features, every attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivationView {
    /// The order.
    pub order: OrderRow,
    /// The service (its key).
    pub service: String,
    /// The service's name.
    pub service_name: String,
    /// Customer address, one line.
    pub address: String,
    /// Plan includes premium channels.
    pub premium: bool,
    /// Attempts, oldest first.
    pub attempts: Vec<AttemptView>,
    /// The service is active (an attempt of it passed).
    pub active: bool,
    /// Serials of the units the stock has at this customer's (what a serial item may name).
    pub customer_serials: Vec<String>,
}

fn decode(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(
        format!("invalid activation {what}").into(),
    ))
}

/// An answer as a form sends it: the item's key and the raw value (`true`/`false` for checks
/// and tests, the number as typed for measures, the text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TickInput {
    /// The item.
    pub item_key: String,
    /// The value as typed or chosen.
    pub value: String,
    /// A note (required when the item fails).
    pub note: Option<String>,
}
