//! Campo's domain: the pure rules of a provider's field operations.
//!
//! Nothing here touches a disk, a network or a clock of its own: callers pass in the time.
//! The store, the sync engine and the desktop shell build on these types.
//!
//! - [`validate`]: Brazilian identifiers and contacts (CPF, CEP, phones with DDD, e-mail, UF).
//! - [`activation`]: activation checklist templates, judging answers, completion.
//! - [`agenda`]: periods, service time per kind, capacity, which days can be scheduled.
//! - [`calendar`]: working hours and holiday layers (national, state, municipal, company).
//! - [`customer`]: a customer as typed, and its validation.
//! - [`order`]: work orders, their kinds, and the status state machine with its events.
//! - [`history`]: why an order's status moved, a person's words or Campo's reasons as codes.
//! - [`scope`]: what a technician's device keeps (a window around today).
//! - [`skills`]: technicians' skills and the skills each visit needs.
//! - [`sla`]: deadlines per order kind, pauses, on track / at risk / breached.
//! - [`closing`]: what closing a visit requires per order kind, and the customer's signature.
//! - [`photo`]: photos of a visit, the stored files behind them and their limits.
//! - [`stock`]: the equipment catalogue, places, movements and what makes them acceptable.
//! - [`finance`]: receivables, default rates, the five-month follow-up, collection contacts.
//! - [`hlc`]: the hybrid logical clock that stamps every operation.
//! - [`text`]: folding text for accent-insensitive search.
//! - [`i18n`]: the languages user-facing messages are written in.

pub mod activation;
pub mod agenda;
pub mod calendar;
pub mod closing;
pub mod customer;
pub mod edit;
pub mod finance;
pub mod history;
pub mod hlc;
pub mod holidays;
pub mod i18n;
pub mod message;
pub mod municipality;
pub mod order;
pub mod photo;
pub mod provider;
pub mod sale;
pub mod scope;
pub mod skills;
pub mod sla;
pub mod stock;
pub mod support;
pub mod text;
pub mod validate;

pub use customer::{CustomerDraft, NewAddress, ValidCustomer};
pub use hlc::{Hlc, HlcClock};
pub use i18n::{Lang, Localized, plural};
pub use order::{
    OrderEvent, OrderKind, OrderStatus, Period, Schedule, Transition, TransitionError, order_number,
};
pub use validate::{Cep, Cpf, Email, Field, Phone, Uf, ValidationError};
