//! The administrator imports the provider's staff list from the app, against a real server on
//! 127.0.0.1: every problem named by line and column (a login that cannot be one, a role
//! Campo does not know, a login twice, one the server has with another role), then the fixed
//! list as one unit — the new people get accounts with a first password shown once, those
//! already there are left as they are — and the same list again changes nothing.

use base64::Engine;
use campo_core::import::{ImportCheck, ImportResult, check_import, choose_import_file, run_import};
use campo_core::people::accounts;
use campo_core::sync::{SessionState, sync_now};
use campo_core::{CommandError, Context, ErrorCode};
use campo_domain::Lang;
use campo_fixtures::server::start;
use campo_import::{ImportKind, Mapping};
use campo_protocol::Role;

mod support;
use support::joined;

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
}

async fn chosen(ctx: &Context, text: &str) -> (Mapping, ImportCheck) {
    let preview = choose_import_file(ctx, ImportKind::People, b64(text))
        .await
        .unwrap();
    let check = check_import(ctx, preview.mapping.clone()).await.unwrap();
    (preview.mapping, check)
}

/// `login` joins a fresh device to the server at `url` with the first password they were
/// handed, and the device asks them at once to choose their own.
async fn signs_in_first(url: &str, login: &str, password: &str) -> (tempfile::TempDir, Context) {
    let data = tempfile::tempdir().unwrap();
    let theirs = Context::new(data.path().to_path_buf());
    campo_core::sync::join_server(&theirs, url.to_owned(), login.into(), password.to_owned())
        .await
        .unwrap();
    assert_eq!(
        campo_core::sync::sync_status(&theirs)
            .await
            .unwrap()
            .session,
        Some(SessionState::ChoosePassword)
    );
    (data, theirs)
}

/// Carla's first password is among those `result` shows, and it is the one the server keeps:
/// she signs in with it.
async fn carla_signs_in_as_shown(url: &str, result: &ImportResult) {
    let carla = result
        .first_passwords
        .iter()
        .find(|f| f.login == "carla")
        .expect("Carla's first password shown");
    signs_in_first(url, "carla", &carla.password).await;
}

const WITH_MISTAKES: &str = "\
Nome;Login;Função;Celular
Carla Nunes;carla;Técnica;(81) 99876-5432
Diego Alves;josé alves;Vendedor;
Elisa Prado;elisa;Motorista;
Carla Nunes Filha;Carla;Técnico;
Josué Lins;josue;Técnico;
Sofia Castro;sofia;Financeiro;
";

