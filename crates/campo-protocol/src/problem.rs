//! Why the server refused a request that is not a pushed operation (an address search, a CEP,
//! the ERP's settings, a conflict's decision, a request the person's role may not make), as
//! data: a code and its parameters travel in
//! [`crate::wire::ApiError::problem`], and each device puts them into words in its person's
//! language. A pushed operation's refusal is a [`crate::Refusal`].

use campo_domain::{Lang, Localized};
use serde::{Deserialize, Serialize};

use crate::erp::SettingsProblem;

/// A request refused for what it asked. Nothing of it was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Problem {
    /// A CEP that is not eight digits.
    CepInvalid,
    /// An address search without street or municipality.
    AddressNotSearchable,
    /// A part of an address search longer than [`crate::geocode::MAX_ADDRESS_PART`].
    AddressTooLong {
        /// The most characters a part may have.
        max: usize,
    },
    /// The ERP's settings, as the form's check names them.
    ErpSettings(SettingsProblem),
    /// The server has no key to keep the ERP's token with.
    ErpKeyMissing,
    /// A conflict decided with a status this server does not know.
    UnknownStatus {
        /// The status named.
        status: String,
    },
    /// A conflict decided without a note: it goes into the order's history.
    ConflictNoteRequired,
    /// A push stopped before its answer: send it again (nothing of it was kept).
    PushInterrupted,
    /// People and their accounts are the administration's to manage.
    PeopleAdministrationOnly,
    /// The ERP's connection is the administration's to set.
    ErpSettingsAdministrationOnly,
    /// The ERP's connection is the administration's to follow.
    ErpStandingAdministrationOnly,
    /// An administrator may not disable their own account.
    OwnAccountDisabled,
    /// An administrator may not change their own role.
    OwnRoleChanged,
    /// The person's role does not look addresses up by CEP.
    CepLookupNotTheirs,
    /// The person's role does not look addresses up on the map.
    AddressSearchNotTheirs,
    /// Conflicts are the coordination's and the administration's to decide.
    ConflictsCoordinationOnly,
    /// A request body the server cannot read (its decoder's words go to the server's log).
    BodyUnreadable,
    /// A request's query parameters the server cannot read.
    QueryUnreadable,
    /// A sign-in's login empty or too long.
    LoginLength {
        /// The most characters a login may have.
        max: usize,
    },
    /// A password too long to check.
    PasswordTooLong {
        /// The most bytes a password may have.
        max: usize,
    },
    /// A device speaking another version of the protocol: it must be updated.
    ProtocolUnsupported {
        /// The version the device speaks.
        sent: u32,
        /// The version the server speaks.
        spoken: u32,
    },
    /// A push of more operations than one batch may carry.
    BatchTooLarge {
        /// The most operations a batch may carry.
        max: usize,
    },
    /// A pull from a negative cursor.
    CursorNegative,
    /// A stored file named otherwise than by its content's SHA-256.
    BlobNameInvalid,
    /// A stored file the server does not have.
    BlobNotFound,
    /// A conflict that does not exist, or was resolved already.
    ConflictGone,
    /// No account has this login.
    AccountUnknown {
        /// The login named.
        login: String,
    },
}

impl Problem {
    /// The code the answer carries.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::CepInvalid => "cep_invalid",
            Problem::AddressNotSearchable => "address_not_searchable",
            Problem::AddressTooLong { .. } => "address_too_long",
            Problem::ErpSettings(_) => "erp_settings",
            Problem::ErpKeyMissing => "erp_key_missing",
            Problem::UnknownStatus { .. } => "unknown_status",
            Problem::ConflictNoteRequired => "conflict_note_required",
            Problem::PushInterrupted => "push_interrupted",
            Problem::PeopleAdministrationOnly => "people_administration_only",
            Problem::ErpSettingsAdministrationOnly => "erp_settings_administration_only",
            Problem::ErpStandingAdministrationOnly => "erp_standing_administration_only",
            Problem::OwnAccountDisabled => "own_account_disabled",
            Problem::OwnRoleChanged => "own_role_changed",
            Problem::CepLookupNotTheirs => "cep_lookup_not_theirs",
            Problem::AddressSearchNotTheirs => "address_search_not_theirs",
            Problem::ConflictsCoordinationOnly => "conflicts_coordination_only",
            Problem::BodyUnreadable => "body_unreadable",
            Problem::QueryUnreadable => "query_unreadable",
            Problem::LoginLength { .. } => "login_length",
            Problem::PasswordTooLong { .. } => "password_too_long",
            Problem::ProtocolUnsupported { .. } => "protocol_unsupported",
            Problem::BatchTooLarge { .. } => "batch_too_large",
            Problem::CursorNegative => "cursor_negative",
            Problem::BlobNameInvalid => "blob_name_invalid",
            Problem::BlobNotFound => "blob_not_found",
            Problem::ConflictGone => "conflict_gone",
            Problem::AccountUnknown { .. } => "account_unknown",
        }
    }
}

