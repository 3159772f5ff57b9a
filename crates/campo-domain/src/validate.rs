//! Brazilian identifiers and contacts, validated once at the edge and carried as types.
//!
//! Each type parses what a person types (with or without punctuation) and keeps a canonical
//! form: digits only for storage, the familiar mask for display.

use std::fmt;

mod refusal;
pub use refusal::{Field, ValidationError};

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

/// The 26 states and the Federal District: abbreviation, name (as maps and geocoders know
/// it) and IBGE code (the first two digits of its municipalities' codes).
const STATES: [(&str, &str, u32); 27] = [
    ("AC", "Acre", 12),
    ("AL", "Alagoas", 27),
    ("AP", "Amapá", 16),
    ("AM", "Amazonas", 13),
    ("BA", "Bahia", 29),
    ("CE", "Ceará", 23),
    ("DF", "Distrito Federal", 53),
    ("ES", "Espírito Santo", 32),
    ("GO", "Goiás", 52),
    ("MA", "Maranhão", 21),
    ("MT", "Mato Grosso", 51),
    ("MS", "Mato Grosso do Sul", 50),
    ("MG", "Minas Gerais", 31),
    ("PA", "Pará", 15),
    ("PB", "Paraíba", 25),
    ("PR", "Paraná", 41),
    ("PE", "Pernambuco", 26),
    ("PI", "Piauí", 22),
    ("RJ", "Rio de Janeiro", 33),
    ("RN", "Rio Grande do Norte", 24),
    ("RS", "Rio Grande do Sul", 43),
    ("RO", "Rondônia", 11),
    ("RR", "Roraima", 14),
    ("SC", "Santa Catarina", 42),
    ("SP", "São Paulo", 35),
    ("SE", "Sergipe", 28),
    ("TO", "Tocantins", 17),
];

/// The 26 states' and the Federal District's abbreviations.
pub const UFS: [&str; 27] = {
    let mut out = [""; 27];
    let mut i = 0;
    while i < STATES.len() {
        out[i] = STATES[i].0;
        i += 1;
    }
    out
};

/// A federative unit (state): its row of [`STATES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Uf(&'static (&'static str, &'static str, u32));

impl Uf {
    /// Parses `PE`, `pe` or ` Pe `.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let up = input.trim().to_ascii_uppercase();
        STATES
            .iter()
            .find(|(uf, _, _)| *uf == up)
            .map(Uf)
            .ok_or(ValidationError::Uf)
    }

    /// The abbreviation, e.g. `PE`.
    pub fn as_str(&self) -> &'static str {
        self.0.0
    }

    /// The state's name, e.g. `Pernambuco` (as maps and geocoders know it).
    pub fn name(&self) -> &'static str {
        self.0.1
    }

    /// The state's IBGE code, e.g. 26 for Pernambuco: the first two digits of the codes of
    /// its municipalities.
    pub fn ibge_code(&self) -> u32 {
        self.0.2
    }
}

impl fmt::Display for Uf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests;