#[tokio::test]
async fn the_administrator_imports_the_staff_list_and_each_new_person_signs_in() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;

    let (_, check) = chosen(&admin, WITH_MISTAKES).await;
    let found: Vec<(usize, Option<&str>, &str)> = check
        .problems
        .iter()
        .map(|p| (p.line, p.letter.as_deref(), p.what.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                3,
                Some("B"),
                "login “josé alves” não serve: use de 1 a 64 letras sem acento, números, ponto, hífen ou sublinhado"
            ),
            (
                4,
                Some("C"),
                "“Motorista” não é um valor conhecido para “Papel” (use: técnico, coordenação, gerente de SVAs, backoffice, vendedor, atendimento, almoxarifado, financeiro, administração)"
            ),
            (5, Some("B"), "“Login” repetido: já aparece na linha 2"),
            (
                7,
                Some("C"),
                "já existe a conta “sofia” com o papel Vendedor(a); para mudá-lo, use Administração → Pessoas"
            ),
        ],
        "{:?}",
        check.problems
    );
    assert_eq!(check.ready, 2, "Carla and Josué");
    let before = accounts(&admin).await.unwrap().len();

    // The list fixed: Diego's login, Elisa's role, Carla's daughter's own login, Sofia left out.
    let fixed = WITH_MISTAKES
        .replace("josé alves", "diego.alves")
        .replace("Motorista", "Almoxarife")
        .replace("Filha;Carla;", "Filha;carla.filha;")
        .replace("Sofia Castro;sofia;Financeiro;\n", "");
    let (mapping, check) = chosen(&admin, &fixed).await;
    assert_eq!(check.problem_count, 0, "{:?}", check.problems);
    let result = run_import(&admin, mapping).await.unwrap();
    assert_eq!(
        (result.summary.created, result.summary.unchanged),
        (4, 1),
        "Josué already has his account"
    );
    let logins: Vec<(&str, Role)> = result
        .first_passwords
        .iter()
        .map(|f| (f.login.as_str(), f.role))
        .collect();
    assert_eq!(
        logins,
        [
            ("carla", Role::Technician),
            ("diego.alves", Role::Seller),
            ("elisa", Role::StockKeeper),
            ("carla.filha", Role::Technician)
        ]
    );
    let list = accounts(&admin).await.unwrap();
    assert_eq!(list.len(), before + 4);

    // Carla signs in on her own computer with the first password she was handed.
    let carla = &result.first_passwords[0];
    assert_eq!(carla.password.len(), 14);
    // The joined device asks her at once to choose her own password.
    let (_data, hers) = signs_in_first(&server.url, "carla", &carla.password).await;
    campo_core::sync::choose_password(&hers, carla.password.clone(), "a-senha-da-carla".into())
        .await
        .unwrap();
    assert_eq!(
        sync_now(&hers).await.unwrap().session,
        Some(SessionState::Active)
    );

    // The office's devices learn the new technicians, with Carla's phone.
    sync_now(&admin).await.unwrap();
    let store = admin.store().await.unwrap();
    let techs = store.filter_options().await.unwrap().technicians;
    let carla_here = techs
        .iter()
        .find(|t| t.name == "Carla Nunes")
        .expect("Carla reached the office");
    assert_eq!(carla_here.phone, "(81) 99876-5432");
    assert!(techs.iter().any(|t| t.name == "Carla Nunes Filha"));

    // The same list again changes nothing.
    let (mapping, check) = chosen(&admin, &fixed).await;
    assert_eq!(check.problem_count, 0);
    let again = run_import(&admin, mapping).await.unwrap();
    assert_eq!((again.summary.created, again.summary.unchanged), (0, 5));
    assert!(again.first_passwords.is_empty());
    assert_eq!(accounts(&admin).await.unwrap().len(), before + 4);
}

#[tokio::test]
async fn only_the_administrator_imports_people() {
    let server = start().await;
    let (_c, coordinator) = joined(&server.url, "mariana").await;
    choose_import_file(
        &coordinator,
        ImportKind::People,
        b64("Nome;Login;Papel\nCarla Nunes;carla;Técnica\n"),
    )
    .await
    .unwrap();
    let preview_mapping = Mapping {
        columns: vec![
            Some(campo_import::Field::Name),
            Some(campo_import::Field::Login),
            Some(campo_import::Field::Role),
        ],
    };
    let err = check_import(&coordinator, preview_mapping)
        .await
        .unwrap_err();
    let shown = CommandError::from_app(&err, Lang::PtBr);
    assert_eq!(shown.code, ErrorCode::NotAllowed);
    assert_eq!(shown.message, "Só a administração gerencia as pessoas");
}

#[tokio::test]
async fn the_list_is_checked_again_as_it_is_imported() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    let (mapping, check) = chosen(
        &admin,
        "Nome;Login;Papel\nCarla Nunes;carla;Técnica\nDiego Alves;diego;Vendedor\n",
    )
    .await;
    assert_eq!(check.problem_count, 0);
    // Someone makes a `carla` account by hand meanwhile, as a seller.
    campo_core::people::add_account(
        &admin,
        campo_protocol::accounts::NewAccount {
            login: "carla".into(),
            name: "Carla Souza".into(),
            role: Role::Seller,
            password: "senha-da-carla".into(),
            phone: None,
            id: None,
        },
    )
    .await
    .unwrap();
    let before = accounts(&admin).await.unwrap().len();
    let err = run_import(&admin, mapping.clone()).await.unwrap_err();
    assert_eq!(
        CommandError::from_app(&err, Lang::PtBr).message,
        "O arquivo tem 1 problema: corrija-o e verifique de novo; nada foi importado"
    );
    assert_eq!(
        accounts(&admin).await.unwrap().len(),
        before,
        "Diego not made"
    );
    let again = check_import(&admin, mapping).await.unwrap();
    assert!(
        again.problems[0]
            .what
            .starts_with("já existe a conta “carla” com o papel Vendedor(a)"),
        "{:?}",
        again.problems
    );
}

