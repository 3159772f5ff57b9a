//! IXC Provedor's records read into the tables the import checks: customers (their city
//! looked up when IXC gives an id), open work orders (their subject looked up), receivables;
//! each incrementally from a mark (the newest change or id read before).

use std::collections::HashMap;

use super::{Ixc, Listing, Record, record_id, text};
use crate::erp::{ErpError, Fetched};

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

impl Ixc {
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
    pub(super) async fn orders(&self, since: Option<&str>) -> Result<Fetched, ErpError> {
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
        let mut read = Fetched::of(&ORDER_COLUMNS, mark);
        for r in &records {
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
            read.push(get("id"), cells);
        }
        Ok(read)
    }

    /// The receivables (`fn_areceber`): all of them; with `since` (`<highest id>|<latest
    /// write-off day>` of the reading before), those issued after it and those written off
    /// (paid) on or after that day — a day read twice changes nothing, as the import finds
    /// what it already has. A cancellation is seen by a full reading (`--full`).
    pub(super) async fn receivables(&self, since: Option<&str>) -> Result<Fetched, ErpError> {
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
        let mut read = Fetched::of(&RECEIVABLE_COLUMNS, Some(format!("{top_id}|{top_day}")));
        for r in &records {
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
            read.push(get("id"), cells);
        }
        Ok(read)
    }

    /// The active customers; with `since` (the latest `ultima_atualizacao` read before), those
    /// changed after it.
    pub(super) async fn customers(&self, since: Option<&str>) -> Result<Fetched, ErpError> {
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
        let mut read = Fetched::of(&COLUMNS, mark);
        for r in &records {
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
            read.push(get("id"), cells);
        }
        Ok(read)
    }
}
