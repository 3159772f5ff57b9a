//! The store's error type: what went wrong, with a message a person can read. Database
//! details are kept for the logs and never shown.

use std::fmt;
use std::path::PathBuf;

use campo_domain::{Lang, Localized, TransitionError, ValidationError};

/// A kind of record, for "not found" messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// A work order.
    Order,
    /// A customer.
    Customer,
    /// A person (staff).
    Person,
    /// A plan.
    Plan,
    /// A stock place (warehouse, van, …).
    StockPlace,
    /// A stock discrepancy.
    Discrepancy,
    /// A technician's absence.
    Absence,
    /// A day off added in the calendar editor.
    DayOff,
    /// A sale.
    Sale,
    /// A draft of a sale.
    Draft,
    /// A customer's call.
    Call,
    /// A photo of a visit.
    Photo,
}

impl Entity {
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Entity::Order, Lang::PtBr) => "Ordem de serviço não encontrada",
            (Entity::Customer, Lang::PtBr) => "Cliente não encontrado",
            (Entity::Person, Lang::PtBr) => "Pessoa não encontrada",
            (Entity::Plan, Lang::PtBr) => "Plano não encontrado",
            (Entity::Order, Lang::En) => "Work order not found",
            (Entity::Customer, Lang::En) => "Customer not found",
            (Entity::Person, Lang::En) => "Person not found",
            (Entity::Plan, Lang::En) => "Plan not found",
            (Entity::StockPlace, Lang::PtBr) => "Local de estoque não encontrado",
            (Entity::StockPlace, Lang::En) => "Stock place not found",
            (Entity::Discrepancy, Lang::PtBr) => "Divergência não encontrada ou já resolvida",
            (Entity::Discrepancy, Lang::En) => "Discrepancy not found or already resolved",
            (Entity::Absence, Lang::PtBr) => "Ausência não encontrada ou já removida",
            (Entity::Absence, Lang::En) => "Absence not found or already removed",
            (Entity::Call, Lang::PtBr) => "Chamado não encontrado",
            (Entity::Call, Lang::En) => "Call not found",
            (Entity::Photo, Lang::PtBr) => "Foto não encontrada ou já retirada",
            (Entity::Photo, Lang::En) => "Photo not found or already removed",
            (Entity::Sale, Lang::PtBr) => "Venda não encontrada",
            (Entity::Sale, Lang::En) => "Sale not found",
            (Entity::Draft, Lang::PtBr) => "Rascunho não encontrado ou já enviado",
            (Entity::Draft, Lang::En) => "Draft not found or already sent",
            (Entity::DayOff, Lang::PtBr) => {
                "Folga não encontrada no calendário editado ou já removida"
            }
            (Entity::DayOff, Lang::En) => {
                "Day off not found among the edited days or already removed"
            }
        }
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label(Lang::PtBr))
    }
}

