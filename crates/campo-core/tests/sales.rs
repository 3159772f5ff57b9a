//! From sale to installation through the application layer, against a real server on
//! 127.0.0.1: a seller enters a sale offline and it syncs; the back office rejects it with a
//! reason; the seller fixes it and sends it again; the back office approves, and the customer's
//! installation waits in the agenda's queue with the customer's periods; the technician it is
//! scheduled for gets the visit without CPF, mother's name or birth date. A seller never
//! approves, and a sale moved on by someone else is refused naming them.

use campo_core::sales::{
    approve_sale, check_sale_cpf, get_sale, my_sales, open_sale_draft, reject_sale, sale_drafts,
    sale_queue, save_sale_draft, submit_sale,
};
use campo_core::sync::{refused_changes, sync_now};
use campo_core::{AppError, CommandError, Context, ErrorCode};
use campo_domain::sale::{RejectReason, SaleStatus};
use campo_domain::{Lang, OrderStatus, Period};
use campo_fixtures::data::plan;
use campo_fixtures::forms::sale_form;
use campo_fixtures::server::{Gate, start};
use campo_store::sales::SaleQuery;
use uuid::Uuid;

mod support;
use support::joined;

#[path = "sales/payments.rs"]
mod payments;

fn shown(err: &AppError) -> CommandError {
    CommandError::from_app(err, Lang::PtBr)
}

/// The plan catalogue, as the administrator's device writes it; returns the plan.
async fn a_plan(admin: &Context) -> Uuid {
    let (store, actor) = admin.acting().await.unwrap();
    let mut w = store.writer(actor).await.unwrap();
    let id = w.create_plan(&plan(), chrono::Utc::now()).await.unwrap();
    w.commit().await.unwrap();
    sync_now(admin).await.unwrap();
    id
}

/// A sale Sofia sent to analysis, synced to the back office's device (Warley's).
struct Sent {
    admin: Context,
    seller: Context,
    office: Context,
    sale: String,
    plan: Uuid,
    /// The devices' folders: the administration's, the seller's, the back office's.
    folders: [tempfile::TempDir; 3],
}

async fn sent(server: &campo_fixtures::server::Server) -> Sent {
    let (a, admin) = joined(&server.url, "admin").await;
    let plan = a_plan(&admin).await;
    let (s, seller) = joined(&server.url, "sofia").await;
    let (b, office) = joined(&server.url, "warley").await;
    let sale = submit_sale(&seller, None, None, sale_form(plan))
        .await
        .unwrap();
    sync_now(&seller).await.unwrap();
    sync_now(&office).await.unwrap();
    Sent {
        admin,
        seller,
        office,
        sale,
        plan,
        folders: [a, s, b],
    }
}

fn queue_of(status: SaleStatus) -> SaleQuery {
    SaleQuery {
        status: Some(status),
        ..SaleQuery::default()
    }
}

