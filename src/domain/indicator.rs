//! Indicators of the cooperation programme (`/program`): what is measured, in which unit, from
//! which baseline to which target, who owns the data — and how the current value is obtained:
//! from dated measurements typed in by staff, or counted from the programme's events of one
//! kind (the number of trainings is the number of training events).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::programme_event::{EventKind, ProgrammeEvent};
use super::user::UserId;
use crate::text::format;
use crate::text::plural::plural;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IndicatorId(pub u64);

/// The unit in its three Polish forms, so that counts read right: "1 szkolenie", "3 szkolenia",
/// "5 szkoleń".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Unit {
    pub one: String,
    pub few: String,
    pub many: String,
}

impl Unit {
    pub fn new(one: &str, few: &str, many: &str) -> Unit {
        Unit {
            one: one.to_string(),
            few: few.to_string(),
            many: many.to_string(),
        }
    }

    /// The form that goes with `n`.
    pub fn form(&self, n: i64) -> &str {
        plural(n.unsigned_abs(), &self.one, &self.few, &self.many)
    }

    /// `n` with its unit: "12 zastosowań klauzuli społecznej".
    pub fn count(&self, n: i64) -> String {
        format!("{} {}", format::integer(n), self.form(n))
    }
}

/// How the current value of an indicator is obtained. A new way (for example counting the
/// register of procurements with social clauses) is one more variant here and one more arm in
/// [`Indicator::history`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueSource {
    /// Dated measurements recorded by staff; the current value is the latest.
    Measurements,
    /// The number of programme events of this kind, counted cumulatively by their dates.
    Events(EventKind),
}

impl ValueSource {
    /// Every way, in the order the form offers them.
    pub fn all() -> Vec<ValueSource> {
        let mut all = vec![ValueSource::Measurements];
        all.extend(EventKind::ALL.iter().map(|k| ValueSource::Events(*k)));
        all
    }

    /// The stable code of the form: "pomiary" or "wydarzenia:szkolenie".
    pub fn code(self) -> String {
        match self {
            ValueSource::Measurements => "pomiary".to_string(),
            ValueSource::Events(kind) => format!("wydarzenia:{}", kind.code()),
        }
    }

    pub fn from_code(code: &str) -> Option<ValueSource> {
        match code.split_once(':') {
            None if code == "pomiary" => Some(ValueSource::Measurements),
            Some(("wydarzenia", kind)) => EventKind::from_code(kind).map(ValueSource::Events),
            _ => None,
        }
    }

    /// How the public reads it.
    pub fn label(self) -> String {
        match self {
            ValueSource::Measurements => "pomiary wpisywane przez urząd".to_string(),
            ValueSource::Events(kind) => {
                format!("liczba wydarzeń programu rodzaju „{}”", kind.label())
            }
        }
    }

    /// The English name of the way for the API: "measurements" or "events".
    pub fn api_code(self) -> &'static str {
        match self {
            ValueSource::Measurements => "measurements",
            ValueSource::Events(_) => "events",
        }
    }

    /// The kind of events counted, if the value is counted from events.
    pub fn counted_kind(self) -> Option<EventKind> {
        match self {
            ValueSource::Events(kind) => Some(kind),
            ValueSource::Measurements => None,
        }
    }
}

/// One dated value of an indicator kept by measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Unique within its indicator.
    pub id: u32,
    pub date: Date,
    pub value: i64,
    #[serde(default)]
    pub note: String,
    pub recorded: Timestamp,
    #[serde(default)]
    pub author: Option<UserId>,
}

/// An indicator of the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: IndicatorId,
    /// Stable part of the public URL; never changes once given.
    pub slug: String,
    pub name: String,
    /// What exactly is counted.
    pub definition: String,
    pub unit: Unit,
    pub baseline: i64,
    pub target: i64,
    pub source: ValueSource,
    /// In date order (then in the order recorded). Kept when the source changes, used only
    /// while the source is [`ValueSource::Measurements`].
    #[serde(default)]
    pub measurements: Vec<Measurement>,
    /// Who is responsible for the data ("Wydział Zdrowia i Polityki Społecznej UMT").
    #[serde(default)]
    pub owner: String,
    /// Where the numbers come from, in words.
    #[serde(default)]
    pub data_source: String,
    /// The place on the programme page (smaller first).
    #[serde(default)]
    pub position: u32,
    #[serde(default)]
    pub notes: String,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub author: Option<UserId>,
    #[serde(default)]
    pub demo: bool,
}

