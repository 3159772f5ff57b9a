//! A problem found in a file, by line and column, as data (a code and its values) and in words
//! in the person's language.

use campo_domain::i18n::Localized;
use campo_domain::{Lang, ValidationError};
use serde::Serialize;
use ts_rs::TS;

use crate::fields::Field;
use crate::table::FileError;

/// What is wrong with a cell or a row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ProblemKind {
    /// No column fills a field every row needs (reported on the header, line 1).
    MissingColumn {
        /// The field.
        field: Field,
    },
    /// A required cell is empty.
    Required {
        /// The field.
        field: Field,
    },
    /// A value Campo's rules refuse (CPF check digits, CEP, DDD, e-mail, UF…).
    #[serde(rename = "invalid")]
    Invalid {
        /// The field.
        field: Field,
        /// What was in the cell.
        value: String,
        /// Why, in words.
        #[serde(skip)]
        #[ts(skip)]
        why: ValidationError,
    },
    /// A date not written `dd/mm/aaaa`, or not a real day.
    Date {
        /// The field.
        field: Field,
        /// What was in the cell.
        value: String,
    },
    /// A number that cannot be read.
    Number {
        /// The field.
        field: Field,
        /// What was in the cell.
        value: String,
    },
    /// A value outside the words Campo knows for the field (a kind, a status, a period).
    Unrecognised {
        /// The field.
        field: Field,
        /// What was in the cell.
        value: String,
    },
    /// The same record twice in the file.
    Duplicate {
        /// The field that repeats (the ERP id or the CPF).
        field: Field,
        /// The line it first appeared on.
        first_line: usize,
    },
    /// An order's plan that is neither in Campo nor earlier in the import.
    UnknownPlan {
        /// What was in the cell.
        value: String,
    },
    /// An order's customer Campo does not have.
    UnknownCustomer {
        /// What was in the cell.
        value: String,
    },
    /// A contract named for another customer than the one Campo knows it by (an ERP contract
    /// belongs to one customer), or than an earlier line of the file.
    ContractOfAnother {
        /// The contract's id in the ERP.
        contract: String,
        /// The customer Campo (or the earlier line) has it for: their ERP id, else their name.
        owner: String,
        /// The earlier line, when the file itself named it first.
        first_line: Option<usize>,
    },
    /// A municipality that is not IBGE's for that state.
    UnknownMunicipality {
        /// The municipality as written.
        city: String,
        /// The state.
        uf: String,
    },
    /// A municipality the provider does not serve (its profile's list).
    NotServed {
        /// The municipality as written.
        city: String,
        /// The state.
        uf: String,
    },
    /// Latitude without longitude, or out of range.
    Coordinates,
    /// An amount that must be above zero (a receivable's) or not below it (what was paid).
    NotPositive {
        /// The field.
        field: Field,
        /// What was in the cell.
        value: String,
    },
    /// A date before another it cannot come before (a payment before the issue).
    DateBefore {
        /// The field.
        field: Field,
        /// The one it comes before.
        other: Field,
    },
    /// A login Campo cannot use.
    Login {
        /// What was in the cell.
        value: String,
    },
    /// A login the server already has, with another role.
    AccountRole {
        /// The login.
        login: String,
        /// The account's role.
        role: campo_protocol::Role,
    },
    /// More new people than one import creates.
    TooMany {
        /// The most.
        max: usize,
    },
    /// A cell longer than Campo keeps.
    TooLong {
        /// The field.
        field: Field,
        /// The most characters kept.
        max: usize,
    },
}

/// A problem at a line (1 is the header) and, when it is about one cell, a column.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Problem {
    /// The line in the file (as a spreadsheet numbers its rows).
    #[ts(type = "number")]
    pub line: usize,
    /// The column's header as the file names it, when the problem is about a cell.
    pub column: Option<String>,
    /// The column's letter (A, B, … AA) as a spreadsheet shows it.
    pub letter: Option<String>,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl Problem {
    /// Where, then what: `Linha 5, coluna C (cnpj_cpf): CPF inválido…`.
    pub fn message(&self, lang: Lang) -> String {
        let place = match (&self.column, &self.letter, lang) {
            (Some(c), Some(l), Lang::PtBr) => format!("Linha {}, coluna {l} ({c})", self.line),
            (Some(c), Some(l), Lang::En) => format!("Line {}, column {l} ({c})", self.line),
            (_, _, Lang::PtBr) => format!("Linha {}", self.line),
            (_, _, Lang::En) => format!("Line {}", self.line),
        };
        format!("{place}: {}", self.kind.message(lang))
    }
}

