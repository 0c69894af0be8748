//! A product or service of a PES ("Produkty i usługi"): the record, its price, who it is for,
//! and the rules of its life — draft → (pending →) published → archived.

use serde::{Deserialize, Serialize};

use super::listing::{Listing, ListingKind};
use super::offer_category;
use super::organization::OrgId;
use super::photo::Photo;
use super::user::{User, UserId};
use super::vocabulary::vocabulary;
use super::{RecordState, Timestamp};
use crate::text::format;

/// Identifier of an offer record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OfferId(pub u64);

/// The record as stored. New fields must be `#[serde(default)]` so old files stay readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub id: OfferId,
    /// Stable public identifier (`/oferty/{slug}`), made from the first title.
    pub slug: String,
    /// The organisation that offers it.
    pub organization: OrgId,
    pub title: String,
    /// A subcategory code of [`offer_category`], e.g. "gastronomia/catering".
    pub category: String,
    pub description: String,
    pub price: Price,
    #[serde(default)]
    pub audience: Vec<Audience>,
    /// Where the organisation delivers, e.g. "Toruń i powiat toruński".
    #[serde(default)]
    pub area_served: String,
    /// At most [`super::photo::MAX_PHOTOS`], in display order.
    #[serde(default)]
    pub photos: Vec<Photo>,
    pub state: RecordState,
    /// When it first became public; `None` until then.
    #[serde(default)]
    pub published: Option<Timestamp>,
    /// Why staff sent it back to its authors the last time, shown to them until it is
    /// published.
    #[serde(default)]
    pub rejection: Option<String>,
    pub created: Timestamp,
    pub updated: Timestamp,
    /// The account that created it; moderation decisions are mailed there.
    #[serde(default)]
    pub author: Option<UserId>,
    /// Written by the demo generator.
    #[serde(default)]
    pub demo: bool,
}

/// What the offer costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Price {
    /// A price in grosze: gross always, net when the organisation gives it.
    Fixed {
        gross: i64,
        #[serde(default)]
        net: Option<i64>,
        unit: PriceUnit,
    },
    /// "do negocjacji".
    Negotiable,
}

vocabulary! {
    /// What a price is for.
    PriceUnit {
        Person => "za-osobe", "za osobę";
        Hour => "za-godzine", "za godzinę";
        Piece => "za-sztuke", "za sztukę";
        SquareMetre => "za-m2", "za m²";
        Service => "za-usluge", "za usługę";
        Kilogram => "za-kg", "za kilogram";
        Day => "za-dobe", "za dobę";
    }
}

vocabulary! {
    /// Who an offer is meant for (one or more).
    Audience {
        City => "gmina", "Gmina i urzędy";
        Residents => "mieszkancy", "Mieszkańcy";
        Pes => "pes", "Inne podmioty ekonomii społecznej";
    }
}

/// A change of state someone asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferAction {
    /// "Opublikuj"; `review` when staff must approve it first (pre-moderation is on and the
    /// person is not staff).
    Publish {
        review: bool,
    },
    Archive,
    /// Back to a draft from the archive.
    Restore,
    /// Staff accept a pending offer.
    Approve,
    /// Staff send a pending offer back to its authors with a reason.
    Reject {
        reason: String,
    },
}

/// The longest title and area text, and the description limits.
pub const MAX_TITLE_CHARS: usize = 120;
pub const MIN_TITLE_CHARS: usize = 5;
pub const MIN_DESCRIPTION_CHARS: usize = 20;
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
pub const MAX_AREA_CHARS: usize = 200;
/// The highest price we accept: 10 million złoty, in grosze.
pub const MAX_PRICE: i64 = 1_000_000_000;

/// Whether `user` may create, edit, publish and archive the offers of `org`: staff for every
/// organisation, a PES representative for the organisations they represent.
pub fn may_manage(user: &User, org: OrgId) -> bool {
    user.role.is_staff() || user.represents(org)
}

