//! A seller's customers' payments as the server tells them (`GET /v1/sales/payments`): for
//! each of the seller's approved sales, where its installation stands and, once installed,
//! where its customer stands in the five-month follow-up (PRODUCT.md step 5). Never an
//! amount: sellers see their own customers' status, nothing about money (issue "Only people
//! who may see money see it"). The receivables behind it stay on the server.

use campo_domain::OrderStatus;
use campo_domain::finance::Stage;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One approved sale's customer, as their seller may know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SalePayment {
    /// The sale.
    pub sale_id: String,
    /// Where the installation the approval opened stands (`None`: the server does not know
    /// it yet).
    pub installation: Option<OrderStatus>,
    /// Where the customer stands with the receivables due since the approval, once the
    /// installation is done (`None` before).
    pub stage: Option<Stage>,
}

/// Every approved sale of the seller asking, newest approval first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SalePayments {
    /// The sales.
    pub sales: Vec<SalePayment>,
}
