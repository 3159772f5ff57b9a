//! The demonstration provider: a fictional provider in Recife/PE, generated deterministically
//! from a seed, for trying Campo (the app says so on every screen), tests and benchmarks.
//!
//! Technicians, staff, plans (some with IPTV), customers spread over real neighbourhoods
//! with plausible coordinates, CEPs and streets, and a month of work orders in every status,
//! each with a history that went through the state machine. Everything is written through
//! the store's [`Writer`], so the demo exercises the same path as users do.
//! The same seed and anchor day always give the same people, customers and orders.

use campo_domain::skills::{self, Skill};
use campo_domain::{Cpf, CustomerDraft, OrderKind, OrderStatus, Period, Transition};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::America::Recife;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use campo_store::write::{NewOrder, NewPerson, NewPlan, Role, Writer};
use campo_store::{Actor, Store, StoreError};

/// The seed the app uses for its demo provider.
pub const DEFAULT_SEED: u64 = 2_026;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSize {
    /// Field technicians.
    pub technicians: usize,
    /// Customers.
    pub customers: usize,
    /// Work orders.
    pub orders: usize,
    /// Days before the anchor day the orders spread over.
    pub days: u64,
}

impl DemoSize {
    /// The app's demo: 12 technicians, 2,000 customers, a month of orders.
    pub const STANDARD: DemoSize = DemoSize {
        technicians: 12,
        customers: 2_000,
        orders: 3_000,
        days: 30,
    };

    /// A larger provider for benchmarks: `orders` orders, a customer for every five.
    pub fn scaled(orders: usize) -> DemoSize {
        DemoSize {
            technicians: 40,
            customers: (orders / 5).max(100),
            orders,
            days: 30,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    /// Technicians created.
    pub technicians: usize,
    /// Customers created.
    pub customers: usize,
    /// Orders created.
    pub orders: usize,
    /// The coordinator the device acts as.
    pub local_user: Uuid,
}

/// Neighbourhood, CEP prefix (5 digits), centre latitude and longitude, streets.
const NEIGHBOURHOODS: &[(&str, &str, f64, f64, &[&str])] = &[
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

const FIRST: &[&str] = &[
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
const LAST: &[&str] = &[
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

const NOT_DONE: &[&str] = &[
    "Cliente ausente",
    "Endereço não localizado",
    "Sem viabilidade técnica",
    "Chuva forte",
    "Cliente pediu para remarcar",
];
const REJECTED: &[&str] = &[
    "CPF divergente do documento enviado",
    "Endereço fora da área de cobertura",
    "Dados de contato incompletos",
];
const CANCELLED: &[&str] = &["Cliente desistiu da contratação", "Pedido em duplicidade"];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    // The lists are constants and never empty.
    items.choose(rng).unwrap_or(&items[0])
}

fn person_name(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{} {} {}",
        pick(rng, FIRST),
        pick(rng, LAST),
        pick(rng, LAST)
    )
}

/// A moment on `day` at `hour:minute`, Recife time, in UTC.
fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive =
        day.and_time(NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0).unwrap_or_default());
    Recife
        .from_local_datetime(&naive)
        .single()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc())
}

fn ascii_fold(s: &str) -> String {
    campo_domain::text::fold(s).replace(' ', ".")
}

/// Today in Recife: the anchor the app generates its month of orders around.
pub fn today_in_recife() -> NaiveDate {
    Utc::now().with_timezone(&Recife).date_naive()
}

/// Generates the demo provider unless this database already has it (or any people).
/// Returns `None` when nothing was generated.
pub async fn seed_once(
    store: &Store,
    size: DemoSize,
    seed: u64,
    anchor: NaiveDate,
) -> Result<Option<DemoSummary>, StoreError> {
    if store.demo_seeded().await? || store.has_people().await? {
        return Ok(None);
    }
    seed_demo(store, size, seed, anchor).await.map(Some)
}

