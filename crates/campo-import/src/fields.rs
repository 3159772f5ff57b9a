//! What can be imported and into which of Campo's fields each column goes: the kinds of file,
//! their fields, the header names each field is known by (Campo's own, the words people use in
//! spreadsheets and IXC Provedor's export names), and the matching a person can correct.

use campo_domain::Lang;
use campo_domain::text::fold;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Customers (IXC `cliente`).
    Customers,
    /// Open work orders (IXC `su_oss_chamado`).
    Orders,
    /// The plan catalogue (the contracts' plans).
    Plans,
    /// Receivables issued by the ERP (IXC `fn_areceber`), for the payment follow-up.
    Receivables,
    /// The provider's people: their accounts, each with a first password.
    People,
}

impl ImportKind {
    /// Every kind, in the order a new provider imports them (plans before the orders that
    /// name them, customers before their orders).
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Plans,
        ImportKind::Customers,
        ImportKind::Orders,
        ImportKind::Receivables,
        ImportKind::People,
    ];

    /// Its name on the command line (`customers`, `orders`, `plans`, `receivables`,
    /// `people`).
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Customers => "customers",
            ImportKind::Orders => "orders",
            ImportKind::Plans => "plans",
            ImportKind::Receivables => "receivables",
            ImportKind::People => "people",
        }
    }

    /// The kind named `code` on the command line.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The fields a file of this kind may fill.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            ImportKind::Customers => &[
                ExternalId,
                Name,
                Cpf,
                Email,
                MotherName,
                BirthDate,
                Phone1,
                Phone2,
                Cep,
                Street,
                Number,
                Complement,
                Neighbourhood,
                City,
                Uf,
                Reference,
                Lat,
                Lon,
            ],
            ImportKind::Orders => &[ExternalId, Customer, Kind, Plan, Status, OpenedAt, Periods],
            ImportKind::Plans => &[ExternalId, Name, Download, Price, Iptv, Premium],
            ImportKind::Receivables => &[
                ExternalId,
                Customer,
                Contract,
                IssuedOn,
                DueOn,
                Amount,
                PaymentStatus,
                PaidOn,
                PaidAmount,
            ],
            ImportKind::People => &[Name, Login, Role, Phone1],
        }
    }

    /// The fields every row needs (a file without their columns is refused before any row).
    pub fn required(self) -> &'static [Field] {
        use Field::*;
        match self {
            ImportKind::Customers => &[Name, Phone1, Cep, Street, Number, Neighbourhood, City, Uf],
            ImportKind::Orders => &[ExternalId, Customer, Kind, Plan],
            ImportKind::Plans => &[Name, Download, Price],
            ImportKind::Receivables => &[ExternalId, Customer, DueOn, Amount],
            ImportKind::People => &[Name, Login, Role],
        }
    }
}

/// A field of Campo a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The record's id in the ERP (kept, so a new export updates instead of duplicating).
    ExternalId,
    /// Name (a customer's, a plan's).
    Name,
    /// CPF.
    Cpf,
    /// E-mail.
    Email,
    /// Mother's name.
    MotherName,
    /// Birth date.
    BirthDate,
    /// First phone.
    Phone1,
    /// Second phone.
    Phone2,
    /// CEP.
    Cep,
    /// Street.
    Street,
    /// House number.
    Number,
    /// Complement.
    Complement,
    /// Neighbourhood.
    Neighbourhood,
    /// Municipality.
    City,
    /// State.
    Uf,
    /// Reference point.
    Reference,
    /// Latitude.
    Lat,
    /// Longitude.
    Lon,
    /// The order's customer: their id in the ERP, or their CPF.
    Customer,
    /// The order's kind.
    Kind,
    /// The plan (its name or its id in the ERP).
    Plan,
    /// The order's status in the ERP.
    Status,
    /// When the order was opened.
    OpenedAt,
    /// Periods the customer is available in.
    Periods,
    /// A plan's download speed, Mbps.
    Download,
    /// A plan's monthly price, R$.
    Price,
    /// Whether a plan includes IPTV.
    Iptv,
    /// Whether a plan includes premium channels.
    Premium,
    /// A receivable's contract in the ERP.
    Contract,
    /// When a receivable was issued.
    IssuedOn,
    /// When a receivable is due.
    DueOn,
    /// A receivable's amount, R$.
    Amount,
    /// A receivable's status in the ERP.
    PaymentStatus,
    /// When a receivable was paid.
    PaidOn,
    /// How much was paid, R$.
    PaidAmount,
    /// A person's login.
    Login,
    /// A person's role.
    Role,
}

