//! Work orders (ordens de serviço): their kinds, periods, and the status state machine.
//!
//! Only legal transitions are allowed, and each accepted transition produces an
//! [`OrderEvent`] (who, when, from, to, reason) that the store keeps as the order's history.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::i18n::{Lang, Localized};

/// What the visit is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    /// Instalação: a new customer's connection.
    Installation,
    /// Reparo / visita técnica: an N2 visit for a problem the customer reported.
    Repair,
    /// Retirada: collecting the provider's equipment.
    Removal,
    /// Mudança de endereço: moving the service to a new address.
    AddressChange,
    /// Mudança de plano: the customer moves to another plan (the order's plan is the new one;
    /// a visit may swap the ONU or bring a set-top box).
    PlanChange,
    /// Ativação de SVA: a service the customer's plan includes (IPTV, an SVA) set up on its
    /// own, after the installation.
    SvaActivation,
}

impl OrderKind {
    /// Every kind, in display order.
    pub const ALL: [OrderKind; 6] = [
        OrderKind::Installation,
        OrderKind::Repair,
        OrderKind::Removal,
        OrderKind::AddressChange,
        OrderKind::PlanChange,
        OrderKind::SvaActivation,
    ];

    /// The stored code (same as the serialised form).
    pub fn code(self) -> &'static str {
        match self {
            OrderKind::Installation => "installation",
            OrderKind::Repair => "repair",
            OrderKind::Removal => "removal",
            OrderKind::AddressChange => "address_change",
            OrderKind::PlanChange => "plan_change",
            OrderKind::SvaActivation => "sva_activation",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The status a new order of this kind starts in: sales (installations, address and
    /// plan changes) go to backoffice analysis first; repairs, removals and the activation of
    /// a service the plan already includes come from support already approved.
    pub fn initial_status(self) -> OrderStatus {
        match self {
            OrderKind::Installation | OrderKind::AddressChange | OrderKind::PlanChange => {
                OrderStatus::PendingAnalysis
            }
            OrderKind::Repair | OrderKind::Removal | OrderKind::SvaActivation => {
                OrderStatus::Approved
            }
        }
    }

    /// Whether a done order of this kind leaves services to activate (the activation queue):
    /// an installation, a plan change and an SVA activation.
    pub fn activates_services(self) -> bool {
        matches!(
            self,
            OrderKind::Installation | OrderKind::PlanChange | OrderKind::SvaActivation
        )
    }

    /// The name a person reads.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OrderKind::Installation, Lang::PtBr) => "Instalação",
            (OrderKind::Repair, Lang::PtBr) => "Reparo / visita técnica",
            (OrderKind::Removal, Lang::PtBr) => "Retirada",
            (OrderKind::AddressChange, Lang::PtBr) => "Mudança de endereço",
            (OrderKind::PlanChange, Lang::PtBr) => "Mudança de plano",
            (OrderKind::SvaActivation, Lang::PtBr) => "Ativação de SVA",
            (OrderKind::Installation, Lang::En) => "Installation",
            (OrderKind::Repair, Lang::En) => "Repair / technical visit",
            (OrderKind::Removal, Lang::En) => "Equipment removal",
            (OrderKind::AddressChange, Lang::En) => "Address change",
            (OrderKind::PlanChange, Lang::En) => "Plan change",
            (OrderKind::SvaActivation, Lang::En) => "SVA activation",
        }
    }
}

/// The plan an order of `kind` names, as the office opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanChoice<'a> {
    /// The plan's name, to name it in a refusal.
    pub name: &'a str,
    /// Still on sale.
    pub sold: bool,
    /// Services it includes to activate (IPTV and each SVA).
    pub services: usize,
}

/// Checks the plan of a new order against its kind: a plan change moves the customer to a plan
/// on sale other than theirs (`current`); an SVA activation needs a plan with a service.
pub fn check_order_plan(
    kind: OrderKind,
    current: Option<Uuid>,
    plan: Uuid,
    choice: PlanChoice<'_>,
) -> Result<(), crate::ValidationError> {
    match kind {
        OrderKind::PlanChange if current == Some(plan) => Err(crate::ValidationError::SamePlan),
        OrderKind::PlanChange if !choice.sold => Err(crate::ValidationError::Unknown(
            crate::validate::Field::Plan,
        )),
        OrderKind::SvaActivation if choice.services == 0 => {
            Err(crate::ValidationError::NoServices(choice.name.to_owned()))
        }
        _ => Ok(()),
    }
}

/// The shift a visit is promised in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Manhã, 08–12 by default.
    Morning,
    /// Tarde, 13–18 by default.
    Afternoon,
}

