//! The Bank sprzętu's e-mails: decisions on submitted items, and on organisations' requests.

use percent_encoding::utf8_percent_encode;

use super::{Letter, MailSite, PLATFORM_NAME, UNRESERVED};
use crate::domain::listing::ListingKind;
use crate::domain::mail::MailContent;

/// The absolute address of an item's page.
fn item_link(site: &MailSite, slug: &str) -> String {
    site.link(&format!(
        "{}/{}",
        ListingKind::Equipment.path(),
        utf8_percent_encode(slug, UNRESERVED)
    ))
}

/// Staff accepted an item a representative or a resident submitted: it is public now.
pub fn item_accepted(site: &MailSite, name: &str, title: &str, slug: &str) -> MailContent {
    Letter::new(format!("Sprzęt opublikowany w banku sprzętu — {title}"))
        .para(format!(
            "Pracownik urzędu zaakceptował zgłoszony przez Ciebie sprzęt „{title}”. Jest już \
             widoczny w banku sprzętu platformy {PLATFORM_NAME}, a organizacje mogą składać \
             wnioski o jego przekazanie:"
        ))
        .link(item_link(site, slug))
        .para(
            "Wnioski organizacji zobaczysz po zalogowaniu na stronie sprzętu — tam wybierzesz \
             organizację, która go otrzyma.",
        )
        .para(format!(
            "Jeśli to nie Ty zgłaszasz ten sprzęt, {}.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// Staff did not accept a submitted item.
pub fn item_rejected(site: &MailSite, name: &str, title: &str, reason: &str) -> MailContent {
    Letter::new(format!("Sprzęt nie został opublikowany — {title}"))
        .para(format!(
            "Pracownik urzędu nie opublikował zgłoszonego przez Ciebie sprzętu „{title}” w banku \
             sprzętu platformy {PLATFORM_NAME}."
        ))
        .reason(reason)
        .para(format!(
            "Możesz zgłosić sprzęt ponownie z poprawionym opisem albo {}.",
            site.write_to_us()
        ))
        .para("Jeśli to nie Ty zgłaszasz ten sprzęt, nic nie musisz robić.")
        .finish(site, name)
}

/// An organisation asked for an item: to the person who added it.
pub fn request_received(
    site: &MailSite,
    name: &str,
    title: &str,
    slug: &str,
    org_name: &str,
) -> MailContent {
    Letter::new(format!("Nowy wniosek o sprzęt — {title}"))
        .para(format!(
            "Organizacja „{org_name}” prosi o przekazanie sprzętu „{title}”, który dodałeś(-aś) \
             do banku sprzętu platformy {PLATFORM_NAME}."
        ))
        .para(
            "Uzasadnienie wniosku i wszystkie pozostałe wnioski zobaczysz po zalogowaniu na \
             stronie sprzętu. Tam zatwierdzisz wniosek organizacji, która ma go otrzymać:",
        )
        .link(item_link(site, slug))
        .para(format!(
            "Jeśli to nie Ty dodajesz ten sprzęt, {}.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// The donor approved an organisation's request: the item is reserved for it.
pub fn request_approved(
    site: &MailSite,
    name: &str,
    title: &str,
    slug: &str,
    org_name: &str,
    pickup: &str,
) -> MailContent {
    Letter::new(format!("Wniosek zatwierdzony — {title}"))
        .para(format!(
            "Wniosek organizacji „{org_name}” o sprzęt „{title}” został zatwierdzony. Sprzęt jest \
             zarezerwowany dla Twojej organizacji."
        ))
        .para(format!("Miejsce odbioru: {pickup}."))
        .para(
            "Termin odbioru i protokół przekazania ustal z przekazującym — możesz zadać pytanie \
             na stronie sprzętu:",
        )
        .link(item_link(site, slug))
        .para(format!(
            "Jeśli to nie Ty składasz ten wniosek, {}.",
            site.write_to_us()
        ))
        .finish(site, name)
}

/// An organisation's request was declined: by the donor, or because another organisation
/// received the item (`reason` says which).
pub fn request_declined(
    site: &MailSite,
    name: &str,
    title: &str,
    slug: &str,
    org_name: &str,
    reason: &str,
) -> MailContent {
    Letter::new(format!("Wniosek nie został zatwierdzony — {title}"))
        .para(format!(
            "Wniosek organizacji „{org_name}” o sprzęt „{title}” nie został zatwierdzony."
        ))
        .reason(reason)
        .para("Inny sprzęt, który czeka na organizacje, znajdziesz w banku sprzętu:")
        .link(site.link(ListingKind::Equipment.path()))
        .para(format!(
            "Sprzęt, o który prosiłeś(-aś): {}",
            item_link(site, slug)
        ))
        .para("Jeśli to nie Ty składasz ten wniosek, nic nie musisz robić.")
        .finish(site, name)
}

/// The donor cancelled the reservation for an organisation.
pub fn reservation_cancelled(
    site: &MailSite,
    name: &str,
    title: &str,
    slug: &str,
    org_name: &str,
    reason: &str,
) -> MailContent {
    Letter::new(format!("Rezerwacja anulowana — {title}"))
        .para(format!(
            "Przekazujący anulował rezerwację sprzętu „{title}” dla organizacji „{org_name}”. \
             Sprzęt jest znów dostępny dla wszystkich organizacji."
        ))
        .reason(reason)
        .para(format!(
            "Jeśli masz pytania, zadaj je na stronie sprzętu albo {}:",
            site.write_to_us()
        ))
        .link(item_link(site, slug))
        .para("Jeśli to nie Ty składasz ten wniosek, nic nie musisz robić.")
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

    fn every_message() -> Vec<(&'static str, MailContent)> {
        let s = site();
        let slug = "laptop-dell";
        vec![
            ("zaakceptowany", item_accepted(&s, HOSTILE, HOSTILE, slug)),
            ("odrzucony", item_rejected(&s, HOSTILE, HOSTILE, HOSTILE)),
            (
                "nowy-wniosek",
                request_received(&s, HOSTILE, HOSTILE, slug, HOSTILE),
            ),
            (
                "zatwierdzony",
                request_approved(&s, HOSTILE, HOSTILE, slug, HOSTILE, HOSTILE),
            ),
            (
                "odrzucony-wniosek",
                request_declined(&s, HOSTILE, HOSTILE, slug, HOSTILE, HOSTILE),
            ),
            (
                "anulowana",
                reservation_cancelled(&s, HOSTILE, HOSTILE, slug, HOSTILE, HOSTILE),
            ),
        ]
    }

    #[test]
    fn every_message_is_polite_signed_and_escaped() {
        for (what, mail) in every_message() {
            assert!(mail.text.starts_with("Dzień dobry"), "{what}");
            assert!(mail.text.contains("Jeśli to nie Ty"), "{what}");
            assert!(mail.text.contains("Zespół platformy PES-TOR"), "{what}");
            assert!(!mail.html.contains("<script"), "{what}: {}", mail.html);
            assert!(mail.text.contains(HOSTILE), "{what}");
        }
    }

    #[test]
    fn links_lead_to_the_item() {
        let mail = request_approved(
            &site(),
            "Anna",
            "Laptop Dell Latitude (2019)",
            "laptop-dell",
            "Fundacja Ala",
            "ul. Szeroka 1, Stare Miasto",
        );
        assert!(
            mail.text
                .contains("https://pes.torun.example/sprzet/laptop-dell\n"),
            "{}",
            mail.text
        );
        assert!(
            mail.text
                .contains("Miejsce odbioru: ul. Szeroka 1, Stare Miasto.")
        );
        assert_eq!(
            mail.subject,
            "Wniosek zatwierdzony — Laptop Dell Latitude (2019)"
        );
    }
}
