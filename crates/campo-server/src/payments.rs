//! `GET /v1/sales/payments`: where the customers of the seller asking stand with their
//! payments. For each of their approved sales, the installation's status and, once it is
//! done, the customer's stage in the five-month follow-up, judged here by the domain's
//! [`Stage::of`] from the receivables due since the installation's day (its scheduled day:
//! the visit is done on it) — an existing customer's older receivables belong to an earlier
//! contract. A sale whose installation day the server does not hold counts from its approval. No amount leaves the server: a seller's device
//! never pulls receivables (they go to the `money` audience), and this answer carries none.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use campo_domain::OrderStatus;
use campo_domain::finance::{Dues, ReceivableStatus, Stage};
use campo_protocol::payments::{SalePayment, SalePayments};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use crate::api::{AppState, Auth};
use crate::db::ServerDb;
use crate::error::ServerError;
use crate::users::Session;

/// The handler: the signed-in person's own approved sales, whatever their role.
pub(crate) async fn mine(
    State(state): State<AppState>,
    Auth(session, _): Auth,
) -> Result<Json<SalePayments>, ServerError> {
    Ok(Json(of_seller(&state.db, &session, Utc::now()).await?))
}

struct Approved {
    sale: String,
    customer: Option<String>,
    since: NaiveDate,
    installation: Option<OrderStatus>,
}

/// Where each approved sale of `session`'s person stands at `now`.
pub async fn of_seller(
    db: &ServerDb,
    session: &Session,
    now: DateTime<Utc>,
) -> Result<SalePayments, ServerError> {
    let zones = crate::setup::provider_zones(db).await?;
    let today = crate::setup::date_in(&zones, now);
    let me = session.user_id.to_string();
    let mut sales = Vec::new();
    for r in sqlx::query(
        "SELECT s.id, s.customer_id, s.approved_at, o.status, o.scheduled_date
         FROM sales s LEFT JOIN orders o ON o.id = s.order_id
         WHERE s.seller_id = $1 AND s.status = 'approved'
         ORDER BY s.approved_at DESC, s.id",
    )
    .bind(&me)
    .fetch_all(db.pool())
    .await?
    {
        let at: Option<String> = r.try_get("approved_at")?;
        let approved = at
            .as_deref()
            .and_then(|a| DateTime::parse_from_rfc3339(a).ok())
            .map_or(today, |a| crate::setup::date_in(&zones, a.to_utc()));
        let installed: Option<String> = r.try_get("scheduled_date")?;
        let since = installed
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .unwrap_or(approved);
        let status: Option<String> = r.try_get("status")?;
        sales.push(Approved {
            sale: r.try_get("id")?,
            customer: r.try_get("customer_id")?,
            since,
            installation: status.as_deref().and_then(OrderStatus::from_code),
        });
    }
    // Every receivable of these customers in one reading.
    let mut dues: HashMap<String, Vec<(NaiveDate, Dues)>> = HashMap::new();
    for r in sqlx::query(
        "SELECT r.customer_id, r.due_on, r.amount_cents, r.status, r.paid_on, r.paid_cents
         FROM receivables r
         WHERE r.customer_id IN (SELECT customer_id FROM sales WHERE seller_id = $1 AND status = 'approved')",
    )
    .bind(&me)
    .fetch_all(db.pool())
    .await?
    {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let due: String = r.try_get("due_on")?;
        let status: String = r.try_get("status")?;
        let paid_on: Option<String> = r.try_get("paid_on")?;
        let (Some(due), Some(status)) = (day(&due), ReceivableStatus::from_code(&status)) else {
            continue;
        };
        dues.entry(r.try_get("customer_id")?).or_default().push((
            due,
            Dues {
                due,
                amount_cents: r.try_get("amount_cents")?,
                status,
                paid_on: paid_on.as_deref().and_then(day),
                paid_cents: r.try_get("paid_cents")?,
            },
        ));
    }
    Ok(SalePayments {
        sales: sales
            .into_iter()
            .map(|s| {
                let stage = (s.installation == Some(OrderStatus::Done)).then(|| {
                    let since: Vec<Dues> = s
                        .customer
                        .as_ref()
                        .and_then(|c| dues.get(c))
                        .into_iter()
                        .flatten()
                        .filter(|(due, _)| *due >= s.since)
                        .map(|(_, d)| *d)
                        .collect();
                    Stage::of(&since, today)
                });
                SalePayment {
                    sale_id: s.sale,
                    installation: s.installation,
                    stage,
                }
            })
            .collect(),
    })
}