/// A way to the server that loses the answer to the first staff list sent through it: the
/// list reaches the server, which answers, and the connection is cut before the answer
/// arrives. Everything else passes as it is. When the list arrives it tells `seen` and waits
/// for `go` before passing it on (someone may act on the server meanwhile).
struct Lossy {
    address: String,
    /// Set once the answer to a staff list was cut.
    cut: std::sync::Arc<std::sync::atomic::AtomicBool>,
    seen: std::sync::Arc<tokio::sync::Notify>,
    go: std::sync::Arc<tokio::sync::Notify>,
    /// The staff list kept back ([`Loss::Late`]), whole, as the device sent it.
    kept: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

/// How the first staff list's answer is lost.
#[derive(Clone, Copy, PartialEq)]
enum Loss {
    /// The server makes the accounts at once; its answer is cut.
    Cut,
    /// The same, the list held on its way until `go` (`seen` when it arrives).
    Hold,
    /// The line is cut at once and the list kept back; the server gets it only when the test
    /// delivers it ([`Lossy::deliver`]) — a server that makes the accounts long after.
    Late,
}

impl Lossy {
    /// Hands the staff list kept back to the server at `server`, as sent; returns its answer's
    /// status line (the accounts are made when the answer starts).
    async fn deliver(&self, server: &str) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let request = self.kept.lock().unwrap().clone();
        assert!(!request.is_empty(), "a staff list was kept back");
        let mut line = tokio::net::TcpStream::connect(server.trim_start_matches("http://"))
            .await
            .unwrap();
        line.write_all(&request).await.unwrap();
        let mut answer = Vec::new();
        let mut buf = [0u8; 4096];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = line.read(&mut buf).await.unwrap();
            assert!(n > 0, "the server closed without answering");
            answer.extend_from_slice(&buf[..n]);
        }
        let answer = String::from_utf8_lossy(&answer);
        answer.lines().next().unwrap_or_default().to_owned()
    }
}

/// Whether `request` holds a whole HTTP request: its head and the body its `content-length`
/// names.
fn whole(request: &[u8]) -> bool {
    let Some(head) = request.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let text = String::from_utf8_lossy(&request[..head]).to_lowercase();
    let body: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    request.len() >= head + 4 + body
}

