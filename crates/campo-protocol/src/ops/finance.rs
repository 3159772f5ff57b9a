//! The payment follow-up: a receivable as the ERP has it, a contact with a late customer, the
//! non-payment steps.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A receivable as the provider's ERP holds it (imported from a file or read from the ERP;
/// Campo never issues one). Carries the whole record: the latest import wins. Its id is
/// derived from its ERP id ([`receivable_id`]), the same on every device and the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivableSet {
    /// The receivable.
    pub id: Uuid,
    /// Its id in the ERP.
    pub external_id: String,
    /// Whose it is.
    pub customer_id: Uuid,
    /// The contract's id in the ERP, when the file names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    /// Issue date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<String>,
    /// Due date (`YYYY-MM-DD`).
    pub due_on: String,
    /// Amount, cents.
    pub amount_cents: i64,
    /// Status in the ERP.
    pub status: campo_domain::finance::ReceivableStatus,
    /// When it was paid (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_on: Option<String>,
    /// How much was paid, cents.
    #[serde(default)]
    pub paid_cents: i64,
}

/// The id of the receivable whose ERP id is `external_id`.
pub fn receivable_id(external_id: &str) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("campo:receivable:{external_id}").as_bytes(),
    )
}

/// The finance team contacted a late customer (or tried to).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionContacted {
    /// The contact.
    pub id: Uuid,
    /// The customer.
    pub customer_id: Uuid,
    /// How.
    pub channel: campo_domain::finance::Channel,
    /// What came of it.
    pub outcome: campo_domain::finance::ContactOutcome,
    /// The date the customer promised to pay by (`YYYY-MM-DD`), for a promise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promised_on: Option<String>,
    /// A note.
    #[serde(default)]
    pub note: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The provider's steps against non-payment (days after the due date) were set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NonPaymentStepsSet {
    /// The steps, in the rules' order.
    pub steps: Vec<campo_domain::finance::StepAfter>,
    /// When (RFC 3339, UTC).
    pub at: String,
}
