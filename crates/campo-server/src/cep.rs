//! The street a CEP names, through a ViaCEP-compatible service the provider configures
//! (`--cep-url`, e.g. `https://viacep.com.br`; off by default): `GET /v1/cep/{digits}` fills
//! the office's address forms (a sale, a customer, an address change) when the person types
//! the CEP. Answers are kept in `cep_cache` — found ones for good, unknown CEPs for a week —
//! so a CEP is asked once. The reply shape followed is recorded in docs/geocoding.md.

use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use campo_domain::validate::{Cep, Uf};
use campo_protocol::Problem;
use campo_protocol::geocode::{CepPlace, CepReply};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::api::{AppState, Auth};
use crate::db::ServerDb;
use crate::error::ServerError;
use crate::paced::{Paced, ServiceError};

/// How long a CEP the service did not know is remembered as unknown.
const UNKNOWN_KEPT: chrono::TimeDelta = chrono::TimeDelta::days(7);

/// How to reach the CEP service.
#[derive(Debug, Clone)]
pub struct CepConfig {
    /// Its address: `https://viacep.com.br` or a compatible service (`{url}/ws/{cep}/json/`).
    pub url: String,
    /// Requests a second at the most.
    pub per_second: f64,
}

/// A CEP service client with its pace.
#[derive(Debug)]
pub struct CepLookup {
    service: Paced,
}

/// One answer as ViaCEP gives it: the place, or `{"erro": true}` (older: `"true"`) for a
/// CEP it does not know.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Answer {
    Unknown {
        #[serde(rename = "erro", deserialize_with = "yes")]
        _erro: (),
    },
    Found {
        #[serde(default)]
        logradouro: String,
        #[serde(default)]
        bairro: String,
        localidade: String,
        uf: String,
    },
}

/// ViaCEP's `true` (older answers: `"true"`); anything else is not an unknown CEP.
fn yes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<(), D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Bool(true) => Ok(()),
        serde_json::Value::String(s) if s == "true" => Ok(()),
        other => Err(serde::de::Error::custom(format!("erro: {other}"))),
    }
}

impl CepLookup {
    /// A client for `config`; an address that is not http(s) is refused by name.
    pub fn new(config: &CepConfig) -> Result<Self, ServerError> {
        Ok(CepLookup {
            service: Paced::new("serviço de CEP", &config.url, None, config.per_second)?,
        })
    }

    /// Waits this long before trying a failed request again (tests shorten it).
    pub fn with_backoff(mut self, backoff: Duration) -> Self {
        self.service.set_backoff(backoff);
        self
    }

    /// The place `cep` names (`None`: the service does not know it), from the cache or the
    /// service.
    pub async fn find(&self, db: &ServerDb, cep: &Cep) -> Result<Option<CepPlace>, ServerError> {
        let digits = cep.digits();
        if let Some(kept) = cached(db, digits).await? {
            return Ok(kept);
        }
        let answer: Answer = self
            .service
            .get(&format!("{}/ws/{digits}/json/", self.service.base), &[])
            .await
            .map_err(ServerError::CepLookupUnavailable)?;
        let place = match answer {
            Answer::Unknown { .. } => None,
            Answer::Found {
                logradouro,
                bairro,
                localidade,
                uf,
            } => {
                let uf = Uf::parse(&uf).map_err(|_| {
                    ServerError::CepLookupUnavailable(ServiceError::UnknownState(uf.clone()))
                })?;
                if localidade.trim().is_empty() {
                    return Err(ServerError::CepLookupUnavailable(
                        ServiceError::NoMunicipality,
                    ));
                }
                Some(CepPlace {
                    cep: digits.to_owned(),
                    street: logradouro.trim().to_owned(),
                    neighbourhood: bairro.trim().to_owned(),
                    city: localidade.trim().to_owned(),
                    uf: uf.as_str().to_owned(),
                })
            }
        };
        remember(db, digits, place.as_ref()).await?;
        Ok(place)
    }
}

/// The kept answer for `cep`: `Some(None)` for a CEP known to be unknown (this week).
async fn cached(db: &ServerDb, cep: &str) -> Result<Option<Option<CepPlace>>, ServerError> {
    let row: Option<(Option<String>, String)> =
        sqlx::query_as("SELECT place, asked_at FROM cep_cache WHERE cep = $1")
            .bind(cep)
            .fetch_optional(db.pool())
            .await?;
    Ok(match row {
        Some((Some(json), _)) => Some(Some(serde_json::from_str(&json)?)),
        Some((None, asked)) => DateTime::parse_from_rfc3339(&asked)
            .ok()
            .filter(|at| Utc::now() - at.with_timezone(&Utc) < UNKNOWN_KEPT)
            .map(|_| None),
        None => None,
    })
}

async fn remember(db: &ServerDb, cep: &str, place: Option<&CepPlace>) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO cep_cache (cep, place, asked_at) VALUES ($1, $2, $3)
         ON CONFLICT (cep) DO UPDATE SET place = excluded.place, asked_at = excluded.asked_at",
    )
    .bind(cep)
    .bind(place.map(serde_json::to_string).transpose()?)
    .bind(crate::timestamp(Utc::now()))
    .execute(db.pool())
    .await?;
    Ok(())
}

/// `GET /v1/cep/{cep}`: the street a CEP names, to the roles that fill addresses.
pub(crate) async fn find(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    Path(cep): Path<String>,
) -> Result<Json<CepReply>, ServerError> {
    if !session.role.finds_addresses() {
        return Err(ServerError::Forbidden(Problem::CepLookupNotTheirs));
    }
    let Some(lookup) = state.cep_lookup() else {
        return Err(ServerError::CepLookupOff);
    };
    let cep = Cep::parse(&cep).map_err(|_| ServerError::Problem(Problem::CepInvalid))?;
    Ok(Json(CepReply {
        place: lookup.find(&state.db, &cep).await?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viacep_answers_are_read_found_or_unknown() {
        let found: Answer = serde_json::from_str(
            r#"{"cep":"50050-000","logradouro":"Rua da Aurora","complemento":"até 1234/1235","unidade":"","bairro":"Boa Vista","localidade":"Recife","uf":"PE","estado":"Pernambuco","regiao":"Nordeste","ibge":"2611606","gia":"","ddd":"81","siafi":"2531"}"#,
        )
        .unwrap();
        assert!(matches!(found, Answer::Found { ref localidade, .. } if localidade == "Recife"));
        for unknown in [r#"{"erro": true}"#, r#"{"erro": "true"}"#] {
            let a: Answer = serde_json::from_str(unknown).unwrap();
            assert!(matches!(a, Answer::Unknown { .. }), "{unknown}");
        }
        assert!(serde_json::from_str::<Answer>(r#"{"cep":"50050-000"}"#).is_err());
        // Not an unknown CEP, nor a place: the service answered something else.
        for other in [
            r#"{"erro": false}"#,
            r#"{"erro": "false"}"#,
            r#"{"erro": null}"#,
        ] {
            assert!(serde_json::from_str::<Answer>(other).is_err(), "{other}");
        }
    }
}
