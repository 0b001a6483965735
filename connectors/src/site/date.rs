//! Calendar dates in site files (`when`, `expires`): a TOML local date
//! (`2026-04-01`) or the same as a string (`"2026-04-01"`), since people copy dates
//! from spreadsheets both ways. Kept free of a time library: the site files only need
//! to read, check and order dates; arithmetic on them is the engine's.

use std::fmt;

/// A valid Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i16,
    pub month: i8,
    pub day: i8,
}

impl Date {
    /// The date, if it exists in the calendar (years 1900–9999: a site file's dates).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day == 0 || day > days {
            return None;
        }
        Some(Date { year: year as i16, month: month as i8, day: day as i8 })
    }

    /// `YYYY-MM-DD` (also `YYYY/MM/DD`, as Japanese spreadsheets write it).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let mut parts = s.split(['-', '/']);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return None;
        }
        if !(y.chars().chain(m.chars()).chain(d.chars()).all(|c| c.is_ascii_digit())) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// From a TOML value: a local date, or a string holding one.
    pub fn from_toml(v: &toml::Value) -> Result<Date, String> {
        const EXPECTED: &str = "expected a date like 2026-04-01";
        match v {
            toml::Value::Datetime(dt) => {
                if dt.time.is_some() || dt.offset.is_some() {
                    return Err(format!("{dt} has a time; {EXPECTED}"));
                }
                let d = dt.date.ok_or_else(|| EXPECTED.to_string())?;
                Date::new(i32::from(d.year), u32::from(d.month), u32::from(d.day)).ok_or_else(|| format!("{dt} is not a date"))
            }
            toml::Value::String(s) => Date::parse(s).ok_or_else(|| format!("{s:?} is not a date; {EXPECTED}")),
            other => Err(format!("{} value; {EXPECTED}", other.type_str())),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2026-04-01").map(|d| d.to_string()).as_deref(), Some("2026-04-01"));
        assert_eq!(Date::parse("2026/4/1"), Date::new(2026, 4, 1));
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
        for bad in ["2025-02-29", "2026-13-01", "2026-04-31", "26-04-01", "2026-04", "2026-04-01-02", "２０２６-04-01", ""] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2026-03-31") < Date::parse("2026-04-01"));
        let v: toml::Table = toml::from_str("a = 2026-04-01\nb = 2026-04-01T10:00:00\nc = 3").expect("toml");
        assert!(Date::from_toml(&v["a"]).is_ok());
        assert!(Date::from_toml(&v["b"]).unwrap_err().contains("has a time"));
        assert!(Date::from_toml(&v["c"]).is_err());
    }
}
