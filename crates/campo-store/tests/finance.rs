//! The payment follow-up on a finance device: receivables imported from a file (all or
//! nothing, again changes nothing, an updated export updates), the default rate as the domain
//! defines it, the customers late with their contacts and broken promises, and the five-month
//! follow-up moving when the next month's export arrives.

use campo_domain::finance::{
    Channel, ContactOutcome, DEFAULT_STEPS, Dues, ReceivableStatus, Stage,
};
use campo_import::{ImportKind, Mapping, ProblemKind, check, table};
use campo_store::finance::{ContactForm, LateQuery, months_until};
use chrono::{Datelike, Months, NaiveDate, Utc};

#[path = "support/finance.rs"]
mod receivables;
#[path = "support/import.rs"]
mod support;
use receivables::{CUSTOMERS, HEADER, br, provider, row};

#[path = "finance/follow_up.rs"]
mod follow_up;
#[path = "finance/rate.rs"]
mod rate;
