//! The report as a person sees it: rendered to an image and read back as text by poppler
//! (`pdftoppm`, `pdftotext`, installed by `scripts/bootstrap --test`).

use std::path::Path;
use std::process::Command;

use campo_pdf::{Photo, Photos, Report, Section, Signature, render};

fn report(lines: usize) -> Report {
    Report {
        title: "Relatório de visita · OS 000123".into(),
        subtitle: Some("Provedor Exemplo Ltda · CNPJ 12.345.678/0001-95".into()),
        sections: vec![
            Section {
                heading: "Cliente".into(),
                lines: vec![
                    ("Nome".into(), "Maria da Conceição Araújo".into()),
                    (
                        "Endereço".into(),
                        "Rua da Aurora, 10 – Boa Vista · Recife/PE".into(),
                    ),
                ],
            },
            Section {
                heading: "Equipamentos em comodato".into(),
                lines: (0..lines)
                    .map(|i| {
                        (
                            format!("ONU {i}"),
                            format!("Série HWTC{i:08} · MAC 00:1A:2B:3C:4D:{:02X}", i % 256),
                        )
                    })
                    .collect(),
            },
        ],
        photos: None,
        signature: Some(Signature {
            heading: "Assinatura do cliente".into(),
            strokes: vec![(0..60).map(|i| [20 + i * 9, 60 + (i % 10) * 8]).collect()],
            width: 600,
            height: 200,
            caption: vec!["Maria da Conceição Araújo · Titular do contrato".into()],
        }),
        footer: "Campo · página".into(),
    }
}

fn poppler(tool: &str, args: &[&str]) {
    let status = Command::new(tool).args(args).status().unwrap_or_else(|e| {
        panic!("{tool} is needed (scripts/bootstrap --test installs poppler-utils): {e}")
    });
    assert!(status.success(), "{tool} {args:?}");
}

/// A page rendered by `pdftoppm` (`P5` grey with `-gray`, `P6` colour): width, height,
/// pixels.
fn page(path: &Path) -> (usize, usize, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert!(fields[0] == "P5" || fields[0] == "P6");
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[at + 1..].to_vec())
}

#[test]
fn the_report_reads_as_written_and_the_signature_is_drawn_where_it_belongs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("visita.pdf");
    std::fs::write(&file, render(&report(3))).unwrap();

    let text = dir.path().join("visita.txt");
    poppler(
        "pdftotext",
        &["-layout", file.to_str().unwrap(), text.to_str().unwrap()],
    );
    let words = std::fs::read_to_string(&text).unwrap();
    for expected in [
        "Relatório de visita · OS 000123",
        "Maria da Conceição Araújo",
        "Rua da Aurora, 10 – Boa Vista · Recife/PE",
        "Série HWTC00000002",
        "Titular do contrato",
        "Campo · página 1 / 1",
    ] {
        assert!(words.contains(expected), "{expected:?} not in:\n{words}");
    }

    // At 72 dpi a pixel is a point: the signature's box starts at the left margin (50 pt)
    // and is 300 pt wide; the page's right margin stays blank.
    let out = dir.path().join("page");
    poppler(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "72",
            file.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    let (w, h, pixels) = page(&dir.path().join("page-1.pgm"));
    assert_eq!((w, h), (595, 842));
    let ink = |x0: usize, x1: usize, y0: usize, y1: usize| {
        (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| pixels[y * w + x] < 128)
            .count()
    };
    // The signature: the same report without its strokes differs only inside the box.
    let mut unsigned = report(3);
    if let Some(sign) = unsigned.signature.as_mut() {
        sign.strokes.clear();
    }
    let blank = dir.path().join("blank.pdf");
    std::fs::write(&blank, render(&unsigned)).unwrap();
    let out = dir.path().join("blank");
    poppler(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "72",
            blank.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    let (_, _, without) = page(&dir.path().join("blank-1.pgm"));
    let differ: Vec<usize> = (0..w * h).filter(|&i| pixels[i] != without[i]).collect();
    assert!(
        differ.len() > 300,
        "the strokes drawn: {} pixels",
        differ.len()
    );
    assert!(
        differ.iter().all(|&i| (45..=355).contains(&(i % w))),
        "the strokes stay in their 300 pt box from the left margin"
    );
    assert_eq!(ink(w - 45, w, 0, h), 0, "nothing in the right margin");
    assert_eq!(ink(0, 45, 0, h), 0, "nothing in the left margin");
}

#[test]
fn a_long_report_goes_on_to_more_pages_and_is_the_same_bytes_each_time() {
    let long = report(120);
    let bytes = render(&long);
    assert_eq!(bytes, render(&long), "no date nor random id in the file");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("longo.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let text = dir.path().join("longo.txt");
    poppler(
        "pdftotext",
        &[file.to_str().unwrap(), text.to_str().unwrap()],
    );
    let words = std::fs::read_to_string(&text).unwrap();
    assert!(words.contains("Campo · página 3 / 3"), "{words}");
    assert!(words.contains("Série HWTC00000119"));
    assert!(words.contains("Titular do contrato"));
}

/// A JPEG of one colour.
fn solid(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    use image::ImageEncoder;
    let pixels: Vec<u8> = (0..width * height).flat_map(|_| rgb).collect();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(&pixels, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

#[test]
fn photos_are_shown_two_to_a_row_with_their_captions() {
    let mut r = report(2);
    r.photos = Some(Photos {
        heading: "Fotos".into(),
        photos: vec![
            Photo {
                jpeg: solid(400, 300, [220, 20, 20]),
                width: 400,
                height: 300,
                caption: vec!["Sinal da ONU · -18,5 dBm".into()],
            },
            Photo {
                jpeg: solid(300, 400, [20, 20, 220]),
                width: 300,
                height: 400,
                caption: vec!["Etiqueta do roteador".into()],
            },
        ],
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fotos.pdf");
    std::fs::write(&file, render(&r)).unwrap();
    let text = dir.path().join("fotos.txt");
    poppler(
        "pdftotext",
        &[file.to_str().unwrap(), text.to_str().unwrap()],
    );
    let words = std::fs::read_to_string(&text).unwrap();
    for expected in ["Fotos", "Sinal da ONU · -18,5 dBm", "Etiqueta do roteador"] {
        assert!(words.contains(expected), "{expected:?} not in:\n{words}");
    }
    let out = dir.path().join("page");
    poppler(
        "pdftoppm",
        &["-r", "72", file.to_str().unwrap(), out.to_str().unwrap()],
    );
    let (w, h, pixels) = page(&dir.path().join("page-1.ppm"));
    let count = |x0: usize, x1: usize, is: &dyn Fn(&[u8]) -> bool| {
        (0..h)
            .flat_map(|y| (x0..x1).map(move |x| (y * w + x) * 3))
            .filter(|&i| is(&pixels[i..i + 3]))
            .count()
    };
    let red = |p: &[u8]| p[0] > 180 && p[1] < 80 && p[2] < 80;
    let blue = |p: &[u8]| p[2] > 180 && p[0] < 80 && p[1] < 80;
    // The first photo fills the left half's width (237 pt × 178 pt), the second the right
    // half's height limit; none crosses the middle.
    assert!(
        count(0, w / 2, &red) > 30_000,
        "the first photo on the left"
    );
    assert_eq!(count(w / 2, w, &red), 0);
    assert!(
        count(w / 2, w, &blue) > 20_000,
        "the second photo on the right"
    );
    assert_eq!(count(0, w / 2, &blue), 0);
}
