//! Joining a server from the app (the application layer, without Tauri): nothing is saved unless the login succeeds, and then the
//! device works with the server's data.

use campo_core::context::{DB_FILE, SERVER_DB_FILE};
use campo_core::sync::{join_server as join, sync_status as status};
use campo_core::{CommandError, Context, ErrorCode};
use campo_domain::Lang;
use campo_fixtures::server::{PASSWORD, start};

/// How the UI would see `err`, in pt-BR.
fn shown(err: &campo_core::AppError) -> CommandError {
    CommandError::from_app(err, Lang::PtBr)
}

#[tokio::test]
async fn a_wrong_password_or_address_saves_nothing_and_says_why() {
    let server = start().await;
    let url = server.url.clone();
    let data = tempfile::tempdir().unwrap();
    let state = Context::new(data.path().to_path_buf());

    let err = shown(
        &join(&state, url.clone(), "mariana".into(), "errada".into())
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, ErrorCode::BadCredentials);
    assert_eq!(err.message, "Login ou senha incorretos");
    let err = shown(
        &join(
            &state,
            format!("{url}/nada"),
            "mariana".into(),
            PASSWORD.into(),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(err.code, ErrorCode::ServerRefused, "{err:?}");
    assert!(
        err.message
            .contains("não responde como um servidor do Campo"),
        "{err:?}"
    );
    assert!(!data.path().join(SERVER_DB_FILE).exists());

    let err = shown(
        &join(
            &state,
            "http://127.0.0.1:9".into(),
            "mariana".into(),
            PASSWORD.into(),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(err.code, ErrorCode::ServerUnreachable);
    assert!(!err.message.contains("error"), "no library text: {err:?}");

    let err = shown(
        &join(
            &state,
            "ftp://servidor".into(),
            "mariana".into(),
            "x".into(),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.starts_with("Endereço do servidor inválido"));
    assert!(!data.path().join(SERVER_DB_FILE).exists());
    assert!(
        !data.path().join(DB_FILE).exists(),
        "the demo database was not created either"
    );
}

#[tokio::test]
async fn after_joining_the_device_syncs_with_the_server_and_keeps_doing_so_after_a_restart() {
    let server = start().await;
    let url = server.url.clone();
    let data = tempfile::tempdir().unwrap();
    let state = Context::new(data.path().to_path_buf());
    let view = join(&state, format!("{url}/"), " josue ".into(), PASSWORD.into())
        .await
        .unwrap();
    assert!(view.joined);
    assert_eq!(view.user_name.as_deref(), Some("Josué Lins"));
    assert_eq!(view.server_url.as_deref(), Some(url.as_str()));

    campo_core::background::round(&state).await;
    let view = status(&state).await.unwrap();
    assert!(view.online, "{view:?}");
    assert_eq!(view.last_error, None);
    assert_eq!(
        view.clock_off_minutes, None,
        "this computer's clock is the server's"
    );
    assert!(view.cursor >= 2, "the people the server knows were pulled");
    let skew = state.sync.lock().unwrap().clock_skew_ms;
    assert!(skew.is_some_and(|ms| ms.abs() < 60_000), "{skew:?}");
    let store = state.store().await.unwrap();
    assert_eq!(
        store.local_user().await.unwrap(),
        store.sync_config().await.unwrap().map(|c| c.user_id)
    );

    // A restart opens the server database, not the demo one.
    let again = Context::new(data.path().to_path_buf());
    assert_eq!(again.db_path(), data.path().join(SERVER_DB_FILE));
    let v = status(&again).await;
    assert!(v.as_ref().is_ok_and(|v| v.joined), "{v:?}");
}

#[tokio::test]
async fn a_new_data_folder_waits_for_the_first_choice_and_creates_nothing() {
    let data = tempfile::tempdir().unwrap();
    let ctx = Context::new(data.path().to_path_buf());
    let state = campo_core::app::startup_state(&ctx).await.unwrap();
    assert!(
        matches!(state, campo_core::app::StartupState::Welcome { .. }),
        "{state:?}"
    );
    // Background work and actions wait for the choice; nothing is created meanwhile.
    campo_core::background::round(&ctx).await;
    assert!(
        campo_core::background::deadline_notice(&ctx)
            .await
            .is_none()
    );
    let err = shown(&status(&ctx).await.unwrap_err());
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "Escolha primeiro: conectar ao servidor do provedor ou experimentar a demonstração"
    );
    assert!(!data.path().join(DB_FILE).exists());
    assert!(!data.path().join(SERVER_DB_FILE).exists());

    // Connecting from there never creates the demo.
    let server = start().await;
    join(&ctx, server.url.clone(), "josue".into(), PASSWORD.into())
        .await
        .unwrap();
    let state = campo_core::app::startup_state(&ctx).await.unwrap();
    assert!(
        matches!(state, campo_core::app::StartupState::Ready { ref info } if !info.demo),
        "{state:?}"
    );
    assert!(!data.path().join(DB_FILE).exists());
}

#[test]
fn a_clock_hours_off_the_servers_is_told_and_a_few_minutes_are_not() {
    use campo_core::sync::clock_off_minutes;
    assert_eq!(clock_off_minutes(-3 * 3_600_000 - 5 * 60_000), Some(-185));
    assert_eq!(clock_off_minutes(2 * 3_600_000), Some(120));
    assert_eq!(clock_off_minutes(10 * 60_000), Some(10));
    assert_eq!(clock_off_minutes(9 * 60_000 + 59_000), None);
    assert_eq!(clock_off_minutes(-4 * 60_000), None);
}
