//! A sale as the seller collects it (seed 002, stage 1) and as the back office decides it
//! (stage 2): the form with every field checked by name, the states a sale goes through, and
//! the reasons a sale is rejected.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::customer::NewAddress;
use crate::i18n::Lang;
use crate::order::Period;
use crate::validate::{Cep, Cpf, Email, Field, Phone, Uf, ValidationError};

/// Longest text of a sale's field.
const MAX_FIELD: usize = 200;

/// What the seller collects (seed 002: "Nome, CPF, E-mail, Nome da Mãe, Data de Nascimento,
/// Endereço Completo, 02 Contatos, Operadora, Plano Solicitado, Vencimento, Período"). A draft
/// keeps it as typed; [`SaleForm::check`] gives it back in canonical form (digits only for
/// CPF, CEP and phones) or every problem by field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SaleForm {
    /// The holder's full name.
    pub name: String,
    /// CPF, masked or not.
    pub cpf: String,
    /// E-mail.
    pub email: String,
    /// Mother's name.
    pub mother_name: String,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// First contact phone.
    pub phone1: String,
    /// Second contact phone.
    pub phone2: String,
    /// The installation's address, with its reference point and where it is on the map
    /// (picked there or found from the address).
    #[serde(flatten)]
    pub address: NewAddress,
    /// The operator (operadora) the sale is for.
    pub operator: String,
    /// The plan asked for (its id).
    pub plan_id: String,
    /// Day of the month the bill falls due (vencimento).
    pub due_day: Option<u8>,
    /// Periods the customer is available for the installation.
    pub periods: Vec<Period>,
    /// The customer agreed to the use of their data for this contract (LGPD).
    pub consent: bool,
    /// The version of the consent terms they agreed to ([`consent_terms`]); the sale keeps
    /// it from the first sending (an older app's form gets the current one).
    pub consent_terms: Option<u16>,
}

/// The consent terms' version the seller reads to the customer now.
pub const CONSENT_TERMS: u16 = 1;

/// The words of the consent terms `version` in `lang` (`None`: a version Campo never had).
/// A version's words never change: new words are a new version.
pub fn consent_terms(version: u16, lang: Lang) -> Option<&'static str> {
    match (version, lang) {
        (1, Lang::PtBr) => Some(
            "Autorizo o provedor a tratar os meus dados pessoais (nome, CPF, data de nascimento, \
             nome da mãe, endereço, telefones e e-mail) para analisar, contratar, instalar e cobrar \
             o serviço que pedi, e a compartilhá-los com a operadora escolhida para esse fim, nos \
             termos da Lei Geral de Proteção de Dados (Lei nº 13.709/2018). Posso pedir acesso, \
             correção ou exclusão desses dados a qualquer momento.",
        ),
        (1, Lang::En) => Some(
            "I authorise the provider to process my personal data (name, CPF, birth date, \
             mother's name, address, phones and e-mail) to analyse, contract, install and bill \
             the service I asked for, and to share it with the chosen operator for that purpose, \
             under Brazil's General Data Protection Law (Law 13,709/2018). I may ask for access \
             to, correction or deletion of this data at any time.",
        ),
        _ => None,
    }
}

/// A field of the sale form, as the form names it (`params` keys of a refusal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SaleField {
    /// Name.
    Name,
    /// CPF.
    Cpf,
    /// E-mail.
    Email,
    /// Mother's name.
    MotherName,
    /// Birth date.
    BirthDate,
    /// First phone.
    Phone1,
    /// Second phone.
    Phone2,
    /// CEP.
    Cep,
    /// Street.
    Street,
    /// Number.
    Number,
    /// Complement.
    Complement,
    /// Neighbourhood.
    Neighbourhood,
    /// Municipality.
    City,
    /// UF.
    Uf,
    /// Reference point.
    Reference,
    /// The address on the map.
    Location,
    /// Operator.
    Operator,
    /// Plan.
    Plan,
    /// Due day.
    DueDay,
    /// Available periods.
    Periods,
    /// Consent.
    Consent,
}