/// Where an offer goes when `action` is asked for in `state`, or why it cannot.
pub fn next_state(state: RecordState, action: &OfferAction) -> Result<RecordState, &'static str> {
    use RecordState::{Archived, Draft, Pending, Published};
    match (action, state) {
        (OfferAction::Publish { review: true }, Draft) => Ok(Pending),
        (OfferAction::Publish { review: false }, Draft) => Ok(Published),
        (OfferAction::Publish { .. }, Pending) => {
            Err("Oferta czeka już na sprawdzenie przez urząd.")
        }
        (OfferAction::Publish { .. }, Published) => Err("Oferta jest już opublikowana."),
        (OfferAction::Publish { .. }, Archived) => {
            Err("Oferta jest w archiwum. Najpierw przywróć ją do wersji roboczej.")
        }
        (OfferAction::Archive, Draft | Pending | Published) => Ok(Archived),
        (OfferAction::Archive, Archived) => Err("Oferta jest już w archiwum."),
        (OfferAction::Restore, Archived) => Ok(Draft),
        (OfferAction::Restore, _) => Err("Przywrócić można tylko ofertę z archiwum."),
        (OfferAction::Approve | OfferAction::Reject { .. }, Pending) => Ok(match action {
            OfferAction::Approve => Published,
            _ => Draft,
        }),
        (OfferAction::Approve | OfferAction::Reject { .. }, _) => {
            Err("Ta oferta nie czeka na sprawdzenie — decyzja została już podjęta.")
        }
    }
}

/// The state after an edit: with pre-moderation, a published offer changed by its
/// representative goes back to staff before the public sees the change.
pub fn state_after_edit(state: RecordState, review: bool) -> RecordState {
    if review && state == RecordState::Published {
        RecordState::Pending
    } else {
        state
    }
}

impl Offer {
    /// Applies `action` at `now`. Returns whether the offer became public for the first time
    /// (subscribers are told then, once).
    pub fn apply(&mut self, action: &OfferAction, now: Timestamp) -> Result<bool, &'static str> {
        let next = next_state(self.state, action)?;
        self.state = next;
        self.updated = now;
        match action {
            OfferAction::Reject { reason } => self.rejection = Some(reason.trim().to_string()),
            OfferAction::Approve | OfferAction::Publish { .. } => self.rejection = None,
            OfferAction::Archive | OfferAction::Restore => {}
        }
        let first = next == RecordState::Published && self.published.is_none();
        if first {
            self.published = Some(now);
        }
        Ok(first)
    }

    pub fn is_public(&self) -> bool {
        self.state == RecordState::Published
    }

    /// The main category's code ("gastronomia" for "gastronomia/catering").
    pub fn main_category(&self) -> &str {
        self.category
            .split_once('/')
            .map_or(self.category.as_str(), |(main, _)| main)
    }

    /// "Gastronomia › Catering".
    pub fn category_label(&self) -> String {
        offer_category::path_label(&self.category)
    }

    /// The date used for "newest first" and feeds: first publication, else creation.
    pub fn date(&self) -> Timestamp {
        self.published.unwrap_or(self.created)
    }

    /// The first sentences of the description, up to about `max` characters, cut at a word.
    pub fn summary(&self, max: usize) -> String {
        let text = self.description.split("\n\n").next().unwrap_or("").trim();
        if text.chars().count() <= max {
            return text.to_string();
        }
        let cut: String = text.chars().take(max).collect();
        let at = cut.rfind(' ').unwrap_or(cut.len());
        format!("{}…", cut[..at].trim_end_matches([',', '.', ';', ':']))
    }

    /// The offer as subscriptions, enquiries and feeds see it.
    pub fn listing(&self) -> Listing {
        Listing {
            kind: ListingKind::Offer,
            id: self.id.0,
            slug: self.slug.clone(),
            title: self.title.clone(),
            category: self.category.clone(),
            category_label: self.category_label(),
            summary: self.summary(200),
            published: self.date(),
            organization: Some(self.organization),
            author: self.author,
        }
    }
}

impl Price {
    /// "1 234,50 zł brutto za osobę" or "do negocjacji".
    pub fn text(&self) -> String {
        match self {
            Price::Fixed { gross, unit, .. } => {
                format!("{} brutto {}", format::money(*gross), unit.label())
            }
            Price::Negotiable => "do negocjacji".to_string(),
        }
    }

    /// "1 003,66 zł netto za osobę" when a net price is given.
    pub fn net_text(&self) -> Option<String> {
        match self {
            Price::Fixed {
                net: Some(net),
                unit,
                ..
            } => Some(format!("{} netto {}", format::money(*net), unit.label())),
            _ => None,
        }
    }

    /// The gross price in grosze, for sorting and price ranges.
    pub fn gross(&self) -> Option<i64> {
        match self {
            Price::Fixed { gross, .. } => Some(*gross),
            Price::Negotiable => None,
        }
    }
}

