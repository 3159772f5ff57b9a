//! The state holidays of the 27 UFs, with their legal sources.
//!
//! Researched in 2026 from the state legislatures' and governments' texts and calendars, the
//! press reports on each year's calendar decree, and the carefully sourced tables of
//! brazilian-utils (MIT) and python-holidays, checked against one another. Years before a law
//! carry no entry for it.

use super::Entry;
use super::Rule::{AcreFriday, Easter, FirstSunday, Fixed, NextSunday, TueToMonThuToFri};
use super::on;

/// The table of `uf` (upper case); `None` for anything but the 27 UFs.
pub(super) fn entries(uf: &str) -> Option<&'static [Entry]> {
    Some(match uf {
        "AC" => AC,
        "AL" => AL,
        "AM" => AM,
        "AP" => AP,
        "BA" => BA,
        "CE" => CE,
        "DF" => DF,
        "ES" => ES,
        "GO" => GO,
        "MA" => MA,
        "MG" => MG,
        "MS" => MS,
        "MT" => MT,
        "PA" => PA,
        "PB" => PB,
        "PE" => PE,
        "PI" => PI,
        "PR" => PR,
        "RJ" => RJ,
        "RN" => RN,
        "RO" => RO,
        "RR" => RR,
        "RS" => RS,
        "SC" => SC,
        "SE" => SE,
        "SP" => SP,
        "TO" => TO,
        _ => return None,
    })
}

/// Name shared by the 20 November entries that gave way to the national holiday in 2024.
const CONSCIENCIA_NEGRA: &str = "Dia da Consciência Negra";

/// First year 20 November is a national holiday (Lei 14.759/2023).
const NATIONAL_20_NOV: i32 = 2024;

// Acre: every holiday but the state's anniversary moves from Tuesday–Thursday to the Friday
// (Lei 2.126/2009). The yearly calendar decree has deviated from it to bridge a national
// holiday (17/11 moved to Tue 16/11/2021 and to Mon 14/11/2022, and kept on Tue 17/11/2026);
// those years the provider edits the day. Left out: 6 August (Início da Revolução Acreana), a
// ponto facultativo in the state decrees, with no law found that makes it a holiday.
const AC: &[Entry] = &[
    on(
        AcreFriday(1, 20),
        "Dia do Católico",
        "Lei estadual 3.137/2016; adiamento: Lei 2.126/2009",
    )
    .from(2017),
    on(
        AcreFriday(1, 23),
        "Dia do Evangélico",
        "Lei estadual 1.538/2004; adiamento: Lei 2.126/2009",
    )
    .from(2005),
    on(
        AcreFriday(3, 8),
        "Dia Internacional da Mulher",
        "Lei estadual 1.411/2001; adiamento: Lei 2.126/2009",
    )
    .from(2002),
    on(Fixed(6, 15), "Aniversário do Acre", "Lei estadual 14/1964").from(1965),
    on(
        AcreFriday(9, 5),
        "Dia da Amazônia",
        "Lei estadual 243/1968; adiamento: Lei 2.126/2009",
    )
    .from(1969),
    on(
        AcreFriday(11, 17),
        "Assinatura do Tratado de Petrópolis",
        "Lei estadual 57/1965; adiamento: Lei 2.126/2009",
    )
    .from(1966),
];

// Alagoas: 16 September was a holiday by the yearly calendar decrees (read from 2011) before
// Lei 9.358/2024 declared it. 30 November: art. 2º of Lei 7.530/2013 was vetoed and then
// promulgated by the Assembleia on 08/04/2014, so it counts from 2014.
const AL: &[Entry] = &[
    on(Fixed(6, 24), "São João", "Lei estadual 5.508/1993").from(1994),
    on(Fixed(6, 29), "São Pedro", "Lei estadual 5.509/1993").from(1994),
    on(
        Fixed(9, 16),
        "Emancipação Política de Alagoas",
        "Lei estadual 9.358/2024 (antes, decretos anuais)",
    )
    .from(2011),
    on(Fixed(11, 20), CONSCIENCIA_NEGRA, "Lei estadual 5.724/1995")
        .from(1995)
        .until(NATIONAL_20_NOV),
    on(
        TueToMonThuToFri(11, 30),
        "Dia Estadual do Evangélico",
        "Lei estadual 7.530/2013",
    )
    .from(2014),
];

