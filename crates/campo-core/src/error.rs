//! Errors of the application layer, and the one shape they take across the IPC boundary.
//!
//! Functions of this crate return [`AppError`]: typed, carrying what went wrong as data. Only
//! the edge (the shell's command wrappers) turns one into a [`CommandError`] — a code the UI
//! branches on, the parameters it needs to act (which transition wants a reason, which
//! equipment is missing), and the sentence in the person's language. Database, I/O, serde and
//! HTTP-library details are logged here and never shown.

use std::collections::BTreeMap;
use std::path::PathBuf;

use campo_client::TransportError;
use campo_domain::{Lang, Localized, TransitionError};
use campo_planning::PlanningError;
use campo_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// A value from the interface that cannot be used as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// An identifier that does not parse.
    #[error("Identificador inválido")]
    BadId,
    /// The server address is not an http(s) URL.
    #[error("Endereço do servidor inválido: use https://seu-servidor")]
    ServerAddress,
    /// Login or password left empty.
    #[error("Informe login e senha")]
    LoginRequired,
    /// A conflict decision without its reason.
    #[error("Escreva o motivo da decisão")]
    DecisionReason,
    /// A delivery file with no rows.
    #[error("O arquivo está vazio: use as colunas sku;serial;mac")]
    EmptyDelivery,
    /// Nobody acts on this device yet.
    #[error("Nenhuma pessoa está usando este dispositivo")]
    NoPerson,
    /// Nothing to work on yet: the first start asks to connect or to try the demo.
    #[error("Escolha primeiro: conectar ao servidor do provedor ou experimentar a demonstração")]
    NotStarted,
    /// Signing in again on a device that never joined a server.
    #[error("Este dispositivo não está ligado a um servidor")]
    NotJoined,
    /// An unlock without the password.
    #[error("Digite sua senha")]
    PasswordRequired,
    /// Nobody's data is open on this computer: someone picks their name first.
    #[error("Escolha quem você é na lista de pessoas deste computador")]
    Locked,
    /// A wrong password on this computer's list of people (offline, or the server agrees).
    #[error("Senha incorreta: restam {left} tentativas neste computador")]
    WrongPassword {
        /// Attempts left before only the server can open this person's data.
        left: u32,
    },
    /// Too many wrong passwords: only a sign-in on the server opens this person's data.
    #[error(
        "Muitas senhas erradas: para abrir os dados de {name}, conecte este computador ao servidor e entre com a senha"
    )]
    LockedOut {
        /// Whose data.
        name: String,
    },
    /// Never unlocked offline here and the server does not answer.
    #[error(
        "O servidor não responde, e esta pessoa ainda não entrou neste computador desde a atualização: conecte-se uma vez para poder entrar sem conexão"
    )]
    NeedsServer,
    /// Joined before logins were kept: the person joins again with their login.
    #[error("Este computador não sabe o seu login: use \"Outra pessoa\" e entre com login e senha")]
    LoginUnknown,
    /// The person joining already has their data on this computer.
    #[error("{name} já usa este computador: escolha o nome na lista de pessoas")]
    AlreadyHere {
        /// Who.
        name: String,
    },
    /// Another server answers at the address this person's data came from.
    #[error(
        "Outro servidor responde neste endereço (de outro provedor, ou reinstalado sem os seus dados): nada foi enviado. Procure o administrador"
    )]
    OtherServer,
    /// Someone else signed in on a device that holds another person's work.
    #[error("Este computador guarda o trabalho de {name}: entre com o login de {name}")]
    OtherPerson {
        /// Whose work the device holds.
        name: String,
    },
    /// A file to import that cannot be read as a table.
    #[error("{}", .0.message(Lang::PtBr))]
    ImportFile(campo_import::FileError),
    /// An import asked for with problems still in the file.
    #[error(
        "O arquivo tem {count} {}: {} e verifique de novo; nada foi importado",
        campo_domain::plural(*count, "problema", "problemas"),
        campo_domain::plural(*count, "corrija-o", "corrija-os")
    )]
    ImportProblems {
        /// How many.
        count: usize,
    },
    /// A field given to two columns, or one that does not belong to the file's kind.
    #[error("Cada campo vem de uma coluna só: confira {fields}")]
    ImportMapping {
        /// The fields, named.
        fields: String,
    },
    /// Nothing chosen to import (or the app restarted since).
    #[error("Escolha o arquivo a importar")]
    NoImportFile,
    /// Another import is running.
    #[error("Outra importação está em andamento: espere ela terminar ou cancele")]
    ImportRunning,
    /// The server refused a staff list after its check (an account made meanwhile).
    #[error(
        "O servidor recusou a lista ({problem}); nenhuma conta foi criada: verifique o arquivo de novo"
    )]
    StaffRefused {
        /// Why, as the server said it.
        problem: campo_protocol::accounts::AccountProblem,
    },
    /// A staff list sent whose answer never came, and the server had not made its accounts
    /// by the time they were looked for: it may still make them.
    #[error(
        "O servidor não respondeu à lista de pessoas a tempo. Importe a lista de novo: se as contas foram criadas, as senhas iniciais aparecem"
    )]
    StaffAnswerLost,
    /// An address search without street or municipality, or with a part too long.
    #[error("{}", .0.message(Lang::PtBr))]
    Address(campo_protocol::Problem),
    /// An address search on a device that works without a server.
    #[error(
        "A busca de endereços usa o servidor do provedor, e este computador trabalha sem servidor: marque o local no mapa"
    )]
    GeocoderNeedsServer,
    /// A CEP lookup on a device that works without a server.
    #[error(
        "A busca de CEP usa o servidor do provedor, e este computador trabalha sem servidor: preencha o endereço"
    )]
    CepNeedsServer,
}

