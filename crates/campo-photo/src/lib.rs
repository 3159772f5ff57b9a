//! Photos as Campo keeps them. A picked file (a phone's or a camera's JPEG, a PNG, a WebP) is
//! read, turned upright as its EXIF orientation says, resized so its longer side is at most
//! [`PHOTO_LONG_EDGE`] pixels and encoded again as a JPEG, lowering the quality until it fits
//! [`MAX_PHOTO_BYTES`]. The new file carries none of the original's metadata: no EXIF, so no
//! location, no camera serial. Where the camera recorded its position, it is read out as data
//! ([`Prepared::location`]) for a provider that wants it kept beside the photo. It is named by the SHA-256 of its bytes ([`hash`]), which is
//! how it travels and is stored, once, on every device and on the server.
//!
//! Pure computation: bytes in, bytes out; the caller reads and writes files.

use std::io::Cursor;

use campo_domain::photo::{
    GeoPoint, MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, PHOTO_LONG_EDGE, PhotoError, blob_hash,
    check_input_size,
};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

/// The media type of every kept photo.
pub const PHOTO_MIME: &str = "image/jpeg";

/// A photo ready to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The JPEG's bytes.
    pub bytes: Vec<u8>,
    /// Their SHA-256, lowercase hex.
    pub hash: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Where the camera says it was taken (its EXIF GPS position), if it says.
    pub location: Option<GeoPoint>,
}

/// Reads a picked file and makes the photo Campo keeps of it (see the module's docs).
pub fn prepare(file: &[u8]) -> Result<Prepared, PhotoError> {
    check_input_size(file.len() as u64)?;
    let (image, location) = decode(file)?;
    let (w, h) = (image.width(), image.height());
    let image = if w.max(h) > PHOTO_LONG_EDGE {
        image.resize(PHOTO_LONG_EDGE, PHOTO_LONG_EDGE, FilterType::Triangle)
    } else {
        image
    };
    let mut rgb = DynamicImage::ImageRgb8(image.into_rgb8());
    for quality in [82u8, 72, 62, 50, 40] {
        let bytes = encode(&rgb, quality)?;
        if bytes.len() <= MAX_PHOTO_BYTES {
            return Ok(Prepared {
                hash: blob_hash(&bytes),
                width: rgb.width(),
                height: rgb.height(),
                bytes,
                location,
            });
        }
    }
    // Noise no quality level fits: a smaller picture does.
    loop {
        let side = rgb.width().max(rgb.height()) * 3 / 4;
        rgb = rgb.resize(side, side, FilterType::Triangle);
        let bytes = encode(&rgb, 50)?;
        if bytes.len() <= MAX_PHOTO_BYTES || side < 64 {
            return Ok(Prepared {
                hash: blob_hash(&bytes),
                width: rgb.width(),
                height: rgb.height(),
                bytes,
                location,
            });
        }
    }
}

/// The picture in `file`, upright, and the position its EXIF records.
fn decode(file: &[u8]) -> Result<(DynamicImage, Option<GeoPoint>), PhotoError> {
    let mut reader = ImageReader::new(Cursor::new(file))
        .with_guessed_format()
        .map_err(|_| PhotoError::NotAnImage)?;
    if reader.format().is_none() {
        return Err(PhotoError::NotAnImage);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(30_000);
    limits.max_image_height = Some(30_000);
    limits.max_alloc = Some(MAX_PHOTO_PIXELS * 4);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(read_error)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PHOTO_PIXELS {
        return Err(PhotoError::Huge);
    }
    let location = decoder
        .exif_metadata()
        .ok()
        .flatten()
        .and_then(|raw| gps(&raw));
    let orientation = decoder.orientation().map_err(read_error)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(read_error)?;
    image.apply_orientation(orientation);
    Ok((image, location))
}

/// The GPS position in a raw EXIF block (TIFF), if it holds a valid one.
fn gps(raw: &[u8]) -> Option<GeoPoint> {
    let exif = exif::Reader::new().read_raw(raw.to_vec()).ok()?;
    let degrees = |tag, reference, negative: &[u8]| -> Option<f64> {
        let field = exif.get_field(tag, exif::In::PRIMARY)?;
        let exif::Value::Rational(parts) = &field.value else {
            return None;
        };
        let [d, m, s] = parts.as_slice() else {
            return None;
        };
        let value = d.to_f64() + m.to_f64() / 60.0 + s.to_f64() / 3600.0;
        let sign = match exif
            .get_field(reference, exif::In::PRIMARY)
            .map(|f| &f.value)
        {
            Some(exif::Value::Ascii(words))
                if words.first().is_some_and(|w| w.as_slice() == negative) =>
            {
                -1.0
            }
            _ => 1.0,
        };
        Some(sign * value)
    };
    let point = GeoPoint {
        lat: degrees(exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef, b"S")?,
        lon: degrees(exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef, b"W")?,
    };
    point.is_valid().then_some(point)
}

fn read_error(e: image::ImageError) -> PhotoError {
    match e {
        image::ImageError::Limits(_) => PhotoError::Huge,
        _ => PhotoError::NotAnImage,
    }
}

fn encode(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .map_err(|_| PhotoError::NotAnImage)?;
    Ok(out)
}
