//! Each row checked into a record, or its problems listed by line and column: every cell of
//! every row is looked at (a dry run lists them all, not the first), duplicates within the file
//! are found, and references to what Campo already has (plans, customers, the municipalities
//! the provider serves) are checked against [`Known`].

use std::collections::{HashMap, HashSet};

use campo_domain::finance::ReceivableStatus;
use campo_domain::text::fold;
use campo_domain::{Cep, Cpf, CustomerDraft, Email, OrderKind, Period, Phone, Uf, municipality};
use campo_protocol::ops::{ReceivableSet, receivable_id};
use chrono::{NaiveDate, NaiveDateTime};

use crate::fields::{Field, ImportKind, Mapping};
use crate::people::PersonRecord;
use crate::problem::{Problem, ProblemKind};
use crate::table::{Row, Table, column_letters};
use crate::values::{self, Unreadable};

/// The most characters a text field keeps.
pub const MAX_TEXT: usize = 200;

/// What Campo already has, for the references a file makes.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Plans by folded name.
    pub plan_names: HashSet<String>,
    /// Plans by ERP id.
    pub plan_ids: HashSet<String>,
    /// Customers by ERP id.
    pub customer_ids: HashSet<String>,
    /// Customers by CPF (digits).
    pub customer_cpfs: HashSet<String>,
    /// IBGE codes of the municipalities served (empty: not checked).
    pub served: Vec<u32>,
    /// The server's accounts: login → role (for a staff list).
    pub accounts: HashMap<String, campo_protocol::Role>,
    /// The ERP's contracts Campo has receivables of, each with the customer it belongs to.
    pub contracts: HashMap<String, ContractOwner>,
}

/// The customer an ERP contract belongs to, as a file may name them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContractOwner {
    /// The customer's keys a file's customer cell may hold: their ERP id, their CPF's digits.
    pub keys: Vec<String>,
    /// How a problem names them: their ERP id, else their name.
    pub label: String,
}

impl Known {
    /// Whether `plan` names a plan Campo has (by ERP id, then by name).
    pub fn has_plan(&self, plan: &str) -> bool {
        self.plan_ids.contains(plan) || self.plan_names.contains(&fold(plan))
    }
}

/// A customer from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRecord {
    /// Its line.
    pub line: usize,
    /// Its id in the ERP.
    pub external_id: Option<String>,
    /// Its fields, checked (`CustomerDraft::validate` accepts them).
    pub draft: CustomerDraft,
    /// Reference point.
    pub reference: Option<String>,
}

/// How an order stands in the ERP, as Campo takes it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Waiting for the backoffice's analysis (IXC `AN`).
    Analysis,
    /// Open: into the agenda's queue (IXC `A`, `EN`, `AS`, `AG`, `DS`, `EX`, `RAG`; an
    /// appointment made in the ERP is made again in Campo, whose technicians and periods differ).
    Queue,
    /// Finished or cancelled in the ERP (`F`, `C`): left out.
    Closed,
}

/// An open work order from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRecord {
    /// Its line.
    pub line: usize,
    /// Its id in the ERP.
    pub external_id: String,
    /// Its customer: ERP id or CPF digits.
    pub customer: String,
    /// Kind.
    pub kind: OrderKind,
    /// Its plan: ERP id or name.
    pub plan: String,
    /// How it stands.
    pub standing: Standing,
    /// When it was opened in the ERP.
    pub opened_at: Option<NaiveDateTime>,
    /// The customer's availability.
    pub periods: Vec<Period>,
}

/// A plan from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRecord {
    /// Its line.
    pub line: usize,
    /// Its id in the ERP.
    pub external_id: Option<String>,
    /// Name.
    pub name: String,
    /// Download speed, Mbps.
    pub download_mbps: i64,
    /// Monthly price, cents.
    pub price_cents: i64,
    /// Includes IPTV.
    pub has_iptv: bool,
    /// Includes premium channels.
    pub premium: bool,
}

