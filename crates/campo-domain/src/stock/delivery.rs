//! A supplier's delivery file (`sku;serial;mac`), read row by row: the units it brings, and
//! each row's problem in words.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::{StockError, parse_mac, parse_serial};
use crate::i18n::{Lang, Localized};

/// One data row of a supplier delivery file: SKU, serial, optional MAC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryRow {
    /// Line number in the file (1-based, counting the header).
    pub line: u32,
    /// SKU as in the catalogue.
    pub sku: String,
    /// Normalised serial.
    pub serial: String,
    /// Normalised MAC.
    pub mac: Option<String>,
}

/// A line of a delivery file that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// Line number in the file (1-based).
    pub line: u32,
    /// What is wrong, in the reader's language.
    pub message: String,
}

/// A delivery file read: the good rows and the refused ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryFile {
    /// Rows that parsed.
    pub rows: Vec<DeliveryRow>,
    /// Rows that did not, with the reason.
    pub errors: Vec<RowError>,
}

/// Reads a supplier delivery CSV: columns `sku`, `serial` and optionally `mac`, separated by
/// `;` or `,`, with a header row naming them (any order, any case) or, without a header, in
/// that order. Every row is checked: format, and a serial repeated within the file. Checks
/// against the catalogue and the ledger (unknown SKU, serial already registered) are the
/// store's, since they need the data.
pub fn parse_delivery_csv(text: &str, lang: Lang) -> DeliveryFile {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let mut out = DeliveryFile::default();
    let Some((first_no, first)) = lines.next() else {
        return out;
    };
    let sep = if first.contains(';') { ';' } else { ',' };
    let split = |l: &str| -> Vec<String> {
        l.split(sep)
            .map(|c| c.trim().trim_matches('"').trim().to_owned())
            .collect()
    };
    let head: Vec<String> = split(first).iter().map(|c| c.to_lowercase()).collect();
    let col = |name: &str| head.iter().position(|h| h == name);
    let (sku_at, serial_at, mac_at, data_first) = match (col("sku"), col("serial")) {
        (Some(s), Some(n)) => (s, n, col("mac"), None),
        _ => (0, 1, Some(2), Some((first_no, first))),
    };
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (no, line) in data_first.into_iter().chain(lines) {
        let line_no = u32::try_from(no + 1).unwrap_or(u32::MAX);
        let cells = split(line);
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
        let sku = cell(sku_at).to_uppercase();
        let fail = |out: &mut DeliveryFile, message: String| {
            out.errors.push(RowError {
                line: line_no,
                message,
            })
        };
        if sku.is_empty() {
            fail(
                &mut out,
                match lang {
                    Lang::PtBr => "SKU em branco".to_owned(),
                    Lang::En => "Empty SKU".to_owned(),
                },
            );
            continue;
        }
        let serial = match parse_serial(cell(serial_at)) {
            Ok(s) => s,
            Err(e) => {
                fail(&mut out, e.message(lang));
                continue;
            }
        };
        let mac = match mac_at.map(cell).filter(|m| !m.is_empty()) {
            None => None,
            Some(m) => match parse_mac(m) {
                Ok(m) => Some(m),
                Err(e) => {
                    fail(&mut out, e.message(lang));
                    continue;
                }
            },
        };
        if let Some(first) = seen.get(&serial) {
            let msg = StockError::RepeatedSerial(serial.clone()).message(lang);
            let also = match lang {
                Lang::PtBr => format!("{msg} (já na linha {first})"),
                Lang::En => format!("{msg} (already on line {first})"),
            };
            fail(&mut out, also);
            continue;
        }
        seen.insert(serial.clone(), line_no);
        out.rows.push(DeliveryRow {
            line: line_no,
            sku,
            serial,
            mac,
        });
    }
    out
}
