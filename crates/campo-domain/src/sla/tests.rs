//! The SLA clock's tests: the rule editor's checks, deadlines under each allowance, pauses,
//! and properties over random rules and calendars.

use super::*;
use chrono::NaiveDate;
use proptest::prelude::*;

#[test]
fn the_editor_refuses_impossible_rules_by_name_and_keeps_possible_ones() {
    let input = |unit, amount, thresholds: &[i64]| RuleInput {
        kind: OrderKind::Repair,
        unit,
        amount,
        thresholds: thresholds.to_vec(),
        starts: Some(ClockStart::Opening),
        pausing: Vec::new(),
    };
    let ok = input(AllowanceUnit::BusinessHours, 24, &[50, 75, 100]);
    let rule = ok.rule(RuleSource::Edited).unwrap();
    assert_eq!(rule.allowance, Allowance::BusinessHours(24));
    assert_eq!(rule.input(), ok);
    for (bad, why) in [
        (
            input(AllowanceUnit::CalendarHours, -4, &[75]),
            RuleError::ZeroAllowance,
        ),
        (
            input(AllowanceUnit::CalendarDays, 0, &[75]),
            RuleError::ZeroAllowance,
        ),
        (
            input(AllowanceUnit::BusinessDays, 5, &[75, 120]),
            RuleError::ThresholdOutOfRange,
        ),
        (
            input(AllowanceUnit::BusinessDays, 5, &[-10]),
            RuleError::ThresholdOutOfRange,
        ),
        (
            input(AllowanceUnit::BusinessDays, 5, &[80, 75]),
            RuleError::ThresholdsNotAscending,
        ),
        (
            input(AllowanceUnit::CalendarDays, 40_000, &[75]),
            RuleError::TooLong,
        ),
    ] {
        assert_eq!(bad.rule(RuleSource::Edited), Err(why.clone()));
        // Each alone is the one problem listed, named by its field.
        assert_eq!(bad.problems(), vec![why]);
    }
    // Every problem at once, one per field, for the editor to show beside each.
    let mut worst = input(AllowanceUnit::CalendarDays, 0, &[90, 80]);
    worst.pausing = vec![OrderStatus::Done];
    let all = worst.problems();
    assert_eq!(
        all,
        vec![
            RuleError::ZeroAllowance,
            RuleError::ThresholdsNotAscending,
            RuleError::PausingFinished
        ]
    );
    assert_eq!(
        all.iter().map(|e| e.field()).collect::<Vec<_>>(),
        vec![
            Some(RuleField::Amount),
            Some(RuleField::Thresholds),
            Some(RuleField::Pausing)
        ]
    );
    assert!(ok.problems().is_empty());
    assert_eq!(
        RuleError::ThresholdOutOfRange.message(Lang::PtBr),
        "Os avisos precisam estar entre 1% e 100% do prazo"
    );
    for r in SlaRule::defaults() {
        assert_eq!(r.input().rule(r.source), Ok(r.clone()));
    }
}

fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn recife() -> BusinessCalendar {
    BusinessCalendar::for_place("PE", "Recife", 2025..=2027, true)
}

fn rule(allowance: Allowance) -> SlaRule {
    SlaRule {
        kind: OrderKind::Repair,
        allowance,
        thresholds: vec![75, 100],
        starts: ClockStart::Opening,
        pausing: Vec::new(),
        source: RuleSource::CompanyPolicy,
    }
}

