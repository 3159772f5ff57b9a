//! Addresses found on the map through a Nominatim-compatible geocoder the provider configures
//! (`--geocoder-url`; off by default): `POST /v1/geocode` for the office's forms (the sale, a
//! customer's page), and [`locate_customers`] placing customers that arrived without
//! coordinates (a file or the ERP), on a schedule while serving and on demand
//! (`campo-server geocode`). Every answer is kept in `geocode_cache`, found or not, so an
//! address is asked once; requests are spaced by the configured rate (OpenStreetMap's public
//! instance allows one a second and asks for an identifying User-Agent with a contact).
//! The reply shapes followed are recorded in docs/geocoding.md.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use campo_domain::text::fold;
use campo_domain::validate::Uf;
use campo_import::ImportKind;
use campo_protocol::geocode::{AddressQuery, MAX_PLACES, Place, PlacesReply};
use campo_protocol::ops::{CustomerAddress, CustomerCreated, CustomerEdited};
use campo_protocol::{Op, Problem};
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{AppState, Auth};
use crate::db::ServerDb;
use crate::error::ServerError;
use crate::import::{State as LogState, administrator, wire_ops};
use crate::paced::Paced;

/// How to reach the geocoder.
#[derive(Debug, Clone)]
pub struct GeocoderConfig {
    /// Its address, e.g. `https://nominatim.openstreetmap.org` or a provider's own instance.
    pub url: String,
    /// Who to contact about the requests (an e-mail), sent in the User-Agent as
    /// OpenStreetMap's usage policy asks.
    pub contact: Option<String>,
    /// Requests a second at the most.
    pub per_second: f64,
}

/// A geocoder client with its pace.
#[derive(Debug)]
pub struct Geocoder {
    service: Paced,
}

impl Geocoder {
    /// A client for `config`; an address that is not http(s) is refused by name.
    pub fn new(config: &GeocoderConfig) -> Result<Self, ServerError> {
        Ok(Geocoder {
            service: Paced::new(
                "geocodificador",
                &config.url,
                config.contact.as_deref(),
                config.per_second,
            )?,
        })
    }

    /// Waits this long before trying a failed request again (tests shorten it).
    pub fn with_backoff(mut self, backoff: Duration) -> Self {
        self.service.set_backoff(backoff);
        self
    }

    /// The places for `address`, best first (empty: nothing found), from the cache or the
    /// geocoder: by street, number, municipality and state first, then as one line.
    pub async fn find(
        &self,
        db: &ServerDb,
        address: &AddressQuery,
    ) -> Result<Vec<Place>, ServerError> {
        let key = cache_key(address);
        if let Some(places) = cached(db, &key).await? {
            return Ok(places);
        }
        let mut places = self.ask(structured(address)).await?;
        if places.is_empty() {
            places = self.ask(free_form(address)).await?;
        }
        remember(db, &key, &places).await?;
        Ok(places)
    }

    /// Whether `address` was asked before and nothing was found.
    pub async fn known_missing(
        &self,
        db: &ServerDb,
        address: &AddressQuery,
    ) -> Result<bool, ServerError> {
        Ok(cached(db, &cache_key(address))
            .await?
            .is_some_and(|p| p.is_empty()))
    }

    async fn ask(&self, mut query: Vec<(&str, String)>) -> Result<Vec<Place>, ServerError> {
        query.extend([
            ("format", "jsonv2".into()),
            ("countrycodes", "br".into()),
            ("accept-language", "pt-BR".into()),
            ("limit", "5".into()),
        ]);
        let found: Vec<Found> = self
            .service
            .get(&format!("{}/search", self.service.base), &query)
            .await
            .map_err(ServerError::GeocoderUnavailable)?;
        Ok(found
            .into_iter()
            .filter_map(Found::place)
            .take(MAX_PLACES)
            .collect())
    }
}

