//! IPC commands, one module per feature. Each is thin: parse, call the store, map errors.

pub mod agenda;
pub mod app;
pub mod orders;
pub mod stock;
pub mod sync;
