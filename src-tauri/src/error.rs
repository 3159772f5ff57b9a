//! The one error shape that crosses to the UI: `{code, message}`, with the code an enum
//! exported to TypeScript and the message already in the user's language. Database and I/O
//! details are logged here and never shown.

use campo_domain::{Lang, Localized, TransitionError};
use campo_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// What kind of failure the UI is looking at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The record does not exist.
    NotFound,
    /// A field was refused (the message names it).
    InvalidInput,
    /// The state machine refuses the move.
    IllegalTransition,
    /// The move needs a reason.
    ReasonRequired,
    /// The local database failed.
    Database,
    /// The database file is from a newer Campo.
    DatabaseNewerSchema,
    /// The database file belongs to another program.
    DatabaseForeign,
    /// The database file is damaged.
    DatabaseCorrupt,
    /// The sync server could not be reached.
    ServerUnreachable,
    /// The sync server refused the request (its message says why).
    ServerRefused,
    /// Wrong login or password, or a session the server no longer accepts.
    Unauthorized,
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
}

impl CommandError {
    /// Builds the UI's error from a store error, logging what must not be shown.
    pub fn from_store(err: &StoreError, lang: Lang) -> Self {
        let code = match err {
            StoreError::NewerSchema { .. } => ErrorCode::DatabaseNewerSchema,
            StoreError::Foreign { .. } => ErrorCode::DatabaseForeign,
            StoreError::Corrupt { .. } => ErrorCode::DatabaseCorrupt,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::Validation(_) => ErrorCode::InvalidInput,
            StoreError::Transition(TransitionError::Illegal { .. }) => ErrorCode::IllegalTransition,
            StoreError::Transition(TransitionError::ReasonRequired { .. }) => {
                ErrorCode::ReasonRequired
            }
            StoreError::Transition(TransitionError::ScheduleRequired) => ErrorCode::InvalidInput,
            StoreError::Stock(campo_domain::stock::StockError::MissingEquipment(_)) => {
                ErrorCode::ReasonRequired
            }
            StoreError::Stock(_)
            | StoreError::Slot(_)
            | StoreError::Pause(_)
            | StoreError::Rule(_)
            | StoreError::DayOff(_)
            | StoreError::Hours(_)
            | StoreError::Settings(_)
            | StoreError::Route(_)
            | StoreError::Report(_)
            | StoreError::Activation(_) => ErrorCode::InvalidInput,
            StoreError::Unpushed(_) => ErrorCode::ServerUnreachable,
            StoreError::Io { .. }
            | StoreError::Database(_)
            | StoreError::Migrate(_)
            | StoreError::Payload(_) => {
                tracing::error!(error = ?err, "store failure");
                ErrorCode::Database
            }
        };
        CommandError {
            code,
            message: err.message(lang),
        }
    }

    /// A bad value from the UI itself (an id that does not parse, …).
    pub fn invalid(message_pt: &str, message_en: &str, lang: Lang) -> Self {
        let message = match lang {
            Lang::PtBr => message_pt,
            Lang::En => message_en,
        };
        CommandError {
            code: ErrorCode::InvalidInput,
            message: message.to_owned(),
        }
    }
}
