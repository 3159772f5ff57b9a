//! Customers' calls and the support levels (seed 004): N1 (atendimento) records the problem,
//! what was already tried and the deadline promised to the customer, and solves it on the
//! call or passes it to N2; N2 tries remotely first and either solves it or opens a repair
//! visit, whose deadline runs from the call.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::i18n::{Lang, Localized};
use crate::validate::{Field, ValidationError};

/// What the customer called about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// No connection at all.
    NoConnection,
    /// Slower than the plan.
    Slow,
    /// Drops and comes back.
    Intermittent,
    /// Wi-Fi reach or password.
    Wifi,
    /// IPTV or another SVA.
    Tv,
    /// Equipment damaged or missing.
    Equipment,
    /// Anything else.
    Other,
}

impl Problem {
    /// Every problem, in the form's order.
    pub const ALL: [Problem; 7] = [
        Problem::NoConnection,
        Problem::Slow,
        Problem::Intermittent,
        Problem::Wifi,
        Problem::Tv,
        Problem::Equipment,
        Problem::Other,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Problem::NoConnection => "no_connection",
            Problem::Slow => "slow",
            Problem::Intermittent => "intermittent",
            Problem::Wifi => "wifi",
            Problem::Tv => "tv",
            Problem::Equipment => "equipment",
            Problem::Other => "other",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// As a person reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Problem::NoConnection, Lang::PtBr) => "Sem conexão",
            (Problem::NoConnection, Lang::En) => "No connection",
            (Problem::Slow, Lang::PtBr) => "Lentidão",
            (Problem::Slow, Lang::En) => "Slow",
            (Problem::Intermittent, Lang::PtBr) => "Conexão cai e volta",
            (Problem::Intermittent, Lang::En) => "Drops and comes back",
            (Problem::Wifi, Lang::PtBr) => "Wi-Fi",
            (Problem::Wifi, Lang::En) => "Wi-Fi",
            (Problem::Tv, Lang::PtBr) => "TV / SVA",
            (Problem::Tv, Lang::En) => "TV / SVA",
            (Problem::Equipment, Lang::PtBr) => "Equipamento",
            (Problem::Equipment, Lang::En) => "Equipment",
            (Problem::Other, Lang::PtBr) => "Outro",
            (Problem::Other, Lang::En) => "Other",
        }
    }
}

/// Where a call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    /// With atendimento (N1).
    N1,
    /// Passed to N2, who tries remotely first.
    N2,
    /// Solved (on the call or remotely).
    Solved,
    /// A repair visit was opened.
    Visit,
}

impl CallStatus {
    /// Every status.
    pub const ALL: [CallStatus; 4] = [
        CallStatus::N1,
        CallStatus::N2,
        CallStatus::Solved,
        CallStatus::Visit,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            CallStatus::N1 => "n1",
            CallStatus::N2 => "n2",
            CallStatus::Solved => "solved",
            CallStatus::Visit => "visit",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether someone still has to act on it.
    pub fn open(self) -> bool {
        matches!(self, CallStatus::N1 | CallStatus::N2)
    }

    /// As a person reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CallStatus::N1, Lang::PtBr) => "Com o atendimento (N1)",
            (CallStatus::N1, Lang::En) => "With support (N1)",
            (CallStatus::N2, Lang::PtBr) => "Com o N2",
            (CallStatus::N2, Lang::En) => "With N2",
            (CallStatus::Solved, Lang::PtBr) => "Resolvido",
            (CallStatus::Solved, Lang::En) => "Solved",
            (CallStatus::Visit, Lang::PtBr) => "Visita aberta",
            (CallStatus::Visit, Lang::En) => "Visit opened",
        }
    }

    /// Where `step` takes a call from here, if it may be taken.
    pub fn after(self, step: CallStep) -> Option<CallStatus> {
        match (self, step) {
            (CallStatus::N1, CallStep::Solve) => Some(CallStatus::Solved),
            (CallStatus::N1, CallStep::Escalate) => Some(CallStatus::N2),
            (CallStatus::N2, CallStep::Solve) => Some(CallStatus::Solved),
            (CallStatus::N2, CallStep::Visit) => Some(CallStatus::Visit),
            _ => None,
        }
    }
}

/// What someone did with a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CallStep {
    /// Solved: on the call (N1) or remotely (N2); the note says how.
    Solve,
    /// N1 passes it to N2.
    Escalate,
    /// N2 could not solve it remotely: a repair visit.
    Visit,
}

impl CallStep {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            CallStep::Solve => "solve",
            CallStep::Escalate => "escalate",
            CallStep::Visit => "visit",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Self> {
        [CallStep::Solve, CallStep::Escalate, CallStep::Visit]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// Whether the step must say what was done or found.
    pub fn needs_note(self) -> bool {
        matches!(self, CallStep::Solve | CallStep::Visit)
    }
}

/// A call as N1 types it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CallForm {
    /// The customer who called.
    pub customer_id: String,
    /// What about.
    pub problem: Option<Problem>,
    /// The problem in the customer's words.
    pub description: String,
    /// What was already tried on the call (restarting the ONU, cables …).
    pub tried: String,
    /// The deadline promised to the customer, RFC 3339.
    pub promised_by: String,
}

