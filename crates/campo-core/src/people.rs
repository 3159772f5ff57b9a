//! The provider's people, managed by its administrator from the app: the accounts live on the
//! server, so these need it online (offline they say the server is unreachable, nothing
//! changes). A new account is judged field by field here first, then by the server.

use campo_protocol::accounts::{Account, AccountAction, AccountChange, NewAccount};
use campo_sync::HttpTransport;

use crate::context::Context;
use crate::error::{AppError, InputError};

/// The server this device joined, signed in; a device without one is told so.
pub(crate) async fn transport(ctx: &Context) -> Result<HttpTransport, AppError> {
    let store = ctx.store().await?;
    crate::sync::server_transport(&store)
        .await?
        .ok_or_else(|| InputError::NotJoined.into())
}

/// Every account with its devices and when each last synced.
pub async fn accounts(ctx: &Context) -> Result<Vec<Account>, AppError> {
    Ok(transport(ctx).await?.accounts().await?.accounts)
}

/// Creates an account (the person then signs in with its login and password); returns every
/// account. Every problem of the form is named by field; nothing is created then.
pub async fn add_account(ctx: &Context, account: NewAccount) -> Result<Vec<Account>, AppError> {
    let problems = account.problems();
    if !problems.is_empty() {
        return Err(AppError::Accounts(problems));
    }
    // Its id is the server's to choose.
    let account = NewAccount {
        id: None,
        ..account
    };
    let list = transport(ctx).await?.create_account(&account).await?;
    // The new person reaches this device's people with the next pull.
    ctx.nudge_sync();
    Ok(list.accounts)
}

/// Disables, enables, gives a new password to, or signs out the account `login`; returns
/// every account.
pub async fn change_account(
    ctx: &Context,
    login: String,
    action: AccountAction,
) -> Result<Vec<Account>, AppError> {
    if let AccountAction::ResetPassword { password } = &action
        && !campo_protocol::accounts::password_ok(password)
    {
        return Err(AppError::Accounts(vec![
            campo_protocol::accounts::AccountProblem::Password,
        ]));
    }
    let list = transport(ctx)
        .await?
        .change_account(&AccountChange { login, action })
        .await?;
    Ok(list.accounts)
}
