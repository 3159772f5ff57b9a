//! The provider's profile from the app: the administrator sets it (every problem named by
//! field, nothing saved), it reaches the other devices, and their calendar and "today" follow
//! the head office's place — a provider in Campinas gets São Paulo's holidays, one in Manaus
//! its own time zone — instead of Recife's.

use campo_core::admin::{add_day_off, days_off, provider_profile, set_provider_profile};
use campo_core::sync::{refused_changes, sync_now};
use campo_core::{CommandError, ErrorCode};
use campo_domain::Lang;
use campo_domain::calendar::EditableLayer;
use campo_domain::provider::{Base, ProviderProfile};
use campo_fixtures::server::start;

mod support;
use support::joined as device;

fn profile(municipality: u32, lat: f64, lon: f64) -> ProviderProfile {
    ProviderProfile {
        name: "Conecta".into(),
        cnpj: "11.222.333/0001-81".into(),
        municipalities: vec![municipality],
        bases: vec![Base {
            name: "Sede".into(),
            lat,
            lon,
            technicians: Vec::new(),
        }],
    }
}

#[tokio::test]
async fn the_profile_set_by_the_administrator_shapes_every_devices_calendar() {
    let server = start().await;
    let (_a, admin) = device(&server.url, "admin").await;
    let (_c, coordinator) = device(&server.url, "mariana").await;

    // Every problem at once, beside its field; nothing saved.
    let wrong = ProviderProfile {
        name: "".into(),
        cnpj: "11.222.333/0001-82".into(),
        municipalities: vec![1234567],
        bases: vec![Base {
            name: "Sede".into(),
            lat: 40.4,
            lon: -3.7,
            technicians: Vec::new(),
        }],
    };
    let err = set_provider_profile(&admin, wrong).await.unwrap_err();
    let shown = CommandError::from_app(&err, Lang::PtBr);
    assert_eq!(shown.code, ErrorCode::InvalidFields);
    assert_eq!(
        shown.params.keys().map(String::as_str).collect::<Vec<_>>(),
        ["bases.0.location", "cnpj", "municipalities", "name"]
    );
    assert_eq!(
        shown.params["municipalities"],
        "Município 1234567 não existe na tabela do IBGE"
    );
    assert_eq!(provider_profile(&admin).await.unwrap(), None);

    // A coordinator may not set it (checked on the device, as on the server).
    let err = set_provider_profile(&coordinator, profile(3509502, -22.9, -47.06))
        .await
        .unwrap_err();
    assert_eq!(
        CommandError::from_app(&err, Lang::PtBr).code,
        ErrorCode::NotAllowed
    );

    // Campinas/SP: the administrator sets it, the coordinator's device receives it.
    let kept = set_provider_profile(&admin, profile(3509502, -22.9, -47.06))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.cnpj, "11222333000181");
    assert_eq!(sync_now(&admin).await.unwrap().pending, 0);
    sync_now(&coordinator).await.unwrap();
    assert_eq!(provider_profile(&coordinator).await.unwrap(), Some(kept));
    let names = |days: Vec<campo_store::calendar::DayOffView>| {
        days.into_iter()
            .map(|d| format!("{} {}", d.date, d.name))
            .collect::<Vec<_>>()
    };
    let off = names(days_off(&coordinator, 2026, None).await.unwrap());
    assert!(
        off.contains(&"2026-07-09 Revolução Constitucionalista".to_owned()),
        "{off:?}"
    );
    assert!(
        !off.iter().any(|d| d.starts_with("2026-03-06")),
        "Pernambuco's Data Magna is not Campinas': {off:?}"
    );
    // In English the national holidays read in English; São Paulo's keeps its name.
    coordinator.set_lang(Lang::En);
    let off = names(days_off(&coordinator, 2026, None).await.unwrap());
    let christmas = campo_core::agenda::board(&coordinator, "2026-12-25".into(), 1, Some(false))
        .await
        .unwrap();
    coordinator.set_lang(Lang::PtBr);
    assert_eq!(christmas.days[0].holiday.as_deref(), Some("Christmas Day"));
    assert!(
        off.contains(&"2026-12-25 Christmas Day".to_owned()),
        "{off:?}"
    );
    assert!(
        off.contains(&"2026-07-09 Revolução Constitucionalista".to_owned()),
        "{off:?}"
    );
    let store = coordinator.store().await.unwrap();
    let place = store.place().await.unwrap();
    assert_eq!((place.city(), place.uf()), ("Campinas", "SP"));
    assert_eq!(
        store.start_bases().await.unwrap().of("anyone"),
        Some((-22.9, -47.06))
    );

    // Manaus/AM: its own time zone and its state's holidays.
    set_provider_profile(&admin, profile(1302603, -3.1, -60.02))
        .await
        .unwrap();
    sync_now(&admin).await.unwrap();
    sync_now(&coordinator).await.unwrap();
    let place = store.place().await.unwrap();
    assert_eq!(place.zone(), chrono_tz::America::Manaus);
    let late = chrono::DateTime::parse_from_rfc3339("2026-12-02T03:30:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_eq!(
        place.date_at(late).to_string(),
        "2026-12-01",
        "23:30 in Manaus is still the 1st (in Recife it is already the 2nd)"
    );
    let off = names(days_off(&coordinator, 2026, None).await.unwrap());
    assert!(
        off.iter().any(|d| d.starts_with("2026-09-05")),
        "Amazonas' 5 September: {off:?}"
    );
}