impl Localized for InputError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                InputError::BadId => "Invalid identifier".into(),
                InputError::ServerAddress => {
                    "Invalid server address: use https://your-server".into()
                }
                InputError::LoginRequired => "Enter login and password".into(),
                InputError::DecisionReason => "Write the reason for the decision".into(),
                InputError::EmptyDelivery => {
                    "The file is empty: use the columns sku;serial;mac".into()
                }
                InputError::NoPerson => "Nobody is using this device".into(),
                InputError::NotJoined => "This device is not connected to a server".into(),
                InputError::NotStarted => {
                    "Choose first: connect to the provider's server or try the demo".into()
                }
                InputError::PasswordRequired => "Type your password".into(),
                InputError::Locked => "Choose who you are in this computer's list of people".into(),
                InputError::WrongPassword { left } => {
                    format!("Wrong password: {left} attempts left on this computer")
                }
                InputError::LockedOut { name } => format!(
                    "Too many wrong passwords: to open {name}'s data, connect this computer to the server and sign in"
                ),
                InputError::NeedsServer => "The server does not answer, and this person has not signed in on this computer since the update: connect once to be able to sign in offline".into(),
                InputError::LoginUnknown => {
                    "This computer does not know your login: use \"Another person\" and sign in with login and password".into()
                }
                InputError::AlreadyHere { name } => {
                    format!("{name} already uses this computer: pick the name in the list of people")
                }
                InputError::OtherServer => "Another server answers at this address (another provider's, or reinstalled without its data): nothing was sent. Ask the administrator".into(),
                InputError::OtherPerson { name } => {
                    format!("This computer holds {name}'s work: sign in with {name}'s login")
                }
                InputError::ImportFile(e) => e.message(lang),
                InputError::ImportProblems { count } => format!(
                    "The file has {count} {}: fix {} and check again; nothing was imported",
                    campo_domain::plural(*count, "problem", "problems"),
                    campo_domain::plural(*count, "it", "them")
                ),
                InputError::ImportMapping { fields } => {
                    format!("Each field comes from one column only: check {fields}")
                }
                InputError::NoImportFile => "Choose the file to import".into(),
                InputError::ImportRunning => {
                    "Another import is running: wait for it to finish or cancel it".into()
                }
                InputError::StaffRefused { problem } => format!(
                    "The server refused the list ({}); no account was made: check the file again",
                    campo_domain::Localized::message(problem, Lang::En)
                ),
                InputError::StaffAnswerLost => "The server did not answer the staff list in time. Import the list again: if the accounts were made, their first passwords are shown".into(),
                InputError::Address(problem) => problem.message(Lang::En),
                InputError::GeocoderNeedsServer => "The address search uses the provider's server, and this computer works without one: mark the place on the map".into(),
                InputError::CepNeedsServer => "The CEP lookup uses the provider's server, and this computer works without one: fill in the address".into(),
            },
        }
    }
}

