//! Slowing down password guessing, with its state in the database (so every instance on one
//! PostgreSQL sees the same counts) and nothing a stranger can use to keep someone else out.
//!
//! Failed sign-ins are counted under three keys: the login and the client's address together,
//! the address alone (guessing across many logins), and the login alone (guessing one login
//! from many addresses). Past a few free failures each key imposes an exponential back-off
//! (1 s, 2 s, 4 s … up to 15 minutes) — never a hard lock. The login's own key only holds
//! back addresses that already failed for that login, so a stranger's failures never delay
//! the person signing in from their own machine. Keys are hashed (a 3 MiB login name costs
//! 64 bytes) and forget a quiet hour.
//!
//! Checking and counting are one atomic step: an attempt is counted before its password is
//! checked (and given back when it turns out right), so a burst of parallel guesses cannot
//! slip through between the check and the count.

use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::db::{Backend, ServerDb};
use crate::error::ServerError;
use crate::timestamp;

/// Failures free of back-off for one login from one address.
pub const FREE_PER_PAIR: i64 = 5;
/// Failures free of back-off from one address, across logins.
pub const FREE_PER_ADDRESS: i64 = 20;
/// Failures free of back-off for one login, across addresses.
pub const FREE_PER_LOGIN: i64 = 50;
/// The longest back-off.
pub const MAX_BACKOFF: TimeDelta = TimeDelta::minutes(15);
/// A key with no failure for this long starts again from zero (and is deleted).
pub const QUIET: TimeDelta = TimeDelta::hours(1);

/// Why an attempt may not be checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Seconds until the next attempt is taken.
    pub retry_after: i64,
}

fn digest(text: &str) -> String {
    let d = Sha256::digest(text.as_bytes());
    d.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The three keys of one attempt: (pair, address, login).
fn keys(login: &str, address: &str) -> [String; 3] {
    let login = digest(&login.trim().to_lowercase());
    [
        format!("p:{login}:{address}"),
        format!("a:{address}"),
        format!("l:{login}"),
    ]
}

/// How long past `free` failures wait: 1 s, doubling, at most [`MAX_BACKOFF`].
fn backoff(failures: i64, free: i64) -> TimeDelta {
    let over = failures - free;
    if over <= 0 {
        return TimeDelta::zero();
    }
    let seconds = 1_i64
        .checked_shl(u32::try_from(over - 1).unwrap_or(u32::MAX).min(20))
        .unwrap_or(i64::MAX);
    TimeDelta::seconds(seconds).min(MAX_BACKOFF)
}

#[derive(Debug, Clone, Copy, Default)]
struct Count {
    failures: i64,
    next_at: Option<DateTime<Utc>>,
}

fn parse(at: Option<String>) -> Option<DateTime<Utc>> {
    at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|d| d.with_timezone(&Utc))
}

/// Counts an attempt to sign in as `login` from `address`, or says how long to wait. A
/// counted attempt that turns out right is given back with [`succeeded`].
pub async fn attempt(db: &ServerDb, login: &str, address: &str) -> Result<(), ServerError> {
    let keys = keys(login, address);
    let mut tx = db.begin_write().await?;
    // Read the clock once the lock is held: attempts are judged in the order they are counted.
    let now = Utc::now();
    // Forget quiet keys as we go (bounded by the hour's attempts).
    sqlx::query("DELETE FROM login_throttle WHERE last_at < $1")
        .bind(timestamp(now - QUIET))
        .execute(&mut **tx)
        .await?;
    let lock = match db.backend() {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let mut counts = [Count::default(); 3];
    for (key, count) in keys.iter().zip(counts.iter_mut()) {
        if let Some(r) = sqlx::query(&format!(
            "SELECT failures, next_at FROM login_throttle WHERE key = $1{lock}"
        ))
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        {
            *count = Count {
                failures: r.try_get("failures")?,
                next_at: parse(r.try_get("next_at")?),
            };
        }
    }
    let [pair, addr, whole] = counts;
    let waiting = |c: &Count| c.next_at.filter(|t| *t > now);
    // The login's own count holds back only addresses that already failed for it.
    let held = [
        waiting(&pair),
        waiting(&addr),
        waiting(&whole).filter(|_| pair.failures > 0),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(until) = held {
        tx.commit().await?;
        let retry_after = (until - now).num_seconds().max(1);
        tracing::warn!(
            login = %login.chars().take(64).collect::<String>(),
            %address,
            retry_after,
            "sign-in held back"
        );
        return Err(ServerError::TooManyAttempts { retry_after });
    }
    for ((key, count), free) in
        keys.iter()
            .zip(counts)
            .zip([FREE_PER_PAIR, FREE_PER_ADDRESS, FREE_PER_LOGIN])
    {
        let failures = count.failures.saturating_add(1);
        let wait = backoff(failures, free);
        let next = (wait > TimeDelta::zero()).then(|| timestamp(now + wait));
        sqlx::query(
            "INSERT INTO login_throttle (key, failures, last_at, next_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at,
                 next_at = excluded.next_at",
        )
        .bind(key)
        .bind(failures)
        .bind(timestamp(now))
        .bind(next)
        .execute(&mut **tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The attempt was right: the pair starts again from zero and the others get it back.
pub async fn succeeded(db: &ServerDb, login: &str, address: &str) -> Result<(), ServerError> {
    let [pair, addr, whole] = keys(login, address);
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(&pair)
        .execute(&mut **tx)
        .await?;
    for key in [addr, whole] {
        sqlx::query(
            "UPDATE login_throttle SET failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END WHERE key = $1",
        )
        .bind(key)
        .execute(&mut **tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_after_the_free_failures_up_to_a_ceiling() {
        assert_eq!(backoff(5, 5), TimeDelta::zero());
        assert_eq!(backoff(6, 5), TimeDelta::seconds(1));
        assert_eq!(backoff(8, 5), TimeDelta::seconds(4));
        assert_eq!(backoff(10_000, 5), MAX_BACKOFF);
        assert_eq!(backoff(i64::MAX, 5), MAX_BACKOFF);
    }

    #[test]
    fn a_huge_login_costs_a_short_key() {
        let [pair, _, login] = keys(&"x".repeat(3 * 1024 * 1024), "10.0.0.1");
        assert!(pair.len() < 64 && login.len() < 64);
    }
}