impl SaleField {
    /// The form's key for the field (camelCase, as in [`SaleForm`]).
    pub fn code(self) -> &'static str {
        match self {
            SaleField::Name => "name",
            SaleField::Cpf => "cpf",
            SaleField::Email => "email",
            SaleField::MotherName => "motherName",
            SaleField::BirthDate => "birthDate",
            SaleField::Phone1 => "phone1",
            SaleField::Phone2 => "phone2",
            SaleField::Cep => "cep",
            SaleField::Street => "street",
            SaleField::Number => "number",
            SaleField::Complement => "complement",
            SaleField::Neighbourhood => "neighbourhood",
            SaleField::City => "city",
            SaleField::Uf => "uf",
            SaleField::Reference => "reference",
            SaleField::Location => "location",
            SaleField::Operator => "operator",
            SaleField::Plan => "planId",
            SaleField::DueDay => "dueDay",
            SaleField::Periods => "periods",
            SaleField::Consent => "consent",
        }
    }
}

/// One problem of a sale form: the field and what is wrong with it.
pub type SaleProblem = (SaleField, ValidationError);

fn required(value: &str, field: Field) -> Result<String, ValidationError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ValidationError::Required(field));
    }
    if v.chars().count() > MAX_FIELD || v.contains('\0') {
        return Err(ValidationError::TooLong(field, MAX_FIELD));
    }
    Ok(v.to_owned())
}

fn optional(value: &str, field: Field) -> Result<String, ValidationError> {
    let v = value.trim();
    if v.chars().count() > MAX_FIELD || v.contains('\0') {
        return Err(ValidationError::TooLong(field, MAX_FIELD));
    }
    Ok(v.to_owned())
}

fn nonempty(value: &str, field: Field) -> Result<&str, ValidationError> {
    let v = value.trim();
    if v.is_empty() {
        Err(ValidationError::Required(field))
    } else {
        Ok(v)
    }
}

/// Whether someone born on `born` is 18 on `today`.
fn adult(born: NaiveDate, today: NaiveDate) -> bool {
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years >= 18
}

/// The birth date typed: a real day, past, of an adult on `today`.
fn birth_date(value: &str, today: NaiveDate) -> Result<String, ValidationError> {
    let v = nonempty(value, Field::BirthDate)?;
    let date = NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| ValidationError::Date(Field::BirthDate))?;
    if date > today {
        return Err(ValidationError::Future(Field::BirthDate));
    }
    if !adult(date, today) {
        return Err(ValidationError::Minor);
    }
    Ok(date.to_string())
}