// Amazonas: 8 December is a municipal holiday of Manaus (Lei municipal 496/1999) and only a
// ponto facultativo of the state, so it is in the Manaus table, not here.
const AM: &[Entry] = &[
    on(
        Fixed(9, 5),
        "Elevação do Amazonas à categoria de Província",
        "Lei estadual 25/1977",
    )
    .from(1978),
    on(Fixed(11, 20), CONSCIENCIA_NEGRA, "Lei estadual 84/2010")
        .from(2010)
        .until(NATIONAL_20_NOV),
];

// Amapá: left out 25 July (São Tiago, Lei 1.696/2012, struck down by the STF in ADI 4820,
// 2018), 5 October (Lei 1.204/2008 says it gives no day off) and 25 November (a day off for
// blood donors only, Lei 393/1997). Carnival Tuesday is declared yearly by decree only.
const AP: &[Entry] = &[
    on(Fixed(3, 19), "Dia de São José", "Lei estadual 667/2002").from(2003),
    on(
        Fixed(5, 15),
        "Dia de Cabralzinho",
        "Lei estadual 2.213/2017",
    )
    .from(2018),
    on(
        Fixed(9, 13),
        "Criação do Território Federal do Amapá",
        "Constituição Estadual, art. 355",
    )
    .from(1992),
    on(
        Fixed(11, 20),
        "Dia Estadual da Consciência Negra",
        "Lei estadual 1.169/2007",
    )
    .from(2008)
    .until(NATIONAL_20_NOV),
];

// Bahia: São João (24 June) is a municipal holiday in Salvador and most Bahian cities; no state
// law making it a state holiday was found, so it is in the Salvador table only.
const BA: &[Entry] = &[on(
    Fixed(7, 2),
    "Independência da Bahia",
    "Constituição Estadual, art. 6º, § 3º",
)
.from(1990)];

// Ceará: 19 March (São José) is only a ponto facultativo of the state; it is a municipal
// holiday in Fortaleza. 15 August is Fortaleza's, not the state's.
const CE: &[Entry] = &[on(
    Fixed(3, 25),
    "Data Magna do Ceará",
    "Constituição Estadual, art. 18 (EC 73/2011)",
)
.from(2012)];

// Distrito Federal (no municipalities: Brasília's days are these). Left out 21 April
// (Fundação de Brasília, Lei distrital 72/1989), always on the national Tiradentes.
const DF: &[Entry] = &[
    on(Easter(60), "Corpus Christi", "Lei distrital 72/1989").from(1990),
    on(Fixed(11, 30), "Dia do Evangélico", "Lei distrital 963/1995").from(1996),
];

// Espírito Santo: the Monday eight days after Easter. In a year it falls on 21 April the day is
// off as Tiradentes and the entry is dropped.
const ES: &[Entry] = &[on(
    Easter(8),
    "Nossa Senhora da Penha",
    "Lei estadual 11.010/2019",
)
.from(2020)];

// Goiás: no general state holiday law was found. The state servants' statute (Lei 20.756/2020,
// art. 269) gives *servants* 26/07 (Fundação da Cidade de Goiás), 24/10 (Pedra Fundamental de
// Goiânia) and 28/10 (Dia do Servidor Público) off, often moved by decree; private companies
// work those days, so they are left out (a provider that closes adds them in the editor;
// Goiânia's 24/10 is in its municipal list).
const GO: &[Entry] = &[];

// Maranhão: left out 8 March (Lei 12.800/2026, from 2027): an ADI against it is pending at the
// TJMA, which struck down the state's earlier 20 November law (Lei 10.747) in 2019.
const MA: &[Entry] = &[
    on(
        Fixed(7, 28),
        "Adesão do Maranhão à Independência",
        "Lei estadual 2.457/1964",
    )
    .from(1965),
    on(
        Easter(60),
        "Corpus Christi",
        "Lei estadual 11.539/2021 (mantida pelo TJMA em 2024)",
    )
    .from(2024),
];

