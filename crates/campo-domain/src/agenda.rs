//! The agenda's rules: the periods of a working day, how long each kind of visit takes, a
//! technician's capacity per period, and whether a slot can take an order (no past dates, no
//! holidays or days off; over-capacity is a warning the coordinator sees, not a refusal).

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::BusinessCalendar;
use crate::i18n::{Lang, Localized};
use crate::order::{OrderKind, Period};

/// The agenda's settings: period hours and service time per order kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaSettings {
    /// Manhã, in minutes of the day: start and end (default 08:00–12:00).
    pub morning: (u32, u32),
    /// Tarde (default 13:00–18:00).
    pub afternoon: (u32, u32),
    /// Minutes an installation takes, travel included.
    pub installation_minutes: u32,
    /// Minutes a repair takes.
    pub repair_minutes: u32,
    /// Minutes a removal takes.
    pub removal_minutes: u32,
    /// Minutes an address change takes.
    pub address_change_minutes: u32,
    /// Minutes a plan change takes.
    #[serde(default = "default_plan_change_minutes")]
    pub plan_change_minutes: u32,
    /// Minutes an SVA activation takes.
    #[serde(default = "default_sva_activation_minutes")]
    pub sva_activation_minutes: u32,
    /// The reasons a technician picks from when a visit could not be done.
    #[serde(default = "default_not_done_reasons")]
    pub not_done_reasons: Vec<String>,
}

fn default_plan_change_minutes() -> u32 {
    40
}

fn default_sva_activation_minutes() -> u32 {
    40
}

fn default_not_done_reasons() -> Vec<String> {
    NOT_DONE_REASONS.iter().map(|r| (*r).to_owned()).collect()
}

impl Default for AgendaSettings {
    fn default() -> Self {
        AgendaSettings {
            morning: (8 * 60, 12 * 60),
            afternoon: (13 * 60, 18 * 60),
            installation_minutes: 80,
            repair_minutes: 60,
            removal_minutes: 40,
            address_change_minutes: 80,
            plan_change_minutes: default_plan_change_minutes(),
            sva_activation_minutes: default_sva_activation_minutes(),
            not_done_reasons: default_not_done_reasons(),
        }
    }
}

/// Why agenda settings were refused in the editor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// A period that ends before it starts.
    #[error("O turno da {} precisa terminar depois de começar", period_pt(*.0))]
    PeriodBackwards(Period),
    /// A time outside the day.
    #[error("Os turnos precisam estar entre 00:00 e 24:00")]
    OutsideDay(Period),
    /// The afternoon starts before the morning ends.
    #[error("A tarde precisa começar depois do fim da manhã")]
    PeriodsOverlap,
    /// A service time out of range.
    #[error("O tempo de serviço de {} precisa ser de 5 a 480 minutos", .0.label(Lang::PtBr))]
    ServiceTime(OrderKind),
    /// No reason left for a visit not done.
    #[error("Deixe pelo menos um motivo para visita não realizada")]
    NoReasons,
    /// A reason empty or too long.
    #[error("Cada motivo precisa ter de 1 a 80 caracteres")]
    ReasonLength,
    /// The same reason twice.
    #[error("O motivo \"{0}\" aparece duas vezes")]
    ReasonRepeated(String),
    /// Only the administration and the coordination change the agenda's settings.
    #[error("Só a administração e a coordenação alteram turnos e tempos de serviço")]
    NotAllowed,
}

fn period_pt(p: Period) -> &'static str {
    match p {
        Period::Morning => "manhã",
        Period::Afternoon => "tarde",
    }
}

impl SettingsError {
    /// The key of the editor's field the problem is about (`None`: the settings as a whole):
    /// `morning`, `afternoon`, `minutes.<kind>` or `reasons`.
    pub fn field(&self) -> Option<String> {
        match self {
            SettingsError::PeriodBackwards(p) | SettingsError::OutsideDay(p) => {
                Some(p.code().to_owned())
            }
            SettingsError::PeriodsOverlap => Some(Period::Afternoon.code().to_owned()),
            SettingsError::ServiceTime(kind) => Some(format!("minutes.{}", kind.code())),
            SettingsError::NoReasons
            | SettingsError::ReasonLength
            | SettingsError::ReasonRepeated(_) => Some("reasons".to_owned()),
            SettingsError::NotAllowed => None,
        }
    }
}

