//! A camera's photo becomes a small upright JPEG without its metadata; anything else is
//! refused by name.

use campo_domain::Localized;
use campo_domain::photo::{MAX_PHOTO_BYTES, PHOTO_LONG_EDGE, PhotoError};
use campo_fixtures::photos::camera_jpeg;

#[test]
fn a_camera_photo_is_turned_upright_resized_and_stripped_of_its_exif() {
    // Turned a quarter (orientation 6): the sensor's 2400×1800 is a 1800×2400 portrait.
    let file = camera_jpeg(2400, 1800, 6);
    assert!(
        file.windows(6).any(|w| w == b"Exif\0\0"),
        "the sample carries EXIF"
    );
    let kept = campo_photo::prepare(&file).expect("a photo");
    assert_eq!((kept.width, kept.height), (1440, PHOTO_LONG_EDGE));
    assert!(
        kept.bytes.len() <= MAX_PHOTO_BYTES,
        "{} bytes",
        kept.bytes.len()
    );
    assert!(kept.bytes.starts_with(&[0xff, 0xd8]), "a JPEG");
    assert!(
        !kept.bytes.windows(6).any(|w| w == b"Exif\0\0"),
        "no EXIF (no location) left"
    );
    // The position is read out as data, never left in the file.
    let at = kept.location.expect("the camera's GPS position");
    let (lat, lon) = campo_fixtures::photos::CAMERA_AT;
    assert!(
        (at.lat - lat).abs() < 1e-6 && (at.lon - lon).abs() < 1e-6,
        "{at:?}"
    );
    assert_eq!(kept.hash, campo_domain::photo::blob_hash(&kept.bytes));
    assert_eq!(kept.hash.len(), 64);
    // The same file gives the same photo: one stored file however often it is picked.
    assert_eq!(campo_photo::prepare(&file).expect("again"), kept);
}

#[test]
fn a_small_upright_photo_keeps_its_size() {
    let kept = campo_photo::prepare(&camera_jpeg(800, 600, 1)).expect("a photo");
    assert_eq!((kept.width, kept.height), (800, 600));
}

#[test]
fn what_is_not_a_photo_is_refused_by_name() {
    let e = campo_photo::prepare(b"%PDF-1.7 not a photo at all").expect_err("a PDF");
    assert_eq!(e, PhotoError::NotAnImage);
    assert_eq!(
        e.message(campo_domain::Lang::PtBr),
        "O arquivo não é uma foto (JPEG, PNG ou WebP)"
    );
    let big = vec![0u8; 41 * 1024 * 1024];
    assert_eq!(
        campo_photo::prepare(&big),
        Err(PhotoError::TooLarge { mb: 41, max: 40 })
    );
}
