//! The payment follow-up after the installation (PRODUCT.md step 5, seed 002): receivables as
//! the ERP issued them (Campo never issues one), what "paid", "on time" and "overdue" mean,
//! the five-month follow-up of every new customer, the finance team's contacts with late
//! customers, and the consumer rules' steps for non-payment (Campo tells, the ERP acts).
//!
//! Every judgement takes the day it is made on, so a month closed in the past reads the same
//! whenever it is opened: a receivable paid after the month ended still counts as overdue in
//! that month's rate.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::i18n::Lang;

/// Where a receivable stands in the ERP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReceivableStatus {
    /// Issued, not paid (IXC `A`).
    Open,
    /// Paid in full (IXC `R`).
    Paid,
    /// Part of it paid (IXC `P`): the rest is still owed, so it is not paid.
    Partial,
    /// Cancelled in the ERP (IXC `C`): owed by no one, left out of every figure.
    Cancelled,
}

impl ReceivableStatus {
    /// Every status.
    pub const ALL: [ReceivableStatus; 4] = [
        ReceivableStatus::Open,
        ReceivableStatus::Paid,
        ReceivableStatus::Partial,
        ReceivableStatus::Cancelled,
    ];

    /// Stored code.
    pub const fn code(self) -> &'static str {
        match self {
            ReceivableStatus::Open => "open",
            ReceivableStatus::Paid => "paid",
            ReceivableStatus::Partial => "partial",
            ReceivableStatus::Cancelled => "cancelled",
        }
    }

    /// From its stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// As a person reads it.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReceivableStatus::Open, Lang::PtBr) => "A receber",
            (ReceivableStatus::Open, Lang::En) => "Open",
            (ReceivableStatus::Paid, Lang::PtBr) => "Recebido",
            (ReceivableStatus::Paid, Lang::En) => "Paid",
            (ReceivableStatus::Partial, Lang::PtBr) => "Pago em parte",
            (ReceivableStatus::Partial, Lang::En) => "Partly paid",
            (ReceivableStatus::Cancelled, Lang::PtBr) => "Cancelado",
            (ReceivableStatus::Cancelled, Lang::En) => "Cancelled",
        }
    }
}

/// A receivable's facts, as the figures read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dues {
    /// Due date.
    pub due: NaiveDate,
    /// Amount, cents.
    pub amount_cents: i64,
    /// Status in the ERP.
    pub status: ReceivableStatus,
    /// When it was paid (in full for `Paid`; the part paid for `Partial`).
    pub paid_on: Option<NaiveDate>,
    /// How much was paid, cents.
    pub paid_cents: i64,
}

impl Dues {
    /// Whether it was paid in full by the end of `day`: status paid, with its payment date on
    /// or before that day. A partial payment is not paid.
    pub fn settled_by(&self, day: NaiveDate) -> bool {
        self.status == ReceivableStatus::Paid && self.paid_on.is_some_and(|p| p <= day)
    }

    /// Whether it was paid in full on or before its due date.
    pub fn on_time(&self) -> bool {
        self.settled_by(self.due)
    }

    /// Whether, on `day`, it was past due and not paid in full (cancelled ones never are).
    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        self.status != ReceivableStatus::Cancelled && self.due < day && !self.settled_by(day)
    }

    /// What was still owed of it on `day` (zero unless overdue then): the amount less what
    /// a partial payment made by then covered.
    pub fn owed_on(&self, day: NaiveDate) -> i64 {
        if !self.overdue_on(day) {
            return 0;
        }
        let paid = match (self.status, self.paid_on) {
            (ReceivableStatus::Partial, Some(p)) if p <= day => self.paid_cents,
            _ => 0,
        };
        (self.amount_cents - paid).max(0)
    }
}

/// How many consecutive months paid on time make a new customer settled (seed 002).
pub const FOLLOW_UP_MONTHS: u8 = 5;

/// Where a new customer stands in the five-month follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "stage", rename_all = "camelCase")]
pub enum Stage {
    /// Paying on time: `paid` consecutive months so far (0 before the first due date), never
    /// late since the installation.
    OnTrack {
        /// Consecutive months paid on time.
        paid: u8,
    },
    /// A receivable is overdue now.
    Late {
        /// The oldest overdue due date.
        #[ts(type = "string")]
        since: NaiveDate,
    },
    /// Late once, paying on time again: `paid` consecutive months since.
    BackOnTrack {
        /// Consecutive months paid on time since the last late one.
        paid: u8,
    },
    /// Five consecutive months paid on time: the follow-up is over.
    Done,
}