/// A receivable from a file (IXC `fn_areceber`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivableRecord {
    /// Its line.
    pub line: usize,
    /// Its id in the ERP.
    pub external_id: String,
    /// Its customer: ERP id or CPF digits.
    pub customer: String,
    /// The contract's id in the ERP.
    pub contract: Option<String>,
    /// Issue date.
    pub issued_on: Option<NaiveDate>,
    /// Due date.
    pub due_on: NaiveDate,
    /// Amount, cents.
    pub amount_cents: i64,
    /// Status in the ERP.
    pub status: ReceivableStatus,
    /// Payment date.
    pub paid_on: Option<NaiveDate>,
    /// Amount paid, cents.
    pub paid_cents: i64,
}

impl ReceivableRecord {
    /// The operation that writes it, for the customer it names (found by the writer).
    pub fn operation(&self, customer: uuid::Uuid) -> ReceivableSet {
        ReceivableSet {
            id: receivable_id(&self.external_id),
            external_id: self.external_id.clone(),
            customer_id: customer,
            contract: self.contract.clone(),
            issued_on: self.issued_on.map(|d| d.to_string()),
            due_on: self.due_on.to_string(),
            amount_cents: self.amount_cents,
            status: self.status,
            paid_on: self.paid_on.map(|d| d.to_string()),
            paid_cents: self.paid_cents,
        }
    }
}

/// The records of one file.
#[derive(Debug, Clone, PartialEq)]
pub enum Records {
    /// Customers.
    Customers(Vec<CustomerRecord>),
    /// Orders (the closed ones left out).
    Orders(Vec<OrderRecord>),
    /// Plans.
    Plans(Vec<PlanRecord>),
    /// Receivables.
    Receivables(Vec<ReceivableRecord>),
    /// The provider's people (accounts on the server).
    People(Vec<PersonRecord>),
}

impl Records {
    /// How many records.
    pub fn len(&self) -> usize {
        match self {
            Records::Customers(r) => r.len(),
            Records::Orders(r) => r.len(),
            Records::Plans(r) => r.len(),
            Records::Receivables(r) => r.len(),
            Records::People(r) => r.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A file checked: its records and every problem in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The records of the rows without problems.
    pub records: Records,
    /// Every problem, in line order.
    pub problems: Vec<Problem>,
    /// Rows left out on purpose (orders already finished in the ERP).
    pub left_out: usize,
}

/// One row with its mapping, reporting problems as it is read.
pub(crate) struct Cells<'a> {
    row: &'a Row,
    table: &'a Table,
    mapping: &'a Mapping,
    problems: Vec<Problem>,
}

impl<'a> Cells<'a> {
    /// The row's line.
    pub(crate) fn line(&self) -> usize {
        self.row.line
    }

    pub(crate) fn get(&self, field: Field) -> &'a str {
        self.mapping
            .column(field)
            .and_then(|c| self.row.cell(c))
            .unwrap_or("")
    }

    pub(crate) fn problem(&mut self, field: Field, kind: ProblemKind) {
        let col = self.mapping.column(field);
        self.problems.push(Problem {
            line: self.row.line,
            column: col.and_then(|c| self.table.headers.get(c).cloned()),
            letter: col.map(column_letters),
            kind,
        });
    }

    /// A text cell, trimmed, `None` when empty; too long is a problem.
    pub(crate) fn text(&mut self, field: Field) -> Option<String> {
        let v = self.get(field).trim();
        if v.is_empty() {
            return None;
        }
        if v.chars().count() > MAX_TEXT {
            self.problem(
                field,
                ProblemKind::TooLong {
                    field,
                    max: MAX_TEXT,
                },
            );
            return None;
        }
        Some(v.to_owned())
    }

    /// A text cell that must be there.
    pub(crate) fn required(&mut self, field: Field) -> String {
        let v = self.text(field);
        if v.is_none() && self.get(field).trim().is_empty() {
            self.problem(field, ProblemKind::Required { field });
        }
        v.unwrap_or_default()
    }

    /// A cell checked by one of the domain's parsers.
    pub(crate) fn parsed<T>(
        &mut self,
        field: Field,
        value: String,
        parse: impl FnOnce(&str) -> Result<T, campo_domain::ValidationError>,
    ) -> Option<T> {
        match parse(&value) {
            Ok(v) => Some(v),
            Err(why) => {
                self.problem(field, ProblemKind::Invalid { field, value, why });
                None
            }
        }
    }

