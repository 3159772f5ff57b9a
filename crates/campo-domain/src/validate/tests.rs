//! Unit tests of `validate`.

use super::*;
use crate::i18n::{Lang, Localized};
use proptest::prelude::*;

#[test]
fn every_state_has_its_own_name() {
    let names: std::collections::BTreeSet<&str> =
        UFS.iter().map(|u| Uf::parse(u).unwrap().name()).collect();
    assert_eq!(names.len(), 27);
    assert_eq!(Uf::parse("pe").unwrap().name(), "Pernambuco");
    assert_eq!(Uf::parse("TO").unwrap().name(), "Tocantins");
}

#[test]
fn a_real_cpf_is_accepted_with_or_without_mask() {
    assert_eq!(
        Cpf::parse("529.982.247-25").unwrap().digits(),
        "52998224725"
    );
    assert_eq!(
        Cpf::parse("52998224725").unwrap().formatted(),
        "529.982.247-25"
    );
}

#[test]
fn cpfs_with_repeated_digits_are_refused() {
    for d in 0..=9 {
        let cpf = d.to_string().repeat(11);
        assert_eq!(Cpf::parse(&cpf), Err(ValidationError::Cpf), "{cpf}");
    }
    assert_eq!(Cpf::parse("111.111.111-11"), Err(ValidationError::Cpf));
}

#[test]
fn a_cpf_with_a_wrong_check_digit_names_the_field() {
    let err = Cpf::parse("529.982.247-24").unwrap_err();
    assert_eq!(err.to_string(), "CPF inválido: verifique os dígitos");
    assert_eq!(err.message(Lang::En), "Invalid CPF: check the digits");
    assert!(Cpf::parse("529.982.247-2").is_err());
    assert!(Cpf::parse("52a.982.247-25").is_err());
}

#[test]
fn ceps_are_eight_digits() {
    assert_eq!(Cep::parse("50030-230").unwrap().formatted(), "50030-230");
    assert_eq!(Cep::parse("50.030-230").unwrap().digits(), "50030230");
    assert!(Cep::parse("5003-230").is_err());
    assert!(Cep::parse("00000-000").is_err());
    assert!(Cep::parse("50030-23O").is_err());
}

#[test]
fn phones_need_a_real_ddd() {
    assert_eq!(
        Phone::parse("(81) 99876-5432").unwrap().formatted(),
        "(81) 99876-5432"
    );
    assert_eq!(
        Phone::parse("+55 81 3333-4444").unwrap().formatted(),
        "(81) 3333-4444"
    );
    assert_eq!(
        Phone::parse("081 3333-4444").unwrap().formatted(),
        "(81) 3333-4444"
    );
    assert_eq!(
        Phone::parse("081999998888").unwrap().formatted(),
        "(81) 99999-8888"
    );
    assert_eq!(
        Phone::parse("(20) 99876-5432"),
        Err(ValidationError::PhoneDdd("20".into()))
    );
    // A nine-digit number must be a mobile (starts with 9).
    assert_eq!(Phone::parse("(81) 89876-5432"), Err(ValidationError::Phone));
    assert_eq!(Phone::parse("99876-5432"), Err(ValidationError::Phone));
    assert_eq!(
        Phone::parse(""),
        Err(ValidationError::Required(Field::Phone))
    );
}

#[test]
fn emails_are_shaped_like_emails() {
    assert_eq!(
        Email::parse(" Maria.Silva@Provedor.COM.br ")
            .unwrap()
            .as_str(),
        "Maria.Silva@provedor.com.br"
    );
    for bad in [
        "maria",
        "maria@",
        "@provedor.com",
        "maria@provedor",
        "ma ria@x.com",
        "a@b..com",
    ] {
        assert_eq!(Email::parse(bad), Err(ValidationError::Email), "{bad}");
    }
}

#[test]
fn ufs_are_the_27_units() {
    assert_eq!(Uf::parse(" pe ").unwrap().as_str(), "PE");
    assert_eq!(Uf::parse("DF").unwrap().as_str(), "DF");
    assert!(Uf::parse("XX").is_err());
    assert!(Uf::parse("Pernambuco").is_err());
}

proptest! {
    #[test]
    fn every_generated_cpf_round_trips_through_its_mask(base in proptest::array::uniform9(0u8..10)) {
        if let Ok(cpf) = Cpf::from_base(base) {
            let again = Cpf::parse(&cpf.formatted()).unwrap();
            prop_assert_eq!(again, cpf);
        } else {
            // Only repeated-digit bases may fail.
            prop_assert!(base.iter().all(|&b| b == base[0]));
        }
    }

    #[test]
    fn changing_a_check_digit_of_a_cpf_makes_it_invalid(
        base in proptest::array::uniform9(0u8..10),
        pos in 9usize..11,
        delta in 1u32..10,
    ) {
        if let Ok(cpf) = Cpf::from_base(base) {
            let mut d: Vec<u32> = cpf.digits().chars().map(|c| c.to_digit(10).unwrap()).collect();
            d[pos] = (d[pos] + delta) % 10;
            let text: String = d.iter().map(|&x| char::from_digit(x, 10).unwrap()).collect();
            prop_assert!(Cpf::parse(&text).is_err(), "{} accepted", text);
        }
    }

    #[test]
    fn any_formatted_phone_parses_back_to_itself(ddd in proptest::sample::select(DDDS.to_vec()), rest in 0u32..100_000_000) {
        let text = format!("({ddd}) 9{rest:08}");
        let phone = Phone::parse(&text).unwrap();
        prop_assert_eq!(phone.formatted(), format!("({ddd}) 9{:04}-{:04}", rest / 10_000, rest % 10_000));
    }
}
