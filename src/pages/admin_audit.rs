//! `/admin/dziennik`: the audit log — who changed what and when — read from the changelog, newest
//! first, a page at a time (by sequence numbers, never the whole log), filtered by the kind of
//! record, the author and a date range.

use std::collections::HashMap;

use serde::Serialize;

use super::admin::{When, href};
use super::{Ctx, PageError, PageResult, render_status};
use crate::app::App;
use crate::domain::organization::OrgId;
use crate::domain::user::UserId;
use crate::domain::validate::FieldErrors;
use crate::store::{Change, ChangeCursor, ChangeFilter, ChangeOp, ChangePage};
use crate::web::query::shorten;

const PER_PAGE: usize = 50;

/// A kind of record in the log: its table, the code and label in the filter, and the Polish
/// name of one record.
struct Kind {
    table: &'static str,
    code: &'static str,
    label: &'static str,
    name: &'static str,
}

/// The kinds of record people change. A table not listed here is shown by its own name.
const KINDS: &[Kind] = &[
    Kind {
        table: "organizations_v1",
        code: "organizacje",
        label: "organizacje",
        name: "organizacja",
    },
    Kind {
        table: "users_v1",
        code: "konta",
        label: "konta użytkowników",
        name: "konto użytkownika",
    },
    Kind {
        table: "claims_v1",
        code: "zgloszenia",
        label: "zgłoszenia reprezentowania organizacji",
        name: "zgłoszenie reprezentowania organizacji",
    },
    Kind {
        table: "settings_v1",
        code: "ustawienia",
        label: "ustawienia platformy",
        name: "ustawienia platformy",
    },
    Kind {
        table: "outbox_v1",
        code: "poczta",
        label: "wiadomości e-mail",
        name: "wiadomość e-mail",
    },
    Kind {
        table: "needs_v1",
        code: "potrzeby",
        label: "potrzeby (zapotrzebowanie)",
        name: "potrzeba",
    },
    Kind {
        table: "need_responses_v1",
        code: "odpowiedzi-na-potrzeby",
        label: "odpowiedzi na potrzeby",
        name: "odpowiedź na potrzebę",
    },
    Kind {
        table: "offers_v1",
        code: "oferty",
        label: "oferty (produkty i usługi)",
        name: "oferta",
    },
    Kind {
        table: "equipment_v1",
        code: "sprzet",
        label: "sprzęt (bank sprzętu)",
        name: "sprzęt",
    },
    Kind {
        table: "equipment_requests_v1",
        code: "wnioski-o-sprzet",
        label: "wnioski o sprzęt",
        name: "wniosek o sprzęt",
    },
    Kind {
        table: "media_v1",
        code: "zdjecia",
        label: "zdjęcia i logo",
        name: "zdjęcie",
    },
    Kind {
        table: "enquiries_v1",
        code: "zapytania",
        label: "zapytania",
        name: "zapytanie",
    },
    Kind {
        table: "subscriptions_v1",
        code: "subskrypcje",
        label: "subskrypcje nowości",
        name: "subskrypcja",
    },
];

/// The filter form as typed, shown again above the results.
#[derive(Serialize, Default)]
struct FilterForm {
    rodzaj: String,
    autor: String,
    od: String,
    /// The `do` field ("to", a keyword in templates).
    until: String,
}

impl FilterForm {
    fn read(ctx: &Ctx) -> FilterForm {
        let text = |name: &str| ctx.query.get(name).unwrap_or("").to_string();
        FilterForm {
            rodzaj: text("rodzaj"),
            autor: text("autor"),
            od: text("od"),
            until: text("do"),
        }
    }

    /// This log page with the same filters, at a position (`przed`/`po` and a sequence number).
    fn href(&self, at: Option<(&str, u64)>) -> String {
        let seq = at.map(|(_, seq)| seq.to_string()).unwrap_or_default();
        let mut params = vec![
            ("rodzaj", self.rodzaj.as_str()),
            ("autor", &self.autor),
            ("od", &self.od),
            ("do", &self.until),
        ];
        if let Some((name, _)) = at {
            params.push((name, &seq));
        }
        href("/admin/dziennik", &params)
    }
}

#[derive(Serialize)]
struct EntryView {
    seq: u64,
    when: When,
    who: String,
    who_href: Option<String>,
    what: String,
    what_href: Option<String>,
    op: &'static str,
}

