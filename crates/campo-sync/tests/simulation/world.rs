//! The simulated provider: a server, the office's and the technicians' devices, a malicious
//! technician, and the rounds in which people work and things go wrong (devices crash or go
//! offline, sessions expire, the server restarts or prunes its tombstones).

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use campo_domain::stock::{Tracking, Unit};
use campo_domain::{CustomerDraft, OrderKind, OrderStatus};
use campo_server::blobs::BlobStore;
use campo_server::db::ServerDb;
use campo_server::users::{self, Session};
use campo_store::photos::PhotoFile;
use campo_store::stock::NewItem;
use campo_store::views::OrderFilter;
use campo_store::write::{NewOrder, NewPlan};
use campo_store::{Actor, Store};
use campo_sync::SyncEngine;
use chrono::{NaiveDate, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::transport::{Faults, SimTransport};

/// Everyone's password.
pub const PASSWORD: &str = "senha-forte-123";

/// A person's device.
pub struct Client {
    pub role: &'static str,
    pub user: Uuid,
    pub engine: SyncEngine<SimTransport>,
    /// The device's database file (it survives a crash).
    pub path: std::path::PathBuf,
    pub offline_until: usize,
    /// How far off this device's clock is.
    pub skew: chrono::TimeDelta,
}

impl Client {
    /// `login`'s device in `role`, its database at `path` and its clock `skew` off, signed in
    /// to the running server.
    pub async fn signed_in(
        running: &Arc<Mutex<ServerDb>>,
        faults: &Arc<Mutex<Faults>>,
        blobs: &Arc<BlobStore>,
        (login, role): (&str, &'static str),
        path: std::path::PathBuf,
        skew: chrono::TimeDelta,
    ) -> Client {
        let store = Store::open(&path).await.unwrap();
        store.set_clock_offset(skew);
        let transport =
            SimTransport::signed_in(running, faults, blobs, login, store.device_id()).await;
        Client {
            role,
            user: transport.session.user_id,
            engine: SyncEngine::new(store, transport),
            path,
            offline_until: 0,
            skew,
        }
    }

    pub fn store(&self) -> &Store {
        self.engine.store()
    }

    /// The laptop loses power: everything in memory is gone; the app starts again on the
    /// same database file.
    pub async fn crash(&mut self) {
        self.store().close().await;
        let store = Store::open(&self.path).await.unwrap();
        store.set_clock_offset(self.skew);
        self.engine = SyncEngine::new(store, self.engine.transport().clone());
    }
}

/// The malicious technician: signed in like the others, but their "device" forges what it
/// pushes.
pub struct Mallory {
    pub id: Uuid,
    pub device: Uuid,
    pub session: Session,
    pub seq: i64,
}

/// How often each fault and path of the scenario happened.
#[derive(Default)]
pub struct Tally {
    pub photos: usize,
    pub restarts: usize,
    pub crashes: usize,
    pub rebootstraps: usize,
    pub pruned: u64,
    pub expiries: usize,
    pub switches: usize,
}

/// One seed's provider, from its first sales to the end of its rounds.
pub struct World {
    pub seed: u64,
    pub rng: ChaCha8Rng,
    pub dir: tempfile::TempDir,
    /// The server's database as it runs now (replaced when it restarts).
    pub db: ServerDb,
    pub reopen: campo_fixtures::server::Reopen,
    pub running: Arc<Mutex<ServerDb>>,
    /// The server's files (they survive restarts).
    pub blobs: Arc<BlobStore>,
    pub faults: Arc<Mutex<Faults>>,
    pub clients: Vec<Client>,
    pub technicians: Vec<Uuid>,
    /// Photos technicians take: a few pictures, some taken twice (one file on the server).
    pub pictures: Vec<PhotoFile>,
    pub warehouse: Uuid,
    /// Visits are today (the provider's date): a technician's device keeps them all.
    pub day: NaiveDate,
    pub mallory: Mallory,
    pub tally: Tally,
}

impl World {
    /// The server, everyone's device signed in, the month's sales and stock registered by
    /// the first coordinator, and the IPTV checklist published by the SVA manager.
    pub async fn new(seed: u64) -> World {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let dir = tempfile::tempdir().unwrap();
        let (db, reopen) = campo_fixtures::server::database(dir.path()).await;
        let running = Arc::new(Mutex::new(db.clone()));
        // A folder, or an S3-compatible bucket under scripts/with-s3.
        let blobs = campo_fixtures::server::blob_store(&dir.path().join("blobs")).await;
        let pictures: Vec<PhotoFile> = [(900, 700), (700, 900), (1000, 600)]
            .into_iter()
            .map(|(w, h)| {
                let bytes = campo_fixtures::photos::camera_jpeg(w, h, 1);
                PhotoFile {
                    hash: campo_domain::photo::blob_hash(&bytes),
                    bytes,
                    width: w,
                    height: h,
                    mime: "image/jpeg".into(),
                    location: None,
                }
            })
            .collect();
        let faults = Arc::new(Mutex::new(Faults {
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5eed),
            enabled: true,
        }));
        let people = [
            ("mariana", "Mariana Lima", "coordinator"),
            ("carla", "Carla Freitas", "coordinator"),
            ("josue", "Josué Lins", "technician"),
            ("rita", "Rita Melo", "technician"),
            ("edvaldo", "Edvaldo Gomes", "technician"),
            ("sergio", "Sérgio Costa", "sva_manager"),
        ];
        let mut clients = Vec::new();
        let mut technicians = Vec::new();
        for (login, name, role) in people {
            let id = users::add_user(&db, login, name, role, PASSWORD)
                .await
                .unwrap();
            if role == "technician" {
                technicians.push(id);
            }
            // This device's clock is off by up to two days either way.
            let skew = chrono::TimeDelta::minutes(rng.random_range(-48 * 60..=48 * 60));
            let path = dir.path().join(format!("{login}.db"));
            let device =
                Client::signed_in(&running, &faults, &blobs, (login, role), path, skew).await;
            clients.push(device);
        }

        // The malicious technician forges what they push (other people's orders and vans,
        // server-only kinds, personal data, envelopes naming one record and payloads another).
        let mallory = users::add_user(&db, "mallory", "Mallory", "technician", PASSWORD)
            .await
            .unwrap();
        let mallory_device = Uuid::now_v7();
        let mallory_session = {
            let (token, _, _) = users::login(
                &db,
                "mallory",
                PASSWORD,
                mallory_device,
                users::default_lifetime(),
            )
            .await
            .unwrap();
            users::authenticate(&db, &token, users::default_lifetime())
                .await
                .unwrap()
        };

        let warehouse = register_the_month(&clients[0], &technicians).await;
        publish_the_checklist(&clients).await;
        let day: NaiveDate = Utc::now()
            .with_timezone(&chrono_tz::America::Recife)
            .date_naive();
        World {
            seed,
            rng,
            dir,
            db,
            reopen,
            running,
            blobs,
            faults,
            clients,
            technicians,
            pictures,
            warehouse,
            day,
            mallory: Mallory {
                id: mallory,
                device: mallory_device,
                session: mallory_session,
                seq: 0,
            },
            tally: Tally::default(),
        }
    }

    /// No more faults, everyone signed in, everyone syncs until nothing moves.
    pub async fn heal_everyone(&mut self) {
        self.faults.lock().unwrap().enabled = false;
        for c in &self.clients {
            c.engine.transport().expired.store(false, Ordering::SeqCst);
        }
        for _ in 0..2 {
            for c in &self.clients {
                self.tally.rebootstraps += heal(c).await;
            }
        }
    }
}

/// The first coordinator registers the month's sales (until the server has them; two
/// installations already visited), receives ONUs into the warehouse and gives each
/// technician's van six; returns the warehouse.
async fn register_the_month(c: &Client, technicians: &[Uuid]) -> Uuid {
    heal(c).await;
    let mut w = c.store().writer(Actor { id: c.user }).await.unwrap();
    let now = Utc::now();
    let plan = w
        .create_plan(
            &NewPlan {
                name: "Fibra 500 Mega + IPTV".into(),
                download_mbps: 500,
                price_cents: 11_990,
                has_iptv: true,
                premium: false,
            },
            now,
        )
        .await
        .unwrap();
    for i in 0..12 {
        let customer = w
            .create_customer(
                &CustomerDraft {
                    name: format!("Cliente {i}"),
                    cpf: campo_domain::Cpf::from_base([
                        1,
                        2,
                        3,
                        4,
                        5,
                        6,
                        7,
                        (i / 10) as u8,
                        (i % 10) as u8,
                    ])
                    .ok()
                    .map(|c| c.formatted()),
                    mother_name: Some("Maria".into()),
                    phone1: "(81) 99876-5432".into(),
                    address: campo_domain::NewAddress {
                        number: format!("{}", 100 + i),
                        ..campo_fixtures::navegantes()
                    },
                    ..CustomerDraft::default()
                },
                now,
            )
            .await
            .unwrap();
        let kind = if i % 3 == 0 {
            OrderKind::Repair
        } else {
            OrderKind::Installation
        };
        let order = w
            .create_order(&NewOrder::new(kind, customer, plan), now)
            .await
            .unwrap();
        // Two installations were visited already: the office recorded each step, so their
        // IPTV checklists can start from the first round.
        if i == 1 || i == 2 {
            let day = now.with_timezone(&chrono_tz::America::Recife).date_naive();
            for to in [
                OrderStatus::Approved,
                OrderStatus::Scheduled,
                OrderStatus::EnRoute,
                OrderStatus::InProgress,
                OrderStatus::Done,
            ] {
                let schedule = (to == OrderStatus::Scheduled).then(|| campo_domain::Schedule {
                    date: day,
                    period: campo_domain::Period::Morning,
                    technician_id: technicians[i % technicians.len()],
                });
                w.transition_order(
                    order,
                    &campo_domain::Transition {
                        to,
                        reason: None,
                        schedule,
                    },
                    now,
                )
                .await
                .unwrap();
            }
        }
    }
    w.create_stock_item(
        &NewItem {
            sku: "ONU-SIM".into(),
            name: "ONU".into(),
            unit: Unit::Piece,
            tracking: Tracking::Serialised,
        },
        now,
    )
    .await
    .unwrap();
    let units: Vec<String> = (0..30).map(|i| format!("SIM{i:04}")).collect();
    let warehouse = campo_fixtures::stock::stocked_warehouse(
        &mut w,
        "Almoxarifado Central",
        "ONU-SIM",
        &units,
        now,
    )
    .await;
    for (technician, theirs) in technicians.iter().zip(units.chunks(6)) {
        campo_fixtures::stock::check_out(&mut w, warehouse, *technician, theirs, now).await;
    }
    w.commit().await.unwrap();
    warehouse
}

/// The SVA manager publishes the IPTV activation checklist.
async fn publish_the_checklist(clients: &[Client]) {
    let c = clients.iter().find(|c| c.role == "sva_manager").unwrap();
    heal(c).await;
    let mut w = c.store().writer(Actor { id: c.user }).await.unwrap();
    w.save_activation_template(
        campo_store::activation::IPTV,
        "Ativação IPTV",
        &campo_domain::activation::default_iptv_items(),
        Utc::now(),
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
}

/// Every order the device sees, with its status.
pub async fn statuses(store: &Store) -> HashMap<String, OrderStatus> {
    let page = campo_fixtures::listed(store, &OrderFilter::default()).await;
    page.rows.into_iter().map(|r| (r.id, r.status)).collect()
}

/// Syncs until the outbox is empty and the cursor is at the server's head; returns whether
/// the device had to bootstrap again.
pub async fn heal(c: &Client) -> usize {
    let mut rebootstrapped = 0;
    let mut last = None;
    for _ in 0..20 {
        match c
            .engine
            .sync_once("sim", (Utc::now() + c.skew).timestamp_millis())
            .await
        {
            Ok(report) => {
                rebootstrapped += usize::from(report.rebootstrapped);
                if c.store().sync_status().await.unwrap().pending == 0 {
                    return rebootstrapped;
                }
            }
            Err(e) => last = Some(e),
        }
    }
    panic!("a {} could not finish syncing: {last:?}", c.role);
}

/// A new office device signed in as `login`, its database in the world's folder.
pub async fn new_office_device(world: &World, login: &str, file: &str) -> Client {
    let path = world.dir.path().join(file);
    let office = (login, "coordinator");
    let zero = chrono::TimeDelta::zero();
    Client::signed_in(
        &world.running,
        &world.faults,
        &world.blobs,
        office,
        path,
        zero,
    )
    .await
}