#[test]
fn a_status_that_stops_the_clock_pushes_the_deadline_and_counts_once_with_a_pause() {
    let cal = recife();
    let mut r = rule(Allowance::CalendarHours(48));
    r.pausing = vec![OrderStatus::NotDone];
    r.starts = ClockStart::Scheduling;
    // Opened Monday 09:00, scheduled 10:00, visit failed Tuesday 10:00, scheduled again
    // Wednesday 10:00 (a day in "não realizada").
    let history = [
        (OrderStatus::PendingAnalysis, at(11, 23, 9, 0)),
        (OrderStatus::Approved, at(11, 23, 9, 30)),
        (OrderStatus::Scheduled, at(11, 23, 10, 0)),
        (OrderStatus::EnRoute, at(11, 24, 9, 0)),
        (OrderStatus::NotDone, at(11, 24, 10, 0)),
        (OrderStatus::Scheduled, at(11, 25, 10, 0)),
    ];
    let start = r.clock_start(&history).unwrap();
    assert_eq!(start, at(11, 23, 10, 0), "counts from the first scheduling");
    let stopped = r.status_pauses(&history, start);
    assert_eq!(stopped.len(), 1);
    let d = r.deadline(&cal, start, &stopped, at(11, 26, 9, 0)).unwrap();
    assert_eq!(d, at(11, 26, 10, 0), "48 h plus the day spent not done");
    // An explicit pause over the same hours counts once.
    let mut both = stopped.clone();
    both.push(Pause {
        from: at(11, 24, 12, 0),
        to: Some(at(11, 24, 14, 0)),
        reason: "aguardando cliente".into(),
    });
    let merged = merge_pauses(both);
    assert_eq!(merged.len(), 1);
    assert_eq!(
        r.deadline(&cal, start, &merged, at(11, 26, 9, 0)).unwrap(),
        d
    );
    // Still in a stopping status: the pause is open and the clock does not run.
    let failed = &history[..5];
    let open = r.status_pauses(failed, start);
    assert_eq!(open[0].to, None);
    assert_eq!(r.milestones(&cal, start, &open), None);
    // A finished order cannot stop the clock.
    let mut bad = r.input();
    bad.pausing = vec![OrderStatus::Done];
    assert_eq!(
        bad.rule(RuleSource::Edited),
        Err(RuleError::PausingFinished)
    );
}

#[test]
fn a_repair_has_48_hours_and_warns_at_three_quarters() {
    let r = rule(Allowance::CalendarHours(48));
    let start = at(11, 23, 9, 0);
    let s = r.status(&recife(), start, &[], at(11, 24, 9, 0)).unwrap();
    assert_eq!(s.deadline, at(11, 25, 9, 0));
    assert_eq!(s.state, SlaState::OnTrack);
    assert_eq!(s.describe(Lang::PtBr), "vence em 24 h");
    let s = r.status(&recife(), start, &[], at(11, 24, 21, 0)).unwrap();
    assert_eq!(s.state, SlaState::AtRisk);
    let s = r.status(&recife(), start, &[], at(11, 25, 9, 40)).unwrap();
    assert_eq!(s.state, SlaState::Breached);
    assert_eq!(s.describe(Lang::PtBr), "venceu há 40 min");
    assert_eq!(s.describe(Lang::En), "overdue by 40 min");
}

#[test]
fn business_hours_read_as_business_hours() {
    let r = rule(Allowance::BusinessHours(8));
    let s = r
        .status(&recife(), at(11, 23, 8, 0), &[], at(11, 23, 13, 0))
        .unwrap();
    assert_eq!(s.deadline, at(11, 23, 16, 0));
    assert_eq!(s.describe(Lang::PtBr), "vence em 3 h úteis");
}

#[test]
fn waiting_on_the_customer_pushes_the_deadline_by_the_time_waited() {
    let r = rule(Allowance::BusinessHours(8));
    let pause = Pause {
        from: at(11, 23, 10, 0),
        to: Some(at(11, 23, 12, 0)),
        reason: "Cliente pediu para aguardar".into(),
    };
    let d = r
        .deadline(&recife(), at(11, 23, 8, 0), &[pause], at(11, 23, 13, 0))
        .unwrap();
    assert_eq!(d, at(11, 23, 18, 0));
}

#[test]
fn impossible_rules_are_refused() {
    assert_eq!(
        rule(Allowance::BusinessDays(0)).validate(),
        Err(RuleError::ZeroAllowance)
    );
    let mut r = rule(Allowance::BusinessDays(10));
    r.thresholds = vec![75, 120];
    assert_eq!(r.validate(), Err(RuleError::ThresholdOutOfRange));
    r.thresholds = vec![90, 75];
    assert_eq!(r.validate(), Err(RuleError::ThresholdsNotAscending));
    assert!(SlaRule::defaults().iter().all(|r| r.validate().is_ok()));
}

fn any_allowance() -> impl Strategy<Value = Allowance> {
    prop_oneof![
        (1u32..60).prop_map(Allowance::BusinessHours),
        (1u32..15).prop_map(Allowance::BusinessDays),
        (1u32..96).prop_map(Allowance::CalendarHours),
        (1u32..10).prop_map(Allowance::CalendarDays),
    ]
}

fn any_moment() -> impl Strategy<Value = NaiveDateTime> {
    (0i64..(2 * 365 * 24 * 60)).prop_map(|m| at(1, 1, 0, 0) + TimeDelta::minutes(m))
}

