//! The ERP's connection from the app: the administrator's settings are checked on the device
//! before sending (every problem beside its field, nothing sent), kept by the server (the
//! token never shown again), and a refusal the server makes itself — its kept settings
//! changed meanwhile on another device — lands beside its field too, in the person's
//! language.

use campo_core::erp::{erp_standing, save_erp_settings};
use campo_core::{CommandError, ErrorCode};
use campo_domain::Lang;
use campo_fixtures::server::start;
use campo_protocol::erp::ErpSettingsInput;

mod support;
use support::joined;

#[tokio::test]
async fn the_administrator_connects_the_erp_and_each_refusal_stands_beside_its_field() {
    let server = start().await;
    let (_a, admin) = joined(&server.url, "admin").await;

    // Nothing given: every setting is named, in English for an English session; the server
    // keeps nothing.
    let err = save_erp_settings(&admin, ErpSettingsInput::default())
        .await
        .unwrap_err();
    let shown = CommandError::from_app(&err, Lang::En);
    assert_eq!(shown.code, ErrorCode::InvalidFields);
    assert_eq!(
        shown.params.keys().map(String::as_str).collect::<Vec<_>>(),
        ["token", "url", "user"]
    );
    assert_eq!(shown.params["url"], "Give the address");
    assert!(erp_standing(&admin).await.unwrap().settings.is_none());

    // Set: the address is kept without IXC's path, the token only as "set".
    let good = ErpSettingsInput {
        url: "https://erp.conecta.net.br/webservice/v1/".into(),
        user: "27".into(),
        token: "segredo-do-ixc".into(),
        every_minutes: None,
        closer: String::new(),
    };
    let standing = save_erp_settings(&admin, good.clone()).await.unwrap();
    let kept = standing.settings.expect("kept");
    assert_eq!(
        (kept.url.as_str(), kept.user.as_str(), kept.token_set),
        ("https://erp.conecta.net.br", "27", true)
    );

    // Another administrator's device changes the API user meanwhile. This device still saw
    // user 27, so leaving the token empty passed its own check; the server refuses it, and
    // the refusal reads as the device's own would, beside the token.
    let other = campo_fixtures::server::device(&server, "admin").await;
    other
        .client(&server)
        .set_erp_settings(&ErpSettingsInput {
            user: "31".into(),
            ..good.clone()
        })
        .await
        .unwrap();
    let stale = ErpSettingsInput {
        user: "27".into(),
        token: String::new(),
        ..good
    };
    let refused = other
        .client(&server)
        .set_erp_settings(&stale)
        .await
        .unwrap_err();
    for (lang, words) in [
        (
            Lang::En,
            "With another address or user, give the token again",
        ),
        (
            Lang::PtBr,
            "Com outro endereço ou usuário, informe o token de novo",
        ),
    ] {
        let shown = CommandError::from_transport(&refused, lang);
        assert_eq!(shown.code, ErrorCode::InvalidFields);
        assert_eq!(shown.params.get("token").map(String::as_str), Some(words));
    }
    let kept = erp_standing(&admin).await.unwrap().settings.unwrap();
    assert_eq!(kept.user, "31", "the refused settings changed nothing");
}
