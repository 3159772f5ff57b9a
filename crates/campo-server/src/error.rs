//! Errors the server answers with: an HTTP status and `{code, message}`, the message in pt-BR;
//! a request refused for what it asked also carries its [`campo_protocol::Problem`], which the
//! device words in its person's language. Database details are logged, never sent.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use campo_domain::Localized;
use campo_protocol::wire::{self, ApiError};

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// No token, or one that is expired, revoked or unknown.
    #[error("Sessão inválida ou expirada: entre novamente")]
    Unauthorized,
    /// The session ran out unused: sign in again (nothing the device keeps is lost).
    #[error("Sua sessão expirou: entre novamente")]
    SessionExpired,
    /// The session was ended (signed out, or ended by an administrator).
    #[error("Sua sessão foi encerrada: entre novamente")]
    SessionEnded,
    /// The account was disabled by an administrator.
    #[error("Esta conta foi desativada: procure o administrador")]
    AccountDisabled,
    /// The password was given by the administration: the person chooses their own first.
    #[error("Escolha a sua senha antes de continuar")]
    PasswordChangeRequired,
    /// Wrong login or password (the same message for both).
    #[error("Login ou senha incorretos")]
    BadCredentials,
    /// Too many failed sign-ins (or requests) from here: wait and try again.
    #[error("Muitas tentativas: aguarde {retry_after} s e tente de novo")]
    TooManyAttempts {
        /// Seconds to wait.
        retry_after: i64,
    },
    /// The person's role (or who they are) may not do this: its code travels with the answer,
    /// and the device words it.
    #[error("{}", .0.message(campo_domain::Lang::PtBr))]
    Forbidden(campo_protocol::Problem),
    /// The request body is over the size limit.
    #[error("Requisição grande demais: envie lotes menores")]
    TooLarge,
    /// The request body or query is malformed (its code travels with the answer).
    #[error("{}", .0.message(campo_domain::Lang::PtBr))]
    BadRequest(campo_protocol::Problem),
    /// A new account or password refused (its code names the field).
    #[error("{0}")]
    Account(campo_protocol::accounts::AccountProblem),
    /// A request refused for what it asked (an address search, a CEP, the ERP's settings …):
    /// it travels as a code and parameters, and the device words it.
    #[error("{}", .0.message(campo_domain::Lang::PtBr))]
    Problem(campo_protocol::Problem),
    /// A problem told to whoever runs the server's commands or reads its jobs' log, in pt-BR:
    /// a setting, a file, an account named on the command line. Requests from devices are
    /// refused with a [`ServerError::Problem`] instead.
    #[error("{0}")]
    Operator(String),
    /// Something the server itself wrote does not read back as it should (logged, not sent).
    #[error("Erro interno do servidor")]
    Inconsistent(&'static str),
    /// Not found (its code travels with the answer).
    #[error("{}", .0.message(campo_domain::Lang::PtBr))]
    NotFound(campo_protocol::Problem),
    /// No such route: the address is not a Campo server's API (or the path is wrong).
    #[error("Rota desconhecida: verifique o endereço do servidor")]
    UnknownRoute,
    /// The route exists, not with this method.
    #[error("Método não aceito nesta rota")]
    MethodNotAllowed,
    /// The device's cursor is older than the retention window: operations it would need
    /// were pruned, so it bootstraps again.
    #[error(
        "Este dispositivo ficou sem sincronizar além do prazo de retenção: os dados serão carregados de novo"
    )]
    ResyncRequired,
    /// A file larger than the server keeps.
    #[error("Arquivo grande demais: o servidor aceita fotos de até 4 MB e relatórios de até 48 MB")]
    BlobTooLarge,
    /// A file of a type the server does not keep.
    #[error("Tipo de arquivo não aceito: o servidor guarda fotos JPEG e relatórios PDF")]
    BlobType,
    /// The bytes received do not match the file's name: it is sent again from the start.
    #[error("O arquivo chegou diferente do enviado: ele será enviado de novo")]
    BlobCorrupt,
    /// A piece sent from another offset than the server holds.
    #[error("O servidor tem {received} bytes deste arquivo: continue de lá")]
    BlobOffset {
        /// Bytes the server holds.
        received: u64,
    },
    /// The server's disk is full: files wait on the devices.
    #[error("O servidor está sem espaço para guardar arquivos: as fotos esperam nos aparelhos")]
    StorageFull,
    /// Reading or writing the file folder.
    #[error("Erro interno do servidor")]
    Storage(std::io::Error),
    /// No geocoder is configured on this server.
    #[error(
        "Este servidor não tem busca de endereços configurada: marque o local no mapa ou cole as coordenadas"
    )]
    GeocoderOff,
    /// The geocoder did not answer, or answered something unusable (the cause is logged).
    #[error("O serviço de mapas não respondeu: marque o local no mapa ou tente de novo mais tarde")]
    GeocoderUnavailable(crate::ServiceError),
    /// No CEP lookup is configured on this server.
    #[error("Este servidor não tem busca de CEP configurada: preencha o endereço")]
    CepLookupOff,
    /// The CEP service did not answer, or answered something unusable (the cause is logged).
    #[error("O serviço de CEP não respondeu: preencha o endereço ou tente de novo mais tarde")]
    CepLookupUnavailable(crate::ServiceError),
    /// The S3-compatible bucket whole files are kept in.
    #[error("Erro interno do servidor")]
    Bucket(object_store::Error),
    /// The database.
    #[error("Erro interno do servidor")]
    Database(#[from] sqlx::Error),
    /// Migrations.
    #[error("Erro interno do servidor")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Password hashing.
    #[error("Erro interno do servidor")]
    Hash(String),
    /// JSON encoding of stored payloads.
    #[error("Erro interno do servidor")]
    Json(#[from] serde_json::Error),
}

impl ServerError {
    fn parts(&self) -> (StatusCode, &'static str) {
        match self {
            ServerError::Unauthorized => (StatusCode::UNAUTHORIZED, wire::UNAUTHORIZED),
            ServerError::SessionExpired => (StatusCode::UNAUTHORIZED, wire::SESSION_EXPIRED),
            ServerError::SessionEnded => (StatusCode::UNAUTHORIZED, wire::SESSION_ENDED),
            ServerError::AccountDisabled => (StatusCode::FORBIDDEN, wire::ACCOUNT_DISABLED),
            ServerError::PasswordChangeRequired => {
                (StatusCode::FORBIDDEN, wire::PASSWORD_CHANGE_REQUIRED)
            }
            ServerError::BadCredentials => (StatusCode::UNAUTHORIZED, wire::BAD_CREDENTIALS),
            ServerError::TooManyAttempts { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, wire::TOO_MANY_ATTEMPTS)
            }
            ServerError::Forbidden(_) => (StatusCode::FORBIDDEN, wire::FORBIDDEN),
            ServerError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, wire::TOO_LARGE),
            ServerError::BadRequest(_) => (StatusCode::BAD_REQUEST, wire::BAD_REQUEST),
            ServerError::Problem(p) => (StatusCode::UNPROCESSABLE_ENTITY, p.code()),
            ServerError::Operator(_) => (StatusCode::UNPROCESSABLE_ENTITY, wire::INVALID),
            ServerError::Account(p) => (StatusCode::UNPROCESSABLE_ENTITY, p.code()),
            ServerError::NotFound(_) => (StatusCode::NOT_FOUND, wire::NOT_FOUND),
            ServerError::UnknownRoute => (StatusCode::NOT_FOUND, wire::UNKNOWN_ROUTE),
            ServerError::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, wire::METHOD_NOT_ALLOWED)
            }
            ServerError::ResyncRequired => (StatusCode::GONE, wire::RESYNC_REQUIRED),
            ServerError::BlobTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, wire::BLOB_TOO_LARGE),
            ServerError::BlobType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, wire::BLOB_TYPE),
            ServerError::BlobCorrupt => (StatusCode::UNPROCESSABLE_ENTITY, wire::BLOB_CORRUPT),
            ServerError::BlobOffset { .. } => (StatusCode::CONFLICT, wire::BLOB_OFFSET),
            ServerError::StorageFull => (StatusCode::INSUFFICIENT_STORAGE, wire::STORAGE_FULL),
            ServerError::GeocoderOff => (
                StatusCode::NOT_IMPLEMENTED,
                campo_protocol::geocode::GEOCODER_OFF,
            ),
            ServerError::GeocoderUnavailable(_) => (
                StatusCode::BAD_GATEWAY,
                campo_protocol::geocode::GEOCODER_UNAVAILABLE,
            ),
            ServerError::CepLookupOff => (
                StatusCode::NOT_IMPLEMENTED,
                campo_protocol::geocode::CEP_LOOKUP_OFF,
            ),
            ServerError::CepLookupUnavailable(_) => (
                StatusCode::BAD_GATEWAY,
                campo_protocol::geocode::CEP_LOOKUP_UNAVAILABLE,
            ),
            ServerError::Storage(_)
            | ServerError::Bucket(_)
            | ServerError::Database(_)
            | ServerError::Migrate(_)
            | ServerError::Hash(_)
            | ServerError::Inconsistent(_)
            | ServerError::Json(_) => (StatusCode::INTERNAL_SERVER_ERROR, wire::INTERNAL),
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        // A feature this server has not set up (501) is no failure of the server's.
        if status.is_server_error() && status != StatusCode::NOT_IMPLEMENTED {
            tracing::error!(error = ?self, "request failed");
        }
        let mut response = (
            status,
            Json(ApiError {
                code: code.to_owned(),
                message: self.to_string(),
                problem: match &self {
                    ServerError::Problem(p)
                    | ServerError::Forbidden(p)
                    | ServerError::BadRequest(p)
                    | ServerError::NotFound(p) => Some(p.clone()),
                    _ => None,
                },
            }),
        )
            .into_response();
        if let ServerError::TooManyAttempts { retry_after } = self
            && let Ok(value) = axum::http::HeaderValue::from_str(&retry_after.to_string())
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}
