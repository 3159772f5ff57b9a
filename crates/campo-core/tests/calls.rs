//! Customers' calls through the application layer against a real server: atendimento (N1)
//! finds the customer and records the call with the deadline promised; N1 passes it to N2;
//! N2 at the office opens the repair visit, which waits in the agenda's queue with its
//! deadline running from the call; a step on a call someone already moved is refused naming
//! where it stands.

use campo_core::calls::{CallInput, calls, find_customers, get_call, open_call, step_call};
use campo_core::sync::{refused_changes, sync_now};
use campo_core::{CommandError, ErrorCode};
use campo_domain::support::{CallStatus, CallStep, Problem};
use campo_domain::{Lang, OrderKind, OrderStatus};
use campo_fixtures::data::{customer, plan, sale};
use campo_fixtures::server::start;
use campo_store::support::CallQuery;

mod support;
use support::joined;

#[tokio::test]
async fn an_n1_call_becomes_an_n2_visit_in_the_queue_with_its_deadline_from_the_call() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    {
        let (store, actor) = admin.acting().await.unwrap();
        let mut w = store.writer(actor).await.unwrap();
        sale(&mut w, &plan(), &customer()).await;
        w.commit().await.unwrap();
    }
    sync_now(&admin).await.unwrap();
    let (_r, n1) = joined(&server.url, "rosa").await;
    let (_m, n2) = joined(&server.url, "mariana").await;

    let hits = find_customers(&n1, "joana".into()).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        find_customers(&n1, "99876".into()).await.unwrap().len(),
        1,
        "by phone"
    );
    let tomorrow = (chrono::Utc::now() + chrono::Days::new(1)).date_naive();
    let input = CallInput {
        customer_id: hits[0].id.clone(),
        problem: Some(Problem::NoConnection),
        description: "Sem internet desde ontem à noite".into(),
        tried: "Reiniciou a ONU; luz LOS vermelha".into(),
        promised_date: tomorrow.to_string(),
        promised_time: "18:00".into(),
    };
    let past = CallInput {
        promised_date: "2020-01-01".into(),
        ..input.clone()
    };
    let err = open_call(&n1, past).await.unwrap_err();
    assert_eq!(
        CommandError::from_app(&err, Lang::PtBr).message,
        "O prazo prometido ao cliente já passou: informe uma data e hora futuras"
    );
    let call = open_call(&n1, input).await.unwrap();
    assert_eq!(call.row.status, CallStatus::N1);
    // N1 may pass it on, never open the visit itself.
    let err = step_call(&n1, call.row.id.clone(), CallStep::Visit, Some("x".into()))
        .await
        .unwrap_err();
    assert_eq!(
        CommandError::from_app(&err, Lang::PtBr).message,
        "Um chamado “Com o atendimento (N1)” não pode ser levado a uma visita"
    );
    step_call(&n1, call.row.id.clone(), CallStep::Escalate, None)
        .await
        .unwrap();
    sync_now(&n1).await.unwrap();
    // At N2 the call is the coordination's: N1's device refuses a step there, by role.
    let err = step_call(
        &n1,
        call.row.id.clone(),
        CallStep::Solve,
        Some("Voltou".into()),
    )
    .await
    .unwrap_err();
    let shown = CommandError::from_app(&err, Lang::PtBr);
    assert_eq!(shown.code, ErrorCode::NotAllowed, "{shown:?}");
    assert_eq!(
        get_call(&n1, call.row.id.clone()).await.unwrap().row.status,
        CallStatus::N2,
        "nothing saved"
    );

    // N2 tried remotely: a visit is needed. (The administrator sees the call at N2 too.)
    sync_now(&n2).await.unwrap();
    sync_now(&admin).await.unwrap();
    let open = calls(
        &n2,
        CallQuery {
            open_only: true,
            text: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].status, CallStatus::N2);
    let err = step_call(&n2, call.row.id.clone(), CallStep::Visit, None)
        .await
        .unwrap_err();
    assert_eq!(
        CommandError::from_app(&err, Lang::PtBr).code,
        ErrorCode::InvalidInput
    );
    // Mariana works in English: the visit's notes are hers, written in her language.
    n2.set_lang(Lang::En);
    let visited = step_call(
        &n2,
        call.row.id.clone(),
        CallStep::Visit,
        Some("Sinal da ONU em -32 dBm: drop rompido".into()),
    )
    .await
    .unwrap();
    assert_eq!(visited.row.status, CallStatus::Visit);
    let order = visited.row.order_id.clone().unwrap();
    let page = campo_core::orders::get_order(&n2, order.clone())
        .await
        .unwrap();
    assert_eq!(page.order.kind, OrderKind::Repair);
    assert_eq!(
        page.order.status,
        OrderStatus::Approved,
        "in the agenda's queue"
    );
    assert_eq!(
        page.history[0].at, call.row.opened_at,
        "the visit's deadline runs from the call"
    );
    assert!(
        page.notes.as_deref().unwrap().starts_with(
            "Call 1: No connection — Sem internet desde ontem à noite | Tried: Reiniciou a ONU"
        ),
        "{:?}",
        page.notes
    );
    sync_now(&n2).await.unwrap();
    assert_eq!(sync_now(&n2).await.unwrap().refused, 0);

    // The administrator, who saw it at N2 before the visit, solves it too: refused by name,
    // and the call as the server has it comes back.
    step_call(
        &admin,
        call.row.id.clone(),
        CallStep::Solve,
        Some("Cliente reiniciou de novo e voltou".into()),
    )
    .await
    .unwrap();
    sync_now(&admin).await.unwrap();
    sync_now(&admin).await.unwrap();
    let refused = refused_changes(&admin).await.unwrap();
    assert_eq!(
        refused[0].why,
        "O chamado já está “Visita aberta”: veja como ficou e decida de novo"
    );
    let view = get_call(&admin, call.row.id.clone()).await.unwrap();
    assert_eq!(view.row.status, CallStatus::Visit);
    assert_eq!(view.steps.len(), 2);
}