async fn losing_the_staff_list_answer(server: &str, loss: Loss) -> Lossy {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let upstream = server.trim_start_matches("http://").to_owned();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let lossy = Lossy {
        address: format!("http://{}", listener.local_addr().unwrap()),
        cut: Arc::new(AtomicBool::new(false)),
        seen: Arc::new(tokio::sync::Notify::new()),
        go: Arc::new(tokio::sync::Notify::new()),
        kept: Arc::new(std::sync::Mutex::new(Vec::new())),
    };
    let lost = Arc::new(AtomicBool::new(false));
    let (was_cut, seen, go, kept) = (
        Arc::clone(&lossy.cut),
        Arc::clone(&lossy.seen),
        Arc::clone(&lossy.go),
        Arc::clone(&lossy.kept),
    );
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let upstream = upstream.clone();
            let (lost, was_cut, seen, go, kept) = (
                Arc::clone(&lost),
                Arc::clone(&was_cut),
                Arc::clone(&seen),
                Arc::clone(&go),
                Arc::clone(&kept),
            );
            tokio::spawn(async move {
                let server = tokio::net::TcpStream::connect(&upstream).await.unwrap();
                let (mut from_client, mut to_client) = client.into_split();
                let (mut from_server, mut to_server) = server.into_split();
                let cut = Arc::new(AtomicBool::new(false));
                let cutting = Arc::clone(&cut);
                let cut_now = Arc::new(tokio::sync::Notify::new());
                let cutting_now = Arc::clone(&cut_now);
                let ask = tokio::spawn(async move {
                    let mut buf = vec![0u8; 64 * 1024];
                    while let Ok(n) = from_client.read(&mut buf).await {
                        if n == 0 {
                            break;
                        }
                        let text = String::from_utf8_lossy(&buf[..n]);
                        if text.contains("POST /v1/admin/accounts/import")
                            && !lost.swap(true, Ordering::SeqCst)
                        {
                            cutting.store(true, Ordering::SeqCst);
                            if loss == Loss::Late {
                                // Read whole and kept back; the device's line cut at once.
                                let mut request = buf[..n].to_vec();
                                while !whole(&request) {
                                    match from_client.read(&mut buf).await {
                                        Ok(0) | Err(_) => break,
                                        Ok(more) => request.extend_from_slice(&buf[..more]),
                                    }
                                }
                                *kept.lock().unwrap() = request;
                                cutting_now.notify_one();
                                return;
                            }
                            if loss == Loss::Hold {
                                seen.notify_one();
                                go.notified().await;
                            }
                        }
                        if to_server.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                });
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = tokio::select! {
                        read = from_server.read(&mut buf) => match read {
                            Ok(n) if n > 0 => n,
                            _ => break,
                        },
                        () = cut_now.notified() => {
                            was_cut.store(true, Ordering::SeqCst);
                            break;
                        }
                    };
                    if cut.load(Ordering::SeqCst) {
                        // The server answered: cut the line.
                        was_cut.store(true, Ordering::SeqCst);
                        break;
                    }
                    if to_client.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
                ask.abort();
            });
        }
    });
    lossy
}

const TWO_PEOPLE: &str =
    "Nome;Login;Papel\nCarla Nunes;carla;Técnica\nDiego Alves;diego;Vendedor\n";

#[tokio::test]
async fn the_first_passwords_are_shown_when_the_servers_answer_is_lost_on_the_way() {
    let server = start().await;
    let through = losing_the_staff_list_answer(&server.url, Loss::Cut).await;
    let (_a, admin) = joined(&through.address, "admin").await;
    let (mapping, check) = chosen(&admin, TWO_PEOPLE).await;
    assert_eq!(check.problem_count, 0);
    let result = run_import(&admin, mapping).await.unwrap();
    assert!(
        through.cut.load(std::sync::atomic::Ordering::SeqCst),
        "the answer was cut"
    );
    assert_eq!(result.summary.created, 2);
    carla_signs_in_as_shown(&server.url, &result).await;
}

#[tokio::test]
async fn a_list_the_server_refused_is_not_taken_for_made_when_the_answer_is_lost() {
    let server = start().await;
    let through = losing_the_staff_list_answer(&server.url, Loss::Hold).await;
    let (_a, admin) = joined(&through.address, "admin").await;
    // Another administrator's computer, straight to the server.
    let (_b, other) = joined(&server.url, "admin").await;
    let (mapping, check) = chosen(&admin, TWO_PEOPLE).await;
    assert_eq!(check.problem_count, 0);
    let person = |login: &str, name: &str, role| campo_protocol::accounts::NewAccount {
        login: login.into(),
        name: name.into(),
        role,
        password: "uma-senha-longa".into(),
        phone: None,
        id: None,
    };
    // While the list is on its way, the other computer makes both logins, with the same
    // roles: the server refuses the list (all or none), and that answer is lost.
    let meanwhile = async {
        through.seen.notified().await;
        campo_core::people::add_account(&other, person("carla", "Carla Souza", Role::Technician))
            .await
            .unwrap();
        campo_core::people::add_account(&other, person("diego", "Diego Souza", Role::Seller))
            .await
            .unwrap();
        through.go.notify_one();
    };
    let (result, ()) = tokio::join!(run_import(&admin, mapping), meanwhile);
    assert!(through.cut.load(std::sync::atomic::Ordering::SeqCst));
    let err = result.expect_err("not taken for made: the accounts there are another's");
    assert_eq!(
        CommandError::from_app(&err, Lang::PtBr).code,
        ErrorCode::ServerUnreachable
    );
}