/// One point of an indicator's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub date: Date,
    pub value: i64,
    pub note: String,
    /// The measurement it is (measured indicators).
    pub measurement: Option<u32>,
    /// The event that raised the count (counted indicators).
    pub event: Option<String>,
}

impl Indicator {
    /// The public page.
    pub fn path(&self) -> String {
        format!("/program/wskazniki/{}", self.slug)
    }

    /// The history of values, oldest first. For a counted indicator every event of its kind
    /// raises the count by one on its date; `events` may hold events of any kind.
    pub fn history(&self, events: &[ProgrammeEvent]) -> Vec<Point> {
        match self.source {
            ValueSource::Measurements => self
                .measurements
                .iter()
                .map(|m| Point {
                    date: m.date,
                    value: m.value,
                    note: m.note.clone(),
                    measurement: Some(m.id),
                    event: None,
                })
                .collect(),
            ValueSource::Events(kind) => counted(events, kind)
                .into_iter()
                .enumerate()
                .map(|(i, e)| Point {
                    date: e.date,
                    value: i as i64 + 1,
                    note: e.title.clone(),
                    measurement: None,
                    event: Some(e.slug.clone()),
                })
                .collect(),
        }
    }

    /// The current value: the latest measurement (none yet: `None`), or the number of events.
    pub fn current(&self, events: &[ProgrammeEvent]) -> Option<i64> {
        match self.source {
            ValueSource::Measurements => self.measurements.last().map(|m| m.value),
            ValueSource::Events(kind) => Some(counted(events, kind).len() as i64),
        }
    }

    /// Records a measurement in date order and returns its id.
    pub fn add_measurement(
        &mut self,
        date: Date,
        value: i64,
        note: String,
        recorded: Timestamp,
        author: Option<UserId>,
    ) -> Result<u32, &'static str> {
        if self.source != ValueSource::Measurements {
            return Err(
                "Ten wskaźnik liczy się z wydarzeń programu; pomiarów się do niego nie dodaje.",
            );
        }
        let id = self.measurements.iter().map(|m| m.id).max().unwrap_or(0) + 1;
        self.measurements.push(Measurement {
            id,
            date,
            value,
            note,
            recorded,
            author,
        });
        self.measurements.sort_by_key(|m| (m.date, m.id));
        Ok(id)
    }

    /// Removes measurement `id`.
    pub fn remove_measurement(&mut self, id: u32) -> Result<(), &'static str> {
        let before = self.measurements.len();
        self.measurements.retain(|m| m.id != id);
        if self.measurements.len() == before {
            return Err("Tego pomiaru już nie ma.");
        }
        Ok(())
    }
}

/// The events of `kind` in date order (then by title).
pub fn counted(events: &[ProgrammeEvent], kind: EventKind) -> Vec<&ProgrammeEvent> {
    let mut out: Vec<&ProgrammeEvent> = events.iter().filter(|e| e.kind == kind).collect();
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.title.cmp(&b.title)));
    out
}

/// How much of the target is reached, in whole percent; `None` for a target of 0.
pub fn percent(current: i64, target: i64) -> Option<i64> {
    (target > 0).then(|| ((current as f64) * 100.0 / (target as f64)).round() as i64)
}

