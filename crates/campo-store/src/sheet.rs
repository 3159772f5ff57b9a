//! The spreadsheets the office exports (indicators, the funnel, stock, the follow-up, the
//! default rate): CSV separated by `;`, as spreadsheets in Brazil open it, every cell quoted
//! where it needs it (by the `csv` crate, so a name holding a `;`, a quote or a line break
//! stays one cell), and figures with a decimal comma in Portuguese.

use std::fmt::Display;

use campo_domain::Lang;

/// A CSV being written: its header, then a row at a time.
pub(crate) struct Sheet(csv::Writer<Vec<u8>>);

impl std::fmt::Debug for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sheet")
    }
}

impl Sheet {
    /// A sheet whose first row is `header`, its columns separated by `;`.
    pub(crate) fn new(header: &str) -> Self {
        let mut sheet = Sheet(
            csv::WriterBuilder::new()
                .delimiter(b';')
                .from_writer(Vec::new()),
        );
        sheet.record(header.split(';'));
        sheet
    }

    /// Appends a row, one cell per value.
    pub(crate) fn row(&mut self, cells: &[&dyn Display]) {
        self.record(cells.iter().map(ToString::to_string));
    }

    fn record<T: AsRef<[u8]>>(&mut self, cells: impl IntoIterator<Item = T>) {
        // Written into memory: nothing can fail but the memory itself.
        let _ = self.0.write_record(cells);
    }

    /// The whole file.
    pub(crate) fn text(mut self) -> String {
        let _ = self.0.flush();
        // Every cell was a `str`: the bytes are UTF-8.
        String::from_utf8_lossy(self.0.get_ref()).into_owned()
    }
}

/// A figure with one decimal: a decimal comma in Portuguese (Excel in Brazil reads it so),
/// empty when there is none.
pub(crate) fn decimal(value: Option<f64>, lang: Lang) -> String {
    value
        .map(|v| {
            let s = format!("{v:.1}");
            if lang == Lang::PtBr {
                s.replace('.', ",")
            } else {
                s
            }
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_holding_the_separator_a_quote_or_a_line_break_stays_one_cell() {
        let mut sheet = Sheet::new("nome;total");
        sheet.row(&[&"Silva; João", &3]);
        sheet.row(&[&"Rua \"A\"\nfundos", &decimal(Some(12.34), Lang::PtBr)]);
        sheet.row(&[&"", &decimal(None, Lang::En)]);
        assert_eq!(
            sheet.text(),
            "nome;total\n\"Silva; João\";3\n\"Rua \"\"A\"\"\nfundos\";12,3\n;\n"
        );
        assert_eq!(decimal(Some(7.06), Lang::En), "7.1");
    }
}
