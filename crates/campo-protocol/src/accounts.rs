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
}

impl AccountProblem {
    /// The form field it is about: `login`, `name` or `password`.
    pub fn field(self) -> &'static str {
        match self {
            AccountProblem::Login | AccountProblem::LoginTaken => "login",
            AccountProblem::Name => "name",
            AccountProblem::Password => "password",
        }
    }

    /// The code the server answers with.
    pub fn code(self) -> &'static str {
        match self {
            AccountProblem::Login => "login_invalid",
            AccountProblem::Name => "name_invalid",
            AccountProblem::Password => "password_short",
            AccountProblem::LoginTaken => "login_taken",
        }
    }

    /// The problem of a server code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            AccountProblem::Login,
            AccountProblem::Name,
            AccountProblem::Password,
            AccountProblem::LoginTaken,
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
        out
    }
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
        };
        assert_eq!(ok.problems(), vec![]);
        assert_eq!(login(&ok.login).as_deref(), Some("rita.melo"));
        let bad = NewAccount {
            login: "josé silva".into(),
            name: " ".into(),
            role: Role::Seller,
            password: "1234567".into(),
        };
        assert_eq!(
            bad.problems(),
            vec![
                AccountProblem::Login,
                AccountProblem::Name,
                AccountProblem::Password
            ]
        );
        for p in bad.problems() {
            assert_eq!(AccountProblem::from_code(p.code()), Some(p));
            assert!(!p.message(Lang::En).is_empty());
        }
    }
}
