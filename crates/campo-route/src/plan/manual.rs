//! Routes as the coordinator ordered them, checked and costed, never changed: each stop's
//! times, and every rule a route breaks in words.

use std::collections::{HashMap, HashSet};

use crate::error::{InputError, PlanError};
use crate::eval::Violation;
use crate::instance::Task;
use crate::matrix::{MatrixProvider, MatrixSource};
use crate::model::{Problem, Seconds};

use super::{Route, build, place_break, route_out, secs};

/// A route as the coordinator ordered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualRoute {
    /// Technician id.
    pub technician: String,
    /// Stop ids in visiting order.
    pub stops: Vec<String>,
}

/// A problem found in a manual route.
#[derive(Debug, Clone, PartialEq)]
pub enum RouteProblem {
    /// The stop id is not in the problem.
    UnknownStop(String),
    /// The stop's data is invalid.
    InvalidStop(InputError),
    /// The stop is in more than one route.
    Repeated(String),
    /// Arrives after the stop's window(s) closed.
    Late {
        /// Stop id.
        stop: String,
        /// Arrival.
        arrival: Seconds,
    },
    /// Back after the end of the shift.
    AfterShift {
        /// Arrival at the end place.
        arrival: Seconds,
    },
    /// The technician lacks a skill.
    MissingSkill(String),
    /// The stop is reserved for another technician.
    Reserved(String),
    /// Load over capacity.
    OverCapacity,
    /// More visits than allowed.
    TooManyVisits,
    /// The break cannot be taken in its window.
    BreakImpossible,
    /// The locked stops are not first, in order.
    LockedChanged,
}

impl RouteProblem {
    /// The same problem with each stop id replaced by `name(id)` (how people know the stop,
    /// e.g. its order number), for the messages.
    pub fn named(&self, name: impl Fn(&str) -> String) -> RouteProblem {
        match self {
            RouteProblem::UnknownStop(s) => RouteProblem::UnknownStop(name(s)),
            RouteProblem::Repeated(s) => RouteProblem::Repeated(name(s)),
            RouteProblem::Late { stop, arrival } => RouteProblem::Late {
                stop: name(stop),
                arrival: *arrival,
            },
            RouteProblem::MissingSkill(s) => RouteProblem::MissingSkill(name(s)),
            RouteProblem::Reserved(s) => RouteProblem::Reserved(name(s)),
            other => other.clone(),
        }
    }

    /// Message for the user, in Portuguese (Brazil).
    pub fn message_pt(&self) -> String {
        match self {
            RouteProblem::UnknownStop(s) => format!("Parada {s} não existe."),
            RouteProblem::InvalidStop(e) => e.message_pt(),
            RouteProblem::Repeated(s) => format!("Parada {s} está em mais de uma rota."),
            RouteProblem::Late { stop, arrival } => {
                format!(
                    "Chegada à parada {stop} às {} fora da janela.",
                    hhmm(*arrival)
                )
            }
            RouteProblem::AfterShift { arrival } => {
                format!("Volta às {}, depois do fim do turno.", hhmm(*arrival))
            }
            RouteProblem::MissingSkill(s) => {
                format!("O técnico não tem a habilidade exigida pela parada {s}.")
            }
            RouteProblem::Reserved(s) => {
                format!("A parada {s} está reservada para outro técnico.")
            }
            RouteProblem::OverCapacity => "A carga excede a capacidade do técnico.".into(),
            RouteProblem::TooManyVisits => "Mais visitas do que o máximo do técnico.".into(),
            RouteProblem::BreakImpossible => {
                "Não há como fazer o intervalo dentro da janela dele.".into()
            }
            RouteProblem::LockedChanged => {
                "As paradas fixadas não estão no início, na ordem.".into()
            }
        }
    }

