//! IXC Provedor's webservice, read: `POST {host}/webservice/v1/{table}` with HTTP Basic
//! (`user id:token`), the header `ixcsoft: listar` and a JSON body (`qtype`, `query`, `oper`,
//! `page`, `rp`, `sortname`, `sortorder`); replies `{"page", "total", "registros": [...]}` with
//! every value a string, or `{"type": "error", "message"}`. The shapes, their public sources and
//! what is not confirmed are in docs/import/ERP.md; the tests run against a stand-in server
//! that follows them (`tests/ixc.rs`).
//!
//! Every request is tried again on a timeout, a refused connection, a 429/5xx or an answer
//! that is not a listing, waiting longer each time; a refusal of the credentials is not.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use campo_import::ImportKind;
use serde_json::{Map, Value, json};
use tokio::sync::Mutex;

use super::{Cause, ErpError, ErpSource, Fetched, Setting};

mod read;
mod write;
pub use write::{Closing, Scheduling};

/// One record as IXC sends it.
type Record = Map<String, Value>;

/// The code IXC Provedor's standing and write-back are kept under.
pub const SOURCE: &str = "ixc";

/// The ERP's name, for messages.
pub const NAME: &str = "IXC Provedor";

/// How to reach a provider's IXC.
#[derive(Clone)]
pub struct IxcConfig {
    /// The ERP's address (`https://erp.provedor.com.br`; `/webservice/v1` is added).
    pub url: String,
    /// The API user's id.
    pub user: String,
    /// The API user's token (never logged, never shown).
    pub token: String,
    /// Records per page.
    pub page_size: u32,
    /// How long one request may take.
    pub timeout: Duration,
    /// How many times a request is tried before giving up.
    pub attempts: u32,
    /// The wait before the second try; it doubles at each next one.
    pub backoff: Duration,
}

impl fmt::Debug for IxcConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IxcConfig")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("token", &"…")
            .field("page_size", &self.page_size)
            .field("timeout", &self.timeout)
            .field("attempts", &self.attempts)
            .field("backoff", &self.backoff)
            .finish()
    }
}

impl IxcConfig {
    /// The address, user and token with the usual limits: 500 records a page, 30 s a
    /// request, 5 tries from 2 s apart.
    pub fn new(url: &str, user: &str, token: &str) -> Result<Self, ErpError> {
        let url = url.trim().trim_end_matches('/');
        if url.is_empty() {
            return Err(ErpError::NotConfigured {
                setting: Setting::Address,
            });
        }
        if !(url.starts_with("http://") || url.starts_with("https://")) || url.contains(' ') {
            return Err(ErpError::BadAddress {
                address: url.to_owned(),
            });
        }
        if user.trim().is_empty() {
            return Err(ErpError::NotConfigured {
                setting: Setting::User,
            });
        }
        if token.trim().is_empty() {
            return Err(ErpError::NotConfigured {
                setting: Setting::Token,
            });
        }
        let base = url.trim_end_matches("/webservice/v1");
        Ok(IxcConfig {
            url: base.to_owned(),
            user: user.trim().to_owned(),
            token: token.trim().to_owned(),
            page_size: 500,
            timeout: Duration::from_secs(30),
            attempts: 5,
            backoff: Duration::from_secs(2),
        })
    }

    /// From the environment: `CAMPO_IXC_URL`, `CAMPO_IXC_USER`, `CAMPO_IXC_TOKEN`.
    pub fn from_env() -> Result<Self, ErpError> {
        let var = |name| std::env::var(name).unwrap_or_default();
        Self::new(
            &var("CAMPO_IXC_URL"),
            &var("CAMPO_IXC_USER"),
            &var("CAMPO_IXC_TOKEN"),
        )
    }
}

/// A listing's filter: `qtype oper query`, sorted by `sortname` ascending.
struct Listing<'a> {
    table: &'a str,
    qtype: String,
    oper: &'a str,
    query: String,
}

impl<'a> Listing<'a> {
    fn new(table: &'a str, field: &str, oper: &'a str, query: &str) -> Self {
        Listing {
            table,
            qtype: format!("{table}.{field}"),
            oper,
            query: query.to_owned(),
        }
    }
}

/// An IXC Provedor, read through its webservice.
#[derive(Debug)]
pub struct Ixc {
    config: IxcConfig,
    http: reqwest::Client,
    /// `cidade` id → (name, UF), and `uf` id → its letters, read once.
    places: Mutex<HashMap<String, Option<(String, String)>>>,
    states: Mutex<HashMap<String, String>>,
    /// `su_oss_assunto` id → its words.
    subjects: Mutex<HashMap<String, String>>,
}

impl Ixc {
    /// A client for `config` (no request is made yet).
    pub fn new(config: IxcConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .build()
            .unwrap_or_default();
        Ixc {
            config,
            http,
            places: Mutex::default(),
            states: Mutex::default(),
            subjects: Mutex::default(),
        }
    }

