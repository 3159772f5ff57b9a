//! What the import's test and its benchmark share: a store's administrator, and a file read,
//! matched, checked and written the way the app does it (the window aside).

use std::sync::atomic::AtomicBool;

use campo_import::{Checked, ImportKind, Mapping, Table, check, table};
use campo_store::import::{ImportSummary, Progress};
use campo_store::provider::Place;
use campo_store::write::{NewPerson, Role};
use campo_store::{Actor, Store};
use chrono::Utc;
use uuid::Uuid;

/// An administrator registered on `store`, acting from now on.
pub async fn admin(store: &Store) -> Actor {
    let admin = Actor { id: Uuid::now_v7() };
    let mut w = store.writer(admin).await.expect("writer");
    w.create_person_with_id(
        admin.id,
        &NewPerson {
            name: "Ana Prado".into(),
            role: Role::Admin,
            phone: None,
        },
        Utc::now(),
    )
    .await
    .expect("admin");
    w.commit().await.expect("commit");
    admin
}

/// `bytes` read as a table, its columns matched by their names, checked against `store`;
/// panics naming the first problems when there are any.
pub async fn checked(store: &Store, kind: ImportKind, bytes: &[u8]) -> Checked {
    checked_table(store, kind, &table::read(bytes).expect("table")).await
}

/// A table read before, its columns matched by their names, checked against `store`; panics
/// naming the first problems when there are any.
pub async fn checked_table(store: &Store, kind: ImportKind, t: &Table) -> Checked {
    let mapping = Mapping::guess(kind, &t.headers);
    let known = store.import_known(kind).await.expect("known");
    let checked = check(kind, t, &mapping, &known);
    assert!(
        checked.problems.is_empty(),
        "{:?}",
        &checked.problems[..3.min(checked.problems.len())]
    );
    checked
}

/// Writes `checked`'s records as `actor` in one transaction; returns what it did and how long
/// the commit took.
pub async fn write(
    store: &Store,
    actor: Actor,
    checked: &Checked,
) -> (ImportSummary, std::time::Duration) {
    let cancel = AtomicBool::new(false);
    let report = |_: usize, _: usize| {};
    let mut w = store.writer(actor).await.expect("writer");
    let summary = w
        .import(
            &checked.records,
            &Place::fallback(),
            Utc::now(),
            &Progress {
                cancel: &cancel,
                report: &report,
            },
        )
        .await
        .expect("import");
    let committing = std::time::Instant::now();
    w.commit().await.expect("commit");
    (summary, committing.elapsed())
}
