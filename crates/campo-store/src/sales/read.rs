//! Reading sales: a seller's own, the back office's queue (oldest first, filtered and paged),
//! one sale with its history and what the analysis should check, a CPF looked up while the
//! form is typed, and the drafts on this device.

use campo_domain::sale::{RejectReason, SaleForm, SaleStatus};
use campo_domain::text::fold;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;
use uuid::Uuid;

use crate::{Entity, Store, StoreError};

/// A sale in a list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaleRow {
    /// The sale.
    pub id: String,
    /// The holder's name.
    pub name: String,
    /// Municipality and UF.
    pub city: String,
    /// UF.
    pub uf: String,
    /// Operator.
    pub operator: String,
    /// The plan's name (empty if this device does not know it).
    pub plan_name: String,
    /// Who sold it.
    pub seller_name: String,
    /// Where it stands.
    pub status: SaleStatus,
    /// How many times it was sent to analysis.
    #[ts(type = "number")]
    pub round: i64,
    /// When it was first sent.
    pub first_sent_at: String,
    /// When it was last sent (the queue's order).
    pub sent_at: String,
    /// When it was decided.
    pub decided_at: Option<String>,
    /// Why it was rejected.
    pub reason: Option<RejectReason>,
    /// The back office's note.
    pub note: Option<String>,
    /// The operator's protocol number.
    pub protocol: Option<String>,
    /// The installation its approval opened.
    pub order_id: Option<String>,
}

pub(super) const ROW: &str = "SELECT s.id, s.name, s.city, s.uf, s.operator, COALESCE(p.name, '') AS plan_name, s.seller_name, s.status, s.round,
        s.first_sent_at, s.sent_at, s.decided_at, s.reason, s.note, s.protocol, s.order_id
 FROM sales s LEFT JOIN plans p ON p.id = s.plan_id";

pub(super) fn row_of(r: &sqlx::sqlite::SqliteRow) -> Result<SaleRow, StoreError> {
    let status: String = r.try_get("status")?;
    let reason: Option<String> = r.try_get("reason")?;
    Ok(SaleRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        city: r.try_get("city")?,
        uf: r.try_get("uf")?,
        operator: r.try_get("operator")?,
        plan_name: r.try_get("plan_name")?,
        seller_name: r.try_get("seller_name")?,
        status: SaleStatus::from_code(&status)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown sale status {status}").into()))?,
        round: r.try_get("round")?,
        first_sent_at: r.try_get("first_sent_at")?,
        sent_at: r.try_get("sent_at")?,
        decided_at: r.try_get("decided_at")?,
        reason: reason.as_deref().and_then(RejectReason::from_code),
        note: r.try_get("note")?,
        protocol: r.try_get("protocol")?,
        order_id: r.try_get("order_id")?,
    })
}

/// What the analysis queue shows.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SaleQuery {
    /// Only sales in this status (`None`: every status).
    pub status: Option<SaleStatus>,
    /// Text in the name, CPF, municipality, operator or seller.
    pub text: Option<String>,
    /// Only this seller's sales.
    pub seller_id: Option<String>,
    /// Rows to skip.
    pub offset: u32,
    /// Rows to give (at most 200; 0 means 50).
    pub limit: u32,
}

/// A page of sales and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SalePage {
    /// The page.
    pub rows: Vec<SaleRow>,
    /// How many sales match.
    #[ts(type = "number")]
    pub total: i64,
}

/// One line of a sale's history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaleEventView {
    /// Which round of analysis.
    #[ts(type = "number")]
    pub round: i64,
    /// `sent`, `changed`, `approved` or `rejected`.
    pub kind: String,
    /// Who.
    pub actor_name: String,
    /// Why it was rejected.
    pub reason: Option<RejectReason>,
    /// The note.
    pub note: Option<String>,
    /// The operator's protocol given then.
    pub protocol: Option<String>,
    /// When.
    pub at: String,
}

/// A customer this device already has.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KnownCustomer {
    /// The customer.
    pub id: String,
    /// Name.
    pub name: String,
    /// Street, number, neighbourhood, municipality.
    pub address: String,
}

/// One sale opened: its form, its history, and what the analysis should check.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaleView {
    /// The sale as listed.
    pub row: SaleRow,
    /// Its version (a decision is made on it).
    #[ts(type = "number")]
    pub version: i64,
    /// The seller's id.
    pub seller_id: String,
    /// What the seller collected (personal data empty where this device may not keep it).
    pub form: SaleForm,
    /// Every sending, change and decision, oldest first.
    pub events: Vec<SaleEventView>,
    /// The customer who already has this CPF, if any: the approval joins them.
    pub customer: Option<KnownCustomer>,
    /// Other sales with the same CPF (a duplicate?).
    pub same_cpf: Vec<SaleRow>,
}

/// A CPF typed in the sale form: the customer who has it and the sales that carry it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CpfCheck {
    /// The customer with this CPF on this device.
    pub customer: Option<KnownCustomer>,
    /// Sales with this CPF on this device.
    pub sales: Vec<SaleRow>,
}

/// A draft on this device.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftRow {
    /// The draft.
    pub id: String,
    /// The sale it fixes.
    pub sale_id: Option<String>,
    /// The name typed so far.
    pub name: String,
    /// Last kept.
    pub updated_at: String,
}

