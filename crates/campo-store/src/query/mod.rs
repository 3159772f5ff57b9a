//! The read side: the filtered, sorted, paged order list (all in SQL, so it stays fast at
//! 100k orders) and the filter choices; `order_page` reads the order page.

use campo_domain::text::fold;
use campo_domain::{OrderKind, OrderStatus, Period, Phone, ValidationError};
use chrono::{NaiveDate, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use uuid::Uuid;

use crate::views::{
    FilterOptions, OrderFilter, OrderPage, OrderRow, PageRequest, SortDir, SortKey, TechnicianView,
};
use crate::{Store, StoreError};

mod order_page;

/// Largest page the list returns.
pub const MAX_PAGE: u32 = 500;

const ROW_SELECT: &str = "SELECT o.row_id, o.id, o.number, o.kind, o.status, o.customer_name, o.neighbourhood, c.city,
        o.technician_id, o.technician_name, o.scheduled_date, o.period, pl.name AS plan_name, pl.has_iptv, o.created_at,
        o.available_periods
    FROM work_orders o
    JOIN customers c ON c.id = o.customer_id
    JOIN plans pl ON pl.id = o.plan_id";

/// A `YYYY-MM-DD` date from a filter, or the error naming the field.
fn filter_date(
    value: Option<&str>,
    field: campo_domain::Field,
) -> Result<Option<NaiveDate>, StoreError> {
    match value.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ValidationError::Date(field).into()),
    }
}

/// The filters, checked once before any SQL is built.
struct Checked<'f> {
    filter: &'f OrderFilter,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl<'f> Checked<'f> {
    fn new(filter: &'f OrderFilter) -> Result<Self, StoreError> {
        let from = filter_date(filter.date_from.as_deref(), campo_domain::Field::DateFrom)?;
        let to = filter_date(filter.date_to.as_deref(), campo_domain::Field::DateTo)?;
        Ok(Checked { filter, from, to })
    }
}

fn push_filters(q: &mut QueryBuilder<'_, Sqlite>, checked: &Checked<'_>) {
    let f = checked.filter;
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
        // The period is the slot's last character: answered from the (kind|status|…, slot)
        // indexes without reading the table.
        let digit = match p {
            Period::Morning => "1",
            Period::Afternoon => "2",
        };
        q.push(" AND substr(o.slot, 12) = ").push_bind(digit);
    }
    // `slot` is the day followed by -1 (morning) or -2 (afternoon).
    if let Some(d) = checked.from {
        q.push(" AND o.slot >= ").push_bind(d.to_string());
    }
    if let Some(d) = checked.to {
        q.push(" AND o.slot <= ").push_bind(format!("{d}-9"));
    }
    if let Some(n) = f.neighbourhood.as_deref().filter(|n| !n.is_empty()) {
        q.push(" AND o.neighbourhood = ").push_bind(n.to_owned());
    }
    if let Some(t) = f.technician_id.as_deref().filter(|t| !t.is_empty()) {
        q.push(" AND o.technician_id = ").push_bind(t.to_owned());
    }
    let text = f.text.as_deref().map(fold).unwrap_or_default();
    // A number typed alone ("123", or as shown: "OS 000123", "WO 000123") finds that order;
    // words of 3+ letters use the trigram index; shorter words fall back to a scan.
    let words: Vec<&str> = text
        .split(' ')
        .filter(|w| !w.is_empty() && !matches!(*w, "os" | "wo"))
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
    // Every sort walks an index: (key, number).
    let key = match sort {
        SortKey::Number => "",
        SortKey::ScheduledDate => "o.slot",
        SortKey::Customer => "o.customer_name",
        SortKey::Neighbourhood => "o.neighbourhood",
        SortKey::Status => "o.status_rank",
        SortKey::Kind => "o.kind",
        SortKey::Technician => "o.technician_name",
        SortKey::CreatedAt => "o.created_at",
    };
    q.push(" ORDER BY ");
    if !key.is_empty() {
        q.push(format!("{key} {d}, "));
    }
    q.push(format!("o.number {d}"));
}

