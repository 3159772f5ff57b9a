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
