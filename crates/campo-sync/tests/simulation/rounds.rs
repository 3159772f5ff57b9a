//! The rounds of the scenario: each round someone works on their device (moves an order,
//! edits its notes, takes a photo, installs or moves a unit, plans a route, answers a
//! checklist), the malicious technician now and then forges, and faults happen (sessions
//! expire, the server restarts or prunes, a device crashes or goes offline).

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use campo_domain::stock::{MoveKind, van_id};
use campo_domain::{Lang, OrderStatus, Period, Transition};
use campo_server::rules;
use campo_store::Actor;
use campo_store::stock::{LineInput, MoveRequest};
use campo_store::views::OrderFilter;
use chrono::Utc;
use rand::Rng;
use uuid::Uuid;

use crate::forged::forged;
use crate::world::{World, statuses};

impl World {
    /// One round: someone works on their device, faults happen, the device may sync.
    pub async fn round(&mut self, round: usize) {
        if self.rng.random_bool(0.15) {
            self.forge().await;
        }
        let who = self.rng.random_range(0..self.clients.len());
        // Sessions expire now and then; the person signs in again a few rounds later (the
        // outbox waits meanwhile, and nothing is lost or sent twice).
        if self.rng.random_bool(0.04) {
            let c = &self.clients[self.rng.random_range(0..self.clients.len())];
            c.engine.transport().expired.store(true, Ordering::SeqCst);
            self.tally.expiries += 1;
        }
        for c in &self.clients {
            if self.rng.random_bool(0.2) {
                c.engine.transport().expired.store(false, Ordering::SeqCst);
            }
        }
        // Mariana and Carla share the office computer: whoever works now, the other's data
        // is closed (it does not sync until she comes back).
        if who < 2 {
            let other = 1 - who;
            self.clients[other].offline_until = self.clients[other].offline_until.max(round + 1);
            self.tally.switches += 1;
        }
        // Act on a random order this device can see.
        let mine = statuses(self.clients[who].store()).await;
        if !mine.is_empty() {
            self.work_on_an_order(who, round, &mine).await;
        }
        self.plan_a_route(who, &mine).await;
        self.answer_a_checklist(who).await;
        self.server_faults().await;
        self.device_faults(who, round).await;
    }

    /// The malicious technician pushes a forgery: the server must refuse it.
    async fn forge(&mut self) {
        let seed = self.seed;
        let db = self.running.lock().unwrap().clone();
        let m = &mut self.mallory;
        let ops = forged(&db, &mut self.rng, m.id, m.device, &mut m.seq).await;
        let results = rules::push(&db, &m.session, ops).await.unwrap();
        for r in &results {
            assert!(
                matches!(r.outcome, campo_protocol::wire::Outcome::Rejected { .. }),
                "seed {seed}: a forged operation was not refused: {r:?}"
            );
        }
    }