#[tokio::test]
async fn the_office_opens_an_order_of_any_kind_for_a_customer_with_their_plan() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    let customer_only = {
        let (store, actor) = admin.acting().await.unwrap();
        let mut w = store.writer(actor).await.unwrap();
        let (_, customer, _) = sale(&mut w, &plan(), &customer()).await;
        let other = w
            .create_customer(&campo_fixtures::data::customer_n(2), chrono::Utc::now())
            .await
            .unwrap();
        w.commit().await.unwrap();
        let _ = customer;
        other
    };
    sync_now(&admin).await.unwrap();
    let (_m, office) = joined(&server.url, "mariana").await;
    let joana = find_customers(&office, "Joana".into()).await.unwrap();
    let removal = campo_core::orders::open_order(
        &office,
        campo_core::orders::NewOrderInput {
            customer_id: joana[0].id.clone(),
            kind: OrderKind::Removal,
            plan_id: None,
            notes: Some("Retirar ONU e roteador; cliente cancelou".into()),
            new_address: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(removal.order.status, OrderStatus::Approved, "in the queue");
    assert_eq!(removal.plan.name, "Fibra 500 Mega", "the customer's plan");
    assert_eq!(
        removal.notes.as_deref(),
        Some("Retirar ONU e roteador; cliente cancelou")
    );
    assert!(removal.order.deadline.is_some(), "with its deadline");
    // A customer with no order has no plan to go by: the plan is asked for by name.
    let err = campo_core::orders::open_order(
        &office,
        campo_core::orders::NewOrderInput {
            customer_id: customer_only.to_string(),
            kind: OrderKind::Repair,
            plan_id: None,
            notes: None,
            new_address: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        CommandError::from_app(&err, Lang::PtBr).message,
        "Campo obrigatório: plano"
    );
    // A plan change names the new plan, not hers; an SVA activation needs a plan with one.
    let refused = |kind: OrderKind, plan_id: Option<String>| {
        let office = &office;
        let customer_id = joana[0].id.clone();
        async move {
            let err = campo_core::orders::open_order(
                office,
                campo_core::orders::NewOrderInput {
                    customer_id,
                    kind,
                    plan_id,
                    notes: None,
                    new_address: None,
                },
            )
            .await
            .unwrap_err();
            CommandError::from_app(&err, Lang::PtBr).message
        }
    };
    assert_eq!(
        refused(OrderKind::PlanChange, None).await,
        "Campo obrigatório: plano"
    );
    assert_eq!(
        refused(OrderKind::AddressChange, None).await,
        "Campo obrigatório: novo endereço"
    );
    assert_eq!(
        refused(OrderKind::PlanChange, Some(removal.plan.id.clone())).await,
        "O cliente já tem este plano: escolha o plano novo"
    );
    assert_eq!(
        refused(OrderKind::SvaActivation, None).await,
        "O plano Fibra 500 Mega não inclui IPTV nem SVA: para ativar um serviço, abra antes uma mudança de plano"
    );
    // The customer's page: her orders; her details changed as an operation, kept in history.
    let page = campo_core::orders::customer_page(&office, joana[0].id.clone())
        .await
        .unwrap();
    assert_eq!(page.orders.len(), 2);
    let mut details = page.details.clone();
    details.phone2 = "81 3222".into();
    let err = campo_core::orders::edit_customer(&office, joana[0].id.clone(), details.clone())
        .await
        .unwrap_err();
    assert_eq!(
        CommandError::from_app(&err, Lang::PtBr).message,
        "Telefone inválido: informe DDD e número, como (81) 99999-9999"
    );
    details.phone2 = "(81) 3222-1100".into();
    details.name = "Joana Ferreira Lima".into();
    let page = campo_core::orders::edit_customer(&office, joana[0].id.clone(), details)
        .await
        .unwrap();
    assert_eq!(page.details.phone2, "(81) 3222-1100");
    assert_eq!(page.changes[0].fields, ["name", "phone2"]);
    let again = campo_core::orders::get_order(&office, removal.order.id.clone())
        .await
        .unwrap();
    assert_eq!(
        again.order.customer_name, "Joana Ferreira Lima",
        "the list follows"
    );
    sync_now(&office).await.unwrap();
    assert_eq!(sync_now(&office).await.unwrap().refused, 0);
    sync_now(&admin).await.unwrap();
    let at_admin = campo_core::orders::customer_page(&admin, joana[0].id.clone())
        .await
        .unwrap();
    assert_eq!(at_admin.details.name, "Joana Ferreira Lima");
    assert_eq!(at_admin.changes[0].actor_name, "Mariana Lima");
}
