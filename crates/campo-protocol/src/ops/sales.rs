//! Sales and calls: a sale sent to analysis and its decision, a customer's call recorded and
//! passed on.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A sale sent to analysis by its seller, or changed and sent again (seed 002, stages 1–2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleSubmitted {
    /// The sale.
    pub id: Uuid,
    /// Who sold it (the sender).
    pub seller_id: Uuid,
    /// The version of the sale this change was made on (0 for a new sale): the server refuses
    /// a change made on a version someone else has moved on from.
    pub base_version: i64,
    /// What the seller collected, already checked (canonical form).
    pub form: campo_domain::sale::SaleForm,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The back office's decision on a sale: approved (the customer's contract and an installation
/// order follow, in the same change) or rejected with a reason from the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleReviewed {
    /// The sale.
    pub id: Uuid,
    /// The version of the sale the decision was made on.
    pub base_version: i64,
    /// Approved (else rejected).
    pub approved: bool,
    /// Why it was rejected.
    #[serde(default)]
    pub reason: Option<campo_domain::sale::RejectReason>,
    /// A note for the seller.
    #[serde(default)]
    pub note: Option<String>,
    /// The protocol number the operator's system gave.
    #[serde(default)]
    pub protocol: Option<String>,
    /// The customer the approved sale belongs to (new or found by CPF).
    #[serde(default)]
    pub customer_id: Option<Uuid>,
    /// The installation order the approval opened.
    #[serde(default)]
    pub order_id: Option<Uuid>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A customer's call recorded by atendimento (N1), seed 004.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallOpened {
    /// The call.
    pub id: Uuid,
    /// Display number, local to the device that opened it.
    pub number: i64,
    /// Who called.
    pub customer_id: Uuid,
    /// What about.
    pub problem: campo_domain::support::Problem,
    /// In the customer's words.
    pub description: String,
    /// What was tried on the call.
    #[serde(default)]
    pub tried: String,
    /// The deadline promised to the customer (RFC 3339, UTC).
    pub promised_by: String,
    /// When the customer called (RFC 3339, UTC): a visit's deadline runs from here.
    pub at: String,
}

/// Someone acted on a call: solved it, passed it to N2, or opened a visit (the repair order
/// follows in the same change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallStepped {
    /// The call.
    pub id: Uuid,
    /// Where the call stood when the step was taken.
    pub from: campo_domain::support::CallStatus,
    /// What was done.
    pub step: campo_domain::support::CallStep,
    /// What was done or found.
    #[serde(default)]
    pub note: Option<String>,
    /// The repair order a visit opened.
    #[serde(default)]
    pub order_id: Option<Uuid>,
    /// When (RFC 3339, UTC).
    pub at: String,
}
