//! The demonstration's sales and customers' calls, so Vendas, Análise and Chamados show work:
//! sales of the last days waiting in analysis, some rejected back to the seller with their
//! reason; calls with atendimento and with N2. Nothing here opens orders (the demo's orders are
//! generated apart, with their own counts).

use campo_domain::sale::{RejectReason, SaleForm};
use campo_domain::support::{CallForm, CallStep, Problem};
use campo_domain::{Cpf, Lang, Period};
use campo_store::sales::Decision;
use campo_store::write::Writer;
use campo_store::{Actor, StoreError};
use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::places::*;

/// Who acts in the demo's sales and calls.
pub(crate) struct People {
    pub seller: Uuid,
    pub backoffice: Uuid,
    pub support: Uuid,
}

const OPERATORS: &[&str] = &[
    "Operadora Mangue",
    "Operadora Norte",
    "Operadora Capibaribe",
];
const REASONS: &[(RejectReason, &str)] = &[
    (
        RejectReason::DataMismatch,
        "O número da casa não confere com o comprovante",
    ),
    (RejectReason::NoCoverage, "Sem caixa de atendimento na rua"),
    (RejectReason::IncompleteData, "Foto do documento ilegível"),
];

/// `count` sales sent in the days before `anchor`; every fourth rejected with a reason.
pub(crate) async fn demo_sales(
    w: &mut Writer<'_>,
    rng: &mut ChaCha8Rng,
    who: &People,
    plans: &[Uuid],
    customers: &[Uuid],
    anchor: NaiveDate,
    count: usize,
) -> Result<(), StoreError> {
    let mut cpf_base: u64 = 700_000_000 + rng.random_range(0..100_000_000);
    for i in 0..count {
        // The days before the demo's day (never later today: nothing sent in the future).
        let day = anchor
            .checked_sub_days(Days::new(rng.random_range(1..7)))
            .unwrap_or(anchor);
        let sent = at(day, rng.random_range(8..18), rng.random_range(0..60));
        let (hood, cep_prefix, lat, lon, streets) = *pick(rng, NEIGHBOURHOODS);
        let name = person_name(rng);
        cpf_base += rng.random_range(1..97);
        let mut base = [0u8; 9];
        let mut n = cpf_base;
        for slot in base.iter_mut().rev() {
            *slot = u8::try_from(n % 10).unwrap_or(0);
            n /= 10;
        }
        let form = SaleForm {
            cpf: Cpf::from_base(base)
                .map(|c| c.formatted())
                .unwrap_or_default(),
            email: format!(
                "{}.{}@gmail.com",
                ascii_fold(name.split(' ').next().unwrap_or("cliente")),
                rng.random_range(10..9_999)
            ),
            mother_name: format!("{} {}", pick(rng, FIRST), pick(rng, LAST)),
            birth_date: format!(
                "{}-{:02}-{:02}",
                rng.random_range(1955..2004),
                rng.random_range(1..13),
                rng.random_range(1..29)
            ),
            phone1: format!(
                "(81) 9{:04}-{:04}",
                rng.random_range(8000..10_000),
                rng.random_range(0..10_000)
            ),
            phone2: format!(
                "(81) 3{:03}-{:04}",
                rng.random_range(200..500),
                rng.random_range(0..10_000)
            ),
            address: campo_domain::NewAddress {
                cep: format!("{cep_prefix}-{:03}", rng.random_range(0..1000)),
                street: (*pick(rng, streets)).to_owned(),
                number: rng.random_range(1..2_500).to_string(),
                complement: String::new(),
                neighbourhood: hood.to_owned(),
                city: "Recife".into(),
                uf: "PE".into(),
                reference: String::new(),
                lat: Some(lat + rng.random_range(-0.006..0.006)),
                lon: Some(lon + rng.random_range(-0.006..0.006)),
            },
            operator: (*pick(rng, OPERATORS)).to_owned(),
            plan_id: pick(rng, plans).to_string(),
            due_day: Some(*pick(rng, &[5u8, 10, 15, 20, 25])),
            periods: if rng.random_bool(0.5) {
                vec![Period::Morning, Period::Afternoon]
            } else {
                vec![*pick(rng, &[Period::Morning, Period::Afternoon])]
            },
            consent: true,
            consent_terms: None,
            name,
        };
        w.act_as(Actor { id: who.seller });
        let sale = w.submit_sale(None, None, &form, anchor, sent).await?;
        if i % 4 == 3 {
            let (reason, note) = *pick(rng, REASONS);
            w.act_as(Actor { id: who.backoffice });
            w.review_sale(
                sale,
                Decision::Reject {
                    reason: Some(reason),
                    note: Some(note.into()),
                    protocol: None,
                },
                sent + chrono::Duration::hours(3),
            )
            .await?;
        }
    }
    // Calls: with atendimento, and one passed to N2.
    let problems = [
        (
            Problem::NoConnection,
            "Sem internet desde a chuva de ontem",
            "Reiniciou a ONU; luz LOS vermelha",
        ),
        (
            Problem::Slow,
            "Internet lenta à noite",
            "Teste de velocidade pelo Wi-Fi: 80 Mega",
        ),
        (Problem::Wifi, "O Wi-Fi não chega no quarto", ""),
    ];
    for (i, (problem, description, tried)) in problems.into_iter().enumerate() {
        let yesterday = anchor.checked_sub_days(Days::new(1)).unwrap_or(anchor);
        let called = at(yesterday, 9 + u32::try_from(i).unwrap_or(0), 15);
        w.act_as(Actor { id: who.support });
        let form = CallForm {
            customer_id: pick(rng, customers).to_string(),
            problem: Some(problem),
            description: description.into(),
            tried: tried.into(),
            promised_by: campo_store::write::timestamp(called + chrono::Duration::hours(48)),
        };
        let call = w.open_call(&form, called).await?;
        if i == 0 {
            w.step_call(
                call,
                CallStep::Escalate,
                None,
                Lang::PtBr,
                called + chrono::Duration::minutes(20),
            )
            .await?;
        }
    }
    Ok(())
}
