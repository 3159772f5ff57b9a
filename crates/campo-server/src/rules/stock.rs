//! Stock on the server: the catalogue reaches every device; a movement reaches the vans it
//! concerns, and the server keeps where each serialised unit is (`stock_units`), in its own
//! order, so a van reads the same on its technician's device as on the server.

use campo_protocol::ops::{StockLine, StockMoved, StockPlaceRef};
use campo_protocol::policy::Reach;
use campo_protocol::{OpKind, Refusal};
use uuid::Uuid;

use super::rebuild::LogPayloads;
use super::{Decision, Tx, order_audience};
use crate::db::{ROWS_PER_INSERT, ServerDb, value_rows};
use crate::error::ServerError;
use crate::users::Session;

/// Items, warehouses and plans' equipment reach every device.
pub(super) fn catalogue() -> Decision {
    Decision::Apply { audience: None }
}

/// Minimums and resolved discrepancies are the office's.
pub(super) fn office_record() -> Decision {
    Decision::Apply {
        audience: Some("office".to_owned()),
    }
}

/// Whether a technician may make movement `b`: only use, return and transfer out of their own
/// van, or collection from a customer into it; and out of their van only units the server saw
/// in it and quantities it received. Ownership is the server's view, never the sender's claim.
/// (A unit that was in their van and that the office moved meanwhile is a race, recorded and
/// flagged on office devices as a discrepancy, not an intrusion.)
async fn technician_may(
    tx: &mut Tx<'_>,
    me: Uuid,
    b: &StockMoved,
) -> Result<Option<Refusal>, ServerError> {
    let van_owner = |p: &StockPlaceRef| (p.kind == "van").then_some(p.ref_id).flatten();
    let out_of_my_van =
        matches!(b.kind.as_str(), "use" | "return" | "transfer") && van_owner(&b.from) == Some(me);
    let into_my_van =
        b.kind == "collect" && b.from.kind == "customer" && van_owner(&b.to) == Some(me);
    if !(out_of_my_van || into_my_van) {
        return Ok(Some(Refusal::NotYours));
    }
    if into_my_van {
        return Ok(None);
    }
    let me = me.to_string();
    let mut bulk: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    for line in &b.lines {
        match &line.serial {
            Some(serial) => {
                let seen: Option<i64> = sqlx::query_scalar(
                    "SELECT 1 FROM stock_unit_vans WHERE serial = $1 AND van_of = $2",
                )
                .bind(serial)
                .bind(&me)
                .fetch_optional(&mut **tx)
                .await?;
                if seen.is_none() {
                    return Ok(Some(Refusal::NotHeld {
                        serial: serial.clone(),
                    }));
                }
            }
            None => {
                let total = bulk.entry(line.item_id.to_string()).or_default();
                *total = total.saturating_add(line.quantity);
            }
        }
    }
    for (item, quantity) in bulk {
        let received: Option<i64> = sqlx::query_scalar(
            "SELECT quantity FROM stock_van_received WHERE van_of = $1 AND item_id = $2",
        )
        .bind(&me)
        .bind(&item)
        .fetch_optional(&mut **tx)
        .await?;
        if received.unwrap_or(0) < quantity {
            return Ok(Some(Refusal::NotEnough { item_id: item }));
        }
    }
    Ok(None)
}

