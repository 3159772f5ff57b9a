//! Sales: the seller's form (drafts kept as typed, offline), their sales and each one's state;
//! the back office's queue, one sale opened with what to check, and its decision.

use campo_domain::sale::{RejectReason, SaleForm};
use campo_domain::{Cpf, Field, ValidationError};
use campo_protocol::payments::SalePayment;
use campo_store::sales::{CpfCheck, Decision, DraftRow, SalePage, SaleQuery, SaleRow, SaleView};
use serde::Serialize;
use ts_rs::TS;

use crate::context::Context;
use crate::error::AppError;

/// A draft opened again.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftOpen {
    /// The draft.
    pub id: String,
    /// The form as typed.
    pub form: SaleForm,
    /// The sale it fixes.
    pub sale_id: Option<String>,
}

fn id_opt(text: Option<String>) -> Result<Option<uuid::Uuid>, AppError> {
    text.filter(|t| !t.trim().is_empty())
        .map(|t| crate::parse_id(&t))
        .transpose()
}

/// Keeps the form as typed on this device (a new draft when `id` is empty); returns its id.
pub async fn save_sale_draft(
    ctx: &Context,
    id: Option<String>,
    sale_id: Option<String>,
    form: SaleForm,
) -> Result<String, AppError> {
    let (id, sale) = (id_opt(id)?, id_opt(sale_id)?);
    let store = ctx.store().await?;
    let id = store
        .save_sale_draft(id, sale, &form, chrono::Utc::now())
        .await?;
    Ok(id.to_string())
}

/// The drafts kept on this device.
pub async fn sale_drafts(ctx: &Context) -> Result<Vec<DraftRow>, AppError> {
    Ok(ctx.store().await?.sale_drafts().await?)
}

/// A draft, to go on typing.
pub async fn open_sale_draft(ctx: &Context, id: String) -> Result<DraftOpen, AppError> {
    let uuid = crate::parse_id(&id)?;
    let (form, sale) = ctx.store().await?.sale_draft(uuid).await?;
    Ok(DraftOpen {
        id,
        form,
        sale_id: sale.map(|s| s.to_string()),
    })
}

/// Where the customers of this seller's approved sales stand with their payments, as the
/// server tells it (online only; the device never holds their receivables): the
/// installation's status and, once installed, the five-month follow-up's stage. No amounts.
pub async fn sale_payments(ctx: &Context) -> Result<Vec<SalePayment>, AppError> {
    Ok(crate::people::transport(ctx)
        .await?
        .sale_payments()
        .await?
        .sales)
}

/// Throws a draft away.
pub async fn delete_sale_draft(ctx: &Context, id: String) -> Result<(), AppError> {
    let id = crate::parse_id(&id)?;
    Ok(ctx.store().await?.delete_sale_draft(id).await?)
}

/// Sends the form to analysis: a new sale, or `sale_id` changed (or fixed after a rejection)
/// and sent again. The draft it was typed in goes with it. Returns the sale's id.
pub async fn submit_sale(
    ctx: &Context,
    sale_id: Option<String>,
    draft_id: Option<String>,
    form: SaleForm,
) -> Result<String, AppError> {
    let (sale, draft) = (id_opt(sale_id)?, id_opt(draft_id)?);
    let (store, actor) = ctx.acting().await?;
    let today = store.today().await?;
    let mut w = store.writer(actor).await?;
    let id = w
        .submit_sale(sale, draft, &form, today, chrono::Utc::now())
        .await?;
    w.commit().await?;
    ctx.nudge_sync();
    Ok(id.to_string())
}

/// The signed-in seller's sales, rejected ones first (in the demonstration, which acts for
/// every role, its sellers' sales).
pub async fn my_sales(ctx: &Context) -> Result<Vec<SaleRow>, AppError> {
    let (store, actor) = ctx.acting().await?;
    if store.demo_seeded().await? {
        return Ok(store.my_sales(None).await?);
    }
    Ok(store.my_sales(Some(actor.id)).await?)
}

