//! What a device with an empty database starts from. A technician's snapshot is the state of
//! their scope at one point of the server's order, read in one consistent transaction: the
//! catalogue everyone receives, their van's movements (the ledger its balances come from),
//! the routes of the days it keeps, and one `order.grant` per order their device keeps
//! ([`campo_domain::scope`]: open ones, and closed ones of the last days) carrying its current
//! state without personal data, followed by that order's deadline pauses and signature. Orders outside that window, other technicians' orders and the
//! office's records never leave the server. An office device gets cursor 0 and pulls the log
//! from the start (its reports and deadlines need every order's history), each record an
//! operation sets whole as it stands rather than its every version
//! ([`campo_protocol::wire::PullMode::Bootstrap`]).

use campo_protocol::OpKind;
use campo_protocol::ops::RouteSet;
use campo_protocol::wire::{Change, SnapshotReply, WireOp};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use uuid::Uuid;

use crate::db::{Backend, ServerDb, stored_id};
use crate::error::ServerError;
use crate::rules::{CHANGE_COLUMNS, NOT_REPLACED, change_of, grant_of};
use crate::users::{Session, server_hlc};

/// The snapshot of `session`'s scope at the newest server sequence, `now` deciding the window.
pub async fn snapshot(
    db: &ServerDb,
    session: &Session,
    now: DateTime<Utc>,
) -> Result<SnapshotReply, ServerError> {
    if session.role.is_office() {
        return Ok(SnapshotReply {
            changes: Vec::new(),
            cursor: 0,
        });
    }
    let today = crate::setup::provider_date(db, now).await?;
    let mut tx = match db.backend() {
        Backend::Sqlite => db.pool().begin().await?,
        Backend::Postgres => {
            db.pool()
                .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ")
                .await?
        }
    };
    let me = session.user_id.to_string();
    // At least the retention horizon: when the newest operations were pruned tombstones, a
    // cursor below it would be sent back to bootstrap again and again.
    let watermark: i64 = sqlx::query_scalar(
        "SELECT CASE WHEN head > horizon THEN head ELSE horizon END FROM (SELECT COALESCE((SELECT MAX(server_seq) FROM ops), 0) AS head,
                COALESCE((SELECT seq FROM sync_horizons WHERE audience = $1), 0) AS horizon) s",
    )
    .bind(format!("only:{me}"))
    .fetch_one(&mut *tx)
    .await?;
    // The catalogue, in server order, without the versions of a record the next one replaces
    // (that one comes here or in the pulls after the snapshot).
    let mut changes = sqlx::query(&format!(
        "SELECT {CHANGE_COLUMNS} FROM ops WHERE audience IS NULL AND server_seq <= $1 AND {NOT_REPLACED} ORDER BY server_seq"
    ))
    .bind(watermark)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| change_of(r, true))
    .collect::<Result<Vec<_>, _>>()?;
    // The orders it keeps, as they stand now.
    let orders = sqlx::query(
        "SELECT id, status, scheduled_date FROM orders WHERE technician_id = $1 ORDER BY id",
    )
    .bind(&me)
    .fetch_all(&mut *tx)
    .await?;
    let mut kept = Vec::new();
    for row in orders {
        let id: String = row.try_get("id")?;
        let status = campo_domain::OrderStatus::from_code(&row.try_get::<String, _>("status")?);
        let date = row
            .try_get::<Option<String>, _>("scheduled_date")?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        if !status.is_some_and(|s| campo_domain::scope::technician_keeps(s, date, today)) {
            continue;
        }
        let order_id = stored_id(&id)?;
        let Some((grant, creator)) = grant_of(&mut tx, order_id).await? else {
            continue;
        };
        kept.push(order_id);
        changes.push(Change {
            server_seq: watermark,
            actor_id: stored_id(&creator)?,
            op: WireOp {
                op_id: Uuid::now_v7(),
                device_id: Uuid::nil(),
                device_seq: 0,
                hlc: server_hlc(),
                entity: "work_order".into(),
                entity_id: order_id,
                kind: OpKind::OrderGranted.code().into(),
                payload: serde_json::value::to_raw_value(&grant)?,
                schema_version: campo_protocol::OP_SCHEMA_VERSION,
            },
        });
    }
    // Their deadline pauses and the customer's signature (the grant carries the state; the
    // pauses and the signature are their own records), in server order.
    let records = format!(
        "SELECT {CHANGE_COLUMNS} FROM ops WHERE entity = 'work_order' AND entity_id = $1 AND server_seq <= $2
           AND kind IN ({}) ORDER BY server_seq",
        crate::db::kinds(&[
            OpKind::OrderPaused,
            OpKind::OrderResumed,
            OpKind::OrderSigned
        ])
    );
    for order_id in &kept {
        for row in sqlx::query(&records)
            .bind(order_id.to_string())
            .bind(watermark)
            .fetch_all(&mut *tx)
            .await?
        {
            changes.push(change_of(&row, true)?);
        }
    }
    // The van's ledger and the routes of the days kept, in server order.
    let first_day = campo_domain::scope::first_kept_day(today);
    for row in sqlx::query(&format!(
        "SELECT {CHANGE_COLUMNS} FROM ops WHERE (audience = $1 OR audience = $2) AND server_seq <= $3
           AND kind IN ({}) ORDER BY server_seq",
        crate::db::kinds(&[OpKind::StockMoved, OpKind::StockRelayed, OpKind::RouteSet])
    ))
    .bind(format!("order:{me}"))
    .bind(format!("only:{me}"))
    .bind(watermark)
    .fetch_all(&mut *tx)
    .await?
    {
        let change = change_of(&row, true)?;
        if change.op.kind == OpKind::RouteSet.code() {
            let route: RouteSet = serde_json::from_str(change.op.payload.get())?;
            let day = NaiveDate::parse_from_str(&route.date, "%Y-%m-%d").ok();
            if day.is_none_or(|d| d < first_day) {
                continue;
            }
        }
        changes.push(change);
    }
    tx.commit().await?;
    Ok(SnapshotReply {
        changes,
        cursor: watermark,
    })
}
