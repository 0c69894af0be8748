//! Which scheduled snapshots to keep: the newest of each of the last days and of each of the
//! last ISO weeks that have snapshots, and always the newest of all. Pure functions over file
//! names, so the rules are tested without a clock or a disk.
//!
//! Scheduled snapshots are named `pestor-2026-11-27-091503.pestor` (the moment in Polish time,
//! `text::format::file_stamp`), with `-2`, `-3`… before `.pestor` when two are taken in the same
//! second. Only names of exactly this shape are ours: anything else in the directory is never
//! listed, kept or deleted.

use jiff::civil::{Date, DateTime};

/// Start of every scheduled snapshot's name.
const PREFIX: &str = "pestor-";
/// End of every scheduled snapshot's name.
pub const EXTENSION: &str = ".pestor";
/// Highest same-second sequence number a name may carry.
pub const MAX_SEQUENCE: u32 = 99;

/// A scheduled snapshot, known by its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub name: String,
    /// When it was taken, in Polish time.
    pub taken: DateTime,
    /// 1 for the first snapshot of a second, then 2, 3…
    pub sequence: u32,
}

impl Snapshot {
    /// The snapshot named `name`, or `None` when the name is not one of ours.
    pub fn from_name(name: &str) -> Option<Snapshot> {
        let (taken, sequence) = parse_name(name)?;
        Some(Snapshot {
            name: name.to_string(),
            taken,
            sequence,
        })
    }

    fn order_key(&self) -> (DateTime, u32) {
        (self.taken, self.sequence)
    }
}

/// The name of a scheduled snapshot taken at `stamp` (`file_stamp`, e.g. "2026-11-27-091503"),
/// the `sequence`-th in that second.
pub fn file_name(stamp: &str, sequence: u32) -> String {
    if sequence <= 1 {
        format!("{PREFIX}{stamp}{EXTENSION}")
    } else {
        format!("{PREFIX}{stamp}-{sequence}{EXTENSION}")
    }
}

/// Reads a name of the form `pestor-YYYY-MM-DD-HHMMSS[-N].pestor`, strictly: digits exactly
/// where they belong, a real date and time, N from 2 to 99 without a leading zero.
pub fn parse_name(name: &str) -> Option<(DateTime, u32)> {
    let middle = name.strip_prefix(PREFIX)?.strip_suffix(EXTENSION)?;
    // Only ASCII from here on, so byte positions are character positions.
    if !middle.is_ascii() {
        return None;
    }
    let (stamp, sequence) = match middle.len() {
        17 => (middle, 1),
        19 | 20 => {
            let (stamp, rest) = middle.split_at(17);
            let digits = rest.strip_prefix('-')?;
            if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u32 = digits.parse().ok()?;
            if !(2..=MAX_SEQUENCE).contains(&n) {
                return None;
            }
            (stamp, n)
        }
        _ => return None,
    };
    let bytes = stamp.as_bytes();
    let shape_ok = bytes.iter().enumerate().all(|(i, b)| match i {
        4 | 7 | 10 => *b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !shape_ok {
        return None;
    }
    let number = |range: std::ops::Range<usize>| stamp[range].parse::<i16>().ok();
    let taken = DateTime::new(
        number(0..4)?,
        number(5..7)? as i8,
        number(8..10)? as i8,
        number(11..13)? as i8,
        number(13..15)? as i8,
        number(15..17)? as i8,
        0,
    )
    .ok()?;
    Some((taken, sequence))
}

/// What to do with a directory's snapshots.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan<'a> {
    pub keep: Vec<&'a Snapshot>,
    pub delete: Vec<&'a Snapshot>,
}

/// Decides which of `snapshots` to keep: the newest of all; the newest of each of the
/// `keep_daily` most recent days that have a snapshot; the newest of each of the `keep_weekly`
/// most recent ISO weeks (Monday to Sunday, the week of 31 December may belong to the next year)
/// that have one. Everything else is to be deleted. Both lists are newest first.
///
/// Counting days and weeks that *have* snapshots (not calendar days back from today) means that
/// a server that was off for a month still keeps its last week of snapshots.
pub fn plan(snapshots: &[Snapshot], keep_daily: u32, keep_weekly: u32) -> Plan<'_> {
    let mut sorted: Vec<&Snapshot> = snapshots.iter().collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.order_key()));
    let mut keep = vec![false; sorted.len()];
    if let Some(first) = keep.first_mut() {
        *first = true;
    }
    mark_newest_per_period(&sorted, &mut keep, keep_daily, |d| {
        (d.year(), d.day_of_year())
    });
    mark_newest_per_period(&sorted, &mut keep, keep_weekly, |d| {
        let week = d.iso_week_date();
        (week.year(), i16::from(week.week()))
    });
    let mut plan = Plan::default();
    for (snapshot, kept) in sorted.into_iter().zip(keep) {
        if kept {
            plan.keep.push(snapshot);
        } else {
            plan.delete.push(snapshot);
        }
    }
    plan
}

