//! The Baza lokalowa's e-mails: staff decisions on organisations' applications for premises.

use percent_encoding::utf8_percent_encode;

use super::{Letter, MailSite, PLATFORM_NAME, UNRESERVED};
use crate::domain::mail::MailContent;
use crate::domain::premises::ApplicationStatus;

/// Where a representative sees the applications of their organisations.
pub const MY_PREMISES_PATH: &str = "/konto/lokale";

fn premises_link(site: &MailSite, slug: &str) -> String {
    site.link(&format!(
        "/lokale/{}",
        utf8_percent_encode(slug, UNRESERVED)
    ))
}

/// Staff decided on an application (in review, accepted or rejected): to the representative who
/// sent it. `what` is "zgłoszenie zainteresowania" or "wniosek o najem".
#[allow(clippy::too_many_arguments)]
pub fn application_decided(
    site: &MailSite,
    name: &str,
    what: &str,
    address: &str,
    slug: &str,
    org_name: &str,
    status: ApplicationStatus,
    reason: &str,
) -> MailContent {
    let (subject, outcome) = match status {
        ApplicationStatus::InReview => (
            format!("Rozpatrujemy Wasze zgłoszenie — lokal {address}"),
            format!(
                "Urząd rozpatruje {what} organizacji „{org_name}” dotyczące lokalu {address}. \
                 Gdy zapadnie decyzja, dostaniesz kolejną wiadomość."
            ),
        ),
        ApplicationStatus::Accepted => (
            format!("Zgłoszenie przyjęte — lokal {address}"),
            format!(
                "Urząd przyjął {what} organizacji „{org_name}” dotyczące lokalu {address}. \
                 Pracownik urzędu lub zarządca lokalu skontaktuje się z Wami w sprawie \
                 dalszych kroków (oględziny, umowa najmu)."
            ),
        ),
        ApplicationStatus::Rejected => (
            format!("Zgłoszenie odrzucone — lokal {address}"),
            format!(
                "Urząd nie przyjął zgłoszenia organizacji „{org_name}” ({what}) dotyczącego \
                 lokalu {address}."
            ),
        ),
        ApplicationStatus::Submitted => (
            format!("Zgłoszenie złożone — lokal {address}"),
            format!("Zgłoszenie organizacji „{org_name}” czeka na rozpatrzenie."),
        ),
    };
    let letter = Letter::new(subject).para(outcome);
    let letter = if status == ApplicationStatus::Rejected {
        letter.reason(reason)
    } else {
        letter.quote(reason)
    };
    letter
        .para("Opis lokalu:")
        .link(premises_link(site, slug))
        .para(format!(
            "Wszystkie zgłoszenia Twoich organizacji i ich statusy zobaczysz po zalogowaniu na \
             platformie {PLATFORM_NAME}:"
        ))
        .link(site.link(MY_PREMISES_PATH))
        .para(format!(
            "Jeśli to nie Ty składasz zgłoszenia w imieniu tej organizacji, {}.",
            site.write_to_us()
        ))
        .finish(site, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::Settings;

    #[test]
    fn a_rejection_carries_the_reason_and_links() {
        let settings = Settings::default();
        let site = MailSite::new("https://pes.torun.example/", &settings);
        let mail = application_decided(
            &site,
            "Anna",
            "wniosek o najem",
            "ul. Szeroka 12/3",
            "ul-szeroka-12-3-torun",
            "Fundacja <Świt>",
            ApplicationStatus::Rejected,
            "Lokal przyznano w naborze innej organizacji.",
        );
        assert!(mail.subject.contains("odrzucone"));
        assert!(
            mail.text
                .contains("> Lokal przyznano w naborze innej organizacji.")
        );
        assert!(
            mail.text
                .contains("https://pes.torun.example/lokale/ul-szeroka-12-3-torun")
        );
        assert!(mail.text.contains("https://pes.torun.example/konto/lokale"));
        assert!(mail.html.contains("Fundacja &lt;Świt&gt;"));
    }
}
