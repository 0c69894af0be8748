//! Rewrites a rendered page for the kiosk, so that nothing on the screen leads out of it.
//!
//! Done once on the finished HTML rather than by a template filter: the templates of every
//! module write links to organisations' websites, e-mail addresses and forms in many places,
//! and a filter would have to be remembered in each of them (and in every template added
//! later), while the rendered page is one string passing through one place. The markup comes
//! from our own templates with escaped values, so a small scanner is enough: an attribute value
//! never contains a raw `>` or quote, and neither links nor forms nest.
//!
//! - a link to another site becomes its text with a QR code of the address;
//! - `mailto:` and `tel:` links become plain text (the address or number stays readable);
//! - a link to a page the kiosk does not serve (log-in, forms, accounts) becomes plain text,
//!   and an invitation to log in says to do it on one's phone or computer;
//! - a link to a picture (`/media/…`) leaves the picture in place without the link;
//! - a link to a download (open data, feeds: a file, not a page) is removed, and so is a
//!   paragraph of downloads (`<p class="downloads">`): a kiosk has nowhere to save a file;
//! - a form sent by POST is removed; the remaining (search) forms get `autocomplete="off"`.

/// What the rewriting needs to know about the kiosk.
pub trait Rules {
    /// Whether the kiosk serves the local `path` (with no query).
    fn serves(&self, path: &str) -> bool;
    /// The QR code (inline SVG) of an outside `address`.
    fn qr(&self, address: &str) -> Option<String>;
}

/// The page `html` as the kiosk shows it.
pub fn rewrite(html: &str, rules: &impl Rules) -> String {
    let without_forms = remove_elements(html, "form", |tag| {
        attribute(tag, "method").is_some_and(|m| m.eq_ignore_ascii_case("post"))
    });
    let trimmed = remove_elements(&without_forms, "p", |tag| {
        attribute(tag, "class").is_some_and(|c| c.split(' ').any(|c| c == "downloads"))
    });
    let mut out = String::with_capacity(trimmed.len() + 1024);
    let mut rest = trimmed.as_str();
    while let Some(start) = find_tag(rest, "a") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let Some(tag_end) = tail.find('>') else {
            rest = tail;
            break;
        };
        let tag = &tail[..=tag_end];
        let after = &tail[tag_end + 1..];
        let (inner, close_len) = match find_ci(after, "</a>") {
            Some(i) => (&after[..i], 4),
            None => (after, 0),
        };
        let consumed = tag_end + 1 + inner.len() + close_len;
        match attribute(tag, "href").map(|h| decode_entities(&h)) {
            Some(href) => match classify(&href, rules) {
                Link::Keep => out.push_str(&tail[..consumed]),
                Link::Text(class) => {
                    out.push_str(&format!("<span class=\"{class}\">{inner}</span>"));
                }
                Link::Elsewhere => {
                    out.push_str(&format!(
                        "<span class=\"kiosk-niedostepne\">{inner}</span><span class=\"kiosk-gdzie\"> {ELSEWHERE}</span>"
                    ));
                }
                Link::Outside => {
                    out.push_str(&outside(inner, &href, rules));
                }
                Link::Drop => {}
            },
            None => out.push_str(&tail[..consumed]),
        }
        rest = &tail[consumed..];
    }
    out.push_str(rest);
    add_autocomplete_off(&out)
}

/// Said after an invitation to log in or register ("Zaloguj się …, aby …"), which is done on
/// one's own device, never on the kiosk.
const ELSEWHERE: &str = "(na telefonie lub komputerze)";

