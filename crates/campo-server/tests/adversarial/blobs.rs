//! Stored files (photos) over HTTP, driven by the real client: sent in pieces and resumed
//! where the server's copy stops, kept once and only when whole and matching their name,
//! limits refused by name, a full disk told as such; an operation naming a file that has not
//! arrived is refused; a technician fetches only their own orders' files.

use super::support::*;
use campo_client::{Transport, TransportError};
use campo_fixtures::server::{Server, start};
use campo_protocol::Op;
use campo_protocol::ops::{BlobRef, OrderPhotoAdded};
use campo_protocol::wire::BlobStatus;
use uuid::Uuid;

fn sha(bytes: &[u8]) -> String {
    campo_domain::photo::blob_hash(bytes)
}

/// Bytes that stand for a photo (the server keeps any bytes of an accepted type).
fn photo(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(31) ^ seed).collect()
}

fn code(e: &TransportError) -> &str {
    match e {
        TransportError::Refused { code, .. } => code,
        _ => "",
    }
}

fn added(order: Uuid, bytes: &[u8]) -> Op {
    Op::OrderPhotoAdded(OrderPhotoAdded {
        id: Uuid::now_v7(),
        order_id: order,
        blob: BlobRef {
            hash: sha(bytes),
            size: bytes.len() as u64,
            mime: "image/jpeg".into(),
            width: 800,
            height: 600,
        },
        caption: "Sinal da ONU".into(),
        subject: None,
        location: None,
        at: now(),
    })
}

/// Files kept whole plus uploads under way.
async fn files_in(server: &Server) -> usize {
    server.blob_store.kept_files().await.unwrap().len() + server.blob_store.partial_files()
}

#[tokio::test]
async fn a_cut_upload_goes_on_where_it_stopped_and_the_file_is_kept_once() {
    let server = start().await;
    let tech = Client::new(&server, "josue").await;
    let bytes = photo(700_000, 7);
    let hash = sha(&bytes);
    let total = bytes.len() as u64;
    let none = tech.http.blob_status(&hash).await.unwrap();
    assert_eq!(
        none,
        BlobStatus {
            received: 0,
            complete: false
        }
    );

    // The first piece arrives; the connection drops.
    let half = tech
        .http
        .put_blob(&hash, 0, total, "image/jpeg", bytes[..300_000].to_vec())
        .await
        .unwrap();
    assert_eq!(
        half,
        BlobStatus {
            received: 300_000,
            complete: false
        }
    );
    // Sent again from the start (the device did not hear the answer): the server says where
    // it stands instead of taking the bytes twice.
    let again = tech
        .http
        .put_blob(&hash, 0, total, "image/jpeg", bytes[..300_000].to_vec())
        .await
        .unwrap_err();
    assert_eq!(code(&again), "blob_offset");
    let at = tech.http.blob_status(&hash).await.unwrap();
    assert_eq!(at.received, 300_000);
    let done = tech
        .http
        .put_blob(
            &hash,
            at.received,
            total,
            "image/jpeg",
            bytes[300_000..].to_vec(),
        )
        .await
        .unwrap();
    assert_eq!(
        done,
        BlobStatus {
            received: total,
            complete: true
        }
    );

    // Another device sending the same photo: nothing more is written.
    let other = Client::new(&server, "rita").await;
    let twice = other
        .http
        .put_blob(&hash, 0, total, "image/jpeg", bytes[..1000].to_vec())
        .await
        .unwrap();
    assert!(twice.complete);
    assert_eq!(files_in(&server).await, 1, "one file, no partial left");

    // The coordinator fetches it as sent.
    let office = Client::new(&server, "mariana").await;
    assert_eq!(office.http.get_blob(&hash).await.unwrap(), bytes);
}

#[tokio::test]
async fn bytes_that_do_not_match_the_name_are_dropped_and_limits_are_refused_by_name() {
    let server = start().await;
    let tech = Client::new(&server, "josue").await;
    let bytes = photo(5_000, 1);
    let wrong = sha(b"something else");
    let e = tech
        .http
        .put_blob(&wrong, 0, 5_000, "image/jpeg", bytes.clone())
        .await
        .unwrap_err();
    assert_eq!(code(&e), "blob_corrupt");
    assert_eq!(
        tech.http.blob_status(&wrong).await.unwrap().received,
        0,
        "a mismatched upload starts again from nothing"
    );

    let hash = sha(&bytes);
    let e = tech
        .http
        .put_blob(&hash, 0, 200 * 1024 * 1024, "image/jpeg", bytes.clone())
        .await
        .unwrap_err();
    assert_eq!(code(&e), "blob_too_large");
    assert_eq!(
        e.to_string(),
        "Arquivo grande demais: o servidor aceita fotos de até 4 MB e relatórios de até 48 MB"
    );
    // A report may be larger than a photo, not without bound.
    let e = tech
        .http
        .put_blob(&hash, 0, 60 * 1024 * 1024, "application/pdf", bytes.clone())
        .await
        .unwrap_err();
    assert_eq!(code(&e), "blob_too_large");
    let e = tech
        .http
        .put_blob(&hash, 0, 5_000, "text/html", bytes.clone())
        .await
        .unwrap_err();
    assert_eq!(code(&e), "blob_type");
    assert_eq!(
        e.to_string(),
        "Tipo de arquivo não aceito: o servidor guarda fotos JPEG e relatórios PDF"
    );
    let e = tech.http.blob_status("../../etc/passwd").await.unwrap_err();
    assert!(
        matches!(
            e,
            TransportError::Refused { .. } | TransportError::NotCampo { .. }
        ),
        "{e:?}"
    );
    assert_eq!(files_in(&server).await, 0);
}