impl Stage {
    /// Where a customer stands on `today`, from the receivables due since their installation.
    /// A receivable not yet due (or due today) neither counts nor breaks the run; one paid
    /// late breaks it; one overdue now makes the customer late.
    pub fn of(receivables: &[Dues], today: NaiveDate) -> Stage {
        let mut list: Vec<&Dues> = receivables
            .iter()
            .filter(|r| r.status != ReceivableStatus::Cancelled)
            .collect();
        list.sort_by_key(|r| r.due);
        if let Some(late) = list.iter().find(|r| r.overdue_on(today)) {
            return Stage::Late { since: late.due };
        }
        let mut run = 0u8;
        let mut ever_late = false;
        for r in list.iter().filter(|r| r.due < today || r.settled_by(today)) {
            if r.on_time() {
                run = run.saturating_add(1);
                if run >= FOLLOW_UP_MONTHS {
                    return Stage::Done;
                }
            } else if r.settled_by(today) {
                run = 0;
                ever_late = true;
            }
        }
        if ever_late {
            Stage::BackOnTrack { paid: run }
        } else {
            Stage::OnTrack { paid: run }
        }
    }
}

/// How the finance team reached (or tried to reach) a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A phone call.
    Call,
    /// WhatsApp.
    Whatsapp,
    /// E-mail.
    Email,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 3] = [Channel::Call, Channel::Whatsapp, Channel::Email];

    /// Stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::Whatsapp => "whatsapp",
            Channel::Email => "email",
        }
    }

    /// From its stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// What came of a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ContactOutcome {
    /// The customer promised to pay by a date.
    Promised,
    /// The customer says they already paid (to be seen in the next import).
    SaysPaid,
    /// Talked, no promise.
    NoPromise,
    /// Nobody answered.
    NoAnswer,
    /// The contact is wrong or no longer theirs.
    WrongContact,
}

impl ContactOutcome {
    /// Every outcome.
    pub const ALL: [ContactOutcome; 5] = [
        ContactOutcome::Promised,
        ContactOutcome::SaysPaid,
        ContactOutcome::NoPromise,
        ContactOutcome::NoAnswer,
        ContactOutcome::WrongContact,
    ];

    /// Stored code.
    pub const fn code(self) -> &'static str {
        match self {
            ContactOutcome::Promised => "promised",
            ContactOutcome::SaysPaid => "says_paid",
            ContactOutcome::NoPromise => "no_promise",
            ContactOutcome::NoAnswer => "no_answer",
            ContactOutcome::WrongContact => "wrong_contact",
        }
    }

    /// From its stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Why a contact cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, TS)]
#[serde(tag = "code", rename_all = "camelCase")]
pub enum ContactError {
    /// A promise needs the date the customer promised to pay by.
    #[error("Informe a data em que o cliente prometeu pagar")]
    PromiseWithoutDate,
    /// The promised date has passed already.
    #[error("A data prometida já passou")]
    PromiseInThePast,
    /// A date given for an outcome that is not a promise.
    #[error("Só uma promessa de pagamento tem data")]
    DateWithoutPromise,
}

impl crate::Localized for ContactError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::PtBr) => self.to_string(),
            (ContactError::PromiseWithoutDate, Lang::En) => {
                "Give the date the customer promised to pay by".into()
            }
            (ContactError::PromiseInThePast, Lang::En) => "The promised date has passed".into(),
            (ContactError::DateWithoutPromise, Lang::En) => {
                "Only a promise to pay has a date".into()
            }
        }
    }
}

/// Checks a contact's outcome against its promised date, on `today`.
pub fn check_contact(
    outcome: ContactOutcome,
    promised_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), ContactError> {
    match (outcome, promised_on) {
        (ContactOutcome::Promised, None) => Err(ContactError::PromiseWithoutDate),
        (ContactOutcome::Promised, Some(d)) if d < today => Err(ContactError::PromiseInThePast),
        (ContactOutcome::Promised, Some(_)) => Ok(()),
        (_, Some(_)) => Err(ContactError::DateWithoutPromise),
        (_, None) => Ok(()),
    }
}

/// A step the consumer rules allow a provider to take against non-payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NonPaymentStep {
    /// The customer is notified of the debt (and of the steps that follow).
    Notice,
    /// Partial suspension: the speed reduced or some services cut.
    PartialSuspension,
    /// Total suspension of the service.
    Suspension,
    /// The contract terminated.
    Termination,
}

impl NonPaymentStep {
    /// As a person reads it.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (NonPaymentStep::Notice, Lang::PtBr) => "Aviso de débito",
            (NonPaymentStep::Notice, Lang::En) => "Debt notice",
            (NonPaymentStep::PartialSuspension, Lang::PtBr) => "Suspensão parcial",
            (NonPaymentStep::PartialSuspension, Lang::En) => "Partial suspension",
            (NonPaymentStep::Suspension, Lang::PtBr) => "Suspensão total",
            (NonPaymentStep::Suspension, Lang::En) => "Total suspension",
            (NonPaymentStep::Termination, Lang::PtBr) => "Rescisão do contrato",
            (NonPaymentStep::Termination, Lang::En) => "Contract termination",
        }
    }

    /// Every step, in order.
    pub const ALL: [NonPaymentStep; 4] = [
        NonPaymentStep::Notice,
        NonPaymentStep::PartialSuspension,
        NonPaymentStep::Suspension,
        NonPaymentStep::Termination,
    ];

    /// Stored code.
    pub const fn code(self) -> &'static str {
        match self {
            NonPaymentStep::Notice => "notice",
            NonPaymentStep::PartialSuspension => "partial_suspension",
            NonPaymentStep::Suspension => "suspension",
            NonPaymentStep::Termination => "termination",
        }
    }
}

