//! Writing a checked file's records (`campo_import`) as one unit: each record created, or
//! updated by its ERP id (or a customer by CPF), through the Writer — every change an
//! operation in the outbox like any other — so the whole file lands or nothing does. Running
//! the same file again changes nothing.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use campo_domain::text::fold;
use campo_import::{ContractOwner, CustomerRecord, ImportKind, Known, PlanRecord, Records};
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use serde::Serialize;
use sqlx::Row;
use ts_rs::TS;
use uuid::Uuid;

use crate::customers::CustomerEdit;
use crate::effects;
use crate::finance::Written;
use crate::plans::PlanInput;
use crate::provider::Place;
use crate::write::{Writer, parse_uuid, timestamp};
use crate::{Store, StoreError};

mod orders;
use campo_protocol::Op;
use campo_protocol::ops::CustomerCreated;

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// Records new to Campo.
    #[ts(type = "number")]
    pub created: usize,
    /// Records Campo had, changed to match the file.
    #[ts(type = "number")]
    pub updated: usize,
    /// Records Campo had as the file has them.
    #[ts(type = "number")]
    pub unchanged: usize,
}

/// Why an import stopped without writing anything.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The person cancelled it.
    #[error("A importação foi cancelada; nada foi salvo")]
    Cancelled,
    /// A record names a customer or plan Campo no longer has (something changed between the
    /// check and the import).
    #[error("Linha {line}: o cliente ou plano citado não existe mais; verifique o arquivo de novo")]
    Stale {
        /// The line.
        line: usize,
    },
    /// People are accounts, created on the server, not written on a device.
    #[error("Pessoas são cadastradas no servidor: conecte-se a ele para importá-las")]
    Accounts,
}

impl campo_domain::Localized for ImportError {
    fn message(&self, lang: campo_domain::Lang) -> String {
        match (self, lang) {
            (_, campo_domain::Lang::PtBr) => self.to_string(),
            (ImportError::Cancelled, _) => "The import was cancelled; nothing was saved".into(),
            (ImportError::Stale { line }, _) => format!(
                "Line {line}: the customer or plan it names no longer exists; check the file again"
            ),
            (ImportError::Accounts, _) => {
                "People are accounts made on the server: connect to it to import them".into()
            }
        }
    }
}

/// How an import reports its progress and hears a cancel.
pub struct Progress<'a> {
    /// Set to stop; the import then writes nothing.
    pub cancel: &'a AtomicBool,
    /// Called now and then with (records done, records in all).
    pub report: &'a (dyn Fn(usize, usize) + Send + Sync),
}

impl std::fmt::Debug for Progress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress").finish_non_exhaustive()
    }
}

/// How often progress is reported.
const REPORT_EVERY: usize = 500;

