//! `campo-server`: the central server and its admin commands.

/// mimalloc: many small short-lived allocations per request (JSON, rows) from many threads;
/// glibc's allocator spent a sixth of the server's time there and held on to fragmented
/// memory under 300 concurrent devices.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;

use campo_server::api::{AppState, router};
use campo_server::db::ServerDb;
use campo_server::error::ServerError;
use campo_server::retention::{self, DEFAULT_RETENTION_DAYS};
use campo_server::users;
use clap::{Parser, Subcommand};
use cli::{explain, print_report};
use tracing_subscriber::EnvFilter;

mod cli;

#[derive(Debug, Parser)]
#[command(name = "campo-server", version, about = "Servidor central do Campo")]
struct Cli {
    /// Folder of the server's database.
    #[arg(
        long,
        global = true,
        env = "CAMPO_SERVER_DATA",
        default_value = "campo-server-data"
    )]
    data_dir: PathBuf,
    /// A PostgreSQL database instead of SQLite in the data folder (postgres://user@host/db).
    #[arg(long, global = true, env = "DATABASE_URL")]
    database_url: Option<String>,
    /// A Nominatim-compatible geocoder (e.g. https://nominatim.openstreetmap.org or the
    /// provider's own): forms find addresses on the map, and customers without a location
    /// are placed. Off when not given.
    #[arg(long, global = true, env = "CAMPO_GEOCODER_URL")]
    geocoder_url: Option<String>,
    /// Who the geocoder may contact about Campo's requests (an e-mail; OpenStreetMap's
    /// public instance asks for one).
    #[arg(long, global = true, env = "CAMPO_GEOCODER_CONTACT")]
    geocoder_contact: Option<String>,
    /// Requests a second to the geocoder at the most (the public instance allows 1).
    #[arg(
        long,
        global = true,
        env = "CAMPO_GEOCODER_PER_SECOND",
        default_value_t = 1.0
    )]
    geocoder_per_second: f64,
    /// A ViaCEP-compatible CEP lookup (e.g. https://viacep.com.br): the office's address
    /// forms fill the street, neighbourhood, municipality and state from the CEP. Off when
    /// not given.
    #[arg(long, global = true, env = "CAMPO_CEP_URL")]
    cep_url: Option<String>,
    /// Requests a second to the CEP lookup at the most.
    #[arg(
        long,
        global = true,
        env = "CAMPO_CEP_PER_SECOND",
        default_value_t = 5.0
    )]
    cep_per_second: f64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serves the API (HTTP; put it behind a TLS proxy, see the README).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "CAMPO_SERVER_BIND", default_value = "127.0.0.1:8787")]
        bind: SocketAddr,
        /// Days scope tombstones are kept (pruned hourly); devices away longer load their
        /// data again.
        #[arg(long, env = "CAMPO_RETENTION_DAYS", default_value_t = DEFAULT_RETENTION_DAYS)]
        retention_days: u32,
        /// The TLS proxy in front of the server: its `X-Forwarded-For` names the client (for
        /// the sign-in throttle and the request limits).
        #[arg(long, env = "CAMPO_TRUSTED_PROXY")]
        trusted_proxy: Option<std::net::IpAddr>,
        /// Days a session lives unused (a device in use renews its session).
        #[arg(long, env = "CAMPO_SESSION_DAYS", default_value_t = users::TOKEN_DAYS as u32)]
        session_days: u32,
        /// Reads the provider's IXC Provedor every this many minutes while serving (its
        /// address, user and token from CAMPO_IXC_URL, CAMPO_IXC_USER, CAMPO_IXC_TOKEN).
        #[arg(long, env = "CAMPO_IXC_EVERY")]
        ixc_every: Option<u32>,
        /// IXC's employee id that Campo schedules and closes work orders as: with it, a visit
        /// that came from IXC is scheduled and closed in IXC as it is in Campo (every
        /// `--ixc-every` minutes).
        #[arg(long, env = "CAMPO_IXC_CLOSER")]
        ixc_closer: Option<String>,
        /// Folder the photos sent by devices are kept in (by default `blobs` in the data
        /// folder; back it up with the database).
        #[arg(long, env = "CAMPO_BLOB_DIR")]
        blob_dir: Option<PathBuf>,
        /// Keeps whole photos in this S3-compatible bucket (AWS S3, MinIO …) instead of the
        /// folder, which then holds only uploads under way. The keys come from
        /// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
        #[arg(long, env = "CAMPO_S3_BUCKET")]
        s3_bucket: Option<String>,
        /// The S3 service's address when it is not AWS (e.g. http://127.0.0.1:9000).
        #[arg(long, env = "CAMPO_S3_ENDPOINT", requires = "s3_bucket")]
        s3_endpoint: Option<String>,
        /// The bucket's region (or AWS_REGION; us-east-1 when neither says).
        #[arg(long, env = "CAMPO_S3_REGION", requires = "s3_bucket")]
        s3_region: Option<String>,
        /// A folder inside the bucket, when it is shared.
        #[arg(long, env = "CAMPO_S3_PREFIX", requires = "s3_bucket")]
        s3_prefix: Option<String>,
    },
    /// Places customers without a location on the map through the geocoder (serve does it
    /// every 10 minutes when one is configured), then exits.
    Geocode {
        /// Customers tried at the most.
        #[arg(long, default_value_t = 1000)]
        limit: usize,
    },
    /// Prunes scope tombstones older than the retention window now, then exits.
    Prune {
        /// Days kept.
        #[arg(long, env = "CAMPO_RETENTION_DAYS", default_value_t = DEFAULT_RETENTION_DAYS)]
        retention_days: u32,
    },
    /// Sets up the provider on a new server: its profile and its first administrator (the
    /// password is read from CAMPO_PASSWORD or the first line of stdin). Once.
    Init {
        /// The provider's trade name.
        #[arg(long)]
        name: String,
        /// Its CNPJ (numeric or alphanumeric, punctuation allowed).
        #[arg(long)]
        cnpj: String,
        /// IBGE code of a municipality served (repeat; the first is the head office's, whose
        /// holidays and time zone the calendar follows).
        #[arg(long = "municipality", required = true)]
        municipalities: Vec<u32>,
        /// A base technicians start from, "Name,latitude,longitude" (repeat).
        #[arg(long = "base", required = true)]
        bases: Vec<String>,
        /// The administrator's login.
        #[arg(long)]
        admin_login: String,
        /// The administrator's full name.
        #[arg(long)]
        admin_name: String,
    },
    /// Creates or upgrades the database, then exits.
    Migrate,
    /// Accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Imports a provider's export (CSV or XLSX: plans, customers, open orders, receivables or
    /// its staff list) as one unit; every problem is printed by line and column and nothing is
    /// imported then (exit status 1). A staff list's new accounts are printed with their first
    /// passwords, to hand over. See docs/import/README.md for the columns.
    Import {
        /// What the file holds: plans, customers, orders, receivables or people.
        kind: String,
        /// The file.
        file: PathBuf,
        /// Only check the file; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The administrator the changes are recorded as made by (the first one when omitted).
        #[arg(long = "as")]
        login: Option<String>,
    },
    /// Reads a provider's IXC Provedor (address, API user and token from CAMPO_IXC_URL,
    /// CAMPO_IXC_USER and CAMPO_IXC_TOKEN) and imports what it holds as one unit, like a file:
    /// problems printed by record, exit status 1, nothing imported then: the active customers,
    /// the open work orders, or the receivables — what changed since the last good reading
    /// (`--full`: all).
    /// `ixc status` shows where each reading stands; `ixc close --closer ID` schedules and
    /// closes in IXC the visits from IXC scheduled and done in Campo. See docs/import/ERP.md.
    Ixc(cli::IxcArgs),
    /// Writes a consistent copy of the database (safe while serving).
    Backup {
        /// The copy to write (must not exist).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Adds an account. The password is read from CAMPO_PASSWORD or the first line of stdin.
    Add {
        /// Login.
        #[arg(long)]
        login: String,
        /// Full name.
        #[arg(long)]
        name: String,
        /// technician, coordinator, sva_manager, backoffice, seller, stock_keeper or admin.
        #[arg(long)]
        role: String,
    },
    /// Lists accounts.
    List,
    /// Disables an account and revokes its sessions.
    Disable {
        /// Login.
        #[arg(long)]
        login: String,
    },
    /// Ends every session of an account (a lost laptop): its devices ask to sign in again,
    /// keeping what they have not sent yet.
    SignOut {
        /// Login.
        #[arg(long)]
        login: String,
    },
    /// Gives an account another role: every device learns it, and the person's devices sign
    /// in again and load what the new role reaches.
    Role {
        /// Login.
        #[arg(long)]
        login: String,
        /// technician, coordinator, sva_manager, backoffice, seller, stock_keeper or admin.
        #[arg(long)]
        role: String,
    },
}