    fn date(&mut self, field: Field) -> Option<NaiveDateTime> {
        let v = self.get(field).to_owned();
        match values::date_time(&v) {
            Ok(d) => d,
            Err(Unreadable) => {
                self.problem(field, ProblemKind::Date { field, value: v });
                None
            }
        }
    }
}

/// Checks every row of `table` as `kind` under `mapping`.
pub fn check(kind: ImportKind, table: &Table, mapping: &Mapping, known: &Known) -> Checked {
    let header_problems: Vec<Problem> = mapping
        .missing(kind)
        .into_iter()
        .map(|field| Problem {
            line: 1,
            column: None,
            letter: None,
            kind: ProblemKind::MissingColumn { field },
        })
        .collect();
    let mut problems = header_problems;
    let mut left_out = 0;
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut seen_cpfs: HashMap<String, usize> = HashMap::new();
    // The file's kind's records take at most a row each: reserved once (a vector doubling as
    // it grows would hold up to twice the 300,000 orders of a big file while it is written).
    let room = |k: ImportKind| if k == kind { table.rows.len() } else { 0 };
    let mut customers = Vec::with_capacity(room(ImportKind::Customers));
    let mut orders = Vec::with_capacity(room(ImportKind::Orders));
    let mut plans = Vec::with_capacity(room(ImportKind::Plans));
    let mut receivables = Vec::with_capacity(room(ImportKind::Receivables));
    let mut seen_contracts: HashMap<String, (String, usize)> = HashMap::new();
    let mut people = Vec::new();
    let mut seen_logins = HashMap::new();
    let mut new_people = 0;
    let mut new_plans = HashSet::new();
    for row in &table.rows {
        let mut cells = Cells {
            row,
            table,
            mapping,
            problems: Vec::new(),
        };
        if let Some(id) = cells.text(Field::ExternalId) {
            if let Some(&first_line) = seen_ids.get(&id) {
                cells.problem(
                    Field::ExternalId,
                    ProblemKind::Duplicate {
                        field: Field::ExternalId,
                        first_line,
                    },
                );
            } else {
                seen_ids.insert(id, row.line);
            }
        }
        match kind {
            ImportKind::Customers => {
                let record = customer(&mut cells, known, &mut seen_cpfs);
                if cells.problems.is_empty()
                    && let Some(r) = record
                {
                    customers.push(r);
                }
            }
            ImportKind::Orders => match order(&mut cells, known) {
                Some(r) if r.standing == Standing::Closed => left_out += 1,
                Some(r) if cells.problems.is_empty() => orders.push(r),
                _ => {}
            },
            ImportKind::Plans => {
                let record = plan(&mut cells);
                if cells.problems.is_empty()
                    && let Some(r) = record
                {
                    new_plans.insert(fold(&r.name));
                    plans.push(r);
                }
            }
            ImportKind::Receivables => {
                let record = receivable(&mut cells, known, &mut seen_contracts);
                if cells.problems.is_empty()
                    && let Some(r) = record
                {
                    receivables.push(r);
                }
            }
            ImportKind::People => {
                let record =
                    crate::people::person(&mut cells, known, &mut seen_logins, &mut new_people);
                if cells.problems.is_empty()
                    && let Some(r) = record
                {
                    people.push(r);
                }
            }
        }
        problems.append(&mut cells.problems);
    }
    let records = match kind {
        ImportKind::Customers => Records::Customers(customers),
        ImportKind::Orders => Records::Orders(orders),
        ImportKind::Plans => Records::Plans(plans),
        ImportKind::Receivables => Records::Receivables(receivables),
        ImportKind::People => Records::People(people),
    };
    Checked {
        records,
        problems,
        left_out,
    }
}

