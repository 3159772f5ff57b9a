//! Forms as people fill them in (masks and all), for every crate's tests: they need only the
//! domain, so the server's own tests use them too.

use campo_domain::Period;
use campo_domain::sale::SaleForm;
use uuid::Uuid;

/// The sale form a seller fills in for [`maria`] (as typed, masks and all), asking for `plan`.
pub fn sale_form(plan: Uuid) -> SaleForm {
    SaleForm {
        name: "Maria das Graças Silva".into(),
        cpf: "529.982.247-25".into(),
        email: "maria@exemplo.com.br".into(),
        mother_name: "Josefa Silva".into(),
        birth_date: "1980-04-12".into(),
        phone1: "(81) 99876-5432".into(),
        phone2: "(81) 3222-1100".into(),
        address: campo_domain::NewAddress {
            complement: "apto 302".into(),
            reference: "Em frente à padaria".into(),
            ..crate::navegantes()
        },
        operator: "Conecta Fibra".into(),
        plan_id: plan.to_string(),
        due_day: Some(10),
        periods: vec![Period::Afternoon],
        consent: true,
        consent_terms: None,
    }
}

/// A house in Boa Viagem, Recife, placed on the map (no complement or reference).
pub fn navegantes() -> campo_domain::NewAddress {
    campo_domain::NewAddress {
        cep: "51020-010".into(),
        street: "Rua dos Navegantes".into(),
        number: "1200".into(),
        neighbourhood: "Boa Viagem".into(),
        city: "Recife".into(),
        uf: "PE".into(),
        lat: Some(-8.12),
        lon: Some(-34.90),
        ..Default::default()
    }
}

/// A house in Amparo, Olinda — where customers move to — placed on the map.
pub fn amparo() -> campo_domain::NewAddress {
    campo_domain::NewAddress {
        cep: "53020-140".into(),
        street: "Rua do Amparo".into(),
        number: "88".into(),
        neighbourhood: "Amparo".into(),
        city: "Olinda".into(),
        uf: "PE".into(),
        lat: Some(-8.0125),
        lon: Some(-34.8553),
        ..Default::default()
    }
}
