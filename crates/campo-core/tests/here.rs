//! People sharing a computer, through the application layer against a real server on
//! 127.0.0.1 behind a gate the tests shut to stand for "offline": each person has their own
//! data and session; switching never mixes them; a person unlocks their data offline with
//! their password (checked against a local verifier), is locked out after five wrong ones
//! until the server vouches for them, and a password changed on the server is learnt there.

use campo_core::app::{StartupState, startup_state};
use campo_core::here::{switch_person, unlock};
use campo_core::sync::{SessionState, join_server, sign_in_again, sign_out, sync_now, sync_status};
use campo_core::{AppError, CommandError, Context, ErrorCode};
use campo_domain::Lang;
use campo_fixtures::server::{Gate, PASSWORD, Server, start};

fn shown(err: &AppError) -> CommandError {
    CommandError::from_app(err, Lang::PtBr)
}

mod support;

/// A computer whose first person is `login`, joined through `gate`.
async fn computer(gate: &Gate, login: &str) -> (tempfile::TempDir, Context) {
    support::joined(&gate.url, login).await
}

/// Writes one change (a company day off), which waits in the outbox.
async fn change(ctx: &Context, date: &str) -> Result<(), AppError> {
    support::day_off(ctx, date).await
}

/// Who the server logged as the author of the day off of `date`.
async fn author(server: &Server, date: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT actor_id FROM ops WHERE kind = 'calendar.day.set' AND payload LIKE $1",
    )
    .bind(format!("%{date}%"))
    .fetch_all(server.db.pool())
    .await
    .unwrap()
}

fn people(state: &StartupState) -> Vec<(String, String)> {
    match state {
        StartupState::People { people, .. } => people
            .iter()
            .map(|p| (p.user_id.clone(), p.name.clone()))
            .collect(),
        other => panic!("expected the list of people, got {other:?}"),
    }
}

fn ready(state: &StartupState) -> &campo_core::app::AppInfo {
    match state {
        StartupState::Ready { info } => info,
        other => panic!("expected the app, got {other:?}"),
    }
}

#[tokio::test]
async fn two_people_share_a_computer_without_mixing_their_work_or_sessions() {
    let server = start().await;
    let gate = Gate::before(&server.url).await;
    let (data, ctx) = computer(&gate, "mariana").await;
    let mariana = server.coordinator.to_string();
    change(&ctx, "2026-12-24").await.unwrap();

    // Mariana steps away: the list of people shows, and nothing opens until someone unlocks.
    let state = switch_person(&ctx).await.unwrap();
    assert_eq!(people(&state), [(mariana.clone(), "Mariana Lima".into())]);
    let refused = shown(&change(&ctx, "2026-12-25").await.unwrap_err());
    assert_eq!(
        refused.message,
        "Escolha quem você é na lista de pessoas deste computador"
    );

    // Another person signs in on the same computer: data, device and outbox of their own.
    let view = join_server(&ctx, gate.url.clone(), "admin".into(), PASSWORD.into())
        .await
        .unwrap();
    assert_eq!(view.user_name.as_deref(), Some("Administração"));
    assert_eq!(view.pending, 0, "Mariana's change is not the admin's");
    let admin_info = ready(&startup_state(&ctx).await.unwrap()).clone();
    let admin_device = admin_info.device_id.clone();
    assert!(
        admin_info.may.administer,
        "people and the ERP are the administration's"
    );
    assert!(
        ctx.db_path().starts_with(data.path().join("people")),
        "{}",
        ctx.db_path().display()
    );
    sync_now(&ctx).await.unwrap();
    change(&ctx, "2026-12-28").await.unwrap();
    sync_now(&ctx).await.unwrap();
    assert_eq!(
        author(&server, "2026-12-28").await,
        [server.admin.to_string()]
    );

    // Back to Mariana, offline: her password opens her data, her change still waits.
    let state = switch_person(&ctx).await.unwrap();
    assert_eq!(people(&state).len(), 2);
    gate.shut(true);
    let info = ready(
        &unlock(&ctx, mariana.clone(), PASSWORD.into())
            .await
            .unwrap(),
    )
    .clone();
    assert_ne!(info.device_id, admin_device);
    assert_eq!(info.role.map(|r| r.code()), Some("coordinator"));
    // What her screens offer follows her role: orders and imports, not people.
    assert!(info.may.create_orders && info.may.import && info.may.step_n2_calls);
    assert!(!info.may.administer && !info.may.set_provider);
    let view = sync_now(&ctx).await.unwrap();
    assert!(view.decides_conflicts);
    assert_eq!(view.user_name.as_deref(), Some("Mariana Lima"));
    assert_eq!(view.pending, 1);
    assert!(!view.online);

    // Online again: it goes out under Mariana, once, with her own session.
    gate.shut(false);
    let view = sync_now(&ctx).await.unwrap();
    assert_eq!(view.pending, 0, "{view:?}");
    assert_eq!(view.session, Some(SessionState::Active));
    assert_eq!(author(&server, "2026-12-24").await, [mariana.as_str()]);

    // A fresh start of the app opens whoever was working last.
    let again = Context::new(data.path().to_path_buf());
    let info = ready(&startup_state(&again).await.unwrap()).clone();
    assert_eq!(
        info.device_id,
        ready(&startup_state(&ctx).await.unwrap()).device_id
    );

    // Someone already on this computer picks their name instead of joining again.
    switch_person(&ctx).await.unwrap();
    let err = shown(
        &join_server(&ctx, gate.url.clone(), "mariana".into(), PASSWORD.into())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        err.message,
        "Mariana Lima já usa este computador: escolha o nome na lista de pessoas"
    );
    assert_eq!(people(&startup_state(&ctx).await.unwrap()).len(), 2);
}

