//! Sessions from the app's side (the application layer over a real server on 127.0.0.1): a
//! session in use renews itself; one that expired or was ended asks the person to sign in
//! again and nothing waiting is lost or sent twice; only the person whose work the device
//! holds can sign in on it (signing out and people sharing a computer: `here.rs`); a
//! disabled account's device says so and its waiting work can be exported for the office.

use campo_core::sync::{SessionState, export_pending, sign_in_again, sync_now, sync_status};
use campo_core::{CommandError, Context, ErrorCode};
use campo_domain::Lang;
use campo_fixtures::server::{PASSWORD, Server, start};
use campo_server::{timestamp, users};
use chrono::{Duration, Utc};

fn shown(err: &campo_core::AppError) -> CommandError {
    CommandError::from_app(err, Lang::PtBr)
}

mod support;

/// A coordinator's device joined to `server`, synced once.
async fn coordinator(server: &Server) -> (tempfile::TempDir, Context) {
    let (data, ctx) = support::joined(&server.url, "Mariana").await;
    let view = sync_status(&ctx).await.unwrap();
    assert_eq!(view.session, Some(SessionState::Active), "{view:?}");
    assert_eq!(view.login.as_deref(), Some("mariana"));
    (data, ctx)
}

/// Writes one change on the device (a company day off), which waits in the outbox.
async fn change(ctx: &Context, date: &str) {
    support::day_off(ctx, date).await.unwrap();
}

/// How many times the server logged a day-off operation for `date`.
async fn logged(server: &Server, date: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM ops WHERE kind = 'calendar.day.set' AND payload LIKE $1",
    )
    .bind(format!("%{date}%"))
    .fetch_one(server.db.pool())
    .await
    .unwrap()
}

async fn expiry(server: &Server) -> String {
    sqlx::query_scalar("SELECT MAX(expires_at) FROM sessions")
        .fetch_one(server.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_ended_session_asks_to_sign_in_again_and_nothing_is_lost_or_sent_twice() {
    let server = start().await;
    let (_data, ctx) = coordinator(&server).await;

    // An administrator ends Mariana's sessions (a lost laptop) while she works offline.
    assert_eq!(users::end_sessions(&server.db, "mariana").await.unwrap(), 1);
    change(&ctx, "2026-12-24").await;
    let view = sync_now(&ctx).await.unwrap();
    assert_eq!(view.session, Some(SessionState::SignInAgain), "{view:?}");
    assert_eq!(view.pending, 1, "the change waits");
    assert_eq!(
        view.last_error.as_deref(),
        Some("Sua sessão foi encerrada: entre novamente")
    );
    assert_eq!(logged(&server, "2026-12-24").await, 0);

    // Someone else cannot sign in on Mariana's work; a wrong password is said as such.
    let err = shown(
        &sign_in_again(&ctx, "josue".into(), PASSWORD.into())
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "Este computador guarda o trabalho de Mariana Lima: entre com o login de Mariana Lima"
    );
    let err = shown(
        &sign_in_again(&ctx, "mariana".into(), "errada".into())
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, ErrorCode::BadCredentials);
    assert_eq!(sync_status(&ctx).await.unwrap().pending, 1);

    // Signing in again sends what waited, once.
    let view = sign_in_again(&ctx, "mariana".into(), PASSWORD.into())
        .await
        .unwrap();
    assert_eq!(view.session, Some(SessionState::Active));
    let view = sync_now(&ctx).await.unwrap();
    assert_eq!(view.pending, 0, "{view:?}");
    assert_eq!(view.last_error, None);
    sync_now(&ctx).await.unwrap();
    assert_eq!(logged(&server, "2026-12-24").await, 1);
}

#[tokio::test]
async fn a_session_in_use_renews_itself_and_an_unused_one_expires() {
    let server = start().await;
    let (_data, ctx) = coordinator(&server).await;

    // Twenty-nine days on, with a day of life left: the next round renews it for thirty.
    let soon = timestamp(Utc::now() + Duration::days(1));
    sqlx::query("UPDATE sessions SET expires_at = $1")
        .bind(&soon)
        .execute(server.db.pool())
        .await
        .unwrap();
    sync_now(&ctx).await.unwrap();
    assert!(
        expiry(&server).await > timestamp(Utc::now() + Duration::days(29)),
        "renewed while in use"
    );

    // Left unused past its end, it expires: the device says so and keeps its work.
    let past = timestamp(Utc::now() - Duration::minutes(1));
    sqlx::query("UPDATE sessions SET expires_at = $1")
        .bind(&past)
        .execute(server.db.pool())
        .await
        .unwrap();
    change(&ctx, "2026-12-31").await;
    let view = sync_now(&ctx).await.unwrap();
    assert_eq!(view.session, Some(SessionState::SignInAgain));
    assert_eq!(
        view.last_error.as_deref(),
        Some("Sua sessão expirou: entre novamente")
    );
    assert_eq!(view.pending, 1);
    sign_in_again(&ctx, " Mariana ".into(), PASSWORD.into())
        .await
        .unwrap();
    assert_eq!(sync_now(&ctx).await.unwrap().pending, 0);
    assert_eq!(logged(&server, "2026-12-31").await, 1);
}

#[tokio::test]
async fn a_disabled_account_stops_syncing_and_its_waiting_work_can_be_exported() {
    let server = start().await;
    let (data, ctx) = coordinator(&server).await;
    users::disable_user(&server.db, "mariana").await.unwrap();
    change(&ctx, "2026-12-30").await;
    let view = sync_now(&ctx).await.unwrap();
    assert_eq!(view.session, Some(SessionState::Disabled), "{view:?}");
    assert_eq!(
        view.last_error.as_deref(),
        Some("Esta conta foi desativada: procure o administrador")
    );
    assert_eq!(view.pending, 1);

    let path = export_pending(&ctx).await.unwrap();
    assert!(path.starts_with(&*data.path().to_string_lossy()), "{path}");
    let text = std::fs::read_to_string(&path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ops = json["operations"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{text}");
    assert_eq!(ops[0]["kind"], "calendar.day.set");
    assert!(ops[0]["payload"].as_str().unwrap().contains("2026-12-30"));
}
