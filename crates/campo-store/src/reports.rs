//! The reports kept on their order: the visit report the closing device made as the order
//! stood when the visit closed (or when its proof changed after), and each service's
//! activation report as it stood when an attempt ended — PDFs kept as files in `blobs`, named
//! by their SHA-256 like photos, travelling apart from the `order.report` operations that
//! name them. The newest of each is the order's; every device exports that same file (fetched
//! from the server when it is not here), so the signature covers exactly what it shows.

use campo_domain::photo::{MAX_REPORT_BYTES, REPORT_MIME};
use campo_protocol::ops::{BlobRef, OrderReportKept, ReportOf};
use campo_protocol::{Op, OpKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{Writer, timestamp};
use crate::{Store, StoreError};

/// The report kept on an order, as the order page tells of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeptReport {
    /// Its file's name (SHA-256).
    pub hash: String,
    /// Its size in bytes.
    pub size: u32,
    /// Who made it (the person whose device closed the visit).
    pub made_by: String,
    /// When (RFC 3339, UTC).
    pub made_at: String,
    /// Whether its file is on this device (else it is fetched from the server to export).
    pub here: bool,
}

/// Keeps the record of a report (the same one twice changes nothing).
pub(crate) async fn kept(
    c: &mut SqliteConnection,
    b: &OrderReportKept,
    actor: Uuid,
) -> Result<(), StoreError> {
    let by = crate::effects::person_name(c, actor).await?;
    sqlx::query(
        "INSERT INTO order_reports (id, order_id, report, hash, size, made_by, made_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
    )
    .bind(b.id.to_string())
    .bind(b.order_id.to_string())
    .bind(b.report.code())
    .bind(&b.blob.hash)
    .bind(i64::try_from(b.blob.size).unwrap_or(i64::MAX))
    .bind(by)
    .bind(&b.at)
    .execute(&mut *c)
    .await?;
    Ok(())
}

async fn newest(
    c: &mut SqliteConnection,
    order_id: Uuid,
    report: &ReportOf,
) -> Result<Option<KeptReport>, StoreError> {
    let row = sqlx::query(
        "SELECT r.hash, r.size, r.made_by, r.made_at, b.hash IS NOT NULL AS here
         FROM order_reports r LEFT JOIN blobs b ON b.hash = r.hash
         WHERE r.order_id = ? AND r.report = ? ORDER BY r.made_at DESC, r.id DESC LIMIT 1",
    )
    .bind(order_id.to_string())
    .bind(report.code())
    .fetch_optional(&mut *c)
    .await?;
    row.map(|r| {
        Ok(KeptReport {
            hash: r.try_get("hash")?,
            size: r.try_get("size")?,
            made_by: r.try_get("made_by")?,
            made_at: r.try_get("made_at")?,
            here: r.try_get("here")?,
        })
    })
    .transpose()
}

impl Writer<'_> {
    /// Keeps `pdf` as `order_id`'s `report`, made now; its file waits here until the server
    /// has it. Nothing is written when the newest such report is this very file. Returns
    /// whether a report was kept.
    pub async fn keep_report(
        &mut self,
        order_id: Uuid,
        report: ReportOf,
        pdf: Vec<u8>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.may_send(OpKind::OrderReportKept)?;
        let size = pdf.len() as u64;
        if size == 0 || size > MAX_REPORT_BYTES {
            return Err(campo_domain::photo::PhotoError::ReportTooLarge {
                mb: size.div_ceil(1024 * 1024),
                max: MAX_REPORT_BYTES / (1024 * 1024),
            }
            .into());
        }
        let hash = campo_domain::photo::blob_hash(&pdf);
        if newest(self.conn(), order_id, &report)
            .await?
            .is_some_and(|r| r.hash == hash)
        {
            return Ok(false);
        }
        let body = OrderReportKept {
            id: Uuid::now_v7(),
            order_id,
            report,
            blob: BlobRef {
                hash: hash.clone(),
                size,
                mime: REPORT_MIME.into(),
                width: 0,
                height: 0,
            },
            at: timestamp(at),
        };
        sqlx::query(
            "INSERT INTO blobs (hash, mime, size, bytes, sent, kept_at) VALUES (?1, ?2, ?3, ?4, 0, ?5)
             ON CONFLICT (hash) DO NOTHING",
        )
        .bind(&hash)
        .bind(REPORT_MIME)
        .bind(i64::try_from(size).unwrap_or(i64::MAX))
        .bind(&pdf)
        .bind(&body.at)
        .execute(self.conn())
        .await?;
        let me = self.actor_id();
        kept(self.conn(), &body, me).await?;
        self.record(&Op::OrderReportKept(body)).await?;
        Ok(true)
    }
}

impl Store {
    /// The newest `report` kept on `order_id`, if one was.
    pub async fn kept_report(
        &self,
        order_id: Uuid,
        report: &ReportOf,
    ) -> Result<Option<KeptReport>, StoreError> {
        let mut c = self.pool().acquire().await?;
        newest(&mut c, order_id, report).await
    }
}
