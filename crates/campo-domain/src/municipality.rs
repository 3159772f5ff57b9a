//! Brazil's municipalities: IBGE's 7-digit code, the name, the UF, and the IANA time zone each
//! one keeps.
//!
//! A provider declares the municipalities it serves by IBGE code; a code that is not in IBGE's
//! table is refused with [`MunicipalityError::Unknown`]. Each municipality's [`Tz`] is the one
//! its deadlines and agenda days are counted in.
//!
//! The table is `data/municipios.csv` (IBGE's *Divisão Territorial Brasileira* 2025, 5,571
//! municipalities, Brasília and the state district of Fernando de Noronha included), compiled
//! in and parsed once, on first use. `data/README.md` says where it comes from, how the time
//! zones were assigned and how to refresh it.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono_tz::Tz;

use crate::i18n::{Lang, Localized};
use crate::text::fold;
use crate::validate::Uf;

/// The table as shipped: `ibge;nome;uf;fuso`, one municipality a line, sorted by code.
const TABLE: &str = include_str!("../data/municipios.csv");

/// Names a municipality went by in IBGE's earlier tables (renames) or in widespread older
/// lists, which [`find`] still accepts. Spellings that differ only in accents, case, hyphens
/// or apostrophes need no entry: [`find`] ignores those differences.
const FORMER_NAMES: &[(u32, &str)] = &[
    (1400605, "São Luiz"),
    (1502954, "Eldorado dos Carajás"),
    (1708254, "Fortaleza do Tabocão"),
    (2400208, "Açu"),
    (2401206, "Arês"),
    (2401305, "Augusto Severo"),
    (2405306, "Boa Saúde"),
    (2613107, "São Caetano"),
    (2800100, "Amparo de São Francisco"),
    (2802601, "Gracho Cardoso"),
    (2922250, "Muquém de São Francisco"),
    (2928505, "Santa Teresinha"),
    (3105509, "Barão de Monte Alto"),
    (3122900, "Dona Eusébia"),
    (3165206, "São Thomé das Letras"),
    (3516101, "Florínia"),
    (3550001, "São Luís do Paraitinga"),
    (5107008, "Poxoréo"),
    (5107800, "Santo Antônio do Leverger"),
];

/// A municipality in IBGE's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Municipality {
    /// IBGE's 7-digit code, e.g. 2611606 for Recife. Its first two digits are the UF's code.
    pub ibge: u32,
    /// The official name, with its accents, e.g. `São Paulo`.
    pub name: &'static str,
    /// The state (or the Federal District) it belongs to.
    pub uf: Uf,
    /// The time zone its clocks keep, e.g. `America/Recife`.
    pub zone: Tz,
}

/// Why a municipality was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MunicipalityError {
    /// The code is not one of IBGE's municipalities.
    #[error("Município {code} não existe na tabela do IBGE")]
    Unknown {
        /// The code as given.
        code: u32,
    },
}

impl Localized for MunicipalityError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                MunicipalityError::Unknown { code } => {
                    format!("Municipality {code} is not in IBGE's table")
                }
            },
        }
    }
}

struct Table {
    /// Sorted by code.
    rows: Vec<Municipality>,
    /// (UF, folded name) to the row, current names and [`FORMER_NAMES`] alike.
    by_name: HashMap<(Uf, String), usize>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| load(TABLE))
}

/// Parses the shipped table. It is part of the program, so a malformed line is a bug and
/// panics with the line it is on (the tests parse it all).
fn load(text: &'static str) -> Table {
    let mut rows: Vec<Municipality> = text
        .lines()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            parse_line(line)
                .unwrap_or_else(|| panic!("data/municipios.csv, line {}: {line:?}", index + 1))
        })
        .collect();
    rows.sort_unstable_by_key(|m| m.ibge);
    let mut by_name = HashMap::with_capacity(rows.len() + FORMER_NAMES.len());
    for (index, m) in rows.iter().enumerate() {
        by_name.insert((m.uf, name_key(m.name)), index);
    }
    for &(code, former) in FORMER_NAMES {
        if let Ok(index) = rows.binary_search_by_key(&code, |m| m.ibge) {
            by_name
                .entry((rows[index].uf, name_key(former)))
                .or_insert(index);
        }
    }
    Table { rows, by_name }
}

