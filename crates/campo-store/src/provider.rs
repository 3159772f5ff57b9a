//! The provider as this device knows it: its profile (set by its administrator, reaching
//! every device) and the place its calendar and "today" follow — the head office's
//! municipality: its state's and its own holidays, its time zone. Without a profile (the demo
//! provider, a server not yet set up) the place is Recife/PE.

use campo_domain::municipality::{self, Municipality};
use campo_domain::provider::{Base, ProviderProfile};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::write::{Writer, timestamp};
use crate::{Store, StoreError};
use campo_protocol::Op;

/// Recife's IBGE code: the place of a device without a provider profile (the demo's).
pub const DEFAULT_MUNICIPALITY: u32 = 2_611_606;

/// Where technicians start when the provider declared no base (the demo's base in Recife).
pub const DEFAULT_BASE: (f64, f64) = (-8.0631, -34.8711);

/// The place a provider's calendar and clock follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The municipality (the head office's).
    pub municipality: &'static Municipality,
}

impl Place {
    /// Recife/PE, for a device without a provider profile.
    pub fn fallback() -> Self {
        Place {
            municipality: municipality::by_code(DEFAULT_MUNICIPALITY)
                .expect("Recife is in IBGE's table"),
        }
    }

    /// The head office's place of `profile` (the fallback when it has none).
    pub fn of(profile: Option<&ProviderProfile>) -> Self {
        profile
            .and_then(ProviderProfile::head)
            .map_or_else(Self::fallback, |municipality| Place { municipality })
    }

    /// Its state, e.g. `SP`.
    pub fn uf(&self) -> &'static str {
        self.municipality.uf.as_str()
    }

    /// Its municipality's name, e.g. `Campinas`.
    pub fn city(&self) -> &'static str {
        self.municipality.name
    }

    /// Its time zone.
    pub fn zone(&self) -> Tz {
        self.municipality.zone
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

    /// Where technicians start their day: the provider's first base (the demo's otherwise).
    pub async fn start_base(&self) -> Result<(f64, f64), StoreError> {
        Ok(self
            .provider_profile()
            .await?
            .and_then(|p| p.bases.first().map(|b: &Base| (b.lat, b.lon)))
            .unwrap_or(DEFAULT_BASE))
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
