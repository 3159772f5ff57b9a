//! What the demo draws from: Recife's neighbourhoods with their streets and coordinates,
//! first and last names, the reasons visits fail, sales are rejected and orders cancelled.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::America::Recife;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

/// Neighbourhood, CEP prefix (5 digits), centre latitude and longitude, streets.
pub(crate) const NEIGHBOURHOODS: &[(&str, &str, f64, f64, &[&str])] = &[
    (
        "Boa Viagem",
        "51020",
        -8.1190,
        -34.9040,
        &[
            "Av. Boa Viagem",
            "Av. Conselheiro Aguiar",
            "Rua dos Navegantes",
            "Rua Padre Carapuceiro",
            "Rua Barão de Souza Leão",
        ],
    ),
    (
        "Pina",
        "51011",
        -8.0930,
        -34.8840,
        &[
            "Av. Herculano Bandeira",
            "Rua Capitão Temudo",
            "Rua Artur Muniz",
        ],
    ),
    (
        "Imbiribeira",
        "51150",
        -8.1060,
        -34.9150,
        &[
            "Av. Mal. Mascarenhas de Morais",
            "Rua Jornalista Edson Régis",
            "Rua Sá e Souza",
        ],
    ),
    (
        "Ibura",
        "51230",
        -8.1200,
        -34.9400,
        &["Av. Dois Rios", "Rua Rio Xingu", "Rua Vinte e Um de Abril"],
    ),
    (
        "Casa Forte",
        "52061",
        -8.0370,
        -34.9190,
        &[
            "Praça de Casa Forte",
            "Av. Dezessete de Agosto",
            "Rua Jerônimo Vilela",
        ],
    ),
    (
        "Graças",
        "52011",
        -8.0470,
        -34.8990,
        &[
            "Rua das Graças",
            "Av. Rui Barbosa",
            "Rua Amélia",
            "Rua Dr. José Maria",
        ],
    ),
    (
        "Espinheiro",
        "52020",
        -8.0430,
        -34.8930,
        &[
            "Rua do Espinheiro",
            "Rua Conselheiro Portela",
            "Rua Santo Elias",
        ],
    ),
    (
        "Aflitos",
        "52050",
        -8.0410,
        -34.9000,
        &[
            "Rua Cônego Barata",
            "Av. Rosa e Silva",
            "Rua Alfredo de Medeiros",
        ],
    ),
    (
        "Madalena",
        "50610",
        -8.0550,
        -34.9100,
        &["Rua Real da Torre", "Rua Benfica", "Rua José Osório"],
    ),
    (
        "Torre",
        "50710",
        -8.0500,
        -34.9130,
        &[
            "Rua Conde de Irajá",
            "Rua José Bonifácio",
            "Rua Visconde de Itaparica",
        ],
    ),
    (
        "Várzea",
        "50740",
        -8.0470,
        -34.9580,
        &[
            "Av. Afonso Olindense",
            "Rua Gastão Vidigal",
            "Rua Azeredo Coutinho",
        ],
    ),
    (
        "Cordeiro",
        "50630",
        -8.0520,
        -34.9300,
        &["Av. Caxangá", "Rua Isaac Salazar", "Rua Carlos Gomes"],
    ),
    (
        "Iputinga",
        "50731",
        -8.0380,
        -34.9350,
        &[
            "Rua Arraial do Bom Jesus",
            "Rua Jader de Andrade",
            "Estrada do Forte",
        ],
    ),
    (
        "Casa Amarela",
        "52070",
        -8.0260,
        -34.9170,
        &[
            "Estrada do Arraial",
            "Rua Padre Lemos",
            "Rua Dr. Eurico Chaves",
        ],
    ),
    (
        "Tamarineira",
        "52051",
        -8.0300,
        -34.9050,
        &[
            "Rua Cônego Barata",
            "Av. Norte Miguel Arraes de Alencar",
            "Rua Dr. Virgílio Mota",
        ],
    ),
    (
        "Derby",
        "52010",
        -8.0570,
        -34.8990,
        &[
            "Av. Agamenon Magalhães",
            "Rua Dom Bosco",
            "Rua Francisco Lacerda",
        ],
    ),
    (
        "Boa Vista",
        "50050",
        -8.0620,
        -34.8890,
        &[
            "Rua da Aurora",
            "Rua do Riachuelo",
            "Rua da Conceição",
            "Rua Gervásio Pires",
        ],
    ),
    (
        "Encruzilhada",
        "52030",
        -8.0380,
        -34.8930,
        &[
            "Rua Dr. José Mariano",
            "Rua Carneiro Vilela",
            "Av. Beberibe",
        ],
    ),
    (
        "Campo Grande",
        "52040",
        -8.0350,
        -34.8860,
        &[
            "Av. Norte",
            "Rua Odorico Mendes",
            "Rua Ernesto de Paula Santos",
        ],
    ),
    (
        "Afogados",
        "50770",
        -8.0780,
        -34.9100,
        &["Av. Sul", "Rua Imperial", "Estrada dos Remédios"],
    ),
    (
        "San Martin",
        "50761",
        -8.0700,
        -34.9320,
        &["Av. San Martin", "Rua Ilha de Itamaracá", "Rua Cosme Viana"],
    ),
    (
        "Areias",
        "50780",
        -8.0950,
        -34.9320,
        &["Av. Recife", "Rua Jean Emile Favre", "Rua Tabaiares"],
    ),
    (
        "Tejipió",
        "50920",
        -8.0900,
        -34.9530,
        &["Estrada de Tejipió", "Rua Alto do Céu", "Rua Rio Corrente"],
    ),
    (
        "Santo Amaro",
        "50040",
        -8.0460,
        -34.8800,
        &["Rua do Príncipe", "Rua Cruz Cabugá", "Av. Mário Melo"],
    ),
];

