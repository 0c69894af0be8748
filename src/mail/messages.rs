//! The texts of the platform's e-mails, in Polish, each as plain text and as HTML with the same
//! content: a greeting, what happened, what to do (with an absolute link where there is one),
//! what to do if it was not you, and the platform's signature.
//!
//! Names, organisation names and reasons come from people: they are escaped in the HTML part and
//! cannot break out of the header in the subject (see `smtp::build_message`).

pub mod equipment;
pub mod needs;
pub mod premises;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::domain::mail::MailContent;
use crate::domain::settings::Settings;
use crate::text::plural::plural;

/// The platform's name in subjects and signatures.
pub const PLATFORM_NAME: &str = "PES-TOR";

/// Where the links in the messages lead (the account pages must serve these paths; the token
/// comes as `?token=…`).
pub const VERIFY_PATH: &str = "/konto/weryfikacja";
pub const RESET_PATH: &str = "/konto/nowe-haslo";
pub const EMAIL_CHANGE_PATH: &str = "/konto/potwierdz-email";
pub const LOGIN_PATH: &str = "/konto/logowanie";
/// Organisation profiles: `/podmioty/{slug}`.
pub const ORGANIZATIONS_PATH: &str = "/podmioty";
/// Offers: `/oferty/{slug}`; a representative's own offers: `/konto/oferty`.
pub const OFFERS_PATH: &str = "/oferty";
pub const MY_OFFERS_PATH: &str = "/konto/oferty";

/// Everything but the URL's unreserved characters is percent-encoded in tokens and slugs.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Who sends: the public address of the platform and the gmina that runs it.
#[derive(Debug, Clone, Copy)]
pub struct MailSite<'a> {
    /// Absolute address of the platform, e.g. "https://pes.torun.example" (a trailing `/` is
    /// ignored).
    pub base_url: &'a str,
    pub gmina_name: &'a str,
    /// Where people write with questions; may be empty.
    pub contact_email: &'a str,
}

impl<'a> MailSite<'a> {
    pub fn new(base_url: &'a str, settings: &'a Settings) -> MailSite<'a> {
        MailSite {
            base_url,
            gmina_name: &settings.gmina_name,
            contact_email: &settings.operator_email,
        }
    }

    fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// An absolute link to `path` with `token` as the query.
    pub fn token_link(&self, path: &str, token: &str) -> String {
        format!(
            "{}{path}?token={}",
            self.base(),
            utf8_percent_encode(token, UNRESERVED)
        )
    }

    /// An absolute link to `path`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    fn organization_link(&self, slug: &str) -> String {
        format!(
            "{}{ORGANIZATIONS_PATH}/{}",
            self.base(),
            utf8_percent_encode(slug, UNRESERVED)
        )
    }

    fn offer_link(&self, slug: &str) -> String {
        format!(
            "{}{OFFERS_PATH}/{}",
            self.base(),
            utf8_percent_encode(slug, UNRESERVED)
        )
    }

    /// "napisz do nas na adres …", or a general pointer when no address is set.
    fn write_to_us(&self) -> String {
        if self.contact_email.trim().is_empty() {
            "skontaktuj się z urzędem, który prowadzi platformę".to_string()
        } else {
            format!("napisz do nas na adres {}", self.contact_email.trim())
        }
    }
}

/// The e-mail verification link sent after registration.
pub fn verification(site: &MailSite, name: &str, token: &str, valid_secs: i64) -> MailContent {
    let link = site.token_link(VERIFY_PATH, token);
    Letter::new(format!(
        "Potwierdź adres e-mail w platformie {PLATFORM_NAME}"
    ))
    .para(format!(
        "Dziękujemy za założenie konta w platformie {PLATFORM_NAME} ({}).",
        site.gmina_name
    ))
    .para("Aby dokończyć rejestrację, potwierdź swój adres e-mail, otwierając ten link:")
    .link(link)
    .para(validity(valid_secs))
    .para(
        "Jeśli to nie Ty zakładasz konto, po prostu zignoruj tę wiadomość — bez potwierdzenia \
             konto nie zostanie aktywowane.",
    )
    .finish(site, name)
}

