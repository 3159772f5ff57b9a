//! The read side: the filtered, sorted, paged order list (all in SQL, so it stays fast at
//! 100k orders), the order page, and the filter choices.

use campo_domain::text::fold;
use campo_domain::{Cep, Cpf, OrderKind, OrderStatus, Period, Phone};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use uuid::Uuid;

use crate::views::{
    Address, CustomerView, FilterOptions, OrderDetail, OrderEventView, OrderFilter, OrderPage,
    OrderRow, PageRequest, PlanView, SortDir, SortKey, TechnicianView,
};
use crate::{Entity, Store, StoreError};

/// Largest page the list returns.
pub const MAX_PAGE: u32 = 500;

const ROW_SELECT: &str = "SELECT o.id, o.number, o.kind, o.status, o.customer_name, o.neighbourhood, c.city,
        t.name AS technician_name, o.scheduled_date, o.period, pl.name AS plan_name, pl.has_iptv, o.created_at
    FROM work_orders o
    JOIN customers c ON c.id = o.customer_id
    JOIN plans pl ON pl.id = o.plan_id
    LEFT JOIN people t ON t.id = o.technician_id";

fn push_filters(q: &mut QueryBuilder<'_, Sqlite>, f: &OrderFilter) {
    q.push(" WHERE 1 = 1");
    if !f.statuses.is_empty() {
        q.push(" AND o.status IN (");
        let mut list = q.separated(", ");
        for s in &f.statuses {
            list.push_bind(s.code());
        }
        q.push(")");
    }
    if !f.kinds.is_empty() {
        q.push(" AND o.kind IN (");
        let mut list = q.separated(", ");
        for k in &f.kinds {
            list.push_bind(k.code());
        }
        q.push(")");
    }
    if let Some(p) = f.period {
        q.push(" AND o.period = ").push_bind(p.code());
    }
    if let Some(d) = f.date_from.as_deref().filter(|d| !d.is_empty()) {
        q.push(" AND o.scheduled_date >= ").push_bind(d.to_owned());
    }
    if let Some(d) = f.date_to.as_deref().filter(|d| !d.is_empty()) {
        q.push(" AND o.scheduled_date <= ").push_bind(d.to_owned());
    }
    if let Some(n) = f.neighbourhood.as_deref().filter(|n| !n.is_empty()) {
        q.push(" AND o.neighbourhood = ").push_bind(n.to_owned());
    }
    if let Some(t) = f.technician_id.as_deref().filter(|t| !t.is_empty()) {
        q.push(" AND o.technician_id = ").push_bind(t.to_owned());
    }
    let text = f.text.as_deref().map(fold).unwrap_or_default();
    // A number typed alone ("123", "OS 123") finds that OS; words of 3+ letters use the
    // trigram index; shorter words fall back to a scan.
    let words: Vec<&str> = text
        .split(' ')
        .filter(|w| !w.is_empty() && *w != "os")
        .collect();
    let (long, short): (Vec<&str>, Vec<&str>) = words.iter().partition(|w| w.chars().count() >= 3);
    if words.len() == 1 && words[0].chars().all(|c| c.is_ascii_digit()) {
        let n: i64 = words[0].parse().unwrap_or(-1);
        q.push(" AND (o.number = ").push_bind(n);
        q.push(" OR o.search LIKE ")
            .push_bind(format!("%{}%", words[0]))
            .push(")");
        return;
    }
    if !long.is_empty() {
        let expr = long
            .iter()
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" AND ");
        q.push(" AND o.row_id IN (SELECT rowid FROM work_orders_fts WHERE work_orders_fts MATCH ")
            .push_bind(expr)
            .push(")");
    }
    for w in short {
        let escaped = w
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        q.push(" AND o.search LIKE ")
            .push_bind(format!("%{escaped}%"))
            .push(" ESCAPE '\\'");
    }
}

fn push_order(q: &mut QueryBuilder<'_, Sqlite>, sort: SortKey, dir: SortDir) {
    let d = match dir {
        SortDir::Asc => "ASC",
        SortDir::Desc => "DESC",
    };
    let status_rank = "CASE o.status WHEN 'pending_analysis' THEN 0 WHEN 'rejected' THEN 1 WHEN 'approved' THEN 2 WHEN 'scheduled' THEN 3 WHEN 'en_route' THEN 4 WHEN 'in_progress' THEN 5 WHEN 'not_done' THEN 6 WHEN 'done' THEN 7 ELSE 8 END";
    let clause = match sort {
        SortKey::Number => format!("o.number {d}"),
        SortKey::ScheduledDate => {
            format!("o.scheduled_date IS NULL, o.scheduled_date {d}, o.period {d}, o.number {d}")
        }
        SortKey::Customer => format!("o.customer_name {d}, o.number {d}"),
        SortKey::Neighbourhood => format!("o.neighbourhood {d}, o.number {d}"),
        SortKey::Status => format!("{status_rank} {d}, o.number {d}"),
        SortKey::Kind => format!("o.kind {d}, o.number {d}"),
        SortKey::Technician => format!("t.name IS NULL, t.name {d}, o.number {d}"),
        SortKey::CreatedAt => format!("o.created_at {d}, o.number {d}"),
    };
    q.push(" ORDER BY ").push(clause);
}