/// Generates the demo provider, in one transaction.
pub async fn seed_demo(
    store: &Store,
    size: DemoSize,
    seed: u64,
    anchor: NaiveDate,
) -> Result<DemoSummary, StoreError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let start = anchor
        .checked_sub_days(Days::new(size.days))
        .unwrap_or(anchor);
    let setup_at = at(start.checked_sub_days(Days::new(7)).unwrap_or(start), 8, 0);

    // The admin who sets the provider up is the actor of its own registration.
    let admin = Uuid::now_v7();
    let mut w = store.writer(Actor { id: admin }).await?;
    w.create_person_with_id(
        admin,
        &NewPerson {
            name: "Administração Campo".into(),
            role: Role::Admin,
            phone: None,
        },
        setup_at,
    )
    .await?;

    let coordinator = w
        .create_person(
            &NewPerson {
                name: "Mariana Lima".into(),
                role: Role::Coordinator,
                phone: Some("(81) 99710-2030".into()),
            },
            setup_at,
        )
        .await?;
    let backoffice = w
        .create_person(
            &NewPerson {
                name: "Macilene Araújo".into(),
                role: Role::Backoffice,
                phone: Some("(81) 3344-0000".into()),
            },
            setup_at,
        )
        .await?;
    w.create_person(
        &NewPerson {
            name: "Roberto Farias".into(),
            role: Role::Seller,
            phone: Some("(81) 98822-1144".into()),
        },
        setup_at,
    )
    .await?;
    let sva_manager = w
        .create_person(
            &NewPerson {
                name: "Cláudia Monteiro".into(),
                role: Role::SvaManager,
                phone: Some("(81) 99655-7788".into()),
            },
            setup_at,
        )
        .await?;
    let stock_keeper = w
        .create_person(
            &NewPerson {
                name: "Severino Batista".into(),
                role: Role::StockKeeper,
                phone: Some("(81) 3455-1020".into()),
            },
            setup_at,
        )
        .await?;

    let mut technicians = Vec::with_capacity(size.technicians);
    for i in 0..size.technicians {
        let phone = format!(
            "(81) 9{:04}-{:04}",
            8000 + (i * 37) % 2000,
            rng.random_range(0..10_000)
        );
        let id = w
            .create_person(
                &NewPerson {
                    name: person_name(&mut rng),
                    role: Role::Technician,
                    phone: Some(phone),
                },
                setup_at,
            )
            .await?;
        technicians.push(id);
    }
    // Most technicians splice fibre and set up IPTV; every fourth does not do IPTV and
    // the last one (of a larger team) only does repairs and removals.
    let mut splicers = Vec::new();
    let mut iptv_ready = Vec::new();
    for (i, &id) in technicians.iter().enumerate() {
        let mut skills = Vec::new();
        if i + 1 < technicians.len() || technicians.len() < 3 {
            skills.push(Skill::Fusao);
            splicers.push(id);
        }
        if i % 4 != 3 {
            skills.push(Skill::Iptv);
            if skills.contains(&Skill::Fusao) {
                iptv_ready.push(id);
            }
        }
        w.set_technician_skills(id, &skills, setup_at).await?;
    }

    let plan_specs: [(&str, i64, i64, bool, bool); 5] = [
        ("Fibra 100 Mega", 100, 7_990, false, false),
        ("Fibra 300 Mega", 300, 9_990, false, false),
        ("Fibra 500 Mega", 500, 11_990, false, false),
        ("Fibra 700 Mega + IPTV", 700, 16_990, true, false),
        ("Fibra 1 Giga + IPTV Premium", 1_000, 22_990, true, true),
    ];
    let mut plans = Vec::new();
    for (name, mbps, cents, iptv, premium) in plan_specs {
        plans.push(
            w.create_plan(
                &NewPlan {
                    name: name.into(),
                    download_mbps: mbps,
                    price_cents: cents,
                    has_iptv: iptv,
                    premium,
                },
                setup_at,
            )
            .await?,
        );
    }

    let mut customers = Vec::with_capacity(size.customers);
    let mut cpf_base: u64 = 100_000_000 + rng.random_range(0..100_000_000);
    for _ in 0..size.customers {
        let (hood, cep_prefix, lat, lon, streets) = *pick(&mut rng, NEIGHBOURHOODS);
        let name = person_name(&mut rng);
        cpf_base += rng.random_range(1..97);
        let mut base = [0u8; 9];
        let mut n = cpf_base;
        for slot in base.iter_mut().rev() {
            *slot = u8::try_from(n % 10).unwrap_or(0);
            n /= 10;
        }
        let cpf = Cpf::from_base(base).map(|c| c.formatted()).ok();
        let first = ascii_fold(name.split(' ').next().unwrap_or("cliente"));
        let domain = *pick(
            &mut rng,
            &[
                "gmail.com",
                "hotmail.com",
                "outlook.com",
                "yahoo.com.br",
                "uol.com.br",
            ],
        );
        let draft = CustomerDraft {
            name: name.clone(),
            cpf,
            email: Some(format!("{first}.{}@{domain}", rng.random_range(10..9_999))),
            mother_name: Some(format!(
                "{} {}",
                pick(&mut rng, FIRST),
                pick(&mut rng, LAST)
            )),
            birth_date: Some(format!(
                "{}-{:02}-{:02}",
                rng.random_range(1950..2005),
                rng.random_range(1..13),
                rng.random_range(1..29)
            )),
            phone1: format!(
                "(81) 9{:04}-{:04}",
                rng.random_range(8000..10_000),
                rng.random_range(0..10_000)
            ),
            phone2: rng.random_bool(0.4).then(|| {
                format!(
                    "(81) 3{:03}-{:04}",
                    rng.random_range(200..500),
                    rng.random_range(0..10_000)
                )
            }),
            cep: format!("{cep_prefix}-{:03}", rng.random_range(0..1000)),
            street: (*pick(&mut rng, streets)).to_owned(),
            number: rng.random_range(1..2_500).to_string(),
            complement: rng.random_bool(0.3).then(|| {
                format!(
                    "Apto {}{:02}",
                    rng.random_range(1..20),
                    rng.random_range(1..5)
                )
            }),
            neighbourhood: hood.to_owned(),
            city: "Recife".into(),
            uf: "PE".into(),
            lat: lat + rng.random_range(-0.006..0.006),
            lon: lon + rng.random_range(-0.006..0.006),
        };
        customers.push(w.create_customer(&draft, setup_at).await?);
    }

    let ctx = Ctx {
        anchor,
        coordinator,
        backoffice,
        technicians: &technicians,
        splicers: &splicers,
        iptv_ready: &iptv_ready,
        iptv_plans: plans
            .iter()
            .zip(plan_specs)
            .filter(|(_, spec)| spec.3)
            .map(|(id, _)| *id)
            .collect(),
    };
    for _ in 0..size.orders {
        let day = start
            .checked_add_days(Days::new(rng.random_range(0..=size.days)))
            .unwrap_or(anchor);
        let roll: f64 = rng.random();
        let kind = if roll < 0.55 {
            OrderKind::Installation
        } else if roll < 0.85 {
            OrderKind::Repair
        } else if roll < 0.93 {
            OrderKind::Removal
        } else {
            OrderKind::AddressChange
        };
        let customer = *pick(&mut rng, &customers);
        let plan = *pick(&mut rng, &plans);
        ctx.order(&mut w, &mut rng, kind, customer, plan, day)
            .await?;
    }
    w.act_as(Actor { id: stock_keeper });
    demo_stock(
        &mut w,
        &mut rng,
        &technicians,
        &plans,
        &plan_specs,
        setup_at,
    )
    .await?;
    w.act_as(Actor { id: sva_manager });
    w.save_activation_template(
        campo_store::activation::IPTV,
        "Ativação IPTV",
        &campo_domain::activation::default_iptv_items(),
        setup_at,
    )
    .await?;

    w.commit().await?;
    store.mark_demo(coordinator).await?;
    store.analyze().await?;
    Ok(DemoSummary {
        technicians: technicians.len(),
        customers: customers.len(),
        orders: size.orders,
        local_user: coordinator,
    })
}

