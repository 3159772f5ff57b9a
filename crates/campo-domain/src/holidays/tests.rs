//! Unit tests of `holidays`.

use chrono::NaiveDate;

use super::*;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// The date of the state holiday named `name` in `uf` in `year`.
fn state_day(uf: &str, year: i32, name: &str) -> Option<NaiveDate> {
    state_holidays(uf, year)
        .into_iter()
        .find(|h| h.name == name)
        .map(|h| h.date)
}

/// UFs whose only state holidays fall on national ones or lapsed (asserted empty below).
const NONE_BEYOND_NATIONAL: [&str; 4] = ["GO", "MG", "MT", "PR"];

#[test]
fn every_uf_has_its_2026_holidays_with_a_source() {
    for uf in UFS {
        let list = state_holiday_sources(uf, 2026);
        if NONE_BEYOND_NATIONAL.contains(&uf) {
            assert!(
                list.is_empty(),
                "{uf} has no state holiday of its own in 2026"
            );
            continue;
        }
        assert!(!list.is_empty(), "{uf} has state holidays in 2026");
        for (holiday, source) in list {
            assert_eq!(holiday.layer, Layer::State(uf.into()));
            assert_eq!(holiday.date.year(), 2026);
            assert!(!holiday.name.is_empty());
            assert!(source.len() > 8, "{uf} {}: source {source:?}", holiday.name);
        }
    }
    assert_eq!(state_holidays("pe ", 2026), state_holidays("PE", 2026));
}

#[test]
fn known_dates_match_the_state_laws() {
    let table = [
        ("SP", "Revolução Constitucionalista", d(2026, 7, 9)),
        ("RS", "Revolução Farroupilha", d(2026, 9, 20)),
        ("BA", "Independência da Bahia", d(2026, 7, 2)),
        ("PE", "Data Magna de Pernambuco", d(2026, 3, 6)),
        ("RJ", "Dia de São Jorge", d(2026, 4, 23)),
        ("PA", "Adesão do Pará à Independência", d(2026, 8, 15)),
        ("CE", "Data Magna do Ceará", d(2026, 3, 25)),
        ("MA", "Adesão do Maranhão à Independência", d(2026, 7, 28)),
        ("TO", "Dia do Senhor do Bonfim", d(2026, 8, 15)),
        ("RR", "Criação do Estado de Roraima", d(2026, 10, 5)),
        (
            "AP",
            "Criação do Território Federal do Amapá",
            d(2026, 9, 13),
        ),
        // Easter 2026 is 5 April.
        ("DF", "Corpus Christi", d(2026, 6, 4)),
        ("ES", "Nossa Senhora da Penha", d(2026, 4, 13)),
        ("RJ", "Carnaval (terça-feira)", d(2026, 2, 17)),
        ("RJ", "Corpus Christi", d(2026, 6, 4)),
    ];
    for (uf, name, date) in table {
        assert_eq!(state_day(uf, 2026, name), Some(date), "{uf} {name}");
    }
    assert_eq!(
        state_day("RJ", 2025, "Corpus Christi"),
        None,
        "from 2026 on"
    );
    assert_eq!(state_day("TO", 2024, "Dia do Senhor do Bonfim"), None);
    assert_eq!(
        state_day("PR", 2013, "Emancipação Política do Paraná"),
        Some(d(2013, 12, 19))
    );
}

#[test]
fn santa_catarina_moves_its_days_to_the_following_sunday() {
    let day = "Dia do Estado de Santa Catarina";
    let alexandria = "Dia de Santa Catarina de Alexandria";
    // 2026: Tuesday 11 August, Wednesday 25 November.
    assert_eq!(state_day("SC", 2026, day), Some(d(2026, 8, 16)));
    assert_eq!(state_day("SC", 2026, alexandria), Some(d(2026, 11, 29)));
    // 2022: Thursday 11 August, observed on Sunday 14 (the state's 2022 calendar).
    assert_eq!(state_day("SC", 2022, day), Some(d(2022, 8, 14)));
    // 2018: a Saturday, moved too (Decreto SC 1.460/2018).
    assert_eq!(state_day("SC", 2018, day), Some(d(2018, 8, 12)));
    // 2024: already a Sunday.
    assert_eq!(state_day("SC", 2024, day), Some(d(2024, 8, 11)));
    // 2004, before the transfer law of 2005: on its Wednesday.
    assert_eq!(state_day("SC", 2004, day), Some(d(2004, 8, 11)));
}

#[test]
fn pernambuco_kept_the_first_sunday_of_march_before_2018() {
    let name = "Data Magna de Pernambuco";
    assert_eq!(state_day("PE", 2015, name), Some(d(2015, 3, 1)));
    assert_eq!(state_day("PE", 2017, name), Some(d(2017, 3, 5)));
    assert_eq!(state_day("PE", 2018, name), Some(d(2018, 3, 6)));
    assert_eq!(
        state_day("PE", 2009, name),
        None,
        "a ponto facultativo then"
    );
}

