//! `/admin/poczta`: the outbox for administrators — what the platform sent, what waits and what
//! failed, each message's text, and "send again". Without an SMTP server (the offline demo) this
//! is where the verification and reset links can be read and followed.

use serde::Serialize;

use super::admin::{When, href, id_param, page_param};
use super::pagination::Pagination;
use super::{Ctx, PageError, PageResult, render, render_status};
use crate::app::App;
use crate::domain::mail::{MailId, MailStatus, MailStatusKind, OutgoingMail};
use crate::domain::{self};
use crate::web::http::Response;
use crate::web::query::shorten;

const PER_PAGE: usize = 30;

/// Status filters as the page names them: (URL code, kind).
const STATUS_CODES: [(&str, MailStatusKind); 3] = [
    ("oczekujace", MailStatusKind::Pending),
    ("wyslane", MailStatusKind::Sent),
    ("nieudane", MailStatusKind::Failed),
];

#[derive(Serialize)]
struct StatusOption {
    code: &'static str,
    label: &'static str,
    count: u64,
    selected: bool,
}

#[derive(Serialize)]
struct Row {
    href: String,
    to: String,
    subject: String,
    purpose: String,
    created: When,
    attempts: u32,
    status: &'static str,
    status_code: &'static str,
    last_error: Option<String>,
}

#[derive(Serialize)]
struct ListView {
    total: u64,
    shown: u64,
    statuses: Vec<StatusOption>,
    filtered: bool,
    smtp_configured: bool,
    rows: Vec<Row>,
    pagination: Pagination,
}

/// `GET /admin/poczta?stan=…&page=…`
pub fn list(app: &App, ctx: &Ctx) -> PageResult {
    let status = match ctx.query.get("stan") {
        None => None,
        Some(code) => Some(kind_of(code).ok_or_else(|| {
            PageError::BadRequest(format!("Nieznany stan wiadomości: „{}”.", shorten(code)))
        })?),
    };
    let page = page_param(ctx)?;
    let counts = app.store.outbox_counts()?;
    let (shown, mails) = app.store.outbox(page, PER_PAGE, status)?;
    let count_of = |kind| match kind {
        MailStatusKind::Pending => counts.pending,
        MailStatusKind::Sent => counts.sent,
        MailStatusKind::Failed => counts.failed,
    };
    let statuses = STATUS_CODES
        .iter()
        .map(|(code, kind)| StatusOption {
            code,
            label: kind.label(),
            count: count_of(*kind),
            selected: status == Some(*kind),
        })
        .collect();
    let stan = status.map_or("", code_of);
    let link = |n: usize| {
        let page = if n > 1 { n.to_string() } else { String::new() };
        href("/admin/poczta", &[("stan", stan), ("page", &page)])
    };
    let view = ListView {
        total: counts.pending + counts.sent + counts.failed,
        shown,
        statuses,
        filtered: status.is_some(),
        smtp_configured: app.settings().smtp.is_some(),
        rows: mails.iter().map(row).collect(),
        pagination: Pagination::new(page, shown as usize, PER_PAGE, link),
    };
    render(app, ctx, "admin/outbox.html", "Poczta wychodząca", view)
}

fn kind_of(code: &str) -> Option<MailStatusKind> {
    STATUS_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, k)| *k)
}

fn code_of(kind: MailStatusKind) -> &'static str {
    STATUS_CODES
        .iter()
        .find(|(_, k)| *k == kind)
        .map_or("", |(c, _)| c)
}

fn row(mail: &OutgoingMail) -> Row {
    Row {
        href: format!("/admin/poczta/{}", mail.id.0),
        to: mail.to.clone(),
        subject: mail.subject.clone(),
        purpose: purpose_label(&mail.purpose),
        created: When::new(mail.created),
        attempts: mail.attempts,
        status: mail.status.kind().label(),
        status_code: code_of(mail.status.kind()),
        last_error: mail.last_error.clone(),
    }
}

/// Why a message was sent, in Polish.
fn purpose_label(purpose: &str) -> String {
    let label = match purpose {
        "weryfikacja" => "potwierdzenie adresu e-mail",
        "reset-hasla" => "ustawienie nowego hasła",
        "zmiana-email" => "zmiana adresu e-mail",
        "konto-zatwierdzone" => "konto zatwierdzone",
        "konto-odrzucone" => "konto odrzucone",
        "zgloszenie-zatwierdzone" => "zgłoszenie zatwierdzone",
        "zgloszenie-odrzucone" => "zgłoszenie odrzucone",
        "organizacja-zatwierdzona" => "organizacja zatwierdzona",
        "organizacja-odrzucona" => "organizacja odrzucona",
        "" => "—",
        other => other,
    };
    label.to_string()
}

