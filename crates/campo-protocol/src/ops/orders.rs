//! A work order's life: opened, moved, paused and resumed, its visit details edited or
//! restored, granted to and revoked from a technician's device, a conflict resolved, a message
//! to the customer recorded.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::CustomerCreated;

/// A work order was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderCreated {
    /// New order's id.
    pub id: Uuid,
    /// Display number, local to this device until the server renumbers (sync issue).
    pub number: i64,
    /// Kind code.
    pub kind: String,
    /// Customer.
    pub customer_id: Uuid,
    /// Plan.
    pub plan_id: Uuid,
    /// The creation event's id.
    pub event_id: Uuid,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The sale it comes from (an installation opened by the sale's approval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_id: Option<Uuid>,
    /// Periods the customer said they are available in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<campo_domain::Period>,
    /// Its id in the provider's ERP, when it came from an import (a new export updates it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Where an address change moves the customer to (the visit is there; the customer's
    /// address becomes it once done).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_address: Option<campo_domain::NewAddress>,
}

/// Date, period and technician given when an order is scheduled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchedulePayload {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Period code.
    pub period: String,
    /// Technician.
    pub technician_id: Uuid,
}

/// An order moved through the state machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderTransitioned {
    /// The order.
    pub order_id: Uuid,
    /// The history event's id.
    pub event_id: Uuid,
    /// Status before (the base the edit was made on).
    pub from: String,
    /// Status after.
    pub to: String,
    /// Why.
    pub reason: Option<String>,
    /// Set when the move is to `scheduled`.
    pub schedule: Option<SchedulePayload>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An order's deadline clock was paused (waiting on the customer or a third party).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPaused {
    /// The order.
    pub order_id: Uuid,
    /// The pause's id.
    pub pause_id: Uuid,
    /// Why.
    pub reason: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// An order's deadline clock runs again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderResumed {
    /// The order.
    pub order_id: Uuid,
    /// The pause it ends.
    pub pause_id: Uuid,
    /// What changed, if anything was said.
    pub note: Option<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// One field of an order edit (see `campo_domain::edit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// Field code (`contact_phone`, `notes`).
    pub field: String,
    /// New value, already normalised; `None` clears it.
    pub value: Option<String>,
    /// The field's revision the edit was made on (0: never edited).
    pub base: i64,
}

/// What the server made of one field of an edit; written by the server into the logged
/// operation, so every device settles the field the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldOutcome {
    /// Field code.
    pub field: String,
    /// The edit's value took effect.
    pub applied: bool,
    /// The value in force after this operation.
    pub value: Option<String>,
    /// The person whose change did not survive (someone other than who wrote the value in
    /// force), to be told.
    pub overridden: Option<Uuid>,
    /// Who wrote the value in force, for that message.
    pub by: Option<String>,
}

/// Visit details of an order were edited (last writer wins per field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderEdited {
    /// The order.
    pub order_id: Uuid,
    /// The fields changed.
    pub changes: Vec<FieldChange>,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Filled by the server; empty as a device writes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcome: Vec<FieldOutcome>,
}

/// Written by the server, never by a device: an order's authoritative state after the
/// server refused a device's change to it (a conflict or a rejection), so every device —
/// above all the one whose change was refused — shows what the server holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRestored {
    /// The order.
    pub order_id: Uuid,
    /// Its status on the server.
    pub status: String,
    /// Its slot on the server, when scheduled.
    pub schedule: Option<SchedulePayload>,
    /// The conflict record, when one was opened.
    pub conflict_id: Option<Uuid>,
    /// What happened, in pt-BR (for logs; devices word it from `attempted`).
    pub message: String,
    /// The move the device attempted (from, to), refused because the order had moved on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempted: Option<(campo_domain::OrderStatus, campo_domain::OrderStatus)>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// Written by the server: an order entered a technician's scope (it was scheduled for them).
/// Carries what their device needs to show it — customer without personal data, the order,
/// its current state — since the operations that built it were not theirs to receive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderGranted {
    /// The customer, without CPF, mother's name or birth date.
    pub customer: CustomerCreated,
    /// The order as created.
    pub order: OrderCreated,
    /// Its status now.
    pub status: String,
    /// Its slot now.
    pub schedule: Option<SchedulePayload>,
    /// Its visit details in force, with their revisions.
    #[serde(default)]
    pub fields: Vec<GrantedField>,
}

/// A visit-detail field in force when an order is granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantedField {
    /// Field code.
    pub field: String,
    /// Its value.
    pub value: Option<String>,
    /// Its revision.
    pub rev: i64,
}

/// Written by the server: an order left a technician's scope (reassigned, back to the
/// queue, cancelled); their device removes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRevoked {
    /// The order.
    pub order_id: Uuid,
}

/// Written by the server: the office resolved a conflict and decided the order's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderResolved {
    /// The order.
    pub order_id: Uuid,
    /// The history event's id.
    pub event_id: Uuid,
    /// Status before the decision.
    pub from: String,
    /// The status decided.
    pub status: String,
    /// Its slot, when it has one.
    pub schedule: Option<SchedulePayload>,
    /// Why, in the coordinator's words.
    pub note: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// Someone sent the customer the message of a moment of their visit (seed 003).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderMessaged {
    /// The order.
    pub order_id: Uuid,
    /// Which moment.
    pub moment: campo_domain::message::Moment,
    /// Which occurrence of it (the day and period of a scheduling; empty otherwise).
    #[serde(default)]
    pub key: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}