/// One result as Nominatim (and compatible services) give it: coordinates as strings or
/// numbers, and the place's name.
#[derive(Debug, Deserialize)]
struct Found {
    lat: Coordinate,
    lon: Coordinate,
    #[serde(default)]
    display_name: String,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Coordinate {
    Text(String),
    Number(f64),
}

impl Coordinate {
    fn value(&self) -> Option<f64> {
        match self {
            Coordinate::Text(t) => t.trim().parse().ok(),
            Coordinate::Number(n) => Some(*n),
        }
    }
}

impl Found {
    fn place(self) -> Option<Place> {
        let (lat, lon) = (self.lat.value()?, self.lon.value()?);
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then(|| Place {
            lat: (lat * 100_000.0).round() / 100_000.0,
            lon: (lon * 100_000.0).round() / 100_000.0,
            label: self.display_name,
        })
    }
}

fn state_name(uf: &str) -> String {
    Uf::parse(uf).map_or_else(|_| uf.trim().to_owned(), |u| u.name().to_owned())
}

/// Nominatim's structured search: `street=<number> <street>`, municipality, state.
fn structured(a: &AddressQuery) -> Vec<(&'static str, String)> {
    let street = format!("{} {}", a.number.trim(), a.street.trim());
    vec![
        ("street", street.trim().to_owned()),
        ("city", a.city.trim().to_owned()),
        ("state", state_name(&a.uf)),
        ("country", "Brasil".into()),
    ]
}

/// The address as one line, neighbourhood included.
fn free_form(a: &AddressQuery) -> Vec<(&'static str, String)> {
    let parts = [
        format!("{} {}", a.street.trim(), a.number.trim()),
        a.neighbourhood.trim().to_owned(),
        a.city.trim().to_owned(),
        state_name(&a.uf),
    ];
    let line: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    vec![("q", line.join(", "))]
}

/// The same address however it is typed (case, accents, spaces).
fn cache_key(a: &AddressQuery) -> String {
    let digits: String = a.cep.chars().filter(char::is_ascii_digit).collect();
    [
        fold(&a.street),
        fold(&a.number),
        fold(&a.neighbourhood),
        fold(&a.city),
        a.uf.trim().to_ascii_uppercase(),
        digits,
    ]
    .join("|")
}

async fn cached(db: &ServerDb, key: &str) -> Result<Option<Vec<Place>>, ServerError> {
    let row: Option<String> =
        sqlx::query_scalar("SELECT places FROM geocode_cache WHERE query = $1")
            .bind(key)
            .fetch_optional(db.pool())
            .await?;
    Ok(match row {
        Some(json) => Some(serde_json::from_str(&json)?),
        None => None,
    })
}

async fn remember(db: &ServerDb, key: &str, places: &[Place]) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO geocode_cache (query, places, asked_at) VALUES ($1, $2, $3)
         ON CONFLICT (query) DO UPDATE SET places = excluded.places, asked_at = excluded.asked_at",
    )
    .bind(key)
    .bind(serde_json::to_string(places)?)
    .bind(crate::timestamp(chrono::Utc::now()))
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Checks what a form sent before asking anyone.
fn check(address: &AddressQuery) -> Result<(), ServerError> {
    match address.problem() {
        Some(problem) => Err(ServerError::Problem(problem)),
        None => Ok(()),
    }
}

/// `POST /v1/geocode`: the places for an address, to the office roles.
pub(crate) async fn find(
    State(state): State<AppState>,
    Auth(session, _): Auth,
    Json(address): Json<AddressQuery>,
) -> Result<Json<PlacesReply>, ServerError> {
    if !session.role.finds_addresses() {
        return Err(ServerError::Forbidden(Problem::AddressSearchNotTheirs));
    }
    let Some(geocoder) = state.geocoder() else {
        return Err(ServerError::GeocoderOff);
    };
    check(&address)?;
    Ok(Json(PlacesReply {
        places: geocoder.find(&state.db, &address).await?,
    }))
}

/// What a round of [`locate_customers`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LocateReport {
    /// Customers placed on the map.
    pub located: usize,
    /// Customers whose address the geocoder does not know (left for a hand on the map).
    pub not_found: usize,
    /// Customers still without a location after this round (the rest wait for the next).
    pub waiting: usize,
}

/// Customers placed per push: an office edit of the same customer meanwhile is kept (the
/// address is compared again just before writing).
const BATCH: usize = 20;

/// Places up to `limit` customers without a location whose address the geocoder finds,
/// as `customer.edit` operations from the server's import device (devices receive them as
/// any edit). Addresses asked before without success are skipped.
pub async fn locate_customers(
    db: &ServerDb,
    geocoder: &Geocoder,
    limit: usize,
) -> Result<LocateReport, ServerError> {
    let mut report = LocateReport::default();
    let mut waiting = customers_without_location(db).await?;
    let mut tried = 0;
    while tried < limit && !waiting.is_empty() {
        let take = BATCH.min(limit - tried).min(waiting.len());
        let batch: Vec<_> = waiting.drain(..take).collect();
        tried += batch.len();
        let mut found = Vec::new();
        for (id, address) in batch {
            if geocoder.known_missing(db, &address).await? {
                report.not_found += 1;
                continue;
            }
            match geocoder.find(db, &address).await?.first() {
                Some(place) => found.push((id, address, place.lat, place.lon)),
                None => report.not_found += 1,
            }
        }
        report.located += place_customers(db, &found).await?;
    }
    report.waiting = customers_without_location(db).await?.len();
    Ok(report)
}

