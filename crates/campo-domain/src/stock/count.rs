//! A count at a place compared with the ledger: the bulk quantities gained or lost, the
//! serials missing and those found that the ledger has elsewhere.

use std::collections::HashSet;

use uuid::Uuid;

/// What a count found for one item at a place, against what the ledger says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountLine {
    /// A bulk item: the quantity on the shelf.
    Bulk {
        /// Item.
        item_id: Uuid,
        /// What the ledger says.
        expected: i64,
        /// What was counted.
        counted: i64,
    },
}

/// The adjustments a count implies for a place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountDifferences {
    /// Bulk items found in excess: (item, quantity), from the adjustment place to here.
    pub bulk_gains: Vec<(Uuid, i64)>,
    /// Bulk items missing: (item, quantity), from here to the adjustment place.
    pub bulk_losses: Vec<(Uuid, i64)>,
    /// Serials the ledger has here that were not scanned.
    pub serials_missing: Vec<String>,
    /// Serials scanned here that the ledger has elsewhere (or here twice).
    pub serials_found: Vec<String>,
}

impl CountDifferences {
    /// Whether the count matched the ledger exactly.
    pub fn is_empty(&self) -> bool {
        self.bulk_gains.is_empty()
            && self.bulk_losses.is_empty()
            && self.serials_missing.is_empty()
            && self.serials_found.is_empty()
    }
}

/// Compares a count with the ledger: `expected_serials` are those the ledger has at the place,
/// `scanned` those the counter scanned there, and `bulk` the quantities.
pub fn count_differences(
    expected_serials: &[String],
    scanned: &[String],
    bulk: &[CountLine],
) -> CountDifferences {
    let expected: HashSet<&str> = expected_serials.iter().map(String::as_str).collect();
    let seen: HashSet<&str> = scanned.iter().map(String::as_str).collect();
    let mut out = CountDifferences::default();
    let mut missing: Vec<String> = expected
        .difference(&seen)
        .map(|s| (*s).to_owned())
        .collect();
    missing.sort();
    let mut found: Vec<String> = seen
        .difference(&expected)
        .map(|s| (*s).to_owned())
        .collect();
    found.sort();
    out.serials_missing = missing;
    out.serials_found = found;
    for line in bulk {
        let CountLine::Bulk {
            item_id,
            expected,
            counted,
        } = *line;
        match counted.cmp(&expected) {
            std::cmp::Ordering::Greater => out.bulk_gains.push((item_id, counted - expected)),
            std::cmp::Ordering::Less => out.bulk_losses.push((item_id, expected - counted)),
            std::cmp::Ordering::Equal => {}
        }
    }
    out
}
