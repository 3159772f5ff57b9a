//! Deterministic simulation of many devices syncing through the server's real rules.
//!
//! Coordinators, an SVA manager and technicians work on in-memory app stores, each through a transport that
//! loses requests, delivers held-up requests late (after newer ones), loses replies after the
//! server applied them (a crash mid-push), duplicates batches, loses pull pages (a crash mid-pull), and devices that stay offline for a while.
//! Devices crash between a local write and its push (the app starts again on the same
//! database file). Each device's clock is off by up to ±48 h (its operations carry that time), and the server
//! restarts now and then (its database closed and opened again: it keeps nothing else).
//! Technicians install units from their vans on orders in the field while the office takes
//! units back and hands others out, unaware. Technicians start from the server's snapshot of
//! their scope; now and then the server prunes its scope tombstones (a zero-day window), and a
//! device left behind must bootstrap again and still converge. After healing, every replica must equal the
//! server (statuses, edited notes, each van's units), every device's stock must equal its
//! ledger, the office must hold every movement logged, a unit at two customers must have a
//! discrepancy naming it, every operation must have exactly one answer, the server's log must replay as legal paths through the state machine, and no
//! technician database may hold personal data.
//!
//! A malicious technician forges operations now and then (others' orders and vans, server-only
//! kinds, lying envelopes): every one must be refused and none may reach the log.
//!
//! People's sessions expire now and then (every call answers "session expired" until the
//! person signs in again, some rounds later), and the two coordinators share one office
//! computer: each has their own database, and while one works the other's is closed. A
//! coordinator now and then makes a move the server refuses: every refusal must reach its
//! author (the device knows each operation the server refused), and its effect must not stay
//! on the device (the replica still equals the server).
//!
//! `SIM_SEEDS` (default 4) seeds starting at `SIM_SEED_BASE` (default 1); a failing seed is
//! printed so `SIM_SEEDS=1 SIM_SEED_BASE=<seed>` replays it.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use campo_client::TransportError;
use campo_domain::stock::{MoveKind, Tracking, Unit, van_id};
use campo_domain::{CustomerDraft, Lang, OrderKind, OrderStatus, Period, Transition};
use campo_protocol::wire::{
    Hello, HelloReply, PullMode, PullReply, PushReply, PushRequest, SnapshotReply, WireOp,
};
use campo_server::db::ServerDb;
use campo_server::rules;
use campo_server::users::{self, Session};
use campo_store::stock::{LineInput, MoveRequest, NewItem};
use campo_store::views::{OrderFilter, PageRequest};
use campo_store::write::{NewOrder, NewPlan};
use campo_store::{Actor, Store};
use campo_sync::{SyncEngine, Transport};
use chrono::{NaiveDate, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

const PASSWORD: &str = "senha-forte-123";

/// Network faults, drawn from the simulation's seeded generator.
struct Faults {
    rng: ChaCha8Rng,
    enabled: bool,
}

#[derive(Clone)]
struct SimTransport {
    /// The running server's database; replaced when the server restarts.
    db: Arc<Mutex<ServerDb>>,
    session: Session,
    faults: Arc<Mutex<Faults>>,
    /// A push held up in the network, delivered later, after newer ones (reordering).
    late: Arc<Mutex<Option<Vec<WireOp>>>>,
    /// The session expired: every call is refused until the person signs in again.
    expired: Arc<std::sync::atomic::AtomicBool>,
    /// The server's file folder (it survives restarts).
    blobs: Arc<campo_server::blobs::BlobStore>,
}

impl SimTransport {
    /// `login` signed in from the device `device` to the running server.
    async fn signed_in(
        running: &Arc<Mutex<ServerDb>>,
        faults: &Arc<Mutex<Faults>>,
        blobs: &Arc<campo_server::blobs::BlobStore>,
        login: &str,
        device: Uuid,
    ) -> SimTransport {
        let db = running.lock().unwrap().clone();
        let (token, _, _) = users::login(&db, login, PASSWORD, device, users::default_lifetime())
            .await
            .unwrap();
        let session = users::authenticate(&db, &token, users::default_lifetime())
            .await
            .unwrap();
        SimTransport {
            db: running.clone(),
            session,
            faults: faults.clone(),
            late: Arc::default(),
            expired: Arc::default(),
            blobs: blobs.clone(),
        }
    }

    /// The session's state as the server answers it.
    fn session_ok(&self) -> Result<(), TransportError> {
        if self.expired.load(std::sync::atomic::Ordering::SeqCst) {
            Err(TransportError::SessionExpired)
        } else {
            Ok(())
        }
    }

    fn roll(&self, p: f64) -> bool {
        let mut f = self.faults.lock().unwrap();
        f.enabled && f.rng.random_bool(p)
    }
}

fn lost() -> TransportError {
    TransportError::Unreachable {
        detail: "simulated loss".into(),
    }
}

/// The server's refusal as the HTTP transport reports it.
fn refused(e: campo_server::error::ServerError) -> TransportError {
    use campo_server::error::ServerError;
    match e {
        ServerError::ResyncRequired => TransportError::ResyncRequired,
        ServerError::BlobOffset { .. } | ServerError::BlobCorrupt | ServerError::NotFound(_) => {
            let code = match e {
                ServerError::BlobOffset { .. } => campo_protocol::wire::BLOB_OFFSET,
                ServerError::BlobCorrupt => campo_protocol::wire::BLOB_CORRUPT,
                _ => "not_found",
            };
            TransportError::Refused {
                status: 409,
                code: code.into(),
                message: e.to_string(),
            }
        }
        other => TransportError::Unreachable {
            detail: other.to_string(),
        },
    }
}

impl Transport for SimTransport {
    async fn hello(&self, hello: &Hello) -> Result<HelloReply, TransportError> {
        self.session_ok()?;
        if self.roll(0.05) {
            return Err(lost());
        }
        let db = self.db.lock().unwrap().clone();
        rules::hello(&db, &self.session, hello)
            .await
            .map_err(refused)
    }

    async fn push(&self, request: &PushRequest) -> Result<PushReply, TransportError> {
        self.session_ok()?;
        if self.roll(0.15) {
            if self.roll(0.5) {
                // Held up in the network: the device gives up and will send it again; this
                // copy arrives later, after newer requests.
                *self.late.lock().unwrap() = Some(request.ops.clone());
            }
            return Err(lost()); // the request did not arrive (yet)
        }
        let db = self.db.lock().unwrap().clone();
        let held = if self.roll(0.5) {
            self.late.lock().unwrap().take()
        } else {
            None
        };
        if let Some(old) = held {
            rules::push(&db, &self.session, old)
                .await
                .map_err(refused)?;
        }
        let results = rules::push(&db, &self.session, request.ops.clone())
            .await
            .map_err(refused)?;
        if self.roll(0.1) {
            // Duplicated on the wire: the server sees the batch twice.
            rules::push(&db, &self.session, request.ops.clone())
                .await
                .map_err(refused)?;
        }
        if self.roll(0.15) {
            return Err(lost()); // applied, but the reply was lost
        }
        Ok(PushReply { results })
    }

    async fn pull(
        &self,
        cursor: i64,
        limit: u32,
        mode: PullMode,
    ) -> Result<PullReply, TransportError> {
        self.session_ok()?;
        if self.roll(0.1) {
            return Err(lost());
        }
        let db = self.db.lock().unwrap().clone();
        rules::pull(&db, &self.session, cursor, limit.min(7), mode)
            .await
            .map_err(refused)
    }

    async fn snapshot(&self) -> Result<SnapshotReply, TransportError> {
        self.session_ok()?;
        if self.roll(0.1) {
            return Err(lost());
        }
        let db = self.db.lock().unwrap().clone();
        campo_server::snapshot::snapshot(&db, &self.session, Utc::now())
            .await
            .map_err(refused)
    }

    async fn blob_status(
        &self,
        hash: &str,
    ) -> Result<campo_protocol::wire::BlobStatus, TransportError> {
        self.session_ok()?;
        if self.roll(0.05) {
            return Err(lost());
        }
        let db = self.db.lock().unwrap().clone();
        self.blobs.status(&db, hash).await.map_err(refused)
    }

    async fn put_blob(
        &self,
        hash: &str,
        offset: u64,
        total: u64,
        mime: &str,
        piece: Vec<u8>,
    ) -> Result<campo_protocol::wire::BlobStatus, TransportError> {
        self.session_ok()?;
        if self.roll(0.1) {
            return Err(lost()); // never arrived
        }
        // The connection drops halfway: the server keeps the first half.
        let cut = self.roll(0.2);
        let body = if cut {
            &piece[..piece.len() / 2]
        } else {
            &piece[..]
        };
        let db = self.db.lock().unwrap().clone();
        let piece = campo_server::blobs::Piece {
            hash: hash.to_owned(),
            offset,
            total,
            mime: mime.to_owned(),
        };
        let status = self
            .blobs
            .append(&db, self.session.user_id, &piece, body)
            .await
            .map_err(refused)?;
        if cut || self.roll(0.1) {
            return Err(lost()); // the reply was lost
        }
        Ok(status)
    }

    async fn get_blob(&self, hash: &str) -> Result<Vec<u8>, TransportError> {
        self.session_ok()?;
        if self.roll(0.05) {
            return Err(lost());
        }
        self.blobs.read(hash).await.map_err(refused)
    }
}

struct Client {
    role: &'static str,
    user: Uuid,
    engine: SyncEngine<SimTransport>,
    /// The device's database file (it survives a crash).
    path: std::path::PathBuf,
    offline_until: usize,
    /// How far off this device's clock is.
    skew: chrono::TimeDelta,
}

impl Client {
    fn store(&self) -> &Store {
        self.engine.store()
    }

    /// The laptop loses power: everything in memory is gone; the app starts again on the
    /// same database file.
    async fn crash(&mut self) {
        self.store().close().await;
        let store = Store::open(&self.path).await.unwrap();
        store.set_clock_offset(self.skew);
        self.engine = SyncEngine::new(store, self.engine.transport().clone());
    }
}

async fn statuses(store: &Store) -> HashMap<String, OrderStatus> {
    let page = store
        .list_orders(
            &OrderFilter::default(),
            PageRequest {
                offset: 0,
                limit: 500,
            },
        )
        .await
        .unwrap();
    page.rows.into_iter().map(|r| (r.id, r.status)).collect()
}

/// Every route plan of the device whose database is at `path`, as its rows read.
async fn route_plans(path: &std::path::Path) -> Vec<(String, String, String, f64, i64, i64)> {
    let url = format!("sqlite://{}?mode=ro", path.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let plans = sqlx::query_as(
        "SELECT date, technician_id, order_ids, km, driving_minutes, idle_minutes FROM route_plans
         ORDER BY date, technician_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    plans
}

/// Runs one seed; returns what its scenario reached.
async fn run(seed: u64) -> Reach {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let (mut db, reopen) = campo_fixtures::server::database(dir.path()).await;
    let running = Arc::new(Mutex::new(db.clone()));
    // A folder, or an S3-compatible bucket under scripts/with-s3.
    let blobs = campo_fixtures::server::blob_store(&dir.path().join("blobs")).await;
    // Photos technicians take: a few pictures, some taken twice (one file on the server).
    let pictures: Vec<campo_store::photos::PhotoFile> = [(900, 700), (700, 900), (1000, 600)]
        .into_iter()
        .map(|(w, h)| {
            let bytes = campo_fixtures::photos::camera_jpeg(w, h, 1);
            campo_store::photos::PhotoFile {
                hash: campo_domain::photo::blob_hash(&bytes),
                bytes,
                width: w,
                height: h,
                mime: "image/jpeg".into(),
                location: None,
            }
        })
        .collect();
    let mut photos = 0;
    let mut restarts = 0;
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
        let path = dir.path().join(format!("{login}.db"));
        let store = Store::open(&path).await.unwrap();
        // This device's clock is off by up to two days either way.
        let skew = chrono::TimeDelta::minutes(rng.random_range(-48 * 60..=48 * 60));
        store.set_clock_offset(skew);
        let transport =
            SimTransport::signed_in(&running, &faults, &blobs, login, store.device_id()).await;
        clients.push(Client {
            role,
            user: id,
            engine: SyncEngine::new(store, transport),
            path,
            offline_until: 0,
            skew,
        });
    }

    // A malicious technician: signed in like the others, but their "device" forges what it
    // pushes (other people's orders and vans, server-only kinds, personal data, envelopes
    // naming one record and payloads another).
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
    let mut mallory_seq = 0;

    // The first coordinator registers the month's sales (until the server has them), and
    // receives ONUs into the warehouse and gives each technician's van six.
    let warehouse;
    {
        let c = &clients[0];
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
                        cep: "51020-010".into(),
                        street: "Rua dos Navegantes".into(),
                        number: format!("{}", 100 + i),
                        neighbourhood: "Boa Viagem".into(),
                        city: "Recife".into(),
                        uf: "PE".into(),
                        lat: Some(-8.12),
                        lon: Some(-34.9),
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
            w.create_order(&NewOrder::new(kind, customer, plan), now)
                .await
                .unwrap();
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
        warehouse = w
            .create_warehouse("Almoxarifado Central", now)
            .await
            .unwrap();
        let csv: String = (0..30).map(|i| format!("ONU-SIM;SIM{i:04};\n")).collect();
        let file = campo_domain::stock::parse_delivery_csv(&csv, Lang::PtBr);
        w.receive_delivery(warehouse, &file.rows, false, Lang::PtBr, now)
            .await
            .unwrap();
        for (t, technician) in technicians.iter().enumerate() {
            w.move_stock(
                &MoveRequest {
                    kind: MoveKind::Checkout,
                    from: warehouse,
                    to: van_id(*technician),
                    order_id: None,
                    reason: None,
                    lines: (0..6)
                        .map(|k| LineInput::Serial(format!("SIM{:04}", t * 6 + k)))
                        .collect(),
                },
                now,
            )
            .await
            .unwrap();
        }
        w.commit().await.unwrap();
    }
    // The SVA manager publishes the IPTV activation checklist.
    {
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

    // Visits are today (the provider's date): a technician's device keeps them all.
    let day: NaiveDate = Utc::now()
        .with_timezone(&chrono_tz::America::Recife)
        .date_naive();
    let mut rebootstraps = 0;
    let mut pruned = 0;
    let mut crashes = 0;
    let mut expiries = 0;
    let mut switches = 0;
    for round in 0..150 {
        if rng.random_bool(0.15) {
            let db = running.lock().unwrap().clone();
            let ops = forged(&db, &mut rng, mallory, mallory_device, &mut mallory_seq).await;
            let results = rules::push(&db, &mallory_session, ops).await.unwrap();
            for r in &results {
                assert!(
                    matches!(r.outcome, campo_protocol::wire::Outcome::Rejected { .. }),
                    "seed {seed}: a forged operation was not refused: {r:?}"
                );
            }
        }
        let who = rng.random_range(0..clients.len());
        // Sessions expire now and then; the person signs in again a few rounds later (the
        // outbox waits meanwhile, and nothing is lost or sent twice).
        if rng.random_bool(0.04) {
            let c = &clients[rng.random_range(0..clients.len())];
            c.engine.transport().expired.store(true, Ordering::SeqCst);
            expiries += 1;
        }
        for c in &clients {
            if rng.random_bool(0.2) {
                c.engine.transport().expired.store(false, Ordering::SeqCst);
            }
        }
        // Mariana and Carla share the office computer: whoever works now, the other's data
        // is closed (it does not sync until she comes back).
        if who < 2 {
            let other = 1 - who;
            clients[other].offline_until = clients[other].offline_until.max(round + 1);
            switches += 1;
        }
        let c = &mut clients[who];
        // Act on a random order this device can see.
        let mine = statuses(c.store()).await;
        if !mine.is_empty() {
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
                    !field || rng.random_bool(0.1) // now and then a coordinator oversteps
                };
                if allowed {
                    let schedule = (to == OrderStatus::Scheduled).then(|| campo_domain::Schedule {
                        date: day,
                        period: if rng.random_bool(0.5) {
                            Period::Morning
                        } else {
                            Period::Afternoon
                        },
                        technician_id: technicians[rng.random_range(0..technicians.len())],
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
            let own = detail.technician.as_ref().map(|t| t.id.as_str())
                == Some(c.user.to_string().as_str());
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
            let field_order = (!in_field.is_empty()).then(|| {
                Uuid::parse_str(&in_field[rng.random_range(0..in_field.len())].0).unwrap()
            });
            if c.role == "technician"
                && let Some(order) = field_order
                && rng.random_bool(0.3)
            {
                // A photo of the visit, offline or not; its file follows the operation's way.
                let picture = pictures[rng.random_range(0..pictures.len())].clone();
                let mut w = c.store().writer(Actor { id: c.user }).await.unwrap();
                w.add_photo(order, picture, "Sinal da ONU", None, Utc::now() + c.skew)
                    .await
                    .unwrap();
                w.commit().await.unwrap();
                photos += 1;
            }
            if c.role == "technician"
                && let Some(order) = field_order
                && rng.random_bool(0.6)
            {
                // The van is known here once its first units arrived.
                let units = c
                    .store()
                    .place_stock(van_id(c.user))
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
                let van = van_id(technicians[rng.random_range(0..technicians.len())]);
                let (from, to, kind) = if rng.random_bool(0.5) {
                    (van, warehouse, MoveKind::Return)
                } else {
                    (warehouse, van, MoveKind::Checkout)
                };
                // Places this device has not heard of yet hold nothing it could move.
                let units = c
                    .store()
                    .place_stock(from)
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
        // Routes: a coordinator plans a technician's day again and again (each plan replaces
        // the one before; a device that joins later receives only the last).
        if c.role == "coordinator" && !mine.is_empty() && rng.random_bool(0.3) {
            let mut ids: Vec<Uuid> = mine.keys().map(|id| Uuid::parse_str(id).unwrap()).collect();
            ids.sort();
            ids.truncate(rng.random_range(1..=ids.len()));
            let technician = technicians[rng.random_range(0..technicians.len())];
            let date = day + chrono::TimeDelta::days(rng.random_range(0..2));
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
        // Activation: on installations done, the SVA manager starts the checklist, and the
        // manager and coordinators answer its items from their own devices (the same item now
        // and then from two devices with skewed clocks: the latest by clock wins, both kept).
        if c.role != "technician" && rng.random_bool(0.5) {
            let mut done: Vec<String> = statuses(c.store())
                .await
                .into_iter()
                .filter(|(_, s)| *s == OrderStatus::Done)
                .map(|(id, _)| id)
                .collect();
            done.sort();
            if !done.is_empty() {
                let order = Uuid::parse_str(&done[rng.random_range(0..done.len())]).unwrap();
                let view = c.store().activation_of(order, Lang::PtBr).await.unwrap();
                let open = view.attempts.iter().find(|a| a.status == "open");
                let me = Actor { id: c.user };
                match open {
                    None if c.role == "sva_manager" && !view.active => {
                        // Installations only; a repair has no checklist.
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
        }
        // Now and then the server restarts: its database closed and opened again.
        if rng.random_bool(0.03) {
            // Half the time it comes back as an upgrade from a version that did not keep
            // where each unit is: the server rebuilds that from its log.
            if rng.random_bool(0.5) {
                sqlx::query("DELETE FROM stock_units")
                    .execute(db.pool())
                    .await
                    .unwrap();
            }
            db.close().await;
            db = reopen.open().await;
            *running.lock().unwrap() = db.clone();
            restarts += 1;
        }
        // Now and then the server prunes its scope tombstones (a zero-day window here):
        // devices behind the horizon must bootstrap again.
        if rng.random_bool(0.1) {
            pruned += rules_prune(&db).await;
        }
        // Now and then the device crashes after writing, before anything was pushed.
        if rng.random_bool(0.04) {
            c.crash().await;
            crashes += 1;
            continue;
        }
        // Now and then a device goes offline for a while.
        if rng.random_bool(0.05) {
            c.offline_until = round + rng.random_range(5..30);
        }
        // Faults may stop a round.
        if round >= c.offline_until
            && rng.random_bool(0.6)
            && let Ok(report) = c
                .engine
                .sync_once("sim", (Utc::now() + c.skew).timestamp_millis())
                .await
        {
            rebootstraps += usize::from(report.rebootstrapped);
        }
    }

    // Heal: no more faults, everyone signed in, everyone syncs until nothing moves.
    faults.lock().unwrap().enabled = false;
    for c in &clients {
        c.engine.transport().expired.store(false, Ordering::SeqCst);
    }
    for _ in 0..2 {
        for c in &clients {
            rebootstraps += heal(c).await;
        }
    }

    // 1. Every replica equals the server within its scope: the office sees every order, a
    //    technician exactly the orders scheduled for them now.
    let server: HashMap<String, (OrderStatus, Option<String>)> =
        sqlx::query_as::<_, (String, String, Option<String>)>(
            "SELECT id, status, technician_id FROM orders",
        )
        .fetch_all(db.pool())
        .await
        .unwrap()
        .into_iter()
        .map(|(id, s, t)| (id, (OrderStatus::from_code(&s).unwrap(), t)))
        .collect();
    assert_eq!(
        server.len(),
        12,
        "seed {seed}: every sale reached the server"
    );
    for c in &clients {
        let me = c.user.to_string();
        let scope: HashMap<String, OrderStatus> = server
            .iter()
            .filter(|(_, (_, t))| c.role != "technician" || t.as_deref() == Some(me.as_str()))
            .map(|(id, (s, _))| (id.clone(), *s))
            .collect();
        assert_eq!(
            statuses(c.store()).await,
            scope,
            "seed {seed}: {} differs from the server",
            c.role
        );
        assert_eq!(
            c.store().sync_status().await.unwrap().pending,
            0,
            "seed {seed}: operations left behind"
        );
    }
    let server: HashMap<String, OrderStatus> =
        server.into_iter().map(|(id, (s, _))| (id, s)).collect();

    // 1e. Routes planned again and again: every office device holds the same plans (and so
    //     does the replay below, which receives each route as it stands).
    let office: Vec<&Client> = clients.iter().filter(|c| c.role != "technician").collect();
    let planned = route_plans(&office[0].path).await;
    for c in &office {
        assert_eq!(
            route_plans(&c.path).await,
            planned,
            "seed {seed}: a {}'s routes differ",
            c.role
        );
    }

    // 1b. Edited fields settle to the server's value on every device that holds the order.
    let notes: HashMap<String, Option<String>> = sqlx::query_as::<_, (String, Option<String>)>(
        "SELECT order_id, value FROM order_fields WHERE field = 'notes'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap()
    .into_iter()
    .collect();
    for c in &clients {
        for id in statuses(c.store()).await.keys() {
            let here = notes_of(c.store(), id).await;
            assert_eq!(
                &here,
                notes.get(id).unwrap_or(&None),
                "seed {seed}: notes of {id} differ on a {}",
                c.role
            );
        }
    }

    // 1c. Stock: every device's balances and unit places equal what its ledger says; the
    //     office devices hold every movement the server logged (nothing dropped or "fixed");
    //     each technician's van reads the same on their device and the office's; a unit at
    //     two customers has a discrepancy naming it.
    let logged_lines: usize =
        sqlx::query_scalar::<_, String>("SELECT payload FROM ops WHERE kind = 'stock.move'")
            .fetch_all(db.pool())
            .await
            .unwrap()
            .iter()
            .map(|p| {
                serde_json::from_str::<serde_json::Value>(p).unwrap()["lines"]
                    .as_array()
                    .unwrap()
                    .len()
            })
            .sum();
    let office = clients[0].store();
    for c in &clients {
        assert_eq!(
            c.store().verify_stock().await.unwrap(),
            Vec::<String>::new(),
            "seed {seed}: a {}'s stock differs from its ledger",
            c.role
        );
        if c.role != "technician" {
            let csv = c.store().export_movements_csv().await.unwrap();
            assert_eq!(
                csv.lines().count() - 1,
                logged_lines,
                "seed {seed}: an office ledger is missing movements"
            );
        } else {
            let serials = |stock: campo_store::stock_query::PlaceStock| {
                let mut s: Vec<String> = stock.units.into_iter().map(|u| u.serial).collect();
                s.sort();
                s
            };
            let mut on_server: Vec<String> = sqlx::query_scalar(
                "SELECT serial FROM stock_units WHERE place_id = $1 ORDER BY serial",
            )
            .bind(van_id(c.user).to_string())
            .fetch_all(db.pool())
            .await
            .unwrap();
            on_server.sort();
            assert_eq!(
                serials(c.store().place_stock(van_id(c.user)).await.unwrap()),
                on_server,
                "seed {seed}: a technician's van differs from the server's ledger order"
            );
        }
    }
    let discrepancies = office.discrepancies(true, Lang::PtBr).await.unwrap();
    let named = |serial: &str| {
        discrepancies
            .iter()
            .any(|d| d.serial.as_deref() == Some(serial))
    };
    let mut installs = 0;
    for i in 0..30 {
        let serial = format!("SIM{i:04}");
        let unit = office.serial(&serial).await.unwrap().unwrap();
        // The office's view of where a unit is follows the server's order, or the unit has a
        // discrepancy someone resolves (two offices moved it at once).
        let server_place: String =
            sqlx::query_scalar("SELECT place_id FROM stock_units WHERE serial = $1")
                .bind(&serial)
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert!(
            unit.place_id == server_place || named(&serial),
            "seed {seed}: {serial} is elsewhere on the office's device, with no discrepancy: {} vs server {server_place}; {:?}",
            unit.place_id,
            unit.history
                .iter()
                .map(|m| format!("{:?} {}→{}", m.kind, m.from_name, m.to_name))
                .collect::<Vec<_>>()
        );
        let mut customers: Vec<&str> = unit
            .history
            .iter()
            .filter(|m| m.kind == MoveKind::Use)
            .map(|m| m.to_name.as_str())
            .collect();
        installs += customers.len();
        customers.sort_unstable();
        customers.dedup();
        if customers.len() > 1 {
            assert!(
                named(&serial),
                "seed {seed}: {serial} is at {customers:?} with no discrepancy naming it"
            );
        }
    }

    // 1d. Replaying the server's log from empty gives the same state: a new office device
    //     (its snapshot is the log, each record set whole as it stands) ends with the server's
    //     statuses and notes, the office's routes, every logged movement, a stock equal to its
    //     ledger, and every unit where the server's order put it.
    {
        let store = Store::open(&dir.path().join("replay.db")).await.unwrap();
        let transport =
            SimTransport::signed_in(&running, &faults, &blobs, "mariana", store.device_id()).await;
        let fresh = Client {
            role: "coordinator",
            user: transport.session.user_id,
            engine: SyncEngine::new(store, transport),
            path: dir.path().join("replay.db"),
            offline_until: 0,
            skew: chrono::TimeDelta::zero(),
        };
        heal(&fresh).await;
        assert_eq!(
            route_plans(&fresh.path).await,
            planned,
            "seed {seed}: the replay's routes differ"
        );
        let statuses_now = statuses(fresh.store()).await;
        assert_eq!(
            statuses_now.len(),
            12,
            "seed {seed}: the replay holds every order"
        );
        for (id, status) in &statuses_now {
            assert_eq!(
                server_status(&db, id).await,
                *status,
                "seed {seed}: replayed status of {id}"
            );
            let replayed = notes_of(fresh.store(), id).await;
            assert_eq!(
                &replayed,
                notes.get(id).unwrap_or(&None),
                "seed {seed}: replayed notes"
            );
        }
        assert!(fresh.store().verify_stock().await.unwrap().is_empty());
        let csv = fresh.store().export_movements_csv().await.unwrap();
        assert_eq!(
            csv.lines().count() - 1,
            logged_lines,
            "seed {seed}: replayed ledger"
        );
        let units: Vec<(String, String)> =
            sqlx::query_as("SELECT serial, place_id FROM stock_units ORDER BY serial")
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert_eq!(units.len(), 30);
        for (serial, place) in units {
            let unit = fresh.store().serial(&serial).await.unwrap().unwrap();
            assert_eq!(
                unit.place_id, place,
                "seed {seed}: {serial} replayed elsewhere than the server's order put it"
            );
        }
    }

    // 1e. Activation checklists read the same on every office device: the same attempts, and
    //     per item the same current answer (latest by clock) and the same history.
    let mut checklists = 0;
    for id in server.keys() {
        let order = Uuid::parse_str(id).unwrap();
        let office_views: Vec<Vec<campo_store::activation::AttemptView>> = {
            let mut v = Vec::new();
            for c in clients.iter().filter(|c| c.role != "technician") {
                v.push(
                    c.store()
                        .activation_of(order, Lang::PtBr)
                        .await
                        .unwrap()
                        .attempts,
                );
            }
            v
        };
        checklists += office_views[0].len();
        for other in &office_views[1..] {
            assert_eq!(
                other, &office_views[0],
                "seed {seed}: the checklists of {id} differ between office devices"
            );
        }
    }

    // 1f. The malicious device changed nothing: none of its operations is in the log.
    let by_mallory: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops WHERE actor_id = $1")
        .bind(mallory.to_string())
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(
        by_mallory, 0,
        "seed {seed}: a forged operation reached the log"
    );

    // 1g. Every refusal reached its author: the operations the server refused from a device
    //     are exactly those its device lists as refused.
    let mut refusals = 0;
    for c in &clients {
        let on_server: BTreeSet<String> = sqlx::query_scalar(
            "SELECT op_id FROM receipts WHERE device_id = $1 AND outcome = 'rejected'",
        )
        .bind(c.store().device_id().to_string())
        .fetch_all(db.pool())
        .await
        .unwrap()
        .into_iter()
        .collect();
        let known: BTreeSet<String> = c
            .store()
            .refused_operations(i64::MAX)
            .await
            .unwrap()
            .into_iter()
            .map(|op| op.op_id.to_string())
            .collect();
        assert_eq!(
            known, on_server,
            "seed {seed}: a {}'s device does not know every refusal",
            c.role
        );
        refusals += known.len();
    }

    // 2. Every operation a device committed has exactly one answer on the server.
    for c in &clients {
        let ops = c.store().all_operations().await.unwrap();
        for op in ops {
            let op_id = op.op_id.to_string();
            let answers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM receipts WHERE op_id = $1")
                .bind(&op_id)
                .fetch_one(db.pool())
                .await
                .unwrap();
            assert_eq!(answers, 1, "seed {seed}: op {op_id} has {answers} answers");
        }
    }

    // 3. The server's log replays as legal paths, ending where the projection is.
    let log: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, payload FROM ops ORDER BY server_seq")
            .fetch_all(db.pool())
            .await
            .unwrap();
    let mut replay: HashMap<String, OrderStatus> = HashMap::new();
    for (kind, payload) in log {
        let p: serde_json::Value = serde_json::from_str(&payload).unwrap();
        match kind.as_str() {
            "order.create" => {
                let k = OrderKind::from_code(p["kind"].as_str().unwrap()).unwrap();
                replay.insert(p["id"].as_str().unwrap().to_owned(), k.initial_status());
            }
            "order.transition" => {
                let id = p["orderId"].as_str().unwrap();
                let from = OrderStatus::from_code(p["from"].as_str().unwrap()).unwrap();
                let to = OrderStatus::from_code(p["to"].as_str().unwrap()).unwrap();
                assert_eq!(
                    replay.get(id),
                    Some(&from),
                    "seed {seed}: a transition applied on a stale base"
                );
                assert!(
                    from.next().contains(&to),
                    "seed {seed}: illegal {from:?} → {to:?} in the log"
                );
                replay.insert(id.to_owned(), to);
            }
            "order.restore" => {
                let id = p["orderId"].as_str().unwrap();
                assert_eq!(
                    replay.get(id).map(|s| s.code()),
                    p["status"].as_str(),
                    "seed {seed}: a restore that is not the server's state"
                );
            }
            _ => {}
        }
    }
    assert_eq!(
        replay, server,
        "seed {seed}: replaying the log gives another state"
    );

    let counts: Vec<(String, i64)> =
        sqlx::query_as("SELECT outcome, COUNT(*) FROM receipts GROUP BY outcome ORDER BY outcome")
            .fetch_all(db.pool())
            .await
            .unwrap();
    eprintln!(
        "seed {seed}: {counts:?}, {restarts} server restart(s), {crashes} device crash(es), {pruned} tombstone(s) pruned, {rebootstraps} new bootstrap(s), {checklists} checklist(s), {expiries} expired session(s), {switches} switch(es) on the office computer, {refusals} refusal(s) told"
    );
    let conflicts = counts
        .iter()
        .find(|(o, _)| o == "conflict")
        .map_or(0, |c| c.1);

    // 4. The server knows how far each device's clock is off; operations stamped too far
    //    ahead were clamped to the server's time (server order is the truth anyway).
    let now_ms = Utc::now().timestamp_millis();
    for c in &clients {
        let recorded: Option<i64> =
            sqlx::query_scalar("SELECT clock_skew_ms FROM devices WHERE device_id = $1")
                .bind(c.store().device_id().to_string())
                .fetch_optional(db.pool())
                .await
                .unwrap()
                .flatten();
        let recorded = recorded.expect("every device said hello");
        assert!(
            (recorded - c.skew.num_milliseconds()).abs() < 5 * 60_000,
            "seed {seed}: a device {} min off recorded a skew of {recorded} ms",
            c.skew.num_minutes()
        );
    }
    let ahead: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops WHERE hlc > $1")
        .bind(format!("{:015}", now_ms + 5 * 60_000))
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(
        ahead, 0,
        "seed {seed}: {ahead} operation(s) kept a clock from the future"
    );

    // 5. No personal data on technicians' devices.
    for c in clients.iter().filter(|c| c.role == "technician") {
        let leaked = c.store().customers_with_personal_data().await.unwrap();
        assert_eq!(
            leaked, 0,
            "seed {seed}: personal data on a technician's device"
        );
    }
    // 6. Attachments: every photo the server applied names a file it keeps, whole and
    //    matching its name, once; no upload is left half done; every device sent what it
    //    took, and every office device has every photo's file, as taken.
    let named: BTreeSet<String> =
        sqlx::query_scalar::<_, String>("SELECT payload FROM ops WHERE kind = 'order.photo'")
            .fetch_all(db.pool())
            .await
            .unwrap()
            .into_iter()
            .map(|p| {
                let v: serde_json::Value = serde_json::from_str(&p).unwrap();
                v["blob"]["hash"].as_str().unwrap().to_owned()
            })
            .collect();
    for hash in &named {
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM blobs WHERE hash = $1")
            .bind(hash)
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(kept, 1, "seed {seed}: a photo's file is not kept once");
        let bytes = blobs.read(hash).await.unwrap();
        assert_eq!(
            &campo_domain::photo::blob_hash(&bytes),
            hash,
            "seed {seed}: a file differs from its name"
        );
    }
    assert_eq!(
        blobs.partial_files(),
        0,
        "seed {seed}: an upload was left half done"
    );
    for c in &clients {
        assert!(
            c.store().blobs_to_send(10).await.unwrap().is_empty(),
            "seed {seed}: a {}'s photo never reached the server",
            c.role
        );
        if c.role == "technician" {
            continue;
        }
        let wanted = c.store().blobs_wanted(1000).await.unwrap();
        assert!(
            wanted.is_empty(),
            "seed {seed}: an office device lacks {} file(s)",
            wanted.len()
        );
        for hash in &named {
            let bytes = c.store().blob(hash).await.unwrap();
            assert!(
                bytes.is_some_and(|b| &campo_domain::photo::blob_hash(&b) == hash),
                "seed {seed}: a {} cannot open a photo",
                c.role
            );
        }
    }
    eprintln!(
        "seed {seed}: {photos} photo(s) taken, {} file(s) on the server",
        named.len()
    );
    Reach {
        installs,
        rebootstraps,
        conflicts,
        checklists,
        expiries,
        refusals,
        photos,
    }
}

/// What a seed's scenario reached, so the run can tell its checks saw something.
struct Reach {
    /// Units installed on orders.
    installs: usize,
    /// Devices that bootstrapped again after a pruning.
    rebootstraps: usize,
    /// Concurrent edits the server answered with a conflict.
    conflicts: i64,
    /// Activation checklists started.
    checklists: usize,
    /// Sessions that expired and were signed in again.
    expiries: usize,
    /// Refusals told to their authors.
    refusals: usize,
    /// Photos taken.
    photos: usize,
}

/// The order's notes on a device.
/// One forged operation of the malicious technician: aimed at others' orders and vans, or
/// what only the server writes, or personal data, or an envelope that lies.
async fn forged(
    db: &ServerDb,
    rng: &mut ChaCha8Rng,
    me: Uuid,
    device: Uuid,
    seq: &mut i64,
) -> Vec<campo_protocol::wire::WireOp> {
    use campo_protocol::Op;
    use campo_protocol::ops::*;
    let orders: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT id, status, technician_id FROM orders ORDER BY id")
            .fetch_all(db.pool())
            .await
            .unwrap();
    let others: Vec<Uuid> = sqlx::query_scalar::<_, String>(
        "SELECT id FROM users WHERE role = 'technician' AND id <> $1",
    )
    .bind(me.to_string())
    .fetch_all(db.pool())
    .await
    .unwrap()
    .iter()
    .map(|t| Uuid::parse_str(t).unwrap())
    .collect();
    let at = campo_server::timestamp(Utc::now());
    let (order, status) = orders
        .get(rng.random_range(0..orders.len().max(1)))
        .map(|(id, s, _)| (Uuid::parse_str(id).unwrap(), s.clone()))
        .unwrap_or((Uuid::now_v7(), "scheduled".into()));
    let victim = others[rng.random_range(0..others.len())];
    let van = |t: Uuid| StockPlaceRef {
        id: campo_domain::stock::van_id(t),
        kind: "van".into(),
        name: "Van".into(),
        ref_id: Some(t),
    };
    let op = match rng.random_range(0..6) {
        0 => Op::OrderTransitioned(OrderTransitioned {
            order_id: order,
            event_id: Uuid::now_v7(),
            from: status,
            to: "done".into(),
            reason: None,
            schedule: None,
            at,
        }),
        1 => Op::OrderEdited(OrderEdited {
            order_id: order,
            changes: vec![FieldChange {
                field: "notes".into(),
                value: Some("forjado".into()),
                base: 0,
            }],
            at,
            outcome: Vec::new(),
        }),
        2 => Op::StockMoved(StockMoved {
            batch_id: Uuid::now_v7(),
            kind: "transfer".into(),
            from: van(victim),
            to: van(me),
            order_id: None,
            reason: None,
            count: false,
            lines: vec![StockLine {
                id: Uuid::now_v7(),
                item_id: Uuid::now_v7(),
                serial: Some(format!("HWTC{:04}", rng.random_range(0..100))),
                mac: None,
                quantity: 1,
            }],
            at,
        }),
        3 => Op::OrderGranted(Box::new(OrderGranted {
            customer: campo_fixtures::ops::customer("X"),
            order: OrderCreated {
                new_address: None,
                external_id: None,
                id: order,
                number: 1,
                kind: "repair".into(),
                customer_id: Uuid::now_v7(),
                plan_id: Uuid::now_v7(),
                event_id: Uuid::now_v7(),
                at: at.clone(),
                sale_id: None,
                periods: Vec::new(),
            },
            status: "scheduled".into(),
            schedule: None,
            fields: Vec::new(),
        })),
        4 => Op::OrderPaused(OrderPaused {
            order_id: order,
            pause_id: Uuid::now_v7(),
            reason: "forjado".into(),
            at,
        }),
        _ => Op::SkillsSet(SkillsSet {
            technician_id: victim,
            skills: vec!["fusao".into()],
            at,
        }),
    };
    *seq += 1;
    let lie = rng.random_bool(0.3);
    vec![campo_protocol::wire::WireOp {
        op_id: Uuid::now_v7(),
        device_id: device,
        device_seq: *seq,
        hlc: format!("{:015}-000000", Utc::now().timestamp_millis()),
        entity: op.entity().into(),
        entity_id: if lie { Uuid::now_v7() } else { op.entity_id() },
        kind: op.kind().code().into(),
        payload: serde_json::value::RawValue::from_string(op.to_json().unwrap()).unwrap(),
        schema_version: campo_protocol::OP_SCHEMA_VERSION,
    }]
}

async fn notes_of(store: &Store, id: &str) -> Option<String> {
    store
        .get_order(Uuid::parse_str(id).unwrap())
        .await
        .unwrap()
        .notes
}

/// The order's status on the server.
async fn server_status(db: &ServerDb, id: &str) -> OrderStatus {
    let code: String = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    OrderStatus::from_code(&code).unwrap()
}

/// Prunes every tombstone received so far; returns how many.
async fn rules_prune(db: &ServerDb) -> u64 {
    campo_server::retention::prune(db, chrono::TimeDelta::zero())
        .await
        .unwrap()
        .removed
}

/// Syncs until the outbox is empty and the cursor is at the server's head; returns whether
/// the device had to bootstrap again.
async fn heal(c: &Client) -> usize {
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

#[tokio::test(flavor = "current_thread")]
async fn devices_converge_with_the_server_under_faults() {
    let seeds: u64 = std::env::var("SIM_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    let base: u64 = std::env::var("SIM_SEED_BASE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let (mut installs, mut rebootstraps, mut conflicts, mut checklists) = (0, 0, 0, 0);
    let (mut expiries, mut refusals, mut photos) = (0, 0, 0);
    for seed in base..base + seeds {
        match tokio::task::spawn(run(seed)).await {
            Ok(reach) => {
                installs += reach.installs;
                rebootstraps += reach.rebootstraps;
                conflicts += reach.conflicts;
                checklists += reach.checklists;
                expiries += reach.expiries;
                refusals += reach.refusals;
                photos += reach.photos;
            }
            Err(_) => panic!(
                "simulation failed for seed {seed}: replay with SIM_SEEDS=1 SIM_SEED_BASE={seed}"
            ),
        }
    }
    // Over a run of seeds the scenario must reach what the checks are about (one seed replayed
    // alone may not).
    if seeds >= 4 {
        assert!(
            installs > 0,
            "no seed installed a unit: the stock checks saw nothing"
        );
        assert!(conflicts > 0, "the scenario produced no concurrent edits");
        assert!(checklists > 0, "no activation checklist was started");
        assert!(expiries > 0, "no session expired");
        assert!(refusals > 0, "no honest device had a change refused");
        assert!(
            photos > 0,
            "no photo was taken: the attachment checks saw nothing"
        );
        assert!(
            rebootstraps > 0,
            "no device bootstrapped again after a pruning: the retention path was not exercised"
        );
    }
}
