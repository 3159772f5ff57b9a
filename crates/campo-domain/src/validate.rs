//! Brazilian identifiers and contacts, validated once at the edge and carried as types.
//!
//! Each type parses what a person types (with or without punctuation) and keeps a canonical
//! form: digits only for storage, the familiar mask for display.

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

fn digits(input: &str) -> String {
    input.chars().filter(char::is_ascii_digit).collect()
}

/// Only digits and the usual separators may appear in a masked number.
fn only_mask_chars(input: &str, extra: &[char]) -> bool {
    input
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || extra.contains(&c))
}

/// A CPF (Cadastro de Pessoas Físicas) whose check digits are right.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cpf(String);

impl Cpf {
    /// Parses `123.456.789-09` or `12345678909`.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        if !only_mask_chars(input, &['.', '-']) {
            return Err(ValidationError::Cpf);
        }
        let d = digits(input);
        let bytes: Vec<u32> = d.chars().filter_map(|c| c.to_digit(10)).collect();
        if bytes.len() != 11 || bytes.iter().all(|&b| b == bytes[0]) {
            return Err(ValidationError::Cpf);
        }
        if check_digit(&bytes[..9]) != bytes[9] || check_digit(&bytes[..10]) != bytes[10] {
            return Err(ValidationError::Cpf);
        }
        Ok(Cpf(d))
    }

    /// Builds a valid CPF from its first nine digits (used by the demo generator).
    pub fn from_base(base: [u8; 9]) -> Result<Self, ValidationError> {
        let mut all: Vec<u32> = base.iter().map(|&b| u32::from(b % 10)).collect();
        all.push(check_digit(&all));
        all.push(check_digit(&all));
        let text: String = all
            .iter()
            .filter_map(|&d| char::from_digit(d, 10))
            .collect();
        Cpf::parse(&text)
    }

    /// The eleven digits, as stored.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `000.000.000-00`.
    pub fn formatted(&self) -> String {
        let d = &self.0;
        format!("{}.{}.{}-{}", &d[0..3], &d[3..6], &d[6..9], &d[9..11])
    }
}

/// The CPF check digit over `digits` (weights counting down to 2).
fn check_digit(digits: &[u32]) -> u32 {
    let n = u32::try_from(digits.len()).unwrap_or(0);
    let sum: u32 = digits
        .iter()
        .zip((2..=n + 1).rev())
        .map(|(d, w)| d * w)
        .sum();
    let rest = (sum * 10) % 11;
    if rest == 10 { 0 } else { rest }
}

impl fmt::Display for Cpf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

/// A CEP (Código de Endereçamento Postal): eight digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cep(String);

impl Cep {
    /// Parses `50030-230`, `50.030-230` or `50030230`.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        if !only_mask_chars(input, &['.', '-']) {
            return Err(ValidationError::Cep);
        }
        let d = digits(input);
        if d.len() != 8 || d.chars().all(|c| c == '0') {
            return Err(ValidationError::Cep);
        }
        Ok(Cep(d))
    }

    /// The eight digits, as stored.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `00000-000`.
    pub fn formatted(&self) -> String {
        format!("{}-{}", &self.0[..5], &self.0[5..])
    }
}

impl fmt::Display for Cep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

/// Every DDD (area code) in use in Brazil.
const DDDS: [u8; 67] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43,
    44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77,
    79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
];

/// A Brazilian phone number with its DDD: a mobile (9 digits, starting with 9) or a landline
/// (8 digits, starting with 2–5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Parses `(81) 99999-9999`, `81999999999`, `+55 81 3333-4444` or `081 3333-4444`.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        if input.trim().is_empty() {
            return Err(ValidationError::Required(Field::Phone));
        }
        if !only_mask_chars(input, &['(', ')', '-', '+', '.']) {
            return Err(ValidationError::Phone);
        }
        let mut d = digits(input);
        if input.trim_start().starts_with('+') {
            d = d
                .strip_prefix("55")
                .ok_or(ValidationError::Phone)?
                .to_owned();
        } else if d.len() > 11 && d.starts_with('0') {
            d.remove(0);
        } else if d.len() == 11 && d.starts_with('0') && !d.starts_with("09") {
            // 0 + DDD + 8-digit landline.
            d.remove(0);
        }
        if d.len() != 10 && d.len() != 11 {
            return Err(ValidationError::Phone);
        }
        let ddd = &d[..2];
        let ddd_n: u8 = ddd.parse().map_err(|_| ValidationError::Phone)?;
        if !DDDS.contains(&ddd_n) {
            return Err(ValidationError::PhoneDdd(ddd.to_owned()));
        }
        let local = &d[2..];
        let first = local.as_bytes()[0];
        let ok = match local.len() {
            9 => first == b'9',
            8 => (b'2'..=b'5').contains(&first),
            _ => false,
        };
        if !ok {
            return Err(ValidationError::Phone);
        }
        Ok(Phone(d))
    }

    /// DDD and number, digits only.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// True for a mobile number.
    pub fn is_mobile(&self) -> bool {
        self.0.len() == 11
    }

    /// `(81) 99999-9999` or `(81) 3333-4444`.
    pub fn formatted(&self) -> String {
        let d = &self.0;
        let split = d.len() - 4;
        format!("({}) {}-{}", &d[..2], &d[2..split], &d[split..])
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

/// An e-mail address shaped like one (`local@domain.tld`); the domain is kept lower-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses an address; surrounding spaces are ignored.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim();
        let (local, domain) = s.split_once('@').ok_or(ValidationError::Email)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && domain.len() <= 253
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if !local_ok || !domain_ok {
            return Err(ValidationError::Email);
        }
        Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The 26 states and the Federal District.
pub const UFS: [&str; 27] = [
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB", "PR",
    "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
];

/// A federative unit (state) by its two-letter abbreviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Uf(&'static str);

impl Uf {
    /// Parses `PE`, `pe` or ` Pe `.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let up = input.trim().to_ascii_uppercase();
        UFS.iter()
            .find(|&&uf| uf == up)
            .map(|&uf| Uf(uf))
            .ok_or(ValidationError::Uf)
    }

    /// The abbreviation, e.g. `PE`.
    pub fn as_str(&self) -> &'static str {
        self.0
    }

    /// The state's name, e.g. `Pernambuco` (as maps and geocoders know it).
    pub fn name(&self) -> &'static str {
        match self.0 {
            "AC" => "Acre",
            "AL" => "Alagoas",
            "AP" => "Amapá",
            "AM" => "Amazonas",
            "BA" => "Bahia",
            "CE" => "Ceará",
            "DF" => "Distrito Federal",
            "ES" => "Espírito Santo",
            "GO" => "Goiás",
            "MA" => "Maranhão",
            "MT" => "Mato Grosso",
            "MS" => "Mato Grosso do Sul",
            "MG" => "Minas Gerais",
            "PA" => "Pará",
            "PB" => "Paraíba",
            "PR" => "Paraná",
            "PE" => "Pernambuco",
            "PI" => "Piauí",
            "RJ" => "Rio de Janeiro",
            "RN" => "Rio Grande do Norte",
            "RS" => "Rio Grande do Sul",
            "RO" => "Rondônia",
            "RR" => "Roraima",
            "SC" => "Santa Catarina",
            "SP" => "São Paulo",
            "SE" => "Sergipe",
            _ => "Tocantins",
        }
    }
}

impl fmt::Display for Uf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests;
