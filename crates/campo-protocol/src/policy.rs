//! Roles and what each may do: the one policy the server enforces on every push and the app
//! checks before it writes. A role is one vocabulary everywhere (accounts, tokens, devices).

use campo_domain::support::CallStatus;
use campo_domain::{Lang, OrderKind, OrderStatus};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::op::{Author, OpKind};

/// A person's role at the provider (PRODUCT.md "Who uses it").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Técnico de campo (N2): their day, their orders, their van.
    Technician,
    /// Coordenador(a) de instalações: agenda, routes, deadlines.
    Coordinator,
    /// Gerente de SVAs: the activation queue and its checklists.
    SvaManager,
    /// Backoffice / cadastro: analyses and approves sales.
    Backoffice,
    /// Vendedor: enters sales.
    Seller,
    /// Atendimento (N1): records the customers' calls and passes them on to N2.
    Support,
    /// Almoxarife: the warehouse and the vans' stock.
    StockKeeper,
    /// Financeiro: receivables, the default rate and the contacts with late customers.
    Finance,
    /// Gestor / admin: the provider's set-up, people and everything else.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 9] = [
        Role::Technician,
        Role::Coordinator,
        Role::SvaManager,
        Role::Backoffice,
        Role::Seller,
        Role::Support,
        Role::StockKeeper,
        Role::Finance,
        Role::Admin,
    ];

    /// Stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Role::Technician => "technician",
            Role::Coordinator => "coordinator",
            Role::SvaManager => "sva_manager",
            Role::Backoffice => "backoffice",
            Role::Seller => "seller",
            Role::Support => "support",
            Role::StockKeeper => "stock_keeper",
            Role::Finance => "finance",
            Role::Admin => "admin",
        }
    }

    /// The role stored as `code`.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The role's name as a person reads it.
    pub const fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::PtBr => match self {
                Role::Technician => "Técnico(a)",
                Role::Coordinator => "Coordenação",
                Role::SvaManager => "Gerente de SVAs",
                Role::Backoffice => "Backoffice/cadastro",
                Role::Seller => "Vendedor(a)",
                Role::Support => "Atendimento (N1)",
                Role::StockKeeper => "Almoxarifado",
                Role::Finance => "Financeiro",
                Role::Admin => "Administração",
            },
            Lang::En => match self {
                Role::Technician => "Technician",
                Role::Coordinator => "Coordination",
                Role::SvaManager => "SVA manager",
                Role::Backoffice => "Back office",
                Role::Seller => "Seller",
                Role::Support => "Support (N1)",
                Role::StockKeeper => "Stock keeper",
                Role::Finance => "Finance",
                Role::Admin => "Administration",
            },
        }
    }

    /// Whether people of this role configure the provider (deadline rules, calendar, agenda
    /// periods, technicians' weeks and skills).
    pub const fn configures(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator)
    }

    /// Whether people of this role run the provider's account: its people and their
    /// devices, the connection to its ERP (the administration only).
    pub const fn administers(self) -> bool {
        matches!(self, Role::Admin)
    }

    /// Whether people of this role may see customers' personal data (CPF, mother's name,
    /// birth date): the back office and the administration; finance, who identify a debtor
    /// by CPF (an ERP's receivables often name customers by it); a seller their own sales'
    /// while theirs to fix (they only ever receive their own). Everyone else's devices never
    /// receive it (LGPD), technicians' least of all.
    pub const fn sees_personal_data(self) -> bool {
        matches!(
            self,
            Role::Backoffice | Role::Admin | Role::Finance | Role::Seller
        )
    }

    /// Whether people of this role decide sales (the analysis queue, every sale).
    pub const fn analyses_sales(self) -> bool {
        matches!(self, Role::Backoffice | Role::Admin)
    }

    /// Whether people of this role may see money: receivables, amounts owed, the default
    /// rate and the contacts with late customers (finance and the administration only).
    pub const fn sees_money(self) -> bool {
        matches!(self, Role::Finance | Role::Admin)
    }

    /// Whether people of this role may look an address up on the map (through the server's
    /// geocoder): those who write customers' addresses, every office role.
    pub const fn finds_addresses(self) -> bool {
        self.is_office()
    }

    /// Whether this is an office role (everything but the technician's).
    pub const fn is_office(self) -> bool {
        !matches!(self, Role::Technician)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// An area of the app (the navigation's entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Area {
    /// A seller's sales: the sale form, drafts, each sale's state.
    Sales,
    /// The back office's analysis queue.
    Analysis,
    /// Customers' calls: N1 records them, N2 solves them remotely or opens a visit.
    Calls,
    /// The order list (and each order's page).
    Orders,
    /// The dispatch board.
    Agenda,
    /// A technician's day.
    MyDay,
    /// Route planning.
    Routes,
    /// Stock: the warehouse, the vans.
    Stock,
    /// The activation queue and its checklists.
    Activation,
    /// The payment follow-up: the default rate, late customers, the five-month follow-up.
    Finance,
    /// The indicators: one page per audience (field, activation, stock, sales).
    Indicators,
    /// Sync with the server.
    Sync,
    /// The provider's settings.
    Admin,
}

