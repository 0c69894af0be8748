//! Mapy (`/mapa`): one map with three layers — organisations (PES), support institutions and
//! premises — filtered like the lists, always with the equivalent list beside it; the map
//! panel that list pages include (`templates/partials/map.html`); and the locality
//! suggestions of the location picker (`/mapa/miejscowosci`).
//!
//! The map itself is drawn in the browser (`assets/js/map.js`, Leaflet) from the registers'
//! GeoJSON; everything here also works without JavaScript: the filters are a GET form and the
//! list is rendered on the server.

use serde::Serialize;

use super::{
    Ctx, PageError, PageResult, institutions, organizations, organizations_api, premises,
    premises_api, render,
};
use crate::app::App;
use crate::domain::geo::GeoPoint;
use crate::domain::institution::{InstitutionType, Service};
use crate::domain::organization::{Area, LegalForm};
use crate::domain::premises::Status;
use crate::web::http::Response;
use crate::web::query::Query;

/// Toruń's centre, where the map opens when no record has a place.
pub const TORUN: GeoPoint = GeoPoint {
    lat: 53.0138,
    lon: 18.5984,
};

/// The area the embedded base map covers (kujawsko-pomorskie with a margin): south, west,
/// north, east.
const BASE_MAP_BOUNDS: [f64; 4] = [52.2, 17.1, 53.9, 19.9];

/// How many records of each layer the list under the map shows before pointing to the
/// register.
const LIST_CAP: usize = 50;

/// Attribution of the base map, always shown under and on the map.
pub const ATTRIBUTION: &str = "© autorzy OpenStreetMap (ODbL), PRNG (GUGiK), GSHHG, Natural Earth";

/// What the browser needs to show the base map.
#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    pub max_zoom: u8,
    pub min_zoom: u8,
    /// Whether a street-level map is loaded (otherwise the page says the map stops at zoom 12).
    pub detail: bool,
    /// What the loaded street-level map is (source file, import date, zooms, counts).
    pub detail_note: Option<String>,
    pub centre: GeoPoint,
    pub zoom: u8,
    /// "south,west,north,east" — the map is not panned outside.
    pub bounds: String,
    pub tiles: &'static str,
    pub attribution: &'static str,
}

/// The base map in use: the embedded one (real OpenStreetMap tiles up to zoom 6 and our own
/// drawing up to zoom 12, over the voivodeship), deepened by the street-level map a gmina
/// imported (`pestor map import`), which raises the zoom limit and may widen the area.
pub fn map_view(app: &App) -> MapView {
    let [mut s, mut w, mut n, mut e] = BASE_MAP_BOUNDS;
    let street = app.street_map();
    let street = street.as_deref();
    if let Some(map) = street {
        let (west, south, east, north) = map.bounds();
        (s, w, n, e) = (s.min(south), w.min(west), n.max(north), e.max(east));
    }
    MapView {
        max_zoom: street.map_or(crate::map::base::MAX_ZOOM, |m| {
            m.max_zoom().max(crate::map::base::MAX_ZOOM)
        }),
        min_zoom: 6,
        detail: street.is_some(),
        detail_note: street.map(|m| m.description()),
        centre: TORUN,
        zoom: 11,
        bounds: format!("{s},{w},{n},{e}"),
        tiles: "/tiles/{z}/{x}/{y}.png",
        attribution: ATTRIBUTION,
    }
}

/// A layer of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Pes,
    Support,
    Premises,
}

impl Layer {
    pub const ALL: [Layer; 3] = [Layer::Pes, Layer::Support, Layer::Premises];

    /// The layer's name in `/mapa` URLs and in the script.
    pub fn key(self) -> &'static str {
        match self {
            Layer::Pes => "pes",
            Layer::Support => "wsparcie",
            Layer::Premises => "lokale",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Layer::Pes => "Podmioty ekonomii społecznej",
            Layer::Support => "Instytucje wsparcia",
            Layer::Premises => "Lokale dla organizacji",
        }
    }

    /// The register's open-data list, which answers `format=geojson`.
    pub fn api(self) -> &'static str {
        match self {
            Layer::Pes => "/api/v1/organizations",
            Layer::Support => "/api/v1/institutions",
            Layer::Premises => "/api/v1/premises",
        }
    }

    /// The register's own list page.
    pub fn list(self) -> &'static str {
        match self {
            Layer::Pes => "/podmioty",
            Layer::Support => "/wsparcie",
            Layer::Premises => "/lokale",
        }
    }

    /// The list parameters the register understands (the same names on its page, its API and
    /// here).
    fn params(self) -> &'static [&'static str] {
        match self {
            Layer::Pes => &["q", "forma", "obszar", "grupa", "osiedle", "status"],
            Layer::Support => &["q", "rodzaj", "usluga"],
            Layer::Premises => &["q", "status", "osiedle", "pow_od", "pow_do", "dostepny"],
        }
    }
}

