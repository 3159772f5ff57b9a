//! A staff list's accounts through the app's endpoint (`POST /v1/admin/accounts/import`):
//! only the administrator may send one; a list naming a login the server has is refused
//! whole, naming the problem, and nothing of it is made.

use campo_client::TransportError;
use campo_protocol::Role;
use campo_protocol::accounts::{AccountImport, NewAccount};

#[allow(dead_code, reason = "these tests use only its signed-in client")]
mod support;

fn person(login: &str) -> NewAccount {
    NewAccount {
        login: login.into(),
        name: "Pessoa da Lista".into(),
        role: Role::Technician,
        password: "abcd-efgh-jkmn".into(),
        phone: None,
        id: None,
    }
}

#[tokio::test]
async fn only_the_administrator_sends_a_staff_list_and_it_is_made_whole_or_not_at_all() {
    let server = campo_fixtures::server::start().await;
    let admin = support::Client::new(&server, "admin").await.http;
    let coordinator = support::Client::new(&server, "mariana").await.http;
    let before = admin.accounts().await.unwrap().accounts.len();
    let list = AccountImport {
        accounts: vec![person("nova"), person("outra")],
    };

    let e = coordinator.import_accounts(&list).await.unwrap_err();
    match &e {
        TransportError::Refused { code, message, .. } => {
            assert_eq!(code, "forbidden");
            assert_eq!(message, "Só a administração gerencia as pessoas");
        }
        other => panic!("not a refusal: {other:?}"),
    }

    // `josue` is already there: the list is refused, `nova` and `outra` not made either.
    let with_taken = AccountImport {
        accounts: vec![person("nova"), person("josue"), person("outra")],
    };
    let e = admin.import_accounts(&with_taken).await.unwrap_err();
    match &e {
        TransportError::Refused { code, .. } => assert_eq!(code, "login_taken"),
        other => panic!("not a refusal: {other:?}"),
    }
    assert_eq!(admin.accounts().await.unwrap().accounts.len(), before);

    let made = admin.import_accounts(&list).await.unwrap().accounts;
    assert_eq!(made.len(), before + 2);
    assert!(
        made.iter()
            .any(|a| a.login == "outra" && a.role == Role::Technician)
    );
}

#[tokio::test]
async fn a_staff_list_keeps_the_ids_the_device_chose_and_refuses_one_already_used() {
    let server = campo_fixtures::server::start().await;
    let admin = support::Client::new(&server, "admin").await.http;
    let before = admin.accounts().await.unwrap().accounts;
    let chosen = uuid::Uuid::now_v7();
    let list = AccountImport {
        accounts: vec![NewAccount {
            id: Some(chosen),
            ..person("nova")
        }],
    };
    let made = admin.import_accounts(&list).await.unwrap().accounts;
    assert!(
        made.iter()
            .any(|a| a.login == "nova" && a.id == chosen.to_string()),
        "the device's id kept"
    );
    // An id another account has: refused whole, nothing made.
    let josue = before.iter().find(|a| a.login == "josue").unwrap();
    let list = AccountImport {
        accounts: vec![
            person("outra"),
            NewAccount {
                id: Some(josue.id.parse().unwrap()),
                ..person("terceira")
            },
        ],
    };
    let e = admin.import_accounts(&list).await.unwrap_err();
    assert!(
        matches!(&e, TransportError::Refused { code, .. } if code == "account_id_taken"),
        "{e:?}"
    );
    // Nor the nil id (the server's own, as the author of what it writes), nor one id twice.
    let twice = uuid::Uuid::now_v7();
    for ids in [[Some(uuid::Uuid::nil()), None], [Some(twice), Some(twice)]] {
        let list = AccountImport {
            accounts: vec![
                NewAccount {
                    id: ids[0],
                    ..person("outra")
                },
                NewAccount {
                    id: ids[1],
                    ..person("terceira")
                },
            ],
        };
        let e = admin.import_accounts(&list).await.unwrap_err();
        assert!(
            matches!(&e, TransportError::Refused { code, .. } if code == "account_id_taken"),
            "{ids:?}: {e:?}"
        );
    }
    assert_eq!(
        admin.accounts().await.unwrap().accounts.len(),
        before.len() + 1,
        "none of them made"
    );
    // An account made by hand gets the server's id, whatever the request says.
    let asked = uuid::Uuid::now_v7();
    let made = admin
        .create_account(&NewAccount {
            id: Some(asked),
            ..person("avulsa")
        })
        .await
        .unwrap()
        .accounts;
    let avulsa = made.iter().find(|a| a.login == "avulsa").unwrap();
    assert_ne!(avulsa.id, asked.to_string());
}
