//! `/dane`: the catalogue of public datasets with their downloads, licence, update times and how
//! to use the API; `/dane/w-liczbach`: the platform in numbers, the live counts of the kinds the
//! programme's 2014 brochure reported.

use serde::Serialize;

use super::open_data_catalog::{DATASETS, Dataset, api_total, update_times};
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::settings::OpenDataLicence;
use crate::domain::user::{AccountStatus, Role};
use crate::text::{format, plural};

#[derive(Serialize)]
struct CatalogueView {
    datasets: Vec<DatasetView>,
    licence: LicenceView,
    citation: String,
    max_per_page: usize,
}

#[derive(Serialize)]
struct DatasetView {
    name: &'static str,
    description: &'static str,
    count: usize,
    count_text: String,
    /// "27 listopada 2026, 9:05", or empty when the register never changed.
    updated: String,
    /// RFC 3339, for `<time datetime>`.
    updated_iso: String,
    page: &'static str,
    api: String,
    json: String,
    csv: String,
    geojson: Option<String>,
    feed: Option<&'static str>,
    /// The list's own filters, from its OpenAPI fragment: (name, description).
    filters: Vec<(String, String)>,
}

#[derive(Serialize)]
struct LicenceView {
    label: &'static str,
    name: &'static str,
    url: &'static str,
    terms: &'static str,
}

impl From<OpenDataLicence> for LicenceView {
    fn from(l: OpenDataLicence) -> LicenceView {
        LicenceView {
            label: l.label(),
            name: l.name(),
            url: l.url(),
            terms: l.terms(),
        }
    }
}

/// `GET /dane`
pub fn catalogue(app: &App, ctx: &Ctx) -> PageResult {
    let settings = app.settings();
    let times = update_times(app)?;
    let mut datasets = Vec::with_capacity(DATASETS.len());
    for d in DATASETS {
        let count = d.count(app)?;
        let updated = times.get(d.api).copied();
        datasets.push(DatasetView {
            name: d.name,
            description: d.description,
            count,
            count_text: format!(
                "{} {}",
                format::integer(count as i64),
                plural::plural(count as u64, "rekord", "rekordy", "rekordów")
            ),
            updated: updated.map(format::date_time).unwrap_or_default(),
            updated_iso: updated.map(format::rfc3339).unwrap_or_default(),
            page: d.page,
            api: d.api_path(),
            json: d.download("json"),
            csv: d.download("csv"),
            geojson: d.located.then(|| d.download("geojson")),
            feed: d.feed,
            filters: filters(d),
        });
    }
    let view = CatalogueView {
        datasets,
        licence: settings.open_data_licence.into(),
        citation: format!("Źródło: Platforma PES-TOR, {}", settings.gmina_name),
        max_per_page: super::open_data::MAX_PER_PAGE,
    };
    render(app, ctx, "open_data/catalogue.html", "Dane otwarte", view)
}

