//! Why planning, evaluating or applying routes was refused, as data: the shell puts it into
//! words in the person's language ([`Localized`]). The store's own refusals pass through.

use campo_domain::{Lang, Localized};
use campo_route::{PlanError, Reason, RouteProblem};
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
    /// A route breaks a rule (stops named by their order numbers, worded when read): nothing
    /// was applied.
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

/// The solver's own refusals, which campo-route words in both languages (it knows nothing of
/// [`Lang`]): this picks the person's.
pub(crate) trait RouteWords {
    /// The Portuguese (Brazil) sentence.
    fn pt(&self) -> String;
    /// The English sentence.
    fn en(&self) -> String;
    /// The sentence in `lang`.
    fn words(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.pt(),
            Lang::En => self.en(),
        }
    }
}

macro_rules! route_words {
    ($($worded:ty),*) => {$(
        impl RouteWords for $worded {
            fn pt(&self) -> String {
                self.message_pt()
            }
            fn en(&self) -> String {
                self.message_en()
            }
        }
    )*};
}
route_words!(PlanError, Reason);

/// A route's problems name their stops by their orders' numbers (the evaluation puts the
/// number where the solver has an order id): worded, each reads as people read an order's
/// number in that language. A stop that is not an order keeps the solver's name.
impl RouteWords for RouteProblem {
    fn pt(&self) -> String {
        self.named(|stop| stop_named(stop, Lang::PtBr)).message_pt()
    }
    fn en(&self) -> String {
        self.named(|stop| stop_named(stop, Lang::En)).message_en()
    }
}

fn stop_named(stop: &str, lang: Lang) -> String {
    stop.parse().map_or_else(
        |_| stop.to_owned(),
        |n: i64| campo_domain::order_number(n, lang),
    )
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
            (PlanningError::Plan(e), _) => e.words(lang),
            (
                PlanningError::Broken {
                    technician,
                    problems,
                },
                _,
            ) => {
                let each: Vec<String> = problems.iter().map(|p| p.words(lang)).collect();
                format!("{technician}: {}", each.join("; "))
            }
            (PlanningError::Failed, Lang::PtBr) => {
                "O planejamento de rotas falhou; tente de novo".into()
            }
            (PlanningError::Failed, Lang::En) => "Route planning failed; try again".into(),
        }
    }
}
