//! A file as a table: its header and its rows of text cells, whatever it came as — CSV
//! separated by `;`, `,` or tabs, in UTF-8 (with or without BOM), UTF-16 or Latin-1
//! (Windows-1252), or an Excel workbook (XLSX, first sheet). Numbers and dates of a workbook
//! become the text a person would have typed (`1234`, `25/03/2024`).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde::Serialize;
use ts_rs::TS;

/// The most bytes a file may have (a real provider's 100,000 customers fit in ~30 MB).
pub const MAX_BYTES: usize = 200 * 1024 * 1024;
/// The most characters one cell may hold; longer is a problem named by its cell.
pub const MAX_CELL: usize = 2_000;

/// A file read as a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The first row's cells, trimmed.
    pub headers: Vec<String>,
    /// Every other non-empty row.
    pub rows: Vec<Row>,
    /// How the file was read (for the preview).
    pub format: Format,
}

/// One row of a table: its cells kept end to end in one piece of text (a file of 300,000
/// rows is held while it is checked and written; a string per cell would triple its memory).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its line in the file (the header is line 1), as a spreadsheet shows it.
    pub line: usize,
    /// The cells, one after the other.
    text: Box<str>,
    /// Where each cell ends in `text`.
    ends: Box<[u32]>,
}

impl Row {
    /// A row at `line` with these cells, as given.
    pub fn new<S: AsRef<str>>(line: usize, cells: impl IntoIterator<Item = S>) -> Row {
        let mut text = String::new();
        let mut ends = Vec::new();
        for cell in cells {
            text.push_str(cell.as_ref());
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Row {
            line,
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    /// The cell in column `col` (counted from 0), if the row has that many.
    pub fn cell(&self, col: usize) -> Option<&str> {
        let end = *self.ends.get(col)? as usize;
        let start = col
            .checked_sub(1)
            .and_then(|c| self.ends.get(c))
            .map_or(0, |&e| e as usize);
        self.text.get(start..end)
    }

    /// Its cells: a file's trimmed, at least as many as the header has (missing ones empty);
    /// an ERP connector's as it built them.
    pub fn cells(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.ends.len()).map(|c| self.cell(c).unwrap_or(""))
    }
}

/// How a file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// CSV in UTF-8.
    CsvUtf8,
    /// CSV in UTF-16.
    CsvUtf16,
    /// CSV in Latin-1 / Windows-1252.
    CsvLatin1,
    /// An Excel workbook.
    Xlsx,
    /// Records read from an ERP's API (a connector builds the table).
    Erp,
}

/// Why a file cannot be read as a table at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FileError {
    /// Nothing in it, or only a header.
    #[error("the file has no rows")]
    Empty,
    /// Bigger than [`MAX_BYTES`].
    #[error("the file is larger than {max_mb} MB")]
    TooLarge {
        /// The limit, MB.
        max_mb: u32,
    },
    /// Not text and not a workbook (an image, a PDF, an old .xls…).
    #[error("the file is neither CSV nor XLSX")]
    NotATable,
    /// A workbook calamine could not open.
    #[error("the spreadsheet could not be opened")]
    BadSpreadsheet,
    /// A workbook whose first sheet has merged cells (the rows would not line up).
    #[error("the spreadsheet has merged cells at {cells}")]
    MergedCells {
        /// The first merged range, as a spreadsheet names it (`A1:C1`).
        cells: String,
    },
    /// CSV whose quotes never close or whose rows cannot be split.
    #[error("line {line} cannot be read as CSV")]
    BadCsv {
        /// The line.
        line: usize,
    },
}

/// Reads `bytes` as a table.
pub fn read(bytes: &[u8]) -> Result<Table, FileError> {
    if bytes.len() > MAX_BYTES {
        return Err(FileError::TooLarge {
            max_mb: (MAX_BYTES / (1024 * 1024)) as u32,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    let (text, format) = decode(bytes)?;
    read_csv(&text, format)
}

/// The text of a CSV file and the encoding it was in.
fn decode(bytes: &[u8]) -> Result<(String, Format), FileError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| (t.to_owned(), Format::CsvUtf8))
            .map_err(|_| FileError::NotATable);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(bytes);
        if bad {
            return Err(FileError::NotATable);
        }
        return Ok((text.into_owned(), Format::CsvUtf16));
    }
    // Binary files (images, PDFs, old .xls) carry NUL bytes; text never does.
    if bytes.iter().take(64 * 1024).any(|&b| b == 0) {
        return Err(FileError::NotATable);
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok((t.to_owned(), Format::CsvUtf8)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), Format::CsvLatin1))
        }
    }
}

/// The separator the header line uses most: `;` (Brazilian spreadsheets), `,` or tab.
fn separator(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.matches(c).count();
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|&s| (count(s as char), s == b';'))
        .unwrap_or(b';')
}