/// One layer with the filters it is shown with.
#[derive(Debug, Clone, Serialize)]
pub struct LayerQuery {
    pub key: &'static str,
    pub label: &'static str,
    /// The GeoJSON to load, with the filters.
    pub src: String,
    /// The register's list with the same filters.
    pub list_href: String,
}

fn encode(pairs: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter())
        .finish()
}

/// `layer` with those of `params` that its register understands.
pub fn layer_query(layer: Layer, params: &[(String, String)]) -> LayerQuery {
    let kept: Vec<(String, String)> = params
        .iter()
        .filter(|(k, v)| layer.params().contains(&k.as_str()) && !v.trim().is_empty())
        .cloned()
        .collect();
    let mut api = vec![("format".to_string(), "geojson".to_string())];
    api.extend(kept.iter().cloned());
    let query = encode(&kept);
    LayerQuery {
        key: layer.key(),
        label: layer.label(),
        src: format!("{}?{}", layer.api(), encode(&api)),
        list_href: if query.is_empty() {
            layer.list().to_string()
        } else {
            format!("{}?{query}", layer.list())
        },
    }
}

/// `/mapa` with `layers` switched on and `params` as filters.
pub fn page_href(layers: &[(&str, &str)], params: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = vec![("pokaz".to_string(), "1".to_string())];
    pairs.extend(layers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    pairs.extend(
        params
            .iter()
            .filter(|(k, _)| MAP_FILTERS.contains(&k.as_str()))
            .cloned(),
    );
    format!("/mapa?{}", encode(&pairs))
}

/// The static files the map needs, with versioned URLs.
#[derive(Debug, Clone, Serialize)]
pub struct MapAssets {
    pub styles: Vec<String>,
    pub scripts: Vec<String>,
    /// The base map, for the location pickers of forms.
    pub base: MapView,
}

/// Leaflet, its clustering plug-in and our script, in load order.
pub fn assets(app: &App) -> MapAssets {
    MapAssets {
        styles: [
            "vendor/leaflet/leaflet.css",
            "vendor/leaflet.markercluster/MarkerCluster.css",
            "vendor/leaflet.markercluster/MarkerCluster.Default.css",
            "css/map.css",
        ]
        .iter()
        .map(|p| app.assets.versioned_url(p))
        .collect(),
        scripts: [
            "vendor/leaflet/leaflet.js",
            "vendor/leaflet.markercluster/leaflet.markercluster.js",
            "js/map.js",
        ]
        .iter()
        .map(|p| app.assets.versioned_url(p))
        .collect(),
        base: map_view(app),
    }
}

/// A map beside a list (`partials/map.html`, macro `panel`): hidden until the script shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MapPanel {
    pub label: &'static str,
    pub layers: Vec<LayerQuery>,
    pub view: MapView,
    pub assets: MapAssets,
}

pub fn panel(app: &App, label: &'static str, layers: Vec<LayerQuery>) -> MapPanel {
    MapPanel {
        label,
        layers,
        view: map_view(app),
        assets: assets(app),
    }
}

/// The filter parameters of `/mapa` (besides the layer switches).
const MAP_FILTERS: &[&str] = &[
    "q", "forma", "obszar", "grupa", "rodzaj", "usluga", "status", "dostepny",
];

/// The legend mark of each premises status: the map does not rely on colour alone.
fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Free => "W",
        Status::Occupied => "Z",
        Status::OpenCall => "N",
        Status::Renovation => "R",
    }
}