#[tokio::test]
async fn five_wrong_passwords_offline_lock_until_the_server_vouches() {
    let server = start().await;
    let gate = Gate::before(&server.url).await;
    let (_data, ctx) = computer(&gate, "mariana").await;
    let mariana = server.coordinator.to_string();
    switch_person(&ctx).await.unwrap();
    gate.shut(true);

    for left in (1..=4).rev() {
        let err = shown(
            &unlock(&ctx, mariana.clone(), "errada".into())
                .await
                .unwrap_err(),
        );
        assert_eq!(err.code, ErrorCode::BadCredentials);
        assert_eq!(
            err.message,
            format!("Senha incorreta: restam {left} tentativas neste computador")
        );
    }
    let locked = "Muitas senhas erradas: para abrir os dados de Mariana Lima, conecte este computador ao servidor e entre com a senha";
    let err = shown(
        &unlock(&ctx, mariana.clone(), "errada".into())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::LockedOut, locked)
    );
    // Even the right password cannot open it offline now.
    let err = shown(
        &unlock(&ctx, mariana.clone(), PASSWORD.into())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::LockedOut, locked)
    );
    assert!(matches!(
        startup_state(&ctx).await.unwrap(),
        StartupState::People { .. }
    ));

    // The server vouches for the right password: open, and the count starts over.
    gate.shut(false);
    ready(
        &unlock(&ctx, mariana.clone(), PASSWORD.into())
            .await
            .unwrap(),
    );
    switch_person(&ctx).await.unwrap();
    gate.shut(true);
    let err = shown(
        &unlock(&ctx, mariana.clone(), "errada".into())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        err.message,
        "Senha incorreta: restam 4 tentativas neste computador"
    );
    ready(&unlock(&ctx, mariana, PASSWORD.into()).await.unwrap());
}

