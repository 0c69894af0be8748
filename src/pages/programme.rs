//! Monitoring programu (`/program`): the programme at a glance — every indicator with its
//! progress chart and the same numbers in a table, then the latest events — and a page per
//! indicator with its definition, owner, source and history. Events have their own list in
//! `programme_events.rs`; staff pages are `programme_admin.rs`, `indicator_edit.rs` and
//! `programme_event_edit.rs`; open data is `programme_api.rs`.

use serde::Serialize;

use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::charts::progress::{ProgressChart, ProgressLabels};
use crate::domain::indicator::{self, Indicator, ValueSource, counted};
use crate::domain::programme_event::ProgrammeEvent;
use crate::text::format;

/// How many events the overview lists.
const LATEST_EVENTS: usize = 5;

/// `GET /program`
pub fn overview(app: &App, ctx: &Ctx) -> PageResult {
    let events = app.store.programme_events()?;
    let indicators = app.store.indicators()?;
    let view = OverviewView {
        indicators: indicators
            .iter()
            .map(|i| IndicatorCard::new(i, &events))
            .collect(),
        latest: events
            .iter()
            .take(LATEST_EVENTS)
            .map(EventCard::new)
            .collect(),
        event_count: events.len(),
        saved: ctx.query.get("zapisano").is_some(),
        can_manage: ctx.is_staff(),
    };
    render(
        app,
        ctx,
        "programme/overview.html",
        "Monitoring programu",
        view,
    )
}

/// `GET /program/wskazniki/{slug}`
pub fn indicator_page(app: &App, ctx: &Ctx) -> PageResult {
    let record = app
        .store
        .indicator_by_slug(ctx.param("slug"))?
        .ok_or(PageError::NotFound)?;
    let events = app.store.programme_events()?;
    let history = record
        .history(&events)
        .into_iter()
        .rev()
        .map(|p| HistoryRow {
            date: p.date.to_string(),
            value: record.unit.count(p.value),
            note: p.note,
            event_href: p.event.map(|slug| format!("/program/wydarzenia/{slug}")),
        })
        .collect();
    let counted_events = match record.source {
        ValueSource::Events(kind) => counted(&events, kind)
            .into_iter()
            .rev()
            .map(EventCard::new)
            .collect(),
        ValueSource::Measurements => Vec::new(),
    };
    let view = IndicatorPage {
        card: IndicatorCard::new(&record, &events),
        definition: paragraphs(&record.definition),
        notes: paragraphs(&record.notes),
        history,
        counted_events,
        counted_kind: record.source.counted_kind().map(|k| k.label()),
        api_href: format!("/api/v1/indicators/{}", record.slug),
        edit_href: ctx
            .is_staff()
            .then(|| format!("/admin/program/wskazniki/{}/edycja", record.id.0)),
        updated: record.updated,
    };
    render(app, ctx, "programme/indicator.html", &record.name, view)
}

/// Text split into paragraphs at blank lines.
pub(super) fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[derive(Serialize)]
struct OverviewView {
    indicators: Vec<IndicatorCard>,
    latest: Vec<EventCard>,
    event_count: usize,
    saved: bool,
    can_manage: bool,
}

#[derive(Serialize)]
struct IndicatorPage {
    card: IndicatorCard,
    definition: Vec<String>,
    notes: Vec<String>,
    history: Vec<HistoryRow>,
    counted_events: Vec<EventCard>,
    counted_kind: Option<&'static str>,
    api_href: String,
    edit_href: Option<String>,
    updated: i64,
}

#[derive(Serialize)]
struct HistoryRow {
    /// ISO date, shown through `date_long`.
    date: String,
    value: String,
    note: String,
    event_href: Option<String>,
}

/// An indicator with its numbers as people read them and its progress chart.
#[derive(Serialize)]
pub(super) struct IndicatorCard {
    pub id: u64,
    pub href: String,
    pub slug: String,
    pub name: String,
    pub baseline: String,
    pub target: String,
    /// "12 zastosowań klauzuli społecznej", or "brak pomiaru".
    pub current: String,
    /// "12 z 10 (120 %)".
    pub progress: String,
    pub reached: bool,
    pub source: String,
    pub owner: String,
    pub data_source: String,
    /// Inline SVG, escaped by the chart code.
    pub chart: String,
    pub demo: bool,
}

impl IndicatorCard {
    pub(super) fn new(record: &Indicator, events: &[ProgrammeEvent]) -> IndicatorCard {
        let current = record.current(events);
        let current_text = current
            .map(|c| record.unit.count(c))
            .unwrap_or_else(|| "brak pomiaru".to_string());
        let progress = indicator::progress_text(current, record.target);
        let chart = ProgressChart {
            id: format!("wskaznik-{}", record.slug),
            title: format!("Realizacja wskaźnika: {}", record.name),
            description: format!(
                "Wartość bieżąca: {current_text}; wartość docelowa: {}; wartość bazowa: {}. Realizacja: {progress}.",
                record.unit.count(record.target),
                record.unit.count(record.baseline),
            ),
            baseline: record.baseline as f64,
            current: current.unwrap_or(0) as f64,
            target: record.target as f64,
            labels: ProgressLabels {
                current: match current {
                    Some(c) => format::integer(c),
                    None => "brak".to_string(),
                },
                target: format::integer(record.target),
            },
        }
        .to_svg();
        IndicatorCard {
            id: record.id.0,
            href: record.path(),
            slug: record.slug.clone(),
            name: record.name.clone(),
            baseline: record.unit.count(record.baseline),
            target: record.unit.count(record.target),
            current: current_text,
            progress,
            reached: current.is_some_and(|c| c >= record.target),
            source: record.source.label(),
            owner: record.owner.clone(),
            data_source: record.data_source.clone(),
            chart,
            demo: record.demo,
        }
    }
}

/// An event in a list.
#[derive(Serialize)]
pub(super) struct EventCard {
    pub id: u64,
    pub href: String,
    pub title: String,
    pub kind: &'static str,
    pub kind_code: &'static str,
    /// ISO date of the first day, shown through `date_long`.
    pub date: String,
    pub end_date: Option<String>,
    pub place: String,
    pub participants: String,
    pub participant_count: Option<u32>,
}

impl EventCard {
    pub(super) fn new(record: &ProgrammeEvent) -> EventCard {
        EventCard {
            id: record.id.0,
            href: record.path(),
            title: record.title.clone(),
            kind: record.kind.label(),
            kind_code: record.kind.code(),
            date: record.date.to_string(),
            end_date: record
                .end_date
                .filter(|d| *d != record.date)
                .map(|d| d.to_string()),
            place: record.place.clone(),
            participants: record.participants.clone(),
            participant_count: record.participant_count,
        }
    }
}
