//! Photos as a camera makes them, for tests and benchmarks: a JPEG of any size with texture
//! (so it compresses like a real photo, not like a flat colour), carrying an EXIF block with
//! an orientation and a GPS position ([`CAMERA_AT`], in Recife) — what Campo must turn upright
//! and strip (keeping the position as data only where the provider wants it).

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, RgbImage};

/// Where [`camera_jpeg`]'s EXIF says the photo was taken: 8°2′51.36″ S, 34°52′37.2″ W.
pub const CAMERA_AT: (f64, f64) = (
    -(8.0 + 2.0 / 60.0 + 51.36 / 3600.0),
    -(34.0 + 52.0 / 60.0 + 37.2 / 3600.0),
);

/// A camera's JPEG of `width` × `height` pixels (quality 92), whose EXIF says `orientation`
/// (1 upright, 6 turned a quarter clockwise …) and holds a GPS position ([`CAMERA_AT`]).
pub fn camera_jpeg(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let mut seed: u32 = 0x9e37_79b9;
    let img = RgbImage::from_fn(width, height, |x, y| {
        // A gradient with a grain: the kind of detail a photo of a wall and an ONU has.
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed & 0x1f) as u8;
        let r = ((x * 255 / width.max(1)) as u8).saturating_add(grain);
        let g = ((y * 255 / height.max(1)) as u8).saturating_add(grain / 2);
        let b = (((x / 40 + y / 40) % 2) as u8 * 120).saturating_add(grain);
        image::Rgb([r, g, b])
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 92)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .expect("encode a sample photo");
    with_exif(&jpeg, orientation)
}

/// `jpeg` with an EXIF segment (orientation, GPS) right after its start marker.
fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II\x2a\x00");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    // IFD0: orientation and the GPS IFD's place.
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&u32::from(orientation).to_le_bytes());
    tiff.extend_from_slice(&0x8825u16.to_le_bytes());
    tiff.extend_from_slice(&4u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&38u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD at 38: four entries, its rationals after it (at 92 and 116).
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: &[u8; 4]| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(value);
    };
    tiff.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut tiff, 0x0001, 2, 2, b"S\0\0\0");
    entry(&mut tiff, 0x0002, 5, 3, &92u32.to_le_bytes());
    entry(&mut tiff, 0x0003, 2, 2, b"W\0\0\0");
    entry(&mut tiff, 0x0004, 5, 3, &116u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (n, d) in [
        (8u32, 1u32),
        (2, 1),
        (5136, 100),
        (34, 1),
        (52, 1),
        (3720, 100),
    ] {
        tiff.extend_from_slice(&n.to_le_bytes());
        tiff.extend_from_slice(&d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let len = u16::try_from(app1.len() + 2).expect("a small segment");
    let mut out = Vec::with_capacity(jpeg.len() + app1.len() + 4);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}
