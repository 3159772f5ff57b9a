//! Unit tests of `sale`.

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn maria() -> SaleForm {
    SaleForm {
        name: " Maria das Graças Silva ".into(),
        cpf: "529.982.247-25".into(),
        email: "maria@exemplo.com.br".into(),
        mother_name: "Josefa Silva".into(),
        birth_date: "1980-05-17".into(),
        phone1: "(81) 99876-5432".into(),
        phone2: "(81) 3222-1100".into(),
        address: NewAddress {
            uf: "pe".into(),
            ..crate::customer::tests::navegantes()
        },
        operator: "Operadora Norte".into(),
        plan_id: "plan".into(),
        due_day: Some(10),
        periods: vec![Period::Afternoon, Period::Morning, Period::Afternoon],
        consent: true,
        ..SaleForm::default()
    }
}

#[test]
fn a_complete_sale_comes_back_canonical() {
    let v = maria().check(today()).unwrap();
    assert_eq!(v.name, "Maria das Graças Silva");
    assert_eq!(v.cpf, "52998224725");
    assert_eq!(v.address.cep, "51020010");
    assert_eq!(v.phone1, "81998765432");
    assert_eq!(v.address.uf, "PE");
    assert_eq!(v.periods, vec![Period::Morning, Period::Afternoon]);
    assert_eq!(v.check(today()).unwrap(), v, "checking is stable");
    // The consent is recorded with the terms' version read to the customer.
    assert_eq!(v.consent_terms, Some(CONSENT_TERMS));
    for lang in [Lang::PtBr, Lang::En] {
        assert!(
            consent_terms(CONSENT_TERMS, lang)
                .is_some_and(|t| t.contains("13.709") || t.contains("13,709"))
        );
    }
}

#[test]
fn consent_to_terms_campo_never_had_is_refused() {
    let form = SaleForm {
        consent_terms: Some(CONSENT_TERMS + 1),
        ..maria()
    };
    let problems = form.check(today()).unwrap_err();
    assert_eq!(
        problems,
        vec![(SaleField::Consent, ValidationError::Consent)]
    );
    // A sale sent under earlier terms keeps them.
    let kept = SaleForm {
        consent_terms: Some(1),
        ..maria()
    };
    assert_eq!(kept.check(today()).unwrap().consent_terms, Some(1));
}

#[test]
fn every_problem_is_named_by_its_field() {
    let form = SaleForm {
        cpf: "111.111.111-11".into(),
        birth_date: "2030-01-01".into(),
        phone2: "81 99876-5432".into(),
        due_day: Some(31),
        periods: vec![],
        consent: false,
        mother_name: " ".into(),
        address: NewAddress {
            cep: "5102".into(),
            lat: None,
            ..maria().address
        },
        ..maria()
    };
    let problems = form.check(today()).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.code()).collect();
    assert_eq!(
        fields,
        [
            "cpf",
            "motherName",
            "birthDate",
            "phone2",
            "cep",
            "location",
            "dueDay",
            "periods",
            "consent"
        ]
    );
    assert_eq!(problems[0].1, ValidationError::Cpf);
    assert_eq!(problems[2].1, ValidationError::Future(Field::BirthDate));
    assert_eq!(problems[3].1, ValidationError::SamePhone);
    assert_eq!(problems[1].1.to_string(), "Campo obrigatório: nome da mãe");
}

#[test]
fn the_holder_is_an_adult_on_the_day() {
    let mut form = maria();
    form.birth_date = "2008-12-03".into();
    assert_eq!(
        form.check(today()).unwrap_err(),
        vec![(SaleField::BirthDate, ValidationError::Minor)]
    );
    form.birth_date = "2008-12-02".into();
    assert!(form.check(today()).is_ok());
    form.birth_date = "02/12/2008".into();
    assert_eq!(
        form.check(today()).unwrap_err(),
        vec![(
            SaleField::BirthDate,
            ValidationError::Date(Field::BirthDate)
        )]
    );
}

#[test]
fn codes_read_back() {
    for s in SaleStatus::ALL {
        assert_eq!(SaleStatus::from_code(s.code()), Some(s));
    }
    for r in RejectReason::ALL {
        assert_eq!(RejectReason::from_code(r.code()), Some(r));
    }
    assert!(RejectReason::Other.needs_note());
    assert!(!RejectReason::CpfRestricted.needs_note());
}

#[test]
fn the_form_travels_as_one_flat_object_and_an_older_draft_reads_with_blanks() {
    // What the screen sends and a stored draft holds: the address beside the other fields.
    let json = serde_json::to_value(maria()).unwrap();
    assert_eq!(json["street"], "Rua dos Navegantes");
    assert_eq!(json["lat"], -8.12);
    assert!(json.get("address").is_none(), "{json}");
    assert_eq!(serde_json::from_value::<SaleForm>(json).unwrap(), maria());
    // A draft kept before some fields existed reads with them blank.
    let old: SaleForm =
        serde_json::from_str(r#"{"name":"Maria","cep":"51020-010","city":"Recife"}"#).unwrap();
    assert_eq!(
        (
            old.name.as_str(),
            old.address.cep.as_str(),
            old.address.city.as_str()
        ),
        ("Maria", "51020-010", "Recife")
    );
    assert_eq!((old.address.street.as_str(), old.address.lat), ("", None));
}