impl Area {
    /// Every area, in the navigation's order.
    pub const ALL: [Area; 13] = [
        Area::Orders,
        Area::Sales,
        Area::Analysis,
        Area::Calls,
        Area::Agenda,
        Area::MyDay,
        Area::Routes,
        Area::Stock,
        Area::Activation,
        Area::Finance,
        Area::Indicators,
        Area::Sync,
        Area::Admin,
    ];
}

/// The areas of a role's work, in the navigation's order (the first opens at start): a
/// technician their day, their orders and their van; a seller their sales; the back office
/// the analysis queue and the orders; atendimento (N1) the calls and the orders; the coordination the orders, agenda, routes
/// and the settings they configure; the SVA manager the activation queue; the stock keeper the
/// stock; finance the payment follow-up; an administrator everything. Sync is everyone's.
pub fn areas(role: Role) -> &'static [Area] {
    use Area::*;
    match role {
        Role::Technician => &[MyDay, Orders, Stock, Sync],
        Role::Seller => &[Sales, Sync],
        Role::Backoffice => &[Analysis, Orders, Indicators, Sync],
        Role::Coordinator => &[
            Orders, Calls, Agenda, Routes, Stock, Activation, Indicators, Sync, Admin,
        ],
        Role::Support => &[Calls, Orders, Sync],
        Role::SvaManager => &[Activation, Orders, Indicators, Sync],
        Role::StockKeeper => &[Stock, Orders, Indicators, Sync],
        Role::Finance => &[Finance, Sync],
        Role::Admin => &Area::ALL,
    }
}

/// Whose indicators a page shows (the tabs of the indicators area).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Audience {
    /// The coordination's: deadlines, visits on their date, first visits, repeat visits.
    Field,
    /// The SVA manager's: activation first-pass rate and the tests that fail most.
    Activation,
    /// The stock keeper's: equipment per installation, losses.
    Stock,
    /// The back office's: the sales funnel and the time in analysis.
    Sales,
}

impl Audience {
    /// Every audience, in the tabs' order.
    pub const ALL: [Audience; 4] = [
        Audience::Field,
        Audience::Activation,
        Audience::Stock,
        Audience::Sales,
    ];
}

/// The indicator pages a role reads (money is finance's own area): the coordination the
/// field's, activation's and stock's; each manager their own; an administrator all. A role
/// with none has no indicators area.
pub fn audiences(role: Role) -> &'static [Audience] {
    use Audience::*;
    match role {
        Role::Coordinator => &[Field, Activation, Stock],
        Role::SvaManager => &[Activation],
        Role::StockKeeper => &[Stock],
        Role::Backoffice => &[Sales],
        Role::Admin => &Audience::ALL,
        Role::Technician | Role::Seller | Role::Support | Role::Finance => &[],
    }
}

/// How far a role's permission for a kind reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Any record of that kind.
    Any,
    /// Only the sender's own: orders assigned to them, their van.
    Own,
}