#[tokio::test]
async fn signed_out_and_unlocked_offline_the_work_waits_for_a_sign_in() {
    let server = start().await;
    let gate = Gate::before(&server.url).await;
    let (_data, ctx) = computer(&gate, "mariana").await;
    let mariana = server.coordinator.to_string();

    // "Sair" ends the session on the server and shows the list of people.
    let state = sign_out(&ctx).await.unwrap();
    assert_eq!(people(&state).len(), 1);
    let ended: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NOT NULL")
            .fetch_one(server.db.pool())
            .await
            .unwrap();
    assert_eq!(ended, 1, "the session ended on the server too");

    // Offline she comes back with her password and works.
    gate.shut(true);
    ready(
        &unlock(&ctx, mariana.clone(), PASSWORD.into())
            .await
            .unwrap(),
    );
    change(&ctx, "2026-12-26").await.unwrap();
    let view = sync_now(&ctx).await.unwrap();
    assert_eq!(view.pending, 1);

    // The server answers again: she is asked to sign in, and the change goes out once.
    gate.shut(false);
    let view = sync_now(&ctx).await.unwrap();
    assert_eq!(view.session, Some(SessionState::SignInAgain), "{view:?}");
    assert_eq!(view.pending, 1);
    sign_in_again(&ctx, "mariana".into(), PASSWORD.into())
        .await
        .unwrap();
    assert_eq!(sync_now(&ctx).await.unwrap().pending, 0);
    sync_now(&ctx).await.unwrap();
    assert_eq!(author(&server, "2026-12-26").await, [mariana.as_str()]);

    // Signed out while the server answers, the password opens a new session at once.
    sign_out(&ctx).await.unwrap();
    ready(&unlock(&ctx, mariana, PASSWORD.into()).await.unwrap());
    let view = sync_now(&ctx).await.unwrap();
    assert_eq!(view.session, Some(SessionState::Active), "{view:?}");
    assert_eq!(view.last_error, None);
}

#[tokio::test]
async fn a_password_changed_on_the_server_is_learnt_there_and_the_old_one_stops_working() {
    let server = start().await;
    let gate = Gate::before(&server.url).await;
    let (_data, ctx) = computer(&gate, "mariana").await;
    let mariana = server.coordinator.to_string();
    let hash = campo_server::users::hash_password("nova-senha-456")
        .await
        .unwrap();
    sqlx::query("UPDATE users SET password_hash = $1 WHERE login = 'mariana'")
        .bind(hash)
        .execute(server.db.pool())
        .await
        .unwrap();
    switch_person(&ctx).await.unwrap();

    // This computer does not know the new password; the server does.
    ready(
        &unlock(&ctx, mariana.clone(), "nova-senha-456".into())
            .await
            .unwrap(),
    );
    switch_person(&ctx).await.unwrap();
    gate.shut(true);
    let err = shown(
        &unlock(&ctx, mariana.clone(), PASSWORD.into())
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, ErrorCode::BadCredentials);
    ready(
        &unlock(&ctx, mariana, "nova-senha-456".into())
            .await
            .unwrap(),
    );
    assert_eq!(
        sync_status(&ctx).await.unwrap().user_name.as_deref(),
        Some("Mariana Lima")
    );
}

#[tokio::test]
async fn another_server_at_the_same_address_gets_nothing_and_the_person_is_told() {
    let server = start().await;
    let gate = Gate::before(&server.url).await;
    let (_data, ctx) = computer(&gate, "mariana").await;
    change(&ctx, "2026-12-24").await.unwrap();

    // The address now reaches another provider's server (same logins, same password).
    let other = start().await;
    gate.point_to(&other.url);
    // It does not know her session; signing in there is refused as another server's.
    let view = sync_now(&ctx).await.unwrap();
    assert_eq!(view.session, Some(SessionState::SignInAgain));
    assert_eq!(view.pending, 1);
    assert!(
        author(&other, "2026-12-24").await.is_empty(),
        "nothing sent there"
    );
    let err = shown(
        &sign_in_again(&ctx, "mariana".into(), PASSWORD.into())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        err.message,
        "Outro servidor responde neste endereço (de outro provedor, ou reinstalado sem os seus dados): nada foi enviado. Procure o administrador"
    );

    // The provider's own server is back at the address: the change goes there.
    gate.point_to(&server.url);
    assert_eq!(sync_now(&ctx).await.unwrap().pending, 0);
    assert_eq!(
        author(&server, "2026-12-24").await,
        [server.coordinator.to_string()]
    );
}
