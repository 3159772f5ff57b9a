//! Operations' payloads as a device sends them, for the tests that speak the protocol to a
//! server directly (the server's, the sync engine's).

use campo_protocol::ops::CustomerCreated;
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
    }
}
