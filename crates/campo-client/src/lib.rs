//! How a device reaches a `campo-server`: the [`Transport`] the sync engine talks through, the
//! ways a call can fail ([`TransportError`], in words a person understands, pt-BR and
//! English), and the real client over HTTP ([`http::HttpTransport`]). Tests and the
//! simulation implement [`Transport`] in memory.

pub mod http;

use std::future::Future;

use campo_domain::{Lang, Localized};
use campo_protocol::wire::{
    self, BlobStatus, Hello, HelloReply, PullMode, PullReply, PushReply, PushRequest, SnapshotReply,
};

pub use http::HttpTransport;

/// Why a call to the server failed. `Display` is the pt-BR sentence for a person; the
/// details (the HTTP library's text, the server's raw answer) are only for the logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No answer (offline, refused, timed out): try again later.
    #[error("Servidor inacessível: verifique o endereço e a conexão")]
    Unreachable {
        /// What the network library said, for the logs.
        detail: String,
    },
    /// The address answered, but not as a Campo server (a web page, another service).
    #[error("Este endereço não responde como um servidor do Campo: verifique o endereço")]
    NotCampo {
        /// The HTTP status it answered with.
        status: u16,
    },
    /// Wrong login or password (the same answer for both).
    #[error("Login ou senha incorretos")]
    BadCredentials,
    /// Too many failed sign-ins: the server asks to wait.
    #[error("Muitas tentativas de entrada: aguarde alguns minutos e tente de novo")]
    TooManyAttempts,
    /// The server does not know the session: sign in again.
    #[error("Sua sessão expirou ou foi encerrada: entre novamente")]
    Unauthorized,
    /// The session ran out unused: sign in again (what waits to be sent stays).
    #[error("Sua sessão expirou: entre novamente")]
    SessionExpired,
    /// The session was ended (signed out elsewhere, or by an administrator).
    #[error("Sua sessão foi encerrada: entre novamente")]
    SessionEnded,
    /// The account was disabled: this device stops syncing.
    #[error("Esta conta foi desativada: procure o administrador")]
    AccountDisabled,
    /// The password was given by the administration: the person chooses their own before
    /// anything syncs.
    #[error("Escolha a sua senha para continuar")]
    PasswordChangeRequired,
    /// The server refused the request; its code says why.
    #[error("{message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The server's code (`forbidden`, `invalid`, …).
        code: String,
        /// The server's sentence (pt-BR).
        message: String,
        /// A request refused for what it asked, as data: worded in the person's language.
        problem: Option<campo_protocol::Problem>,
    },
    /// The answer could not be read.
    #[error("O servidor respondeu algo que este aplicativo não entende: atualize o Campo")]
    Decode {
        /// What the decoder said, for the logs.
        detail: String,
    },
    /// The device was away longer than the server's retention window: it must bootstrap
    /// again from a snapshot.
    #[error("O servidor pede uma nova carga completa dos dados")]
    ResyncRequired,
}