/// The analysis queue: oldest first, filtered, one page.
pub async fn sale_queue(ctx: &Context, query: SaleQuery) -> Result<SalePage, AppError> {
    Ok(ctx.store().await?.sale_queue(&query).await?)
}

/// One sale with its history and what to check.
pub async fn get_sale(ctx: &Context, id: String) -> Result<SaleView, AppError> {
    let id = crate::parse_id(&id)?;
    Ok(ctx.store().await?.sale(id).await?)
}

/// Consent terms (LGPD) as the seller reads them to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsentTerms {
    /// Their version (a sale keeps the one agreed to).
    pub version: u16,
    /// Their words, in the person's language.
    pub text: String,
}

/// The consent terms of `version` (`None`: the ones read to customers now).
pub async fn consent_terms(ctx: &Context, version: Option<u16>) -> Result<ConsentTerms, AppError> {
    let version = version.unwrap_or(campo_domain::sale::CONSENT_TERMS);
    let text =
        campo_domain::sale::consent_terms(version, ctx.lang()).ok_or(ValidationError::Consent)?;
    Ok(ConsentTerms {
        version,
        text: text.to_owned(),
    })
}

/// What this device knows of a CPF typed in the form: the customer who has it, the sales
/// with it. A CPF with wrong check digits is refused by name.
pub async fn check_sale_cpf(ctx: &Context, cpf: String) -> Result<CpfCheck, AppError> {
    if cpf.trim().is_empty() {
        return Err(ValidationError::Required(Field::Cpf).into());
    }
    let cpf = Cpf::parse(&cpf)?;
    Ok(ctx.store().await?.cpf_check(cpf.digits()).await?)
}

/// Approves a sale: the customer's contract and the installation in the agenda's queue.
/// Returns the sale as it stands.
pub async fn approve_sale(
    ctx: &Context,
    id: String,
    protocol: Option<String>,
) -> Result<SaleView, AppError> {
    decide(ctx, id, Decision::Approve { protocol }).await
}

/// Rejects a sale with a reason from the list and a note; it goes back to its seller.
pub async fn reject_sale(
    ctx: &Context,
    id: String,
    reason: Option<RejectReason>,
    note: Option<String>,
    protocol: Option<String>,
) -> Result<SaleView, AppError> {
    decide(
        ctx,
        id,
        Decision::Reject {
            reason,
            note,
            protocol,
        },
    )
    .await
}

async fn decide(ctx: &Context, id: String, decision: Decision) -> Result<SaleView, AppError> {
    let id = crate::parse_id(&id)?;
    let (store, _) = ctx
        .write(async |w| w.review_sale(id, decision, chrono::Utc::now()).await)
        .await?;
    Ok(store.sale(id).await?)
}

/// The sale step's indicators for the sales first sent from `from` to `to`.
pub async fn sales_funnel(
    ctx: &Context,
    from: String,
    to: String,
) -> Result<campo_store::sales::SalesFunnel, AppError> {
    Ok(ctx.store().await?.sales_funnel(&from, &to).await?)
}

/// The sales behind one step of the funnel, the latest sent first.
pub async fn funnel_sales(
    ctx: &Context,
    from: String,
    to: String,
    step: campo_store::sales::FunnelStep,
) -> Result<campo_store::sales::SalePage, AppError> {
    Ok(ctx.store().await?.funnel_sales(&from, &to, step).await?)
}

/// The indicators as a CSV file in the exports folder; returns its path.
pub async fn export_sales_funnel_csv(
    ctx: &Context,
    from: String,
    to: String,
) -> Result<String, AppError> {
    let lang = ctx.lang();
    let funnel = ctx.store().await?.sales_funnel(&from, &to).await?;
    crate::save_csv(
        ctx,
        &crate::named_span(lang, ("vendas", "sales"), &funnel.from, &funnel.to),
        &funnel.to_csv(lang),
    )
}
