//! The administrator manages people from the app (online, against a real server): every
//! account with its devices, a new account judged field by field, a new password and disabling
//! reaching the person's own device, and nobody else may. A password the administration gave
//! is replaced by the person's own before anything else syncs.

use campo_core::people::{accounts, add_account, change_account};
use campo_core::sync::{SessionState, choose_password, sign_in_again, sync_now};
use campo_core::{CommandError, ErrorCode};
use campo_domain::Lang;
use campo_fixtures::server::start;
use campo_protocol::Role;
use campo_protocol::accounts::{AccountAction, NewAccount};

mod support;
use support::joined;

fn shown(err: &campo_core::AppError) -> CommandError {
    CommandError::from_app(err, Lang::PtBr)
}

#[tokio::test]
async fn the_administrator_adds_resets_and_disables_people_from_the_app() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;

    let list = accounts(&admin).await.unwrap();
    let logins: Vec<&str> = list.iter().map(|a| a.login.as_str()).collect();
    assert_eq!(
        logins,
        [
            "admin", "fabio", "josue", "mariana", "rita", "rosa", "sofia", "warley"
        ]
    );
    let me = &list[0];
    assert_eq!(me.devices.len(), 1, "this device, with when it last synced");

    // Every problem of the form at once, beside its field; nothing created.
    let err = add_account(
        &admin,
        NewAccount {
            login: "carla lima".into(),
            name: " ".into(),
            role: Role::Technician,
            password: "curta".into(),
            phone: None,
            id: None,
        },
    )
    .await
    .unwrap_err();
    let refused = shown(&err);
    assert_eq!(refused.code, ErrorCode::InvalidFields);
    assert_eq!(
        refused
            .params
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["login", "name", "password"]
    );
    // The server's own refusal lands beside its field too.
    let err = add_account(
        &admin,
        NewAccount {
            login: "Josue".into(),
            name: "Outro Josué".into(),
            role: Role::Technician,
            password: "senha-forte-9".into(),
            phone: None,
            id: None,
        },
    )
    .await
    .unwrap_err();
    let refused = shown(&err);
    assert_eq!(refused.code, ErrorCode::InvalidFields);
    assert_eq!(
        refused.params["login"],
        "Já existe uma conta com este login"
    );
    assert_eq!(
        CommandError::from_app(&err, Lang::En).params["login"],
        "An account with this login already exists"
    );

    let list = add_account(
        &admin,
        NewAccount {
            login: " Carla ".into(),
            name: "Carla Nunes".into(),
            role: Role::Technician,
            password: "senha-da-carla".into(),
            phone: None,
            id: None,
        },
    )
    .await
    .unwrap();
    let carla = list.iter().find(|a| a.login == "carla").expect("created");
    assert_eq!(
        (carla.name.as_str(), carla.role),
        ("Carla Nunes", Role::Technician)
    );
    assert!(carla.devices.is_empty());

    // Carla signs in on her own computer.
    let data = tempfile::tempdir().unwrap();
    let theirs = campo_core::Context::new(data.path().to_path_buf());
    campo_core::sync::join_server(
        &theirs,
        server.url.clone(),
        "carla".into(),
        "senha-da-carla".into(),
    )
    .await
    .unwrap();
    // The password was the administration's: nothing syncs before she chooses her own, and
    // the server answers nothing else of hers (it does not take the device's word for it).
    assert_eq!(
        sync_now(&theirs).await.unwrap().session,
        Some(SessionState::ChoosePassword)
    );
    let err = choose_password(&theirs, "senha-da-carla".into(), "curta".into())
        .await
        .unwrap_err();
    assert_eq!(
        shown(&err).params["password"],
        "A senha precisa de pelo menos 8 caracteres"
    );
    let err = choose_password(&theirs, "senha-da-carla".into(), "senha-da-carla".into())
        .await
        .unwrap_err();
    assert_eq!(
        shown(&err).params["password"],
        "A nova senha precisa ser diferente da atual"
    );
    let err = choose_password(&theirs, "outra-senha".into(), "minha-senha-nova".into())
        .await
        .unwrap_err();
    assert_eq!(shown(&err).params["current"], "A senha atual não confere");
    choose_password(&theirs, "senha-da-carla".into(), "minha-senha-nova".into())
        .await
        .unwrap();
    assert_eq!(
        sync_now(&theirs).await.unwrap().session,
        Some(SessionState::Active)
    );
    let list = accounts(&admin).await.unwrap();
    let carla = list.iter().find(|a| a.login == "carla").unwrap();
    assert_eq!(carla.devices.len(), 1, "her computer is listed");

    // A new password ends her sessions: her computer asks her to sign in again, with it.
    let err = change_account(
        &admin,
        "carla".into(),
        AccountAction::ResetPassword {
            password: "curta".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        shown(&err).params["password"],
        "A senha precisa de pelo menos 8 caracteres"
    );
    change_account(
        &admin,
        "carla".into(),
        AccountAction::ResetPassword {
            password: "nova-senha-da-carla".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        sync_now(&theirs).await.unwrap().session,
        Some(SessionState::SignInAgain)
    );
    let err = sign_in_again(&theirs, "carla".into(), "minha-senha-nova".into())
        .await
        .unwrap_err();
    assert_eq!(shown(&err).code, ErrorCode::BadCredentials);
    // Given again by the administration: she is asked at once to choose hers again.
    let view = sign_in_again(&theirs, "carla".into(), "nova-senha-da-carla".into())
        .await
        .unwrap();
    assert_eq!(view.session, Some(SessionState::ChoosePassword));
    assert_eq!(
        sync_now(&theirs).await.unwrap().session,
        Some(SessionState::ChoosePassword)
    );
    choose_password(
        &theirs,
        "nova-senha-da-carla".into(),
        "a-minha-de-novo".into(),
    )
    .await
    .unwrap();
    assert_eq!(
        sync_now(&theirs).await.unwrap().session,
        Some(SessionState::Active)
    );

    // Disabled: her computer stops syncing and says so; enabled again, she signs in.
    let list = change_account(&admin, "carla".into(), AccountAction::Disable)
        .await
        .unwrap();
    assert!(list.iter().find(|a| a.login == "carla").unwrap().disabled);
    assert_eq!(
        sync_now(&theirs).await.unwrap().session,
        Some(SessionState::Disabled)
    );
    change_account(&admin, "carla".into(), AccountAction::Enable)
        .await
        .unwrap();
    sign_in_again(&theirs, "carla".into(), "a-minha-de-novo".into())
        .await
        .unwrap();
    assert_eq!(
        sync_now(&theirs).await.unwrap().session,
        Some(SessionState::Active)
    );

    // An administrator cannot lock themselves out.
    let err = change_account(&admin, "admin".into(), AccountAction::Disable)
        .await
        .unwrap_err();
    assert!(
        shown(&err)
            .message
            .contains("não pode desativar a sua própria conta"),
        "{err:?}"
    );
}

#[tokio::test]
async fn only_the_administrator_manages_people() {
    let server = start().await;
    let (_c, coordinator) = joined(&server.url, "mariana").await;
    let err = accounts(&coordinator).await.unwrap_err();
    let refused = shown(&err);
    assert_eq!(refused.code, ErrorCode::NotAllowed);
    assert_eq!(refused.message, "Só a administração gerencia as pessoas");
    assert_eq!(
        CommandError::from_app(&err, Lang::En).message,
        "Only the administration manages people"
    );
    let err = change_account(&coordinator, "josue".into(), AccountAction::Disable)
        .await
        .unwrap_err();
    assert_eq!(shown(&err).code, ErrorCode::NotAllowed);
    let (_j, josue) = joined(&server.url, "josue").await;
    assert_eq!(
        sync_now(&josue).await.unwrap().session,
        Some(SessionState::Active),
        "nothing changed"
    );
}

#[tokio::test]
async fn a_new_role_reaches_every_device_and_the_persons_own_reloads_for_it() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;
    let (_j, josue) = joined(&server.url, "josue").await;
    let areas = |ctx: campo_core::Context| async move {
        match campo_core::app::startup_state(&ctx).await.unwrap() {
            campo_core::app::StartupState::Ready { info } => (info.role, info.areas),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(areas(josue.clone()).await.0, Some(Role::Technician));

    // Josué becomes a coordinator; the administrator cannot change their own role.
    let list = change_account(
        &admin,
        "josue".into(),
        AccountAction::SetRole {
            role: Role::Coordinator,
        },
    )
    .await
    .unwrap();
    let josue_account = list.iter().find(|a| a.login == "josue").unwrap();
    assert_eq!(josue_account.role, Role::Coordinator);
    let err = change_account(
        &admin,
        "admin".into(),
        AccountAction::SetRole { role: Role::Seller },
    )
    .await
    .unwrap_err();
    assert_eq!(
        shown(&err).message,
        "Você não pode mudar o seu próprio papel"
    );

    // His device is asked to sign in again; then it works as a coordinator's.
    let view = sync_now(&josue).await.unwrap();
    assert_eq!(view.session, Some(SessionState::SignInAgain), "{view:?}");
    sign_in_again(
        &josue,
        "josue".into(),
        campo_fixtures::server::PASSWORD.into(),
    )
    .await
    .unwrap();
    let view = sync_now(&josue).await.unwrap();
    assert_eq!(view.role, Some(Role::Coordinator));
    let (role, areas_now) = areas(josue.clone()).await;
    assert_eq!(role, Some(Role::Coordinator));
    assert!(
        areas_now.contains(&campo_protocol::Area::Agenda),
        "{areas_now:?}"
    );
    // Every device knows him as a coordinator now.
    sync_now(&admin).await.unwrap();
    let technicians = admin
        .store()
        .await
        .unwrap()
        .technician_skills()
        .await
        .unwrap();
    assert!(
        !technicians.iter().any(|t| t.name == "Josué Lins"),
        "no longer listed among technicians"
    );
}