#[tokio::test]
async fn a_sale_goes_from_the_seller_through_analysis_to_the_technicians_visit() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    let plan = a_plan(&admin).await;
    let gate = Gate::before(&server.url).await;
    let (_s, seller) = joined(&gate.url, "sofia").await;
    let (_b, office) = joined(&server.url, "warley").await;

    // In the street, offline: a draft first, then every bad field named at once.
    gate.shut(true);
    let mut form = sale_form(plan);
    form.cpf = "529.982.247-24".into();
    form.birth_date = "2015-01-01".into();
    form.periods.clear();
    let draft = save_sale_draft(&seller, None, None, form.clone())
        .await
        .unwrap();
    assert_eq!(sale_drafts(&seller).await.unwrap().len(), 1);
    let refused = shown(
        &submit_sale(&seller, None, Some(draft.clone()), form.clone())
            .await
            .unwrap_err(),
    );
    assert_eq!(refused.code, ErrorCode::InvalidFields);
    assert_eq!(refused.params["cpf"], "CPF inválido: verifique os dígitos");
    assert_eq!(
        refused.params["birthDate"],
        "O titular precisa ter 18 anos ou mais"
    );
    assert_eq!(
        refused.params["periods"],
        "Campo obrigatório: períodos disponíveis"
    );
    assert_eq!(
        open_sale_draft(&seller, draft.clone()).await.unwrap().form,
        form,
        "the draft is kept as typed"
    );
    let form = sale_form(plan);
    let sale = submit_sale(&seller, None, Some(draft), form.clone())
        .await
        .unwrap();
    assert!(
        sale_drafts(&seller).await.unwrap().is_empty(),
        "sent with it"
    );
    let mine = my_sales(&seller).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].status, SaleStatus::InAnalysis);
    // A seller never approves: refused on the device, nothing waits.
    let err = approve_sale(&seller, sale.clone(), None).await.unwrap_err();
    assert_eq!(shown(&err).code, ErrorCode::NotAllowed);

    // Back online: the back office finds it, oldest first, and rejects it with a reason.
    gate.shut(false);
    sync_now(&seller).await.unwrap();
    sync_now(&office).await.unwrap();
    let queue = sale_queue(&office, queue_of(SaleStatus::InAnalysis))
        .await
        .unwrap();
    assert_eq!(queue.total, 1);
    assert_eq!(queue.rows[0].seller_name, "Sofia Castro");
    let found = sale_queue(
        &office,
        SaleQuery {
            text: Some("529.982.247-25".into()),
            ..SaleQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(found.total, 1, "found by a masked CPF");
    let err = reject_sale(&office, sale.clone(), Some(RejectReason::Other), None, None)
        .await
        .unwrap_err();
    assert_eq!(
        shown(&err).message,
        "Escreva na observação qual é o outro motivo"
    );
    reject_sale(
        &office,
        sale.clone(),
        Some(RejectReason::DataMismatch),
        Some("O número da casa não confere com o comprovante".into()),
        Some("OP-2026-0042".into()),
    )
    .await
    .unwrap();
    sync_now(&office).await.unwrap();

    // The seller reads why, fixes it and sends it again: a second round.
    sync_now(&seller).await.unwrap();
    let mine = my_sales(&seller).await.unwrap();
    assert_eq!(mine[0].status, SaleStatus::Rejected);
    assert_eq!(mine[0].reason, Some(RejectReason::DataMismatch));
    assert_eq!(
        mine[0].note.as_deref(),
        Some("O número da casa não confere com o comprovante")
    );
    let mut fixed = get_sale(&seller, sale.clone()).await.unwrap().form;
    fixed.address.number = "1210".into();
    submit_sale(&seller, Some(sale.clone()), None, fixed)
        .await
        .unwrap();
    sync_now(&seller).await.unwrap();
    sync_now(&office).await.unwrap();

    // The back office approves round 2: the customer's installation is in the queue.
    let opened = get_sale(&office, sale.clone()).await.unwrap();
    assert_eq!(opened.row.round, 2);
    assert_eq!(opened.form.address.number, "1210");
    // The consent travels with the terms' version the customer agreed to, and their words.
    assert_eq!(
        opened.form.consent_terms,
        Some(campo_domain::sale::CONSENT_TERMS)
    );
    let terms = campo_core::sales::consent_terms(&office, opened.form.consent_terms)
        .await
        .unwrap();
    assert!(
        terms
            .text
            .starts_with("Autorizo o provedor a tratar os meus dados pessoais")
    );
    assert_eq!(
        opened
            .events
            .iter()
            .map(|e| (e.round, e.kind.as_str()))
            .collect::<Vec<_>>(),
        [(1, "sent"), (1, "rejected"), (2, "sent")]
    );
    let approved = approve_sale(&office, sale.clone(), None).await.unwrap();
    assert_eq!(approved.row.status, SaleStatus::Approved);
    assert_eq!(approved.row.protocol.as_deref(), Some("OP-2026-0042"));
    let order = approved.row.order_id.clone().unwrap();
    sync_now(&office).await.unwrap();
    let summary = sync_now(&office).await.unwrap();
    assert_eq!(summary.refused, 0, "the server took every change");

    let (_c, coordination) = joined(&server.url, "mariana").await;
    let page = campo_core::orders::get_order(&coordination, order.clone())
        .await
        .unwrap();
    assert_eq!(page.order.status, OrderStatus::Approved);
    assert_eq!(page.order.available_periods, [Period::Afternoon]);
    assert_eq!(
        page.customer.reference.as_deref(),
        Some("Em frente à padaria")
    );
    // The coordination schedules visits: it never receives the CPF (LGPD); the back office does.
    assert_eq!(page.customer.cpf, None);
    let at_office = campo_core::orders::get_order(&office, order.clone())
        .await
        .unwrap();
    assert_eq!(at_office.customer.cpf.as_deref(), Some("529.982.247-25"));

    // Scheduled for Josué: his device gets the visit without personal data.
    let (store, actor) = coordination.acting().await.unwrap();
    let mut w = store.writer(actor).await.unwrap();
    let day = chrono::Utc::now().date_naive() + chrono::Days::new(1);
    w.schedule_order(
        Uuid::parse_str(&order).unwrap(),
        day,
        Period::Afternoon,
        server.technician,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    sync_now(&coordination).await.unwrap();
    let (tech_data, technician) = joined(&server.url, "josue").await;
    let visit = campo_core::orders::get_order(&technician, order.clone())
        .await
        .unwrap();
    assert_eq!(visit.customer.name, "Maria das Graças Silva");
    assert_eq!(visit.customer.cpf, None);
    let file = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        tech_data.path().join("server.db").display()
    ))
    .await
    .unwrap();
    let personal: (Option<String>, Option<String>, i64) = sqlx::query_as(
        "SELECT (SELECT mother_name FROM customers), (SELECT birth_date FROM customers), (SELECT COUNT(*) FROM sales)",
    )
    .fetch_one(&file)
    .await
    .unwrap();
    assert_eq!(personal, (None, None, 0), "no sale, no personal data");

    // The seller sees it approved, and no longer keeps its personal data.
    sync_now(&seller).await.unwrap();
    let view = get_sale(&seller, sale).await.unwrap();
    assert_eq!(view.row.status, SaleStatus::Approved);
    assert_eq!(view.form.cpf, "");
    assert_eq!(view.form.mother_name, "");
    assert_eq!(view.form.name, "Maria das Graças Silva");
    // The step's indicators: one sale entered and approved after one rejection.
    let today = chrono::Utc::now().date_naive();
    let funnel = campo_core::sales::sales_funnel(
        &office,
        (today - chrono::Days::new(1)).to_string(),
        (today + chrono::Days::new(1)).to_string(),
    )
    .await
    .unwrap();
    assert_eq!(
        (
            funnel.total.entered,
            funnel.total.approved,
            funnel.total.rejections,
            funnel.total.installed,
            funnel.total.waiting
        ),
        (1, 1, 1, 0, 0)
    );
    assert!(funnel.total.analysis_hours.is_some(), "two rounds decided");
    assert_eq!(funnel.by_seller[0].label, "Sofia Castro");
    assert_eq!(funnel.reasons[0].reason, RejectReason::DataMismatch);
    let csv = campo_store::sales::SalesFunnel::to_csv(&funnel, Lang::PtBr);
    assert!(
        csv.starts_with("agrupamento;item;vendas;aprovadas;"),
        "{csv}"
    );
    assert!(csv.contains("vendedor;Sofia Castro;1;1;0;0;0;1;"), "{csv}");
    assert!(
        csv.contains("motivo;Dados não conferem com o documento;1"),
        "{csv}"
    );
    // Each step opens to the sales behind it: the approved one (with its installation), no
    // sale waiting.
    let (from, to) = (
        (today - chrono::Days::new(1)).to_string(),
        (today + chrono::Days::new(1)).to_string(),
    );
    let behind = |step| campo_core::sales::funnel_sales(&office, from.clone(), to.clone(), step);
    let approved = behind(campo_store::sales::FunnelStep::Approved)
        .await
        .unwrap();
    assert_eq!(approved.total, 1);
    assert_eq!(approved.rows[0].id, view.row.id);
    assert_eq!(approved.rows[0].order_id.as_deref(), Some(order.as_str()));
    let rejected = behind(campo_store::sales::FunnelStep::Rejected)
        .await
        .unwrap();
    assert_eq!(rejected.rows[0].seller_name, "Sofia Castro");
    let waiting = behind(campo_store::sales::FunnelStep::Waiting)
        .await
        .unwrap();
    assert_eq!((waiting.total, waiting.rows.len()), (0, 0));
    // Another seller's device never sees it; the CPF now finds the customer at the office.
    let known = check_sale_cpf(&office, "52998224725".into()).await.unwrap();
    let customer = known.customer.unwrap();
    assert_eq!(customer.name, "Maria das Graças Silva");
    // Her page: the contract the sale became, its installation.
    let page = campo_core::orders::customer_page(&office, customer.id)
        .await
        .unwrap();
    assert_eq!(page.cpf.as_deref(), Some("529.982.247-25"));
    assert_eq!(page.contracts.len(), 1);
    assert_eq!(page.contracts[0].due_day, Some(10));
    assert_eq!(page.contracts[0].protocol.as_deref(), Some("OP-2026-0042"));
    assert_eq!(page.orders.len(), 1);
    assert_eq!(page.details.address.reference, "Em frente à padaria");
}

