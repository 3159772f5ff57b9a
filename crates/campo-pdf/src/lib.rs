//! Campo's PDF documents, drawn from plain data with no I/O: a report is a title, sections of
//! labelled lines (long values wrapped), photos (JPEG files embedded as they are, two to a
//! row, each with its caption), and optionally the customer's signature as the strokes they
//! drew. A4 pages, the PDF standard fonts (Helvetica, WinAnsi encoding: every
//! letter of Portuguese), page numbers in the footer. Nothing in the file depends on when or
//! where it is made (no dates, no random ids), so the same order gives the same bytes on
//! every device.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

/// A report to draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// The title ("Relatório de visita · OS 000123").
    pub title: String,
    /// A line under the title (the provider).
    pub subtitle: Option<String>,
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// Photos, after the sections, under their heading.
    pub photos: Option<Photos>,
    /// The customer's signature, drawn after the sections and the photos.
    pub signature: Option<Signature>,
    /// The footer's words before the page number ("Campo · página").
    pub footer: String,
}

/// A titled group of lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// Its heading.
    pub heading: String,
    /// Its lines: a label and a value (an empty label continues the value above).
    pub lines: Vec<(String, String)>,
}

/// Photos under a heading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Photos {
    /// Its heading.
    pub heading: String,
    /// The photos, in order.
    pub photos: Vec<Photo>,
}

/// A photo: an RGB JPEG file (embedded as it is) and lines under it. Without bytes, a frame
/// stands in its place (a photo whose file is not at hand) with the lines under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Photo {
    /// The JPEG's bytes (baseline or progressive, three colour components).
    pub jpeg: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Lines under it (caption, what it proves, who took it when).
    pub caption: Vec<String>,
}

/// A signature as drawn: strokes of points in a box of `width` × `height` units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signature {
    /// Its heading.
    pub heading: String,
    /// The strokes.
    pub strokes: Vec<Vec<[u16; 2]>>,
    /// The box's width, in the strokes' units.
    pub width: u16,
    /// The box's height.
    pub height: u16,
    /// Lines under it (who signed, their relation, when).
    pub caption: Vec<String>,
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const VALUE_X: f32 = 190.0;
const BODY: f32 = 10.0;
const LEADING: f32 = 14.0;
/// The signature's box on the page, in points.
const SIGN_W: f32 = 300.0;
/// The gap between two photos of a row, in points.
const PHOTO_GAP: f32 = 20.0;
/// A photo's most height on the page, in points.
const PHOTO_MAX_H: f32 = 250.0;

/// Text in the standard fonts' WinAnsi encoding: Latin-1 letters as they are, the usual
/// typographic marks mapped, anything else as `?`.
pub fn winansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u8,
            '€' => 0x80,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// Helvetica's width of `text` at `size`, in points (an average glyph width: wrapping errs
/// on the short side).
fn width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.28,
            'f' | 't' | 'r' | 'I' | '(' | ')' | '-' | '/' => 0.36,
            'm' | 'w' | 'M' | 'W' => 0.86,
            c if c.is_uppercase() || c.is_ascii_digit() => 0.67,
            _ => 0.56,
        })
        .sum::<f32>()
        * size
}

