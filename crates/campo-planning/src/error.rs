//! Why planning, evaluating or applying routes was refused, as data: the shell puts it into
//! words in the person's language ([`Localized`]). The store's own refusals pass through.

use campo_domain::{Lang, Localized};
use campo_route::{PlanError, RouteProblem};
use campo_store::StoreError;

/// A refusal of the route planner.
#[derive(Debug, thiserror::Error)]
pub enum PlanningError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A time that is not `HH:MM`.
    #[error("invalid time {0:?}")]
    Time(String),
    /// The solver could not plan the day at all.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A route breaks a rule (stops named by their order numbers): nothing was applied.
    #[error("the route of {technician} breaks a rule")]
    Broken {
        /// The technician's name.
        technician: String,
        /// What breaks, in the route's order.
        problems: Vec<RouteProblem>,
    },
    /// The planner's own thread failed (a bug; the detail is logged where it happened).
    #[error("the route planning task failed")]
    Failed,
}

/// One problem of a route in `lang`'s words.
pub(crate) fn problem_text(p: &RouteProblem, lang: Lang) -> String {
    match lang {
        Lang::PtBr => p.message_pt(),
        Lang::En => p.message_en(),
    }
}

impl Localized for PlanningError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PlanningError::Store(e), _) => e.message(lang),
            (PlanningError::Time(text), Lang::PtBr) => {
                format!("Horário inválido: \"{text}\" (use HH:MM).")
            }
            (PlanningError::Time(text), Lang::En) => {
                format!("Invalid time: \"{text}\" (use HH:MM).")
            }
            // The travel service's own words are for the log (and OSRM falls back to
            // straight lines rather than failing).
            (PlanningError::Plan(PlanError::Matrix(e)), _) => {
                tracing::warn!(error = %e, "travel times not computed");
                match lang {
                    Lang::PtBr => "Não foi possível calcular as distâncias.".into(),
                    Lang::En => "Could not compute travel times.".into(),
                }
            }
            (PlanningError::Plan(e), Lang::PtBr) => e.message_pt(),
            (PlanningError::Plan(e), Lang::En) => e.message_en(),
            (
                PlanningError::Broken {
                    technician,
                    problems,
                },
                _,
            ) => {
                let each: Vec<String> = problems.iter().map(|p| problem_text(p, lang)).collect();
                format!("{technician}: {}", each.join("; "))
            }
            (PlanningError::Failed, Lang::PtBr) => {
                "O planejamento de rotas falhou; tente de novo".into()
            }
            (PlanningError::Failed, Lang::En) => "Route planning failed; try again".into(),
        }
    }
}
