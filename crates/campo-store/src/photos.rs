//! Photos of a visit on an order and the files behind them. A photo taken here keeps its file
//! (already compressed, named by its SHA-256) in `blobs` in the same transaction as the photo
//! and its operation; the file waits there until the server has it (the sync engine sends it
//! before the operation that names it). Photos that came from other devices name files this
//! device fetches when it can ([`Store::blobs_wanted`]); a file no photo uses any more leaves
//! once the server has it.

use campo_domain::OrderStatus;
use campo_domain::photo::{GeoPoint, MAX_PHOTOS_PER_ORDER, PhotoError, PhotoSubject};
use campo_protocol::ops::{BlobRef, OrderPhotoAdded, OrderPhotoRemoved};
use campo_protocol::{Op, OpKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

use crate::write::{Writer, timestamp};
use crate::{Entity, Store, StoreError};

/// A photo as the order page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderPhoto {
    /// The photo.
    pub id: Uuid,
    /// Its file's name (SHA-256).
    pub hash: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Size of its file in bytes.
    pub size: u32,
    /// What it shows, in the taker's words.
    pub caption: String,
    /// What it proves, if something in particular.
    pub subject: Option<PhotoSubject>,
    /// Where it was taken, when the provider keeps photos' positions.
    pub location: Option<GeoPoint>,
    /// Who took it.
    pub taken_by: String,
    /// When (RFC 3339, UTC).
    pub taken_at: String,
    /// Whether its file is on this device (one from another device may not have arrived).
    pub here: bool,
    /// Whether its file still waits to reach the server.
    pub waiting: bool,
}

/// A photo ready to attach: its file, compressed, named and measured.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoFile {
    /// The JPEG's bytes.
    pub bytes: Vec<u8>,
    /// Their SHA-256, lowercase hex.
    pub hash: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Media type.
    pub mime: String,
    /// Where the camera says it was taken (kept only where the provider's rule says so).
    pub location: Option<GeoPoint>,
}

/// A file the server should have, as the sync engine sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingBlob {
    /// Its name.
    pub hash: String,
    /// Its type.
    pub mime: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Keeps a photo (the same photo twice changes nothing).
pub(crate) async fn added(
    c: &mut SqliteConnection,
    b: &OrderPhotoAdded,
    actor: Uuid,
) -> Result<(), StoreError> {
    let by = crate::effects::person_name(c, actor).await?;
    let subject = b.subject.as_ref().map(serde_json::to_string).transpose()?;
    sqlx::query(
        "INSERT INTO order_photos (id, order_id, hash, size, mime, width, height, caption, subject, taken_by, taken_at, lat, lon)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (id) DO NOTHING",
    )
    .bind(b.id.to_string())
    .bind(b.order_id.to_string())
    .bind(&b.blob.hash)
    .bind(i64::try_from(b.blob.size).unwrap_or(i64::MAX))
    .bind(&b.blob.mime)
    .bind(b.blob.width)
    .bind(b.blob.height)
    .bind(b.caption.trim())
    .bind(subject)
    .bind(by)
    .bind(&b.at)
    .bind(b.location.map(|p| p.lat))
    .bind(b.location.map(|p| p.lon))
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Takes a photo off its order.
pub(crate) async fn removed(
    c: &mut SqliteConnection,
    b: &OrderPhotoRemoved,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM order_photos WHERE id = ?")
        .bind(b.id.to_string())
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Drops the files no photo uses any more that the server already has.
pub(crate) async fn drop_unused(c: &mut SqliteConnection) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "DELETE FROM blobs WHERE sent = 1
           AND NOT EXISTS (SELECT 1 FROM order_photos p WHERE p.hash = blobs.hash)
           AND NOT EXISTS (SELECT 1 FROM order_reports r WHERE r.hash = blobs.hash)",
    )
    .execute(&mut *c)
    .await?
    .rows_affected())
}

/// How many photos an order has.
pub(crate) async fn count(c: &mut SqliteConnection, order_id: Uuid) -> Result<usize, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM order_photos WHERE order_id = ?")
        .bind(order_id.to_string())
        .fetch_one(&mut *c)
        .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

