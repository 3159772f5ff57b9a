//! Proof of service: the customer's signature taken at the visit, and what closing each order
//! kind requires (the administration's setting).

use campo_domain::closing::{ClosingRule, SignerRelation, Strokes};
use campo_store::proof::OrderSignature;

use crate::context::Context;
use crate::error::AppError;

/// The customer's signature on an order, if they signed.
pub async fn order_signature(
    ctx: &Context,
    id: String,
) -> Result<Option<OrderSignature>, AppError> {
    let id = crate::parse_id(&id)?;
    Ok(ctx.store().await?.order_signature(id).await?)
}

/// Records the customer's signature on an order (works offline; it follows with the sync) and
/// returns it as kept.
pub async fn sign_order(
    ctx: &Context,
    id: String,
    signer_name: String,
    relation: SignerRelation,
    strokes: Strokes,
) -> Result<Option<OrderSignature>, AppError> {
    let id = crate::parse_id(&id)?;
    let (store, actor) = ctx.acting().await?;
    let mut w = store.writer(actor).await?;
    w.sign_order(id, &signer_name, relation, strokes, chrono::Utc::now())
        .await?;
    w.commit().await?;
    ctx.nudge_sync();
    Ok(store.order_signature(id).await?)
}

/// What closing each order kind requires.
pub async fn closing_rules(ctx: &Context) -> Result<Vec<ClosingRule>, AppError> {
    Ok(ctx.store().await?.closing_rules().await?)
}

/// Sets what closing the given kinds requires; returns every kind's rule.
pub async fn set_closing_rules(
    ctx: &Context,
    rules: Vec<ClosingRule>,
) -> Result<Vec<ClosingRule>, AppError> {
    let (store, actor) = ctx.acting().await?;
    let mut w = store.writer(actor).await?;
    w.set_closing_rules(&rules, chrono::Utc::now()).await?;
    w.commit().await?;
    ctx.nudge_sync();
    Ok(store.closing_rules().await?)
}
