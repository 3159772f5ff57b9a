//! What a person typed that was refused: the field it was in (named in their language) and
//! why, each message naming the field and the fix.

use std::fmt;

use crate::i18n::{Lang, Localized};

/// A field a person fills in, named in their language in the messages about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// A person's, customer's or record's name.
    Name,
    /// A phone number.
    Phone,
    /// Birth date.
    BirthDate,
    /// Mother's name.
    MotherName,
    /// Map coordinates.
    Coordinates,
    /// The address an address change moves the customer to.
    NewAddress,
    /// Street.
    Street,
    /// House number.
    Number,
    /// Address complement.
    Complement,
    /// Neighbourhood.
    Neighbourhood,
    /// City.
    City,
    /// Notes for the technician.
    Notes,
    /// Stock item code.
    Sku,
    /// Stock item name.
    ItemName,
    /// Warehouse name.
    WarehouseName,
    /// Plan name.
    PlanName,
    /// Why a deadline clock is paused.
    PauseReason,
    /// A reason or note.
    Reason,
    /// A date.
    Date,
    /// "Scheduled from" filter.
    DateFrom,
    /// "Scheduled until" filter.
    DateTo,
    /// Start of a report's period.
    PeriodStart,
    /// End of a report's period.
    PeriodEnd,
    /// First day of an absence.
    AbsenceStart,
    /// Last day of an absence.
    AbsenceEnd,
    /// A time of day.
    Time,
    /// Any other text (labels, keys).
    Text,
    /// CPF.
    Cpf,
    /// E-mail.
    Email,
    /// CEP.
    Cep,
    /// State (UF).
    Uf,
    /// A second contact phone.
    SecondPhone,
    /// Reference point of an address.
    Reference,
    /// The operator a sale is for.
    Operator,
    /// The plan asked for.
    Plan,
    /// The monthly due day.
    DueDay,
    /// The periods a customer is available in.
    Periods,
    /// The customer's consent.
    Consent,
    /// An operator's protocol number.
    Protocol,
    /// A record's id in the provider's ERP.
    ExternalId,
    /// A plan's speed.
    Speed,
    /// The customer a record is about.
    Customer,
    /// What a call is about.
    Problem,
    /// A problem in the customer's words.
    Description,
    /// The deadline promised to a customer.
    Promise,
}