fn decode_err(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("unexpected {what}").into()))
}

fn row_from(row: &SqliteRow) -> Result<OrderRow, StoreError> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let period: Option<String> = row.try_get("period")?;
    let number: i64 = row.try_get("number")?;
    Ok(OrderRow {
        id: row.try_get("id")?,
        number: u32::try_from(number).map_err(|_| decode_err("number"))?,
        kind: OrderKind::from_code(&kind).ok_or_else(|| decode_err("kind"))?,
        status: OrderStatus::from_code(&status).ok_or_else(|| decode_err("status"))?,
        customer_name: row.try_get("customer_name")?,
        neighbourhood: row.try_get("neighbourhood")?,
        city: row.try_get("city")?,
        technician_name: row.try_get("technician_name")?,
        scheduled_date: row.try_get("scheduled_date")?,
        period: period
            .as_deref()
            .map(|p| Period::from_code(p).ok_or_else(|| decode_err("period")))
            .transpose()?,
        plan_name: row.try_get("plan_name")?,
        has_iptv: row.try_get("has_iptv")?,
        created_at: row.try_get("created_at")?,
    })
}

fn format_phone(digits: &str) -> String {
    Phone::parse(digits)
        .map(|p| p.formatted())
        .unwrap_or_else(|_| digits.to_owned())
}

impl Store {
    /// One page of the order list under `filter`, and how many orders match in all.
    pub async fn list_orders(
        &self,
        filter: &OrderFilter,
        page: PageRequest,
    ) -> Result<OrderPage, StoreError> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM work_orders o");
        push_filters(&mut count, filter);
        let total: i64 = count.build_query_scalar().fetch_one(self.pool()).await?;