/// Reads an amount of złoty as people type it — "12,50", "12.50", "1 234,5", "45 zł" — into
/// grosze. Refuses negative amounts, more than two decimal places, a mix of "," and "." and
/// amounts above [`MAX_PRICE`].
pub fn parse_zloty(text: &str) -> Result<i64, &'static str> {
    let mut t = text.trim();
    for suffix in ["zł", "ZŁ", "Zł", "zl", "ZL", "PLN", "pln"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.trim_end();
            break;
        }
    }
    let compact: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if compact.is_empty() {
        return Err("Podaj kwotę w złotych, np. 12,50.");
    }
    if compact.starts_with(['-', '−']) {
        return Err("Kwota nie może być ujemna.");
    }
    if compact.contains(',') && compact.contains('.') {
        return Err("Użyj jednego separatora groszy — przecinka albo kropki, np. 1234,50.");
    }
    let (whole, fraction) = match compact.split_once([',', '.']) {
        Some((w, f)) => (w, Some(f)),
        None => (compact.as_str(), None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return Err("Kwotę podaj cyframi, np. 12,50.");
    }
    let fraction = fraction.unwrap_or("");
    if fraction.len() > 2 {
        return Err("Kwota może mieć najwyżej dwa miejsca po przecinku.");
    }
    if whole.len() > 8 {
        return Err("Kwota jest za duża (najwyżej 10 000 000 zł).");
    }
    let zloty: i64 = whole
        .parse()
        .map_err(|_| "Kwotę podaj cyframi, np. 12,50.")?;
    let grosze: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().unwrap_or(0) * 10,
        _ => fraction.parse::<i64>().unwrap_or(0),
    };
    let total = zloty * 100 + grosze;
    if total > MAX_PRICE {
        return Err("Kwota jest za duża (najwyżej 10 000 000 zł).");
    }
    Ok(total)
}

