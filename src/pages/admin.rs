//! `/admin`: the start page of the panel for city hall staff and administrators, and what the
//! admin pages share — page links, numbered pagination, dates with the time of day.

use serde::Serialize;

use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::domain::Timestamp;
use crate::domain::user::{AccountStatus, Role, User};
use crate::text::format;
use crate::text::plural::plural;

/// One entry of the panel: a page and who may open it.
struct Section {
    href: &'static str,
    title: &'static str,
    description: &'static str,
    admin_only: bool,
}

/// The panel's pages, in the order they are shown. A page area adds its entry here.
const SECTIONS: &[Section] = &[
    Section {
        href: "/admin/moderacja",
        title: "Moderacja",
        description: "Zgłoszenia reprezentowania organizacji i nowe organizacje do sprawdzenia.",
        admin_only: false,
    },
    Section {
        href: "/admin/oferty",
        title: "Oferty do sprawdzenia",
        description: "Produkty i usługi czekające na zatwierdzenie przed publikacją.",
        admin_only: false,
    },
    Section {
        href: "/admin/sprzet",
        title: "Bank sprzętu",
        description: "Sprzęt zgłoszony przez organizacje i mieszkańców, który czeka na akceptację.",
        admin_only: false,
    },
    Section {
        href: "/admin/lokale",
        title: "Baza lokalowa",
        description: "Lokale gminy dla organizacji, zgłoszenia organizacji i zniżki czynszu.",
        admin_only: false,
    },
    Section {
        href: "/admin/klauzule",
        title: "Klauzule społeczne",
        description: "Rejestr zamówień publicznych z klauzulami społecznymi: dodawanie, poprawianie i usuwanie wpisów.",
        admin_only: false,
    },
    Section {
        href: "/admin/program",
        title: "Monitoring programu",
        description: "Wskaźniki programu współpracy z pomiarami oraz wydarzenia: szkolenia, wizyty studyjne, fora.",
        admin_only: false,
    },
    Section {
        href: "/admin/uzytkownicy",
        title: "Konta użytkowników",
        description: "Zatwierdzanie kont pracowników urzędu, wyłączanie i włączanie kont.",
        admin_only: true,
    },
    Section {
        href: "/admin/poczta",
        title: "Poczta wychodząca",
        description: "Wiadomości wysłane przez platformę i te, które czekają na wysłanie.",
        admin_only: true,
    },
    Section {
        href: "/admin/ustawienia",
        title: "Ustawienia",
        description: "Dane gminy, deklaracja dostępności, ochrona danych osobowych, serwer poczty.",
        admin_only: true,
    },
    Section {
        href: "/admin/kopie",
        title: "Kopie zapasowe",
        description: "Kopie według harmonogramu, kopia na żądanie, pobieranie i odtwarzanie danych.",
        admin_only: true,
    },
    Section {
        href: "/admin/dziennik",
        title: "Dziennik zmian",
        description: "Kto, co i kiedy zmienił na platformie.",
        admin_only: true,
    },
    Section {
        href: "/admin/repliki",
        title: "Repliki (kioski)",
        description: "Kopie tylko do odczytu, które pobierają dane z tego serwera: klucze, ostatni kontakt i opóźnienie.",
        admin_only: true,
    },
];

