//! Pulls: pages of the log after a device's cursor, in the server's order. A technician gets
//! the catalogue, their orders and their scope changes; only the back office and the
//! administration get customers' personal data (LGPD);
//! a seller the catalogue and their own sales; the office everything but other people's scope
//! changes, sales only for those who analyse them, money only for those who see it.

use campo_protocol::wire::{Change, PullMode, PullReply, WireOp};
use campo_protocol::{OpKind, Role};
use sqlx::Row;
use uuid::Uuid;

use super::MAX_PULL;
use crate::db::{ServerDb, stored_id};
use crate::error::ServerError;
use crate::users::Session;

/// Fields only the roles that need them receive.
const PERSONAL: [&str; 3] = ["cpf", "motherName", "birthDate"];

/// A log row as devices receive it; with `strip`, a customer comes without personal data
/// (technicians, and every office role that does not need it).
pub(crate) fn change_of(r: &sqlx::any::AnyRow, strip: bool) -> Result<Change, ServerError> {
    let parse =
        |col: &str| -> Result<Uuid, ServerError> { stored_id(&r.try_get::<String, _>(col)?) };
    let kind: String = r.try_get("kind")?;
    let text: String = r.try_get("payload")?;
    let payload = if strip && kind == OpKind::CustomerCreated.code() {
        let mut body: serde_json::Value = serde_json::from_str(&text)?;
        if let Some(obj) = body.as_object_mut() {
            for field in PERSONAL {
                obj.insert(field.to_owned(), serde_json::Value::Null);
            }
        }
        serde_json::value::to_raw_value(&body)?
    } else {
        // Stored as received: served without parsing.
        serde_json::value::RawValue::from_string(text)?
    };
    Ok(Change {
        server_seq: r.try_get("server_seq")?,
        actor_id: parse("actor_id")?,
        op: WireOp {
            op_id: parse("op_id")?,
            device_id: parse("device_id")?,
            device_seq: r.try_get("device_seq")?,
            hlc: r.try_get("hlc")?,
            entity: r.try_get("entity")?,
            entity_id: parse("entity_id")?,
            kind,
            payload,
            schema_version: r.try_get("schema_version")?,
        },
    })
}

/// Columns of a log row as [`change_of`] reads them.
pub(crate) const CHANGE_COLUMNS: &str = "server_seq, op_id, device_id, device_seq, hlc, actor_id, entity, entity_id, kind, payload, schema_version";

/// A page of the log after `cursor`, personal data removed for the roles that do not need it;
/// with [`PullMode::Bootstrap`], without the versions of a record the next one replaces.
pub async fn pull(
    db: &ServerDb,
    session: &Session,
    cursor: i64,
    limit: u32,
    mode: PullMode,
) -> Result<PullReply, ServerError> {
    let limit = limit.clamp(1, MAX_PULL);
    // Technicians get the catalogue, their orders and their scope changes; a seller the
    // catalogue, their own sales and their scope changes; the office everything but other
    // people's scope changes, and sales only if it analyses them.
    // A technician's or seller's share of the log is small: read it through the audience
    // index (one range per audience) rather than walking everyone's operations after the
    // cursor.
    // Personal data reaches only the roles that need it (LGPD).
    let strip = !session.role.sees_personal_data();
    let me = session.user_id;
    let (others, mine) = match session.role {
        Role::Technician => ("", format!("order:{me}")),
        Role::Seller => ("", format!("sale:{me}")),
        role if role.analyses_sales() => (
            " OR audience LIKE 'order:%' OR audience LIKE 'sale:%'",
            "office".to_owned(),
        ),
        _ => (" OR audience LIKE 'order:%'", "office".to_owned()),
    };
    // Money (receivables, collection contacts) only for finance and the administration.
    let money = if session.role.sees_money() {
        " OR audience = 'money'"
    } else {
        ""
    };
    let replaced = match mode {
        PullMode::Log => String::new(),
        PullMode::Bootstrap => format!(" AND {}", super::records::NOT_REPLACED),
    };
    let sql = format!(
        "SELECT {CHANGE_COLUMNS} FROM ops WHERE server_seq > $1 AND (audience IS NULL OR audience = $2 OR audience = $3{others}{money}){replaced}
         ORDER BY server_seq LIMIT $4"
    );
    let rows = sqlx::query(&sql)
        .bind(cursor)
        .bind(mine)
        .bind(format!("only:{me}"))
        .bind(i64::from(limit) + 1)
        .fetch_all(db.pool())
        .await?;
    // The newest sequence (for the device's progress) and this person's retention horizon
    // (crate::retention), in one round trip, after the rows: a pruning that committed while
    // they were read is seen, and the device is sent to bootstrap again rather than miss a
    // tombstone.
    let (head, horizon): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE((SELECT MAX(server_seq) FROM ops), 0),
                COALESCE((SELECT seq FROM sync_horizons WHERE audience = $1), 0)",
    )
    .bind(format!("only:{}", session.user_id))
    .fetch_one(db.pool())
    .await?;
    if cursor > 0 && cursor < horizon {
        return Err(ServerError::ResyncRequired);
    }
    let has_more = rows.len() > limit as usize;
    let changes = rows
        .iter()
        .take(limit as usize)
        .map(|r| change_of(r, strip))
        .collect::<Result<Vec<_>, _>>()?;
    let next_cursor = changes.last().map_or(cursor, |c| c.server_seq);
    Ok(PullReply {
        changes,
        next_cursor,
        has_more,
        head,
    })
}