#[test]
fn milestones_are_where_the_reading_changes() {
    let r = rule(Allowance::CalendarHours(48));
    let m = r.milestones(&recife(), at(11, 23, 9, 0), &[]).unwrap();
    assert_eq!(m.at_risk, at(11, 24, 21, 0));
    assert_eq!(m.deadline, at(11, 25, 9, 0));
    // 8 business hours from Friday 14:00 end on Saturday at 12:00 (Saturday is worked
    // 08–12); warned at 75 %, at risk from 10:00.
    let mut r = rule(Allowance::BusinessHours(8));
    let m = r.milestones(&recife(), at(11, 27, 14, 0), &[]).unwrap();
    assert_eq!(m.deadline, at(11, 28, 12, 0));
    assert_eq!(m.at_risk, at(11, 28, 10, 0));
    // Warned at half: half is used when Friday's shift ends, not when Saturday's starts.
    r.thresholds = vec![50];
    let m = r.milestones(&recife(), at(11, 27, 14, 0), &[]).unwrap();
    assert_eq!(m.at_risk, at(11, 27, 18, 0));
    assert_eq!(
        r.status(&recife(), at(11, 27, 14, 0), &[], at(11, 27, 18, 0))
            .unwrap()
            .state,
        SlaState::AtRisk
    );
    let open = Pause {
        from: at(11, 27, 15, 0),
        to: None,
        reason: "aguardando cliente".into(),
    };
    assert_eq!(r.milestones(&recife(), at(11, 27, 14, 0), &[open]), None);
}

proptest! {
    #[test]
    fn milestones_agree_with_the_reading_at_every_moment(
        a in any_allowance(),
        warn in 1u8..=100,
        start in any_moment(),
        pauses in proptest::collection::vec((0i64..(20 * 24 * 60), 0i64..(3 * 24 * 60)), 0..3),
        probe in 0i64..(40 * 24 * 60 * 60),
    ) {
        let cal = recife();
        let mut r = rule(a);
        r.thresholds = vec![warn];
        let list: Vec<Pause> = pauses
            .iter()
            .map(|&(off, len)| Pause { from: start + TimeDelta::minutes(off), to: Some(start + TimeDelta::minutes(off + len)), reason: "aguardando".into() })
            .collect();
        let m = r.milestones(&cal, start, &list).unwrap();
        let last = list.iter().filter_map(|p| p.to).max().unwrap_or(start);
        // Any moment after the pauses, and the milestones themselves and just before them.
        let probes = [last + TimeDelta::seconds(probe), m.at_risk, m.at_risk - TimeDelta::milliseconds(1), m.deadline, m.deadline - TimeDelta::milliseconds(1)];
        for now in probes.into_iter().filter(|&n| n >= last) {
            let reading = r.status(&cal, start, &list, now).unwrap();
            prop_assert_eq!(reading.deadline, m.deadline);
            prop_assert_eq!(reading.state, m.state(now), "at {} (milestones {:?})", now, m);
        }
    }

    #[test]
    fn deadlines_are_monotone_in_the_start(a in any_allowance(), s1 in any_moment(), gap in 0i64..(10 * 24 * 60)) {
        let cal = recife();
        let r = rule(a);
        let s2 = s1 + TimeDelta::minutes(gap);
        let d1 = r.deadline(&cal, s1, &[], s2).unwrap();
        let d2 = r.deadline(&cal, s2, &[], s2).unwrap();
        prop_assert!(d1 <= d2, "{d1} > {d2}");
        prop_assert!(d1 >= s1);
    }

    #[test]
    fn pausing_the_clock_never_brings_a_deadline_forward(
        a in any_allowance(),
        start in any_moment(),
        pauses in proptest::collection::vec((0i64..(20 * 24 * 60), 0i64..(3 * 24 * 60)), 0..4),
    ) {
        let cal = recife();
        let r = rule(a);
        let now = start + TimeDelta::days(40);
        let list: Vec<Pause> = pauses
            .iter()
            .map(|&(off, len)| Pause { from: start + TimeDelta::minutes(off), to: Some(start + TimeDelta::minutes(off + len)), reason: "aguardando cliente".into() })
            .collect();
        let plain = r.deadline(&cal, start, &[], now).unwrap();
        let mut previous = plain;
        for n in 0..=list.len() {
            let d = r.deadline(&cal, start, &list[..n], now).unwrap();
            prop_assert!(d >= plain);
            prop_assert!(d >= previous, "adding a pause brought the deadline forward");
            previous = d;
        }
    }
}
