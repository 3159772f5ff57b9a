//! The stock's indicators over a period: per item, what the installations done used (in all
//! and per installation), what other visits used, and what was lost or found defective — with
//! the installations and the ledger lines behind each figure, and a CSV.

use std::collections::{BTreeMap, HashMap};

use campo_domain::Lang;
use campo_domain::stock::{PlaceKind, Unit, fixed_place_id, van_id};
use chrono::{Days, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use super::{IndicatorFilter, Period};
use crate::sheet::{Sheet, decimal};
use crate::{Store, StoreError};

/// One item's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockItemFigures {
    /// The item's id (opens what is behind its figures).
    pub item_id: String,
    /// Its code.
    pub sku: String,
    /// Its name.
    pub name: String,
    /// `un` or `m`.
    pub unit: String,
    /// Used at the installations done in the period.
    #[ts(type = "number")]
    pub used_in_installations: i64,
    /// Used ÷ installations done, two decimals; `None` when none was done.
    pub per_installation: Option<f64>,
    /// Used at other visits (repairs, address changes).
    #[ts(type = "number")]
    pub used_elsewhere: i64,
    /// Written off as lost in the period.
    #[ts(type = "number")]
    pub lost: i64,
    /// Sent to defective in the period.
    #[ts(type = "number")]
    pub defective: i64,
}

/// The stock's indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockIndicators {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
    /// Installations done (scheduled in the period).
    pub installations: u32,
    /// Per item that moved, by name.
    pub items: Vec<StockItemFigures>,
}

/// An order that used the item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockUse {
    /// The order's id (opens its page).
    pub order_id: String,
    /// OS number.
    pub number: u32,
    /// Whether it is an installation.
    pub installation: bool,
    /// Customer's name.
    pub customer_name: String,
    /// Who did it.
    pub technician_name: Option<String>,
    /// Scheduled day, `YYYY-MM-DD`.
    pub scheduled_date: Option<String>,
    /// How many (units or metres).
    #[ts(type = "number")]
    pub quantity: i64,
}

/// A loss or a unit sent to defective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockLoss {
    /// When (RFC 3339).
    pub at: String,
    /// Lost (else defective).
    pub lost: bool,
    /// How many.
    #[ts(type = "number")]
    pub quantity: i64,
    /// The unit's serial.
    pub serial: Option<String>,
    /// Where it was (a van, a warehouse).
    pub from_place: String,
    /// The reason given.
    pub reason: Option<String>,
}

/// What is behind an item's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StockItemDetail {
    /// The orders that used it, installations first, the latest first.
    pub uses: Vec<StockUse>,
    /// Its losses and defective units, the latest first.
    pub losses: Vec<StockLoss>,
}

/// Rows of the detail shown at most (each list).
pub const DETAIL_ROWS: i64 = 500;

impl Store {
    /// The start of `from` and the end of `to` in the provider's zone, as UTC instants.
    pub(crate) async fn instants(&self, period: Period) -> Result<(String, String), StoreError> {
        let zone = self.place().await?.zone();
        let at = |day: NaiveDate| {
            zone.from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
                .earliest()
                .map(|t| crate::write::timestamp(t.with_timezone(&chrono::Utc)))
                .unwrap_or_else(|| day.to_string())
        };
        let after = period
            .to
            .checked_add_days(Days::new(1))
            .unwrap_or(period.to);
        Ok((at(period.from), at(after)))
    }

