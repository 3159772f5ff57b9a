//! Fixtures shared by the store's, the server's, the sync engine's and the app's tests, so each
//! test says only what is particular to it.
//!
//! - [`bench`]: where benchmarks keep their generated data, and their runtime.
//! - [`data`]: a customer, a plan, stock items (an ONU, drop cable), a sale, a scheduled order,
//!   an installation under a closing rule, written through the real
//!   [`campo_store::write::Writer`].
//! - [`erp_files`]: a provider's customers and open orders as its ERP exports them, any size.
//! - [`forms`]: forms as people fill them in (a sale, two addresses), for tests of any crate.
//! - [`ops`]: operations' payloads as a device sends them (a customer), for protocol tests.
//! - [`photos`]: a camera's JPEG (texture, EXIF orientation and GPS), for photo tests.
//! - `schema` (features `data` or `server-db`): a SQLite database as an earlier release left
//!   it, for upgrade tests.
//! - `server` (feature `server-db`): a real `campo-server` on 127.0.0.1 port 0 over a temporary
//!   database (PostgreSQL when `CAMPO_TEST_POSTGRES_URL` is set), with its people; with the
//!   feature `server`, app stores joined to it through the real HTTP client too.
//! - `standins` (feature `server-db`): web services the server asks (a ViaCEP), on 127.0.0.1.
//! - `stock` (feature `data`): a warehouse a delivery came into, units checked out to a van.
//!
//! Never the user's app-data folder: every test database lives in a temporary folder (the
//! benchmarks' generated data is kept under `target/bench-data/`).

pub mod bench;
#[cfg(feature = "data")]
pub mod data;
#[cfg(feature = "data")]
pub mod erp_files;
pub mod forms;
pub mod ops;
pub mod photos;
#[cfg(any(feature = "data", feature = "server-db"))]
pub mod schema;
#[cfg(feature = "server-db")]
pub mod server;
#[cfg(feature = "server-db")]
pub mod standins;
#[cfg(feature = "data")]
pub mod stock;

#[cfg(feature = "data")]
pub use data::*;
pub use forms::{amparo, navegantes};

/// The provider's date today (America/Recife): visits scheduled relative to it stay inside a
/// technician's window whenever the suite runs.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::America::Recife)
        .date_naive()
}