impl Store {
    /// What a file of `kind` is checked against: the plans and customers on this device, the
    /// municipalities the provider serves and, for receivables, whose each contract is.
    pub async fn import_known(&self, kind: ImportKind) -> Result<Known, StoreError> {
        let mut known = Known::default();
        for row in sqlx::query("SELECT name, external_id FROM plans")
            .fetch_all(self.pool())
            .await?
        {
            known
                .plan_names
                .insert(fold(row.try_get::<&str, _>("name")?));
            if let Some(e) = row.try_get::<Option<String>, _>("external_id")? {
                known.plan_ids.insert(e);
            }
        }
        // Read a row at a time: a provider's 100,000s of customers are not held twice.
        let mut rows = sqlx::query(
            "SELECT external_id, cpf FROM customers WHERE external_id IS NOT NULL OR cpf IS NOT NULL",
        )
        .fetch(self.pool());
        while let Some(row) = rows.try_next().await? {
            if let Some(e) = row.try_get::<Option<String>, _>("external_id")? {
                known.customer_ids.insert(e);
            }
            if let Some(c) = row.try_get::<Option<String>, _>("cpf")? {
                known.customer_cpfs.insert(c);
            }
        }
        // Each contract's customer is its newest receivable's (read in order, the last
        // kept); a customer kept as another's duplicate is named in a file by the first's keys.
        // Only a receivables file names contracts.
        let contracts = if kind == ImportKind::Receivables {
            sqlx::query(
            "SELECT r.contract, k.external_id, k.cpf, k.name, f.external_id AS first_external, f.cpf AS first_cpf
             FROM receivables r JOIN customers k ON k.id = r.customer_id
             LEFT JOIN customers f ON f.id = k.duplicate_of
             WHERE r.contract IS NOT NULL ORDER BY r.contract, r.due_on, r.id",
            )
            .fetch_all(self.pool())
            .await?
        } else {
            Vec::new()
        };
        for row in contracts {
            let external: Option<String> = row.try_get("external_id")?;
            let name: String = row.try_get("name")?;
            let keys = ["external_id", "cpf", "first_external", "first_cpf"]
                .into_iter()
                .map(|col| row.try_get::<Option<String>, _>(col))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
                .collect();
            known.contracts.insert(
                row.try_get("contract")?,
                ContractOwner {
                    label: external.unwrap_or(name),
                    keys,
                },
            );
        }
        if let Some(profile) = self.provider_profile().await? {
            known.served = profile.municipalities;
        }
        Ok(known)
    }
}