#[tokio::test]
async fn a_list_the_server_makes_after_the_device_gave_up_shows_its_passwords_when_imported_again()
{
    let server = start().await;
    let through = losing_the_staff_list_answer(&server.url, Loss::Late).await;
    let (_a, admin) = joined(&through.address, "admin").await;
    let (mapping, check) = chosen(&admin, TWO_PEOPLE).await;
    assert_eq!(check.problem_count, 0);
    let err = run_import(&admin, mapping.clone())
        .await
        .expect_err("no answer, and no account there while the device looked");
    assert!(through.cut.load(std::sync::atomic::Ordering::SeqCst));
    let told = CommandError::from_app(&err, Lang::PtBr);
    assert_eq!(told.code, ErrorCode::ServerUnreachable);
    assert!(
        told.message.contains("Importe a lista de novo"),
        "{}",
        told.message
    );
    // The server gets the list only now, long after the device stopped looking.
    assert!(through.deliver(&server.url).await.contains("200"));
    // Imported again: nothing new to make, and the lost list's first passwords are shown.
    let result = run_import(&admin, mapping).await.unwrap();
    assert_eq!((result.summary.created, result.summary.unchanged), (2, 0));
    carla_signs_in_as_shown(&server.url, &result).await;
    // Shown once: the same list once more is left as it is.
    let (mapping, _) = chosen(&admin, TWO_PEOPLE).await;
    let again = run_import(&admin, mapping).await.unwrap();
    assert!(again.first_passwords.is_empty());
    assert_eq!((again.summary.created, again.summary.unchanged), (0, 2));
}

#[tokio::test]
async fn a_lost_list_whose_logins_another_computer_made_shows_none_of_its_passwords() {
    let server = start().await;
    let through = losing_the_staff_list_answer(&server.url, Loss::Late).await;
    let (_a, admin) = joined(&through.address, "admin").await;
    let (mapping, _) = chosen(&admin, TWO_PEOPLE).await;
    run_import(&admin, mapping.clone())
        .await
        .expect_err("no answer");
    // Meanwhile another administrator's computer imports the same people: other accounts.
    let (_b, other) = joined(&server.url, "admin").await;
    let (theirs, _) = chosen(&other, TWO_PEOPLE).await;
    let made = run_import(&other, theirs).await.unwrap();
    assert_eq!(made.summary.created, 2);
    // The first list can never be made now: none of its passwords (not the accounts') shown.
    let again = run_import(&admin, mapping.clone()).await.unwrap();
    assert!(again.first_passwords.is_empty());
    assert_eq!((again.summary.created, again.summary.unchanged), (0, 2));
    // Even once the server gets it (and refuses it: the logins are taken).
    assert!(!through.deliver(&server.url).await.contains("200"));
    let once_more = run_import(&admin, mapping).await.unwrap();
    assert!(once_more.first_passwords.is_empty());
}

#[tokio::test]
async fn the_next_person_on_the_computer_does_not_see_the_first_ones_import_running() {
    let server = start().await;
    let through = losing_the_staff_list_answer(&server.url, Loss::Late).await;
    let (_a, admin) = joined(&through.address, "admin").await;
    let (mapping, _) = chosen(&admin, TWO_PEOPLE).await;
    // The list's answer is lost, and the app looks for its accounts for a few seconds;
    // meanwhile the administrator hands the computer to someone else.
    let meanwhile = async {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        let progress = campo_core::import::import_progress(&admin).await.unwrap();
        assert!(progress.running, "the list is on its way");
        admin.close().await;
        let progress = campo_core::import::import_progress(&admin).await.unwrap();
        assert!(!progress.running, "not shown to the next person");
    };
    let (result, ()) = tokio::join!(run_import(&admin, mapping), meanwhile);
    result.expect_err("no answer");
}
