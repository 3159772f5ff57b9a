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
