//! Photos of a visit: a picked file or a camera's frame is made into the photo Campo keeps
//! (upright, resized, without metadata, under 1 MB; [`campo_photo`]) off the async threads,
//! attached to the order with what it shows and proves (works offline; the file follows with
//! the sync), listed, taken off, and shown — fetched from the server when this device does not
//! have it yet.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use campo_domain::photo::{PhotoError, PhotoSubject, is_blob_hash};
use campo_store::StoreError;
use campo_store::photos::{OrderPhoto, PhotoFile};
use campo_sync::Transport as _;

use crate::context::Context;
use crate::error::AppError;

/// A photo as kept on the device: the JPEG `campo_photo::prepare` made of a camera's file.
pub fn kept_file(kept: campo_photo::Prepared) -> PhotoFile {
    PhotoFile {
        bytes: kept.bytes,
        hash: kept.hash,
        width: kept.width,
        height: kept.height,
        mime: campo_photo::PHOTO_MIME.into(),
        location: kept.location,
    }
}

fn refused(e: PhotoError) -> AppError {
    AppError::Store(StoreError::Photo(e))
}

/// The photos of an order, oldest first. Working alone (the demo), nothing waits for a
/// server.
pub async fn order_photos(ctx: &Context, id: String) -> Result<Vec<OrderPhoto>, AppError> {
    let id = crate::parse_id(&id)?;
    listed(&ctx.store().await?, id).await
}

async fn listed(store: &campo_store::Store, id: uuid::Uuid) -> Result<Vec<OrderPhoto>, AppError> {
    let mut photos = store.order_photos(id).await?;
    if store.sync_config().await?.is_none() {
        for p in &mut photos {
            p.waiting = false;
        }
    }
    Ok(photos)
}

/// Attaches a photo (`data`: the picked file's bytes in base64) to an order, with a caption
/// and what it proves; returns the order's photos.
pub async fn add_photo(
    ctx: &Context,
    id: String,
    data: String,
    caption: String,
    subject: Option<PhotoSubject>,
) -> Result<Vec<OrderPhoto>, AppError> {
    let id = crate::parse_id(&id)?;
    // Refused by its size before decoding it whole (base64 is 4/3 of the bytes).
    campo_domain::photo::check_input_size(data.len() as u64 / 4 * 3).map_err(refused)?;
    let bytes = STANDARD
        .decode(data.trim())
        .map_err(|_| refused(PhotoError::NotAnImage))?;
    let kept = tokio::task::spawn_blocking(move || campo_photo::prepare(&bytes))
        .await
        .map_err(|_| refused(PhotoError::NotAnImage))?
        .map_err(refused)?;
    let file = kept_file(kept);
    let (store, actor) = ctx.acting().await?;
    let mut w = store.writer(actor).await?;
    w.add_photo(id, file, &caption, subject, chrono::Utc::now())
        .await?;
    w.commit().await?;
    crate::kept::keep(&store, actor, id, campo_protocol::ops::ReportOf::Visit).await;
    ctx.nudge_sync();
    listed(&store, id).await
}

/// Takes a photo off an order; returns the order's photos.
pub async fn remove_photo(
    ctx: &Context,
    id: String,
    photo: String,
) -> Result<Vec<OrderPhoto>, AppError> {
    let order = crate::parse_id(&id)?;
    let photo = crate::parse_id(&photo)?;
    let (store, actor) = ctx.acting().await?;
    let mut w = store.writer(actor).await?;
    w.remove_photo(photo, chrono::Utc::now()).await?;
    w.commit().await?;
    crate::kept::keep(&store, actor, order, campo_protocol::ops::ReportOf::Visit).await;
    ctx.nudge_sync();
    listed(&store, order).await
}

/// A photo's file as a `data:` URL to show; fetched from the server (and kept) when this
/// device does not have it yet.
pub async fn photo_image(ctx: &Context, hash: String) -> Result<String, AppError> {
    if !is_blob_hash(&hash) {
        return Err(refused(PhotoError::NotHere));
    }
    let store = ctx.store().await?;
    let bytes = match store.blob(&hash).await? {
        Some(bytes) => bytes,
        None => fetch(&store, &hash).await?,
    };
    Ok(format!(
        "data:{};base64,{}",
        campo_photo::PHOTO_MIME,
        STANDARD.encode(bytes)
    ))
}

/// The file `hash` from the server, kept here.
pub(crate) async fn fetch(store: &campo_store::Store, hash: &str) -> Result<Vec<u8>, AppError> {
    let Some(transport) = crate::sync::server_transport(store).await? else {
        return Err(refused(PhotoError::NotHere));
    };
    let bytes = transport
        .get_blob(hash)
        .await
        .map_err(|_| refused(PhotoError::NotHere))?;
    if !store.keep_blob(hash, &bytes).await? {
        return Err(refused(PhotoError::NotHere));
    }
    Ok(bytes)
}