/// The password reset link.
pub fn password_reset(site: &MailSite, name: &str, token: &str, valid_secs: i64) -> MailContent {
    let link = site.token_link(RESET_PATH, token);
    Letter::new(format!("Ustaw nowe hasło w platformie {PLATFORM_NAME}"))
        .para(format!(
            "Otrzymaliśmy prośbę o ustawienie nowego hasła do Twojego konta w platformie \
             {PLATFORM_NAME} ({}).",
            site.gmina_name
        ))
        .para("Aby ustawić nowe hasło, otwórz ten link:")
        .link(link)
        .para(validity(valid_secs))
        .para(format!(
            "Jeśli to nie Ty prosisz o nowe hasło, zignoruj tę wiadomość — Twoje obecne hasło \
             pozostaje bez zmian. Jeśli takie wiadomości się powtarzają, {}.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// The link that confirms a new e-mail address of an account (sent to the new address).
pub fn email_change(site: &MailSite, name: &str, token: &str, valid_secs: i64) -> MailContent {
    let link = site.token_link(EMAIL_CHANGE_PATH, token);
    Letter::new(format!(
        "Potwierdź nowy adres e-mail w platformie {PLATFORM_NAME}"
    ))
    .para(format!(
        "Otrzymaliśmy prośbę o zmianę adresu e-mail konta w platformie {PLATFORM_NAME} ({}) \
             na ten adres.",
        site.gmina_name
    ))
    .para("Aby potwierdzić zmianę, otwórz ten link:")
    .link(link)
    .para(validity(valid_secs))
    .para(
        "Jeśli to nie Ty zmieniasz adres, zignoruj tę wiadomość — adres konta pozostanie \
             bez zmian.",
    )
    .finish(site, name)
}

/// A notice to the old address that someone asked to move the account to `new_email`
/// (nothing changes until the link sent to the new address is opened).
pub fn email_change_requested(site: &MailSite, name: &str, new_email: &str) -> MailContent {
    Letter::new(format!(
        "Prośba o zmianę adresu e-mail w platformie {PLATFORM_NAME}"
    ))
    .para(format!(
        "Otrzymaliśmy prośbę o zmianę adresu e-mail Twojego konta w platformie {PLATFORM_NAME} \
         ({}) na adres {new_email}.",
        site.gmina_name
    ))
    .para(
        "Adres konta zmieni się dopiero wtedy, gdy ktoś otworzy link potwierdzający wysłany \
         na nowy adres. Do tego czasu logujesz się tak jak dotąd.",
    )
    .para(format!(
        "Jeśli to nie Ty prosisz o zmianę, zaloguj się i zmień hasło, a potem {}.",
        site.write_to_us()
    ))
    .finish(site, name)
}

/// A staff account was approved by an administrator.
pub fn account_approved(site: &MailSite, name: &str) -> MailContent {
    Letter::new(format!(
        "Twoje konto w platformie {PLATFORM_NAME} zostało zatwierdzone"
    ))
    .para(format!(
        "Administrator platformy {PLATFORM_NAME} ({}) zatwierdził Twoje konto. Możesz się już \
         zalogować:",
        site.gmina_name
    ))
    .link(site.link(LOGIN_PATH))
    .para(format!(
        "Jeśli to nie Ty zakładasz to konto, {} — wyjaśnimy sprawę i zablokujemy konto.",
        site.write_to_us()
    ))
    .finish(site, name)
}

/// A staff account was not approved.
pub fn account_rejected(site: &MailSite, name: &str, reason: &str) -> MailContent {
    Letter::new(format!(
        "Twoje konto w platformie {PLATFORM_NAME} nie zostało zatwierdzone"
    ))
    .para(format!(
        "Administrator platformy {PLATFORM_NAME} ({}) nie zatwierdził Twojego konta.",
        site.gmina_name
    ))
    .reason(reason)
    .para(format!(
        "Jeśli masz pytania albo chcesz przekazać dodatkowe informacje, {}.",
        site.write_to_us()
    ))
    .para("Jeśli to nie Ty zakładasz to konto, nic nie musisz robić.")
    .finish(site, name)
}

/// A request to represent an existing organisation was approved.
pub fn claim_approved(site: &MailSite, name: &str, org_name: &str, org_slug: &str) -> MailContent {
    Letter::new(format!("Zgłoszenie zatwierdzone — {org_name}"))
        .para(format!(
            "Pracownik urzędu zatwierdził Twoje zgłoszenie: reprezentujesz teraz organizację \
             „{org_name}” w platformie {PLATFORM_NAME}."
        ))
        .para("Po zalogowaniu możesz uzupełniać i aktualizować jej profil:")
        .link(site.organization_link(org_slug))
        .para(format!(
            "Jeśli to nie Ty wysyłasz to zgłoszenie, {} — cofniemy uprawnienia.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// A request to represent an existing organisation was rejected.
pub fn claim_rejected(site: &MailSite, name: &str, org_name: &str, reason: &str) -> MailContent {
    Letter::new(format!("Zgłoszenie odrzucone — {org_name}"))
        .para(format!(
            "Pracownik urzędu nie zatwierdził Twojego zgłoszenia reprezentowania organizacji \
             „{org_name}” w platformie {PLATFORM_NAME}."
        ))
        .reason(reason)
        .para(format!(
            "Możesz wysłać nowe zgłoszenie z dodatkowymi informacjami albo {}.",
            site.write_to_us()
        ))
        .para("Jeśli to nie Ty wysyłasz to zgłoszenie, nic nie musisz robić.")
        .finish(site, name)
}

/// A newly submitted organisation was approved and published.
pub fn organization_approved(
    site: &MailSite,
    name: &str,
    org_name: &str,
    org_slug: &str,
) -> MailContent {
    Letter::new(format!("Organizacja dodana do bazy — {org_name}"))
        .para(format!(
            "Pracownik urzędu zatwierdził zgłoszoną przez Ciebie organizację „{org_name}”. Jej \
             profil jest już widoczny w bazie podmiotów ekonomii społecznej, a Ty możesz go \
             edytować po zalogowaniu:"
        ))
        .link(site.organization_link(org_slug))
        .para(format!(
            "Jeśli to nie Ty zgłaszasz tę organizację, {}.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// A newly submitted organisation was rejected.
pub fn organization_rejected(
    site: &MailSite,
    name: &str,
    org_name: &str,
    reason: &str,
) -> MailContent {
    Letter::new(format!("Organizacja nie została dodana — {org_name}"))
        .para(format!(
            "Pracownik urzędu nie dodał zgłoszonej przez Ciebie organizacji „{org_name}” do bazy \
             podmiotów ekonomii społecznej."
        ))
        .reason(reason)
        .para(format!(
            "Możesz poprawić zgłoszenie i wysłać je ponownie albo {}.",
            site.write_to_us()
        ))
        .para("Jeśli to nie Ty zgłaszasz tę organizację, nic nie musisz robić.")
        .finish(site, name)
}

/// An offer waiting for staff was approved and is public now.
pub fn offer_approved(
    site: &MailSite,
    name: &str,
    org_name: &str,
    title: &str,
    slug: &str,
) -> MailContent {
    Letter::new(format!("Oferta opublikowana — {title}"))
        .para(format!(
            "Pracownik urzędu sprawdził ofertę „{title}” organizacji „{org_name}”. Oferta jest \
             już widoczna w części „Produkty i usługi” platformy {PLATFORM_NAME}:"
        ))
        .link(site.offer_link(slug))
        .para(format!(
            "Wszystkie oferty organizacji zmienisz po zalogowaniu, w części „Moje oferty”: {}",
            site.link(MY_OFFERS_PATH)
        ))
        .para(format!(
            "Jeśli to nie Ty dodajesz tę ofertę, {} — wycofamy ją.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// An offer waiting for staff was sent back to its authors as a draft, with the reason.
pub fn offer_rejected(
    site: &MailSite,
    name: &str,
    org_name: &str,
    title: &str,
    slug: &str,
    reason: &str,
) -> MailContent {
    Letter::new(format!("Oferta wymaga poprawek — {title}"))
        .para(format!(
            "Pracownik urzędu nie opublikował oferty „{title}” organizacji „{org_name}”. Oferta \
             wróciła do wersji roboczej i nie jest widoczna publicznie."
        ))
        .reason(reason)
        .para("Po zalogowaniu możesz ją poprawić i ponownie wybrać „Opublikuj”. Oferta jest tutaj:")
        .link(site.offer_link(slug))
        .para(format!(
            "Jeśli masz pytania, {}. Jeśli to nie Ty dodajesz tę ofertę, nic nie musisz robić.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// "Link jest ważny przez 24 godziny …" for a validity in seconds.
fn validity(valid_secs: i64) -> String {
    let secs = valid_secs.max(60).unsigned_abs();
    let duration = if secs.is_multiple_of(3600) {
        match secs / 3600 {
            1 => "godzinę".to_string(),
            hours => format!("{hours} {}", plural(hours, "godzinę", "godziny", "godzin")),
        }
    } else {
        let minutes = secs / 60;
        format!("{minutes} {}", plural(minutes, "minutę", "minuty", "minut"))
    };
    format!("Link jest ważny przez {duration} i można go użyć tylko raz.")
}

/// HTML-escapes text for element content and quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

enum Block {
    Para(String),
    Link(String),
    Reason(String),
}

/// A message being written: blocks of content rendered once as text and once as HTML.
pub(crate) struct Letter {
    subject: String,
    blocks: Vec<Block>,
}

impl Letter {
    pub(crate) fn new(subject: String) -> Letter {
        Letter {
            subject,
            blocks: Vec::new(),
        }
    }

    pub(crate) fn para(mut self, text: impl Into<String>) -> Letter {
        self.blocks.push(Block::Para(text.into()));
        self
    }

    pub(crate) fn link(mut self, url: String) -> Letter {
        self.blocks.push(Block::Link(url));
        self
    }

    /// Someone's own words, quoted as they wrote them.
    pub(crate) fn quote(mut self, text: &str) -> Letter {
        let text = text.trim();
        if !text.is_empty() {
            self.blocks.push(Block::Reason(text.to_string()));
        }
        self
    }

    pub(crate) fn reason(mut self, reason: &str) -> Letter {
        let reason = reason.trim();
        if !reason.is_empty() {
            self.blocks.push(Block::Para("Uzasadnienie:".to_string()));
            self.blocks.push(Block::Reason(reason.to_string()));
        }
        self
    }

    pub(crate) fn finish(self, site: &MailSite, name: &str) -> MailContent {
        let name: String = name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let name = name.trim();
        let greeting = if name.is_empty() {
            "Dzień dobry!".to_string()
        } else {
            format!("Dzień dobry, {name}!")
        };
        let signature = [
            "Pozdrawiamy".to_string(),
            format!("Zespół platformy {PLATFORM_NAME}"),
            site.gmina_name.to_string(),
            format!("{}/", site.base()),
        ];
        let footer = "Ta wiadomość została wysłana automatycznie.";

        let mut text = format!("{greeting}\n\n");
        for block in &self.blocks {
            match block {
                Block::Para(p) => text.push_str(p),
                Block::Link(url) => text.push_str(url),
                Block::Reason(r) => {
                    let quoted: Vec<String> = r.lines().map(|l| format!("> {l}")).collect();
                    text.push_str(&quoted.join("\n"));
                }
            }
            text.push_str("\n\n");
        }
        text.push_str(&signature.join("\n"));
        text.push_str("\n\n-- \n");
        text.push_str(footer);
        text.push('\n');

        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"pl\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n</head>\n\
             <body style=\"font-family: Arial, Helvetica, sans-serif; font-size: 16px; \
             line-height: 1.5; color: #1a1a1a; background: #ffffff;\">\n<p>{}</p>\n",
            escape_html(&self.subject),
            escape_html(&greeting)
        );
        for block in &self.blocks {
            match block {
                Block::Para(p) => html.push_str(&format!("<p>{}</p>\n", escape_html(p))),
                Block::Link(url) => {
                    let url = escape_html(url);
                    html.push_str(&format!(
                        "<p><a href=\"{url}\" style=\"color: #0b4f8a; font-weight: bold;\">\
                         {url}</a></p>\n"
                    ));
                }
                Block::Reason(r) => {
                    let lines: Vec<String> = r.lines().map(escape_html).collect();
                    html.push_str(&format!(
                        "<blockquote style=\"margin: 0 0 1em 0; padding-left: 1em; \
                         border-left: 4px solid #767676;\">{}</blockquote>\n",
                        lines.join("<br>\n")
                    ));
                }
            }
        }
        let signature_html: Vec<String> = signature.iter().map(|l| escape_html(l)).collect();
        html.push_str(&format!(
            "<p>{}</p>\n<p style=\"font-size: 14px; color: #555555;\">{}</p>\n</body>\n</html>\n",
            signature_html.join("<br>\n"),
            escape_html(footer)
        ));

        MailContent {
            subject: self.subject,
            text,
            html,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    const DAY: i64 = 24 * 60 * 60;

    fn site() -> MailSite<'static> {
        MailSite {
            base_url: "https://pes.torun.example/",
            gmina_name: "Gmina Miasta Toruń",
            contact_email: "pes@torun.example",
        }
    }

    const HOSTILE: &str = "<script>alert('x')</script> & \"Kowalski\"";

    /// Every message, built with hostile text wherever a person's text goes.
    fn every_message() -> Vec<(&'static str, MailContent)> {
        let s = site();
        vec![
            ("weryfikacja", verification(&s, HOSTILE, TOKEN, DAY)),
            ("reset-hasla", password_reset(&s, HOSTILE, TOKEN, 3600)),
            ("zmiana-email", email_change(&s, HOSTILE, TOKEN, DAY)),
            (
                "zmiana-email-powiadomienie",
                email_change_requested(&s, HOSTILE, HOSTILE),
            ),
            ("konto-zatwierdzone", account_approved(&s, HOSTILE)),
            ("konto-odrzucone", account_rejected(&s, HOSTILE, HOSTILE)),
            (
                "zgloszenie-zatwierdzone",
                claim_approved(&s, HOSTILE, HOSTILE, "fundacja-ala"),
            ),
            (
                "zgloszenie-odrzucone",
                claim_rejected(&s, HOSTILE, HOSTILE, HOSTILE),
            ),
            (
                "organizacja-zatwierdzona",
                organization_approved(&s, HOSTILE, HOSTILE, "fundacja-ala"),
            ),
            (
                "organizacja-odrzucona",
                organization_rejected(&s, HOSTILE, HOSTILE, HOSTILE),
            ),
            (
                "oferta-zatwierdzona",
                offer_approved(&s, HOSTILE, HOSTILE, HOSTILE, "pierogi"),
            ),
            (
                "oferta-odrzucona",
                offer_rejected(&s, HOSTILE, HOSTILE, HOSTILE, "pierogi", HOSTILE),
            ),
        ]
    }

    #[test]
    fn the_verification_link_is_absolute_and_in_both_parts() {
        let mail = verification(&site(), "Anna Nowak", TOKEN, DAY);
        let link = format!("https://pes.torun.example/konto/weryfikacja?token={TOKEN}");
        assert!(mail.text.contains(&format!("\n{link}\n")), "{}", mail.text);
        assert!(
            mail.html.contains(&format!("<a href=\"{link}\"")),
            "{}",
            mail.html
        );
        assert!(mail.text.starts_with("Dzień dobry, Anna Nowak!"));
        assert!(mail.text.contains("Link jest ważny przez 24 godziny"));
        assert!(mail.text.contains("Jeśli to nie Ty"));
        assert!(mail.text.contains("Zespół platformy PES-TOR"));
        assert!(mail.html.contains("<html lang=\"pl\">"));
    }

    #[test]
    fn the_reset_link_carries_its_own_validity() {
        let mail = password_reset(&site(), "", TOKEN, 3600);
        assert!(mail.text.starts_with("Dzień dobry!"));
        assert!(
            mail.text
                .contains(&format!("/konto/nowe-haslo?token={TOKEN}"))
        );
        assert!(mail.text.contains("Link jest ważny przez godzinę"));
        assert!(mail.text.contains("pes@torun.example"));
    }

    #[test]
    fn validity_is_said_in_polish() {
        assert!(validity(DAY).contains("przez 24 godziny "));
        assert!(validity(2 * DAY).contains("przez 48 godzin "));
        assert!(validity(2 * 3600).contains("przez 2 godziny "));
        assert!(validity(3600).contains("przez godzinę "));
        assert!(validity(30 * 60).contains("przez 30 minut "));
        assert!(validity(90 * 60).contains("przez 90 minut "));
        assert!(validity(0).contains("przez 1 minutę "));
    }

    #[test]
    fn hostile_text_is_escaped_in_html_and_kept_readable_in_text() {
        for (what, mail) in every_message() {
            assert!(!mail.html.contains("<script"), "{what}: {}", mail.html);
            assert!(
                mail.html.contains(
                    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Kowalski&quot;"
                ),
                "{what}: {}",
                mail.html
            );
            assert!(mail.text.contains(HOSTILE), "{what}: {}", mail.text);
        }
    }

    #[test]
    fn every_message_greets_links_to_the_platform_and_is_signed() {
        for (what, mail) in every_message() {
            assert!(!mail.subject.is_empty(), "{what}");
            assert!(mail.text.starts_with("Dzień dobry"), "{what}");
            assert!(
                mail.text.contains("Jeśli to nie Ty"),
                "{what}: {}",
                mail.text
            );
            assert!(mail.text.contains("https://pes.torun.example/"), "{what}");
            assert!(mail.text.contains("Zespół platformy PES-TOR"), "{what}");
            assert!(mail.html.contains("Zespół platformy PES-TOR"), "{what}");
            assert!(!mail.text.contains("//konto"), "{what}: doubled slash");
        }
    }

    #[test]
    fn organisation_links_point_at_the_profile() {
        let mail = claim_approved(&site(), "Anna", "Fundacja Ala", "fundacja-ala");
        assert!(
            mail.text
                .contains("https://pes.torun.example/podmioty/fundacja-ala\n"),
            "{}",
            mail.text
        );
    }

    #[test]
    fn offer_decisions_link_to_the_offer_and_carry_the_reason() {
        let approved = offer_approved(&site(), "Anna", "Fundacja Ala", "Pierogi", "pierogi");
        assert!(approved.subject.contains("Pierogi"));
        assert!(
            approved
                .text
                .contains("https://pes.torun.example/oferty/pierogi\n")
        );
        assert!(approved.text.contains("/konto/oferty"));
        let rejected = offer_rejected(
            &site(),
            "Anna",
            "Fundacja Ala",
            "Pierogi",
            "pierogi",
            "Podaj cenę.",
        );
        assert!(rejected.text.contains("Uzasadnienie:\n\n> Podaj cenę."));
        assert!(rejected.text.contains("/oferty/pierogi"));
    }

    #[test]
    fn a_reason_keeps_its_lines_quoted() {
        let mail = account_rejected(&site(), "Jan", "Brak danych.\nProszę uzupełnić.");
        assert!(
            mail.text
                .contains("Uzasadnienie:\n\n> Brak danych.\n> Proszę uzupełnić.")
        );
        assert!(mail.html.contains("Brak danych.<br>\nProszę uzupełnić."));
    }

    #[test]
    fn a_line_break_in_a_name_does_not_break_the_greeting() {
        let mail = account_approved(&site(), "Jan\r\nKowalski");
        assert!(mail.text.starts_with("Dzień dobry, Jan  Kowalski!\n"));
    }

    #[test]
    fn without_a_contact_address_the_office_is_named_instead() {
        let s = MailSite {
            contact_email: "",
            ..site()
        };
        let mail = account_rejected(&s, "Jan", "x");
        assert!(mail.text.contains("skontaktuj się z urzędem"));
        assert!(!mail.text.contains("na adres ."));
    }

    #[test]
    fn tokens_are_percent_encoded_in_links() {
        assert_eq!(
            site().token_link(VERIFY_PATH, "a b&c"),
            "https://pes.torun.example/konto/weryfikacja?token=a%20b%26c"
        );
    }
}