#[tokio::test]
async fn a_sale_approved_while_its_seller_edits_it_elsewhere_refuses_the_edit_by_name() {
    let server = start().await;
    let Sent {
        seller,
        office,
        sale,
        plan,
        folders: _folders,
        ..
    } = sent(&server).await;

    // The seller changes it (not yet sent) while the back office approves the version it saw.
    let mut changed = get_sale(&seller, sale.clone()).await.unwrap().form;
    changed.address.complement = "apto 303".into();
    submit_sale(&seller, Some(sale.clone()), None, changed)
        .await
        .unwrap();
    approve_sale(&office, sale.clone(), None).await.unwrap();
    sync_now(&office).await.unwrap();
    sync_now(&seller).await.unwrap();
    sync_now(&seller).await.unwrap();

    let refused = refused_changes(&seller).await.unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(
        refused[0].why,
        "A venda já foi aprovada por Warley Souza: nada foi alterado"
    );
    // The seller's device holds the server's truth again, and what she typed is not lost:
    // it waits as a draft of that sale.
    let view = get_sale(&seller, sale.clone()).await.unwrap();
    assert_eq!(view.row.status, SaleStatus::Approved);
    let drafts = sale_drafts(&seller).await.unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].sale_id.as_deref(), Some(sale.as_str()));
    let kept = open_sale_draft(&seller, drafts[0].id.clone())
        .await
        .unwrap();
    assert_eq!(kept.form.address.complement, "apto 303");

    // And the other way: a decision on a version the seller has moved on from.
    let second = submit_sale(&seller, None, None, {
        let mut f = sale_form(plan);
        f.cpf = "111.444.777-35".into();
        f
    })
    .await
    .unwrap();
    sync_now(&seller).await.unwrap();
    sync_now(&office).await.unwrap();
    let mut changed = get_sale(&seller, second.clone()).await.unwrap().form;
    changed.address.reference = "Portão azul".into();
    submit_sale(&seller, Some(second.clone()), None, changed)
        .await
        .unwrap();
    sync_now(&seller).await.unwrap();
    reject_sale(
        &office,
        second.clone(),
        Some(RejectReason::CpfRestricted),
        None,
        None,
    )
    .await
    .unwrap();
    sync_now(&office).await.unwrap();
    sync_now(&office).await.unwrap();
    let refused = refused_changes(&office).await.unwrap();
    assert_eq!(
        refused[0].why,
        "A venda foi alterada por Sofia Castro antes desta decisão: abra-a de novo para ver a versão atual"
    );
    let view = get_sale(&office, second).await.unwrap();
    assert_eq!(view.row.status, SaleStatus::InAnalysis);
    assert_eq!(view.form.address.reference, "Portão azul");
}

