//! The catalogue of public datasets: one entry per register, read by `/dane`, by the OpenAPI
//! description (each entry carries its fragment) and by "Platforma w liczbach". Adding a
//! register to the open data is adding one entry to [`DATASETS`].

use std::collections::HashMap;

use super::{Ctx, PageError, ROUTES};
use crate::app::App;
use crate::domain::Timestamp;
use crate::web::http::{Method, Request};
use crate::web::query::Query;
use crate::web::router::{self, Match};
use crate::web::visitor::Visitor;

/// One public dataset.
pub struct Dataset {
    /// Polish name, e.g. "Podmioty ekonomii społecznej".
    pub name: &'static str,
    /// One sentence: what a record is.
    pub description: &'static str,
    /// The public list page, e.g. "/podmioty".
    pub page: &'static str,
    /// The API kind: the list is `/api/v1/{api}`, one record `/api/v1/{api}/{slug}`.
    pub api: &'static str,
    /// Records have a place on the map (GeoJSON is offered).
    pub located: bool,
    /// The Atom feed of new records, where the register has one.
    pub feed: Option<&'static str>,
    /// The store tables whose newest change is the dataset's update time.
    pub tables: &'static [&'static str],
    /// Query of the API list that makes the whole dataset (its `total` is the record count, and
    /// the download links use it); empty for the API's default.
    pub whole: &'static str,
    /// The OpenAPI fragment of the API kind (`src/pages/openapi/{api}.json`).
    pub openapi: &'static str,
}

/// Every public dataset, in the order `/dane` lists them.
pub static DATASETS: &[Dataset] = &[
    Dataset {
        name: "Podmioty ekonomii społecznej",
        description: "Fundacje, stowarzyszenia, spółdzielnie socjalne, CIS, KIS, WTZ, ZAZ i inne podmioty działające w gminie: forma prawna, numery rejestrowe, adres, kontakt, obszary działalności i statusy.",
        page: "/podmioty",
        api: "organizations",
        located: true,
        feed: Some("/podmioty.atom"),
        tables: &["organizations_v1"],
        whole: "",
        openapi: include_str!("openapi/organizations.json"),
    },
    Dataset {
        name: "Produkty i usługi",
        description: "Oferty podmiotów ekonomii społecznej dla gminy, mieszkańców i innych organizacji: kategoria, cena, odbiorcy i obszar działania.",
        page: "/oferty",
        api: "offers",
        located: false,
        feed: Some("/oferty.atom"),
        tables: &["offers_v1"],
        whole: "",
        openapi: include_str!("openapi/offers.json"),
    },
    Dataset {
        name: "Bank sprzętu",
        description: "Sprzęt przekazywany lub użyczany organizacjom: kategoria, stan techniczny, forma przekazania, status i historia przekazań.",
        page: "/sprzet",
        api: "equipment",
        located: false,
        feed: Some("/sprzet.atom"),
        tables: &["equipment_v1"],
        whole: "status=wszystkie",
        openapi: include_str!("openapi/equipment.json"),
    },
    Dataset {
        name: "Zapotrzebowanie",
        description: "Potrzeby miasta i podmiotów ekonomii społecznej zgłaszane na tablicy: kategoria, zakres, termin odpowiedzi, status i liczba odpowiedzi.",
        page: "/zapotrzebowanie",
        api: "needs",
        located: false,
        feed: Some("/zapotrzebowanie.atom"),
        tables: &["needs_v1"],
        whole: "status=wszystkie",
        openapi: include_str!("openapi/needs.json"),
    },
    Dataset {
        name: "Baza lokalowa",
        description: "Gminne lokale użytkowe dla organizacji: adres, powierzchnia, stan, dostępność, stawka czynszu, status i nabory.",
        page: "/lokale",
        api: "premises",
        located: true,
        feed: Some("/lokale.atom"),
        tables: &["premises_v1"],
        whole: "",
        openapi: include_str!("openapi/premises.json"),
    },
    Dataset {
        name: "Mapa wsparcia",
        description: "Instytucje wspierające ekonomię społeczną: rodzaj, usługi, adres, kontakt i godziny otwarcia.",
        page: "/wsparcie",
        api: "institutions",
        located: true,
        feed: Some("/wsparcie.atom"),
        tables: &["institutions_v1"],
        whole: "",
        openapi: include_str!("openapi/institutions.json"),
    },
    Dataset {
        name: "Klauzule społeczne w zamówieniach publicznych",
        description: "Zamówienia gminy z klauzulami społecznymi: znak sprawy, numer ogłoszenia BZP, tryb, próg, wartość, podstawy prawne klauzul, grupy docelowe, wykonawca i osiągnięty efekt.",
        page: "/klauzule",
        api: "procurements",
        located: false,
        feed: Some("/klauzule.atom"),
        tables: &["procurements_v1"],
        whole: "",
        openapi: include_str!("openapi/procurements.json"),
    },
    Dataset {
        name: "Wskaźniki programu współpracy",
        description: "Wskaźniki programu współpracy gminy z podmiotami ekonomii społecznej: definicja, jednostka, wartość bazowa, docelowa i bieżąca, historia pomiarów, właściciel danych i źródło.",
        page: "/program",
        api: "indicators",
        located: false,
        feed: None,
        tables: &["indicators_v1", "programme_events_v1"],
        whole: "",
        openapi: include_str!("openapi/indicators.json"),
    },
    Dataset {
        name: "Wydarzenia programu współpracy",
        description: "Szkolenia, wizyty studyjne, fora, nagrody i spotkania zespołu ds. monitoringu: data, miejsce, uczestnicy i opis.",
        page: "/program/wydarzenia",
        api: "events",
        located: false,
        feed: Some("/program/wydarzenia.atom"),
        tables: &["programme_events_v1"],
        whole: "",
        openapi: include_str!("openapi/events.json"),
    },
];

