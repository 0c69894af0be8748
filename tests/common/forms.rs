//! Reading HTML forms back in tests: the values a browser would send for a form as shown.

use super::HttpResponse;
use super::client::Client;

/// The edit form's fields as they are, with `changes` applied.
pub fn edit_fields(html: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for name in [
        "name",
        "legal_form",
        "krs",
        "nip",
        "regon",
        "street",
        "postal_code",
        "city",
        "lat",
        "lon",
        "person",
        "phone",
        "email",
        "website",
    ] {
        let value = input_value(html, name).unwrap_or_default();
        fields.push((name.to_string(), value));
    }
    let district = selected_option(html, "district").unwrap_or_default();
    fields.push(("district".to_string(), district));
    let legal = selected_option(html, "legal_form").unwrap_or_default();
    fields.retain(|(k, _)| k != "legal_form");
    fields.push(("legal_form".to_string(), legal));
    let description = html
        .split("name=\"description\"")
        .nth(1)
        .and_then(|r| r.split_once('>'))
        .map(|(_, r)| r.split("</textarea>").next().unwrap_or("").to_string())
        .unwrap_or_default();
    fields.push(("description".to_string(), unescape(&description)));
    for chunk in html.split("<input type=\"checkbox\"").skip(1) {
        if chunk.split('>').next().unwrap_or("").contains("checked") {
            let name = attr(chunk, "name").unwrap_or_default();
            let value = attr(chunk, "value").unwrap_or_default();
            fields.push((name, value));
        }
    }
    for (k, v) in changes {
        fields.retain(|(name, _)| name != k);
        fields.push((k.to_string(), v.to_string()));
    }
    fields
}

fn attr(chunk: &str, name: &str) -> Option<String> {
    let at = chunk.find(&format!("{name}=\""))? + name.len() + 2;
    Some(unescape(&chunk[at..at + chunk[at..].find('"')?]))
}

fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" type="))?;
    let tag = &html[at..at + html[at..].find('>')?];
    attr(tag, "value")
}

fn selected_option(html: &str, name: &str) -> Option<String> {
    let at = html.find("<select")?;
    let mut rest = &html[at..];
    // The select whose own tag names `name`.
    loop {
        let tag_end = rest.find('>')?;
        if rest[..tag_end].contains(&format!("name=\"{name}\"")) {
            break;
        }
        let next = rest[1..].find("<select")?;
        rest = &rest[1 + next..];
    }
    let select = &rest[..rest.find("</select>")?];
    let at = select.find(" selected>")?;
    let before = &select[..at];
    let value_at = before.rfind("value=\"")? + 7;
    Some(unescape(
        &before[value_at..value_at + before[value_at..].find('"')?],
    ))
}

pub fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub fn post_form(
    client: &mut Client,
    page: &str,
    action: &str,
    fields: Vec<(String, String)>,
) -> HttpResponse {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.submit(page, action, &refs)
}

/// Every field of the first form in `html` that posts to `action`, as a browser would send it:
/// inputs with their values (checkboxes and radios only when checked), textareas, and the
/// selected option of each select. The CSRF field is left out (`Client::submit` adds it).
pub fn all_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form posting to {action}"));
    let form = &html[start..start + html[start..].find("</form>").unwrap_or(html.len() - start)];
    let mut fields = Vec::new();
    for chunk in form.split("<input").skip(1) {
        let tag = chunk.split('>').next().unwrap_or("");
        let (Some(name), kind) = (attr(tag, "name"), attr(tag, "type").unwrap_or_default()) else {
            continue;
        };
        if name == "csrf" || ((kind == "checkbox" || kind == "radio") && !tag.contains("checked")) {
            continue;
        }
        fields.push((name, attr(tag, "value").unwrap_or_default()));
    }
    for chunk in form.split("<textarea").skip(1) {
        let (tag, rest) = chunk.split_once('>').unwrap_or(("", ""));
        if let Some(name) = attr(tag, "name") {
            fields.push((
                name,
                unescape(rest.split("</textarea>").next().unwrap_or("")),
            ));
        }
    }
    for chunk in form.split("<select").skip(1) {
        let tag = chunk.split('>').next().unwrap_or("");
        if let Some(name) = attr(tag, "name") {
            let value = selected_option(form, &name).unwrap_or_default();
            fields.push((name, value));
        }
    }
    fields
}

/// The id of the first claim waiting in the moderation queue page `html`.
pub fn first_pending_claim(html: &str) -> String {
    html.split("/admin/moderacja/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("a claim in the queue")
        .to_string()
}
