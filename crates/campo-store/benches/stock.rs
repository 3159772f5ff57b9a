//! Stock speed with 1M movements and 200k serialised units (issue 5): a place's balance
//! < 10 ms, a serial's place and history < 2 ms, checking out 500 scanned serials < 500 ms,
//! importing a 10k-serial delivery < 2 s. The database is built once through the real write
//! path and kept under `target/bench-data/`.

use std::time::{Duration, Instant};

use campo_domain::Lang;
use campo_domain::stock::{self, MoveKind, PlaceKind, fixed_place_id, van_id};
use campo_store::stock::{LineInput, MoveRequest};
use campo_store::write::{NewPerson, Role};
use campo_store::{Actor, Store};
use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use uuid::Uuid;

const UNITS: usize = 200_000;
const VANS: usize = 25;
const BATCH: usize = 500;

struct Bench {
    store: Store,
    actor: Actor,
    warehouse: Uuid,
    vans: Vec<Uuid>,
    sample_serial: String,
}

fn serial(i: usize) -> String {
    format!("HWTC{i:08X}")
}

async fn movements(store: &Store) -> i64 {
    let path = store.path().expect("file").to_owned();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("pool");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stock_movements")
        .fetch_one(&pool)
        .await
        .unwrap_or(0);
    pool.close().await;
    n
}

async fn build(path: &std::path::Path) -> Bench {
    let _ = std::fs::remove_file(path);
    let store = Store::open(path).await.expect("create");
    let keeper = Uuid::now_v7();
    let actor = Actor { id: keeper };
    let now = Utc::now();
    let mut w = store.writer(actor).await.expect("writer");
    let person = |name: String, role| NewPerson {
        name,
        role,
        phone: None,
    };
    w.create_person_with_id(keeper, &person("Almoxarife".into(), Role::StockKeeper), now)
        .await
        .expect("keeper");
    let mut techs = Vec::new();
    for i in 0..VANS {
        techs.push(
            w.create_person(&person(format!("Técnico {i:02}"), Role::Technician), now)
                .await
                .expect("tech"),
        );
    }
    let warehouse = w
        .create_warehouse("Almoxarifado Central", now)
        .await
        .expect("wh");
    w.create_stock_item(&campo_fixtures::onu(), now)
        .await
        .expect("onu");
    let cable = w
        .create_stock_item(&campo_fixtures::drop_cable(), now)
        .await
        .expect("cable");
    w.commit().await.expect("commit");
    let vans: Vec<Uuid> = techs.iter().map(|t| van_id(*t)).collect();
    let started = Instant::now();
    // 200k receipts, in deliveries of 10k.
    for chunk in (0..UNITS).collect::<Vec<_>>().chunks(10_000) {
        let rows: Vec<stock::DeliveryRow> = chunk
            .iter()
            .map(|&i| stock::DeliveryRow {
                line: 0,
                sku: "ONU-HG8145".into(),
                serial: serial(i),
                mac: None,
            })
            .collect();
        store
            .stock_change(actor, async |w| {
                w.receive_delivery(warehouse, &rows, false, Lang::PtBr, Utc::now())
                    .await
            })
            .await
            .expect("receive");
    }
    // 600k more serial movements: checkout, transfer to the next van, return.
    let mv = |kind, from, to, lines| MoveRequest {
        kind,
        from,
        to,
        order_id: None,
        reason: None,
        lines,
    };
    for (b, chunk) in (0..UNITS).collect::<Vec<_>>().chunks(BATCH).enumerate() {
        let lines: Vec<LineInput> = chunk
            .iter()
            .map(|&i| LineInput::Serial(serial(i)))
            .collect();
        let a = vans[b % VANS];
        let z = vans[(b + 1) % VANS];
        let keep = b.is_multiple_of(4); // a quarter stays in the vans
        store
            .stock_change(actor, async |w| {
                w.move_stock(
                    &mv(MoveKind::Checkout, warehouse, a, lines.clone()),
                    Utc::now(),
                )
                .await?;
                w.move_stock(&mv(MoveKind::Transfer, a, z, lines.clone()), Utc::now())
                    .await?;
                if !keep {
                    w.move_stock(
                        &mv(MoveKind::Return, z, warehouse, lines.clone()),
                        Utc::now(),
                    )
                    .await?;
                }
                Ok(())
            })
            .await
            .expect("moves");
    }
    // Bulk: cable into the warehouse and out to the vans until the ledger has 1M rows.
    let adjustment = fixed_place_id(PlaceKind::Adjustment);
    let mut total = movements(&store).await;
    let mut round = 0usize;
    while total < 1_000_000 {
        let n = usize::try_from((1_000_000 - total).min(2 * BATCH as i64)).unwrap_or(BATCH) / 2;
        let n = n.max(1);
        let into: Vec<LineInput> = (0..n)
            .map(|_| LineInput::Bulk {
                item_id: cable,
                quantity: 100,
            })
            .collect();
        let out: Vec<LineInput> = (0..n)
            .map(|_| LineInput::Bulk {
                item_id: cable,
                quantity: 50,
            })
            .collect();
        let van = vans[round % VANS];
        store
            .stock_change(actor, async |w| {
                let mut r = mv(MoveKind::Adjust, adjustment, warehouse, into.clone());
                r.reason = Some("Carga de benchmark".into());
                w.move_stock(&r, Utc::now()).await?;
                w.move_stock(
                    &mv(MoveKind::Checkout, warehouse, van, out.clone()),
                    Utc::now(),
                )
                .await
            })
            .await
            .expect("bulk");
        total += 2 * n as i64;
        round += 1;
    }
    eprintln!(
        "built {} movements over {UNITS} units in {:.1} s",
        movements(&store).await,
        started.elapsed().as_secs_f64()
    );
    store.analyze().await.expect("analyze");
    Bench {
        store,
        actor,
        warehouse,
        vans,
        sample_serial: serial(UNITS / 2 + 3),
    }
}