#[tokio::test]
async fn a_plan_taken_off_sale_leaves_the_form_and_a_sale_asking_for_it_is_refused_by_name() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    let catalogue = campo_core::admin::save_plan(
        &admin,
        None,
        campo_store::plans::PlanInput {
            name: "Fibra 300 Mega".into(),
            download_mbps: 300,
            price_cents: 9_990,
            has_iptv: false,
            premium: false,
            svas: vec![" Deezer ".into(), "".into()],
            sold: true,
        },
    )
    .await
    .unwrap();
    let plan = catalogue[0].clone();
    assert_eq!(plan.plan.svas, ["Deezer"]);
    // The same name twice is named.
    let err = campo_core::admin::save_plan(&admin, None, plan.plan.clone())
        .await
        .unwrap_err();
    assert_eq!(
        shown(&err).message,
        "Já existe outro registro com este nome do plano"
    );
    sync_now(&admin).await.unwrap();
    let (_s, seller) = joined(&server.url, "sofia").await;
    let id = Uuid::parse_str(&plan.id).unwrap();
    let draft = sale_form(id);

    // Taken off sale at the office; the seller's device learns it at the next sync.
    let mut off = plan.plan.clone();
    off.sold = false;
    campo_core::admin::save_plan(&admin, Some(plan.id.clone()), off)
        .await
        .unwrap();
    sync_now(&admin).await.unwrap();
    sync_now(&seller).await.unwrap();
    let offered = campo_core::admin::plan_catalogue(&seller).await.unwrap();
    assert!(!offered[0].plan.sold);
    let refused = shown(&submit_sale(&seller, None, None, draft).await.unwrap_err());
    assert_eq!(refused.code, ErrorCode::InvalidFields);
    assert_eq!(
        refused.params["planId"],
        "O plano escolhido não está mais disponível: escolha outro"
    );
    assert!(my_sales(&seller).await.unwrap().is_empty(), "nothing saved");
}
