//! Figures kept ahead of the person's first look. After a sync round that brought changes —
//! a night's import of receivables on the server, a big provider's first sync — the months
//! the finance chart shows (each ended month's rate and its late customers) and this year's
//! judged visits are computed and kept in the background, so opening a page reads what is
//! kept instead of computing it then. Each is derived data, like a search index: kept rows
//! are cleared by the changes that affect them, and what is already kept costs one check.

use campo_protocol::Role;
use campo_protocol::policy::{Area, areas};
use chrono::{Datelike, NaiveDate};

use crate::Store;
use crate::error::StoreError;
use crate::finance::{LateQuery, months_until};

/// How much is kept ahead: ended months' rates and late customers, and judged visits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeptFigures {
    /// Months whose default rate is kept.
    pub rate_months: i64,
    /// Ended months whose late customers are kept.
    pub late_months: i64,
    /// Done visits judged and kept.
    pub visits: i64,
}

impl Store {
    /// How much is kept ahead (for diagnostics and tests: no page reads it).
    pub async fn kept_figures(&self) -> Result<KeptFigures, StoreError> {
        let (rate_months, late_months, visits): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM default_rate_months), (SELECT COUNT(*) FROM late_months_kept),
                    (SELECT COUNT(*) FROM visit_facts)",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(KeptFigures {
            rate_months,
            late_months,
            visits,
        })
    }

    /// Keeps what the pages of `role` read first: for those who see money, the ended months
    /// of the `months` up to `today`'s (their rates and late customers); for those
    /// with the indicators area, the visits done this year, judged.
    pub async fn warm_figures(
        &self,
        role: Role,
        today: NaiveDate,
        months: u32,
    ) -> Result<(), StoreError> {
        if role.sees_money() {
            // The ended months (the one in course is computed when read, in milliseconds).
            let current = today.format("%Y-%m").to_string();
            let ended: Vec<String> = months_until(today, months)
                .into_iter()
                .filter(|m| *m < current)
                .collect();
            self.default_rates(&ended, today).await?;
            for month in ended {
                // Reading an ended month's late customers keeps them.
                let query = LateQuery {
                    month: Some(month),
                    ..LateQuery::default()
                };
                self.late_customers(&query, today, &[]).await?;
            }
        }
        if areas(role).contains(&Area::Indicators) {
            let from = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
            self.keep_visits(crate::indicators::Period { from, to: today })
                .await?;
        }
        Ok(())
    }
}