fn bench_db(rt: &tokio::runtime::Runtime) -> Bench {
    let dir = campo_fixtures::bench::data_dir();
    let path = dir.join("stock-1m.db");
    rt.block_on(async {
        if path.exists() {
            let store = Store::open(&path).await.expect("open");
            if movements(&store).await >= 1_000_000 {
                let overview = store.stock_overview(Lang::PtBr).await.expect("overview");
                let warehouse = overview
                    .places
                    .iter()
                    .find(|p| p.kind == PlaceKind::Warehouse)
                    .expect("warehouse");
                let vans = overview
                    .places
                    .iter()
                    .filter(|p| p.kind == PlaceKind::Van)
                    .map(|p| Uuid::parse_str(&p.id).expect("id"))
                    .collect();
                let keeper: String = {
                    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
                        .await
                        .expect("pool");
                    sqlx::query_scalar("SELECT id FROM people WHERE role = 'stock_keeper'")
                        .fetch_one(&pool)
                        .await
                        .expect("keeper")
                };
                return Bench {
                    actor: Actor {
                        id: Uuid::parse_str(&keeper).expect("id"),
                    },
                    warehouse: Uuid::parse_str(&warehouse.id).expect("id"),
                    vans,
                    sample_serial: serial(UNITS / 2 + 3),
                    store,
                };
            }
            store.close().await;
        }
        build(&path).await
    })
}

fn benches(c: &mut Criterion) {
    let rt = campo_fixtures::bench::runtime(1);
    let b = bench_db(&rt);
    let b = &b;
    let store = &b.store;
    let mut group = c.benchmark_group("stock-1m");
    group.bench_function("balance/van", |bench| {
        bench.to_async(&rt).iter(|| async {
            store
                .place_stock(b.vans[3], Lang::PtBr)
                .await
                .expect("place")
        })
    });
    group.bench_function("balance/warehouse (150k units)", |bench| {
        bench.to_async(&rt).iter(|| async {
            store
                .place_stock(b.warehouse, Lang::PtBr)
                .await
                .expect("place")
        })
    });
    group.bench_function("serial/place and history", |bench| {
        bench.to_async(&rt).iter(|| async {
            store
                .serial(&b.sample_serial, Lang::PtBr)
                .await
                .expect("serial")
                .expect("known")
        })
    });
    group.sample_size(10);
    // Serials in the warehouse (the returned three quarters), 500 at a time.
    let in_warehouse: Vec<String> = (0..UNITS)
        .filter(|i| !(i / BATCH).is_multiple_of(4))
        .map(serial)
        .collect();
    let mut next = 0usize;
    group.bench_function("checkout/500 scanned serials", |bench| {
        bench.to_async(&rt).iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            let mut batches = Vec::new();
            for _ in 0..iters {
                let lines: Vec<LineInput> = in_warehouse[next..next + BATCH]
                    .iter()
                    .map(|s| LineInput::Serial(s.clone()))
                    .collect();
                next = (next + BATCH) % (in_warehouse.len() - BATCH);
                batches.push(lines);
            }
            async move {
                for lines in batches {
                    let van = b.vans[0];
                    let request = MoveRequest {
                        kind: MoveKind::Checkout,
                        from: b.warehouse,
                        to: van,
                        order_id: None,
                        reason: None,
                        lines: lines.clone(),
                    };
                    let t = Instant::now();
                    store
                        .stock_change(b.actor, async |w| w.move_stock(&request, Utc::now()).await)
                        .await
                        .expect("checkout");
                    spent += t.elapsed();
                    // Put them back (not measured) so the next sample finds them.
                    let back = MoveRequest {
                        kind: MoveKind::Return,
                        from: van,
                        to: b.warehouse,
                        ..request
                    };
                    store
                        .stock_change(b.actor, async |w| w.move_stock(&back, Utc::now()).await)
                        .await
                        .expect("return");
                }
                spent
            }
        })
    });
    let mut delivery = 0usize;
    group.bench_function("import/10k-serial delivery CSV", |bench| {
        bench.to_async(&rt).iter_custom(|iters| {
            let mut files = Vec::new();
            for _ in 0..iters {
                delivery += 1;
                let mut csv = String::from("sku;serial;mac\n");
                for i in 0..10_000 {
                    csv.push_str(&format!("ONU-HG8145;NEW{delivery:04}{i:06};\n"));
                }
                files.push(csv);
            }
            async move {
                let mut spent = Duration::ZERO;
                for csv in files {
                    let t = Instant::now();
                    let file = stock::parse_delivery_csv(&csv, Lang::PtBr);
                    let out = store
                        .stock_change(b.actor, async |w| {
                            w.receive_delivery(
                                b.warehouse,
                                &file.rows,
                                false,
                                Lang::PtBr,
                                Utc::now(),
                            )
                            .await
                        })
                        .await
                        .expect("import");
                    spent += t.elapsed();
                    assert_eq!(out.received, 10_000);
                }
                spent
            }
        })
    });
    group.finish();
}

criterion_group!(stock_benches, benches);
criterion_main!(stock_benches);
