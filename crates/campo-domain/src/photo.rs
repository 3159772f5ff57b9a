//! Photos of a visit and the files behind them: the limits a photo and a stored file (a
//! *blob*, named by the SHA-256 of its bytes) are held to on the device and on the server,
//! what a photo proves (a piece of equipment, a checklist item), and why one is refused — in
//! words, pt-BR and English.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Lang, Localized};

/// The largest file a person may pick as a photo (a camera's original; it is compressed
/// before it is kept).
pub const MAX_PHOTO_INPUT_BYTES: u64 = 40 * 1024 * 1024;
/// The largest photo file the server accepts (photos leave the device well under 1 MB).
pub const MAX_BLOB_BYTES: u64 = 4 * 1024 * 1024;
/// A visit report kept on its order (a PDF, its photos in it).
pub const REPORT_MIME: &str = "application/pdf";
/// The largest report file the server accepts (every photo an order may have, and room).
pub const MAX_REPORT_BYTES: u64 = 48 * 1024 * 1024;
/// The types of stored file the server accepts.
pub const BLOB_TYPES: [&str; 2] = ["image/jpeg", REPORT_MIME];

/// The largest stored file of type `mime` the server accepts; `None` for a type it refuses.
pub fn max_blob_bytes(mime: &str) -> Option<u64> {
    match mime {
        "image/jpeg" => Some(MAX_BLOB_BYTES),
        REPORT_MIME => Some(MAX_REPORT_BYTES),
        _ => None,
    }
}
/// A kept photo's longer side, in pixels.
pub const PHOTO_LONG_EDGE: u32 = 1920;
/// A kept photo's most bytes (it is compressed until it fits).
pub const MAX_PHOTO_BYTES: usize = 1_000_000;
/// The most pixels a picked image may have (more is a mistake or a trap, not a photo).
pub const MAX_PHOTO_PIXELS: u64 = 100_000_000;
/// At most this many photos on one order.
pub const MAX_PHOTOS_PER_ORDER: usize = 30;
/// The longest caption.
pub const MAX_CAPTION: usize = 200;

/// What a photo proves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "what", rename_all = "camelCase")]
pub enum PhotoSubject {
    /// A unit of equipment left at the customer's (its label, its signal level).
    Equipment {
        /// The unit's serial.
        serial: String,
    },
    /// An item of the activation checklist.
    Checklist {
        /// The item's key in its template.
        item: String,
        /// The item's title, as the template names it.
        title: String,
    },
}

/// Where a photo was taken, as its camera recorded it (WGS 84 degrees).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GeoPoint {
    /// Latitude, −90 to 90.
    pub lat: f64,
    /// Longitude, −180 to 180.
    pub lon: f64,
}

impl GeoPoint {
    /// Whether it is a place on Earth (finite, in range).
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }
}

/// The name of a stored file: the SHA-256 of `bytes`, lowercase hex.
pub fn blob_hash(bytes: &[u8]) -> String {
    let mut hasher = BlobHasher::default();
    hasher.update(bytes);
    hasher.finish()
}

/// A stored file's name, computed as its bytes go by (a file read back piece by piece is
/// never held whole); `std::io::copy` can write into it.
#[derive(Debug, Clone, Default)]
pub struct BlobHasher(sha2::Sha256);

impl BlobHasher {
    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        sha2::Digest::update(&mut self.0, bytes);
    }

    /// The name of everything added: lowercase hex.
    pub fn finish(self) -> String {
        use std::fmt::Write as _;
        let digest = sha2::Digest::finalize(self.0);
        let mut out = String::with_capacity(64);
        for b in digest {
            let _ = write!(out, "{b:02x}");
        }
        out
    }
}

impl std::io::Write for BlobHasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether `hash` names a blob: 64 lowercase hexadecimal digits (SHA-256).
pub fn is_blob_hash(hash: &str) -> bool {
    hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Why a photo cannot be kept, or a stored file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// The file is larger than a photo can be.
    #[error("O arquivo tem {mb} MB: uma foto pode ter até {max} MB")]
    TooLarge {
        /// Its size, in whole megabytes.
        mb: u64,
        /// The limit, in megabytes.
        max: u64,
    },
    /// The file is not an image Campo reads (JPEG, PNG, WebP).
    #[error("O arquivo não é uma foto (JPEG, PNG ou WebP)")]
    NotAnImage,
    /// The image has more pixels than a camera makes.
    #[error("A imagem tem pixels demais: uma foto pode ter até 100 megapixels")]
    Huge,
    /// The order has as many photos as it may.
    #[error("A ordem já tem {max} fotos")]
    TooMany {
        /// The limit.
        max: usize,
    },
    /// Photos are taken at the visit.
    #[error("As fotos são da visita: com a ordem em deslocamento, em execução ou concluída")]
    NotNow,
    /// The photo's file is not on this device (it has not arrived from the server yet).
    #[error("A foto ainda não chegou a este computador: sincronize e tente de novo")]
    NotHere,
    /// The kept report's file is not on this device and the server did not give it.
    #[error("O relatório guardado ainda não chegou a este computador: conecte-se e tente de novo")]
    ReportNotHere,
    /// A report larger than the server keeps.
    #[error("O relatório tem {mb} MB: o servidor guarda relatórios de até {max} MB")]
    ReportTooLarge {
        /// Its size, in whole megabytes.
        mb: u64,
        /// The limit, in megabytes.
        max: u64,
    },
}

impl Localized for PhotoError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                PhotoError::TooLarge { mb, max } => {
                    format!("The file is {mb} MB: a photo may be up to {max} MB")
                }
                PhotoError::NotAnImage => "The file is not a photo (JPEG, PNG or WebP)".into(),
                PhotoError::Huge => {
                    "The image has too many pixels: a photo may have up to 100 megapixels".into()
                }
                PhotoError::TooMany { max } => format!("The order already has {max} photos"),
                PhotoError::NotNow => {
                    "Photos belong to the visit: with the order en route, in progress or done"
                        .into()
                }
                PhotoError::NotHere => {
                    "The photo has not reached this computer yet: sync and try again".into()
                }
                PhotoError::ReportNotHere => {
                    "The kept report has not reached this computer yet: connect and try again"
                        .into()
                }
                PhotoError::ReportTooLarge { mb, max } => {
                    format!("The report is {mb} MB: the server keeps reports of up to {max} MB")
                }
            },
        }
    }
}

/// Refuses a picked file larger than a photo can be.
pub fn check_input_size(bytes: u64) -> Result<(), PhotoError> {
    if bytes > MAX_PHOTO_INPUT_BYTES {
        return Err(PhotoError::TooLarge {
            mb: bytes.div_ceil(1024 * 1024),
            max: MAX_PHOTO_INPUT_BYTES / (1024 * 1024),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_is_named_by_a_sha256_in_lowercase_hex() {
        assert!(is_blob_hash(&"a1".repeat(32)));
        assert!(!is_blob_hash(&"A1".repeat(32)));
        assert!(!is_blob_hash(&"a1".repeat(31)));
        assert!(!is_blob_hash("../../etc/passwd"));
    }

    #[test]
    fn a_file_too_large_is_refused_with_its_size() {
        assert_eq!(check_input_size(MAX_PHOTO_INPUT_BYTES), Ok(()));
        let e = check_input_size(200 * 1024 * 1024).expect_err("200 MB");
        assert_eq!(
            e.message(Lang::PtBr),
            "O arquivo tem 200 MB: uma foto pode ter até 40 MB"
        );
        assert_eq!(
            e.message(Lang::En),
            "The file is 200 MB: a photo may be up to 40 MB"
        );
    }
}