enum Link {
    Keep,
    Text(&'static str),
    /// A link to log in or register: its text, and where to do it instead.
    Elsewhere,
    Outside,
    Drop,
}

fn classify(href: &str, rules: &impl Rules) -> Link {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("mailto:") || lower.starts_with("tel:") {
        return Link::Text("kiosk-kontakt");
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        return Link::Outside;
    }
    if href.starts_with('#') || href.starts_with('?') {
        return Link::Keep;
    }
    if let Some(local) = href.strip_prefix('/') {
        let path = local.split(['?', '#']).next().unwrap_or("");
        if path.starts_with("media/") || path.starts_with("static/") {
            // A photo or logo opened by itself fills the screen with no way back: the picture
            // stays on the page, the link goes.
            return Link::Text("kiosk-obraz");
        }
        if is_download(path, &href[1 + path.len()..]) {
            return Link::Drop;
        }
        return if rules.serves(&format!("/{path}")) {
            Link::Keep
        } else if path.starts_with("konto/logowanie") || path.starts_with("konto/rejestracja") {
            Link::Elsewhere
        } else {
            Link::Text("kiosk-niedostepne")
        };
    }
    // Any other scheme (javascript:, ftp:, data: …) or a relative path: nothing to follow.
    Link::Text("kiosk-niedostepne")
}

/// Whether the local `path` (without its leading slash) with `rest` (`?query#fragment` or
/// nothing) is a file to download rather than a page: the API, a feed, a `format=` export.
fn is_download(path: &str, rest: &str) -> bool {
    const FILES: &[&str] = &[".atom", ".csv", ".json", ".geojson", ".xml"];
    let query = rest
        .strip_prefix('?')
        .unwrap_or("")
        .split('#')
        .next()
        .unwrap_or("");
    path.starts_with("api/")
        || FILES.iter().any(|ending| path.ends_with(ending))
        || query.split('&').any(|pair| pair.starts_with("format="))
}

fn outside(inner: &str, address: &str, rules: &impl Rules) -> String {
    let shown = escape(address);
    match rules.qr(address) {
        Some(svg) => format!(
            "<span class=\"kiosk-zewnetrzny\">{inner}<span class=\"kiosk-qr\">{svg}<span class=\"kiosk-qr-podpis\">Zeskanuj, aby otworzyć na telefonie: {shown}</span></span></span>"
        ),
        None => format!("<span class=\"kiosk-zewnetrzny\">{inner} ({shown})</span>"),
    }
}

/// Removes every `<name …>` element whose opening tag `matches`, with its content (the
/// elements removed never nest in themselves: forms cannot, and neither can paragraphs).
fn remove_elements(html: &str, name: &str, matches: impl Fn(&str) -> bool) -> String {
    let closing = format!("</{name}>");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = find_tag(rest, name) {
        let tail = &rest[start..];
        let Some(tag_end) = tail.find('>') else { break };
        if matches(&tail[..=tag_end]) {
            out.push_str(&rest[..start]);
            let end = find_ci(tail, &closing).map_or(tail.len(), |i| i + closing.len());
            rest = &tail[end..];
        } else {
            out.push_str(&rest[..start + tag_end + 1]);
            rest = &tail[tag_end + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// Adds `autocomplete="off"` to every `<form` that has no autocomplete attribute: the next
/// visitor must not be offered what the last one typed.
fn add_autocomplete_off(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(start) = find_tag(rest, "form") {
        let tail = &rest[start..];
        let tag_end = tail.find('>').unwrap_or(tail.len() - 1);
        out.push_str(&rest[..start]);
        let tag = &tail[..=tag_end];
        if attribute(tag, "autocomplete").is_some() {
            out.push_str(tag);
        } else {
            out.push_str("<form autocomplete=\"off\"");
            out.push_str(&tag["<form".len()..]);
        }
        rest = &tail[tag_end + 1..];
    }
    out.push_str(rest);
    out
}

/// The byte offset of the next opening tag `<name` (followed by a space or `>`).
fn find_tag(html: &str, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(i) = html[from..].find('<') {
        let at = from + i;
        let end = at + 1 + name.len();
        if end < bytes.len()
            && bytes[at + 1..end].eq_ignore_ascii_case(name.as_bytes())
            && matches!(bytes[end], b' ' | b'>' | b'\n' | b'\t')
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Where `needle` (lower-case ASCII) first stands in `html`, ignoring ASCII case. Compares in
/// place: lower-casing the rest of the page for every link made a long page quadratic.
fn find_ci(html: &str, needle: &str) -> Option<usize> {
    html.as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The raw value of attribute `name` in an opening tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        let before = lower.as_bytes()[at - 1];
        let rest = lower[at + name.len()..].trim_start();
        if matches!(before, b' ' | b'\n' | b'\t') && rest.starts_with('=') {
            let value_start = tag.len() - rest.len() + 1;
            let value = tag[value_start..].trim_start();
            let quote = value.chars().next()?;
            return if quote == '"' || quote == '\'' {
                value[1..].find(quote).map(|end| value[1..=end].to_string())
            } else {
                let end = value.find([' ', '>']).unwrap_or(value.len());
                Some(value[..end].to_string())
            };
        }
        from = at + name.len();
    }
    None
}

/// Decodes the character references an escaped attribute value may hold.
fn decode_entities(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(end) = tail.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Kiosk;

    impl Rules for Kiosk {
        fn serves(&self, path: &str) -> bool {
            !path.starts_with("/konto")
        }
        fn qr(&self, address: &str) -> Option<String> {
            Some(format!("<svg data-for=\"{}\"></svg>", escape(address)))
        }
    }

    #[test]
    fn outside_links_become_text_with_a_qr_code() {
        let html = r#"<p>Strona: <a href="https:&#x2f;&#x2f;fundacja.example&#x2f;o-nas?a=1&amp;b=2" rel="noopener">fundacja.example</a>.</p>"#;
        let out = rewrite(html, &Kiosk);
        assert!(!out.contains("<a "), "{out}");
        assert!(
            out.contains("fundacja.example<span class=\"kiosk-qr\">"),
            "{out}"
        );
        assert!(out.contains("data-for=\"https://fundacja.example/o-nas?a=1&amp;b=2\""));
        assert!(out.contains("Zeskanuj, aby otworzyć na telefonie"));
        assert!(out.ends_with(".</p>"));
    }

    #[test]
    fn contacts_and_pages_the_kiosk_does_not_serve_become_text() {
        let html = concat!(
            "<A HREF='mailto:biuro@fundacja.example'>biuro@fundacja.example</A> ",
            "<a class=\"x\" href=\"tel:+48566110000\">56 611 00 00</a> ",
            "<a href=\"/konto/logowanie?dalej=%2F\">Zaloguj się</a> ",
            "<a href=\"/podmioty?q=catering\">Szukaj</a> <a href=\"#tresc\">Treść</a> ",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a class=\"org-logo\" href=\"/media/15/duze.jpg\"><img src=\"/media/15/male.jpg\" alt=\"Logo\"></a>"
        );
        let out = rewrite(html, &Kiosk);
        assert!(out.contains("<span class=\"kiosk-kontakt\">biuro@fundacja.example</span>"));
        assert!(out.contains("<span class=\"kiosk-kontakt\">56 611 00 00</span>"));
        assert!(out.contains(
            "<span class=\"kiosk-niedostepne\">Zaloguj się</span><span class=\"kiosk-gdzie\"> (na telefonie lub komputerze)</span>"
        ));
        assert!(out.contains("<a href=\"/podmioty?q=catering\">Szukaj</a>"));
        assert!(out.contains("<a href=\"#tresc\">Treść</a>"));
        assert!(out.contains("<span class=\"kiosk-niedostepne\">x</span>"));
        assert!(out.contains(
            "<span class=\"kiosk-obraz\"><img src=\"/media/15/male.jpg\" alt=\"Logo\"></span>"
        ));
        assert!(!out.to_lowercase().contains("mailto:") && !out.contains("tel:"));
    }

    #[test]
    fn downloads_are_not_offered() {
        let html = concat!(
            "<p class=\"downloads\">Pobierz wyniki: <a href=\"/api/v1/offers?format=csv\">CSV</a></p>",
            "<p class=\"small\"><a href=\"/api/v1/offers/catering\">Dane w formacie JSON</a></p>",
            "<a href=\"/oferty.atom\">kanał Atom</a><a href=\"/klauzule/statystyki?format=csv\">CSV</a>",
            "<p class=\"lead\"><a href=\"/oferty?kategoria=catering#wyniki\">Catering</a></p>",
            "<p>Koniec</p>"
        );
        let out = rewrite(html, &Kiosk);
        assert_eq!(
            out,
            concat!(
                "<p class=\"small\"></p>",
                "<p class=\"lead\"><a href=\"/oferty?kategoria=catering#wyniki\">Catering</a></p>",
                "<p>Koniec</p>"
            )
        );
    }

    #[test]
    fn post_forms_go_and_search_forms_forget_what_was_typed() {
        let html = concat!(
            "<form method=\"get\" action=\"/podmioty\"><input name=\"q\"></form>",
            "<form class=\"x\" method=\"POST\" action=\"/zapytania/nowe\"><input name=\"csrf\"><button>Wyślij</button></form>",
            "<form autocomplete=\"on\" action=\"/oferty\"></form><formula>"
        );
        let out = rewrite(html, &Kiosk);
        assert!(out.starts_with(
            "<form autocomplete=\"off\" method=\"get\" action=\"/podmioty\"><input name=\"q\"></form>"
        ));
        assert!(!out.contains("Wyślij") && !out.contains("csrf"), "{out}");
        assert!(out.contains("<form autocomplete=\"on\" action=\"/oferty\"></form><formula>"));
    }

    #[test]
    fn broken_markup_is_left_alone() {
        for html in [
            "<a href=\"https://x.example\"",
            "<a>",
            "<form method=\"post\"",
            "&",
            "<",
        ] {
            let _ = rewrite(html, &Kiosk);
        }
        assert_eq!(
            decode_entities("a&b&amp;c&#47;&#x2F;&nope;"),
            "a&b&c//&nope;"
        );
    }
}