// Minas Gerais: none beyond the national ones. Its data magna (21 April, Constituição
// Estadual, art. 256) is Tiradentes; 16 July and 8 December there are commemorative only.
const MG: &[Entry] = &[];

const MS: &[Entry] = &[on(
    Fixed(10, 11),
    "Criação do Estado de Mato Grosso do Sul",
    "Lei estadual 10/1979",
)
.from(1980)];

// Mato Grosso: its only state holiday was 20 November, national from 2024 on.
const MT: &[Entry] = &[
    on(Fixed(11, 20), CONSCIENCIA_NEGRA, "Lei estadual 7.879/2002")
        .from(2003)
        .until(NATIONAL_20_NOV),
];

const PA: &[Entry] = &[on(
    Fixed(8, 15),
    "Adesão do Pará à Independência",
    "Lei estadual 5.999/1996",
)
.from(1997)];

// Paraíba: Lei 10.601/2015 made 5 August the data magna and revoked art. 2º of Lei 3.489/1967
// (5 August and 26 July) from 2016. Lei 14.171/2025 (20 November) adds nothing since 2024.
const PB: &[Entry] = &[
    on(
        Fixed(7, 26),
        "Morte de João Pessoa",
        "Lei estadual 3.489/1967",
    )
    .from(1968)
    .until(2016),
    on(
        Fixed(8, 5),
        "Fundação da Paraíba",
        "Lei estadual 3.489/1967",
    )
    .from(1968)
    .until(2016),
    on(
        Fixed(8, 5),
        "Data Magna do Estado da Paraíba",
        "Lei estadual 10.601/2015",
    )
    .from(2016),
];

// Pernambuco: 6 March was a ponto facultativo in 2008–2009 (Lei 13.386/2007); the first
// Sunday of March from 2010 (Lei 13.835/2009) to 2017; 6 March from 2018 (Lei 16.059/2017,
// now Lei 16.241/2017). São João is Recife's (municipal), not the state's.
const PE: &[Entry] = &[
    on(
        FirstSunday(3),
        "Data Magna de Pernambuco",
        "Lei estadual 13.835/2009",
    )
    .from(2010)
    .until(2018),
    on(
        Fixed(3, 6),
        "Data Magna de Pernambuco",
        "Lei estadual 16.241/2017, art. 49",
    )
    .from(2018),
];

// Piauí: 13 March (Batalha do Jenipapo) is not a holiday; the 2020 and 2021 one-year moves of
// 19 October (Leis 7.371/2020 and 7.490/2021) are not carried.
const PI: &[Entry] = &[on(Fixed(10, 19), "Dia do Piauí", "Lei estadual 176/1937").from(1937)];

// Paraná: no state holiday since Lei 18.384/2014 made 19 December commemorative only.
const PR: &[Entry] = &[on(
    Fixed(12, 19),
    "Emancipação Política do Paraná",
    "Lei estadual 4.658/1962 (revogada pela Lei 18.384/2014)",
)
.from(1963)
.until(2014)];

// Rio de Janeiro: left out the Dia do Comércio (third Monday of October, commemorative by Lei
// 160/1977) and the laws the STF struck down (Leis 8.174/2018 and 8.217/2018).
const RJ: &[Entry] = &[
    on(
        Easter(-47),
        "Carnaval (terça-feira)",
        "Lei estadual 5.243/2008",
    )
    .from(2009),
    on(Fixed(4, 23), "Dia de São Jorge", "Lei estadual 5.198/2008").from(2008),
    on(Easter(60), "Corpus Christi", "Lei estadual 11.002/2025").from(2026),
    on(Fixed(11, 20), CONSCIENCIA_NEGRA, "Lei estadual 4.007/2002")
        .from(2002)
        .until(NATIONAL_20_NOV),
];