    /// One page of a listing, tried again as the module says.
    async fn page(&self, q: &Listing<'_>, page: u32) -> Result<(u64, Vec<Record>), ErpError> {
        let mut wait = self.config.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_page(q, page).await {
                Ok(found) => return Ok(found),
                Err(Attempt::Final(e)) => return Err(e),
                Err(Attempt::Again(cause)) if attempt < self.config.attempts => {
                    tracing::warn!(
                        table = q.table,
                        page,
                        attempt,
                        cause = %cause,
                        retry_in_ms = wait.as_millis() as u64,
                        "IXC request failed"
                    );
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                }
                Err(Attempt::Again(cause)) => {
                    return Err(ErpError::Unavailable {
                        attempts: attempt,
                        cause,
                    });
                }
            }
        }
    }

    async fn try_page(&self, q: &Listing<'_>, page: u32) -> Result<(u64, Vec<Record>), Attempt> {
        let body = json!({
            "qtype": q.qtype,
            "query": q.query,
            "oper": q.oper,
            "page": page.to_string(),
            "rp": self.config.page_size.to_string(),
            "sortname": format!("{}.id", q.table),
            "sortorder": "asc",
        });
        let reply = self.try_call(q.table, &body, true).await?;
        let total = match reply.get("total") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            None => Some(0),
            _ => None,
        }
        .ok_or(Attempt::Again(Cause::Garbage))?;
        let records = match reply.get("registros") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => list
                .iter()
                .map(|r| r.as_object().cloned().ok_or(Attempt::Again(Cause::Garbage)))
                .collect::<Result<_, _>>()?,
            _ => return Err(Attempt::Again(Cause::Garbage)),
        };
        Ok((total, records))
    }

    /// One request to `table` (a listing, or a record sent), its answer as JSON: IXC's own
    /// `{type: error}` is final, as is a refused token; what may pass is to be tried again.
    async fn try_call(&self, table: &str, body: &Value, listing: bool) -> Result<Record, Attempt> {
        self.try_send(reqwest::Method::POST, table, body, listing)
            .await
    }

    /// [`Self::try_call`] with `method` to `path` (`table`, or `table/id` for an update).
    async fn try_send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
        listing: bool,
    ) -> Result<Record, Attempt> {
        let update = method == reqwest::Method::PUT;
        let mut request = self
            .http
            .request(
                method,
                format!("{}/webservice/v1/{}", self.config.url, path),
            )
            .basic_auth(&self.config.user, Some(&self.config.token));
        if listing {
            request = request.header("ixcsoft", "listar");
        } else if update {
            // An update, as IXC's clients send one: the operation header present, empty.
            request = request.header("ixcsoft", "");
        }
        let reply = request.json(body).send().await.map_err(|e| {
            Attempt::Again(if e.is_timeout() {
                Cause::Timeout
            } else {
                Cause::Unreachable
            })
        })?;
        let status = reply.status().as_u16();
        if status == 401 || status == 403 {
            return Err(Attempt::Final(ErpError::Unauthorized { status }));
        }
        if !reply.status().is_success() {
            let cause = Cause::Status(status);
            return Err(if cause.transient() {
                Attempt::Again(cause)
            } else {
                Attempt::Final(ErpError::Unavailable { attempts: 1, cause })
            });
        }
        let bytes = reply.bytes().await.map_err(|e| {
            Attempt::Again(if e.is_timeout() {
                Cause::Timeout
            } else {
                Cause::Unreachable
            })
        })?;
        let Ok(Value::Object(reply)) = serde_json::from_slice::<Value>(&bytes) else {
            return Err(Attempt::Again(Cause::Garbage));
        };
        if reply.get("type").and_then(Value::as_str) == Some("error") {
            let message = reply
                .get("message")
                .map(text)
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "sem mensagem".to_owned());
            return Err(Attempt::Final(ErpError::Refused { message }));
        }
        Ok(reply)
    }

    /// Every record of a listing, page after page.
    async fn all(&self, q: &Listing<'_>) -> Result<Vec<Record>, ErpError> {
        let mut all = Vec::new();
        let mut page = 1;
        loop {
            let (total, records) = self.page(q, page).await?;
            let empty = records.is_empty();
            all.extend(records);
            // The total as the first page said it; a page short of it, or empty, ends it.
            let pages = total.div_ceil(u64::from(self.config.page_size.max(1)));
            if empty || all.len() as u64 >= total || u64::from(page) >= pages {
                return Ok(all);
            }
            page += 1;
        }
    }

    /// The record of `table` with id `id`, if any.
    async fn by_id(&self, table: &str, id: &str) -> Result<Option<Record>, ErpError> {
        let (_, mut found) = self.page(&Listing::new(table, "id", "=", id), 1).await?;
        Ok(found
            .drain(..)
            .find(|r| r.get("id").map(text).as_deref() == Some(id)))
    }
}

/// One attempt's outcome when it failed.
enum Attempt {
    /// Worth trying again.
    Again(Cause),
    /// Not.
    Final(ErpError),
}

/// A record's id as a number (IXC's ids grow), when it has one.
fn record_id(r: &Record) -> Option<u64> {
    r.get("id").map(text).and_then(|id| id.parse().ok())
}

/// A value as text (IXC sends strings; numbers and null are read too).
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl ErpSource for Ixc {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn fetch(&self, kind: ImportKind, since: Option<&str>) -> Result<Fetched, ErpError> {
        match kind {
            ImportKind::Customers => self.customers(since).await,
            ImportKind::Orders => self.orders(since).await,
            ImportKind::Receivables => self.receivables(since).await,
            ImportKind::Plans | ImportKind::People => Err(ErpError::Unsupported {
                kind: kind.code().to_owned(),
            }),
        }
    }
}
