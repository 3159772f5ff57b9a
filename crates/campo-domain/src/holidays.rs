//! Brazilian state and municipal holidays, each with the legal source it rests on: the state
//! holidays of all 27 UFs (the Distrito Federal's included) and the municipal holidays of the 27
//! capitals, computed for any year. They prefill a provider's calendar; the provider corrects and
//! completes them in the calendar editor.
//!
//! - Dates follow the rule the law gives: fixed days, days counted from Easter, Pernambuco's
//!   first Sunday of March (2010–2017), Santa Catarina's holidays moved to the following Sunday,
//!   Alagoas' 30 November moved to the Monday or the Friday, Acre's mid-week holidays moved to the
//!   Friday. Each entry is in force only for the years its norm was (`since`/`until`).
//! - A date already off as a national holiday (Layer::National) is left out, so no list repeats
//!   one: 20 November is national from 2024 on (Lei 14.759/2023) and the older state and
//!   municipal laws for it stop there; Minas Gerais' data magna (21 April) and Brasília's
//!   foundation day fall on Tiradentes and have no entry.
//! - Lei 9.093/1995 allows a state a single civil holiday, its data magna; the other state
//!   holidays here rest on ordinary state laws that are observed in practice although commerce
//!   federations dispute them. Municipalities may have at most four religious holidays (Good
//!   Friday included) besides their centenary days.
//! - The source is a law (or constitution article) number where one was established; otherwise
//!   a plain "lei municipal"/"lei estadual": no number is guessed. Entries whose status could not
//!   be established are left out, with a comment in the tables.
//! - One-off moves made by a yearly decree (a state moving 26 July to a Monday, a city moving its
//!   anniversary for a football match) are not modelled: the provider edits those days.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

use crate::calendar::{Holiday, Layer, easter, national_holidays};

mod municipal;
mod state;
#[cfg(test)]
mod tests;

pub use municipal::CAPITALS;

/// The 27 federative units, whose state holidays Campo knows.
pub use crate::validate::UFS;

/// How a holiday's date follows from the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Month and day.
    Fixed(u32, u32),
    /// Days after Easter Sunday (negative: before).
    Easter(i64),
    /// The first Sunday of the month.
    FirstSunday(u32),
    /// Month and day, moved to the following Sunday when not a Sunday (Santa Catarina: the law
    /// says "dia útil da semana"; Decreto SC 1.460/2018 moved a Saturday too).
    NextSunday(u32, u32),
    /// Month and day; from 2009 on, a date from Tuesday to Thursday is kept on the Friday of
    /// that week, or on the Thursday when that Friday is already a holiday (Lei AC 2.126/2009,
    /// art. 1º as worded by Lei AC 2.247/2009, and its parágrafo único: holidays of one week are
    /// kept on consecutive days).
    AcreFriday(u32, u32),
    /// Month and day, moved back to the Monday from a Tuesday and on to the Friday from a
    /// Thursday (Lei AL 7.530/2013, art. 2º, parágrafo único).
    TueToMonThuToFri(u32, u32),
}

/// First year Acre's transfer to Friday applies (Lei AC 2.126, de 19/06/2009).
const ACRE_FRIDAY_SINCE: i32 = 2009;

/// One holiday of a state or city table.
#[derive(Debug, Clone, Copy)]
struct Entry {
    rule: Rule,
    /// Name in pt-BR.
    name: &'static str,
    /// The legal source, as shown to the provider.
    source: &'static str,
    /// First year in force.
    since: i32,
    /// First year no longer in force.
    until: i32,
}

/// An entry in force in every year (narrowed with [`Entry::from`] and [`Entry::until`]).
const fn on(rule: Rule, name: &'static str, source: &'static str) -> Entry {
    Entry {
        rule,
        name,
        source,
        since: i32::MIN,
        until: i32::MAX,
    }
}

impl Entry {
    /// In force from `year` on.
    const fn from(self, year: i32) -> Self {
        Entry {
            since: year,
            ..self
        }
    }

    /// No longer in force from `year` on.
    const fn until(self, year: i32) -> Self {
        Entry {
            until: year,
            ..self
        }
    }
}

fn plus(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(TimeDelta::days(days))
        .unwrap_or(date)
}

/// The date the rule names before any transfer.
fn statutory(rule: Rule, year: i32) -> Option<NaiveDate> {
    match rule {
        Rule::Fixed(m, d)
        | Rule::NextSunday(m, d)
        | Rule::AcreFriday(m, d)
        | Rule::TueToMonThuToFri(m, d) => NaiveDate::from_ymd_opt(year, m, d),
        Rule::Easter(days) => easter(year).checked_add_signed(TimeDelta::days(days)),
        Rule::FirstSunday(m) => {
            let first = NaiveDate::from_ymd_opt(year, m, 1)?;
            Some(plus(
                first,
                i64::from((7 - first.weekday().num_days_from_sunday()) % 7),
            ))
        }
    }
}

/// The date observed under the transfers that depend on the weekday alone.
fn observed(rule: Rule, date: NaiveDate) -> NaiveDate {
    match (rule, date.weekday()) {
        (Rule::NextSunday(..), weekday) if weekday != Weekday::Sun => {
            plus(date, i64::from(7 - weekday.num_days_from_sunday()))
        }
        (Rule::TueToMonThuToFri(..), Weekday::Tue) => plus(date, -1),
        (Rule::TueToMonThuToFri(..), Weekday::Thu) => plus(date, 1),
        _ => date,
    }
}