impl Writer<'_> {
    /// Attaches a photo of the visit to `order_id` (en route, in progress or done); its file
    /// is kept here until the server has it. Returns the photo's id.
    pub async fn add_photo(
        &mut self,
        order_id: Uuid,
        file: PhotoFile,
        caption: &str,
        subject: Option<PhotoSubject>,
        at: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        self.may_send(OpKind::OrderPhotoAdded)?;
        let status = self.status_of(order_id).await?;
        if !matches!(
            status,
            OrderStatus::EnRoute | OrderStatus::InProgress | OrderStatus::Done
        ) {
            return Err(PhotoError::NotNow.into());
        }
        if count(self.conn(), order_id).await? >= MAX_PHOTOS_PER_ORDER {
            return Err(PhotoError::TooMany {
                max: MAX_PHOTOS_PER_ORDER,
            }
            .into());
        }
        if caption.trim().chars().count() > campo_domain::photo::MAX_CAPTION {
            return Err(campo_domain::ValidationError::TooLong(
                campo_domain::Field::Notes,
                campo_domain::photo::MAX_CAPTION,
            )
            .into());
        }
        // The position stays only where the provider's rule for this kind keeps it.
        let kind: String = sqlx::query_scalar("SELECT kind FROM work_orders WHERE id = ?")
            .bind(order_id.to_string())
            .fetch_one(self.conn())
            .await?;
        let keep_location = crate::proof::rules_in(self.conn())
            .await?
            .iter()
            .any(|r| r.kind.code() == kind && r.photo_location);
        let body = OrderPhotoAdded {
            id: Uuid::now_v7(),
            order_id,
            blob: BlobRef {
                hash: file.hash.clone(),
                size: file.bytes.len() as u64,
                mime: file.mime.clone(),
                width: file.width,
                height: file.height,
            },
            caption: caption.trim().to_owned(),
            subject,
            location: file.location.filter(|p| keep_location && p.is_valid()),
            at: timestamp(at),
        };
        sqlx::query(
            "INSERT INTO blobs (hash, mime, size, bytes, sent, kept_at) VALUES (?1, ?2, ?3, ?4, 0, ?5)
             ON CONFLICT (hash) DO NOTHING",
        )
        .bind(&file.hash)
        .bind(&file.mime)
        .bind(i64::try_from(file.bytes.len()).unwrap_or(i64::MAX))
        .bind(&file.bytes)
        .bind(&body.at)
        .execute(self.conn())
        .await?;
        let me = self.actor_id();
        added(self.conn(), &body, me).await?;
        let id = body.id;
        self.record(&Op::OrderPhotoAdded(body)).await?;
        Ok(id)
    }

    /// Takes a photo off its order.
    pub async fn remove_photo(
        &mut self,
        photo_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.may_send(OpKind::OrderPhotoRemoved)?;
        let order: String = sqlx::query_scalar("SELECT order_id FROM order_photos WHERE id = ?")
            .bind(photo_id.to_string())
            .fetch_optional(self.conn())
            .await?
            .ok_or(StoreError::NotFound(Entity::Photo))?;
        let body = OrderPhotoRemoved {
            id: photo_id,
            order_id: crate::write::parse_uuid(&order)?,
            at: timestamp(at),
        };
        removed(self.conn(), &body).await?;
        self.record(&Op::OrderPhotoRemoved(body)).await
    }
}

impl Store {
    /// The photos of `order_id`, oldest first.
    pub async fn order_photos(&self, order_id: Uuid) -> Result<Vec<OrderPhoto>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.hash, p.width, p.height, p.size, p.caption, p.subject, p.taken_by, p.taken_at, p.lat, p.lon,
                    b.hash IS NOT NULL AS here, COALESCE(b.sent, 1) = 0 AS waiting
             FROM order_photos p LEFT JOIN blobs b ON b.hash = p.hash
             WHERE p.order_id = ? ORDER BY p.taken_at, p.id",
        )
        .bind(order_id.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let subject: Option<String> = r.try_get("subject")?;
                Ok(OrderPhoto {
                    id: crate::write::parse_uuid(&r.try_get::<String, _>("id")?)?,
                    hash: r.try_get("hash")?,
                    width: r.try_get("width")?,
                    height: r.try_get("height")?,
                    size: r.try_get("size")?,
                    caption: r.try_get("caption")?,
                    subject: subject.as_deref().map(serde_json::from_str).transpose()?,
                    location: match (r.try_get("lat")?, r.try_get("lon")?) {
                        (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
                        _ => None,
                    },
                    taken_by: r.try_get("taken_by")?,
                    taken_at: r.try_get("taken_at")?,
                    here: r.try_get("here")?,
                    waiting: r.try_get("waiting")?,
                })
            })
            .collect()
    }

    /// The bytes of the stored file `hash`, if it is on this device.
    pub async fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(sqlx::query_scalar("SELECT bytes FROM blobs WHERE hash = ?")
            .bind(hash)
            .fetch_optional(self.pool())
            .await?)
    }

    /// The files taken here that the server does not have yet, oldest first.
    pub async fn blobs_to_send(&self, limit: i64) -> Result<Vec<OutgoingBlob>, StoreError> {
        let rows = sqlx::query(
            "SELECT hash, mime, bytes FROM blobs WHERE sent = 0 ORDER BY kept_at, hash LIMIT ?",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OutgoingBlob {
                    hash: r.try_get("hash")?,
                    mime: r.try_get("mime")?,
                    bytes: r.try_get("bytes")?,
                })
            })
            .collect()
    }

    /// Notes that the server has the file `hash`.
    pub async fn blob_sent(&self, hash: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE blobs SET sent = 1 WHERE hash = ?")
            .bind(hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Files photos here name that are not on this device, newest photos first.
    pub async fn blobs_wanted(&self, limit: i64) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT hash, mime FROM order_photos p
             WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.hash = p.hash)
             GROUP BY hash ORDER BY MAX(taken_at) DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Keeps a file fetched from the server, if its bytes match its name and a photo or a
    /// report here names it; returns whether it was kept.
    pub async fn keep_blob(&self, hash: &str, bytes: &[u8]) -> Result<bool, StoreError> {
        if campo_domain::photo::blob_hash(bytes) != hash {
            return Ok(false);
        }
        let mime: Option<String> = sqlx::query_scalar(
            "SELECT mime FROM order_photos WHERE hash = ?1
             UNION ALL SELECT ?2 FROM order_reports WHERE hash = ?1 LIMIT 1",
        )
        .bind(hash)
        .bind(campo_domain::photo::REPORT_MIME)
        .fetch_optional(self.pool())
        .await?;
        let Some(mime) = mime else {
            return Ok(false);
        };
        sqlx::query(
            "INSERT INTO blobs (hash, mime, size, bytes, sent, kept_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)
             ON CONFLICT (hash) DO NOTHING",
        )
        .bind(hash)
        .bind(mime)
        .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
        .bind(bytes)
        .bind(timestamp(Utc::now()))
        .execute(self.pool())
        .await?;
        Ok(true)
    }

    /// How many photos `order_id` has.
    pub async fn photo_count(&self, order_id: Uuid) -> Result<usize, StoreError> {
        let mut c = self.pool().acquire().await?;
        count(&mut c, order_id).await
    }
}