#[tokio::test]
async fn a_full_disk_is_told_and_the_photo_waits() {
    let server = start().await;
    let tech = Client::new(&server, "josue").await;
    let bytes = photo(10_000, 3);
    let hash = sha(&bytes);
    // The partial file is a device that is always full.
    std::os::unix::fs::symlink("/dev/full", server.blobs.join("partial").join(&hash)).unwrap();
    let e = tech
        .http
        .put_blob(&hash, 0, 10_000, "image/jpeg", bytes)
        .await
        .unwrap_err();
    assert_eq!(code(&e), "storage_full");
    assert_eq!(
        e.to_string(),
        "O servidor está sem espaço para guardar arquivos: as fotos esperam nos aparelhos"
    );
}

#[tokio::test]
async fn a_photo_applies_once_its_file_is_here_and_only_its_technician_fetches_it() {
    let server = start().await;
    let mut office = Client::new(&server, "mariana").await;
    let mut tech = Client::new(&server, "josue").await;
    let order = scheduled_order(&mut office, server.technician).await;
    let bytes = photo(20_000, 9);

    let answers = tech.push(&[added(order, &bytes)]).await;
    assert_eq!(answers, ["blob_missing"], "the file travels first");

    let hash = sha(&bytes);
    tech.http
        .put_blob(&hash, 0, bytes.len() as u64, "image/jpeg", bytes.clone())
        .await
        .unwrap();
    assert_eq!(tech.push(&[added(order, &bytes)]).await, ["applied"]);
    // Someone else's order: not theirs to attach to.
    let mut rita = Client::new(&server, "rita").await;
    assert_eq!(rita.push(&[added(order, &bytes)]).await, ["not_yours"]);

    assert_eq!(tech.http.get_blob(&hash).await.unwrap(), bytes);
    assert_eq!(office.http.get_blob(&hash).await.unwrap(), bytes);
    let e = rita.http.get_blob(&hash).await.unwrap_err();
    assert_eq!(code(&e), "not_found", "another technician's order's file");
    let seller = Client::new(&server, "sofia").await;
    assert_eq!(
        code(&seller.http.get_blob(&hash).await.unwrap_err()),
        "not_found"
    );
}

#[tokio::test]
async fn a_visit_report_applies_once_its_file_is_here_and_is_a_pdf_without_pixels() {
    let server = start().await;
    let mut office = Client::new(&server, "mariana").await;
    let mut tech = Client::new(&server, "josue").await;
    let order = scheduled_order(&mut office, server.technician).await;
    let pdf = [b"%PDF-1.7\n".as_slice(), &photo(30_000, 4)].concat();
    let report = |mime: &str, width: u32| {
        Op::OrderReportKept(campo_protocol::ops::OrderReportKept {
            id: Uuid::now_v7(),
            order_id: order,
            report: campo_protocol::ops::ReportOf::Visit,
            blob: BlobRef {
                hash: sha(&pdf),
                size: pdf.len() as u64,
                mime: mime.into(),
                width,
                height: width,
            },
            at: now(),
        })
    };
    assert_eq!(
        tech.push(&[report("application/pdf", 0)]).await,
        ["blob_missing"]
    );
    tech.http
        .put_blob(
            &sha(&pdf),
            0,
            pdf.len() as u64,
            "application/pdf",
            pdf.clone(),
        )
        .await
        .unwrap();
    // A report named as a photo, or given pixels: refused as malformed.
    assert_eq!(
        tech.push(&[report("image/jpeg", 0), report("application/pdf", 800)])
            .await,
        ["invalid", "invalid"]
    );
    assert_eq!(
        tech.push(&[report("application/pdf", 0)]).await,
        ["applied"]
    );
    assert_eq!(office.http.get_blob(&sha(&pdf)).await.unwrap(), pdf);
    assert_eq!(tech.http.get_blob(&sha(&pdf)).await.unwrap(), pdf);
    let rita = Client::new(&server, "rita").await;
    assert_eq!(
        code(&rita.http.get_blob(&sha(&pdf)).await.unwrap_err()),
        "not_found"
    );
}