/// Who may send an operation of `kind`: `None` when `role` may not at all.
pub fn reach(kind: OpKind, role: Role) -> Option<Reach> {
    use Role::*;
    if kind.author() == Author::Server {
        return None;
    }
    let any = |roles: &[Role]| roles.contains(&role).then_some(Reach::Any);
    match kind {
        OpKind::PersonCreated | OpKind::ProviderSet => any(&[Admin]),
        OpKind::PlanCreated | OpKind::PlanUpdated => any(&[Admin, Coordinator]),
        // A seller's customers come in as sales; the back office's approval registers them.
        OpKind::CustomerCreated => any(&[Admin, Coordinator, Backoffice]),
        // The SVA manager opens the repair visit a failed activation calls for ([`may_open`]).
        OpKind::OrderCreated => any(&[Admin, Coordinator, Backoffice, SvaManager]),
        OpKind::CustomerEdited => any(&[Admin, Coordinator, Backoffice, Support]),
        OpKind::OrderEdited | OpKind::OrderTransitioned => match role {
            Technician => Some(Reach::Own),
            StockKeeper | Support => None,
            _ => Some(Reach::Any),
        },
        OpKind::OrderMessaged => match role {
            Technician => Some(Reach::Own),
            StockKeeper | Seller => None,
            _ => Some(Reach::Any),
        },
        // The technician at the door; the office may record one brought on paper's stead.
        OpKind::OrderSigned | OpKind::OrderPhotoAdded | OpKind::OrderPhotoRemoved => match role {
            Technician => Some(Reach::Own),
            _ => any(&[Admin, Coordinator]),
        },
        // A report is kept by whoever closes what it reports: the visit's technician, the
        // office, and the SVA manager who ends an activation.
        OpKind::OrderReportKept => match role {
            Technician => Some(Reach::Own),
            _ => any(&[Admin, Coordinator, SvaManager]),
        },
        OpKind::ClosingRulesSet => role.configures().then_some(Reach::Any),
        OpKind::OrderPaused | OpKind::OrderResumed => match role {
            Technician => Some(Reach::Own),
            _ => any(&[Admin, Coordinator, Backoffice]),
        },
        OpKind::RouteSet
        | OpKind::SkillsSet
        | OpKind::WorkWeekSet
        | OpKind::AbsenceSet
        | OpKind::SlaRuleSet
        | OpKind::CalendarDaySet
        | OpKind::CalendarHoursSet
        | OpKind::AgendaSettingsSet => role.configures().then_some(Reach::Any),
        OpKind::ActivationTemplateSaved => any(&[Admin, SvaManager]),
        OpKind::ActivationStarted | OpKind::ActivationTicked | OpKind::ActivationClosed => {
            any(&[Admin, SvaManager, Coordinator])
        }
        OpKind::StockItemCreated
        | OpKind::StockPlaceCreated
        | OpKind::StockMinimumSet
        | OpKind::PlanEquipmentSet
        | OpKind::StockDiscrepancyResolved => any(&[Admin, StockKeeper, Coordinator]),
        OpKind::StockMoved => match role {
            Technician => Some(Reach::Own),
            _ => any(&[Admin, StockKeeper, Coordinator]),
        },
        // Whose sale it is the server judges (the sender is its seller).
        OpKind::SaleSubmitted => any(&[Seller, Backoffice, Admin]),
        OpKind::SaleReviewed => any(&[Backoffice, Admin]),
        // N1 records and passes on; N2 at the office (coordination) tries remotely or opens
        // the visit.
        OpKind::CallOpened | OpKind::CallStepped => any(&[Support, Coordinator, Admin]),
        OpKind::ReceivableSet | OpKind::CollectionContacted | OpKind::NonPaymentStepsSet => {
            any(&[Finance, Admin])
        }
        OpKind::StockRelayed
        | OpKind::OrderGranted
        | OpKind::OrderRevoked
        | OpKind::OrderRestored
        | OpKind::OrderResolved
        | OpKind::PersonRoleSet => None,
    }
}