impl Field {
    /// The field's name as the person reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        use Field::*;
        match (self, lang) {
            (Name, Lang::PtBr) => "nome",
            (Name, Lang::En) => "name",
            (Phone, Lang::PtBr) => "telefone",
            (Phone, Lang::En) => "phone",
            (BirthDate, Lang::PtBr) => "data de nascimento",
            (BirthDate, Lang::En) => "birth date",
            (MotherName, Lang::PtBr) => "nome da mãe",
            (MotherName, Lang::En) => "mother's name",
            (Coordinates, Lang::PtBr) => "coordenadas",
            (Coordinates, Lang::En) => "coordinates",
            (NewAddress, Lang::PtBr) => "novo endereço",
            (NewAddress, Lang::En) => "new address",
            (Street, Lang::PtBr) => "logradouro",
            (Street, Lang::En) => "street",
            (Number, Lang::PtBr) => "número",
            (Number, Lang::En) => "number",
            (Complement, Lang::PtBr) => "complemento",
            (Complement, Lang::En) => "complement",
            (Neighbourhood, Lang::PtBr) => "bairro",
            (Neighbourhood, Lang::En) => "neighbourhood",
            (City, Lang::PtBr) => "cidade",
            (City, Lang::En) => "city",
            (Notes, Lang::PtBr) => "Observações",
            (Notes, Lang::En) => "Notes",
            (Sku, _) => "SKU",
            (ItemName, Lang::PtBr) => "nome do item",
            (ItemName, Lang::En) => "item name",
            (WarehouseName, Lang::PtBr) => "nome do almoxarifado",
            (WarehouseName, Lang::En) => "warehouse name",
            (PlanName, Lang::PtBr) => "nome do plano",
            (PlanName, Lang::En) => "plan name",
            (PauseReason, Lang::PtBr) => "motivo da pausa",
            (PauseReason, Lang::En) => "reason for the pause",
            (Reason, Lang::PtBr) => "motivo",
            (Reason, Lang::En) => "reason",
            (Date, Lang::PtBr) => "data",
            (Date, Lang::En) => "date",
            (DateFrom, Lang::PtBr) => "agendada de",
            (DateFrom, Lang::En) => "scheduled from",
            (DateTo, Lang::PtBr) => "agendada até",
            (DateTo, Lang::En) => "scheduled until",
            (PeriodStart, Lang::PtBr) => "início do período",
            (PeriodStart, Lang::En) => "start of the period",
            (PeriodEnd, Lang::PtBr) => "fim do período",
            (PeriodEnd, Lang::En) => "end of the period",
            (AbsenceStart, Lang::PtBr) => "início da ausência",
            (AbsenceStart, Lang::En) => "first day of the absence",
            (AbsenceEnd, Lang::PtBr) => "fim da ausência",
            (AbsenceEnd, Lang::En) => "last day of the absence",
            (Time, Lang::PtBr) => "horário",
            (Time, Lang::En) => "time",
            (Text, Lang::PtBr) => "texto",
            (Text, Lang::En) => "text",
            (Cpf, _) => "CPF",
            (Email, _) => "e-mail",
            (Cep, _) => "CEP",
            (Uf, _) => "UF",
            (SecondPhone, Lang::PtBr) => "segundo telefone",
            (SecondPhone, Lang::En) => "second phone",
            (Reference, Lang::PtBr) => "ponto de referência",
            (Reference, Lang::En) => "reference point",
            (Operator, Lang::PtBr) => "operadora",
            (Operator, Lang::En) => "operator",
            (Plan, Lang::PtBr) => "plano",
            (Plan, Lang::En) => "plan",
            (DueDay, Lang::PtBr) => "vencimento",
            (DueDay, Lang::En) => "due day",
            (Periods, Lang::PtBr) => "períodos disponíveis",
            (Periods, Lang::En) => "available periods",
            (Consent, Lang::PtBr) => "consentimento do cliente",
            (Consent, Lang::En) => "customer's consent",
            (Protocol, Lang::PtBr) => "protocolo da operadora",
            (Protocol, Lang::En) => "operator's protocol",
            (ExternalId, Lang::PtBr) => "ID no ERP",
            (ExternalId, Lang::En) => "ERP id",
            (Speed, Lang::PtBr) => "velocidade",
            (Speed, Lang::En) => "speed",
            (Customer, Lang::PtBr) => "cliente",
            (Customer, Lang::En) => "customer",
            (Problem, Lang::PtBr) => "problema",
            (Problem, Lang::En) => "problem",
            (Description, Lang::PtBr) => "descrição do problema",
            (Description, Lang::En) => "description of the problem",
            (Promise, Lang::PtBr) => "prazo prometido ao cliente",
            (Promise, Lang::En) => "deadline promised to the customer",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label(Lang::PtBr))
    }
}

