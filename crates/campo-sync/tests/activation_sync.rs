//! Activation checklists across devices through a real campo-server: a template, an attempt
//! and its ticks reach the office's other devices; two people answering the same item keep
//! both answers in the audit, and the later one (by clock) is the current answer everywhere.

use campo_domain::activation::Outcome;
use campo_domain::{Lang, OrderKind, OrderStatus, Period};
use campo_fixtures::server::{device, start};
use campo_fixtures::{customer, go};
use campo_store::activation::{IPTV, TickInput};
use chrono::Utc;

fn tick(key: &str, value: &str, note: Option<&str>) -> TickInput {
    TickInput {
        item_key: key.into(),
        value: value.into(),
        note: note.map(str::to_owned),
    }
}

/// As `admin` (synced first): an IPTV installation done for Josué today, and the IPTV
/// checklist's template; committed and sent. Returns the order.
async fn iptv_installed(
    server: &campo_fixtures::server::Server,
    admin: &campo_fixtures::server::Device,
) -> uuid::Uuid {
    admin.sync().await;
    let now = Utc::now();
    let mut w = admin.store().writer(admin.actor()).await.unwrap();
    let (_, _, order) =
        campo_fixtures::sale(&mut w, &campo_fixtures::plan_iptv(), &customer()).await;
    campo_fixtures::approve_and_schedule(&mut w, order, campo_fixtures::today(), server.technician)
        .await;
    for to in [
        OrderStatus::EnRoute,
        OrderStatus::InProgress,
        OrderStatus::Done,
    ] {
        w.transition_order(order, &go(to), now).await.unwrap();
    }
    w.save_activation_template(
        IPTV,
        "Ativação IPTV",
        &campo_domain::activation::default_iptv_items(),
        now,
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    admin.sync().await;
    order
}

#[tokio::test]
async fn checklist_ticks_sync_per_item_with_the_latest_answer_winning_and_both_audited() {
    let server = start().await;
    let admin = device(&server, "admin").await;
    let coord = device(&server, "mariana").await;
    let order = iptv_installed(&server, &admin).await;
    let me = admin.actor();
    let now = Utc::now();
    let mut w = admin.store().writer(me).await.unwrap();
    let attempt = w.start_activation(order, now).await.unwrap();
    w.tick_activation(attempt, &tick("configurar", "true", None), now)
        .await
        .unwrap();
    w.commit().await.unwrap();
    let report = admin.sync().await;
    let refused: Vec<(String, Option<String>)> = admin
        .store()
        .all_operations()
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.push_outcome.as_deref() == Some("rejected"))
        .map(|o| (o.kind, o.push_note))
        .collect();
    assert_eq!((report.rejected, report.conflicts), (0, 0), "{refused:?}");

    // The coordinator's device receives the checklist with the tick.
    coord.sync().await;
    let seen = coord
        .store()
        .activation_of(order, Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(seen.attempts.len(), 1);
    let configured = seen.attempts[0]
        .items
        .iter()
        .find(|i| i.item.key == "configurar")
        .unwrap();
    assert_eq!(configured.current.as_ref().unwrap().outcome, Outcome::Pass);

    // Both answer the login item offline: the admin first, the coordinator later.
    let mut w = admin.store().writer(me).await.unwrap();
    w.tick_activation(attempt, &tick("login", "true", None), Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();
    // The coordinator answers later: their device's clock says so, whatever the machine's.
    coord
        .store()
        .set_clock_offset(chrono::TimeDelta::seconds(1));
    let mut w = coord.store().writer(coord.actor()).await.unwrap();
    w.tick_activation(
        attempt,
        &tick("login", "false", Some("Senha do cliente expirada")),
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    // The later answer reaches the server first; order of arrival does not matter.
    coord.sync().await;
    admin.sync().await;
    coord.sync().await;
    for d in [&admin, &coord] {
        let view = d.store().activation_of(order, Lang::PtBr).await.unwrap();
        let login = view.attempts[0]
            .items
            .iter()
            .find(|i| i.item.key == "login")
            .unwrap();
        assert_eq!(login.history.len(), 2, "both answers are kept");
        let current = login.current.as_ref().unwrap();
        assert_eq!(current.outcome, Outcome::Fail);
        assert_eq!(current.note.as_deref(), Some("Senha do cliente expirada"));
    }
}

#[tokio::test]
async fn deadline_pauses_and_applied_routes_reach_the_other_devices() {
    let server = start().await;
    let admin = device(&server, "admin").await;
    let tech = device(&server, "josue").await;
    admin.sync().await;
    let me = admin.actor();
    let now = Utc::now();
    let mut w = admin.store().writer(me).await.unwrap();
    let (_, _, order) = campo_fixtures::sale(&mut w, &campo_fixtures::plan(), &customer()).await;
    w.transition_order(order, &campo_fixtures::go(OrderStatus::Approved), now)
        .await
        .unwrap();
    let day = campo_fixtures::working_day(admin.store(), campo_fixtures::today()).await;
    w.schedule_order(order, day, Period::Afternoon, server.technician, now)
        .await
        .unwrap();
    w.pause_order(order, "Aguardando o síndico", now)
        .await
        .unwrap();
    w.commit().await.unwrap();
    campo_planning::apply_routes(
        admin.store(),
        me,
        &day.to_string(),
        &[campo_planning::RouteInput {
            technician_id: server.technician.to_string(),
            order_ids: vec![order.to_string()],
        }],
        None,
        Lang::PtBr,
    )
    .await
    .unwrap();
    // The technician's skills are the office's business.
    let mut w = admin.store().writer(me).await.unwrap();
    w.set_technician_skills(
        server.technician,
        &[campo_domain::skills::Skill::Fusao],
        now,
    )
    .await
    .unwrap();
    // So are the weekdays they work.
    w.set_work_week(
        server.technician,
        &[true, true, true, true, true, false, false],
        now,
    )
    .await
    .unwrap();
    // A deadline rule reaches every device (technicians' deadlines count with it too).
    let repair_rule = campo_domain::sla::RuleInput {
        kind: OrderKind::Repair,
        unit: campo_domain::sla::AllowanceUnit::BusinessHours,
        amount: 16,
        thresholds: vec![60, 100],
        starts: Some(campo_domain::sla::ClockStart::Scheduling),
        pausing: vec![OrderStatus::NotDone],
    };
    w.set_sla_rule(&repair_rule, now).await.unwrap();
    // So do the agenda's periods and service times.
    let settings = campo_domain::agenda::AgendaSettings {
        morning: (7 * 60, 11 * 60),
        repair_minutes: 45,
        ..Default::default()
    };
    w.set_agenda_settings(&settings, now).await.unwrap();
    // And the business calendar's hours.
    let mut hours = admin.store().week_hours().await.unwrap();
    hours.days[5] = None;
    w.set_week_hours(&hours, now).await.unwrap();
    // So does a company day off (deadlines and the agenda's open days use it).
    let calendar = admin.store().business_calendar(2020..=2040).await.unwrap();
    let company_day = (40..)
        .filter_map(|n| day.checked_add_days(chrono::Days::new(n)))
        .find(|d| calendar.day_off(*d).is_none())
        .unwrap();
    w.add_day_off(
        company_day,
        "Aniversário da empresa",
        campo_domain::calendar::EditableLayer::Company,
        None,
        now,
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let report = admin.sync().await;
    assert_eq!((report.rejected, report.conflicts), (0, 0), "{report:?}");
    let coordinator = device(&server, "mariana").await;
    coordinator.sync().await;
    let skills = coordinator.store().technician_skills().await.unwrap();
    let josue = skills
        .iter()
        .find(|t| t.technician_id == server.technician.to_string())
        .expect("the technician is known to the coordinator");
    assert_eq!(josue.skills, vec![campo_domain::skills::Skill::Fusao]);
    assert!(josue.configured);
    let weeks = coordinator.store().work_weeks().await.unwrap();
    let josue_week = weeks
        .iter()
        .find(|w| w.technician_id == server.technician.to_string())
        .expect("the technician's week on the coordinator's device");
    assert_eq!(
        josue_week.days,
        [true, true, true, true, true, false, false]
    );

    tech.sync().await;
    let tech_rules = tech.store().sla_rules().await.unwrap();
    let repair = tech_rules
        .iter()
        .find(|r| r.rule.kind == OrderKind::Repair)
        .unwrap();
    assert!(repair.edited, "the rule reached the technician");
    assert_eq!(tech.store().agenda_settings().await.unwrap(), settings);
    assert_eq!(tech.store().week_hours().await.unwrap(), hours);
    assert_eq!(repair.rule, repair_rule);
    let tech_days = tech
        .store()
        .days_off(chrono::Datelike::year(&company_day))
        .await
        .unwrap();
    assert!(
        tech_days
            .iter()
            .any(|d| d.date == company_day.to_string() && d.name == "Aniversário da empresa"),
        "the company's day off reached the technician"
    );
    let on_tech = tech.store().technician_skills().await.unwrap();
    let own = on_tech
        .iter()
        .find(|t| t.technician_id == server.technician.to_string())
        .expect("the technician's device knows its own person");
    assert!(!own.configured, "skills stay on office devices");
    let seen = tech.store().get_order(order).await.unwrap();
    assert!(seen.paused, "the pause reached the technician");
    assert_eq!(seen.pauses[0].reason, "Aguardando o síndico");
    assert_eq!(
        tech.store()
            .route_order(&day.to_string(), &server.technician.to_string())
            .await
            .unwrap(),
        vec![order.to_string()],
        "the route reached the technician"
    );
}

#[tokio::test]
async fn the_sva_manager_fails_an_activation_with_a_repair_visit_and_the_office_gets_it() {
    let server = start().await;
    server.add_sva_manager().await;
    let admin = device(&server, "admin").await;
    let order = iptv_installed(&server, &admin).await;

    // Sérgio, on his own computer, starts the activation and fails it: a repair visit.
    let sva = device(&server, "sergio").await;
    sva.sync().await;
    let mut w = sva.store().writer(sva.actor()).await.unwrap();
    let attempt = w.start_activation(order, Utc::now()).await.unwrap();
    let repair = w
        .fail_activation(attempt, "Sinal óptico baixo na caixa", true, Utc::now())
        .await
        .expect("the SVA manager opens the repair visit")
        .expect("a repair visit");
    w.commit().await.unwrap();
    let report = sva.sync().await;
    assert_eq!((report.rejected, report.conflicts), (0, 0));

    // The office's queue has the repair, saying why.
    admin.sync().await;
    let page = admin.store().get_order(repair).await.unwrap();
    assert_eq!(page.order.kind, OrderKind::Repair);
    assert_eq!(page.order.status, OrderStatus::Approved);
    assert_eq!(page.notes.as_deref(), Some("Sinal óptico baixo na caixa"));
}