impl Field {
    /// The name a person reads.
    pub fn label(self, lang: Lang) -> &'static str {
        let (pt, en) = match self {
            Field::ExternalId => ("ID no ERP", "ERP id"),
            Field::Name => ("Nome", "Name"),
            Field::Cpf => ("CPF", "CPF"),
            Field::Email => ("E-mail", "E-mail"),
            Field::MotherName => ("Nome da mãe", "Mother's name"),
            Field::BirthDate => ("Data de nascimento", "Birth date"),
            Field::Phone1 => ("Telefone 1", "Phone 1"),
            Field::Phone2 => ("Telefone 2", "Phone 2"),
            Field::Cep => ("CEP", "CEP"),
            Field::Street => ("Logradouro", "Street"),
            Field::Number => ("Número", "Number"),
            Field::Complement => ("Complemento", "Complement"),
            Field::Neighbourhood => ("Bairro", "Neighbourhood"),
            Field::City => ("Município", "Municipality"),
            Field::Uf => ("UF", "State"),
            Field::Reference => ("Ponto de referência", "Reference point"),
            Field::Lat => ("Latitude", "Latitude"),
            Field::Lon => ("Longitude", "Longitude"),
            Field::Customer => ("Cliente (ID no ERP ou CPF)", "Customer (ERP id or CPF)"),
            Field::Kind => ("Tipo de ordem", "Order kind"),
            Field::Plan => ("Plano", "Plan"),
            Field::Status => ("Situação", "Status"),
            Field::OpenedAt => ("Aberta em", "Opened on"),
            Field::Periods => ("Disponibilidade", "Availability"),
            Field::Download => ("Velocidade (Mbps)", "Speed (Mbps)"),
            Field::Price => ("Mensalidade (R$)", "Monthly price (R$)"),
            Field::Iptv => ("Inclui IPTV", "Includes IPTV"),
            Field::Premium => ("Canais premium", "Premium channels"),
            Field::Contract => ("Contrato", "Contract"),
            Field::IssuedOn => ("Emissão", "Issued on"),
            Field::DueOn => ("Vencimento", "Due date"),
            Field::Amount => ("Valor (R$)", "Amount (R$)"),
            Field::PaymentStatus => ("Situação do título", "Receivable status"),
            Field::PaidOn => ("Data do pagamento", "Paid on"),
            Field::PaidAmount => ("Valor pago (R$)", "Amount paid (R$)"),
            Field::Login => ("Login", "Login"),
            Field::Role => ("Papel", "Role"),
        };
        match lang {
            Lang::PtBr => pt,
            Lang::En => en,
        }
    }

    /// The header names this field is known by, folded (lower case, no accents).
    fn names(self, kind: ImportKind) -> &'static [&'static str] {
        match (self, kind) {
            (Field::ExternalId, ImportKind::Orders) => &[
                "id",
                "id no erp",
                "id erp",
                "codigo",
                "numero da os",
                "os",
                "id os",
                "id ordem",
                "chamado",
                "id chamado",
            ],
            (Field::ExternalId, ImportKind::Receivables) => &[
                "id",
                "id no erp",
                "id erp",
                "codigo",
                "titulo",
                "id titulo",
                "fatura",
                "id fatura",
                "boleto",
                "nosso numero",
                "documento",
            ],
            (Field::ExternalId, _) => &[
                "id",
                "id no erp",
                "id erp",
                "codigo",
                "cod",
                "id cliente",
                "codigo cliente",
                "id plano",
                "codigo plano",
            ],
            (Field::Name, ImportKind::Plans) => &["nome", "plano", "descricao", "nome do plano"],
            (Field::Name, ImportKind::People) => &[
                "nome",
                "nome completo",
                "funcionario",
                "colaborador",
                "colaboradora",
                "name",
            ],
            (Field::Name, _) => &[
                "nome",
                "razao",
                "razao social",
                "cliente",
                "nome do cliente",
                "nome completo",
                "name",
            ],
            (Field::Cpf, _) => &[
                "cpf",
                "cnpj cpf",
                "cpf cnpj",
                "documento",
                "cpf/cnpj",
                "cnpj_cpf",
            ],
            (Field::Email, _) => &["email", "e-mail", "e mail", "correio eletronico"],
            (Field::MotherName, _) => &["nome da mae", "mae", "nome mae", "nome_mae"],
            (Field::BirthDate, _) => &[
                "data de nascimento",
                "nascimento",
                "data nascimento",
                "data_nascimento",
                "dt nascimento",
            ],
            (Field::Phone1, _) => &[
                "telefone",
                "telefone 1",
                "celular",
                "telefone_celular",
                "fone",
                "telefone celular",
                "contato 1",
                "whatsapp",
            ],
            (Field::Phone2, _) => &[
                "telefone 2",
                "telefone_comercial",
                "telefone comercial",
                "fone 2",
                "contato 2",
                "telefone residencial",
                "fone_residencial",
            ],
            (Field::Cep, _) => &["cep"],
            (Field::Street, _) => &["endereco", "logradouro", "rua", "endereco logradouro"],
            (Field::Number, _) => &["numero", "n", "no", "nº", "num"],
            (Field::Complement, _) => &["complemento", "compl"],
            (Field::Neighbourhood, _) => &["bairro"],
            (Field::City, _) => &["cidade", "municipio", "city"],
            (Field::Uf, _) => &["uf", "estado"],
            (Field::Reference, _) => &["referencia", "ponto de referencia", "ponto referencia"],
            (Field::Lat, _) => &["latitude", "lat"],
            (Field::Lon, _) => &["longitude", "lon", "lng", "long"],
            (Field::Customer, _) => &[
                "id_cliente",
                "id cliente",
                "cliente",
                "codigo do cliente",
                "codigo cliente",
                "cpf",
                "cpf do cliente",
            ],
            (Field::Kind, _) => &[
                "tipo",
                "assunto",
                "id_assunto",
                "tipo de ordem",
                "tipo da os",
                "servico",
            ],
            (Field::Plan, _) => &[
                "plano",
                "id_plano",
                "contrato plano",
                "plano contratado",
                "produto",
            ],
            (Field::Status, _) => &["status", "situacao", "estado da os"],
            (Field::OpenedAt, _) => &[
                "data_abertura",
                "abertura",
                "data de abertura",
                "aberta em",
                "data abertura",
            ],
            (Field::Periods, _) => &["disponibilidade", "periodo", "periodos", "turno", "turnos"],
            (Field::Download, _) => &[
                "velocidade",
                "download",
                "velocidade mbps",
                "mbps",
                "velocidade (mbps)",
            ],
            (Field::Price, _) => &[
                "valor",
                "preco",
                "mensalidade",
                "valor mensal",
                "mensalidade (r$)",
                "valor (r$)",
            ],
            (Field::Iptv, _) => &["iptv", "inclui iptv", "tv"],
            (Field::Premium, _) => &["premium", "canais premium"],
            (Field::Contract, _) => &["id_contrato", "contrato", "id contrato", "codigo contrato"],
            (Field::IssuedOn, _) => &["data_emissao", "emissao", "data de emissao", "emitido em"],
            (Field::DueOn, _) => &[
                "data_vencimento",
                "vencimento",
                "data de vencimento",
                "vence em",
                "dt vencimento",
            ],
            (Field::Amount, _) => &["valor", "valor (r$)", "valor do titulo", "valor original"],
            (Field::PaymentStatus, _) => &["status", "situacao", "situacao do titulo"],
            (Field::PaidOn, _) => &[
                "pagamento_data",
                "data_pagamento",
                "data do pagamento",
                "data de pagamento",
                "pago em",
                "baixa_data",
                "data da baixa",
            ],
            (Field::Login, _) => &["login", "usuario", "usuario de acesso", "user", "username"],
            (Field::Role, _) => &["papel", "funcao", "cargo", "perfil", "setor", "role"],
            (Field::PaidAmount, _) => &[
                "valor_recebido",
                "pagamento_valor",
                "valor pago",
                "valor recebido",
                "valor pago (r$)",
            ],
        }
    }
}

