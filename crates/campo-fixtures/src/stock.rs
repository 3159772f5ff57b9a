//! Stock as tests set it up, written through the real write path: a warehouse a delivery of
//! serialised units came into, and units checked out of it into a technician's van.

use campo_domain::Lang;
use campo_domain::stock::{MoveKind, parse_delivery_csv, van_id};
use campo_store::stock::{LineInput, MoveRequest};
use campo_store::write::Writer;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A new warehouse named `name` holding the units `serials` of the catalogue's item `sku`,
/// received as one delivery at `at`; every line of it is valid.
pub async fn stocked_warehouse(
    w: &mut Writer<'_>,
    name: &str,
    sku: &str,
    serials: &[String],
    at: DateTime<Utc>,
) -> Uuid {
    let warehouse = w.create_warehouse(name, at).await.unwrap();
    let csv: String = serials.iter().map(|s| format!("{sku};{s};\n")).collect();
    let file = parse_delivery_csv(&csv, Lang::PtBr);
    let outcome = w
        .receive_delivery(warehouse, &file.rows, false, Lang::PtBr, at)
        .await
        .unwrap();
    assert_eq!(outcome.received, serials.len(), "{outcome:?}");
    warehouse
}

/// Checks the units `serials` out of `from` into `technician`'s van at `at`.
pub async fn check_out(
    w: &mut Writer<'_>,
    from: Uuid,
    technician: Uuid,
    serials: &[String],
    at: DateTime<Utc>,
) -> Uuid {
    let request = MoveRequest {
        kind: MoveKind::Checkout,
        from,
        to: van_id(technician),
        order_id: None,
        reason: None,
        lines: serials.iter().cloned().map(LineInput::Serial).collect(),
    };
    w.move_stock(&request, at).await.unwrap()
}

/// The serials `prefix0001`, `prefix0002` … up to `count`.
pub fn serials(prefix: &str, count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("{prefix}{i:04}")).collect()
}