#[derive(Serialize)]
struct AuditView {
    form: FilterForm,
    /// (code, Polish label) for the select.
    kinds: Vec<(&'static str, &'static str)>,
    errors: FieldErrors,
    filtered: bool,
    entries: Vec<EntryView>,
    /// Fewer entries than a full page although older ones may match: the read stopped early.
    partial: bool,
    older_href: Option<String>,
    newer_href: Option<String>,
    newest_href: Option<String>,
}

/// `GET /admin/dziennik?rodzaj=…&autor=…&od=…&do=…&przed=…|po=…`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let form = FilterForm::read(ctx);
    let cursor = cursor(ctx)?;
    let (filter, errors) = parse_filter(app, &form)?;
    let page = if errors.is_empty() {
        app.store.changes_page(&filter, cursor, PER_PAGE)?
    } else {
        ChangePage::default()
    };
    let mut names = Names::default();
    let entries = page
        .entries
        .iter()
        .map(|c| entry(app, &mut names, c))
        .collect::<Result<Vec<_>, _>>()?;
    let view = AuditView {
        kinds: KINDS.iter().map(|k| (k.code, k.label)).collect(),
        filtered: filter != ChangeFilter::default(),
        partial: entries.len() < PER_PAGE && page.older.is_some(),
        older_href: page.older.map(|seq| form.href(Some(("przed", seq)))),
        newer_href: page.newer.map(|seq| form.href(Some(("po", seq)))),
        newest_href: (cursor != ChangeCursor::Newest).then(|| form.href(None)),
        entries,
        errors,
        form,
    };
    let status = if view.errors.is_empty() { 200 } else { 400 };
    render_status(app, ctx, status, "admin/audit.html", "Dziennik zmian", view)
}

fn cursor(ctx: &Ctx) -> Result<ChangeCursor, PageError> {
    let seq = |name: &str| -> Result<Option<u64>, PageError> {
        match ctx.query.get(name) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                PageError::BadRequest(format!(
                    "Nieprawidłowa pozycja w dzienniku: „{}”.",
                    shorten(text)
                ))
            }),
        }
    };
    Ok(match (seq("przed")?, seq("po")?) {
        (Some(before), _) => ChangeCursor::Before(before),
        (None, Some(after)) => ChangeCursor::After(after),
        (None, None) => ChangeCursor::Newest,
    })
}

/// The store's filter from the form, or the form's errors.
fn parse_filter(app: &App, form: &FilterForm) -> Result<(ChangeFilter, FieldErrors), PageError> {
    let mut errors = FieldErrors::default();
    let mut filter = ChangeFilter::default();
    if !form.rodzaj.is_empty() {
        match KINDS.iter().find(|k| k.code == form.rodzaj) {
            Some(kind) => filter.table = Some(kind.table.to_string()),
            None => errors.add("rodzaj", "Wybierz rodzaj wpisu z listy."),
        }
    }
    let author = form.autor.as_str();
    if author.eq_ignore_ascii_case("system") {
        filter.author = Some(None);
    } else if let Ok(id) = author.parse::<u64>() {
        filter.author = Some(Some(id));
    } else if author.contains('@') {
        match app.store.user_by_email(author)? {
            Some(user) => filter.author = Some(Some(user.id.0)),
            None => errors.add("autor", "Nie ma konta z tym adresem e-mail."),
        }
    } else if !author.is_empty() {
        errors.add(
            "autor",
            "Wpisz numer konta, adres e-mail albo słowo „system”.",
        );
    }
    let from = day_start(&form.od, 0);
    let until = day_start(&form.until, 1);
    if from == Some(None) {
        errors.add("od", "Podaj datę w formacie RRRR-MM-DD, np. 2026-11-27.");
    }
    if until == Some(None) {
        errors.add("do", "Podaj datę w formacie RRRR-MM-DD, np. 2026-11-27.");
    }
    filter.from = from.flatten();
    filter.until = until.flatten();
    if let (Some(from), Some(until)) = (filter.from, filter.until)
        && until <= from
    {
        errors.add(
            "do",
            "Data końcowa nie może być wcześniejsza niż początkowa.",
        );
    }
    Ok((filter, errors))
}