/// How often the server prunes while serving.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);
/// How often serve places customers without a location (when a geocoder is configured).
const GEOCODE_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// How often the ERP settings made in the app are looked at (a reading is due or not).
const ERP_TICK: std::time::Duration = std::time::Duration::from_secs(60);

fn window(days: u32) -> chrono::TimeDelta {
    chrono::TimeDelta::days(i64::from(days))
}

/// A base as given on the command line: "Name,latitude,longitude" (the name may hold commas).
fn base(text: &str) -> Result<campo_domain::provider::Base, ServerError> {
    let mut parts = text.rsplitn(3, ',');
    let (Some(lon), Some(lat), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ServerError::Operator(format!(
            "Base \"{text}\": use \"Nome,latitude,longitude\", por exemplo \"Sede,-22.9056,-47.0608\""
        )));
    };
    let number = |v: &str| {
        v.trim().parse::<f64>().map_err(|_| {
            ServerError::Operator(format!(
                "Base \"{text}\": \"{}\" não é uma coordenada (use ponto decimal, ex.: -22.9056)",
                v.trim()
            ))
        })
    };
    Ok(campo_domain::provider::Base {
        name: name.trim().to_owned(),
        lat: number(lat)?,
        lon: number(lon)?,
        technicians: Vec::new(),
    })
}