    /// Moves one of the orders the device sees, edits its notes now and then, takes a photo
    /// or installs a unit in the field, or moves stock in the office.
    async fn work_on_an_order(
        &mut self,
        who: usize,
        round: usize,
        mine: &HashMap<String, OrderStatus>,
    ) {
        let c = &self.clients[who];
        let rng = &mut self.rng;
        let mut ids: Vec<&String> = mine.keys().collect();
        ids.sort();
        let id = ids[rng.random_range(0..ids.len())].clone();
        let order = Uuid::parse_str(&id).unwrap();
        let detail = c.store().get_order(order).await.unwrap();
        let status = detail.order.status;
        let next = status.next();
        if !next.is_empty() {
            // Most work moves forward (the first way out of a status); the rest is any.
            let to = if rng.random_bool(0.6) {
                next[0]
            } else {
                next[rng.random_range(0..next.len())]
            };
            let field = matches!(
                to,
                OrderStatus::EnRoute
                    | OrderStatus::InProgress
                    | OrderStatus::Done
                    | OrderStatus::NotDone
            );
            let allowed = if c.role == "technician" {
                field
                    && detail.technician.as_ref().map(|t| t.id.as_str())
                        == Some(c.user.to_string().as_str())
            } else {
                !field || rng.random_bool(0.1) // now and then the office records a visit's step itself
            };
            if allowed {
                let schedule = (to == OrderStatus::Scheduled).then(|| campo_domain::Schedule {
                    date: self.day,
                    period: if rng.random_bool(0.5) {
                        Period::Morning
                    } else {
                        Period::Afternoon
                    },
                    technician_id: self.technicians[rng.random_range(0..self.technicians.len())],
                });
                let reason = c
                    .store()
                    .get_order(order)
                    .await
                    .unwrap()
                    .order
                    .status
                    .needs_reason(to)
                    .then(|| "motivo da simulação".to_owned());
                // At the device's own (skewed) time.
                let mut w = c.store().writer(Actor { id: c.user }).await.unwrap();
                w.transition_order(
                    order,
                    &Transition {
                        to,
                        reason,
                        schedule,
                    },
                    Utc::now() + c.skew,
                )
                .await
                .unwrap();
                w.commit().await.unwrap();
            }
        }
        // Now and then someone rewrites the notes for the technician (concurrent edits
        // of one field from devices with skewed clocks).
        let own =
            detail.technician.as_ref().map(|t| t.id.as_str()) == Some(c.user.to_string().as_str());
        if rng.random_bool(0.3) && (c.role != "technician" || own) {
            let notes = format!("nota {round} de {who}");
            let mut w = c.store().writer(Actor { id: c.user }).await.unwrap();
            w.edit_order(
                order,
                &[(campo_domain::edit::OrderField::Notes, Some(notes.as_str()))],
                Utc::now() + c.skew,
            )
            .await
            .unwrap();
            w.commit().await.unwrap();
        }
        // Stock: a technician installs a unit from the van on an order in the field; the
        // office, from what it knows, takes units back or hands warehouse units out —
        // possibly a unit already installed offline (a unit in two places, or at two
        // customers, which must surface as a discrepancy, never vanish).
        let mut in_field: Vec<(String, OrderStatus)> = statuses(c.store())
            .await
            .into_iter()
            .filter(|(_, s)| matches!(s, OrderStatus::EnRoute | OrderStatus::InProgress))
            .collect();
        in_field.sort_by(|a, b| a.0.cmp(&b.0));
        let field_order = (!in_field.is_empty())
            .then(|| Uuid::parse_str(&in_field[rng.random_range(0..in_field.len())].0).unwrap());
        if c.role == "technician"
            && let Some(order) = field_order
            && rng.random_bool(0.3)
        {
            // A photo of the visit, offline or not; its file follows the operation's way.
            let picture = self.pictures[rng.random_range(0..self.pictures.len())].clone();
            let mut w = c.store().writer(Actor { id: c.user }).await.unwrap();
            w.add_photo(order, picture, "Sinal da ONU", None, Utc::now() + c.skew)
                .await
                .unwrap();
            w.commit().await.unwrap();
            self.tally.photos += 1;
        }
        if c.role == "technician"
            && let Some(order) = field_order
            && rng.random_bool(0.6)
        {
            // The van is known here once its first units arrived.
            let units = c
                .store()
                .place_stock(van_id(c.user), Lang::PtBr)
                .await
                .map_or_else(|_| Vec::new(), |van| van.units);
            if !units.is_empty() {
                let serial = units[rng.random_range(0..units.len())].serial.clone();
                c.store()
                    .stock_change(Actor { id: c.user }, async |w| {
                        w.use_on_order(order, &[LineInput::Serial(serial)], Utc::now() + c.skew)
                            .await
                    })
                    .await
                    .unwrap();
            }
        } else if c.role == "coordinator" && rng.random_bool(0.2) {
            let van = van_id(self.technicians[rng.random_range(0..self.technicians.len())]);
            let (from, to, kind) = if rng.random_bool(0.5) {
                (van, self.warehouse, MoveKind::Return)
            } else {
                (self.warehouse, van, MoveKind::Checkout)
            };
            // Places this device has not heard of yet hold nothing it could move.
            let units = c
                .store()
                .place_stock(from, Lang::PtBr)
                .await
                .map_or_else(|_| Vec::new(), |p| p.units);
            if !units.is_empty() {
                let serial = units[rng.random_range(0..units.len())].serial.clone();
                c.store()
                    .stock_change(Actor { id: c.user }, async |w| {
                        w.move_stock(
                            &MoveRequest {
                                kind,
                                from,
                                to,
                                order_id: None,
                                reason: None,
                                lines: vec![LineInput::Serial(serial)],
                            },
                            Utc::now() + c.skew,
                        )
                        .await
                    })
                    .await
                    .unwrap();
            }
        }
    }

    /// Routes: a coordinator plans a technician's day again and again (each plan replaces
    /// the one before; a device that joins later receives only the last).
    async fn plan_a_route(&mut self, who: usize, mine: &HashMap<String, OrderStatus>) {
        let c = &self.clients[who];
        let rng = &mut self.rng;
        if c.role != "coordinator" || mine.is_empty() || !rng.random_bool(0.3) {
            return;
        }
        let mut ids: Vec<Uuid> = mine.keys().map(|id| Uuid::parse_str(id).unwrap()).collect();
        ids.sort();
        ids.truncate(rng.random_range(1..=ids.len()));
        let technician = self.technicians[rng.random_range(0..self.technicians.len())];
        let date = self.day + chrono::TimeDelta::days(rng.random_range(0..2));
        let totals = (
            rng.random_range(1.0..40.0),
            rng.random_range(10..90),
            rng.random_range(0..30),
        );
        let mut w = c.store().writer(Actor { id: c.user }).await.unwrap();
        w.record_route(date, technician, ids, totals, Utc::now() + c.skew)
            .await
            .unwrap();
        w.commit().await.unwrap();
    }