pub(crate) const FIRST: &[&str] = &[
    "Maria",
    "José",
    "Ana",
    "João",
    "Antônia",
    "Francisco",
    "Francisca",
    "Carlos",
    "Adriana",
    "Paulo",
    "Juliana",
    "Pedro",
    "Márcia",
    "Lucas",
    "Fernanda",
    "Luiz",
    "Patrícia",
    "Marcos",
    "Aline",
    "Gabriel",
    "Sandra",
    "Rafael",
    "Camila",
    "Daniel",
    "Amanda",
    "Marcelo",
    "Bruna",
    "Bruno",
    "Jéssica",
    "Eduardo",
    "Letícia",
    "Felipe",
    "Júlia",
    "Raimundo",
    "Luciana",
    "Rodrigo",
    "Vanessa",
    "Severino",
    "Mariana",
    "Thiago",
    "Cícero",
    "Rita",
    "Edvaldo",
    "Josefa",
    "Gilvan",
    "Tereza",
    "Wellington",
    "Cláudia",
    "Anderson",
    "Renata",
];
pub(crate) const LAST: &[&str] = &[
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Lima",
    "Pereira",
    "Ferreira",
    "Costa",
    "Rodrigues",
    "Almeida",
    "Nascimento",
    "Alves",
    "Carvalho",
    "Araújo",
    "Ribeiro",
    "Cavalcanti",
    "Albuquerque",
    "Barbosa",
    "Gomes",
    "Melo",
    "Correia",
    "Monteiro",
    "Freitas",
    "Barros",
    "Vasconcelos",
    "Lins",
    "Tavares",
    "Moura",
    "Batista",
    "Farias",
];

pub(crate) const NOT_DONE: &[&str] = &[
    "Cliente ausente",
    "Endereço não localizado",
    "Sem viabilidade técnica",
    "Chuva forte",
    "Cliente pediu para remarcar",
];
pub(crate) const REJECTED: &[&str] = &[
    "CPF divergente do documento enviado",
    "Endereço fora da área de cobertura",
    "Dados de contato incompletos",
];
pub(crate) const CANCELLED: &[&str] = &["Cliente desistiu da contratação", "Pedido em duplicidade"];

pub(crate) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    // The lists are constants and never empty.
    items.choose(rng).unwrap_or(&items[0])
}

pub(crate) fn person_name(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{} {} {}",
        pick(rng, FIRST),
        pick(rng, LAST),
        pick(rng, LAST)
    )
}

/// A moment on `day` at `hour:minute`, Recife time, in UTC.
pub(crate) fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive =
        day.and_time(NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0).unwrap_or_default());
    Recife
        .from_local_datetime(&naive)
        .single()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc())
}

pub(crate) fn ascii_fold(s: &str) -> String {
    campo_domain::text::fold(s).replace(' ', ".")
}