/// Marks the first (newest) snapshot of each of the first `count` periods in `sorted`.
fn mark_newest_per_period(
    sorted: &[&Snapshot],
    keep: &mut [bool],
    count: u32,
    period: impl Fn(Date) -> (i16, i16),
) {
    let mut seen = 0u32;
    let mut last = None;
    for (i, snapshot) in sorted.iter().enumerate() {
        if seen >= count {
            break;
        }
        let this = period(snapshot.taken.date());
        if last != Some(this) {
            keep[i] = true;
            seen += 1;
            last = Some(this);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(stamp: &str) -> Snapshot {
        Snapshot::from_name(&file_name(stamp, 1)).unwrap()
    }

    fn kept(snapshots: &[Snapshot], daily: u32, weekly: u32) -> Vec<String> {
        plan(snapshots, daily, weekly)
            .keep
            .iter()
            .map(|s| s.name.clone())
            .collect()
    }

    fn name(stamp: &str) -> String {
        file_name(stamp, 1)
    }

    #[test]
    fn names_are_read_strictly() {
        let (taken, n) = parse_name("pestor-2026-11-27-091503.pestor").unwrap();
        assert_eq!(taken, jiff::civil::datetime(2026, 11, 27, 9, 15, 3, 0));
        assert_eq!(n, 1);
        assert_eq!(
            parse_name("pestor-2026-11-27-091503-2.pestor").unwrap().1,
            2
        );
        assert_eq!(
            parse_name("pestor-2026-11-27-091503-99.pestor").unwrap().1,
            99
        );
        for foreign in [
            "",
            "pestor-.pestor",
            "pestor-2026-11-27-091503.pestor.part",
            "pestor-2026-11-27-091503.PESTOR",
            "Pestor-2026-11-27-091503.pestor",
            "kopia-2026-11-27-091503.pestor",
            "pestor-2026-11-27-91503.pestor",
            "pestor-2026-11-27-0915030.pestor",
            "pestor-2026-13-27-091503.pestor",
            "pestor-2026-02-30-091503.pestor",
            "pestor-2026-11-27-246000.pestor",
            "pestor-2026-11-27-091503-1.pestor",
            "pestor-2026-11-27-091503-02.pestor",
            "pestor-2026-11-27-091503-100.pestor",
            "pestor-2026-11-27-091503-+5.pestor",
            "pestor-2026_11_27-091503.pestor",
            "pestor-+026-11-27-091503.pestor",
            "pestor-torun-kopia-2026-11-27-091503.pestor",
            "../pestor-2026-11-27-091503.pestor",
            "pestor-2026-11-27-091503.pestor/..",
            "pestor-2026-11-27-0915０3.pestor",
        ] {
            assert_eq!(parse_name(foreign), None, "{foreign}");
        }
        assert_eq!(
            file_name("2026-11-27-091503", 3),
            "pestor-2026-11-27-091503-3.pestor"
        );
    }

    #[test]
    fn the_newest_of_each_recent_day_is_kept() {
        let snapshots: Vec<Snapshot> = [
            "2026-11-20-060000",
            "2026-11-20-120000",
            "2026-11-20-180000",
            "2026-11-21-000000",
            "2026-11-21-235959",
            "2026-11-22-060000",
            "2026-11-23-060000",
            "2026-11-23-120000",
        ]
        .iter()
        .map(|s| snap(s))
        .collect();
        assert_eq!(
            kept(&snapshots, 3, 0),
            [
                name("2026-11-23-120000"),
                name("2026-11-22-060000"),
                name("2026-11-21-235959")
            ]
        );
        // Midnight starts a new day: 00:00:00 is the 21st, 23:59:59 the day before.
        let edge = [snap("2026-11-20-235959"), snap("2026-11-21-000000")];
        assert_eq!(kept(&edge, 2, 0).len(), 2);
        assert_eq!(kept(&edge, 1, 0), [name("2026-11-21-000000")]);
        // Nothing kept by the rules still keeps the newest.
        assert_eq!(kept(&snapshots, 0, 0), [name("2026-11-23-120000")]);
        let all = plan(&snapshots, 3, 0);
        assert_eq!(all.keep.len() + all.delete.len(), snapshots.len());
        assert_eq!(all.delete[0].name, name("2026-11-23-060000"));
    }

    #[test]
    fn days_without_snapshots_do_not_count() {
        // A server that was off for weeks keeps its last snapshots, not nothing.
        let snapshots = [
            snap("2026-09-01-060000"),
            snap("2026-09-02-060000"),
            snap("2026-09-03-060000"),
            snap("2026-11-27-060000"),
        ];
        assert_eq!(
            kept(&snapshots, 3, 0),
            [
                name("2026-11-27-060000"),
                name("2026-09-03-060000"),
                name("2026-09-02-060000")
            ]
        );
    }

    #[test]
    fn weeks_run_from_monday_to_sunday() {
        // 2026-11-22 is a Sunday, 2026-11-23 a Monday.
        let snapshots = [
            snap("2026-11-16-080000"), // Monday, week 47
            snap("2026-11-22-230000"), // Sunday, week 47
            snap("2026-11-23-010000"), // Monday, week 48
            snap("2026-11-25-010000"), // Wednesday, week 48
        ];
        assert_eq!(
            kept(&snapshots, 0, 2),
            [name("2026-11-25-010000"), name("2026-11-22-230000")]
        );
        assert_eq!(kept(&snapshots, 0, 1), [name("2026-11-25-010000")]);
    }

    #[test]
    fn daily_and_weekly_rules_add_up() {
        let snapshots: Vec<Snapshot> = [
            "2026-10-28-060000", // week 44
            "2026-11-03-060000", // week 45
            "2026-11-04-060000", // week 45
            "2026-11-10-060000", // week 46
            "2026-11-24-060000", // week 48
            "2026-11-25-060000", // week 48
            "2026-11-26-060000", // week 48
        ]
        .iter()
        .map(|s| snap(s))
        .collect();
        // Two days: the 26th and the 25th; three weeks: 48 (the 26th again), 46, 45 (the 4th).
        assert_eq!(
            kept(&snapshots, 2, 3),
            [
                name("2026-11-26-060000"),
                name("2026-11-25-060000"),
                name("2026-11-10-060000"),
                name("2026-11-04-060000")
            ]
        );
    }

    #[test]
    fn month_and_year_edges() {
        // 31 December 2026 is a Thursday: it and 1 January 2027 are both in ISO week 2026-W53,
        // while 4 January 2027 starts 2027-W01.
        let snapshots = [
            snap("2026-12-28-120000"),
            snap("2026-12-31-235959"),
            snap("2027-01-01-000001"),
            snap("2027-01-04-000000"),
        ];
        assert_eq!(
            kept(&snapshots, 0, 2),
            [name("2027-01-04-000000"), name("2027-01-01-000001")]
        );
        // Every day is its own, across the month and year boundary.
        assert_eq!(kept(&snapshots, 4, 0).len(), 4);
        // 29 December 2025 (Monday) already belongs to ISO week 2026-W01, like 1 January 2026.
        let turn = [
            snap("2025-12-28-120000"), // Sunday, 2025-W52
            snap("2025-12-29-120000"), // Monday, 2026-W01
            snap("2026-01-01-120000"), // Thursday, 2026-W01
        ];
        assert_eq!(
            kept(&turn, 0, 5),
            [name("2026-01-01-120000"), name("2025-12-28-120000")]
        );
        // The end of February and the first of March are different days and months.
        let february = [snap("2028-02-29-230000"), snap("2028-03-01-010000")];
        assert_eq!(kept(&february, 2, 0).len(), 2);
    }

    #[test]
    fn the_same_second_is_ordered_by_sequence() {
        let a = Snapshot::from_name("pestor-2026-11-27-091503.pestor").unwrap();
        let b = Snapshot::from_name("pestor-2026-11-27-091503-2.pestor").unwrap();
        let snapshots = [a, b];
        assert_eq!(
            kept(&snapshots, 1, 0),
            ["pestor-2026-11-27-091503-2.pestor"]
        );
    }

    #[test]
    fn an_empty_directory_plans_nothing() {
        assert_eq!(plan(&[], 7, 4), Plan::default());
    }
}
