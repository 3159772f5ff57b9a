//! What the application layer's tests share: a device joined to a test server as one person.

use campo_core::Context;
use campo_core::sync::{join_server, sync_now};
use campo_fixtures::server::{PASSWORD, Server};

/// A fresh data folder joined to `server` as `login` and synced once (the people it knows
/// pulled, so role checks see them). Keep the folder alive as long as the context.
pub async fn joined(server: &Server, login: &str) -> (tempfile::TempDir, Context) {
    let data = tempfile::tempdir().expect("temporary folder");
    let ctx = Context::new(data.path().to_path_buf());
    join_server(&ctx, server.url.clone(), login.into(), PASSWORD.into())
        .await
        .expect("join");
    sync_now(&ctx).await.expect("first sync");
    (data, ctx)
}
