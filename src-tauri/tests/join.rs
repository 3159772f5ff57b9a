//! Joining a server from the app: nothing is saved unless the login succeeds, and then the
//! device works with the server's data.

use campo_app::commands::sync::{join, status};
use campo_app::error::ErrorCode;
use campo_app::state::{AppState, DB_FILE, SERVER_DB_FILE};
use campo_server::api::{AppState as ServerState, router};
use campo_server::db::ServerDb;
use campo_server::users;

async fn server() -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let pool = ServerDb::open_dir(dir.path()).await.unwrap();
    users::add_user(
        &pool,
        "mariana",
        "Mariana Lima",
        "coordinator",
        "senha-forte-123",
    )
    .await
    .unwrap();
    users::add_user(
        &pool,
        "josue",
        "Josué Lins",
        "technician",
        "senha-forte-123",
    )
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(ServerState::new(pool))).await });
    (url, dir)
}

#[tokio::test]
async fn a_wrong_password_or_address_saves_nothing_and_says_why() {
    let (url, _server) = server().await;
    let data = tempfile::tempdir().unwrap();
    let state = AppState::new(data.path().to_path_buf());

    let err = join(&state, url.clone(), "mariana".into(), "errada".into())
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert_eq!(err.message, "Login ou senha incorretos");
    assert!(!data.path().join(SERVER_DB_FILE).exists());

    let err = join(
        &state,
        "http://127.0.0.1:9".into(),
        "mariana".into(),
        "senha-forte-123".into(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::ServerUnreachable);

    let err = join(
        &state,
        "ftp://servidor".into(),
        "mariana".into(),
        "x".into(),
    )
    .await
    .unwrap_err();
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
    let (url, _server) = server().await;
    let data = tempfile::tempdir().unwrap();
    let state = AppState::new(data.path().to_path_buf());
    let view = join(
        &state,
        format!("{url}/"),
        " josue ".into(),
        "senha-forte-123".into(),
    )
    .await
    .unwrap();
    assert!(view.joined);
    assert_eq!(view.user_name.as_deref(), Some("Josué Lins"));
    assert_eq!(view.server_url.as_deref(), Some(url.as_str()));

    campo_app::background::round(&state).await;
    let view = status(&state).await.unwrap();
    assert!(view.online, "{view:?}");
    assert_eq!(view.last_error, None);
    assert!(view.cursor >= 2, "the people the server knows were pulled");
    let store = state.store().await.unwrap();
    assert_eq!(
        store.local_user().await.unwrap(),
        store.sync_config().await.unwrap().map(|c| c.user_id)
    );

    // A restart opens the server database, not the demo one.
    let again = AppState::new(data.path().to_path_buf());
    assert_eq!(again.db_path(), data.path().join(SERVER_DB_FILE));
    let v = status(&again).await;
    assert!(v.as_ref().is_ok_and(|v| v.joined), "{v:?}");
}
