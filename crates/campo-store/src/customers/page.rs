//! A customer's page: who they are and where (personal data only where the device keeps it),
//! their contracts (approved sales), orders, the equipment lent to them, activations, calls,
//! and the history of changes to their details.

use campo_domain::{Cep, Cpf, OrderKind, OrderStatus, Phone};
use serde::Serialize;
use sqlx::Row;
use ts_rs::TS;
use uuid::Uuid;

use super::CustomerEdit;
use crate::{Entity, Store, StoreError};

/// A contract: an approved sale.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContractView {
    /// The sale.
    pub sale_id: String,
    /// Plan.
    pub plan_name: String,
    /// Operator.
    pub operator: String,
    /// Due day, when the device keeps the sale.
    pub due_day: Option<u8>,
    /// The operator's protocol.
    pub protocol: Option<String>,
    /// When it was approved.
    pub approved_at: Option<String>,
    /// Who sold it.
    pub seller_name: String,
}

/// An order of the customer's.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerOrder {
    /// The order.
    pub id: String,
    /// Its number.
    #[ts(type = "number")]
    pub number: i64,
    /// Kind.
    pub kind: OrderKind,
    /// Status.
    pub status: OrderStatus,
    /// Plan.
    pub plan_name: String,
    /// Visit day.
    pub scheduled_date: Option<String>,
    /// Opened.
    pub created_at: String,
}

/// A unit lent to the customer (comodato).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LentUnit {
    /// Serial.
    pub serial: String,
    /// MAC.
    pub mac: Option<String>,
    /// What it is.
    pub item: String,
    /// Since.
    pub since: String,
}

/// An activation attempt for one of the customer's orders.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerActivation {
    /// The order.
    pub order_id: String,
    /// Its number.
    #[ts(type = "number")]
    pub number: i64,
    /// Attempt.
    #[ts(type = "number")]
    pub attempt: i64,
    /// `open`, `passed` or `failed`.
    pub status: String,
    /// Started.
    pub started_at: String,
}

/// A change to the customer's details.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerChange {
    /// When.
    pub at: String,
    /// Who.
    pub actor_name: String,
    /// Which fields (`phone1`, `street` …).
    pub fields: Vec<String>,
}

/// Everything the customer's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPage {
    /// The customer.
    pub id: String,
    /// CPF, `000.000.000-00`, where the device keeps it.
    pub cpf: Option<String>,
    /// The customer this one repeats (the same person registered on two devices before they
    /// synced: the CPF stays with the first), and their name.
    pub duplicate_of: Option<String>,
    /// That customer's name.
    pub duplicate_of_name: Option<String>,
    /// Their details, as the edit form starts from.
    pub details: CustomerEdit,
    /// The plan they have now: their latest order's, a plan change counting once done.
    pub plan_name: Option<String>,
    /// Contracts (approved sales).
    pub contracts: Vec<ContractView>,
    /// Orders, newest first.
    pub orders: Vec<CustomerOrder>,
    /// Equipment lent.
    pub equipment: Vec<LentUnit>,
    /// Activations.
    pub activations: Vec<CustomerActivation>,
    /// Calls.
    pub calls: Vec<crate::support::CallRow>,
    /// Changes to the details, newest first.
    pub changes: Vec<CustomerChange>,
}

