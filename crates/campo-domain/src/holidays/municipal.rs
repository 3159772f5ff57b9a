//! The municipal holidays of the 27 state capitals, keyed by IBGE code, with their legal
//! sources. Good Friday, a municipal holiday by Lei 9.093/1995 in every capital, is already in
//! the national layer and has no entry here.
//!
//! Researched in 2026 from each city's calendar decree as published or reported (and the laws
//! those decrees cite). Where the law's number could not be established the source reads "lei
//! municipal". City anniversaries that are only a ponto facultativo are left out.

use super::Rule::{Easter, Fixed};
use super::{Capital, Entry, on};

/// The 27 state capitals.
pub const CAPITALS: [Capital; 27] = [
    capital(1200401, "Rio Branco", "AC"),
    capital(2704302, "Maceió", "AL"),
    capital(1302603, "Manaus", "AM"),
    capital(1600303, "Macapá", "AP"),
    capital(2927408, "Salvador", "BA"),
    capital(2304400, "Fortaleza", "CE"),
    capital(5300108, "Brasília", "DF"),
    capital(3205309, "Vitória", "ES"),
    capital(5208707, "Goiânia", "GO"),
    capital(2111300, "São Luís", "MA"),
    capital(3106200, "Belo Horizonte", "MG"),
    capital(5002704, "Campo Grande", "MS"),
    capital(5103403, "Cuiabá", "MT"),
    capital(1501402, "Belém", "PA"),
    capital(2507507, "João Pessoa", "PB"),
    capital(2611606, "Recife", "PE"),
    capital(2211001, "Teresina", "PI"),
    capital(4106902, "Curitiba", "PR"),
    capital(3304557, "Rio de Janeiro", "RJ"),
    capital(2408102, "Natal", "RN"),
    capital(1100205, "Porto Velho", "RO"),
    capital(1400100, "Boa Vista", "RR"),
    capital(4314902, "Porto Alegre", "RS"),
    capital(4205407, "Florianópolis", "SC"),
    capital(2800308, "Aracaju", "SE"),
    capital(3550308, "São Paulo", "SP"),
    capital(1721000, "Palmas", "TO"),
];

const fn capital(ibge: u32, name: &'static str, uf: &'static str) -> Capital {
    Capital { ibge, name, uf }
}

/// The table of the capital with IBGE code `ibge` (empty for any other code).
pub(super) fn entries(ibge: u32) -> &'static [Entry] {
    match ibge {
        1200401 => RIO_BRANCO,
        2704302 => MACEIO,
        1302603 => MANAUS,
        1600303 => MACAPA,
        2927408 => SALVADOR,
        2304400 => FORTALEZA,
        3205309 => VITORIA,
        5208707 => GOIANIA,
        2111300 => SAO_LUIS,
        3106200 => BELO_HORIZONTE,
        5002704 => CAMPO_GRANDE,
        5103403 => CUIABA,
        1501402 => BELEM,
        2507507 => JOAO_PESSOA,
        2611606 => RECIFE,
        2211001 => TERESINA,
        4106902 => CURITIBA,
        3304557 => RIO_DE_JANEIRO,
        2408102 => NATAL,
        1100205 => PORTO_VELHO,
        1400100 => BOA_VISTA,
        4314902 => PORTO_ALEGRE,
        4205407 => FLORIANOPOLIS,
        2800308 => ARACAJU,
        3550308 => SAO_PAULO,
        1721000 => PALMAS,
        // Brasília (5300108): the Distrito Federal has no municipalities; its days are in the
        // DF state table.
        _ => &[],
    }
}

const LEI_MUNICIPAL: &str = "lei municipal";

/// Corpus Christi, Easter plus 60 days.
const CORPUS_CHRISTI: super::Rule = Easter(60);

// Rio Branco: Acre's Friday rule (Lei AC 2.126/2009) is a state law; the city has moved its
// anniversary by decree some years (to Friday 30/12/2022), which the provider edits.
const RIO_BRANCO: &[Entry] = &[on(
    Fixed(12, 28),
    "Aniversário de Rio Branco",
    LEI_MUNICIPAL,
)];

// Maceió: Marechal Floriano Peixoto, promulgated by the Câmara on 09/11/2018, shares 29 June
// with the state's São Pedro.
const MACEIO: &[Entry] = &[
    on(CORPUS_CHRISTI, "Corpus Christi", LEI_MUNICIPAL),
    on(
        Fixed(6, 29),
        "Marechal Floriano Peixoto",
        "lei municipal (promulgada em 2018)",
    )
    .from(2019),
    on(Fixed(8, 27), "Nossa Senhora dos Prazeres", LEI_MUNICIPAL),
    on(Fixed(12, 8), "Nossa Senhora da Conceição", LEI_MUNICIPAL),
];