/// "12 z 10 (120 %)", or "brak pomiaru" without a value.
pub fn progress_text(current: Option<i64>, target: i64) -> String {
    match current {
        None => "brak pomiaru".to_string(),
        Some(current) => {
            let of = format!("{} z {}", format::integer(current), format::integer(target));
            match percent(current, target) {
                Some(p) => format!("{of} ({}\u{a0}%)", format::integer(p)),
                None => of,
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A measured indicator (id 1) with no measurements.
    pub(crate) fn sample() -> Indicator {
        Indicator {
            id: IndicatorId(1),
            slug: "klauzule".into(),
            name: "Liczba zastosowań klauzul społecznych".into(),
            definition: "Zamówienia z klauzulą społeczną.".into(),
            unit: Unit::new(
                "zastosowanie klauzuli społecznej",
                "zastosowania klauzuli społecznej",
                "zastosowań klauzuli społecznej",
            ),
            baseline: 0,
            target: 10,
            source: ValueSource::Measurements,
            measurements: vec![],
            owner: "Urząd Miasta Torunia".into(),
            data_source: String::new(),
            position: 1,
            notes: String::new(),
            created: 1,
            updated: 1,
            author: None,
            demo: false,
        }
    }

    fn event(kind: EventKind, slug: &str, date: Date) -> ProgrammeEvent {
        ProgrammeEvent {
            kind,
            slug: slug.into(),
            title: slug.into(),
            date,
            ..crate::domain::programme_event::tests::sample()
        }
    }

    #[test]
    fn units_agree_with_the_number() {
        let u = Unit::new("szkolenie", "szkolenia", "szkoleń");
        assert_eq!(u.count(1), "1 szkolenie");
        assert_eq!(u.count(3), "3 szkolenia");
        assert_eq!(u.count(5), "5 szkoleń");
        assert_eq!(u.count(22), "22 szkolenia");
        assert_eq!(u.count(0), "0 szkoleń");
    }

    #[test]
    fn measurements_keep_date_order_and_the_latest_is_current() {
        let mut i = sample();
        assert_eq!(i.current(&[]), None);
        let d = |m, day| jiff::civil::date(2014, m, day);
        assert_eq!(i.add_measurement(d(3, 1), 12, "b".into(), 5, None), Ok(1));
        assert_eq!(i.add_measurement(d(1, 1), 4, "a".into(), 6, None), Ok(2));
        assert_eq!(i.current(&[]), Some(12));
        let values: Vec<i64> = i.history(&[]).iter().map(|p| p.value).collect();
        assert_eq!(values, [4, 12]);
        assert!(i.remove_measurement(1).is_ok());
        assert_eq!(i.current(&[]), Some(4));
        assert!(i.remove_measurement(1).is_err());
    }

    #[test]
    fn a_counted_indicator_counts_its_kind_cumulatively_by_date() {
        let mut i = sample();
        i.source = ValueSource::Events(EventKind::Training);
        let events = vec![
            event(EventKind::Training, "c", jiff::civil::date(2014, 2, 3)),
            event(EventKind::StudyVisit, "x", jiff::civil::date(2013, 3, 12)),
            event(EventKind::Training, "a", jiff::civil::date(2013, 6, 26)),
            event(EventKind::Training, "b", jiff::civil::date(2013, 9, 24)),
        ];
        assert_eq!(i.current(&events), Some(3));
        let history = i.history(&events);
        let points: Vec<(&str, i64)> = history
            .iter()
            .map(|p| (p.event.as_deref().unwrap(), p.value))
            .collect();
        assert_eq!(points, [("a", 1), ("b", 2), ("c", 3)]);
        assert_eq!(i.current(&[]), Some(0));
        assert!(
            i.add_measurement(jiff::civil::date(2014, 1, 1), 1, String::new(), 1, None)
                .is_err()
        );
    }

    #[test]
    fn progress_reads_as_in_the_brochure() {
        assert_eq!(progress_text(Some(12), 10), "12 z 10 (120\u{a0}%)");
        assert_eq!(progress_text(Some(3), 4), "3 z 4 (75\u{a0}%)");
        assert_eq!(progress_text(Some(2), 0), "2 z 0");
        assert_eq!(progress_text(None, 4), "brak pomiaru");
    }

    #[test]
    fn source_codes_round_trip() {
        for source in ValueSource::all() {
            assert_eq!(ValueSource::from_code(&source.code()), Some(source));
        }
        assert_eq!(ValueSource::from_code("wydarzenia:piknik"), None);
        assert_eq!(ValueSource::from_code("wydarzenia"), None);
        assert_eq!(ValueSource::from_code("zamowienia"), None);
    }
}