/// Places customers without a location every `every` while serving (500 a round at most, the
/// geocoder's pace allowing), logging what each round did.
pub async fn keep_locating(db: ServerDb, geocoder: std::sync::Arc<Geocoder>, every: Duration) {
    let mut turn = tokio::time::interval(every);
    turn.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        turn.tick().await;
        match locate_customers(&db, &geocoder, 500).await {
            Ok(r) if r.located + r.not_found > 0 => tracing::info!(
                located = r.located,
                not_found = r.not_found,
                waiting = r.waiting,
                "customers placed on the map"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "placing customers failed"),
        }
    }
}

fn address_of(c: &CustomerCreated) -> AddressQuery {
    AddressQuery {
        street: c.address.street.clone(),
        number: c.address.number.clone(),
        neighbourhood: c.address.neighbourhood.clone(),
        city: c.address.city.clone(),
        uf: c.address.uf.clone(),
        cep: c.address.cep.clone(),
    }
}

/// Customers without a location as the log has them now, with their addresses, oldest
/// first.
async fn customers_without_location(
    db: &ServerDb,
) -> Result<Vec<(Uuid, AddressQuery)>, ServerError> {
    let state = LogState::load(db, ImportKind::Customers).await?;
    let mut list: Vec<(Uuid, AddressQuery)> = state
        .customers
        .values()
        .filter(|c| c.address.lat.is_none() || c.address.lon.is_none())
        .map(|c| (c.id, address_of(c)))
        .collect();
    list.sort_by_key(|(id, _)| *id);
    Ok(list)
}

/// Writes the locations found, as the import device, for the customers still without one
/// whose address is still the one found; returns how many were placed.
async fn place_customers(
    db: &ServerDb,
    found: &[(Uuid, AddressQuery, f64, f64)],
) -> Result<usize, ServerError> {
    if found.is_empty() {
        return Ok(0);
    }
    let state = LogState::load(db, ImportKind::Customers).await?;
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let ops: Vec<Op> = found
        .iter()
        .filter_map(|(id, address, lat, lon)| {
            let c = state.customers.get(id)?;
            let still = c.address.lat.is_none() && address_of(c) == *address;
            still.then(|| {
                Op::CustomerEdited(CustomerEdited {
                    address: CustomerAddress {
                        lat: Some(*lat),
                        lon: Some(*lon),
                        ..c.address.clone()
                    },
                    ..crate::customers::edit_of(c, vec!["location".into()], at.clone())
                })
            })
        })
        .collect();
    if ops.is_empty() {
        return Ok(0);
    }
    let placed = ops.len();
    let session = administrator(db, None).await?;
    let wire = wire_ops(db, &session, ops).await?;
    match crate::rules::push_all_or_nothing(db, &session, &wire).await? {
        Ok(_) => Ok(placed),
        Err((index, message)) => Err(ServerError::Operator(format!(
            "O servidor recusou a localização de um cliente ({}): {message}",
            wire[index].entity_id
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recife() -> AddressQuery {
        AddressQuery {
            street: "Rua da Aurora".into(),
            number: "325".into(),
            neighbourhood: "Boa Vista".into(),
            city: "Recife".into(),
            uf: "pe".into(),
            cep: "50050-000".into(),
        }
    }

    #[test]
    fn the_structured_search_names_the_state_as_maps_know_it() {
        let q = structured(&recife());
        assert!(q.contains(&("street", "325 Rua da Aurora".into())));
        assert!(q.contains(&("state", "Pernambuco".into())));
        assert_eq!(
            free_form(&recife()),
            vec![(
                "q",
                "Rua da Aurora 325, Boa Vista, Recife, Pernambuco".into()
            )]
        );
    }

    #[test]
    fn the_same_address_typed_differently_is_asked_once() {
        let mut other = recife();
        other.street = "  RUA DA AURORA ".into();
        other.uf = "PE".into();
        other.cep = "50050000".into();
        assert_eq!(cache_key(&recife()), cache_key(&other));
        other.number = "326".into();
        assert_ne!(cache_key(&recife()), cache_key(&other));
    }

    #[test]
    fn coordinates_as_text_or_numbers_are_read_and_nonsense_is_dropped() {
        let found: Vec<Found> = serde_json::from_str(
            r#"[{"lat":"-8.0578","lon":"-34.8829","display_name":"Rua da Aurora"},
                {"lat":-8.1,"lon":-34.9},
                {"lat":"north","lon":"-34.9","display_name":"?"},
                {"lat":"123","lon":"-34.9","display_name":"off the Earth"}]"#,
        )
        .unwrap();
        let places: Vec<Place> = found.into_iter().filter_map(Found::place).collect();
        assert_eq!(places.len(), 2);
        assert_eq!((places[0].lat, places[0].lon), (-8.0578, -34.8829));
        assert_eq!(places[0].label, "Rua da Aurora");
    }
}