// Manaus: the Lei Orgânica also declares 5 September, the state's holiday.
const MANAUS: &[Entry] = &[
    on(
        Easter(-47),
        "Carnaval (terça-feira)",
        "Lei municipal 448/1998",
    )
    .from(1999),
    on(CORPUS_CHRISTI, "Corpus Christi", "Lei municipal 970/2006").from(2006),
    on(
        Fixed(9, 5),
        "Elevação do Amazonas à categoria de Província",
        "Lei Orgânica do Município, art. 437, I",
    ),
    on(
        Fixed(10, 24),
        "Elevação de Manaus à categoria de cidade",
        "Lei Orgânica do Município, art. 437, II",
    ),
    on(
        Fixed(11, 20),
        "Dia da Consciência Negra",
        "Lei municipal 188/2007",
    )
    .from(2007)
    .until(2024),
    on(
        Fixed(12, 8),
        "Nossa Senhora da Conceição",
        "Lei municipal 496/1999",
    )
    .from(1999),
];

// Macapá: São José (19 March) is also the state's holiday, listed there.
const MACAPA: &[Entry] = &[on(Fixed(2, 4), "Aniversário de Macapá", LEI_MUNICIPAL)];

const SALVADOR: &[Entry] = &[
    on(CORPUS_CHRISTI, "Corpus Christi", LEI_MUNICIPAL),
    on(Fixed(6, 24), "São João", LEI_MUNICIPAL),
    on(
        Fixed(12, 8),
        "Nossa Senhora da Conceição da Praia",
        LEI_MUNICIPAL,
    ),
];

const FORTALEZA_LAW: &str = "Lei municipal 8.796/2003";
const FORTALEZA: &[Entry] = &[
    on(Fixed(3, 19), "Dia de São José", FORTALEZA_LAW).from(2004),
    on(CORPUS_CHRISTI, "Corpus Christi", FORTALEZA_LAW).from(2004),
    on(Fixed(8, 15), "Nossa Senhora da Assunção", FORTALEZA_LAW).from(2004),
];

// Vitória: Nossa Senhora da Penha is also the state's holiday from 2020 (same day).
const VITORIA_LAW: &str = "Lei municipal 1.732/1967";
const VITORIA: &[Entry] = &[
    on(Easter(8), "Nossa Senhora da Penha", VITORIA_LAW),
    on(CORPUS_CHRISTI, "Corpus Christi", VITORIA_LAW),
    on(Fixed(9, 8), "Nossa Senhora da Vitória", VITORIA_LAW),
];

// Goiânia: 24 October is also a day off of the state servants' statute.
const GOIANIA: &[Entry] = &[
    on(Fixed(5, 24), "Nossa Senhora Auxiliadora", LEI_MUNICIPAL),
    on(Fixed(10, 24), "Aniversário de Goiânia", LEI_MUNICIPAL),
];

// São Luís: Corpus Christi is a state holiday of Maranhão from 2024 on.
const SAO_LUIS: &[Entry] = &[
    on(Fixed(6, 29), "São Pedro", LEI_MUNICIPAL),
    on(Fixed(9, 8), "Aniversário de São Luís", LEI_MUNICIPAL),
    on(
        Fixed(12, 8),
        "Nossa Senhora da Conceição",
        "Lei municipal 3.432/1996",
    )
    .from(1996),
];

// Belo Horizonte: the city's anniversary (12 December) is not a holiday.
const BELO_HORIZONTE: &[Entry] = &[
    on(CORPUS_CHRISTI, "Corpus Christi", LEI_MUNICIPAL),
    on(Fixed(8, 15), "Assunção de Nossa Senhora", LEI_MUNICIPAL),
    on(Fixed(12, 8), "Imaculada Conceição", LEI_MUNICIPAL),
];

// Campo Grande: left out 26 August (anniversary). It was observed as a municipal holiday up to
// 2025, but the city's 2026 calendar decree leaves it out and no law was found to settle it.
const CAMPO_GRANDE: &[Entry] = &[on(Fixed(6, 13), "Santo Antônio", LEI_MUNICIPAL)];

const CUIABA: &[Entry] = &[
    on(Fixed(4, 8), "Fundação de Cuiabá", LEI_MUNICIPAL),
    on(CORPUS_CHRISTI, "Corpus Christi", LEI_MUNICIPAL),
    on(Fixed(12, 8), "Nossa Senhora da Conceição", LEI_MUNICIPAL),
];

// Belém: 12 January (anniversary) is a ponto facultativo. Left out 8 December (Nossa Senhora da
// Conceição): reported both as a municipal holiday and as a ponto facultativo, no law found.
const BELEM: &[Entry] = &[on(CORPUS_CHRISTI, "Corpus Christi", LEI_MUNICIPAL)];

// João Pessoa: Lei 8.805/1999 lists the city's religious holidays; Nossa Senhora das Neves was
// a holiday already by Lei 796/1967 and shares 5 August with the state's data magna.
const JOAO_PESSOA_LAW: &str = "Lei municipal 8.805/1999";
const JOAO_PESSOA: &[Entry] = &[
    on(Fixed(6, 24), "São João", JOAO_PESSOA_LAW).from(1999),
    on(
        Fixed(8, 5),
        "Nossa Senhora das Neves",
        "Lei municipal 796/1967",
    )
    .from(1968),
    on(Fixed(12, 8), "Nossa Senhora da Conceição", JOAO_PESSOA_LAW).from(1999),
];

