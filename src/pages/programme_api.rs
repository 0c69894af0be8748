//! Open data of the programme monitoring: `/api/v1/indicators` (with each indicator's history
//! and current value) and `/api/v1/events` as JSON or CSV, and the Atom feed of events
//! `/program/wydarzenia.atom`.

use serde::Serialize;

use super::open_data::{
    self, FeedEntry, Format, atom_response, csv_response, format_of, json_page, json_record,
};
use super::programme_events::{all_matches, parse_query, run_query};
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::indicator::{self, Indicator, IndicatorId};
use crate::domain::programme_event::{ProgrammeEvent, ProgrammeEventId};
use crate::text::format;
use crate::web::http::Response;

/// How many events the feed carries.
const FEED_ENTRIES: usize = 50;

/// `GET /api/v1/indicators` — every indicator in page order, one page as JSON, or all as CSV.
pub fn indicators(app: &App, ctx: &Ctx) -> PageResult {
    let format = format_of(&ctx.query, false)?;
    let per_page = open_data::per_page(&ctx.query)?;
    let page = ctx
        .query
        .positive("page", 1, 10_000, "Numer strony")
        .map_err(PageError::BadRequest)?;
    let events = app.store.programme_events()?;
    let all = app.store.indicators()?;
    match format {
        Format::Csv => Ok(indicator_csv(&all, &events)),
        _ => {
            let items: Vec<IndicatorJson> = all
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .map(|i| IndicatorJson::new(i, &events))
                .collect();
            Ok(json_page(all.len(), page, per_page, &items))
        }
    }
}

/// `GET /api/v1/indicators/{slug}` (a numeric id works too).
pub fn indicator(app: &App, ctx: &Ctx) -> PageResult {
    let key = ctx.param("slug");
    let record = match (app.store.indicator_by_slug(key)?, key.parse::<u64>()) {
        (Some(record), _) => Some(record),
        (None, Ok(id)) => app.store.indicator(IndicatorId(id))?,
        (None, Err(_)) => None,
    }
    .ok_or(PageError::NotFound)?;
    let events = app.store.programme_events()?;
    json_record(&IndicatorJson::new(&record, &events))
}

/// `GET /api/v1/events` — one page as JSON; with `format=csv` the whole filtered list.
pub fn events(app: &App, ctx: &Ctx) -> PageResult {
    let format = format_of(&ctx.query, false)?;
    let query = parse_query(&ctx.query, open_data::per_page(&ctx.query)?)?;
    match format {
        Format::Csv => Ok(event_csv(&all_matches(app, &query)?)),
        _ => {
            let found = run_query(app, &query)?;
            let items: Vec<EventJson> = found.records.iter().map(EventJson::from).collect();
            Ok(json_page(found.total, query.page, query.per_page, &items))
        }
    }
}

/// `GET /api/v1/events/{slug}` (a numeric id works too).
pub fn event(app: &App, ctx: &Ctx) -> PageResult {
    let key = ctx.param("slug");
    let record = match (app.store.programme_event_by_slug(key)?, key.parse::<u64>()) {
        (Some(record), _) => Some(record),
        (None, Ok(id)) => app.store.programme_event(ProgrammeEventId(id))?,
        (None, Err(_)) => None,
    }
    .ok_or(PageError::NotFound)?;
    json_record(&EventJson::from(&record))
}

/// `GET /program/wydarzenia.atom` — the latest events by their dates.
pub fn feed(app: &App, _ctx: &Ctx) -> PageResult {
    let entries: Vec<FeedEntry> = app
        .store
        .programme_events()?
        .iter()
        .take(FEED_ENTRIES)
        .map(|e| FeedEntry {
            path: e.path(),
            title: format!("{} ({})", e.title, e.kind.label()),
            summary: [e.when(), e.place.clone(), e.participants.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
            updated: e.updated,
        })
        .collect();
    let title = format!("Wydarzenia programu – {}", app.settings().gmina_name);
    Ok(atom_response(
        &app.config.public_url,
        "/program/wydarzenia.atom",
        &title,
        &entries,
    ))
}

#[derive(Serialize)]
struct UnitJson<'a> {
    one: &'a str,
    few: &'a str,
    many: &'a str,
}

#[derive(Serialize)]
struct PointJson {
    date: String,
    value: i64,
    note: String,
    event: Option<String>,
}