impl Store {
    /// The customer's page.
    pub async fn customer_page(&self, id: Uuid) -> Result<CustomerPage, StoreError> {
        let c = sqlx::query("SELECT * FROM customers WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound(Entity::Customer))?;
        let text = |col: &str| {
            c.try_get::<Option<String>, _>(col)
                .map(Option::unwrap_or_default)
        };
        let phone = |col: &str| -> Result<String, StoreError> {
            let d = text(col)?;
            Ok(Phone::parse(&d).map(|p| p.formatted()).unwrap_or(d))
        };
        let cep = text("cep")?;
        let cpf: Option<String> = c.try_get("cpf")?;
        let duplicate_of: Option<String> = c.try_get("duplicate_of")?;
        let duplicate_of_name: Option<String> = match &duplicate_of {
            Some(first) => {
                sqlx::query_scalar("SELECT name FROM customers WHERE id = ?")
                    .bind(first)
                    .fetch_optional(self.pool())
                    .await?
            }
            None => None,
        };
        let details = CustomerEdit {
            name: text("name")?,
            email: text("email")?,
            phone1: phone("phone1")?,
            phone2: phone("phone2")?,
            address: campo_domain::NewAddress {
                cep: Cep::parse(&cep).map(|c| c.formatted()).unwrap_or(cep),
                street: text("street")?,
                number: text("number")?,
                complement: text("complement")?,
                neighbourhood: text("neighbourhood")?,
                city: text("city")?,
                uf: text("uf")?,
                reference: text("reference")?,
                lat: c.try_get("lat")?,
                lon: c.try_get("lon")?,
            },
        };
        let key = id.to_string();
        let contracts = sqlx::query(
            "SELECT s.id, COALESCE(p.name, '') AS plan_name, s.operator, s.form, s.protocol, s.decided_at, s.seller_name
             FROM sales s LEFT JOIN plans p ON p.id = s.plan_id WHERE s.customer_id = ? AND s.status = 'approved' ORDER BY s.decided_at DESC",
        )
        .bind(&key)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            let form: String = r.try_get("form")?;
            let form: campo_domain::sale::SaleForm = serde_json::from_str(&form)?;
            Ok(ContractView {
                sale_id: r.try_get("id")?,
                plan_name: r.try_get("plan_name")?,
                operator: r.try_get("operator")?,
                due_day: form.due_day,
                protocol: r.try_get("protocol")?,
                approved_at: r.try_get("decided_at")?,
                seller_name: r.try_get("seller_name")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let orders = sqlx::query(
            "SELECT o.id, o.number, o.kind, o.status, COALESCE(p.name, '') AS plan_name, o.scheduled_date, o.created_at
             FROM work_orders o LEFT JOIN plans p ON p.id = o.plan_id WHERE o.customer_id = ? ORDER BY o.created_at DESC",
        )
        .bind(&key)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let status: String = r.try_get("status")?;
            let decode = |w: &str| sqlx::Error::Decode(format!("unknown {w}").into());
            Ok(CustomerOrder {
                id: r.try_get("id")?,
                number: r.try_get("number")?,
                kind: OrderKind::from_code(&kind).ok_or_else(|| decode("kind"))?,
                status: OrderStatus::from_code(&status).ok_or_else(|| decode("status"))?,
                plan_name: r.try_get("plan_name")?,
                scheduled_date: r.try_get("scheduled_date")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let equipment = sqlx::query(
            "SELECT u.serial, u.mac, i.name AS item, u.since FROM stock_units u
             JOIN stock_places pl ON pl.id = u.place_id JOIN stock_items i ON i.id = u.item_id
             WHERE pl.kind = 'customer' AND pl.ref_id = ? ORDER BY i.name, u.serial",
        )
        .bind(&key)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(LentUnit {
                serial: r.try_get("serial")?,
                mac: r.try_get("mac")?,
                item: r.try_get("item")?,
                since: r.try_get("since")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let activations = sqlx::query(
            "SELECT a.order_id, o.number, a.attempt, a.status, a.started_at FROM activations a JOIN work_orders o ON o.id = a.order_id
             WHERE o.customer_id = ? ORDER BY a.started_at DESC",
        )
        .bind(&key)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(CustomerActivation {
                order_id: r.try_get("order_id")?,
                number: r.try_get("number")?,
                attempt: r.try_get("attempt")?,
                status: r.try_get("status")?,
                started_at: r.try_get("started_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let calls = self.customer_calls(id).await?;
        let changes = sqlx::query(
            "SELECT at, actor_name, fields FROM customer_changes WHERE customer_id = ? ORDER BY at DESC",
        )
        .bind(&key)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            let fields: String = r.try_get("fields")?;
            Ok(CustomerChange {
                at: r.try_get("at")?,
                actor_name: r.try_get("actor_name")?,
                fields: fields
                    .split(',')
                    .filter(|f| !f.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        // Asked apart from the name: an in-memory store has one connection.
        let plan = self.customer_plan(id).await?;
        let plan_name: Option<String> = match plan {
            Some(plan) => {
                sqlx::query_scalar("SELECT name FROM plans WHERE id = ?")
                    .bind(plan.to_string())
                    .fetch_optional(self.pool())
                    .await?
            }
            None => None,
        };
        Ok(CustomerPage {
            id: key,
            cpf: cpf.map(|d| Cpf::parse(&d).map(|c| c.formatted()).unwrap_or(d)),
            duplicate_of,
            duplicate_of_name,
            details,
            plan_name,
            contracts,
            orders,
            equipment,
            activations,
            calls,
            changes,
        })
    }
}
