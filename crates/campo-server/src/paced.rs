//! A web service the server asks for JSON on a person's behalf — the provider's geocoder
//! ([`crate::geocode`]) and its CEP lookup ([`crate::cep`]): requests spaced by the pace the
//! service allows, an identifying User-Agent, and a few tries with a growing wait when it is
//! slow or failing. What the service answered is the caller's to read.

use std::time::Duration;

use serde::de::DeserializeOwned;
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::error::ServerError;

/// Attempts of one request when the service is slow or failing.
const ATTEMPTS: u32 = 3;

/// A client for one service, with its pace.
#[derive(Debug)]
pub(crate) struct Paced {
    /// Its address, without a trailing `/`.
    pub(crate) base: String,
    client: reqwest::Client,
    gap: Duration,
    backoff: Duration,
    next: Mutex<Instant>,
}

/// Why a service's answer could not be used (for the log; a person is told the service did
/// not answer, in their words).
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No answer came (refused, timed out).
    #[error("no answer: {0}")]
    NoAnswer(reqwest::Error),
    /// It answered with an error status.
    #[error("HTTP {0}")]
    Status(reqwest::StatusCode),
    /// The answer was cut before its end.
    #[error("cut answer: {0}")]
    Cut(reqwest::Error),
    /// The answer was not what the service documents.
    #[error("unexpected answer: {0}")]
    Unexpected(serde_json::Error),
    /// The answer named a state that does not exist.
    #[error("not a state: {0:?}")]
    UnknownState(String),
    /// The answer named no municipality.
    #[error("no municipality in the answer")]
    NoMunicipality,
}

/// Why one attempt failed.
enum Attempt {
    /// Worth trying again (no answer, a 5xx, a 429).
    Again(ServiceError),
    /// Not worth it (a 4xx, an answer that is not what was expected).
    Stop(ServiceError),
}

impl Paced {
    /// A client for the service at `url`, asked `per_second` times a second at the most;
    /// `what` names it in the refusals (`geocodificador`, `serviço de CEP`).
    pub(crate) fn new(
        what: &str,
        url: &str,
        contact: Option<&str>,
        per_second: f64,
    ) -> Result<Self, ServerError> {
        let base = url.trim().trim_end_matches('/');
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ServerError::Operator(format!(
                "O endereço do {what} não é um endereço web (http:// ou https://): {base}"
            )));
        }
        if !(per_second > 0.0 && per_second.is_finite()) {
            return Err(ServerError::Operator(format!(
                "O ritmo do {what} deve ser maior que zero por segundo"
            )));
        }
        let agent = match contact.map(str::trim) {
            Some(c) if !c.is_empty() => {
                format!("campo-server/{} ({c})", env!("CARGO_PKG_VERSION"))
            }
            _ => format!("campo-server/{}", env!("CARGO_PKG_VERSION")),
        };
        let client = reqwest::Client::builder()
            .user_agent(agent)
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| ServerError::Operator(format!("{what}: {e}")))?;
        Ok(Paced {
            base: base.to_owned(),
            client,
            gap: Duration::from_secs_f64(1.0 / per_second),
            backoff: Duration::from_secs(2),
            next: Mutex::new(Instant::now()),
        })
    }

    /// Waits this long (times the attempt) before trying a failed request again.
    pub(crate) fn set_backoff(&mut self, backoff: Duration) {
        self.backoff = backoff;
    }

    /// `GET url?query` read as `T`, tried again when the service is slow or failing; the
    /// error says why the last attempt failed.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        url: &str,
        query: &[(&str, String)],
    ) -> Result<T, ServiceError> {
        let mut attempt = 1;
        loop {
            self.wait_turn().await;
            match self.attempt(url, query).await {
                Ok(found) => return Ok(found),
                Err(Attempt::Stop(why)) => return Err(why),
                Err(Attempt::Again(why)) => {
                    tracing::warn!(attempt, url = %self.base, cause = %why, "lookup failed");
                    if attempt == ATTEMPTS {
                        return Err(why);
                    }
                    tokio::time::sleep(self.backoff * attempt).await;
                    attempt += 1;
                }
            }
        }
    }

    /// Holds the caller until the pace allows the next request.
    async fn wait_turn(&self) {
        let mut next = self.next.lock().await;
        tokio::time::sleep_until(*next).await;
        *next = Instant::now() + self.gap;
    }

    async fn attempt<T: DeserializeOwned>(
        &self,
        url: &str,
        query: &[(&str, String)],
    ) -> Result<T, Attempt> {
        let response = self
            .client
            .get(url)
            .query(query)
            .send()
            .await
            .map_err(|e| Attempt::Again(ServiceError::NoAnswer(e)))?;
        let status = response.status();
        if status.is_server_error() || status.as_u16() == 429 {
            return Err(Attempt::Again(ServiceError::Status(status)));
        }
        if !status.is_success() {
            return Err(Attempt::Stop(ServiceError::Status(status)));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Attempt::Again(ServiceError::Cut(e)))?;
        serde_json::from_slice(&bytes).map_err(|e| Attempt::Stop(ServiceError::Unexpected(e)))
    }
}
