//! Unit tests of `agenda`.

#[test]
fn impossible_periods_and_service_times_are_refused_by_name() {
    assert_eq!(AgendaSettings::default().validate(), Ok(()));
    let bad = |f: fn(&mut AgendaSettings)| {
        let mut s = AgendaSettings::default();
        f(&mut s);
        s.validate().unwrap_err().to_string()
    };
    assert_eq!(
        bad(|s| s.morning = (12 * 60, 8 * 60)),
        "O turno da manhã precisa terminar depois de começar"
    );
    assert_eq!(
        bad(|s| s.afternoon = (11 * 60, 17 * 60)),
        "A tarde precisa começar depois do fim da manhã"
    );
    assert_eq!(
        bad(|s| s.afternoon = (13 * 60, 25 * 60)),
        "Os turnos precisam estar entre 00:00 e 24:00"
    );
    assert_eq!(
        bad(|s| s.repair_minutes = 0),
        "O tempo de serviço de Reparo / visita técnica precisa ser de 5 a 480 minutos"
    );
    assert_eq!(
        bad(|s| s.not_done_reasons = vec!["Chuva".into(), " chuva ".into()]),
        "O motivo \"chuva\" aparece duas vezes"
    );
    assert_eq!(
        bad(|s| s.not_done_reasons.clear()),
        "Deixe pelo menos um motivo para visita não realizada"
    );
    // Every problem at once, one per field, each with the key of its field.
    let worst = AgendaSettings {
        morning: (12 * 60, 8 * 60),
        repair_minutes: 0,
        removal_minutes: 600,
        not_done_reasons: Vec::new(),
        ..AgendaSettings::default()
    };
    let all = worst.problems();
    assert_eq!(
        all.iter()
            .filter_map(SettingsError::field)
            .collect::<Vec<_>>(),
        ["morning", "minutes.repair", "minutes.removal", "reasons"]
    );
    assert_eq!(
        all[1].message(Lang::En),
        "The service time of Repair / technical visit must be between 5 and 480 minutes"
    );
    assert!(AgendaSettings::default().problems().is_empty());
    // Settings stored before the reasons could be edited read with the defaults.
    let old: AgendaSettings = serde_json::from_str(
        r#"{"morning":[480,720],"afternoon":[780,1080],"installationMinutes":80,"repairMinutes":60,"removalMinutes":40,"addressChangeMinutes":80}"#,
    )
    .unwrap();
    assert_eq!(old, AgendaSettings::default());
}

#[test]
fn a_technician_who_does_not_work_saturdays_is_refused_by_weekday() {
    let week = WorkWeek::new(&[true, true, true, true, true, false, false]).unwrap();
    assert_eq!(week.code(), "1111100");
    assert_eq!(WorkWeek::from_code("1111100"), week);
    let saturday = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    assert_eq!(
        check_work_week(&week, "Josué Lima", saturday)
            .unwrap_err()
            .to_string(),
        "Josué Lima não trabalha aos sábados (28/11/2026): escolha outro técnico ou dia"
    );
    assert!(check_work_week(&week, "Josué Lima", saturday.pred_opt().unwrap()).is_ok());
    assert_eq!(WorkWeek::new(&[false; 7]), Err(SlotProblem::NoWorkingDay));
    assert_eq!(WorkWeek::new(&[true; 3]), Err(SlotProblem::NoWorkingDay));
    assert!(WorkWeek::default().works(saturday));
}

#[test]
fn an_absence_covers_its_days_both_ends_and_is_refused_when_backwards_or_unexplained() {
    let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
    let away = Absence::new(d(7), d(11), " Férias ").unwrap();
    assert_eq!(away.reason, "Férias");
    assert!(away.covers(d(7)) && away.covers(d(11)) && !away.covers(d(12)));
    assert_eq!(
        check_presence(std::slice::from_ref(&away), "Josué Lins", d(9))
            .unwrap_err()
            .message(Lang::PtBr),
        "Josué Lins está ausente em 09/12/2026 (Férias): escolha outro técnico ou dia"
    );
    assert!(check_presence(&[away], "Josué Lins", d(12)).is_ok());
    assert_eq!(
        Absence::new(d(9), d(8), "Atestado").unwrap_err(),
        SlotProblem::AbsenceBackwards {
            from: "09/12/2026".into(),
            to: "08/12/2026".into()
        }
    );
    assert_eq!(
        Absence::new(d(9), d(9), "  ").unwrap_err(),
        SlotProblem::AbsenceReasonMissing
    );
}

use super::*;

fn cal() -> BusinessCalendar {
    BusinessCalendar::for_place("PE", "Recife", 2026..=2027, true)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn past_days_holidays_and_sundays_are_refused_by_name() {
    let today = d(2026, 11, 23);
    assert_eq!(check_day(&cal(), today, d(2026, 11, 24)), Ok(()));
    assert_eq!(check_day(&cal(), today, today), Ok(()));
    assert_eq!(
        check_day(&cal(), today, d(2026, 11, 20))
            .unwrap_err()
            .to_string(),
        "Data no passado: 20/11/2026 já passou"
    );
    let christmas = check_day(&cal(), today, d(2026, 12, 25)).unwrap_err();
    assert!(
        christmas.to_string().starts_with("25/12/2026 é feriado ("),
        "{christmas}"
    );
    assert_eq!(
        check_day(&cal(), today, d(2026, 11, 29)).unwrap_err(),
        SlotProblem::DayOff("29/11/2026".into())
    );
}

#[test]
fn capacity_counts_service_time_per_kind() {
    let s = AgendaSettings::default();
    assert_eq!(s.period_minutes(Period::Morning), 240);
    assert_eq!(s.period_minutes(Period::Afternoon), 300);
    assert_eq!(
        capacity_warning(&s, Period::Morning, 160, OrderKind::Installation),
        None
    );
    assert_eq!(
        capacity_warning(&s, Period::Morning, 200, OrderKind::Repair),
        Some(SlotProblem::OverCapacity {
            load: 260,
            capacity: 240
        })
    );
}

#[test]
fn a_period_the_customer_is_not_home_in_is_a_warning_in_words() {
    assert_eq!(availability_warning(&[], Period::Morning), None);
    assert_eq!(
        availability_warning(&[Period::Morning, Period::Afternoon], Period::Afternoon),
        None
    );
    let warning = availability_warning(&[Period::Afternoon], Period::Morning).unwrap();
    assert_eq!(
        warning.message(Lang::PtBr),
        "O cliente informou disponibilidade só à tarde: confirme a visita por telefone"
    );
    assert_eq!(
        warning.message(Lang::En),
        "The customer said they are available only in the afternoon: confirm the visit by phone"
    );
}