    /// Activation: on installations done, the SVA manager starts the checklist, and the
    /// manager and coordinators answer its items from their own devices (the same item now
    /// and then from two devices with skewed clocks: the latest by clock wins, both kept).
    async fn answer_a_checklist(&mut self, who: usize) {
        let c = &self.clients[who];
        let rng = &mut self.rng;
        if c.role == "technician" || !rng.random_bool(0.5) {
            return;
        }
        // Done orders of a kind that activates services (a repair has no checklist).
        let mut done: Vec<String> = campo_fixtures::listed(c.store(), &OrderFilter::default())
            .await
            .rows
            .into_iter()
            .filter(|r| r.status == OrderStatus::Done && r.kind.activates_services())
            .map(|r| r.id)
            .collect();
        done.sort();
        if done.is_empty() {
            return;
        }
        let order = Uuid::parse_str(&done[rng.random_range(0..done.len())]).unwrap();
        let view = c.store().activation_of(order, Lang::PtBr).await.unwrap();
        let open = view.attempts.iter().find(|a| a.status == "open");
        let me = Actor { id: c.user };
        match open {
            None if c.role == "sva_manager" && !view.active => {
                let mut w = c.store().writer(me).await.unwrap();
                if w.start_activation(order, Utc::now() + c.skew).await.is_ok() {
                    w.commit().await.unwrap();
                }
            }
            Some(attempt) => {
                let yes_no: Vec<&str> = attempt
                    .items
                    .iter()
                    .filter(|i| {
                        i.applies
                            && matches!(
                                i.item.kind,
                                campo_domain::activation::ItemKind::Check
                                    | campo_domain::activation::ItemKind::PassFail
                            )
                    })
                    .map(|i| i.item.key.as_str())
                    .collect();
                if !yes_no.is_empty() {
                    let key = yes_no[rng.random_range(0..yes_no.len())].to_owned();
                    let pass = rng.random_bool(0.7);
                    let id = Uuid::parse_str(&attempt.id).unwrap();
                    let mut w = c.store().writer(me).await.unwrap();
                    w.tick_activation(
                        id,
                        &campo_store::activation::TickInput {
                            item_key: key,
                            value: if pass { "true" } else { "false" }.into(),
                            note: (!pass).then(|| "falhou no teste".to_owned()),
                        },
                        Utc::now() + c.skew,
                    )
                    .await
                    .unwrap();
                    w.commit().await.unwrap();
                }
            }
            None => {}
        }
    }

    /// Now and then the server restarts (its database closed and opened again), or prunes
    /// its scope tombstones (a zero-day window here: devices behind the horizon must
    /// bootstrap again).
    async fn server_faults(&mut self) {
        if self.rng.random_bool(0.03) {
            // Half the time it comes back as an upgrade from a version that did not keep
            // where each unit is: the server rebuilds that from its log.
            if self.rng.random_bool(0.5) {
                sqlx::query("DELETE FROM stock_units")
                    .execute(self.db.pool())
                    .await
                    .unwrap();
            }
            self.db.close().await;
            self.db = self.reopen.open().await;
            *self.running.lock().unwrap() = self.db.clone();
            self.tally.restarts += 1;
        }
        if self.rng.random_bool(0.1) {
            self.tally.pruned +=
                campo_server::retention::prune(&self.db, chrono::TimeDelta::zero())
                    .await
                    .unwrap()
                    .removed;
        }
    }

    /// Now and then the device crashes after writing, before anything was pushed, or goes
    /// offline for a while; otherwise it may sync (faults may stop it).
    async fn device_faults(&mut self, who: usize, round: usize) {
        let c = &mut self.clients[who];
        if self.rng.random_bool(0.04) {
            c.crash().await;
            self.tally.crashes += 1;
            return;
        }
        if self.rng.random_bool(0.05) {
            c.offline_until = round + self.rng.random_range(5..30);
        }
        if round >= c.offline_until
            && self.rng.random_bool(0.6)
            && let Ok(report) = c
                .engine
                .sync_once("sim", (Utc::now() + c.skew).timestamp_millis())
                .await
        {
            self.tally.rebootstraps += usize::from(report.rebootstrapped);
        }
    }
}