impl Localized for TransportError {
    fn message(&self, lang: Lang) -> String {
        if let TransportError::Refused {
            problem: Some(problem),
            ..
        } = self
        {
            return problem.message(lang);
        }
        match lang {
            Lang::PtBr => self.to_string(),
            Lang::En => match self {
                TransportError::Unreachable { .. } => {
                    "Server unreachable: check the address and the connection".into()
                }
                TransportError::NotCampo { .. } => {
                    "This address does not answer as a Campo server: check the address".into()
                }
                TransportError::BadCredentials => "Wrong login or password".into(),
                TransportError::TooManyAttempts => {
                    "Too many sign-in attempts: wait a few minutes and try again".into()
                }
                TransportError::Unauthorized => {
                    "Your session expired or was ended: sign in again".into()
                }
                TransportError::SessionExpired => "Your session expired: sign in again".into(),
                TransportError::SessionEnded => "Your session was ended: sign in again".into(),
                TransportError::AccountDisabled => {
                    "This account was disabled: ask the administrator".into()
                }
                TransportError::PasswordChangeRequired => "Choose your password to go on".into(),
                TransportError::Refused { code, .. } => match code.as_str() {
                    // A new account refused by field: the same words the device's own check uses.
                    c if let Some(p) = campo_protocol::accounts::AccountProblem::from_code(c) => {
                        p.message(Lang::En)
                    }
                    wire::FORBIDDEN => "The server refused: your role may not do this".into(),
                    wire::TOO_LARGE => "The server refused: the request is too large".into(),
                    wire::BAD_REQUEST => {
                        "The server could not read the request: update Campo".into()
                    }
                    wire::NOT_FOUND => "The server did not find what was asked for".into(),
                    wire::INTERNAL => "The server failed; try again later".into(),
                    wire::STORAGE_FULL => {
                        "The server has no room left for files: the photos wait on the devices"
                            .into()
                    }
                    wire::BLOB_TOO_LARGE => {
                        "File too large: the server accepts photos of up to 4 MB and reports of up to 48 MB".into()
                    }
                    campo_protocol::geocode::GEOCODER_OFF => "This server has no address search set up: mark the place on the map or paste the coordinates".into(),
                    campo_protocol::geocode::GEOCODER_UNAVAILABLE => "The map service did not answer: mark the place on the map or try again later".into(),
                    campo_protocol::geocode::CEP_LOOKUP_OFF => {
                        "This server has no CEP lookup set up: fill in the address".into()
                    }
                    campo_protocol::geocode::CEP_LOOKUP_UNAVAILABLE => {
                        "The CEP service did not answer: fill in the address or try again later"
                            .into()
                    }
                    wire::BLOB_TYPE => {
                        "File type not accepted: the server keeps JPEG photos and PDF reports".into()
                    }
                    _ => "The server refused the request".into(),
                },
                TransportError::Decode { .. } => {
                    "The server answered something this app does not understand: update Campo"
                        .into()
                }
                TransportError::ResyncRequired => {
                    "The server asks for a full reload of the data".into()
                }
            },
        }
    }
}

impl TransportError {
    /// The person must sign in again before this device can sync (what waits stays).
    pub fn needs_sign_in(&self) -> bool {
        matches!(
            self,
            TransportError::Unauthorized
                | TransportError::SessionExpired
                | TransportError::SessionEnded
        )
    }
}

/// How the sync engine reaches the server. [`HttpTransport`] implements it; tests and the
/// simulation implement it in memory.
pub trait Transport {
    /// Versions and clocks.
    fn hello(
        &self,
        hello: &Hello,
    ) -> impl Future<Output = Result<HelloReply, TransportError>> + Send;
    /// One batch of operations.
    fn push(
        &self,
        request: &PushRequest,
    ) -> impl Future<Output = Result<PushReply, TransportError>> + Send;
    /// One page of changes after `cursor`; `mode` says whether replaced versions of a record
    /// are left out (a device that started empty).
    fn pull(
        &self,
        cursor: i64,
        limit: u32,
        mode: PullMode,
    ) -> impl Future<Output = Result<PullReply, TransportError>> + Send;
    /// The state of this device's scope to start from, and the cursor it stands at.
    fn snapshot(&self) -> impl Future<Output = Result<SnapshotReply, TransportError>> + Send;
    /// How much of the stored file `hash` the server holds.
    fn blob_status(
        &self,
        hash: &str,
    ) -> impl Future<Output = Result<BlobStatus, TransportError>> + Send;
    /// Sends `piece` of the stored file `hash` (`total` bytes of type `mime`) from `offset`.
    fn put_blob(
        &self,
        hash: &str,
        offset: u64,
        total: u64,
        mime: &str,
        piece: Vec<u8>,
    ) -> impl Future<Output = Result<BlobStatus, TransportError>> + Send;
    /// The bytes of the stored file `hash`.
    fn get_blob(&self, hash: &str) -> impl Future<Output = Result<Vec<u8>, TransportError>> + Send;
}
