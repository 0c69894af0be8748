//! Links of a list page with filters (the directory, offers, equipment, needs), and the active
//! filters shown above its results: every facet, sort and page link keeps the current filters
//! and changes one thing, so a list is a set of plain GET links that work without JavaScript
//! and can be bookmarked.

/// A filter in use, shown above the results with a link that removes it.
#[derive(serde::Serialize)]
pub struct ActiveFilter {
    pub title: &'static str,
    pub label: String,
    pub remove_href: String,
}

/// What a list's links may carry and where they lead.
pub struct ListSpec {
    /// The page, e.g. "/oferty".
    pub page: &'static str,
    /// The same list as open data, e.g. "/api/v1/offers".
    pub api: &'static str,
    /// The name of the sort parameter ("sortuj", or "sort" on the directory).
    pub sort: &'static str,
    /// Parameters a link may carry; anything else in the URL is dropped from generated links.
    pub kept: &'static [&'static str],
}

/// The current filters, and copies of them with one thing changed.
#[derive(Clone)]
pub struct Links {
    spec: &'static ListSpec,
    params: Vec<(String, String)>,
}

impl Links {
    pub fn new(ctx: &super::Ctx, spec: &'static ListSpec) -> Links {
        let params = spec
            .kept
            .iter()
            .filter_map(|k| ctx.query.get(k).map(|v| (k.to_string(), v.to_string())))
            .collect();
        Links { spec, params }
    }

    /// The value of a filter now.
    pub fn current(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A copy with `name` set to `value` (or removed), always back to the first page.
    pub fn with(&self, name: &str, value: Option<&str>) -> Links {
        let mut params: Vec<(String, String)> = self
            .params
            .iter()
            .filter(|(k, _)| k != name && k != "page")
            .cloned()
            .collect();
        if let Some(v) = value {
            params.push((name.to_string(), v.to_string()));
        }
        Links {
            spec: self.spec,
            params,
        }
    }

    pub fn without(&self, name: &str) -> Links {
        self.with(name, None)
    }

    pub fn at_page(&self, page: usize) -> Links {
        let mut links = self.without("page");
        if page > 1 {
            links.params.push(("page".to_string(), page.to_string()));
        }
        links
    }

    /// Filters other than the text and sort, for the search form's hidden inputs.
    pub fn hidden_filters(&self) -> Vec<(String, String)> {
        self.except(&["q", self.spec.sort, "page"])
    }

    /// The parameters other than `names`, for a form's hidden inputs.
    pub fn except(&self, names: &[&str]) -> Vec<(String, String)> {
        self.params
            .iter()
            .filter(|(k, _)| !names.contains(&k.as_str()))
            .cloned()
            .collect()
    }

    /// The list page with these filters.
    pub fn page(&self) -> String {
        self.at(self.spec.page)
    }

    /// The open-data list with these filters.
    pub fn api(&self) -> String {
        self.at(self.spec.api)
    }

    fn at(&self, path: &str) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.params.iter())
            .finish();
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }
}
