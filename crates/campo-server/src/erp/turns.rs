//! Turns of the ERP work that several server instances over one database would each start
//! on their own schedule — a reading pass, a write-back of closings — so that one instance
//! at a time does it: the same closing is not sent twice, the same pages are not read by two
//! instances at once. A turn is held until its holder ends it, or until its time runs out
//! (an instance that stopped mid-turn leaves it to the others then).

use std::sync::OnceLock;
use std::time::Duration;

use chrono::Utc;

use crate::db::ServerDb;
use crate::error::ServerError;

/// How long a turn is held at most without being renewed: longer than any step of a turn
/// takes (a write-back of 200 closings, one kind of a reading pass, which renews it between
/// kinds), short enough that a stopped instance's work is taken up (as `erp_settings`' own
/// schedule turn, two hours).
pub const TURN_TIME: Duration = Duration::from_secs(2 * 60 * 60);

/// This process's name as a holder of turns.
pub fn this_instance() -> &'static str {
    static ME: OnceLock<String> = OnceLock::new();
    ME.get_or_init(|| uuid::Uuid::now_v7().to_string())
}

/// A turn held.
#[derive(Debug)]
#[must_use = "a turn is ended with `end`, or runs out"]
pub struct Turn {
    name: String,
    holder: String,
}

/// Takes the turn `name` for `holder` for `time`, unless another holder has it and its time
/// has not run out. A holder taking its own turn again renews it (one holder is one server
/// process, whose scheduled work runs one turn at a time).
pub async fn take(
    db: &ServerDb,
    name: &str,
    holder: &str,
    time: Duration,
) -> Result<Option<Turn>, ServerError> {
    let now = Utc::now();
    let until = now + chrono::Duration::from_std(time).unwrap_or(chrono::Duration::MAX);
    let taken = sqlx::query(
        "INSERT INTO erp_turns (name, holder, until) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
         WHERE erp_turns.until < $4 OR erp_turns.holder = $2",
    )
    .bind(name)
    .bind(holder)
    .bind(crate::timestamp(until))
    .bind(crate::timestamp(now))
    .execute(db.pool())
    .await?
    .rows_affected();
    Ok((taken > 0).then(|| Turn {
        name: name.to_owned(),
        holder: holder.to_owned(),
    }))
}

impl Turn {
    /// Holds the turn `time` longer; false when it was lost meanwhile (its time ran out and
    /// another instance took it).
    pub async fn renew(&self, db: &ServerDb, time: Duration) -> Result<bool, ServerError> {
        Ok(take(db, &self.name, &self.holder, time).await?.is_some())
    }

    /// Ends the turn: another instance may take it at once.
    pub async fn end(self, db: &ServerDb) -> Result<(), ServerError> {
        sqlx::query("UPDATE erp_turns SET until = $1 WHERE name = $2 AND holder = $3")
            .bind(crate::timestamp(Utc::now() - chrono::Duration::seconds(1)))
            .bind(&self.name)
            .bind(&self.holder)
            .execute(db.pool())
            .await?;
        Ok(())
    }
}
