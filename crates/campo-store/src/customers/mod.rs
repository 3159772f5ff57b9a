//! A customer's details changed, written as operations (`customer.edit`, the whole record as
//! it now is: the latest change wins), and the customers not yet placed on the map; `page`
//! reads a customer's page.

use campo_domain::CustomerDraft;
use campo_domain::text::fold;
use campo_protocol::Op;
use campo_protocol::ops::{CustomerAddress, CustomerEdited};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{Writer, timestamp};
use crate::{Entity, Store, StoreError};

mod page;

pub use page::{
    ContractView, CustomerActivation, CustomerChange, CustomerOrder, CustomerPage, LentUnit,
};

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
    /// The address, with its reference point and where it is on the map.
    #[serde(flatten)]
    pub address: campo_domain::NewAddress,
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
    let address: campo_domain::NewAddress = (&b.address).into();
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
            address: edit.address.clone(),
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
        let address = CustomerAddress::from(&v.address);
        let body = CustomerEdited {
            external_id,
            id,
            name: v.name,
            email: v.email.map(|e| e.as_str().to_owned()),
            phone1: v.phone1.digits().to_owned(),
            phone2: v.phone2.map(|p| p.digits().to_owned()),
            address,
            changed: Vec::new(),
            at: timestamp(at),
        };
        let texts: [(&str, Option<String>); 12] = [
            ("name", Some(body.name.clone())),
            ("email", body.email.clone()),
            ("phone1", Some(body.phone1.clone())),
            ("phone2", body.phone2.clone()),
            ("cep", Some(body.address.cep.clone())),
            ("street", Some(body.address.street.clone())),
            ("number", Some(body.address.number.clone())),
            ("complement", body.address.complement.clone()),
            ("neighbourhood", Some(body.address.neighbourhood.clone())),
            ("city", Some(body.address.city.clone())),
            ("uf", Some(body.address.uf.clone())),
            ("reference", body.address.reference.clone()),
        ];
        let mut changed: Vec<String> = Vec::new();
        for (field, value) in texts {
            let current: Option<String> = now.try_get(field)?;
            if current != value {
                changed.push(field.to_owned());
            }
        }
        let (lat, lon): (Option<f64>, Option<f64>) = (now.try_get("lat")?, now.try_get("lon")?);
        if (lat, lon) != (body.address.lat, body.address.lon) {
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
}

#[cfg(test)]
mod tests {
    use super::CustomerEdit;

    #[test]
    fn an_edit_is_the_flat_object_the_customer_page_sends() {
        let sent = serde_json::json!({
            "name": "Ana", "email": "", "phone1": "(81) 99999-0000", "phone2": "",
            "cep": "50030-230", "street": "Rua da Aurora", "number": "10", "complement": "",
            "neighbourhood": "Boa Vista", "city": "Recife", "uf": "PE", "reference": "",
            "lat": -8.06, "lon": -34.88
        });
        let edit: CustomerEdit = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(edit.address.street, "Rua da Aurora");
        assert_eq!(
            (edit.address.lat, edit.address.lon),
            (Some(-8.06), Some(-34.88))
        );
        assert_eq!(serde_json::to_value(&edit).unwrap(), sent);
    }
}
