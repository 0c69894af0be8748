//! Support institutions (`/wsparcie`, "Mapa wsparcia"): the public bodies, centres and funds
//! that help social economy organisations — OWES, ROPS, PUP, MOPR, the city's NGO office,
//! incubators, loan funds. City staff keep the register; anyone reads it.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::geo::GeoPoint;
use super::user::UserId;
use super::vocabulary::vocabulary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct InstitutionId(pub u64);

vocabulary! {
    /// What kind of institution it is.
    InstitutionType {
        Owes => "owes", "Ośrodek Wsparcia Ekonomii Społecznej (OWES)";
        Rops => "rops", "Regionalny Ośrodek Polityki Społecznej (ROPS)";
        Roefs => "roefs", "Regionalny Ośrodek Europejskiego Funduszu Społecznego (ROEFS)";
        Pup => "pup", "Powiatowy Urząd Pracy (PUP)";
        Mopr => "mopr", "Ośrodek pomocy społecznej (MOPR / OPS)";
        NgoOffice => "biuro-ngo", "Urzędowe biuro ds. organizacji pozarządowych";
        Incubator => "inkubator", "Inkubator";
        Fund => "fundusz", "Fundusz pożyczkowy lub poręczeniowy";
        NgoCentre => "centrum-ngo", "Centrum organizacji pozarządowych";
        Other => "inne", "Inna instytucja";
    }
}

vocabulary! {
    /// What an institution offers organisations (closed codes; anything else goes into
    /// [`Institution::other_services`]).
    Service {
        Advice => "doradztwo", "Doradztwo";
        Training => "szkolenia", "Szkolenia";
        Grants => "dotacje", "Dotacje";
        Loans => "pozyczki", "Pożyczki i poręczenia";
        JobPlacement => "posrednictwo-pracy", "Pośrednictwo pracy";
        Accounting => "ksiegowosc", "Księgowość";
        Premises => "lokal", "Lokal i coworking";
        Advocacy => "rzecznictwo", "Rzecznictwo";
    }
}

/// A support institution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Institution {
    pub id: InstitutionId,
    /// Stable part of the public URL; never changes once given.
    pub slug: String,
    pub name: String,
    pub kind: InstitutionType,
    /// In vocabulary order, no duplicates.
    #[serde(default)]
    pub services: Vec<Service>,
    /// Services outside the closed list, as the institution words them.
    #[serde(default)]
    pub other_services: String,
    #[serde(default)]
    pub description: String,
    /// Street and number.
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub city: String,
    /// Osiedle (free text, as on organisations).
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub geo: Option<GeoPoint>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    /// Opening hours, one line each ("pon.–pt. 8:00–16:00").
    #[serde(default)]
    pub hours: Vec<String>,
    /// Archived institutions leave the public register but are kept for the record.
    #[serde(default)]
    pub archived: bool,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub author: Option<UserId>,
    #[serde(default)]
    pub demo: bool,
}

impl Institution {
    /// The public page.
    pub fn path(&self) -> String {
        format!("/wsparcie/{}", self.slug)
    }

    /// Whether the public sees it (list, page, open data, map).
    pub fn is_public(&self) -> bool {
        !self.archived
    }

    /// The address on one line: "ul. Szeroka 1, 87-100 Toruń".
    pub fn address_line(&self) -> String {
        let place = [self.postal_code.as_str(), self.city.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        [self.street.as_str(), place.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Moves the institution out of the public register; refused when it already is.
    pub fn archive(&mut self) -> Result<(), &'static str> {
        if self.archived {
            return Err("Ta instytucja jest już w archiwum.");
        }
        self.archived = true;
        Ok(())
    }

    /// Brings an archived institution back to the public register.
    pub fn restore(&mut self) -> Result<(), &'static str> {
        if !self.archived {
            return Err("Ta instytucja nie jest w archiwum.");
        }
        self.archived = false;
        Ok(())
    }

    /// Whether it may be deleted for good: only from the archive, so that a record is never
    /// removed from the public register in one careless click.
    pub fn may_delete(&self) -> Result<(), &'static str> {
        if self.archived {
            Ok(())
        } else {
            Err("Przed usunięciem przenieś instytucję do archiwum.")
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A complete public institution for tests (id 1, slug "owes-torun").
    pub(crate) fn sample() -> Institution {
        Institution {
            id: InstitutionId(1),
            slug: "owes-torun".into(),
            name: "OWES Toruń".into(),
            kind: InstitutionType::Owes,
            services: vec![Service::Advice, Service::Grants],
            other_services: String::new(),
            description: "Wsparcie dla przedsiębiorstw społecznych.".into(),
            street: "ul. Szeroka 1".into(),
            postal_code: "87-100".into(),
            city: "Toruń".into(),
            district: "Stare Miasto".into(),
            geo: None,
            phone: None,
            email: None,
            website: None,
            hours: vec![],
            archived: false,
            created: 1,
            updated: 1,
            author: None,
            demo: false,
        }
    }

    #[test]
    fn archive_restore_and_delete_follow_the_rules() {
        let mut i = sample();
        assert!(i.may_delete().is_err(), "a public record is archived first");
        assert!(i.restore().is_err());
        assert!(i.archive().is_ok());
        assert!(!i.is_public());
        assert!(i.archive().is_err());
        assert!(i.may_delete().is_ok());
        assert!(i.restore().is_ok());
        assert!(i.is_public());
    }

    #[test]
    fn the_address_line_skips_empty_parts() {
        let mut i = sample();
        assert_eq!(i.address_line(), "ul. Szeroka 1, 87-100 Toruń");
        i.postal_code.clear();
        assert_eq!(i.address_line(), "ul. Szeroka 1, Toruń");
        i.street.clear();
        assert_eq!(i.address_line(), "Toruń");
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(
            InstitutionType::from_code("biuro-ngo"),
            Some(InstitutionType::NgoOffice)
        );
        assert_eq!(Service::from_code("pozyczki"), Some(Service::Loans));
        assert_eq!(Service::ALL.len(), 8);
        assert_eq!(InstitutionType::ALL.len(), 10);
    }
}
