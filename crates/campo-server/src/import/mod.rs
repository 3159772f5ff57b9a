//! `campo-server import`: a provider's export (plans, customers, open orders, receivables) loaded on the
//! server, for providers that load a nightly file. The file is read and checked exactly as
//! the app does it (`campo_import`), against what the server's log holds; then its records
//! become operations pushed by the administrator through the same rules as any device's
//! (`rules::push_all_or_nothing`): all of them applied, or none. Devices pull them as usual.
//! Running the same file again changes nothing; an updated file updates by the ERP's id. Each
//! kind's records become operations in `records`.

use std::collections::{HashMap, HashSet};

use campo_domain::Lang;
use campo_domain::hlc::{Hlc, HlcClock};
use campo_domain::text::fold;
use campo_import::{ImportKind, Known, Mapping, Problem, Records};
use campo_protocol::ops::{CustomerCreated, PlanCreated, ReceivableSet};
use campo_protocol::wire::WireOp;
use campo_protocol::{Op, OpKind, Role};
use chrono::{SecondsFormat, Utc};
use sqlx::Row;
use uuid::Uuid;

use crate::db::ServerDb;
use crate::error::ServerError;
use crate::users::Session;

mod records;

use records::{customer_ops, order_ops, plan_ops, receivable_ops};

/// The device imports are recorded as coming from (one per server, the same every time).
pub fn import_device() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_OID, b"campo-server import")
}

/// What an import found and did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Every problem in the file (nothing was written when there is any).
    pub problems: Vec<Problem>,
    /// Rows ready to import.
    pub ready: usize,
    /// Rows left out on purpose (orders finished in the ERP).
    pub left_out: usize,
    /// Records created.
    pub created: usize,
    /// Records updated.
    pub updated: usize,
    /// Records already as the file has them.
    pub unchanged: usize,
    /// A staff list's new accounts: login and first password (shown once, to hand over).
    pub first_passwords: Vec<(String, String)>,
}

/// What the log holds of plans, customers and orders, as of now.
#[derive(Debug, Default)]
pub(crate) struct State {
    plans: HashMap<Uuid, (PlanCreated, bool)>,
    /// Customers as their latest edit left them.
    pub(crate) customers: HashMap<Uuid, CustomerCreated>,
    order_ids: HashSet<String>,
    next_number: i64,
    /// `id:<ERP id>` and `name:<folded name>` → plan, built once after loading.
    plan_keys: HashMap<String, Uuid>,
    /// ERP id or CPF → customer (an ERP id wins), built once after loading.
    customer_keys: HashMap<String, Uuid>,
    /// Receivables as the log has them now (read only for a receivables file).
    receivables: HashMap<Uuid, ReceivableSet>,
}

impl State {
    pub(crate) async fn load(db: &ServerDb, kind: ImportKind) -> Result<State, ServerError> {
        let mut state = State {
            next_number: 1,
            ..State::default()
        };
        // The operation that last set each customer's address (an address change done after
        // it moved the customer).
        let mut address_set: HashMap<Uuid, i64> = HashMap::new();
        let rows = sqlx::query(&format!(
            "SELECT server_seq, kind, payload FROM ops WHERE kind IN ({})
                OR (kind = $2 AND $1)
             ORDER BY server_seq",
            crate::db::kinds(&[
                OpKind::PlanCreated,
                OpKind::PlanUpdated,
                OpKind::CustomerCreated,
                OpKind::CustomerEdited,
                OpKind::OrderCreated,
            ])
        ))
        .bind(kind == ImportKind::Receivables)
        .bind(OpKind::ReceivableSet.code())
        .fetch_all(db.pool())
        .await?;
        for row in rows {
            let kind: String = row.try_get("kind")?;
            let payload: String = row.try_get("payload")?;
            let seq: i64 = row.try_get("server_seq")?;
            match Op::decode(&kind, &payload)? {
                Some(Op::PlanCreated(p)) => {
                    state.plans.insert(p.id, (p, true));
                }
                Some(Op::PlanUpdated(p)) => {
                    state.plans.insert(p.plan.id, (p.plan, p.sold));
                }
                Some(Op::CustomerCreated(c)) => {
                    address_set.insert(c.id, seq);
                    state.customers.insert(c.id, c);
                }
                Some(Op::CustomerEdited(e)) => {
                    address_set.insert(e.id, seq);
                    if let Some(c) = state.customers.get_mut(&e.id) {
                        crate::customers::apply_edit(c, e);
                    }
                }
                Some(Op::ReceivableSet(r)) => {
                    state.receivables.insert(r.id, r);
                }
                Some(Op::OrderCreated(o)) => {
                    state.next_number = state.next_number.max(o.number + 1);
                    if let Some(e) = o.external_id {
                        state.order_ids.insert(e);
                    }
                }
                _ => {}
            }
        }
        state.moved(db, &address_set).await?;
        // Looked up once per row of files of 100,000s of rows: by key, not by scanning.
        for (p, _) in state.plans.values() {
            state
                .plan_keys
                .insert(format!("name:{}", fold(&p.name)), p.id);
        }
        for (p, _) in state.plans.values() {
            if let Some(e) = &p.external_id {
                state.plan_keys.insert(format!("id:{e}"), p.id);
            }
        }
        for c in state.customers.values() {
            if let Some(cpf) = &c.cpf {
                // The same person registered twice keeps the CPF with the first registered
                // (the earlier id), as every device settles it (`effects::settle_cpf`).
                let first = state.customer_keys.entry(cpf.clone()).or_insert(c.id);
                *first = (*first).min(c.id);
            }
        }
        for c in state.customers.values() {
            if let Some(e) = &c.external_id {
                state.customer_keys.insert(e.clone(), c.id);
            }
        }
        Ok(state)
    }

