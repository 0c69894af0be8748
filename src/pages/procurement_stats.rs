//! The statistics of the social-clause register (`/klauzule/statystyki`): tables and charts
//! per year, type, threshold class and legal basis, with the share won by social economy
//! organisations; `?format=csv` downloads the same table. Both come from
//! [`statistics`](crate::domain::procurement_stats::statistics).

use serde::Serialize;

use super::open_data::csv_response;
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::charts::bars::{Bar, BarChart};
use crate::domain::procurement_stats::{Row, Statistics, statistics};
use crate::text::format;
use crate::web::query::shorten;

/// One line of a statistics table, formatted for people.
#[derive(Serialize)]
struct Line {
    label: String,
    count: u64,
    value: i64,
    above_count: u64,
    above_value: i64,
    below_count: u64,
    below_value: i64,
    pes_count: u64,
    pes_value: i64,
    pes_count_share: String,
    pes_value_share: String,
}

impl Line {
    fn new(label: String, row: &Row) -> Line {
        Line {
            label,
            count: row.all.count,
            value: row.all.value,
            above_count: row.above.count,
            above_value: row.above.value,
            below_count: row.below.count,
            below_value: row.below.value,
            pes_count: row.pes.count,
            pes_value: row.pes.value,
            pes_count_share: row.pes_count_share(),
            pes_value_share: row.pes_value_share(),
        }
    }
}

/// A basis with its lines per year.
#[derive(Serialize)]
struct BasisGroup {
    total: Line,
    years: Vec<Line>,
}

#[derive(Serialize)]
struct StatsView {
    by_year: Vec<Line>,
    by_year_and_type: Vec<Line>,
    by_basis: Vec<BasisGroup>,
    total: Line,
    cancelled: u64,
    charts: Vec<ChartView>,
    empty: bool,
}

#[derive(Serialize)]
struct ChartView {
    heading: &'static str,
    svg: String,
}

/// `GET /klauzule/statystyki` (and `?format=csv`).
pub fn page(app: &App, ctx: &Ctx) -> PageResult {
    let stats = statistics(&app.store.procurements()?);
    match ctx.query.get("format") {
        None | Some("") | Some("html") => {}
        Some("csv") => return Ok(csv(&stats)),
        Some(other) => {
            return Err(PageError::BadRequest(format!(
                "Nieznany format „{}” (dozwolone: csv).",
                shorten(other)
            )));
        }
    }
    let view = StatsView {
        by_year: stats
            .by_year
            .iter()
            .map(|(year, row)| Line::new(year.to_string(), row))
            .collect(),
        by_year_and_type: stats
            .by_year_and_type
            .iter()
            .map(|((year, kind), row)| Line::new(format!("{year} – {}", kind.label()), row))
            .collect(),
        by_basis: stats
            .by_basis
            .iter()
            .map(|(basis, row)| BasisGroup {
                total: Line::new(basis.full_label(), row),
                years: stats
                    .by_basis_and_year
                    .iter()
                    .filter(|((b, _), _)| b == basis)
                    .map(|((_, year), row)| Line::new(year.to_string(), row))
                    .collect(),
            })
            .collect(),
        total: Line::new("Razem".to_string(), &stats.total),
        cancelled: stats.cancelled,
        charts: charts(&stats),
        empty: stats.total.all.count == 0,
    };
    render(
        app,
        ctx,
        "procurements/stats.html",
        "Klauzule społeczne w liczbach",
        view,
    )
}

fn zloty(grosze: i64) -> f64 {
    grosze as f64 / 100.0
}