impl SaleForm {
    /// Checks every field on `today` (the birth date must be an adult's). Gives the form in
    /// canonical form, or every problem, each naming its field, in the form's order.
    pub fn check(&self, today: NaiveDate) -> Result<SaleForm, Vec<SaleProblem>> {
        let mut problems = Vec::new();
        let mut take = |field: SaleField, r: Result<String, ValidationError>| match r {
            Ok(v) => v,
            Err(e) => {
                problems.push((field, e));
                String::new()
            }
        };
        let name = take(SaleField::Name, required(&self.name, Field::Name));
        let cpf = take(
            SaleField::Cpf,
            nonempty(&self.cpf, Field::Cpf).and_then(|c| Cpf::parse(c).map(|c| c.digits().into())),
        );
        let email = take(
            SaleField::Email,
            nonempty(&self.email, Field::Email)
                .and_then(|e| Email::parse(e).map(|e| e.as_str().to_owned())),
        );
        let mother_name = take(
            SaleField::MotherName,
            required(&self.mother_name, Field::MotherName),
        );
        let birth = take(SaleField::BirthDate, birth_date(&self.birth_date, today));
        let phone1 = take(
            SaleField::Phone1,
            Phone::parse(&self.phone1).map(|p| p.digits().to_owned()),
        );
        let phone2 = take(
            SaleField::Phone2,
            nonempty(&self.phone2, Field::SecondPhone)
                .and_then(|p| Phone::parse(p).map(|p| p.digits().to_owned()))
                .and_then(|p| {
                    if !phone1.is_empty() && p == phone1 {
                        Err(ValidationError::SamePhone)
                    } else {
                        Ok(p)
                    }
                }),
        );
        let cep = take(
            SaleField::Cep,
            nonempty(&self.address.cep, Field::Cep)
                .and_then(|c| Cep::parse(c).map(|c| c.digits().into())),
        );
        let street = take(
            SaleField::Street,
            required(&self.address.street, Field::Street),
        );
        let number = take(
            SaleField::Number,
            required(&self.address.number, Field::Number),
        );
        let complement = take(
            SaleField::Complement,
            optional(&self.address.complement, Field::Complement),
        );
        let neighbourhood = take(
            SaleField::Neighbourhood,
            required(&self.address.neighbourhood, Field::Neighbourhood),
        );
        let city = take(SaleField::City, required(&self.address.city, Field::City));
        let uf = take(
            SaleField::Uf,
            nonempty(&self.address.uf, Field::Uf)
                .and_then(|u| Uf::parse(u).map(|u| u.as_str().into())),
        );
        let reference = take(
            SaleField::Reference,
            optional(&self.address.reference, Field::Reference),
        );
        let operator = take(
            SaleField::Operator,
            required(&self.operator, Field::Operator),
        );
        let plan_id = take(SaleField::Plan, required(&self.plan_id, Field::Plan));
        let located = match (self.address.lat, self.address.lon) {
            (Some(lat), Some(lon))
                if (-90.0..=90.0).contains(&lat)
                    && (-180.0..=180.0).contains(&lon)
                    && (lat, lon) != (0.0, 0.0) =>
            {
                true
            }
            _ => {
                problems.push((
                    SaleField::Location,
                    ValidationError::Required(Field::Coordinates),
                ));
                false
            }
        };
        match self.due_day {
            None => problems.push((SaleField::DueDay, ValidationError::Required(Field::DueDay))),
            Some(d) if !(1..=28).contains(&d) => {
                problems.push((SaleField::DueDay, ValidationError::DueDay));
            }
            Some(_) => {}
        }
        let mut periods = self.periods.clone();
        periods.sort_by_key(|p| *p == Period::Afternoon);
        periods.dedup();
        if periods.is_empty() {
            problems.push((
                SaleField::Periods,
                ValidationError::Required(Field::Periods),
            ));
        }
        if !self.consent {
            problems.push((SaleField::Consent, ValidationError::Consent));
        }
        let consent_version = match self.consent_terms {
            None => CONSENT_TERMS,
            Some(v) if consent_terms(v, Lang::PtBr).is_some() => v,
            Some(_) => {
                problems.push((SaleField::Consent, ValidationError::Consent));
                CONSENT_TERMS
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(SaleForm {
            name,
            cpf,
            email,
            mother_name,
            birth_date: birth,
            phone1,
            phone2,
            address: NewAddress {
                cep,
                street,
                number,
                complement,
                neighbourhood,
                city,
                uf,
                reference,
                lat: self.address.lat.filter(|_| located),
                lon: self.address.lon.filter(|_| located),
            },
            operator,
            plan_id,
            due_day: self.due_day,
            periods,
            consent: true,
            consent_terms: Some(consent_version),
        })
    }
}

/// Where a sale stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SaleStatus {
    /// Sent, waiting for the back office.
    InAnalysis,
    /// Back with its seller, with the reason, to be fixed and sent again.
    Rejected,
    /// Approved: the customer's contract and an installation order.
    Approved,
}

impl SaleStatus {
    /// Every status.
    pub const ALL: [SaleStatus; 3] = [
        SaleStatus::InAnalysis,
        SaleStatus::Rejected,
        SaleStatus::Approved,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            SaleStatus::InAnalysis => "in_analysis",
            SaleStatus::Rejected => "rejected",
            SaleStatus::Approved => "approved",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// As a person reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SaleStatus::InAnalysis, Lang::PtBr) => "Em análise",
            (SaleStatus::InAnalysis, Lang::En) => "In analysis",
            (SaleStatus::Rejected, Lang::PtBr) => "Reprovada",
            (SaleStatus::Rejected, Lang::En) => "Rejected",
            (SaleStatus::Approved, Lang::PtBr) => "Aprovada",
            (SaleStatus::Approved, Lang::En) => "Approved",
        }
    }
}

