//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the whole open-data API,
//! assembled once from `openapi/common.json` and the fragment of every dataset of the catalogue
//! (`openapi/{kind}.json`: its `paths` and `schemas`). The licence comes from the settings, so
//! the document is prepared once for each licence of the closed list.

use std::sync::OnceLock;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::open_data_catalog::DATASETS;
use super::{Ctx, PageResult};
use crate::app::App;
use crate::domain::settings::OpenDataLicence;
use crate::web::http::Response;

const COMMON: &str = include_str!("openapi/common.json");

/// `GET /api/v1/openapi.json`, with a strong ETag (304 when the client has it).
pub fn document(app: &App, ctx: &Ctx) -> PageResult {
    let licence = app.settings().open_data_licence;
    let (body, etag) = prepared(licence);
    let fresh = ctx
        .request
        .header("if-none-match")
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    let response = if fresh {
        Response::new(304, "application/json", Vec::new())
    } else {
        Response::json(200, body.clone())
    };
    Ok(response
        .with_header("ETag", etag.clone())
        .with_header("Cache-Control", "public, max-age=300"))
}

/// The serialised document for `licence` and its ETag.
fn prepared(licence: OpenDataLicence) -> &'static (String, String) {
    static PREPARED: OnceLock<Vec<(OpenDataLicence, (String, String))>> = OnceLock::new();
    let all = PREPARED.get_or_init(|| {
        OpenDataLicence::ALL
            .iter()
            .map(|&l| {
                let body = with_licence(l).to_string();
                let hash = Sha256::digest(body.as_bytes());
                let etag: String = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
                (l, (body, format!("\"{etag}\"")))
            })
            .collect()
    });
    all.iter()
        .find(|(l, _)| *l == licence)
        .map(|(_, prepared)| prepared)
        .unwrap_or(&all[0].1)
}

/// The document with `info.license` set to `licence`.
pub fn with_licence(licence: OpenDataLicence) -> Value {
    let mut doc = assembled().clone();
    doc["info"]["license"] = serde_json::json!({
        "name": licence.label(),
        "url": licence.url(),
    });
    doc
}

/// The common part with every fragment merged in. Fragments are part of the binary, so a broken
/// one is a programming error caught by the tests below.
fn assembled() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut doc: Value = serde_json::from_str(COMMON).expect("openapi/common.json is JSON");
        for dataset in DATASETS {
            let fragment: Value = serde_json::from_str(dataset.openapi)
                .unwrap_or_else(|e| panic!("openapi/{}.json: {e}", dataset.api));
            merge(&mut doc, "paths", &fragment["paths"], dataset.api);
            merge(
                &mut doc["components"],
                "schemas",
                &fragment["schemas"],
                dataset.api,
            );
        }
        doc
    })
}

/// Adds the members of `from` to the object `into[key]`; a name defined twice is an error.
fn merge(into: &mut Value, key: &str, from: &Value, kind: &str) {
    let target = into[key]
        .as_object_mut()
        .unwrap_or_else(|| panic!("openapi/common.json has no object {key}"));
    let Some(members) = from.as_object() else {
        panic!("openapi/{kind}.json has no object {key}");
    };
    for (name, value) in members {
        let previous = target.insert(name.clone(), value.clone());
        assert!(
            previous.is_none(),
            "openapi/{kind}.json: {key} {name} twice"
        );
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::pages::ROUTES;
    use crate::web::http::Method;

    /// Every `$ref` in `value`.
    fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc = with_licence(OpenDataLicence::default());
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 20);
        for reference in found {
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{reference}: only local references"));
            assert!(
                doc.pointer(pointer).is_some(),
                "{reference} does not resolve"
            );
        }
    }

    #[test]
    fn the_document_describes_exactly_the_api_routes() {
        let doc = with_licence(OpenDataLicence::default());
        let described: BTreeSet<String> = doc["paths"]
            .as_object()
            .unwrap()
            .keys()
            .map(|p| format!("/api/v1{p}"))
            .collect();
        let routed: BTreeSet<String> = ROUTES
            .iter()
            .filter(|r| r.method == Method::Get && r.pattern.starts_with("/api/v1/"))
            .map(|r| r.pattern.to_string())
            .filter(|p| p != "/api/v1/openapi.json")
            .collect();
        assert_eq!(described, routed);
    }

    #[test]
    fn record_schemas_are_closed_and_list_every_field() {
        let doc = with_licence(OpenDataLicence::default());
        for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
            if schema["type"] != "object" || name == "FeatureCollection" {
                continue;
            }
            assert_eq!(schema["additionalProperties"], false, "{name}");
            let properties: BTreeSet<&str> = schema["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let required: BTreeSet<&str> = schema["required"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert_eq!(properties, required, "{name}");
        }
    }

    #[test]
    fn the_licence_and_its_etag_follow_the_setting() {
        let by = prepared(OpenDataLicence::CcBy4);
        let zero = prepared(OpenDataLicence::Cc0);
        assert_ne!(by.1, zero.1);
        let doc: Value = serde_json::from_str(&zero.0).unwrap();
        assert_eq!(doc["info"]["license"]["name"], "CC0 1.0");
        assert_eq!(
            doc["info"]["license"]["url"],
            "https://creativecommons.org/publicdomain/zero/1.0/"
        );
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(doc["servers"][0]["url"], "/api/v1");
    }
}