impl Writer<'_> {
    /// Writes `records`: all of them, or — on a cancel or any refusal — none (the caller drops
    /// the Writer without committing).
    ///
    /// The database is read through the page cache rather than mmap while it writes: the
    /// pages an import of 100,000s of rows touches would otherwise count as the app's memory
    /// (a mapped page is resident in the process) on top of the records it holds.
    pub async fn import(
        &mut self,
        records: &Records,
        place: &Place,
        at: DateTime<Utc>,
        progress: &Progress<'_>,
    ) -> Result<ImportSummary, StoreError> {
        // (A database in memory has no mmap size to change.)
        let mapped: Option<i64> = sqlx::query_scalar("PRAGMA mmap_size")
            .fetch_optional(self.conn())
            .await?;
        if mapped.is_some() {
            sqlx::query("PRAGMA mmap_size = 0")
                .execute(self.conn())
                .await?;
        }
        let written = self.import_records(records, place, at, progress).await;
        let restored = match mapped {
            Some(mapped) => sqlx::query(&format!("PRAGMA mmap_size = {mapped}"))
                .execute(self.conn())
                .await
                .map(|_| ()),
            None => Ok(()),
        };
        // The import's own outcome first: a refusal or a cancel is what the person is told.
        let summary = written?;
        restored?;
        Ok(summary)
    }

    async fn import_records(
        &mut self,
        records: &Records,
        place: &Place,
        at: DateTime<Utc>,
        progress: &Progress<'_>,
    ) -> Result<ImportSummary, StoreError> {
        let total = records.len();
        let mut summary = ImportSummary::default();
        let tick = |done: usize| -> Result<(), StoreError> {
            if progress.cancel.load(Ordering::Relaxed) {
                return Err(StoreError::Import(ImportError::Cancelled));
            }
            if done.is_multiple_of(REPORT_EVERY) {
                (progress.report)(done, total);
            }
            Ok(())
        };
        match records {
            Records::Plans(list) => {
                for (i, r) in list.iter().enumerate() {
                    tick(i)?;
                    self.import_plan(r, at, &mut summary).await?;
                }
            }
            Records::Customers(list) => {
                // New customers written a batch at a time, as orders are; one Campo has
                // (by its ERP id, else its CPF) updated in its place.
                const BATCH: usize = 1_000;
                let (mut by_external, by_cpf) = self.customer_lookup().await?;
                let mut batch = Vec::with_capacity(BATCH.min(list.len()));
                for (i, r) in list.iter().enumerate() {
                    tick(i)?;
                    let by_id = r
                        .external_id
                        .as_ref()
                        .and_then(|e| by_external.get(e))
                        .copied();
                    let by_doc = match by_id {
                        Some(_) => None,
                        None => r.draft.cpf.as_ref().and_then(|c| by_cpf.get(c)).copied(),
                    };
                    match (by_id, by_doc) {
                        (Some(id), _) => self.update_customer(id, r, at, &mut summary).await?,
                        (None, Some(id)) => {
                            // Found by CPF: the file's ERP id may become theirs in place of
                            // the one they had, which a later row may then give someone new.
                            let before = self.external_of(id).await?;
                            self.update_customer(id, r, at, &mut summary).await?;
                            let after = self.external_of(id).await?;
                            if before != after {
                                if let Some(old) = before {
                                    by_external.remove(&old);
                                }
                                if let Some(new) = after {
                                    by_external.insert(new, id);
                                }
                            }
                        }
                        (None, None) => {
                            batch.push(Writer::customer_created(&r.draft, r.external_id.clone())?);
                            summary.created += 1;
                        }
                    }
                    if batch.len() == BATCH {
                        self.write_customers(std::mem::take(&mut batch), at).await?;
                    }
                }
                self.write_customers(batch, at).await?;
            }
            Records::Orders(list) => {
                // Written a batch at a time (several rows per statement): one statement per
                // row would spend most of an import's time handing statements to SQLite.
                const BATCH: usize = 1_000;
                let refs = self.order_references().await?;
                let mut batch = Vec::with_capacity(BATCH.min(list.len()));
                for (i, r) in list.iter().enumerate() {
                    tick(i)?;
                    if let Some(order) = self.import_order(r, &refs, place, at).await? {
                        batch.push(order);
                        summary.created += 1;
                    } else {
                        summary.unchanged += 1;
                    }
                    if batch.len() == BATCH {
                        self.write_orders(std::mem::take(&mut batch), &refs).await?;
                    }
                }
                self.write_orders(batch, &refs).await?;
            }
            Records::Receivables(list) => {
                let customers = self.customer_keys().await?;
                for (i, r) in list.iter().enumerate() {
                    tick(i)?;
                    let customer = *customers
                        .get(&r.customer)
                        .ok_or(StoreError::Import(ImportError::Stale { line: r.line }))?;
                    match self.set_receivable(r.operation(customer), at).await? {
                        Written::Created => summary.created += 1,
                        Written::Updated => summary.updated += 1,
                        Written::Unchanged => summary.unchanged += 1,
                    }
                }
            }
            Records::People(_) => return Err(StoreError::Import(ImportError::Accounts)),
        }
        (progress.report)(total, total);
        Ok(summary)
    }

    async fn import_plan(
        &mut self,
        r: &PlanRecord,
        at: DateTime<Utc>,
        summary: &mut ImportSummary,
    ) -> Result<(), StoreError> {
        let existing = sqlx::query(
            "SELECT id, name, download_mbps, price_cents, has_iptv, premium, svas, sold, external_id FROM plans
             WHERE external_id = ? OR (name = ? AND (external_id IS NULL OR ? IS NULL))
             ORDER BY external_id IS NULL LIMIT 1",
        )
        .bind(&r.external_id)
        .bind(&r.name)
        .bind(&r.external_id)
        .fetch_optional(self.conn())
        .await?;
        let mut input = PlanInput {
            name: r.name.clone(),
            download_mbps: r.download_mbps,
            price_cents: r.price_cents,
            has_iptv: r.has_iptv,
            premium: r.premium,
            svas: Vec::new(),
            sold: true,
        };
        let Some(row) = existing else {
            self.save_plan_from(None, &input, r.external_id.clone(), at)
                .await?;
            summary.created += 1;
            return Ok(());
        };
        let id = parse_uuid(row.try_get("id")?)?;
        input.svas = serde_json::from_str(row.try_get("svas")?)?;
        input.sold = row.try_get("sold")?;
        let current_external: Option<String> = row.try_get("external_id")?;
        let same = row.try_get::<&str, _>("name")? == input.name
            && row.try_get::<i64, _>("download_mbps")? == input.download_mbps
            && row.try_get::<i64, _>("price_cents")? == input.price_cents
            && row.try_get::<bool, _>("has_iptv")? == input.has_iptv
            && row.try_get::<bool, _>("premium")? == input.premium
            && (r.external_id.is_none() || current_external == r.external_id);
        if same {
            summary.unchanged += 1;
        } else {
            self.save_plan_from(Some(id), &input, r.external_id.clone(), at)
                .await?;
            summary.updated += 1;
        }
        Ok(())
    }

    /// Customer `id`, which Campo has, brought to what the file says of them.
    async fn update_customer(
        &mut self,
        id: Uuid,
        r: &CustomerRecord,
        at: DateTime<Utc>,
        summary: &mut ImportSummary,
    ) -> Result<(), StoreError> {
        let d = &r.draft;
        // A file without coordinates keeps the place set since (by hand or the server's
        // geocoder); one with them moves the customer.
        let (lat, lon) = match (d.address.lat, d.address.lon) {
            (Some(lat), Some(lon)) => (Some(lat), Some(lon)),
            _ => {
                sqlx::query_as::<_, (Option<f64>, Option<f64>)>(
                    "SELECT lat, lon FROM customers WHERE id = ?1",
                )
                .bind(id.to_string())
                .fetch_one(self.conn())
                .await?
            }
        };
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let edit = CustomerEdit {
            name: d.name.clone(),
            email: text(&d.email),
            phone1: d.phone1.clone(),
            phone2: text(&d.phone2),
            address: campo_domain::NewAddress {
                lat,
                lon,
                ..d.address.clone()
            },
        };
        if self
            .edit_customer_from(id, &edit, r.external_id.clone(), at)
            .await?
        {
            summary.updated += 1;
        } else {
            summary.unchanged += 1;
        }
        Ok(())
    }

    /// The ERP id customer `id` has.
    async fn external_of(&mut self, id: Uuid) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT external_id FROM customers WHERE id = ?")
                .bind(id.to_string())
                .fetch_one(self.conn())
                .await?,
        )
    }

    /// Customers by ERP id, and by CPF.
    async fn customer_lookup(&mut self) -> Result<(Lookup, Lookup), StoreError> {
        let mut rows = sqlx::query_as::<_, (String, Option<String>, Option<String>)>(
            "SELECT id, external_id, cpf FROM customers WHERE external_id IS NOT NULL OR cpf IS NOT NULL",
        )
        .fetch(self.conn());
        let (mut by_external, mut by_cpf) = (HashMap::new(), HashMap::new());
        while let Some((id, external, cpf)) = rows.try_next().await? {
            let id = parse_uuid(&id)?;
            if let Some(c) = cpf {
                by_cpf.entry(c).or_insert(id);
            }
            if let Some(e) = external {
                by_external.insert(e, id);
            }
        }
        Ok((by_external, by_cpf))
    }

    /// Customers by ERP id and by CPF (an ERP id wins over a CPF that looks the same).
    pub(super) async fn customer_keys(&mut self) -> Result<Lookup, StoreError> {
        let (by_external, mut keys) = self.customer_lookup().await?;
        keys.reserve(by_external.len());
        keys.extend(by_external);
        Ok(keys)
    }

    /// Writes a batch of new customers: their rows, and their operations.
    async fn write_customers(
        &mut self,
        batch: Vec<CustomerCreated>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        effects::customers_imported(self.conn(), &batch, &timestamp(at)).await?;
        let ops: Vec<Op> = batch.into_iter().map(Op::CustomerCreated).collect();
        self.record_many(&ops).await
    }
}

/// Customers by one of their keys.
type Lookup = HashMap<String, Uuid>;
