//! The provider's profile: who it is (name, CNPJ), the municipalities it serves (IBGE codes;
//! the first is its head office's, whose state, city and time zone its calendar and "today"
//! follow) and its bases — the warehouses and points technicians start the day from, with
//! coordinates and the technicians who start from each (the others start from the first). Every field is checked by name ([`ProviderProfile::problems`]) on the device
//! that sets it and again on the server.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::i18n::{Lang, Localized};
use crate::municipality::{self, Municipality};

/// Longest provider or base name.
pub const MAX_NAME: usize = 120;
/// Most municipalities one provider declares.
pub const MAX_MUNICIPALITIES: usize = 1_000;
/// Most bases one provider declares.
pub const MAX_BASES: usize = 100;

/// A place technicians start their day from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Base {
    /// What the provider calls it ("Sede", "Almoxarifado Norte").
    pub name: String,
    /// Latitude (degrees).
    pub lat: f64,
    /// Longitude (degrees).
    pub lon: f64,
    /// The technicians (person ids) who start their day here; the others start from the
    /// first base.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub technicians: Vec<String>,
}

/// The provider's profile, as the administrator sets it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProviderProfile {
    /// Trade name.
    pub name: String,
    /// CNPJ, as typed (punctuation allowed; numeric or the alphanumeric form of 2026).
    pub cnpj: String,
    /// IBGE codes of the municipalities served; the first is the head office's.
    pub municipalities: Vec<u32>,
    /// Bases, the first being where technicians start unless told otherwise.
    pub bases: Vec<Base>,
}

/// What is wrong with a profile, field by field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProfileProblem {
    /// The name is empty or too long.
    #[error("Informe o nome do provedor (até {MAX_NAME} caracteres)")]
    Name,
    /// The CNPJ does not check.
    #[error("CNPJ inválido: confira os 14 caracteres e os dígitos verificadores")]
    Cnpj,
    /// No municipality served.
    #[error("Informe ao menos um município atendido (código do IBGE)")]
    NoMunicipality,
    /// A code that is not IBGE's.
    #[error("Município {code} não existe na tabela do IBGE")]
    UnknownMunicipality {
        /// The code as given.
        code: u32,
    },
    /// The same municipality twice.
    #[error("O município {code} aparece duas vezes")]
    RepeatedMunicipality {
        /// The code.
        code: u32,
    },
    /// Too many municipalities or bases.
    #[error("Itens demais: até {MAX_MUNICIPALITIES} municípios e {MAX_BASES} bases")]
    TooMany,
    /// No base.
    #[error("Informe ao menos uma base (de onde os técnicos saem)")]
    NoBase,
    /// A base without a name (or with one too long, or repeated).
    #[error("Dê um nome único à base {}", .index + 1)]
    BaseName {
        /// Its position (from 0).
        index: usize,
    },
    /// A base whose coordinates are not in Brazil.
    #[error("As coordenadas da base {} não ficam no Brasil", .index + 1)]
    BaseOutside {
        /// Its position (from 0).
        index: usize,
    },
    /// A technician placed at this base and at an earlier one.
    #[error("Um técnico da base {} já sai de outra base", .index + 1)]
    TechnicianTwice {
        /// Its position (from 0).
        index: usize,
    },
}

impl ProfileProblem {
    /// The form field it is about: `name`, `cnpj`, `municipalities`, `bases`,
    /// `bases.<i>.name`, `bases.<i>.location`.
    pub fn field(&self) -> String {
        match self {
            ProfileProblem::Name => "name".into(),
            ProfileProblem::Cnpj => "cnpj".into(),
            ProfileProblem::NoMunicipality
            | ProfileProblem::UnknownMunicipality { .. }
            | ProfileProblem::RepeatedMunicipality { .. } => "municipalities".into(),
            ProfileProblem::TooMany | ProfileProblem::NoBase => "bases".into(),
            ProfileProblem::BaseName { index } => format!("bases.{index}.name"),
            ProfileProblem::BaseOutside { index } => format!("bases.{index}.location"),
            ProfileProblem::TechnicianTwice { index } => format!("bases.{index}.technicians"),
        }
    }
}