fn customer(
    c: &mut Cells<'_>,
    known: &Known,
    seen_cpfs: &mut HashMap<String, usize>,
) -> Option<CustomerRecord> {
    let name = c.required(Field::Name);
    let cpf = c.text(Field::Cpf).and_then(|v| {
        let v = values::padded(&v, 11);
        c.parsed(Field::Cpf, v, Cpf::parse)
    });
    if let Some(cpf) = &cpf {
        let digits = cpf.digits().to_owned();
        if let Some(&first_line) = seen_cpfs.get(&digits) {
            c.problem(
                Field::Cpf,
                ProblemKind::Duplicate {
                    field: Field::Cpf,
                    first_line,
                },
            );
        } else {
            seen_cpfs.insert(digits, c.row.line);
        }
    }
    let email = c
        .text(Field::Email)
        .and_then(|v| c.parsed(Field::Email, v, Email::parse));
    let mother_name = c.text(Field::MotherName);
    let birth_date = c.date(Field::BirthDate).map(|d| d.date());
    let phone1 = {
        let v = c.required(Field::Phone1);
        (!v.is_empty())
            .then(|| c.parsed(Field::Phone1, v, Phone::parse))
            .flatten()
    };
    let phone2 = c
        .text(Field::Phone2)
        .and_then(|v| c.parsed(Field::Phone2, v, Phone::parse));
    let cep = {
        let v = c.required(Field::Cep);
        (!v.is_empty())
            .then(|| c.parsed(Field::Cep, values::padded(&v, 8), Cep::parse))
            .flatten()
    };
    let street = c.required(Field::Street);
    let number = c.required(Field::Number);
    let complement = c.text(Field::Complement);
    let neighbourhood = c.required(Field::Neighbourhood);
    let city_cell = c.required(Field::City);
    let uf = {
        let v = c.required(Field::Uf);
        (!v.is_empty())
            .then(|| c.parsed(Field::Uf, v, Uf::parse))
            .flatten()
    };
    let reference = c.text(Field::Reference);
    let city = match uf {
        Some(uf) if !city_cell.is_empty() => town(c, &city_cell, uf, known),
        _ => None,
    };
    let coords = coordinates(c);
    let (phone1, cep, uf, city, place) = (phone1?, cep?, uf?, city?, coords.ok()?);
    let draft = CustomerDraft {
        name,
        cpf: cpf.map(|c| c.digits().to_owned()),
        email: email.map(|e| e.as_str().to_owned()),
        mother_name,
        birth_date: birth_date.map(|d: NaiveDate| d.to_string()),
        phone1: phone1.digits().to_owned(),
        phone2: phone2.map(|p| p.digits().to_owned()),
        cep: cep.digits().to_owned(),
        street,
        number,
        complement,
        neighbourhood,
        city,
        uf: uf.as_str().to_owned(),
        lat: place.map(|p| p.0),
        lon: place.map(|p| p.1),
    };
    if let Err(why) = draft.validate() {
        c.problems.push(Problem {
            line: c.row.line,
            column: None,
            letter: None,
            kind: ProblemKind::Invalid {
                field: Field::Name,
                value: draft.name.clone(),
                why,
            },
        });
        return None;
    }
    let external_id = c.text(Field::ExternalId);
    Some(CustomerRecord {
        line: c.row.line,
        external_id,
        draft,
        reference,
    })
}

/// The municipality's name as IBGE writes it; the cell may hold its name or its IBGE code.
fn town(c: &mut Cells<'_>, cell: &str, uf: Uf, known: &Known) -> Option<String> {
    let found = match cell.parse::<u32>() {
        Ok(code) => municipality::by_code(code).filter(|m| m.uf == uf),
        Err(_) => municipality::find(cell, uf.as_str()),
    };
    let Some(m) = found else {
        c.problem(
            Field::City,
            ProblemKind::UnknownMunicipality {
                city: cell.to_owned(),
                uf: uf.as_str().to_owned(),
            },
        );
        return None;
    };
    if !known.served.is_empty() && !known.served.contains(&m.ibge) {
        c.problem(
            Field::City,
            ProblemKind::NotServed {
                city: m.name.to_owned(),
                uf: uf.as_str().to_owned(),
            },
        );
        return None;
    }
    Some(m.name.to_owned())
}

