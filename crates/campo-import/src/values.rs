//! Values as Brazilian files write them: dates `dd/mm/aaaa` (or ISO, as ERPs export them),
//! numbers with a decimal comma and thousands dots, yes/no words, availability periods.

use campo_domain::Period;
use campo_domain::text::fold;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A value that cannot be read as what its field holds (the caller names the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("value not understood")]
pub struct Unreadable;

/// A date: `25/03/2024`, `25/03/24`, `2024-03-25`, with or without a time after it.
/// `0000-00-00` (how IXC writes "no date") and an empty cell are `Ok(None)`.
pub fn date(text: &str) -> Result<Option<NaiveDate>, Unreadable> {
    Ok(date_time(text)?.map(|t| t.date()))
}

/// A date with an optional time (`25/03/2024 14:30`, `2024-03-25 14:30:00`).
pub fn date_time(text: &str) -> Result<Option<NaiveDateTime>, Unreadable> {
    let t = text.trim();
    if t.is_empty() || t.starts_with("0000-00-00") || t.starts_with("00/00/0000") {
        return Ok(None);
    }
    let (day, time) = match t.split_once([' ', 'T']) {
        Some((d, rest)) => (d, Some(rest.trim())),
        None => (t, None),
    };
    // Two-digit years last: 00–68 are 20xx, as spreadsheets read them.
    let date = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"]
        .iter()
        .filter_map(|f| NaiveDate::parse_from_str(day, f).ok())
        .find(|d| (1900..=2100).contains(&chrono::Datelike::year(d)))
        .ok_or(Unreadable)?;
    let time = match time {
        None | Some("") => NaiveTime::MIN,
        Some(tm) => ["%H:%M:%S", "%H:%M", "%H:%M:%S%.f"]
            .iter()
            .find_map(|f| NaiveTime::parse_from_str(tm.trim_end_matches('Z'), f).ok())
            .ok_or(Unreadable)?,
    };
    Ok(Some(date.and_time(time)))
}

/// A decimal number: `1.234,56`, `1234,56`, `1234.56`, `-8,0476`, `R$ 99,90`.
pub fn decimal(text: &str) -> Result<f64, Unreadable> {
    let t: String = text
        .trim()
        .trim_start_matches("R$")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return Err(Unreadable);
    }
    let normal = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else if t.matches('.').count() > 1 {
        // `1.234.567` — thousands dots only.
        t.replace('.', "")
    } else {
        t
    };
    normal
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or(Unreadable)
}

/// An amount of money in cents: `99,90` → 9990.
pub fn cents(text: &str) -> Result<i64, Unreadable> {
    let v = decimal(text)?;
    if !(0.0..1e10).contains(&v) {
        return Err(Unreadable);
    }
    Ok((v * 100.0).round() as i64)
}

/// A whole number written with any unit after it: `300`, `300 Mbps`, `300 Mega`.
pub fn whole(text: &str) -> Result<i64, Unreadable> {
    let digits: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().map_err(|_| Unreadable)
}

/// Yes or no: `sim`/`não`, `s`/`n`, `1`/`0`, `x`, `true`/`false`; empty is no.
pub fn yes_no(text: &str) -> Result<bool, Unreadable> {
    match fold(text.trim()).as_str() {
        "" | "nao" | "n" | "0" | "false" | "no" | "-" => Ok(false),
        "sim" | "s" | "1" | "x" | "true" | "yes" | "y" => Ok(true),
        _ => Err(Unreadable),
    }
}

/// Availability: `manhã`, `tarde`, `manhã e tarde`, `integral`, `M/T` (or in English:
/// `morning`, `afternoon`, `morning and afternoon`, `both`); empty is none given.
pub fn periods(text: &str) -> Result<Vec<Period>, Unreadable> {
    let t = fold(text.trim());
    if t.is_empty() {
        return Ok(Vec::new());
    }
    if [
        "integral",
        "qualquer",
        "qualquer horario",
        "ambos",
        "dia todo",
        "todos",
        "both",
        "any",
        "all day",
    ]
    .contains(&t.as_str())
    {
        return Ok(vec![Period::Morning, Period::Afternoon]);
    }
    let mut out = Vec::new();
    for part in t
        .split([',', ';', '/', '+'])
        .flat_map(|p| p.split(" e "))
        .flat_map(|p| p.split(" and "))
    {
        let p = match part.trim() {
            "manha" | "m" | "morning" => Period::Morning,
            "tarde" | "t" | "afternoon" => Period::Afternoon,
            "" => continue,
            _ => return Err(Unreadable),
        };
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(out)
}

/// Digits only, left-padded to `len` when a spreadsheet dropped leading zeros (a CPF of 10
/// digits, a CEP of 7): `1234567890` → `01234567890`. Anything else is returned as typed.
pub fn padded(text: &str, len: usize) -> String {
    let t = text.trim();
    if !t.is_empty() && t.len() < len && len - t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
    {
        format!("{t:0>len$}")
    } else {
        t.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_files_use() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 25).unwrap();
        for t in [
            "25/03/2024",
            "2024-03-25",
            "25/03/2024 14:30",
            "2024-03-25 14:30:00",
            "25/03/24",
        ] {
            assert_eq!(date(t), Ok(Some(d)), "{t}");
        }
        assert_eq!(date(""), Ok(None));
        assert_eq!(date("0000-00-00"), Ok(None));
        for bad in [
            "03/25/2024",
            "31/02/2024",
            "ontem",
            "2024/25/03",
            "25/03/2024 25:00",
        ] {
            assert_eq!(date(bad), Err(Unreadable), "{bad}");
        }
    }

    #[test]
    fn brazilian_numbers() {
        assert_eq!(decimal("1.234,56"), Ok(1234.56));
        assert_eq!(decimal("-8,0476"), Ok(-8.0476));
        assert_eq!(decimal("-8.0476"), Ok(-8.0476));
        assert_eq!(cents("R$ 99,90"), Ok(9990));
        assert_eq!(cents("1.234.567"), Ok(123_456_700));
        assert_eq!(cents("-5"), Err(Unreadable));
        assert_eq!(whole("300 Mbps"), Ok(300));
        assert_eq!(decimal("abc"), Err(Unreadable));
    }

    #[test]
    fn words() {
        assert_eq!(yes_no("Sim"), Ok(true));
        assert_eq!(yes_no("NÃO"), Ok(false));
        assert_eq!(yes_no("talvez"), Err(Unreadable));
        assert_eq!(
            periods("Manhã e Tarde"),
            Ok(vec![Period::Morning, Period::Afternoon])
        );
        assert_eq!(periods("tarde"), Ok(vec![Period::Afternoon]));
        assert_eq!(
            periods("Morning and Afternoon"),
            Ok(vec![Period::Morning, Period::Afternoon])
        );
        assert_eq!(
            periods("both"),
            Ok(vec![Period::Morning, Period::Afternoon])
        );
        assert_eq!(
            periods("integral"),
            Ok(vec![Period::Morning, Period::Afternoon])
        );
        assert_eq!(periods("noite"), Err(Unreadable));
        assert_eq!(padded("1234567890", 11), "01234567890");
        assert_eq!(padded("5003023", 8), "05003023");
        assert_eq!(padded("529.982.247-25", 11), "529.982.247-25");
    }
}
