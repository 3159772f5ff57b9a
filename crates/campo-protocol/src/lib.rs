//! What the Campo app and the Campo server agree on, and nothing else: no storage, no network.
//!
//! - [`accounts`]: the provider's people as the administrator manages them from the app.
//! - [`erp`]: the provider's ERP as the server reads it: why a reading failed, where it stands.
//! - [`geocode`]: finding an address on the map through the server.
//! - [`ops`]: the operations' payloads (what a person did, what the server decided).
//! - [`op`]: the one list of operation kinds ([`Op`], [`OpKind`]): wire names, entities,
//!   who writes them. Every dispatch on a kind is a `match` on these, so the compiler lists
//!   each place a new kind must be handled.
//! - [`payments`]: where a seller's customers stand with their payments, without amounts.
//! - [`policy`]: the roles and what each may send.
//! - [`problem`]: why the server refused a request (not an operation), as a code and
//!   parameters.
//! - [`record`]: the operations that set one record whole, which a later one replaces.
//! - [`refusal`]: why the server refused an operation, as a code and parameters.
//! - [`validate`]: every payload's content judged by the domain's rules (the server checks
//!   again what the device checked).
//! - [`wire`]: the messages a device and the server exchange (login, hello, push, pull,
//!   snapshot, conflicts).
//!
//! The server depends on this crate, never on the app's store.

pub mod accounts;
pub mod erp;
pub mod geocode;
pub mod op;
pub mod ops;
pub mod payments;
pub mod policy;
pub mod problem;
pub mod record;
pub mod refusal;
pub mod validate;
pub mod wire;

pub use op::{Author, Op, OpKind};
pub use policy::{Area, Reach, Role};
pub use problem::Problem;
pub use refusal::Refusal;

/// Version of the operation payloads this build writes; the server negotiates on it.
pub const OP_SCHEMA_VERSION: i32 = 1;
