//! The demo's stock: a catalogue, the central warehouse with a supplier delivery, every van
//! checked out, minimums (one van below them), and each plan's equipment.

use chrono::{DateTime, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use campo_store::StoreError;
use campo_store::write::Writer;

/// The demo's stock: a catalogue, the central warehouse with a supplier delivery and the
/// opening bulk balances, every van checked out, minimums (one van below them), and the
/// equipment each plan requires.
pub(crate) async fn demo_stock(
    w: &mut Writer<'_>,
    rng: &mut ChaCha8Rng,
    technicians: &[Uuid],
    plans: &[Uuid],
    plan_specs: &[(&str, i64, i64, bool, bool)],
    installed: &[crate::orders::Installed],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    use campo_domain::stock::{MoveKind, PlaceKind, Tracking, Unit, fixed_place_id, van_id};
    use campo_store::stock::{LineInput, MoveRequest, NewItem};

    let item = |sku: &str, name: &str, unit, tracking| NewItem {
        sku: sku.into(),
        name: name.into(),
        unit,
        tracking,
    };
    let onu = w
        .create_stock_item(
            &item(
                "ONU-HG8145",
                "ONU Huawei HG8145V5",
                Unit::Piece,
                Tracking::Serialised,
            ),
            at,
        )
        .await?;
    let router = w
        .create_stock_item(
            &item(
                "RTR-AX1800",
                "Roteador Wi-Fi 6 AX1800",
                Unit::Piece,
                Tracking::Serialised,
            ),
            at,
        )
        .await?;
    let stb = w
        .create_stock_item(
            &item(
                "STB-IPTV4K",
                "Set-top box IPTV 4K",
                Unit::Piece,
                Tracking::Serialised,
            ),
            at,
        )
        .await?;
    let cable = w
        .create_stock_item(
            &item("DROP-1FO", "Cabo drop 1 FO", Unit::Metre, Tracking::Bulk),
            at,
        )
        .await?;
    let connector = w
        .create_stock_item(
            &item("CON-SCAPC", "Conector SC/APC", Unit::Piece, Tracking::Bulk),
            at,
        )
        .await?;
    let anchor = w
        .create_stock_item(
            &item(
                "ALCA-DROP",
                "Alça de ancoragem",
                Unit::Piece,
                Tracking::Bulk,
            ),
            at,
        )
        .await?;
    let warehouse = w.create_warehouse("Almoxarifado Central", at).await?;

    // A supplier delivery: serials and MACs as the labels have them.
    let mut rows = Vec::new();
    let mut serials: Vec<(Uuid, Vec<String>)> = Vec::new();
    let iptv_done = installed.iter().filter(|d| d.iptv).count();
    for (sku, item_id, prefix, count) in [
        // The vans' and the warehouse's, and one per installation done.
        ("ONU-HG8145", onu, "HWTC", 240 + installed.len()),
        ("RTR-AX1800", router, "TPLK", 120),
        // The vans' two each (spare ones too) and one per IPTV installation done.
        (
            "STB-IPTV4K",
            stb,
            "STBX",
            60.max(2 * technicians.len()) + iptv_done,
        ),
    ] {
        let mut list = Vec::with_capacity(count);
        let mut taken = std::collections::HashSet::with_capacity(count);
        for _ in 0..count {
            // Drawn again on the rare repeat (a large demo's thousands of set-top boxes).
            let serial = loop {
                let serial = format!("{prefix}{:08X}", rng.random::<u32>());
                if taken.insert(serial.clone()) {
                    break serial;
                }
            };
            let mac = format!("{:012X}", rng.random::<u64>() & 0xFFFF_FFFF_FFFF);
            rows.push(campo_domain::stock::DeliveryRow {
                line: u32::try_from(rows.len() + 2).unwrap_or(u32::MAX),
                sku: sku.into(),
                serial: serial.clone(),
                mac: campo_domain::stock::parse_mac(&mac).ok(),
            });
            list.push(serial);
        }
        serials.push((item_id, list));
    }
    w.receive_delivery(warehouse, &rows, true, campo_domain::Lang::PtBr, at)
        .await?;
    let bulk = |item_id, quantity| LineInput::Bulk { item_id, quantity };
    w.move_stock(
        &MoveRequest {
            kind: MoveKind::Adjust,
            from: fixed_place_id(PlaceKind::Adjustment),
            to: warehouse,
            order_id: None,
            reason: Some("Saldo inicial de implantação".into()),
            lines: vec![
                bulk(cable, 20_000),
                bulk(
                    connector,
                    2_000 + 2 * i64::try_from(installed.len()).unwrap_or(0),
                ),
                bulk(anchor, 1_000),
            ],
        },
        at,
    )
    .await?;

    // Every van gets its kit; the last one runs low on ONUs.
    let mut next = [0usize; 3];
    for (i, tech) in technicians.iter().enumerate() {
        let wanted = [if i + 1 == technicians.len() { 2 } else { 6 }, 4, 2];
        let mut lines = Vec::new();
        for (k, (_, list)) in serials.iter().enumerate() {
            for _ in 0..wanted[k] {
                if let Some(s) = list.get(next[k]) {
                    lines.push(LineInput::Serial(s.clone()));
                    next[k] += 1;
                }
            }
        }
        lines.extend([bulk(cable, 250), bulk(connector, 20), bulk(anchor, 10)]);
        w.move_stock(
            &MoveRequest {
                kind: MoveKind::Checkout,
                from: warehouse,
                to: van_id(*tech),
                order_id: None,
                reason: None,
                lines,
            },
            at,
        )
        .await?;
        for (item_id, minimum) in [(onu, 3), (router, 2), (cable, 100), (connector, 10)] {
            w.set_stock_minimum(van_id(*tech), item_id, minimum, at)
                .await?;
        }
    }
    // Each finished installation left the plan's equipment at the customer's — its ONU, two
    // connectors and, on an IPTV plan, a set-top box: taken from the warehouse to the
    // technician's van and used on the order.
    let mut onus = serials[0].1.iter().rev();
    let mut stbs = serials[2].1.iter().rev();
    for done in installed {
        let mut lines = vec![bulk(connector, 2)];
        if let Some(serial) = onus.next() {
            lines.push(LineInput::Serial(serial.clone()));
        }
        if done.iptv
            && let Some(serial) = stbs.next()
        {
            lines.push(LineInput::Serial(serial.clone()));
        }
        for (kind, from, to, order_id) in [
            (MoveKind::Checkout, warehouse, van_id(done.technician), None),
            (
                MoveKind::Use,
                van_id(done.technician),
                campo_domain::stock::customer_place_id(done.customer),
                Some(done.order),
            ),
        ] {
            w.move_stock(
                &MoveRequest {
                    kind,
                    from,
                    to,
                    order_id,
                    reason: None,
                    lines: lines.clone(),
                },
                at,
            )
            .await?;
        }
    }
    for (item_id, minimum) in [(onu, 50), (router, 30), (stb, 20), (cable, 2_000)] {
        w.set_stock_minimum(warehouse, item_id, minimum, at).await?;
    }
    for (plan, spec) in plans.iter().zip(plan_specs) {
        let mut items = vec![(onu, 1), (connector, 2)];
        if spec.3 {
            items.push((stb, 1));
        }
        w.set_plan_equipment(*plan, &items).await?;
    }
    Ok(())
}
