//! Proof of service: the customer's signature, the closing rules, photos and the visit report
//! kept.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The customer (or someone for them) signed for a visit: who, their relation to the
/// customer, the strokes drawn. An order keeps its latest signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderSigned {
    /// The order.
    pub order_id: Uuid,
    /// The signer's name, as they gave it.
    pub signer_name: String,
    /// Their relation to the customer.
    pub relation: campo_domain::closing::SignerRelation,
    /// The strokes, in the signature's box.
    pub strokes: campo_domain::closing::Strokes,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// The provider set what closing each order kind requires (the kinds it names; the others
/// keep theirs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClosingRulesSet {
    /// One rule per kind.
    pub rules: Vec<campo_domain::closing::ClosingRule>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A stored file an operation refers to: the SHA-256 of its bytes (lowercase hex), how many
/// bytes, its type and, for an image, its size in pixels. The bytes travel apart
/// (`/v1/blobs`), once per hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobRef {
    /// SHA-256 of the bytes, lowercase hex.
    pub hash: String,
    /// Size in bytes.
    pub size: u64,
    /// Media type (`image/jpeg`).
    pub mime: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A photo of the visit was added to an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPhotoAdded {
    /// The photo.
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// Its file.
    pub blob: BlobRef,
    /// What it shows, in the technician's words (may be empty).
    pub caption: String,
    /// What it proves, if it proves something in particular.
    pub subject: Option<campo_domain::photo::PhotoSubject>,
    /// Where it was taken, when the provider keeps photos' positions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<campo_domain::photo::GeoPoint>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// Which report of an order a kept file is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "of", rename_all = "camelCase")]
pub enum ReportOf {
    /// The visit report: customer, visit, equipment lent, signature, photos.
    #[default]
    Visit,
    /// A service's activation report: every attempt, test, answer and who ticked it.
    Activation {
        /// The service's key (`iptv`, an SVA's).
        service: String,
    },
}

impl ReportOf {
    /// The stored code: `visit`, or `activation:<service>`.
    pub fn code(&self) -> String {
        match self {
            ReportOf::Visit => "visit".into(),
            ReportOf::Activation { service } => format!("activation:{service}"),
        }
    }
}

/// A report of an order (a PDF, in pt-BR: the customer's language) was made and kept on it as
/// the order stood then: the visit report when the visit closed or its proof changed after
/// (the customer's signature covers exactly what it shows), an activation report when an
/// attempt ended. The newest of each is the order's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderReportKept {
    /// The report.
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// Which report.
    #[serde(default)]
    pub report: ReportOf,
    /// Its file (`application/pdf`, no pixels).
    pub blob: BlobRef,
    /// When it was made (RFC 3339, UTC).
    pub at: String,
}

/// A photo was taken off an order (its file stays while another photo uses it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPhotoRemoved {
    /// The photo.
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// When (RFC 3339, UTC).
    pub at: String,
}