/// The demo's stock: a catalogue, the central warehouse with a supplier delivery and the
/// opening bulk balances, every van checked out, minimums (one van below them), and the
/// equipment each plan requires.
async fn demo_stock(
    w: &mut Writer<'_>,
    rng: &mut ChaCha8Rng,
    technicians: &[Uuid],
    plans: &[Uuid],
    plan_specs: &[(&str, i64, i64, bool, bool)],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    use campo_domain::stock::{MoveKind, PlaceKind, Tracking, Unit, fixed_place_id, van_id};
    use campo_store::stock::{LineInput, MoveRequest, NewItem};

    let item = |sku: &str, name: &str, unit, tracking| NewItem {
        sku: sku.into(),
        name: name.into(),
        unit,
        tracking,
    };
    let onu = w
        .create_stock_item(
            &item(
                "ONU-HG8145",
                "ONU Huawei HG8145V5",
                Unit::Piece,
                Tracking::Serialised,
            ),
            at,
        )
        .await?;
    let router = w
        .create_stock_item(
            &item(
                "RTR-AX1800",
                "Roteador Wi-Fi 6 AX1800",
                Unit::Piece,
                Tracking::Serialised,
            ),
            at,
        )
        .await?;
    let stb = w
        .create_stock_item(
            &item(
                "STB-IPTV4K",
                "Set-top box IPTV 4K",
                Unit::Piece,
                Tracking::Serialised,
            ),
            at,
        )
        .await?;
    let cable = w
        .create_stock_item(
            &item("DROP-1FO", "Cabo drop 1 FO", Unit::Metre, Tracking::Bulk),
            at,
        )
        .await?;
    let connector = w
        .create_stock_item(
            &item("CON-SCAPC", "Conector SC/APC", Unit::Piece, Tracking::Bulk),
            at,
        )
        .await?;
    let anchor = w
        .create_stock_item(
            &item(
                "ALCA-DROP",
                "Alça de ancoragem",
                Unit::Piece,
                Tracking::Bulk,
            ),
            at,
        )
        .await?;
    let warehouse = w.create_warehouse("Almoxarifado Central", at).await?;

    // A supplier delivery: serials and MACs as the labels have them.
    let mut rows = Vec::new();
    let mut serials: Vec<(Uuid, Vec<String>)> = Vec::new();
    for (sku, item_id, prefix, count) in [
        ("ONU-HG8145", onu, "HWTC", 240),
        ("RTR-AX1800", router, "TPLK", 120),
        ("STB-IPTV4K", stb, "STBX", 60),
    ] {
        let mut list = Vec::with_capacity(count);
        for _ in 0..count {
            let serial = format!("{prefix}{:08X}", rng.random::<u32>());
            let mac = format!("{:012X}", rng.random::<u64>() & 0xFFFF_FFFF_FFFF);
            rows.push(campo_domain::stock::DeliveryRow {
                line: u32::try_from(rows.len() + 2).unwrap_or(u32::MAX),
                sku: sku.into(),
                serial: serial.clone(),
                mac: campo_domain::stock::parse_mac(&mac).ok(),
            });
            list.push(serial);
        }
        serials.push((item_id, list));
    }
    w.receive_delivery(warehouse, &rows, true, campo_domain::Lang::PtBr, at)
        .await?;
    let bulk = |item_id, quantity| LineInput::Bulk { item_id, quantity };
    w.move_stock(
        &MoveRequest {
            kind: MoveKind::Adjust,
            from: fixed_place_id(PlaceKind::Adjustment),
            to: warehouse,
            order_id: None,
            reason: Some("Saldo inicial de implantação".into()),
            lines: vec![
                bulk(cable, 20_000),
                bulk(connector, 2_000),
                bulk(anchor, 1_000),
            ],
        },
        at,
    )
    .await?;

    // Every van gets its kit; the last one runs low on ONUs.
    let mut next = [0usize; 3];
    for (i, tech) in technicians.iter().enumerate() {
        let wanted = [if i + 1 == technicians.len() { 2 } else { 6 }, 4, 2];
        let mut lines = Vec::new();
        for (k, (_, list)) in serials.iter().enumerate() {
            for _ in 0..wanted[k] {
                if let Some(s) = list.get(next[k]) {
                    lines.push(LineInput::Serial(s.clone()));
                    next[k] += 1;
                }
            }
        }
        lines.extend([bulk(cable, 250), bulk(connector, 20), bulk(anchor, 10)]);
        w.move_stock(
            &MoveRequest {
                kind: MoveKind::Checkout,
                from: warehouse,
                to: van_id(*tech),
                order_id: None,
                reason: None,
                lines,
            },
            at,
        )
        .await?;
        for (item_id, minimum) in [(onu, 3), (router, 2), (cable, 100), (connector, 10)] {
            w.set_stock_minimum(van_id(*tech), item_id, minimum, at)
                .await?;
        }
    }
    for (item_id, minimum) in [(onu, 50), (router, 30), (stb, 20), (cable, 2_000)] {
        w.set_stock_minimum(warehouse, item_id, minimum, at).await?;
    }
    for (plan, spec) in plans.iter().zip(plan_specs) {
        let mut items = vec![(onu, 1), (connector, 2)];
        if spec.3 {
            items.push((stb, 1));
        }
        w.set_plan_equipment(*plan, &items).await?;
    }
    Ok(())
}