#[test]
fn alagoas_moves_30_november_to_the_monday_or_the_friday() {
    let name = "Dia Estadual do Evangélico";
    // Thursday 30/11/2023 observed on Friday 1 December; Tuesday 30/11/2021 on Monday 29.
    assert_eq!(state_day("AL", 2023, name), Some(d(2023, 12, 1)));
    assert_eq!(state_day("AL", 2021, name), Some(d(2021, 11, 29)));
    // Monday 30/11/2026 and Wednesday 30/11/2022 stay.
    assert_eq!(state_day("AL", 2026, name), Some(d(2026, 11, 30)));
    assert_eq!(state_day("AL", 2022, name), Some(d(2022, 11, 30)));
    assert_eq!(state_day("AL", 2013, name), None);
}

#[test]
fn acre_keeps_mid_week_holidays_on_the_friday() {
    // 2026: Tuesday 20 January goes to Thursday 22, Friday 23 being the Dia do Evangélico.
    assert_eq!(
        state_day("AC", 2026, "Dia do Católico"),
        Some(d(2026, 1, 22))
    );
    assert_eq!(
        state_day("AC", 2026, "Dia do Evangélico"),
        Some(d(2026, 1, 23))
    );
    // 2024: Tuesday 23 January to Friday 26; Thursday 5 September to Friday 6.
    assert_eq!(
        state_day("AC", 2024, "Dia do Evangélico"),
        Some(d(2024, 1, 26))
    );
    assert_eq!(
        state_day("AC", 2024, "Dia da Amazônia"),
        Some(d(2024, 9, 6))
    );
    // 2023: Wednesday 8 March to Friday 10; Thursday 15 June (the state's anniversary) stays.
    let mulher = "Dia Internacional da Mulher";
    assert_eq!(state_day("AC", 2023, mulher), Some(d(2023, 3, 10)));
    assert_eq!(
        state_day("AC", 2023, "Aniversário do Acre"),
        Some(d(2023, 6, 15))
    );
    // 2012: Wednesday 5 September to Thursday 6, Friday 7 being Independence Day.
    assert_eq!(
        state_day("AC", 2012, "Dia da Amazônia"),
        Some(d(2012, 9, 6))
    );
    // 2009: Tuesday 17 November to Friday 20 (the first year of Lei 2.126/2009).
    let tratado = "Assinatura do Tratado de Petrópolis";
    assert_eq!(state_day("AC", 2009, tratado), Some(d(2009, 11, 20)));
    assert_eq!(state_day("AC", 2008, tratado), Some(d(2008, 11, 17)));
}

#[test]
fn twenty_november_is_state_law_until_2023_and_national_from_2024() {
    let national = |year| {
        national_holidays(year)
            .into_iter()
            .any(|h| h.date == d(year, 11, 20) && h.layer == Layer::National)
    };
    assert!(!national(2023));
    assert!(national(2024));
    for uf in ["AL", "AM", "AP", "MT", "RJ", "SP"] {
        assert!(
            state_holidays(uf, 2023)
                .iter()
                .any(|h| h.date == d(2023, 11, 20)),
            "{uf} 2023"
        );
        assert!(
            state_holidays(uf, 2024)
                .iter()
                .all(|h| h.date != d(2024, 11, 20)),
            "{uf} 2024"
        );
    }
}

#[test]
fn no_state_or_capital_list_repeats_a_national_holiday() {
    for year in 1990..=2040 {
        let national: Vec<NaiveDate> = national_holidays(year)
            .into_iter()
            .filter(|h| h.layer == Layer::National)
            .map(|h| h.date)
            .collect();
        for uf in UFS {
            for h in state_holidays(uf, year) {
                assert!(!national.contains(&h.date), "{uf} {} {}", h.name, h.date);
            }
        }
        for c in CAPITALS {
            for h in municipal_holidays_by_code(c.ibge, year) {
                assert!(
                    !national.contains(&h.date),
                    "{} {} {}",
                    c.name,
                    h.name,
                    h.date
                );
            }
        }
    }
    // Easter 2031 is 13 April: Nossa Senhora da Penha would fall on Tiradentes and is dropped.
    assert_eq!(easter(2031), d(2031, 4, 13));
    assert_eq!(state_holidays("ES", 2031), Vec::new());
}

#[test]
fn an_unknown_uf_has_no_state_holidays() {
    for uf in ["", "XX", "Pernambuco", "BR"] {
        assert!(state_holidays(uf, 2026).is_empty(), "{uf:?}");
        assert!(state_holiday_sources(uf, 2026).is_empty(), "{uf:?}");
    }
}