impl ProblemKind {
    /// What is wrong, in words.
    pub fn message(&self, lang: Lang) -> String {
        let pt = lang == Lang::PtBr;
        match self {
            ProblemKind::MissingColumn { field } => {
                if pt {
                    format!(
                        "nenhuma coluna traz “{}”; indique qual é",
                        field.label(lang)
                    )
                } else {
                    format!(
                        "no column holds “{}”; say which one does",
                        field.label(lang)
                    )
                }
            }
            ProblemKind::Required { field } => {
                if pt {
                    format!("“{}” está vazio", field.label(lang))
                } else {
                    format!("“{}” is empty", field.label(lang))
                }
            }
            ProblemKind::Invalid { value, why, .. } => format!("{} (“{value}”)", why.message(lang)),
            ProblemKind::Date { field, value } => {
                if pt {
                    format!(
                        "data “{value}” em “{}” não está no formato dd/mm/aaaa",
                        field.label(lang)
                    )
                } else {
                    format!(
                        "date “{value}” in “{}” is not dd/mm/yyyy",
                        field.label(lang)
                    )
                }
            }
            ProblemKind::Number { field, value } => {
                if pt {
                    format!(
                        "“{value}” não é um número válido para “{}”",
                        field.label(lang)
                    )
                } else {
                    format!(
                        "“{value}” is not a valid number for “{}”",
                        field.label(lang)
                    )
                }
            }
            ProblemKind::Unrecognised { field, value } => {
                let known = match (field, pt) {
                    (Field::Kind, true) => "instalação, reparo, retirada, mudança de endereço",
                    (Field::Kind, false) => {
                        "instalação, reparo, retirada, mudança de endereço (installation, repair, removal, address change)"
                    }
                    (Field::Status, _) => "A, AN, EN, AS, AG, DS, EX, RAG, F",
                    (Field::PaymentStatus, true) => {
                        "A (a receber), R (recebido), P (parcial), C (cancelado)"
                    }
                    (Field::PaymentStatus, false) => {
                        "A (open), R (paid), P (partial), C (cancelled)"
                    }
                    (Field::Periods, true) => "manhã, tarde, manhã e tarde",
                    (Field::Periods, false) => {
                        "manhã, tarde, manhã e tarde (morning, afternoon, morning and afternoon)"
                    }
                    (Field::Role, true) => {
                        "técnico, coordenação, gerente de SVAs, backoffice, vendedor, atendimento, almoxarifado, financeiro, administração"
                    }
                    (Field::Role, false) => {
                        "technician, coordination, SVA manager, back office, seller, support, stock keeper, finance, administration"
                    }
                    (_, true) => "sim, não",
                    (_, false) => "sim, não (yes, no)",
                };
                if pt {
                    format!(
                        "“{value}” não é um valor conhecido para “{}” (use: {known})",
                        field.label(lang)
                    )
                } else {
                    format!(
                        "“{value}” is not a known value for “{}” (use: {known})",
                        field.label(lang)
                    )
                }
            }
            ProblemKind::Duplicate { field, first_line } => {
                if pt {
                    format!(
                        "“{}” repetido: já aparece na linha {first_line}",
                        field.label(lang)
                    )
                } else {
                    format!(
                        "repeated “{}”: already on line {first_line}",
                        field.label(lang)
                    )
                }
            }
            ProblemKind::UnknownPlan { value } => {
                if pt {
                    format!(
                        "plano “{value}” não existe no Campo; importe os planos antes ou corrija o nome"
                    )
                } else {
                    format!(
                        "plan “{value}” is not in Campo; import the plans first or fix the name"
                    )
                }
            }
            ProblemKind::UnknownCustomer { value } => {
                if pt {
                    format!("cliente “{value}” não existe no Campo; importe os clientes antes")
                } else {
                    format!("customer “{value}” is not in Campo; import the customers first")
                }
            }
            ProblemKind::ContractOfAnother {
                contract,
                owner,
                first_line: Some(line),
            } => {
                if pt {
                    format!(
                        "o contrato “{contract}” já aparece na linha {line} com outro cliente ({owner})"
                    )
                } else {
                    format!(
                        "contract “{contract}” already appears on line {line} with another customer ({owner})"
                    )
                }
            }
            ProblemKind::ContractOfAnother {
                contract,
                owner,
                first_line: None,
            } => {
                if pt {
                    format!("o contrato “{contract}” é de outro cliente no Campo ({owner})")
                } else {
                    format!("contract “{contract}” belongs to another customer in Campo ({owner})")
                }
            }
            ProblemKind::UnknownMunicipality { city, uf } => {
                if pt {
                    format!("município “{city}/{uf}” não existe no IBGE; verifique a grafia e a UF")
                } else {
                    format!(
                        "municipality “{city}/{uf}” is not IBGE's; check its spelling and state"
                    )
                }
            }
            ProblemKind::NotServed { city, uf } => {
                if pt {
                    format!(
                        "município “{city}/{uf}” não é atendido pelo provedor (veja o perfil do provedor)"
                    )
                } else {
                    format!(
                        "municipality “{city}/{uf}” is not served by the provider (see the provider's profile)"
                    )
                }
            }
            ProblemKind::Coordinates => {
                if pt {
                    "latitude e longitude: informe as duas, em graus (como -8,05 e -34,9)".into()
                } else {
                    "latitude and longitude: give both, in degrees (e.g. -8.05 and -34.9)".into()
                }
            }
            ProblemKind::NotPositive { field, value } => {
                if pt {
                    format!(
                        "“{value}” em “{}”: o valor precisa ser maior que zero",
                        field.label(lang)
                    )
                } else {
                    format!(
                        "“{value}” in “{}”: the amount must be above zero",
                        field.label(lang)
                    )
                }
            }
            ProblemKind::DateBefore { field, other } => {
                if pt {
                    format!(
                        "“{}” vem antes de “{}”",
                        field.label(lang),
                        other.label(lang)
                    )
                } else {
                    format!(
                        "“{}” comes before “{}”",
                        field.label(lang),
                        other.label(lang)
                    )
                }
            }
            ProblemKind::Login { value } => {
                let max = campo_protocol::accounts::MAX_LOGIN;
                if pt {
                    format!(
                        "login “{value}” não serve: use de 1 a {max} letras sem acento, números, ponto, hífen ou sublinhado"
                    )
                } else {
                    format!(
                        "login “{value}” cannot be used: use 1 to {max} unaccented letters, digits, dot, hyphen or underscore"
                    )
                }
            }
            ProblemKind::AccountRole { login, role } => {
                if pt {
                    format!(
                        "já existe a conta “{login}” com o papel {}; para mudá-lo, use Administração → Pessoas",
                        role.label(lang)
                    )
                } else {
                    format!(
                        "the account “{login}” already exists with the role {}; to change it, use Administration → People",
                        role.label(lang)
                    )
                }
            }
            ProblemKind::TooMany { max } => {
                if pt {
                    format!("mais de {max} pessoas novas num só arquivo; divida a lista")
                } else {
                    format!("more than {max} new people in one file; split the list")
                }
            }
            ProblemKind::TooLong { field, max } => {
                if pt {
                    format!("“{}” tem mais de {max} caracteres", field.label(lang))
                } else {
                    format!("“{}” is longer than {max} characters", field.label(lang))
                }
            }
        }
    }
}