    /// Moves each customer whose address change was done after their address was last set
    /// (as every device does when the change is done), so an import or the geocoder starts
    /// from where they live now.
    async fn moved(
        &mut self,
        db: &ServerDb,
        address_set: &HashMap<Uuid, i64>,
    ) -> Result<(), ServerError> {
        let moves = crate::customers::moves_done(&mut *db.pool().acquire().await?, None).await?;
        let newest = crate::customers::newest_moves(moves, |c| address_set.get(&c).copied());
        for (customer, a) in newest {
            if let Some(c) = self.customers.get_mut(&customer) {
                crate::customers::apply_move(c, a);
            }
        }
        Ok(())
    }

    fn known(&self, served: Vec<u32>) -> Known {
        let mut known = Known {
            served,
            ..Known::default()
        };
        for (p, _) in self.plans.values() {
            known.plan_names.insert(fold(&p.name));
            if let Some(e) = &p.external_id {
                known.plan_ids.insert(e.clone());
            }
        }
        for c in self.customers.values() {
            if let Some(e) = &c.external_id {
                known.customer_ids.insert(e.clone());
            }
            if let Some(cpf) = &c.cpf {
                known.customer_cpfs.insert(cpf.clone());
            }
        }
        // The ERP's contracts, each with the customer of its newest receivable (read only for a
        // receivables file).
        let mut newest: HashMap<&str, (&str, Uuid, Uuid)> = HashMap::new();
        for r in self.receivables.values() {
            let Some(contract) = &r.contract else {
                continue;
            };
            let candidate = (r.due_on.as_str(), r.id, r.customer_id);
            let kept = newest.entry(contract).or_insert(candidate);
            if (candidate.0, candidate.1) > (kept.0, kept.1) {
                *kept = candidate;
            }
        }
        for (contract, (_, _, customer)) in newest {
            let Some(c) = self.customers.get(&customer) else {
                continue;
            };
            known.contracts.insert(
                contract.to_owned(),
                campo_import::ContractOwner {
                    keys: c.external_id.iter().chain(&c.cpf).cloned().collect(),
                    label: c.external_id.clone().unwrap_or_else(|| c.name.clone()),
                },
            );
        }
        known
    }

    fn plan_by(&self, external_id: Option<&str>, name: &str) -> Option<Uuid> {
        external_id
            .and_then(|e| self.plan_keys.get(&format!("id:{e}")))
            .or_else(|| self.plan_keys.get(&format!("name:{}", fold(name))))
            .copied()
    }

    fn customer_by(&self, key: &str) -> Option<Uuid> {
        self.customer_keys.get(key).copied()
    }
}

/// Reads, checks and — unless `dry_run` or the file has problems — imports `bytes` as
/// `kind`, as the administrator `login` (the first active administrator when `None`).
pub async fn import_file(
    db: &ServerDb,
    kind: ImportKind,
    bytes: &[u8],
    login: Option<&str>,
    dry_run: bool,
) -> Result<ImportReport, ServerError> {
    let table = campo_import::table::read(bytes)
        .map_err(|e| ServerError::Operator(e.message(Lang::PtBr)))?;
    import_table(db, kind, &table, login, dry_run).await
}

