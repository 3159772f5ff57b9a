//! The provider's people as its administrator manages them from the app: the accounts with
//! their devices and when each last synced, a new account (checked field by field on the
//! device and again on the server), and what can be done to one (disable, enable, a new
//! password, end its sessions).

use campo_domain::{Lang, Localized};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Role;

/// Shortest password.
pub const MIN_PASSWORD: usize = 8;
/// Longest login.
pub const MAX_LOGIN: usize = 64;
/// Longest name.
pub const MAX_NAME: usize = 120;
/// The most accounts one import creates (a bigger staff list is imported in parts).
pub const MAX_IMPORTED: usize = 500;

/// A device that signed in as the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceSeen {
    /// The device's id.
    pub device_id: String,
    /// The app version it last said it runs.
    pub app_version: Option<String>,
    /// When it last synced (RFC 3339, UTC).
    pub last_seen_at: String,
}

/// One account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The person's id (their id in `people` on every device).
    pub id: String,
    /// Login.
    pub login: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Disabled accounts cannot sign in, and their devices stop syncing.
    pub disabled: bool,
    /// Devices that signed in as them, the most recent first.
    pub devices: Vec<DeviceSeen>,
}

/// Every account, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountList {
    /// The accounts.
    pub accounts: Vec<Account>,
}

/// A new account, as the administrator types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewAccount {
    /// Login (kept in lower case).
    pub login: String,
    /// Full name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// First password (the person may be asked to change it; never logged).
    pub password: String,
    /// Phone (digits with DDD; optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone: Option<String>,
    /// The account's id when the device chose it (a staff list's: the device can tell its
    /// accounts were made when the answer is lost); the server chooses one otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub id: Option<uuid::Uuid>,
}

/// Accounts created together from a staff list: all of them, or none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountImport {
    /// The new accounts (at most [`MAX_IMPORTED`], no login twice).
    pub accounts: Vec<NewAccount>,
}

/// What the administrator does to an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum AccountAction {
    /// It may no longer sign in; its devices stop syncing (and keep what they wrote).
    Disable,
    /// It may sign in again.
    Enable,
    /// A new password; every session of it ends (its devices ask to sign in again).
    ResetPassword {
        /// The new password.
        password: String,
    },
    /// Every session ends (a lost laptop); the password stays.
    SignOut,
    /// Another role: every device learns it; the person's sessions end, and their devices
    /// sign in again and load what the new role reaches.
    SetRole {
        /// The new role.
        role: Role,
    },
}

impl AccountAction {
    /// Its name in logs.
    pub fn code(&self) -> &'static str {
        match self {
            AccountAction::Disable => "disable",
            AccountAction::Enable => "enable",
            AccountAction::ResetPassword { .. } => "reset_password",
            AccountAction::SignOut => "sign_out",
            AccountAction::SetRole { .. } => "set_role",
        }
    }
}

/// A change to one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountChange {
    /// The account's login.
    pub login: String,
    /// What to do.
    pub action: AccountAction,
}

/// What is wrong with a new account or a password, field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountProblem {
    /// Empty, too long, or with characters other than letters, digits, `.`, `_`, `-`.
    #[error("Login: use de 1 a {MAX_LOGIN} letras sem acento, números, ponto, hífen ou sublinhado")]
    Login,
    /// Empty or too long.
    #[error("Informe o nome completo (até {MAX_NAME} caracteres)")]
    Name,
    /// Too short.
    #[error("A senha precisa de pelo menos {MIN_PASSWORD} caracteres")]
    Password,
    /// Another account has this login (the server's answer).
    #[error("Já existe uma conta com este login")]
    LoginTaken,
    /// Not a phone with DDD.
    #[error("Telefone inválido: informe o DDD e o número")]
    Phone,
    /// More accounts than one import creates.
    #[error("No máximo {MAX_IMPORTED} pessoas por importação; divida a lista")]
    TooMany,
    /// The current password given when choosing a new one is not the account's.
    #[error("A senha atual não confere")]
    CurrentPassword,
    /// The new password is the one given by the administration.
    #[error("A nova senha precisa ser diferente da atual")]
    SamePassword,
    /// An id chosen for a new account (a staff list's) that no account can take: nil, given
    /// twice, or another record's already.
    #[error("Identificação de conta repetida ou já em uso")]
    IdTaken,
}

