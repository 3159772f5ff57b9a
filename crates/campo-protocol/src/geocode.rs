//! Finding an address on the map (`POST /v1/geocode`) and the street a CEP names
//! (`GET /v1/cep/{digits}`): what a device asks the server and what it answers. The server
//! asks the services the provider configured (a Nominatim-compatible geocoder, a
//! ViaCEP-compatible CEP lookup; both off by default) and keeps their answers; a device never
//! talks to them itself.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Problem;

/// The server has no geocoder configured.
pub const GEOCODER_OFF: &str = "geocoder_off";
/// The geocoder did not answer, or answered something unusable.
pub const GEOCODER_UNAVAILABLE: &str = "geocoder_unavailable";
/// Most places one answer lists.
pub const MAX_PLACES: usize = 5;
/// Most characters one part of an address search may have (street, number, neighbourhood …).
pub const MAX_ADDRESS_PART: usize = 200;

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
    /// Why this address cannot be searched, if it cannot: checked on the device before asking
    /// and on the server again. Street and municipality are the least a search needs.
    pub fn problem(&self) -> Option<Problem> {
        if self.street.trim().is_empty() || self.city.trim().is_empty() {
            return Some(Problem::AddressNotSearchable);
        }
        let parts = [
            &self.street,
            &self.number,
            &self.neighbourhood,
            &self.city,
            &self.uf,
            &self.cep,
        ];
        parts
            .iter()
            .any(|p| p.chars().count() > MAX_ADDRESS_PART)
            .then_some(Problem::AddressTooLong {
                max: MAX_ADDRESS_PART,
            })
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

/// The server has no CEP lookup configured.
pub const CEP_LOOKUP_OFF: &str = "cep_lookup_off";
/// The CEP service did not answer, or answered something unusable.
pub const CEP_LOOKUP_UNAVAILABLE: &str = "cep_lookup_unavailable";

/// The street a CEP names, as the postal listing has it (`GET /v1/cep/{digits}`): what a form
/// fills in when the person types the CEP. A municipality with one CEP for all its streets
/// has no street nor neighbourhood here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CepPlace {
    /// CEP, digits.
    pub cep: String,
    /// Street (logradouro); empty for a municipality's general CEP.
    pub street: String,
    /// Neighbourhood (bairro); may be empty.
    pub neighbourhood: String,
    /// Municipality.
    pub city: String,
    /// State, two letters.
    pub uf: String,
}

/// What the server found for a CEP.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CepReply {
    /// The place; `None` when the CEP service does not know the CEP.
    pub place: Option<CepPlace>,
}
