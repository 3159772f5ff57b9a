//! The SVA activation checklists: a template saved, an attempt started, an item answered, the
//! attempt closed.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A version of an activation checklist template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationTemplateSaved {
    /// This version's id.
    pub id: Uuid,
    /// Service code (`iptv`, …).
    pub service: String,
    /// Name.
    pub name: String,
    /// Version number (1, 2, …).
    pub version: i64,
    /// Items, in order.
    pub items: Vec<campo_domain::activation::TemplateItem>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An attempt at activating an order began (with the template version current then).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationStarted {
    /// The checklist's id.
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// The template version.
    pub template_id: Uuid,
    /// Attempt number.
    pub attempt: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An item was ticked, tested, measured or filled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationTicked {
    /// The tick's id.
    pub id: Uuid,
    /// The checklist.
    pub activation_id: Uuid,
    /// The item's key.
    pub item_key: String,
    /// The answer.
    pub answer: campo_domain::activation::Answer,
    /// How it was judged.
    pub outcome: campo_domain::activation::Outcome,
    /// A note (required when it failed).
    pub note: Option<String>,
    /// Hybrid logical clock of the tick: the latest per item wins.
    pub hlc: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An attempt ended: activated, or failed with the reason and what follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationClosed {
    /// The checklist.
    pub activation_id: Uuid,
    /// `passed` or `failed`.
    pub status: String,
    /// Why it failed.
    pub reason: Option<String>,
    /// `repair` (a visit for the technician) or `reconfigure`.
    pub follow_up: Option<String>,
    /// The repair order opened, for `repair`.
    pub repair_order_id: Option<Uuid>,
    /// When (RFC 3339, UTC).
    pub at: String,
}