fn is_acre_midweek(rule: Rule, date: NaiveDate, year: i32) -> bool {
    matches!(rule, Rule::AcreFriday(..))
        && year >= ACRE_FRIDAY_SINCE
        && matches!(date.weekday(), Weekday::Tue | Weekday::Wed | Weekday::Thu)
}

/// The entries in force in `year`, on the dates observed, in date order, without the dates
/// that are national holidays anyway.
fn resolve(entries: &'static [Entry], year: i32) -> Vec<(NaiveDate, &'static Entry)> {
    let national: Vec<NaiveDate> = national_holidays(year)
        .into_iter()
        .filter(|h| h.layer == Layer::National)
        .map(|h| h.date)
        .collect();
    let mut placed: Vec<(NaiveDate, &'static Entry)> = Vec::new();
    let mut midweek = Vec::new();
    for entry in entries.iter().filter(|e| e.since <= year && year < e.until) {
        let Some(date) = statutory(entry.rule, year) else {
            continue;
        };
        if is_acre_midweek(entry.rule, date, year) {
            midweek.push((date, entry));
        } else {
            placed.push((observed(entry.rule, date), entry));
        }
    }
    for (date, entry) in midweek {
        let friday = plus(date, 4 - i64::from(date.weekday().num_days_from_monday()));
        let taken = national.contains(&friday) || placed.iter().any(|(d, _)| *d == friday);
        placed.push((if taken { plus(friday, -1) } else { friday }, entry));
    }
    placed.retain(|(date, _)| !national.contains(date));
    placed.sort_by_key(|(date, _)| *date);
    placed
}

/// State holidays of `uf` in `year`, each with its legal source; empty for an unknown UF.
pub fn state_holiday_sources(uf: &str, year: i32) -> Vec<(Holiday, &'static str)> {
    let uf = uf.trim().to_ascii_uppercase();
    let Some(entries) = state::entries(&uf) else {
        return Vec::new();
    };
    resolve(entries, year)
        .into_iter()
        .map(|(date, entry)| {
            let holiday = Holiday {
                date,
                name: entry.name.into(),
                layer: Layer::State(uf.clone()),
            };
            (holiday, entry.source)
        })
        .collect()
}

/// State holidays of `uf` in `year` (all 27 UFs are known; others give none).
pub fn state_holidays(uf: &str, year: i32) -> Vec<Holiday> {
    state_holiday_sources(uf, year)
        .into_iter()
        .map(|(holiday, _)| holiday)
        .collect()
}

/// A state capital, keyed by its IBGE municipality code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capital {
    /// IBGE 7-digit municipality code.
    pub ibge: u32,
    /// Name as written in pt-BR.
    pub name: &'static str,
    /// Its UF.
    pub uf: &'static str,
}

/// The capital with IBGE code `ibge`.
pub fn capital(ibge: u32) -> Option<&'static Capital> {
    CAPITALS.iter().find(|c| c.ibge == ibge)
}

/// The capital named `city` (accents, case and spaces do not matter), in `uf` when given:
/// several other cities share a capital's name (Palmas/PR, Campo Grande/RN, Boa Vista/PB).
pub fn capital_by_name(city: &str, uf: Option<&str>) -> Option<&'static Capital> {
    let city = crate::text::fold(city);
    CAPITALS.iter().find(|c| {
        crate::text::fold(c.name) == city
            && uf.is_none_or(|uf| uf.trim().eq_ignore_ascii_case(c.uf))
    })
}

/// Municipal holidays of the capital with IBGE code `ibge` in `year`, each with its legal
/// source; empty for any other code.
pub fn municipal_holiday_sources_by_code(ibge: u32, year: i32) -> Vec<(Holiday, &'static str)> {
    let Some(capital) = capital(ibge) else {
        return Vec::new();
    };
    resolve(municipal::entries(ibge), year)
        .into_iter()
        .map(|(date, entry)| {
            let holiday = Holiday {
                date,
                name: entry.name.into(),
                layer: Layer::Municipal(capital.name.into()),
            };
            (holiday, entry.source)
        })
        .collect()
}

/// Municipal holidays of the capital with IBGE code `ibge` in `year`.
pub fn municipal_holidays_by_code(ibge: u32, year: i32) -> Vec<Holiday> {
    municipal_holiday_sources_by_code(ibge, year)
        .into_iter()
        .map(|(holiday, _)| holiday)
        .collect()
}

/// Municipal holidays of `city` in `year`, when it names a state capital (others are added in
/// the editor). Without a UF a shared name means the capital; see [`municipal_holidays_in`].
pub fn municipal_holidays(city: &str, year: i32) -> Vec<Holiday> {
    capital_by_name(city, None)
        .map(|c| municipal_holidays_by_code(c.ibge, year))
        .unwrap_or_default()
}

/// Municipal holidays of `city` in `uf` in `year`, when that city is the state's capital.
pub fn municipal_holidays_in(uf: &str, city: &str, year: i32) -> Vec<Holiday> {
    capital_by_name(city, Some(uf))
        .map(|c| municipal_holidays_by_code(c.ibge, year))
        .unwrap_or_default()
}
