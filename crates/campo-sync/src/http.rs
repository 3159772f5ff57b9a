//! The HTTP transport: JSON over HTTP(S) to a `campo-server`, bearer token, gzip.

use std::time::Duration;

use reqwest::StatusCode;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::engine::{Transport, TransportError};
use crate::wire::{
    ApiError, Hello, HelloReply, LoginReply, LoginRequest, PullReply, PushReply, PushRequest,
    RESYNC_REQUIRED, SnapshotReply,
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
            .map_err(|e| TransportError::Unreachable(e.to_string()))?;
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
        let resp = sent.map_err(|e| TransportError::Unreachable(e.to_string()))?;
        let status = resp.status();
        if status == StatusCode::UNAUTHORIZED {
            return Err(TransportError::Unauthorized);
        }
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| TransportError::Unreachable(e.to_string()))?;
        if !status.is_success() {
            let err: ApiError = serde_json::from_slice(&bytes).unwrap_or(ApiError {
                code: "http".into(),
                message: format!("O servidor respondeu {status}"),
            });
            if status == StatusCode::GONE && err.code == RESYNC_REQUIRED {
                return Err(TransportError::ResyncRequired);
            }
            return Err(TransportError::Refused {
                status: status.as_u16(),
                code: err.code,
                message: err.message,
            });
        }
        serde_json::from_slice(&bytes).map_err(|e| TransportError::Decode(e.to_string()))
    }
}

impl HttpTransport {
    /// Open conflicts (coordination and admin only).
    pub async fn conflicts(&self) -> Result<crate::wire::ConflictList, TransportError> {
        self.get("/v1/conflicts", &[]).await
    }

    /// Decides a conflict.
    pub async fn resolve(
        &self,
        request: &crate::wire::ResolveRequest,
    ) -> Result<(), TransportError> {
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

    async fn pull(&self, cursor: i64, limit: u32) -> Result<PullReply, TransportError> {
        self.get(
            "/v1/pull",
            &[("cursor", cursor.to_string()), ("limit", limit.to_string())],
        )
        .await
    }

    async fn snapshot(&self) -> Result<SnapshotReply, TransportError> {
        self.get("/v1/snapshot", &[]).await
    }
}
