//! The command line's own pieces (the binary's, not the library's): the `ixc` command, and
//! how results and errors are printed for the operator, in pt-BR.

mod ixc;
mod report;

pub use ixc::{IxcArgs, ixc};
pub use report::{explain, print_report};
