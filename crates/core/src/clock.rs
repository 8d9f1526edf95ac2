//! Time. Services never read the system clock directly: they ask a [`Clock`], so tests can
//! move time forward and see a sanction dated in the future take effect.

use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};
use std::sync::{Arc, Mutex};

/// The corridor's civil dates are Viet Nam's (UTC+07:00, no daylight saving since 1975): a
/// sanction dated 2027-01-01 is in force from midnight in Hà Nội.
pub fn corridor_time_zone() -> TimeZone {
    TimeZone::fixed(Offset::constant(7))
}

/// The first instant of `date` in the corridor's time zone, in microseconds since the Unix epoch
/// (the storage form of instants).
pub fn start_of_day_micros(date: Date) -> i64 {
    date.to_zoned(corridor_time_zone())
        .map(|z| z.timestamp().as_microsecond())
        .unwrap_or(if date <= Date::default() {
            i64::MIN
        } else {
            i64::MAX
        })
}

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;

    /// Today's civil date in the corridor's time zone.
    fn today(&self) -> Date {
        self.now().to_zoned(corridor_time_zone()).date()
    }

    /// Now as integer microseconds since the Unix epoch, the storage form of instants.
    fn now_micros(&self) -> i64 {
        self.now().as_microsecond()
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until told to move; shared by clones.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<Timestamp>>);

impl ManualClock {
    pub fn new(at: Timestamp) -> Self {
        ManualClock(Arc::new(Mutex::new(at)))
    }

    /// A clock at noon (corridor time) of `date`.
    pub fn at_date(date: Date) -> Self {
        let ts = date
            .at(12, 0, 0, 0)
            .to_zoned(corridor_time_zone())
            .expect("noon exists")
            .timestamp();
        ManualClock::new(ts)
    }

    pub fn set(&self, at: Timestamp) {
        *self.0.lock().expect("clock lock") = at;
    }

    pub fn set_date(&self, date: Date) {
        self.set(ManualClock::at_date(date).now());
    }

    pub fn advance(&self, by: SignedDuration) {
        let mut t = self.0.lock().expect("clock lock");
        *t = t.checked_add(by).expect("clock within range");
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().expect("clock lock")
    }
}

/// Converts a stored instant back to a timestamp (the epoch for values out of range).
pub fn from_micros(micros: i64) -> Timestamp {
    Timestamp::from_microsecond(micros).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn today_is_viet_nam_date() {
        // 18:00 UTC on 31 Dec is already 1 Jan in Hà Nội.
        let clock = ManualClock::new("2026-12-31T18:00:00Z".parse().unwrap());
        assert_eq!(clock.today(), date(2027, 1, 1));
        clock.advance(SignedDuration::from_hours(-2));
        assert_eq!(clock.today(), date(2026, 12, 31));
    }
}