/// Grosze as a form shows them back: 123450 → "1234,50".
pub fn zloty_input(grosze: i64) -> String {
    format!("{},{:02}", grosze / 100, grosze % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordState::{Archived, Draft, Pending, Published};
    use crate::domain::user::{AccountStatus, Role};

    fn offer() -> Offer {
        Offer {
            id: OfferId(7),
            slug: "catering-na-konferencje".into(),
            organization: OrgId(3),
            title: "Catering na konferencje".into(),
            category: "gastronomia/catering".into(),
            description: "Przygotowujemy przerwy kawowe i obiady dla uczestników szkoleń.\n\nDowozimy na miejsce.".into(),
            price: Price::Fixed {
                gross: 4_500,
                net: Some(4_167),
                unit: PriceUnit::Person,
            },
            audience: vec![Audience::City],
            area_served: "Toruń".into(),
            photos: vec![],
            state: Draft,
            published: None,
            rejection: None,
            created: 100,
            updated: 100,
            author: Some(UserId(5)),
            demo: false,
        }
    }

    #[test]
    fn publishing_goes_straight_out_or_through_review() {
        assert_eq!(
            next_state(Draft, &OfferAction::Publish { review: false }),
            Ok(Published)
        );
        assert_eq!(
            next_state(Draft, &OfferAction::Publish { review: true }),
            Ok(Pending)
        );
        for state in [Pending, Published, Archived] {
            assert!(next_state(state, &OfferAction::Publish { review: false }).is_err());
        }
    }

    #[test]
    fn archive_restore_and_moderation_transitions() {
        for state in [Draft, Pending, Published] {
            assert_eq!(next_state(state, &OfferAction::Archive), Ok(Archived));
            assert!(next_state(state, &OfferAction::Restore).is_err());
        }
        assert!(next_state(Archived, &OfferAction::Archive).is_err());
        assert_eq!(next_state(Archived, &OfferAction::Restore), Ok(Draft));
        let reject = OfferAction::Reject {
            reason: "Brak ceny".into(),
        };
        assert_eq!(next_state(Pending, &OfferAction::Approve), Ok(Published));
        assert_eq!(next_state(Pending, &reject), Ok(Draft));
        for state in [Draft, Published, Archived] {
            assert!(next_state(state, &OfferAction::Approve).is_err());
            assert!(next_state(state, &reject).is_err());
        }
    }

    #[test]
    fn only_the_first_publication_counts_and_a_rejection_is_kept_until_then() {
        let mut o = offer();
        assert_eq!(
            o.apply(&OfferAction::Publish { review: true }, 200),
            Ok(false)
        );
        let reject = OfferAction::Reject {
            reason: "  Uzupełnij cenę.  ".into(),
        };
        assert_eq!(o.apply(&reject, 300), Ok(false));
        assert_eq!(o.state, Draft);
        assert_eq!(o.rejection.as_deref(), Some("Uzupełnij cenę."));
        o.apply(&OfferAction::Publish { review: true }, 400)
            .unwrap();
        assert_eq!(o.apply(&OfferAction::Approve, 500), Ok(true));
        assert_eq!((o.published, o.rejection.clone()), (Some(500), None));
        o.apply(&OfferAction::Archive, 600).unwrap();
        o.apply(&OfferAction::Restore, 700).unwrap();
        assert_eq!(
            o.apply(&OfferAction::Publish { review: false }, 800),
            Ok(false)
        );
        assert_eq!((o.published, o.updated), (Some(500), 800));
        let before = o.clone();
        assert!(o.apply(&OfferAction::Approve, 900).is_err());
        assert_eq!(o, before, "a refused action changes nothing");
    }

    #[test]
    fn an_edit_under_premoderation_sends_a_published_offer_back_to_review() {
        assert_eq!(state_after_edit(Published, true), Pending);
        assert_eq!(state_after_edit(Published, false), Published);
        for state in [Draft, Pending, Archived] {
            assert_eq!(state_after_edit(state, true), state);
        }
    }

    #[test]
    fn representatives_manage_only_their_organisations() {
        let mut user = User {
            id: UserId(1),
            email: "a@example.pl".into(),
            name: "A".into(),
            role: Role::Pes,
            status: AccountStatus::Active,
            password_hash: String::new(),
            terms_accepted_at: 0,
            email_verified_at: None,
            organizations: vec![OrgId(3)],
            created: 0,
            updated: 0,
            session_generation: 0,
            deleted: None,
        };
        assert!(may_manage(&user, OrgId(3)));
        assert!(!may_manage(&user, OrgId(4)));
        user.role = Role::Resident;
        assert!(!may_manage(&user, OrgId(3)));
        user.role = Role::Staff;
        assert!(may_manage(&user, OrgId(4)));
    }

    #[test]
    fn prices_parse_the_polish_and_the_dotted_way() {
        assert_eq!(parse_zloty("12,50"), Ok(1_250));
        assert_eq!(parse_zloty("12.50"), Ok(1_250));
        assert_eq!(parse_zloty(" 12,5 "), Ok(1_250));
        assert_eq!(parse_zloty("1 234,56 zł"), Ok(123_456));
        assert_eq!(parse_zloty("1\u{a0}234"), Ok(123_400));
        assert_eq!(parse_zloty("0"), Ok(0));
        assert_eq!(parse_zloty("10000000"), Ok(MAX_PRICE));
        for bad in [
            "",
            "abc",
            "-5",
            "1.234,50",
            "12,345",
            "12,",
            ",5",
            "1e3",
            "10000000,01",
            "999999999",
        ] {
            assert!(parse_zloty(bad).is_err(), "{bad:?}");
        }
        assert_eq!(zloty_input(123_450), "1234,50");
        assert_eq!(zloty_input(5), "0,05");
    }

    #[test]
    fn prices_read_in_polish() {
        let o = offer();
        assert_eq!(o.price.text(), "45,00\u{a0}zł brutto za osobę");
        assert_eq!(
            o.price.net_text().as_deref(),
            Some("41,67\u{a0}zł netto za osobę")
        );
        let big = Price::Fixed {
            gross: 123_450,
            net: None,
            unit: PriceUnit::SquareMetre,
        };
        assert_eq!(big.text(), "1\u{a0}234,50\u{a0}zł brutto za m²");
        assert_eq!(big.net_text(), None);
        assert_eq!(Price::Negotiable.text(), "do negocjacji");
        assert_eq!(Price::Negotiable.gross(), None);
    }

    #[test]
    fn the_listing_carries_the_public_facts() {
        let mut o = offer();
        o.apply(&OfferAction::Publish { review: false }, 1_000)
            .unwrap();
        let listing = o.listing();
        assert_eq!(listing.path(), "/oferty/catering-na-konferencje");
        assert_eq!(listing.category_label, "Gastronomia › Catering");
        assert_eq!(listing.published, 1_000);
        assert_eq!(
            listing.summary,
            "Przygotowujemy przerwy kawowe i obiady dla uczestników szkoleń."
        );
        assert_eq!(o.main_category(), "gastronomia");
        assert!(o.summary(20).ends_with('…'));
    }

    #[test]
    fn vocabularies_round_trip() {
        for unit in PriceUnit::ALL {
            assert_eq!(PriceUnit::from_code(unit.code()), Some(*unit));
        }
        for a in Audience::ALL {
            assert_eq!(Audience::from_code(a.code()), Some(*a));
        }
    }

    #[test]
    fn the_record_survives_the_store_codec() {
        let o = offer();
        let bytes = rmp_serde::to_vec_named(&o).unwrap();
        let back: Offer = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(back, o);
        let negotiable = Offer {
            price: Price::Negotiable,
            ..offer()
        };
        let bytes = rmp_serde::to_vec_named(&negotiable).unwrap();
        assert_eq!(rmp_serde::from_slice::<Offer>(&bytes).unwrap(), negotiable);
    }
}
