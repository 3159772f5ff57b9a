//! Setting up a provider from the command line, as its IT person does on a new server:
//! `campo-server init` creates the provider and its first administrator once, names every
//! problem of a wrong profile and then writes nothing, and the profile is in the log every
//! device pulls.

use std::path::Path;
use std::process::{Command, Output};

use campo_server::db::ServerDb;
use campo_server::{setup, users};

fn init(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_campo-server"))
        .arg("--data-dir")
        .arg(dir)
        .arg("init")
        .args(args)
        .env("CAMPO_PASSWORD", "senha-forte-123")
        .env_remove("DATABASE_URL")
        .output()
        .expect("run campo-server")
}

const CAMPINAS: &[&str] = &[
    "--name",
    "Conecta Campinas",
    "--cnpj",
    "11.222.333/0001-81",
    "--municipality",
    "3509502",
    "--municipality",
    "3552403",
    "--base",
    "Sede, Taquaral,-22.8789,-47.0574",
    "--admin-login",
    "ana",
    "--admin-name",
    "Ana Prado",
];

#[tokio::test]
async fn init_creates_the_provider_and_its_administrator_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = init(dir.path(), CAMPINAS);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("provedor Conecta Campinas criado em Campinas/SP (America/Sao_Paulo)"),
        "{said}"
    );

    let again = init(dir.path(), CAMPINAS);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("já foi inicializado"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    let db = ServerDb::open_dir(dir.path()).await.unwrap();
    let people = users::list_users(&db).await.unwrap();
    assert_eq!(people.len(), 1, "one administrator, not two");
    assert_eq!(people[0].login, "ana");
    assert_eq!(people[0].role.code(), "admin");
    let profile = setup::profile(&db)
        .await
        .unwrap()
        .expect("the profile is in the log");
    assert_eq!(profile.cnpj, "11222333000181");
    assert_eq!(profile.bases[0].name, "Sede, Taquaral");
    assert_eq!(profile.municipalities, [3509502, 3552403]);
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops WHERE kind = 'provider.set'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn a_wrong_profile_is_refused_by_name_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<&str> = CAMPINAS.to_vec();
    args[3] = "11.222.333/0001-82";
    args[5] = "9999999";
    let out = init(dir.path(), &args);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains("CNPJ inválido"), "{said}");
    assert!(
        said.contains("Município 9999999 não existe na tabela do IBGE"),
        "{said}"
    );

    let mut args: Vec<&str> = CAMPINAS.to_vec();
    args[9] = "Sede,-22.8789";
    let out = init(dir.path(), &args);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("use \"Nome,latitude,longitude\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let db = ServerDb::open_dir(dir.path()).await.unwrap();
    assert!(users::list_users(&db).await.unwrap().is_empty());
    assert!(setup::profile(&db).await.unwrap().is_none());
}

#[tokio::test]
async fn a_technicians_window_keeps_the_day_of_the_westernmost_municipality_served() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = CAMPINAS.to_vec();
    // Manaus, an hour behind Campinas.
    args.extend(["--municipality", "1302603"]);
    let out = init(dir.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = ServerDb::open_dir(dir.path()).await.unwrap();
    // 00:30 in Campinas on the 2nd is still 23:30 of the 1st in Manaus.
    let late = chrono::DateTime::parse_from_rfc3339("2026-12-02T03:30:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_eq!(
        setup::provider_date(&db, late).await.unwrap().to_string(),
        "2026-12-01"
    );
    let noon = chrono::DateTime::parse_from_rfc3339("2026-12-02T15:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_eq!(
        setup::provider_date(&db, noon).await.unwrap().to_string(),
        "2026-12-02"
    );
}