const RECIFE_LAW: &str = "Lei municipal 9.777/1967";
const RECIFE: &[Entry] = &[
    on(Fixed(6, 24), "São João", RECIFE_LAW),
    on(Fixed(7, 16), "Nossa Senhora do Carmo", RECIFE_LAW),
    on(Fixed(12, 8), "Nossa Senhora da Conceição", RECIFE_LAW),
];

const TERESINA: &[Entry] = &[
    on(CORPUS_CHRISTI, "Corpus Christi", LEI_MUNICIPAL),
    on(Fixed(8, 16), "Aniversário de Teresina", LEI_MUNICIPAL),
    on(
        Fixed(12, 8),
        "Nossa Senhora da Conceição",
        "Lei municipal 2.847/1999",
    )
    .from(1999),
];

// Curitiba: the anniversary (29 March) is a ponto facultativo.
const CURITIBA_LAW: &str = "Lei municipal 3.015/1967";
const CURITIBA: &[Entry] = &[
    on(CORPUS_CHRISTI, "Corpus Christi", CURITIBA_LAW),
    on(
        Fixed(9, 8),
        "Nossa Senhora da Luz dos Pinhais",
        CURITIBA_LAW,
    ),
];

// Rio de Janeiro: São Jorge was the city's holiday before the state's (Lei RJ 5.198/2008).
const RIO_DE_JANEIRO: &[Entry] = &[
    on(Fixed(1, 20), "São Sebastião", "Lei municipal 1.271/1988"),
    on(Fixed(4, 23), "São Jorge", LEI_MUNICIPAL),
];

const NATAL: &[Entry] = &[
    on(Fixed(1, 6), "Santos Reis", LEI_MUNICIPAL),
    on(
        Fixed(11, 20),
        "Dia da Consciência Negra",
        "Lei municipal 6.458/2014",
    )
    .from(2014)
    .until(2024),
    on(
        Fixed(11, 21),
        "Nossa Senhora da Apresentação",
        LEI_MUNICIPAL,
    ),
];

const PORTO_VELHO: &[Entry] = &[
    on(Fixed(1, 24), "Instalação do Município", LEI_MUNICIPAL),
    on(Fixed(5, 24), "Nossa Senhora Auxiliadora", LEI_MUNICIPAL),
    on(Fixed(10, 2), "Criação do Município", LEI_MUNICIPAL),
];

const BOA_VISTA: &[Entry] = &[
    on(Fixed(1, 20), "São Sebastião", LEI_MUNICIPAL),
    on(Fixed(6, 29), "São Pedro", LEI_MUNICIPAL),
    on(Fixed(7, 9), "Aniversário de Boa Vista", LEI_MUNICIPAL),
    on(Fixed(12, 8), "Nossa Senhora da Conceição", LEI_MUNICIPAL),
];

const PORTO_ALEGRE: &[Entry] = &[
    on(Fixed(2, 2), "Nossa Senhora dos Navegantes", LEI_MUNICIPAL),
    on(CORPUS_CHRISTI, "Corpus Christi", LEI_MUNICIPAL),
];

const FLORIANOPOLIS_LAW: &str = "Lei municipal 3.247/1989";
const FLORIANOPOLIS: &[Entry] = &[
    on(
        Fixed(3, 23),
        "Aniversário de Florianópolis",
        FLORIANOPOLIS_LAW,
    ),
    on(CORPUS_CHRISTI, "Corpus Christi", FLORIANOPOLIS_LAW),
];

// Aracaju: left out Corpus Christi, called a holiday in one city decree (2023) but not found
// in any law or calendar.
const ARACAJU: &[Entry] = &[
    on(Fixed(3, 17), "Aniversário de Aracaju", LEI_MUNICIPAL),
    on(Fixed(6, 24), "São João", LEI_MUNICIPAL),
    on(Fixed(12, 8), "Nossa Senhora da Conceição", LEI_MUNICIPAL),
];

// São Paulo: the city decrees cite art. 10 of Lei 14.485/2007 (the consolidation of the older
// Lei 7.008/1967).
const SAO_PAULO_LAW: &str = "Lei municipal 14.485/2007, art. 10";
const SAO_PAULO: &[Entry] = &[
    on(Fixed(1, 25), "Aniversário da Cidade", SAO_PAULO_LAW),
    on(CORPUS_CHRISTI, "Corpus Christi", SAO_PAULO_LAW),
    on(
        Fixed(11, 20),
        "Dia da Consciência Negra",
        "Lei municipal 13.707/2004",
    )
    .from(2004)
    .until(2024),
];

const PALMAS: &[Entry] = &[
    on(Fixed(3, 19), "São José", LEI_MUNICIPAL),
    on(Fixed(5, 20), "Aniversário de Palmas", LEI_MUNICIPAL),
];
