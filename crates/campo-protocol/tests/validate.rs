//! A customer's payload judged as the server and the devices judge it (`validate`): the
//! fields a person types wrong are refused by name, a customer not yet on the map is taken.

use campo_domain::{Lang, Localized};
use campo_protocol::Op;
use campo_protocol::ops::{CustomerAddress, CustomerCreated};
use campo_protocol::validate::validate;

#[test]
fn a_customer_with_a_bad_cpf_a_bad_birth_date_or_a_huge_name_is_refused() {
    let base = CustomerCreated {
        cpf: Some("abc".into()),
        ..campo_fixtures::ops::customer("Maria")
    };
    let msg = |c: CustomerCreated| {
        validate(&Op::CustomerCreated(c))
            .unwrap_err()
            .message(Lang::PtBr)
    };
    assert!(msg(base.clone()).contains("CPF"));
    assert!(
        msg(CustomerCreated {
            cpf: None,
            birth_date: Some("not-a-date".into()),
            ..base.clone()
        })
        .contains("nascimento")
    );
    assert!(
        msg(CustomerCreated {
            cpf: None,
            name: "x".repeat(3 * 1024 * 1024),
            ..base.clone()
        })
        .contains("no máximo")
    );
    assert!(
        msg(CustomerCreated {
            cpf: None,
            address: CustomerAddress {
                lon: None,
                ..base.address.clone()
            },
            ..base.clone()
        })
        .contains("coordenadas")
    );
    assert_eq!(
        validate(&Op::CustomerCreated(CustomerCreated {
            cpf: None,
            address: CustomerAddress {
                lat: None,
                lon: None,
                ..base.address.clone()
            },
            ..base.clone()
        })),
        Ok(()),
        "a customer not on the map yet"
    );
    assert_eq!(
        validate(&Op::CustomerCreated(CustomerCreated { cpf: None, ..base })),
        Ok(())
    );
}
