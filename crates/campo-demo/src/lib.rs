//! The demonstration provider: a fictional provider in Recife/PE, generated deterministically
//! from a seed, for trying Campo (the app says so on every screen), tests and benchmarks.
//!
//! Technicians, staff, plans (some with IPTV), customers spread over real neighbourhoods
//! with plausible coordinates, CEPs and streets, and a month of work orders in every status,
//! each with a history that went through the state machine. Everything is written through
//! the store's [`Writer`], so the demo exercises the same path as users do.
//! The same seed and anchor day always give the same people, customers and orders.
//!
//! - [`places`]: the neighbourhoods, names and reasons the demo draws from.
//! - [`stock`]: the demo's catalogue, warehouse, vans and minimums.
//! - [`orders`]: a month of orders, each walked through the state machine.
//! - [`finance`]: eight months of receivables and finance's contacts with the late.

mod finance;
mod orders;
mod places;
mod sales;
mod stock;

use orders::Ctx;
use places::*;
use stock::demo_stock;

use campo_domain::skills::Skill;
use campo_domain::{Cpf, CustomerDraft, OrderKind};
use chrono::{Days, NaiveDate, Utc};
use chrono_tz::America::Recife;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use campo_store::write::{NewPerson, NewPlan, Role};
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

/// The demonstration provider's profile: Recife/PE, its head office as the base.
pub fn profile() -> campo_domain::provider::ProviderProfile {
    campo_domain::provider::ProviderProfile {
        name: "Provedor Demonstração (fictício)".into(),
        cnpj: "11.222.333/0001-81".into(),
        municipalities: vec![RECIFE],
        bases: vec![campo_domain::provider::Base {
            name: "Sede".into(),
            lat: -8.0631,
            lon: -34.8711,
            technicians: Vec::new(),
        }],
    }
}

/// Recife's IBGE code.
pub const RECIFE: u32 = 2_611_606;

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
    // The demonstration provider is in Recife/PE, like any provider set up by its admin.
    w.set_provider_profile(&profile(), setup_at).await?;

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
    let seller = w
        .create_person(
            &NewPerson {
                name: "Roberto Farias".into(),
                role: Role::Seller,
                phone: Some("(81) 98822-1144".into()),
            },
            setup_at,
        )
        .await?;
    let support = w
        .create_person(
            &NewPerson {
                name: "Rosa Lima".into(),
                role: Role::Support,
                phone: Some("(81) 3344-0101".into()),
            },
            setup_at,
        )
        .await?;
    let finance = w
        .create_person(
            &NewPerson {
                name: "Fábio Rocha".into(),
                role: Role::Finance,
                phone: Some("(81) 3344-0202".into()),
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
            address: campo_domain::NewAddress {
                cep: format!("{cep_prefix}-{:03}", rng.random_range(0..1000)),
                street: (*pick(&mut rng, streets)).to_owned(),
                number: rng.random_range(1..2_500).to_string(),
                complement: if rng.random_bool(0.3) {
                    format!(
                        "Apto {}{:02}",
                        rng.random_range(1..20),
                        rng.random_range(1..5)
                    )
                } else {
                    String::new()
                },
                neighbourhood: hood.to_owned(),
                city: "Recife".into(),
                uf: "PE".into(),
                lat: Some(lat + rng.random_range(-0.006..0.006)),
                lon: Some(lon + rng.random_range(-0.006..0.006)),
                ..Default::default()
            },
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
    let mut installed = Vec::new();
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
        if let Some(done) = ctx
            .order(&mut w, &mut rng, kind, customer, plan, day)
            .await?
        {
            installed.push(done);
        }
    }
    w.act_as(Actor { id: stock_keeper });
    demo_stock(
        &mut w,
        &mut rng,
        &technicians,
        &plans,
        &plan_specs,
        &installed,
        setup_at,
    )
    .await?;
    // The top plan also includes a streaming SVA, with a checklist of its own.
    let (top_name, top_mbps, top_cents, top_iptv, top_premium) = plan_specs[4];
    w.save_plan(
        Some(plans[4]),
        &campo_store::plans::PlanInput {
            name: top_name.into(),
            download_mbps: top_mbps,
            price_cents: top_cents,
            has_iptv: top_iptv,
            premium: top_premium,
            svas: vec![STREAMING_SVA.into()],
            sold: true,
        },
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
    w.save_activation_template(
        &campo_domain::activation::service_key(STREAMING_SVA),
        "Ativação Globoplay",
        &streaming_items(),
        setup_at,
    )
    .await?;
    sales::demo_sales(
        &mut w,
        &mut rng,
        &sales::People {
            seller,
            backoffice,
            support,
        },
        &plans,
        &customers,
        anchor,
        (size.orders / 50).clamp(6, 40),
    )
    .await?;
    finance::demo_receivables(&mut w, &mut rng, finance, &customers, anchor).await?;

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

/// The streaming SVA the demo's top plan includes.
const STREAMING_SVA: &str = "Globoplay";

/// The demo's checklist for activating a streaming SVA at the customer's.
fn streaming_items() -> Vec<campo_domain::activation::TemplateItem> {
    use campo_domain::activation::{ItemKind, TemplateItem};
    let item = |key: &str, title: &str, instructions: &str, kind| TemplateItem {
        key: key.into(),
        title: title.into(),
        instructions: instructions.into(),
        required: true,
        kind,
        only_for: None,
    };
    vec![
        item(
            "conta",
            "Conta do cliente ativada",
            "Ativar a assinatura com o e-mail do cliente e anotar o login usado.",
            ItemKind::Text,
        ),
        item(
            "app-tv",
            "App instalado e conectado na TV",
            "Instalar o app na TV ou no set-top box e entrar com a conta do cliente.",
            ItemKind::Check,
        ),
        item(
            "video",
            "Vídeo reproduzido sem travar",
            "Abrir um título em alta definição e assistir um minuto com o cliente.",
            ItemKind::PassFail,
        ),
    ]
}