/// A header folded the way field names are: accents, case, `_`, `-` and punctuation ignored.
fn key(header: &str) -> String {
    let cleaned: String = header
        .chars()
        .map(|c| {
            if c == '_' || c == '-' || c == '.' || c == ':' {
                ' '
            } else {
                c
            }
        })
        .collect();
    fold(&cleaned)
}

/// Which field each of a file's columns fills (`None`: the column is left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Mapping {
    /// One entry per column of the file, in its order.
    pub columns: Vec<Option<Field>>,
}

impl Mapping {
    /// The matching Campo proposes for `headers`: each column to the field known by its name,
    /// each field taken by its first column only.
    pub fn guess(kind: ImportKind, headers: &[String]) -> Mapping {
        let mut taken = Vec::new();
        let columns = headers
            .iter()
            .map(|h| {
                let k = key(h);
                let hit = kind
                    .fields()
                    .iter()
                    .copied()
                    .find(|f| !taken.contains(f) && f.names(kind).iter().any(|n| key(n) == k));
                if let Some(f) = hit {
                    taken.push(f);
                }
                hit
            })
            .collect();
        Mapping { columns }
    }

    /// The column a field is read from.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    /// The required fields no column fills.
    pub fn missing(&self, kind: ImportKind) -> Vec<Field> {
        kind.required()
            .iter()
            .copied()
            .filter(|f| self.column(*f).is_none())
            .collect()
    }

