//! A customer's page: who they are and where (personal data only where the device keeps it),
//! their contracts (approved sales), orders, the equipment lent to them, activations, calls,
//! and the history of changes to their details; and those changes, written as operations
//! (`customer.edit`, the whole record as it now is: the latest change wins).

use campo_domain::text::fold;
use campo_domain::{Cep, Cpf, CustomerDraft, OrderKind, OrderStatus, Phone};
use campo_protocol::Op;
use campo_protocol::ops::CustomerEdited;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{Writer, timestamp};
use crate::{Entity, Store, StoreError};

/// A customer's details as the office edits them (as typed; checked like a sale's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerEdit {
    /// Full name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// First phone.
    pub phone1: String,
    /// Second phone.
    pub phone2: String,
    /// CEP.
    pub cep: String,
    /// Street.
    pub street: String,
    /// Number.
    pub number: String,
    /// Complement.
    pub complement: String,
    /// Neighbourhood.
    pub neighbourhood: String,
    /// Municipality.
    pub city: String,
    /// UF.
    pub uf: String,
    /// Reference point.
    pub reference: String,
    /// Latitude (`null` with the longitude: not placed on the map yet).
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
}

/// A customer not placed on the map yet (imported from an ERP without coordinates).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnlocatedCustomer {
    /// The customer.
    pub id: String,
    /// Name.
    pub name: String,
    /// The address, one line: `Rua da Aurora, 500 – Santo Amaro, Recife/PE`.
    pub address: String,
    /// Their orders not finished yet (route planning leaves them out until placed).
    #[ts(type = "number")]
    pub open_orders: i64,
}

/// The customers to place on the map, those with open orders first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnlocatedList {
    /// How many in all.
    #[ts(type = "number")]
    pub total: i64,
    /// The first of them.
    pub customers: Vec<UnlocatedCustomer>,
}

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

/// A customer's details changed.
pub(crate) async fn edited(
    c: &mut SqliteConnection,
    b: &CustomerEdited,
    actor: Uuid,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE customers SET name = ?, email = ?, phone1 = ?, phone2 = ?,
                external_id = COALESCE((CASE WHEN EXISTS (SELECT 1 FROM customers WHERE external_id = ?) THEN NULL ELSE ? END), external_id)
          WHERE id = ?",
    )
    .bind(&b.name)
    .bind(&b.email)
    .bind(&b.phone1)
    .bind(&b.phone2)
    .bind(&b.external_id)
    .bind(&b.external_id)
    .bind(b.id.to_string())
    .execute(&mut *c)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(());
    }
    let address = campo_domain::NewAddress {
        cep: b.cep.clone(),
        street: b.street.clone(),
        number: b.number.clone(),
        complement: b.complement.clone().unwrap_or_default(),
        neighbourhood: b.neighbourhood.clone(),
        city: b.city.clone(),
        uf: b.uf.clone(),
        reference: b.reference.clone().unwrap_or_default(),
        lat: b.lat,
        lon: b.lon,
    };
    set_address(c, b.id, &address).await?;
    let by = crate::effects::person_name(c, actor).await?;
    sqlx::query(
        "INSERT OR IGNORE INTO customer_changes (customer_id, at, actor_name, fields) VALUES (?, ?, ?, ?)",
    )
    .bind(b.id.to_string())
    .bind(&b.at)
    .bind(by)
    .bind(b.changed.join(","))
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// The order list's copies of a customer's name and neighbourhood, and its search text,
/// made again from the customer as they are now.
pub(crate) async fn orders_follow(
    c: &mut SqliteConnection,
    customer: Uuid,
) -> Result<(), StoreError> {
    let Some((name, street, number, neighbourhood, city)) =
        sqlx::query_as::<_, (String, String, String, String, String)>(
            "SELECT name, street, number, neighbourhood, city FROM customers WHERE id = ?",
        )
        .bind(customer.to_string())
        .fetch_optional(&mut *c)
        .await?
    else {
        return Ok(());
    };
    let orders: Vec<(String, i64)> =
        sqlx::query_as("SELECT id, number FROM work_orders WHERE customer_id = ?")
            .bind(customer.to_string())
            .fetch_all(&mut *c)
            .await?;
    for (order, n) in orders {
        let search = fold(&format!(
            "{n:06} {name} {street} {number} {neighbourhood} {city}"
        ));
        sqlx::query(
            "UPDATE work_orders SET customer_name = ?, neighbourhood = ?, search = ? WHERE id = ?",
        )
        .bind(&name)
        .bind(&neighbourhood)
        .bind(search)
        .bind(order)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

/// An address change done: the customer's address becomes the one it carried (its place on
/// the map too: none when it had none), and their orders' copied words follow. Nothing for
/// any other order.
pub(crate) async fn moved_in(c: &mut SqliteConnection, order: Uuid) -> Result<(), StoreError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT customer_id, new_address FROM work_orders
         WHERE id = ? AND kind = 'address_change' AND new_address IS NOT NULL",
    )
    .bind(order.to_string())
    .fetch_optional(&mut *c)
    .await?;
    let Some((customer, address)) = row else {
        return Ok(());
    };
    let a: campo_domain::NewAddress = serde_json::from_str(&address)?;
    set_address(c, crate::write::parse_uuid(&customer)?, &a).await
}

