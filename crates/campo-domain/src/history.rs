//! Why an order's status moved, as its history keeps it: the words a person gave, or one of
//! Campo's own reasons (a routes plan moved the visit, the office decided a conflict), kept
//! as a code with its detail and worded only when read, in the reader's language. The
//! history and the operations carry the stored form ([`EventReason::stored`]); the read
//! models give the parsed one ([`EventReason::read`]), which also recognises the Portuguese
//! sentences Campo kept before its reasons were codes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::i18n::{Lang, Localized};

/// The mark of a reason Campo wrote (a person's words never start with it).
const MARK: &str = "campo:";
const REPLANNED: &str = "replanned";
const CONFLICT_DECIDED: &str = "conflict_decided:";

/// The sentences Campo kept before its reasons were codes (orders' histories and operations
/// written by earlier versions still hold them).
const OLD_REPLANNED: &str = "Replanejamento de rotas";
const OLD_CONFLICT_DECIDED: &str = "Conflito resolvido pela coordenação: ";

/// Why an order's status moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum EventReason {
    /// What a person gave (typed, or a default reason as they read it).
    Given {
        /// Their words.
        text: String,
    },
    /// A routes plan moved the visit to another technician, day or period.
    Replanned,
    /// The office decided a conflict between two devices' changes.
    ConflictDecided {
        /// The office's note.
        note: String,
    },
}

impl EventReason {
    /// What the history keeps and an operation carries.
    pub fn stored(&self) -> String {
        match self {
            EventReason::Given { text } => text.clone(),
            EventReason::Replanned => format!("{MARK}{REPLANNED}"),
            EventReason::ConflictDecided { note } => format!("{MARK}{CONFLICT_DECIDED}{note}"),
        }
    }

    /// Reads what the history keeps.
    pub fn read(stored: &str) -> Self {
        let text = |t: &str| t.to_owned();
        if let Some(code) = stored.strip_prefix(MARK) {
            if code == REPLANNED {
                return EventReason::Replanned;
            }
            if let Some(note) = code.strip_prefix(CONFLICT_DECIDED) {
                return EventReason::ConflictDecided { note: text(note) };
            }
        }
        if stored == OLD_REPLANNED {
            EventReason::Replanned
        } else if let Some(note) = stored.strip_prefix(OLD_CONFLICT_DECIDED) {
            EventReason::ConflictDecided { note: text(note) }
        } else {
            EventReason::Given { text: text(stored) }
        }
    }
}

impl Localized for EventReason {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (EventReason::Given { text }, _) => text.clone(),
            (EventReason::Replanned, Lang::PtBr) => OLD_REPLANNED.into(),
            (EventReason::Replanned, Lang::En) => "Routes re-planned".into(),
            (EventReason::ConflictDecided { note }, Lang::PtBr) => {
                format!("{OLD_CONFLICT_DECIDED}{note}")
            }
            (EventReason::ConflictDecided { note }, Lang::En) => {
                format!("Conflict decided by the coordination: {note}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn campos_reasons_are_kept_as_codes_and_worded_in_the_readers_language() {
        let decided = EventReason::ConflictDecided {
            note: "cliente confirmou: ligou às 10h".into(),
        };
        assert_eq!(
            decided.stored(),
            "campo:conflict_decided:cliente confirmou: ligou às 10h"
        );
        for reason in [
            EventReason::Replanned,
            decided.clone(),
            EventReason::Given {
                text: "Cliente ausente: portão fechado".into(),
            },
        ] {
            assert_eq!(EventReason::read(&reason.stored()), reason);
        }
        assert_eq!(
            decided.message(Lang::En),
            "Conflict decided by the coordination: cliente confirmou: ligou às 10h"
        );
        assert_eq!(
            EventReason::Replanned.message(Lang::En),
            "Routes re-planned"
        );
    }

    #[test]
    fn the_sentences_kept_before_read_as_the_reasons_they_stand_for() {
        assert_eq!(
            EventReason::read("Replanejamento de rotas"),
            EventReason::Replanned
        );
        assert_eq!(
            EventReason::read("Conflito resolvido pela coordenação: ok"),
            EventReason::ConflictDecided { note: "ok".into() }
        );
        assert_eq!(
            EventReason::read("Replanejamento de rotas amanhã"),
            EventReason::Given {
                text: "Replanejamento de rotas amanhã".into()
            }
        );
    }
}
