//! Calendar dates from front matter and their display in a language.

use serde::Serialize;
use std::fmt;

/// A calendar date (no time zone: handbooks are dated by day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, optionally followed by a time (`T…` or ` …`), which is ignored.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let day_part = s.split(['T', ' ']).next()?;
        let mut it = day_part.split('-');
        let year = it.next()?.parse().ok()?;
        let month = it.next()?.parse().ok()?;
        let day = it.next()?.parse().ok()?;
        if it.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Today's date (UTC), from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (proleptic Gregorian calendar).
    pub fn from_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Formats with a pattern such as `{day}. {month} {year}`, where `{month}` is
    /// the month's name from `months` (twelve names, January first); `{mm}` and
    /// `{dd}` give zero-padded numbers.
    pub fn format(&self, pattern: &str, months: &[String]) -> String {
        let month_name = months
            .get(self.month as usize - 1)
            .cloned()
            .unwrap_or_else(|| self.month.to_string());
        pattern
            .replace("{day}", &self.day.to_string())
            .replace("{dd}", &format!("{:02}", self.day))
            .replace("{mm}", &format!("{:02}", self.month))
            .replace("{month}", &month_name)
            .replace("{year}", &self.year.to_string())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn formats_in_estonian_and_russian() {
        let d = Date::parse("2026-11-22").unwrap();
        let months = |code| -> Vec<String> {
            let preset = crate::i18n::presets::preset(code).unwrap();
            preset.months.iter().map(|m| m.to_string()).collect()
        };
        let (et, ru) = (months("et"), months("ru"));
        assert_eq!(d.format("{day}. {month} {year}", &et), "22. november 2026");
        assert_eq!(d.format("{day} {month} {year}", &ru), "22 ноября 2026");
        assert_eq!(d.format("{dd}.{mm}.{year}", &ru), "22.11.2026");
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_779).to_string(), "2026-11-22");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn rejects_nonsense() {
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("yesterday").is_none());
        assert_eq!(Date::parse("2026-01-05T10:00:00").unwrap().day, 5);
    }
}
