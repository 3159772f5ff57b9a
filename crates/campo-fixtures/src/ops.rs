//! Operations' payloads as a device sends them, for the tests that speak the protocol to a
//! server directly (the server's, the sync engine's).

use campo_protocol::ops::{CustomerAddress, CustomerCreated};
use uuid::Uuid;

/// A customer registered as `name`, in Recife, with a phone and a place on the map, and no
/// personal data beyond those (no CPF, e-mail or birth date).
pub fn customer(name: &str) -> CustomerCreated {
    CustomerCreated {
        external_id: None,
        id: Uuid::now_v7(),
        name: name.into(),
        cpf: None,
        email: None,
        mother_name: None,
        birth_date: None,
        phone1: "81999998888".into(),
        phone2: None,
        address: CustomerAddress {
            cep: "50030230".into(),
            street: "Rua da Aurora".into(),
            number: "10".into(),
            complement: None,
            neighbourhood: "Boa Vista".into(),
            city: "Recife".into(),
            uf: "PE".into(),
            lat: Some(-8.06),
            lon: Some(-34.88),
            reference: None,
        },
    }
}

/// Receivable `external` of `customer` as the ERP has it: `cents` due on `due_on`
/// (`YYYY-MM-DD`), paid in full that day when `status` is paid.
pub fn receivable(
    customer: Uuid,
    external: &str,
    due_on: &str,
    cents: i64,
    status: campo_domain::finance::ReceivableStatus,
) -> campo_protocol::ops::ReceivableSet {
    let paid = status == campo_domain::finance::ReceivableStatus::Paid;
    campo_protocol::ops::ReceivableSet {
        id: campo_protocol::ops::receivable_id(external),
        external_id: external.to_owned(),
        customer_id: customer,
        contract: None,
        issued_on: None,
        due_on: due_on.to_owned(),
        amount_cents: cents,
        status,
        paid_on: paid.then(|| due_on.to_owned()),
        paid_cents: if paid { cents } else { 0 },
    }
}
