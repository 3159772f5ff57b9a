//! The device's side of sync: push the outbox, pull the server's changes since a cursor,
//! apply them to the local store ([`engine`]). It reaches the server through
//! [`campo_client::Transport`] (HTTP in the app, in memory in the simulation); what travels is
//! [`campo_protocol::wire`].

pub mod engine;

pub use campo_client::{HttpTransport, Transport, TransportError};
pub use engine::{Progress, ProgressSink, SyncEngine, SyncError, SyncReport};