/// The public fields of an indicator, with stable English names for machines.
#[derive(Serialize)]
struct IndicatorJson<'a> {
    id: u64,
    slug: &'a str,
    url: String,
    name: &'a str,
    definition: &'a str,
    unit: UnitJson<'a>,
    baseline: i64,
    target: i64,
    current: Option<i64>,
    percent: Option<i64>,
    value_source: &'static str,
    counted_event_type: Option<&'static str>,
    owner: &'a str,
    data_source: &'a str,
    position: u32,
    notes: &'a str,
    history: Vec<PointJson>,
    updated: String,
    demo: bool,
}

impl<'a> IndicatorJson<'a> {
    fn new(r: &'a Indicator, events: &[ProgrammeEvent]) -> IndicatorJson<'a> {
        let current = r.current(events);
        IndicatorJson {
            id: r.id.0,
            slug: &r.slug,
            url: r.path(),
            name: &r.name,
            definition: &r.definition,
            unit: UnitJson {
                one: &r.unit.one,
                few: &r.unit.few,
                many: &r.unit.many,
            },
            baseline: r.baseline,
            target: r.target,
            current,
            percent: current.and_then(|c| indicator::percent(c, r.target)),
            value_source: r.source.api_code(),
            counted_event_type: r.source.counted_kind().map(|k| k.code()),
            owner: &r.owner,
            data_source: &r.data_source,
            position: r.position,
            notes: &r.notes,
            history: r
                .history(events)
                .into_iter()
                .map(|p| PointJson {
                    date: p.date.to_string(),
                    value: p.value,
                    note: p.note,
                    event: p.event,
                })
                .collect(),
            updated: format::rfc3339(r.updated),
            demo: r.demo,
        }
    }
}

/// The public fields of an event.
#[derive(Serialize)]
struct EventJson<'a> {
    id: u64,
    slug: &'a str,
    url: String,
    #[serde(rename = "type")]
    kind: &'static str,
    type_label: &'static str,
    title: &'a str,
    date: String,
    end_date: Option<String>,
    place: &'a str,
    participants: &'a str,
    participant_count: Option<u32>,
    description: &'a str,
    link: Option<&'a str>,
    updated: String,
    demo: bool,
}

impl<'a> From<&'a ProgrammeEvent> for EventJson<'a> {
    fn from(r: &'a ProgrammeEvent) -> EventJson<'a> {
        EventJson {
            id: r.id.0,
            slug: &r.slug,
            url: r.path(),
            kind: r.kind.code(),
            type_label: r.kind.label(),
            title: &r.title,
            date: r.date.to_string(),
            end_date: r.end_date.map(|d| d.to_string()),
            place: &r.place,
            participants: &r.participants,
            participant_count: r.participant_count,
            description: &r.description,
            link: r.link.as_deref(),
            updated: format::rfc3339(r.updated),
            demo: r.demo,
        }
    }
}

fn indicator_csv(records: &[Indicator], events: &[ProgrammeEvent]) -> Response {
    let header = [
        "nazwa",
        "jednostka",
        "wartość bazowa",
        "wartość docelowa",
        "wartość bieżąca",
        "realizacja (%)",
        "sposób ustalania wartości",
        "właściciel danych",
        "źródło danych",
        "data ostatniej wartości",
        "adres w serwisie",
    ];
    let rows = records.iter().map(|r| {
        let current = r.current(events);
        let last = r.history(events).last().map(|p| p.date.to_string());
        vec![
            r.name.clone(),
            r.unit.many.clone(),
            r.baseline.to_string(),
            r.target.to_string(),
            current.map(|c| c.to_string()).unwrap_or_default(),
            current
                .and_then(|c| indicator::percent(c, r.target))
                .map(|p| p.to_string())
                .unwrap_or_default(),
            r.source.label(),
            r.owner.clone(),
            r.data_source.clone(),
            last.unwrap_or_default(),
            r.path(),
        ]
    });
    csv_response("wskazniki-programu.csv", &header, rows)
}

fn event_csv(records: &[ProgrammeEvent]) -> Response {
    let header = [
        "tytuł",
        "rodzaj",
        "data",
        "data zakończenia",
        "miejsce",
        "uczestnicy",
        "liczba uczestników",
        "opis",
        "odnośnik",
        "adres w serwisie",
    ];
    let rows = records.iter().map(|r| {
        vec![
            r.title.clone(),
            r.kind.label().to_string(),
            r.date.to_string(),
            r.end_date.map(|d| d.to_string()).unwrap_or_default(),
            r.place.clone(),
            r.participants.clone(),
            r.participant_count
                .map(|n| n.to_string())
                .unwrap_or_default(),
            r.description.clone(),
            r.link.clone().unwrap_or_default(),
            r.path(),
        ]
    });
    csv_response("wydarzenia-programu.csv", &header, rows)
}
