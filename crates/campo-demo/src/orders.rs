//! A month of work orders, each walked through the state machine by the people who would do
//! each step: sold, analysed, scheduled, visited, done, failed or cancelled.

use campo_domain::skills::{self, Skill};
use campo_domain::{OrderKind, OrderStatus, Period, Transition};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use campo_store::write::{NewOrder, Writer};
use campo_store::{Actor, StoreError};

use super::*;

/// A finished installation: the plan's equipment is recorded at the customer's (its ONU and
/// connectors, and the set-top box of an IPTV plan).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Installed {
    pub(crate) order: Uuid,
    pub(crate) technician: Uuid,
    pub(crate) customer: Uuid,
    pub(crate) iptv: bool,
}

pub(crate) struct Ctx<'a> {
    pub(crate) anchor: NaiveDate,
    pub(crate) coordinator: Uuid,
    pub(crate) backoffice: Uuid,
    pub(crate) technicians: &'a [Uuid],
    /// Technicians who splice fibre.
    pub(crate) splicers: &'a [Uuid],
    /// Technicians who splice fibre and set up IPTV.
    pub(crate) iptv_ready: &'a [Uuid],
    /// Plans with IPTV.
    pub(crate) iptv_plans: Vec<Uuid>,
}

impl Ctx<'_> {
    async fn go(
        &self,
        w: &mut Writer<'_>,
        actor: Uuid,
        id: Uuid,
        to: OrderStatus,
        reason: Option<&str>,
        when: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        w.act_as(Actor { id: actor });
        let request = Transition {
            to,
            reason: reason.map(str::to_owned),
            schedule: None,
        };
        w.transition_order(id, &request, when).await?;
        Ok(())
    }

    /// One order and a plausible history up to the anchor day.
    pub(crate) async fn order(
        &self,
        w: &mut Writer<'_>,
        rng: &mut ChaCha8Rng,
        kind: OrderKind,
        customer: Uuid,
        plan: Uuid,
        day: NaiveDate,
    ) -> Result<Option<Installed>, StoreError> {
        let mut hour: u32 = rng.random_range(8..17);
        w.act_as(Actor {
            id: self.coordinator,
        });
        let created = at(day, hour, rng.random_range(0..60));
        let id = w
            .create_order(&NewOrder::new(kind, customer, plan), created)
            .await?;
        let next = |h: &mut u32| {
            *h = (*h + 1).min(22);
            at(day, *h, 0)
        };

        if kind.initial_status() == OrderStatus::PendingAnalysis {
            let fresh = (self.anchor - day).num_days() <= 1;
            if fresh && rng.random_bool(0.6) {
                return Ok(None); // still in backoffice analysis
            }
            if rng.random_bool(0.04) {
                let why = *pick(rng, CANCELLED);
                return self
                    .go(
                        w,
                        self.backoffice,
                        id,
                        OrderStatus::Cancelled,
                        Some(why),
                        next(&mut hour),
                    )
                    .await
                    .map(|()| None);
            }
            if rng.random_bool(0.1) {
                let why = *pick(rng, REJECTED);
                self.go(
                    w,
                    self.backoffice,
                    id,
                    OrderStatus::Rejected,
                    Some(why),
                    next(&mut hour),
                )
                .await?;
                if rng.random_bool(0.5) {
                    return Ok(None); // back with the seller
                }
                self.go(
                    w,
                    self.coordinator,
                    id,
                    OrderStatus::PendingAnalysis,
                    None,
                    next(&mut hour),
                )
                .await?;
            }
            self.go(
                w,
                self.backoffice,
                id,
                OrderStatus::Approved,
                None,
                next(&mut hour),
            )
            .await?;
        }
        if rng.random_bool(0.08) {
            return Ok(None); // waiting in the coordinator's queue
        }
        let visit = day
            .checked_add_days(Days::new(rng.random_range(1..5)))
            .unwrap_or(day);
        let period = if rng.random_bool(0.5) {
            Period::Morning
        } else {
            Period::Afternoon
        };
        // Only a technician with the visit's skills is sent.
        let able = match skills::required(kind, self.iptv_plans.contains(&plan)).as_slice() {
            [] => self.technicians,
            [Skill::Fusao] => self.splicers,
            _ => self.iptv_ready,
        };
        let tech = *pick(
            rng,
            if able.is_empty() {
                self.technicians
            } else {
                able
            },
        );
        w.act_as(Actor {
            id: self.coordinator,
        });
        w.schedule_order(id, visit, period, tech, next(&mut hour))
            .await?;

        if visit > self.anchor || (visit == self.anchor && period == Period::Afternoon) {
            return Ok(None); // still ahead on the agenda
        }
        let mut vh: u32 = match period {
            Period::Morning => 8,
            Period::Afternoon => 13,
        } + rng.random_range(0..3);
        let vnext = |h: &mut u32, minute: u32| {
            *h = (*h + 1).min(22);
            at(visit, *h, minute)
        };
        if visit < self.anchor && rng.random_bool(0.03) {
            let why = *pick(rng, CANCELLED);
            let when = vnext(&mut vh, 5);
            return self
                .go(
                    w,
                    self.coordinator,
                    id,
                    OrderStatus::Cancelled,
                    Some(why),
                    when,
                )
                .await
                .map(|()| None);
        }
        let stage = if visit == self.anchor {
            rng.random_range(0..4)
        } else {
            4
        };
        if stage == 0 {
            return Ok(None);
        }
        self.go(w, tech, id, OrderStatus::EnRoute, None, vnext(&mut vh, 10))
            .await?;
        if stage == 1 {
            return Ok(None);
        }
        if rng.random_bool(0.1) {
            let why = *pick(rng, NOT_DONE);
            self.go(
                w,
                tech,
                id,
                OrderStatus::NotDone,
                Some(why),
                vnext(&mut vh, 25),
            )
            .await?;
            if rng.random_bool(0.6) {
                self.go(
                    w,
                    self.coordinator,
                    id,
                    OrderStatus::Approved,
                    None,
                    vnext(&mut vh, 40),
                )
                .await?;
            }
            return Ok(None);
        }
        self.go(
            w,
            tech,
            id,
            OrderStatus::InProgress,
            None,
            vnext(&mut vh, 30),
        )
        .await?;
        if stage == 2 {
            return Ok(None);
        }
        self.go(w, tech, id, OrderStatus::Done, None, vnext(&mut vh, 50))
            .await?;
        Ok((kind == OrderKind::Installation).then_some(Installed {
            order: id,
            technician: tech,
            customer,
            iptv: self.iptv_plans.contains(&plan),
        }))
    }
}