/// Everything the store can refuse or fail at.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file was written by a newer Campo; it is left untouched.
    #[error(
        "O banco de dados em {} foi criado por uma versão mais nova do Campo (esquema {found}; esta versão entende até {supported}). Atualize o aplicativo. O arquivo não foi alterado.",
        .path.display()
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// The schema version found in it.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// The file is an SQLite database of some other program; it is left untouched.
    #[error(
        "O arquivo {} não é um banco de dados do Campo. O arquivo não foi alterado.",
        .path.display()
    )]
    Foreign {
        /// The file.
        path: PathBuf,
    },
    /// The file is not a readable SQLite database; it is left untouched.
    #[error(
        "O arquivo {} está corrompido ou não é um banco de dados. O arquivo não foi alterado.",
        .path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
    },
    /// The folder the data file goes in could not be made.
    #[error(
        "Não foi possível criar a pasta {}: {}",
        .path.display(),
        folder_words(.source, Lang::PtBr)
    )]
    DataFolder {
        /// The folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A record that does not exist.
    #[error("{0}")]
    NotFound(Entity),
    /// Bad input in a field.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// A status change the state machine refuses.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// A report asked for a period that ends before it starts or spans more than a year.
    #[error("O período precisa terminar depois de começar e ter até um ano")]
    ReportPeriod,
    /// An activation template, answer or completion refused.
    #[error(transparent)]
    Activation(#[from] campo_domain::activation::ActivationError),
    /// A deadline rule refused.
    #[error(transparent)]
    Rule(#[from] campo_domain::sla::RuleError),
    /// Deadline rules refused in the editor: every problem found, by order kind.
    #[error("{}", rules_text(.0, Lang::PtBr))]
    Rules(Vec<(campo_domain::OrderKind, campo_domain::sla::RuleError)>),
    /// Agenda settings refused in the editor.
    #[error(transparent)]
    Settings(#[from] campo_domain::agenda::SettingsError),
    /// Agenda settings refused in the editor: every problem found.
    #[error("{}", settings_text(.0, Lang::PtBr))]
    SettingsProblems(Vec<campo_domain::agenda::SettingsError>),
    /// The provider's profile refused: every problem found.
    #[error("{}", profile_text(.0, Lang::PtBr))]
    ProfileProblems(Vec<campo_domain::provider::ProfileProblem>),
    /// Working hours refused in the calendar editor.
    #[error(transparent)]
    Hours(#[from] campo_domain::calendar::HoursError),
    /// A day off refused in the calendar editor.
    #[error(transparent)]
    DayOff(#[from] campo_domain::calendar::DayOffError),
    /// A deadline pause refused.
    #[error(transparent)]
    Pause(#[from] campo_domain::order::PauseError),
    /// A slot the agenda refuses (past day, holiday, day off).
    #[error(transparent)]
    Slot(#[from] campo_domain::agenda::SlotProblem),
    /// A sale's form refused: every problem, by field.
    #[error("{}", sale_text(.0, Lang::PtBr))]
    SaleProblems(Vec<campo_domain::sale::SaleProblem>),
    /// A sale that cannot be changed or decided as asked.
    #[error(transparent)]
    Sale(#[from] campo_domain::sale::SaleError),
    /// A call or a step on it refused.
    #[error(transparent)]
    Call(#[from] campo_domain::support::CallError),
    /// A collection contact refused.
    #[error(transparent)]
    Contact(campo_domain::finance::ContactError),
    /// Non-payment steps refused.
    #[error(transparent)]
    Steps(campo_domain::finance::StepsProblem),
    /// A customer's signature refused.
    #[error(transparent)]
    Signature(#[from] campo_domain::closing::SignatureError),
    /// A photo refused.
    #[error(transparent)]
    Photo(#[from] campo_domain::photo::PhotoError),
    /// An order not ready to be done: what closing it still needs.
    #[error(transparent)]
    Closing(#[from] campo_domain::closing::Incomplete),
    /// A stock entry or movement refused.
    #[error(transparent)]
    Stock(#[from] campo_domain::stock::StockError),
    /// The signed-in person's role may not make this change (the policy the server enforces,
    /// checked before anything is written).
    #[error("Seu papel ({}) não permite esta alteração; nada foi salvo", .role.label(campo_domain::Lang::PtBr))]
    NotAllowed {
        /// The signed-in role.
        role: campo_protocol::Role,
        /// The operation refused.
        kind: campo_protocol::OpKind,
    },
    /// The signed-in person's role may not move an order between these statuses.
    #[error(
        "Seu papel ({}) não permite levar a ordem de {} para {}; nada foi salvo",
        .role.label(campo_domain::Lang::PtBr),
        .from.label(campo_domain::Lang::PtBr),
        .to.label(campo_domain::Lang::PtBr)
    )]
    MoveNotAllowed {
        /// The signed-in role.
        role: campo_protocol::Role,
        /// The order's status.
        from: campo_domain::OrderStatus,
        /// The status asked for.
        to: campo_domain::OrderStatus,
    },
    /// Starting again from the server's data must wait: this many operations written here
    /// have not reached the server yet.
    #[error(
        "{0} operações deste dispositivo ainda não chegaram ao servidor; a nova carga dos dados espera por elas"
    )]
    Unpushed(i64),
    /// A file import stopped; nothing of it was saved.
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    /// Anything from SQLite. The text is for logs only.
    #[error("Erro interno no banco de dados local")]
    Database(#[from] sqlx::Error),
    /// Running the migrations failed. The text is for logs only.
    #[error("Não foi possível atualizar o banco de dados local")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// An operation payload could not be encoded or decoded.
    #[error("Erro interno ao registrar a operação")]
    Payload(#[from] serde_json::Error),
}

/// What went wrong making a folder, in the person's words (the system's own text, in English
/// whatever the language, is logged where the error is made). `AlreadyExists` from making a
/// folder means a file has its name.
fn folder_words(e: &std::io::Error, lang: Lang) -> &'static str {
    use std::io::ErrorKind as K;
    match (e.kind(), lang) {
        (K::PermissionDenied, Lang::PtBr) => "sem permissão de acesso",
        (K::PermissionDenied, Lang::En) => "permission denied",
        (K::StorageFull, Lang::PtBr) => "o disco está cheio",
        (K::StorageFull, Lang::En) => "the disk is full",
        (K::ReadOnlyFilesystem, Lang::PtBr) => "o disco só permite leitura",
        (K::ReadOnlyFilesystem, Lang::En) => "the disk is read-only",
        (K::NotADirectory | K::AlreadyExists, Lang::PtBr) => {
            "há um arquivo onde deveria haver uma pasta"
        }
        (K::NotADirectory | K::AlreadyExists, Lang::En) => "a file stands where a folder should",
        (K::NotFound, Lang::PtBr) => "não encontrado",
        (K::NotFound, Lang::En) => "not found",
        (_, Lang::PtBr) => "o sistema recusou o acesso",
        (_, Lang::En) => "the system refused access",
    }
}

impl Localized for StoreError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                StoreError::NewerSchema {
                    path,
                    found,
                    supported,
                } => format!(
                    "The database at {} was created by a newer Campo (schema {found}; this version understands up to {supported}). Update the app. The file was not changed.",
                    path.display()
                ),
                StoreError::Foreign { path } => format!(
                    "The file {} is not a Campo database. The file was not changed.",
                    path.display()
                ),
                StoreError::Corrupt { path } => format!(
                    "The file {} is corrupt or not a database. The file was not changed.",
                    path.display()
                ),
                StoreError::DataFolder { path, source } => format!(
                    "Could not create the folder {}: {}",
                    path.display(),
                    folder_words(source, lang)
                ),
                StoreError::NotFound(e) => e.label(Lang::En).to_owned(),
                StoreError::Validation(e) => e.message(lang),
                StoreError::Transition(e) => e.message(lang),
                StoreError::Stock(e) => e.message(lang),
                StoreError::Signature(e) => e.message(lang),
                StoreError::Closing(e) => e.message(lang),
                StoreError::Photo(e) => e.message(lang),
                StoreError::Slot(e) => e.message(lang),
                StoreError::Pause(e) => e.message(lang),
                StoreError::Rule(e) => e.message(lang),
                StoreError::Rules(list) => rules_text(list, lang),
                StoreError::DayOff(e) => e.message(lang),
                StoreError::Hours(e) => e.message(lang),
                StoreError::Settings(e) => e.message(lang),
                StoreError::SettingsProblems(list) => settings_text(list, lang),
                StoreError::ProfileProblems(list) => profile_text(list, lang),
                StoreError::Activation(e) => e.message(lang),
                StoreError::SaleProblems(list) => sale_text(list, lang),
                StoreError::Sale(e) => e.message(lang),
                StoreError::Call(e) => e.message(lang),
                StoreError::Contact(e) => e.message(lang),
                StoreError::Steps(e) => e.message(lang),
                StoreError::Import(e) => e.message(lang),
                StoreError::ReportPeriod => {
                    "The period must end after it starts and span at most a year".into()
                }
                StoreError::NotAllowed { role, .. } => format!(
                    "Your role ({}) does not allow this change; nothing was saved",
                    role.label(Lang::En)
                ),
                StoreError::MoveNotAllowed { role, from, to } => format!(
                    "Your role ({}) does not allow moving the order from {} to {}; nothing was saved",
                    role.label(Lang::En),
                    from.label(Lang::En),
                    to.label(Lang::En)
                ),
                StoreError::Unpushed(n) => format!(
                    "{n} operations of this device have not reached the server yet; reloading the data waits for them"
                ),
                StoreError::Database(_) => "Internal error in the local database".into(),
                StoreError::Migrate(_) => "Could not upgrade the local database".into(),
                StoreError::Payload(_) => "Internal error while recording the operation".into(),
            },
        }
    }
}

/// "Instalação: O prazo precisa ser maior que zero; Reparo: …".
fn rules_text(
    list: &[(campo_domain::OrderKind, campo_domain::sla::RuleError)],
    lang: Lang,
) -> String {
    list.iter()
        .map(|(kind, e)| format!("{}: {}", kind.label(lang), e.message(lang)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every problem of a sale's form, in one sentence.
fn sale_text(list: &[campo_domain::sale::SaleProblem], lang: Lang) -> String {
    list.iter()
        .map(|(_, e)| e.message(lang))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every problem of the agenda settings, in one sentence.
fn profile_text(list: &[campo_domain::provider::ProfileProblem], lang: Lang) -> String {
    list.iter()
        .map(|e| e.message(lang))
        .collect::<Vec<_>>()
        .join("; ")
}

fn settings_text(list: &[campo_domain::agenda::SettingsError], lang: Lang) -> String {
    list.iter()
        .map(|e| e.message(lang))
        .collect::<Vec<_>>()
        .join("; ")
}
