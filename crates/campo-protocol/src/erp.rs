//! A provider's ERP as the server reads it, in the words both sides share: why a reading or a
//! write-back failed ([`ErpError`], kept on the server as its code and parameters and worded
//! where it is shown, in pt-BR or English), and where the connector stands
//! ([`ErpStanding`], `GET /v1/admin/erp`, for the administrator's page).

use campo_domain::{Lang, Localized};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A setting of a connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// The ERP's address.
    Address,
    /// The API user.
    User,
    /// The API user's token.
    Token,
}

impl std::fmt::Display for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.words(Lang::PtBr))
    }
}

/// Why the ERP could not be read (kept as its code and parameters, worded where shown).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErpError {
    /// Not set up: what is missing.
    #[error("a conexão com o ERP não está configurada: falta {setting}")]
    NotConfigured {
        /// What is missing.
        setting: Setting,
    },
    /// The address given is not a web address.
    #[error("o endereço do ERP não é um endereço web (http:// ou https://): {address}")]
    BadAddress {
        /// The address as given.
        address: String,
    },
    /// The ERP refused the user or token.
    #[error("o ERP recusou o usuário ou o token (HTTP {status}); confira-os na configuração")]
    Unauthorized {
        /// The HTTP status.
        status: u16,
    },
    /// The ERP answered with an error of its own.
    #[error("o ERP respondeu com um erro: {message}")]
    Refused {
        /// The ERP's words.
        message: String,
    },
    /// The ERP has no work order by the id Campo keeps for it (deleted there, or another
    /// ERP's id).
    #[error("a OS {external_id} não existe no ERP")]
    UnknownOrder {
        /// Its id in the ERP.
        external_id: String,
    },
    /// Nothing usable after every attempt.
    #[error("o ERP não respondeu como esperado depois de {attempts} tentativas ({cause})")]
    Unavailable {
        /// How many times it was tried.
        attempts: u32,
        /// What went wrong the last time.
        cause: Cause,
    },
    /// This connector does not read that kind of record (yet).
    #[error("este conector ainda não lê {kind}")]
    Unsupported {
        /// The kind asked for (`customers`, `orders`, `receivables`, `plans`).
        kind: String,
    },
    /// What was read has problems (each named where the reading ran); nothing was imported.
    #[error(
        "{count} {} com problema; nada foi importado",
        campo_domain::plural(*count, "registro", "registros")
    )]
    Problems {
        /// How many problems.
        count: usize,
    },
}

/// What went wrong with one attempt, in words a provider's admin understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// No answer within the time allowed.
    #[error("sem resposta dentro do tempo limite")]
    Timeout,
    /// The address could not be reached.
    #[error("não foi possível conectar ao endereço")]
    Unreachable,
    /// An HTTP error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// An answer that is not the listing's shape.
    #[error("resposta em formato inesperado")]
    Garbage,
}

impl Cause {
    /// Whether trying again may help (a refusal of the credentials does not).
    pub fn transient(&self) -> bool {
        match self {
            Cause::Status(s) => *s == 429 || *s >= 500,
            Cause::Timeout | Cause::Unreachable | Cause::Garbage => true,
        }
    }
}

impl Setting {
    fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Setting::Address, Lang::PtBr) => "o endereço",
            (Setting::User, Lang::PtBr) => "o usuário da API",
            (Setting::Token, Lang::PtBr) => "o token",
            (Setting::Address, Lang::En) => "the address",
            (Setting::User, Lang::En) => "the API user",
            (Setting::Token, Lang::En) => "the token",
        }
    }
}

impl Localized for Cause {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                Cause::Timeout => "no answer in time".into(),
                Cause::Unreachable => "the address could not be reached".into(),
                Cause::Status(s) => format!("HTTP {s}"),
                Cause::Garbage => "an answer in an unexpected shape".into(),
            },
        }
    }
}

impl Localized for ErpError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                ErpError::NotConfigured { setting } => format!(
                    "the connection to the ERP is not set up: {} is missing",
                    setting.words(lang)
                ),
                ErpError::BadAddress { address } => format!(
                    "the ERP's address is not a web address (http:// or https://): {address}"
                ),
                ErpError::Unauthorized { status } => format!(
                    "the ERP refused the user or the token (HTTP {status}); check them in the settings"
                ),
                ErpError::Refused { message } => {
                    format!("the ERP answered with an error: {message}")
                }
                ErpError::UnknownOrder { external_id } => {
                    format!("the ERP has no work order {external_id}")
                }
                ErpError::Unavailable { attempts, cause } => format!(
                    "the ERP did not answer as expected after {attempts} attempts ({})",
                    cause.message(lang)
                ),
                ErpError::Unsupported { kind } => {
                    format!("this connector does not read {kind} yet")
                }
                ErpError::Problems { count } => {
                    format!(
                        "{count} {} with problems; nothing was imported",
                        campo_domain::plural(*count, "record", "records")
                    )
                }
            },
        }
    }
}