/// [`import_file`] for a table already read (a file, or an ERP connector's records).
pub async fn import_table(
    db: &ServerDb,
    kind: ImportKind,
    table: &campo_import::Table,
    login: Option<&str>,
    dry_run: bool,
) -> Result<ImportReport, ServerError> {
    let mapping = Mapping::guess(kind, &table.headers);
    if kind == ImportKind::People {
        return crate::accounts::import_people(db, table, &mapping, dry_run, login).await;
    }
    let state = State::load(db, kind).await?;
    let profile = crate::setup::profile(db).await?;
    let zone = profile
        .as_ref()
        .and_then(|p| p.head())
        .map_or(chrono_tz::America::Sao_Paulo, |m| m.zone);
    let served = profile.map(|p| p.municipalities).unwrap_or_default();
    let known = state.known(served);
    // An ERP's receivables of customers Campo does not have (inactive ones, never imported)
    // are left out and counted; a file naming an unknown customer is a problem of the file.
    let (table, unknown) = match (
        kind,
        table.format,
        mapping.column(campo_import::Field::Customer),
    ) {
        (ImportKind::Receivables, campo_import::Format::Erp, Some(col)) => {
            let kept = campo_import::Table {
                headers: table.headers.clone(),
                rows: table
                    .rows
                    .iter()
                    .filter(|r| {
                        r.cell(col)
                            .is_some_and(|c| known.customer_ids.contains(c.trim()))
                    })
                    .cloned()
                    .collect(),
                format: table.format,
            };
            let unknown = table.rows.len() - kept.rows.len();
            (std::borrow::Cow::Owned(kept), unknown)
        }
        _ => (std::borrow::Cow::Borrowed(table), 0),
    };
    let checked = campo_import::check(kind, &table, &mapping, &known);
    let mut report = ImportReport {
        ready: checked.records.len(),
        left_out: checked.left_out + unknown,
        problems: checked.problems,
        ..ImportReport::default()
    };
    if dry_run || !report.problems.is_empty() {
        return Ok(report);
    }
    let session = administrator(db, login).await?;
    let now = Utc::now();
    let at = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let ops = match &checked.records {
        Records::Plans(list) => plan_ops(&state, list, &mut report),
        Records::Customers(list) => customer_ops(&state, list, &at, &mut report),
        Records::Orders(list) => order_ops(&state, list, &at, zone, &mut report),
        Records::Receivables(list) => receivable_ops(&state, list, &mut report),
        Records::People(_) => Vec::new(),
    };
    if ops.is_empty() {
        return Ok(report);
    }
    let wire = wire_ops(db, &session, ops).await?;
    match crate::rules::push_all_or_nothing(db, &session, &wire).await? {
        Ok(_) => Ok(report),
        Err((index, message)) => Err(ServerError::Operator(format!(
            "O servidor recusou a {}ª operação da importação ({}): {message}; nada foi importado",
            index + 1,
            wire[index].kind
        ))),
    }
}

pub(crate) async fn administrator(
    db: &ServerDb,
    login: Option<&str>,
) -> Result<Session, ServerError> {
    let row = match login {
        Some(login) => sqlx::query("SELECT id, role FROM users WHERE login = $1 AND disabled_at IS NULL")
            .bind(login)
            .fetch_optional(db.pool())
            .await?,
        None => {
            sqlx::query(
                "SELECT id, role FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY created_at LIMIT 1",
            )
            .fetch_optional(db.pool())
            .await?
        }
    };
    let Some(row) = row else {
        return Err(ServerError::Operator(match login {
            Some(l) => format!("Usuário {l} não existe ou está desativado"),
            None => {
                "Nenhum administrador ativo: crie um com `campo-server init` ou `user add`".into()
            }
        }));
    };
    let id: String = row.try_get("id")?;
    let role: String = row.try_get("role")?;
    Ok(Session {
        user_id: crate::db::stored_id(&id)?,
        role: Role::from_code(&role)
            .ok_or(ServerError::Inconsistent("a stored role is unknown"))?,
        device_id: import_device(),
    })
}

/// The operations as the import device sends them: its next sequence numbers, its clock.
pub(crate) async fn wire_ops(
    db: &ServerDb,
    session: &Session,
    ops: Vec<Op>,
) -> Result<Vec<WireOp>, ServerError> {
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(device_seq) FROM ops WHERE device_id = $1")
            .bind(session.device_id.to_string())
            .fetch_one(db.pool())
            .await?;
    let mut seq = last.unwrap_or(0);
    let mut clock = HlcClock::resume(Hlc::default());
    ops.into_iter()
        .map(|op| {
            seq += 1;
            Ok(WireOp {
                op_id: Uuid::now_v7(),
                device_id: session.device_id,
                device_seq: seq,
                hlc: clock.tick(Utc::now().timestamp_millis()).encode(),
                entity: op.entity().to_owned(),
                entity_id: op.entity_id(),
                kind: op.kind().code().to_owned(),
                payload: serde_json::value::RawValue::from_string(op.to_json()?)?,
                schema_version: campo_protocol::OP_SCHEMA_VERSION,
            })
        })
        .collect()
}
