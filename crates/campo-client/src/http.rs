//! The HTTP transport: JSON over HTTP(S) to a `campo-server`, bearer token, gzip.

use std::time::Duration;

use reqwest::StatusCode;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Transport, TransportError};
use campo_protocol::accounts::{AccountChange, AccountImport, AccountList, NewAccount};
use campo_protocol::wire::{
    self, ACCOUNT_DISABLED, ApiError, BlobStatus, ConflictList, Hello, HelloReply, LoginReply,
    LoginRequest, PullMode, PullReply, PushReply, PushRequest, RESYNC_REQUIRED, ResolveRequest,
    SESSION_ENDED, SESSION_EXPIRED, SnapshotReply,
};

/// A client of one server, optionally logged in.
#[derive(Debug, Clone)]
pub struct HttpTransport {
    client: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl HttpTransport {
    /// A client for the server at `base_url` (e.g. `https://campo.provedor.com.br`).
    pub fn new(base_url: &str) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(60))
            .gzip(true)
            .build()
            .map_err(|e| TransportError::Unreachable {
                detail: e.to_string(),
            })?;
        Ok(HttpTransport {
            client,
            base: base_url.trim_end_matches('/').to_owned(),
            token: None,
        })
    }

    /// Uses a token obtained earlier.
    pub fn with_token(mut self, token: String) -> Self {
        self.token = Some(token);
        self
    }

    /// Ends this session on the server (signing out).
    pub async fn logout(&self) -> Result<(), TransportError> {
        let _: serde_json::Value = self.post("/v1/logout", &serde_json::json!({})).await?;
        Ok(())
    }

    /// Replaces the password the administration gave with the person's own.
    pub async fn choose_password(
        &self,
        change: &campo_protocol::accounts::PasswordChange,
    ) -> Result<(), TransportError> {
        let _: serde_json::Value = self.post("/v1/account/password", change).await?;
        Ok(())
    }

    /// Logs in and keeps the token.
    pub async fn login(&mut self, request: &LoginRequest) -> Result<LoginReply, TransportError> {
        let reply: LoginReply = self.post("/v1/login", request).await?;
        self.token = Some(reply.token.clone());
        Ok(reply)
    }

    async fn post<B: Serialize + Sync, R: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<R, TransportError> {
        let mut req = self.client.post(format!("{}{path}", self.base)).json(body);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        Self::read(req.send().await).await
    }

    async fn get<R: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<R, TransportError> {
        let mut req = self.client.get(format!("{}{path}", self.base)).query(query);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        Self::read(req.send().await).await
    }

    async fn read<R: DeserializeOwned>(
        sent: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<R, TransportError> {
        let bytes = Self::read_bytes(sent).await?;
        serde_json::from_slice(&bytes).map_err(|e| {
            tracing::warn!(error = %e, "unreadable answer from the server");
            TransportError::Decode {
                detail: e.to_string(),
            }
        })
    }

    /// The body of a successful answer; a refusal as its error.
    async fn read_bytes(
        sent: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<Vec<u8>, TransportError> {
        let unreachable = |e: reqwest::Error| {
            tracing::debug!(error = %e, "server unreachable");
            TransportError::Unreachable {
                detail: e.to_string(),
            }
        };
        let resp = sent.map_err(unreachable)?;
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(unreachable)?;
        if status.is_success() {
            return Ok(bytes.to_vec());
        }
        // Every refusal of a Campo server is `{code, message}`; anything else is some other
        // service at that address.
        let Ok(err) = serde_json::from_slice::<ApiError>(&bytes) else {
            return Err(TransportError::NotCampo {
                status: status.as_u16(),
            });
        };
        Err(match (status, err.code.as_str()) {
            // A Campo server, but not at this path: the address is wrong.
            (_, wire::UNKNOWN_ROUTE | wire::METHOD_NOT_ALLOWED) => TransportError::NotCampo {
                status: status.as_u16(),
            },
            (_, wire::BAD_CREDENTIALS) => TransportError::BadCredentials,
            (_, wire::TOO_MANY_ATTEMPTS) => TransportError::TooManyAttempts,
            (_, SESSION_EXPIRED) => TransportError::SessionExpired,
            (_, SESSION_ENDED) => TransportError::SessionEnded,
            (_, ACCOUNT_DISABLED) => TransportError::AccountDisabled,
            (_, campo_protocol::wire::PASSWORD_CHANGE_REQUIRED) => {
                TransportError::PasswordChangeRequired
            }
            (StatusCode::UNAUTHORIZED, _) => TransportError::Unauthorized,
            (StatusCode::GONE, RESYNC_REQUIRED) => TransportError::ResyncRequired,
            _ => TransportError::Refused {
                status: status.as_u16(),
                code: err.code,
                message: err.message,
                problem: err.problem,
            },
        })
    }
}

impl HttpTransport {
    /// Every account with its devices (administrators only).
    pub async fn accounts(&self) -> Result<AccountList, TransportError> {
        self.get("/v1/admin/accounts", &[]).await
    }

    /// Where the connection to the provider's ERP stands (administrators only).
    pub async fn erp_standing(&self) -> Result<campo_protocol::erp::ErpStanding, TransportError> {
        self.get("/v1/admin/erp", &[]).await
    }

    /// Sets how the server reaches the provider's ERP (administrators only); returns where
    /// the connection stands now.
    pub async fn set_erp_settings(
        &self,
        settings: &campo_protocol::erp::ErpSettingsInput,
    ) -> Result<campo_protocol::erp::ErpStanding, TransportError> {
        self.post("/v1/admin/erp/settings", settings).await
    }

    /// Creates an account; returns every account.
    pub async fn create_account(
        &self,
        account: &NewAccount,
    ) -> Result<AccountList, TransportError> {
        self.post("/v1/admin/accounts", account).await
    }

    /// Creates the accounts of a staff list, all of them or none; returns every account.
    pub async fn import_accounts(
        &self,
        accounts: &AccountImport,
    ) -> Result<AccountList, TransportError> {
        self.post("/v1/admin/accounts/import", accounts).await
    }

    /// Disables, enables, gives a new password to or signs out an account; returns every
    /// account.
    pub async fn change_account(
        &self,
        change: &AccountChange,
    ) -> Result<AccountList, TransportError> {
        self.post("/v1/admin/accounts/change", change).await
    }

    /// The places the server's geocoder finds for `address`, best first.
    pub async fn geocode(
        &self,
        address: &campo_protocol::geocode::AddressQuery,
    ) -> Result<Vec<campo_protocol::geocode::Place>, TransportError> {
        let reply: campo_protocol::geocode::PlacesReply = self.post("/v1/geocode", address).await?;
        Ok(reply.places)
    }

    /// The street the CEP `digits` names, from the server's CEP lookup (`None`: unknown).
    pub async fn cep(
        &self,
        digits: &str,
    ) -> Result<Option<campo_protocol::geocode::CepPlace>, TransportError> {
        let reply: campo_protocol::geocode::CepReply =
            self.get(&format!("/v1/cep/{digits}"), &[]).await?;
        Ok(reply.place)
    }

    /// Where the customers of the signed-in person's approved sales stand with their
    /// payments (no amounts).
    pub async fn sale_payments(
        &self,
    ) -> Result<campo_protocol::payments::SalePayments, TransportError> {
        self.get("/v1/sales/payments", &[]).await
    }

    /// Open conflicts (coordination and admin only).
    pub async fn conflicts(&self) -> Result<ConflictList, TransportError> {
        self.get("/v1/conflicts", &[]).await
    }

    /// Decides a conflict.
    pub async fn resolve(&self, request: &ResolveRequest) -> Result<(), TransportError> {
        let _: serde_json::Value = self.post("/v1/conflicts/resolve", request).await?;
        Ok(())
    }
}

impl Transport for HttpTransport {
    async fn hello(&self, hello: &Hello) -> Result<HelloReply, TransportError> {
        self.post("/v1/hello", hello).await
    }

    async fn push(&self, request: &PushRequest) -> Result<PushReply, TransportError> {
        self.post("/v1/push", request).await
    }

    async fn pull(
        &self,
        cursor: i64,
        limit: u32,
        mode: PullMode,
    ) -> Result<PullReply, TransportError> {
        let mut query = vec![("cursor", cursor.to_string()), ("limit", limit.to_string())];
        if mode == PullMode::Bootstrap {
            query.push(("mode", "bootstrap".to_owned()));
        }
        self.get("/v1/pull", &query).await
    }

    async fn snapshot(&self) -> Result<SnapshotReply, TransportError> {
        self.get("/v1/snapshot", &[]).await
    }

    async fn blob_status(&self, hash: &str) -> Result<BlobStatus, TransportError> {
        self.get(&format!("/v1/blobs/{hash}/status"), &[]).await
    }

    async fn put_blob(
        &self,
        hash: &str,
        offset: u64,
        total: u64,
        mime: &str,
        piece: Vec<u8>,
    ) -> Result<BlobStatus, TransportError> {
        let mut req = self
            .client
            .put(format!("{}/v1/blobs/{hash}", self.base))
            .query(&[
                ("offset", offset.to_string()),
                ("total", total.to_string()),
                ("mime", mime.to_owned()),
            ])
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(piece);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        Self::read(req.send().await).await
    }

    async fn get_blob(&self, hash: &str) -> Result<Vec<u8>, TransportError> {
        let mut req = self.client.get(format!("{}/v1/blobs/{hash}", self.base));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        Self::read_bytes(req.send().await).await
    }
}