/// Why a value typed by a person was refused. Each message names the field and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// Wrong length, repeated digits or wrong check digits.
    #[error("CPF inválido: verifique os dígitos")]
    Cpf,
    /// Not eight digits, or all zeros.
    #[error("CEP inválido: use 8 dígitos, como 50030-230")]
    Cep,
    /// The area code is not a Brazilian DDD.
    #[error("Telefone inválido: DDD {0} não existe")]
    PhoneDdd(String),
    /// Wrong number of digits after the DDD, or a mobile number not starting with 9.
    #[error("Telefone inválido: informe DDD e número, como (81) 99999-9999")]
    Phone,
    /// Not shaped like an e-mail address.
    #[error("E-mail inválido: verifique o endereço, como nome@provedor.com.br")]
    Email,
    /// Not one of the 27 federative units.
    #[error("UF inválida: use a sigla do estado, como PE")]
    Uf,
    /// A required field was left empty.
    #[error("Campo obrigatório: {0}")]
    Required(Field),
    /// A date that is not a real calendar day.
    #[error("Data inválida em \u{201c}{0}\u{201d}: use dd/mm/aaaa")]
    Date(Field),
    /// Text longer than the field keeps.
    #[error("{0}: no máximo {1} caracteres")]
    TooLong(Field, usize),
    /// A date that has not come yet where only past dates make sense.
    #[error("Data no futuro em \u{201c}{0}\u{201d}")]
    Future(Field),
    /// A customer under 18 (a contract needs an adult).
    #[error("O titular precisa ter 18 anos ou mais")]
    Minor,
    /// A due day outside the month's first 28 days.
    #[error("Vencimento: escolha um dia de 1 a 28")]
    DueDay,
    /// The second contact repeats the first.
    #[error("O segundo telefone repete o primeiro: informe outro contato")]
    SamePhone,
    /// A choice that no longer exists (a plan taken off the catalogue).
    #[error("O {0} escolhido não está mais disponível: escolha outro")]
    Unknown(Field),
    /// A value another record already has (a plan's name).
    #[error("Já existe outro registro com este {0}")]
    Taken(Field),
    /// The customer's consent was not recorded.
    #[error("Registre que o cliente autorizou o uso dos dados (LGPD)")]
    Consent,
    /// A plan change to the plan the customer already has.
    #[error("O cliente já tem este plano: escolha o plano novo")]
    SamePlan,
    /// An SVA activation on a plan with no service to activate.
    #[error(
        "O plano {0} não inclui IPTV nem SVA: para ativar um serviço, abra antes uma mudança de plano"
    )]
    NoServices(String),
}

impl Localized for ValidationError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                ValidationError::Cpf => "Invalid CPF: check the digits".into(),
                ValidationError::Cep => "Invalid CEP: use 8 digits, e.g. 50030-230".into(),
                ValidationError::PhoneDdd(ddd) => {
                    format!("Invalid phone: area code {ddd} does not exist")
                }
                ValidationError::Phone => {
                    "Invalid phone: enter area code and number, e.g. (81) 99999-9999".into()
                }
                ValidationError::Email => {
                    "Invalid e-mail: check the address, e.g. name@provider.com.br".into()
                }
                ValidationError::Uf => "Invalid state: use its abbreviation, e.g. PE".into(),
                ValidationError::Required(field) => {
                    format!("Required field: {}", field.label(lang))
                }
                ValidationError::Date(field) => {
                    format!("Invalid date in “{}”: use dd/mm/yyyy", field.label(lang))
                }
                ValidationError::TooLong(field, max) => {
                    format!("{}: at most {max} characters", field.label(lang))
                }
                ValidationError::Future(field) => {
                    format!("Date in the future in “{}”", field.label(lang))
                }
                ValidationError::Minor => "The holder must be 18 or older".into(),
                ValidationError::DueDay => "Due day: choose a day from 1 to 28".into(),
                ValidationError::SamePhone => {
                    "The second phone repeats the first: give another contact".into()
                }
                ValidationError::Unknown(field) => {
                    format!(
                        "The {} chosen is no longer offered: choose another",
                        field.label(lang)
                    )
                }
                ValidationError::Taken(field) => {
                    format!("Another record already has this {}", field.label(lang))
                }
                ValidationError::Consent => {
                    "Record that the customer agreed to the use of their data (LGPD)".into()
                }
                ValidationError::SamePlan => {
                    "The customer already has this plan: choose the new plan".into()
                }
                ValidationError::NoServices(plan) => format!(
                    "The plan {plan} includes no IPTV or SVA: to activate a service, open a plan change first"
                ),
            },
        }
    }
}
