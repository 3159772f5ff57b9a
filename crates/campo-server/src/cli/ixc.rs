//! `campo-server ixc`: reading IXC Provedor now (customers, orders, receivables), where each
//! reading stands, and writing back to IXC what was scheduled and done in Campo.

use campo_server::db::ServerDb;
use campo_server::erp::{self, ErpSource, ixc, standing};
use campo_server::error::ServerError;

use super::report::{print_report, print_standing};

/// What `campo-server ixc` is asked.
#[derive(Debug, clap::Args)]
pub struct IxcArgs {
    /// What to read: customers, orders or receivables; status, where each reading stands;
    /// or close, to write back to IXC what was scheduled and done in Campo.
    kind: String,
    /// With `close`: IXC's employee id Campo closes work orders as.
    #[arg(long, env = "CAMPO_IXC_CLOSER")]
    closer: Option<String>,
    /// Read everything again, not only what changed since the last good reading.
    #[arg(long)]
    full: bool,
    /// Only read and check; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The administrator the changes are recorded as made by (the first one when omitted).
    #[arg(long = "as")]
    login: Option<String>,
}

/// Runs `campo-server ixc` over `pool`.
pub async fn ixc(pool: &ServerDb, args: IxcArgs) -> Result<(), ServerError> {
    let IxcArgs {
        kind,
        closer,
        full,
        dry_run,
        login,
    } = args;
    if kind == "status" {
        for kind in standing::READ {
            let s = standing::get(pool, ixc::SOURCE, kind).await?;
            print_standing(&s);
        }
        println!("{}", erp::standing::write_back(pool, ixc::SOURCE).await?);
        pool.close().await;
        return Ok(());
    }
    if kind == "close" {
        let Some(closer) = closer.filter(|c| !c.trim().is_empty()) else {
            return Err(ServerError::Operator(
                "Para fechar no IXC, informe --closer (ou CAMPO_IXC_CLOSER): o id do funcionário no IXC".into(),
            ));
        };
        let erp_client = ixc::Ixc::new(
            ixc::IxcConfig::from_env().map_err(|e| ServerError::Operator(e.to_string()))?,
        );
        let sent =
            erp::writeback::write_back(pool, &erp_client, ixc::SOURCE, closer.trim()).await?;
        if sent.busy {
            eprintln!(
                "Outro servidor está enviando ao IXC agora; nada foi enviado por este. Tente de novo em alguns minutos."
            );
            pool.close().await;
            std::process::exit(2);
        }
        eprintln!(
            "no IXC: OS agendadas {}, devolvidas para reagendar {}, fechadas {}, com falha {}",
            sent.scheduled, sent.returned, sent.closed, sent.failed
        );
        println!("{}", erp::standing::write_back(pool, ixc::SOURCE).await?);
        pool.close().await;
        if sent.failed > 0 {
            std::process::exit(1);
        }
        return Ok(());
    }
    let Some(kind) =
        campo_import::ImportKind::from_code(&kind).filter(|k| standing::READ.contains(k))
    else {
        return Err(ServerError::Operator(format!(
            "O que ler do IXC: {kind}? (customers, orders, receivables, status ou close)"
        )));
    };
    let reader = ixc::Ixc::new(
        ixc::IxcConfig::from_env().map_err(|e| ServerError::Operator(e.to_string()))?,
    );
    // A reading that imports takes the scheduled readings' turn: two readings of the
    // same kind at once would both move its mark. A dry run writes nothing.
    let turn = if dry_run {
        None
    } else {
        let name = format!("read:{}", ixc::SOURCE);
        let taken = erp::turns::take(
            pool,
            &name,
            erp::turns::this_instance(),
            erp::turns::TURN_TIME,
        )
        .await?;
        if taken.is_none() {
            eprintln!(
                "Outro servidor está lendo o IXC agora; nada foi lido por este. Tente de novo em alguns minutos."
            );
            pool.close().await;
            std::process::exit(2);
        }
        taken
    };
    let read = erp::read_and_import(
        pool,
        &reader,
        campo_server::erp::ixc::SOURCE,
        kind,
        full,
        login.as_deref(),
        dry_run,
    )
    .await;
    if let Some(turn) = turn
        && let Err(e) = turn.end(pool).await
    {
        tracing::warn!(error = %e, "ERP reading turn not ended (it runs out)");
    }
    let (fetched, report) = match read {
        Ok(done) => done,
        Err(erp::RunError::Server(e)) => return Err(e),
        Err(e) => {
            pool.close().await;
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let name = reader.name();
    eprintln!("{name}: registros lidos {}", fetched.table.rows.len());
    if !print_report(name, kind, &report, dry_run, |p| {
        fetched.id_at(p.line).map(|id| format!("{name} id {id}"))
    }) {
        pool.close().await;
        std::process::exit(1);
    }
    Ok(())
}