impl AccountProblem {
    /// The form field it is about: `login`, `name` or `password`.
    pub fn field(self) -> &'static str {
        match self {
            AccountProblem::Login | AccountProblem::LoginTaken => "login",
            AccountProblem::Name => "name",
            AccountProblem::Password => "password",
            AccountProblem::Phone => "phone",
            AccountProblem::TooMany | AccountProblem::IdTaken => "accounts",
            AccountProblem::CurrentPassword => "current",
            AccountProblem::SamePassword => "password",
        }
    }

    /// The code the server answers with.
    pub fn code(self) -> &'static str {
        match self {
            AccountProblem::Login => "login_invalid",
            AccountProblem::Name => "name_invalid",
            AccountProblem::Password => "password_short",
            AccountProblem::LoginTaken => "login_taken",
            AccountProblem::Phone => "phone_invalid",
            AccountProblem::TooMany => "too_many_accounts",
            AccountProblem::CurrentPassword => "current_password_wrong",
            AccountProblem::SamePassword => "password_same",
            AccountProblem::IdTaken => "account_id_taken",
        }
    }

    /// The problem of a server code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            AccountProblem::Login,
            AccountProblem::Name,
            AccountProblem::Password,
            AccountProblem::LoginTaken,
            AccountProblem::Phone,
            AccountProblem::TooMany,
            AccountProblem::CurrentPassword,
            AccountProblem::SamePassword,
            AccountProblem::IdTaken,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }
}

impl Localized for AccountProblem {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                AccountProblem::Login => format!(
                    "Login: use 1 to {MAX_LOGIN} unaccented letters, digits, dot, hyphen or underscore"
                ),
                AccountProblem::Name => {
                    format!("Enter the full name (up to {MAX_NAME} characters)")
                }
                AccountProblem::Password => {
                    format!("The password needs at least {MIN_PASSWORD} characters")
                }
                AccountProblem::LoginTaken => "An account with this login already exists".into(),
                AccountProblem::Phone => {
                    "Invalid phone: give the area code (DDD) and the number".into()
                }
                AccountProblem::TooMany => {
                    format!("At most {MAX_IMPORTED} people per import; split the list")
                }
                AccountProblem::CurrentPassword => "The current password does not match".into(),
                AccountProblem::SamePassword => {
                    "The new password must differ from the current one".into()
                }
                AccountProblem::IdTaken => {
                    "An account identity given twice or already in use".into()
                }
            },
        }
    }
}

/// The login as kept (trimmed, lower case), when it is one.
pub fn login(input: &str) -> Option<String> {
    let login = input.trim().to_lowercase();
    let fine = !login.is_empty()
        && login.chars().count() <= MAX_LOGIN
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    fine.then_some(login)
}

/// The letters first passwords are made of: lower case and digits, without the ones read
/// for each other (`l`/`1`, `o`/`0`); 32 of them, so each random byte picks one evenly.
const FIRST_PASSWORD_LETTERS: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// A first password for an account made from a staff list, from 12 random bytes:
/// `xxxx-xxxx-xxxx` (60 bits; the administrator hands it to the person).
pub fn first_password(random: [u8; 12]) -> String {
    let mut out = String::with_capacity(14);
    for (i, b) in random.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(FIRST_PASSWORD_LETTERS[usize::from(b % 32)]));
    }
    out
}

/// A person choosing their own password in place of the one the administration gave them
/// (`POST /v1/account/password`): until they do, the server answers every other request of
/// theirs with [`crate::wire::PASSWORD_CHANGE_REQUIRED`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordChange {
    /// The password they were given.
    pub current: String,
    /// The one they choose.
    pub new: String,
}

impl PasswordChange {
    /// What is wrong with the new password, before asking the server (which checks again).
    pub fn problems(&self) -> Vec<AccountProblem> {
        if !password_ok(&self.new) {
            vec![AccountProblem::Password]
        } else if self.new == self.current {
            vec![AccountProblem::SamePassword]
        } else {
            Vec::new()
        }
    }
}