/// Everything an action of the app can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The local store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The server could not be reached, or refused.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The route planner refused (a time, a route breaking a rule) or failed.
    #[error(transparent)]
    Planning(#[from] PlanningError),
    /// A value from the interface.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The database could not be opened (the same failure for every action until the app
    /// starts again).
    #[error("O banco de dados local não pôde ser aberto")]
    Unopened(std::sync::Arc<crate::context::Opened>),
    /// A new account or password with problems, found before asking the server.
    #[error("{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Accounts(Vec<campo_protocol::accounts::AccountProblem>),
    /// The ERP connection's settings with problems, found before asking the server.
    #[error("{}", .0.iter().map(|p| p.message(campo_domain::Lang::PtBr)).collect::<Vec<_>>().join("; "))]
    ErpSettings(Vec<campo_protocol::erp::SettingsProblem>),
    /// The password's verifier could not be made (the hashing task failed).
    #[error("Não foi possível guardar a verificação da senha neste computador")]
    Verifier,
    /// A file could not be written.
    #[error("Não foi possível gravar {}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why, for the logs.
        source: std::io::Error,
    },
}

impl From<campo_domain::ValidationError> for AppError {
    fn from(e: campo_domain::ValidationError) -> Self {
        AppError::Store(e.into())
    }
}

impl From<campo_domain::stock::StockError> for AppError {
    fn from(e: campo_domain::stock::StockError) -> Self {
        AppError::Store(e.into())
    }
}

/// What kind of failure the UI is looking at: it branches on this, never on the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The record does not exist.
    NotFound,
    /// The signed-in person's role may not do this (the device's check or the server's).
    NotAllowed,
    /// A field was refused (the message names it).
    InvalidInput,
    /// The state machine refuses the move.
    IllegalTransition,
    /// The move needs a reason: the UI asks for it (`params.to` is the status asked for).
    ReasonRequired,
    /// Closing a visit without the equipment its plan needs: the UI offers to record the
    /// equipment or to give the reason (`params.missing` lists what is missing).
    MissingEquipment,
    /// Closing a visit without the proof its kind requires (the customer's signature): the
    /// UI opens the signature pad. `params.missing` lists what is missing (`signature`,
    /// `equipment`, `photos`), `params.equipment` the items of equipment, if any,
    /// `params.photosNeeded` and `params.photosHave` the photos required and taken.
    ProofMissing,
    /// The local database failed.
    Database,
    /// The database file is from a newer Campo.
    DatabaseNewerSchema,
    /// The database file belongs to another program.
    DatabaseForeign,
    /// The database file is damaged.
    DatabaseCorrupt,
    /// Changes made here have not reached the server yet, so the action waits for them.
    PendingChanges,
    /// The sync server could not be reached.
    ServerUnreachable,
    /// The sync server refused the request (its message says why).
    ServerRefused,
    /// Wrong login or password.
    BadCredentials,
    /// The session expired or was revoked: sign in again.
    Unauthorized,
    /// The account was disabled: the device stops syncing.
    AccountDisabled,
    /// The password was given by the administration: the person chooses their own first.
    PasswordChangeRequired,
    /// Too many wrong passwords on this computer: only the server can open the person's data.
    LockedOut,
    /// A file could not be written.
    WriteFailed,
    /// Several fields of a form were refused at once: `params` maps each field's key
    /// (`installation.amount`) to what is wrong with it, for the form to show beside it.
    InvalidFields,
    /// Anything else.
    Internal,
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommandError {
    /// The kind of failure.
    pub code: ErrorCode,
    /// What to tell the person, in their language.
    pub message: String,
    /// What the UI needs to offer the way out (e.g. `to` for `reason_required`).
    pub params: BTreeMap<String, String>,
}

impl CommandError {
    /// A failure of `code` with its sentence and no parameters.
    pub fn new(code: ErrorCode, message: String) -> Self {
        CommandError {
            code,
            message,
            params: BTreeMap::new(),
        }
    }

    fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.params.insert(key.to_owned(), value.into());
        self
    }

    /// The UI's error for `err`, in `lang`, logging what must not be shown.
    pub fn from_app(err: &AppError, lang: Lang) -> Self {
        match err {
            AppError::Store(e) => Self::from_store(e, lang),
            AppError::Unopened(opened) => match opened.as_ref() {
                Err(e) => Self::from_store(e, lang),
                Ok(_) => {
                    let message = match lang {
                        Lang::PtBr => err.to_string(),
                        Lang::En => "The local database could not be opened".into(),
                    };
                    Self::new(ErrorCode::Internal, message)
                }
            },
            AppError::Transport(e) => Self::from_transport(e, lang),
            AppError::Planning(PlanningError::Store(e)) => Self::from_store(e, lang),
            AppError::Planning(e @ PlanningError::Failed) => {
                Self::new(ErrorCode::Internal, e.message(lang))
            }
            AppError::Planning(e) => Self::new(ErrorCode::InvalidInput, e.message(lang)),
            AppError::Input(e @ InputError::WrongPassword { .. }) => {
                Self::new(ErrorCode::BadCredentials, e.message(lang))
            }
            AppError::Input(e @ InputError::LockedOut { .. }) => {
                Self::new(ErrorCode::LockedOut, e.message(lang))
            }
            AppError::Input(e @ InputError::StaffAnswerLost) => {
                Self::new(ErrorCode::ServerUnreachable, e.message(lang))
            }
            AppError::Input(e) => Self::new(ErrorCode::InvalidInput, e.message(lang)),
            AppError::Verifier => {
                tracing::error!("could not make the password's verifier");
                let message = match lang {
                    Lang::PtBr => err.to_string(),
                    Lang::En => "Could not keep the password's check on this computer".into(),
                };
                Self::new(ErrorCode::Internal, message)
            }
            AppError::Accounts(list) => Self::from_account_problems(list, lang),
            AppError::ErpSettings(list) => Self::from_erp_settings(list, lang),
            AppError::Write { path, source } => {
                tracing::error!(error = %source, path = %path.display(), "could not write a file");
                let message = match lang {
                    Lang::PtBr => err.to_string(),
                    Lang::En => format!("Could not write {}", path.display()),
                };
                Self::new(ErrorCode::WriteFailed, message)
            }
        }
    }

    /// The UI's error for a store error.
    pub fn from_store(err: &StoreError, lang: Lang) -> Self {
        let code = match err {
            StoreError::NewerSchema { .. } => ErrorCode::DatabaseNewerSchema,
            StoreError::Foreign { .. } => ErrorCode::DatabaseForeign,
            StoreError::Corrupt { .. } => ErrorCode::DatabaseCorrupt,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::Validation(_) => ErrorCode::InvalidInput,
            StoreError::Transition(TransitionError::Illegal { .. }) => ErrorCode::IllegalTransition,
            StoreError::Transition(TransitionError::ReasonRequired { to, .. }) => {
                return Self::new(ErrorCode::ReasonRequired, err.message(lang))
                    .with("to", to.code());
            }
            StoreError::Transition(TransitionError::ScheduleRequired) => ErrorCode::InvalidInput,
            StoreError::Rules(list) => {
                let mut refused = Self::new(ErrorCode::InvalidFields, fix_fields(lang).into());
                for (kind, e) in list {
                    let field = e.field().map_or("rule", |f| f.code());
                    refused = refused.with(&format!("{}.{field}", kind.code()), e.message(lang));
                }
                return refused;
            }
            StoreError::SettingsProblems(list) => {
                let mut refused = Self::new(ErrorCode::InvalidFields, fix_fields(lang).into());
                for e in list {
                    let field = e.field().unwrap_or_else(|| "settings".to_owned());
                    // One problem per field: the first stays.
                    if !refused.params.contains_key(&field) {
                        refused = refused.with(&field, e.message(lang));
                    }
                }
                return refused;
            }
            StoreError::ProfileProblems(list) => {
                let mut refused = Self::new(ErrorCode::InvalidFields, fix_fields(lang).into());
                for e in list {
                    let field = e.field();
                    if !refused.params.contains_key(&field) {
                        refused = refused.with(&field, e.message(lang));
                    }
                }
                return refused;
            }
            StoreError::SaleProblems(list) => {
                let mut refused = Self::new(ErrorCode::InvalidFields, fix_fields(lang).into());
                for (field, e) in list {
                    if !refused.params.contains_key(field.code()) {
                        refused = refused.with(field.code(), e.message(lang));
                    }
                }
                return refused;
            }
            StoreError::Sale(campo_domain::sale::SaleError::NotYours) => ErrorCode::NotAllowed,
            StoreError::Stock(campo_domain::stock::StockError::MissingEquipment(list)) => {
                return Self::new(ErrorCode::MissingEquipment, err.message(lang))
                    .with("missing", list.clone())
                    .with("to", campo_domain::OrderStatus::Done.code());
            }
            StoreError::Closing(incomplete) => {
                use campo_domain::closing::Missing;
                let mut refused = Self::new(ErrorCode::ProofMissing, err.message(lang))
                    .with("to", campo_domain::OrderStatus::Done.code());
                let what: Vec<&str> = incomplete
                    .0
                    .iter()
                    .map(|m| match m {
                        Missing::Equipment { items } => {
                            refused.params.insert("equipment".into(), items.join(", "));
                            "equipment"
                        }
                        Missing::Signature => "signature",
                        Missing::Photos { needed, have } => {
                            refused
                                .params
                                .insert("photosNeeded".into(), needed.to_string());
                            refused.params.insert("photosHave".into(), have.to_string());
                            "photos"
                        }
                    })
                    .collect();
                return refused.with("missing", what.join(","));
            }
            StoreError::DayOff(campo_domain::calendar::DayOffError::NotAllowed)
            | StoreError::Settings(campo_domain::agenda::SettingsError::NotAllowed)
            | StoreError::Rule(campo_domain::sla::RuleError::NotAllowed) => ErrorCode::NotAllowed,
            StoreError::Stock(_)
            | StoreError::Signature(_)
            | StoreError::Photo(_)
            | StoreError::Slot(_)
            | StoreError::Pause(_)
            | StoreError::Rule(_)
            | StoreError::DayOff(_)
            | StoreError::Hours(_)
            | StoreError::Settings(_)
            | StoreError::ReportPeriod
            | StoreError::Activation(_)
            | StoreError::Sale(_)
            | StoreError::Call(_)
            | StoreError::Contact(_)
            | StoreError::Steps(_)
            | StoreError::Import(_) => ErrorCode::InvalidInput,
            StoreError::Unpushed(_) => ErrorCode::PendingChanges,
            StoreError::NotAllowed { .. } | StoreError::MoveNotAllowed { .. } => {
                ErrorCode::NotAllowed
            }
            StoreError::DataFolder { .. }
            | StoreError::Database(_)
            | StoreError::Migrate(_)
            | StoreError::Payload(_) => {
                tracing::error!(error = ?err, "store failure");
                ErrorCode::Database
            }
        };
        Self::new(code, err.message(lang))
    }

    /// The UI's error for a failed call to the server.
    pub fn from_transport(err: &TransportError, lang: Lang) -> Self {
        // A new account refused by the server: beside its field, like the device's own checks.
        if let TransportError::Refused { code, .. } = err
            && let Some(problem) = campo_protocol::accounts::AccountProblem::from_code(code)
        {
            return Self::from_account_problems(&[problem], lang);
        }
        // The ERP's settings refused by the server: beside their field, as the device's check.
        if let TransportError::Refused {
            problem: Some(campo_protocol::Problem::ErpSettings(problem)),
            ..
        } = err
        {
            return Self::from_erp_settings(std::slice::from_ref(problem), lang);
        }
        let code = match err {
            TransportError::Unreachable { .. } => ErrorCode::ServerUnreachable,
            TransportError::BadCredentials => ErrorCode::BadCredentials,
            TransportError::Unauthorized
            | TransportError::SessionExpired
            | TransportError::SessionEnded => ErrorCode::Unauthorized,
            TransportError::AccountDisabled => ErrorCode::AccountDisabled,
            // The server's role check: the same code as the device's own.
            TransportError::Refused { code, .. } if code == campo_protocol::wire::FORBIDDEN => {
                ErrorCode::NotAllowed
            }
            TransportError::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            TransportError::NotCampo { .. }
            | TransportError::TooManyAttempts
            | TransportError::Refused { .. }
            | TransportError::Decode { .. }
            | TransportError::ResyncRequired => ErrorCode::ServerRefused,
        };
        Self::new(code, err.message(lang))
    }
}

impl CommandError {
    /// A new account or password refused field by field (`login`, `name`, `password`).
    pub fn from_account_problems(
        list: &[campo_protocol::accounts::AccountProblem],
        lang: Lang,
    ) -> Self {
        let mut refused = Self::new(ErrorCode::InvalidFields, fix_fields(lang).into());
        for p in list {
            if !refused.params.contains_key(p.field()) {
                refused = refused.with(p.field(), p.message(lang));
            }
        }
        refused
    }

    /// The ERP's settings refused field by field (`url`, `user`, `token`, `everyMinutes`).
    fn from_erp_settings(list: &[campo_protocol::erp::SettingsProblem], lang: Lang) -> Self {
        let mut refused = Self::new(ErrorCode::InvalidFields, fix_fields(lang).into());
        for p in list {
            if !refused.params.contains_key(p.field()) {
                refused = refused.with(p.field(), p.message(lang));
            }
        }
        refused
    }
}

/// The sentence of a form refused field by field.
fn fix_fields(lang: Lang) -> &'static str {
    match lang {
        Lang::PtBr => "Corrija os campos marcados; nada foi salvo.",
        Lang::En => "Fix the fields marked; nothing was saved.",
    }
}
