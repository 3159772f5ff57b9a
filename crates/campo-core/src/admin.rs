//! Administration commands: the provider's profile, the deadline (SLA) rules per order kind,
//! the calendar's days off, and the deadline compliance report (on screen and as CSV).

use campo_domain::Lang;
use campo_domain::agenda::AgendaSettings;
use campo_domain::calendar::{EditableLayer, WeekHours};
use campo_domain::provider::ProviderProfile;
use campo_domain::sla::RuleInput;
use campo_store::calendar::DayOffView;
use campo_store::deadline::SlaRuleView;
use campo_store::plans::{CataloguePlan, PlanInput};

use serde::Serialize;
use ts_rs::TS;

use crate::context::Context;
use crate::error::AppError;

/// The provider's profile (`None` until its administrator sets one).
pub async fn provider_profile(ctx: &Context) -> Result<Option<ProviderProfile>, AppError> {
    let store = ctx.store().await?;
    store.provider_profile().await.map_err(AppError::from)
}

/// Sets the provider's profile (the administrator); every problem is refused by field and
/// nothing is saved. Returns the profile as kept.
pub async fn set_provider_profile(
    ctx: &Context,
    profile: ProviderProfile,
) -> Result<Option<ProviderProfile>, AppError> {
    let (store, _) = ctx
        .write(async |w| w.set_provider_profile(&profile, chrono::Utc::now()).await)
        .await?;
    store.provider_profile().await.map_err(AppError::from)
}

/// A municipality as the provider editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MunicipalityView {
    /// IBGE's code.
    pub ibge: u32,
    /// Its name.
    pub name: String,
    /// Its state.
    pub uf: String,
    /// Its time zone (IANA name).
    pub zone: String,
}

impl From<&campo_domain::municipality::Municipality> for MunicipalityView {
    fn from(m: &campo_domain::municipality::Municipality) -> Self {
        MunicipalityView {
            ibge: m.ibge,
            name: m.name.to_owned(),
            uf: m.uf.as_str().to_owned(),
            zone: m.zone.name().to_owned(),
        }
    }
}

/// Most municipalities a search returns.
const FOUND: usize = 10;

/// Municipalities whose name matches `query` (accents and case aside; "campinas sp" narrows
/// by state): the exact name first, then those starting with it, then containing it.
pub async fn find_municipalities(
    _ctx: &Context,
    query: String,
) -> Result<Vec<MunicipalityView>, AppError> {
    let folded = campo_domain::text::fold(query.trim());
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    let uf = words
        .last()
        .filter(|w| w.len() == 2 && campo_domain::Uf::parse(w).is_ok())
        .map(|w| w.to_ascii_uppercase());
    if uf.is_some() && words.len() > 1 {
        words.pop();
    }
    let wanted = words.join(" ");
    if wanted.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let mut hits: Vec<(u8, &campo_domain::municipality::Municipality)> =
        campo_domain::municipality::all()
            .iter()
            .filter(|m| uf.as_deref().is_none_or(|u| m.uf.as_str() == u))
            .filter_map(|m| {
                let name = campo_domain::text::fold(m.name);
                let rank = if name == wanted {
                    0
                } else if name.starts_with(&wanted) {
                    1
                } else if name.contains(&wanted) {
                    2
                } else {
                    return None;
                };
                Some((rank, m))
            })
            .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.name.cmp(b.1.name)));
    Ok(hits
        .into_iter()
        .take(FOUND)
        .map(|(_, m)| m.into())
        .collect())
}

/// The municipalities of these IBGE codes, in the same order (unknown codes left out).
pub async fn municipality_names(
    _ctx: &Context,
    codes: Vec<u32>,
) -> Result<Vec<MunicipalityView>, AppError> {
    Ok(codes
        .iter()
        .filter_map(|&c| campo_domain::municipality::by_code(c))
        .map(MunicipalityView::from)
        .collect())
}

/// The deadline rules in force, one per order kind.
pub async fn sla_rules(ctx: &Context) -> Result<Vec<SlaRuleView>, AppError> {
    let store = ctx.store().await?;
    store.sla_rules().await.map_err(AppError::from)
}

/// Sets the rules the editor changed, all in one save; every problem of every rule is refused
/// together (each named beside its field) and then nothing is saved.
pub async fn set_sla_rules(
    ctx: &Context,
    rules: Vec<RuleInput>,
) -> Result<Vec<SlaRuleView>, AppError> {
    let (store, _) = ctx
        .write(async |w| w.set_sla_rules(&rules, chrono::Utc::now()).await)
        .await?;
    store.sla_rules().await.map_err(AppError::from)
}