/// A step and the days after the due date it may be taken on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepAfter {
    /// The step.
    pub step: NonPaymentStep,
    /// Days after the due date.
    pub days: u16,
}

/// The default steps, days after the due date: a notice, then each step 30 days after the
/// one before (Anatel's consumer rules let partial suspension come 15 days after the notice,
/// total suspension 30 days after that and termination 30 days after total suspension). A
/// provider sets its own days; Campo shows the step, the ERP takes it.
pub const DEFAULT_STEPS: [StepAfter; 4] = [
    StepAfter {
        step: NonPaymentStep::Notice,
        days: 15,
    },
    StepAfter {
        step: NonPaymentStep::PartialSuspension,
        days: 30,
    },
    StepAfter {
        step: NonPaymentStep::Suspension,
        days: 60,
    },
    StepAfter {
        step: NonPaymentStep::Termination,
        days: 90,
    },
];

/// The most days after the due date a step may be set at.
pub const MAX_STEP_DAYS: u16 = 365;

/// Why a provider's list of non-payment steps cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, TS)]
#[serde(tag = "code", rename_all = "camelCase")]
pub enum StepsProblem {
    /// The same step twice.
    #[error("A etapa “{}” aparece duas vezes", .step.label(Lang::PtBr))]
    Repeated {
        /// The step.
        step: NonPaymentStep,
    },
    /// A step not after the one before it, in the consumer rules' order, or on day 0.
    #[error("“{}” precisa vir depois de “{}”, com mais dias", .step.label(Lang::PtBr), .after.label(Lang::PtBr))]
    OutOfOrder {
        /// The step.
        step: NonPaymentStep,
        /// The one it must follow.
        after: NonPaymentStep,
    },
    /// Days outside 1…365.
    #[error("“{}”: informe de 1 a 365 dias após o vencimento", .step.label(Lang::PtBr))]
    Days {
        /// The step.
        step: NonPaymentStep,
    },
}

impl crate::Localized for StepsProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::PtBr) => self.to_string(),
            (StepsProblem::Repeated { step }, Lang::En) => {
                format!("The step “{}” appears twice", step.label(lang))
            }
            (StepsProblem::OutOfOrder { step, after }, Lang::En) => format!(
                "“{}” must come after “{}”, with more days",
                step.label(lang),
                after.label(lang)
            ),
            (StepsProblem::Days { step }, Lang::En) => {
                format!(
                    "“{}”: give 1 to 365 days after the due date",
                    step.label(lang)
                )
            }
        }
    }
}

/// Checks a provider's steps: each at most once, in the rules' order (notice, partial
/// suspension, suspension, termination), each later than the one before, 1 to 365 days.
pub fn check_steps(steps: &[StepAfter]) -> Result<(), StepsProblem> {
    let rank = |s: NonPaymentStep| NonPaymentStep::ALL.iter().position(|x| *x == s);
    let mut before: Option<StepAfter> = None;
    for s in steps {
        if s.days == 0 || s.days > MAX_STEP_DAYS {
            return Err(StepsProblem::Days { step: s.step });
        }
        if steps.iter().filter(|o| o.step == s.step).count() > 1 {
            return Err(StepsProblem::Repeated { step: s.step });
        }
        if let Some(b) = before
            && (rank(s.step) < rank(b.step) || s.days <= b.days)
        {
            return Err(StepsProblem::OutOfOrder {
                step: s.step,
                after: b.step,
            });
        }
        before = Some(*s);
    }
    Ok(())
}

/// The latest step `days_late` days past due allows, and the next one with the days left
/// until it.
pub fn steps_at(
    steps: &[StepAfter],
    days_late: i64,
) -> (Option<NonPaymentStep>, Option<(NonPaymentStep, i64)>) {
    let mut reached = None;
    let mut next = None;
    for s in steps {
        if i64::from(s.days) <= days_late {
            reached = Some(s.step);
        } else if next.is_none() {
            next = Some((s.step, i64::from(s.days) - days_late));
        }
    }
    (reached, next)
}

/// A default rate: overdue over due, as a share, or `None` when nothing was due (a figure
/// with no data says so instead of 0%).
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The target the seed sets for the default rate: below 20%.
pub const DEFAULT_RATE_TARGET: f64 = 0.20;

#[cfg(test)]
mod tests;
