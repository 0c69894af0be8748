//! Subscriptions to new listings of the exchange: anyone leaves an e-mail address, confirms it
//! (double opt-in) and then gets new offers, equipment or needs — all of a register or only some
//! categories — at once or as a daily digest. Every mail carries a link that ends it.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::equipment::EquipmentCategory;
use super::listing::{Listing, ListingKind};
use super::offer_category;
use super::user::UserId;
use super::validate::{self, FieldErrors};

/// An unconfirmed subscription is forgotten after this long (the confirmation link expires).
pub const CONFIRMATION_VALID_SECS: i64 = 7 * 24 * 3600;
/// More topics than this is a form someone is playing with.
pub const MAX_TOPICS: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SubscriptionId(pub u64);

/// How often a subscriber hears from us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    /// One mail per new listing, as soon as it is published.
    Instant,
    /// One mail a day with everything new since the previous one (none when nothing is new).
    Daily,
}

impl Frequency {
    pub const ALL: [Frequency; 2] = [Frequency::Instant, Frequency::Daily];

    pub fn code(self) -> &'static str {
        match self {
            Frequency::Instant => "od-razu",
            Frequency::Daily => "raz-dziennie",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Frequency::Instant => "od razu, osobna wiadomość o każdym nowym ogłoszeniu",
            Frequency::Daily => "raz dziennie, zestawienie nowości (rano)",
        }
    }

    pub fn from_code(code: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// What a subscriber wants from one register: everything, or only listings in these
/// categories (a main category includes its subcategories).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub kind: ListingKind,
    /// Empty: every category of the register.
    #[serde(default)]
    pub categories: Vec<String>,
}

impl Topic {
    pub fn wants(&self, listing: &Listing) -> bool {
        self.kind == listing.kind
            && (self.categories.is_empty()
                || self
                    .categories
                    .iter()
                    .any(|c| offer_category::matches(&listing.category, c)))
    }
}

/// One subscriber's choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: SubscriptionId,
    /// Normalised address the mail goes to.
    pub email: String,
    pub topics: Vec<Topic>,
    pub frequency: Frequency,
    /// `None` until the owner of the address clicks the confirmation link: nothing but the
    /// confirmation is ever sent before that.
    #[serde(default)]
    pub confirmed: Option<Timestamp>,
    /// The secret of the links in every mail (manage, unsubscribe). It only gives power over
    /// this subscription, and mails need it again and again, so it is kept as it is.
    pub key: String,
    /// Publications up to this number (in the order they were recorded) have been sent or
    /// predate the subscription: the daily digest's watermark. A number, not a time, so that
    /// a listing published in the same second as the confirmation is not lost.
    pub sent_up_to: u64,
    /// When the last daily digest round looked at this subscription.
    #[serde(default)]
    pub last_digest: Timestamp,
    /// The account that subscribed, when signed in.
    #[serde(default)]
    pub user: Option<UserId>,
    pub created: Timestamp,
    pub updated: Timestamp,
}

impl Subscription {
    /// Whether a confirmed subscriber wants to hear of `listing`.
    pub fn wants(&self, listing: &Listing) -> bool {
        self.confirmed.is_some() && self.topics.iter().any(|t| t.wants(listing))
    }

    /// Whether an unconfirmed subscription has outlived its confirmation link.
    pub fn is_stale(&self, now: Timestamp) -> bool {
        self.confirmed.is_none() && now - self.created > CONFIRMATION_VALID_SECS
    }
}

/// The subscription form as typed: registers ticked, categories per register, frequency.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubscriptionInput {
    pub email: String,
    pub kinds: Vec<String>,
    /// (register code, category code) for each ticked category.
    pub categories: Vec<(String, String)>,
    pub frequency: String,
}

/// What a valid form gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Choices {
    pub email: String,
    pub topics: Vec<Topic>,
    pub frequency: Frequency,
}

impl SubscriptionInput {
    /// Checks the form; errors are keyed by the form's field names.
    pub fn validate(&self) -> Result<Choices, FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = super::user::normalize_email(&self.email);
        if email.is_empty() {
            errors.add(
                "email",
                "Podaj adres e-mail, na który mamy wysyłać nowości.",
            );
        } else if !validate::is_email(&email) {
            errors.add(
                "email",
                "To nie wygląda na adres e-mail (np. jan.kowalski@poczta.pl).",
            );
        }
        let mut topics: Vec<Topic> = Vec::new();
        for code in &self.kinds {
            let Some(kind) = ListingKind::from_code(code) else {
                errors.add("rejestr", "Wybierz rejestry z listy.");
                continue;
            };
            if topics.iter().any(|t| t.kind == kind) {
                continue;
            }
            let mut categories: Vec<String> = self
                .categories
                .iter()
                .filter(|(k, _)| k == code)
                .map(|(_, c)| c.clone())
                .collect();
            categories.sort();
            categories.dedup();
            if categories.len() > MAX_TOPICS || !categories.iter().all(|c| category_exists(kind, c))
            {
                errors.add("rejestr", "Wybierz kategorie z listy.");
            }
            topics.push(Topic { kind, categories });
        }
        if topics.is_empty() && errors.get("rejestr").is_empty() {
            errors.add(
                "rejestr",
                "Zaznacz co najmniej jeden rejestr: produkty i usługi, bank sprzętu lub zapotrzebowanie.",
            );
        }
        let frequency = Frequency::from_code(&self.frequency);
        if frequency.is_none() {
            errors.add("czestotliwosc", "Wybierz, jak często wysyłać wiadomości.");
        }
        match frequency {
            Some(frequency) if errors.is_empty() => Ok(Choices {
                email,
                topics,
                frequency,
            }),
            _ => Err(errors),
        }
    }
}