impl Localized for ProfileProblem {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                ProfileProblem::Name => {
                    format!("Enter the provider's name (up to {MAX_NAME} characters)")
                }
                ProfileProblem::Cnpj => {
                    "Invalid CNPJ: check the 14 characters and the check digits".into()
                }
                ProfileProblem::NoMunicipality => {
                    "Enter at least one municipality served (IBGE code)".into()
                }
                ProfileProblem::UnknownMunicipality { code } => {
                    format!("Municipality {code} is not in IBGE's table")
                }
                ProfileProblem::RepeatedMunicipality { code } => {
                    format!("Municipality {code} appears twice")
                }
                ProfileProblem::TooMany => format!(
                    "Too many items: up to {MAX_MUNICIPALITIES} municipalities and {MAX_BASES} bases"
                ),
                ProfileProblem::NoBase => {
                    "Enter at least one base (where technicians start from)".into()
                }
                ProfileProblem::BaseName { index } => {
                    format!("Give base {} a unique name", index + 1)
                }
                ProfileProblem::BaseOutside { index } => {
                    format!("The coordinates of base {} are not in Brazil", index + 1)
                }
                ProfileProblem::TechnicianTwice { index } => format!(
                    "A technician of base {} already starts from another base",
                    index + 1
                ),
            },
        }
    }
}

/// The CNPJ in its plain form (14 characters, letters upper-case) when it checks: the numeric
/// CNPJ and the alphanumeric one the Receita Federal issues from July 2026 (IN RFB 2.229/2024:
/// twelve characters 0–9/A–Z, two numeric check digits; each character counts as its ASCII
/// code minus 48, weights 2–9 from the right, modulo 11).
pub fn cnpj(input: &str) -> Option<String> {
    let plain: String = input
        .chars()
        .filter(|c| !matches!(c, '.' | '/' | '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let chars: Vec<char> = plain.chars().collect();
    if chars.len() != 14
        || !chars[..12]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        || !chars[12..].iter().all(char::is_ascii_digit)
        || chars.iter().all(|&c| c == chars[0])
    {
        return None;
    }
    let value = |c: char| u32::from(c) - 48;
    let digit = |body: &[char]| {
        let sum: u32 = body
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &c)| value(c) * (2 + (i as u32 % 8)))
            .sum();
        match sum % 11 {
            0 | 1 => 0,
            r => 11 - r,
        }
    };
    let first = digit(&chars[..12]);
    let second = digit(&chars[..13]);
    (value(chars[12]) == first && value(chars[13]) == second).then_some(plain)
}

/// Whether a point is within Brazil's extremes (Caburaí to Chuí, Ponta do Seixas and the
/// oceanic islands to the Serra do Divisor), with a margin.
fn in_brazil(lat: f64, lon: f64) -> bool {
    lat.is_finite()
        && lon.is_finite()
        && (-34.5..=5.6).contains(&lat)
        && (-74.5..=-28.5).contains(&lon)
}