/// One kind of record read from the ERP, as it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErpReading {
    /// `customers`, `orders` or `receivables`.
    pub kind: String,
    /// When it last ran, well or not (RFC 3339).
    pub last_run_at: Option<String>,
    /// When it last ran well.
    pub last_ok_at: Option<String>,
    /// Runs failed in a row.
    pub failures: i64,
    /// Why the last run failed; `None` when it went well.
    pub problem: Option<ErpError>,
    /// When the server reads again by itself (`None`: only when asked, from the command line).
    pub next_at: Option<String>,
}

/// Where the connection to the provider's ERP stands (`GET /v1/admin/erp`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErpStanding {
    /// The ERP's name (`IXC Provedor`); `None` when no connector is set up on the server.
    pub erp: Option<String>,
    /// How often the server reads it, in minutes (`None`: not on a schedule).
    pub every_minutes: Option<u32>,
    /// Each kind read.
    pub readings: Vec<ErpReading>,
    /// Schedulings, returns to be rescheduled and closings waiting to be written back to the ERP.
    pub waiting: i64,
    /// Schedulings, returns and closings written back so far.
    pub written: i64,
    /// The newest write-back that failed: the ERP's order id, why, and attempts so far.
    pub write_failure: Option<ErpWriteFailure>,
    /// How the server reaches the ERP, as the administrator set it in the app (`None`: not
    /// set there; the server's command line may still name one).
    #[serde(default)]
    pub settings: Option<ErpSettings>,
}

/// How the server reaches the provider's ERP, as the administrator sees it: the token never
/// leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErpSettings {
    /// The ERP's address.
    pub url: String,
    /// The API user's id.
    pub user: String,
    /// Whether a token is kept (sealed on the server).
    pub token_set: bool,
    /// How often the server reads the ERP, in minutes (`None`: only when asked).
    pub every_minutes: Option<u32>,
    /// The ERP employee Campo's closings are written back as (`None`: not written back).
    pub closer: Option<String>,
    /// When it was last set (RFC 3339).
    pub set_at: String,
}

/// What the administrator sets (`POST /v1/admin/erp/settings`).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErpSettingsInput {
    /// The ERP's address (`https://erp.provedor.com.br`).
    pub url: String,
    /// The API user's id.
    pub user: String,
    /// A new token; empty keeps the one the server holds.
    pub token: String,
    /// How often to read the ERP, in minutes (`None`: only when asked).
    pub every_minutes: Option<u32>,
    /// The ERP employee closings are written back as (empty: not written back).
    pub closer: String,
}

impl std::fmt::Debug for ErpSettingsInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErpSettingsInput")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("token", &if self.token.is_empty() { "" } else { "…" })
            .field("every_minutes", &self.every_minutes)
            .field("closer", &self.closer)
            .finish()
    }
}

/// Reading the ERP more often than this is refused (IXC's API is the provider's own server).
pub const MIN_EVERY_MINUTES: u32 = 5;

/// Why settings were refused: a setting and the problem (worded where shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingsProblem {
    /// A setting missing or malformed.
    Erp(ErpError),
    /// The token left empty with another address or user than the kept one's: it is asked
    /// again, so a kept token never goes to a new address.
    TokenAgain,
    /// Read too often (or never): minutes between [`MIN_EVERY_MINUTES`] and a day.
    Every(u32),
}

impl SettingsProblem {
    /// The form's field it belongs to: `url`, `user`, `token` or `everyMinutes`.
    pub fn field(&self) -> &'static str {
        match self {
            SettingsProblem::Erp(ErpError::NotConfigured { setting }) => match setting {
                Setting::Address => "url",
                Setting::User => "user",
                Setting::Token => "token",
            },
            SettingsProblem::Erp(_) => "url",
            SettingsProblem::TokenAgain => "token",
            SettingsProblem::Every(_) => "everyMinutes",
        }
    }
}