        let limit = page.limit.clamp(1, MAX_PAGE);
        let mut q = QueryBuilder::<Sqlite>::new(ROW_SELECT);
        push_filters(&mut q, filter);
        push_order(&mut q, filter.sort, filter.dir);
        q.push(" LIMIT ").push_bind(i64::from(limit));
        q.push(" OFFSET ").push_bind(i64::from(page.offset));
        let rows = q.build().fetch_all(self.pool()).await?;
        Ok(OrderPage {
            rows: rows.iter().map(row_from).collect::<Result<_, _>>()?,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            offset: page.offset,
        })
    }

    /// Everything the order page shows.
    pub async fn get_order(&self, id: Uuid) -> Result<OrderDetail, StoreError> {
        let sql = format!("{ROW_SELECT} WHERE o.id = ?");
        let row = sqlx::query(&sql)
            .bind(id.to_string())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound(Entity::Order))?;
        let order = row_from(&row)?;
        let ids =
            sqlx::query("SELECT customer_id, plan_id, technician_id FROM work_orders WHERE id = ?")
                .bind(id.to_string())
                .fetch_one(self.pool())
                .await?;
        let customer_id: String = ids.try_get("customer_id")?;
        let plan_id: String = ids.try_get("plan_id")?;
        let technician_id: Option<String> = ids.try_get("technician_id")?;

        let c = sqlx::query("SELECT * FROM customers WHERE id = ?")
            .bind(&customer_id)
            .fetch_one(self.pool())
            .await?;
        let cpf: Option<String> = c.try_get("cpf")?;
        let cep: String = c.try_get("cep")?;
        let phones: Vec<String> = [
            c.try_get::<Option<String>, _>("phone1")?,
            c.try_get("phone2")?,
        ]
        .into_iter()
        .flatten()
        .map(|p| format_phone(&p))
        .collect();
        let customer = CustomerView {
            id: customer_id,
            name: c.try_get("name")?,
            cpf: cpf.map(|d| Cpf::parse(&d).map(|c| c.formatted()).unwrap_or(d)),
            email: c.try_get("email")?,
            phones,
            address: Address {
                street: c.try_get("street")?,
                number: c.try_get("number")?,
                complement: c.try_get("complement")?,
                neighbourhood: c.try_get("neighbourhood")?,
                city: c.try_get("city")?,
                uf: c.try_get("uf")?,
                cep: Cep::parse(&cep).map(|c| c.formatted()).unwrap_or(cep),
            },
            lat: c.try_get("lat")?,
            lon: c.try_get("lon")?,
        };

        let p = sqlx::query("SELECT * FROM plans WHERE id = ?")
            .bind(&plan_id)
            .fetch_one(self.pool())
            .await?;
        let mbps: i64 = p.try_get("download_mbps")?;
        let price: i64 = p.try_get("price_cents")?;
        let plan = PlanView {
            id: plan_id,
            name: p.try_get("name")?,
            download_mbps: u32::try_from(mbps).map_err(|_| decode_err("speed"))?,
            price_cents: u32::try_from(price).map_err(|_| decode_err("price"))?,
            has_iptv: p.try_get("has_iptv")?,
            premium: p.try_get("premium")?,
        };

        let technician = match technician_id {
            Some(tid) => {
                let t = sqlx::query("SELECT id, name, phone FROM people WHERE id = ?")
                    .bind(&tid)
                    .fetch_one(self.pool())
                    .await?;
                Some(technician_from(&t)?)
            }
            None => None,
        };

        let events = sqlx::query(
            "SELECT e.id, e.at, p.name AS actor_name, e.from_status, e.to_status, e.reason
             FROM order_events e JOIN people p ON p.id = e.actor_id
             WHERE e.order_id = ? ORDER BY e.at, e.id",
        )
        .bind(id.to_string())
        .fetch_all(self.pool())
        .await?;
        let history = events
            .iter()
            .map(|e| {
                let from: Option<String> = e.try_get("from_status")?;
                let to: String = e.try_get("to_status")?;
                Ok(OrderEventView {
                    id: e.try_get("id")?,
                    at: e.try_get("at")?,
                    actor_name: e.try_get("actor_name")?,
                    from: from
                        .as_deref()
                        .map(|s| OrderStatus::from_code(s).ok_or_else(|| decode_err("status")))
                        .transpose()?,
                    to: OrderStatus::from_code(&to).ok_or_else(|| decode_err("status"))?,
                    reason: e.try_get("reason")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;

        // Scheduling needs a date, a period and a technician: the agenda offers it.
        let allowed_transitions = order
            .status
            .next()
            .iter()
            .copied()
            .filter(|s| *s != OrderStatus::Scheduled)
            .collect();
        Ok(OrderDetail {
            order,
            customer,
            plan,
            technician,
            history,
            allowed_transitions,
        })
    }

    /// Technicians and neighbourhoods for the list's filter selects.
    pub async fn filter_options(&self) -> Result<FilterOptions, StoreError> {
        let techs = sqlx::query(
            "SELECT id, name, phone FROM people WHERE role = 'technician' AND active = 1 ORDER BY name",
        )
        .fetch_all(self.pool())
        .await?;
        let neighbourhoods: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT neighbourhood FROM customers ORDER BY neighbourhood",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(FilterOptions {
            technicians: techs
                .iter()
                .map(technician_from)
                .collect::<Result<_, _>>()?,
            neighbourhoods,
        })
    }

    /// How many orders the device holds.
    pub async fn order_count(&self) -> Result<u32, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM work_orders")
            .fetch_one(self.pool())
            .await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The id of the person this device acts as, if set.
    pub async fn local_user(&self) -> Result<Option<Uuid>, StoreError> {
        let id: Option<String> =
            sqlx::query_scalar("SELECT local_user_id FROM device WHERE singleton = 1")
                .fetch_one(self.pool())
                .await?;
        id.as_deref().map(crate::write::parse_uuid).transpose()
    }

    /// The newest migration applied to this database.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(self.pool())
            .await?;
        Ok(v.unwrap_or(0))
    }
}

fn technician_from(t: &SqliteRow) -> Result<TechnicianView, StoreError> {
    let phone: Option<String> = t.try_get("phone")?;
    Ok(TechnicianView {
        id: t.try_get("id")?,
        name: t.try_get("name")?,
        phone: phone.as_deref().map(format_phone).unwrap_or_default(),
    })
}

impl Store {
    /// Refreshes the query planner's statistics (`PRAGMA optimize`), as SQLite recommends
    /// for long-lived databases; cheap when nothing changed.
    pub async fn optimize(&self) -> Result<(), StoreError> {
        sqlx::query("PRAGMA optimize=0x10002")
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