impl ProviderProfile {
    /// Every problem, in the form's order (empty when the profile may be saved).
    pub fn problems(&self) -> Vec<ProfileProblem> {
        let mut out = Vec::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            out.push(ProfileProblem::Name);
        }
        if cnpj(&self.cnpj).is_none() {
            out.push(ProfileProblem::Cnpj);
        }
        if self.municipalities.len() > MAX_MUNICIPALITIES || self.bases.len() > MAX_BASES {
            out.push(ProfileProblem::TooMany);
        }
        if self.municipalities.is_empty() {
            out.push(ProfileProblem::NoMunicipality);
        }
        let mut seen = std::collections::BTreeSet::new();
        for &code in &self.municipalities {
            if municipality::by_code(code).is_none() {
                out.push(ProfileProblem::UnknownMunicipality { code });
            } else if !seen.insert(code) {
                out.push(ProfileProblem::RepeatedMunicipality { code });
            }
        }
        if self.bases.is_empty() {
            out.push(ProfileProblem::NoBase);
        }
        let mut names = std::collections::BTreeSet::new();
        let mut placed = std::collections::BTreeSet::new();
        for (index, base) in self.bases.iter().enumerate() {
            let name = base.name.trim();
            if name.is_empty()
                || name.chars().count() > MAX_NAME
                || !names.insert(crate::text::fold(name))
            {
                out.push(ProfileProblem::BaseName { index });
            }
            if !in_brazil(base.lat, base.lon) {
                out.push(ProfileProblem::BaseOutside { index });
            }
            if base.technicians.iter().any(|t| !placed.insert(t.as_str())) {
                out.push(ProfileProblem::TechnicianTwice { index });
            }
        }
        out
    }

    /// The first problem, if any.
    pub fn validate(&self) -> Result<(), ProfileProblem> {
        match self.problems().into_iter().next() {
            Some(p) => Err(p),
            None => Ok(()),
        }
    }

    /// The same profile as it is kept: names trimmed, the CNPJ in its plain form.
    pub fn normalized(&self) -> Self {
        ProviderProfile {
            name: self.name.trim().to_owned(),
            cnpj: cnpj(&self.cnpj).unwrap_or_else(|| self.cnpj.trim().to_owned()),
            municipalities: self.municipalities.clone(),
            bases: self
                .bases
                .iter()
                .map(|b| Base {
                    name: b.name.trim().to_owned(),
                    lat: b.lat,
                    lon: b.lon,
                    technicians: b.technicians.clone(),
                })
                .collect(),
        }
    }

    /// The head office's municipality (the first served), when its code is IBGE's.
    pub fn head(&self) -> Option<&'static Municipality> {
        self.municipalities
            .first()
            .and_then(|&c| municipality::by_code(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> ProviderProfile {
        ProviderProfile {
            name: " Conecta Campinas ".into(),
            cnpj: "11.222.333/0001-81".into(),
            municipalities: vec![3509502, 3552403],
            bases: vec![Base {
                name: "Sede".into(),
                lat: -22.9056,
                lon: -47.0608,
                technicians: Vec::new(),
            }],
        }
    }

    #[test]
    fn a_technician_leaves_from_one_base_only() {
        let mut p = profile();
        p.bases[0].technicians = vec!["t-1".into()];
        p.bases.push(Base {
            name: "Norte".into(),
            lat: -22.8,
            lon: -47.1,
            technicians: vec!["t-2".into(), "t-1".into()],
        });
        let problems = p.problems();
        assert_eq!(problems, [ProfileProblem::TechnicianTwice { index: 1 }]);
        assert_eq!(problems[0].field(), "bases.1.technicians");
        p.bases[1].technicians = vec!["t-2".into()];
        assert!(p.problems().is_empty());
        assert_eq!(p.normalized().bases[1].technicians, ["t-2"]);
    }

    #[test]
    fn a_numeric_cnpj_checks_and_a_wrong_digit_does_not() {
        assert_eq!(
            cnpj("11.222.333/0001-81").as_deref(),
            Some("11222333000181")
        );
        assert_eq!(cnpj("11222333000182"), None);
        assert_eq!(cnpj("00000000000000"), None, "all the same");
        assert_eq!(cnpj("1122233300018"), None, "13 characters");
        assert_eq!(cnpj("11222333000181x"), None);
    }

    #[test]
    fn the_alphanumeric_cnpj_of_2026_checks() {
        // The Receita Federal's published example: 12.ABC.345/01DE-35.
        assert_eq!(
            cnpj("12.ABC.345/01DE-35").as_deref(),
            Some("12ABC34501DE35")
        );
        assert_eq!(
            cnpj("12.abc.345/01de-35").as_deref(),
            Some("12ABC34501DE35")
        );
        assert_eq!(cnpj("12.ABC.345/01DE-36"), None);
        assert_eq!(cnpj("12.ABC.345/01DE-3A"), None, "check digits are numeric");
    }

    #[test]
    fn a_good_profile_has_no_problem_and_is_kept_plain() {
        let p = profile();
        assert_eq!(p.problems(), vec![]);
        let kept = p.normalized();
        assert_eq!(kept.name, "Conecta Campinas");
        assert_eq!(kept.cnpj, "11222333000181");
        let head = kept.head().unwrap();
        assert_eq!(head.name, "Campinas");
        assert_eq!(head.zone, chrono_tz::America::Sao_Paulo);
    }

    #[test]
    fn every_problem_is_named_by_field() {
        let p = ProviderProfile {
            name: "  ".into(),
            cnpj: "123".into(),
            municipalities: vec![1234567, 3509502, 3509502],
            bases: vec![
                Base {
                    name: "Sede".into(),
                    lat: 48.85,
                    lon: 2.35,
                    technicians: Vec::new(),
                },
                Base {
                    name: " sede".into(),
                    lat: -3.1,
                    lon: -60.0,
                    technicians: Vec::new(),
                },
            ],
        };
        let fields: Vec<String> = p.problems().iter().map(ProfileProblem::field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "cnpj",
                "municipalities",
                "municipalities",
                "bases.0.location",
                "bases.1.name"
            ]
        );
        assert_eq!(
            p.problems()[2].message(Lang::PtBr),
            "Município 1234567 não existe na tabela do IBGE"
        );
        assert_eq!(
            p.problems()[4].message(Lang::En),
            "The coordinates of base 1 are not in Brazil"
        );
        let empty = ProviderProfile {
            municipalities: vec![],
            bases: vec![],
            ..profile()
        };
        assert_eq!(
            empty.problems(),
            vec![ProfileProblem::NoMunicipality, ProfileProblem::NoBase]
        );
    }
}
