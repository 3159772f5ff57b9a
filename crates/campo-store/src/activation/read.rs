//! Reading activations: the current template, the queue, an order's checklist with every
//! attempt and answer, and the first-pass figures.

use std::collections::HashMap;

use campo_domain::Lang;
use campo_domain::activation::{self, Outcome, TemplateItem};
use chrono::DateTime;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;
use uuid::Uuid;

use crate::write::parse_uuid;
use crate::{Store, StoreError};

use super::*;

impl Store {
    /// The current version of a service's template.
    pub async fn activation_template(
        &self,
        service: &str,
    ) -> Result<Option<TemplateView>, StoreError> {
        let row = sqlx::query(
            "SELECT id, service, name, version, items, created_at FROM activation_templates WHERE service = ? ORDER BY version DESC LIMIT 1",
        )
        .bind(service)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            let items: String = r.try_get("items")?;
            Ok(TemplateView {
                id: r.try_get("id")?,
                service: r.try_get("service")?,
                name: r.try_get("name")?,
                version: r.try_get("version")?,
                items: serde_json::from_str(&items)?,
                created_at: r.try_get("created_at")?,
            })
        })
        .transpose()
    }

    /// The service an attempt is of (its template's).
    pub async fn activation_service(&self, activation_id: Uuid) -> Result<String, StoreError> {
        sqlx::query_scalar(
            "SELECT t.service FROM activations a JOIN activation_templates t ON t.id = a.template_id WHERE a.id = ?",
        )
        .bind(activation_id.to_string())
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::Activation(campo_domain::activation::ActivationError::Closed))
    }

    /// Every service a plan includes or a checklist was written for, IPTV first, each with
    /// its checklist's current version.
    pub async fn activation_services(&self) -> Result<Vec<ServiceView>, StoreError> {
        let plans: Vec<(bool, String)> = sqlx::query_as("SELECT has_iptv, svas FROM plans")
            .fetch_all(self.pool())
            .await?;
        let mut services: Vec<(String, String)> = vec![(IPTV.to_owned(), "IPTV".to_owned())];
        for (iptv, svas) in plans {
            let svas: Vec<String> = serde_json::from_str(&svas)?;
            for (key, name) in plan_services(iptv, &svas) {
                if !services.iter().any(|(k, _)| *k == key) {
                    services.push((key, name));
                }
            }
        }
        let templates: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT t.service, t.name, t.version FROM activation_templates t
             WHERE t.version = (SELECT MAX(u.version) FROM activation_templates u WHERE u.service = t.service)",
        )
        .fetch_all(self.pool())
        .await?;
        for (key, name, _) in &templates {
            if !services.iter().any(|(k, _)| k == key) {
                services.push((key.clone(), name.clone()));
            }
        }
        services[1..].sort_by_key(|s| s.1.to_lowercase());
        Ok(services
            .into_iter()
            .map(|(key, name)| ServiceView {
                template: templates
                    .iter()
                    .find(|(k, _, _)| *k == key)
                    .map(|(_, n, v)| format!("{n} (v{v})")),
                key,
                name,
            })
            .collect())
    }

    /// Each service still to activate on a done installation, plan change or SVA activation —
    /// IPTV and every SVA its plan names, one line per service the customer does not have
    /// active yet, on their newest such order — longest waiting first; `text` filters by
    /// customer or number.
    pub async fn activation_queue(
        &self,
        text: Option<&str>,
    ) -> Result<Vec<ActivationRow>, StoreError> {
        // Orders with a service whose activation has not passed (a prefilter: the services
        // are counted exactly below).
        // An order a newer done order of the customer's has superseded (a plan change, say:
        // see [`super::superseded`]) is left out here too.
        let rows = sqlx::query(
            "WITH done AS (SELECT o.id, o.row_id, o.customer_id, o.number, o.plan_id,
                                  (SELECT MAX(e.at) FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'done') AS at
                           FROM work_orders o
                           WHERE o.kind IN ('installation', 'plan_change', 'sva_activation') AND o.status = 'done'),
                  -- The customer's newest done order (by when it was done, then id); one done
                  -- with no time on record supersedes nothing and is kept.
                  newest AS (SELECT d.*, ROW_NUMBER() OVER (
                                 PARTITION BY d.customer_id, d.at IS NULL ORDER BY d.at DESC, d.id DESC) AS nth
                             FROM done d)
             SELECT d.id, d.row_id, d.customer_id, p.premium, p.has_iptv, p.svas, d.at AS installed_at
             FROM newest d JOIN plans p ON p.id = d.plan_id
             WHERE (d.at IS NULL OR d.nth = 1)
               AND (SELECT COUNT(DISTINCT t.service) FROM activations a JOIN activation_templates t ON t.id = a.template_id
                    WHERE a.order_id = d.id AND a.status = 'passed') < p.has_iptv + json_array_length(p.svas)
             ORDER BY d.at, d.number LIMIT 1000",
        )
        .fetch_all(self.pool())
        .await?;
        let needle = text.map(campo_domain::text::fold).filter(|t| !t.is_empty());
        // The orders' list rows, with their deadlines, in one read.
        let row_ids = rows
            .iter()
            .map(|r| r.try_get::<i64, _>("row_id"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut orders: HashMap<String, OrderRow> = self
            .rows_by_ids(&row_ids)
            .await?
            .into_iter()
            .map(|o| (o.id.clone(), o))
            .collect();
        // Every attempt on these customers' orders, in one read: a service passed on any of
        // them is active.
        let mut attempts: HashMap<String, Vec<(String, String, String)>> = HashMap::new();
        if !rows.is_empty() {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "SELECT w.customer_id, a.order_id, t.service, a.status FROM activations a
                 JOIN activation_templates t ON t.id = a.template_id
                 JOIN work_orders w ON w.id = a.order_id WHERE w.customer_id IN (",
            );
            let mut list = q.separated(", ");
            for r in &rows {
                list.push_bind(r.try_get::<String, _>("customer_id")?);
            }
            q.push(") ORDER BY a.attempt");
            let found: Vec<(String, String, String, String)> =
                q.build_query_as().fetch_all(self.pool()).await?;
            for (customer, order, service, status) in found {
                attempts
                    .entry(customer)
                    .or_default()
                    .push((order, service, status));
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id = parse_uuid(r.try_get("id")?)?;
            let order = orders
                .remove(&id.to_string())
                .ok_or(StoreError::NotFound(crate::Entity::Order))?;
            if let Some(n) = &needle {
                let hay = campo_domain::text::fold(&format!(
                    "{:06} {} {}",
                    order.number, order.customer_name, order.neighbourhood
                ));
                if !hay.contains(n.as_str()) {
                    continue;
                }
            }
            let svas: String = r.try_get("svas")?;
            let svas: Vec<String> = serde_json::from_str(&svas)?;
            let customer: String = r.try_get("customer_id")?;
            let done = attempts.get(&customer).map(Vec::as_slice).unwrap_or(&[]);
            for (service, name) in plan_services(r.try_get("has_iptv")?, &svas) {
                if done
                    .iter()
                    .any(|(_, s, status)| *s == service && status == "passed")
                {
                    continue;
                }
                let key = id.to_string();
                let mine: Vec<&String> = done
                    .iter()
                    .filter(|(o, s, _)| *o == key && *s == service)
                    .map(|(_, _, status)| status)
                    .collect();
                // A newer order of the customer's with the same service takes the line.
                out.retain(|(c, row): &(String, ActivationRow)| {
                    !(*c == customer && row.service == service)
                });
                out.push((
                    customer.clone(),
                    ActivationRow {
                        order: order.clone(),
                        service,
                        service_name: name,
                        installed_at: r.try_get("installed_at")?,
                        attempts: mine.len() as i64,
                        last_status: mine.last().map(|s| (*s).clone()),
                        premium: r.try_get("premium")?,
                    },
                ));
            }
        }
        Ok(out.into_iter().map(|(_, row)| row).collect())
    }

    /// An order's IPTV activation with every attempt, item and tick.
    pub async fn activation_of(
        &self,
        order_id: Uuid,
        lang: Lang,
    ) -> Result<ActivationView, StoreError> {
        self.service_activation_of(order_id, IPTV, lang).await
    }

    /// An order's activation of `service` with every attempt, item and tick.
    pub async fn service_activation_of(
        &self,
        order_id: Uuid,
        service: &str,
        lang: Lang,
    ) -> Result<ActivationView, StoreError> {
        let detail = self.get_order(order_id).await?;
        let service_name = plan_services(detail.plan.has_iptv, &detail.plan.svas)
            .into_iter()
            .find(|(k, _)| k == service)
            .map_or_else(|| service.to_owned(), |(_, n)| n);
        let premium = detail.plan.premium;
        let iptv = detail.plan.has_iptv;
        let a = &detail.customer.address;
        let address = format!(
            "{}, {} · {} · {}/{}",
            a.street, a.number, a.neighbourhood, a.city, a.uf
        );
        let attempts_rows = sqlx::query(
            "SELECT a.id, a.attempt, a.status, a.started_at, a.closed_at, a.close_reason, a.follow_up,
                    t.name, t.version, t.items, s.name AS started_by, c.name AS closed_by
             FROM activations a JOIN activation_templates t ON t.id = a.template_id
             LEFT JOIN people s ON s.id = a.started_by LEFT JOIN people c ON c.id = a.closed_by
             WHERE a.order_id = ? AND t.service = ? ORDER BY a.attempt",
        )
        .bind(order_id.to_string())
        .bind(service)
        .fetch_all(self.pool())
        .await?;
        let mut attempts = Vec::with_capacity(attempts_rows.len());
        for r in attempts_rows {
            let id: String = r.try_get("id")?;
            let items: String = r.try_get("items")?;
            let items: Vec<TemplateItem> = serde_json::from_str(&items)?;
            let ticks = sqlx::query(
                "SELECT k.item_key, k.answer, k.outcome, k.note, k.at, p.name AS by_name FROM activation_ticks k
                 LEFT JOIN people p ON p.id = k.actor_id WHERE k.activation_id = ? ORDER BY k.hlc, k.id",
            )
            .bind(&id)
            .fetch_all(self.pool())
            .await?;
            let mut history: HashMap<String, Vec<TickView>> = HashMap::new();
            for t in ticks {
                let answer: String = t.try_get("answer")?;
                let outcome: String = t.try_get("outcome")?;
                history
                    .entry(t.try_get("item_key")?)
                    .or_default()
                    .push(TickView {
                        answer: serde_json::from_str(&answer)?,
                        outcome: match outcome.as_str() {
                            "pass" => Outcome::Pass,
                            "fail" => Outcome::Fail,
                            _ => return Err(decode("outcome")),
                        },
                        note: t.try_get("note")?,
                        by: t.try_get("by_name")?,
                        at: t.try_get("at")?,
                    });
            }
            let status: String = r.try_get("status")?;
            let missing = (status == "open")
                .then(|| {
                    activation::ready_to_complete(&items, iptv, premium, |k| {
                        history.get(k).and_then(|h| h.last()).map(|t| t.outcome)
                    })
                    .err()
                    .map(|e| campo_domain::Localized::message(&e, lang))
                })
                .flatten();
            let name: String = r.try_get("name")?;
            let version: i64 = r.try_get("version")?;
            let item_views = items
                .into_iter()
                .map(|item| {
                    let h = history.remove(&item.key).unwrap_or_default();
                    ItemView {
                        applies: item.applies(iptv, premium),
                        current: h.last().cloned(),
                        history: h,
                        item,
                    }
                })
                .collect();
            attempts.push(AttemptView {
                id,
                // Counted within the service (the order's attempts number all its services).
                attempt: attempts.len() as i64 + 1,
                status,
                template: format!("{name} (v{version})"),
                items: item_views,
                started_at: r.try_get("started_at")?,
                started_by: r.try_get("started_by")?,
                closed_at: r.try_get("closed_at")?,
                closed_by: r.try_get("closed_by")?,
                reason: r.try_get("close_reason")?,
                follow_up: r.try_get("follow_up")?,
                missing,
            });
        }
        let active = attempts.iter().any(|a| a.status == "passed");
        let here =
            campo_domain::stock::customer_place_id(crate::write::parse_uuid(&detail.customer.id)?)
                .to_string();
        let customer_serials: Vec<String> =
            sqlx::query_scalar("SELECT serial FROM stock_units WHERE place_id = ? ORDER BY serial")
                .bind(here)
                .fetch_all(self.pool())
                .await?;
        Ok(ActivationView {
            order: detail.order,
            service: service.to_owned(),
            service_name,
            address,
            premium,
            attempts,
            active,
            customer_serials,
        })
    }
}

/// Activation figures over a period, overall and per technician and per SVA manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivationMetrics {
    /// Orders activated in the period.
    #[ts(type = "number")]
    pub activated: i64,
    /// Share of them activated on the first attempt, 0–100; `None` when none was.
    pub first_pass_pct: Option<f64>,
    /// Median hours from the installation done to the activation.
    pub median_hours_to_activation: Option<f64>,
    /// Items that failed most (title, times).
    #[ts(type = "Array<[string, number]>")]
    pub most_failed: Vec<(String, i64)>,
    /// Per technician who installed: (name, activated, first-pass %).
    #[ts(type = "Array<[string, number, number]>")]
    pub by_technician: Vec<(String, i64, f64)>,
    /// Per manager who activated: (name, activated, first-pass %).
    #[ts(type = "Array<[string, number, number]>")]
    pub by_manager: Vec<(String, i64, f64)>,
    /// The activations that needed more than one attempt (the orders behind the first-pass
    /// figure), most attempts first.
    pub retried: Vec<RetriedActivation>,
}

