//! The stock: items and places, minimums, the equipment a plan takes, movements and the
//! discrepancies they open.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An item was added to the stock catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockItemCreated {
    /// New item's id.
    pub id: Uuid,
    /// SKU, upper case.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Unit code (`un`, `m`).
    pub unit: String,
    /// Tracking code (`serialised`, `bulk`).
    pub tracking: String,
}

/// A place equipment can be (self-described, so any device can create it when it first sees
/// it; ids of vans, customers and fixed places follow from what they belong to).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockPlaceRef {
    /// Place id.
    pub id: Uuid,
    /// Kind code.
    pub kind: String,
    /// Display name.
    pub name: String,
    /// The technician or customer it belongs to.
    pub ref_id: Option<Uuid>,
}

/// A minimum level was set for an item at a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockMinimumSet {
    /// The place.
    pub place: StockPlaceRef,
    /// The item.
    pub item_id: Uuid,
    /// Minimum quantity (0 removes the alert).
    pub minimum: i64,
}

/// The equipment an installation of a plan requires was set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanEquipmentSet {
    /// The plan.
    pub plan_id: Uuid,
    /// Items and quantities (replaces the previous list).
    pub items: Vec<PlanEquipmentLine>,
}

/// One required item of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanEquipmentLine {
    /// Item.
    pub item_id: Uuid,
    /// Quantity.
    pub quantity: i64,
}

/// One line of a stock movement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockLine {
    /// The movement's id (one ledger row).
    pub id: Uuid,
    /// Item.
    pub item_id: Uuid,
    /// Serial, for serialised items.
    pub serial: Option<String>,
    /// MAC, given when a unit is received.
    pub mac: Option<String>,
    /// Quantity (1 for a serial).
    pub quantity: i64,
}

/// Equipment moved between two places: one ledger row per line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockMoved {
    /// The batch (a checkout, an import, a count); large batches span several operations.
    pub batch_id: Uuid,
    /// Kind code (`checkout`, `use`, …).
    pub kind: String,
    /// From.
    pub from: StockPlaceRef,
    /// To.
    pub to: StockPlaceRef,
    /// The work order it belongs to.
    pub order_id: Option<Uuid>,
    /// Why (required for adjustments and defective units).
    pub reason: Option<String>,
    /// Set when the movement records a count's differences.
    #[serde(default)]
    pub count: bool,
    /// The lines.
    pub lines: Vec<StockLine>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A discrepancy was looked into and closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockDiscrepancyResolved {
    /// The discrepancy.
    pub id: Uuid,
    /// What was found and done.
    pub note: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}