    /// Message for the user, in English.
    pub fn message_en(&self) -> String {
        match self {
            RouteProblem::UnknownStop(s) => format!("Stop {s} does not exist."),
            RouteProblem::InvalidStop(e) => e.message_en(),
            RouteProblem::Repeated(s) => format!("Stop {s} is in more than one route."),
            RouteProblem::Late { stop, arrival } => {
                format!(
                    "Arrives at stop {stop} at {}, outside its window.",
                    hhmm(*arrival)
                )
            }
            RouteProblem::AfterShift { arrival } => {
                format!("Back at {}, after the shift ends.", hhmm(*arrival))
            }
            RouteProblem::MissingSkill(s) => {
                format!("The technician lacks a skill stop {s} needs.")
            }
            RouteProblem::Reserved(s) => format!("Stop {s} is reserved for another technician."),
            RouteProblem::OverCapacity => "The load exceeds the technician's capacity.".into(),
            RouteProblem::TooManyVisits => "More visits than the technician's maximum.".into(),
            RouteProblem::BreakImpossible => "The break cannot be taken inside its window.".into(),
            RouteProblem::LockedChanged => "The locked stops are not first, in order.".into(),
        }
    }
}

fn hhmm(s: Seconds) -> String {
    format!("{:02}:{:02}", s.div_euclid(3600), s.rem_euclid(3600) / 60)
}

/// A manual route, replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluatedRoute {
    /// The replay (visits with times, break, totals), in the given order.
    pub route: Route,
    /// Rules broken (empty = feasible).
    pub problems: Vec<RouteProblem>,
}

impl EvaluatedRoute {
    /// No rule broken.
    pub fn feasible(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The answer of [`evaluate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// One per manual route, same order.
    pub routes: Vec<EvaluatedRoute>,
    /// Where travel times came from.
    pub matrix_source: MatrixSource,
}

/// Replays the coordinator's manual routes as given (order unchanged): feasibility, times,
/// kilometres, idle time. The break is placed where it fits best.
pub fn evaluate(
    problem: &Problem,
    provider: &dyn MatrixProvider,
    routes: &[ManualRoute],
) -> Result<Evaluation, PlanError> {
    let b = build(problem, provider)?;
    let stop_idx: HashMap<&str, usize> = problem
        .stops
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let invalid: HashMap<usize, &InputError> = b.invalid.iter().map(|(i, e)| (*i, e)).collect();
    let mut used = HashSet::new();
    let mut out = Vec::new();
    for mr in routes {
        let v = b
            .veh_tech
            .iter()
            .position(|&t| problem.technicians[t].id == mr.technician)
            .ok_or_else(|| PlanError::UnknownTechnician(mr.technician.clone()))?;
        let mut problems = Vec::new();
        let mut tasks = Vec::new();
        for sid in &mr.stops {
            match stop_idx.get(sid.as_str()) {
                None => problems.push(RouteProblem::UnknownStop(sid.clone())),
                Some(i) if invalid.contains_key(i) => {
                    problems.push(RouteProblem::InvalidStop(invalid[i].clone()))
                }
                Some(i) => {
                    if !used.insert(*i) {
                        problems.push(RouteProblem::Repeated(sid.clone()));
                    }
                    tasks.push(Task::Job(b.stop_job[i]));
                }
            }
        }
        let report = place_break(&b.inst, v, &tasks);
        for viol in &report.violations {
            let stop = |j: usize| problem.stops[b.job_stop[j]].id.clone();
            problems.push(match viol {
                Violation::Window { job, arrival } => RouteProblem::Late {
                    stop: stop(*job),
                    arrival: secs(*arrival),
                },
                Violation::ShiftEnd { arrival } => RouteProblem::AfterShift {
                    arrival: secs(*arrival),
                },
                Violation::Skill(j) => RouteProblem::MissingSkill(stop(*j)),
                Violation::Reserved(j) => RouteProblem::Reserved(stop(*j)),
                Violation::Capacity { .. } => RouteProblem::OverCapacity,
                Violation::MaxJobs { .. } => RouteProblem::TooManyVisits,
                Violation::BreakMissing
                | Violation::BreakUnexpected
                | Violation::BreakWindow { .. } => RouteProblem::BreakImpossible,
                Violation::Locked => RouteProblem::LockedChanged,
                Violation::UnknownJob(j) | Violation::Duplicate(j) | Violation::Missing(j) => {
                    RouteProblem::UnknownStop(j.to_string())
                }
            });
        }
        out.push(EvaluatedRoute {
            route: route_out(problem, &b, v, &report),
            problems,
        });
    }
    Ok(Evaluation {
        routes: out,
        matrix_source: b.source,
    })
}
