//! Money on the server: receivables (imported from the provider's ERP), the finance team's
//! contacts with late customers and the provider's steps against non-payment. Receivables and
//! contacts name a customer the server knows; only the roles that see money pull any of them
//! (the `money` audience: finance and the administration).

use campo_protocol::Refusal;
use uuid::Uuid;

use super::{Decision, Tx, known};
use crate::error::ServerError;

/// The audience of everything about money.
pub(crate) const MONEY: &str = "money";

/// A receivable or a contact about `customer`.
pub(super) async fn record(tx: &mut Tx<'_>, customer: Uuid) -> Result<Decision, ServerError> {
    if known(tx, "customer", customer).await?.is_none() {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "customer".into(),
        }));
    }
    Ok(Decision::Apply {
        audience: Some(MONEY.to_owned()),
    })
}

/// The provider's steps against non-payment (checked by the protocol's validation).
pub(super) fn setting() -> Decision {
    Decision::Apply {
        audience: Some(MONEY.to_owned()),
    }
}
