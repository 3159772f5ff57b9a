//! The server's command line as a provider's administrator runs it, for the tests of its
//! commands: the binary over a data folder, and a provider set up in it.

use std::path::Path;
use std::process::{Command, Output};

/// `campo-server --data-dir <dir>`, with the administrator's password in the environment
/// and never a PostgreSQL address from the machine's.
pub fn command(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_campo-server"));
    c.arg("--data-dir")
        .arg(dir)
        .env("CAMPO_PASSWORD", "senha-forte-123")
        .env_remove("DATABASE_URL");
    c
}

/// What a command printed, standard output then standard error.
pub fn said(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A provider in Recife serving Olinda and Jaboatão too, with its administrator `ana`.
pub fn provider() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = command(dir.path())
        .args([
            "init",
            "--name",
            "Conecta Recife",
            "--cnpj",
            "11.222.333/0001-81",
            "--municipality",
            "2611606",
            "--municipality",
            "2609600",
            "--municipality",
            "2607901",
            "--base",
            "Sede,-8.0476,-34.8770",
            "--admin-login",
            "ana",
            "--admin-name",
            "Ana Prado",
        ])
        .output()
        .expect("run campo-server");
    assert!(out.status.success(), "{:?}", said(&out));
    dir
}