/// Whether a password may be used.
pub fn password_ok(password: &str) -> bool {
    password.chars().count() >= MIN_PASSWORD
}

impl NewAccount {
    /// Every problem, in the form's order.
    pub fn problems(&self) -> Vec<AccountProblem> {
        let mut out = Vec::new();
        if login(&self.login).is_none() {
            out.push(AccountProblem::Login);
        }
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            out.push(AccountProblem::Name);
        }
        if !password_ok(&self.password) {
            out.push(AccountProblem::Password);
        }
        if let Some(phone) = &self.phone
            && campo_domain::Phone::parse(phone).is_err()
        {
            out.push(AccountProblem::Phone);
        }
        out
    }
}

impl AccountImport {
    /// The first problem of the list: too long, a login twice, or an account's own.
    pub fn problem(&self) -> Option<AccountProblem> {
        list_problem(&self.accounts)
    }
}

/// The first problem of accounts made together ([`AccountImport::problem`]).
pub fn list_problem(accounts: &[NewAccount]) -> Option<AccountProblem> {
    if accounts.len() > MAX_IMPORTED {
        return Some(AccountProblem::TooMany);
    }
    let mut seen = std::collections::HashSet::new();
    accounts.iter().find_map(|a| {
        a.problems().into_iter().next().or_else(|| {
            let fresh = seen.insert(login(&a.login).unwrap_or_default());
            (!fresh).then_some(AccountProblem::LoginTaken)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_account_is_judged_field_by_field() {
        let ok = NewAccount {
            login: " Rita.Melo ".into(),
            name: "Rita Melo".into(),
            role: Role::Technician,
            password: "senha-forte".into(),
            phone: Some("(81) 99876-5432".into()),
            id: None,
        };
        assert_eq!(ok.problems(), vec![]);
        assert_eq!(login(&ok.login).as_deref(), Some("rita.melo"));
        let bad = NewAccount {
            login: "josé silva".into(),
            name: " ".into(),
            role: Role::Seller,
            password: "1234567".into(),
            phone: Some("12345".into()),
            id: None,
        };
        assert_eq!(
            bad.problems(),
            vec![
                AccountProblem::Login,
                AccountProblem::Name,
                AccountProblem::Password,
                AccountProblem::Phone
            ]
        );
        for p in bad.problems() {
            assert_eq!(AccountProblem::from_code(p.code()), Some(p));
            assert!(!p.message(Lang::En).is_empty());
        }
    }

    #[test]
    fn first_passwords_are_long_enough_and_readable() {
        let a = first_password([0; 12]);
        assert_eq!(a, "aaaa-aaaa-aaaa");
        let b = first_password([31, 32, 9, 200, 255, 14, 1, 2, 3, 4, 5, 6]);
        assert_eq!(b.len(), 14);
        assert!(password_ok(&b));
        // Every byte gives a letter of its own, none read for another.
        let letters: std::collections::BTreeSet<char> = (0..=255u8)
            .flat_map(|x| first_password([x; 12]).chars().take(1).collect::<Vec<_>>())
            .collect();
        assert_eq!(letters.len(), 32);
        assert!(!letters.iter().any(|c| "lo01".contains(*c)));
        assert_ne!(a, b);
    }

    #[test]
    fn an_import_is_refused_for_a_login_twice_or_too_many_people() {
        let person = |login: &str| NewAccount {
            login: login.into(),
            name: "Pessoa".into(),
            role: Role::Technician,
            password: "senha-forte".into(),
            phone: None,
            id: None,
        };
        let twice = AccountImport {
            accounts: vec![person("ana"), person("bia"), person(" ANA ")],
        };
        assert_eq!(twice.problem(), Some(AccountProblem::LoginTaken));
        let many = AccountImport {
            accounts: (0..=MAX_IMPORTED)
                .map(|i| person(&format!("p{i}")))
                .collect(),
        };
        assert_eq!(many.problem(), Some(AccountProblem::TooMany));
        let fine = AccountImport {
            accounts: vec![person("ana"), person("bia")],
        };
        assert_eq!(fine.problem(), None);
    }
}