/// Whether `role` may open an order of `kind` (on top of [`reach`] for `order.create`): the
/// SVA manager opens only the repair visit a failed activation calls for; the others who may
/// open orders open any kind.
pub fn may_open(role: Role, kind: OrderKind) -> bool {
    role != Role::SvaManager || kind == OrderKind::Repair
}

/// Whether `role` may move an order from `from` to `to` (on top of [`reach`] for
/// `order.transition`, which limits technicians to their own orders).
///
/// Technicians make the field moves (en route, in progress, done, not done); a seller only
/// sends a rejected sale back to analysis or withdraws a sale still in analysis — approving,
/// scheduling and the field are never theirs; the stock keeper moves no orders.
pub fn may_move(role: Role, from: OrderStatus, to: OrderStatus) -> bool {
    use OrderStatus::*;
    match role {
        Role::Technician => matches!(to, EnRoute | InProgress | Done | NotDone),
        Role::Seller => matches!(
            (from, to),
            (Rejected, PendingAnalysis) | (PendingAnalysis | Rejected, Cancelled)
        ),
        Role::StockKeeper | Role::Support | Role::Finance => false,
        Role::Coordinator | Role::Backoffice | Role::SvaManager | Role::Admin => true,
    }
}

/// Whether `role` may take a step on a call that stands at `at` (on top of [`reach`] for
/// `call.step`): atendimento (N1) records and passes calls on; at N2 the coordination tries
/// remotely or opens the visit.
pub const fn steps_call(role: Role, at: CallStatus) -> bool {
    match at {
        CallStatus::N1 => matches!(role, Role::Support | Role::Coordinator | Role::Admin),
        CallStatus::N2 => matches!(role, Role::Coordinator | Role::Admin),
        CallStatus::Solved | CallStatus::Visit => false,
    }
}

/// Whether `role` may read and decide the coordination's conflict inbox.
pub const fn handles_conflicts(role: Role) -> bool {
    matches!(role, Role::Coordinator | Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_read_back() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("owner"), None);
    }

    #[test]
    fn no_device_sends_what_only_the_server_writes() {
        for kind in OpKind::ALL {
            if kind.author() == Author::Server {
                for role in Role::ALL {
                    assert_eq!(reach(*kind, role), None, "{kind} by {role}");
                }
            }
        }
    }

    #[test]
    fn only_finance_and_the_administration_handle_money() {
        for role in Role::ALL {
            let money = matches!(role, Role::Finance | Role::Admin);
            assert_eq!(role.sees_money(), money, "{role}");
            for kind in [
                OpKind::ReceivableSet,
                OpKind::CollectionContacted,
                OpKind::NonPaymentStepsSet,
            ] {
                assert_eq!(reach(kind, role).is_some(), money, "{kind} by {role}");
            }
        }
        assert_eq!(areas(Role::Finance), [Area::Finance, Area::Sync]);
        assert!(!may_move(
            Role::Finance,
            OrderStatus::Approved,
            OrderStatus::Scheduled
        ));
    }

    #[test]
    fn a_role_has_the_indicators_area_exactly_when_it_reads_some() {
        for role in Role::ALL {
            assert_eq!(
                areas(role).contains(&Area::Indicators),
                !audiences(role).is_empty(),
                "{role}"
            );
        }
        assert!(audiences(Role::Technician).is_empty());
        assert!(audiences(Role::Seller).is_empty());
        assert_eq!(audiences(Role::SvaManager), [Audience::Activation]);
        assert_eq!(audiences(Role::Admin), Audience::ALL);
    }

    #[test]
    fn a_seller_never_approves_nor_schedules() {
        use OrderStatus::*;
        assert!(!may_move(Role::Seller, PendingAnalysis, Approved));
        assert!(!may_move(Role::Seller, Approved, Scheduled));
        assert!(may_move(Role::Seller, Rejected, PendingAnalysis));
        assert!(may_move(Role::Backoffice, PendingAnalysis, Approved));
        assert!(!may_move(Role::Technician, Approved, Scheduled));
    }
}