    /// Equipment used per installation and lost, per item, over `filter`'s period (the
    /// visits scheduled in it; losses and defective units by the day they were recorded, from
    /// the technician's van when one is chosen).
    pub async fn stock_indicators(
        &self,
        filter: &IndicatorFilter,
    ) -> Result<StockIndicators, StoreError> {
        let period = filter.checked()?;
        // Summed in SQLite: a year holds tens of thousands of visits and their movements.
        let places = self.places_taken(filter).await?;
        let (join, taken) = visits_taken(places.is_some());
        let (from, to) = (period.from.to_string(), format!("{}-9", period.to));
        let installations: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM work_orders o {join}
             WHERE {taken} AND o.status = 'done' AND o.kind = 'installation'"
        ))
        .bind(&from)
        .bind(&to)
        .bind(filter.technician())
        .bind(&places)
        .fetch_one(self.pool())
        .await?;
        let used = sqlx::query(&format!(
            "SELECT m.item_id,
                    COALESCE(SUM(CASE WHEN o.kind = 'installation' AND o.status = 'done'
                                 THEN m.quantity END), 0) AS installed,
                    COALESCE(SUM(CASE WHEN o.kind = 'installation' AND o.status = 'done'
                                 THEN NULL ELSE m.quantity END), 0) AS elsewhere
             FROM work_orders o {join}
             JOIN stock_movements m ON m.order_id = o.id AND m.kind = 'use'
             WHERE {taken} AND o.status IN ('done', 'in_progress', 'not_done')
             GROUP BY m.item_id"
        ))
        .bind(&from)
        .bind(&to)
        .bind(filter.technician())
        .bind(&places)
        .fetch_all(self.pool())
        .await?;
        let mut items: BTreeMap<String, StockItemFigures> = BTreeMap::new();
        let names = sqlx::query("SELECT id, sku, name, unit FROM stock_items")
            .fetch_all(self.pool())
            .await?;
        let mut catalogue = HashMap::new();
        for r in names {
            let id: String = r.try_get("id")?;
            catalogue.insert(
                id.clone(),
                (
                    r.try_get::<String, _>("sku")?,
                    r.try_get::<String, _>("name")?,
                    r.try_get::<String, _>("unit")?,
                ),
            );
        }
        fn entry<'a>(
            items: &'a mut BTreeMap<String, StockItemFigures>,
            catalogue: &HashMap<String, (String, String, String)>,
            item: &str,
        ) -> Option<&'a mut StockItemFigures> {
            let (sku, name, unit) = catalogue.get(item)?;
            Some(
                items
                    .entry(format!("{name}\u{0}{item}"))
                    .or_insert_with(|| StockItemFigures {
                        item_id: item.to_owned(),
                        sku: sku.clone(),
                        name: name.clone(),
                        unit: unit.clone(),
                        used_in_installations: 0,
                        per_installation: None,
                        used_elsewhere: 0,
                        lost: 0,
                        defective: 0,
                    }),
            )
        }
        for r in used {
            let item: String = r.try_get("item_id")?;
            if let Some(e) = entry(&mut items, &catalogue, &item) {
                e.used_in_installations += r.try_get::<i64, _>("installed")?;
                e.used_elsewhere += r.try_get::<i64, _>("elsewhere")?;
            }
        }
        for (item, lost, quantity) in self.stock_loss_sums(filter, period).await? {
            if let Some(e) = entry(&mut items, &catalogue, &item) {
                if lost {
                    e.lost += quantity;
                } else {
                    e.defective += quantity;
                }
            }
        }
        let done = u32::try_from(installations).unwrap_or(u32::MAX);
        Ok(StockIndicators {
            from: period.from.to_string(),
            to: period.to.to_string(),
            installations: done,
            items: items
                .into_values()
                .map(|mut i| {
                    i.per_installation = (done > 0).then(|| {
                        (i.used_in_installations as f64 * 100.0 / f64::from(done)).round() / 100.0
                    });
                    i
                })
                .collect(),
        })
    }

    /// The orders that used `item_id` and its losses, under `filter`.
    pub async fn stock_item_detail(
        &self,
        filter: &IndicatorFilter,
        item_id: &str,
        lang: Lang,
    ) -> Result<StockItemDetail, StoreError> {
        let period = filter.checked()?;
        let orders = self.stock_orders(filter, period, item_id).await?;
        let mut uses: Vec<StockUse> = orders
            .into_iter()
            .filter_map(|(order_id, o)| {
                let quantity: i64 = o
                    .used
                    .iter()
                    .filter(|(i, _)| i == item_id)
                    .map(|(_, q)| q)
                    .sum();
                (quantity > 0).then_some(StockUse {
                    order_id,
                    number: o.number,
                    installation: o.installation && o.done,
                    customer_name: o.customer_name,
                    technician_name: o.technician_name,
                    scheduled_date: o.scheduled_date,
                    quantity,
                })
            })
            .collect();
        uses.sort_by(|a, b| {
            b.installation
                .cmp(&a.installation)
                .then_with(|| b.scheduled_date.cmp(&a.scheduled_date))
                .then_with(|| b.number.cmp(&a.number))
        });
        uses.truncate(DETAIL_ROWS as usize);
        let losses = self
            .stock_losses(filter, period, Some(item_id), lang)
            .await?
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        Ok(StockItemDetail { uses, losses })
    }

    /// The visits scheduled in the period that used `item`, with what they used (read on the
    /// orders' slot index).
    async fn stock_orders(
        &self,
        filter: &IndicatorFilter,
        period: Period,
        item: &str,
    ) -> Result<HashMap<String, StockOrder>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.id, o.number, o.kind, o.status, o.customer_name, o.technician_id,
                    o.technician_name, o.scheduled_date, c.city, c.uf, m.item_id, m.quantity
             FROM work_orders o JOIN customers c ON c.id = o.customer_id
             JOIN stock_movements m ON m.order_id = o.id AND m.kind = 'use' AND m.item_id = ?4
             WHERE o.slot >= ?1 AND o.slot <= ?2 AND o.status IN ('done', 'in_progress', 'not_done')
               AND (?3 IS NULL OR o.technician_id = ?3)",
        )
        .bind(period.from.to_string())
        .bind(format!("{}-9", period.to))
        .bind(filter.technician())
        .bind(item)
        .fetch_all(self.pool())
        .await?;
        let mut out: HashMap<String, StockOrder> = HashMap::new();
        for r in rows {
            let tech: Option<String> = r.try_get("technician_id")?;
            if filter
                .technician()
                .is_some_and(|t| tech.as_deref() != Some(t))
                || !filter.takes_place(
                    &r.try_get::<String, _>("city")?,
                    &r.try_get::<String, _>("uf")?,
                )
            {
                continue;
            }
            let id: String = r.try_get("id")?;
            let number: i64 = r.try_get("number")?;
            let o = match out.entry(id) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(StockOrder {
                    number: u32::try_from(number).unwrap_or_default(),
                    installation: r.try_get::<String, _>("kind")? == "installation",
                    done: r.try_get::<String, _>("status")? == "done",
                    customer_name: r.try_get("customer_name")?,
                    technician_name: r.try_get("technician_name")?,
                    scheduled_date: r.try_get("scheduled_date")?,
                    used: Vec::new(),
                }),
            };
            if let Some(item) = r.try_get::<Option<String>, _>("item_id")? {
                o.used.push((item, r.try_get("quantity")?));
            }
        }
        Ok(out)
    }

    /// Per item, how many were lost (`true`) and sent to defective (`false`) in the period
    /// (from the technician's van when one is chosen).
    async fn stock_loss_sums(
        &self,
        filter: &IndicatorFilter,
        period: Period,
    ) -> Result<Vec<(String, bool, i64)>, StoreError> {
        let (start, end) = self.instants(period).await?;
        let lost_place = fixed_place_id(PlaceKind::Loss).to_string();
        let rows = sqlx::query(
            "SELECT m.item_id, m.to_place = ?1 AS lost, SUM(m.quantity) AS quantity
             FROM stock_movements m
             WHERE m.to_place IN (?1, ?2) AND m.at >= ?3 AND m.at < ?4
               AND (?5 IS NULL OR m.from_place = ?5)
             GROUP BY m.item_id, lost",
        )
        .bind(&lost_place)
        .bind(fixed_place_id(PlaceKind::Defective).to_string())
        .bind(&start)
        .bind(&end)
        .bind(van_of(filter))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok((
                    r.try_get("item_id")?,
                    r.try_get("lost")?,
                    r.try_get("quantity")?,
                ))
            })
            .collect()
    }

    /// The places (`city|uf`, as JSON for `json_each`) of the customers the filter's
    /// municipality takes; `None` when no municipality is chosen.
    async fn places_taken(&self, filter: &IndicatorFilter) -> Result<Option<String>, StoreError> {
        if filter.municipality.is_none() {
            return Ok(None);
        }
        let places: Vec<(String, String)> =
            sqlx::query_as("SELECT DISTINCT city, uf FROM customers")
                .fetch_all(self.pool())
                .await?;
        let taken: Vec<String> = places
            .into_iter()
            .filter(|(city, uf)| filter.takes_place(city, uf))
            .map(|(city, uf)| format!("{city}|{uf}"))
            .collect();
        Ok(Some(serde_json::to_string(&taken)?))
    }

    /// Losses and defective units recorded in the period (from the technician's van when one
    /// is chosen), with their item, the latest first.
    async fn stock_losses(
        &self,
        filter: &IndicatorFilter,
        period: Period,
        item: Option<&str>,
        lang: Lang,
    ) -> Result<Vec<(StockLoss, String)>, StoreError> {
        let (start, end) = self.instants(period).await?;
        let van = van_of(filter);
        let rows = sqlx::query(
            "SELECT m.at, m.to_place, m.quantity, m.serial, m.item_id, m.reason, p.name AS from_name,
                    p.kind AS from_kind
             FROM stock_movements m JOIN stock_places p ON p.id = m.from_place
             WHERE m.to_place IN (?, ?) AND m.at >= ? AND m.at < ?
               AND (? IS NULL OR m.from_place = ?) AND (? IS NULL OR m.item_id = ?)
             ORDER BY m.at DESC, m.seq DESC LIMIT ?",
        )
        .bind(fixed_place_id(PlaceKind::Loss).to_string())
        .bind(fixed_place_id(PlaceKind::Defective).to_string())
        .bind(&start)
        .bind(&end)
        .bind(&van)
        .bind(&van)
        .bind(item)
        .bind(item)
        .bind(if item.is_some() { DETAIL_ROWS } else { i64::MAX })
        .fetch_all(self.pool())
        .await?;
        let lost_place = fixed_place_id(PlaceKind::Loss).to_string();
        rows.into_iter()
            .map(|r| {
                Ok((
                    StockLoss {
                        at: r.try_get("at")?,
                        lost: r.try_get::<String, _>("to_place")? == lost_place,
                        quantity: r.try_get("quantity")?,
                        serial: r.try_get("serial")?,
                        from_place: crate::stock::place_kind_of(r.try_get("from_kind")?)?
                            .place_name(r.try_get("from_name")?, lang),
                        reason: r.try_get("reason")?,
                    },
                    r.try_get("item_id")?,
                ))
            })
            .collect()
    }
}