/// The agenda's periods and service times in force.
pub async fn agenda_settings(ctx: &Context) -> Result<AgendaSettings, AppError> {
    let store = ctx.store().await?;
    store.agenda_settings().await.map_err(AppError::from)
}

/// Sets the periods and service times; impossible settings are refused with the reason.
pub async fn set_agenda_settings(
    ctx: &Context,
    settings: AgendaSettings,
) -> Result<AgendaSettings, AppError> {
    let (store, _) = ctx
        .write(async |w| w.set_agenda_settings(&settings, chrono::Utc::now()).await)
        .await?;
    store.agenda_settings().await.map_err(AppError::from)
}

/// The business calendar's working hours per weekday.
pub async fn week_hours(ctx: &Context) -> Result<WeekHours, AppError> {
    let store = ctx.store().await?;
    store.week_hours().await.map_err(AppError::from)
}

/// Sets the working hours per weekday; impossible hours are refused with the reason.
pub async fn set_week_hours(ctx: &Context, hours: WeekHours) -> Result<WeekHours, AppError> {
    let (store, _) = ctx
        .write(async |w| w.set_week_hours(&hours, chrono::Utc::now()).await)
        .await?;
    store.week_hours().await.map_err(AppError::from)
}

/// Every day off of `year` in `municipality` (a served one; the head office's when `None`):
/// computed holidays and the days added in the editor that apply there.
pub async fn days_off(
    ctx: &Context,
    year: i32,
    municipality: Option<u32>,
) -> Result<Vec<DayOffView>, AppError> {
    let store = ctx.store().await?;
    let days = store.days_off_in(year, municipality).await?;
    Ok(named(days, ctx.lang()))
}

/// The days off with their names as the reader reads them.
fn named(mut days: Vec<DayOffView>, lang: Lang) -> Vec<DayOffView> {
    for d in &mut days {
        d.name = campo_domain::calendar::holiday_name(&d.name, lang).to_owned();
    }
    days
}

/// Adds a day off (`YYYY-MM-DD`) to the calendar (a municipal one of a served
/// `municipality`, the head office's when `None`); returns that year's days off there.
pub async fn add_day_off(
    ctx: &Context,
    date: String,
    name: String,
    layer: EditableLayer,
    municipality: Option<u32>,
) -> Result<Vec<DayOffView>, AppError> {
    change_day(ctx, &date, municipality, Some((name, layer))).await
}

/// Takes back a day off added in the editor (in `municipality`, as listed); returns that
/// year's days off there.
pub async fn remove_day_off(
    ctx: &Context,
    date: String,
    municipality: Option<u32>,
) -> Result<Vec<DayOffView>, AppError> {
    change_day(ctx, &date, municipality, None).await
}

/// Adds (`Some(name, layer)`) or takes back (`None`) the day off on `date`.
async fn change_day(
    ctx: &Context,
    date: &str,
    municipality: Option<u32>,
    add: Option<(String, EditableLayer)>,
) -> Result<Vec<DayOffView>, AppError> {
    let day = campo_store::agenda::day_arg(date, campo_domain::Field::Date)?;
    let (store, _) = ctx
        .write(async |w| {
            let now = chrono::Utc::now();
            match add {
                Some((name, layer)) => w.add_day_off(day, &name, layer, municipality, now).await,
                None => w.remove_day_off(day, municipality, now).await,
            }
        })
        .await?;
    let days = store
        .days_off_in(chrono::Datelike::year(&day), municipality)
        .await?;
    Ok(named(days, ctx.lang()))
}

/// The plan catalogue, plans on sale first.
pub async fn plan_catalogue(ctx: &Context) -> Result<Vec<CataloguePlan>, AppError> {
    Ok(ctx.store().await?.plan_catalogue().await?)
}

/// Adds a plan (`id` empty) or changes one (taking it off sale included); returns the
/// catalogue.
pub async fn save_plan(
    ctx: &Context,
    id: Option<String>,
    plan: PlanInput,
) -> Result<Vec<CataloguePlan>, AppError> {
    let id = id
        .filter(|i| !i.trim().is_empty())
        .map(|i| crate::parse_id(&i))
        .transpose()?;
    let (store, _) = ctx
        .write(async |w| w.save_plan(id, &plan, chrono::Utc::now()).await)
        .await?;
    Ok(store.plan_catalogue().await?)
}