struct Ctx<'a> {
    anchor: NaiveDate,
    coordinator: Uuid,
    backoffice: Uuid,
    technicians: &'a [Uuid],
    /// Technicians who splice fibre.
    splicers: &'a [Uuid],
    /// Technicians who splice fibre and set up IPTV.
    iptv_ready: &'a [Uuid],
    /// Plans with IPTV.
    iptv_plans: Vec<Uuid>,
}

impl Ctx<'_> {
    async fn go(
        &self,
        w: &mut Writer<'_>,
        actor: Uuid,
        id: Uuid,
        to: OrderStatus,
        reason: Option<&str>,
        when: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        w.act_as(Actor { id: actor });
        let request = Transition {
            to,
            reason: reason.map(str::to_owned),
            schedule: None,
        };
        w.transition_order(id, &request, when).await?;
        Ok(())
    }

    /// One order and a plausible history up to the anchor day.
    async fn order(
        &self,
        w: &mut Writer<'_>,
        rng: &mut ChaCha8Rng,
        kind: OrderKind,
        customer: Uuid,
        plan: Uuid,
        day: NaiveDate,
    ) -> Result<(), StoreError> {
        let mut hour: u32 = rng.random_range(8..17);
        w.act_as(Actor {
            id: self.coordinator,
        });
        let created = at(day, hour, rng.random_range(0..60));
        let id = w
            .create_order(
                &NewOrder {
                    kind,
                    customer_id: customer,
                    plan_id: plan,
                },
                created,
            )
            .await?;
        let next = |h: &mut u32| {
            *h = (*h + 1).min(22);
            at(day, *h, 0)
        };

        if kind.initial_status() == OrderStatus::PendingAnalysis {
            let fresh = (self.anchor - day).num_days() <= 1;
            if fresh && rng.random_bool(0.6) {
                return Ok(()); // still in backoffice analysis
            }
            if rng.random_bool(0.04) {
                let why = *pick(rng, CANCELLED);
                return self
                    .go(
                        w,
                        self.backoffice,
                        id,
                        OrderStatus::Cancelled,
                        Some(why),
                        next(&mut hour),
                    )
                    .await;
            }
            if rng.random_bool(0.1) {
                let why = *pick(rng, REJECTED);
                self.go(
                    w,
                    self.backoffice,
                    id,
                    OrderStatus::Rejected,
                    Some(why),
                    next(&mut hour),
                )
                .await?;
                if rng.random_bool(0.5) {
                    return Ok(()); // back with the seller
                }
                self.go(
                    w,
                    self.coordinator,
                    id,
                    OrderStatus::PendingAnalysis,
                    None,
                    next(&mut hour),
                )
                .await?;
            }
            self.go(
                w,
                self.backoffice,
                id,
                OrderStatus::Approved,
                None,
                next(&mut hour),
            )
            .await?;
        }
        if rng.random_bool(0.08) {
            return Ok(()); // waiting in the coordinator's queue
        }
        let visit = day
            .checked_add_days(Days::new(rng.random_range(1..5)))
            .unwrap_or(day);
        let period = if rng.random_bool(0.5) {
            Period::Morning
        } else {
            Period::Afternoon
        };
        // Only a technician with the visit's skills is sent.
        let able = match skills::required(kind, self.iptv_plans.contains(&plan)).as_slice() {
            [] => self.technicians,
            [Skill::Fusao] => self.splicers,
            _ => self.iptv_ready,
        };
        let tech = *pick(
            rng,
            if able.is_empty() {
                self.technicians
            } else {
                able
            },
        );
        w.act_as(Actor {
            id: self.coordinator,
        });
        w.schedule_order(id, visit, period, tech, next(&mut hour))
            .await?;

        if visit > self.anchor || (visit == self.anchor && period == Period::Afternoon) {
            return Ok(()); // still ahead on the agenda
        }
        let mut vh: u32 = match period {
            Period::Morning => 8,
            Period::Afternoon => 13,
        } + rng.random_range(0..3);
        let vnext = |h: &mut u32, minute: u32| {
            *h = (*h + 1).min(22);
            at(visit, *h, minute)
        };
        if visit < self.anchor && rng.random_bool(0.03) {
            let why = *pick(rng, CANCELLED);
            let when = vnext(&mut vh, 5);
            return self
                .go(
                    w,
                    self.coordinator,
                    id,
                    OrderStatus::Cancelled,
                    Some(why),
                    when,
                )
                .await;
        }
        let stage = if visit == self.anchor {
            rng.random_range(0..4)
        } else {
            4
        };
        if stage == 0 {
            return Ok(());
        }
        self.go(w, tech, id, OrderStatus::EnRoute, None, vnext(&mut vh, 10))
            .await?;
        if stage == 1 {
            return Ok(());
        }
        if rng.random_bool(0.1) {
            let why = *pick(rng, NOT_DONE);
            self.go(
                w,
                tech,
                id,
                OrderStatus::NotDone,
                Some(why),
                vnext(&mut vh, 25),
            )
            .await?;
            if rng.random_bool(0.6) {
                self.go(
                    w,
                    self.coordinator,
                    id,
                    OrderStatus::Approved,
                    None,
                    vnext(&mut vh, 40),
                )
                .await?;
            }
            return Ok(());
        }
        self.go(
            w,
            tech,
            id,
            OrderStatus::InProgress,
            None,
            vnext(&mut vh, 30),
        )
        .await?;
        if stage == 2 {
            return Ok(());
        }
        self.go(w, tech, id, OrderStatus::Done, None, vnext(&mut vh, 50))
            .await
    }
}