impl Localized for SettingsError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                SettingsError::PeriodBackwards(p) => {
                    let p = match p {
                        Period::Morning => "morning",
                        Period::Afternoon => "afternoon",
                    };
                    format!("The {p} period must end after it starts")
                }
                SettingsError::OutsideDay(_) => "Periods must lie between 00:00 and 24:00".into(),
                SettingsError::PeriodsOverlap => {
                    "The afternoon must start after the morning ends".into()
                }
                SettingsError::ServiceTime(kind) => format!(
                    "The service time of {} must be between 5 and 480 minutes",
                    kind.label(Lang::En)
                ),
                SettingsError::NoReasons => "Keep at least one reason for a visit not done".into(),
                SettingsError::ReasonLength => "Each reason must have 1 to 80 characters".into(),
                SettingsError::ReasonRepeated(r) => format!("The reason \"{r}\" appears twice"),
                SettingsError::NotAllowed => {
                    "Only the administration and the coordination change periods and service times"
                        .into()
                }
            },
        }
    }
}

impl AgendaSettings {
    /// Refuses impossible settings: periods backwards, outside the day or overlapping, and
    /// service times under 5 minutes or over 8 hours; the first problem of [`Self::problems`].
    pub fn validate(&self) -> Result<(), SettingsError> {
        match self.problems().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every problem of the settings at once, at most one per field, for the editor to show
    /// each beside its field (empty: the settings are possible).
    pub fn problems(&self) -> Vec<SettingsError> {
        let mut found = Vec::new();
        for (period, (start, end)) in [
            (Period::Morning, self.morning),
            (Period::Afternoon, self.afternoon),
        ] {
            if end > 24 * 60 || start > 24 * 60 {
                found.push(SettingsError::OutsideDay(period));
            } else if end <= start {
                found.push(SettingsError::PeriodBackwards(period));
            }
        }
        if found.is_empty() && self.afternoon.0 < self.morning.1 {
            found.push(SettingsError::PeriodsOverlap);
        }
        for kind in OrderKind::ALL {
            if !(5..=480).contains(&self.service_minutes(kind)) {
                found.push(SettingsError::ServiceTime(kind));
            }
        }
        if let Some(e) = self.reasons_problem() {
            found.push(e);
        }
        found
    }

    fn reasons_problem(&self) -> Option<SettingsError> {
        if self.not_done_reasons.is_empty() {
            return Some(SettingsError::NoReasons);
        }
        let mut seen = std::collections::HashSet::new();
        for r in &self.not_done_reasons {
            let r = r.trim();
            if r.is_empty() || r.chars().count() > 80 {
                return Some(SettingsError::ReasonLength);
            }
            if !seen.insert(r.to_lowercase()) {
                return Some(SettingsError::ReasonRepeated(r.to_owned()));
            }
        }
        None
    }

    /// Minutes in a period.
    pub fn period_minutes(&self, period: Period) -> u32 {
        let (start, end) = match period {
            Period::Morning => self.morning,
            Period::Afternoon => self.afternoon,
        };
        end.saturating_sub(start)
    }

    /// Minutes a visit of `kind` takes.
    pub fn service_minutes(&self, kind: OrderKind) -> u32 {
        match kind {
            OrderKind::Installation => self.installation_minutes,
            OrderKind::Repair => self.repair_minutes,
            OrderKind::Removal => self.removal_minutes,
            OrderKind::AddressChange => self.address_change_minutes,
            OrderKind::PlanChange => self.plan_change_minutes,
            OrderKind::SvaActivation => self.sva_activation_minutes,
        }
    }
}

/// Why a slot cannot take an order, or what the coordinator should know about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotProblem {
    /// The day is over.
    #[error("Data no passado: {0} já passou")]
    Past(String),
    /// A holiday.
    #[error("{date} é feriado ({name}): escolha outro dia")]
    Holiday {
        /// dd/mm/aaaa.
        date: String,
        /// The holiday.
        name: String,
    },
    /// Not a working day (Sunday, or a day without shifts).
    #[error("{0} não é dia de trabalho: escolha outro dia")]
    DayOff(String),
    /// The technician is away that day.
    #[error("{technician} está ausente em {date} ({reason}): escolha outro técnico ou dia")]
    Absent {
        /// Who.
        technician: String,
        /// dd/mm/aaaa.
        date: String,
        /// Why (férias, atestado …).
        reason: String,
    },
    /// An absence that ends before it starts.
    #[error("A ausência termina ({to}) antes de começar ({from})")]
    AbsenceBackwards {
        /// dd/mm/aaaa.
        from: String,
        /// dd/mm/aaaa.
        to: String,
    },
    /// An absence without a reason.
    #[error("Diga o motivo da ausência (férias, atestado, treinamento …)")]
    AbsenceReasonMissing,
    /// The technician does not work on that weekday.
    #[error("{technician} não trabalha {weekday} ({date}): escolha outro técnico ou dia")]
    OffDuty {
        /// Who.
        technician: String,
        /// "aos sábados", "às segundas" …
        weekday: String,
        /// dd/mm/aaaa.
        date: String,
    },
    /// A working week without any working day.
    #[error("Marque pelo menos um dia de trabalho")]
    NoWorkingDay,
    /// More work than the period holds (a warning).
    #[error("Acima da capacidade: {load} min de serviço para {capacity} min no período")]
    OverCapacity {
        /// Minutes of service with the new order.
        load: u32,
        /// Minutes the period holds.
        capacity: u32,
    },
    /// A period the customer said they are not home in (a warning).
    #[error("O cliente informou disponibilidade só {}: confirme a visita por telefone", when(.available, Lang::PtBr))]
    OutsideAvailability {
        /// The periods the customer gave.
        available: Vec<Period>,
    },
}

