//! Proof of service (issue 21): the customer's signature saved (< 100 ms) and the visit report
//! made as a PDF with six photos (< 500 ms). A database file as the app keeps it (WAL), an
//! installation in progress, a signature of a few seconds of drawing (1,200 points in 12
//! strokes) saved again and again — each save is the Writer's transaction with its outbox
//! row, committed — and six 12-megapixel camera photos attached as the app keeps them (set-up,
//! not timed: `cargo bench -p campo-photo` times that).
//!
//! `cargo bench -p campo-core --bench proof`

use std::time::Instant;

use campo_domain::closing::SignerRelation;
use campo_domain::{Lang, OrderStatus, Transition};
use campo_fixtures::data::{person, scheduled_order};
use campo_store::write::Role;
use campo_store::{Actor, Store};
use chrono::Utc;
use uuid::Uuid;

const ROUNDS: usize = 200;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}

fn report(name: &str, mut ms: Vec<f64>, goal: f64) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{name}: median {:.2} ms, p95 {:.2} ms, max {:.2} ms (goal < {goal} ms)",
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms.last().copied().unwrap_or(f64::NAN)
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = Store::open(&dir.path().join("campo.db"))
        .await
        .expect("open");
    let (admin, tech) = (Uuid::now_v7(), Uuid::now_v7());
    let mut w = store.writer(Actor { id: admin }).await.expect("writer");
    person(&mut w, admin, "Ana Prado", Role::Admin).await;
    person(&mut w, tech, "Josué Lins", Role::Technician).await;
    w.commit().await.expect("commit");
    let order = scheduled_order(&store, admin, tech, campo_fixtures::today()).await;
    let mut w = store.writer(Actor { id: tech }).await.expect("writer");
    for to in [OrderStatus::EnRoute, OrderStatus::InProgress] {
        let go = Transition {
            to,
            reason: None,
            schedule: None,
        };
        w.transition_order(order, &go, Utc::now())
            .await
            .expect("move");
    }
    w.commit().await.expect("commit");
    let strokes: Vec<Vec<[u16; 2]>> = (0..12u16)
        .map(|s| {
            (0..100u16)
                .map(|i| [(s * 45 + i / 3) % 600, 40 + (i * 7 + s * 11) % 140])
                .collect()
        })
        .collect();

    let mut saved = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let mut w = store.writer(Actor { id: tech }).await.expect("writer");
        w.sign_order(
            order,
            "Maria da Conceição",
            SignerRelation::Holder,
            strokes.clone(),
            Utc::now(),
        )
        .await
        .expect("sign");
        w.commit().await.expect("commit");
        saved.push(t.elapsed().as_secs_f64() * 1e3);
    }
    report("signature saved (1,200 points)", saved, 100.0);

    let mut w = store.writer(Actor { id: tech }).await.expect("writer");
    for i in 0..6u32 {
        let kept = campo_photo::prepare(&campo_fixtures::photos::camera_jpeg(
            4000 - i * 8,
            3000,
            if i % 2 == 0 { 1 } else { 6 },
        ))
        .expect("a photo");
        let file = campo_core::photos::kept_file(kept);
        w.add_photo(order, file, &format!("Foto {}", i + 1), None, Utc::now())
            .await
            .expect("photo");
    }
    w.commit().await.expect("commit");

    let mut made = Vec::with_capacity(ROUNDS);
    let mut size = 0;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let r = campo_core::proof::visit_report(&store, order, Lang::PtBr)
            .await
            .expect("report");
        size = campo_pdf::render(&r).len();
        made.push(t.elapsed().as_secs_f64() * 1e3);
    }
    report(
        &format!(
            "visit report with 6 photos read and drawn ({} KB)",
            size / 1024
        ),
        made,
        500.0,
    );
}
