//! The template environment: templates embedded in the binary (or read from disk with `--dev`),
//! HTML autoescaping, strict undefined values, and the Polish formatting filters.

use minijinja::value::Value;
use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, TemplateSource, UndefinedBehavior,
};
use rust_embed::RustEmbed;

use crate::text::{format, plural};

#[derive(RustEmbed)]
#[folder = "templates/"]
struct Embedded;

/// Renders named templates with a context.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Builds the environment. Without `dev`, every template is compiled now, so a broken
    /// template stops the start instead of failing a visitor.
    pub fn load(dev: bool) -> Result<Templates, String> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        if dev {
            env.set_loader(load_from_disk);
        } else {
            env.set_loader(load_embedded);
        }
        env.set_formatter(escape_html);
        add_filters(&mut env);
        let templates = Templates { env };
        if !dev {
            for name in Embedded::iter() {
                templates
                    .env
                    .get_template(&name)
                    .map_err(|e| format!("szablon {name}: {e:#}"))?;
            }
        }
        Ok(templates)
    }

    pub fn render(&self, name: &str, context: Value) -> Result<String, Error> {
        self.env.get_template(name)?.render(context)
    }
}

/// HTML-escapes strings like the default formatter, but leaves `/` alone: URLs in `href`
/// stay readable ("/podmioty?q=…" rather than "&#x2f;podmioty?q=…"); `/` is not special in
/// quoted attributes or text.
fn escape_html(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    match value.as_str() {
        Some(text) if *state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            // Copy runs of ordinary characters at once; only the five specials are replaced.
            let mut rest = text;
            while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
                out.write_str(&rest[..at]).map_err(Error::from)?;
                let entity = match rest.as_bytes()[at] {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    _ => "&#39;",
                };
                out.write_str(entity).map_err(Error::from)?;
                rest = &rest[at + 1..];
            }
            out.write_str(rest).map_err(Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

fn load_embedded(name: &str) -> Result<Option<TemplateSource>, Error> {
    match Embedded::get(name) {
        Some(file) => match String::from_utf8(file.data.into_owned()) {
            Ok(text) => Ok(Some(TemplateSource::new(text))),
            Err(_) => Err(Error::new(
                ErrorKind::InvalidOperation,
                "template is not UTF-8",
            )),
        },
        None => Ok(None),
    }
}

/// `--dev`: read `templates/` under the working directory on every lookup.
fn load_from_disk(name: &str) -> Result<Option<TemplateSource>, Error> {
    if name.split('/').any(|part| part == ".." || part.is_empty()) {
        return Ok(None);
    }
    match std::fs::read_to_string(std::path::Path::new("templates").join(name)) {
        Ok(text) => Ok(Some(
            TemplateSource::new(text).with_uptodate_check(|| false),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::new(ErrorKind::InvalidOperation, e.to_string())),
    }
}

fn add_filters(env: &mut Environment<'static>) {
    // {{ n|plural("podmiot", "podmioty", "podmiotów") }} → the form only.
    env.add_filter(
        "plural",
        |n: i64, one: String, few: String, many: String| {
            plural::plural(n.unsigned_abs(), &one, &few, &many).to_string()
        },
    );
    // {{ 1234|number }} → "1 234"
    env.add_filter("number", |n: i64| format::integer(n));
    // {{ grosze|money }} → "1 234,50 zł"
    env.add_filter("money", |grosze: i64| format::money(grosze));
    // {{ timestamp|date_long }} or {{ "2026-11-27"|date_long }} → "27 listopada 2026"
    env.add_filter("date_long", |value: Value| {
        date_of(&value).map(format::date_long)
    });
    env.add_filter("date_short", |value: Value| {
        date_of(&value).map(format::date_short)
    });
    // {{ timestamp|date_iso }} → "2026-11-27", for <time datetime>
    env.add_filter("date_iso", |value: Value| {
        date_of(&value).map(|d| d.to_string())
    });
}

fn date_of(value: &Value) -> Result<jiff::civil::Date, Error> {
    if let Some(ts) = value.as_i64() {
        return Ok(format::local_date(ts));
    }
    value
        .as_str()
        .and_then(|s| s.parse::<jiff::civil::Date>().ok())
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "not a date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_but_keeps_slashes_in_urls() {
        let mut env = Environment::new();
        env.set_formatter(escape_html);
        env.add_template("t.html", "<a href=\"{{ href }}\">{{ text }}</a>")
            .unwrap();
        let html = env
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! { href => "/podmioty?a=1&b=2", text => "<script>'x\"</script>" })
            .unwrap();
        assert_eq!(
            html,
            "<a href=\"/podmioty?a=1&amp;b=2\">&lt;script&gt;&#39;x&quot;&lt;/script&gt;</a>"
        );
    }

    #[test]
    fn every_embedded_template_compiles() {
        Templates::load(false).expect("templates compile");
    }
}