/// Puts the customer at `a` (an edit, or a move done), and the order list's copies follow.
async fn set_address(
    c: &mut SqliteConnection,
    customer: Uuid,
    a: &campo_domain::NewAddress,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE customers SET cep = ?, street = ?, number = ?, complement = ?, neighbourhood = ?, city = ?, uf = ?,
                reference = ?, lat = ?, lon = ? WHERE id = ?",
    )
    .bind(&a.cep)
    .bind(&a.street)
    .bind(&a.number)
    .bind(opt(&a.complement))
    .bind(&a.neighbourhood)
    .bind(&a.city)
    .bind(&a.uf)
    .bind(opt(&a.reference))
    .bind(a.lat)
    .bind(a.lon)
    .bind(customer.to_string())
    .execute(&mut *c)
    .await?;
    orders_follow(c, customer).await
}

fn opt(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

impl Writer<'_> {
    /// Changes a customer's contacts or address; a bad field is refused by name and nothing
    /// is saved. Returns whether anything changed.
    pub async fn edit_customer(
        &mut self,
        id: Uuid,
        edit: &CustomerEdit,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.edit_customer_from(id, edit, None, at).await
    }

    /// [`Self::edit_customer`] from an ERP's export, which also gives the customer their id
    /// there when they have none yet.
    pub(crate) async fn edit_customer_from(
        &mut self,
        id: Uuid,
        edit: &CustomerEdit,
        external_id: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let draft = CustomerDraft {
            name: edit.name.clone(),
            email: opt(&edit.email),
            phone1: edit.phone1.clone(),
            phone2: opt(&edit.phone2),
            cep: edit.cep.clone(),
            street: edit.street.clone(),
            number: edit.number.clone(),
            complement: opt(&edit.complement),
            neighbourhood: edit.neighbourhood.clone(),
            city: edit.city.clone(),
            uf: edit.uf.clone(),
            lat: edit.lat,
            lon: edit.lon,
            ..CustomerDraft::default()
        };
        let v = draft.validate()?;
        let now = sqlx::query(
            "SELECT name, email, phone1, phone2, cep, street, number, complement, neighbourhood, city, uf, lat, lon, reference, external_id
             FROM customers WHERE id = ?",
        )
        .bind(id.to_string())
        .fetch_optional(self.conn())
        .await?
        .ok_or(StoreError::NotFound(Entity::Customer))?;
        let current_external: Option<String> = now.try_get("external_id")?;
        let external_id = external_id.filter(|e| current_external.as_ref() != Some(e));
        let body = CustomerEdited {
            external_id,
            id,
            name: v.name,
            email: v.email.map(|e| e.as_str().to_owned()),
            phone1: v.phone1.digits().to_owned(),
            phone2: v.phone2.map(|p| p.digits().to_owned()),
            cep: v.cep.digits().to_owned(),
            street: v.street,
            number: v.number,
            complement: v.complement,
            neighbourhood: v.neighbourhood,
            city: v.city,
            uf: v.uf.as_str().to_owned(),
            lat: v.lat,
            lon: v.lon,
            reference: opt(&edit.reference),
            changed: Vec::new(),
            at: timestamp(at),
        };
        let texts: [(&str, Option<String>); 12] = [
            ("name", Some(body.name.clone())),
            ("email", body.email.clone()),
            ("phone1", Some(body.phone1.clone())),
            ("phone2", body.phone2.clone()),
            ("cep", Some(body.cep.clone())),
            ("street", Some(body.street.clone())),
            ("number", Some(body.number.clone())),
            ("complement", body.complement.clone()),
            ("neighbourhood", Some(body.neighbourhood.clone())),
            ("city", Some(body.city.clone())),
            ("uf", Some(body.uf.clone())),
            ("reference", body.reference.clone()),
        ];
        let mut changed: Vec<String> = Vec::new();
        for (field, value) in texts {
            let current: Option<String> = now.try_get(field)?;
            if current != value {
                changed.push(field.to_owned());
            }
        }
        let (lat, lon): (Option<f64>, Option<f64>) = (now.try_get("lat")?, now.try_get("lon")?);
        if (lat, lon) != (body.lat, body.lon) {
            changed.push("location".into());
        }
        if body.external_id.is_some() {
            changed.push("external_id".into());
        }
        if changed.is_empty() {
            return Ok(false);
        }
        let body = CustomerEdited { changed, ..body };
        let me = self.actor_id();
        edited(self.conn(), &body, me).await?;
        self.record(&Op::CustomerEdited(body)).await?;
        Ok(true)
    }
}

impl Store {
    /// Customers without a location (those with open orders first, then by name), at most
    /// `limit` of them, and how many there are.
    pub async fn unlocated_customers(&self, limit: i64) -> Result<UnlocatedList, StoreError> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers WHERE lat IS NULL")
            .fetch_one(self.pool())
            .await?;
        let rows = sqlx::query(
            "SELECT c.id, c.name, c.street, c.number, c.neighbourhood, c.city, c.uf,
                    (SELECT COUNT(*) FROM work_orders o WHERE o.customer_id = c.id
                       AND o.status NOT IN ('done', 'cancelled', 'rejected')) AS open_orders
             FROM customers c WHERE c.lat IS NULL
             ORDER BY open_orders > 0 DESC, c.name LIMIT ?",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let customers = rows
            .iter()
            .map(|r| {
                Ok(UnlocatedCustomer {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    address: format!(
                        "{}, {} – {}, {}/{}",
                        r.try_get::<String, _>("street")?,
                        r.try_get::<String, _>("number")?,
                        r.try_get::<String, _>("neighbourhood")?,
                        r.try_get::<String, _>("city")?,
                        r.try_get::<String, _>("uf")?
                    ),
                    open_orders: r.try_get("open_orders")?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(UnlocatedList { total, customers })
    }

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
