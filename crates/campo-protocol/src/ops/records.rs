//! The staff, the plans and the customers: registered, changed.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A staff member was registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonCreated {
    /// New person's id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Role code (`technician`, `coordinator`, …).
    pub role: String,
    /// Contact phone, digits.
    pub phone: Option<String>,
}

/// A person's new role, set by the administrator (the server writes it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonRoleSet {
    /// The person.
    pub person_id: Uuid,
    /// Role code (`technician`, `coordinator`, …).
    pub role: String,
}

/// A plan was added to the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanCreated {
    /// New plan's id.
    pub id: Uuid,
    /// Commercial name.
    pub name: String,
    /// Download speed.
    pub download_mbps: i64,
    /// Monthly price in BRL cents.
    pub price_cents: i64,
    /// Includes IPTV.
    pub has_iptv: bool,
    /// Includes premium channels.
    pub premium: bool,
    /// Other value-added services included (streaming, telephony …), as the provider names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub svas: Vec<String>,
    /// Its id in the provider's ERP, when it came from an import (a new export updates it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// A plan of the catalogue was changed, or taken off (or put back on) sale. Orders keep the
/// plan they were sold with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanUpdated {
    /// The plan as it is now.
    #[serde(flatten)]
    pub plan: PlanCreated,
    /// Still offered to new customers.
    pub sold: bool,
}

/// A customer's address as it travels (fields checked; digits only for the CEP).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerAddress {
    /// CEP digits.
    pub cep: String,
    /// Street.
    pub street: String,
    /// Number.
    pub number: String,
    /// Complement.
    pub complement: Option<String>,
    /// Neighbourhood.
    pub neighbourhood: String,
    /// City.
    pub city: String,
    /// State.
    pub uf: String,
    /// Latitude (`None` with the longitude: not placed on the map yet, e.g. imported from an
    /// ERP without coordinates).
    #[serde(default)]
    pub lat: Option<f64>,
    /// Longitude.
    #[serde(default)]
    pub lon: Option<f64>,
    /// Reference point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl From<&campo_domain::NewAddress> for CustomerAddress {
    /// A blank complement or reference travels as none.
    fn from(a: &campo_domain::NewAddress) -> Self {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        CustomerAddress {
            cep: a.cep.clone(),
            street: a.street.clone(),
            number: a.number.clone(),
            complement: some(&a.complement),
            neighbourhood: a.neighbourhood.clone(),
            city: a.city.clone(),
            uf: a.uf.clone(),
            lat: a.lat,
            lon: a.lon,
            reference: some(&a.reference),
        }
    }
}

impl From<&CustomerAddress> for campo_domain::NewAddress {
    /// No complement or reference is a blank one.
    fn from(a: &CustomerAddress) -> Self {
        campo_domain::NewAddress {
            cep: a.cep.clone(),
            street: a.street.clone(),
            number: a.number.clone(),
            complement: a.complement.clone().unwrap_or_default(),
            neighbourhood: a.neighbourhood.clone(),
            city: a.city.clone(),
            uf: a.uf.clone(),
            reference: a.reference.clone().unwrap_or_default(),
            lat: a.lat,
            lon: a.lon,
        }
    }
}

/// A customer was registered (fields already validated; digits only for CPF, CEP, phones).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerCreated {
    /// New customer's id.
    pub id: Uuid,
    /// Full name.
    pub name: String,
    /// CPF digits.
    pub cpf: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Mother's name.
    pub mother_name: Option<String>,
    /// Birth date `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// First phone, digits.
    pub phone1: String,
    /// Second phone, digits.
    pub phone2: Option<String>,
    /// Where they live.
    #[serde(flatten)]
    pub address: CustomerAddress,
    /// Its id in the provider's ERP, when it came from an import (a new export updates it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// The office changed a customer's contacts or address (name included; CPF, mother's name
/// and birth date are the sale's and are not changed here). Carries the whole record as it
/// is now: the latest change wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerEdited {
    /// The customer.
    pub id: Uuid,
    /// Full name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// First phone, digits.
    pub phone1: String,
    /// Second phone, digits.
    pub phone2: Option<String>,
    /// Where they live.
    #[serde(flatten)]
    pub address: CustomerAddress,
    /// Its id in the provider's ERP, when it came from an import (a new export updates it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// What changed (field codes), for the customer's history.
    pub changed: Vec<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}