fn parse_line(line: &'static str) -> Option<Municipality> {
    let mut fields = line.split(';');
    let ibge = fields.next()?.trim().parse().ok()?;
    let name = fields.next()?.trim();
    let uf = Uf::parse(fields.next()?).ok()?;
    let zone = fields.next()?.trim().parse().ok()?;
    if fields.next().is_some() || name.is_empty() {
        return None;
    }
    Some(Municipality {
        ibge,
        name,
        uf,
        zone,
    })
}

/// How names are compared: [`fold`]ed, with hyphens as spaces and typographic apostrophes as
/// plain ones, so `Olho-d’Água` matches `olho d'agua`.
fn name_key(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| match c {
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' => ' ',
            '\u{2019}' | '\u{2018}' | '\u{00b4}' | '`' => '\'',
            c => c,
        })
        .collect();
    fold(&plain)
}

/// Every municipality, sorted by IBGE code.
pub fn all() -> &'static [Municipality] {
    &table().rows
}

/// The municipality with this IBGE code, if there is one.
pub fn by_code(ibge: u32) -> Option<&'static Municipality> {
    let rows = &table().rows;
    rows.binary_search_by_key(&ibge, |m| m.ibge)
        .ok()
        .map(|index| &rows[index])
}

/// The municipality with this IBGE code, or the error that names the unknown code.
pub fn require(ibge: u32) -> Result<&'static Municipality, MunicipalityError> {
    by_code(ibge).ok_or(MunicipalityError::Unknown { code: ibge })
}

/// The municipality called `name` in the state `uf` (an abbreviation such as `PE`).
///
/// Case, accents, hyphens and repeated spaces do not matter (`sao paulo` finds São Paulo), and
/// a few former names are still found (`Açu` finds Assú). `None` when the UF is not one, or no
/// municipality of that UF has the name.
pub fn find(name: &str, uf: &str) -> Option<&'static Municipality> {
    let uf = Uf::parse(uf).ok()?;
    let table = table();
    table
        .by_name
        .get(&(uf, name_key(name)))
        .map(|&index| &table.rows[index])
}

