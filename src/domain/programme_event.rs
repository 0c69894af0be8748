//! Events of the cooperation programme (`/program/wydarzenia`): trainings, study visits, the
//! forum, awards, meetings of the monitoring team. Staff record them; some indicators count them
//! (the number of trainings is the number of training events).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::user::UserId;
use super::vocabulary::vocabulary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProgrammeEventId(pub u64);

vocabulary! {
    /// What kind of event it was.
    EventKind {
        Training => "szkolenie", "Szkolenie";
        StudyVisit => "wizyta-studyjna", "Wizyta studyjna";
        Forum => "forum", "Forum";
        Award => "nagroda", "Nagroda / wyróżnienie";
        MonitoringMeeting => "spotkanie-zespolu", "Spotkanie zespołu ds. monitoringu";
        Conference => "konferencja", "Konferencja";
        Other => "inne", "Inne wydarzenie";
    }
}

impl EventKind {
    /// The Polish plural forms of the kind, for counts: "3 szkolenia", "5 szkoleń".
    pub fn forms(self) -> (&'static str, &'static str, &'static str) {
        match self {
            EventKind::Training => ("szkolenie", "szkolenia", "szkoleń"),
            EventKind::StudyVisit => ("wizyta studyjna", "wizyty studyjne", "wizyt studyjnych"),
            EventKind::Forum => ("forum", "fora", "forów"),
            EventKind::Award => ("wyróżnienie", "wyróżnienia", "wyróżnień"),
            EventKind::MonitoringMeeting => {
                ("spotkanie zespołu", "spotkania zespołu", "spotkań zespołu")
            }
            EventKind::Conference => ("konferencja", "konferencje", "konferencji"),
            EventKind::Other => ("wydarzenie", "wydarzenia", "wydarzeń"),
        }
    }
}

/// One event of the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeEvent {
    pub id: ProgrammeEventId,
    /// Stable part of the public URL; never changes once given.
    pub slug: String,
    pub kind: EventKind,
    pub title: String,
    pub date: Date,
    /// The last day of an event of several days.
    #[serde(default)]
    pub end_date: Option<Date>,
    #[serde(default)]
    pub place: String,
    /// Who took part, in words ("przedstawiciele toruńskich PES i pracownicy urzędu").
    #[serde(default)]
    pub participants: String,
    #[serde(default)]
    pub participant_count: Option<u32>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub link: Option<String>,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub author: Option<UserId>,
    #[serde(default)]
    pub demo: bool,
}

impl ProgrammeEvent {
    /// The public page.
    pub fn path(&self) -> String {
        format!("/program/wydarzenia/{}", self.slug)
    }

    /// The date or the span of days as people read it: "26.06.2013" or "26.06.2013–27.06.2013".
    pub fn when(&self) -> String {
        let start = crate::text::format::date_short(self.date);
        match self.end_date {
            Some(end) if end != self.date => {
                format!("{start}–{}", crate::text::format::date_short(end))
            }
            _ => start,
        }
    }

    /// The moment of the event's first day (noon in Poland), for sorting and feeds.
    pub fn timestamp(&self) -> Timestamp {
        date_timestamp(self.date)
    }
}

/// Noon of `date` in Poland as a [`Timestamp`] (noon keeps the local date whatever the offset).
pub fn date_timestamp(date: Date) -> Timestamp {
    let tz = jiff::tz::TimeZone::get("Europe/Warsaw").unwrap_or(jiff::tz::TimeZone::UTC);
    date.at(12, 0, 0, 0)
        .to_zoned_datetime(tz)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

pub use super::validate::parse_date;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A training on 26 June 2013 (id 1).
    pub(crate) fn sample() -> ProgrammeEvent {
        ProgrammeEvent {
            id: ProgrammeEventId(1),
            slug: "finanse-i-pr".into(),
            kind: EventKind::Training,
            title: "Finanse i PR w podmiotach ekonomii społecznej".into(),
            date: jiff::civil::date(2013, 9, 24),
            end_date: None,
            place: "Toruń".into(),
            participants: "przedstawiciele PES".into(),
            participant_count: Some(20),
            description: String::new(),
            link: None,
            created: 1,
            updated: 1,
            author: None,
            demo: false,
        }
    }

    #[test]
    fn dates_are_read_in_both_polish_and_iso_forms() {
        let d = jiff::civil::date(2013, 6, 26);
        assert_eq!(parse_date("2013-06-26"), Some(d));
        assert_eq!(parse_date(" 26.06.2013 "), Some(d));
        assert_eq!(parse_date("3.2.2014"), Some(jiff::civil::date(2014, 2, 3)));
        for bad in [
            "",
            "2013-02-30",
            "jutro",
            "26.06.13",
            "2013/06/26",
            "32.01.2013",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_span_of_days_reads_as_one() {
        let mut e = sample();
        assert_eq!(e.when(), "24.09.2013");
        e.end_date = Some(jiff::civil::date(2013, 9, 25));
        assert_eq!(e.when(), "24.09.2013–25.09.2013");
        assert_eq!(
            crate::text::format::local_date(e.timestamp()),
            jiff::civil::date(2013, 9, 24)
        );
    }

    #[test]
    fn kinds_have_stable_codes_and_plural_forms() {
        assert_eq!(EventKind::ALL.len(), 7);
        assert_eq!(
            EventKind::from_code("wizyta-studyjna"),
            Some(EventKind::StudyVisit)
        );
        let (one, few, many) = EventKind::Training.forms();
        assert_eq!(crate::text::plural::plural(5, one, few, many), "szkoleń");
    }
}