impl Localized for SettingsProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SettingsProblem::Erp(ErpError::NotConfigured { setting }), Lang::PtBr) => {
                format!("Informe {}", setting.words(lang))
            }
            (SettingsProblem::Erp(ErpError::NotConfigured { setting }), Lang::En) => {
                format!("Give {}", setting.words(lang))
            }
            (SettingsProblem::Erp(e), _) => e.message(lang),
            (SettingsProblem::TokenAgain, Lang::PtBr) => {
                "Com outro endereço ou usuário, informe o token de novo".into()
            }
            (SettingsProblem::TokenAgain, Lang::En) => {
                "With another address or user, give the token again".into()
            }
            (SettingsProblem::Every(m), Lang::PtBr) => {
                format!("Leia o ERP a cada {MIN_EVERY_MINUTES} a 1440 minutos (não {m})")
            }
            (SettingsProblem::Every(m), Lang::En) => {
                format!("Read the ERP every {MIN_EVERY_MINUTES} to 1440 minutes (not {m})")
            }
        }
    }
}

impl ErpSettingsInput {
    /// The address as kept: trimmed, without a trailing `/` or IXC's `/webservice/v1`.
    pub fn address(&self) -> String {
        self.url
            .trim()
            .trim_end_matches('/')
            .trim_end_matches("/webservice/v1")
            .to_owned()
    }

    /// Whether an empty token keeps the one `kept` holds: only for the same address and
    /// user.
    pub fn keeps_token(&self, kept: Option<&ErpSettings>) -> bool {
        kept.is_some_and(|k| k.token_set && k.url == self.address() && k.user == self.user.trim())
    }

    /// Every problem of these settings over the ones `kept` (an empty token keeps theirs
    /// for the same address and user), on the device before sending and on the server again.
    pub fn problems(&self, kept: Option<&ErpSettings>) -> Vec<SettingsProblem> {
        let mut out = Vec::new();
        let url = self.address();
        if url.is_empty() {
            out.push(SettingsProblem::Erp(ErpError::NotConfigured {
                setting: Setting::Address,
            }));
        } else if !(url.starts_with("http://") || url.starts_with("https://")) || url.contains(' ')
        {
            out.push(SettingsProblem::Erp(ErpError::BadAddress { address: url }));
        }
        if self.user.trim().is_empty() {
            out.push(SettingsProblem::Erp(ErpError::NotConfigured {
                setting: Setting::User,
            }));
        }
        if self.token.trim().is_empty() && !self.keeps_token(kept) {
            out.push(if kept.is_some_and(|k| k.token_set) {
                SettingsProblem::TokenAgain
            } else {
                SettingsProblem::Erp(ErpError::NotConfigured {
                    setting: Setting::Token,
                })
            });
        }
        if let Some(m) = self.every_minutes
            && !(MIN_EVERY_MINUTES..=1440).contains(&m)
        {
            out.push(SettingsProblem::Every(m));
        }
        out
    }
}

/// A write-back that failed and waits to be tried again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErpWriteFailure {
    /// The order's id in the ERP.
    pub external_id: String,
    /// Why.
    pub problem: ErpError,
    /// Attempts so far.
    pub attempts: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept() -> ErpSettings {
        ErpSettings {
            url: "https://erp.conecta.net.br".into(),
            user: "27".into(),
            token_set: true,
            every_minutes: Some(30),
            closer: None,
            set_at: "2026-12-03T12:00:00.000Z".into(),
        }
    }

    #[test]
    fn each_setting_is_named_and_a_kept_token_stays_only_where_it_was_given() {
        let blank = ErpSettingsInput::default();
        let words: Vec<(&str, String)> = blank
            .problems(None)
            .iter()
            .map(|p| (p.field(), p.message(Lang::En)))
            .collect();
        assert_eq!(
            words,
            [
                ("url", "Give the address".to_owned()),
                ("user", "Give the API user".to_owned()),
                ("token", "Give the token".to_owned()),
            ]
        );
        let same = ErpSettingsInput {
            url: "https://erp.conecta.net.br/webservice/v1/".into(),
            user: " 27 ".into(),
            every_minutes: Some(3),
            ..ErpSettingsInput::default()
        };
        assert!(same.keeps_token(Some(&kept())));
        let p = same.problems(Some(&kept()));
        assert_eq!(p, [SettingsProblem::Every(3)]);
        assert_eq!(
            p[0].message(Lang::PtBr),
            "Leia o ERP a cada 5 a 1440 minutos (não 3)"
        );
        let elsewhere = ErpSettingsInput {
            url: "https://outro.exemplo.net".into(),
            every_minutes: None,
            ..same.clone()
        };
        assert_eq!(
            elsewhere.problems(Some(&kept())),
            [SettingsProblem::TokenAgain]
        );
        assert!(
            !format!(
                "{:?}",
                ErpSettingsInput {
                    token: "segredo".into(),
                    ..same
                }
            )
            .contains("segredo")
        );
    }
}
