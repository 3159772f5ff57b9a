//! The provider as this device knows it: its profile (set by its administrator, reaching
//! every device) and the place its calendar and "today" follow — the head office's
//! municipality: its state's and its own holidays, its time zone. Without a profile (a server
//! not set up yet) the place is Brazil's legal time (Brasília's zone) with the national
//! holidays only; the demo provider sets its own (Recife/PE) like any other.

use std::collections::HashMap;

use campo_domain::municipality::Municipality;
use campo_domain::provider::ProviderProfile;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::write::{Writer, timestamp};
use crate::{Store, StoreError};
use campo_protocol::Op;

/// The zone of a provider without a profile: Brasília's, Brazil's legal time.
pub const LEGAL_TIME: Tz = chrono_tz::America::Sao_Paulo;

/// The place a provider's calendar and clock follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The municipality (the head office's, or a served one); `None` without a profile.
    pub municipality: Option<&'static Municipality>,
}

impl Place {
    /// No municipality: national holidays, Brazil's legal time.
    pub fn fallback() -> Self {
        Place { municipality: None }
    }

    /// The place of `municipality`.
    pub fn at(municipality: &'static Municipality) -> Self {
        Place {
            municipality: Some(municipality),
        }
    }

    /// The head office's place of `profile` (the fallback when it has none).
    pub fn of(profile: Option<&ProviderProfile>) -> Self {
        Place {
            municipality: profile.and_then(ProviderProfile::head),
        }
    }

    /// Its IBGE code.
    pub fn ibge(&self) -> Option<u32> {
        self.municipality.map(|m| m.ibge)
    }

    /// Its state, e.g. `SP` (empty without a municipality).
    pub fn uf(&self) -> &'static str {
        self.municipality.map_or("", |m| m.uf.as_str())
    }

    /// Its municipality's name, e.g. `Campinas` (empty without one).
    pub fn city(&self) -> &'static str {
        self.municipality.map_or("", |m| m.name)
    }

    /// Its time zone.
    pub fn zone(&self) -> Tz {
        self.municipality.map_or(LEGAL_TIME, |m| m.zone)
    }

    /// The date there at `now`.
    pub fn date_at(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.zone()).date_naive()
    }

    /// The date there now.
    pub fn today(&self) -> NaiveDate {
        self.date_at(Utc::now())
    }
}

/// Where technicians start their day (latitude, longitude): the base each is placed at, else
/// the provider's first base.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StartBases {
    /// The first base, when the provider declared any.
    pub first: Option<(f64, f64)>,
    /// Technicians (person ids) placed at a base, with its coordinates.
    pub placed: HashMap<String, (f64, f64)>,
}

impl StartBases {
    /// Where `technician` starts.
    pub fn of(&self, technician: &str) -> Option<(f64, f64)> {
        self.placed.get(technician).copied().or(self.first)
    }
}

/// The profile read on `c`, when one was set (and this version reads it).
pub(crate) async fn profile_on(
    c: &mut sqlx::SqliteConnection,
) -> Result<Option<ProviderProfile>, StoreError> {
    let json: Option<String> =
        sqlx::query_scalar("SELECT profile FROM provider_profile WHERE id = 1")
            .fetch_optional(c)
            .await?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// The provider's place read on `c`.
pub(crate) async fn place_on(c: &mut sqlx::SqliteConnection) -> Result<Place, StoreError> {
    Ok(Place::of(profile_on(c).await?.as_ref()))
}

impl Store {
    /// The provider's profile, when its administrator set one.
    pub async fn provider_profile(&self) -> Result<Option<ProviderProfile>, StoreError> {
        let mut c = self.pool().acquire().await?;
        profile_on(&mut c).await
    }

    /// The place the provider's calendar and clock follow.
    pub async fn place(&self) -> Result<Place, StoreError> {
        let mut c = self.pool().acquire().await?;
        place_on(&mut c).await
    }

    /// Today, at the provider's place.
    pub async fn today(&self) -> Result<NaiveDate, StoreError> {
        Ok(self.place().await?.today())
    }

    /// Where technicians start their day: each one's base, else the provider's first.
    pub async fn start_bases(&self) -> Result<StartBases, StoreError> {
        let Some(profile) = self.provider_profile().await? else {
            return Ok(StartBases::default());
        };
        let mut placed = HashMap::new();
        for base in &profile.bases {
            for technician in &base.technicians {
                placed
                    .entry(technician.clone())
                    .or_insert((base.lat, base.lon));
            }
        }
        Ok(StartBases {
            first: profile.bases.first().map(|b| (b.lat, b.lon)),
            placed,
        })
    }
}

impl Writer<'_> {
    /// Sets the provider's profile; every problem is refused by field and nothing is written.
    pub async fn set_provider_profile(
        &mut self,
        profile: &ProviderProfile,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let problems = profile.problems();
        if !problems.is_empty() {
            return Err(StoreError::ProfileProblems(problems));
        }
        let body = campo_protocol::ops::ProviderSet {
            profile: profile.normalized(),
            at: timestamp(at),
        };
        let actor = self.actor_id();
        crate::effects::provider(self.conn(), &body, actor).await?;
        self.record(&Op::ProviderSet(body)).await
    }
}
