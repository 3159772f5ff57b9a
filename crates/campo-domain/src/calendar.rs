//! The business calendar: working hours per weekday and layers of days off — Brazilian
//! national holidays computed for any year (the Easter-based ones included, and 20 November),
//! state and municipal holidays (see [`crate::holidays`]), and the company's own days. All
//! times are local (the provider's time zone, America/Recife by default); callers convert.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};

use crate::i18n::Lang;

/// Where a day off comes from (the rule editor shows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layer {
    /// A national holiday (Lei 662/1949, Lei 6.802/1980, Lei 14.759/2023 …).
    National,
    /// A day off by custom nationwide (ponto facultativo: Carnaval, Corpus Christi).
    Optional,
    /// A state holiday, by UF.
    State(String),
    /// A municipal holiday, by city.
    Municipal(String),
    /// The company's own day off.
    Company,
}

/// One day off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The day.
    pub date: NaiveDate,
    /// Its name in pt-BR ([`holiday_name`] gives the reader's).
    pub name: String,
    /// Where it comes from.
    pub layer: Layer,
}

/// Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

fn day(year: i32, month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, d).unwrap_or(NaiveDate::MIN)
}

fn shifted(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(TimeDelta::days(days))
        .unwrap_or(date)
}

/// The national holidays' and optional days' names, in pt-BR and English.
const NATIONAL_NAMES: [(&str, &str); 13] = [
    ("Confraternização Universal", "New Year's Day"),
    ("Tiradentes", "Tiradentes Day"),
    ("Dia do Trabalho", "Labour Day"),
    ("Independência do Brasil", "Independence Day"),
    ("Nossa Senhora Aparecida", "Our Lady of Aparecida"),
    ("Finados", "All Souls' Day"),
    ("Proclamação da República", "Republic Day"),
    (
        "Dia Nacional de Zumbi e da Consciência Negra",
        "Black Consciousness Day",
    ),
    ("Natal", "Christmas Day"),
    ("Sexta-feira Santa", "Good Friday"),
    ("Carnaval (segunda-feira)", "Carnival Monday"),
    ("Carnaval (terça-feira)", "Carnival Tuesday"),
    ("Corpus Christi", "Corpus Christi"),
];

/// A day off's name as the reader reads it: the national holidays have an English name; a
/// state's, a municipality's or the company's own stays as it is called there.
pub fn holiday_name(name: &str, lang: Lang) -> &str {
    match lang {
        Lang::PtBr => name,
        Lang::En => NATIONAL_NAMES
            .iter()
            .find(|(pt, _)| *pt == name)
            .map_or(name, |(_, en)| en),
    }
}

/// National holidays and nationwide optional days of `year` (20 November from 2024 on).
pub fn national_holidays(year: i32) -> Vec<Holiday> {
    let e = easter(year);
    // Month and day of the fixed ones, in the order of their names above.
    let fixed: [(u32, u32); 9] = [
        (1, 1),
        (4, 21),
        (5, 1),
        (9, 7),
        (10, 12),
        (11, 2),
        (11, 15),
        (11, 20),
        (12, 25),
    ];
    let moving = [
        (shifted(e, -2), Layer::National),
        (shifted(e, -48), Layer::Optional),
        (shifted(e, -47), Layer::Optional),
        (shifted(e, 60), Layer::Optional),
    ];
    let dates = fixed
        .iter()
        .map(|&(m, d)| (day(year, m, d), Layer::National))
        .chain(moving);
    let mut out: Vec<Holiday> = dates
        .zip(NATIONAL_NAMES)
        // 20 November is national from 2024 on (Lei 14.759/2023); before, state laws.
        .filter(|((date, _), _)| (date.month(), date.day()) != (11, 20) || year >= 2024)
        .map(|((date, layer), (name, _))| Holiday {
            date,
            name: name.into(),
            layer,
        })
        .collect();
    out.sort_by_key(|h| h.date);
    out
}

pub use crate::holidays::{municipal_holidays, state_holidays};