fn decode_err(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("unexpected {what}").into()))
}

pub(crate) fn row_from(row: &SqliteRow) -> Result<OrderRow, StoreError> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let period: Option<String> = row.try_get("period")?;
    let number: i64 = row.try_get("number")?;
    let period = period
        .as_deref()
        .map(|p| Period::from_code(p).ok_or_else(|| decode_err("period")))
        .transpose()?;
    let available_periods = periods_of(row.try_get("available_periods")?);
    Ok(OrderRow {
        id: row.try_get("id")?,
        number: u32::try_from(number).map_err(|_| decode_err("number"))?,
        kind: OrderKind::from_code(&kind).ok_or_else(|| decode_err("kind"))?,
        status: OrderStatus::from_code(&status).ok_or_else(|| decode_err("status"))?,
        customer_name: row.try_get("customer_name")?,
        neighbourhood: row.try_get("neighbourhood")?,
        city: row.try_get("city")?,
        technician_id: row.try_get("technician_id")?,
        technician_name: row.try_get("technician_name")?,
        scheduled_date: row.try_get("scheduled_date")?,
        outside_availability: period.is_some_and(|p| {
            campo_domain::agenda::availability_warning(&available_periods, p).is_some()
        }),
        period,
        plan_name: row.try_get("plan_name")?,
        has_iptv: row.try_get("has_iptv")?,
        created_at: row.try_get("created_at")?,
        deadline: None,
        deadline_state: None,
        available_periods,
    })
}

