//! Open data of the social-clause register: `/api/v1/procurements` as JSON or CSV (one row
//! per procurement, its clauses joined into readable columns), one procurement as JSON, and
//! the Atom feed of the newest procurements (`/klauzule.atom`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::open_data::{
    self, FeedEntry, Format, atom_response, csv_response, format_of, json_page, json_record, yes_no,
};
use super::procurements::{
    all_matches, organization_slugs, parse_query, read_index, run_query, summary,
};
use super::{Ctx, PageError, PageResult};
use crate::app::App;
use crate::domain::organization::OrgId;
use crate::domain::procurement::{Clause, Procurement, ProcurementId};
use crate::search::catalog::{CatalogQuery, CatalogSort};
use crate::text::format;
use crate::web::http::Response;

/// Entries in the Atom feed.
const FEED_ENTRIES: usize = 30;

/// `GET /api/v1/procurements` — one page as JSON; with `format=csv` the whole filtered list.
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let format = format_of(&ctx.query, false)?;
    let query = parse_query(&ctx.query, open_data::per_page(&ctx.query)?)?;
    match format {
        Format::Csv => {
            let records = all_matches(app, &query)?;
            let slugs = organization_slugs(app, &records)?;
            Ok(csv_rows(&records, &slugs))
        }
        _ => {
            let found = run_query(app, &query)?;
            let slugs = organization_slugs(app, &found.records)?;
            let items: Vec<ProcurementJson> = found
                .records
                .iter()
                .map(|p| ProcurementJson::new(p, &slugs))
                .collect();
            Ok(json_page(found.total, query.page, query.per_page, &items))
        }
    }
}

/// `GET /api/v1/procurements/{slug}` (a numeric id works too).
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let key = ctx.param("slug");
    let record = match (app.store.procurement_by_slug(key)?, key.parse::<u64>()) {
        (Some(record), _) => Some(record),
        (None, Ok(id)) => app.store.procurement(ProcurementId(id))?,
        (None, Err(_)) => None,
    };
    let record = record.ok_or(PageError::NotFound)?;
    let slugs = organization_slugs(app, std::slice::from_ref(&record))?;
    json_record(&ProcurementJson::new(&record, &slugs))
}

/// `GET /klauzule.atom`: the procurements with the latest notices.
pub fn feed(app: &App, _ctx: &Ctx) -> PageResult {
    let ids: Vec<ProcurementId> = read_index(app)
        .catalog
        .search(&CatalogQuery {
            sort: CatalogSort::Newest,
            page: 1,
            per_page: FEED_ENTRIES,
            ..CatalogQuery::default()
        })
        .page_ids
        .into_iter()
        .map(ProcurementId)
        .collect();
    let records = app.store.procurements_by_ids(&ids)?;
    let entries: Vec<FeedEntry> = records
        .iter()
        .map(|p| FeedEntry {
            path: p.path(),
            title: format!("{} ({})", p.title, p.reference),
            summary: summary(p),
            updated: p.updated,
        })
        .collect();
    let title = format!(
        "Klauzule społeczne – rejestr zamówień – {}",
        app.settings().gmina_name
    );
    Ok(atom_response(
        &app.config.public_url,
        "/klauzule.atom",
        &title,
        &entries,
    ))
}

/// One clause, with stable English names for machines.
#[derive(Serialize)]
struct ClauseJson<'a> {
    legal_basis: &'static str,
    legal_basis_label: &'static str,
    act: &'static str,
    target_group: &'static str,
    target_group_label: &'static str,
    required_people: Option<u32>,
    required_percent: Option<u8>,
    months: Option<u32>,
    committed_effect: &'a str,
    achieved_effect: &'a str,
    achieved_people: Option<u32>,
}

impl<'a> From<&'a Clause> for ClauseJson<'a> {
    fn from(c: &'a Clause) -> ClauseJson<'a> {
        ClauseJson {
            legal_basis: c.basis.code(),
            legal_basis_label: c.basis.label(),
            act: c.basis.act().code(),
            target_group: c.target_group.code(),
            target_group_label: c.target_group.label(),
            required_people: c.required_people,
            required_percent: c.required_percent,
            months: c.months,
            committed_effect: &c.committed,
            achieved_effect: &c.achieved,
            achieved_people: c.achieved_people,
        }
    }
}

/// The contractor.
#[derive(Serialize)]
struct ContractorJson<'a> {
    name: &'a str,
    nip: Option<&'a str>,
    /// The slug of its entry in the directory (`/podmioty/{slug}`).
    organization: Option<String>,
    social_economy: bool,
}

/// The public fields of a procurement, with stable English names for machines.
#[derive(Serialize)]
struct ProcurementJson<'a> {
    id: u64,
    slug: &'a str,
    url: String,
    reference: &'a str,
    bzp_number: Option<&'a str>,
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    type_label: &'static str,
    procedure: &'static str,
    procedure_label: &'static str,
    act: &'static str,
    threshold: &'static str,
    ordering_unit: &'a str,
    /// Grosze.
    estimated_value: Option<i64>,
    contract_value: Option<i64>,
    notice_date: String,
    offers_deadline: Option<String>,
    contract_date: Option<String>,
    clauses: Vec<ClauseJson<'a>>,
    contractor: Option<ContractorJson<'a>>,
    won_by_pes: bool,
    status: &'static str,
    status_label: &'static str,
    source_url: Option<&'a str>,
    notes: &'a str,
    updated: String,
    demo: bool,
}