/// Working hours of one weekday (`None` = not worked).
pub type Shift = Option<(NaiveTime, NaiveTime)>;

/// Working hours per weekday plus the days off, ready to count business time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    /// Monday first.
    week: [Shift; 7],
    days_off: BTreeMap<NaiveDate, Holiday>,
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

impl BusinessCalendar {
    /// Monday to Friday 08:00–18:00, Saturday 08:00–12:00, no days off.
    pub fn standard_week() -> Self {
        let weekday = Some((hm(8, 0), hm(18, 0)));
        BusinessCalendar {
            week: [
                weekday,
                weekday,
                weekday,
                weekday,
                weekday,
                Some((hm(8, 0), hm(12, 0))),
                None,
            ],
            days_off: BTreeMap::new(),
        }
    }

    /// A provider in `city`/`uf`: the standard week, national holidays, optional days when
    /// `optional_days_off`, and the state's and city's holidays (the city's when it is the
    /// state's capital), for `years`.
    pub fn for_place(
        uf: &str,
        city: &str,
        years: std::ops::RangeInclusive<i32>,
        optional_days_off: bool,
    ) -> Self {
        let mut cal = Self::standard_week();
        for year in years {
            for h in national_holidays(year)
                .into_iter()
                .filter(|h| optional_days_off || h.layer != Layer::Optional)
                .chain(state_holidays(uf, year))
                .chain(crate::holidays::municipal_holidays_in(uf, city, year))
            {
                cal.add_day_off(h);
            }
        }
        cal
    }

    /// Replaces one weekday's hours.
    pub fn set_shift(&mut self, weekday: Weekday, shift: Shift) {
        self.week[weekday.num_days_from_monday() as usize] = shift;
    }

    /// Adds a day off (a later layer on the same day keeps the first name).
    pub fn add_day_off(&mut self, holiday: Holiday) {
        self.days_off.entry(holiday.date).or_insert(holiday);
    }

    /// The day off on `date`, if any.
    pub fn day_off(&self, date: NaiveDate) -> Option<&Holiday> {
        self.days_off.get(&date)
    }

    /// Working hours on `date` (none on days off).
    pub fn shift(&self, date: NaiveDate) -> Shift {
        if self.days_off.contains_key(&date) {
            return None;
        }
        self.week[date.weekday().num_days_from_monday() as usize].filter(|(a, b)| a < b)
    }

    fn has_any_shift(&self) -> bool {
        self.week.iter().any(|s| s.is_some_and(|(a, b)| a < b))
    }

    /// Business time between `from` and `to` (zero when `to` is not later).
    pub fn business_time(&self, from: NaiveDateTime, to: NaiveDateTime) -> TimeDelta {
        let mut total = TimeDelta::zero();
        if to <= from {
            return total;
        }
        let mut date = from.date();
        while date <= to.date() {
            if let Some((a, b)) = self.shift(date) {
                let start = date.and_time(a).max(from);
                let end = date.and_time(b).min(to);
                if end > start {
                    total += end - start;
                }
            }
            date = date
                .checked_add_days(Days::new(1))
                .unwrap_or(NaiveDate::MAX);
        }
        total
    }

    /// The moment `amount` of business time after `from` (`from` itself moved to the next
    /// working moment when it falls outside working hours). `None` when no weekday is worked.
    pub fn add_business_time(
        &self,
        from: NaiveDateTime,
        amount: TimeDelta,
    ) -> Option<NaiveDateTime> {
        if !self.has_any_shift() {
            return None;
        }
        let mut left = amount.max(TimeDelta::zero());
        let mut date = from.date();
        loop {
            if let Some((a, b)) = self.shift(date) {
                let start = date.and_time(a).max(from);
                let end = date.and_time(b);
                if end > start {
                    if end - start >= left && (left > TimeDelta::zero() || start >= from) {
                        return Some(start + left);
                    }
                    left -= end - start;
                }
            }
            date = date.checked_add_days(Days::new(1))?;
        }
    }