/// A piece of the message text: plain text, or a link to make clickable.
#[derive(Debug, PartialEq, Serialize)]
struct Segment {
    text: String,
    link: bool,
}

#[derive(Serialize)]
struct MailView {
    csrf: String,
    id: u64,
    row: Row,
    sent: Option<When>,
    next_attempt: Option<When>,
    segments: Vec<Segment>,
    links: Vec<String>,
    can_retry: bool,
    retried: bool,
    problem: Option<&'static str>,
}

/// `GET /admin/poczta/{id}`
pub fn show(app: &App, ctx: &Ctx) -> PageResult {
    let mail = load(app, ctx)?;
    show_page(app, ctx, 200, &mail, None)
}

fn show_page(
    app: &App,
    ctx: &Ctx,
    status: u16,
    mail: &OutgoingMail,
    problem: Option<&'static str>,
) -> PageResult {
    let segments = segments(&mail.text);
    let links = segments
        .iter()
        .filter(|s| s.link)
        .map(|s| s.text.clone())
        .collect();
    let view = MailView {
        csrf: ctx.visitor.csrf_token(),
        id: mail.id.0,
        row: row(mail),
        sent: match mail.status {
            MailStatus::Sent { at } => Some(When::new(at)),
            _ => None,
        },
        next_attempt: (mail.status == MailStatus::Pending).then(|| When::new(mail.next_attempt)),
        segments,
        links,
        can_retry: !matches!(mail.status, MailStatus::Sent { .. }),
        retried: ctx.query.get("ponowiono").is_some(),
        problem,
    };
    let title = format!("Wiadomość: {}", shorten(&mail.subject));
    render_status(app, ctx, status, "admin/mail.html", &title, view)
}

fn load(app: &App, ctx: &Ctx) -> Result<OutgoingMail, PageError> {
    app.store
        .mail(MailId(id_param(ctx)?))?
        .ok_or(PageError::NotFound)
}

/// `POST /admin/poczta/{id}/ponow`: back in the queue, due now, with a fresh count of attempts.
pub fn retry(app: &App, ctx: &Ctx) -> PageResult {
    let admin = ctx.user()?.id;
    let mail = load(app, ctx)?;
    if !app
        .store
        .retry_mail(mail.id, domain::now(), Some(admin.0))?
    {
        let problem = "Ta wiadomość została już wysłana — nie trzeba jej ponawiać.";
        return show_page(app, ctx, 409, &mail, Some(problem));
    }
    app.wake_mail();
    Ok(Response::redirect(
        303,
        &format!("/admin/poczta/{}?ponowiono=tak", mail.id.0),
    ))
}

/// Splits a message's text into plain pieces and http(s) links.
fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = find_link_start(rest) {
        let tail = &rest[start..];
        let mut end = tail
            .find(|c: char| c.is_whitespace() || "<>\"'".contains(c))
            .unwrap_or(tail.len());
        // Sentence punctuation after a link is not part of it.
        while end > 0 && tail[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', '»', '”']) {
            end -= tail[..end].chars().next_back().map_or(1, char::len_utf8);
        }
        // The scheme ends with '/', which is never cut, so `end` moves past it.
        let scheme = if tail.starts_with("https://") { 8 } else { 7 };
        if start > 0 {
            out.push(Segment {
                text: rest[..start].to_string(),
                link: false,
            });
        }
        out.push(Segment {
            text: tail[..end].to_string(),
            link: end > scheme,
        });
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        out.push(Segment {
            text: rest.to_string(),
            link: false,
        });
    }
    out
}

fn find_link_start(text: &str) -> Option<usize> {
    match (text.find("http://"), text.find("https://")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<String> {
        segments(text)
            .into_iter()
            .filter(|s| s.link)
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn links_are_found_and_the_text_is_kept_whole() {
        let text = "Dzień dobry!\n\nOtwórz:\nhttp://127.0.0.1:8080/konto/weryfikacja?token=ab12\n\nPozdrawiamy\nhttps://pes.torun.example/.";
        assert_eq!(
            links(text),
            [
                "http://127.0.0.1:8080/konto/weryfikacja?token=ab12",
                "https://pes.torun.example/"
            ]
        );
        let joined: String = segments(text).into_iter().map(|s| s.text).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn odd_text_does_not_loop_or_panic() {
        for text in [
            "",
            "http://",
            "https://)",
            "xhttp://a.pl)",
            "żółć https://ą.pl»",
            "http://http://x",
        ] {
            let joined: String = segments(text).into_iter().map(|s| s.text).collect();
            assert_eq!(joined, text, "{text}");
        }
        assert!(links("http://").is_empty());
    }
}