impl Period {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Period::Morning => "morning",
            Period::Afternoon => "afternoon",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "morning" => Some(Period::Morning),
            "afternoon" => Some(Period::Afternoon),
            _ => None,
        }
    }
}

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Em análise: backoffice checks the sale's data.
    PendingAnalysis,
    /// Aprovada: waiting in the coordinator's queue to be scheduled.
    Approved,
    /// Reprovada: back with the seller, with the reason, to be fixed and resubmitted.
    Rejected,
    /// Agendada: has a date, a period and a technician.
    Scheduled,
    /// Em deslocamento: the technician is on the way.
    EnRoute,
    /// Em execução: the technician is at the customer.
    InProgress,
    /// Concluída.
    Done,
    /// Não realizada: the visit failed, with its reason; goes back to the queue.
    NotDone,
    /// Cancelada.
    Cancelled,
}

impl OrderStatus {
    /// Every status, in the order of the flow.
    pub const ALL: [OrderStatus; 9] = [
        OrderStatus::PendingAnalysis,
        OrderStatus::Approved,
        OrderStatus::Rejected,
        OrderStatus::Scheduled,
        OrderStatus::EnRoute,
        OrderStatus::InProgress,
        OrderStatus::Done,
        OrderStatus::NotDone,
        OrderStatus::Cancelled,
    ];

    /// The stored code (same as the serialised form).
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::PendingAnalysis => "pending_analysis",
            OrderStatus::Approved => "approved",
            OrderStatus::Rejected => "rejected",
            OrderStatus::Scheduled => "scheduled",
            OrderStatus::EnRoute => "en_route",
            OrderStatus::InProgress => "in_progress",
            OrderStatus::Done => "done",
            OrderStatus::NotDone => "not_done",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The statuses this one may move to.
    pub fn next(self) -> &'static [OrderStatus] {
        use OrderStatus::*;
        match self {
            PendingAnalysis => &[Approved, Rejected, Cancelled],
            Rejected => &[PendingAnalysis, Cancelled],
            Approved => &[Scheduled, Cancelled],
            // Scheduled again: rescheduled or reassigned (with a reason).
            Scheduled => &[EnRoute, Scheduled, Approved, Cancelled],
            EnRoute => &[InProgress, NotDone],
            InProgress => &[Done, NotDone],
            // A failed visit goes back to the queue, or straight to a new slot.
            NotDone => &[Scheduled, Approved, Cancelled],
            Done | Cancelled => &[],
        }
    }

    /// True when nothing can follow.
    pub fn is_terminal(self) -> bool {
        self.next().is_empty()
    }

    /// Whether moving from `self` to `to` must say why.
    pub fn needs_reason(self, to: OrderStatus) -> bool {
        matches!(
            (self, to),
            (
                _,
                OrderStatus::Rejected | OrderStatus::NotDone | OrderStatus::Cancelled
            ) | (
                OrderStatus::Scheduled,
                OrderStatus::Approved | OrderStatus::Scheduled
            )
        )
    }

    /// The name a person reads.
    pub fn label(self, lang: Lang) -> &'static str {
        use OrderStatus::*;
        match lang {
            Lang::PtBr => match self {
                PendingAnalysis => "Em análise",
                Approved => "Aprovada",
                Rejected => "Reprovada",
                Scheduled => "Agendada",
                EnRoute => "Em deslocamento",
                InProgress => "Em execução",
                Done => "Concluída",
                NotDone => "Não realizada",
                Cancelled => "Cancelada",
            },
            Lang::En => match self {
                PendingAnalysis => "Pending analysis",
                Approved => "Approved",
                Rejected => "Rejected",
                Scheduled => "Scheduled",
                EnRoute => "En route",
                InProgress => "In progress",
                Done => "Done",
                NotDone => "Not done",
                Cancelled => "Cancelled",
            },
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label(Lang::PtBr))
    }
}

/// When and by whom an order is to be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The calendar day, in the provider's time zone.
    pub date: NaiveDate,
    /// Morning or afternoon.
    pub period: Period,
    /// The technician who will go.
    pub technician_id: Uuid,
}

/// Why a transition was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The state machine does not allow this move.
    #[error("Transição inválida: {from} → {to}")]
    Illegal {
        /// Where the order is.
        from: OrderStatus,
        /// Where it was asked to go.
        to: OrderStatus,
    },
    /// The move must say why (rejection, failed visit, cancellation, unscheduling).
    #[error("{}", reason_request(*.from, *.to, Lang::PtBr))]
    ReasonRequired {
        /// Where the order is.
        from: OrderStatus,
        /// Where it was asked to go.
        to: OrderStatus,
    },
    /// Scheduling needs a date, a period and a technician.
    #[error("Para agendar, informe data, período e técnico")]
    ScheduleRequired,
}

