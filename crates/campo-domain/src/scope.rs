//! What a technician's device keeps: its open orders, and the ones it closed recently (a
//! window around today). Older closed orders leave the laptop — the office keeps them — so a
//! van's computer never accumulates months of customers' addresses and phones (LGPD: keep
//! only what the work needs). The server builds a technician's snapshot with the same rule
//! the device uses to forget, so both agree on the window.

use chrono::{NaiveDate, TimeDelta};

use crate::OrderStatus;

/// Days a done or cancelled order stays on its technician's device after its visit date.
pub const CLOSED_ORDER_DAYS: i64 = 7;

/// Whether a technician's device keeps an order in `status` visited on `scheduled` (its
/// agenda date), `today` being the provider's date. Open orders always stay; a closed one
/// stays for [`CLOSED_ORDER_DAYS`] after its visit date (one never scheduled does not).
pub fn technician_keeps(
    status: OrderStatus,
    scheduled: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    if !status.is_terminal() {
        return true;
    }
    scheduled.is_some_and(|date| date >= first_kept_day(today))
}

/// The oldest visit date of a closed order a technician's device still keeps.
pub fn first_kept_day(today: NaiveDate) -> NaiveDate {
    today - TimeDelta::days(CLOSED_ORDER_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn open_orders_stay_whatever_their_date() {
        for status in OrderStatus::ALL.into_iter().filter(|s| !s.is_terminal()) {
            assert!(
                technician_keeps(status, Some(day(1)), day(30)),
                "{status:?}"
            );
            assert!(technician_keeps(status, None, day(30)), "{status:?}");
        }
    }

    #[test]
    fn closed_orders_stay_for_a_week_after_the_visit() {
        let today = day(24);
        for status in [OrderStatus::Done, OrderStatus::Cancelled] {
            assert!(technician_keeps(status, Some(day(24)), today));
            assert!(
                technician_keeps(status, Some(day(17)), today),
                "the 7th day back stays"
            );
            assert!(
                !technician_keeps(status, Some(day(16)), today),
                "the 8th day back leaves"
            );
            assert!(!technician_keeps(status, None, today));
        }
    }
}
