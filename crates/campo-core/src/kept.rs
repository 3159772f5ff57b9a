//! Reports kept on their order (see `campo_store::reports`): made on the device when the
//! order reaches the moment they prove — the visit report when the visit closes or its proof
//! changes after, an activation report when an attempt ends — in pt-BR, the customer's
//! language, and exported from then on as that very file on every device.

use campo_domain::OrderStatus;
use campo_protocol::ops::ReportOf;
use campo_store::{Actor, Store, StoreError};
use uuid::Uuid;

use crate::error::AppError;

/// Makes `report` of `order` as the order now stands and keeps it, where its moment has come,
/// this person may send one and every photo's file is here. A failure is logged, never the
/// caller's: what the person did stands either way, and the report is made again at the next
/// change or export.
pub(crate) async fn keep(store: &Store, actor: Actor, order: Uuid, report: ReportOf) {
    let code = report.code();
    match try_keep(store, actor, order, report).await {
        Ok(true) => tracing::info!(%order, report = %code, "report kept"),
        Ok(false) => {}
        Err(e) => tracing::warn!(error = ?e, %order, report = %code, "the report was not kept"),
    }
}

async fn try_keep(
    store: &Store,
    actor: Actor,
    order: Uuid,
    report: ReportOf,
) -> Result<bool, AppError> {
    let lang = campo_domain::Lang::PtBr;
    let made = match &report {
        ReportOf::Visit => {
            if store.get_order(order).await?.order.status != OrderStatus::Done
                || store.order_photos(order).await?.iter().any(|p| !p.here)
            {
                return Ok(false);
            }
            crate::proof::visit_report(store, order, lang).await?
        }
        ReportOf::Activation { service } => {
            let view = store.service_activation_of(order, service, lang).await?;
            // Kept once an attempt has ended (passed or failed), not while one is open.
            if view.attempts.is_empty() || view.attempts.iter().any(|a| a.closed_at.is_none()) {
                return Ok(false);
            }
            crate::proof::activation_report(store, order, service, lang).await?
        }
    };
    let pdf = campo_pdf::render(&made);
    let mut w = store.writer(actor).await?;
    let kept = match w.keep_report(order, report, pdf, chrono::Utc::now()).await {
        Ok(kept) => kept,
        Err(StoreError::NotAllowed { .. }) => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    w.commit().await?;
    Ok(kept)
}

/// The bytes to export of `report`: the one kept on the order (kept now if its moment has
/// come and none is yet), fetched from the server when its file is not here; `None` when none
/// is kept (the caller makes one for the person).
pub(crate) async fn exported(
    store: &Store,
    actor: Actor,
    order: Uuid,
    report: &ReportOf,
) -> Result<Option<Vec<u8>>, AppError> {
    if store.kept_report(order, report).await?.is_none() {
        keep(store, actor, order, report.clone()).await;
    }
    let Some(kept) = store.kept_report(order, report).await? else {
        return Ok(None);
    };
    Ok(Some(match store.blob(&kept.hash).await? {
        Some(bytes) => bytes,
        None => crate::photos::fetch(store, &kept.hash)
            .await
            .map_err(|_| AppError::Store(campo_domain::photo::PhotoError::ReportNotHere.into()))?,
    }))
}
