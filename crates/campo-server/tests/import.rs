//! `campo-server import`, as a provider's nightly job runs it: the sample files of
//! `docs/import` checked (`--dry-run`: every problem printed by line and column, exit status
//! 1, nothing written), imported through the server's own rules as one unit, and imported
//! again without changing anything (receivables too); an account that may not import is
//! refused, nothing kept.

use std::path::{Path, PathBuf};
use std::process::Output;

mod cli;
use cli::{provider, said};

fn campo(dir: &Path, args: &[&str]) -> Output {
    cli::command(dir)
        .args(args)
        .output()
        .expect("run campo-server")
}

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/import")
        .join(name)
}

fn import(dir: &Path, kind: &str, file: &Path, extra: &[&str]) -> Output {
    let file = file.to_str().unwrap();
    let mut args = vec!["import", kind, file];
    args.extend_from_slice(extra);
    campo(dir, &args)
}

/// How many operations the server's log holds (what devices would pull).
fn ops(dir: &Path) -> i64 {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = campo_server::db::ServerDb::open_dir(dir).await.unwrap();
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ops")
            .fetch_one(db.pool())
            .await
            .unwrap();
        db.close().await;
        n
    })
}

#[test]
fn the_sample_files_are_checked_imported_once_and_again_without_change() {
    let dir = provider();
    let before = ops(dir.path());

    // The customers' file as shipped: its two mistakes, exit status 1, nothing written.
    let out = import(
        dir.path(),
        "customers",
        &sample("clientes.csv"),
        &["--dry-run"],
    );
    let (stdout, stderr) = said(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("Linha 5, coluna C (CPF): CPF inválido"),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("Linha 9, coluna F (Data de nascimento)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("2 problemas; nada foi importado"),
        "{stderr}"
    );
    let out = import(dir.path(), "customers", &sample("clientes.csv"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        ops(dir.path()),
        before,
        "a file with problems writes nothing"
    );

    let fixed_dir = tempfile::tempdir().unwrap();
    let fixed = fixed_dir.path().join("clientes.csv");
    std::fs::write(
        &fixed,
        std::fs::read_to_string(sample("clientes.csv"))
            .unwrap()
            .replace("111.444.777-36", "111.444.777-35")
            .replace("12/31/1980", "31/12/1980"),
    )
    .unwrap();
    let out = import(dir.path(), "customers", &fixed, &["--dry-run"]);
    assert!(out.status.success(), "{:?}", said(&out));
    assert!(
        said(&out)
            .1
            .contains("nenhum problema; 10 registros prontos")
    );
    assert_eq!(ops(dir.path()), before, "a dry run writes nothing");

    // Orders before their plans and customers: named, nothing written.
    let out = import(dir.path(), "orders", &sample("ordens.csv"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        said(&out)
            .0
            .contains("Linha 2, coluna B (id_cliente): cliente “1001” não existe"),
        "{:?}",
        said(&out)
    );

    for (kind, file, created) in [
        ("plans", sample("planos.csv"), 3),
        ("customers", fixed.clone(), 10),
        ("orders", sample("ordens.csv"), 7),
        ("receivables", sample("titulos.csv"), 30),
    ] {
        let out = import(dir.path(), kind, &file, &[]);
        let (stdout, stderr) = said(&out);
        assert!(out.status.success(), "{kind}: {stdout}{stderr}");
        assert!(
            stderr.contains(&format!("criados {created}, atualizados 0, sem mudança 0")),
            "{kind}: {stderr}"
        );
    }
    let imported = ops(dir.path());
    // 3 plans, 10 customers, 7 orders and the approvals of the 5 open ones that start in
    // analysis (installations and the address change, not the one still in analysis), 30
    // receivables.
    assert_eq!(imported - before, 3 + 10 + 7 + 4 + 30);

    for (kind, file, unchanged) in [
        ("plans", sample("planos.csv"), 3),
        ("customers", fixed.clone(), 10),
        ("orders", sample("ordens.csv"), 7),
        ("receivables", sample("titulos.csv"), 30),
    ] {
        let out = import(dir.path(), kind, &file, &[]);
        assert!(
            said(&out).1.contains(&format!(
                "criados 0, atualizados 0, sem mudança {unchanged}"
            )),
            "{kind}: {:?}",
            said(&out)
        );
    }
    assert_eq!(
        ops(dir.path()),
        imported,
        "the same files again change nothing"
    );

    // A receivable naming a contract of another customer: named, nothing written.
    let moved = dir.path().join("titulos-contrato.csv");
    std::fs::write(
        &moved,
        "id;id_cliente;id_contrato;data_emissao;data_vencimento;valor;status;pagamento_data;valor_recebido\n\
         90099;1002;3001;01/12/2026;10/12/2026;99,90;A;;\n",
    )
    .unwrap();
    let out = import(dir.path(), "receivables", &moved, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        said(&out).0.contains(
            "Linha 2, coluna C (id_contrato): o contrato “3001” é de outro cliente no Campo (1001)"
        ),
        "{:?}",
        said(&out)
    );
    assert_eq!(ops(dir.path()), imported);

    // An updated export: one customer moved house.
    std::fs::write(
        &fixed,
        std::fs::read_to_string(&fixed)
            .unwrap()
            .replace("Rua Dom Bosco;45", "Rua Dom Bosco;47"),
    )
    .unwrap();
    let out = import(dir.path(), "customers", &fixed, &[]);
    assert!(
        said(&out)
            .1
            .contains("criados 0, atualizados 1, sem mudança 9"),
        "{:?}",
        said(&out)
    );
}

#[test]
fn an_account_that_may_not_import_is_refused_and_nothing_is_kept() {
    let dir = provider();
    let out = campo(
        dir.path(),
        &[
            "user",
            "add",
            "--login",
            "josue",
            "--name",
            "Josué Lins",
            "--role",
            "technician",
        ],
    );
    assert!(out.status.success(), "{:?}", said(&out));
    let before = ops(dir.path());
    let out = import(
        dir.path(),
        "plans",
        &sample("planos.csv"),
        &["--as", "josue"],
    );
    assert!(!out.status.success());
    assert!(
        said(&out).1.contains("nada foi importado"),
        "{:?}",
        said(&out)
    );
    assert_eq!(ops(dir.path()), before);

    let out = campo(
        dir.path(),
        &["import", "invoices", sample("planos.csv").to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(
        said(&out)
            .1
            .contains("use plans, customers, orders, receivables ou people"),
        "{:?}",
        said(&out)
    );
}

#[test]
fn a_staff_list_makes_accounts_with_first_passwords_once() {
    let dir = provider();
    let before = ops(dir.path());
    let out = import(dir.path(), "people", &sample("pessoas.csv"), &["--dry-run"]);
    assert!(out.status.success(), "{:?}", said(&out));
    assert!(
        said(&out)
            .1
            .contains("nenhum problema; 10 registros prontos")
    );
    assert_eq!(ops(dir.path()), before, "a dry run writes nothing");

    let out = import(dir.path(), "people", &sample("pessoas.csv"), &[]);
    let (stdout, stderr) = said(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stderr.contains("criados 10, atualizados 0, sem mudança 0"),
        "{stderr}"
    );
    // Each new login with its first password, one per line, to hand over.
    let given: Vec<(&str, &str)> = stdout
        .lines()
        .map(|l| l.split_once('\t').expect("login\tpassword"))
        .collect();
    assert_eq!(given.len(), 10, "{stdout}");
    assert_eq!(given[0].0, "bruno.tavares");
    assert_eq!(
        ops(dir.path()),
        before + 10,
        "each person announced to the devices"
    );

    // Bruno signs in with his.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let password = given[0].1.to_owned();
    rt.block_on(async {
        let db = campo_server::db::ServerDb::open_dir(dir.path())
            .await
            .unwrap();
        let (_, _, user) = campo_server::users::login(
            &db,
            "bruno.tavares",
            &password,
            uuid::Uuid::now_v7(),
            campo_server::users::default_lifetime(),
        )
        .await
        .expect("the first password signs in");
        assert_eq!(user.role, campo_protocol::Role::Technician);
        db.close().await;
    });

    // The same list again changes nothing and hands out no password.
    let out = import(dir.path(), "people", &sample("pessoas.csv"), &[]);
    let (stdout, stderr) = said(&out);
    assert!(
        stderr.contains("criados 0, atualizados 0, sem mudança 10"),
        "{stderr}"
    );
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(ops(dir.path()), before + 10);

    // A list naming Bruno with another role is refused, by line and column.
    let changed_dir = tempfile::tempdir().unwrap();
    let changed = changed_dir.path().join("pessoas.csv");
    std::fs::write(
        &changed,
        "Nome;Login;Papel\nBruno Tavares;bruno.tavares;Vendedor\nOtávio Reis;otavio;Técnico\n",
    )
    .unwrap();
    let out = import(dir.path(), "people", &changed, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        said(&out).0.contains(
            "Linha 2, coluna C (Papel): já existe a conta “bruno.tavares” com o papel Técnico(a)"
        ),
        "{:?}",
        said(&out)
    );
    assert_eq!(ops(dir.path()), before + 10, "Otávio is not created either");

    // Only as an administrator: Bruno, a technician, may not.
    std::fs::write(&changed, "Nome;Login;Papel\nOtávio Reis;otavio;Técnico\n").unwrap();
    let out = import(dir.path(), "people", &changed, &["--as", "bruno.tavares"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        said(&out)
            .1
            .contains("Só a administração gerencia as pessoas"),
        "{:?}",
        said(&out)
    );
    assert_eq!(ops(dir.path()), before + 10);
}

#[test]
fn accounts_made_together_are_all_made_or_none() {
    use campo_protocol::Role;
    use campo_protocol::accounts::{AccountProblem, NewAccount};
    use campo_server::error::ServerError;
    let dir = provider();
    let person = |login: &str| NewAccount {
        login: login.into(),
        name: "Pessoa Nova".into(),
        role: Role::Technician,
        password: "senha-forte-1".into(),
        phone: Some("(81) 99876-5432".into()),
        id: None,
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = campo_server::db::ServerDb::open_dir(dir.path())
            .await
            .unwrap();
        let before = campo_server::users::list_users(&db).await.unwrap().len();
        // `ana` is the administrator: the list is refused whole, `nova` not made either.
        let err = campo_server::users::add_users(&db, &[person("nova"), person("ana")], true)
            .await
            .unwrap_err();
        assert!(
            matches!(err, ServerError::Account(AccountProblem::LoginTaken)),
            "{err:?}"
        );
        assert_eq!(
            campo_server::users::list_users(&db).await.unwrap().len(),
            before
        );
        let ids = campo_server::users::add_users(&db, &[person("nova"), person("outra")], true)
            .await
            .unwrap();
        assert_eq!(ids.len(), 2);
        assert_eq!(
            campo_server::users::list_users(&db).await.unwrap().len(),
            before + 2
        );
        db.close().await;
    });
}
