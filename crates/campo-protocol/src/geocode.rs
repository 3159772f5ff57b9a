//! Finding an address on the map: what a device asks the server (`POST /v1/geocode`) and what
//! it answers. The server asks the geocoder the provider configured (Nominatim-compatible,
//! off by default) and keeps every answer; a device never talks to the geocoder itself.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The server has no geocoder configured.
pub const GEOCODER_OFF: &str = "geocoder_off";
/// The geocoder did not answer, or answered something unusable.
pub const GEOCODER_UNAVAILABLE: &str = "geocoder_unavailable";
/// Most places one answer lists.
pub const MAX_PLACES: usize = 5;

/// An address as the forms hold it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddressQuery {
    /// Street (logradouro).
    pub street: String,
    /// Number.
    pub number: String,
    /// Neighbourhood (bairro).
    pub neighbourhood: String,
    /// Municipality.
    pub city: String,
    /// State, two letters.
    pub uf: String,
    /// CEP, digits.
    pub cep: String,
}

impl AddressQuery {
    /// Street and municipality are the least a search needs.
    pub fn is_searchable(&self) -> bool {
        !self.street.trim().is_empty() && !self.city.trim().is_empty()
    }
}

/// One place the geocoder found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// How the geocoder names it (street, neighbourhood, city …).
    pub label: String,
}

/// What the server found for an address, best first (empty: nothing found).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlacesReply {
    /// The places.
    pub places: Vec<Place>,
}