/// Latitude and longitude, both in range, or neither (the customer is placed on the map
/// later); `Err` when the cells are wrong (the problem is reported).
fn coordinates(c: &mut Cells<'_>) -> Result<Option<(f64, f64)>, Unreadable> {
    let (lat, lon) = (c.get(Field::Lat).to_owned(), c.get(Field::Lon).to_owned());
    match (lat.trim().is_empty(), lon.trim().is_empty()) {
        (true, true) => return Ok(None),
        (false, false) => {}
        _ => {
            c.problem(Field::Lat, ProblemKind::Coordinates);
            return Err(Unreadable);
        }
    }
    match (values::decimal(&lat), values::decimal(&lon)) {
        (Ok(a), Ok(o)) if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&o) => {
            Ok(Some((a, o)))
        }
        (Ok(_), Ok(_)) => {
            c.problem(Field::Lat, ProblemKind::Coordinates);
            Err(Unreadable)
        }
        (Err(Unreadable), _) => {
            c.problem(
                Field::Lat,
                ProblemKind::Number {
                    field: Field::Lat,
                    value: lat,
                },
            );
            Err(Unreadable)
        }
        (_, Err(Unreadable)) => {
            c.problem(
                Field::Lon,
                ProblemKind::Number {
                    field: Field::Lon,
                    value: lon,
                },
            );
            Err(Unreadable)
        }
    }
}

fn order_kind(text: &str) -> Option<OrderKind> {
    let t = fold(text);
    if let Some(k) = OrderKind::ALL.into_iter().find(|k| k.code() == t) {
        return Some(k);
    }
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&[
        "mudanca de plano",
        "troca de plano",
        "alteracao de plano",
        "upgrade",
        "downgrade",
    ]) {
        Some(OrderKind::PlanChange)
    } else if has(&[
        "ativacao de sva",
        "ativacao sva",
        "ativacao de servico",
        "ativacao de iptv",
        "ativacao iptv",
    ]) {
        Some(OrderKind::SvaActivation)
    } else if has(&[
        "mudanca de endereco",
        "mudanca endereco",
        "transferencia de endereco",
        "mudanca",
    ]) {
        Some(OrderKind::AddressChange)
    } else if has(&[
        "retirada",
        "recolhimento",
        "desinstala",
        "cancelamento",
        "retirar",
    ]) {
        Some(OrderKind::Removal)
    } else if has(&["instala", "ativacao"]) {
        Some(OrderKind::Installation)
    } else if has(&[
        "reparo",
        "manutencao",
        "visita",
        "suporte",
        "sem conexao",
        "lentidao",
        "troca",
        "conserto",
    ]) {
        Some(OrderKind::Repair)
    } else {
        None
    }
}

fn standing(text: &str) -> Option<Standing> {
    let t = fold(text);
    Some(match t.as_str() {
        "an" | "analise" | "em analise" => Standing::Analysis,
        ""
        | "a"
        | "en"
        | "as"
        | "ag"
        | "ds"
        | "ex"
        | "rag"
        | "aberta"
        | "aberto"
        | "encaminhada"
        | "assumida"
        | "agendada"
        | "deslocamento"
        | "em deslocamento"
        | "execucao"
        | "em execucao"
        | "aguardando reagendamento"
        | "reagendar" => Standing::Queue,
        "f" | "c" | "finalizada" | "finalizado" | "fechada" | "concluida" | "cancelada"
        | "cancelado" => Standing::Closed,
        _ => return None,
    })
}

fn order(c: &mut Cells<'_>, known: &Known) -> Option<OrderRecord> {
    let external_id = c.required(Field::ExternalId);
    let status_cell = c.get(Field::Status).to_owned();
    let standing = match standing(&status_cell) {
        Some(s) => s,
        None => {
            c.problem(
                Field::Status,
                ProblemKind::Unrecognised {
                    field: Field::Status,
                    value: status_cell,
                },
            );
            return None;
        }
    };
    if standing == Standing::Closed {
        // A finished order is history in the ERP: nothing in it to check or import.
        return Some(OrderRecord {
            line: c.row.line,
            external_id,
            customer: String::new(),
            kind: OrderKind::Repair,
            plan: String::new(),
            standing,
            opened_at: None,
            periods: Vec::new(),
        });
    }
    let customer = known_customer(c, known);
    let kind_cell = c.required(Field::Kind);
    let kind = if kind_cell.is_empty() {
        None
    } else {
        let k = order_kind(&kind_cell);
        if k.is_none() {
            c.problem(
                Field::Kind,
                ProblemKind::Unrecognised {
                    field: Field::Kind,
                    value: kind_cell,
                },
            );
        }
        k
    };
    let plan_cell = c.required(Field::Plan);
    let plan = if plan_cell.is_empty() {
        None
    } else if known.has_plan(&plan_cell) {
        Some(plan_cell)
    } else {
        c.problem(Field::Plan, ProblemKind::UnknownPlan { value: plan_cell });
        None
    };
    let opened_at = c.date(Field::OpenedAt);
    let periods_cell = c.get(Field::Periods).to_owned();
    let periods = match values::periods(&periods_cell) {
        Ok(p) => p,
        Err(Unreadable) => {
            c.problem(
                Field::Periods,
                ProblemKind::Unrecognised {
                    field: Field::Periods,
                    value: periods_cell,
                },
            );
            Vec::new()
        }
    };
    Some(OrderRecord {
        line: c.row.line,
        external_id,
        customer: customer?,
        kind: kind?,
        plan: plan?,
        standing,
        opened_at,
        periods,
    })
}