#[test]
fn every_capital_has_a_code_a_uf_and_its_holidays() {
    assert_eq!(CAPITALS.len(), 27);
    for uf in UFS {
        assert_eq!(CAPITALS.iter().filter(|c| c.uf == uf).count(), 1, "{uf}");
    }
    for c in CAPITALS {
        assert!((1_000_000..10_000_000).contains(&c.ibge), "{}", c.name);
        assert_eq!(
            c.ibge / 100_000,
            crate::validate::Uf::parse(c.uf).unwrap().ibge_code(),
            "{}",
            c.name
        );
        let list = municipal_holiday_sources_by_code(c.ibge, 2026);
        if c.uf == "DF" {
            // Brasília: the Distrito Federal has no municipal layer; its days are state ones.
            assert!(list.is_empty(), "Brasília has no municipal holidays");
            continue;
        }
        assert!(
            !list.is_empty(),
            "{} has municipal holidays in 2026",
            c.name
        );
        for (holiday, source) in list {
            assert_eq!(holiday.layer, Layer::Municipal(c.name.into()));
            assert!(
                source.starts_with("Lei") || source.starts_with("lei"),
                "{source}"
            );
        }
    }
    assert!(municipal_holidays_by_code(2611607, 2026).is_empty());
}

#[test]
fn recife_keeps_its_three_holidays_by_name_and_by_code() {
    let by_name = municipal_holidays("Recife", 2026);
    assert_eq!(by_name, municipal_holidays_by_code(2611606, 2026));
    let days: Vec<(NaiveDate, &str)> = by_name.iter().map(|h| (h.date, h.name.as_str())).collect();
    assert_eq!(
        days,
        [
            (d(2026, 6, 24), "São João"),
            (d(2026, 7, 16), "Nossa Senhora do Carmo"),
            (d(2026, 12, 8), "Nossa Senhora da Conceição"),
        ]
    );
    assert_eq!(by_name[0].layer, Layer::Municipal("Recife".into()));
}

#[test]
fn capitals_are_found_by_name_without_accents_and_within_their_uf() {
    assert_eq!(
        capital_by_name("sao  PAULO", None).map(|c| c.ibge),
        Some(3550308)
    );
    assert_eq!(
        capital_by_name("Goiania", Some("go")).map(|c| c.ibge),
        Some(5208707)
    );
    // Palmas/PR and Campo Grande/RN are not capitals.
    assert_eq!(capital_by_name("Palmas", Some("PR")), None);
    assert!(municipal_holidays_in("RN", "Campo Grande", 2026).is_empty());
    assert!(!municipal_holidays_in("MS", "Campo Grande", 2026).is_empty());
    assert!(municipal_holidays("Caruaru", 2026).is_empty());
}

#[test]
fn spot_checks_of_capitals() {
    let day = |ibge, year, name: &str| {
        municipal_holidays_by_code(ibge, year)
            .into_iter()
            .find(|h| h.name == name)
            .map(|h| h.date)
    };
    assert_eq!(
        day(3550308, 2026, "Aniversário da Cidade"),
        Some(d(2026, 1, 25))
    );
    assert_eq!(day(3550308, 2026, "Corpus Christi"), Some(d(2026, 6, 4)));
    assert_eq!(day(3304557, 2026, "São Sebastião"), Some(d(2026, 1, 20)));
    assert_eq!(
        day(4106902, 2026, "Nossa Senhora da Luz dos Pinhais"),
        Some(d(2026, 9, 8))
    );
    assert_eq!(
        day(1302603, 2026, "Carnaval (terça-feira)"),
        Some(d(2026, 2, 17))
    );
    assert_eq!(
        day(3205309, 2027, "Nossa Senhora da Penha"),
        Some(d(2027, 4, 5))
    );
    assert_eq!(
        day(3550308, 2023, "Dia da Consciência Negra"),
        Some(d(2023, 11, 20))
    );
    assert_eq!(day(2704302, 2018, "Marechal Floriano Peixoto"), None);
}

#[test]
fn a_calendar_for_a_capital_has_the_state_and_city_layers() {
    use crate::calendar::BusinessCalendar;
    // Manaus, optional days not off: Carnival Tuesday is still off by municipal law.
    let manaus = BusinessCalendar::for_place("AM", "Manaus", 2026..=2026, false);
    assert!(manaus.shift(d(2026, 2, 16)).is_some());
    assert!(manaus.shift(d(2026, 2, 17)).is_none());
    assert_eq!(
        manaus.day_off(d(2026, 10, 24)).map(|h| &h.layer),
        Some(&Layer::Municipal("Manaus".into()))
    );
    // Acre's Catholic Day on its observed Thursday.
    let rio_branco = BusinessCalendar::for_place("AC", "Rio Branco", 2026..=2026, true);
    assert!(rio_branco.shift(d(2026, 1, 20)).is_some());
    assert!(rio_branco.shift(d(2026, 1, 22)).is_none());
}