fn read_csv(text: &str, format: Format) -> Result<Table, FileError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| FileError::BadCsv {
            line: e.position().map_or(0, |p| p.line() as usize),
        })?
    {
        let line = record.position().map_or(0, |p| p.line() as usize);
        lines.push(Row::new(line, record.iter().map(str::trim)));
    }
    build(lines, format)
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, FileError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| FileError::BadSpreadsheet)?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(FileError::Empty)?;
    if let Some(Ok(merged)) = book.worksheet_merge_cells(&sheet)
        && let Some(first) = merged.first()
    {
        return Err(FileError::MergedCells {
            cells: format!(
                "{}:{}",
                cell_name(first.start.0, first.start.1),
                cell_name(first.end.0, first.end.1)
            ),
        });
    }
    let range = book
        .worksheet_range(&sheet)
        .map_err(|_| FileError::BadSpreadsheet)?;
    let top = range.start().map_or(0, |(r, _)| r as usize);
    let lines = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let line = top + i + 1;
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            Row::new(line, cells.iter().map(|c| c.trim()))
        })
        .collect();
    build(lines, Format::Xlsx)
}

/// A cell's name as a spreadsheet shows it: row 0, column 2 → `C1`.
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col as usize), row + 1)
}

/// A column's letters: 0 → `A`, 26 → `AA`.
pub fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// What a person would have typed into a workbook's cell.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "sim" } else { "não" }.to_owned(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%d/%m/%Y").to_string(),
            Some(t) => t.format("%d/%m/%Y %H:%M").to_string(),
            None => d.as_f64().to_string(),
        },
    }
}

/// The header and the non-empty rows (their cells trimmed by the reader), every row at
/// least as wide as the header.
fn build(lines: Vec<Row>, format: Format) -> Result<Table, FileError> {
    let mut lines = lines
        .into_iter()
        .filter(|row| row.cells().any(|c| !c.is_empty()));
    let headers: Vec<String> = lines
        .next()
        .ok_or(FileError::Empty)?
        .cells()
        .map(str::to_owned)
        .collect();
    let width = headers.len();
    let rows: Vec<Row> = lines
        .map(|row| {
            if row.ends.len() >= width {
                return row;
            }
            let missing = width - row.ends.len();
            let end = row.ends.last().copied().unwrap_or(0);
            let mut ends = row.ends.into_vec();
            ends.extend(std::iter::repeat_n(end, missing));
            Row {
                ends: ends.into_boxed_slice(),
                ..row
            }
        })
        .collect();
    if rows.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(Table {
        headers,
        rows,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_rows_are_as_wide_as_the_header_and_cells_are_trimmed() {
        let t = read("a;b;c\n x ;\n1;2;3;4\n;;é\n".as_bytes()).unwrap();
        let rows: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells().collect()).collect();
        assert_eq!(
            rows,
            [
                vec!["x", "", ""],
                vec!["1", "2", "3", "4"],
                vec!["", "", "é"]
            ]
        );
        assert_eq!(t.rows[0].cell(2), Some(""));
        assert_eq!(t.rows[0].cell(3), None);
        assert_eq!(t.rows[1].cell(3), Some("4"));
    }

    #[test]
    fn semicolons_commas_and_tabs_are_told_apart() {
        for text in ["a;b\n1;2\n", "a,b\n1,2\n", "a\tb\n1\t2\n"] {
            let t = read(text.as_bytes()).unwrap();
            assert_eq!(t.headers, ["a", "b"]);
            assert_eq!(t.rows[0].cells().collect::<Vec<_>>(), ["1", "2"]);
            assert_eq!(t.rows[0].line, 2);
        }
    }

    #[test]
    fn latin1_is_read_as_latin1_and_a_bom_is_dropped() {
        let latin1 = b"Nome;Cidade\nJo\xe3o;S\xe3o Paulo\n";
        let t = read(latin1).unwrap();
        assert_eq!(t.format, Format::CsvLatin1);
        assert_eq!(t.rows[0].cells().collect::<Vec<_>>(), ["João", "São Paulo"]);
        let t = read("\u{feff}Nome;Cidade\nJoão;Recife\n".as_bytes()).unwrap();
        assert_eq!(t.headers[0], "Nome");
        assert_eq!(t.format, Format::CsvUtf8);
    }

    #[test]
    fn quoted_cells_keep_their_separators_and_lines_count_from_the_file() {
        let t = read("Nome;Obs\n\"Silva; Maria\";\"linha 1\nlinha 2\"\n\n;\nAna;x\n".as_bytes())
            .unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cell(0), Some("Silva; Maria"));
        assert_eq!(t.rows[1].line, 6);
    }

    #[test]
    fn what_is_not_a_table_is_named() {
        assert_eq!(read(b""), Err(FileError::Empty));
        assert_eq!(read(b"Nome;CPF\n"), Err(FileError::Empty));
        assert_eq!(read(b"\x89PNG\r\n\x1a\n\0\0\0"), Err(FileError::NotATable));
        assert_eq!(read(b"PK\x03\x04garbage"), Err(FileError::BadSpreadsheet));
    }

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(cell_name(0, 2), "C1");
    }
}