// Rio Grande do Norte: 7 August (Lei 7.831/2000) is commemorative only; São Pedro is a ponto
// facultativo of the state.
const RN: &[Entry] = &[on(
    Fixed(10, 3),
    "Mártires de Cunhaú e Uruaçu",
    "Lei estadual 8.913/2006",
)
.from(2007)];

// Rondônia: 18 June (Dia do Evangélico, Lei 1.026/2001) was struck down by the STF (ADI 3940).
const RO: &[Entry] = &[on(
    Fixed(1, 4),
    "Criação do Estado de Rondônia",
    "Lei estadual 2.291/2010 (antes, Decreto-Lei 39/1982)",
)
.from(1983)];

const RR: &[Entry] = &[on(
    Fixed(10, 5),
    "Criação do Estado de Roraima",
    "Constituição Estadual, art. 9º",
)
.from(1992)];

const RS: &[Entry] = &[on(
    Fixed(9, 20),
    "Revolução Farroupilha",
    "Constituição Estadual, art. 6º, § 1º",
)
.from(1995)];

// Santa Catarina: both holidays move to the following Sunday (Lei 18.531/2022, which
// consolidates Lei 10.306/1996 as amended): 25 November from 1999 (Lei 11.213/1999), 11 August
// from 2005 (Lei 13.408/2005); 11 August 2004, its first year, stayed on its date.
const SC: &[Entry] = &[
    on(
        Fixed(8, 11),
        "Dia do Estado de Santa Catarina",
        "Lei estadual 12.906/2004",
    )
    .from(2004)
    .until(2005),
    on(
        NextSunday(8, 11),
        "Dia do Estado de Santa Catarina",
        "Lei estadual 18.531/2022 (transferência: Lei 13.408/2005)",
    )
    .from(2005),
    on(
        Fixed(11, 25),
        "Dia de Santa Catarina de Alexandria",
        "Lei estadual 10.306/1996",
    )
    .from(1997)
    .until(1999),
    on(
        NextSunday(11, 25),
        "Dia de Santa Catarina de Alexandria",
        "Lei estadual 18.531/2022 (transferência: Lei 11.213/1999)",
    )
    .from(1999),
];

// Sergipe: the Constitution's original art. 269 also made 24 October a holiday, up to EC
// 20/2000. São João and 8 December are Aracaju's (municipal).
const SE: &[Entry] = &[
    on(
        Fixed(7, 8),
        "Independência de Sergipe",
        "Constituição Estadual, art. 269",
    )
    .from(1990),
    on(
        Fixed(10, 24),
        "Comemoração Popular da Independência de Sergipe",
        "Constituição Estadual, art. 269 (redação original)",
    )
    .from(1989)
    .until(2000),
];

// São Paulo: the one-year move of 9 July to 25 May 2020 (Lei 17.264/2020) is not carried.
const SP: &[Entry] = &[
    on(
        Fixed(7, 9),
        "Revolução Constitucionalista",
        "Lei estadual 9.497/1997",
    )
    .from(1997),
    on(Fixed(11, 20), CONSCIENCIA_NEGRA, "Lei estadual 17.746/2023")
        .from(2023)
        .until(NATIONAL_20_NOV),
];

// Tocantins: 18 March lost its holiday clause by Lei 2.013/2009; 1 January (installation of the
// state) is the national New Year. Decree moves for the state's own offices under Lei
// 1.088/1999 (5 October 2026 to the 9th) are not carried.
const TO: &[Entry] = &[
    on(
        Fixed(3, 18),
        "Autonomia do Estado do Tocantins",
        "Lei estadual 960/1998",
    )
    .from(1998)
    .until(2009),
    on(
        Fixed(8, 15),
        "Dia do Senhor do Bonfim",
        "Lei estadual 4.509/2024",
    )
    .from(2025),
    on(
        Fixed(9, 8),
        "Nossa Senhora da Natividade",
        "Lei estadual 627/1993",
    )
    .from(1994),
    on(
        Fixed(10, 5),
        "Criação do Estado do Tocantins",
        "Lei estadual 98/1989",
    )
    .from(1990),
];