impl Localized for TransitionError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                TransitionError::Illegal { from, to } => format!(
                    "Invalid transition: {} → {}",
                    from.label(Lang::En),
                    to.label(Lang::En)
                ),
                TransitionError::ReasonRequired { from, to } => reason_request(*from, *to, lang),
                TransitionError::ScheduleRequired => {
                    "To schedule, give a date, a period and a technician".into()
                }
            },
        }
    }
}

/// How people read an order's number: "OS 000123" (ordem de serviço) in pt-BR, "WO 000123"
/// (work order) in English.
pub fn order_number(number: impl Into<i64>, lang: Lang) -> String {
    let number = number.into();
    let word = match lang {
        Lang::PtBr => "OS",
        Lang::En => "WO",
    };
    format!("{word} {number:06}")
}

/// What to ask for when moving from `from` to `to` needs a reason, named by the action the
/// person took (never by the internal status).
pub fn reason_request(from: OrderStatus, to: OrderStatus, lang: Lang) -> String {
    use OrderStatus::*;
    let (pt, en) = match (from, to) {
        (_, Rejected) => (
            "Informe o motivo da reprovação",
            "Give the reason for rejecting the sale",
        ),
        (_, NotDone) => (
            "Informe por que a visita não foi realizada",
            "Say why the visit could not be done",
        ),
        (_, Cancelled) => (
            "Informe o motivo do cancelamento",
            "Give the reason for cancelling",
        ),
        (_, Approved) => (
            "Informe por que a ordem volta à fila de agendamento",
            "Say why the order goes back to the scheduling queue",
        ),
        (_, Scheduled) => (
            "Informe o motivo do reagendamento",
            "Give the reason for rescheduling",
        ),
        (_, other) => {
            return match lang {
                Lang::PtBr => format!("Informe o motivo para “{}”", other.label(lang)),
                Lang::En => format!("Give the reason for “{}”", other.label(lang)),
            };
        }
    };
    match lang {
        Lang::PtBr => pt.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// One accepted status change: the order's history is the list of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEvent {
    /// The event's own id (UUIDv7).
    pub id: Uuid,
    /// The order it belongs to.
    pub order_id: Uuid,
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
    /// Who did it.
    pub actor_id: Uuid,
    /// The status before (`None` when the order was created).
    pub from: Option<OrderStatus>,
    /// The status after.
    pub to: OrderStatus,
    /// Why, when the move needs a reason (or the person gave one).
    pub reason: Option<String>,
}

/// A request to move an order to another status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The target status.
    pub to: OrderStatus,
    /// Why (required for some moves; blank counts as missing).
    pub reason: Option<String>,
    /// Required when `to` is [`OrderStatus::Scheduled`].
    pub schedule: Option<Schedule>,
}

/// Checks a transition against the state machine and, if legal, returns its event.
///
/// `event_id` and `at` are passed in so this stays pure.
pub fn transition(
    order_id: Uuid,
    current: OrderStatus,
    request: &Transition,
    actor_id: Uuid,
    event_id: Uuid,
    at: DateTime<Utc>,
) -> Result<OrderEvent, TransitionError> {
    let to = request.to;
    if !current.next().contains(&to) {
        return Err(TransitionError::Illegal { from: current, to });
    }
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    if current.needs_reason(to) && reason.is_none() {
        return Err(TransitionError::ReasonRequired { from: current, to });
    }
    if to == OrderStatus::Scheduled && request.schedule.is_none() {
        return Err(TransitionError::ScheduleRequired);
    }
    Ok(OrderEvent {
        id: event_id,
        order_id,
        at,
        actor_id,
        from: Some(current),
        to,
        reason,
    })
}

/// The event that opens an order's history.
pub fn creation_event(
    order_id: Uuid,
    kind: OrderKind,
    actor_id: Uuid,
    event_id: Uuid,
    at: DateTime<Utc>,
) -> OrderEvent {
    OrderEvent {
        id: event_id,
        order_id,
        at,
        actor_id,
        from: None,
        to: kind.initial_status(),
        reason: None,
    }
}

/// Why a deadline pause or resumption was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PauseError {
    /// The clock is not running in this status.
    #[error("O prazo não está correndo: a ordem está “{}”", .0.label(Lang::PtBr))]
    ClockNotRunning(OrderStatus),
    /// Already paused.
    #[error("O prazo desta ordem já está pausado")]
    AlreadyPaused,
    /// Not paused.
    #[error("O prazo desta ordem não está pausado")]
    NotPaused,
}

impl Localized for PauseError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                PauseError::ClockNotRunning(s) => {
                    format!(
                        "The deadline clock is not running: the order is “{}”",
                        s.label(Lang::En)
                    )
                }
                PauseError::AlreadyPaused => "This order's deadline is already paused".into(),
                PauseError::NotPaused => "This order's deadline is not paused".into(),
            },
        }
    }
}

#[cfg(test)]
mod tests;