    /// The earliest moment from which exactly `amount` of business time is left until `to`
    /// (the reverse of [`Self::add_business_time`]): within working hours it is `amount`
    /// before `to`; when that falls on the start of a shift, it is the end of the shift
    /// before, since no business time passes in between. `None` when no weekday is worked
    /// or the calendar runs out.
    pub fn sub_business_time(&self, to: NaiveDateTime, amount: TimeDelta) -> Option<NaiveDateTime> {
        if !self.has_any_shift() {
            return None;
        }
        let mut left = amount.max(TimeDelta::zero());
        let mut date = to.date();
        loop {
            if let Some((a, b)) = self.shift(date) {
                let start = date.and_time(a);
                let end = date.and_time(b).min(to);
                if end >= start {
                    if end - start > left {
                        return Some(end - left);
                    }
                    left -= end - start;
                }
            }
            date = date.checked_sub_days(Days::new(1))?;
        }
    }

    /// The end of working hours of the `n`-th working day after `from`'s day (`n` ≥ 1).
    pub fn add_business_days(&self, from: NaiveDateTime, n: u32) -> Option<NaiveDateTime> {
        if !self.has_any_shift() {
            return None;
        }
        let mut date = from.date();
        let mut counted = 0;
        while counted < n.max(1) {
            date = date.checked_add_days(Days::new(1))?;
            if self.shift(date).is_some() {
                counted += 1;
            }
        }
        self.shift(date).map(|(_, end)| date.and_time(end))
    }
}

/// Working hours per weekday as the editor shows them: minutes of the day (start, end), or
/// `None` for a day not worked; Monday first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct WeekHours {
    /// Seven entries, Monday first.
    pub days: Vec<Option<(u32, u32)>>,
}

/// Why working hours were refused in the editor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    /// Not one entry per weekday.
    #[error("Informe o horário dos sete dias da semana")]
    NotSevenDays,
    /// A day whose hours end before they start or lie outside the day.
    #[error("O horário de {0} precisa terminar depois de começar, entre 00:00 e 24:00")]
    Backwards(&'static str),
    /// No day worked at all: no deadline in business time could ever end.
    #[error("Marque pelo menos um dia com horário de trabalho")]
    NoWorkingDay,
}

impl crate::Localized for HoursError {
    fn message(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::PtBr => self.to_string(),
            crate::Lang::En => match self {
                HoursError::NotSevenDays => "Give the hours of all seven weekdays".into(),
                HoursError::Backwards(_) => {
                    "A day's hours must end after they start, between 00:00 and 24:00".into()
                }
                HoursError::NoWorkingDay => "Tick at least one day with working hours".into(),
            },
        }
    }
}

const WEEKDAY_NAMES: [&str; 7] = [
    "segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo",
];

impl WeekHours {
    /// Checks the hours and turns them into shifts, Monday first.
    pub fn shifts(&self) -> Result<[Shift; 7], HoursError> {
        let days: [Option<(u32, u32)>; 7] = self
            .days
            .clone()
            .try_into()
            .map_err(|_| HoursError::NotSevenDays)?;
        let mut out: [Shift; 7] = [None; 7];
        for (i, day) in days.iter().enumerate() {
            if let Some((a, b)) = *day {
                if a >= b || b > 24 * 60 {
                    return Err(HoursError::Backwards(WEEKDAY_NAMES[i]));
                }
                let time = |m: u32| {
                    if m == 24 * 60 {
                        NaiveTime::from_hms_opt(23, 59, 59)
                    } else {
                        NaiveTime::from_hms_opt(m / 60, m % 60, 0)
                    }
                };
                out[i] = Some((
                    time(a).ok_or(HoursError::Backwards(WEEKDAY_NAMES[i]))?,
                    time(b).ok_or(HoursError::Backwards(WEEKDAY_NAMES[i]))?,
                ));
            }
        }
        if out.iter().all(Option::is_none) {
            return Err(HoursError::NoWorkingDay);
        }
        Ok(out)
    }
}