/// `GET /mapa`
pub fn page(app: &App, ctx: &Ctx) -> PageResult {
    let q = &ctx.query;
    let submitted = q.get("pokaz").is_some();
    let shown = |layer: Layer| !submitted || q.checked(layer.key());
    let pick = |names: &[&str]| -> Vec<(String, String)> {
        names
            .iter()
            .filter_map(|n| q.get(n).map(|v| (n.to_string(), v.to_string())))
            .collect()
    };
    let pes_params = pick(&["q", "forma", "obszar", "grupa"]);
    let support_params = pick(&["q", "rodzaj", "usluga"]);
    let premises_params = pick(&["q", "status", "dostepny"]);
    // Every filter is checked even for a hidden layer, so a wrong bookmark is noticed.
    let pes_query = organizations::parse_filters(
        app,
        &Query::from_pairs(pes_params.clone()),
        crate::search::catalog::MAX_PER_PAGE,
    )?;
    let support_query = institutions::parse_query(&Query::from_pairs(support_params.clone()), 20)?;
    let premises_query = premises::parse_query(
        &Query::from_pairs(premises_params.clone()),
        crate::search::catalog::MAX_PER_PAGE,
    )?;

    let mut sections = Vec::new();
    let mut located: Vec<GeoPoint> = Vec::new();
    let mut layers = Vec::new();
    if shown(Layer::Pes) {
        let orgs = organizations_api::all_matches(app, pes_query)?;
        located.extend(orgs.iter().filter_map(|o| o.geo));
        let layer = layer_query(Layer::Pes, &pes_params);
        sections.push(Section {
            key: "pes",
            title: Layer::Pes.label(),
            total: orgs.len(),
            items: orgs
                .iter()
                .take(LIST_CAP)
                .map(|o| Item {
                    name: o.name.clone(),
                    href: format!("/podmioty/{}", o.slug),
                    detail: format!(
                        "{} · {}, {}",
                        o.legal_form.label(),
                        o.address.street,
                        o.district
                    ),
                    located: o.geo.is_some(),
                })
                .collect(),
            all_href: layer.list_href.clone(),
        });
        layers.push(layer);
    }
    if shown(Layer::Support) {
        let records = institutions::all_matches(app, support_query)?;
        located.extend(records.iter().filter_map(|r| r.geo));
        let layer = layer_query(Layer::Support, &support_params);
        sections.push(Section {
            key: "wsparcie",
            title: Layer::Support.label(),
            total: records.len(),
            items: records
                .iter()
                .take(LIST_CAP)
                .map(|r| Item {
                    name: r.name.clone(),
                    href: r.path(),
                    detail: format!("{} · {}", r.kind.label(), r.address_line()),
                    located: r.geo.is_some(),
                })
                .collect(),
            all_href: layer.list_href.clone(),
        });
        layers.push(layer);
    }
    if shown(Layer::Premises) {
        let records = premises_api::all_matches(app, premises_query)?;
        located.extend(records.iter().filter_map(|p| p.geo));
        let layer = layer_query(Layer::Premises, &premises_params);
        sections.push(Section {
            key: "lokale",
            title: Layer::Premises.label(),
            total: records.len(),
            items: records
                .iter()
                .take(LIST_CAP)
                .map(|p| Item {
                    name: p.label(),
                    href: format!("/lokale/{}", p.slug),
                    detail: format!(
                        "lokal {} · {} · {}",
                        p.status.label(),
                        p.area_label(),
                        p.district
                    ),
                    located: p.geo.is_some(),
                })
                .collect(),
            all_href: layer.list_href.clone(),
        });
        layers.push(layer);
    }

    let mut view = map_view(app);
    if let Some(centre) = centre_of(&located) {
        view.centre = centre;
    }
    let choices = |all: Vec<(&'static str, &'static str)>, name: &str| -> Vec<Choice> {
        all.into_iter()
            .map(|(code, label)| Choice {
                code,
                label,
                selected: q.get(name) == Some(code),
            })
            .collect()
    };
    let page = MapPage {
        q: q.get("q").unwrap_or("").to_string(),
        layer_switches: Layer::ALL
            .iter()
            .map(|l| Switch {
                key: l.key(),
                label: l.label(),
                on: shown(*l),
            })
            .collect(),
        legal_forms: choices(
            LegalForm::ALL
                .iter()
                .map(|f| (f.code(), f.label()))
                .collect(),
            "forma",
        ),
        areas: choices(
            Area::ALL.iter().map(|a| (a.code(), a.label())).collect(),
            "obszar",
        ),
        kinds: choices(
            InstitutionType::ALL
                .iter()
                .map(|k| (k.code(), k.label()))
                .collect(),
            "rodzaj",
        ),
        services: choices(
            Service::ALL.iter().map(|s| (s.code(), s.label())).collect(),
            "usluga",
        ),
        statuses: choices(
            Status::ALL.iter().map(|s| (s.code(), s.label())).collect(),
            "status",
        ),
        accessible: q.get("dostepny").is_some(),
        legend: premises_legend(),
        grupa: q.get("grupa").map(str::to_string),
        sections,
        cap: LIST_CAP,
        map: MapPanel {
            label: "Mapa podmiotów, instytucji wsparcia i lokali",
            layers,
            view,
            assets: assets(app),
        },
    };
    render(app, ctx, "map/page.html", "Mapy", page)
}

