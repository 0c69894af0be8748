//! What every open-data endpoint shares (DESIGN §2.1): the `format` parameter, the JSON page
//! envelope `{"total","page","per_page","items"}`, CSV for Polish spreadsheets and Atom feeds.

use serde::Serialize;

use super::PageError;
use crate::domain::geo::GeoPoint;
use crate::text::format;
use crate::text::markup::escape_xml;
use crate::web::http::Response;
use crate::web::query::{Query, shorten};

pub const DEFAULT_PER_PAGE: usize = 20;
pub const MAX_PER_PAGE: usize = 100;

/// The representations an open-data list offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    GeoJson,
}

/// Reads `format`; `geojson` only for registers whose records have a place on the map.
pub fn format_of(query: &Query, located: bool) -> Result<Format, PageError> {
    let allowed = if located {
        "json, csv, geojson"
    } else {
        "json, csv"
    };
    match query.get("format") {
        None | Some("json") => Ok(Format::Json),
        Some("csv") => Ok(Format::Csv),
        Some("geojson") if located => Ok(Format::GeoJson),
        Some(other) => Err(PageError::BadRequest(format!(
            "Nieznany format „{}” (dozwolone: {allowed}).",
            shorten(other)
        ))),
    }
}

/// Reads `per_page` (1–100, default 20).
pub fn per_page(query: &Query) -> Result<usize, PageError> {
    query
        .positive(
            "per_page",
            DEFAULT_PER_PAGE,
            MAX_PER_PAGE,
            "Parametr per_page",
        )
        .map_err(PageError::BadRequest)
}

/// One GeoJSON point feature; `properties` should carry at least `name` and `url` (the record's
/// page), which the map's popups use.
pub fn geo_feature(point: GeoPoint, properties: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "type": "Feature",
        "geometry": { "type": "Point", "coordinates": [point.lon, point.lat] },
        "properties": properties,
    })
}

/// A GeoJSON FeatureCollection (RFC 7946: longitude first, WGS 84).
pub fn geojson_response(features: impl IntoIterator<Item = serde_json::Value>) -> Response {
    let features: Vec<serde_json::Value> = features.into_iter().collect();
    let body = serde_json::json!({ "type": "FeatureCollection", "features": features });
    Response::new(200, "application/geo+json; charset=utf-8", body.to_string())
}

/// One page of a list as JSON.
pub fn json_page<T: Serialize>(
    total: usize,
    page: usize,
    per_page: usize,
    items: &[T],
) -> Response {
    let body = serde_json::json!({
        "total": total,
        "page": page,
        "per_page": per_page,
        "items": items,
    });
    Response::json(200, body.to_string())
}

/// One record as JSON.
pub fn json_record<T: Serialize>(record: &T) -> Result<Response, PageError> {
    let body = serde_json::to_string(record).map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(Response::json(200, body))
}

/// CSV for spreadsheets used in Polish offices: UTF-8 with BOM, `;` separators, offered as a
/// download named `filename`.
pub fn csv_response(
    filename: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Response {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut ok = writer.write_record(header).is_ok();
    for row in rows {
        ok &= writer.write_record(&row).is_ok();
    }
    match (ok, writer.into_inner()) {
        (true, Ok(bytes)) => Response::new(200, "text/csv; charset=utf-8", bytes).with_header(
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ),
        _ => Response::text(500, "Nie udało się przygotować pliku CSV."),
    }
}

/// "tak" / "nie" for a CSV cell.
pub fn yes_no(value: bool) -> String {
    if value { "tak" } else { "nie" }.to_string()
}

/// One entry of an Atom feed.
pub struct FeedEntry {
    /// Path of the record's page, e.g. "/oferty/catering-na-spotkania".
    pub path: String,
    pub title: String,
    pub summary: String,
    /// Seconds since the epoch.
    pub updated: i64,
}

/// An Atom feed (RFC 4287) of `entries`, newest first. `base_url` is the public address of the
/// platform (links in feed readers must be absolute); `path` is the feed's own path.
pub fn atom_response(base_url: &str, path: &str, title: &str, entries: &[FeedEntry]) -> Response {
    let base = base_url.trim_end_matches('/');
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(0);
    let mut xml = String::with_capacity(1024 + entries.len() * 512);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"pl\">\n");
    push_element(&mut xml, "title", title);
    push_element(&mut xml, "id", &format!("{base}{path}"));
    xml.push_str(&format!(
        "<link rel=\"self\" href=\"{}\"/>\n",
        escape_xml(&format!("{base}{path}"))
    ));
    push_element(&mut xml, "updated", &format::rfc3339(updated));
    xml.push_str("<author><name>");
    xml.push_str(&escape_xml(title));
    xml.push_str("</name></author>\n");
    for entry in entries {
        let url = format!("{base}{}", entry.path);
        xml.push_str("<entry>\n");
        push_element(&mut xml, "title", &entry.title);
        push_element(&mut xml, "id", &url);
        xml.push_str(&format!("<link href=\"{}\"/>\n", escape_xml(&url)));
        push_element(&mut xml, "updated", &format::rfc3339(entry.updated));
        push_element(&mut xml, "summary", &entry.summary);
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    Response::new(200, "application/atom+xml; charset=utf-8", xml)
}

fn push_element(xml: &mut String, name: &str, text: &str) {
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    xml.push_str(&escape_xml(text));
    xml.push_str("</");
    xml.push_str(name);
    xml.push_str(">\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_escapes_text_and_uses_absolute_links() {
        let entries = [FeedEntry {
            path: "/oferty/a-b".into(),
            title: "Pierogi & <kompot>\u{1}".into(),
            summary: "\"Domowe\"".into(),
            updated: 1_700_000_000,
        }];
        let response = atom_response(
            "https://pes.torun.example/",
            "/oferty.atom",
            "Oferty",
            &entries,
        );
        let body = String::from_utf8(response.body.clone()).unwrap();
        assert!(body.contains("<title>Pierogi &amp; &lt;kompot&gt;</title>"));
        assert!(body.contains("<link href=\"https://pes.torun.example/oferty/a-b\"/>"));
        assert!(body.contains("<summary>&quot;Domowe&quot;</summary>"));
        assert!(body.contains("<updated>2023-11-14T22:13:20Z</updated>"));
    }

    #[test]
    fn csv_starts_with_a_bom_and_uses_semicolons() {
        let response = csv_response(
            "x.csv",
            &["nazwa", "cena"],
            vec![vec!["Żurek; domowy".to_string(), "12,50 zł".to_string()]].into_iter(),
        );
        let body = String::from_utf8(response.body.clone()).unwrap();
        assert!(body.starts_with('\u{feff}'));
        assert!(body.contains("nazwa;cena\n\"Żurek; domowy\";12,50 zł\n"));
    }
}
