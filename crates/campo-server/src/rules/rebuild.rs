//! The log read back in server order when a newer version fills what an older one did not
//! keep (the backfills of stock units, vans' history, sales' payments, records set whole): a
//! range of sequences at a time, so a large log is never held at once.

use campo_protocol::OpKind;
use sqlx::AnyConnection;

use crate::error::ServerError;

/// Sequences read at a time.
const RANGE: i64 = 50_000;

/// One logged operation as a rebuild reads it.
#[derive(sqlx::FromRow)]
pub(super) struct LogRow {
    /// Its sequence.
    pub(super) server_seq: i64,
    /// Its payload.
    pub(super) payload: String,
    /// Who receives it.
    pub(super) audience: Option<String>,
}

/// The log's operations of one kind, from the start up to a sequence.
pub(super) struct LogPayloads {
    kind: OpKind,
    from: i64,
    up_to: i64,
}

impl LogPayloads {
    /// The operations of `kind` up to the newest logged now.
    pub(super) async fn to_head(c: &mut AnyConnection, kind: OpKind) -> Result<Self, ServerError> {
        let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(server_seq), 0) FROM ops")
            .fetch_one(&mut *c)
            .await?;
        Ok(Self::up_to(kind, head))
    }

    /// The operations of `kind` up to `up_to`.
    pub(super) fn up_to(kind: OpKind, up_to: i64) -> Self {
        LogPayloads {
            kind,
            from: 0,
            up_to,
        }
    }

    /// The next range's operations, in server order; None past the end.
    pub(super) async fn next(
        &mut self,
        c: &mut AnyConnection,
    ) -> Result<Option<Vec<LogRow>>, ServerError> {
        if self.from >= self.up_to {
            return Ok(None);
        }
        let to = (self.from + RANGE).min(self.up_to);
        let rows = sqlx::query_as(
            "SELECT server_seq, payload, audience FROM ops WHERE server_seq > $1 AND server_seq <= $2 AND kind = $3
             ORDER BY server_seq",
        )
        .bind(self.from)
        .bind(to)
        .bind(self.kind.code())
        .fetch_all(&mut *c)
        .await?;
        self.from = to;
        Ok(Some(rows))
    }
}