impl BusinessCalendar {
    /// The working hours per weekday, for the editor.
    pub fn week_hours(&self) -> WeekHours {
        let minutes = |t: NaiveTime| {
            use chrono::Timelike;
            let m = t.hour() * 60 + t.minute();
            if m == 23 * 60 + 59 { 24 * 60 } else { m }
        };
        WeekHours {
            days: self
                .week
                .iter()
                .map(|s| s.map(|(a, b)| (minutes(a), minutes(b))))
                .collect(),
        }
    }

    /// Replaces the working hours of every weekday.
    pub fn set_week(&mut self, week: [Shift; 7]) {
        self.week = week;
    }
}

/// The layers of days off the administration adds (national ones are computed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum EditableLayer {
    /// A state holiday of the provider's state.
    State,
    /// A municipal holiday of the provider's city.
    Municipal,
    /// The company's own day off.
    Company,
}

impl EditableLayer {
    /// The layer in the provider's state and city.
    pub fn layer(self, uf: &str, city: &str) -> Layer {
        match self {
            EditableLayer::State => Layer::State(uf.into()),
            EditableLayer::Municipal => Layer::Municipal(city.into()),
            EditableLayer::Company => Layer::Company,
        }
    }

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            EditableLayer::State => "state",
            EditableLayer::Municipal => "municipal",
            EditableLayer::Company => "company",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "state" => Some(EditableLayer::State),
            "municipal" => Some(EditableLayer::Municipal),
            "company" => Some(EditableLayer::Company),
            _ => None,
        }
    }
}

/// Why a day off was refused in the calendar editor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DayOffError {
    /// A day off needs a name people recognise.
    #[error("Dê um nome ao feriado ou folga")]
    NameMissing,
    /// Names are short.
    #[error("O nome do feriado pode ter no máximo 80 caracteres")]
    NameTooLong,
    /// The day is already off.
    #[error("{0} já é feriado: {1}")]
    AlreadyOff(String, String),
    /// Only the administration and the coordination change the calendar.
    #[error("Só a administração e a coordenação alteram o calendário")]
    NotAllowed,
    /// A municipal holiday of a municipality the provider does not serve.
    #[error("{0} não está entre os municípios atendidos pelo provedor")]
    NotServed(String),
}

impl crate::Localized for DayOffError {
    fn message(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::PtBr => self.to_string(),
            crate::Lang::En => match self {
                DayOffError::NameMissing => "Give the holiday or day off a name".into(),
                DayOffError::NameTooLong => "A holiday's name has at most 80 characters".into(),
                DayOffError::AlreadyOff(date, name) => {
                    format!(
                        "{date} is already a holiday: {}",
                        holiday_name(name, Lang::En)
                    )
                }
                DayOffError::NotAllowed => {
                    "Only the administration and the coordination change the calendar".into()
                }
                DayOffError::NotServed(place) => {
                    format!("{place} is not among the municipalities the provider serves")
                }
            },
        }
    }
}

impl BusinessCalendar {
    /// A day off added in the editor, checked against this calendar (built without the
    /// edited days): a name is required and a day already off is refused by its name.
    pub fn check_day_off(
        &self,
        date: NaiveDate,
        name: &str,
        layer: EditableLayer,
        uf: &str,
        city: &str,
    ) -> Result<Holiday, DayOffError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(DayOffError::NameMissing);
        }
        if name.chars().count() > 80 {
            return Err(DayOffError::NameTooLong);
        }
        if let Some(h) = self.day_off(date) {
            return Err(DayOffError::AlreadyOff(
                date.format("%d/%m/%Y").to_string(),
                h.name.clone(),
            ));
        }
        Ok(Holiday {
            date,
            name: name.to_owned(),
            layer: layer.layer(uf, city),
        })
    }

    /// Every day off from `from` to `to`, in date order.
    pub fn days_off(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &Holiday> {
        self.days_off.range(from..=to).map(|(_, h)| h)
    }
}

#[cfg(test)]
mod tests;