impl<'a> ProcurementJson<'a> {
    fn new(p: &'a Procurement, slugs: &BTreeMap<OrgId, String>) -> ProcurementJson<'a> {
        ProcurementJson {
            id: p.id.0,
            slug: &p.slug,
            url: p.path(),
            reference: &p.reference,
            bzp_number: (!p.bzp_number.is_empty()).then_some(p.bzp_number.as_str()),
            title: &p.title,
            kind: p.kind.code(),
            type_label: p.kind.label(),
            procedure: p.procedure.code(),
            procedure_label: p.procedure.label(),
            act: p.act.code(),
            threshold: p.threshold.code(),
            ordering_unit: &p.unit,
            estimated_value: p.estimated_value,
            contract_value: p.contract_value,
            notice_date: p.notice_date.to_string(),
            offers_deadline: p.offers_deadline.map(|d| d.to_string()),
            contract_date: p.contract_date.map(|d| d.to_string()),
            clauses: p.clauses.iter().map(ClauseJson::from).collect(),
            contractor: p.contractor.as_ref().map(|c| ContractorJson {
                name: &c.name,
                nip: c.nip.as_deref(),
                organization: c.organization.and_then(|id| slugs.get(&id).cloned()),
                social_economy: c.organization.is_some() || c.pes,
            }),
            won_by_pes: p.won_by_pes(),
            status: p.status.code(),
            status_label: p.status.label(),
            source_url: p.source_url.as_deref(),
            notes: &p.notes,
            updated: format::rfc3339(p.updated),
            demo: p.demo,
        }
    }
}

/// The CSV header (one row per procurement).
pub const CSV_HEADER: [&str; 25] = [
    "znak sprawy",
    "numer ogłoszenia BZP",
    "nazwa zamówienia",
    "rodzaj zamówienia",
    "tryb",
    "ustawa",
    "próg",
    "komórka zamawiająca",
    "wartość szacunkowa",
    "wartość umowy",
    "data ogłoszenia",
    "termin składania ofert",
    "data umowy",
    "liczba klauzul",
    "podstawy prawne",
    "grupy docelowe",
    "wymagania",
    "zatrudnione osoby (razem)",
    "wykonawca",
    "NIP wykonawcy",
    "wykonawca w bazie PES",
    "wygrane przez PES",
    "stan",
    "źródło",
    "adres w serwisie",
];

fn money(value: Option<i64>) -> String {
    value.map(format::money).unwrap_or_default()
}

fn date(value: Option<jiff::civil::Date>) -> String {
    value.map(format::date_short).unwrap_or_default()
}

fn csv_rows(records: &[Procurement], slugs: &BTreeMap<OrgId, String>) -> Response {
    let rows = records.iter().map(|p| {
        let bases: Vec<&str> = p.clauses.iter().map(|c| c.basis.provision()).collect();
        let groups: Vec<&str> = p.clauses.iter().map(|c| c.target_group.label()).collect();
        let requirements: Vec<String> = p
            .clauses
            .iter()
            .map(|c| {
                let mut text = c.requirement();
                if let Some(m) = c.months {
                    text.push_str(&format!(
                        ", {m} {}",
                        crate::text::plural::plural(
                            u64::from(m),
                            "miesiąc",
                            "miesiące",
                            "miesięcy"
                        )
                    ));
                }
                if text.is_empty() {
                    "–".to_string()
                } else {
                    text
                }
            })
            .collect();
        let achieved: Option<u32> = p
            .clauses
            .iter()
            .filter_map(|c| c.achieved_people)
            .reduce(|a, b| a + b);
        let contractor = p.contractor.as_ref();
        vec![
            p.reference.clone(),
            p.bzp_number.clone(),
            p.title.clone(),
            p.kind.label().to_string(),
            p.procedure.label().to_string(),
            p.act.short().to_string(),
            p.threshold.describe(p.act),
            p.unit.clone(),
            money(p.estimated_value),
            money(p.contract_value),
            format::date_short(p.notice_date),
            date(p.offers_deadline),
            date(p.contract_date),
            p.clauses.len().to_string(),
            bases.join("; "),
            groups.join("; "),
            requirements.join("; "),
            achieved.map(|n| n.to_string()).unwrap_or_default(),
            contractor.map(|c| c.name.clone()).unwrap_or_default(),
            contractor.and_then(|c| c.nip.clone()).unwrap_or_default(),
            contractor
                .and_then(|c| c.organization)
                .and_then(|id| slugs.get(&id))
                .map(|s| format!("/podmioty/{s}"))
                .unwrap_or_default(),
            yes_no(p.won_by_pes()),
            p.status.label().to_string(),
            p.source_url.clone().unwrap_or_default(),
            p.path(),
        ]
    });
    csv_response("klauzule-spoleczne.csv", &CSV_HEADER, rows)
}
