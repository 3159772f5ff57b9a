//! Unit tests of `calendar`.

use super::*;

#[test]
fn working_hours_are_checked_and_round_trip() {
    let standard = BusinessCalendar::standard_week().week_hours();
    assert_eq!(standard.days[0], Some((8 * 60, 18 * 60)));
    assert_eq!(standard.days[6], None);
    let mut cal = BusinessCalendar::standard_week();
    cal.set_week(standard.shifts().unwrap());
    assert_eq!(cal.week_hours(), standard);
    let mut bad = standard.clone();
    bad.days[5] = Some((12 * 60, 8 * 60));
    assert_eq!(
        bad.shifts().unwrap_err().to_string(),
        "O horário de sábado precisa terminar depois de começar, entre 00:00 e 24:00"
    );
    let none = WeekHours {
        days: vec![None; 7],
    };
    assert_eq!(none.shifts(), Err(HoursError::NoWorkingDay));
    let short = WeekHours {
        days: vec![None; 3],
    };
    assert_eq!(short.shifts(), Err(HoursError::NotSevenDays));
}

#[test]
fn a_day_off_added_in_the_editor_needs_a_name_and_a_free_day() {
    let cal = BusinessCalendar::for_place("PE", "Recife", 2026..=2026, true);
    let h = cal
        .check_day_off(
            d(2026, 12, 24),
            " Véspera de Natal ",
            EditableLayer::Company,
            "PE",
            "Recife",
        )
        .unwrap();
    assert_eq!(h.name, "Véspera de Natal");
    assert_eq!(h.layer, Layer::Company);
    assert_eq!(
        cal.check_day_off(
            d(2026, 12, 24),
            "  ",
            EditableLayer::Company,
            "PE",
            "Recife"
        ),
        Err(DayOffError::NameMissing)
    );
    assert_eq!(
        cal.check_day_off(
            d(2026, 12, 25),
            "Natal da firma",
            EditableLayer::Company,
            "PE",
            "Recife"
        )
        .unwrap_err()
        .to_string(),
        "25/12/2026 já é feriado: Natal"
    );
    assert_eq!(cal.days_off(d(2026, 12, 1), d(2026, 12, 31)).count(), 2);
}

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

#[test]
fn easter_and_the_holidays_it_moves_match_the_published_dates() {
    // year, Easter, Good Friday, Carnival Tuesday, Corpus Christi
    let table = [
        (
            2025,
            d(2025, 4, 20),
            d(2025, 4, 18),
            d(2025, 3, 4),
            d(2025, 6, 19),
        ),
        (
            2026,
            d(2026, 4, 5),
            d(2026, 4, 3),
            d(2026, 2, 17),
            d(2026, 6, 4),
        ),
        (
            2027,
            d(2027, 3, 28),
            d(2027, 3, 26),
            d(2027, 2, 9),
            d(2027, 5, 27),
        ),
    ];
    for (year, e, friday, carnival, corpus) in table {
        assert_eq!(easter(year), e);
        let h = national_holidays(year);
        let find = |name: &str| h.iter().find(|x| x.name == name).map(|x| x.date);
        assert_eq!(find("Sexta-feira Santa"), Some(friday));
        assert_eq!(find("Carnaval (terça-feira)"), Some(carnival));
        assert_eq!(find("Corpus Christi"), Some(corpus));
        assert_eq!(
            find("Dia Nacional de Zumbi e da Consciência Negra"),
            Some(d(year, 11, 20))
        );
        assert_eq!(h.iter().filter(|x| x.layer == Layer::National).count(), 10);
    }
}

#[test]
fn recife_stops_for_sao_joao_and_pernambuco_for_its_data_magna() {
    let cal = BusinessCalendar::for_place("PE", "Recife", 2026..=2026, true);
    assert_eq!(
        cal.day_off(d(2026, 6, 24)).map(|h| h.name.as_str()),
        Some("São João")
    );
    assert_eq!(
        cal.day_off(d(2026, 3, 6)).map(|h| &h.layer),
        Some(&Layer::State("PE".into()))
    );
    assert!(cal.shift(d(2026, 11, 20)).is_none());
    assert!(cal.shift(d(2026, 11, 23)).is_some());
    let strict = BusinessCalendar::for_place("PE", "Recife", 2026..=2026, false);
    assert!(
        strict.shift(d(2026, 2, 17)).is_some(),
        "Carnival is worked when optional days are not off"
    );
}

#[test]
fn business_hours_skip_nights_sundays_and_holidays() {
    let cal = BusinessCalendar::for_place("PE", "Recife", 2026..=2026, true);
    // Thursday 19 Nov 2026, 16:00 + 4 business hours: 2 h on Thursday, Friday 20 Nov is a
    // holiday, Saturday 08–10.
    let start = d(2026, 11, 19).and_hms_opt(16, 0, 0).unwrap();
    let due = cal.add_business_time(start, TimeDelta::hours(4)).unwrap();
    assert_eq!(due, d(2026, 11, 21).and_hms_opt(10, 0, 0).unwrap());
    assert_eq!(cal.business_time(start, due), TimeDelta::hours(4));
    // A start at night counts from the next morning.
    let night = d(2026, 11, 23).and_hms_opt(22, 0, 0).unwrap();
    assert_eq!(
        cal.add_business_time(night, TimeDelta::hours(1)).unwrap(),
        d(2026, 11, 24).and_hms_opt(9, 0, 0).unwrap()
    );
}

#[test]
fn ten_business_days_end_on_the_tenth_working_day() {
    let mut cal = BusinessCalendar::for_place("PE", "Recife", 2026..=2026, true);
    cal.set_shift(Weekday::Sat, None);
    // Approved Monday 16 Nov 2026: 17, 18, 19, (20 holiday), 23, 24, 25, 26, 27, 30 Nov, 1 Dec.
    let start = d(2026, 11, 16).and_hms_opt(10, 0, 0).unwrap();
    assert_eq!(
        cal.add_business_days(start, 10).unwrap(),
        d(2026, 12, 1).and_hms_opt(18, 0, 0).unwrap()
    );
}

#[test]
fn national_holidays_have_english_names_and_local_ones_keep_theirs() {
    let holidays = national_holidays(2026);
    let names: Vec<&str> = holidays
        .iter()
        .map(|h| holiday_name(&h.name, Lang::En))
        .collect();
    assert!(names.contains(&"Christmas Day"), "{names:?}");
    assert!(names.contains(&"Carnival Monday"), "{names:?}");
    let same: Vec<&str> = holidays
        .iter()
        .zip(&names)
        .filter(|(h, en)| h.name == **en)
        .map(|(_, en)| *en)
        .collect();
    assert_eq!(same, ["Corpus Christi"], "the others are worded in English");
    assert_eq!(holiday_name("Natal", Lang::PtBr), "Natal");
    assert_eq!(
        holiday_name("Data Magna de Pernambuco", Lang::En),
        "Data Magna de Pernambuco"
    );
}