#[tokio::test]
async fn an_order_needing_photos_is_not_closed_before_they_reach_the_server() {
    let server = start().await;
    let mut office = Client::new(&server, "mariana").await;
    let mut tech = Client::new(&server, "josue").await;
    let order = scheduled_order(&mut office, server.technician).await;
    let rules = Op::ClosingRulesSet(campo_protocol::ops::ClosingRulesSet {
        rules: vec![campo_domain::closing::ClosingRule {
            kind: campo_domain::OrderKind::Installation,
            equipment: true,
            signature: false,
            photos: 2,
            photo_location: false,
        }],
        at: now(),
    });
    assert_eq!(office.push(&[rules]).await, ["applied"]);
    let field = [
        move_to(order, "scheduled", "en_route", None),
        move_to(order, "en_route", "in_progress", None),
    ];
    assert_eq!(tech.push(&field).await, ["applied", "applied"]);
    let one = photo(9_000, 1);
    let two = photo(9_000, 2);
    for bytes in [&one, &two] {
        tech.http
            .put_blob(
                &sha(bytes),
                0,
                bytes.len() as u64,
                "image/jpeg",
                bytes.clone(),
            )
            .await
            .unwrap();
    }
    // One photo logged, one taken off and one more in the same batch: still one.
    assert_eq!(tech.push(&[added(order, &one)]).await, ["applied"]);
    let extra = added(order, &two);
    let Op::OrderPhotoAdded(p) = &extra else {
        unreachable!()
    };
    let removed = Op::OrderPhotoRemoved(campo_protocol::ops::OrderPhotoRemoved {
        id: p.id,
        order_id: order,
        at: now(),
    });
    let done = move_to(order, "in_progress", "done", None);
    assert_eq!(
        tech.push(&[extra, removed, done.clone()]).await,
        ["applied", "applied", "photos_missing"]
    );
    // The second photo, then the move: closed.
    assert_eq!(
        tech.push(&[added(order, &two), done]).await,
        ["applied", "applied"]
    );
}

#[tokio::test]
async fn a_kept_file_is_where_the_server_was_told_to_keep_it() {
    // In the folder, or (under scripts/with-s3) in the bucket and not in the folder.
    let server = start().await;
    let tech = Client::new(&server, "josue").await;
    let bytes = photo(50_000, 11);
    let hash = sha(&bytes);
    tech.http
        .put_blob(&hash, 0, 50_000, "image/jpeg", bytes.clone())
        .await
        .unwrap();
    assert_eq!(
        server.blob_store.kept_files().await.unwrap(),
        vec![hash.clone()]
    );
    let in_folder = server.blobs.join(&hash[..2]).join(&hash).exists();
    assert_eq!(in_folder, !server.blob_store.in_bucket());
    assert_eq!(server.blob_store.partial_files(), 0);
    let office = Client::new(&server, "mariana").await;
    assert_eq!(office.http.get_blob(&hash).await.unwrap(), bytes);
}

#[tokio::test]
async fn a_bucket_that_cannot_be_reached_stops_the_server_at_start_by_name() {
    // The S3 stand-in when there is one (a bucket it does not have), else a closed port.
    let endpoint = std::env::var("CAMPO_TEST_S3_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "http://127.0.0.1:1".into());
    let dir = tempfile::tempdir().unwrap();
    let config = campo_server::blobs::S3Config {
        bucket: "fotos-que-nao-existem".into(),
        endpoint: Some(endpoint),
        region: Some("us-east-1".into()),
        prefix: None,
        access_key_id: Some("campo".into()),
        secret_access_key: Some("campo-secret".into()),
    };
    let e = campo_server::blobs::BlobStore::with_bucket(dir.path(), &config)
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("O bucket S3 \"fotos-que-nao-existem\" não respondeu como esperado"),
        "{e}"
    );
}

#[tokio::test]
async fn a_large_report_arrives_piece_by_piece_and_comes_back_whole() {
    // 20 MB: in a bucket (under scripts/with-s3) it goes in parts, not read whole.
    let server = start().await;
    let tech = Client::new(&server, "josue").await;
    let pdf = [b"%PDF-1.7\n".as_slice(), &photo(20 * 1024 * 1024, 9)].concat();
    let hash = sha(&pdf);
    let total = pdf.len() as u64;
    let mut at = 0;
    for piece in pdf.chunks(campo_server::blobs::MAX_PIECE) {
        let s = tech
            .http
            .put_blob(&hash, at, total, "application/pdf", piece.to_vec())
            .await
            .unwrap();
        at += piece.len() as u64;
        assert_eq!(s.received, at);
    }
    assert_eq!(files_in(&server).await, 1, "kept whole, no partial left");
    let office = Client::new(&server, "mariana").await;
    let back = office.http.get_blob(&hash).await.unwrap();
    assert_eq!(back.len(), pdf.len());
    assert!(back == pdf, "the same bytes");
}