/// The municipalities of one state, by IBGE code.
pub fn in_uf(uf: Uf) -> impl Iterator<Item = &'static Municipality> {
    all().iter().filter(move |m| m.uf == uf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::UFS;

    fn zone(ibge: u32) -> &'static str {
        by_code(ibge).unwrap().zone.name()
    }

    #[test]
    fn the_table_has_every_municipality_of_dtb_2025_once_in_order() {
        assert_eq!(all().len(), 5571);
        assert!(all().windows(2).all(|w| w[0].ibge < w[1].ibge));
        // Every line of the file became a row: nothing was skipped.
        assert_eq!(TABLE.lines().skip(1).count(), all().len());
    }

    #[test]
    fn codes_are_seven_digits_that_start_with_their_ufs_code() {
        for m in all() {
            assert!((1_000_000..10_000_000).contains(&m.ibge), "{m:?}");
            assert_eq!(m.ibge / 100_000, m.uf.ibge_code(), "{m:?}");
        }
    }

    /// IBGE's check digit (weights 1,2,1,2,1,2 on the first six digits, products' digits
    /// summed, then the complement to a multiple of ten), with the nine codes IBGE issued
    /// that do not follow it.
    #[test]
    fn codes_carry_ibges_check_digit_but_for_its_nine_known_exceptions() {
        const EXCEPTIONS: [u32; 9] = [
            2201919, 2201988, 2202251, 2611533, 3117836, 3152131, 4305871, 5203939, 5203962,
        ];
        let check = |code: u32| {
            let digits = code / 10;
            let sum: u32 = (0..6)
                .map(|i| {
                    let digit = digits / 10u32.pow(5 - i) % 10;
                    let product = digit * if i % 2 == 0 { 1 } else { 2 };
                    product / 10 + product % 10
                })
                .sum();
            (10 - sum % 10) % 10
        };
        let failing: Vec<u32> = all()
            .iter()
            .map(|m| m.ibge)
            .filter(|&code| check(code) != code % 10)
            .collect();
        assert_eq!(failing, EXCEPTIONS);
    }

    #[test]
    fn well_known_municipalities_and_their_zones() {
        let brasilia = by_code(5300108).unwrap();
        assert_eq!((brasilia.name, brasilia.uf.as_str()), ("Brasília", "DF"));
        assert_eq!(brasilia.zone, chrono_tz::America::Sao_Paulo);

        let sao_paulo = by_code(3550308).unwrap();
        assert_eq!((sao_paulo.name, sao_paulo.uf.as_str()), ("São Paulo", "SP"));
        assert_eq!(sao_paulo.zone, chrono_tz::America::Sao_Paulo);

        assert_eq!(by_code(1302603).unwrap().name, "Manaus");
        assert_eq!(zone(1302603), "America/Manaus");
        assert_eq!(by_code(1200401).unwrap().name, "Rio Branco");
        assert_eq!(zone(1200401), "America/Rio_Branco");
        assert_eq!(by_code(2611606).unwrap().name, "Recife");
        assert_eq!(zone(2611606), "America/Recife");

        let noronha = by_code(2605459).unwrap();
        assert_eq!(
            (noronha.name, noronha.uf.as_str()),
            ("Fernando de Noronha", "PE")
        );
        assert_eq!(noronha.zone, chrono_tz::America::Noronha);

        // The newest municipality, installed in 2025.
        assert_eq!(by_code(5101837).unwrap().name, "Boa Esperança do Norte");
        assert_eq!(zone(5101837), "America/Cuiaba");
    }

    #[test]
    fn western_amazonas_keeps_acre_time_and_the_rest_manaus_time() {
        // Seats west of the Tabatinga–Porto Acre line (Lei 12.876/2013).
        for code in [1300201, 1300607, 1301407, 1301506, 1301654, 1301803] {
            assert_eq!(zone(code), "America/Eirunepe", "{:?}", by_code(code));
        }
        assert_eq!(by_code(1301407).unwrap().name, "Eirunepé");
        // Tabatinga (the line's start), Boca do Acre, Lábrea: seats east of it.
        for code in [1304062, 1300706, 1302405] {
            assert_eq!(zone(code), "America/Manaus", "{:?}", by_code(code));
        }
        let am = Uf::parse("AM").unwrap();
        assert_eq!(in_uf(am).count(), 62);
        assert_eq!(
            in_uf(am)
                .filter(|m| m.zone == chrono_tz::America::Eirunepe)
                .count(),
            6
        );
    }

    #[test]
    fn each_ufs_zone_follows_tzdb() {
        let expected = |uf: &str| match uf {
            "AC" => &["America/Rio_Branco"][..],
            "AM" => &["America/Manaus", "America/Eirunepe"][..],
            "RO" => &["America/Porto_Velho"][..],
            "RR" => &["America/Boa_Vista"][..],
            "PA" => &["America/Belem", "America/Santarem"][..],
            "AP" => &["America/Belem"][..],
            "TO" => &["America/Araguaina"][..],
            "MA" | "PI" | "CE" | "RN" | "PB" => &["America/Fortaleza"][..],
            "PE" => &["America/Recife", "America/Noronha"][..],
            "AL" | "SE" => &["America/Maceio"][..],
            "BA" => &["America/Bahia"][..],
            "MT" => &["America/Cuiaba"][..],
            "MS" => &["America/Campo_Grande"][..],
            _ => &["America/Sao_Paulo"][..],
        };
        for m in all() {
            assert!(
                expected(m.uf.as_str()).contains(&m.zone.name()),
                "{m:?} in {}",
                m.zone.name()
            );
        }
        assert_eq!(zone(1506807), "America/Santarem"); // Santarém, west of the Xingu
        assert_eq!(zone(1501402), "America/Belem"); // Belém
        let noronha_zone = all()
            .iter()
            .filter(|m| m.zone == chrono_tz::America::Noronha);
        assert_eq!(noronha_zone.count(), 1);
    }

    #[test]
    fn every_zone_in_the_file_is_a_known_iana_name() {
        for line in TABLE.lines().skip(1) {
            let zone = line.rsplit(';').next().unwrap();
            assert!(zone.parse::<Tz>().is_ok(), "{line}");
            assert!(zone.starts_with("America/"), "{line}");
        }
    }

    #[test]
    fn every_uf_has_municipalities_and_they_add_up() {
        let mut total = 0;
        for uf in UFS {
            let uf = Uf::parse(uf).unwrap();
            let count = in_uf(uf).count();
            assert!(count >= 1, "{uf}");
            assert!(in_uf(uf).all(|m| m.uf == uf));
            total += count;
        }
        assert_eq!(total, all().len());
        assert_eq!(in_uf(Uf::parse("DF").unwrap()).count(), 1);
        assert_eq!(in_uf(Uf::parse("SP").unwrap()).count(), 645);
        assert_eq!(in_uf(Uf::parse("MG").unwrap()).count(), 853);
    }

    #[test]
    fn an_unknown_code_is_refused_by_name() {
        assert_eq!(by_code(1234567), None);
        assert_eq!(by_code(0), None);
        assert_eq!(by_code(3550307), None);
        let error = require(1234567).unwrap_err();
        assert_eq!(error, MunicipalityError::Unknown { code: 1234567 });
        assert_eq!(
            error.to_string(),
            "Município 1234567 não existe na tabela do IBGE"
        );
        assert_eq!(
            error.message(Lang::En),
            "Municipality 1234567 is not in IBGE's table"
        );
        assert_eq!(error.message(Lang::PtBr), error.to_string());
        assert_eq!(require(2611606).unwrap().name, "Recife");
    }

    #[test]
    fn names_are_found_whatever_the_accents_and_case() {
        assert_eq!(find("sao paulo", "SP").unwrap().ibge, 3550308);
        assert_eq!(find("  SÃO   PAULO ", "sp").unwrap().ibge, 3550308);
        assert_eq!(find("brasilia", "DF").unwrap().ibge, 5300108);
        assert_eq!(find("Recife", "PE").unwrap().ibge, 2611606);
        assert_eq!(find("eirunepe", "AM").unwrap().ibge, 1301407);
        // Hyphens and apostrophes.
        assert_eq!(find("Olho d’Água do Borges", "RN").unwrap().ibge, 2408409);
        assert_eq!(find("olhos d'agua", "MG").unwrap().ibge, 3145455);
        assert_eq!(find("Grão Pará", "SC").unwrap().ibge, 4206108);
        assert_eq!(find("Biritiba-Mirim", "SP").unwrap().ibge, 3506607);
        // The UF decides between namesakes.
        assert_eq!(find("São Paulo", "AM"), None);
        assert_eq!(find("Cascavel", "PR").unwrap().ibge, 4104808);
        assert_eq!(find("Cascavel", "CE").unwrap().ibge, 2303501);
        assert_eq!(find("Campo Grande", "MS").unwrap().ibge, 5002704);
        assert_eq!(find("Campo Grande", "RN").unwrap().ibge, 2401305);
        // Nothing by a wrong UF, an invalid one or a name that is not there.
        assert_eq!(find("Recife", "XX"), None);
        assert_eq!(find("Atlântida", "PE"), None);
        assert_eq!(find("", "PE"), None);
    }

    #[test]
    fn former_names_still_find_the_municipality() {
        assert_eq!(find("Açu", "RN").unwrap().name, "Assú");
        assert_eq!(find("Arês", "RN").unwrap().name, "Arez");
        assert_eq!(find("São Luiz", "RR").unwrap().name, "São Luiz do Anauá");
        assert_eq!(find("Fortaleza do Tabocão", "TO").unwrap().name, "Tabocão");
        assert_eq!(
            find("Gracho Cardoso", "SE").unwrap().name,
            "Graccho Cardoso"
        );
        for &(code, former) in FORMER_NAMES {
            let m = by_code(code).unwrap_or_else(|| panic!("{code} {former}"));
            // A former name never shadows a current one in the same UF.
            assert!(
                in_uf(m.uf).all(|other| name_key(other.name) != name_key(former)),
                "{former} is a current name in {}",
                m.uf
            );
            assert_eq!(find(former, m.uf.as_str()), Some(m), "{former}");
        }
    }

    #[test]
    fn current_names_are_unique_within_a_uf() {
        for m in all() {
            assert_eq!(find(m.name, m.uf.as_str()), Some(m), "{m:?}");
        }
    }

    #[test]
    fn a_malformed_line_is_not_a_municipality() {
        assert!(parse_line("2611606;Recife;PE;America/Recife").is_some());
        assert!(parse_line("2611606;Recife;XX;America/Recife").is_none());
        assert!(parse_line("2611606;Recife;PE;America/Atlantis").is_none());
        assert!(parse_line("26116x6;Recife;PE;America/Recife").is_none());
        assert!(parse_line("2611606;;PE;America/Recife").is_none());
        assert!(parse_line("2611606;Recife;PE").is_none());
        assert!(parse_line("2611606;Recife;PE;America/Recife;extra").is_none());
    }
}
