//! Numbers, money and dates written the Polish way.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::domain::Timestamp;

const MONTHS_GENITIVE: [&str; 12] = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
];

/// Groups thousands with a non-breaking space: 1234567 → "1 234 567".
/// Four-digit numbers are grouped too, as the Polish style guide allows in tables.
pub fn integer(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2 + 1);
    if n < 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// Money in grosze as Polish currency: 123450 → "1 234,50 zł".
pub fn money(grosze: i64) -> String {
    let sign = if grosze < 0 { "−" } else { "" };
    let abs = grosze.unsigned_abs();
    format!(
        "{sign}{},{:02}\u{a0}zł",
        integer((abs / 100) as i64),
        abs % 100
    )
}

/// "27 listopada 2026".
pub fn date_long(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS_GENITIVE[(date.month() - 1) as usize],
        date.year()
    )
}

/// "27.11.2026".
pub fn date_short(date: Date) -> String {
    format!("{:02}.{:02}.{}", date.day(), date.month(), date.year())
}

/// "27 listopada 2026, 9:05" — a moment in Polish time.
pub fn date_time(ts: Timestamp) -> String {
    let local = jiff::Timestamp::from_second(ts)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(warsaw());
    format!(
        "{}, {}:{:02}",
        date_long(local.date()),
        local.hour(),
        local.minute()
    )
}

/// "2026-11-27-091503": a moment in Polish time for file names (sorts in time order).
pub fn file_stamp(ts: Timestamp) -> String {
    let local = jiff::Timestamp::from_second(ts)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(warsaw());
    local.strftime("%Y-%m-%d-%H%M%S").to_string()
}

/// The civil date of a timestamp in Poland.
pub fn local_date(ts: Timestamp) -> Date {
    let tz = warsaw();
    jiff::Timestamp::from_second(ts)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(tz)
        .date()
}

/// Today in Poland.
pub fn today() -> Date {
    jiff::ZonedDateTime::now().with_time_zone(warsaw()).date()
}

fn warsaw() -> TimeZone {
    // The bundled database always has Europe/Warsaw; fall back to UTC rather than fail a page.
    TimeZone::get("Europe/Warsaw").unwrap_or(TimeZone::UTC)
}

/// A timestamp as RFC 3339 in UTC, e.g. "2026-11-27T08:15:00Z" (feeds, machine formats).
pub fn rfc3339(ts: Timestamp) -> String {
    match jiff::Timestamp::from_second(ts) {
        Ok(t) => t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => "1970-01-01T00:00:00Z".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_in_polish_time() {
        // 2026-07-15 12:05 UTC is 14:05 in summer time.
        assert_eq!(date_time(1_784_117_100), "15 lipca 2026, 14:05");
    }

    #[test]
    fn money_and_numbers() {
        assert_eq!(money(123450), "1\u{a0}234,50\u{a0}zł");
        assert_eq!(money(5), "0,05\u{a0}zł");
        assert_eq!(money(-100), "−1,00\u{a0}zł");
        assert_eq!(integer(208), "208");
        assert_eq!(integer(1_000_000), "1\u{a0}000\u{a0}000");
    }

    #[test]
    fn dates_in_polish() {
        let d = jiff::civil::date(2026, 11, 27);
        assert_eq!(date_long(d), "27 listopada 2026");
        assert_eq!(date_short(d), "27.11.2026");
        // 23:30 UTC on 31 Dec is already 1 Jan in Warsaw.
        let ts = jiff::civil::date(2026, 12, 31)
            .at(23, 30, 0, 0)
            .to_zoned_datetime(TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_second();
        assert_eq!(local_date(ts), jiff::civil::date(2027, 1, 1));
    }
}
