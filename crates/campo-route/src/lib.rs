//! Campo's route solver.
pub mod eval;
pub mod instance;
pub mod solver;
pub mod tsp;