/// "de manhã", "à tarde", "de manhã e à tarde" ("in the morning" … in English).
fn when(periods: &[Period], lang: Lang) -> String {
    let (morning, afternoon, and) = match lang {
        Lang::PtBr => ("de manhã", "à tarde", " e "),
        Lang::En => ("in the morning", "in the afternoon", " and "),
    };
    let words: Vec<&str> = periods
        .iter()
        .map(|p| match p {
            Period::Morning => morning,
            Period::Afternoon => afternoon,
        })
        .collect();
    words.join(and)
}

impl Localized for SlotProblem {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                SlotProblem::Past(d) => format!("Date in the past: {d} is over"),
                SlotProblem::Holiday { date, name } => format!(
                    "{date} is a holiday ({}): choose another day",
                    crate::calendar::holiday_name(name, Lang::En)
                ),
                SlotProblem::DayOff(d) => format!("{d} is not a working day: choose another day"),
                SlotProblem::Absent {
                    technician,
                    date,
                    reason,
                } => format!(
                    "{technician} is away on {date} ({reason}): choose another technician or day"
                ),
                SlotProblem::AbsenceBackwards { from, to } => {
                    format!("The absence ends ({to}) before it starts ({from})")
                }
                SlotProblem::AbsenceReasonMissing => {
                    "Say why the technician is away (holiday, sick leave, training …)".into()
                }
                SlotProblem::OffDuty {
                    technician, date, ..
                } => format!(
                    "{technician} does not work on {date}'s weekday: choose another technician or day"
                ),
                SlotProblem::NoWorkingDay => "Tick at least one working day".into(),
                SlotProblem::OverCapacity { load, capacity } => {
                    format!("Over capacity: {load} min of service for {capacity} min in the period")
                }
                SlotProblem::OutsideAvailability { available } => format!(
                    "The customer said they are available only {}: confirm the visit by phone",
                    when(available, Lang::En)
                ),
            },
        }
    }
}

/// The weekdays a technician works, Monday first (by default Monday to Saturday, as the
/// business calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkWeek([bool; 7]);

impl Default for WorkWeek {
    fn default() -> Self {
        WorkWeek([true, true, true, true, true, true, false])
    }
}

impl WorkWeek {
    /// From seven flags, Monday first; a week without a working day is refused.
    pub fn new(days: &[bool]) -> Result<Self, SlotProblem> {
        let days: [bool; 7] = days.try_into().map_err(|_| SlotProblem::NoWorkingDay)?;
        if !days.iter().any(|d| *d) {
            return Err(SlotProblem::NoWorkingDay);
        }
        Ok(WorkWeek(days))
    }

    /// Stored form: seven `0`/`1`, Monday first.
    pub fn code(&self) -> String {
        self.0.iter().map(|d| if *d { '1' } else { '0' }).collect()
    }

    /// From the stored form (the default when unreadable).
    pub fn from_code(code: &str) -> Self {
        let days: Vec<bool> = code.chars().map(|c| c == '1').collect();
        if code.chars().count() == 7 {
            WorkWeek::new(&days).unwrap_or_default()
        } else {
            WorkWeek::default()
        }
    }

