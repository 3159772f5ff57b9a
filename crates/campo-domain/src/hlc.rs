//! Hybrid logical clock: a timestamp that follows wall time but never goes backwards and
//! orders every event a device has seen. It only breaks ties between concurrent edits; the
//! server's sequence is the order of truth.

use std::fmt;

/// A hybrid logical timestamp: wall-clock milliseconds plus a counter for events within the
/// same millisecond (or while the wall clock lags behind one already seen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch.
    pub wall_ms: i64,
    /// Logical counter.
    pub counter: u32,
}

impl Hlc {
    /// A fixed-width text form that sorts like the timestamp itself.
    pub fn encode(&self) -> String {
        format!("{:015}-{:06}", self.wall_ms.max(0), self.counter)
    }

    /// Parses [`Hlc::encode`]'s output.
    pub fn decode(text: &str) -> Option<Self> {
        let (wall, counter) = text.split_once('-')?;
        Some(Hlc {
            wall_ms: wall.parse().ok()?,
            counter: counter.parse().ok()?,
        })
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

/// The clock of one device: remembers the last timestamp it handed out or saw.
#[derive(Debug, Clone, Copy, Default)]
pub struct HlcClock {
    last: Hlc,
}

impl HlcClock {
    /// Resumes from the last timestamp persisted.
    pub fn resume(last: Hlc) -> Self {
        HlcClock { last }
    }

    /// The last timestamp handed out or observed.
    pub fn last(&self) -> Hlc {
        self.last
    }

    /// A timestamp for a local event, given the wall clock now.
    pub fn tick(&mut self, now_ms: i64) -> Hlc {
        self.last = if now_ms > self.last.wall_ms {
            Hlc {
                wall_ms: now_ms,
                counter: 0,
            }
        } else {
            Hlc {
                wall_ms: self.last.wall_ms,
                counter: self.last.counter.saturating_add(1),
            }
        };
        self.last
    }

    /// Merges a timestamp received from elsewhere, so later local events sort after it.
    pub fn observe(&mut self, remote: Hlc, now_ms: i64) -> Hlc {
        let wall = now_ms.max(self.last.wall_ms).max(remote.wall_ms);
        let counter = if wall == self.last.wall_ms && wall == remote.wall_ms {
            self.last.counter.max(remote.counter).saturating_add(1)
        } else if wall == self.last.wall_ms {
            self.last.counter.saturating_add(1)
        } else if wall == remote.wall_ms {
            remote.counter.saturating_add(1)
        } else {
            0
        };
        self.last = Hlc {
            wall_ms: wall,
            counter,
        };
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_clock_that_jumps_back_still_moves_forward() {
        let mut c = HlcClock::default();
        let a = c.tick(1_000);
        let b = c.tick(900);
        assert!(b > a);
        assert_eq!(
            b,
            Hlc {
                wall_ms: 1_000,
                counter: 1
            }
        );
    }

    #[test]
    fn encoded_timestamps_sort_like_timestamps() {
        let a = Hlc {
            wall_ms: 99,
            counter: 12,
        };
        let b = Hlc {
            wall_ms: 100,
            counter: 0,
        };
        assert!(a.encode() < b.encode());
        assert_eq!(Hlc::decode(&a.encode()), Some(a));
    }

    proptest! {
        #[test]
        fn ticks_are_strictly_increasing(nows in proptest::collection::vec(0i64..10_000, 1..50), remote in 0i64..20_000) {
            let mut c = HlcClock::default();
            let mut prev = c.last();
            for (i, now) in nows.iter().enumerate() {
                let t = if i % 7 == 3 { c.observe(Hlc { wall_ms: remote, counter: 3 }, *now) } else { c.tick(*now) };
                prop_assert!(t > prev);
                prop_assert!(t.encode() > prev.encode() || prev == Hlc::default());
                prev = t;
            }
        }
    }
}