/// The customer's periods as `work_orders.available_periods` keeps them: codes joined by
/// commas (`morning,afternoon`), none given as NULL. [`periods_of`] reads them back.
pub(crate) fn stored_periods(periods: &[Period]) -> Option<String> {
    (!periods.is_empty()).then(|| {
        periods
            .iter()
            .map(|p| p.code())
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// The periods stored as codes (`morning,afternoon`); none when not given.
fn periods_of(stored: Option<String>) -> Vec<Period> {
    stored
        .unwrap_or_default()
        .split(',')
        .filter_map(Period::from_code)
        .collect()
}

/// A phone as people read it (the digits as stored when they do not parse as a phone).
fn format_phone(digits: &str) -> String {
    Phone::parse(digits)
        .map(|p| p.formatted())
        .unwrap_or_else(|_| digits.to_owned())
}

impl Store {
    /// One page of the order list under `filter`, and how many orders match in all.
    ///
    /// Three steps, each on an index: count the matches, pick the page's rows in order
    /// (work_orders alone), then read those rows with their customer and plan.
    pub async fn list_orders(
        &self,
        filter: &OrderFilter,
        page: PageRequest,
    ) -> Result<OrderPage, StoreError> {
        let checked = Checked::new(filter)?;
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM work_orders o");
        push_filters(&mut count, &checked);
        let total: i64 = count.build_query_scalar().fetch_one(self.pool()).await?;

        let limit = page.limit.clamp(1, MAX_PAGE);
        let mut ids = QueryBuilder::<Sqlite>::new("SELECT o.row_id FROM work_orders o");
        push_filters(&mut ids, &checked);
        push_order(&mut ids, filter.sort, filter.dir);
        ids.push(" LIMIT ").push_bind(i64::from(limit));
        ids.push(" OFFSET ").push_bind(i64::from(page.offset));
        let ids: Vec<i64> = ids.build_query_scalar().fetch_all(self.pool()).await?;

        Ok(OrderPage {
            rows: self.rows_by_ids(&ids).await?,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            offset: page.offset,
        })
    }

    /// Every order under `filter`, in its order, each with its deadline (for reports, the
    /// board and planning): the ids in one query, the rows a page at a time.
    pub async fn all_orders(&self, filter: &OrderFilter) -> Result<Vec<OrderRow>, StoreError> {
        let checked = Checked::new(filter)?;
        let mut ids = QueryBuilder::<Sqlite>::new("SELECT o.row_id FROM work_orders o");
        push_filters(&mut ids, &checked);
        push_order(&mut ids, filter.sort, filter.dir);
        let ids: Vec<i64> = ids.build_query_scalar().fetch_all(self.pool()).await?;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_PAGE as usize * 4) {
            out.extend(self.rows_by_ids(chunk).await?);
        }
        Ok(out)
    }

    /// The list rows of `ids` (`row_id`s), in that order, with their deadlines.
    pub(crate) async fn rows_by_ids(&self, ids: &[i64]) -> Result<Vec<OrderRow>, StoreError> {
        let mut rows = Vec::with_capacity(ids.len());
        if ids.is_empty() {
            return Ok(rows);
        }
        let mut q = QueryBuilder::<Sqlite>::new(ROW_SELECT);
        q.push(" WHERE o.row_id IN (");
        let mut list = q.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        q.push(")");
        let fetched = q.build().fetch_all(self.pool()).await?;
        let mut by_id = std::collections::HashMap::with_capacity(fetched.len());
        for row in &fetched {
            by_id.insert(row.try_get::<i64, _>("row_id")?, row_from(row)?);
        }
        rows.extend(ids.iter().filter_map(|id| by_id.remove(id)));
        self.assess_deadlines(&mut rows).await?;
        Ok(rows)
    }

    /// Adds each row's deadline, from the rows' histories (one query for the page).
    async fn assess_deadlines(&self, rows: &mut [OrderRow]) -> Result<(), StoreError> {
        let now = Utc::now();
        let book = self.deadline_book(now).await?;
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT order_id, started_at, ended_at FROM order_pauses WHERE order_id IN (",
        );
        let mut list = q.separated(", ");
        for row in rows.iter() {
            list.push_bind(row.id.clone());
        }
        q.push(")");
        let pauses = crate::deadline::pauses_of(q.build().fetch_all(self.pool()).await?)?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let mut c = self.pool().acquire().await?;
        let histories = crate::deadline::histories(&mut c, &ids).await?;
        let places = crate::deadline::places(&mut c, &book, &ids).await?;
        for row in rows.iter_mut() {
            if let Some(a) = histories.get(&row.id).and_then(|h| {
                let p = pauses.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
                book.assess(places.get(&row.id).copied(), row.kind, h, p, now)
            }) {
                row.deadline = Some(crate::write::timestamp(a.deadline));
                row.deadline_state = Some(a.state);
            }
        }
        Ok(())
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

    /// Whether the database holds nobody yet (a new device, before any data arrived).
    pub async fn has_people(&self) -> Result<bool, StoreError> {
        let any: Option<i64> = sqlx::query_scalar("SELECT 1 FROM people LIMIT 1")
            .fetch_optional(self.pool())
            .await?;
        Ok(any.is_some())
    }

    /// True once the demonstration provider was generated on this database.
    pub async fn demo_seeded(&self) -> Result<bool, StoreError> {
        let at: Option<String> =
            sqlx::query_scalar("SELECT demo_seeded_at FROM device WHERE singleton = 1")
                .fetch_one(self.pool())
                .await?;
        Ok(at.is_some())
    }

    /// Records that this database holds the demonstration provider and that the device acts
    /// as `person` in it. Device bookkeeping, not a change to shared data: not an operation.
    pub async fn mark_demo(&self, person: Uuid) -> Result<(), StoreError> {
        sqlx::query("UPDATE device SET demo_seeded_at = ?, local_user_id = ? WHERE singleton = 1")
            .bind(crate::write::timestamp(chrono::Utc::now()))
            .bind(person.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
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
        sqlx::query("PRAGMA optimize").execute(self.pool()).await?;
        Ok(())
    }

    /// Gathers the query planner's statistics from scratch (after a bulk load).
    pub async fn analyze(&self) -> Result<(), StoreError> {
        sqlx::query("PRAGMA analysis_limit = 1000")
            .execute(self.pool())
            .await?;
        sqlx::query("ANALYZE").execute(self.pool()).await?;
        Ok(())
    }
}
