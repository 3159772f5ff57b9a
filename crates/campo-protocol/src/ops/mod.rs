//! The payloads of operations: what a person did (or, for the server-written ones, what the
//! server decided), as recorded in a device's outbox, pushed, logged by the server and pulled.
//!
//! Each body says the intent ("order 42 moved from scheduled to en route"), not a row diff, so
//! the server can validate it against its own rules. Which kind each one is, who may send it
//! and how it is validated are in [`crate::op`], [`crate::policy`] and [`crate::validate`].
//!
//! One module per area; every payload is named from here (`campo_protocol::ops::OrderCreated`).

mod activation;
mod agenda;
mod finance;
mod orders;
mod proof;
mod records;
mod sales;
mod stock;

pub use activation::*;
pub use agenda::*;
pub use finance::*;
pub use orders::*;
pub use proof::*;
pub use records::*;
pub use sales::*;
pub use stock::*;