/// The customer a row names (by ERP id, or by CPF), as the key the writers look up.
fn known_customer(c: &mut Cells<'_>, known: &Known) -> Option<String> {
    let cell = c.required(Field::Customer);
    if cell.is_empty() {
        None
    } else if known.customer_ids.contains(&cell) {
        Some(cell)
    } else if let Some(cpf) = Cpf::parse(&values::padded(&cell, 11))
        .ok()
        .filter(|cpf| known.customer_cpfs.contains(cpf.digits()))
    {
        Some(cpf.digits().to_owned())
    } else {
        c.problem(
            Field::Customer,
            ProblemKind::UnknownCustomer { value: cell },
        );
        None
    }
}

/// Names a contract that belongs to another customer: in Campo, or on an earlier line.
fn contract_owner(
    c: &mut Cells<'_>,
    known: &Known,
    seen: &mut HashMap<String, (String, usize)>,
    contract: &str,
    customer: &str,
) {
    let kind = match known.contracts.get(contract) {
        Some(owner) if !owner.keys.iter().any(|k| k == customer) => {
            Some(ProblemKind::ContractOfAnother {
                contract: contract.to_owned(),
                owner: owner.label.clone(),
                first_line: None,
            })
        }
        _ => match seen.get(contract) {
            Some((first, line)) if first != customer => Some(ProblemKind::ContractOfAnother {
                contract: contract.to_owned(),
                owner: first.clone(),
                first_line: Some(*line),
            }),
            Some(_) => None,
            None => {
                seen.insert(contract.to_owned(), (customer.to_owned(), c.line()));
                None
            }
        },
    };
    if let Some(kind) = kind {
        c.problem(Field::Contract, kind);
    }
}

/// A receivable's status as the ERP writes it (IXC's letters, or the words people use); an
/// empty cell is read from the payment: paid in full when the amount paid covers it.
fn payment_status(text: &str) -> Option<Option<ReceivableStatus>> {
    Some(Some(match fold(text).as_str() {
        "" => return Some(None),
        "a" | "aberto" | "aberta" | "a receber" | "em aberto" | "pendente" | "vencido"
        | "vencida" => ReceivableStatus::Open,
        "r" | "recebido" | "recebida" | "pago" | "paga" | "quitado" | "quitada" | "liquidado"
        | "baixado" => ReceivableStatus::Paid,
        "p" | "parcial" | "pago parcial" | "parcialmente pago" => ReceivableStatus::Partial,
        "c" | "cancelado" | "cancelada" | "estornado" => ReceivableStatus::Cancelled,
        _ => return None,
    }))
}