/// `text` cut into lines at most `room` points wide, at spaces (a word longer than the line
/// is cut where it must).
fn wrap(text: &str, size: f32, room: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let tried = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(&tried, size) <= room {
            line = tried;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word.to_owned();
        while width(&rest, size) > room {
            let mut cut = String::new();
            for c in rest.chars() {
                if width(&format!("{cut}{c}"), size) > room {
                    break;
                }
                cut.push(c);
            }
            if cut.is_empty() {
                break;
            }
            rest = rest[cut.len()..].to_owned();
            lines.push(cut);
        }
        line = rest;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The pages being drawn: each one's content and the photos it shows (indexes into the
/// report's photos), and where the next line goes.
struct Pages {
    done: Vec<(Content, Vec<usize>)>,
    page: Content,
    images: Vec<usize>,
    y: f32,
}

impl Pages {
    fn new() -> Self {
        Pages {
            done: Vec::new(),
            page: Content::new(),
            images: Vec::new(),
            y: PAGE_H - MARGIN,
        }
    }

    /// Room for `height` more points on this page, or a new page.
    fn room(&mut self, height: f32) {
        if self.y - height < MARGIN + 20.0 {
            let full = std::mem::replace(&mut self.page, Content::new());
            let images = std::mem::take(&mut self.images);
            self.done.push((full, images));
            self.y = PAGE_H - MARGIN;
        }
    }

    /// Photo `index` drawn `w` × `h` points with its top left corner at (`x`, `y`).
    fn image(&mut self, index: usize, x: f32, y: f32, w: f32, h: f32) {
        let name = format!("Im{index}");
        self.page
            .save_state()
            .transform([w, 0.0, 0.0, h, x, y - h])
            .x_object(Name(name.as_bytes()))
            .restore_state();
        self.images.push(index);
    }

    fn text(&mut self, x: f32, font: &[u8], size: f32, text: &str) {
        self.page
            .begin_text()
            .set_font(Name(font), size)
            .next_line(x, self.y)
            .show(Str(&winansi(text)))
            .end_text();
    }

    fn rule(&mut self) {
        self.page
            .set_stroke_gray(0.75)
            .set_line_width(0.5)
            .move_to(MARGIN, self.y)
            .line_to(PAGE_W - MARGIN, self.y)
            .stroke();
    }
}

/// The report as a PDF file.
pub fn render(report: &Report) -> Vec<u8> {
    let mut pages = Pages::new();
    pages.room(30.0);
    pages.text(MARGIN, b"F2", 16.0, &report.title);
    pages.y -= 18.0;
    if let Some(sub) = &report.subtitle {
        pages.text(MARGIN, b"F1", BODY, sub);
        pages.y -= LEADING;
    }
    pages.y -= 6.0;
    pages.rule();
    pages.y -= 20.0;

    for section in &report.sections {
        pages.room(LEADING * 3.0);
        pages.text(MARGIN, b"F2", 12.0, &section.heading);
        pages.y -= LEADING + 4.0;
        for (label, value) in &section.lines {
            let lines = wrap(value, BODY, PAGE_W - MARGIN - VALUE_X);
            pages.room(LEADING * lines.len().min(3) as f32);
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    pages.room(LEADING);
                }
                if i == 0 && !label.is_empty() {
                    let label = wrap(label, 9.0, VALUE_X - MARGIN - 8.0);
                    pages.text(MARGIN, b"F2", 9.0, &label[0]);
                }
                pages.text(VALUE_X, b"F1", BODY, line);
                pages.y -= LEADING;
            }
        }
        pages.y -= 10.0;
    }

    if let Some(photos) = &report.photos
        && !photos.photos.is_empty()
    {
        draw_photos(&mut pages, photos);
    }

    if let Some(sign) = &report.signature {
        let scale = SIGN_W / f32::from(sign.width.max(1));
        let height = f32::from(sign.height) * scale;
        pages.room(LEADING * 2.0 + height + LEADING * sign.caption.len() as f32);
        pages.text(MARGIN, b"F2", 12.0, &sign.heading);
        pages.y -= 8.0;
        let top = pages.y;
        pages
            .page
            .set_stroke_gray(0.0)
            .set_line_width(1.4)
            .set_line_cap(pdf_writer::types::LineCapStyle::RoundCap)
            .set_line_join(pdf_writer::types::LineJoinStyle::RoundJoin);
        for stroke in &sign.strokes {
            let point =
                |[x, y]: [u16; 2]| (MARGIN + f32::from(x) * scale, top - f32::from(y) * scale);
            let Some(first) = stroke.first() else {
                continue;
            };
            let (x, y) = point(*first);
            pages.page.move_to(x, y);
            if stroke.len() == 1 {
                pages.page.line_to(x + 0.3, y);
            }
            for p in &stroke[1..] {
                let (x, y) = point(*p);
                pages.page.line_to(x, y);
            }
            pages.page.stroke();
        }
        pages.y = top - height;
        pages
            .page
            .set_stroke_gray(0.4)
            .set_line_width(0.6)
            .move_to(MARGIN, pages.y)
            .line_to(MARGIN + SIGN_W, pages.y)
            .stroke();
        pages.y -= LEADING;
        for line in &sign.caption {
            pages.text(MARGIN, b"F1", BODY, line);
            pages.y -= LEADING;
        }
    }

    let Pages {
        mut done,
        page,
        images,
        ..
    } = pages;
    done.push((page, images));
    let photos = report
        .photos
        .as_ref()
        .map_or(&[][..], |p| p.photos.as_slice());
    write(done, photos, &report.footer)
}

