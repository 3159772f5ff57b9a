//! What the operator reads: an ERP reading's standing, an import's problems or what it did,
//! and what went wrong, in pt-BR.

use campo_domain::plural;
use campo_server::error::ServerError;

/// Prints where a reading of the ERP stands.
pub(super) fn print_standing(s: &campo_server::erp::standing::Standing) {
    let never = "nunca".to_owned();
    println!(
        "{}: última leitura boa {}; {}",
        s.kind.code(),
        s.last_ok_at.as_ref().unwrap_or(&never),
        match (&s.last_error, &s.mark) {
            (Some(e), _) => format!(
                "a última falhou ({}, {} {}): {e}",
                s.last_run_at.as_ref().unwrap_or(&never),
                s.failures,
                plural(s.failures, "vez", "vezes seguidas")
            ),
            (None, Some(mark)) => format!("a próxima lê o que mudou depois de {mark}"),
            (None, None) => "a próxima lê tudo".to_owned(),
        }
    );
}

/// Prints an import's problems (by line and column, or by `origin`'s words for the record) or
/// what it did; false when there were problems (nothing was imported).
pub fn print_report(
    what: &str,
    kind: campo_import::ImportKind,
    report: &campo_server::import::ImportReport,
    dry_run: bool,
    origin: impl Fn(&campo_import::Problem) -> Option<String>,
) -> bool {
    for p in &report.problems {
        match origin(p) {
            // A record read from an ERP has no line: its id and the field name it.
            Some(record) => println!(
                "{record}{}: {}",
                p.column
                    .as_deref()
                    .map(|c| format!(", campo {c}"))
                    .unwrap_or_default(),
                p.kind.message(campo_domain::Lang::PtBr)
            ),
            None => println!("{}", p.message(campo_domain::Lang::PtBr)),
        }
    }
    if !report.problems.is_empty() {
        eprintln!(
            "{what}: {} {}; nada foi importado",
            report.problems.len(),
            plural(report.problems.len(), "problema", "problemas")
        );
        return false;
    }
    if report.left_out > 0 {
        if kind == campo_import::ImportKind::Receivables {
            eprintln!(
                "{} {} de fora",
                report.left_out,
                plural(
                    report.left_out,
                    "título de cliente que o Campo não tem (inativo no ERP) fica",
                    "títulos de clientes que o Campo não tem (inativos no ERP) ficam"
                )
            );
        } else {
            eprintln!(
                "{} {} de fora",
                report.left_out,
                plural(
                    report.left_out,
                    "ordem finalizada ou cancelada no ERP fica",
                    "ordens finalizadas ou canceladas no ERP ficam"
                )
            );
        }
    }
    if dry_run {
        eprintln!(
            "{what}: nenhum problema; {} {}",
            report.ready,
            plural(report.ready, "registro pronto", "registros prontos")
        );
    } else {
        eprintln!(
            "{what}: criados {}, atualizados {}, sem mudança {}",
            report.created, report.updated, report.unchanged
        );
        if !report.first_passwords.is_empty() {
            eprintln!(
                "senhas iniciais (entregue cada uma à sua pessoa; não são mostradas de novo):"
            );
            for (login, password) in &report.first_passwords {
                println!("{login}\t{password}");
            }
        }
    }
    true
}

/// What went wrong, for the person at the command line: the cause named, not "internal error"
/// (this is the operator's own machine; the API never says this much).
pub fn explain(e: &ServerError) -> String {
    match e {
        ServerError::Database(sqlx::Error::Io(io)) => format!(
            "não foi possível falar com o banco de dados ({}): verifique o endereço e se ele está no ar",
            io.kind()
        ),
        ServerError::Database(sqlx::Error::PoolTimedOut) => {
            "o banco de dados não respondeu a tempo: verifique se ele está no ar".into()
        }
        ServerError::Database(sqlx::Error::Database(db)) => {
            format!("o banco de dados recusou: {}", db.message())
        }
        ServerError::Database(sqlx::Error::Configuration(c)) => {
            format!("endereço do banco de dados inválido: {c}")
        }
        ServerError::Migrate(m) => format!(
            "não foi possível preparar o banco de dados: {m} (ele é de uma versão mais nova do campo-server?)"
        ),
        other => other.to_string(),
    }
}