impl Store {
    /// A seller's sales (`None`: every seller's): rejected ones first (theirs to fix), then
    /// the newest.
    pub async fn my_sales(&self, seller_id: Option<Uuid>) -> Result<Vec<SaleRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "{ROW} WHERE (? IS NULL OR s.seller_id = ?) ORDER BY s.status = 'rejected' DESC, s.sent_at DESC LIMIT 1000"
        ))
        .bind(seller_id.map(|s| s.to_string()))
        .bind(seller_id.map(|s| s.to_string()))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(row_of).collect()
    }

    /// The analysis queue: sales matching `q`, oldest sent first, one page.
    pub async fn sale_queue(&self, q: &SaleQuery) -> Result<SalePage, StoreError> {
        let mut filter = String::from(" WHERE 1 = 1");
        let mut binds: Vec<String> = Vec::new();
        if let Some(status) = q.status {
            filter.push_str(" AND s.status = ?");
            binds.push(status.code().to_owned());
        }
        if let Some(seller) = &q.seller_id {
            filter.push_str(" AND s.seller_id = ?");
            binds.push(seller.clone());
        }
        let text = q.text.as_deref().map(fold).unwrap_or_default();
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if !text.trim().is_empty() {
            // A masked CPF ("529.982.247-25") is found by its digits.
            let needle = if digits.len() == 11 {
                digits
            } else {
                text.trim().to_owned()
            };
            filter.push_str(" AND s.search LIKE ? ESCAPE '\\'");
            binds.push(format!(
                "%{}%",
                needle
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            ));
        }
        let limit = match q.limit {
            0 => 50,
            n => n.min(200),
        };
        let count_sql = format!("SELECT COUNT(*) FROM sales s{filter}");
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
        for b in &binds {
            count = count.bind(b);
        }
        let total = count.fetch_one(self.pool()).await?;
        let sql = format!("{ROW}{filter} ORDER BY s.sent_at, s.id LIMIT ? OFFSET ?");
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = query.bind(b);
        }
        let rows = query
            .bind(i64::from(limit))
            .bind(i64::from(q.offset))
            .fetch_all(self.pool())
            .await?;
        Ok(SalePage {
            rows: rows.iter().map(row_of).collect::<Result<_, _>>()?,
            total,
        })
    }

    /// One sale with its history and what the analysis should check.
    pub async fn sale(&self, id: Uuid) -> Result<SaleView, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT s.version, s.seller_id, s.form, s.cpf, sub.* FROM sales s JOIN ({ROW}) sub ON sub.id = s.id WHERE s.id = ?"
        ))
        .bind(id.to_string())
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::Sale))?;
        let row = row_of(&r)?;
        let form: String = r.try_get("form")?;
        let cpf: Option<String> = r.try_get("cpf")?;
        let events = sqlx::query(
            "SELECT round, kind, actor_name, reason, note, protocol, at FROM sale_events WHERE sale_id = ? ORDER BY version",
        )
        .bind(id.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|e| {
            let reason: Option<String> = e.try_get("reason")?;
            Ok(SaleEventView {
                round: e.try_get("round")?,
                kind: e.try_get("kind")?,
                actor_name: e.try_get("actor_name")?,
                reason: reason.as_deref().and_then(RejectReason::from_code),
                note: e.try_get("note")?,
                protocol: e.try_get("protocol")?,
                at: e.try_get("at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let (customer, same_cpf) = match cpf.as_deref().filter(|c| !c.is_empty()) {
            Some(cpf) => {
                let check = self.cpf_check(cpf).await?;
                let others = check.sales.into_iter().filter(|s| s.id != row.id).collect();
                (check.customer, others)
            }
            None => (None, Vec::new()),
        };
        Ok(SaleView {
            version: r.try_get("version")?,
            seller_id: r.try_get("seller_id")?,
            form: serde_json::from_str(&form)?,
            row,
            events,
            customer,
            same_cpf,
        })
    }

    /// The customer and the sales this device has with the CPF `digits`.
    pub async fn cpf_check(&self, digits: &str) -> Result<CpfCheck, StoreError> {
        let customer = sqlx::query(
            "SELECT id, name, street, number, neighbourhood, city, uf FROM customers WHERE cpf = ?",
        )
        .bind(digits)
        .fetch_optional(self.pool())
        .await?
        .map(|r| -> Result<KnownCustomer, StoreError> {
            let part = |c: &str| r.try_get::<String, _>(c);
            Ok(KnownCustomer {
                id: part("id")?,
                name: part("name")?,
                address: format!(
                    "{}, {} – {}, {}/{}",
                    part("street")?,
                    part("number")?,
                    part("neighbourhood")?,
                    part("city")?,
                    part("uf")?
                ),
            })
        })
        .transpose()?;
        let sales = sqlx::query(&format!(
            "{ROW} WHERE s.cpf = ? ORDER BY s.sent_at DESC LIMIT 20"
        ))
        .bind(digits)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(row_of)
        .collect::<Result<_, _>>()?;
        Ok(CpfCheck { customer, sales })
    }

    /// The drafts on this device, newest first.
    pub async fn sale_drafts(&self) -> Result<Vec<DraftRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, sale_id, form, updated_at FROM sale_drafts ORDER BY updated_at DESC",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let form: String = r.try_get("form")?;
                let form: SaleForm = serde_json::from_str(&form)?;
                Ok(DraftRow {
                    id: r.try_get("id")?,
                    sale_id: r.try_get("sale_id")?,
                    name: form.name,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }
}