/// The photos two to a row, each scaled into half the line's width (and at most
/// [`PHOTO_MAX_H`] high), its caption under it; a row that does not fit starts a page.
fn draw_photos(pages: &mut Pages, photos: &Photos) {
    let cell = (PAGE_W - 2.0 * MARGIN - PHOTO_GAP) / 2.0;
    let size = |p: &Photo| {
        if p.jpeg.is_empty() {
            return (cell, 60.0);
        }
        let (w, h) = (p.width.max(1) as f32, p.height.max(1) as f32);
        let scale = (cell / w).min(PHOTO_MAX_H / h);
        (w * scale, h * scale)
    };
    let captions = |p: &Photo| -> Vec<String> {
        p.caption
            .iter()
            .flat_map(|line| wrap(line, 8.0, cell))
            .collect()
    };
    pages.room(LEADING * 2.0 + PHOTO_MAX_H);
    pages.text(MARGIN, b"F2", 12.0, &photos.heading);
    pages.y -= LEADING;
    for (r, row) in photos.photos.chunks(2).enumerate() {
        let height = row
            .iter()
            .map(|p| size(p).1 + captions(p).len() as f32 * 10.0)
            .fold(0.0, f32::max);
        pages.room(height + 16.0);
        let top = pages.y;
        for (i, p) in row.iter().enumerate() {
            let index = r * 2 + i;
            let x = MARGIN + i as f32 * (cell + PHOTO_GAP);
            let (w, h) = size(p);
            if p.jpeg.is_empty() {
                pages
                    .page
                    .set_stroke_gray(0.6)
                    .set_line_width(0.8)
                    .rect(x, top - h, w, h)
                    .stroke();
            } else {
                pages.image(index, x, top, w, h);
            }
            let mut y = top - h - 10.0;
            for line in captions(p) {
                pages
                    .page
                    .begin_text()
                    .set_font(Name(b"F1"), 8.0)
                    .next_line(x, y)
                    .show(Str(&winansi(&line)))
                    .end_text();
                y -= 10.0;
            }
        }
        pages.y = top - height - 16.0;
    }
    pages.y -= 4.0;
}

/// The pages into a file: the catalogue, the page tree, the two fonts, the photos, each page
/// with its footer.
fn write(pages: Vec<(Content, Vec<usize>)>, photos: &[Photo], footer: &str) -> Vec<u8> {
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let first = 5;
    let total = pages.len();
    let ids: Vec<(Ref, Ref)> = (0..total)
        .map(|i| {
            let n = first + 2 * i32::try_from(i).unwrap_or(i32::MAX / 4);
            (Ref::new(n), Ref::new(n + 1))
        })
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(ids.iter().map(|(page, _)| *page))
        .count(i32::try_from(total).unwrap_or(i32::MAX));
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    let image_ids: Vec<Ref> = (0..photos.len())
        .map(|i| Ref::new(first + 2 * i32::try_from(total + i).unwrap_or(i32::MAX / 4)))
        .collect();
    for (photo, id) in photos.iter().zip(&image_ids) {
        if photo.jpeg.is_empty() {
            continue;
        }
        let mut image = pdf.image_xobject(*id, &photo.jpeg);
        image.filter(pdf_writer::Filter::DctDecode);
        image.width(i32::try_from(photo.width).unwrap_or(1));
        image.height(i32::try_from(photo.height).unwrap_or(1));
        image.color_space().device_rgb();
        image.bits_per_component(8);
        image.finish();
    }
    for (i, ((mut content, images), (page_id, content_id))) in
        pages.into_iter().zip(&ids).enumerate()
    {
        let words = format!("{footer} {} / {total}", i + 1);
        content
            .begin_text()
            .set_font(Name(b"F1"), 8.0)
            .next_line(PAGE_W - MARGIN - width(&words, 8.0), MARGIN - 20.0)
            .show(Str(&winansi(&words)))
            .end_text();
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*content_id);
        let mut resources = page.resources();
        resources
            .fonts()
            .pair(Name(b"F1"), regular)
            .pair(Name(b"F2"), bold);
        if !images.is_empty() {
            let mut objects = resources.x_objects();
            for index in images {
                let name = format!("Im{index}");
                objects.pair(Name(name.as_bytes()), image_ids[index]);
            }
        }
        resources.finish();
        page.finish();
        pdf.stream(*content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_letters_are_kept_and_the_rest_marked() {
        assert_eq!(winansi("Ação é já"), b"A\xe7\xe3o \xe9 j\xe1".to_vec());
        assert_eq!(winansi("日"), b"?".to_vec());
        assert_eq!(winansi("R$ 1 – 2"), b"R$ 1 \x96 2".to_vec());
    }

    #[test]
    fn long_values_wrap_within_the_line_and_long_words_are_cut() {
        let lines = wrap(&"palavra ".repeat(40), BODY, 200.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| width(l, BODY) <= 200.0));
        let cut = wrap(&"x".repeat(200), BODY, 100.0);
        assert!(cut.len() > 1 && cut.iter().all(|l| width(l, BODY) <= 100.0));
        assert_eq!(wrap("", BODY, 100.0), vec![String::new()]);
    }
}
