//! Each row checked into a record, or its problems listed by line and column: every cell of
//! every row is looked at (a dry run lists them all, not the first), duplicates within the file
//! are found, and references to what Campo already has (plans, customers, the municipalities
//! the provider serves) are checked against [`Known`].

use std::collections::{HashMap, HashSet};

use campo_domain::finance::ReceivableStatus;
use campo_domain::text::fold;
use campo_domain::{Cpf, CustomerDraft, OrderKind, Period};
use campo_protocol::ops::{ReceivableSet, receivable_id};
use chrono::{NaiveDate, NaiveDateTime};

use crate::fields::{Field, ImportKind, Mapping};
use crate::people::PersonRecord;
use crate::problem::{Problem, ProblemKind};
use crate::table::{Row, Table, column_letters};
use crate::values::{self, Unreadable};

mod customers;
mod orders;
mod receivables;

use customers::customer;
use orders::order;
use receivables::receivable;

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
    /// Its fields, checked (`CustomerDraft::validate` accepts them), its reference point
    /// among them.
    pub draft: CustomerDraft,
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