impl Localized for Problem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::CepInvalid, Lang::PtBr) => "CEP inválido: use 8 dígitos (00000-000)".into(),
            (Problem::CepInvalid, Lang::En) => "Invalid CEP: use 8 digits (00000-000)".into(),
            (Problem::AddressNotSearchable, Lang::PtBr) => {
                "Informe ao menos a rua e o município para buscar o endereço".into()
            }
            (Problem::AddressNotSearchable, Lang::En) => {
                "Fill in at least the street and the municipality to search the address".into()
            }
            (Problem::AddressTooLong { max }, Lang::PtBr) => {
                format!("Endereço longo demais: cada parte tem até {max} caracteres")
            }
            (Problem::AddressTooLong { max }, Lang::En) => {
                format!("Address too long: each part has up to {max} characters")
            }
            (Problem::ErpSettings(p), _) => p.message(lang),
            (Problem::ErpKeyMissing, Lang::PtBr) => {
                "Este servidor não tem chave para guardar o token do ERP".into()
            }
            (Problem::ErpKeyMissing, Lang::En) => {
                "This server has no key to keep the ERP's token with".into()
            }
            (Problem::UnknownStatus { status }, Lang::PtBr) => {
                format!("Status desconhecido: {status}")
            }
            (Problem::UnknownStatus { status }, Lang::En) => format!("Unknown status: {status}"),
            (Problem::ConflictNoteRequired, Lang::PtBr) => {
                "Explique a decisão: ela fica no histórico da ordem".into()
            }
            (Problem::ConflictNoteRequired, Lang::En) => {
                "Explain the decision: it stays in the order's history".into()
            }
            (Problem::PushInterrupted, Lang::PtBr) => {
                "O envio foi interrompido: envie de novo".into()
            }
            (Problem::PushInterrupted, Lang::En) => {
                "The sending was interrupted: send again".into()
            }
            (Problem::PeopleAdministrationOnly, Lang::PtBr) => {
                "Só a administração gerencia as pessoas".into()
            }
            (Problem::PeopleAdministrationOnly, Lang::En) => {
                "Only the administration manages people".into()
            }
            (Problem::ErpSettingsAdministrationOnly, Lang::PtBr) => {
                "Só a administração configura a conexão com o ERP".into()
            }
            (Problem::ErpSettingsAdministrationOnly, Lang::En) => {
                "Only the administration sets up the connection to the ERP".into()
            }
            (Problem::ErpStandingAdministrationOnly, Lang::PtBr) => {
                "Só a administração acompanha a conexão com o ERP".into()
            }
            (Problem::ErpStandingAdministrationOnly, Lang::En) => {
                "Only the administration follows the connection to the ERP".into()
            }
            (Problem::OwnAccountDisabled, Lang::PtBr) => {
                "Você não pode desativar a sua própria conta".into()
            }
            (Problem::OwnAccountDisabled, Lang::En) => "You cannot disable your own account".into(),
            (Problem::OwnRoleChanged, Lang::PtBr) => {
                "Você não pode mudar o seu próprio papel".into()
            }
            (Problem::OwnRoleChanged, Lang::En) => "You cannot change your own role".into(),
            (Problem::CepLookupNotTheirs, Lang::PtBr) => {
                "Seu perfil não busca endereços pelo CEP".into()
            }
            (Problem::CepLookupNotTheirs, Lang::En) => {
                "Your role does not look addresses up by CEP".into()
            }
            (Problem::AddressSearchNotTheirs, Lang::PtBr) => {
                "Seu perfil não busca endereços no mapa".into()
            }
            (Problem::AddressSearchNotTheirs, Lang::En) => {
                "Your role does not look addresses up on the map".into()
            }
            (Problem::ConflictsCoordinationOnly, Lang::PtBr) => {
                "Somente a coordenação e a administração decidem conflitos".into()
            }
            (Problem::ConflictsCoordinationOnly, Lang::En) => {
                "Only the coordination and the administration decide conflicts".into()
            }
            (Problem::BodyUnreadable, Lang::PtBr) => "Corpo da requisição inválido".into(),
            (Problem::BodyUnreadable, Lang::En) => "The server could not read the request".into(),
            (Problem::QueryUnreadable, Lang::PtBr) => "Parâmetros inválidos".into(),
            (Problem::QueryUnreadable, Lang::En) => {
                "The server could not read the request's parameters".into()
            }
            (Problem::LoginLength { max }, Lang::PtBr) => {
                format!("Login vazio ou com mais de {max} caracteres")
            }
            (Problem::LoginLength { max }, Lang::En) => {
                format!("Empty login, or longer than {max} characters")
            }
            (Problem::PasswordTooLong { max }, Lang::PtBr) => {
                format!("Senha com mais de {max} bytes")
            }
            (Problem::PasswordTooLong { max }, Lang::En) => {
                format!("Password longer than {max} bytes")
            }
            (Problem::ProtocolUnsupported { sent, spoken }, Lang::PtBr) => format!(
                "Protocolo {sent} não suportado (o servidor fala {spoken}): atualize o Campo"
            ),
            (Problem::ProtocolUnsupported { sent, spoken }, Lang::En) => {
                format!("Protocol {sent} not supported (the server speaks {spoken}): update Campo")
            }
            (Problem::BatchTooLarge { max }, Lang::PtBr) => {
                format!("Lote grande demais: no máximo {max} operações")
            }
            (Problem::BatchTooLarge { max }, Lang::En) => {
                format!("Batch too large: at most {max} operations")
            }
            (Problem::CursorNegative, Lang::PtBr) => "O cursor não pode ser negativo".into(),
            (Problem::CursorNegative, Lang::En) => "The cursor cannot be negative".into(),
            (Problem::BlobNameInvalid, Lang::PtBr) => {
                "Nome de arquivo inválido: use o SHA-256 do conteúdo".into()
            }
            (Problem::BlobNameInvalid, Lang::En) => {
                "Invalid file name: use the content's SHA-256".into()
            }
            (Problem::BlobNotFound, Lang::PtBr) => "Arquivo não encontrado no servidor".into(),
            (Problem::BlobNotFound, Lang::En) => "File not found on the server".into(),
            (Problem::ConflictGone, Lang::PtBr) => "Conflito não encontrado ou já resolvido".into(),
            (Problem::ConflictGone, Lang::En) => "Conflict not found, or already resolved".into(),
            (Problem::AccountUnknown { login }, Lang::PtBr) => {
                format!("Login {login} não encontrado")
            }
            (Problem::AccountUnknown { login }, Lang::En) => format!("Login {login} not found"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erp::{ErpError, Setting};

    #[test]
    fn a_problem_travels_as_its_code_and_parameters_and_reads_in_either_language() {
        let cases = [
            (Problem::CepInvalid, r#"{"code":"cep_invalid"}"#),
            (
                Problem::AddressTooLong { max: 200 },
                r#"{"code":"address_too_long","params":{"max":200}}"#,
            ),
            (
                Problem::ErpSettings(SettingsProblem::Erp(ErpError::NotConfigured {
                    setting: Setting::Token,
                })),
                r#"{"code":"erp_settings","params":{"erp":{"code":"not_configured","setting":"token"}}}"#,
            ),
        ];
        for (problem, json) in cases {
            let text = serde_json::to_string(&problem).unwrap();
            assert_eq!(text, json);
            let back: Problem = serde_json::from_str(&text).unwrap();
            assert_eq!(back, problem);
            assert!(text.contains(problem.code()));
        }
        assert_eq!(
            Problem::AddressTooLong { max: 200 }.message(Lang::En),
            "Address too long: each part has up to 200 characters"
        );
        assert_eq!(
            Problem::ErpSettings(SettingsProblem::TokenAgain).message(Lang::En),
            "With another address or user, give the token again"
        );
    }

    #[test]
    fn a_newer_servers_problem_leaves_the_answer_readable() {
        let answer: crate::wire::ApiError = serde_json::from_str(
            r#"{"code":"new_rule","message":"Regra nova","problem":{"code":"new_rule","params":{"x":1}}}"#,
        )
        .unwrap();
        assert_eq!(
            (
                answer.code.as_str(),
                answer.message.as_str(),
                answer.problem
            ),
            ("new_rule", "Regra nova", None)
        );
        let answer: crate::wire::ApiError = serde_json::from_str(
            r#"{"code":"cep_invalid","message":"CEP inválido","problem":{"code":"cep_invalid"}}"#,
        )
        .unwrap();
        assert_eq!(answer.problem, Some(Problem::CepInvalid));
    }
}
