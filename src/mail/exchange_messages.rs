//! The e-mails of the exchange that are not about one workflow's decision: subscription
//! confirmations, new listings (one at a time or as a daily digest) and enquiry messages.
//! Same letter structure as [`super::messages`].

use super::messages::{Letter, MailSite};
use crate::domain::enquiry::Enquiry;
use crate::domain::listing::{Listing, ListingKind};
use crate::domain::mail::MailContent;
use crate::domain::subscription::{Frequency, Topic, category_label};
use crate::text::plural::plural;

/// Subscription pages (`?klucz=` carries the subscription's secret, `?token=` a confirmation).
pub const SUBSCRIBE_CONFIRM_PATH: &str = "/subskrypcje/potwierdz";
pub const SUBSCRIPTION_MANAGE_PATH: &str = "/subskrypcje/ustawienia";
pub const UNSUBSCRIBE_PATH: &str = "/subskrypcje/wypisz";

/// The one-click unsubscribe address of a subscription (also the `List-Unsubscribe` header).
pub fn unsubscribe_link(site: &MailSite, key: &str) -> String {
    format!("{}?klucz={key}", site.link(UNSUBSCRIBE_PATH))
}

fn manage_link(site: &MailSite, key: &str) -> String {
    format!("{}?klucz={key}", site.link(SUBSCRIPTION_MANAGE_PATH))
}

/// "produkty i usługi (Gastronomia, Opieka); bank sprzętu (wszystko)".
pub fn describe_topics(topics: &[Topic]) -> String {
    let parts: Vec<String> = topics
        .iter()
        .map(|t| {
            let categories = if t.categories.is_empty() {
                "wszystkie kategorie".to_string()
            } else {
                t.categories
                    .iter()
                    .map(|c| category_label(t.kind, c))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!("{} ({categories})", t.kind.register_label())
        })
        .collect();
    parts.join("; ")
}

/// The double opt-in: nothing else is sent until the link is clicked.
pub fn subscription_confirmation(
    site: &MailSite,
    token: &str,
    topics: &[Topic],
    frequency: Frequency,
) -> MailContent {
    Letter::new(format!("Potwierdź subskrypcję nowości — {}", site.gmina_name))
        .para("Ktoś (zapewne Ty) poprosił o wysyłanie na ten adres nowości z platformy współpracy z podmiotami ekonomii społecznej:")
        .para(format!("{}. Wysyłka: {}.", describe_topics(topics), frequency.label()))
        .para("Aby zacząć otrzymywać wiadomości, potwierdź adres, otwierając link:")
        .link(site.token_link(SUBSCRIBE_CONFIRM_PATH, token))
        .para("Link jest ważny przez 7 dni. Jeśli to nie Ty, zignoruj tę wiadomość — bez potwierdzenia nic więcej nie wyślemy.")
        .finish(site, "")
}

/// One new listing, for an instant subscriber.
pub fn new_listing(site: &MailSite, listing: &Listing, key: &str) -> MailContent {
    let kind = match listing.kind {
        ListingKind::Offer => "Nowa oferta",
        ListingKind::Equipment => "Nowy sprzęt w banku sprzętu",
        ListingKind::Need => "Nowe zapotrzebowanie",
    };
    let mut letter = Letter::new(format!("{kind}: {}", listing.title))
        .para(format!("{kind} na platformie: „{}”.", listing.title));
    if !listing.category_label.is_empty() {
        letter = letter.para(format!("Kategoria: {}.", listing.category_label));
    }
    if !listing.summary.is_empty() {
        letter = letter.para(listing.summary.clone());
    }
    letter
        .link(site.link(&listing.path()))
        .para("Ustawienia subskrypcji:")
        .link(manage_link(site, key))
        .para("Rezygnacja jednym kliknięciem:")
        .link(unsubscribe_link(site, key))
        .finish(site, "")
}

/// The daily digest: everything new a subscriber wants, grouped by register.
pub fn digest(site: &MailSite, listings: &[Listing], key: &str) -> MailContent {
    let count = listings.len() as u64;
    let mut letter = Letter::new(format!(
        "{count} {} na platformie — {}",
        plural(count, "nowość", "nowości", "nowości"),
        site.gmina_name
    ));
    for kind in ListingKind::ALL {
        let of_kind: Vec<&Listing> = listings.iter().filter(|l| l.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        letter = letter.para(format!("{}:", kind.register_label()));
        for listing in of_kind {
            letter = letter
                .para(format!("• {} ({})", listing.title, listing.category_label))
                .link(site.link(&listing.path()));
        }
    }
    letter
        .para("Ustawienia subskrypcji:")
        .link(manage_link(site, key))
        .para("Rezygnacja jednym kliknięciem:")
        .link(unsubscribe_link(site, key))
        .finish(site, "")
}

/// A message of a conversation, to one side. `link` opens the conversation: the inbox page for
/// an account, the secret link for a side without one.
pub fn enquiry_message(site: &MailSite, enquiry: &Enquiry, link: &str) -> MailContent {
    let Some(last) = enquiry.messages.last() else {
        return Letter::new(format!("Zapytanie: {}", enquiry.subject.title)).finish(site, "");
    };
    let first = enquiry.messages.len() == 1;
    let subject = if first {
        format!("Nowe zapytanie: {}", enquiry.subject.title)
    } else {
        format!("Odpowiedź w sprawie: {}", enquiry.subject.title)
    };
    let intro = if first {
        format!(
            "{} zadaje pytanie w sprawie „{}”:",
            last.author_name, enquiry.subject.title
        )
    } else {
        format!(
            "{} napisał(a) w rozmowie o „{}”:",
            last.author_name, enquiry.subject.title
        )
    };
    Letter::new(subject)
        .para(intro)
        .quote(&last.body)
        .para("Odpowiedz na platformie (odpowiedź na ten e-mail nie dotrze do nadawcy):")
        .link(link.to_string())
        .para("Ogłoszenie, którego dotyczy rozmowa:")
        .link(site.link(&enquiry.subject.path))
        .finish(site, "")
}
