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

use campo_import::{ImportKind, Table, table::Format, table::Row};
use serde_json::{Map, Value, json};
use tokio::sync::Mutex;

use super::{Cause, ErpError, ErpSource, Fetched, Setting};

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

    /// The municipality and UF of an IXC `cidade` id (IXC keeps a customer's city as an id
    /// into its table of cities), or None when IXC does not know it.
    async fn place(&self, city: &str) -> Result<Option<(String, String)>, ErpError> {
        if let Some(known) = self.places.lock().await.get(city) {
            return Ok(known.clone());
        }
        let found = match self.by_id("cidade", city).await? {
            None => None,
            Some(r) => {
                let name = r.get("nome").map(text).unwrap_or_default();
                let uf = r.get("uf").map(text).unwrap_or_default();
                let uf = self.state(&uf).await?;
                (!name.is_empty()).then_some((name, uf))
            }
        };
        self.places
            .lock()
            .await
            .insert(city.to_owned(), found.clone());
        Ok(found)
    }

    /// A UF's letters: as given when already letters, else read from IXC's `uf` table.
    async fn state(&self, uf: &str) -> Result<String, ErpError> {
        if uf.is_empty() || uf.chars().all(|c| c.is_ascii_alphabetic()) {
            return Ok(uf.to_ascii_uppercase());
        }
        if let Some(known) = self.states.lock().await.get(uf) {
            return Ok(known.clone());
        }
        let letters = self
            .by_id("uf", uf)
            .await?
            .and_then(|r| r.get("sigla").map(text))
            .unwrap_or_default()
            .to_ascii_uppercase();
        self.states
            .lock()
            .await
            .insert(uf.to_owned(), letters.clone());
        Ok(letters)
    }

    /// A work order's subject in words (IXC keeps an id into `su_oss_assunto`); the id
    /// itself when IXC does not know it (the import then names the unknown kind).
    async fn subject(&self, id: &str) -> Result<String, ErpError> {
        if let Some(known) = self.subjects.lock().await.get(id) {
            return Ok(known.clone());
        }
        let words = self
            .by_id("su_oss_assunto", id)
            .await?
            .and_then(|r| r.get("assunto").map(text))
            .filter(|w| !w.is_empty())
            .unwrap_or_else(|| format!("assunto {id} do IXC"));
        self.subjects
            .lock()
            .await
            .insert(id.to_owned(), words.clone());
        Ok(words)
    }

    /// The open work orders (`su_oss_chamado` in every status but finished), each with its
    /// subject in words and the plan of its customer's active contract (`cliente_contrato`
    /// → `id_vd_contrato`, the plan's id in IXC, which Campo's plans carry as their ERP id).
    ///
    /// With `since` (the highest order id read before), only the orders opened after it: an
    /// order already in Campo is worked there, whatever IXC says of it later.
    async fn orders(&self, since: Option<&str>) -> Result<Fetched, ErpError> {
        let mut records = Vec::new();
        match since {
            Some(after) => records.extend(
                self.all(&Listing::new("su_oss_chamado", "id", ">", after))
                    .await?,
            ),
            None => {
                for status in OPEN {
                    records.extend(
                        self.all(&Listing::new("su_oss_chamado", "status", "=", status))
                            .await?,
                    );
                }
            }
        }
        let mark = records
            .iter()
            .filter_map(record_id)
            .max()
            .map(|n| n.to_string())
            .or_else(|| since.map(str::to_owned));
        records.retain(|r| OPEN.contains(&r.get("status").map(text).unwrap_or_default().as_str()));
        records.sort_by_key(record_id);
        let mut plans: HashMap<String, String> = HashMap::new();
        if !records.is_empty() {
            for c in self
                .all(&Listing::new("cliente_contrato", "status", "=", "A"))
                .await?
            {
                let customer = c.get("id_cliente").map(text).unwrap_or_default();
                let plan = c.get("id_vd_contrato").map(text).unwrap_or_default();
                // The oldest active contract (the listing is by id) is the customer's plan.
                if !plan.is_empty() && plan != "0" {
                    plans.entry(customer).or_insert(plan);
                }
            }
        }
        let mut rows = Vec::with_capacity(records.len());
        let mut ids = Vec::with_capacity(records.len());
        for (i, r) in records.iter().enumerate() {
            let get = |k: &str| r.get(k).map(text).unwrap_or_default();
            let subject = match get("id_assunto") {
                id if id.is_empty() => String::new(),
                id => self.subject(&id).await?,
            };
            let customer = get("id_cliente");
            let cells = vec![
                get("id"),
                customer.clone(),
                subject,
                plans.get(&customer).cloned().unwrap_or_default(),
                get("status"),
                get("data_abertura"),
            ];
            ids.push(get("id"));
            rows.push(Row::new(i + 2, cells));
        }
        Ok(Fetched {
            table: Table {
                headers: ORDER_COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
                rows,
                format: Format::Erp,
            },
            ids,
            mark,
        })
    }

    /// The receivables (`fn_areceber`): all of them; with `since` (`<highest id>|<latest
    /// write-off day>` of the reading before), those issued after it and those written off
    /// (paid) on or after that day — a day read twice changes nothing, as the import finds
    /// what it already has. A cancellation is seen by a full reading (`--full`).
    async fn receivables(&self, since: Option<&str>) -> Result<Fetched, ErpError> {
        let (after_id, after_day) = match since.and_then(|s| s.split_once('|')) {
            Some((id, day)) => (id.to_owned(), day.to_owned()),
            None => ("0".to_owned(), String::new()),
        };
        let mut records = self
            .all(&Listing::new("fn_areceber", "id", ">", &after_id))
            .await?;
        if since.is_some() && !after_day.is_empty() {
            let paid = self
                .all(&Listing::new("fn_areceber", "baixa_data", ">=", &after_day))
                .await?;
            let have: std::collections::HashSet<u64> =
                records.iter().filter_map(record_id).collect();
            records.extend(
                paid.into_iter()
                    .filter(|r| record_id(r).is_none_or(|n| !have.contains(&n))),
            );
        }
        records.sort_by_key(record_id);
        let day = |r: &Record, k: &str| {
            r.get(k)
                .map(text)
                .map(|t| t.chars().take(10).collect::<String>())
                .filter(|t| !t.is_empty() && !t.starts_with("0000"))
        };
        let top_id = records
            .iter()
            .filter_map(record_id)
            .max()
            .map_or(after_id, |n| n.to_string());
        let top_day = records
            .iter()
            .filter_map(|r| day(r, "baixa_data"))
            .chain(Some(after_day).filter(|d| !d.is_empty()))
            .max()
            .unwrap_or_default();
        let mut rows = Vec::with_capacity(records.len());
        let mut ids = Vec::with_capacity(records.len());
        for (i, r) in records.iter().enumerate() {
            let get = |k: &str| r.get(k).map(text).unwrap_or_default();
            let received = match get("valor_recebido") {
                v if v.is_empty() || v == "0" || v == "0.00" => get("pagamento_valor"),
                v => v,
            };
            let cells: Vec<String> = RECEIVABLE_COLUMNS
                .iter()
                .map(|&c| match c {
                    "valor_recebido" => received.clone(),
                    other => get(other),
                })
                .collect();
            ids.push(get("id"));
            rows.push(Row::new(i + 2, cells));
        }
        Ok(Fetched {
            table: Table {
                headers: RECEIVABLE_COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
                rows,
                format: Format::Erp,
            },
            ids,
            mark: Some(format!("{top_id}|{top_day}")),
        })
    }

    /// The active customers; with `since` (the latest `ultima_atualizacao` read before), those
    /// changed after it.
    async fn customers(&self, since: Option<&str>) -> Result<Fetched, ErpError> {
        let mut records = match since {
            Some(after) => {
                self.all(&Listing::new("cliente", "ultima_atualizacao", ">", after))
                    .await?
            }
            None => {
                self.all(&Listing::new("cliente", "ativo", "=", "S"))
                    .await?
            }
        };
        // IXC's time of a customer's last change, `aaaa-mm-dd hh:mm:ss`: sorts as text. When
        // IXC does not send it, every reading reads everything (as it should).
        let mark = records
            .iter()
            .filter_map(|r| r.get("ultima_atualizacao").map(text))
            .filter(|t| !t.is_empty() && !t.starts_with("0000"))
            .max()
            .or_else(|| since.map(str::to_owned));
        records.retain(|r| r.get("ativo").map(text).as_deref() == Some("S"));
        let mut rows = Vec::with_capacity(records.len());
        let mut ids = Vec::with_capacity(records.len());
        for (i, r) in records.iter().enumerate() {
            let get = |k: &str| r.get(k).map(text).unwrap_or_default();
            let city = get("cidade");
            // A city given as an id is looked up; one given by name is kept (and checked
            // against IBGE's list by the import like any file's).
            let (city, uf) = if !city.is_empty() && city.chars().all(|c| c.is_ascii_digit()) {
                match self.place(&city).await? {
                    Some(place) => place,
                    None => (format!("cidade {city} do IXC"), get("uf")),
                }
            } else {
                (city, get("uf"))
            };
            let cells: Vec<String> = COLUMNS
                .iter()
                .map(|&c| match c {
                    "cidade" => city.clone(),
                    "uf" => uf.clone(),
                    other => get(other),
                })
                .collect();
            ids.push(get("id"));
            rows.push(Row::new(i + 2, cells));
        }
        Ok(Fetched {
            table: Table {
                headers: COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
                rows,
                format: Format::Erp,
            },
            ids,
            mark,
        })
    }
}

/// A receivable's columns, by the names the import matches.
const RECEIVABLE_COLUMNS: [&str; 9] = [
    "id",
    "id_cliente",
    "id_contrato",
    "data_emissao",
    "data_vencimento",
    "valor",
    "status",
    "pagamento_data",
    "valor_recebido",
];

/// The `cliente` fields read, by the names the import matches.
const COLUMNS: [&str; 18] = [
    "id",
    "razao",
    "cnpj_cpf",
    "email",
    "data_nascimento",
    "telefone_celular",
    "telefone_comercial",
    "cep",
    "endereco",
    "numero",
    "complemento",
    "bairro",
    "cidade",
    "uf",
    "referencia",
    "latitude",
    "longitude",
    "nome_mae",
];

/// An order's columns, by the names the import matches.
const ORDER_COLUMNS: [&str; 6] = [
    "id",
    "id_cliente",
    "assunto",
    "plano",
    "status",
    "data_abertura",
];

/// IXC's statuses of a work order not finished: open, in analysis, forwarded, taken,
/// scheduled, on the way, being done, waiting to be scheduled again.
const OPEN: [&str; 8] = ["A", "AN", "EN", "AS", "AG", "DS", "EX", "RAG"];

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
