//! The needs board's e-mails: a new response to the author, the choice to everyone who
//! answered, and the automatic closing after the deadline to the author.

use percent_encoding::utf8_percent_encode;

use super::{Letter, MailSite, PLATFORM_NAME, UNRESERVED};
use crate::domain::listing::ListingKind;
use crate::domain::mail::MailContent;
use crate::text::plural::plural;

/// The absolute address of a need's page.
fn need_link(site: &MailSite, slug: &str) -> String {
    site.link(&format!(
        "{}/{}",
        ListingKind::Need.path(),
        utf8_percent_encode(slug, UNRESERVED)
    ))
}

/// A PES answered a need: to the need's author.
pub fn response_received(
    site: &MailSite,
    name: &str,
    need_title: &str,
    need_slug: &str,
    org_name: &str,
) -> MailContent {
    Letter::new(format!("Nowa odpowiedź na potrzebę — {need_title}"))
        .para(format!(
            "Organizacja „{org_name}” odpowiedziała na potrzebę „{need_title}”, którą \
             opublikowano w platformie {PLATFORM_NAME}."
        ))
        .para(
            "Odpowiedź, proponowaną cenę i załącznik zobaczysz po zalogowaniu na stronie \
             potrzeby. Tam też możesz wybrać odpowiedź albo zamknąć potrzebę:",
        )
        .link(need_link(site, need_slug))
        .para(format!(
            "Jeśli to nie Ty zgłaszasz tę potrzebę, {}.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// The author side picked this organisation's response: to its representatives.
pub fn response_chosen(
    site: &MailSite,
    name: &str,
    need_title: &str,
    need_slug: &str,
    org_name: &str,
) -> MailContent {
    Letter::new(format!("Wybrano Waszą odpowiedź — {need_title}"))
        .para(format!(
            "Zgłaszający potrzebę „{need_title}” wybrał odpowiedź organizacji „{org_name}”. \
             Potrzeba jest teraz w realizacji."
        ))
        .para(
            "Zgłaszający skontaktuje się z Wami w sprawie szczegółów. Potrzebę i Waszą \
             odpowiedź zobaczysz tutaj:",
        )
        .link(need_link(site, need_slug))
        .para(format!(
            "Jeśli to nie Ty reprezentujesz tę organizację, {}.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// The author side picked another organisation's response: to the other responders.
pub fn response_not_chosen(
    site: &MailSite,
    name: &str,
    need_title: &str,
    need_slug: &str,
    org_name: &str,
) -> MailContent {
    Letter::new(format!("Wybrano inną odpowiedź — {need_title}"))
        .para(format!(
            "Dziękujemy za odpowiedź organizacji „{org_name}” na potrzebę „{need_title}”. \
             Zgłaszający wybrał tym razem inną ofertę."
        ))
        .para("Potrzebę i Waszą odpowiedź zobaczysz tutaj:")
        .link(need_link(site, need_slug))
        .para(
            "Zachęcamy do odpowiadania na kolejne potrzeby miasta i organizacji. Aktualne \
             potrzeby znajdziesz w platformie:",
        )
        .link(site.link(ListingKind::Need.path()))
        .para(format!(
            "Jeśli to nie Ty reprezentujesz tę organizację, {}.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// A need was still open after its deadline and was closed: to its author.
pub fn expired(
    site: &MailSite,
    name: &str,
    need_title: &str,
    need_slug: &str,
    responses: usize,
) -> MailContent {
    let count = responses as u64;
    let received = match responses {
        0 => "Nie wpłynęła żadna odpowiedź.".to_string(),
        1 => "Wpłynęła 1 odpowiedź, ale nie została wybrana.".to_string(),
        n => format!(
            "{} {n} {}, ale żadna nie została wybrana.",
            plural(count, "Wpłynęła", "Wpłynęły", "Wpłynęło"),
            plural(count, "odpowiedź", "odpowiedzi", "odpowiedzi")
        ),
    };
    Letter::new(format!("Termin na odpowiedzi minął — {need_title}"))
        .para(format!(
            "Termin na odpowiedzi na potrzebę „{need_title}” minął, więc potrzeba została \
             zamknięta automatycznie. {received}"
        ))
        .para(
            "Jeśli potrzeba jest nadal aktualna, możesz opublikować ją ponownie z nowym \
             terminem. Potrzeba i odpowiedzi, jeśli jakieś wpłynęły:",
        )
        .link(need_link(site, need_slug))
        .para(format!(
            "Jeśli to nie Ty zgłaszasz tę potrzebę, {}.",
            site.write_to_us()
        ))
        .finish(site, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "<script>alert('x')</script> & \"Kowalski\"";

    fn site() -> MailSite<'static> {
        MailSite {
            base_url: "https://pes.torun.example/",
            gmina_name: "Gmina Miasta Toruń",
            contact_email: "pes@torun.example",
        }
    }

    #[test]
    fn need_messages_link_to_the_need_and_escape_names() {
        let s = site();
        let slug = "catering-na-konferencje";
        let mails = [
            response_received(&s, HOSTILE, HOSTILE, slug, HOSTILE),
            response_chosen(&s, HOSTILE, HOSTILE, slug, HOSTILE),
            response_not_chosen(&s, HOSTILE, HOSTILE, slug, HOSTILE),
            expired(&s, HOSTILE, HOSTILE, slug, 2),
        ];
        for mail in &mails {
            assert!(mail.text.starts_with("Dzień dobry"));
            assert!(mail.text.contains("Jeśli to nie Ty"), "{}", mail.text);
            assert!(!mail.html.contains("<script"), "{}", mail.html);
            assert!(
                mail.text.contains(
                    "https://pes.torun.example/zapotrzebowanie/catering-na-konferencje\n"
                ),
                "{}",
                mail.text
            );
            assert!(mail.text.contains("Zespół platformy PES-TOR"));
        }
        assert!(mails[1].text.contains("Potrzeba jest teraz w realizacji."));
        assert!(
            mails[2]
                .text
                .contains("https://pes.torun.example/zapotrzebowanie\n")
        );
        assert!(mails[3].text.contains("Wpłynęły 2 odpowiedzi, ale żadna"));
    }

    #[test]
    fn the_expiry_mail_counts_responses_in_polish() {
        let s = site();
        let text = |n| expired(&s, "Jan", "Druk ulotek", "druk-ulotek", n).text;
        assert!(text(0).contains("Nie wpłynęła żadna odpowiedź."));
        assert!(text(1).contains("Wpłynęła 1 odpowiedź, ale nie została wybrana."));
        assert!(text(5).contains("Wpłynęło 5 odpowiedzi"));
        assert!(text(22).contains("Wpłynęły 22 odpowiedzi"));
    }
}