fn receivable(
    c: &mut Cells<'_>,
    known: &Known,
    seen_contracts: &mut HashMap<String, (String, usize)>,
) -> Option<ReceivableRecord> {
    let external_id = c.required(Field::ExternalId);
    let customer = known_customer(c, known);
    let contract = c.text(Field::Contract);
    // The connector's records are the ERP itself: a contract that changed hands there (a
    // transfer of ownership) is what it now is, not a problem of a file.
    if let (Some(contract), Some(customer)) = (&contract, &customer)
        && c.table.format != crate::Format::Erp
    {
        contract_owner(c, known, seen_contracts, contract, customer);
    }
    let issued_on = c.date(Field::IssuedOn).map(|d| d.date());
    let due_on = {
        let empty = c.get(Field::DueOn).trim().is_empty();
        if empty {
            c.problem(
                Field::DueOn,
                ProblemKind::Required {
                    field: Field::DueOn,
                },
            );
        }
        c.date(Field::DueOn).map(|d| d.date())
    };
    let money = |c: &mut Cells<'_>, field: Field, required: bool| -> Option<i64> {
        let v = c.get(field).to_owned();
        if v.trim().is_empty() {
            if required {
                c.problem(field, ProblemKind::Required { field });
            }
            return None;
        }
        match values::decimal(&v) {
            Ok(n) if n < 0.0 || (required && n == 0.0) => {
                c.problem(field, ProblemKind::NotPositive { field, value: v });
                None
            }
            // Up to R$ 10 million, what a receivable may carry (`validate::MAX_CENTS`).
            Ok(n) if n <= 1e7 => Some((n * 100.0).round() as i64),
            _ => {
                c.problem(field, ProblemKind::Number { field, value: v });
                None
            }
        }
    };
    let amount = money(c, Field::Amount, true);
    let paid_amount = money(c, Field::PaidAmount, false);
    let paid_on = c.date(Field::PaidOn).map(|d| d.date());
    let status_cell = c.get(Field::PaymentStatus).to_owned();
    let status = match payment_status(&status_cell) {
        Some(Some(s)) => Some(s),
        Some(None) => Some(match (paid_on, paid_amount, amount) {
            (Some(_), Some(p), Some(a)) if p >= a => ReceivableStatus::Paid,
            (Some(_), None, _) => ReceivableStatus::Paid,
            (Some(_), Some(p), _) if p > 0 => ReceivableStatus::Partial,
            _ => ReceivableStatus::Open,
        }),
        None => {
            c.problem(
                Field::PaymentStatus,
                ProblemKind::Unrecognised {
                    field: Field::PaymentStatus,
                    value: status_cell,
                },
            );
            None
        }
    };
    if let (Some(i), Some(p)) = (issued_on, paid_on)
        && p < i
    {
        c.problem(
            Field::PaidOn,
            ProblemKind::DateBefore {
                field: Field::PaidOn,
                other: Field::IssuedOn,
            },
        );
    }
    if let (Some(i), Some(d)) = (issued_on, due_on)
        && d < i
    {
        c.problem(
            Field::DueOn,
            ProblemKind::DateBefore {
                field: Field::DueOn,
                other: Field::IssuedOn,
            },
        );
    }
    if status == Some(ReceivableStatus::Paid) && paid_on.is_none() {
        c.problem(
            Field::PaidOn,
            ProblemKind::Required {
                field: Field::PaidOn,
            },
        );
    }
    let status = status?;
    let amount_cents = amount?;
    let paid_cents = match (status, paid_amount) {
        (_, Some(p)) => p,
        (ReceivableStatus::Paid, None) => amount_cents,
        _ => 0,
    };
    Some(ReceivableRecord {
        line: c.row.line,
        external_id,
        customer: customer?,
        contract,
        issued_on,
        due_on: due_on?,
        amount_cents,
        status,
        paid_on,
        paid_cents,
    })
}

fn plan(c: &mut Cells<'_>) -> Option<PlanRecord> {
    let name = c.required(Field::Name);
    let number =
        |c: &mut Cells<'_>, field: Field, parse: fn(&str) -> Result<i64, values::Unreadable>| {
            let v = c.get(field).to_owned();
            if v.trim().is_empty() {
                c.problem(field, ProblemKind::Required { field });
                return None;
            }
            match parse(&v) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    c.problem(field, ProblemKind::Number { field, value: v });
                    None
                }
            }
        };
    let download = number(c, Field::Download, values::whole);
    let price = number(c, Field::Price, values::cents);
    let flag = |c: &mut Cells<'_>, field: Field| {
        let v = c.get(field).to_owned();
        values::yes_no(&v).unwrap_or_else(|_| {
            c.problem(field, ProblemKind::Unrecognised { field, value: v });
            false
        })
    };
    let has_iptv = flag(c, Field::Iptv);
    let premium = flag(c, Field::Premium);
    if name.is_empty() {
        return None;
    }
    Some(PlanRecord {
        line: c.row.line,
        external_id: c.text(Field::ExternalId),
        name,
        download_mbps: download?,
        price_cents: price?,
        has_iptv,
        premium,
    })
}