/// Categories a subscriber may pick for a register: the main categories of the shared tree for
/// offers and needs, the equipment bank's own categories.
pub fn category_exists(kind: ListingKind, code: &str) -> bool {
    category_choices(kind).iter().any(|(c, _)| *c == code)
}

/// (code, label) of the categories a subscriber may pick for a register, in display order.
pub fn category_choices(kind: ListingKind) -> Vec<(&'static str, &'static str)> {
    match kind {
        ListingKind::Offer | ListingKind::Need => offer_category::main_categories()
            .map(|c| (c.code, c.label))
            .collect(),
        ListingKind::Equipment => EquipmentCategory::ALL
            .iter()
            .map(|c| (c.code(), c.label()))
            .collect(),
    }
}

/// The label of a category code of a register (the code itself when unknown).
pub fn category_label(kind: ListingKind, code: &str) -> String {
    category_choices(kind)
        .into_iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_string(), |(_, label)| label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(kind: ListingKind, category: &str) -> Listing {
        Listing {
            kind,
            id: 1,
            slug: "x".into(),
            title: "Catering".into(),
            category: category.into(),
            category_label: String::new(),
            summary: String::new(),
            published: 0,
            organization: None,
            author: None,
        }
    }

    fn subscription(topics: Vec<Topic>, confirmed: bool) -> Subscription {
        Subscription {
            id: SubscriptionId(1),
            email: "anna@example.pl".into(),
            topics,
            frequency: Frequency::Instant,
            confirmed: confirmed.then_some(10),
            key: "k".into(),
            sent_up_to: 0,
            last_digest: 0,
            user: None,
            created: 0,
            updated: 0,
        }
    }

    #[test]
    fn a_subscriber_gets_only_the_registers_and_categories_chosen_and_only_when_confirmed() {
        let offers_in_catering = Topic {
            kind: ListingKind::Offer,
            categories: vec!["gastronomia".into()],
        };
        let all_equipment = Topic {
            kind: ListingKind::Equipment,
            categories: vec![],
        };
        let furniture = Topic {
            kind: ListingKind::Equipment,
            categories: vec![EquipmentCategory::ALL[0].code().into()],
        };
        let only_furniture = subscription(vec![furniture], true);
        let first = EquipmentCategory::ALL[0].code();
        let second = EquipmentCategory::ALL[1].code();
        assert!(only_furniture.wants(&listing(ListingKind::Equipment, first)));
        assert!(!only_furniture.wants(&listing(ListingKind::Equipment, second)));
        let s = subscription(vec![offers_in_catering, all_equipment], true);
        assert!(s.wants(&listing(ListingKind::Offer, "gastronomia/catering")));
        assert!(!s.wants(&listing(ListingKind::Offer, "opieka/dzieci")));
        assert!(!s.wants(&listing(ListingKind::Need, "gastronomia/catering")));
        assert!(s.wants(&listing(ListingKind::Equipment, "meble")));
        let unconfirmed = Subscription {
            confirmed: None,
            ..s
        };
        assert!(!unconfirmed.wants(&listing(ListingKind::Equipment, "meble")));
    }

    #[test]
    fn the_form_needs_an_address_a_register_and_a_frequency() {
        let empty = SubscriptionInput::default().validate().unwrap_err();
        assert!(!empty.get("email").is_empty());
        assert!(!empty.get("rejestr").is_empty());
        assert!(!empty.get("czestotliwosc").is_empty());

        let input = SubscriptionInput {
            email: " Anna@Example.PL ".into(),
            kinds: vec!["oferta".into(), "sprzet".into(), "oferta".into()],
            categories: vec![
                ("oferta".into(), "gastronomia".into()),
                ("potrzeba".into(), "opieka".into()),
            ],
            frequency: "raz-dziennie".into(),
        };
        let choices = input.validate().unwrap();
        assert_eq!(choices.email, "anna@example.pl");
        assert_eq!(choices.frequency, Frequency::Daily);
        assert_eq!(
            choices.topics,
            vec![
                Topic {
                    kind: ListingKind::Offer,
                    categories: vec!["gastronomia".into()]
                },
                Topic {
                    kind: ListingKind::Equipment,
                    categories: vec![]
                },
            ]
        );
    }

    #[test]
    fn unknown_registers_and_categories_are_refused() {
        let input = SubscriptionInput {
            email: "anna@example.pl".into(),
            kinds: vec!["oferta".into()],
            categories: vec![("oferta".into(), "gastronomia/catering".into())],
            frequency: "od-razu".into(),
        };
        assert!(!input.validate().unwrap_err().get("rejestr").is_empty());
        let input = SubscriptionInput {
            kinds: vec!["cokolwiek".into()],
            ..input
        };
        assert!(!input.validate().unwrap_err().get("rejestr").is_empty());
    }

    #[test]
    fn unconfirmed_subscriptions_go_stale_after_a_week() {
        let s = subscription(vec![], false);
        assert!(!s.is_stale(CONFIRMATION_VALID_SECS));
        assert!(s.is_stale(CONFIRMATION_VALID_SECS + 1));
        assert!(!subscription(vec![], true).is_stale(i64::MAX));
    }
}