impl ActivationMetrics {
    /// The page as a `;` CSV in the person's language: the total, each installing technician
    /// and each manager (activations, share at the first attempt), then each test that failed
    /// (times) and each activation that needed another attempt (order, attempts).
    pub fn to_csv(&self, lang: Lang) -> String {
        use crate::sheet::{Sheet, decimal};
        let pt = lang == Lang::PtBr;
        let mut sheet = Sheet::new(if pt {
            "agrupamento;item;ativações;na 1ª tentativa (%);vezes;tentativas"
        } else {
            "grouping;item;activations;first attempt (%);times;attempts"
        });
        sheet.row(&[
            &"total",
            &"Total",
            &self.activated,
            &decimal(self.first_pass_pct, lang),
            &"",
            &"",
        ]);
        for (group, list) in [
            (
                if pt { "técnico" } else { "technician" },
                &self.by_technician,
            ),
            (if pt { "gerente" } else { "manager" }, &self.by_manager),
        ] {
            for (name, n, pct) in list {
                sheet.row(&[&group, name, n, &decimal(Some(*pct), lang), &"", &""]);
            }
        }
        let failed = if pt {
            "teste que falhou"
        } else {
            "failed test"
        };
        for (title, times) in &self.most_failed {
            sheet.row(&[&failed, title, &"", &"", times, &""]);
        }
        let again = if pt {
            "outra tentativa"
        } else {
            "another attempt"
        };
        for r in &self.retried {
            let order = format!("{} {}", r.number, r.customer_name);
            sheet.row(&[&again, &order, &"", &"", &"", &r.attempts]);
        }
        sheet.text()
    }
}