impl FileError {
    /// Why the file cannot be read, in words.
    pub fn message(&self, lang: Lang) -> String {
        let pt = lang == Lang::PtBr;
        match self {
            FileError::Empty if pt => "O arquivo não tem linhas além do cabeçalho".into(),
            FileError::Empty => "The file has no rows besides the header".into(),
            FileError::TooLarge { max_mb } if pt => {
                format!("O arquivo passa de {max_mb} MB; divida-o em partes")
            }
            FileError::TooLarge { max_mb } => {
                format!("The file is larger than {max_mb} MB; split it into parts")
            }
            FileError::NotATable if pt => {
                "O arquivo não é uma planilha: salve-o como CSV (separado por ; ou ,) ou XLSX"
                    .into()
            }
            FileError::NotATable => {
                "The file is not a spreadsheet: save it as CSV (separated by ; or ,) or XLSX".into()
            }
            FileError::BadSpreadsheet if pt => {
                "A planilha não pôde ser aberta: salve-a de novo como XLSX ou CSV".into()
            }
            FileError::BadSpreadsheet => {
                "The spreadsheet could not be opened: save it again as XLSX or CSV".into()
            }
            FileError::MergedCells { cells } if pt => format!(
                "A planilha tem células mescladas ({cells}); desfaça a mesclagem para que cada linha seja um registro"
            ),
            FileError::MergedCells { cells } => format!(
                "The spreadsheet has merged cells ({cells}); unmerge them so each row is one record"
            ),
            FileError::BadCsv { line } if pt => {
                format!("Linha {line}: o CSV não pôde ser lido (aspas sem fechar?)")
            }
            FileError::BadCsv { line } => {
                format!("Line {line}: the CSV could not be read (an unclosed quote?)")
            }
        }
    }
}