/// The start (midnight in Poland) of the day `text` names, plus `days`: `None` for an empty
/// field, `Some(None)` for one that is not a date.
fn day_start(text: &str, days: i64) -> Option<Option<i64>> {
    if text.is_empty() {
        return None;
    }
    let tz = jiff::tz::TimeZone::get("Europe/Warsaw").unwrap_or(jiff::tz::TimeZone::UTC);
    let at = text
        .parse::<jiff::civil::Date>()
        .ok()
        .filter(|d| (1970..=2200).contains(&d.year()))
        .and_then(|d| d.checked_add(jiff::Span::new().days(days)).ok())
        .and_then(|d| d.to_zoned_datetime(tz).ok())
        .map(|z| z.timestamp().as_second());
    Some(at)
}

/// Names of the people and records a page mentions, each read once.
#[derive(Default)]
struct Names {
    users: HashMap<u64, Option<String>>,
}

impl Names {
    fn user(&mut self, app: &App, id: u64) -> Result<Option<String>, PageError> {
        if let Some(name) = self.users.get(&id) {
            return Ok(name.clone());
        }
        let name = app.store.user(UserId(id))?.map(|u| u.name);
        self.users.insert(id, name.clone());
        Ok(name)
    }
}

fn entry(app: &App, names: &mut Names, change: &Change) -> Result<EntryView, PageError> {
    let (who, who_href) = match change.author {
        None => ("system".to_string(), None),
        Some(id) => match names.user(app, id)? {
            Some(name) => (name, Some(format!("/admin/uzytkownicy/{id}"))),
            None => (format!("konto nr {id} (usunięte)"), None),
        },
    };
    let (what, what_href) = record(app, names, change)?;
    Ok(EntryView {
        seq: change.seq,
        when: When::new(change.time),
        who,
        who_href,
        what,
        what_href,
        op: match change.op {
            ChangeOp::Insert => "dodanie",
            ChangeOp::Update => "zmiana",
            ChangeOp::Delete => "usunięcie",
        },
    })
}

/// "organizacja „Fundacja Ala” (nr 12)" and the page that shows the record, where one exists.
fn record(
    app: &App,
    names: &mut Names,
    change: &Change,
) -> Result<(String, Option<String>), PageError> {
    let key = change.key;
    let kind = KINDS.iter().find(|k| k.table == change.table);
    let name = kind.map_or(change.table.as_str(), |k| k.name);
    let numbered = format!("{name} nr {key}");
    Ok(match change.table.as_str() {
        "organizations_v1" => match app.store.organization(OrgId(key))? {
            Some(org) => (
                format!("{name} „{}” (nr {key})", org.name),
                Some(format!("/podmioty/{}", org.slug)),
            ),
            None => (numbered, None),
        },
        "users_v1" => match names.user(app, key)? {
            Some(user) => (
                format!("{name} „{user}” (nr {key})"),
                Some(format!("/admin/uzytkownicy/{key}")),
            ),
            None => (numbered, None),
        },
        "outbox_v1" => (numbered, Some(format!("/admin/poczta/{key}"))),
        "needs_v1" => match app.store.need(crate::domain::need::NeedId(key))? {
            Some(need) => (
                format!("{name} „{}” (nr {key})", need.title),
                Some(format!("/zapotrzebowanie/{}", need.slug)),
            ),
            None => (numbered, None),
        },
        "offers_v1" => match app.store.offer(crate::domain::offer::OfferId(key))? {
            Some(offer) => (
                format!("{name} „{}” (nr {key})", offer.title),
                Some(format!("/oferty/{}", offer.slug)),
            ),
            None => (numbered, None),
        },
        "equipment_v1" => match app
            .store
            .equipment(crate::domain::equipment::EquipmentId(key))?
        {
            Some(item) => (
                format!("{name} „{}” (nr {key})", item.title),
                Some(format!("/sprzet/{}", item.slug)),
            ),
            None => (numbered, None),
        },
        "media_v1" => match app.store.image(crate::domain::photo::ImageId(key))? {
            Some(_) => (numbered, Some(format!("/media/{key}/miniatura.jpg"))),
            None => (numbered, None),
        },
        "settings_v1" => (name.to_string(), Some("/admin/ustawienia".to_string())),
        _ => (numbered, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_midnight_in_poland() {
        assert_eq!(day_start("", 0), None);
        assert_eq!(day_start("27.11.2026", 0), Some(None));
        assert_eq!(day_start("2026-02-30", 0), Some(None));
        // 2026-01-01 00:00 in Warsaw is 2025-12-31 23:00 UTC.
        assert_eq!(day_start("2026-01-01", 0), Some(Some(1_767_222_000)));
        assert_eq!(day_start("2025-12-31", 1), Some(Some(1_767_222_000)));
    }
}
