//! Campo's central server. Devices log in, push their operations and pull everyone else's;
//! the server's order (its sequence) is the truth. It keeps no state outside its database.
//!
//! - [`db`]: opening the SQLite database and its migrations (`migrations/server/`).
//! - [`users`]: accounts (Argon2id passwords) and device-bound tokens that renew while used.
//! - [`accounts`]: the people managed from the app by the administrator.
//! - [`setup`]: a new provider (`campo-server init`): its profile and first administrator.
//! - [`rules`]: what a pushed operation may do: roles, personal data, the order state
//!   machine; conflicts and quarantine.
//! - [`snapshot`]: what a device with an empty database starts from.
//! - [`throttle`]: slowing down password guessing (state in the database, no hard locks).
//! - [`retention`]: pruning scope tombstones after the window; devices away longer bootstrap
//!   again.
//! - [`blobs`]: stored files (photos) sent in resumable pieces, kept once by their hash.
//! - `customers`: a customer as the log has them now (created, edited, moved).
//! - [`geocode`]: addresses found on the map through the provider's geocoder, cached.
//! - [`cep`]: the street a CEP names, through the provider's CEP lookup, cached (both ask
//!   their service through `paced`: a pace, retries).
//! - [`payments`]: where a seller's customers stand with their payments, no amounts.
//! - [`api`]: the HTTP routes (axum): login, hello, push, pull, health.
//! - [`error`]: the `{code, message}` every refusal carries.

pub mod accounts;
pub mod api;
pub mod blobs;
pub mod cep;
mod customers;
pub mod db;
pub mod erp;
pub mod error;
pub mod geocode;
pub mod identity;
pub mod import;
mod paced;
pub use paced::ServiceError;
pub mod payments;
pub mod retention;
pub mod rules;
pub mod setup;
pub mod snapshot;
pub mod throttle;
pub mod users;

use chrono::{DateTime, SecondsFormat, Utc};

/// RFC 3339 UTC with milliseconds: the text form of every stored time.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}