/// An activation that passed only after a failed attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetriedActivation {
    /// The order's id (opens its page).
    pub order_id: String,
    /// OS number.
    pub number: u32,
    /// Customer's name.
    pub customer_name: String,
    /// Who installed.
    pub technician_name: Option<String>,
    /// The attempt that passed (2 or more).
    pub attempts: u32,
    /// When it passed (RFC 3339).
    pub closed_at: String,
}

impl Store {
    /// First-pass activation rate, time from installation to activation and the most failed
    /// items for activations closed in `filter`'s period (days in the provider's zone), of
    /// its municipality's customers and its technician's installations.
    pub async fn activation_metrics(
        &self,
        filter: &crate::indicators::IndicatorFilter,
    ) -> Result<ActivationMetrics, StoreError> {
        let (from, to) = self.instants(filter.checked()?).await?;
        let tech = filter.technician();
        let rows = sqlx::query(
            "SELECT a.order_id, a.attempt, a.closed_at, o.number, o.customer_name, o.technician_name,
                    c.city, c.uf, m.name AS manager,
                    (SELECT MAX(e.at) FROM order_events e WHERE e.order_id = a.order_id AND e.to_status = 'done') AS done_at
             FROM activations a JOIN work_orders o ON o.id = a.order_id
             JOIN customers c ON c.id = o.customer_id LEFT JOIN people m ON m.id = a.closed_by
             WHERE a.status = 'passed' AND a.closed_at >= ? AND a.closed_at < ?
               AND (? IS NULL OR o.technician_id = ?)",
        )
        .bind(&from)
        .bind(&to)
        .bind(tech)
        .bind(tech)
        .fetch_all(self.pool())
        .await?;
        let mut kept = Vec::with_capacity(rows.len());
        for r in rows {
            if filter.takes_place(
                &r.try_get::<String, _>("city")?,
                &r.try_get::<String, _>("uf")?,
            ) {
                kept.push(r);
            }
        }
        let rows = kept;
        let mut retried = Vec::new();
        let mut hours = Vec::new();
        let mut by_tech: HashMap<String, (i64, i64)> = HashMap::new();
        let mut by_manager: HashMap<String, (i64, i64)> = HashMap::new();
        let mut first = 0i64;
        for r in &rows {
            let attempt: i64 = r.try_get("attempt")?;
            let first_pass = i64::from(attempt == 1);
            first += first_pass;
            let tech: Option<String> = r.try_get("technician_name")?;
            if attempt > 1 {
                retried.push(RetriedActivation {
                    order_id: r.try_get("order_id")?,
                    number: u32::try_from(r.try_get::<i64, _>("number")?).unwrap_or_default(),
                    customer_name: r.try_get("customer_name")?,
                    technician_name: tech.clone(),
                    attempts: u32::try_from(attempt).unwrap_or(u32::MAX),
                    closed_at: r.try_get("closed_at")?,
                });
            }
            let e = by_tech
                .entry(tech.unwrap_or_else(|| "—".into()))
                .or_default();
            e.0 += 1;
            e.1 += first_pass;
            let manager: Option<String> = r.try_get("manager")?;
            let e = by_manager
                .entry(manager.unwrap_or_else(|| "—".into()))
                .or_default();
            e.0 += 1;
            e.1 += first_pass;
            let closed: String = r.try_get("closed_at")?;
            let done: Option<String> = r.try_get("done_at")?;
            if let (Ok(c), Some(Ok(d))) = (
                DateTime::parse_from_rfc3339(&closed),
                done.as_deref().map(DateTime::parse_from_rfc3339),
            ) {
                hours.push((c - d).num_minutes() as f64 / 60.0);
            }
        }
        hours.sort_by(f64::total_cmp);
        retried.sort_by(|a, b| {
            b.attempts
                .cmp(&a.attempts)
                .then(b.closed_at.cmp(&a.closed_at))
        });
        retried.truncate(crate::indicators::field::FIGURE_ORDERS_SHOWN);
        let pct = |part: i64, whole: i64| {
            if whole == 0 {
                0.0
            } else {
                let p = part as f64 * 100.0 / whole as f64;
                (p * 10.0).round() / 10.0
            }
        };
        let failed = sqlx::query(
            "SELECT k.item_key, a.template_id, c.city, c.uf, COUNT(*) AS n
             FROM activation_ticks k JOIN activations a ON a.id = k.activation_id
             JOIN work_orders o ON o.id = a.order_id JOIN customers c ON c.id = o.customer_id
             WHERE k.outcome = 'fail' AND k.at >= ? AND k.at < ? AND (? IS NULL OR o.technician_id = ?)
             GROUP BY k.item_key, a.template_id, c.city, c.uf",
        )
        .bind(&from)
        .bind(&to)
        .bind(tech)
        .bind(tech)
        .fetch_all(self.pool())
        .await?;
        let mut most_failed: HashMap<String, i64> = HashMap::new();
        for f in failed {
            if !filter.takes_place(
                &f.try_get::<String, _>("city")?,
                &f.try_get::<String, _>("uf")?,
            ) {
                continue;
            }
            let template: String = f.try_get("template_id")?;
            let key: String = f.try_get("item_key")?;
            let items: Option<String> =
                sqlx::query_scalar("SELECT items FROM activation_templates WHERE id = ?")
                    .bind(&template)
                    .fetch_optional(self.pool())
                    .await?;
            let title = items
                .and_then(|i| serde_json::from_str::<Vec<TemplateItem>>(&i).ok())
                .and_then(|items| items.into_iter().find(|i| i.key == key))
                .map_or(key, |i| i.title);
            *most_failed.entry(title).or_default() += f.try_get::<i64, _>("n")?;
        }
        let mut most_failed: Vec<(String, i64)> = most_failed.into_iter().collect();
        most_failed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let listing = |m: HashMap<String, (i64, i64)>| {
            let mut v: Vec<(String, i64, f64)> =
                m.into_iter().map(|(k, (n, f))| (k, n, pct(f, n))).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        };
        let activated = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        Ok(ActivationMetrics {
            activated,
            first_pass_pct: (activated > 0).then(|| pct(first, activated)),
            median_hours_to_activation: hours.get(hours.len() / 2).copied(),
            most_failed,
            by_technician: listing(by_tech),
            by_manager: listing(by_manager),
            retried,
        })
    }
}
