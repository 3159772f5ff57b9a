//! The app as a whole: whether the database opened, and the language messages are worded in.

use campo_domain::Lang;
use campo_protocol::{Area, Role};
use serde::Serialize;
use ts_rs::TS;

use crate::context::Context;
use crate::error::{AppError, CommandError};

/// Facts about this device's database, for the header and the about box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Where the database file is.
    pub db_path: String,
    /// This device's id.
    pub device_id: String,
    /// Newest migration applied.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// Orders on this device.
    pub order_count: u32,
    /// Current language.
    pub lang: Lang,
    /// The signed-in person's role (`None` when the device works alone with the demo).
    pub role: Option<Role>,
    /// The areas of their work, in the navigation's order (every area for the demo).
    pub areas: Vec<Area>,
    /// What they may do where a screen offers it.
    pub may: Abilities,
    /// The device works alone with the demonstration provider.
    pub demo: bool,
    /// The provider's time zone (its head office's, IANA name): clocks and "today" are read
    /// there.
    pub zone: String,
}

/// What the signed-in person may do where a screen offers it, from the protocol's role policy
/// (the one the device's writer and the server apply): the screens show or hide by these, never
/// by role names of their own. The demonstration acts for every role, but has no server to
/// manage people or an ERP from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Abilities {
    /// Register work orders.
    pub create_orders: bool,
    /// Set the provider's profile.
    pub set_provider: bool,
    /// Run the provider's account on the server: its people (and their import), the ERP.
    pub administer: bool,
    /// Add and change plans.
    pub edit_plans: bool,
    /// Import plans, customers, orders and receivables, and place imported customers.
    pub import: bool,
    /// Open a customer's page.
    pub open_customers: bool,
    /// Take a step on a call that is with N2.
    pub step_n2_calls: bool,
}

impl Abilities {
    /// What `role` may do (`None`: the demonstration).
    pub fn of(role: Option<Role>) -> Self {
        use campo_protocol::OpKind;
        use campo_protocol::policy::{reach, steps_call};
        let Some(role) = role else {
            return Abilities {
                create_orders: true,
                set_provider: true,
                administer: false,
                edit_plans: true,
                import: true,
                open_customers: true,
                step_n2_calls: true,
            };
        };
        Abilities {
            // Any kind from the order list's form (the SVA manager opens only repairs, from a
            // failed activation).
            create_orders: reach(OpKind::OrderCreated, role).is_some()
                && campo_domain::OrderKind::ALL
                    .into_iter()
                    .all(|kind| campo_protocol::policy::may_open(role, kind)),
            set_provider: reach(OpKind::ProviderSet, role).is_some(),
            administer: role.administers(),
            edit_plans: reach(OpKind::PlanCreated, role).is_some(),
            import: role.configures(),
            open_customers: role.is_office(),
            step_n2_calls: steps_call(role, campo_domain::support::CallStatus::N2),
        }
    }
}

/// Whether the app can work, and if not, why and which file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StartupState {
    /// A new data folder: the person chooses to connect to their provider's server or to try
    /// Campo with demonstration data (nothing is created before).
    Welcome {
        /// The language messages are worded in.
        lang: Lang,
    },
    /// People signed in on this computer and nobody's data is open: each picks their name
    /// and types their password (works offline), or another person signs in.
    People {
        /// The language messages are worded in.
        lang: Lang,
        /// Who used this computer.
        people: Vec<crate::here::PersonHere>,
    },
    /// The database is open.
    Ready {
        /// About the database.
        info: AppInfo,
    },
    /// The database could not be opened; nothing was changed.
    Failed {
        /// Why.
        error: CommandError,
        /// The file.
        path: String,
    },
}

/// Waits for the database and says whether the app is ready (or still to be set up).
pub async fn startup_state(ctx: &Context) -> Result<StartupState, AppError> {
    if ctx.awaiting_choice().await {
        return Ok(StartupState::Welcome { lang: ctx.lang() });
    }
    if ctx.locked().await {
        return Ok(StartupState::People {
            lang: ctx.lang(),
            people: crate::here::people(ctx),
        });
    }
    let path = ctx.db_path().display().to_string();
    let store = match ctx.store().await {
        Ok(s) => s,
        Err(error) => {
            return Ok(StartupState::Failed {
                error: CommandError::from_app(&error, ctx.lang()),
                path,
            });
        }
    };
    let lang = ctx.lang();
    let role = store
        .sync_config()
        .await?
        .and_then(|c| Role::from_code(&c.role));
    let areas = match role {
        Some(role) => campo_protocol::policy::areas(role).to_vec(),
        None => Area::ALL.to_vec(),
    };
    Ok(StartupState::Ready {
        info: AppInfo {
            db_path: path,
            device_id: store.device_id().to_string(),
            schema_version: store.schema_version().await?,
            order_count: store.order_count().await?,
            lang,
            demo: role.is_none(),
            zone: store.place().await?.zone().name().to_owned(),
            role,
            areas,
            may: Abilities::of(role),
        },
    })
}

/// Creates the demonstration provider on a new data folder (the person chose to try Campo
/// with demonstration data) and says whether the app is ready.
pub async fn start_demo(ctx: &Context) -> Result<StartupState, AppError> {
    ctx.start_demo().await;
    startup_state(ctx).await
}

/// Sets the language of the messages commands return.
pub async fn set_language(ctx: &Context, lang: Lang) -> Result<(), AppError> {
    ctx.set_lang(lang);
    Ok(())
}