impl Dataset {
    /// The API list path, e.g. "/api/v1/organizations".
    pub fn api_path(&self) -> String {
        format!("/api/v1/{}", self.api)
    }

    /// A download link of the whole dataset in `format` ("json", "csv", "geojson"); JSON gives
    /// the first page of the largest size.
    pub fn download(&self, format: &str) -> String {
        let mut query: Vec<String> = Vec::new();
        if !self.whole.is_empty() {
            query.push(self.whole.to_string());
        }
        match format {
            "json" => query.push(format!("per_page={}", super::open_data::MAX_PER_PAGE)),
            other => query.push(format!("format={other}")),
        }
        format!("{}?{}", self.api_path(), query.join("&"))
    }

    /// How many records the whole dataset has.
    pub fn count(&self, app: &App) -> Result<usize, PageError> {
        api_total(app, self.api, self.whole)
    }
}

/// The `total` that `GET /api/v1/{api}?{query}` answers: the record count of the list exactly
/// as the API computes it (same handler, same filters, an anonymous visitor).
pub fn api_total(app: &App, api: &str, query: &str) -> Result<usize, PageError> {
    let path = format!("/api/v1/{api}");
    let query = if query.is_empty() {
        "per_page=1".to_string()
    } else {
        format!("{query}&per_page=1")
    };
    let request = Request::get(&format!("{path}?{query}"));
    let Match::Found { route, params } = router::find(ROUTES, Method::Get, &path, false) else {
        return Err(PageError::Internal(format!("no route for {path}")));
    };
    let ctx = Ctx {
        request: &request,
        params,
        query: Query::parse(&request.query),
        form: Query::default(),
        files: Vec::new(),
        visitor: Visitor::resolve(&app.store, &request)?,
    };
    let response = (route.handler)(app, &ctx)?;
    serde_json::from_slice::<serde_json::Value>(&response.body)
        .ok()
        .and_then(|body| body.get("total")?.as_u64())
        .map(|total| total as usize)
        .ok_or_else(|| PageError::Internal(format!("{path}: no total in the answer")))
}

/// The update time of each dataset (by API kind): the newest change of any of its tables;
/// missing when none of them ever changed.
pub fn update_times(app: &App) -> Result<HashMap<&'static str, Timestamp>, PageError> {
    let tables: Vec<&str> = DATASETS
        .iter()
        .flat_map(|d| d.tables.iter().copied())
        .collect();
    let newest = app.table_times.newest(&app.store, &tables)?;
    Ok(DATASETS
        .iter()
        .filter_map(|d| {
            let time = d.tables.iter().filter_map(|t| newest.get(*t)).max()?;
            Some((d.api, *time))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dataset_names_known_tables_and_distinct_paths() {
        let mut apis = std::collections::HashSet::new();
        for d in DATASETS {
            assert!(apis.insert(d.api), "{} twice", d.api);
            assert!(!d.tables.is_empty(), "{}", d.api);
            for table in d.tables {
                assert!(
                    crate::store::registered(table).is_some(),
                    "{}: unknown table {table}",
                    d.api
                );
            }
            if let Some(feed) = d.feed {
                assert_eq!(feed, format!("{}.atom", d.page), "{}", d.api);
            }
            for path in std::iter::once(d.page).chain(d.feed) {
                assert!(
                    ROUTES
                        .iter()
                        .any(|r| r.method == Method::Get && r.pattern == path),
                    "{}: no route {path}",
                    d.api
                );
            }
        }
    }

    #[test]
    fn download_links_carry_the_whole_dataset_query() {
        let equipment = DATASETS.iter().find(|d| d.api == "equipment").unwrap();
        assert_eq!(
            equipment.download("csv"),
            "/api/v1/equipment?status=wszystkie&format=csv"
        );
        assert_eq!(
            equipment.download("json"),
            "/api/v1/equipment?status=wszystkie&per_page=100"
        );
        let orgs = DATASETS.iter().find(|d| d.api == "organizations").unwrap();
        assert_eq!(
            orgs.download("geojson"),
            "/api/v1/organizations?format=geojson"
        );
    }
}