/// The query parameters of a list that are its own (not the shared page, size, format and
/// text), as its OpenAPI fragment describes them.
fn filters(d: &Dataset) -> Vec<(String, String)> {
    let fragment: serde_json::Value = serde_json::from_str(d.openapi).unwrap_or_default();
    fragment["paths"][format!("/{}", d.api)]["get"]["parameters"]
        .as_array()
        .map(|params| {
            params
                .iter()
                .filter(|p| p.get("$ref").is_none())
                .filter_map(|p| {
                    Some((
                        p["name"].as_str()?.to_string(),
                        p["description"].as_str().unwrap_or("").to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Serialize)]
struct NumbersView {
    /// "27 listopada 2026, 9:05".
    as_of: String,
    groups: Vec<Group>,
}

#[derive(Serialize)]
struct Group {
    title: &'static str,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    /// Stable name for machines and tests, e.g. "organizations".
    key: &'static str,
    label: &'static str,
    value: usize,
    /// "208 podmiotów".
    text: String,
    /// Where the records are listed (empty for accounts, which are not public).
    href: String,
    /// The figure the 2014 brochure reported for the same kind, when it gave one.
    brochure: Option<u32>,
}

/// One counted kind: key, label, the API list and query that count it, the nouns for
/// plural forms, the list page and the brochure's figure.
struct Counted {
    key: &'static str,
    label: &'static str,
    api: &'static str,
    query: &'static str,
    nouns: (&'static str, &'static str, &'static str),
    page: &'static str,
    brochure: Option<u32>,
}

/// The registers, as the brochure's "Giełda zamówień społecznie odpowiedzialnych" listed them.
const REGISTERS: &[Counted] = &[
    Counted {
        key: "organizations",
        label: "Baza podmiotów ekonomii społecznej",
        api: "organizations",
        query: "",
        nouns: ("podmiot", "podmioty", "podmiotów"),
        page: "/podmioty",
        brochure: Some(208),
    },
    Counted {
        key: "equipment",
        label: "Bank sprzętu – wszystkie przedmioty",
        api: "equipment",
        query: "status=wszystkie",
        nouns: ("przedmiot", "przedmioty", "przedmiotów"),
        page: "/sprzet?status=wszystkie",
        brochure: Some(45),
    },
    Counted {
        key: "equipment_available",
        label: "Bank sprzętu – dostępne teraz",
        api: "equipment",
        query: "status=dostepny",
        nouns: ("przedmiot", "przedmioty", "przedmiotów"),
        page: "/sprzet?status=dostepny",
        brochure: None,
    },
    Counted {
        key: "offers",
        label: "Baza produktów i usług",
        api: "offers",
        query: "",
        nouns: ("oferta", "oferty", "ofert"),
        page: "/oferty",
        brochure: Some(42),
    },
    Counted {
        key: "needs",
        label: "Zapotrzebowanie – wszystkie zgłoszenia",
        api: "needs",
        query: "status=wszystkie",
        nouns: ("zgłoszenie", "zgłoszenia", "zgłoszeń"),
        page: "/zapotrzebowanie?status=wszystkie",
        brochure: Some(36),
    },
    Counted {
        key: "needs_open",
        label: "Zapotrzebowanie – otwarte",
        api: "needs",
        query: "status=otwarte",
        nouns: ("zgłoszenie", "zgłoszenia", "zgłoszeń"),
        page: "/zapotrzebowanie",
        brochure: None,
    },
    Counted {
        key: "premises",
        label: "Baza lokalowa – wszystkie lokale",
        api: "premises",
        query: "",
        nouns: ("lokal", "lokale", "lokali"),
        page: "/lokale",
        brochure: Some(83),
    },
    Counted {
        key: "premises_free",
        label: "Baza lokalowa – wolne lokale",
        api: "premises",
        query: "status=wolny",
        nouns: ("lokal", "lokale", "lokali"),
        page: "/lokale?status=wolny",
        brochure: None,
    },
    Counted {
        key: "institutions",
        label: "Mapa wsparcia – instytucje",
        api: "institutions",
        query: "",
        nouns: ("instytucja", "instytucje", "instytucji"),
        page: "/wsparcie",
        brochure: None,
    },
];

/// `GET /dane/w-liczbach`
pub fn numbers(app: &App, ctx: &Ctx) -> PageResult {
    let mut registers = Vec::with_capacity(REGISTERS.len());
    for c in REGISTERS {
        let value = api_total(app, c.api, c.query)?;
        registers.push(row(c.key, c.label, value, c.nouns, c.page, c.brochure));
    }
    let accounts = account_counts(app)?;
    let nouns = ("konto", "konta", "kont");
    let accounts = vec![
        row(
            "accounts_pes",
            "Przedstawiciele podmiotów ekonomii społecznej",
            accounts.pes,
            nouns,
            "",
            Some(77),
        ),
        row(
            "accounts_staff",
            "Pracownicy urzędu",
            accounts.staff,
            nouns,
            "",
            Some(6),
        ),
        row(
            "accounts_admins",
            "Administratorzy platformy",
            accounts.admins,
            nouns,
            "",
            None,
        ),
        row(
            "accounts_residents",
            "Mieszkańcy (osoby fizyczne)",
            accounts.residents,
            nouns,
            "",
            Some(50),
        ),
    ];
    let view = NumbersView {
        as_of: format::date_time(crate::domain::now()),
        groups: vec![
            Group {
                title: "Rejestry platformy",
                rows: registers,
            },
            Group {
                title: "Konta użytkowników",
                rows: accounts,
            },
        ],
    };
    render(
        app,
        ctx,
        "open_data/numbers.html",
        "Platforma w liczbach",
        view,
    )
}

fn row(
    key: &'static str,
    label: &'static str,
    value: usize,
    (one, few, many): (&'static str, &'static str, &'static str),
    href: &str,
    brochure: Option<u32>,
) -> Row {
    Row {
        key,
        label,
        value,
        text: format!(
            "{} {}",
            format::integer(value as i64),
            plural::plural(value as u64, one, few, many)
        ),
        href: href.to_string(),
        brochure,
    }
}

/// Active accounts by type; only numbers leave this function.
struct AccountCounts {
    pes: usize,
    staff: usize,
    admins: usize,
    residents: usize,
}

fn account_counts(app: &App) -> Result<AccountCounts, PageError> {
    let mut counts = AccountCounts {
        pes: 0,
        staff: 0,
        admins: 0,
        residents: 0,
    };
    for user in app.store.users()? {
        if user.status != AccountStatus::Active || user.deleted.is_some() {
            continue;
        }
        match user.role {
            Role::Pes => counts.pes += 1,
            Role::Staff => counts.staff += 1,
            Role::Admin => counts.admins += 1,
            Role::Resident => counts.residents += 1,
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_counted_kind_is_a_catalogue_dataset() {
        for c in REGISTERS {
            assert!(DATASETS.iter().any(|d| d.api == c.api), "{}", c.key);
        }
    }

    #[test]
    fn filters_come_from_the_fragments() {
        let premises = DATASETS.iter().find(|d| d.api == "premises").unwrap();
        let names: Vec<String> = filters(premises).into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "status", "osiedle", "dostepny", "pow_od", "pow_do", "sortuj"
            ]
        );
    }
}
