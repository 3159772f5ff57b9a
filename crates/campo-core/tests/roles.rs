//! The device checks a change against the role policy the server enforces before writing it:
//! a person whose role may not make a change is told at once, in words, and nothing waits in
//! the outbox to be refused later.

use campo_core::admin::{add_day_off, set_provider_profile};
use campo_core::sync::{sync_now, sync_status};
use campo_core::{CommandError, ErrorCode};
use campo_domain::Lang;
use campo_domain::calendar::EditableLayer;
use campo_domain::provider::{Base, ProviderProfile};
use campo_fixtures::server::start;

mod support;
use support::joined;

#[tokio::test]
async fn a_change_the_role_may_not_make_is_refused_on_the_device_and_nothing_waits() {
    let server = start().await;
    for (login, role_pt, role_en) in [
        ("sofia", "Vendedor(a)", "Seller"),
        ("josue", "Técnico(a)", "Technician"),
    ] {
        let (_data, ctx) = joined(&server.url, login).await;
        let profile = ProviderProfile {
            name: "Conecta".into(),
            cnpj: "11.222.333/0001-81".into(),
            municipalities: vec![2611606],
            bases: vec![Base {
                name: "Sede".into(),
                lat: -8.06,
                lon: -34.87,
                technicians: Vec::new(),
            }],
        };
        let err = set_provider_profile(&ctx, profile).await.unwrap_err();
        let pt = CommandError::from_app(&err, Lang::PtBr);
        assert_eq!(pt.code, ErrorCode::NotAllowed);
        assert_eq!(
            pt.message,
            format!("Seu papel ({role_pt}) não permite esta alteração; nada foi salvo")
        );
        let en = CommandError::from_app(&err, Lang::En);
        assert_eq!(
            en.message,
            format!("Your role ({role_en}) does not allow this change; nothing was saved")
        );
        // The store's own checks say it in their words, with the same code.
        let err = add_day_off(
            &ctx,
            "2026-12-24".into(),
            "Véspera de Natal".into(),
            EditableLayer::Company,
            None,
        )
        .await
        .unwrap_err();
        let pt = CommandError::from_app(&err, Lang::PtBr);
        assert_eq!(pt.code, ErrorCode::NotAllowed);
        assert_eq!(
            pt.message,
            "Só a administração e a coordenação alteram o calendário"
        );
        assert_eq!(sync_status(&ctx).await.unwrap().pending, 0, "{login}");
    }

    // The coordinator may: the same change is written and reaches the server.
    let (_data, ctx) = joined(&server.url, "mariana").await;
    add_day_off(
        &ctx,
        "2026-12-24".into(),
        "Véspera de Natal".into(),
        EditableLayer::Company,
        None,
    )
    .await
    .unwrap();
    assert_eq!(sync_now(&ctx).await.unwrap().pending, 0);
}

#[tokio::test]
async fn a_change_the_server_still_refuses_is_told_to_its_author_with_the_reason() {
    let server = start().await;
    let (data, ctx) = joined(&server.url, "mariana").await;
    add_day_off(
        &ctx,
        "2026-12-24".into(),
        "Véspera de Natal".into(),
        EditableLayer::Company,
        None,
    )
    .await
    .unwrap();
    // What an older app could have written: a payload this server cannot read.
    let file = data.path().join(campo_core::context::SERVER_DB_FILE);
    let raw = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    sqlx::query("UPDATE outbox SET payload = '{\"date\": 5}' WHERE pushed_at IS NULL")
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;

    let view = sync_now(&ctx).await.unwrap();
    assert_eq!((view.pending, view.refused), (0, 1), "{view:?}");
    let refused = campo_core::sync::refused_changes(&ctx).await.unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].what, "Alterar um dia do calendário");
    assert_eq!(
        refused[0].why,
        "Operação calendar.day.set ilegível: o aplicativo precisa ser atualizado"
    );
    ctx.set_lang(Lang::En);
    let refused = campo_core::sync::refused_changes(&ctx).await.unwrap();
    assert_eq!(refused[0].what, "Change a calendar day");
}