/// Why a call or a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// A field of the form.
    #[error(transparent)]
    Field(#[from] ValidationError),
    /// The promised deadline has passed already.
    #[error("O prazo prometido ao cliente já passou: informe uma data e hora futuras")]
    PromisePast,
    /// The step cannot be taken from where the call stands.
    #[error("Um chamado “{}” não pode ser {}", .0.label(Lang::PtBr), step_words(*.1, Lang::PtBr))]
    Step(CallStatus, CallStep),
    /// The customer has no plan to repair (no order ever).
    #[error("Este cliente não tem plano em nenhuma ordem: abra a visita pela ordem de serviço")]
    NoPlan,
}

fn step_words(step: CallStep, lang: Lang) -> &'static str {
    match (step, lang) {
        (CallStep::Solve, Lang::PtBr) => "resolvido",
        (CallStep::Solve, Lang::En) => "solved",
        (CallStep::Escalate, Lang::PtBr) => "passado ao N2",
        (CallStep::Escalate, Lang::En) => "passed to N2",
        (CallStep::Visit, Lang::PtBr) => "levado a uma visita",
        (CallStep::Visit, Lang::En) => "turned into a visit",
    }
}

impl Localized for CallError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                CallError::Field(e) => e.message(lang),
                CallError::PromisePast => {
                    "The deadline promised to the customer has passed: give a future date and time"
                        .into()
                }
                CallError::Step(status, step) => format!(
                    "A call “{}” cannot be {}",
                    status.label(lang),
                    step_words(*step, lang)
                ),
                CallError::NoPlan => {
                    "This customer has no plan on any order: open the visit from a work order"
                        .into()
                }
            },
        }
    }
}

/// A checked call: problem, texts trimmed, the promise as a time.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCall {
    /// What about.
    pub problem: Problem,
    /// In the customer's words.
    pub description: String,
    /// What was tried.
    pub tried: String,
    /// The promised deadline.
    pub promised_by: DateTime<Utc>,
}

impl CallForm {
    /// Checks the call at `now`.
    pub fn check(&self, now: DateTime<Utc>) -> Result<ValidCall, CallError> {
        if self.customer_id.trim().is_empty() {
            return Err(ValidationError::Required(Field::Customer).into());
        }
        let problem = self
            .problem
            .ok_or(ValidationError::Required(Field::Problem))?;
        let description = self.description.trim();
        if description.is_empty() {
            return Err(ValidationError::Required(Field::Description).into());
        }
        let promised_by = DateTime::parse_from_rfc3339(self.promised_by.trim())
            .map_err(|_| ValidationError::Date(Field::Promise))?
            .with_timezone(&Utc);
        if promised_by <= now {
            return Err(CallError::PromisePast);
        }
        Ok(ValidCall {
            problem,
            description: description.to_owned(),
            tried: self.tried.trim().to_owned(),
            promised_by,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_goes_from_n1_to_n2_to_a_visit_or_is_solved() {
        use CallStatus::{N1, N2, Solved};
        use CallStep::{Escalate, Solve};
        assert_eq!(N1.after(Escalate), Some(N2));
        assert_eq!(N1.after(Solve), Some(Solved));
        assert_eq!(N2.after(CallStep::Visit), Some(CallStatus::Visit));
        assert_eq!(N2.after(Solve), Some(Solved));
        // N1 passes it on; only N2 decides a visit, and a closed call stays closed.
        assert_eq!(N1.after(CallStep::Visit), None);
        assert_eq!(Solved.after(Escalate), None);
        assert_eq!(CallStatus::Visit.after(Solve), None);
        assert!(N2.open() && !Solved.open());
    }

    #[test]
    fn a_call_needs_its_problem_and_a_promise_still_ahead() {
        let now = DateTime::parse_from_rfc3339("2026-12-02T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let form = CallForm {
            customer_id: "c".into(),
            problem: Some(Problem::NoConnection),
            description: " Sem internet desde ontem ".into(),
            tried: "Reiniciou a ONU".into(),
            promised_by: "2026-12-03T12:00:00Z".into(),
        };
        assert_eq!(
            form.check(now).unwrap().description,
            "Sem internet desde ontem"
        );
        let past = CallForm {
            promised_by: "2026-12-02T11:00:00Z".into(),
            ..form.clone()
        };
        assert_eq!(past.check(now).unwrap_err(), CallError::PromisePast);
        let vague = CallForm {
            problem: None,
            ..form
        };
        assert!(vague.check(now).is_err());
        assert_eq!(
            CallError::Step(CallStatus::Solved, CallStep::Escalate).to_string(),
            "Um chamado “Resolvido” não pode ser passado ao N2"
        );
    }
}
