//! Campo's route solver: orders one technician's day exactly, plans the coordinator's day
//! (assign + order, VRPTW with skills, capacities, maximum visits, breaks and several windows
//! per stop), re-plans mid-day with locked stops, and evaluates manual orders.
//!
//! Pure: no I/O except the optional OSRM client ([`osrm`]) and the `route-bench` binary.
//!
//! Modules:
//! - [`model`]: the app-facing problem (stops, technicians, windows, breaks).
//! - [`plan`]: the entry points [`plan_day`], [`order_one`], [`evaluate`] and their answers.
//! - [`error`]: input errors and reasons, with pt-BR and English messages.
//! - [`matrix`], [`osrm`]: travel matrices (haversine offline default; OSRM with fallback).
//! - [`instance`]: the abstract numeric problem the solvers work on.
//! - [`solver`]: the VRPTW heuristic (ruin & recreate, fleet minimisation, local search).
//! - [`exact`]: the exact single-technician dynamic programme.
//! - [`tsp`]: a single tour without windows (TSPLIB).
//! - [`eval`]: the independent evaluator used as a referee.

pub mod error;
pub mod eval;
pub mod exact;
pub mod instance;
pub mod matrix;
pub mod model;
pub mod osrm;
pub mod plan;
pub mod solver;
pub mod tsp;

pub use error::{InputError, PlanError, Reason};
pub use instance::CostKind;
pub use matrix::{HaversineProvider, Matrix, MatrixError, MatrixProvider, MatrixSource};
pub use model::{Break, LatLon, Period, Problem, Seconds, Stop, Technician, TimeWindow};
pub use osrm::OsrmProvider;
pub use plan::{
    EvaluatedRoute, Evaluation, ManualRoute, Options, Plan, Route, RouteProblem, ScheduledBreak,
    Totals, Unassigned, Visit, evaluate, order_one, plan_day,
};
pub use solver::Progress;