    /// Fields given to more than one column, or not of this kind.
    pub fn misplaced(&self, kind: ImportKind) -> Vec<Field> {
        let mut seen = Vec::new();
        let mut bad = Vec::new();
        for f in self.columns.iter().flatten() {
            if seen.contains(f) || !kind.fields().contains(f) {
                if !bad.contains(f) {
                    bad.push(*f);
                }
            } else {
                seen.push(*f);
            }
        }
        bad
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn ixc_export_names_are_recognised() {
        let h = headers(&[
            "id",
            "razao",
            "cnpj_cpf",
            "endereco",
            "numero",
            "bairro",
            "complemento",
            "referencia",
            "cidade",
            "cep",
            "telefone_celular",
            "email",
            "ativo",
        ]);
        let m = Mapping::guess(ImportKind::Customers, &h);
        assert_eq!(m.columns[0], Some(Field::ExternalId));
        assert_eq!(m.columns[1], Some(Field::Name));
        assert_eq!(m.columns[2], Some(Field::Cpf));
        assert_eq!(m.columns[10], Some(Field::Phone1));
        assert_eq!(m.columns[12], None);
        assert_eq!(m.missing(ImportKind::Customers), [Field::Uf]);
    }

    #[test]
    fn portuguese_headers_with_accents_and_case_are_recognised() {
        let h = headers(&[
            "Nome",
            "Município",
            "UF",
            "Nº",
            "Ponto de Referência",
            "Data de Nascimento",
        ]);
        let m = Mapping::guess(ImportKind::Customers, &h);
        assert_eq!(
            m.columns,
            [
                Some(Field::Name),
                Some(Field::City),
                Some(Field::Uf),
                Some(Field::Number),
                Some(Field::Reference),
                Some(Field::BirthDate)
            ]
        );
    }

    #[test]
    fn a_field_goes_to_one_column_and_a_correction_is_checked() {
        let h = headers(&["Telefone", "Celular"]);
        let m = Mapping::guess(ImportKind::Customers, &h);
        assert_eq!(m.columns, [Some(Field::Phone1), None]);
        let wrong = Mapping {
            columns: vec![Some(Field::Phone1), Some(Field::Phone1)],
        };
        assert_eq!(wrong.misplaced(ImportKind::Customers), [Field::Phone1]);
        let other_kind = Mapping {
            columns: vec![Some(Field::Plan)],
        };
        assert_eq!(other_kind.misplaced(ImportKind::Customers), [Field::Plan]);
    }
}