    /// The seven flags, Monday first.
    pub fn days(&self) -> [bool; 7] {
        self.0
    }

    /// Whether the technician works on `date`'s weekday.
    pub fn works(&self, date: NaiveDate) -> bool {
        self.0[date.weekday().num_days_from_monday() as usize]
    }
}

/// Refuses a slot on a weekday `technician` does not work.
pub fn check_work_week(
    week: &WorkWeek,
    technician: &str,
    date: NaiveDate,
) -> Result<(), SlotProblem> {
    if week.works(date) {
        return Ok(());
    }
    let weekday = match date.weekday() {
        Weekday::Mon => "às segundas",
        Weekday::Tue => "às terças",
        Weekday::Wed => "às quartas",
        Weekday::Thu => "às quintas",
        Weekday::Fri => "às sextas",
        Weekday::Sat => "aos sábados",
        Weekday::Sun => "aos domingos",
    };
    Err(SlotProblem::OffDuty {
        technician: technician.to_owned(),
        weekday: weekday.to_owned(),
        date: ddmmyyyy(date),
    })
}

fn ddmmyyyy(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Whether `date` can be scheduled at all, seen from `today`: not past, not a holiday, a
/// working day.
pub fn check_day(
    calendar: &BusinessCalendar,
    today: NaiveDate,
    date: NaiveDate,
) -> Result<(), SlotProblem> {
    if date < today {
        return Err(SlotProblem::Past(ddmmyyyy(date)));
    }
    if let Some(h) = calendar.day_off(date) {
        return Err(SlotProblem::Holiday {
            date: ddmmyyyy(date),
            name: h.name.clone(),
        });
    }
    // Sunday is not worked unless the working hours say so.
    if calendar.shift(date).is_none() {
        return Err(SlotProblem::DayOff(ddmmyyyy(date)));
    }
    Ok(())
}

/// A technician away for whole days (holidays, sick leave, training), both ends included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    /// First day away.
    pub from: NaiveDate,
    /// Last day away.
    pub to: NaiveDate,
    /// Why.
    pub reason: String,
}

impl Absence {
    /// An absence as typed: the reason trimmed and required, the days in order.
    pub fn new(from: NaiveDate, to: NaiveDate, reason: &str) -> Result<Self, SlotProblem> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(SlotProblem::AbsenceReasonMissing);
        }
        if to < from {
            return Err(SlotProblem::AbsenceBackwards {
                from: ddmmyyyy(from),
                to: ddmmyyyy(to),
            });
        }
        Ok(Absence {
            from,
            to,
            reason: reason.to_owned(),
        })
    }

    /// Whether the technician is away on `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        (self.from..=self.to).contains(&date)
    }
}

/// Refuses a visit on a day `technician` (by name) is away, naming the absence.
pub fn check_presence(
    absences: &[Absence],
    technician: &str,
    date: NaiveDate,
) -> Result<(), SlotProblem> {
    match absences.iter().find(|a| a.covers(date)) {
        Some(a) => Err(SlotProblem::Absent {
            technician: technician.to_owned(),
            date: ddmmyyyy(date),
            reason: a.reason.clone(),
        }),
        None => Ok(()),
    }
}

/// The over-capacity warning for a period already holding `load` minutes when an order of
/// `kind` is added, if it would no longer fit.
pub fn capacity_warning(
    settings: &AgendaSettings,
    period: Period,
    load: u32,
    kind: OrderKind,
) -> Option<SlotProblem> {
    let capacity = settings.period_minutes(period);
    let with = load + settings.service_minutes(kind);
    (with > capacity).then_some(SlotProblem::OverCapacity {
        load: with,
        capacity,
    })
}

/// A warning when the customer gave the periods they are home in and `period` is not one.
pub fn availability_warning(available: &[Period], period: Period) -> Option<SlotProblem> {
    (!available.is_empty() && !available.contains(&period)).then(|| {
        SlotProblem::OutsideAvailability {
            available: available.to_vec(),
        }
    })
}

/// The default reasons for a visit not done, as codes the interface words in the person's
/// language; reasons a provider adds are kept as typed.
pub const NOT_DONE_REASONS: [&str; 7] = [
    "customer_absent",
    "address_not_found",
    "not_feasible",
    "weather",
    "customer_gave_up",
    "missing_equipment",
    "access_denied",
];

#[cfg(test)]
mod tests;