/// The four charts of the page; each shows numbers also given in a table next to it.
fn charts(stats: &Statistics) -> Vec<ChartView> {
    let thresholds = vec!["powyżej progu".to_string(), "poniżej progu".to_string()];
    let count = BarChart {
        id: "wykres-liczba".to_string(),
        title: "Liczba zamówień z klauzulami społecznymi według lat".to_string(),
        description: format!(
            "Wykres słupkowy: w każdym roku liczba zamówień powyżej i poniżej progu ustawowego. Razem {} {}.",
            stats.total.all.count,
            crate::text::plural::plural(
                stats.total.all.count,
                "zamówienie",
                "zamówienia",
                "zamówień"
            )
        ),
        series: thresholds.clone(),
        bars: stats
            .by_year
            .iter()
            .map(|(year, row)| Bar {
                label: year.to_string(),
                values: vec![row.above.count as f64, row.below.count as f64],
                caption: row.all.count.to_string(),
            })
            .collect(),
    };
    let value = BarChart {
        id: "wykres-wartosc".to_string(),
        title: "Wartość zamówień z klauzulami społecznymi według lat".to_string(),
        description: format!(
            "Wykres słupkowy: w każdym roku wartość zamówień (umowy, a gdy jej brak – szacunkowa) powyżej i poniżej progu. Razem {}.",
            format::money(stats.total.all.value)
        ),
        series: thresholds,
        bars: stats
            .by_year
            .iter()
            .map(|(year, row)| Bar {
                label: year.to_string(),
                values: vec![zloty(row.above.value), zloty(row.below.value)],
                caption: format::money(row.all.value),
            })
            .collect(),
    };
    let bases = BarChart {
        id: "wykres-podstawy".to_string(),
        title: "Zamówienia według podstawy prawnej klauzuli".to_string(),
        description: "Wykres słupkowy: liczba zamówień z klauzulą na każdej podstawie prawnej, wszystkie lata razem. Zamówienie z klauzulami na dwóch podstawach liczy się przy każdej z nich.".to_string(),
        series: vec!["liczba zamówień".to_string()],
        bars: stats
            .by_basis
            .iter()
            .map(|(basis, row)| Bar {
                label: format!("{} {}", basis.act().short(), basis.provision()),
                values: vec![row.all.count as f64],
                caption: row.all.count.to_string(),
            })
            .collect(),
    };
    let pes = BarChart {
        id: "wykres-pes".to_string(),
        title: "Zamówienia wygrane przez podmioty ekonomii społecznej".to_string(),
        description: format!(
            "Wykres słupkowy: w każdym roku liczba zamówień wygranych przez podmioty ekonomii społecznej i pozostałych; przy słupku udział PES. Razem PES wygrały {} z {} ({}).",
            stats.total.pes.count,
            stats.total.all.count,
            stats.total.pes_count_share()
        ),
        series: vec!["wygrane przez PES".to_string(), "pozostałe".to_string()],
        bars: stats
            .by_year
            .iter()
            .map(|(year, row)| Bar {
                label: year.to_string(),
                values: vec![
                    row.pes.count as f64,
                    row.all.count.saturating_sub(row.pes.count) as f64,
                ],
                caption: row.pes_count_share(),
            })
            .collect(),
    };
    vec![
        ChartView {
            heading: "Liczba zamówień według lat",
            svg: count.to_svg(),
        },
        ChartView {
            heading: "Wartość zamówień według lat",
            svg: value.to_svg(),
        },
        ChartView {
            heading: "Zamówienia według podstawy prawnej",
            svg: bases.to_svg(),
        },
        ChartView {
            heading: "Udział podmiotów ekonomii społecznej",
            svg: pes.to_svg(),
        },
    ]
}

/// The CSV header of the statistics.
pub const CSV_HEADER: [&str; 14] = [
    "zestawienie",
    "rok",
    "rodzaj zamówienia",
    "podstawa prawna",
    "liczba zamówień",
    "wartość",
    "powyżej progu – liczba",
    "powyżej progu – wartość",
    "poniżej progu – liczba",
    "poniżej progu – wartość",
    "wygrane przez PES – liczba",
    "wygrane przez PES – wartość",
    "udział PES w liczbie",
    "udział PES w wartości",
];

fn csv_row(section: &str, year: String, kind: &str, basis: &str, row: &Row) -> Vec<String> {
    vec![
        section.to_string(),
        year,
        kind.to_string(),
        basis.to_string(),
        row.all.count.to_string(),
        format::money(row.all.value),
        row.above.count.to_string(),
        format::money(row.above.value),
        row.below.count.to_string(),
        format::money(row.below.value),
        row.pes.count.to_string(),
        format::money(row.pes.value),
        row.pes_count_share(),
        row.pes_value_share(),
    ]
}

fn csv(stats: &Statistics) -> crate::web::http::Response {
    let mut rows = Vec::new();
    for (year, row) in &stats.by_year {
        rows.push(csv_row("rok", year.to_string(), "", "", row));
    }
    for ((year, kind), row) in &stats.by_year_and_type {
        rows.push(csv_row(
            "rok i rodzaj",
            year.to_string(),
            kind.label(),
            "",
            row,
        ));
    }
    for ((basis, year), row) in &stats.by_basis_and_year {
        rows.push(csv_row(
            "podstawa prawna i rok",
            year.to_string(),
            "",
            &basis.full_label(),
            row,
        ));
    }
    for (basis, row) in &stats.by_basis {
        rows.push(csv_row(
            "podstawa prawna",
            String::new(),
            "",
            &basis.full_label(),
            row,
        ));
    }
    rows.push(csv_row("razem", String::new(), "", "", &stats.total));
    csv_response(
        "klauzule-spoleczne-statystyki.csv",
        &CSV_HEADER,
        rows.into_iter(),
    )
}