#[tokio::test]
async fn a_change_the_server_refuses_is_undone_on_its_device_and_its_author_told_why() {
    let server = start().await;
    let (_a, admin) = device(&server.url, "admin").await;
    let (_c, coordinator) = device(&server.url, "mariana").await;
    let serving = |codes: Vec<u32>| ProviderProfile {
        municipalities: codes,
        ..profile(3509502, -22.9, -47.06)
    };
    set_provider_profile(&admin, serving(vec![3509502, 5103403]))
        .await
        .unwrap();
    sync_now(&admin).await.unwrap();
    sync_now(&coordinator).await.unwrap();

    // The administrator stops serving Cuiabá; the coordinator, not synced yet, adds a
    // municipal holiday there.
    set_provider_profile(&admin, serving(vec![3509502]))
        .await
        .unwrap();
    sync_now(&admin).await.unwrap();
    let listed =
        |days: Vec<campo_store::calendar::DayOffView>| days.iter().any(|d| d.date == "2027-01-27");
    let days = add_day_off(
        &coordinator,
        "2027-01-27".into(),
        "Ponto facultativo".into(),
        EditableLayer::Municipal,
        Some(5103403),
    )
    .await
    .unwrap();
    assert!(listed(days), "kept here until the server answers");

    // The server refuses it: its author is told why, and its effect is undone here.
    let view = sync_now(&coordinator).await.unwrap();
    assert_eq!(view.refused, 1, "{view:?}");
    assert_eq!(view.pending, 0);
    let refused = refused_changes(&coordinator).await.unwrap();
    assert_eq!(refused[0].what, "Alterar um dia do calendário");
    assert_eq!(
        refused[0].why,
        "Cuiabá/MT não está entre os municípios atendidos pelo provedor"
    );

    // Cuiabá served again: the refused day is nowhere, on the device as on the server.
    set_provider_profile(&admin, serving(vec![3509502, 5103403]))
        .await
        .unwrap();
    sync_now(&admin).await.unwrap();
    sync_now(&coordinator).await.unwrap();
    assert!(!listed(
        days_off(&coordinator, 2027, Some(5103403)).await.unwrap()
    ));
    assert!(!listed(
        days_off(&admin, 2027, Some(5103403)).await.unwrap()
    ));
}
