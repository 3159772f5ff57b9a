//! Campo's sync protocol, independent of how bytes travel.
//!
//! - [`wire`]: the messages devices and the server exchange (hello, login, push, pull).
//! - [`engine`]: the client side: push the outbox, pull changes since a cursor, apply them to
//!   the local store. It talks through the [`engine::Transport`] trait, so tests and the
//!   simulation can stand in for the network.
//! - [`http`]: the real transport, HTTP + JSON (gzip) to a `campo-server`.

pub mod engine;
pub mod http;
pub mod wire;

pub use engine::{Progress, ProgressSink, SyncEngine, SyncError, SyncReport, Transport};