#[derive(Serialize)]
struct SectionView {
    href: &'static str,
    title: &'static str,
    description: &'static str,
    /// Things that need someone's attention, e.g. "2 konta czekają na zatwierdzenie".
    alerts: Vec<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct DashboardView {
    sections: Vec<SectionView>,
}

/// `GET /admin`
pub fn dashboard(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let mut sections = Vec::new();
    for section in SECTIONS.iter().filter(|s| may_open(user, s)) {
        let (alerts, notes) = counts(app, section.href)?;
        sections.push(SectionView {
            href: section.href,
            title: section.title,
            description: section.description,
            alerts,
            notes,
        });
    }
    render(
        app,
        ctx,
        "admin/dashboard.html",
        "Panel",
        DashboardView { sections },
    )
}

fn may_open(user: &User, section: &Section) -> bool {
    user.role == Role::Admin || (!section.admin_only && user.role.is_staff())
}

/// The numbers shown under a section: (needing attention, for information).
fn counts(app: &App, href: &str) -> Result<(Vec<String>, Vec<String>), PageError> {
    let mut alerts = Vec::new();
    let mut notes = Vec::new();
    match href {
        "/admin/uzytkownicy" => {
            let users = app.store.users()?;
            let waiting = users
                .iter()
                .filter(|u| u.status == AccountStatus::AwaitingApproval)
                .count() as u64;
            if waiting > 0 {
                alerts.push(count_text(
                    waiting,
                    ("konto czeka", "konta czekają", "kont czeka"),
                    "na zatwierdzenie",
                ));
            }
            notes.push(format!(
                "Wszystkich kont: {}",
                format::integer(users.len() as i64)
            ));
        }
        "/admin/poczta" => {
            let c = app.store.outbox_counts()?;
            if c.failed > 0 {
                alerts.push(format!(
                    "Nie udało się wysłać: {} {}",
                    format::integer(c.failed as i64),
                    plural(c.failed, "wiadomość", "wiadomości", "wiadomości")
                ));
            }
            notes.push(match c.pending {
                0 => "Żadna wiadomość nie czeka na wysłanie.".to_string(),
                n => count_text(
                    n,
                    ("wiadomość czeka", "wiadomości czekają", "wiadomości czeka"),
                    "na wysłanie",
                ),
            });
        }
        "/admin/oferty" => {
            let waiting = app
                .store
                .offers_in_state(crate::domain::RecordState::Pending)?
                .len() as u64;
            if waiting > 0 {
                alerts.push(count_text(
                    waiting,
                    ("oferta czeka", "oferty czekają", "ofert czeka"),
                    "na decyzję",
                ));
            }
        }
        "/admin/sprzet" => {
            let waiting = app
                .store
                .equipment_items()?
                .iter()
                .filter(|i| i.state == crate::domain::RecordState::Pending)
                .count() as u64;
            if waiting > 0 {
                alerts.push(count_text(
                    waiting,
                    ("zgłoszenie czeka", "zgłoszenia czekają", "zgłoszeń czeka"),
                    "na akceptację",
                ));
            }
        }
        "/admin/lokale" => {
            let waiting = app
                .store
                .all_premises_applications()?
                .iter()
                .filter(|a| {
                    matches!(
                        a.status,
                        crate::domain::premises::ApplicationStatus::Submitted
                            | crate::domain::premises::ApplicationStatus::InReview
                    )
                })
                .count() as u64;
            if waiting > 0 {
                alerts.push(count_text(
                    waiting,
                    ("zgłoszenie czeka", "zgłoszenia czekają", "zgłoszeń czeka"),
                    "na decyzję",
                ));
            }
        }
        "/admin/kopie" => {
            let status = app.backups.status();
            let success_at = status.last_success.as_ref().map(|s| s.at);
            if let Some(failure) = &status.last_failure
                && success_at.is_none_or(|at| at <= failure.at)
            {
                alerts.push(format!(
                    "Ostatnia kopia się nie udała ({})",
                    format::date_time(failure.at)
                ));
            }
            if let Some(push) = &status.last_push
                && push.result.is_err()
            {
                alerts.push(format!("Nie udało się wysłać kopii {}", push.file));
            }
            notes.push(match success_at {
                Some(at) => format!("Ostatnia kopia: {}", format::date_time(at)),
                None => "Od startu serwera nie zrobiono jeszcze kopii.".to_string(),
            });
        }
        "/admin/repliki" => return super::admin_replicas::dashboard_counts(app),
        _ => {}
    }
    Ok((alerts, notes))
}

/// "3 konta czekają na zatwierdzenie".
pub(super) fn count_text(n: u64, forms: (&str, &str, &str), rest: &str) -> String {
    let words = plural(n, forms.0, forms.1, forms.2);
    format!("{} {words} {rest}", format::integer(n as i64))
}

/// A path with query parameters; empty values are left out.
pub(super) fn href(path: &str, params: &[(&str, &str)]) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().filter(|(_, v)| !v.is_empty()))
        .finish();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// The numeric id in the path (`{id}`); anything else is a page that does not exist.
pub(super) fn id_param(ctx: &Ctx) -> Result<u64, PageError> {
    ctx.param("id")
        .parse::<u64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(PageError::NotFound)
}

/// The `page` parameter (from 1).
pub(super) fn page_param(ctx: &Ctx) -> Result<usize, PageError> {
    ctx.query
        .positive("page", 1, 100_000, "Numer strony")
        .map_err(PageError::BadRequest)
}

/// A time as people read it: the date goes through the `date_long` filter, the clock is
/// "14:05" in Poland, and `iso` is for `<time datetime>`.
#[derive(Serialize)]
pub(super) struct When {
    pub at: Timestamp,
    pub clock: String,
    pub iso: String,
}

impl When {
    pub fn new(at: Timestamp) -> When {
        let tz = jiff::tz::TimeZone::get("Europe/Warsaw").unwrap_or(jiff::tz::TimeZone::UTC);
        let zoned = jiff::Timestamp::from_second(at)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(tz);
        When {
            at,
            clock: format!("{:02}:{:02}", zoned.hour(), zoned.minute()),
            iso: zoned.timestamp().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_leave_out_empty_values_and_encode_the_rest() {
        assert_eq!(
            href("/admin/dziennik", &[("a", ""), ("b", "")]),
            "/admin/dziennik"
        );
        assert_eq!(
            href(
                "/admin/dziennik",
                &[("autor", "anna@example.pl"), ("od", "")]
            ),
            "/admin/dziennik?autor=anna%40example.pl"
        );
    }

    #[test]
    fn counts_are_said_in_polish() {
        let forms = ("konto czeka", "konta czekają", "kont czeka");
        assert_eq!(
            count_text(1, forms, "na zatwierdzenie"),
            "1 konto czeka na zatwierdzenie"
        );
        assert_eq!(
            count_text(3, forms, "na zatwierdzenie"),
            "3 konta czekają na zatwierdzenie"
        );
        assert_eq!(
            count_text(12, forms, "na zatwierdzenie"),
            "12 kont czeka na zatwierdzenie"
        );
    }

    #[test]
    fn times_are_shown_in_poland() {
        // 2026-07-01 10:00 UTC is 12:00 in Warsaw (summer time).
        let when = When::new(1_782_900_000);
        assert_eq!(when.clock, "12:00");
    }
}
