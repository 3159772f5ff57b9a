//! A customer as a seller or backoffice types it, and its validation into checked fields.

use crate::validate::{Cep, Cpf, Email, Field, Phone, Uf, ValidationError};

/// What a person typed for a customer (seed 002, stage 1). Optional fields may be blank.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerDraft {
    /// Full name.
    pub name: String,
    /// CPF, masked or not (needed by backoffice; optional for support-only records).
    pub cpf: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Mother's name.
    pub mother_name: Option<String>,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// First contact phone (required).
    pub phone1: String,
    /// Second contact phone.
    pub phone2: Option<String>,
    /// Where they live, as typed (a blank complement or reference: none).
    pub address: NewAddress,
}

/// A customer whose every field has been checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCustomer {
    /// Full name, trimmed.
    pub name: String,
    /// Checked CPF.
    pub cpf: Option<Cpf>,
    /// Checked e-mail.
    pub email: Option<Email>,
    /// Mother's name, trimmed.
    pub mother_name: Option<String>,
    /// Birth date.
    pub birth_date: Option<chrono::NaiveDate>,
    /// Checked phones (at least one).
    pub phone1: Phone,
    /// Second phone.
    pub phone2: Option<Phone>,
    /// The address, checked: trimmed, the CEP as digits, the UF in capitals.
    pub address: NewAddress,
}

fn required(value: &str, field: Field) -> Result<String, ValidationError> {
    let v = value.trim();
    if v.is_empty() {
        Err(ValidationError::Required(field))
    } else {
        Ok(v.to_owned())
    }
}

fn optional(value: Option<&String>) -> Option<&str> {
    value.map(|s| s.trim()).filter(|s| !s.is_empty())
}

impl CustomerDraft {
    /// Checks every field; the first problem is returned, naming its field.
    pub fn validate(&self) -> Result<ValidCustomer, ValidationError> {
        let name = required(&self.name, Field::Name)?;
        let cpf = optional(self.cpf.as_ref()).map(Cpf::parse).transpose()?;
        let email = optional(self.email.as_ref())
            .map(Email::parse)
            .transpose()?;
        let birth_date = optional(self.birth_date.as_ref())
            .map(|d| {
                chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| ValidationError::Date(Field::BirthDate))
            })
            .transpose()?;
        let phone1 = Phone::parse(&self.phone1)?;
        let phone2 = optional(self.phone2.as_ref())
            .map(Phone::parse)
            .transpose()?;
        Ok(ValidCustomer {
            name,
            cpf,
            email,
            mother_name: optional(self.mother_name.as_ref()).map(str::to_owned),
            birth_date,
            phone1,
            phone2,
            address: self.address.checked()?,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Maria's house in Boa Viagem, as typed (the domain's tests share it).
    pub(crate) fn navegantes() -> NewAddress {
        NewAddress {
            cep: "51020-010".into(),
            street: "Rua dos Navegantes".into(),
            number: "1200".into(),
            neighbourhood: "Boa Viagem".into(),
            city: "Recife".into(),
            uf: "PE".into(),
            lat: Some(-8.12),
            lon: Some(-34.90),
            ..NewAddress::default()
        }
    }

    fn maria() -> CustomerDraft {
        CustomerDraft {
            name: "Maria das Graças Silva".into(),
            cpf: Some("529.982.247-25".into()),
            email: Some("maria@exemplo.com.br".into()),
            phone1: "(81) 99876-5432".into(),
            address: navegantes(),
            ..CustomerDraft::default()
        }
    }

    #[test]
    fn a_complete_sale_validates() {
        let v = maria().validate().unwrap();
        assert_eq!(v.cpf.unwrap().formatted(), "529.982.247-25");
        assert_eq!(v.address.uf.as_str(), "PE");
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut d = maria();
        d.cpf = Some("111.111.111-11".into());
        assert_eq!(d.validate().unwrap_err(), ValidationError::Cpf);
        let mut d = maria();
        d.address.cep = "123".into();
        assert_eq!(d.validate().unwrap_err(), ValidationError::Cep);
        let mut d = maria();
        d.email = Some("maria@".into());
        assert_eq!(d.validate().unwrap_err(), ValidationError::Email);
        let mut d = maria();
        d.name = "   ".into();
        assert_eq!(
            d.validate().unwrap_err().to_string(),
            "Campo obrigatório: nome"
        );
        let mut d = maria();
        d.address.uf = "ZZ".into();
        assert_eq!(d.validate().unwrap_err(), ValidationError::Uf);
        let mut d = maria();
        d.address.lon = None;
        assert_eq!(
            d.validate().unwrap_err(),
            ValidationError::Required(Field::Coordinates)
        );
    }

    #[test]
    fn a_customer_not_yet_on_the_map_validates() {
        let mut d = maria();
        (d.address.lat, d.address.lon) = (None, None);
        let v = d.validate().unwrap();
        assert_eq!((v.address.lat, v.address.lon), (None, None));
    }
}

/// An address as a person gives it: a customer's (in a draft, an edit, a sale form) or the one
/// they move to, carried by an address change (the visit is there, and the customer's address
/// becomes it once the order is done). [`NewAddress::checked`] gives it canonical.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NewAddress {
    /// CEP (digits once checked).
    pub cep: String,
    /// Street.
    pub street: String,
    /// Number.
    pub number: String,
    /// Complement (may be blank).
    pub complement: String,
    /// Neighbourhood.
    pub neighbourhood: String,
    /// Municipality.
    pub city: String,
    /// UF.
    pub uf: String,
    /// Reference point (may be blank).
    pub reference: String,
    /// Latitude (`null` with the longitude: not placed on the map).
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
}

impl NewAddress {
    /// Checks every field, the first problem naming its field; returns it trimmed, the CEP
    /// as digits and the UF in capitals. Both coordinates or neither: a customer from an ERP
    /// without coordinates is placed on the map later; half a position, or one off the globe,
    /// is a mistake.
    pub fn checked(&self) -> Result<NewAddress, ValidationError> {
        let checked = NewAddress {
            cep: Cep::parse(&self.cep)?.digits().to_owned(),
            street: required(&self.street, Field::Street)?,
            number: required(&self.number, Field::Number)?,
            complement: self.complement.trim().to_owned(),
            neighbourhood: required(&self.neighbourhood, Field::Neighbourhood)?,
            city: required(&self.city, Field::City)?,
            uf: Uf::parse(&self.uf)?.as_str().to_owned(),
            reference: self.reference.trim().to_owned(),
            lat: self.lat,
            lon: self.lon,
        };
        match (self.lat, self.lon) {
            (None, None) => Ok(checked),
            (Some(lat), Some(lon))
                if lat.is_finite()
                    && lon.is_finite()
                    && (-90.0..=90.0).contains(&lat)
                    && (-180.0..=180.0).contains(&lon) =>
            {
                Ok(checked)
            }
            _ => Err(ValidationError::Required(Field::Coordinates)),
        }
    }

    /// One line: `Rua da Aurora, 500 – ap 2 · Santo Amaro · Recife/PE`.
    pub fn line(&self) -> String {
        let complement = if self.complement.is_empty() {
            String::new()
        } else {
            format!(" – {}", self.complement)
        };
        format!(
            "{}, {}{complement} · {} · {}/{}",
            self.street, self.number, self.neighbourhood, self.city, self.uf
        )
    }
}
