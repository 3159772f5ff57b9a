//! Planning a day's routes on a small demo provider, evaluating a manual change, applying.

use campo_fixtures::data::outbox_len;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use campo_demo::{DEFAULT_SEED, DemoSize, today_in_recife};
use campo_domain::{Lang, Localized, OrderStatus};
use campo_planning::{PlanRequest, RouteInput, RoutePlanView};
use campo_store::{Actor, Store};
use uuid::Uuid;

/// Plans with a time limit of `ms`, in Portuguese, never cancelled.
async fn plan_day(store: &Store, request: PlanRequest, ms: u64) -> RoutePlanView {
    campo_planning::plan_routes(
        store,
        &request,
        Duration::from_millis(ms),
        Arc::new(AtomicBool::new(false)),
        Lang::PtBr,
    )
    .await
    .unwrap()
}

const SMALL: DemoSize = DemoSize {
    technicians: 4,
    customers: 80,
    orders: 300,
    days: 20,
};

/// The first working day after today: the tests plan it whatever day of the week they run on.
async fn next_working_day(store: &Store) -> String {
    let tomorrow = today_in_recife() + chrono::Days::new(1);
    campo_fixtures::working_day(store, tomorrow)
        .await
        .to_string()
}

#[tokio::test]
async fn a_days_plan_serves_every_order_once_or_says_why_and_applies_to_the_agenda() {
    let store = Store::open_in_memory().await.unwrap();
    let summary = campo_demo::seed_demo(&store, SMALL, DEFAULT_SEED, today_in_recife())
        .await
        .unwrap();
    let me = Actor {
        id: summary.local_user,
    };
    // The demo's busiest coming day.
    let board = store
        .board(&today_in_recife().to_string(), 7)
        .await
        .unwrap();
    let day = board
        .days
        .iter()
        .filter(|d| d.open)
        .max_by_key(|d| {
            board
                .orders
                .iter()
                .filter(|o| {
                    o.scheduled_date.as_deref() == Some(d.date.as_str())
                        && o.status == OrderStatus::Scheduled
                })
                .count()
        })
        .unwrap()
        .date
        .clone();
    let scheduled: HashSet<String> = board
        .orders
        .iter()
        .filter(|o| {
            o.scheduled_date.as_deref() == Some(day.as_str())
                && matches!(o.status, OrderStatus::Scheduled | OrderStatus::EnRoute)
        })
        .map(|o| o.id.clone())
        .collect();
    assert!(!scheduled.is_empty());

    let plan = plan_day(
        &store,
        PlanRequest {
            date: day.clone(),
            include_queue: false,
            keep_technicians: false,
            period: None,
            technicians: Vec::new(),
            ..PlanRequest::default()
        },
        400,
    )
    .await;
    let mut seen = HashSet::new();
    for r in &plan.routes {
        for s in &r.stops {
            assert!(
                seen.insert(s.order.order_id.clone()),
                "{} twice",
                s.order.order_id
            );
            assert!(s.arrival <= s.start);
        }
        assert!(r.km > 0.0);
    }
    for u in &plan.unassigned {
        assert!(seen.insert(u.order_id.clone()));
        assert!(!u.reason.is_empty());
    }
    assert_eq!(
        seen, scheduled,
        "every order of the day is in a route or left out with a reason"
    );

    // Keeping each order with its technician only orders the visits.
    let kept = plan_day(
        &store,
        PlanRequest {
            date: day.clone(),
            include_queue: false,
            keep_technicians: true,
            period: None,
            technicians: Vec::new(),
            ..PlanRequest::default()
        },
        300,
    )
    .await;
    for r in &kept.routes {
        for s in &r.stops {
            let o = board
                .orders
                .iter()
                .find(|o| o.id == s.order.order_id)
                .unwrap();
            assert_eq!(o.technician_id.as_deref(), Some(r.technician_id.as_str()));
        }
    }

    // Only the mornings of one technician.
    let one = board.technicians[0].id.clone();
    let mornings = plan_day(
        &store,
        PlanRequest {
            date: day.clone(),
            include_queue: false,
            keep_technicians: true,
            period: Some(campo_domain::Period::Morning),
            technicians: vec![one.clone()],
            ..PlanRequest::default()
        },
        200,
    )
    .await;
    for r in &mornings.routes {
        assert_eq!(r.technician_id, one);
        for s in &r.stops {
            assert!(s.start.as_str() <= "12:00", "{}", s.start);
            let o = board
                .orders
                .iter()
                .find(|o| o.id == s.order.order_id)
                .unwrap();
            assert_eq!(o.period, Some(campo_domain::Period::Morning));
        }
    }

    // Moving the last stop of the first route to the front: evaluated as given, not reordered.
    let mut routes: Vec<RouteInput> = plan
        .routes
        .iter()
        .map(|r| RouteInput {
            technician_id: r.technician_id.clone(),
            order_ids: r.stops.iter().map(|s| s.order.order_id.clone()).collect(),
        })
        .collect();
    let first = &mut routes[0].order_ids;
    let last = first.pop().unwrap();
    first.insert(0, last.clone());
    let manual = campo_planning::evaluate_routes(&store, &day, &routes, None, Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(manual.routes[0].stops[0].order.order_id, last);

    // Applying the solver's plan moves orders on the agenda and records each visiting order.
    let planned: Vec<RouteInput> = plan
        .routes
        .iter()
        .map(|r| RouteInput {
            technician_id: r.technician_id.clone(),
            order_ids: r.stops.iter().map(|s| s.order.order_id.clone()).collect(),
        })
        .collect();
    let mut moved = Vec::new();
    for s in plan
        .routes
        .iter()
        .flat_map(|r| &r.stops)
        .filter(|s| s.moved)
    {
        let id = Uuid::parse_str(&s.order.order_id).unwrap();
        if store.get_order(id).await.unwrap().order.status == OrderStatus::Scheduled {
            moved.push(id);
        }
    }
    let before = outbox_len(&store).await;
    campo_planning::apply_routes(&store, me, &day, &planned, None, Lang::PtBr)
        .await
        .unwrap();
    let ops = store.pending_operations(1_000_000).await.unwrap();
    assert!(
        ops[before..]
            .iter()
            .filter(|o| o.kind == "route.set")
            .count()
            == planned.len()
    );
    for r in &planned {
        assert_eq!(
            store.route_order(&day, &r.technician_id).await.unwrap(),
            r.order_ids
        );
        for id in &r.order_ids {
            let o = store
                .get_order(Uuid::parse_str(id).unwrap())
                .await
                .unwrap()
                .order;
            assert_eq!(o.technician_id.as_deref(), Some(r.technician_id.as_str()));
            assert_eq!(o.scheduled_date.as_deref(), Some(day.as_str()));
        }
    }
    // A scheduled visit the plan moved says so in its history, in the reader's language.
    assert!(!moved.is_empty(), "the plan moves a scheduled visit");
    for id in moved {
        let page = store.get_order(id).await.unwrap();
        let replan = page
            .history
            .iter()
            .find(|e| e.from == Some(OrderStatus::Scheduled) && e.to == OrderStatus::Scheduled)
            .unwrap_or_else(|| panic!("no re-planning in {:?}", page.history));
        let why = replan.reason.as_ref().unwrap();
        assert_eq!(why, &campo_domain::history::EventReason::Replanned);
        assert_eq!(why.message(Lang::En), "Routes re-planned");
    }
}

#[tokio::test]
async fn visits_go_only_to_technicians_with_the_skills_they_need() {
    use campo_domain::skills::{Skill, required};
    let store = Store::open_in_memory().await.unwrap();
    let summary = campo_demo::seed_demo(&store, SMALL, DEFAULT_SEED, today_in_recife())
        .await
        .unwrap();
    let me = Actor {
        id: summary.local_user,
    };
    let skills = store.technician_skills().await.unwrap();
    // The demo's last technician does repairs and removals only.
    let repairer = skills
        .iter()
        .find(|t| t.skills.is_empty())
        .cloned()
        .expect("a technician without skills");
    assert!(repairer.configured);
    let day = next_working_day(&store).await;
    let plan = plan_day(
        &store,
        PlanRequest {
            date: day.clone(),
            include_queue: true,
            keep_technicians: false,
            period: None,
            technicians: Vec::new(),
            ..PlanRequest::default()
        },
        400,
    )
    .await;
    let mut installations = 0;
    let mut install = None;
    for r in &plan.routes {
        let has = &skills
            .iter()
            .find(|t| t.technician_id == r.technician_id)
            .unwrap()
            .skills;
        for s in &r.stops {
            let o = store
                .get_order(Uuid::parse_str(&s.order.order_id).unwrap())
                .await
                .unwrap()
                .order;
            let needs = required(o.kind, o.has_iptv);
            installations += usize::from(needs.contains(&Skill::Fusao));
            if o.kind == campo_domain::OrderKind::Installation {
                install = Some(s.clone());
            }
            assert!(
                needs.iter().all(|n| has.contains(n)),
                "OS {} needs {needs:?}, {} has {has:?}",
                o.number,
                r.technician_name
            );
        }
    }
    assert!(installations > 0, "the plan has installations to check");

    // An installation handed to the repairer by hand: the problem names the order by number.
    let install = install.unwrap();
    let by_hand = [RouteInput {
        technician_id: repairer.technician_id.clone(),
        order_ids: vec![install.order.order_id.clone()],
    }];
    let manual = campo_planning::evaluate_routes(&store, &day, &by_hand, None, Lang::PtBr)
        .await
        .unwrap();
    assert_eq!(
        manual.routes[0].problems,
        vec![format!(
            "O técnico não tem a habilidade exigida pela parada OS {:06}.",
            install.order.number
        )]
    );
    // Applying it is refused with nothing written; the refusal names the technician and the
    // order, in the language of whoever reads it.
    let written = outbox_len(&store).await;
    let err = campo_planning::apply_routes(&store, me, &day, &by_hand, None, Lang::PtBr)
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::En),
        format!(
            "{}: The technician lacks a skill stop WO {:06} needs.",
            repairer.name, install.order.number
        )
    );
    assert_eq!(outbox_len(&store).await, written);

    // Giving the repairer the skills is an operation, and they are then able.
    let before = outbox_len(&store).await;
    let mut w = store.writer(me).await.unwrap();
    w.set_technician_skills(
        Uuid::parse_str(&repairer.technician_id).unwrap(),
        &[Skill::Iptv, Skill::Fusao, Skill::Iptv],
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let ops = store.pending_operations(1_000_000).await.unwrap();
    assert_eq!(ops.len(), before + 1);
    assert_eq!(ops[before].kind, "technician.skills.set");
    let now = store.technician_skills().await.unwrap();
    let r = now
        .iter()
        .find(|t| t.technician_id == repairer.technician_id)
        .unwrap();
    assert_eq!(r.skills, vec![Skill::Fusao, Skill::Iptv]);

    // Someone who is not a technician cannot be given skills.
    let mut w = store.writer(me).await.unwrap();
    let err = w
        .set_technician_skills(summary.local_user, &[Skill::Fusao], chrono::Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(err, campo_store::StoreError::NotFound(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_rest_of_a_day_is_replanned_from_where_the_technician_is_and_orders_can_be_chosen() {
    use campo_domain::Transition;
    let store = Store::open_in_memory().await.unwrap();
    let summary = campo_demo::seed_demo(&store, SMALL, DEFAULT_SEED, today_in_recife())
        .await
        .unwrap();
    let me = Actor {
        id: summary.local_user,
    };
    let day = next_working_day(&store).await;
    let everything = PlanRequest {
        date: day.clone(),
        ..PlanRequest::default()
    };
    let candidates = campo_planning::route_candidates(&store, &everything)
        .await
        .unwrap();
    assert!(candidates.len() >= 3, "{} orders", candidates.len());
    // Orders drawn around on the map: only they are planned.
    let chosen: Vec<String> = candidates[..2]
        .iter()
        .map(|c| c.order.order_id.clone())
        .collect();
    let plan = plan_day(
        &store,
        PlanRequest {
            orders: chosen.clone(),
            ..everything.clone()
        },
        200,
    )
    .await;
    let mut planned: Vec<String> = plan
        .routes
        .iter()
        .flat_map(|r| r.stops.iter().map(|s| s.order.order_id.clone()))
        .chain(plan.unassigned.iter().map(|u| u.order_id.clone()))
        .collect();
    planned.sort();
    let mut want = chosen.clone();
    want.sort();
    assert_eq!(planned, want);

    // A technician with two visits that day is at the first one (in progress) at 14:00.
    let board = store.board(&day, 1).await.unwrap();
    let (tech, first, second) = board
        .technicians
        .iter()
        .find_map(|t| {
            let mine: Vec<_> = board
                .orders
                .iter()
                .filter(|o| {
                    o.technician_id.as_deref() == Some(t.id.as_str())
                        && o.status == OrderStatus::Scheduled
                })
                .collect();
            (mine.len() >= 2).then(|| (t.id.clone(), mine[0].id.clone(), mine[1].id.clone()))
        })
        .expect("a technician with two visits");
    let route = [RouteInput {
        technician_id: tech.clone(),
        order_ids: vec![second.clone()],
    }];
    let from_base =
        campo_planning::evaluate_routes(&store, &day, &route, Some("14:00"), Lang::PtBr)
            .await
            .unwrap();
    let mut w = store.writer(me).await.unwrap();
    for to in [OrderStatus::EnRoute, OrderStatus::InProgress] {
        w.transition_order(
            Uuid::parse_str(&first).unwrap(),
            &Transition {
                to,
                reason: None,
                schedule: None,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    }
    w.commit().await.unwrap();
    let from_there =
        campo_planning::evaluate_routes(&store, &day, &route, Some("14:00"), Lang::PtBr)
            .await
            .unwrap();
    let whole_day = campo_planning::evaluate_routes(&store, &day, &route, None, Lang::PtBr)
        .await
        .unwrap();
    let r = &from_there.routes[0];
    assert!(
        r.stops[0].arrival.as_str() >= "14:00",
        "{}",
        r.stops[0].arrival
    );
    assert!(
        (r.km - from_base.routes[0].km).abs() > 0.05,
        "leaves from the customer in progress ({} km), not the base ({} km)",
        r.km,
        from_base.routes[0].km
    );
    assert!((whole_day.routes[0].km - from_base.routes[0].km).abs() < 0.05);

    // Re-planning the rest of the day leaves the visit in progress out and keeps windows.
    let rest = plan_day(
        &store,
        PlanRequest {
            keep_technicians: true,
            technicians: vec![tech.clone()],
            from_time: Some("14:00".into()),
            ..everything.clone()
        },
        200,
    )
    .await;
    let all: Vec<&str> = rest
        .routes
        .iter()
        .flat_map(|r| r.stops.iter().map(|s| s.order.order_id.as_str()))
        .chain(rest.unassigned.iter().map(|u| u.order_id.as_str()))
        .collect();
    assert!(!all.contains(&first.as_str()));
    assert!(all.contains(&second.as_str()));
    for r in &rest.routes {
        for s in &r.stops {
            assert!(
                s.start.as_str() >= "14:00",
                "{} starts {}",
                s.order.number,
                s.start
            );
        }
    }

    // A time that is not one is refused by name.
    let err = campo_planning::evaluate_routes(&store, &day, &route, Some("25h"), Lang::PtBr)
        .await
        .unwrap_err();
    assert_eq!(
        err.message(Lang::PtBr),
        "Horário inválido: \"25h\" (use HH:MM)."
    );
    assert_eq!(err.message(Lang::En), "Invalid time: \"25h\" (use HH:MM).");
}

#[tokio::test]
async fn each_technician_leaves_from_and_returns_to_their_own_base() {
    let store = Store::open_in_memory().await.unwrap();
    let summary = campo_demo::seed_demo(&store, SMALL, DEFAULT_SEED, today_in_recife())
        .await
        .unwrap();
    let me = Actor {
        id: summary.local_user,
    };
    let technicians = store.technician_skills().await.unwrap();
    let north = technicians[0].technician_id.clone();
    // A second base, in Olinda, where the first technician starts the day.
    let mut profile = campo_demo::profile();
    profile.bases.push(campo_domain::provider::Base {
        name: "Almoxarifado Olinda".into(),
        lat: -8.0089,
        lon: -34.8553,
        technicians: vec![north.clone()],
    });
    let mut w = store.writer(me).await.unwrap();
    w.set_provider_profile(&profile, chrono::Utc::now())
        .await
        .unwrap();
    w.commit().await.unwrap();

    let day = next_working_day(&store).await;
    let plan = plan_day(
        &store,
        PlanRequest {
            date: day,
            include_queue: true,
            ..PlanRequest::default()
        },
        300,
    )
    .await;
    assert_eq!(plan.base, Some((-8.0631, -34.8711)), "the first base");
    assert!(!plan.routes.is_empty());
    for route in &plan.routes {
        let expected = if route.technician_id == north {
            (-8.0089, -34.8553)
        } else {
            (-8.0631, -34.8711)
        };
        assert_eq!(route.home, expected, "{}", route.technician_name);
    }
    assert!(
        plan.routes.iter().any(|r| r.technician_id == north),
        "the technician of the second base has a route"
    );
}