/// Keeps what each van ever held: every van a unit went into, every quantity a van received.
async fn remember_van_history(tx: &mut Tx<'_>, b: &StockMoved) -> Result<(), ServerError> {
    let Some(van) = (b.to.kind == "van").then_some(b.to.ref_id).flatten() else {
        return Ok(());
    };
    for line in &b.lines {
        match &line.serial {
            Some(serial) => {
                sqlx::query(
                    "INSERT INTO stock_unit_vans (serial, van_of) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(serial)
                .bind(van.to_string())
                .execute(&mut **tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO stock_van_received (van_of, item_id, quantity) VALUES ($1, $2, $3)
                     ON CONFLICT (van_of, item_id) DO UPDATE SET quantity = stock_van_received.quantity + excluded.quantity",
                )
                .bind(van.to_string())
                .bind(line.item_id.to_string())
                .bind(line.quantity)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

/// A movement: technicians move only their own van's stock, and only for use, collection,
/// return and transfer; the vans it concerns are told.
pub(super) async fn movement(
    tx: &mut Tx<'_>,
    session: &Session,
    b: StockMoved,
    reach: Reach,
) -> Result<Decision, ServerError> {
    let van_owner = |p: &StockPlaceRef| (p.kind == "van").then_some(p.ref_id).flatten();
    let vans = [van_owner(&b.from), van_owner(&b.to)];
    if reach == Reach::Own
        && let Some(refusal) = technician_may(tx, session.user_id, &b).await?
    {
        return Ok(Decision::Reject(refusal));
    }
    remember_van_history(tx, &b).await?;
    // A van's movements reach its technician (and the office); the rest, the office.
    // The other van of a transfer, and a van that really held a unit the movement
    // says came from elsewhere, get a copy.
    let mut told: Vec<Uuid> = vans.into_iter().flatten().collect();
    told.dedup();
    let mut relays: Vec<(Uuid, StockMoved)> =
        told.iter().skip(1).map(|t| (*t, b.clone())).collect();
    for line in &b.lines {
        let Some(serial) = &line.serial else { continue };
        let held: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT place_id, van_of FROM stock_units WHERE serial = $1")
                .bind(serial)
                .fetch_optional(&mut **tx)
                .await?;
        if let Some((place, Some(holder))) = held
            && place != b.from.id.to_string()
            && let Ok(holder) = Uuid::parse_str(&holder)
            && !told.contains(&holder)
        {
            let relay = match relays.iter_mut().find(|(t, _)| *t == holder) {
                Some((_, r)) => r,
                None => {
                    relays.push((
                        holder,
                        StockMoved {
                            from: StockPlaceRef {
                                id: campo_domain::stock::van_id(holder),
                                kind: "van".into(),
                                name: "Van".into(),
                                ref_id: Some(holder),
                            },
                            lines: Vec::new(),
                            ..b.clone()
                        },
                    ));
                    &mut relays.last_mut().expect("just pushed").1
                }
            };
            relay.lines.push(StockLine {
                id: Uuid::new_v5(&line.id, holder.as_bytes()),
                ..line.clone()
            });
        }
        sqlx::query(
            "INSERT INTO stock_units (serial, place_id, van_of) VALUES ($1, $2, $3)
             ON CONFLICT (serial) DO UPDATE SET place_id = excluded.place_id, van_of = excluded.van_of",
        )
        .bind(serial)
        .bind(b.to.id.to_string())
        .bind(van_owner(&b.to).map(|t| t.to_string()))
        .execute(&mut **tx)
        .await?;
    }
    let audience = told.first().map_or_else(
        || "office".to_owned(),
        |t| order_audience(Some(&t.to_string())),
    );
    Ok(Decision::ApplyRelayed {
        audience,
        relays: relays
            .into_iter()
            .map(|(t, r)| (t, campo_protocol::Op::StockRelayed(r)))
            .collect(),
    })
}

/// A server upgraded from a version without `stock_units` has its units only in the log: where
/// each serialised unit is (and whose van that is) is rebuilt from the log's movements, in
/// server order, the first time it starts. Returns how many units were placed (0 when the
/// table was already filled or the log has no movements).
pub async fn backfill_stock_units(db: &ServerDb) -> Result<usize, ServerError> {
    let mut tx = db.begin_write().await?;
    let filled: Option<i64> = sqlx::query_scalar("SELECT 1 FROM stock_units LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?;
    let moved: Option<i64> = sqlx::query_scalar("SELECT 1 FROM ops WHERE kind = $1 LIMIT 1")
        .bind(OpKind::StockMoved.code())
        .fetch_optional(&mut **tx)
        .await?;
    if filled.is_some() || moved.is_none() {
        tx.commit().await?;
        return Ok(0);
    }
    let mut places: std::collections::BTreeMap<String, (String, Option<String>)> =
        std::collections::BTreeMap::new();
    let mut log = LogPayloads::to_head(&mut tx, OpKind::StockMoved).await?;
    while let Some(payloads) = log.next(&mut tx).await? {
        for row in payloads {
            let b: StockMoved = serde_json::from_str(&row.payload)?;
            let van = (b.to.kind == "van").then_some(b.to.ref_id).flatten();
            for line in b.lines {
                if let Some(serial) = line.serial {
                    places.insert(serial, (b.to.id.to_string(), van.map(|t| t.to_string())));
                }
            }
        }
    }
    let units: Vec<(String, (String, Option<String>))> = places.into_iter().collect();
    for chunk in units.chunks(ROWS_PER_INSERT) {
        let mut sql = String::from("INSERT INTO stock_units (serial, place_id, van_of) VALUES ");
        sql.push_str(&value_rows(db.backend(), chunk.len(), 3));
        let mut query = sqlx::query(&sql);
        for (serial, (place, van)) in chunk {
            query = query
                .bind(serial.clone())
                .bind(place.clone())
                .bind(van.clone());
        }
        query.execute(&mut **tx).await?;
    }
    tx.commit().await?;
    if !units.is_empty() {
        tracing::info!(units = units.len(), "stock units rebuilt from the log");
    }
    Ok(units.len())
}

/// A server upgraded from a version without the vans' history (`stock_unit_vans`,
/// `stock_van_received`) rebuilds it from the log's movements, in server order, the first
/// time it starts. Returns how many movements were read (0 when there was nothing to do).
pub async fn backfill_van_history(db: &ServerDb) -> Result<usize, ServerError> {
    let mut tx = db.begin_write().await?;
    let filled: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM stock_unit_vans UNION ALL SELECT 1 FROM stock_van_received LIMIT 1",
    )
    .fetch_optional(&mut **tx)
    .await?;
    if filled.is_some() {
        tx.commit().await?;
        return Ok(0);
    }
    let mut read = 0;
    let mut log = LogPayloads::to_head(&mut tx, OpKind::StockMoved).await?;
    while let Some(payloads) = log.next(&mut tx).await? {
        for row in payloads {
            let b: StockMoved = serde_json::from_str(&row.payload)?;
            remember_van_history(&mut tx, &b).await?;
            read += 1;
        }
    }
    tx.commit().await?;
    if read > 0 {
        tracing::info!(movements = read, "vans' history rebuilt from the log");
    }
    Ok(read)
}
