//! What a person types into the offer form, and how it becomes a record. Everything is text
//! here; `apply` checks it and writes only when there is no error.

use super::offer::{
    Audience, MAX_AREA_CHARS, MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS, MIN_DESCRIPTION_CHARS,
    MIN_TITLE_CHARS, Offer, Price, PriceUnit, parse_zloty, zloty_input,
};
use super::offer_category;
use super::slug::slugify;
use super::validate::FieldErrors;

/// How the price is given: the value of the `price_kind` radio buttons.
pub const PRICE_FIXED: &str = "kwota";
pub const PRICE_NEGOTIABLE: &str = "negocjacje";

/// The form fields, as sent. `audience` holds the codes of ticked checkboxes.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct OfferInput {
    pub title: String,
    pub category: String,
    pub description: String,
    /// [`PRICE_FIXED`] or [`PRICE_NEGOTIABLE`].
    pub price_kind: String,
    pub gross: String,
    pub net: String,
    pub unit: String,
    pub audience: Vec<String>,
    pub area_served: String,
}

impl OfferInput {
    /// The form filled with a record's current values.
    pub fn from_record(offer: &Offer) -> OfferInput {
        let (price_kind, gross, net, unit) = match offer.price {
            Price::Fixed { gross, net, unit } => (
                PRICE_FIXED,
                zloty_input(gross),
                net.map(zloty_input).unwrap_or_default(),
                unit.code().to_string(),
            ),
            Price::Negotiable => (
                PRICE_NEGOTIABLE,
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        OfferInput {
            title: offer.title.clone(),
            category: offer.category.clone(),
            description: offer.description.clone(),
            price_kind: price_kind.to_string(),
            gross,
            net,
            unit,
            audience: offer
                .audience
                .iter()
                .map(|a| a.code().to_string())
                .collect(),
            area_served: offer.area_served.clone(),
        }
    }

    /// Writes the input into `offer` if it is all valid; otherwise returns the errors and
    /// leaves `offer` as it was. A new offer (empty slug) gets a slug from its title; an
    /// existing one keeps its slug, so links stay valid.
    pub fn apply(&self, offer: &mut Offer) -> FieldErrors {
        let mut errors = FieldErrors::default();
        let mut next = offer.clone();

        next.title = self.title.trim().to_string();
        let title_chars = next.title.chars().count();
        if title_chars < MIN_TITLE_CHARS {
            errors.add(
                "title",
                "Podaj nazwę produktu lub usługi (co najmniej 5 znaków).",
            );
        } else if title_chars > MAX_TITLE_CHARS {
            errors.add("title", "Nazwa może mieć najwyżej 120 znaków.");
        } else if slugify(&next.title).is_empty() {
            errors.add("title", "Nazwa musi zawierać litery lub cyfry.");
        }
        if offer.slug.is_empty() {
            next.slug = slugify(&next.title);
        }

        let category = self.category.trim();
        if offer_category::is_leaf(category) {
            next.category = category.to_string();
        } else {
            errors.add("category", "Wybierz kategorię z listy.");
        }

        next.description = self.description.trim().replace("\r\n", "\n");
        let description_chars = next.description.chars().count();
        if description_chars < MIN_DESCRIPTION_CHARS {
            errors.add(
                "description",
                "Opisz, co oferujecie i na jakich warunkach (co najmniej 20 znaków).",
            );
        } else if description_chars > MAX_DESCRIPTION_CHARS {
            errors.add("description", "Opis może mieć najwyżej 5000 znaków.");
        }

        if let Some(price) = self.price(&mut errors) {
            next.price = price;
        }

        next.audience = Audience::ALL
            .iter()
            .copied()
            .filter(|a| self.audience.iter().any(|c| c.trim() == a.code()))
            .collect();
        if next.audience.is_empty() {
            errors.add("audience", "Zaznacz, dla kogo jest oferta.");
        }

        next.area_served = self.area_served.trim().to_string();
        if next.area_served.is_empty() {
            errors.add(
                "area_served",
                "Podaj obszar działania, np. „Toruń i powiat toruński”.",
            );
        } else if next.area_served.chars().count() > MAX_AREA_CHARS {
            errors.add(
                "area_served",
                "Obszar działania może mieć najwyżej 200 znaków.",
            );
        }

        if errors.is_empty() {
            *offer = next;
        }
        errors
    }

    fn price(&self, errors: &mut FieldErrors) -> Option<Price> {
        match self.price_kind.trim() {
            PRICE_NEGOTIABLE => Some(Price::Negotiable),
            PRICE_FIXED => {
                let gross = match parse_zloty(&self.gross) {
                    Ok(0) => {
                        errors.add("gross", "Cena musi być większa od zera.");
                        None
                    }
                    Ok(g) => Some(g),
                    Err(message) => {
                        errors.add("gross", message);
                        None
                    }
                };
                let net = if self.net.trim().is_empty() {
                    Some(None)
                } else {
                    match parse_zloty(&self.net) {
                        Ok(n) if gross.is_some_and(|g| n > g) => {
                            errors.add("net", "Cena netto nie może być wyższa niż brutto.");
                            None
                        }
                        Ok(n) => Some(Some(n)),
                        Err(message) => {
                            errors.add("net", message);
                            None
                        }
                    }
                };
                let unit = PriceUnit::from_code(self.unit.trim());
                if unit.is_none() {
                    errors.add(
                        "unit",
                        "Wybierz, za co jest cena (np. za osobę, za godzinę).",
                    );
                }
                match (gross, net, unit) {
                    (Some(gross), Some(net), Some(unit)) => Some(Price::Fixed { gross, net, unit }),
                    _ => None,
                }
            }
            _ => {
                errors.add(
                    "price_kind",
                    "Wybierz, czy podajesz cenę, czy cena jest do negocjacji.",
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordState;
    use crate::domain::offer::OfferId;
    use crate::domain::organization::OrgId;

    fn blank() -> Offer {
        Offer {
            id: OfferId(0),
            slug: String::new(),
            organization: OrgId(1),
            title: String::new(),
            category: String::new(),
            description: String::new(),
            price: Price::Negotiable,
            audience: vec![],
            area_served: String::new(),
            photos: vec![],
            state: RecordState::Draft,
            published: None,
            rejection: None,
            created: 1,
            updated: 1,
            author: None,
            demo: false,
        }
    }

    fn good() -> OfferInput {
        OfferInput {
            title: "Catering na konferencje i szkolenia".into(),
            category: "gastronomia/catering".into(),
            description: "Przerwy kawowe, obiady i kolacje dla grup od 10 do 200 osób.".into(),
            price_kind: PRICE_FIXED.into(),
            gross: "45,00".into(),
            net: "41.67".into(),
            unit: "za-osobe".into(),
            audience: vec!["pes".into(), "gmina".into(), "nieznany".into()],
            area_served: "Toruń i powiat toruński".into(),
        }
    }

    #[test]
    fn a_valid_form_makes_the_record_and_a_slug() {
        let mut offer = blank();
        assert!(good().apply(&mut offer).is_empty());
        assert_eq!(offer.slug, "catering-na-konferencje-i-szkolenia");
        assert_eq!(
            offer.price,
            Price::Fixed {
                gross: 4_500,
                net: Some(4_167),
                unit: PriceUnit::Person
            }
        );
        assert_eq!(offer.audience, vec![Audience::City, Audience::Pes]);
        let again = OfferInput::from_record(&offer);
        assert_eq!(again.gross, "45,00");
        assert_eq!(again.net, "41,67");
        let mut copy = offer.clone();
        assert!(again.apply(&mut copy).is_empty());
        assert_eq!(copy, offer, "the form round-trips");
    }

    #[test]
    fn an_edit_keeps_the_slug() {
        let mut offer = blank();
        good().apply(&mut offer);
        let input = OfferInput {
            title: "Catering dla urzędów".into(),
            ..good()
        };
        assert!(input.apply(&mut offer).is_empty());
        assert_eq!(offer.slug, "catering-na-konferencje-i-szkolenia");
        assert_eq!(offer.title, "Catering dla urzędów");
    }

    #[test]
    fn errors_name_their_fields_and_leave_the_record_alone() {
        let mut offer = blank();
        let bad = OfferInput {
            title: "Abc".into(),
            category: "gastronomia".into(),
            description: "Krótko".into(),
            price_kind: PRICE_FIXED.into(),
            gross: "12,345".into(),
            net: "x".into(),
            unit: "za-rok".into(),
            audience: vec![],
            area_served: " ".into(),
        };
        let errors = bad.apply(&mut offer);
        for field in [
            "title",
            "category",
            "description",
            "gross",
            "net",
            "unit",
            "audience",
            "area_served",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}");
        }
        assert_eq!(offer, blank());
    }

    #[test]
    fn price_rules() {
        let mut offer = blank();
        let net_above_gross = OfferInput {
            net: "50".into(),
            ..good()
        };
        assert!(!net_above_gross.apply(&mut offer).get("net").is_empty());
        let zero = OfferInput {
            gross: "0".into(),
            ..good()
        };
        assert!(!zero.apply(&mut offer).get("gross").is_empty());
        let no_kind = OfferInput {
            price_kind: String::new(),
            ..good()
        };
        assert!(!no_kind.apply(&mut offer).get("price_kind").is_empty());
        let negotiable = OfferInput {
            price_kind: PRICE_NEGOTIABLE.into(),
            gross: "nie dotyczy".into(),
            unit: String::new(),
            ..good()
        };
        assert!(negotiable.apply(&mut offer).is_empty());
        assert_eq!(offer.price, Price::Negotiable);
        let no_net = OfferInput {
            net: " ".into(),
            ..good()
        };
        assert!(no_net.apply(&mut offer).is_empty());
        assert_eq!(
            offer.price,
            Price::Fixed {
                gross: 4_500,
                net: None,
                unit: PriceUnit::Person
            }
        );
    }
}