/// The centre of the bounding box of `points`.
fn centre_of(points: &[GeoPoint]) -> Option<GeoPoint> {
    let first = points.first()?;
    let (mut s, mut w, mut n, mut e) = (first.lat, first.lon, first.lat, first.lon);
    for p in points {
        s = s.min(p.lat);
        n = n.max(p.lat);
        w = w.min(p.lon);
        e = e.max(p.lon);
    }
    Some(GeoPoint {
        lat: (s + n) / 2.0,
        lon: (w + e) / 2.0,
    })
}

#[derive(Serialize)]
struct MapPage {
    q: String,
    layer_switches: Vec<Switch>,
    legal_forms: Vec<Choice>,
    areas: Vec<Choice>,
    kinds: Vec<Choice>,
    services: Vec<Choice>,
    statuses: Vec<Choice>,
    accessible: bool,
    legend: Vec<LegendEntry>,
    /// A target group carried over from the directory's filters (no control of its own here).
    grupa: Option<String>,
    sections: Vec<Section>,
    cap: usize,
    map: MapPanel,
}

#[derive(Serialize)]
struct Switch {
    key: &'static str,
    label: &'static str,
    on: bool,
}

#[derive(Serialize)]
struct Choice {
    code: &'static str,
    label: &'static str,
    selected: bool,
}

/// The premises statuses as the map's legend shows them.
pub fn premises_legend() -> Vec<LegendEntry> {
    Status::ALL
        .iter()
        .map(|s| LegendEntry {
            code: s.code(),
            label: s.label(),
            mark: status_mark(*s),
        })
        .collect()
}

#[derive(Serialize)]
pub struct LegendEntry {
    code: &'static str,
    label: &'static str,
    mark: &'static str,
}

/// The list of one layer under the map.
#[derive(Serialize)]
struct Section {
    key: &'static str,
    title: &'static str,
    total: usize,
    items: Vec<Item>,
    all_href: String,
}

#[derive(Serialize)]
struct Item {
    name: String,
    href: String,
    detail: String,
    located: bool,
}

/// `GET /mapa/miejscowosci?q=…`: up to ten localities of the voivodeship whose name starts
/// with the text, as `[{name, label, lat, lon}]`.
pub fn localities(_app: &App, ctx: &Ctx) -> PageResult {
    let text = ctx.query.get("q").unwrap_or("");
    if text.chars().count() > 100 {
        return Err(PageError::BadRequest(
            "Nazwa miejscowości jest za długa (najwyżej 100 znaków).".to_string(),
        ));
    }
    let found: Vec<serde_json::Value> = crate::map::localities::search(text, 10)
        .into_iter()
        .map(|l| {
            serde_json::json!({
                "name": l.name,
                "label": l.label(),
                "lat": l.point.lat,
                "lon": l.point.lon,
            })
        })
        .collect();
    Ok(
        Response::json(200, serde_json::Value::Array(found).to_string())
            .with_header("Cache-Control", "public, max-age=3600"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_keeps_only_its_own_filters() {
        let params = vec![
            ("q".to_string(), "owes".to_string()),
            ("rodzaj".to_string(), "owes".to_string()),
            ("forma".to_string(), "fundacja".to_string()),
        ];
        let support = layer_query(Layer::Support, &params);
        assert_eq!(
            support.src,
            "/api/v1/institutions?format=geojson&q=owes&rodzaj=owes"
        );
        assert_eq!(support.list_href, "/wsparcie?q=owes&rodzaj=owes");
        let pes = layer_query(Layer::Pes, &params);
        assert_eq!(
            pes.src,
            "/api/v1/organizations?format=geojson&q=owes&forma=fundacja"
        );
        let premises = layer_query(Layer::Premises, &[]);
        assert_eq!(premises.src, "/api/v1/premises?format=geojson");
        assert_eq!(premises.list_href, "/lokale");
    }

    #[test]
    fn the_centre_is_the_middle_of_the_located_records() {
        assert!(centre_of(&[]).is_none());
        let c = centre_of(&[
            GeoPoint {
                lat: 53.0,
                lon: 18.5,
            },
            GeoPoint {
                lat: 53.2,
                lon: 18.7,
            },
        ])
        .unwrap();
        assert!((c.lat - 53.1).abs() < 1e-9 && (c.lon - 18.6).abs() < 1e-9);
    }

    #[test]
    fn map_links_keep_only_map_filters() {
        let href = page_href(
            &[("wsparcie", "1")],
            &[
                ("q".to_string(), "Toruń".to_string()),
                ("page".to_string(), "3".to_string()),
            ],
        );
        assert_eq!(href, "/mapa?pokaz=1&wsparcie=1&q=Toru%C5%84");
    }
}
