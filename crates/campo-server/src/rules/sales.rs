//! Sales on the server: a seller sends only their own sales; a change or a decision made on
//! a version someone has moved on from is refused naming who moved it (a sale approved on one
//! device while its seller edits it on another); the order an approval opens is accepted only
//! for that approval. A sale's operations reach its seller and the people who analyse sales,
//! never technicians nor other sellers (`sale:<seller>`).

use campo_domain::sale::SaleStatus;
use campo_protocol::Refusal;
use campo_protocol::ops::{OrderCreated, SaleReviewed, SaleSubmitted};
use sqlx::Row;
use uuid::Uuid;

use super::{Decision, Tx};
use crate::error::ServerError;
use crate::users::Session;

/// Who may pull the operations of a seller's sale.
pub(super) fn sale_audience(seller: &str) -> String {
    format!("sale:{seller}")
}

struct SaleRow {
    seller_id: String,
    status: SaleStatus,
    version: i64,
    moved_by: String,
}

async fn row(tx: &mut Tx<'_>, id: Uuid) -> Result<Option<SaleRow>, ServerError> {
    let Some(r) =
        sqlx::query("SELECT seller_id, status, version, moved_by FROM sales WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut **tx)
            .await?
    else {
        return Ok(None);
    };
    let status: String = r.try_get("status")?;
    Ok(Some(SaleRow {
        seller_id: r.try_get("seller_id")?,
        status: SaleStatus::from_code(&status).unwrap_or(SaleStatus::InAnalysis),
        version: r.try_get("version")?,
        moved_by: r.try_get("moved_by")?,
    }))
}

/// The refusal naming who moved the sale on.
async fn moved(tx: &mut Tx<'_>, sale: &SaleRow) -> Result<Decision, ServerError> {
    let by: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
        .bind(&sale.moved_by)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(Decision::Reject(Refusal::SaleMoved {
        status: sale.status,
        by: by.unwrap_or_default(),
    }))
}

/// A sale sent (or changed and sent again) by its seller.
pub(super) async fn submit(
    tx: &mut Tx<'_>,
    session: &Session,
    b: &SaleSubmitted,
) -> Result<Decision, ServerError> {
    let me = session.user_id.to_string();
    if b.seller_id != session.user_id {
        return Ok(Decision::Reject(Refusal::NotYourSale));
    }
    match row(tx, b.id).await? {
        None if b.base_version != 0 => Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "sale".into(),
        })),
        None => {
            sqlx::query(
                "INSERT INTO sales (id, seller_id, status, version, moved_by) VALUES ($1, $2, $3, 1, $2)",
            )
            .bind(b.id.to_string())
            .bind(&me)
            .bind(SaleStatus::InAnalysis.code())
            .execute(&mut **tx)
            .await?;
            Ok(Decision::Apply {
                audience: Some(sale_audience(&me)),
            })
        }
        Some(sale) if sale.seller_id != me => Ok(Decision::Reject(Refusal::NotYourSale)),
        Some(sale) if sale.status == SaleStatus::Approved || sale.version != b.base_version => {
            moved(tx, &sale).await
        }
        Some(sale) => {
            sqlx::query("UPDATE sales SET status = $1, version = $2, moved_by = $3 WHERE id = $4")
                .bind(SaleStatus::InAnalysis.code())
                .bind(sale.version + 1)
                .bind(&me)
                .bind(b.id.to_string())
                .execute(&mut **tx)
                .await?;
            Ok(Decision::Apply {
                audience: Some(sale_audience(&me)),
            })
        }
    }
}

/// The back office's decision, on the version it saw.
pub(super) async fn review(
    tx: &mut Tx<'_>,
    session: &Session,
    b: &SaleReviewed,
) -> Result<Decision, ServerError> {
    let Some(sale) = row(tx, b.id).await? else {
        return Ok(Decision::Reject(Refusal::UnknownReference {
            entity: "sale".into(),
        }));
    };
    if sale.status != SaleStatus::InAnalysis || sale.version != b.base_version {
        return moved(tx, &sale).await;
    }
    let status = if b.approved {
        SaleStatus::Approved
    } else {
        SaleStatus::Rejected
    };
    sqlx::query(
        "UPDATE sales SET status = $1, version = $2, moved_by = $3, order_id = $4,
                customer_id = $5, approved_at = $6
         WHERE id = $7",
    )
    .bind(status.code())
    .bind(sale.version + 1)
    .bind(session.user_id.to_string())
    .bind(b.order_id.map(|o| o.to_string()))
    .bind(b.customer_id.filter(|_| b.approved).map(|c| c.to_string()))
    .bind(b.approved.then_some(&b.at))
    .bind(b.id.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(Decision::Apply {
        audience: Some(sale_audience(&sale.seller_id)),
    })
}

/// Whether the order may be opened: an order that names a sale is that sale's approval's.
pub(super) async fn order_of_sale(tx: &mut Tx<'_>, b: &OrderCreated) -> Result<bool, ServerError> {
    let Some(sale_id) = b.sale_id else {
        return Ok(true);
    };
    let opened: Option<Option<String>> =
        sqlx::query_scalar("SELECT order_id FROM sales WHERE id = $1 AND status = $2")
            .bind(sale_id.to_string())
            .bind(SaleStatus::Approved.code())
            .fetch_optional(&mut **tx)
            .await?;
    Ok(opened.flatten() == Some(b.id.to_string()))
}
