//! A staff list checked into the provider's people: each row a name, a login, a role and
//! perhaps a phone. Accounts live on the server, so what Campo already has comes in as the
//! server's logins with their roles ([`Known::accounts`]): a login already there with the same
//! role is left as it is (importing the list again changes nothing), one there with another
//! role is a problem of the file (a role is changed on the account, on purpose).

use std::collections::HashMap;

use campo_domain::text::fold;
use campo_domain::{Lang, Phone};
use campo_protocol::Role;
use campo_protocol::accounts::{MAX_IMPORTED, MAX_NAME, NewAccount, first_password, login};

use crate::check::{Cells, Known};
use crate::fields::Field;
use crate::problem::ProblemKind;

/// A person from a staff list.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRecord {
    /// Its line.
    pub line: usize,
    /// Login, as kept (lower case).
    pub login: String,
    /// Full name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Phone, digits with DDD.
    pub phone: Option<String>,
    /// Whether the server already has this account (with this role): left as it is.
    pub existing: bool,
}

impl PersonRecord {
    /// The account the person gets, with a first password made of 12 `random` bytes
    /// ([`first_password`]).
    pub fn account(&self, random: [u8; 12]) -> NewAccount {
        NewAccount {
            login: self.login.clone(),
            name: self.name.clone(),
            role: self.role,
            password: first_password(random),
            phone: self.phone.clone(),
            id: None,
        }
    }
}

/// The accounts a checked staff list makes: one for each person the server does not have
/// yet, with a first password from `random` (12 random bytes each time it is called);
/// returns them with how many people were left as they are.
pub fn new_accounts(
    people: &[PersonRecord],
    mut random: impl FnMut() -> [u8; 12],
) -> (Vec<NewAccount>, usize) {
    let new: Vec<NewAccount> = people
        .iter()
        .filter(|p| !p.existing)
        .map(|p| p.account(random()))
        .collect();
    let unchanged = people.len() - new.len();
    (new, unchanged)
}

/// The words a staff list may use for each role, folded, besides its names in Campo (pt-BR
/// and English) and its code.
fn words(role: Role) -> &'static [&'static str] {
    match role {
        Role::Technician => &[
            "tecnico",
            "tecnica",
            "tecnico de campo",
            "tecnica de campo",
            "instalador",
            "instaladora",
            "n2",
        ],
        Role::Coordinator => &[
            "coordenador",
            "coordenadora",
            "coordenador de instalacoes",
            "coordenadora de instalacoes",
            "supervisor",
            "supervisora",
            "supervisor de campo",
        ],
        Role::SvaManager => &["gerente de sva", "gestor de svas", "gestor de sva", "sva"],
        Role::Backoffice => &[
            "back office",
            "backoffice",
            "cadastro",
            "analista de cadastro",
        ],
        Role::Seller => &[
            "vendedor",
            "vendedora",
            "vendas",
            "comercial",
            "consultor de vendas",
            "consultora de vendas",
        ],
        Role::Support => &["atendimento", "atendente", "suporte", "n1", "sac"],
        Role::StockKeeper => &["almoxarife", "estoque", "estoquista"],
        Role::Finance => &["financeira", "cobranca"],
        // Not "gestor": a team's leader is called that too, and an import never makes an
        // administrator by accident.
        Role::Admin => &["administrador", "administradora", "admin"],
    }
}

/// The role a cell names, when it names one.
pub fn role_of(cell: &str) -> Option<Role> {
    let key = fold(cell.trim());
    if key.is_empty() {
        return None;
    }
    Role::ALL.into_iter().find(|&r| {
        r.code() == key
            || fold(r.label(Lang::PtBr)) == key
            || fold(r.label(Lang::En)) == key
            || words(r).contains(&key.as_str())
    })
}

/// Checks one row as a person; `seen` holds the logins of the rows before it, `new` how many
/// of them are new accounts.
pub(crate) fn person(
    c: &mut Cells<'_>,
    known: &Known,
    seen: &mut HashMap<String, usize>,
    new: &mut usize,
) -> Option<PersonRecord> {
    let name = c.required(Field::Name);
    if name.chars().count() > MAX_NAME {
        c.problem(
            Field::Name,
            ProblemKind::TooLong {
                field: Field::Name,
                max: MAX_NAME,
            },
        );
    }
    let login_cell = c.required(Field::Login);
    let login = if login_cell.is_empty() {
        None
    } else {
        let kept = login(&login_cell);
        if kept.is_none() {
            c.problem(Field::Login, ProblemKind::Login { value: login_cell });
        }
        kept
    };
    let role_cell = c.required(Field::Role);
    let role = if role_cell.is_empty() {
        None
    } else {
        let role = role_of(&role_cell);
        if role.is_none() {
            c.problem(
                Field::Role,
                ProblemKind::Unrecognised {
                    field: Field::Role,
                    value: role_cell,
                },
            );
        }
        role
    };
    let phone = c
        .text(Field::Phone1)
        .and_then(|v| c.parsed(Field::Phone1, v, Phone::parse))
        .map(|p| p.digits().to_owned());
    let login = login?;
    if let Some(&first_line) = seen.get(&login) {
        c.problem(
            Field::Login,
            ProblemKind::Duplicate {
                field: Field::Login,
                first_line,
            },
        );
        return None;
    }
    seen.insert(login.clone(), c.line());
    let role = role?;
    let existing = match known.accounts.get(&login) {
        Some(&theirs) if theirs != role => {
            c.problem(
                Field::Role,
                ProblemKind::AccountRole {
                    login,
                    role: theirs,
                },
            );
            return None;
        }
        Some(_) => true,
        None => false,
    };
    if !existing {
        *new += 1;
        if *new == MAX_IMPORTED + 1 {
            c.problem(Field::Login, ProblemKind::TooMany { max: MAX_IMPORTED });
        }
    }
    Some(PersonRecord {
        line: c.line(),
        login,
        name,
        role,
        phone,
        existing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_read_from_the_words_people_use() {
        assert_eq!(role_of("Técnico"), Some(Role::Technician));
        assert_eq!(role_of(" técnico(a) "), Some(Role::Technician));
        assert_eq!(role_of("INSTALADOR"), Some(Role::Technician));
        assert_eq!(role_of("Vendedora"), Some(Role::Seller));
        assert_eq!(role_of("Atendimento (N1)"), Some(Role::Support));
        assert_eq!(role_of("Almoxarifado"), Some(Role::StockKeeper));
        assert_eq!(role_of("Gerente de SVAs"), Some(Role::SvaManager));
        assert_eq!(role_of("Back office"), Some(Role::Backoffice));
        assert_eq!(role_of("finance"), Some(Role::Finance));
        assert_eq!(role_of("stock_keeper"), Some(Role::StockKeeper));
        assert_eq!(role_of("Administração"), Some(Role::Admin));
        assert_eq!(role_of("motorista"), None);
        assert_eq!(
            role_of("Gestor"),
            None,
            "a team's leader is not an administrator"
        );
        assert_eq!(role_of(""), None);
    }
}