/// A visit and the equipment it used.
struct StockOrder {
    number: u32,
    installation: bool,
    done: bool,
    customer_name: String,
    technician_name: Option<String>,
    scheduled_date: Option<String>,
    used: Vec<(String, i64)>,
}

impl StockIndicators {
    /// The figures as CSV (`;`-separated, decimal comma in Portuguese).
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut sheet = Sheet::new(match lang {
            Lang::PtBr => {
                "código;item;unidade;usado em instalações;instalações concluídas;por instalação;usado em outras visitas;perdido;defeituoso"
            }
            Lang::En => {
                "code;item;unit;used in installations;installations done;per installation;used at other visits;lost;defective"
            }
        });
        for i in &self.items {
            sheet.row(&[
                &i.sku,
                &i.name,
                &Unit::from_code(&i.unit).map_or(i.unit.as_str(), |u| u.label(lang)),
                &i.used_in_installations,
                &self.installations,
                &decimal(i.per_installation, lang),
                &i.used_elsewhere,
                &i.lost,
                &i.defective,
            ]);
        }
        sheet.text()
    }
}

/// The technician's van, when the filter names a technician.
fn van_of(filter: &IndicatorFilter) -> Option<String> {
    filter
        .technician()
        .and_then(|t| uuid::Uuid::parse_str(t).ok())
        .map(|t| van_id(t).to_string())
}

/// How the period's visits are taken in SQL (?1, ?2: the slot bounds; ?3: the technician;
/// ?4: the places as [`Store::places_taken`] gives them): the join with the customers, needed
/// only when a municipality is chosen, and the condition.
fn visits_taken(by_place: bool) -> (&'static str, &'static str) {
    if by_place {
        (
            "JOIN customers c ON c.id = o.customer_id",
            "o.slot >= ?1 AND o.slot <= ?2 AND (?3 IS NULL OR o.technician_id = ?3)
             AND (c.city || '|' || c.uf) IN (SELECT value FROM json_each(?4))",
        )
    } else {
        (
            "",
            "o.slot >= ?1 AND o.slot <= ?2 AND (?3 IS NULL OR o.technician_id = ?3) AND ?4 IS NULL",
        )
    }
}