/// Why the back office rejects a sale (the list it picks from; "other" needs a note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// The data does not match the holder's document.
    DataMismatch,
    /// Something the analysis needs is missing or unreadable.
    IncompleteData,
    /// The CPF has a credit restriction.
    CpfRestricted,
    /// No network can reach the address.
    NoCoverage,
    /// The operator's system refused the sale.
    OperatorRefused,
    /// The same sale was entered twice.
    Duplicate,
    /// The customer gave up.
    CustomerGaveUp,
    /// Another reason (the note says which).
    Other,
}

impl RejectReason {
    /// Every reason, in the order the list shows them.
    pub const ALL: [RejectReason; 8] = [
        RejectReason::DataMismatch,
        RejectReason::IncompleteData,
        RejectReason::CpfRestricted,
        RejectReason::NoCoverage,
        RejectReason::OperatorRefused,
        RejectReason::Duplicate,
        RejectReason::CustomerGaveUp,
        RejectReason::Other,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::DataMismatch => "data_mismatch",
            RejectReason::IncompleteData => "incomplete_data",
            RejectReason::CpfRestricted => "cpf_restricted",
            RejectReason::NoCoverage => "no_coverage",
            RejectReason::OperatorRefused => "operator_refused",
            RejectReason::Duplicate => "duplicate",
            RejectReason::CustomerGaveUp => "customer_gave_up",
            RejectReason::Other => "other",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether the reason needs a note to be understood.
    pub fn needs_note(self) -> bool {
        self == RejectReason::Other
    }

    /// As a person reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RejectReason::DataMismatch, Lang::PtBr) => "Dados não conferem com o documento",
            (RejectReason::DataMismatch, Lang::En) => "Data does not match the document",
            (RejectReason::IncompleteData, Lang::PtBr) => "Dados incompletos ou ilegíveis",
            (RejectReason::IncompleteData, Lang::En) => "Data incomplete or unreadable",
            (RejectReason::CpfRestricted, Lang::PtBr) => "CPF com restrição",
            (RejectReason::CpfRestricted, Lang::En) => "CPF with a credit restriction",
            (RejectReason::NoCoverage, Lang::PtBr) => "Endereço sem viabilidade técnica",
            (RejectReason::NoCoverage, Lang::En) => "No network at the address",
            (RejectReason::OperatorRefused, Lang::PtBr) => "Recusada pela operadora",
            (RejectReason::OperatorRefused, Lang::En) => "Refused by the operator",
            (RejectReason::Duplicate, Lang::PtBr) => "Venda em duplicidade",
            (RejectReason::Duplicate, Lang::En) => "Duplicate sale",
            (RejectReason::CustomerGaveUp, Lang::PtBr) => "Cliente desistiu",
            (RejectReason::CustomerGaveUp, Lang::En) => "The customer gave up",
            (RejectReason::Other, Lang::PtBr) => "Outro motivo",
            (RejectReason::Other, Lang::En) => "Another reason",
        }
    }
}

/// Why a sale cannot be changed or decided as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SaleError {
    /// An approved sale is the customer's contract now: it is not changed as a sale.
    #[error("Esta venda já foi aprovada: não pode mais ser alterada")]
    Approved,
    /// Only a sale in analysis is decided.
    #[error("Só se decide uma venda em análise; esta está “{}”", .0.label(Lang::PtBr))]
    NotInAnalysis(SaleStatus),
    /// A seller changes only their own sales.
    #[error("Cada vendedor altera apenas as próprias vendas")]
    NotYours,
    /// A rejection without its reason.
    #[error("Escolha o motivo da reprovação")]
    ReasonRequired,
    /// "Other reason" without the note that says which.
    #[error("Escreva na observação qual é o outro motivo")]
    NoteRequired,
}

impl crate::i18n::Localized for SaleError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                SaleError::Approved => {
                    "This sale was approved already: it can no longer be changed".into()
                }
                SaleError::NotInAnalysis(s) => format!(
                    "Only a sale in analysis is decided; this one is “{}”",
                    s.label(lang)
                ),
                SaleError::NotYours => "Sellers change only their own sales".into(),
                SaleError::ReasonRequired => "Choose the reason for the rejection".into(),
                SaleError::NoteRequired => "Write in the note which other reason it is".into(),
            },
        }
    }
}

#[cfg(test)]
mod tests;