fn read_password() -> Result<String, ServerError> {
    if let Ok(p) = std::env::var("CAMPO_PASSWORD") {
        return Ok(p);
    }
    let unreadable =
        |e: std::io::Error| ServerError::Operator(format!("Não foi possível ler a senha: {e}"));
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        // Typed by a person: asked for, and not shown on the screen.
        return rpassword::prompt_password("Senha: ").map_err(unreadable);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(unreadable)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn run(cli: Cli) -> Result<(), ServerError> {
    let pool = match &cli.database_url {
        Some(url) => ServerDb::connect(url).await?,
        None => ServerDb::open_dir(&cli.data_dir).await?,
    };
    let geocoder = match &cli.geocoder_url {
        Some(url) if !url.trim().is_empty() => Some(std::sync::Arc::new(
            campo_server::geocode::Geocoder::new(&campo_server::geocode::GeocoderConfig {
                url: url.clone(),
                contact: cli.geocoder_contact.clone(),
                per_second: cli.geocoder_per_second,
            })?,
        )),
        _ => None,
    };
    let cep_lookup = match &cli.cep_url {
        Some(url) if !url.trim().is_empty() => Some(std::sync::Arc::new(
            campo_server::cep::CepLookup::new(&campo_server::cep::CepConfig {
                url: url.clone(),
                per_second: cli.cep_per_second,
            })?,
        )),
        _ => None,
    };
    match cli.command {
        Command::Serve {
            bind,
            retention_days,
            trusted_proxy,
            session_days,
            ixc_every,
            ixc_closer,
            blob_dir,
            s3_bucket,
            s3_endpoint,
            s3_region,
            s3_prefix,
        } => {
            let blob_dir = blob_dir.unwrap_or_else(|| cli.data_dir.join("blobs"));
            let blobs = match s3_bucket {
                Some(bucket) => {
                    let config = campo_server::blobs::S3Config {
                        bucket,
                        endpoint: s3_endpoint,
                        region: s3_region,
                        prefix: s3_prefix,
                        ..Default::default()
                    };
                    tracing::info!(?config, "photos kept in an S3 bucket");
                    campo_server::blobs::BlobStore::with_bucket(&blob_dir, &config).await?
                }
                None => campo_server::blobs::BlobStore::open(&blob_dir)?,
            };
            if let Some(geocoder) = geocoder.clone() {
                tokio::spawn(campo_server::geocode::keep_locating(
                    pool.clone(),
                    geocoder,
                    GEOCODE_EVERY,
                ));
            }
            // The key the ERP's token is sealed with; a server that cannot make one still
            // serves, only the ERP cannot be set from the app.
            let key_given = std::env::var("CAMPO_SECRET_KEY").is_ok_and(|k| !k.trim().is_empty())
                || cli.data_dir.join("secret.key").exists();
            let secret_key = match campo_server::erp::settings::SecretKey::load(&cli.data_dir) {
                Ok(key) => Some(std::sync::Arc::new(key)),
                // A key given but unusable stops the server: what it sealed would stay sealed.
                Err(e) if key_given => return Err(e),
                Err(e) => {
                    tracing::warn!(error = %e, "no secret key: the ERP cannot be set from the app");
                    None
                }
            };
            if ixc_every.is_none()
                && let Some(key) = &secret_key
            {
                // The connection the administrator sets in the app (nothing until they do).
                tokio::spawn(campo_server::erp::settings::keep_in_step(
                    pool.clone(),
                    key.clone(),
                    ERP_TICK,
                ));
            }
            if let Some(minutes) = ixc_every {
                let config = campo_server::erp::ixc::IxcConfig::from_env()
                    .map_err(|e| ServerError::Operator(e.to_string()))?;
                tracing::info!(minutes, url = %config.url, "reading IXC Provedor");
                let every = std::time::Duration::from_secs(u64::from(minutes.max(1)) * 60);
                if let Some(closer) = ixc_closer.filter(|c| !c.trim().is_empty()) {
                    tokio::spawn(campo_server::erp::writeback::keep_closing(
                        pool.clone(),
                        campo_server::erp::ixc::Ixc::new(config.clone()),
                        campo_server::erp::ixc::SOURCE,
                        closer.trim().to_owned(),
                        every,
                    ));
                }
                tokio::spawn(campo_server::erp::keep_reading(
                    pool.clone(),
                    campo_server::erp::ixc::Ixc::new(config),
                    campo_server::erp::ixc::SOURCE,
                    every,
                ));
            }
            tokio::spawn(retention::keep_pruning(
                pool.clone(),
                window(retention_days),
                PRUNE_EVERY,
            ));
            let listener = tokio::net::TcpListener::bind(bind).await.map_err(|e| {
                ServerError::Operator(format!("Não foi possível escutar em {bind}: {e}"))
            })?;
            tracing::info!(%bind, data = %cli.data_dir.display(), "campo-server listening");
            let app = router(
                AppState::new(pool.clone(), blobs)
                    .with_geocoder(geocoder)
                    .with_cep_lookup(cep_lookup)
                    .with_erp_schedule(
                        ixc_every.map(|m| (campo_server::erp::ixc::SOURCE, m.max(1))),
                    )
                    .with_secret_key(secret_key)
                    .with_trusted_proxy(trusted_proxy)
                    .with_session_lifetime(window(session_days.max(1))),
            );
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| ServerError::Operator(e.to_string()))?;
        }
        Command::Geocode { limit } => {
            let Some(geocoder) = geocoder else {
                return Err(ServerError::Operator(
                    "Nenhum geocodificador configurado: use --geocoder-url (ou CAMPO_GEOCODER_URL)"
                        .into(),
                ));
            };
            let r = campo_server::geocode::locate_customers(&pool, &geocoder, limit).await?;
            eprintln!(
                "clientes localizados: {}; endereços não encontrados (marque-os no mapa): {}; ainda sem localização: {}",
                r.located, r.not_found, r.waiting
            );
        }
        Command::Prune { retention_days } => {
            let p = retention::prune(&pool, window(retention_days)).await?;
            eprintln!(
                "registros de exclusão removidos: {}; técnicos cujos dispositivos, parados há mais tempo, carregarão os dados de novo: {}",
                p.removed, p.technicians
            );
        }
        Command::Migrate => {
            tracing::info!(data = %cli.data_dir.display(), "database migrated");
        }
        Command::Init {
            name,
            cnpj,
            municipalities,
            bases,
            admin_login,
            admin_name,
        } => {
            let profile = campo_domain::provider::ProviderProfile {
                name,
                cnpj,
                municipalities,
                bases: bases.iter().map(|b| base(b)).collect::<Result<_, _>>()?,
            };
            let password = read_password()?;
            campo_server::setup::init(&pool, &profile, &admin_login, &admin_name, &password)
                .await?;
            let head = profile
                .head()
                .map(|m| format!("{}/{} ({})", m.name, m.uf, m.zone.name()))
                .unwrap_or_default();
            eprintln!(
                "provedor {} criado em {head}; administrador {admin_login} pode entrar pelo aplicativo",
                profile.name.trim()
            );
        }
        Command::User {
            command: UserCommand::Add { login, name, role },
        } => {
            let password = read_password()?;
            let id = users::add_user(&pool, &login, &name, &role, &password).await?;
            eprintln!("usuário {login} criado ({id})");
        }
        Command::User {
            command: UserCommand::List,
        } => {
            for u in users::list_users(&pool).await? {
                let state = if u.disabled { "desativado" } else { "ativo" };
                println!("{}\t{}\t{}\t{state}", u.login, u.role, u.name);
            }
        }
        Command::User {
            command: UserCommand::Disable { login },
        } => {
            users::disable_user(&pool, &login).await?;
            eprintln!("usuário {login} desativado; sessões revogadas");
        }
        Command::User {
            command: UserCommand::SignOut { login },
        } => {
            let ended = users::end_sessions(&pool, &login).await?;
            eprintln!("sessões de {login} encerradas: {ended}");
        }
        Command::User {
            command: UserCommand::Role { login, role },
        } => {
            let Some(new) = campo_protocol::Role::from_code(&role) else {
                let known: Vec<&str> = campo_protocol::Role::ALL.iter().map(|r| r.code()).collect();
                return Err(ServerError::Operator(format!(
                    "Papel desconhecido: {role} (use {})",
                    known.join(", ")
                )));
            };
            campo_server::accounts::set_role(&pool, &login, new).await?;
            eprintln!("{login} agora tem o papel {}", new.code());
        }
        Command::Import {
            kind,
            file,
            dry_run,
            login,
        } => {
            let Some(kind) = campo_import::ImportKind::from_code(&kind) else {
                return Err(ServerError::Operator(format!(
                    "Tipo de arquivo desconhecido: {kind} (use plans, customers, orders, receivables ou people)"
                )));
            };
            let bytes = std::fs::read(&file).map_err(|e| {
                ServerError::Operator(format!("Não foi possível ler {}: {e}", file.display()))
            })?;
            let report =
                campo_server::import::import_file(&pool, kind, &bytes, login.as_deref(), dry_run)
                    .await?;
            let what = file.display().to_string();
            if !print_report(&what, kind, &report, dry_run, |_| None) {
                pool.close().await;
                std::process::exit(1);
            }
        }
        Command::Ixc(args) => cli::ixc(&pool, args).await?,
        Command::Backup { out } => {
            pool.backup(&out).await?;
            eprintln!("cópia gravada em {}", out.display());
        }
    }
    pool.close().await;
    Ok(())
}

#[tokio::main]
async fn main() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("CAMPO_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .try_init();
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("erro: {}", explain(&e));
        std::process::exit(1);
    }
}
