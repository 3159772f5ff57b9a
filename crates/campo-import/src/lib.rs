//! Reading a provider's files into Campo's records: a CSV or XLSX file as a table
//! ([`table`]), its columns matched to Campo's fields ([`fields`]), each row checked into a
//! record or its problems named by line and column ([`check`], [`problem`]; a staff list: [`people`]). Pure: what
//! Campo already has comes in as [`check::Known`]; writing the records is the store's (on a
//! device) or the server's (from its command line).

pub mod check;
pub mod fields;
pub mod people;
pub mod problem;
pub mod table;
pub mod values;

pub use check::{
    Checked, ContractOwner, CustomerRecord, Known, OrderRecord, PlanRecord, ReceivableRecord,
    Records, Standing, check,
};
pub use fields::{Field, ImportKind, Mapping};
pub use people::PersonRecord;
pub use problem::{Problem, ProblemKind};
pub use table::{FileError, Format, Table};
